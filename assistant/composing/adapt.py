"""Making another unit's sentence fit the user's unit: its facts out, the user's unit in.

``Adapter.adapt`` takes a measure (or result, or plan) sentence of an exemplar and:

1. marks where the exemplar names its own unit (to be written as the user's), drops the sentence
   when it rests on another field's objects, and turns another field's people into the general
   words (``fields.generalize``: 全体民警 → 全体干部职工);
2. replaces every specific (dates, figures, documents, groups, people, places, other units →
   【相关单位】) with a placeholder (``placeholders.scrub``), keeping what the user gave;
3. writes the exemplar unit's own name as the user's unit (given → verbatim; not given →
   【单位名称】), and its short subject (厅党组, 集团党委…) as the user's (局党组, 镇党委…);
4. keeps the sentence only when enough of it is left besides placeholders.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.composing.fields import generalize
from assistant.composing.placeholders import UNIT, scrub
from assistant.composing.plan import DraftPlan, given_texts
from assistant.composing.specifics import unit_places
from core.normalize import compact
from core.phrases import PLACEHOLDER_RE

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory

OTHER_UNIT = "【相关单位】"
"""Another unit named in an exemplar (not the user's: that one is the user's name or 【单位名称】)."""
_OWN = "【本单位】"
"""Where the exemplar named itself, until the user's unit is written in."""
_PARTY = r"(?:机关党委|党工委|党总支|党支部|党组|党委)"
_SUBJECT_RE = re.compile(
    r"(?:集团公司|集团|公司|中心|总医院|医院|学院|学校|中学|小学|工会|[局厅院校办部所站社镇乡])(党组|党委|党工委)"
)
"""The exemplar unit's own party body named short (厅党组, 集团党委); never a branch (党支部, 机关党委)."""
_TARGET_SUBJECT_RE = re.compile(
    rf"(集团|公司|中心|医院|学院|学校|中学|小学|工会|委员会|[局厅院校办部所站社镇乡委会])?({_PARTY})?$"
)
_OWN_RE = re.compile(rf"{re.escape(_OWN)}({_PARTY})?")
_BODY_RE = re.compile(rf"^(?:中共|中国共产党)|{_PARTY}$")
_REPEAT_RE = re.compile(r"(【[^【】]{1,12}】)(?:[、和及与]?\1)+")
_PRONOUN_RE = re.compile(r"我(?:局|委|院|厅|办|镇|乡|中心|集团|公司|会|校|部)")
"""How an exemplar unit calls itself (我局…): the user's unit calls itself by its own office."""
_NAMED_RE = re.compile(r"【(?:姓名|地名)】")
_PLACED_OFFICE_RE = re.compile(
    r"(?<![\u4e00-\u9fff])[省市县区](?=[局厅委院](?:网站|机关|领导|班子|各))|(?<=[在由对经])[省市县区](?=[局厅](?!长))"
)
"""The level written before a short office name (市局网站): another unit's level, left out."""
_OWN_OFFICE_RE = re.compile(r"(?<=成立)[部局委厅院办](?=巡察|巡视|整改)")
"""The exemplar's own office in front of a body it set up (成立部巡察整改工作领导小组)."""
"""A person or a place: a sentence naming one is another unit's own story."""


def subject_of(unit: str) -> str:
    """How a unit's party body is called in its own notice's sentences (局党组, 镇党委…).

    >>> subject_of("某某区市场监督管理局党组"), subject_of("青崖镇党委"), subject_of("石桥区总工会党组")
    ('局党组', '镇党委', '工会党组')
    >>> subject_of("梧桐市统计局"), subject_of("")
    ('局党组', '党组')
    """
    m = _TARGET_SUBJECT_RE.search(unit)
    org = (m.group(1) or "") if m else ""
    party = (m.group(2) or "") if m else ""
    org = "委" if org == "委员会" else org
    return f"{org}{party or ('党委' if org in ('镇', '乡', '医院', '学院', '学校') else '党组')}"


_HALF = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"})


def full_width(text: str) -> str:
    """Chinese punctuation where a notice wrote the half-width marks between Chinese words.

    >>> full_width("细化方案,规范程序(试行);完善制度")
    '细化方案，规范程序（试行）；完善制度'
    """
    return re.sub(
        r"(?<=[\u4e00-\u9fff】”）)])[,;:()?!]|[()](?=[\u4e00-\u9fff【“])",
        lambda m: m.group().translate(_HALF),
        text,
    )


def usable(text: str, share: float = 0.55) -> bool:
    """Whether enough is left besides placeholders: at least 10 characters and ``share`` of it."""
    bare = compact(PLACEHOLDER_RE.sub("", text))
    return (
        len(bare) >= 10 and len(bare) >= share * len(compact(text)) and len(PLACEHOLDER_RE.findall(text)) <= 3
    )


class Adapter:
    """Adapts exemplar sentences to one plan's unit."""

    def __init__(self, plan: DraftPlan, directory: UnitDirectory | None) -> None:
        self.plan = plan
        self.directory = directory
        self.keep = given_texts(plan)
        self.target = plan.unit or UNIT
        self.subject = subject_of(plan.unit)
        office = re.match(r"(集团|公司|中心|医院|学院|学校|工会|[局厅院校办部镇乡委会])?", self.subject)
        self.pronoun = f"我{office.group(1)}" if office and office.group(1) else "我们"

    def _own_mentions(self, text: str, unit: str) -> str:
        """The exemplar unit's own name written as ``_OWN`` (other units are left to ``scrub``).

        A name inside a 《title》 stays, so that ``scrub`` replaces the whole title: another unit's
        document never becomes one of the user's that the user did not name.
        """
        if self.directory is None or not unit:
            return text
        for m in sorted(self.directory.resolve(text).mentions, key=lambda m: -m.start):
            if unit in m.units and text.count("《", 0, m.start) == text.count("》", 0, m.start):
                start = m.start - 1 if m.start > 0 and text[m.start - 1] in "省市县区" else m.start
                text = text[:start] + _OWN + text[m.end :]
        return text

    def _write_own(self, text: str) -> str:
        """``_OWN`` written as the user's unit: with its party body where the exemplar named one."""
        bare = _BODY_RE.sub("", self.plan.unit) if self.plan.unit else UNIT

        def own(m: re.Match[str]) -> str:
            if not m.group(1):
                return bare
            return self.plan.unit if self.plan.unit and _BODY_RE.search(self.plan.unit) else bare + m.group(1)

        return _OWN_RE.sub(own, text)

    def adapt(self, text: str, unit: str, field: str, share: float = 0.55) -> str | None:
        """``text`` (a sentence of ``unit``'s notice, of field ``field``) for the plan's unit, or None.

        Args:
            text: The sentence, simplified, without end punctuation.
            unit: The unit whose notice it is.
            field: That unit's field.
            share: How much must be left besides placeholders.
        """
        general = generalize(self._own_mentions(text, unit), self.plan.field, field)
        if general is None:
            return None
        out = scrub(general, self.keep, self.directory, unit=OTHER_UNIT, places=unit_places([unit])).text
        if _NAMED_RE.search(out):
            return None
        out = _PRONOUN_RE.sub(self.pronoun, _SUBJECT_RE.sub(self.subject, out))
        out = _PLACED_OFFICE_RE.sub("", out).replace("机关党组", self.subject).replace("委室", "科室")
        out = _OWN_OFFICE_RE.sub("", out)
        other = "巡视" if self.plan.level == "巡察" else "巡察"
        if "巡视巡察" not in out:
            out = out.replace(other, self.plan.level)
        out = _REPEAT_RE.sub(r"\1", self._write_own(full_width(out))).strip("，,；; ")
        return out if usable(out, share) else None
