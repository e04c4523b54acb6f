"""What an indexing run reports and how it decides a file needs indexing again.

``IndexReport`` is the record ``build_index`` returns (and ``index --json`` prints); the timer
adds up seconds per stage; the recipe names how a file was processed, so a file indexed by other
code or with another chunk budget is processed again even when its bytes are unchanged.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.config import Settings
    from index.ocr import Page

PIPELINE_VERSION = "1"
"""Bump when the record layout changes; code changes are caught by ``code_version``."""
STAGES = ("load", "clean", "split", "chunk", "embed", "store", "keyword", "replica")
"""The timed stages, in order."""


@dataclass(frozen=True)
class IndexReport:
    """What one indexing run did."""

    files_read: int
    """Files indexed in this run (new or changed)."""
    skipped: tuple[tuple[str, str], ...]
    """Files not indexed, with the reason (unreadable, empty, no notice found, missing)."""
    unchanged: int
    """Files skipped because they are indexed already, unchanged."""
    removed: int
    """Files pruned because they vanished from an indexed folder."""
    notices: int
    """Notices in the index after the run."""
    chunks: int
    """Chunks in the index after the run."""
    embedded: int
    """Chunks embedded in this run (the rest were in the store already)."""
    chars: int
    """Characters of cleaned text processed in this run."""
    seconds: float
    """Wall time of the run."""
    stage_seconds: dict[str, float] = field(default_factory=dict)
    """Seconds per stage (``STAGES``)."""
    errors: tuple[tuple[str, str], ...] = ()
    """Files that failed while being indexed, with the error; their previous version stays."""
    interrupted: bool = False
    """The run was stopped (Ctrl-C) before every file was done; the files done are indexed."""
    pending: int = 0
    """Files the run did not reach because it was interrupted."""
    left_out: tuple[tuple[str, str], ...] = ()
    """Parts of indexed files not indexed, with the reason (``台账.xlsx 工作表“说明”``, why)."""
    ocr_pages: int = 0
    """Pages read by text recognition in this run (scanned PDF pages, images)."""
    low_confidence: tuple[tuple[str, int, float], ...] = ()
    """Recognized pages to check by eye: ``(source, page, confidence)`` below ``Settings.ocr_min_confidence``."""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (pairs become ``{"source", "reason"}`` objects)."""
        out = asdict(self)
        out["skipped"] = [{"source": s, "reason": r} for s, r in self.skipped]
        out["errors"] = [{"source": s, "reason": r} for s, r in self.errors]
        out["left_out"] = [{"source": s, "reason": r} for s, r in self.left_out]
        out["low_confidence"] = [{"source": s, "page": p, "confidence": c} for s, p, c in self.low_confidence]
        out["seconds"] = round(self.seconds, 3)
        out["stage_seconds"] = {k: round(v, 3) for k, v in self.stage_seconds.items()}
        return out


def low_confidence(pages: Iterable[tuple[str, Page]], threshold: float) -> tuple[tuple[str, int, float], ...]:
    """The recognized pages (with their files) whose confidence is below ``threshold``.

    >>> from index.ocr import Page
    >>> low_confidence([("a.pdf", Page(1, 0, 9, True, 0.95)), ("a.pdf", Page(2, 10, 20, True, 0.62))], 0.8)
    (('a.pdf', 2, 0.62),)
    """
    return tuple(
        (source, p.number, p.confidence)
        for source, p in pages
        if p.ocr and p.confidence is not None and p.confidence < threshold
    )


def low_confidence_lines(report: IndexReport) -> list[str]:
    """One line per doubtful recognized page, for people to check the file against its text.

    >>> r = IndexReport(1, (), 0, 0, 1, 3, 3, 900, 1.0, low_confidence=(("a.pdf", 2, 0.62),))
    >>> low_confidence_lines(r)
    ['a.pdf 第2页：文字识别置信度 0.62，请核对原件']
    """
    return [
        f"{source} 第{page}页：文字识别置信度 {conf:.2f}，请核对原件"
        for source, page, conf in report.low_confidence
    ]


class StageTimer:
    """Seconds per stage of one run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    def add(self, stage: str, started: float) -> float:
        """Add the time since ``started`` to ``stage``; returns now (the next stage's start)."""
        now = time.perf_counter()
        self.seconds[stage] += now - started
        return now

    def merge(self, seconds: dict[str, float]) -> None:
        """Add seconds measured elsewhere (the parse worker's stages)."""
        for stage, value in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + value


CORE_DIR = Path(__file__).resolve().parent.parent / "core"


def code_files() -> list[Path]:
    """The modules whose code decides what a file becomes in the index."""
    return sorted(Path(__file__).resolve().parent.glob("*.py")) + sorted(CORE_DIR.glob("*.py"))


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the code that turns a file into notices and chunks: every module of ``index/`` and of ``core/``.

    ``core`` holds what shapes stored text besides ``index`` (normalizing, token counting, the
    records of ``core.types`` that build ``Chunk.search_text``); its ``store`` subpackage only
    writes what these made, so it is left out.

    Computed once per process, so it names the code actually running, not files edited since.

    A file indexed by other code is re-parsed on the next run even when its bytes are unchanged, so a
    fix to cleaning, splitting, facts or chunking reaches every notice; unchanged chunks keep their
    content-hash ids and are not embedded again.
    """
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def recipe(settings: Settings) -> str:
    """How files are processed now: record version, code hash and chunk budget."""
    return f"v{PIPELINE_VERSION};code={code_version()};chunk_tokens={settings.chunk_tokens}"
