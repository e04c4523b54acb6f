"""Text recognition: seconds per page and character accuracy, on clean scans and on photos.

The fictional sample notices (``data/sample``) are laid out on A4 pages at 150 dpi with a CJK font
(``tests/scan_factory.py``: centred title, indented paragraphs), and each page is recognized as it
is (a clean scan) and as a phone photo of it (turned 1.2°, blurred, unevenly lit, noisy), the way
``index.ocr`` reads a scanned PDF page or an image file: PP-OCR, then lines and paragraphs rebuilt
from the boxes (``index.ocr_layout``).

Character accuracy of a page is ``1 - edit distance / length`` between the printed lines of the
page and the recognized text, both without white space and line breaks (so paragraph rebuilding
is not counted, only characters: misread, missing or extra). It prints, per kind of page, wall and
CPU seconds per page (onnxruntime uses every core, so CPU seconds exceed wall seconds), the mean
and the worst page accuracy and and the mean recognition confidence, and which page was read worst, then the mean accuracy per notice.

Usage (from the repository root, a few minutes on two cores)::

    .venv/bin/python -m benchmarks.bench_ocr [--notices 5] [--pages 0]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz.distance import Levenshtein

from core.config import SAMPLE_CORPUS
from index import ocr
from tests import scan_factory as sf


def accuracy(reference: str, read: str) -> float:
    """``1 - edit distance / length`` of two texts compared without white space.

    >>> accuracy("整改 完成\\n", "整改完戍")
    0.75
    """
    ref, got = "".join(reference.split()), "".join(read.split())
    return 1 - Levenshtein.distance(ref, got) / max(len(ref), 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--notices", type=int, default=5, help="sample notices to render (files, in name order)"
    )
    parser.add_argument("--pages", type=int, default=0, help="at most this many pages per notice (0: all)")
    args = parser.parse_args(argv)

    files = sorted(p for p in SAMPLE_CORPUS.iterdir() if p.suffix in (".txt", ".md"))[: args.notices]
    started = time.perf_counter()
    engine = ocr.engine()
    print(f"模型加载 {time.perf_counter() - started:.2f} 秒；字体 {sf.font_path()}")
    rows: dict[str, list[tuple[float, float, float, float, str, str]]] = {"clean": [], "photo": []}
    for path in files:
        text = path.read_text(encoding="utf-8")
        lines, images = sf.page_lines(text), sf.pages(text)
        count = len(images) if args.pages <= 0 else min(args.pages, len(images))
        for n in range(count):
            reference = "".join(lines[n])
            for kind, image in (("clean", images[n]), ("photo", sf.photo(images[n], seed=n))):
                wall, cpu = time.perf_counter(), time.process_time()
                read, confidence = ocr.recognize(image, engine)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                rows[kind].append(
                    (
                        wall,
                        cpu,
                        accuracy(reference, read),
                        confidence or 0.0,
                        f"{path.name} 第{n + 1}页",
                        read,
                    )
                )
    print(f"{len(files)} 篇通报，{len(rows['clean'])} 页（A4，150 dpi，正文 30 像素）")
    print(
        f"{'页面':<6}{'页数':>4}{'秒/页':>8}{'CPU秒/页':>10}{'平均准确率':>10}{'最差页':>8}{'平均置信度':>10}"
    )
    for kind, label in (("clean", "扫描"), ("photo", "照片")):
        data = rows[kind]
        if not data:
            continue
        worst = min(data, key=lambda r: r[2])
        print(
            f"{label:<6}{len(data):>5}{statistics.mean(r[0] for r in data):>9.2f}"
            f"{statistics.mean(r[1] for r in data):>11.2f}{statistics.mean(r[2] for r in data):>13.4f}"
            f"{worst[2]:>10.4f}{statistics.mean(r[3] for r in data):>12.4f}   最差：{worst[4]}"
        )
    print("按通报（平均准确率 扫描 / 照片）：")
    for path in files:
        per = [
            statistics.mean(r[2] for r in rows[kind] if r[4].startswith(path.name + " "))
            for kind in ("clean", "photo")
        ]
        print(f"  {path.name}: {per[0]:.4f} / {per[1]:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
