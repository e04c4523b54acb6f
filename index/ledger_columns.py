"""The columns of a rectification ledger (整改台账), recognised by their header words.

Offices lay out their ledgers in many ways: 序号 or 编号, 问题 or 反馈问题 or 存在问题, 整改措施 or
整改举措, 责任部门 or 责任单位 or 牵头部门, a title row above the header, a header of two rows under
a merged group heading (``责任主体`` over ``责任领导`` and ``责任部门``). ``VOCABULARY`` is the one
list of header words per column role; ``score`` rates one header cell against it, and
``find_header`` picks the header row (or pair of rows) among the first rows of a sheet whose cells
name the most roles, a problem column among them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.normalize import compact

ROLES: tuple[str, ...] = (
    "number", "category", "problem", "measures", "leader", "office", "deadline", "status", "note",
)  # fmt: skip
"""The column roles, in the order a ledger usually has them."""

VOCABULARY: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "问题序号", "问题编号", "序"),
    "category": (
        "问题类别", "问题类型", "问题分类", "问题方面", "所属方面", "方面", "类别", "类型", "板块", "问题所属方面",
        "反馈问题类别", "问题领域",
    ),
    "problem": (
        "问题", "反馈问题", "存在问题", "问题描述", "巡察反馈问题", "巡视反馈问题", "具体问题", "问题表现", "主要问题",
        "问题内容", "发现问题", "问题清单", "反馈意见", "巡察发现问题", "巡视发现问题", "问题具体表现",
    ),
    "measures": ("整改措施", "整改举措", "具体措施", "措施", "整改任务", "具体整改措施", "整改措施及要求", "整改目标和措施"),
    "leader": ("责任领导", "责任人", "牵头领导", "分管领导", "具体责任人", "责任领导人", "主要责任人", "牵头责任人"),
    "office": (
        "责任部门", "责任单位", "牵头部门", "牵头单位", "责任科室", "责任处室", "责任股室", "承办部门", "责任主体",
        "牵头科室", "责任部门单位",
    ),
    "deadline": ("整改时限", "完成时限", "整改期限", "完成时间", "整改时间", "时限", "期限", "计划完成时间", "完成期限"),
    "status": (
        "完成情况", "整改状态", "整改进展", "是否完成", "整改进度", "进展情况", "完成状态", "整改情况", "是否整改到位",
        "整改结果", "整改完成情况", "是否完成整改", "目前进展", "进度",
    ),
    "note": ("备注", "说明"),
}  # fmt: skip
"""Header words of each role (simplified, compact). Written once: header reading uses nothing else."""

ROLE_LABELS: dict[str, str] = {
    "number": "序号", "category": "问题类别", "problem": "问题", "measures": "整改措施", "leader": "责任领导",
    "office": "责任部门", "deadline": "整改时限", "status": "完成情况", "note": "备注",
}  # fmt: skip
"""How each role is named in reports and answers."""

MAX_HEADER_CHARS = 16
"""A cell longer than this (once compact) is data or a title, never a header."""
MIN_SCORE = 0.4
"""Least share of a header cell a vocabulary word must cover for the cell to name its role."""
SCAN_ROWS = 20
"""Rows searched for the header (a title, a unit line and a date line may come first)."""

_NOISE_RE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]|[\s:：*＊、/／]")


@dataclass(frozen=True)
class HeaderMatch:
    """The header of a sheet: where it is and which column plays which role."""

    first: int
    """Index (0-based) of the header's first row in the rows given."""
    last: int
    """Index of its last row (``first + 1`` for a two-row header)."""
    roles: dict[str, int]
    """Column index of each role recognised."""
    labels: dict[int, str]
    """The header text of every column that has one (as written, white space folded)."""

    @property
    def rows(self) -> int:
        """How many rows the header takes."""
        return self.last - self.first + 1


def _clean(cell: str) -> str:
    r"""A header cell as compared: compact, simplified, without bracketed notes and separators.

    >>> _clean("责任单位\n（部门）"), _clean("整改时限*")
    ('责任单位', '整改时限')
    """
    return _NOISE_RE.sub("", compact(cell))


def score(cell: str) -> tuple[str, float] | None:
    """The role a header cell names and how surely (share of the cell the vocabulary word covers).

    >>> score("责任单位（部门）"), score("问题类别"), score("巡察反馈问题"), score("中共某局党组巡察整改台账")
    (('office', 1.0), ('category', 1.0), ('problem', 1.0), None)
    >>> score("整改完成时限")
    ('deadline', 0.6666666666666666)
    """
    text = _clean(cell)
    if not text or len(text) > MAX_HEADER_CHARS:
        return None
    best: tuple[str, float] | None = None
    for role, words in VOCABULARY.items():
        for word in words:
            if word in text:
                share = len(word) / len(text)
                if share >= MIN_SCORE and (best is None or share > best[1]):
                    best = (role, share)
    return best


def _assign(cells: Sequence[Sequence[str]]) -> tuple[dict[str, int], float]:
    """Roles of the columns, each role to its best-scoring column; and the total score.

    ``cells[i]`` holds the candidate header texts of column ``i`` (the lower row's cell, the
    upper row's, the two joined); the best of them speaks for the column, the lower row's on a tie
    (``责任主体`` over ``责任领导``: the lower row says which).
    """
    best: dict[str, tuple[int, float]] = {}
    for i, candidates in enumerate(cells):
        found = [s for c in candidates if c and (s := score(c)) is not None]
        if not found:
            continue
        role, share = max(found, key=lambda rs: rs[1])
        if role not in best or share > best[role][1]:
            best[role] = (i, share)
    return {role: i for role, (i, _) in best.items()}, sum(s for _, s in best.values())


def _label(*parts: str) -> str:
    """A column's header as shown: its lowest non-empty header cell, white space folded."""
    seen = [" ".join(x.split()) for x in parts]
    return next((p for p in reversed(seen) if p), "")


def find_header(rows: Sequence[Sequence[str]]) -> HeaderMatch | None:
    """The header of a sheet given as rows of cell texts (merged cells filled in), or None.

    The header is the row, or pair of adjacent rows, among the first ``SCAN_ROWS`` whose cells
    name the most roles (a problem column required); a pair is taken only when it names more
    roles than either of its rows. Cells of a merged title fill a whole row but are too long to
    be header words, so a title row never wins.

    >>> h = find_header([["某局巡察整改台账"] * 4, ["序号", "存在问题", "整改举措", "责任单位"], ["1", "a", "b", "c"]])
    >>> (h.first, h.last, h.roles)
    (1, 1, {'number': 0, 'problem': 1, 'measures': 2, 'office': 3})
    """
    best: HeaderMatch | None = None
    best_key: tuple[int, float] = (0, 0.0)
    top = list(rows[:SCAN_ROWS])
    for i, row in enumerate(top):
        single, single_score = _assign([[c] for c in row])
        candidates = [(i, i, single, single_score)]
        if i + 1 < len(top):
            lower = top[i + 1]
            width = max(len(row), len(lower))
            pair_cells = [[_at(lower, j), _at(row, j), _at(row, j) + _at(lower, j)] for j in range(width)]
            pair, pair_score = _assign(pair_cells)
            lower_roles, _ = _assign([[c] for c in lower])
            if len(pair) > max(len(single), len(lower_roles)):
                candidates.append((i, i + 1, pair, pair_score))
        for first, last, roles, total in candidates:
            if "problem" not in roles:
                continue
            key = (len(roles), total)
            if key > best_key:
                labels = {
                    j: _label(*(_at(top[r], j) for r in range(first, last + 1)))
                    for j in range(max(len(top[r]) for r in range(first, last + 1)))
                }
                best = HeaderMatch(first, last, roles, {j: t for j, t in labels.items() if t})
                best_key = key
    return best


def _at(row: Sequence[str], j: int) -> str:
    return row[j] if j < len(row) else ""
