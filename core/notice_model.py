"""The notice model: the facts a notice states and its numbered problems, each with provenance.

Everything here is read from the notice as it states it: unknown is ``None``, never guessed.
Offsets are into ``Notice.text`` (the display text; its simplified form has the same length).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUS_KEYS: tuple[str, ...] = ("已完成", "基本完成", "初步成效", "正在推进", "长期坚持", "未完成")
"""The status keys, in display order: done, mostly done, first results, under way, ongoing, not done."""

FACT_KEYS: tuple[str, ...] = (
    "level",
    "inspection_body",
    "inspection_period",
    "feedback_date",
    "problems",
    "measures",
    "status",
    "signed",
    "contact",
    "round",
    "kind",
    "immediate_fixes",
    "clues",
    "people",
    "rules",
    "money",
    "status_note",
    "structure_note",
)
"""The keys of ``facts`` in the ``notices --json`` and ``summarize --json`` contracts, in order."""


@dataclass(frozen=True)
class Fact:
    """One statement read from a notice, with where it was read."""

    value: str
    """The normalized value, in simplified characters (e.g. ``市委第五巡察组``, ``2021年3月3日``)."""
    quote: str
    """The exact text of the notice the value was read from (display text, original characters)."""
    start: int
    """Offset of ``quote`` in ``Notice.text``."""
    end: int
    """End offset (exclusive) of ``quote`` in ``Notice.text``."""
    number: int | None = None
    """The count the fact states, where it is a count (problems 17, measures 125, status 5)."""
    detail: dict[str, int | str] = field(default_factory=dict)
    """Extra structured parts, e.g. ``{"aspects": 6}`` for 6个方面17个问题."""
    also: tuple[Fact, ...] = ()
    """Other statements of the same fact in the same notice that disagree with this one."""

    def to_json(self) -> dict[str, Any]:
        """The contract shape of one fact."""
        return {
            "value": self.value,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "number": self.number,
            "detail": dict(self.detail),
            "also": [a.to_json() for a in self.also],
        }


@dataclass(frozen=True)
class NoticeFacts:
    """The inspection facts of one notice. Unknown is ``None``, never guessed."""

    unit: Fact | None = None
    """The unit that issued the notice (full name, simplified)."""
    title: Fact | None = None
    """The notice title line."""
    level: Fact | None = None
    """巡视 or 巡察."""
    inspection_body: Fact | None = None
    """The inspecting group, e.g. 市委第五巡察组 or 省委第三巡视组."""
    round: Fact | None = None
    """The round, e.g. 十三届市委第十二轮."""
    inspection_period: Fact | None = None
    """When the inspection ran, e.g. 2020年11月12日至2021年1月12日."""
    feedback_date: Fact | None = None
    """When the inspection group fed back its findings."""
    problems: Fact | None = None
    """Problem count as stated (``number`` = problems, ``detail['aspects']`` = 方面)."""
    measures: Fact | None = None
    """Number of rectification measures as stated."""
    status: dict[str, Fact] = field(default_factory=dict)
    """Status counts as stated, keyed by 已完成 / 正在推进 / 长期坚持 / 基本完成 / 未完成."""
    signed: Fact | None = None
    """The signature date of the notice."""
    contact: dict[str, Fact] = field(default_factory=dict)
    """Public contact, keyed by phone / email / address / mailbox."""
    kind: Fact | None = None
    """The kind of inspection: 常规 / 专项 / 机动 / 巡察"回头看" / 巡视"回头看" / 延伸巡察."""
    immediate_fixes: Fact | None = None
    """How many problems were fixed at once (立行立改)."""
    clues: Fact | None = None
    """Problem leads (问题线索) handed over or dealt with, as a count."""
    people: Fact | None = None
    """People dealt with (处理, 问责, 处分, 谈话提醒…), as a count."""
    rules: Fact | None = None
    """Rules made or revised (建立/修订制度), as a count."""
    money: Fact | None = None
    """Money recovered or refunded (追回/退还/挽回…资金), as written with its unit."""
    status_note: str | None = None
    """Where the stated status counts do not add up to the stated total, one sentence saying so."""

    def to_json(self) -> dict[str, Any]:
        """The ``facts`` object of the CLI contract (keys of ``FACT_KEYS``)."""
        out: dict[str, Any] = {}
        for key in FACT_KEYS:
            if key.endswith("_note"):
                out[key] = getattr(self, key, None)
                continue
            value = getattr(self, key)
            if isinstance(value, dict):
                out[key] = {k: v.to_json() for k, v in value.items()} or None
            else:
                out[key] = value.to_json() if value is not None else None
        return out


@dataclass(frozen=True)
class Span:
    """A piece of the notice: its text as written and where it is."""

    text: str
    """The text as written (display text)."""
    start: int
    """Offset in ``Notice.text``."""
    end: int
    """End offset (exclusive)."""

    def to_json(self) -> dict[str, Any]:
        """``{"text", "start", "end"}``."""
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Span:
        """The inverse of ``to_json``."""
        return cls(data["text"], data["start"], data["end"])


@dataclass(frozen=True)
class LedgerRow:
    """Where a problem of a rectification ledger (整改台账, a spreadsheet) was read."""

    sheet: str
    """The worksheet's name."""
    first: int
    """The first spreadsheet row of the problem (1-based, as the spreadsheet numbers it)."""
    last: int
    """The last row (a problem whose cell is merged over several measure rows spans them)."""
    cells: dict[str, str] = field(default_factory=dict)
    """The cell each part was read from, by column role (``{"status": "F7", "deadline": "E7"}``)."""
    due: str | None = None
    """The time limit as an ISO date (the last day it allows), or None where it names no date (立行立改, 长期)."""
    leader: str = ""
    """The responsible leader or person as written (责任领导, 责任人), or ''."""

    def cell(self, role: str) -> str:
        """The reference of the cell of ``role`` with its sheet (``Sheet1!F7``), or '' when there is none.

        >>> LedgerRow("Sheet1", 7, 7, {"status": "F7"}).cell("status"), LedgerRow("台账", 3, 3).cell("status")
        ('Sheet1!F7', '')
        """
        ref = self.cells.get(role)
        return f"{self.sheet}!{ref}" if ref else ""

    def to_json(self) -> dict[str, Any]:
        """``{"sheet", "first", "last", "cells", "due", "leader"}``."""
        return {
            "sheet": self.sheet,
            "first": self.first,
            "last": self.last,
            "cells": dict(self.cells),
            "due": self.due,
            "leader": self.leader,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LedgerRow:
        """The inverse of ``to_json``."""
        return cls(
            data["sheet"], data["first"], data["last"], dict(data.get("cells") or {}), data.get("due"),
            data.get("leader") or "",
        )  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One numbered problem of a notice, in the notice's own hierarchy, as the notice states it."""

    heading: str
    """The problem heading as written (display text, numbering marker removed)."""
    path: tuple[str, ...]
    """Headings above it, outermost first (e.g. the 方面 heading)."""
    start: int
    """Offset of the problem block in ``Notice.text``."""
    end: int
    """End offset (exclusive) of the problem block."""
    status: str | None = None
    """A key of ``STATUS_KEYS``, or None where the notice does not say."""
    status_quote: str | None = None
    """The words the status was read from."""
    measures: tuple[str, ...] = ()
    """The measures (一是/二是/… or numbered) in order, as written."""
    number: str = ""
    """The numbering path as written, outermost first (``二、（三）2.``); '' for an unnumbered problem."""
    statement: str = ""
    """The problem as stated, without wrappers (``关于…问题的整改情况`` → the problem itself)."""
    items: tuple[Problem, ...] = ()
    """Sub-problems the notice quotes under this number, in order."""
    measure_spans: tuple[Span, ...] = ()
    """The measures with their offsets (same order as ``measures``)."""
    results: tuple[Span, ...] = ()
    """What the notice reports as achieved (整改成效, 已…), with offsets."""
    deadline: Span | None = None
    """The time limit as stated (整改时限：…, …前完成), or None."""
    responsible: Span | None = None
    """The responsible office or person as stated (责任单位：…, 牵头领导：…), or None."""
    row: LedgerRow | None = None
    """Where a ledger's problem was read (sheet, rows, cells); None for a notice's problem."""

    def leaves(self) -> tuple[Problem, ...]:
        """The problems at the finest level the notice numbers: the items, else this problem."""
        return tuple(leaf for item in self.items for leaf in item.leaves()) if self.items else (self,)

    def to_json(self) -> dict[str, Any]:
        """The item shape of ``notices --json`` problems (sub-problems under ``items``)."""
        return {
            "heading": self.heading,
            "status": self.status,
            "number": self.number,
            "statement": self.statement,
            "status_quote": self.status_quote,
            "start": self.start,
            "end": self.end,
            "path": list(self.path),
            "measures": [m.to_json() for m in self.measure_spans]
            or [{"text": m, "start": None, "end": None} for m in self.measures],
            "results": [r.to_json() for r in self.results],
            "deadline": self.deadline.to_json() if self.deadline else None,
            "responsible": self.responsible.to_json() if self.responsible else None,
            "items": [i.to_json() for i in self.items],
        } | ({"row": self.row.to_json()} if self.row is not None else {})

    def to_record(self) -> dict[str, Any]:
        """Everything, for the store (``from_record`` reads it back)."""
        out = self.to_json()
        out["measures"] = list(self.measures)
        out["measure_spans"] = [m.to_json() for m in self.measure_spans]
        out["items"] = [i.to_record() for i in self.items]
        return out

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> Problem:
        """The inverse of ``to_record`` (older records without the newer keys read too)."""

        def span(raw: dict[str, Any] | None) -> Span | None:
            return Span.from_json(raw) if raw else None

        return cls(
            heading=data["heading"],
            path=tuple(data.get("path") or ()),
            start=data["start"],
            end=data["end"],
            status=data.get("status"),
            status_quote=data.get("status_quote"),
            measures=tuple(data.get("measures") or ()),
            number=data.get("number") or "",
            statement=data.get("statement") or "",
            items=tuple(cls.from_record(i) for i in data.get("items") or ()),
            measure_spans=tuple(Span.from_json(m) for m in data.get("measure_spans") or ()),
            results=tuple(Span.from_json(r) for r in data.get("results") or ()),
            deadline=span(data.get("deadline")),
            responsible=span(data.get("responsible")),
            row=LedgerRow.from_json(data["row"]) if data.get("row") else None,
        )
