"""A model's reply held against the facts answer it was given the material of.

``reply_gap`` says why the reply cannot stand (None when it can):

* it **contradicts the computed verdict**: a sentence says of a compared unit the opposite of what
  the comparison computed (乙 更多 when 甲 has more; 更晚 for the earlier one; 相同 when they differ,
  or 更多 when they are the same);
* it **drops an ask** the facts answer covers: the number, date or value the facts state for a
  unit's ask is nowhere in the reply (writing 通报未载明 for it is dropping it), or, for problem
  records, the reply shares too few words with the statement or the measures;
* it **refuses** although the facts answer it.

What a user expects then is the answer the notices support: the ask flow shows the facts answer
(extractive, with the notice ``UNUSABLE_REPLY_NOTICE`` naming the reason) instead of the reply.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.answering.material import Covered, Material, Relation, Verdict
from assistant.grounding.citations import normalize_markers, strip_markers
from core.normalize import compact
from core.numerals import has_number, to_digits
from core.types import Answer

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory

CONTRADICTS_VERDICT = "与系统根据通报数值计算的比较结论相反"
"""Why a reply that contradicts the computed verdict is not used."""
REFUSED_FACTS = "回答称无法回答，但通报写明了所问事项"
"""Why a refusal is not used when the facts answer the question."""
DROPPED_ASKS = "漏答了通报写明的{asks}"
"""Why a reply that leaves out asks the facts answer is not used."""

_PLUS = {
    "more": re.compile(r"更多|较多|多于|最多"),
    "earlier": re.compile(r"更早|较早|早于|先于|最早"),
    "longer": re.compile(r"更长|较长|长于|最长|更久"),
}
_MINUS = {
    "more": re.compile(r"更少|较少|少于|最少"),
    "earlier": re.compile(r"更晚|较晚|晚于|后于|最晚"),
    "longer": re.compile(r"更短|较短|短于|最短"),
}
_SAME_RE = re.compile(r"相同|一样多|一样早|一样长|相等|持平")
_BOTH_RE = re.compile(r"两|各|均|都")
_AGAINST = ("比", "较", "于")
_CLAUSE_END_RE = re.compile(r"[,，、]")
_SENTENCE_END_RE = re.compile(r"[。！？!?；;\n]")
_MAX_SHARED = 6
"""A record text is covered when the reply shares this many of its word bigrams (or half, if fewer)."""
_STOP_RE = re.compile(
    r"[\W_]|[的了是在和与及对把被将等该已]|问题|整改|措施|完成|目前|推进|情况|方面|关于|针对|[一二三四五六七八九十]是"
)
"""What any reply about rectification says: it shows no record was read."""


def _bigrams(text: str) -> set[str]:
    t = _STOP_RE.sub(" ", compact(text))
    return {t[i : i + 2] for i in range(len(t) - 1) if " " not in t[i : i + 2]}


def covers(reply: str, ask: Covered) -> bool:
    """Whether ``reply`` (compact, numerals as digits, no markers) states what ``ask`` needs.

    >>> covers("共反馈9个问题", Covered("甲局", "甲局：反馈问题数量", ("9",)))
    True
    >>> covers("反馈问题通报未载明", Covered("甲局", "甲局：反馈问题数量", ("9",)))
    False
    >>> measures = Covered("甲局", "整改措施", ("二是修订《公务接待管理办法》，严格审批。目前，该问题已完成整改。",), fuzzy=True)
    >>> covers("修订公务接待管理办法", measures), covers("该问题已完成整改", measures)
    (True, False)
    """
    if ask.fuzzy:
        got = _bigrams(reply)
        for value in ask.values:
            own = _bigrams(value)
            if own and len(got & own) >= min(_MAX_SHARED, max(1, len(own) // 2)):
                return True
        return False
    return any(has_number(reply, v) if v.isdigit() else compact(to_digits(v)) in reply for v in ask.values)


def _subjects(clause: str, verdict: Verdict, directory: UnitDirectory | None) -> list[str]:
    """The compared units a clause is about, in order; a unit after 比/较/于 is compared against, not about."""
    found: list[tuple[int, str]] = []
    if directory is not None:
        for m in directory.resolve(clause).mentions:
            found.extend((m.start, u) for u in m.units if u in verdict.units)
    for unit in verdict.units:  # the full name as given in the material
        at = clause.find(unit)
        if at >= 0:
            found.append((at, unit))
    return list(dict.fromkeys(u for at, u in sorted(found) if clause[at - 1 : at] not in _AGAINST))


def _contradicts(sentence: str, relation: Relation, first: str, units: list[str], alone: bool) -> bool:
    plus, minus = _PLUS[relation].search(sentence), _MINUS[relation].search(sentence)
    if not first:  # all alike: any unit said to have more (earlier, longer) contradicts it
        return bool(plus or minus) and not _SAME_RE.search(sentence)
    if not (plus or minus):  # said to be alike when they differ
        return (
            alone and bool(_SAME_RE.search(sentence)) and (len(units) > 1 or bool(_BOTH_RE.search(sentence)))
        )
    if not units:
        return False
    first_is_winner = units[0] == first
    return bool((plus and not minus and not first_is_winner) or (minus and not plus and first_is_winner))


def contradicts(reply: str, verdict: Verdict, directory: UnitDirectory | None = None) -> bool:
    r"""Whether a clause of ``reply`` says the opposite of ``verdict`` about the unit it is about.

    >>> v = Verdict("（系统计算）甲局更多。", (("more", "甲局"),), ("甲局", "乙局"))
    >>> contradicts("乙局反馈的问题更多[2]。", v), contradicts("乙局的问题少于甲局。", v)
    (True, False)
    >>> contradicts("两个单位的问题数量相同。甲局9个，乙局8个。", v), contradicts("甲局更多[3]。", v)
    (True, False)
    >>> contradicts("甲局9个[1]，乙局8个[2]。\n乙局反馈的问题更多", v)
    True
    """
    for piece in _SENTENCE_END_RE.split(strip_markers(normalize_markers(reply))):
        about: list[str] = []  # a clause that names no unit is about the unit the sentence was about
        for clause in _CLAUSE_END_RE.split(compact(piece)):
            about = _subjects(clause, verdict, directory) or about
            for relation, first in verdict.claims:
                if _contradicts(clause, relation, first, about, len(verdict.claims) == 1):
                    return True
    return False


def reply_gap(answer: Answer, material: Material, directory: UnitDirectory | None = None) -> str | None:
    """Why the model's checked ``answer`` cannot stand against ``material`` (None: it stands)."""
    if answer.refused:
        return REFUSED_FACTS
    if material.verdict is not None and contradicts(answer.text, material.verdict, directory):
        return CONTRADICTS_VERDICT
    reply = to_digits(compact(strip_markers(normalize_markers(answer.text))))
    missing = [c.label for c in material.covered if not covers(reply, c)]
    if missing:
        return DROPPED_ASKS.format(asks="、".join(f"“{m}”" for m in dict.fromkeys(missing)))
    return None
