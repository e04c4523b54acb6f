"""The data rows of a ledger sheet grouped into problems: one row each, or a merged problem over its measure rows.

Below the header, a row names a problem when its problem cell is filled. A row whose problem cell
lies in the same merged range as the row above (one problem, several measure rows), or is empty
while other cells are filled (a follow-on measure written without repeating the problem),
belongs to the problem above. A row holding one text only (``一、党的政治建设方面``, often merged
across the sheet) opens a section, used as the 方面 of the problems under it when the sheet has
no category column. Footnotes (``注：…``, ``填表人：…``) and empty rows are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.ledger_columns import HeaderMatch
from index.ledger_sheets import Sheet

_FOOTNOTE_RE = re.compile(
    r"^(?:注|备注|说明|填表人?|制表人?|审核人?|联系人|填报人|负责人|签发人?|单位负责人|填报日期|填表日期)\s*\d*\s*[:：]"
)
MIN_SECTION_CHARS = 2
"""A one-text row shorter than this is not a section heading."""


@dataclass
class Item:
    """One problem of a ledger: its rows and its 方面."""

    rows: list[int]
    """Its sheet rows (0-based), the first one naming the problem."""
    section: str = ""
    """The 方面 it is filed under ('' when the sheet has none)."""


@dataclass
class SheetRows:
    """What the data rows of one sheet hold."""

    items: list[Item] = field(default_factory=list)
    """The problems, in sheet order."""
    sections: list[tuple[int, str]] = field(default_factory=list)
    """Section rows (0-based row, text), in sheet order."""
    data_rows: int = 0
    """Non-empty rows below the header (problems, their follow-on rows, sections, footnotes)."""

    @property
    def problem_rows(self) -> int:
        """Rows below the header that are neither sections nor footnotes: what should be read into problems."""
        return self.data_rows - len(self.sections) - self.notes

    notes: int = 0
    """Footnote rows (``注：…``, ``填表人：…``)."""
    unread: list[int] = field(default_factory=list)
    """Rows below the header that were neither a problem, part of one, a section nor a footnote."""


def _distinct(row: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in row if v))


def group_rows(sheet: Sheet, header: HeaderMatch) -> SheetRows:
    """Group the data rows of ``sheet`` (below ``header``) into problems.

    >>> s = Sheet("表1", [["序号", "问题", "措施"], ["一、学习方面"] * 3, [1, "学习不深", "开会"],
    ...                   [None, None, "再开会"], [2, "制度不全", "建制度"], ["注：本表按月更新"]])
    >>> from index.ledger_columns import find_header
    >>> got = group_rows(s, find_header(s.texts()))
    >>> [(i.rows, i.section) for i in got.items], got.sections, got.data_rows
    ([([2, 3], '一、学习方面'), ([4], '一、学习方面')], [(1, '一、学习方面')], 5)
    """
    texts = sheet.texts()
    roles = header.roles
    col = roles["problem"]
    details = {c for role, c in roles.items() if role in _DETAILS}
    out = SheetRows()
    section = ""
    for r in range(header.last + 1, len(texts)):
        row = texts[r]
        values = _distinct(row)
        if not values:
            continue
        out.data_rows += 1
        problem = row[col] if col < len(row) else ""
        if all(_FOOTNOTE_RE.match(v) for v in values):
            out.notes += 1
            continue
        merged = sheet.merged.get((r, col))
        above = out.items[-1].rows[-1] if out.items else None
        if problem and above is not None and merged is not None and sheet.merged.get((above, col)) == merged:
            out.items[-1].rows.append(r)
            continue
        one = len(values) == 1 and len(values[0]) >= MIN_SECTION_CHARS
        if one and (_spans_row(sheet, r, row) or not (problem or _in(row, details))):
            section = values[0]
            out.sections.append((r, section))
            continue
        if problem:
            category = row[roles["category"]] if "category" in roles and roles["category"] < len(row) else ""
            out.items.append(Item([r], category or section))
        elif out.items:
            out.items[-1].rows.append(r)
        else:
            out.unread.append(r)
    return out


_DETAILS = frozenset({"measures", "leader", "office", "deadline", "status", "note"})
"""Roles of the cells that say something about a problem (a row filling only these follows one)."""


def _in(row: list[str], columns: set[int]) -> bool:
    """Whether any filled cell of ``row`` is in ``columns``."""
    return any(v and c in columns for c, v in enumerate(row))


def _spans_row(sheet: Sheet, r: int, row: list[str]) -> bool:
    """Whether row ``r``'s one text fills several of its cells (a merged heading), not one problem cell."""
    filled = [c for c, v in enumerate(row) if v]
    return len(filled) > 1 and len({sheet.merged.get((r, c)) for c in filled}) == 1
