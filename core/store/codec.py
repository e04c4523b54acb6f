"""How the typed records are written into Chroma and read back, exactly.

A ``Notice`` is kept whole as JSON (facts with provenance, problems, text); a ``Chunk`` as a flat
metadata dict (Chroma metadata holds only scalars, so ``heading_path`` is a JSON string and a
missing ``problem`` is simply absent). ``FileRecord`` is the commit record of one source file.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from core.types import Chunk, Fact, Notice, NoticeFacts, Problem

_FACT_SINGLE = (
    "unit",
    "title",
    "level",
    "inspection_body",
    "round",
    "inspection_period",
    "feedback_date",
    "problems",
    "measures",
    "signed",
    "kind",
    "immediate_fixes",
    "clues",
    "people",
    "rules",
    "money",
)
_FACT_MAPS = ("status", "contact")


@dataclass(frozen=True)
class FileRecord:
    """One indexed source file: written last, so its presence is the commit of that file."""

    source: str
    """The file name as given to the indexer (the id of the record)."""
    path: str
    """The resolved absolute path it was read from."""
    sha256: str
    """Hash of the file's bytes when indexed."""
    notice_ids: tuple[str, ...]
    """The notices read from it."""
    chunk_ids: tuple[str, ...]
    """The chunks of those notices."""
    indexed_at: str
    """ISO 8601 time of the commit (UTC)."""
    recipe: str = ""
    """How it was processed (e.g. the chunk budget); a different recipe re-indexes the file."""

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        out = asdict(self)
        out["notice_ids"] = list(self.notice_ids)
        out["chunk_ids"] = list(self.chunk_ids)
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FileRecord:
        """The record back from ``to_json``."""
        return cls(
            source=data["source"],
            path=data["path"],
            sha256=data["sha256"],
            notice_ids=tuple(data["notice_ids"]),
            chunk_ids=tuple(data["chunk_ids"]),
            indexed_at=data["indexed_at"],
            recipe=data.get("recipe", ""),
        )


def fact_to_dict(fact: Fact) -> dict[str, Any]:
    """A fact, nested ``also`` included (same shape as ``Fact.to_json``)."""
    return fact.to_json()


def fact_from_dict(data: dict[str, Any]) -> Fact:
    """The inverse of ``fact_to_dict``."""
    return Fact(
        value=data["value"],
        quote=data["quote"],
        start=data["start"],
        end=data["end"],
        number=data.get("number"),
        detail=dict(data.get("detail") or {}),
        also=tuple(fact_from_dict(a) for a in data.get("also") or ()),
    )


def _facts_to_dict(facts: NoticeFacts) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in _FACT_SINGLE:
        value: Fact | None = getattr(facts, key)
        out[key] = fact_to_dict(value) if value is not None else None
    for key in _FACT_MAPS:
        mapping: dict[str, Fact] = getattr(facts, key)
        out[key] = {k: fact_to_dict(v) for k, v in mapping.items()}
    out["status_note"] = facts.status_note
    return out


def _facts_from_dict(data: dict[str, Any]) -> NoticeFacts:
    kwargs: dict[str, Any] = {}
    for key in _FACT_SINGLE:
        raw = data.get(key)
        kwargs[key] = fact_from_dict(raw) if raw is not None else None
    for key in _FACT_MAPS:
        kwargs[key] = {k: fact_from_dict(v) for k, v in (data.get(key) or {}).items()}
    return NoticeFacts(**kwargs, status_note=data.get("status_note"))


def notice_to_json(notice: Notice) -> str:
    """The whole notice as a JSON string (UTF-8 characters kept)."""
    data = {
        "id": notice.id,
        "unit": notice.unit,
        "title": notice.title,
        "source": notice.source,
        "text": notice.text,
        "search_text": notice.search_text,
        "facts": _facts_to_dict(notice.facts),
        "problems": [p.to_record() for p in notice.problems],
        "ordinal": notice.ordinal,
        "unit_from": notice.unit_from,
        "structure_note": notice.structure_note,
        "source_kind": notice.source_kind,
        "pages": [list(p) for p in notice.pages],
    }
    return json.dumps(data, ensure_ascii=False)


def notice_from_json(raw: str) -> Notice:
    """The inverse of ``notice_to_json``."""
    data = json.loads(raw)
    problems = tuple(Problem.from_record(p) for p in data["problems"])
    return Notice(
        id=data["id"],
        unit=data["unit"],
        title=data["title"],
        source=data["source"],
        text=data["text"],
        search_text=data["search_text"],
        facts=_facts_from_dict(data["facts"]),
        problems=problems,
        ordinal=data["ordinal"],
        unit_from=data["unit_from"],
        structure_note=data.get("structure_note"),
        source_kind=data.get("source_kind") or "通报",
        pages=tuple((int(a), int(b), c) for a, b, c in data.get("pages") or ()),
    )


def chunk_to_metadata(chunk: Chunk) -> dict[str, str | int | float]:
    """The flat metadata of a chunk (everything but ``id``); ``page`` and ``ocr_confidence`` only when known."""
    meta: dict[str, str | int | float] = {
        "notice_id": chunk.notice_id,
        "unit": chunk.unit,
        "title": chunk.title,
        "source": chunk.source,
        "heading_path": json.dumps(list(chunk.heading_path), ensure_ascii=False),
        "text": chunk.text,
        "start": chunk.start,
        "end": chunk.end,
        "ordinal": chunk.ordinal,
    }
    if chunk.problem is not None:
        meta["problem"] = chunk.problem
    if chunk.page is not None:
        meta["page"] = chunk.page
    if chunk.ocr_confidence is not None:
        meta["ocr_confidence"] = float(chunk.ocr_confidence)
    return meta


def chunk_from_metadata(chunk_id: str, meta: Any) -> Chunk:
    """The inverse of ``chunk_to_metadata``."""
    problem, page, confidence = meta.get("problem"), meta.get("page"), meta.get("ocr_confidence")
    return Chunk(
        id=chunk_id,
        notice_id=str(meta["notice_id"]),
        unit=str(meta["unit"]),
        title=str(meta["title"]),
        source=str(meta["source"]),
        heading_path=tuple(json.loads(str(meta["heading_path"]))),
        text=str(meta["text"]),
        start=int(meta["start"]),
        end=int(meta["end"]),
        ordinal=int(meta["ordinal"]),
        problem=int(problem) if problem is not None else None,
        page=int(page) if page is not None else None,
        ocr_confidence=float(confidence) if confidence is not None else None,
    )
