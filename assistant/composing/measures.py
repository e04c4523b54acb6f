"""Choosing the items of a draft: the user's facts, exemplar measures, generic lines, required slots.

``pick`` fills a list of ``plan.items`` items, in this order of preference:

1. the user's own facts (verbatim);
2. exemplar measures (adapted to the user's unit) that cover a point the user asked for or an
   element of the problem type not yet covered, best first, at most two from one exemplar;
3. the generic line of each element still uncovered (``topics``), marked generic;
4. further exemplar measures on the topic.

``require`` then makes every specific the user asked for present: replaced into the item that
speaks of it, appended to it, or added as an item of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from assistant.composing.adapt import Adapter
from assistant.composing.exemplar_problems import Exemplar, Exemplars
from assistant.composing.plan import DraftPlan
from assistant.composing.requirements import Requirement, is_given, requirement_named
from assistant.composing.specifics import SET_PHRASES
from assistant.composing.topics import TOPICS, Element, elements_of
from core.normalize import compact, to_search
from core.phrases import PLACEHOLDER_RE
from core.types import Hit

MAX_PER_EXEMPLAR = 2
TYPICAL = 0.3
"""A measure whose wording other units of the type share less than this is another unit's own story."""
_SUBPROBLEM_RE = re.compile(r"^(?:关于|针对|对于).{2,60}问题|问题[，,：:]|[：:]|草拟|起草|^如|^例如|升格")
"""A sub-problem's label, or another body's drafting work: never a measure of the user's."""
_NAMED_SLOTS_RE = re.compile(r"【(?:地名|姓名|相关单位)】")
_SHORTCOMING_RE = re.compile(
    r"(?:不够|不到位|不足|不强|不严|不实|不力|不深|缺乏|薄弱|欠缺|不规范|不完善|不健全|不及时|不深入|有差距|有待)"
    r"(?:[^，。；]{0,4})$"
)
"""A clause that ends on a shortcoming: a problem enumerated under the heading, not a measure."""
_SLOGAN_RE = re.compile(r"“[^“”]{0,10}[一二三四五六七八九十两][^“”]{0,10}”")
"""A quoted slogan with a numeral (“一学三比”): another unit's own programme, unless a set phrase."""
_ACTION_RE = re.compile(
    r"^(?:【[^】]+】，?)?(?:进一步|切实|认真|全面|严格|深入|持续|定期|及时|坚持|把|将|对|在|按照|结合|围绕|由)?"
    r"(?:健全|压实|压紧|严格|加强|落实|建立|完善|制定|修订|开展|组织|召开|深化|强化|推进|规范|明确|实行|"
    r"落细|督促|建立健全|强化|提升|加大|出台|印发|成立|调整|选派|坚持|纳入|签订|梳理|排查|整治|清理|补齐|完成)"
)


@dataclass(frozen=True)
class Item:
    """One item (measure, result or next step) of a draft."""

    text: str
    """The words, without end punctuation."""
    origin: Literal["user", "exemplar", "generic"]
    """Who wrote it: the user (a fact), an exemplar unit (adapted), or the topic table."""
    hit: Hit | None = None
    """The exemplar it came from."""
    original: str = ""
    """The exemplar's own words."""


def _grams(text: str) -> set[str]:
    s = compact(PLACEHOLDER_RE.sub("", text))
    return {s[i : i + 2] for i in range(len(s) - 1)}


def similar(a: str, b: str, threshold: float = 0.55) -> bool:
    """Whether two texts say nearly the same (bigram overlap, placeholders set aside)."""
    ga, gb = _grams(a), _grams(b)
    return bool(ga and gb) and len(ga & gb) / min(len(ga), len(gb)) > threshold


def is_shortcoming(text: str) -> bool:
    """Whether ``text`` (its first clause) states a shortcoming rather than a measure.

    >>> is_shortcoming("履行“一岗双责”不够到位"), is_shortcoming("压实主体责任，解决落实不到位问题")
    (True, False)
    """
    return bool(_SHORTCOMING_RE.search(re.split(r"[，,；;。]", text, maxsplit=1)[0]))


def _point_key(point: str) -> str:
    """The noun of a point: 成立领导小组 → 领导小组, 建立整改台账 → 整改台账."""
    return re.sub(r"^(?:成立|召开|建立|开展|制定|加强|落实|体现|写|有|做好|抓好)", "", point) or point


def covers_point(text: str, point: str) -> bool:
    """Whether ``text`` speaks of ``point`` (its noun, or both halves of a longer one)."""
    key = _point_key(compact(point))
    s = compact(to_search(text))
    return key in s or (len(key) >= 4 and key[:2] in s and key[-2:] in s)


def generic_for(point: str) -> str:
    """A generic line covering ``point`` (from the topic table), or the point itself."""
    key = _point_key(compact(point))
    lines = [e.generic for t in TOPICS for e in t.elements]
    exact = next((g for g in lines if key in compact(g)), "")
    return exact or next((g for g in lines if covers_point(g, point)), point)


@dataclass
class _Candidate:
    item: Item
    exemplar: Exemplar
    rank: int


def candidates(plan: DraftPlan, exemplars: Sequence[Exemplar], adapter: Adapter) -> list[_Candidate]:
    """Every usable, distinct exemplar measure, adapted, in exemplar order."""
    out: list[_Candidate] = []
    for rank, e in enumerate(exemplars):
        for measure in e.measures():
            if _SUBPROBLEM_RE.search(measure) or is_shortcoming(measure):
                continue
            text = adapter.adapt(measure, e.unit, e.field)
            if text is None or any(similar(text, c.item.text) for c in out):
                continue
            if any(similar(text, f) for f in plan.facts):
                continue
            out.append(_Candidate(Item(text, "exemplar", e.hit, measure), e, rank))
    return out


def on_topic(plan: DraftPlan, text: str) -> bool:
    """Whether ``text`` speaks of the plan's problem (a topic word, or three bigrams of the phrase)."""
    return _relevant(plan, text, ()) if plan.topics or plan.phrase else True


_SHORTCOMING_WORDS_RE = re.compile(
    r"不规范|不到位|不严格|不严|不够|不足|不强|不实|不力|不深入|不充分|不及时|不彻底|不健全|不完善|薄弱|缺乏|滞后|问题|工作|方面"
)


def phrase_hits(plan: DraftPlan, text: str) -> int:
    """How many bigrams of the problem's own words (its shortcoming words set aside) ``text`` shares."""
    core = _SHORTCOMING_WORDS_RE.sub("，", plan.phrase)
    grams = {g for part in re.split(r"[，,、“”‘’\s]", core) for g in _grams(part)}
    return len(grams & _grams(text))


def _relevant(plan: DraftPlan, text: str, elements: Sequence[Element]) -> bool:
    s = to_search(text)
    if any(w in s for t in plan.topics for w in t.words) or any(e.covered_by(s) for e in elements):
        return True
    return len(_grams(plan.phrase) & _grams(text)) >= 3


def pick(plan: DraftPlan, found: Exemplars, adapter: Adapter, n: int | None = None) -> list[Item]:
    """The measures of a draft (see the module's order of preference)."""
    n = n or plan.items
    chosen: list[Item] = [Item(f, "user") for f in plan.facts][:n] if plan.kind == "problem" else []
    elements = elements_of(plan.topics)
    pool = [
        c for c in candidates(plan, found.items, adapter) if found.register.typicality(c.item.text) >= TYPICAL
    ]
    typical = {id(c): found.register.typicality(c.item.text) for c in pool}
    used: dict[str, int] = {}

    def covered(e: Element) -> bool:
        return any(e.covered_by(to_search(i.text)) for i in chosen)

    def gain(c: _Candidate) -> float:
        s = to_search(c.item.text)
        points = sum(
            covers_point(s, p) and not any(covers_point(i.text, p) for i in chosen) for p in plan.points
        )
        new = sum(e.covered_by(s) and not covered(e) for e in elements)
        register = 0.5 if _ACTION_RE.match(c.item.text) else 0.0
        slots = 0.4 * len(PLACEHOLDER_RE.findall(c.item.text)) + 0.8 * len(
            _NAMED_SLOTS_RE.findall(c.item.text)
        )
        long = 0.6 if len(c.item.text) > 70 else 0.0
        off = 0.0 if _relevant(plan, c.item.text, ()) else 1.0
        off += 0.8 * len([m for m in _SLOGAN_RE.findall(c.item.text) if m.strip("“”") not in SET_PHRASES])
        close = 0.5 * min(phrase_hits(plan, c.item.text), 4)
        return (
            3 * points + 2 * new + close + register + 2.5 * typical[id(c)] - slots - long - off - 0.1 * c.rank
        )

    def take(c: _Candidate) -> None:
        chosen.append(c.item)
        used[c.exemplar.hit.chunk.id] = used.get(c.exemplar.hit.chunk.id, 0) + 1
        pool.remove(c)

    def open_pool() -> list[_Candidate]:
        return [c for c in pool if used.get(c.exemplar.hit.chunk.id, 0) < MAX_PER_EXEMPLAR]

    def adds(c: _Candidate) -> bool:
        s = to_search(c.item.text)
        return any(e.covered_by(s) and not covered(e) for e in elements) or any(
            covers_point(s, p) and not any(covers_point(i.text, p) for i in chosen) for p in plan.points
        )

    while len(chosen) < n:
        ranked = sorted((c for c in open_pool() if adds(c)), key=gain, reverse=True)
        if not ranked or gain(ranked[0]) < 3.0:
            break
        take(ranked[0])
    for point in plan.points:
        if len(chosen) < n + len(plan.points) and not any(covers_point(i.text, point) for i in chosen):
            chosen.append(Item(generic_for(point), "generic"))
    for e in sorted(elements, key=lambda e: -phrase_hits(plan, " ".join(e.words))):  # the problem's own first
        if len(chosen) < n and not covered(e):
            chosen.append(Item(e.generic, "generic"))
    while len(chosen) < n:
        ranked = [
            c for c in sorted(open_pool(), key=gain, reverse=True) if _relevant(plan, c.item.text, elements)
        ]
        if not ranked:
            break
        take(ranked[0])
    return chosen


def _topic(plan: DraftPlan) -> str:
    return plan.topics[0].name if plan.topics else "相关"


def require(plan: DraftPlan, items: list[Item], part: str, limit: int) -> list[Item]:
    """``items`` with every specific the user asked for (and did not give) present as a placeholder.

    Args:
        plan: What is drafted (its ``required`` names and facts).
        items: The items of one part of the draft.
        part: Which part they are (``measures`` or ``results``); requirements of other parts are left.
        limit: How many items the part may have.
    """
    out = list(items)
    for name in plan.required:
        r = requirement_named(name)
        if r.part != part or is_given(r, plan.facts) or any(r.placeholder in i.text for i in out):
            continue
        out = _place(r, out, limit, _topic(plan))
    return out


def _place(r: Requirement, items: list[Item], limit: int, topic: str) -> list[Item]:
    own = [i for i, item in enumerate(items) if item.origin != "user"]
    for i in own:
        if r.name == "制度名称" and "【文件名称】" in items[i].text:
            items[i] = replace(items[i], text=items[i].text.replace("【文件名称】", r.placeholder, 1))
            return items
    for i in own:
        if r.clause and any(a in items[i].text for a in r.anchors):
            items[i] = replace(items[i], text=items[i].text + r.clause)
            return items
    line = Item(r.line.format(topic=topic), "generic")
    if len(items) < limit or not own:
        return [*items, line]
    last = own[-1]
    if r.clause:
        items[last] = replace(items[last], text=items[last].text + r.clause)
    else:
        items[last] = line
    return items
