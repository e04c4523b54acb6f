"""The domain records shared by indexing and querying.

Every record is a frozen dataclass; functions pass these, never bare dicts. The JSON shapes
of the CLI contract are produced by the ``to_json`` methods here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from core.notice_model import (  # noqa: F401 (re-exported: one namespace for every domain record)
    FACT_KEYS,
    STATUS_KEYS,
    Fact,
    LedgerRow,
    NoticeFacts,
    Problem,
    Span,
)

Mode = Literal["llm", "extractive"]
"""Which implementation answered: an OpenAI-compatible model, or extraction from passages."""

Level = Literal["巡视", "巡察"]
"""巡视 is the provincial/central inspection, 巡察 the city/county one."""

SourceKind = Literal["通报", "台账"]
"""What a record was read from: a rectification notice (通报), or a rectification ledger (整改台账,
a spreadsheet of problems, measures, responsible office, time limit and status)."""


def ocr_note(page: int | None, confidence: float | None) -> str:
    """The mark of a passage read by text recognition; '' for one read from a text layer.

    >>> ocr_note(3, 0.9134), ocr_note(None, 0.8), ocr_note(2, None)
    ('（文字识别，第3页，置信度0.91）', '（文字识别，置信度0.80）', '')
    """
    if confidence is None:
        return ""
    where = f"第{page}页，" if page is not None else ""
    return f"（文字识别，{where}置信度{confidence:.2f}）"


@dataclass(frozen=True)
class Notice:
    """One rectification notice (a file may hold many)."""

    id: str
    """Stable id: hash of source and the notice's own text."""
    unit: str
    """The unit that issued it (full name, simplified characters); '' only if nothing names it."""
    title: str
    """Title line as written, or '' for an untitled fragment."""
    source: str
    """The file it came from (as given to ``index``)."""
    text: str
    """Cleaned display text, original characters (traditional stays traditional)."""
    search_text: str
    """``text`` converted to simplified characters; same length, so offsets are shared."""
    facts: NoticeFacts = field(default_factory=NoticeFacts)
    """The inspection facts."""
    problems: tuple[Problem, ...] = ()
    """The numbered problems in order."""
    ordinal: int = 0
    """Position of the notice in its file, from 0."""
    unit_from: Literal["title", "signature", "body", "none"] = "none"
    """Where ``unit`` was read."""
    structure_note: str | None = None
    """Where the stated problem count and the numbered list differ, one sentence saying so."""
    source_kind: SourceKind = "通报"
    """通报 for a notice; 台账 for a ledger sheet (its text is the rows as read, its facts computed from them)."""
    pages: tuple[tuple[int, int, float | None], ...] = ()
    """Where the file's pages start in ``text``: ``(offset, page, recognition confidence or None)``
    in text order (PDFs and images; confidence only for pages read by text recognition)."""

    def page_at(self, offset: int) -> tuple[int | None, float | None]:
        """The page holding ``text[offset]`` and its recognition confidence, when known.

        >>> n = Notice("n", "某局", "通报", "a.pdf", "甲乙丙", "甲乙丙", pages=((0, 1, None), (2, 2, 0.9)))
        >>> n.page_at(1), n.page_at(2), Notice("n", "", "", "a.txt", "", "").page_at(0)
        ((1, None), (2, 0.9), (None, None))
        """
        found: tuple[int | None, float | None] = (None, None)
        for start, page, confidence in self.pages:
            if start > offset:
                break
            found = (page, confidence)
        return found

    def to_json(self) -> dict[str, Any]:
        """The item shape of ``notices --json``."""
        return {
            "id": self.id,
            "source_kind": self.source_kind,
            "unit": self.unit,
            "title": self.title,
            "source": self.source,
            "facts": self.facts.to_json() | {"structure_note": self.structure_note},
            "problems": [p.to_json() for p in self.problems],
        }


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage of one notice."""

    id: str
    """Content hash of (notice id, heading path, text)."""
    notice_id: str
    """The notice it belongs to."""
    unit: str
    """The notice's unit."""
    title: str
    """The notice's title."""
    source: str
    """The notice's file."""
    heading_path: tuple[str, ...]
    """Headings above the passage, outermost first."""
    text: str
    """The passage as displayed and quoted (original characters)."""
    start: int
    """Offset of ``text`` in ``Notice.text``."""
    end: int
    """End offset (exclusive) of ``text`` in ``Notice.text``."""
    ordinal: int = 0
    """Position of the chunk in its notice."""
    problem: int | None = None
    """Index into ``Notice.problems`` when the passage lies inside one numbered problem."""
    page: int | None = None
    """The page of the file the passage starts on (PDFs and images), 1-based."""
    ocr_confidence: float | None = None
    """When the passage was read by text recognition: its page's confidence (mean box score, 0–1)."""

    @property
    def ocr_note(self) -> str:
        """How the passage was read, when by text recognition (``（文字识别，第3页，置信度0.91）``), else ''."""
        return ocr_note(self.page, self.ocr_confidence)

    @property
    def heading(self) -> str:
        """The heading path joined for display."""
        return " > ".join(self.heading_path)

    @property
    def search_text(self) -> str:
        """What is embedded and keyword-indexed: title, unit and heading path, then the text."""
        from core.normalize import to_search

        head = " | ".join(x for x in (self.title, self.unit, self.heading) if x)
        return to_search(f"{head}\n{self.text}")


@dataclass(frozen=True)
class Hit:
    """A chunk returned by retrieval."""

    chunk: Chunk
    """The passage."""
    score: float
    """The fused score (higher is better)."""
    rank: int = 0
    """1-based rank in the result list."""
    parts: dict[str, float] = field(default_factory=dict)
    """Component scores, e.g. ``{"keyword": .., "dense": ..}``."""

    def to_json(self) -> dict[str, Any]:
        """The item shape of ``retrieve --json``."""
        c = self.chunk
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "notice_id": c.notice_id,
            "unit": c.unit,
            "title": c.title,
            "source": c.source,
            "heading": c.heading,
            "text": c.text,
        }


@dataclass(frozen=True)
class Citation:
    """A numbered source passage an answer, draft or summary relies on."""

    n: int
    """The number used as ``[n]`` in the text."""
    notice_id: str
    """The notice quoted."""
    unit: str
    """Its unit."""
    title: str
    """Its title."""
    source: str
    """Its file."""
    text: str
    """The quoted passage (or the exact span relied on)."""
    heading: str = ""
    """The heading path of the passage."""
    chunk_id: str = ""
    """The chunk quoted, when the citation is a chunk."""
    score: float | None = None
    """Retrieval score, when the citation came from retrieval."""
    quote: str = ""
    """The exact span inside ``text`` the claim rests on, for highlighting ('' if the whole passage)."""
    page: int | None = None
    """The page of the file the passage starts on, when known."""
    ocr_confidence: float | None = None
    """The page's text-recognition confidence, when the passage was read from a scan or photo."""

    @property
    def ocr_note(self) -> str:
        """How the passage was read, when by text recognition, else '' (see ``ocr_note``)."""
        return ocr_note(self.page, self.ocr_confidence)

    def to_json(self) -> dict[str, Any]:
        """The item shape of ``citations`` in the CLI contracts."""
        return {
            "n": self.n,
            "notice_id": self.notice_id,
            "unit": self.unit,
            "title": self.title,
            "source": self.source,
            "text": self.text,
        }


@dataclass(frozen=True)
class TokenUsage:
    """Tokens one model request used, as the endpoint reported them (None: not reported)."""

    prompt_tokens: int | None = None
    """Tokens of the messages sent."""
    completion_tokens: int | None = None
    """Tokens of the reply."""

    def __add__(self, other: TokenUsage) -> TokenUsage:
        """Both requests' tokens (a side neither reported stays None).

        >>> TokenUsage(10, 2) + TokenUsage(5, None)
        TokenUsage(prompt_tokens=15, completion_tokens=2)
        """

        def add(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        return TokenUsage(
            add(self.prompt_tokens, other.prompt_tokens), add(self.completion_tokens, other.completion_tokens)
        )

    def to_json(self) -> dict[str, int | None]:
        """The ``usage`` shape of ``ask --json``."""
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens}


@dataclass(frozen=True)
class Answer:
    """The reply to a question."""

    text: str
    """The answer with ``[n]`` markers."""
    refused: bool
    """True when the notices do not contain the answer (text is the refusal sentence)."""
    mode: Mode
    """Who answered."""
    citations: tuple[Citation, ...] = ()
    """The passages cited, numbered as in ``text``."""
    hits: tuple[Hit, ...] = ()
    """What retrieval returned (for display and evaluation)."""
    warnings: tuple[str, ...] = ()
    """Visible notices: ambiguous unit, endpoint fallback, flagged claims."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per stage, e.g. ``{"retrieve": .., "generate": ..}``."""
    model: str | None = None
    """The chat model of the assistant (also when its reply was not used); None in extractive mode."""
    usage: TokenUsage | None = None
    """Tokens of the model requests of this answer; None when no model was asked."""

    def to_json(self) -> dict[str, Any]:
        """The shape of ``ask --json``: timings in seconds per stage, usage as the endpoint reported it."""
        return {
            "answer": self.text,
            "refused": self.refused,
            "mode": self.mode,
            "model": self.model,
            "citations": [c.to_json() for c in self.citations],
            "warnings": list(self.warnings),
            "timings": {stage: round(seconds, 4) for stage, seconds in self.timings.items()},
            "usage": self.usage.to_json() if self.usage is not None else None,
        }


@dataclass(frozen=True)
class Draft:
    """Drafted rectification wording."""

    text: str
    """The draft, with 【占位】 placeholders for facts the user did not give."""
    mode: Mode
    """Who drafted."""
    citations: tuple[Citation, ...] = ()
    """The exemplar passages the draft rests on."""
    placeholders: tuple[str, ...] = ()
    """Every placeholder used in ``text``, in order of first use (e.g. ``【日期】``)."""
    warnings: tuple[str, ...] = ()
    """Visible notices (the mode, fallback, generic lines): shown beside the draft, never in it."""
    title: str = ""
    """The title (the notice's, or the problem's for a paragraph), never part of ``text``."""

    def to_json(self) -> dict[str, Any]:
        """The shape of ``draft --json``."""
        return {
            "title": self.title,
            "draft": self.text,
            "citations": [c.to_json() for c in self.citations],
            "mode": self.mode,
            "placeholders": list(self.placeholders),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class ProblemSummary:
    """One problem line of a unit summary."""

    heading: str
    """The problem heading."""
    status: str | None
    """Its status, or None where the notice does not say."""
    measures: tuple[str, ...]
    """Its key measures."""
    citations: tuple[int, ...]
    """Numbers of the citations it rests on."""


@dataclass(frozen=True)
class Summary:
    """A unit's rectification, over all its notices."""

    unit: str
    """The unit, full name."""
    notice_ids: tuple[str, ...]
    """The notices summarized."""
    facts: NoticeFacts
    """The facts card (from the unit's notices; the first notice wins, others kept in ``also``)."""
    problems: tuple[ProblemSummary, ...]
    """The problem list with status and key measures."""
    text: str
    """The narrative summary with ``[n]`` markers."""
    mode: Mode
    """Who wrote ``text``."""
    citations: tuple[Citation, ...] = ()
    """Every passage the summary cites."""
    warnings: tuple[str, ...] = ()
    """Visible notices."""

    def to_json(self) -> dict[str, Any]:
        """The shape of ``summarize --json``."""
        return {
            "unit": self.unit,
            "notices": list(self.notice_ids),
            "facts": self.facts.to_json(),
            "problems": [
                {
                    "heading": p.heading,
                    "status": p.status,
                    "measures": list(p.measures),
                    "citations": list(p.citations),
                }
                for p in self.problems
            ],
            "summary": self.text,
            "citations": [c.to_json() for c in self.citations],
            "mode": self.mode,
            "warnings": list(self.warnings),
        }
