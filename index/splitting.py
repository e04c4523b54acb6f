"""Split a cleaned file text into notices and build their records.

A file may hold one notice, a compilation of many, or a newspaper page where one notice jumps
into another. Boundaries come from general cues, never from offsets:

* a **title line** (``…关于…巡察/巡视…整改…情况的通报/报告/公告/公示``) starts a notice, even
  when it is glued to the end of the previous notice's last line;
* an **end** (a signature unit with its date, or the public-supervision block
  ``欢迎广大干部群众…监督`` with its contact lines) closes one: text after it that is not a
  title starts an untitled notice;
* a second **opening formula** (``根据…统一部署，…巡察组对…进行了巡察``) inside one block starts
  a new notice;
* a block whose title names one unit and whose signature names another holds a **jump**: it is
  cut where the body stops talking about the first unit and starts talking about the second.

Unit naming lives in :mod:`index.naming`; facts and problems come from
:mod:`index.facts`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from itertools import pairwise

from core.normalize import to_search, to_simplified
from core.types import Notice
from index import facts as facts_mod
from index import problems as problems_mod
from index.naming import NoticeCues, choose_unit, find_jump, same_unit
from index.notice_text import read

_H = r"[ \t\u3000\xa0]"
TITLE_RE = re.compile(
    r"^(?:(?P<unit>[^，。；：:！？!?\s《“]{0,60}?)(?P<about>关于))?"
    r"(?P<rest>[^。；！？!?\n]{0,80}?(?:巡察|巡视|巡查)[^。；！？!?\n]{0,60}?(?:整改|反馈)[^。；！？!?\n]{0,40}?"
    r"(?:通报|报告|公告|公示))"
    r"(?:[（(][^）)\n]{1,20}[）)])?$"
)
"""A notice title line (in simplified characters), with the issuing unit before ``关于``."""
_GLUED_TITLE_RE = re.compile(
    r"(?<=[。！？!?])[ \t\u3000]*(?=[^。；！？!?\n《“]{2,60}?关于[^。；！？!?\n]{0,80}?(?:巡察|巡视)"
    r"[^。；！？!?\n]{0,60}?整改[^。；！？!?\n]{0,40}?(?:通报|报告|公告|公示)$)",
    re.MULTILINE,
)
"""A title glued to the end of the previous line, right after a sentence end."""
DATE_RE = re.compile(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?")
_DATELINE_RE = re.compile(
    rf"^{_H}*(?:(?:发布)?(?:时间|日期)[:：]{_H}*)?\d{{4}}{_H}*[年\-./]{_H}*\d{{1,2}}{_H}*[月\-./]{_H}*\d{{1,2}}{_H}*日?"
    rf"(?:{_H}+.{{0,40}})?$"
)
_OPENING_RE = re.compile(
    r"^(?:根据|按照|依据|据)[^。\n]{0,60}?(?:部署|安排|要求)[^。\n]{0,80}?(?:巡察|巡视)[^。\n]{0,60}?"
    r"(?:对|向)[^。\n]{1,60}?(?:进行|开展|反馈|实施)"
)
_CLOSING_RE = re.compile(r"^欢迎[^。\n]{0,40}?监督")
_CONTACT_RE = re.compile(
    rf"^(?:联系|电话|通信|通讯|邮政|邮编|地{_H}*址|电子|邮箱|传真|来信|举报|信箱|E-?mail|email)",
    re.IGNORECASE,
)
_ORG_END = (
    r"(?:党组|党委|委员会|党支部|党总支|工委|党工委|区委|县委|市委|州委|省委|镇委|办公室|局|厅|协会|"
    r"中心|院|政府|联合会|联社|总社|公司|学校|中学|小学|大学|部)"
)
_SIGNATURE_RE = re.compile(
    rf"^(?P<unit>[^\s，。；：:,、！？()（）“”]{{3,40}}?{_ORG_END})(?:{_H}{{2,}}(?P<date>.+))?$"
)
_SIGNED_DATE_RE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


@dataclass
class _Line:
    start: int
    end: int
    text: str
    """Simplified, stripped line text."""
    kind: str = ""
    """title / dateline / opening / closing / contact / signature / signed / body / blank."""
    lead: int = 0
    """Leading white space before ``text``."""

    @property
    def text_start(self) -> int:
        """Offset of the stripped text."""
        return self.start + self.lead


def _lines(norm: str) -> list[_Line]:
    cuts = [m.start() for m in _GLUED_TITLE_RE.finditer(norm)]
    out: list[_Line] = []
    pos = 0
    for m in re.finditer(r"[^\n]*", norm):
        if m.start() < pos or (m.start() == m.end() and m.start() > 0 and norm[m.start() - 1] != "\n"):
            continue
        s, e = m.start(), m.end()
        inner = [c for c in cuts if s < c < e]
        for c in [*inner, e]:
            raw = norm[s:c]
            out.append(_Line(s, c, raw.strip(), lead=len(raw) - len(raw.lstrip())))
            s = c
        pos = e
    return out


def _classify(lines: list[_Line]) -> None:
    for ln in lines:
        t = ln.text
        if not t:
            ln.kind = "blank"
        elif len(t) <= 110 and TITLE_RE.match(t) and not _starts_with_marker(t):
            ln.kind = "title"
        elif len(t) <= 60 and _DATELINE_RE.match(t):
            ln.kind = "signed" if _SIGNED_DATE_RE.match(t) else "dateline"
        elif _OPENING_RE.match(t):
            ln.kind = "opening"
        elif _CLOSING_RE.match(t):
            ln.kind = "closing"
        elif len(t) <= 120 and _CONTACT_RE.match(t):
            ln.kind = "contact"
        else:
            ln.kind = "body"
    for i, ln in enumerate(lines):
        if ln.kind != "body" or len(ln.text) > 40:
            continue
        m = _SIGNATURE_RE.match(ln.text)
        if not m:
            continue
        nxt = _next_nonblank(lines, i)
        dated = bool(m.group("date") and DATE_RE.match(m.group("date")))
        if dated or (
            nxt is not None and lines[nxt].kind in ("signed", "dateline") and _near_end_block(lines, i)
        ):
            ln.kind = "signature"
    for i, ln in enumerate(lines):
        if ln.kind == "signed":
            prev = _prev_nonblank(lines, i)
            if prev is None or lines[prev].kind != "signature":
                ln.kind = "dateline"


_MARKER_START = re.compile(
    r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、])"
)


def _starts_with_marker(t: str) -> bool:
    return bool(_MARKER_START.match(t))


def _next_nonblank(lines: list[_Line], i: int) -> int | None:
    for j in range(i + 1, len(lines)):
        if lines[j].kind != "blank":
            return j
    return None


def _prev_nonblank(lines: list[_Line], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if lines[j].kind != "blank":
            return j
    return None


def _near_end_block(lines: list[_Line], i: int) -> bool:
    """A signature follows a closing/contact block, or ends the text, or precedes a title."""
    prev = _prev_nonblank(lines, i)
    if prev is not None and lines[prev].kind in ("closing", "contact"):
        return True
    nxt = _next_nonblank(lines, i)
    after = _next_nonblank(lines, nxt) if nxt is not None else None
    return after is None or lines[after].kind in ("title", "opening")


def _block_ends(lines: list[_Line]) -> list[int]:
    """Indices of the last line of each end block (signature date, or closing + contact lines)."""
    ends: list[int] = []
    i = 0
    while i < len(lines):
        kind = lines[i].kind
        if kind == "signature":
            nxt = _next_nonblank(lines, i)
            ends.append(nxt if nxt is not None and lines[nxt].kind == "signed" else i)
            i = ends[-1] + 1
            continue
        if kind == "closing":
            j = i
            while (nxt := _next_nonblank(lines, j)) is not None and lines[nxt].kind == "contact":
                j = nxt
            nxt = _next_nonblank(lines, j)
            if nxt is not None and lines[nxt].kind == "signature":
                i = nxt
                continue
            ends.append(j)
            i = j + 1
            continue
        i += 1
    return ends


def _starts(lines: list[_Line]) -> list[int]:
    starts: set[int] = set()
    for i, ln in enumerate(lines):
        if ln.kind == "title":
            starts.add(i)
    for e in _block_ends(lines):
        nxt = _next_nonblank(lines, e)
        if nxt is not None and lines[nxt].kind != "title":
            starts.add(nxt)
    ordered = sorted(starts)
    # a second opening formula inside one block starts an untitled notice
    bounds = [*ordered, len(lines)]
    for a, b in pairwise(bounds):
        openings = [k for k in range(a, b) if lines[k].kind == "opening"]
        for k in openings[1:]:
            starts.add(k)
    if not starts:
        return [0]
    return sorted(starts)


def _has_cue(lines: list[_Line]) -> bool:
    return any(ln.kind in ("title", "opening", "closing", "signature") for ln in lines)


def _segments(norm: str) -> list[tuple[int, int, list[_Line]]]:
    lines = _lines(norm)
    _classify(lines)
    starts = _starts(lines)
    segs: list[tuple[int, int, list[_Line]]] = []
    if starts[0] > 0 and _has_cue(lines[: starts[0]]):
        starts = [0, *starts]
    for a, b in zip(starts, [*starts[1:], len(lines)], strict=False):
        part = lines[a:b]
        if not any(ln.text for ln in part):
            continue
        if segs and not _has_cue(part):
            pa, _, pl = segs[-1]
            pl.extend(part)  # in place: copying the growing list was quadratic in the parts
            segs[-1] = (pa, part[-1].end, pl)
            continue
        segs.append((part[0].start, part[-1].end, part))
    return segs


def _cues(norm: str, part: list[_Line]) -> NoticeCues:
    title = next((ln for ln in part[:3] if ln.kind == "title"), None)
    sig = next((ln for ln in reversed(part) if ln.kind == "signature"), None)
    title_unit = ""
    if title is not None:
        m = TITLE_RE.match(title.text)
        title_unit = m.group("unit") if m and m.group("about") else ""
    sig_unit = ""
    if sig is not None:
        m = _SIGNATURE_RE.match(sig.text)
        sig_unit = m.group("unit") if m else ""
    return NoticeCues(
        title=title.text if title else "",
        title_start=title.text_start if title else -1,
        title_unit=title_unit,
        signature_unit=sig_unit,
        signature_start=sig.text_start if sig else -1,
    )


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def split_spans(text: str) -> list[tuple[int, int]]:
    r"""Character spans of the notices in a cleaned file text, in order.

    >>> t = "甲局党组关于巡察整改情况的通报\n正文。\n乙局党组关于巡察整改情况的通报\n正文。"
    >>> [t[a:b].split(chr(10))[0] for a, b in split_spans(t)]
    ['甲局党组关于巡察整改情况的通报', '乙局党组关于巡察整改情况的通报']
    """
    return [span for span, _ in _split(text)]


def _split(text: str) -> list[tuple[tuple[int, int], NoticeCues]]:
    norm = to_simplified(text)
    out: list[tuple[tuple[int, int], NoticeCues]] = []
    for a, b, part in _segments(norm):
        cues = _cues(norm, part)
        cut = None
        if cues.title_unit and cues.signature_unit and not same_unit(cues.title_unit, cues.signature_unit):
            cut = find_jump(norm, [(ln.start, ln.end) for ln in part], cues.title_unit, cues.signature_unit)
        if cut is None:
            out.append((_strip_span(text, a, b), cues))
            continue
        first = [ln for ln in part if ln.end <= cut]
        second = [ln for ln in part if ln.start >= cut]
        out.append((_strip_span(text, a, cut), _cues(norm, first)))
        out.append((_strip_span(text, cut, b), _cues(norm, second)))
    return [(span, cues) for span, cues in out if span[1] > span[0]]


def notice_id(source: str, text: str) -> str:
    """Stable id of a notice: the first 16 hex digits of sha256(source + text)."""
    return hashlib.sha256((source + text).encode("utf-8")).hexdigest()[:16]


def parse_notices(text: str, source: str) -> list[Notice]:
    """Split cleaned display text into complete :class:`Notice` records.

    Args:
        text: One file's cleaned display text (traditional characters stay as written).
        source: The file name, as given to ``index``.

    Returns:
        The notices in file order, each with unit, title, facts and problems.
    """
    notices: list[Notice] = []
    for ordinal, ((a, b), cues) in enumerate(_split(text)):
        body = text[a:b]
        shift = a
        local = NoticeCues(
            title=cues.title,
            title_start=cues.title_start - shift if cues.title_start >= 0 else -1,
            title_unit=cues.title_unit,
            signature_unit=cues.signature_unit,
            signature_start=cues.signature_start - shift if cues.signature_start >= 0 else -1,
        )
        unit, unit_from = choose_unit(read(body).norm, local)
        title = (
            body[local.title_start : local.title_start + len(cues.title)] if local.title_start >= 0 else ""
        )
        facts = facts_mod.extract_facts(body, title, unit)
        facts = replace(facts, status_note=facts_mod.status_note(facts))
        stated = facts_mod.stated_counts(facts)
        problems = facts_mod.extract_problems(body, stated)
        notices.append(
            Notice(
                id=notice_id(source, body),
                unit=unit,
                title=title,
                source=source,
                text=body,
                search_text=to_search(body),
                facts=facts,
                problems=problems,
                structure_note=problems_mod.structure_note(stated[0] if stated else None, problems),
                ordinal=ordinal,
                unit_from=unit_from,
            )
        )
    return notices
