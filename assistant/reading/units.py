"""Unit resolution: which units of the index a question (or a typed name) names.

``UnitDirectory.from_notices`` collects the units of the indexed notices and their aliases
(``core.unitnames``). ``resolve`` finds every alias occurring in the canonical form of the
text, keeps the longest non-overlapping mentions (so ``无锡市科协`` never also counts as a
shorter, looser alias), and reports the units each mention names. A mention naming two units
is ``ambiguous``; the caller warns and searches both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

from assistant.reading.unit_context import below_a_place, narrowed, paired_places, truncated
from core.persons import everyday
from core.types import Notice
from core.unitnames import (
    ORG_SUFFIXES,
    PLACE_SUFFIXES,
    Alias,
    Canon,
    aliases,
    alternation,
    canonical,
    core_name,
    place_stem,
    split_places,
)

_PLACE_CHARS = "".join(dict.fromkeys(s[-1] for s in PLACE_SUFFIXES))
_NOT_STEM = "哪各全本该两我某这那其每此等和与及的在了是个有多少名几把将被由对向为从到给请问说做什么怎么单位人员年月日整改巡察视馈题"
_MENTION_RE = re.compile(
    rf"(?:[^\W\d_{_NOT_STEM}]{{2,6}}?(?:省|市|(?<![社园校景辖小片矿])区|县|州))+[^\W\d_{_NOT_STEM}]{{0,8}}?"
    rf"(?:{alternation(ORG_SUFFIXES)})"
)
"""A unit-shaped phrase: place(s) then an organization word (苏州市科协, 某县教育局)."""
_COMMITTEE_RE = re.compile(r"([\u4e00-\u9fff]{2,3})(?:省委|市委|县委|区委|州委)")
"""A committee named by its level after a word (``无锡市委``, or ``属于市委`` where the word is no place)."""
_PROPER = ("nr", "ns", "nt", "nz")
"""jieba's tags of proper names: a word tagged otherwise and frequent is an everyday word, no place."""
PLACE_BEFORE_RE = re.compile(rf"[^\W\d_{_NOT_STEM}]{{0,6}}(?:自治区|省|市|区|县|州|旗|盟)$")
"""A place name ending right where a text ends (the place written before a unit's name)."""
_BARE_PLACE_RE = re.compile(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]{2,3}$")
"""A place written without its suffix at the head of a clause (``杭州住房公积金中心``): 2–3 characters
before an alias that leaves the unit's own place out."""
_QUESTION_RE = re.compile(r"[?？]|什么|哪|多少|几|吗|怎么|如何|是否|有没有")
"""Words that make a text a question rather than a typed name."""


_COLLECTIVE_RE = re.compile(r"(?:这|那|上述|以上|前面)?(?:[两二三四五六七八九十几]|\d{1,2})(?:个|家|所|位)$")
"""A count right before a unit word (``这三个科协``): the units already named, gathered."""


def _without_collective(
    q: str, found: list[tuple[int, int, tuple[str, ...], float]]
) -> list[tuple[int, int, tuple[str, ...], float]]:
    """Drop a mention that gathers the units named before it (``A、B和C这三个科协`` names three, not four).

    >>> _without_collective("甲科协和乙科协这两个科协", [(0, 3, ("甲",), 1.0), (4, 7, ("乙",), 1.0), (10, 12, ("甲", "乙", "丙"), 0.3)])
    [(0, 3, ('甲',), 1.0), (4, 7, ('乙',), 1.0)]
    """
    out = []
    for m in found:
        start, _, units, _ = m
        others = {u for s, _, us, _ in found if s != start for u in us}
        gathered = _COLLECTIVE_RE.search(q[:start]) is not None and len(others) >= 2
        if gathered and (len(units) > 1 or set(units) <= others):
            continue
        out.append(m)
    return out


@dataclass(frozen=True)
class UnitMention:
    """One place in the text that names one or more units."""

    surface: str
    """The words as written in the text."""
    start: int
    """Offset of ``surface`` in the text."""
    end: int
    """End offset (exclusive) of ``surface``."""
    units: tuple[str, ...]
    """The full names it matches (more than one only if it is ambiguous)."""
    score: float
    """How much of the unit's name the mention spells out, 0–1 (1 = the whole name)."""


@dataclass(frozen=True)
class UnitMatch:
    """The outcome of resolving a question or a name against the directory."""

    units: tuple[str, ...] = ()
    """Matched units (full names), in order of first mention."""
    scores: dict[str, float] = field(default_factory=dict)
    """Score of each matched unit (see ``UnitMention.score``)."""
    mentions: tuple[UnitMention, ...] = ()
    """Every mention found, in text order."""
    ambiguous: bool = False
    """True when one mention names more than one distinct unit."""
    suggestions: tuple[str, ...] = ()
    """Close unit names, given when nothing matched or ``unknown`` is set."""
    unknown: tuple[str, ...] = ()
    """Unit-shaped phrases of the text that name no unit of the directory (e.g. ``苏州市科协``)."""

    @property
    def surface(self) -> str:
        """The first matched surface string, or ''."""
        return self.mentions[0].surface if self.mentions else ""

    @property
    def matched(self) -> bool:
        """Whether any unit was found."""
        return bool(self.units)


@dataclass(frozen=True)
class _Entry:
    alias: Alias
    unit: str
    core: str


def _foreign_place_before(text: str, start: int, entry: _Entry) -> bool:
    """Whether a place foreign to the entry's unit ends right before ``start``.

    ``苏州市科技局`` must not match another city's ``科技局``; ``自治区司法厅`` may match
    西藏自治区司法厅 and ``良庆区生态环境局`` may match 南宁市良庆生态环境局.
    """
    if not entry.alias.places and split_places(entry.alias.text):
        return (
            False  # the alias names the unit's own places (威远山王镇): a place before it is a parent (四川)
        )
    m = PLACE_BEFORE_RE.search(text[max(0, start - 9) : start]) or _BARE_PLACE_RE.search(text[:start])
    if not m or len(m.group()) < 2:
        return False
    place = m.group()
    if any(c in _NOT_STEM for c in place):
        return False
    if m.re is _BARE_PLACE_RE and place not in place_words():
        return False  # 关于, 当时: a word, not a place
    return not (
        any(p.endswith(place) or place_stem(p) == place for p in entry.alias.places)
        or place_stem(place) in entry.core
    )


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """Place names of jieba's dictionary (tagged ``ns``): 杭州, 苏州 … written without 市."""
    import jieba

    path = Path(jieba.__file__).with_name("dict.txt")
    with path.open(encoding="utf-8") as f:
        return frozenset(p[0] for line in f if len(p := line.split()) == 3 and p[2] == "ns")


class UnitDirectory:
    """The units of the index with their aliases, for resolving names in questions."""

    def __init__(self, names: Iterable[str]) -> None:
        """Build the directory from full unit names (duplicates and '' are ignored)."""
        self.names: tuple[str, ...] = tuple(dict.fromkeys(n for n in names if n.strip()))
        self._core: dict[str, str] = {n: core_name(n) for n in self.names}
        self._by_alias: dict[str, list[_Entry]] = {}
        self._by_head: dict[str, list[str]] = {}
        for name in self.names:
            for alias in aliases(name):
                entries = self._by_alias.setdefault(alias.text, [])
                if all(e.unit != name for e in entries):
                    entries.append(_Entry(alias, name, self._core[name]))
        for text in self._by_alias:
            self._by_head.setdefault(text[:2], []).append(text)
        self._offices: dict[str, tuple[str, ...]] = {}
        """Each unit's office named without its places (统战部, 统一战线工作部, 住房公积金管理中心)."""
        for text, entries in self._by_alias.items():
            for e in entries:
                if len(e.alias.places) == len(split_places(e.core)):
                    self._offices[e.unit] = (*self._offices.get(e.unit, ()), text)
        self._apart: list[tuple[str, tuple[str, ...], str, int]] = []
        """For ``_split_mentions``: (name, its last place's written forms, office stem, core length)."""
        for name in self.names:
            core = self._core[name]
            places = split_places(core)
            if not places:
                continue
            body = core[len("".join(places)) :]
            stem = body[:-1] if len(body) >= 4 else body
            if len(stem) < 2 or body.startswith("委"):
                continue
            forms = tuple(p for p in dict.fromkeys((places[-1], place_stem(places[-1]))) if len(p) >= 2)
            self._apart.append((name, forms, stem, len(core)))

    @classmethod
    def from_notices(cls, notices: Iterable[Notice]) -> UnitDirectory:
        """The directory of the units that issued ``notices``."""
        return cls(n.unit for n in notices)

    def core(self, name: str) -> str:
        """The canonical core of a unit of the directory (or of any name)."""
        return self._core.get(name) or core_name(name)

    def resolve(self, text: str) -> UnitMatch:
        """Find the units a question or a typed unit name refers to.

        Args:
            text: A question, or a unit name in any usual form (全称, 简称, traditional).

        Returns:
            The matched units with their mentions; ``suggestions`` when nothing matched.
        """
        canon = canonical(text)
        q = canon.text
        foreign: list[tuple[int, int]] = []
        found = self._exact_mentions(q, foreign)
        found += self._split_mentions(q, found)
        found = _without_collective(q, found)
        found = narrowed(self, q, found)
        found += paired_places(self, q, found)
        found += truncated(self, q, found)
        found.sort(key=lambda m: m[0])
        spans = [(m[0], m[1]) for m in found]
        unknown = self._unknown(text, canon, spans)
        unknown += self._foreign(text, canon, foreign, spans, unknown)
        bare = [m for m in found if len({self.core(u) for u in m[2]}) > 1]
        if unknown and len(bare) == len(
            found
        ):  # 常州市科协…企业科协: the office word again, of the unit not indexed
            found = [m for m in found if not any(canonical(u).text.endswith(q[m[0] : m[1]]) for u in unknown)]
        mentions: list[UnitMention] = []
        for start, end, units, score in found:
            a, b = canon.span(start, end)
            mentions.append(UnitMention(text[a:b], a, b, units, score))
        units = tuple(dict.fromkeys(u for m in mentions for u in m.units))
        scores: dict[str, float] = {}
        for m in mentions:
            for u in m.units:
                scores[u] = max(scores.get(u, 0.0), m.score)
        ambiguous = any(len({self.core(u) for u in m.units}) > 1 for m in mentions)
        unknown = tuple(u for u in unknown if not below_a_place(self, canonical(u).text, units))
        if unknown:
            suggestions = self.suggest(unknown[0])
        elif not units and not _QUESTION_RE.search(text):
            suggestions = self.suggest(text)
        else:
            suggestions = ()
        return UnitMatch(units, scores, tuple(mentions), ambiguous, suggestions, unknown)

    def offices(self, unit: str) -> tuple[str, ...]:
        """A unit's office as named without its places (its aliases that leave every place out)."""
        return self._offices.get(unit, ())

    def places(self, unit: str) -> tuple[str, ...]:
        """The places in a unit's name, with their stems (石龙区, 石龙)."""
        places = split_places(self.core(unit))
        return tuple(dict.fromkeys([*places, *(p[:-1] for p in places if len(p) >= 3)]))

    def _exact_mentions(
        self, q: str, foreign: list[tuple[int, int]] | None = None
    ) -> list[tuple[int, int, tuple[str, ...], float]]:
        """Alias occurrences, longest first, non-overlapping; loose aliases need a clean left edge."""
        hits: list[tuple[int, int, list[_Entry]]] = []
        blocked: set[tuple[int, str]] = set()  # (end, unit): a longer form ending there named another place
        foreign = foreign if foreign is not None else []
        for i in range(len(q) - 1):
            for text in self._by_head.get(q[i : i + 2], ()):
                if not q.startswith(text, i):
                    continue
                end = i + len(text)
                entries = []
                for e in self._by_alias[text]:
                    if (end, e.unit) in blocked:
                        continue
                    if _foreign_place_before(q, i, e):
                        blocked.add((end, e.unit))
                        foreign.append((i, end))
                    else:
                        entries.append(e)
                if entries:
                    hits.append((i, end, entries))
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int, tuple[str, ...], float]] = []
        for start, end, entries in hits:
            if any(start < t_end and t_start < end for t_start, t_end, _, _ in taken):
                continue
            best = max(len(e.alias.places) == 0 for e in entries)
            kept = [e for e in entries if (len(e.alias.places) == 0) == best]
            units = tuple(dict.fromkeys(e.unit for e in kept))
            score = min(1.0, max((end - start) / max(len(e.core), 1) for e in kept))
            taken.append((start, end, units, round(score, 3)))
        return taken

    def _split_mentions(
        self, q: str, taken: Sequence[tuple[int, int, tuple[str, ...], float]]
    ) -> list[tuple[int, int, tuple[str, ...], float]]:
        """Place and office named apart: 防城港和铜陵两地市场监管部门 → each place's 市场监管局."""
        matched = {u for _, _, units, _ in taken for u in units}
        free = [not any(s <= i < e for s, e, _, _ in taken) for i in range(len(q))]
        out: list[tuple[int, int, tuple[str, ...], float]] = []
        for name, forms, stem, core_len in self._apart:
            if name in matched:
                continue
            for place in forms:
                i = q.find(place)
                if i < 0 or not all(free[i : i + len(place)]):
                    continue
                j = q.find(stem, i + len(place), i + len(place) + 12 + len(stem))
                if j >= 0:
                    out.append((i, i + len(place), (name,), round(len(place + stem) / core_len, 3)))
                    break
        return out

    @staticmethod
    def _unknown(text: str, canon: Canon, spans: Sequence[tuple[int, int]]) -> tuple[str, ...]:
        out = []
        for m in _MENTION_RE.finditer(canon.text):
            if (c := _COMMITTEE_RE.fullmatch(m.group())) and everyday(c.group(1), _PROPER):
                continue  # 属于市委第几轮, 来自市委哪个组: a verb before the committee, no place
            if not any(m.start() < e and s < m.end() for s, e in spans):
                a, b = canon.span(m.start(), m.end())
                out.append(text[a:b])
        return tuple(out)

    @staticmethod
    def _foreign(
        text: str,
        canon: Canon,
        foreign: Sequence[tuple[int, int]],
        taken: Sequence[tuple[int, int]],
        known: Sequence[str],
    ) -> tuple[str, ...]:
        """Names of another place's office (``杭州住房公积金管理中心``) no alias of the index matched."""
        out: list[str] = []
        for start, end in foreign:
            if any(start < e and s < end for s, e in taken):
                continue
            head = _BARE_PLACE_RE.search(canon.text[:start]) or PLACE_BEFORE_RE.search(
                canon.text[max(0, start - 9) : start]
            )
            a, b = canon.span(start - (len(head.group()) if head else 0), end)
            name = text[a:b]
            if not any(name in k or k in name for k in (*known, *out)):
                out.append(name)
        return tuple(out)

    def suggest(self, text: str, n: int = 3) -> tuple[str, ...]:
        """Unit names close to ``text`` (a name or a question), best first.

        A unit is suggested when it shares at least two characters in a row with ``text``
        beyond a bare place suffix.
        """
        q = canonical(text).text
        scored = []
        for name in self.names:
            core = self.core(name)
            sm = SequenceMatcher(None, q, core, autojunk=False)
            block = sm.find_longest_match(0, len(q), 0, len(core))
            common = q[block.a : block.a + block.size]
            if block.size >= 2 and common.strip("".join(_PLACE_CHARS)):
                scored.append((-block.size, -sm.ratio(), name))
        scored.sort()
        return tuple(name for _, _, name in scored[:n])
