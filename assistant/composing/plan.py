"""The plan of a draft: what to draft, on which problem, for which unit, in which form.

``plan`` turns a request (with the optional ``--unit`` and ``--kind``) into a ``DraftPlan``: the
kind (``problem``: a paragraph on one problem; ``notice``: a whole notice skeleton;
``rewrite``: rough text → official register), the form within it (a 整改情况 paragraph, a 整改措施
list, 整改成效, 下一步打算), the problem types (``topics``), the user's unit verbatim and its field,
the user's facts, and what the format instructions ask (label, numbering, item count, length,
required specifics). The request is read by ``request.read_request``; nothing of its wording
but the problem phrase, the unit and the facts ever reaches a draft.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from assistant.composing.fields import field_of
from assistant.composing.request import Form, Reading, read_request
from assistant.composing.topics import Topic, find_topics
from core.types import Hit

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory

DraftKind = Literal["problem", "notice", "rewrite"]
"""What is drafted: one problem's 整改情况 paragraph, a whole notice skeleton, or a rewrite."""
DRAFT_KINDS: tuple[DraftKind, ...] = ("problem", "notice", "rewrite")
KIND_LABELS: dict[DraftKind, str] = {
    "problem": "单个问题的整改情况",
    "notice": "整篇通报框架",
    "rewrite": "改写润色",
}
"""How each kind is named to users (the app's picker, the command line's help)."""
FORM_WORDS: dict[Form, str] = {
    "situation": "单个问题的“整改情况”段落（以“整改情况：”领起，一是、二是……分条写整改措施，再写整改成效和下一步）",
    "measures": "单个问题的“整改措施”（以“整改措施：”领起，一是、二是……分条写）",
    "results": "单个问题的“整改成效”段落（只写取得的成效，不写措施）",
    "next": "“下一步工作打算”段落（一是、二是……分条写巩固整改成果、建立长效机制的打算）",
    "notice": "整篇整改情况通报框架（标题、导语、一、整改工作组织情况，二、整改落实情况，三、下一步工作打算，公开监督内容，落款和日期）",
    "rewrite": "把用户草稿改写为规范公文表述",
}
"""How each form is named to the model (the ``kind`` variable of ``draft.user``)."""
LABELS: dict[Form, str] = {"situation": "整改情况", "measures": "整改措施", "results": "整改成效"}
"""The lead label of each paragraph form when the request names none."""

Search = Callable[[str, int], Sequence[Hit]]
"""Retrieval across all units: query and how many passages → hits, best first."""


@dataclass(frozen=True)
class DraftPlan:
    """What one request asks to have drafted."""

    instruction: str
    """The request, verbatim."""
    kind: DraftKind
    """What is drafted."""
    form: Form
    """The form within the kind (a ``problem`` draft is situation, measures, results or next)."""
    topics: tuple[Topic, ...]
    """Problem types named in the request (may be empty)."""
    phrase: str
    """The problem as the user put it ('' when not said), e.g. 意识形态工作责任制落实不到位."""
    text: str
    """For ``rewrite``: the user's rough text."""
    unit: str
    """The user's unit exactly as given, or '' when not given."""
    indexed_unit: str = ""
    """The index's name of that unit ('' when the index does not have it): its notices are left out."""
    field: str = ""
    """The unit's field of work (``fields``), '' when unknown."""
    facts: tuple[str, ...] = ()
    """What the user says was done: content of the draft, verbatim."""
    points: tuple[str, ...] = ()
    """Content the user wants covered."""
    required: tuple[str, ...] = ()
    """Specifics asked for (``requirements`` names)."""
    label: str = ""
    """The lead label of the paragraph (整改情况, 整改措施, 整改成效, 下一步工作打算)."""
    template: bool = False
    """The request gave a format template: the draft is exactly that paragraph."""
    numbered: bool = False
    """Items numbered 1. 2. 3. on their own lines."""
    items: int = 4
    """How many items (measures, next steps) to write."""
    exact: bool = False
    """The request named the number of items (三条即可, 一是……二是……三是……): no more, no fewer."""
    level: Literal["巡察", "巡视"] = "巡察"
    """The inspection spoken of."""
    instructions: tuple[str, ...] = ()
    """The request's format and requirement clauses: never content."""

    @property
    def query(self) -> str:
        """The retrieval query for exemplars: the topic words and the problem phrase."""
        words = [w for t in self.topics for w in t.words[:2]]
        base = " ".join(dict.fromkeys([*words, self.phrase] if self.phrase else words))
        return f"{base} 整改措施 一是 二是".strip() if base else "巡察整改 整改措施 一是 二是"

    @property
    def title(self) -> str:
        """The draft's title: the notice's, or the problem's for a paragraph."""
        unit = self.unit or "【单位名称】"
        if self.kind == "notice":
            progress = "进展" if "进展" in self.instruction else ""
            return f"{unit}关于{self.level}整改{progress}情况的通报"
        if self.kind == "rewrite":
            return f"{self.unit}整改情况（改写稿）" if self.unit else "整改情况（改写稿）"
        part = {"measures": "整改措施", "results": "整改成效", "next": "下一步工作打算"}.get(
            self.form, "整改情况"
        )
        phrase = self.phrase.replace("“", "‘").replace("”", "’")  # quotes inside quotes
        problem = f"关于“{phrase}”问题的" if phrase else ""
        own = self.unit or ""
        return f"{own}{problem}{part}" if problem or own else f"{self.level}整改{part}"


def _items(reading: Reading, form: Form) -> int:
    if reading.count:
        return reading.count
    if reading.size == "brief" or 0 < reading.length <= 250:
        return 3
    if reading.size == "detailed" or reading.length >= 450:
        return 6 if form in ("situation", "measures") else 4
    return 4 if form in ("situation", "measures") else 3


def plan(
    instruction: str,
    unit: str | None = None,
    kind: DraftKind | None = None,
    directory: UnitDirectory | None = None,
) -> DraftPlan:
    """Read a request (with the optional ``--unit`` and ``--kind``) into the plan of its draft.

    Args:
        instruction: What the user asked, verbatim.
        unit: The user's unit as they write it (overrides a unit named in the request).
        kind: Overrides the kind read from the request.
        directory: The units of the index (to know the user's own notices, left out of exemplars).

    Returns:
        The plan.

    >>> p = plan("为青崖镇党委起草公务接待管理不规范问题的整改情况，我们已清退超标准接待费用3200元")
    >>> p.unit, p.field, p.phrase, p.facts, [t.name for t in p.topics]
    ('青崖镇党委', '乡镇', '公务接待管理不规范', ('清退超标准接待费用3200元',), ['中央八项规定'])
    """
    reading = read_request(instruction)
    named = (unit or "").strip() or reading.unit
    form: Form = reading.form
    if kind in ("notice", "rewrite"):
        form = kind
    elif kind == "problem" and form in ("notice", "rewrite"):
        form = "situation"
    resolved_kind: DraftKind = "notice" if form == "notice" else "rewrite" if form == "rewrite" else "problem"
    text = reading.text or (instruction.strip() if form == "rewrite" else "")
    topics = find_topics(text if form == "rewrite" else " ".join([instruction, *reading.points]))
    indexed = ""
    if directory is not None and named:
        found = directory.resolve(named)
        indexed = found.units[0] if len(found.units) == 1 else ""
    label = reading.label or LABELS.get(form, "")
    if form == "next":
        label = "下一步工作打算" if "工作打算" in instruction else "下一步打算"
    return DraftPlan(
        instruction=instruction,
        kind=resolved_kind,
        form=form,
        topics=topics,
        phrase=reading.phrase,
        text=text,
        unit=named,
        indexed_unit=indexed,
        field=field_of(named),
        facts=reading.facts,
        points=reading.points,
        required=reading.required,
        label=label,
        template=reading.template,
        numbered=reading.numbered,
        items=_items(reading, form),
        exact=reading.count > 0,
        level=reading.level,
        instructions=reading.instructions,
    )


def given_texts(plan: DraftPlan) -> list[str]:
    """What the user gave: facts in these may appear in a draft as written (never the instructions)."""
    return [x for x in (plan.unit, plan.phrase, plan.text, *plan.facts, *plan.points) if x]
