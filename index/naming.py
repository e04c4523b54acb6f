"""Which unit issued a notice, from its title, signature and body; and where a jump cuts a block.

The unit is read, in order of preference, from the signature (the full name a unit signs with),
the title (the words before ``关于``), or the body (the object of ``对…进行了巡察`` /
``向…反馈``). A title name is completed from the body when the body shows more of it: a missing
party-organ suffix (title ``石龙区科学技术协会``, body ``对区科协党组进行了巡察`` →
``石龙区科学技术协会党组``) or a missing place (title ``司法厅党委``, body ``《西藏自治区司法厅…``
→ ``西藏自治区司法厅党委``). Everything is returned in simplified characters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from core.unitnames import PARTY_BODY_SUFFIXES, REGION_SUFFIXES, alternation

UnitSource = Literal["title", "signature", "body", "none"]

_PARTY_PREFIX_RE = re.compile(r"^(?:中国共产党|中共)")
_PARTY_SUFFIX_RE = re.compile(rf"(?:{alternation(PARTY_BODY_SUFFIXES)})$")
_PLACE_RE = re.compile(rf"^(?:[\u4e00-\u9fff]{{1,6}}?(?:{alternation(REGION_SUFFIXES)}))+$")
_PLACE_HEAD_RE = re.compile(r"^[\u4e00-\u9fff]{1,6}?(?:自治区|自治州|省|市|州|盟|县|区|旗)")
_GENERIC_PLACE = re.compile(r"^(?:全|本|该|我|城|各|市|区|县|省|自治|中央)")
_OBJECT_RES = (
    re.compile(r"巡[察视][^。\n]{0,40}?对(?P<obj>[^，。,；;\n]{2,40}?)(?:进行|开展|实施)"),
    re.compile(r"向(?P<obj>[^，。,；;\n]{2,40}?)反馈"),
    re.compile(r"对(?P<obj>[^，。,；;\n]{2,40}?)(?:进行|开展)了?[^，。\n]{0,12}?巡[察视]"),
)
_PAREN_RE = re.compile(r"[（(][^）)]*[）)]")


@dataclass(frozen=True)
class NoticeCues:
    """What the splitter saw of one notice (simplified text, offsets into the notice)."""

    title: str = ""
    """The title line, or ''."""
    title_start: int = -1
    """Offset of the title, or -1."""
    title_unit: str = ""
    """The words before ``关于`` in the title, or ''."""
    signature_unit: str = ""
    """The signing unit, or ''."""
    signature_start: int = -1
    """Offset of the signature line, or -1."""


def core(name: str) -> str:
    """A unit name without party prefix and party-organ suffix.

    >>> core("中共无锡市科学技术协会党组")
    '无锡市科学技术协会'
    """
    name = _PAREN_RE.sub("", name)
    name = _PARTY_PREFIX_RE.sub("", name)
    stripped = _PARTY_SUFFIX_RE.sub("", name)
    return stripped or name


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def same_unit(a: str, b: str) -> bool:
    """Whether two names plausibly name the same unit (one is the other's abbreviation or extension).

    >>> same_unit("司法厅党委", "西藏自治区司法厅党委"), same_unit("中共甲市机场集团委员会", "中共甲市科协党组")
    (True, False)
    """
    ca, cb = core(a), core(b)
    if not ca or not cb:
        return False
    short, long = sorted((ca, cb), key=len)
    return short in long or (len(short) >= 3 and _subsequence(short, long) and short[-1] == long[-1])


def _pairs(name: str) -> set[str]:
    chars = [c for c in core(name) if "\u4e00" <= c <= "\u9fff"]
    return {chars[i] + chars[j] for i in range(len(chars)) for j in range(i + 1, len(chars))}


def find_jump(norm: str, lines: list[tuple[int, int]], first: str, second: str) -> int | None:
    """Where a block named ``first`` turns into a block named ``second`` (a line start), or None.

    Each line is scored by how many character pairs specific to each name it contains (``科协``
    is a pair of ``科学技术协会``); the cut maximizes first-name evidence before it and
    second-name evidence after it. Lines that start after an unfinished line (a page cut) are
    preferred on a tie.
    """
    pa, pb = _pairs(first), _pairs(second)
    pa, pb = pa - pb, pb - pa
    if not pa or not pb or len(lines) < 3:
        return None
    scores = []
    for s, e in lines:
        seg = norm[s:e]
        scores.append(sum(seg.count(p) for p in pa) - sum(seg.count(p) for p in pb))
    total = sum(scores)
    best, best_at = None, None
    before = 0
    for k in range(1, len(lines)):
        before += scores[k - 1]
        s = lines[k][0]
        if not norm[s : lines[k][1]].strip():
            continue
        prev = norm[lines[k - 1][0] : lines[k - 1][1]].rstrip()
        j = k - 1
        while not prev and j > 0:
            j -= 1
            prev = norm[lines[j][0] : lines[j][1]].rstrip()
        cut_bonus = 0.5 if prev and prev[-1] not in '。！？；：:!?;”"）)' else 0.0
        value = before - (total - before) + cut_bonus
        if best is None or value > best:
            best, best_at = value, s
    if best is None or best <= 1:
        return None
    return best_at


def _object(norm: str) -> str:
    head = norm[:600]
    for pattern in _OBJECT_RES:
        m = pattern.search(head)
        if m:
            obj = _PAREN_RE.sub("", m.group("obj")).strip()
            obj = re.sub(r"^(?:了|于)", "", obj)
            if 2 <= len(obj) <= 30:
                return obj
    return ""


def _place_prefix(norm: str, name_core: str) -> str:
    """The most frequent place name written right before ``name_core`` in the body."""
    if len(name_core) < 3:
        return ""
    seen: Counter[str] = Counter()
    for m in re.finditer(re.escape(name_core), norm):
        back = norm[max(0, m.start() - 12) : m.start()]
        for i in range(len(back)):
            cand = back[i:]
            head_ok = i == 0 or not ("\u4e00" <= back[i - 1] <= "\u9fff") or back[:i].endswith("中共")
            if head_ok and _PLACE_RE.match(cand) and not _GENERIC_PLACE.match(cand) and len(cand) >= 3:
                seen[cand] += 1
                break
    if not seen:
        return ""
    return max(seen.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


def _complete(name: str, norm: str, *, force_place: bool) -> str:
    obj = _object(norm)
    suffix = _PARTY_SUFFIX_RE.search(obj) if obj else None
    if suffix and not _PARTY_SUFFIX_RE.search(name) and _subsequence(core(obj), core(name)):
        name += suffix.group()
    name_core = core(name)
    if force_place or not _PLACE_HEAD_RE.match(name_core):
        prefix = _place_prefix(norm, name_core)
        if prefix and not name_core.startswith(prefix):
            lead = _PARTY_PREFIX_RE.match(name)
            cut = lead.end() if lead else 0
            name = name[:cut] + prefix + name[cut:]
    return name


def choose_unit(norm: str, cues: NoticeCues) -> tuple[str, UnitSource]:
    """The issuing unit of a notice (simplified) and where it was read.

    Args:
        norm: The notice text in simplified characters.
        cues: What the splitter saw: title unit and signature unit.
    """
    title_unit = re.sub(r"\s+", "", cues.title_unit)
    sig_unit = re.sub(r"\s+", "", cues.signature_unit)
    if sig_unit and (
        not title_unit or not same_unit(title_unit, sig_unit) or len(sig_unit) >= len(title_unit)
    ):
        return sig_unit, "signature"
    if title_unit:
        return _complete(title_unit, norm, force_place=False), "title"
    obj = _object(norm)
    if obj:
        return _complete(obj, norm, force_place=True), "body"
    return "", "none"
