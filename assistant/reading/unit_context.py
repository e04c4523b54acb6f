"""A unit named in the light of the rest of the question: a bare office word narrowed, a bare place paired.

``石龙区科协…向科协反馈``: the second 科协 is the unit already named; ``石龙区街道…科协``: the place
named picks the 科协 there, and 石龙区街道 is a level below that unit's place, not another unit;
``洪江和赣州谁问题多``: 赣州, paired with a unit in a comparison, names the one unit of that place;
``盐城、西安两个科协``: a suffix typed once is spelled out for each name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from core.persons import everyday
from core.unitnames import ORG_SUFFIXES, alternation

Mention = tuple[int, int, tuple[str, ...], float]
"""A unit mention while a question is read: start, end, the units it may name, its score."""


class Directory(Protocol):
    """What the readers here need of a unit directory."""

    names: tuple[str, ...]

    def core(self, name: str) -> str: ...

    def places(self, unit: str) -> tuple[str, ...]: ...

    def offices(self, unit: str) -> tuple[str, ...]: ...


class Resolver(Protocol):
    """A directory that resolves a question's units."""

    def resolve(self, text: str) -> Any: ...


_PAIRED_PLACE_RE = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(?:和|跟|与|同|比|、)([\u4e00-\u9fff]{2,8}?)(?=[，,、]?(?:这两|两个|两家|俩|谁|哪|比|相比|的|是|分别|各))"
)
"""Two names paired before a comparison (``甲和乙谁…``, ``甲跟乙比``): a bare place among them may name a unit."""
_BELOW_RE = re.compile(r"(?:各|所有|全部|下属)?(?:街道|社区|乡镇|镇|村|村组|基层)")
"""The levels below a place (街道, 乡镇): named after a unit's place they are content, not another unit."""


def narrowed(directory: Directory, q: str, found: list[Mention]) -> list[Mention]:
    """A bare office word of several units, narrowed by the rest of the question.

    Said again after a unit of that kind is named (``石龙区科协…向科协反馈``) it refers back to
    that unit; otherwise a place named elsewhere in the question (``石龙区街道…科协``) picks
    the units carrying it.
    """
    sure = {units[0] for _, _, units, _ in found if len({directory.core(u) for u in units}) == 1}
    out = []
    for start, end, units, score in found:
        if len({directory.core(u) for u in units}) > 1:
            rest = q[:start] + " " * (end - start) + q[end:]
            back = [u for u in units if u in sure] or [
                u for u in units if any(p in rest for p in directory.places(u))
            ]
            units = tuple(back) or units
        out.append((start, end, units, score))
    return out


def paired_places(directory: Directory, q: str, found: Sequence[Mention]) -> list[Mention]:
    """A bare place paired with a named unit (``洪江和赣州谁问题多``): the one unit of that place.

    Only beside a unit already named (和, 跟, 与, 比, 、), and only when a single unit of the
    index carries the place; otherwise the place is content.
    """
    out: list[Mention] = []
    for m in _PAIRED_PLACE_RE.finditer(q):
        for start, end in ((m.start(1), m.end(1)), (m.start(2), m.end(2))):
            other = (m.start(2), m.end(2)) if start == m.start(1) else (m.start(1), m.end(1))
            if any(s < end and start < e for s, e, _, _ in (*found, *out)):
                continue
            if not any(
                s <= other[0] and other[1] <= e or (other[0] <= s and e <= other[1]) for s, e, _, _ in found
            ):
                continue
            for at in range(start, end - 1):  # the first name may carry words before it (请问洪江)
                units = [u for u in directory.names if q[at:end] in directory.places(u)]
                if len(units) == 1:
                    out.append((at, end, (units[0],), 0.5))
                    break
    return out


def below_a_place(directory: Directory, name: str, units: Sequence[str]) -> bool:
    """Whether ``name`` is a named unit's place with a level below it (石龙区街道, 资阳区各乡镇): no unit of its own."""
    return any(
        name.startswith(p) and _BELOW_RE.fullmatch(name[len(p) :]) is not None
        for u in units
        for p in directory.places(u)
    )


_SHARED_SUFFIX_RE = re.compile(
    r"((?:[\u4e00-\u9fff]{2,6}?(?:和|与|及|跟|、|同)){1,4})([\u4e00-\u9fff]{2,6}?)"
    r"(?:这|那)?(?:两个|两家|俩|二者|两|[三四五几]个|[三四五几]家)?"
    rf"((?:市|区|县|省|州)?[\u4e00-\u9fff]{{0,6}}?(?:{alternation(ORG_SUFFIXES)}))"
)
_SEPARATOR_RE = re.compile(r"和|与|及|跟|、|同")


def expand_shared_suffix(question: str, directory: Resolver) -> str:
    """Spell out a unit suffix typed once for two units (``无锡和盐城两个科协`` → both 科协 named).

    The expansion is kept only when it names two or more units unambiguously where the question
    as typed names fewer, names several for one word, or names an unknown unit.

    >>> from assistant.reading.units import UnitDirectory
    >>> d = UnitDirectory(["中共无锡市科学技术协会党组", "中共无锡苏南国际机场集团有限公司委员会", "盐城市科学技术协会党组"])
    >>> expand_shared_suffix("无锡和盐城两个科协哪个先被巡察？", d)
    '无锡科协和盐城科协哪个先被巡察？'
    >>> expand_shared_suffix("无锡、盐城两个科协谁先被巡察？", d)
    '无锡科协和盐城科协谁先被巡察？'
    """
    m = _SHARED_SUFFIX_RE.search(question)
    if m is None:
        return question
    names = [*(n for n in _SEPARATOR_RE.split(m.group(1)) if n), m.group(2)]
    suffix = m.group(3)
    expanded = question[: m.start()] + "和".join(f"{n}{suffix}" for n in names) + question[m.end() :]
    typed, spelled = directory.resolve(question), directory.resolve(expanded)
    clearer = typed.ambiguous or len(typed.units) < 2 or bool(typed.unknown)
    return expanded if len(spelled.units) >= 2 and not spelled.ambiguous and clearer else question


_GENERIC_HEADS = frozenset(
    ("管理", "中心", "委员", "党组", "党委", "工作", "办公", "人民", "机关", "委会", "市委", "区委", "县委")
)
"""Heads too common to name an office on their own."""
_HEAD_CHARS = 5
_PLACE_SUFFIX_CHARS = "市区县省州镇乡"
_OFFICE_END_RE = re.compile(r"[\u4e00-\u9fff]{0,2}?(?:局|部|委|办|院|所|厅|协|会|社|站|队|中心)")
"""An office's suffix right after the head typed (科技|局, 科|协): the name typed is of that office."""


def truncated(directory: Directory, q: str, found: Sequence[Mention]) -> list[Mention]:
    """A place followed by the head of its office, the rest left off (东莞公积金, 福清检, 南安住建, 大庆统战).

    The head must be part of exactly one office of the units at that place (two characters or more,
    or a first character that only one office there starts with); a place already in a mention, or
    followed by nothing of an office, names no unit here.
    """
    out: list[Mention] = []
    spans = [(s, e) for s, e, _, _ in found]
    for unit in directory.names:
        for place in directory.places(unit):
            for m in re.finditer(re.escape(place), q):
                if any(
                    s < m.end() + 1 and m.start() < e for s, e in (*spans, *((a, b) for a, b, _, _ in out))
                ):
                    continue
                rest = q[m.end() : m.end() + _HEAD_CHARS]
                hit = _office_head(directory, place, rest)
                if hit is not None:
                    out.append((m.start(), m.end() + hit[1], (hit[0],), 0.5))
    return out


def _inside_office(head: str, office: str) -> bool:
    """Whether ``head`` is part of ``office`` past nothing but everyday words (住房|公积金, not 良庆|生态环境局:
    南宁市生态环境局 is the city's office, not the district's)."""
    at = office.find(head)
    return at == 0 or (at > 0 and everyday(office[:at], ("nr", "ns", "nt", "nz")))


def _office_head(directory: Directory, place: str, rest: str) -> tuple[str, int] | None:
    """The one unit at ``place`` whose office the start of ``rest`` is part of, and how much of ``rest`` it is."""
    here = [u for u in directory.names if place in directory.places(u)]
    if not rest or rest[0] in _PLACE_SUFFIX_CHARS:
        return None  # 铜陵|市…: the place's own suffix, read with the place's full form
    for k in range(min(len(rest), _HEAD_CHARS), 0, -1):
        head = rest[:k]
        if not re.fullmatch(r"[\u4e00-\u9fff]+", head) or head in _GENERIC_HEADS:
            continue
        if k == 1:
            units = [u for u in here if any(o.startswith(head) for o in directory.offices(u))]
        else:
            units = [u for u in here if any(_inside_office(head, o) for o in directory.offices(u))]
        if len(set(units)) == 1:
            more = _OFFICE_END_RE.match(rest, k)  # 西安科|技局: the name goes on to another office
            if more is not None and not any(rest[: more.end()] in o for o in directory.offices(units[0])):
                return None
            return units[0], k
        if units:
            return None  # several offices there share it: not this way
    return None
