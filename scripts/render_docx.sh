#!/usr/bin/env bash
# Render .docx files to PNG pages (LibreOffice headless → PDF → pdftoppm), to look at an export.
#   bash scripts/render_docx.sh OUT_DIR FILE.docx...
# Needs (Debian): libreoffice-writer-nogui poppler-utils fonts-noto-cjk fonts-arphic-ukai.
# The fonts GB/T 9704 names (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体) are rarely installed;
# scripts/gongwen-fonts.conf maps them to installed stand-ins for the rendering only.
set -euo pipefail
out="$1"; shift
mkdir -p "$out"
here="$(cd "$(dirname "$0")" && pwd)"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
for doc in "$@"; do
  FONTCONFIG_FILE="$here/gongwen-fonts.conf" soffice --headless "-env:UserInstallation=file://$profile" \
    --convert-to pdf --outdir "$out" "$doc" >/dev/null
  pdf="$out/$(basename "${doc%.*}").pdf"
  pdftoppm -png -r 80 "$pdf" "${pdf%.pdf}"
done
ls "$out"
