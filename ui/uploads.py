"""Files given through the app: checked, saved under the store's uploads folder, indexed one by one.

The app's uploader and its "index the sample notices" button both go through ``index_files``,
which indexes file by file so that a progress bar can move and each file gets its own line in
the report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ui.formatting import safe_filename

if TYPE_CHECKING:
    from assistant.service import IndexReport

MAX_UPLOAD_MB = 20
"""Largest file accepted, in MB (``check_upload`` says so in Chinese)."""
ACCEPTED_UPLOAD_MB = 100
"""What the upload widget itself lets through: above ``MAX_UPLOAD_MB`` so that our Chinese message,
not the widget's English one, refuses the usual too-large file."""
UPLOAD_TYPES: tuple[str, ...] = (
    *("txt", "md", "docx", "pdf", "html", "htm", "xlsx", "xls", "ofd", "doc", "wps"),
    *("png", "jpg", "jpeg", "tif", "tiff", "bmp"),
)
"""File types the loaders read (the uploader's ``type`` list): text, Word, PDF, HTML, ledgers, OFD, old Word, scans and photos."""

Outcome = Literal["indexed", "unchanged", "skipped", "failed", "rejected"]
"""What happened to one file."""
OUTCOME_LABELS: dict[str, str] = {
    "indexed": "已索引",
    "unchanged": "未变，跳过",
    "skipped": "跳过",
    "failed": "失败",
    "rejected": "未接收",
}
"""How each outcome is named to users."""


@dataclass(frozen=True)
class FileReport:
    """One file's line in the report of an upload or indexing run."""

    name: str
    """The file name (as saved, or as uploaded when rejected)."""
    outcome: Outcome
    """What happened."""
    reason: str = ""
    """Why it was skipped, failed or rejected; for indexed files, what was found."""


@dataclass(frozen=True)
class SavedUploads:
    """The outcome of saving uploaded files."""

    saved: tuple[Path, ...]
    """Where accepted files were written."""
    rejected: tuple[FileReport, ...]
    """Files not saved, with the reason."""


def uploads_dir(store_dir: Path, collection: str) -> Path:
    """The folder a knowledge base's uploaded files are kept in (inside the store folder).

    >>> uploads_dir(Path("store"), "notices-kb-finance").as_posix()
    'store/uploads/notices-kb-finance'
    """
    return store_dir / "uploads" / collection


def check_upload(name: str, size: int, max_mb: int = MAX_UPLOAD_MB) -> str | None:
    """Why an upload is refused, or None when it is accepted.

    >>> check_upload("通报.txt", 10)
    >>> check_upload("通报.exe", 10)
    '不支持的文件类型 .exe（支持 .txt .md .docx .pdf .html .htm .xlsx .xls .ofd .doc .wps .png .jpg .jpeg .tif .tiff .bmp）'
    >>> check_upload("大文件.pdf", 21 * 1024 * 1024)
    '文件过大（21.0 MB），单个文件不能超过 20 MB'
    >>> check_upload("空.txt", 0)
    '文件为空'
    """
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in UPLOAD_TYPES:
        kinds = " ".join(f".{t}" for t in UPLOAD_TYPES)
        return f"不支持的文件类型 .{suffix or '（无扩展名）'}（支持 {kinds}）"
    if size > max_mb * 1024 * 1024:
        return f"文件过大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 {max_mb} MB"
    if size == 0:
        return "文件为空"
    return None


def save_uploads(
    files: Iterable[tuple[str, bytes]], folder: Path, max_mb: int = MAX_UPLOAD_MB
) -> SavedUploads:
    """Check each (name, data) and write the accepted ones to ``folder`` under a sanitized name.

    A file of the same (sanitized) name replaces the earlier one, so uploading a corrected
    version re-indexes it.
    """
    saved: list[Path] = []
    rejected: list[FileReport] = []
    for name, data in files:
        reason = check_upload(name, len(data), max_mb)
        if reason is not None:
            rejected.append(FileReport(name, "rejected", reason))
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / safe_filename(name)
        target.write_bytes(data)
        saved.append(target)
    return SavedUploads(tuple(saved), tuple(rejected))


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files and folders → the readable files they hold, in order (what the indexer would read)."""
    from assistant.service import readable_files

    return readable_files(paths)


def _outcome(name: str, report: IndexReport, before: int) -> FileReport:
    if report.errors:
        return FileReport(name, "failed", "；".join(r for _, r in report.errors))
    if report.skipped:
        return FileReport(name, "skipped", "；".join(r for _, r in report.skipped))
    if report.unchanged:
        return FileReport(name, "unchanged", "已索引且内容未变")
    found = report.notices - before
    detail = f"新增通报 {found} 篇" if found > 0 else "已更新"
    left = "".join(f"；未索引{part.removeprefix(name).strip()}：{why}" for part, why in report.left_out)
    detail += f"，本次嵌入段落 {report.embedded} 个{left}"
    if report.ocr_pages:
        detail += f"；文字识别 {report.ocr_pages} 页"
    doubtful = [f"第{page}页 {conf:.2f}" for _, page, conf in report.low_confidence]
    if doubtful:
        detail += f"（置信度低，请核对原件：{'、'.join(doubtful)}）"
    return FileReport(name, "indexed", detail)


def index_each(
    index: Callable[[Sequence[Path]], IndexReport],
    files: Sequence[Path],
    on_file: Callable[[int, int, str], None] | None = None,
    notices_before: int = 0,
) -> Iterator[tuple[FileReport, IndexReport]]:
    """Index ``files`` one at a time through ``index`` (e.g. ``Assistant.index``), yielding as each is done.

    Args:
        index: Indexes a list of paths and returns its report.
        files: The files, in order.
        on_file: Called as ``on_file(done, total, name)`` before each file and once at the end.
        notices_before: Notices in the index before the run (to tell how many a file added).

    Yields:
        Each file's report line, with the report of its run (totals of the index after it).
    """
    last: IndexReport | None = None
    total = len(files)
    for i, path in enumerate(files):
        if on_file is not None:
            on_file(i, total, path.name)
        before = last.notices if last is not None else notices_before
        last = index([path])
        yield _outcome(path.name, last, before), last
    if on_file is not None:
        on_file(total, total, "")


def index_files(
    index: Callable[[Sequence[Path]], IndexReport],
    files: Sequence[Path],
    on_file: Callable[[int, int, str], None] | None = None,
    notices_before: int = 0,
) -> tuple[list[FileReport], IndexReport | None]:
    """``index_each`` run to the end: one report line per file, and the report of the last run.

    The last report is None when there was nothing to index.
    """
    lines: list[FileReport] = []
    last: IndexReport | None = None
    for line, report in index_each(index, files, on_file, notices_before):
        lines.append(line)
        last = report
    return lines, last


def forget_upload(folder: Path, source: str) -> bool:
    """Delete the uploaded copy of ``source`` in ``folder`` (after it left the index); False if there is none."""
    target = folder / safe_filename(source)
    if target.name != source or not target.is_file():
        return False
    target.unlink()
    return True
