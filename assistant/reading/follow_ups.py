"""Follow-up questions made standalone without a model: the units come from the conversation.

``carry_units`` reads the latest question against the earlier turns, oldest first, each earlier
question made standalone in turn (so a chain of follow-ups keeps its unit):

* a follow-up that names no unit (a pronoun or 该局/这家单位, 那/还有…, or a short question) is
  prefixed with the units of the last turn that had any: the units its question named, else the
  units its answer named (``哪个单位…`` answered with a unit);
* one that speaks of two units (两家, 二者, 分别, 各自) gathers the units of the last turns until
  it has two;
* one that names a unit and asks nothing else (``那B呢？``) asks the last question again of the
  new unit;
* one that asks nothing at all (``两家分别呢``) asks the last question again of its units;
* a question that names its own unit, or asks which unit (``哪个单位…``), is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.reading.units import PLACE_BEFORE_RE, UnitDirectory
from core.config import HISTORY_TURNS
from core.normalize import compact
from core.phrases import CANNOT_ANSWER, EXTRACTIVE_NOTE

_ORG = r"单位|局|委|院|校|所|中心|厅|部|办|公司|集团|镇|街道|县|区|市|党组|党委|机关|协会|科协|侨联|台联"
_FOLLOW_UP_RE = re.compile(
    rf"^(?:那|那么|还有|另外|再|又|以及|和|其中)|它|其|他们|她们|上述|上面|这个|那个|这家|那家|这两|那两"
    rf"|该(?:{_ORG})|此(?:{_ORG})|本(?:{_ORG})|两家|二者|两者|两个单位|双方|分别|各自|呢(?:[?？]?$|[，,])"
)
"""Words that mark a question as a follow-up of the conversation."""
_PAIR_RE = re.compile(r"两家|二者|两者|两个单位|两个局|这两|那两|双方|分别|各自|他们俩|俩")
"""Words that speak of (at least) two units."""
_OWN_SCOPE_RE = re.compile(
    r"哪家|哪几家|(?:哪个|哪些|哪一个|哪几个|什么)(?:单位|部门|地方|机关|党组织|党组|党委|县|区|市|局)"
)
"""A question that asks which unit did something has its own scope: the whole index."""
_FILLER_RE = re.compile(
    r"那么|那|还有|另外|又|再|以及|其中|换成|换|改成|看看|说说|呢|吗|的|是|情况|怎么样|如何|也|都"
    r"|他们|它们|两家|二者|两者|两个单位|双方|分别|各自|这两家|这两个|[?？。，,！!、：:和与及跟同 ]"
)
"""What a follow-up may say beside unit names and still ask nothing of its own (``那B呢？``)."""
_JOINERS = "：:，,、和与及跟同 "
FOLLOW_UP_CHARS = 12
"""A question this short (compact characters) that names no unit is taken as a follow-up."""
MAX_CARRIED = 6
"""At most this many units are carried from an answer that names many (a list)."""


def _spans(text: str, directory: UnitDirectory) -> list[tuple[int, int]]:
    """Where ``text`` names units, each widened over a place written just before it (市 of 市水务局)."""
    out = []
    for m in directory.resolve(text).mentions:
        place = PLACE_BEFORE_RE.search(text[max(0, m.start - 9) : m.start])
        out.append((m.start - (len(place.group()) if place else 0), m.end))
    return out


def _units_of(text: str, directory: UnitDirectory) -> list[str]:
    """The unit names ``text`` mentions, as written."""
    return list(dict.fromkeys(text[a:b] for a, b in _spans(text, directory)))


def _answer_units(answer: str, directory: UnitDirectory) -> list[str]:
    """The units an answer names (full names), none for a refusal."""
    text = answer.removeprefix(EXTRACTIVE_NOTE)
    if text.strip().startswith(CANNOT_ANSWER[:8]):
        return []
    return list(directory.resolve(text).units[:MAX_CARRIED])


def _ask_of(question: str, directory: UnitDirectory) -> str:
    """The question with the unit names it mentions taken out (what it asks of them)."""
    out, last = [], 0
    for a, b in _spans(question, directory):
        out.append(question[last:a])
        last = b
    out.append(question[last:])
    return "".join(out).strip(_JOINERS)


def _asks_nothing(question: str, directory: UnitDirectory) -> bool:
    return not _FILLER_RE.sub("", compact(_ask_of(question, directory)))


def _is_follow_up(q: str) -> bool:
    if _PAIR_RE.search(q):
        return True
    if _OWN_SCOPE_RE.search(q):
        return False
    return bool(_FOLLOW_UP_RE.search(q)) or len(q) <= FOLLOW_UP_CHARS


def _context_units(q: str, earlier: Sequence[tuple[str, str]], directory: UnitDirectory) -> list[str]:
    """The units of the last turns that named any; two or more when ``q`` speaks of two units."""
    wanted = 2 if _PAIR_RE.search(q) else 1
    found: list[str] = []
    for asked, answered in reversed(earlier):
        units = _units_of(asked, directory) or _answer_units(answered, directory)
        found += [u for u in units if u not in found]
        if len(found) >= wanted:
            break
    return found


def _standalone(question: str, earlier: Sequence[tuple[str, str]], directory: UnitDirectory) -> str:
    """``question`` made standalone against ``earlier`` (standalone questions and answers, oldest first)."""
    if not earlier:
        return question
    q = compact(question)
    last_asked = earlier[-1][0]
    if directory.resolve(question).matched:
        if _asks_nothing(question, directory) and _ask_of(last_asked, directory):
            names = "、".join(_units_of(question, directory))
            return f"{names}：{_ask_of(last_asked, directory)}"
        return question
    if not _is_follow_up(q):
        return question
    units = _context_units(q, earlier, directory)
    if not units:
        return question
    names = "、".join(units)
    if _asks_nothing(question, directory) and _ask_of(last_asked, directory):
        return f"{names}：{_ask_of(last_asked, directory)}"
    return f"{names}：{question}"


def carry_units(question: str, history: Sequence[tuple[str, str]], directory: UnitDirectory | None) -> str:
    """A follow-up made standalone with the units of the conversation (see the module docstring).

    Args:
        question: The latest question.
        history: Earlier (question, answer) pairs, oldest first.
        directory: The units of the index (None: the question is returned as is).

    Returns:
        The question, prefixed with ``<unit>：`` (or the last question asked again of the units it
        names) when it reads as a follow-up; otherwise unchanged.

    >>> from assistant.reading.units import PLACE_BEFORE_RE, UnitDirectory
    >>> d = UnitDirectory(["中共某某县林业局党组", "中共某某县水务局党组"])
    >>> carry_units("那它的监督电话呢？", [("某某县林业局反馈了几个问题？", "5个")], d)
    '某某县林业局：那它的监督电话呢？'
    >>> carry_units("那某某县水务局呢？", [("某某县林业局反馈了几个问题？", "5个")], d)
    '某某县水务局：反馈了几个问题？'
    """
    if directory is None or not history:
        return question
    earlier: list[tuple[str, str]] = []
    for asked, answered in history[-HISTORY_TURNS:]:
        earlier.append((_standalone(asked, earlier, directory), answered))
    return _standalone(question, earlier, directory)
