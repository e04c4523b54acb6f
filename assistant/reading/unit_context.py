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

from core.unitnames import ORG_SUFFIXES, alternation

Mention = tuple[int, int, tuple[str, ...], float]
"""A unit mention while a question is read: start, end, the units it may name, its score."""


class Directory(Protocol):
    """What the readers here need of a unit directory."""

    names: tuple[str, ...]

    def core(self, name: str) -> str: ...

    def places(self, unit: str) -> tuple[str, ...]: ...


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
