"""Seconds to read an OFD page and to convert a .doc with LibreOffice.

* **OFD**: the sample notices laid out as one OFD file per notice file (GB/T 9704 layout,
  ``tests/ofd_factory.py``), and all of them copied ``--copies`` times into one long file; each
  read by ``index.loaders.load_data`` (ofdkit, then lines and paragraphs rebuilt). Prints
  milliseconds per page (CPU and wall).
* **.doc**: each sample notice written as .docx and converted to Word 97 .doc by LibreOffice
  (setup, not timed); then each .doc converted back to .docx by ``index.convert.to_docx`` (a
  fresh LibreOffice with a fresh profile each time, as indexing does) and read. Prints seconds
  per file (wall: the work is LibreOffice's, in another process).

Usage (from the repository root, about half a minute on two cores)::

    .venv/bin/python -m benchmarks.bench_formats [--copies 10] [--doc-runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.config import SAMPLE_CORPUS
from index.convert import to_docx
from index.guards import FileLimits
from index.loaders import load_data
from tests.ofd_factory import ofd_bytes


def _pages(data: bytes) -> int:
    with zipfile.ZipFile(BytesIO(data)) as zf:
        return sum(1 for n in zf.namelist() if "/Pages/" in n and n.endswith("Content.xml"))


def bench_ofd(copies: int) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLE_CORPUS.glob("*.txt"))]
    files = [ofd_bytes(t) for t in texts] + [ofd_bytes("\n".join(texts * copies))]
    load_data(files[0], Path("warm.ofd"))  # imports
    for n, data in enumerate(files):
        pages = _pages(data)
        cpu, wall = time.process_time(), time.perf_counter()
        load_data(data, Path(f"{n}.ofd"))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        label = "all copied" if n == len(files) - 1 else f"sample {n + 1}"
        print(
            f"OFD {label:>10}: {pages:4d} pages  {1000 * cpu / pages:6.2f} ms CPU/page  {1000 * wall / pages:6.2f} ms wall/page"
        )


def bench_doc(runs: int) -> None:
    import docx

    soffice = shutil.which("soffice")
    if soffice is None:
        print(".doc: LibreOffice (soffice) not installed, skipped")
        return
    import subprocess

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = []
        for n, path in enumerate(sorted(SAMPLE_CORPUS.glob("*.txt"))):
            document = docx.Document()
            for line in path.read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    document.add_paragraph(line)
            document.save(folder / f"{n}.docx")
            subprocess.run(
                [soffice, "--headless", f"-env:UserInstallation={(folder / 'p').as_uri()}", "--convert-to",
                 "doc:MS Word 97", "--outdir", str(folder), str(folder / f"{n}.docx")],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            docs.append((folder / f"{n}.doc").read_bytes())
        seconds = []
        for _ in range(runs):
            for n, data in enumerate(docs):
                started = time.perf_counter()
                converted = to_docx(data, ".doc", FileLimits())
                seconds.append(time.perf_counter() - started)
                load_data(converted, Path(f"{n}.docx"))
        print(
            f".doc → .docx: {len(seconds)} conversions, median {statistics.median(seconds):.2f} s, "
            f"min {min(seconds):.2f} s, max {max(seconds):.2f} s (sizes {min(map(len, docs)):,}–{max(map(len, docs)):,} bytes)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--doc-runs", type=int, default=3)
    args = parser.parse_args()
    bench_ofd(args.copies)
    bench_doc(args.doc_runs)


if __name__ == "__main__":
    main()
