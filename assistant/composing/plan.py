"""Reading a drafting instruction into a plan: what to draft, on which topic, for which unit.

``plan`` reads the instruction: the kind (``problem``: the 整改情况 paragraph of one problem;
``notice``: a whole notice skeleton; ``rewrite``: rough text → official register), the topic
(意识形态, 选人用人, …), the problem phrase and the details the user gave. ``exemplars`` picks the
passages of other units to learn the wording from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from core.normalize import compact, to_search
from core.types import Hit
from core.unitnames import ORG_SUFFIXES, alternation

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory

DraftKind = Literal["problem", "notice", "rewrite"]
"""What is drafted: one problem's 整改情况 paragraph, a whole notice skeleton, or a rewrite."""
DRAFT_KINDS: tuple[DraftKind, ...] = ("problem", "notice", "rewrite")
KIND_WORDS: dict[DraftKind, str] = {
    "problem": "单个问题的整改情况段落（问题表述、整改措施、整改成效、下一步）",
    "notice": "整篇整改情况通报框架",
    "rewrite": "把用户草稿改写为规范公文表述",
}
"""How each kind is named to the model (the ``kind`` variable of ``draft.user``)."""
KIND_LABELS: dict[DraftKind, str] = {
    "problem": "单个问题的整改情况",
    "notice": "整篇通报框架",
    "rewrite": "改写润色",
}
"""How each kind is named to users (the app's picker, the command line's help)."""

Search = Callable[[str, int], Sequence[Hit]]
"""Retrieval across all units: query and how many passages → hits, best first."""


@dataclass(frozen=True)
class Topic:
    """A kind of problem that notices of many units share."""

    name: str
    """The usual name, e.g. 选人用人."""
    words: tuple[str, ...]
    """Words that mark it in an instruction or a passage (simplified)."""


TOPICS: tuple[Topic, ...] = (
    Topic("意识形态", ("意识形态",)),
    Topic("第一议题", ("第一议题", "理论学习中心组")),
    Topic("选人用人", ("选人用人", "选拔任用", "干部任免", "干部档案")),
    Topic("三重一大", ("三重一大", "集体决策", "民主集中制")),
    Topic("中央八项规定", ("八项规定", "公务接待", "公务用车", "四风", "津补贴")),
    Topic("财务管理", ("财务管理", "财务报销", "经费管理", "资金管理", "报销", "票据", "财务制度")),
    Topic("政府采购", ("政府采购", "采购")),
    Topic("三会一课", ("三会一课", "组织生活", "主题党日")),
    Topic("党风廉政", ("党风廉政", "廉政风险", "一岗双责", "廉洁")),
    Topic("主体责任", ("主体责任", "全面从严治党", "两个责任")),
    Topic("基层党建", ("基层党建", "基层党组织", "党支部", "党员教育", "党费")),
    Topic("作风建设", ("作风建设", "形式主义", "官僚主义", "作风")),
    Topic("干部队伍", ("干部队伍", "年轻干部", "交流轮岗", "干部培养", "干部教育")),
    Topic("巡察整改", ("巡察整改", "巡视整改", "整改责任")),
)
"""The topics recognized in instructions; extend by adding rows."""

_KIND_RE: tuple[tuple[DraftKind, re.Pattern[str]], ...] = (
    ("rewrite", re.compile(r"润色|改写|规范表述|修改.{0,6}(?:文字|表述|草稿)|改成.{0,4}公文|公文语言")),
    ("notice", re.compile(r"框架|全文|整篇|通报稿|一篇|整份|提纲|模板")),
    ("problem", re.compile(r"起草|草拟|拟写|撰写|写")),
)
_REQUEST_RE = re.compile(
    r"^(?:请|麻烦|帮忙|帮我|帮|给|为|替)+|(?:起草|草拟|拟写|撰写|写出|写|生成|准备)(?:一下|一段|一份|一篇)?|"
    r"(?:的|一段)?整改(?:落实)?情况(?:的)?(?:段落|材料|部分|说明)?|以下问题的?|如下问题的?|"
    r"(?:我们|我|本)单位的?|[。.!！?？]"
)
_FOR_UNIT_RE = re.compile(
    rf"^(?:请|麻烦)?(?:为|给|替|帮)(?:我们)?([\u4e00-\u9fff]{{2,24}}?(?:{alternation(ORG_SUFFIXES)}))"
    r"(?=起草|草拟|拟写|撰写|写)"
)
"""``为某县某局起草…``: the unit the draft is for, named in the instruction."""
_LEAD_RE = re.compile(r"^(?:关于|针对|对于|就)")
_OWN_RE = re.compile(r"^(?:我们|我单位|我局|我委|我办|本单位)")
_CLAUSE_RE = re.compile(r"[，,；;：:\n]")
_TEXT_AFTER_RE = re.compile(r"[:：]\s*(.+)$", re.DOTALL)
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class DraftPlan:
    """What one instruction asks to have drafted."""

    instruction: str
    """The instruction, verbatim."""
    kind: DraftKind
    """What is drafted."""
    topics: tuple[Topic, ...]
    """Topics named in the instruction (may be empty)."""
    phrase: str
    """The problem as the user put it ('' when not said), e.g. 意识形态工作责任制落实不到位."""
    text: str
    """For ``rewrite``: the user's rough text."""
    unit: str
    """The user's unit (full name when the index knows it), or '' when not given."""
    details: tuple[str, ...] = ()
    """What the user says was done (clauses after the problem), quoted verbatim in drafts."""

    @property
    def query(self) -> str:
        """The retrieval query for exemplars: the topic words and the problem phrase."""
        words = [w for t in self.topics for w in t.words[:2]]
        base = " ".join(dict.fromkeys([*words, self.phrase] if self.phrase else words))
        return f"{base} 整改措施 一是 二是".strip() if base else "巡察整改 整改措施 一是 二是"


def detect_kind(instruction: str) -> DraftKind:
    """The kind of draft an instruction asks for (a paragraph for one problem unless said otherwise).

    >>> [detect_kind(s) for s in ("起草意识形态问题的整改情况", "给一个整改通报框架", "把这段话润色一下：开了会")]
    ['problem', 'notice', 'rewrite']
    """
    s = to_search(instruction)
    for kind, pattern in _KIND_RE:
        if pattern.search(s):
            return kind
    return "problem"


def find_topics(text: str) -> tuple[Topic, ...]:
    """The topics ``text`` names, in table order.

    >>> [t.name for t in find_topics("起草“三重一大”决策制度执行不严的整改情况")]
    ['三重一大']
    """
    s = compact(text)
    return tuple(t for t in TOPICS if any(w in s for w in t.words))


def _clauses(instruction: str, unit_spans: Sequence[tuple[int, int]]) -> list[str]:
    """The instruction's clauses with request words and unit names removed (empty ones dropped)."""
    text = instruction
    merged: list[list[int]] = []
    for start, end in sorted(unit_spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    for start, end in reversed(merged):
        text = text[:start] + " " + text[end:]
    out = []
    for part in _CLAUSE_RE.split(text):
        cleaned = _LEAD_RE.sub("", _SPACE_RE.sub("", _REQUEST_RE.sub(" ", part)).strip("的，,、:： "))
        if len(cleaned) >= 2:
            out.append(cleaned)
    return out


def problem_phrase(instruction: str, unit_spans: Sequence[tuple[int, int]] = ()) -> str:
    """The problem as the instruction states it (its first clause), request words and unit names removed.

    >>> problem_phrase("请起草关于意识形态工作责任制落实不到位问题的整改情况段落")
    '意识形态工作责任制落实不到位问题'
    >>> problem_phrase("帮市财政局写一段整改情况：公务接待管理不规范，已修订办法", [(1, 5)])
    '公务接待管理不规范'
    """
    clauses = _clauses(instruction, unit_spans)
    return clauses[0].removesuffix("的") if clauses else ""


def user_details(instruction: str, unit_spans: Sequence[tuple[int, int]] = ()) -> tuple[str, ...]:
    """What the user says was done (the clauses after the problem), kept verbatim in drafts.

    >>> user_details("起草财务报销问题的整改情况，我们已修订报销办法，开展了专项检查")
    ('已修订报销办法', '开展了专项检查')
    """
    return tuple(_OWN_RE.sub("", c) for c in _clauses(instruction, unit_spans)[1:])


def plan(
    instruction: str,
    unit: str | None = None,
    kind: DraftKind | None = None,
    directory: UnitDirectory | None = None,
) -> DraftPlan:
    """Read an instruction (with the optional ``--unit`` and ``--kind``).

    Args:
        instruction: What the user asked, verbatim.
        unit: The user's unit, any usual form; the index's full name is used when it knows it.
        kind: Overrides the kind detected from the instruction.
        directory: The units of the index (to name the user's unit and strip unit names).

    Returns:
        The plan.
    """
    spans: list[tuple[int, int]] = []
    named = ""
    if directory is not None:
        match = directory.resolve(instruction)
        spans = [(m.start, m.end) for m in match.mentions]
        if unit is None and len(match.units) == 1:
            named = match.units[0]
    if (m := _FOR_UNIT_RE.search(instruction)) is not None:
        spans.append(m.span(1))
        named = named or m.group(1)
    if unit:
        found = directory.resolve(unit) if directory is not None else None
        named = found.units[0] if found is not None and len(found.units) == 1 else unit.strip()
    kind = kind or detect_kind(instruction)
    after = _TEXT_AFTER_RE.search(instruction)
    text = after.group(1).strip() if kind == "rewrite" and after else instruction.strip()
    phrase = problem_phrase(instruction, spans) if kind == "problem" else ""
    details = user_details(instruction, spans) if kind == "problem" else ()
    topics = find_topics(text if kind == "rewrite" else instruction)
    return DraftPlan(instruction, kind, topics, phrase, text, named, details)


def exemplars(plan: DraftPlan, search: Search, k: int) -> list[Hit]:
    """Exemplar passages for ``plan``: retrieved across all units, the user's own unit left out.

    Passages naming one of the plan's topics come first; the rest keep their retrieval order.
    """
    hits = [h for h in search(plan.query, max(k * 3, 12)) if not plan.unit or h.chunk.unit != plan.unit]
    words = [w for t in plan.topics for w in t.words]

    def on_topic(hit: Hit) -> bool:
        s = compact(hit.chunk.heading + hit.chunk.text)
        return any(w in s for w in words) or (bool(plan.phrase) and plan.phrase[:4] in s)

    ranked = sorted(hits, key=lambda h: not on_topic(h)) if words or plan.phrase else hits
    return ranked[:k]


def given_texts(plan: DraftPlan) -> list[str]:
    """What the user gave: facts in these may appear in a draft as written."""
    return [x for x in (plan.instruction, plan.unit, plan.text) if x]
