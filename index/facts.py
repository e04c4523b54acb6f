"""Rule-based facts of a notice, each with the exact words it was read from.

Every pattern runs on ``to_simplified(text)``, which has the same length as the display text, so
a match's offsets are offsets into ``Notice.text`` and ``Fact.quote`` is the display slice
(traditional characters stay traditional in quotes; values are simplified). A fact the notice
does not state is ``None``: nothing is guessed. When the notice states the same fact twice with
different values, the first is kept and the others go to ``Fact.also``. Counts of another
inspection, of problems taken over, of a part or inside a slogan are not the notice's
(:mod:`index.sources`, told apart by the notice's own group and level).

The problem list (numbered problems, their status and measures) lives in :mod:`index.problems`;
:func:`extract_problems` is re-exported here as part of this module's public API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from core.normalize import to_simplified
from core.numerals import number_value
from core.sentences import trimmed_spans
from core.types import Fact, NoticeFacts, Problem
from index import problems as problems_mod
from index.dates import compact_value, feedback_date, inspection_period, signed
from index.notice_text import read
from index.outcomes import outcome_facts
from index.sources import UNKNOWN, Own, in_quote, is_part, other_inspection, taken_over
from index.status import STATUS_KEYS, in_book_title, status_counts

NUM = r"(?<![\d一二三四五六七八九十两])[\d一二三四五六七八九十两]{1,8}"
"""A count as written, read from where its digits start: a long run of digits is tried once, not
from every one of its positions (which was quadratic in the run's length)."""
_ORG = r"(?:自治区党委|区党委|省委|市委|区委|县委|州委|旗委|盟委|工委|党委|党组)"
_GROUP_RE = re.compile(
    rf"(?P<org>{_ORG})?(?:第[一二三四五六七八九十\d]+|交叉|联动|专项|机动|提级)*(?:巡察|巡视)"
    r"(?:[一二三四五六七八九十\d]+)?组(?:、[一二三四五六七八九十\d]+组)*"
)
_SPECIFIC_RE = re.compile(r"第|[一二三四五六七八九十\d]组|交叉|联动|专项|机动|提级")
_INSPECT_RE = re.compile(r"对[^。；]{1,50}?(?:进行|开展|实施)|向[^。；]{1,40}?反馈|反馈")
_ROUND_RES = (
    re.compile(r"第?[一二三四五六七八九十]+届[\u4e00-\u9fff]{0,6}?第[一二三四五六七八九十\d]+轮"),
    re.compile(r"(?:自治区党委|区党委|省委|市委|区委|县委|州委)(?:\d{4}年)?第[一二三四五六七八九十\d]+轮"),
)
_PROBLEMS_RES = (
    re.compile(
        rf"(?P<aspects>{NUM})个?(?:方面|大类|大项|类|项)(?:(?P<items>{NUM})项)?(?:共|共计)?"
        rf"(?P<n>{NUM})(?:个|条|项)(?:具体)?问题"
    ),
    re.compile(rf"(?:反馈|指出|提出|发现)(?:的|了)?(?:共|共计)?(?P<n>{NUM})(?:个|条|项)(?:具体)?问题"),
    re.compile(rf"反馈(?:的)?问题(?:共|共计)?(?P<n>{NUM})(?:个|条|项)"),
)
_MEASURES_RES = (
    re.compile(
        rf"(?:制定|细化|提出|明确|形成|梳理|分解|研究|列出|确定)[^。；，,]{{0,16}}?(?P<n>{NUM})(?:条|项|个)"
        r"(?:具体)?(?:整改)?(?:措施|举措)"
    ),
    re.compile(rf"整改(?:措施|举措)(?:共|共计)?(?P<n>{NUM})(?:条|项|个)"),
)
_CLOSING_RE = re.compile(r"欢迎[^。\n]{0,40}?监督")
_HEAD_CHARS = 1500
"""How far into a notice its opening facts (round, inspection group) are looked for."""
_OTHER_SOURCE_RE = re.compile(r"主题教育|督查|审计|信访|上轮|上一轮|此前|以前|排查|检查出|专项巡察|污染防治")
_STOP = r"(?=[，,（(]?\s*(?:邮政编码|邮编|电子|联系|电话|通信|通讯|邮政信箱)|[；;。\n]|$)"
_CONTACT_RES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "phone",
        re.compile(
            r"(?:联系电话|监督电话|举报电话|电话|联系方式)\s*[:：;；]?\s*(?:电话\s*[:：]?\s*)?"
            r"(?P<v>(?:\d{3,4}\s*[-—–－]+\s*)?\d{5,8}(?:\s*[、,，/或]\s*(?:\d{3,4}\s*[-—–－]+\s*)?\d{5,8})*)"
        ),
    ),
    (
        "email",
        re.compile(
            r"(?:电子邮箱|电子信箱|电子邮件|邮箱|E-?mail)\s*[:：]?\s*"
            r"(?P<v>[A-Za-z0-9][A-Za-z0-9_.\-@＠]*[A-Za-z0-9](?:\.\s?[A-Za-z]{2,4})?)",
            re.IGNORECASE,
        ),
    ),
    (
        "address",
        re.compile(
            rf"(?:通信地址|通讯地址|邮寄地址|邮政地址|联系地址|地\s*址)\s*[:：]\s*(?P<v>[^；;。\n]+?){_STOP}"
        ),
    ),
    ("mailbox", re.compile(rf"邮政信箱(?:地址)?\s*[:：]\s*(?P<v>[^；;。\n]+?){_STOP}")),
    ("postcode", re.compile(r"(?:邮政编码|邮编)\s*[:：]?\s*(?P<v>\d{6})")),
)


def number(text: str) -> int:
    """The value of a count as written (``17``, ``十七``, ``两``).

    >>> number("二十八"), number("125"), number("两")
    (28, 125, 2)
    """
    return number_value(text)


def _fact(
    text: str,
    start: int,
    end: int,
    value: str,
    num: int | None = None,
    detail: dict[str, int | str] | None = None,
) -> Fact:
    return Fact(value=value, quote=text[start:end], start=start, end=end, number=num, detail=detail or {})


def _with_also(facts: Iterable[Fact], same: Callable[[Fact, Fact], bool]) -> Fact | None:
    """The first fact, with every later one that disagrees with all kept so far in ``also``."""
    found = list(facts)
    if not found:
        return None
    head, others = found[0], list[Fact]()
    for f in found[1:]:
        if not same(head, f) and not any(same(o, f) for o in others):
            others.append(f)
    if not others:
        return head
    return Fact(head.value, head.quote, head.start, head.end, head.number, head.detail, tuple(others))


def _same_number(a: Fact, b: Fact) -> bool:
    return a.number == b.number


def inspection_body(text: str, norm: str) -> Fact | None:
    """The inspecting group (``市委第五巡察组``); a group named in an inspection sentence wins."""
    specific: list[Fact] = []
    generic: list[Fact] = []
    for s_start, s_end in trimmed_spans(norm):
        if not _INSPECT_RE.search(norm, s_start, s_end):
            continue
        for m in _GROUP_RE.finditer(norm, s_start, s_end):
            start = m.start()
            if norm[max(0, start - 2) : start] == "中央":
                continue
            if m.group("org"):
                back = start
                while back > s_start and start - back < 4 and "\u4e00" <= norm[back - 1] <= "\u9fff":
                    back -= 1
                lead = norm[back:start]
                edge = back == s_start or not ("\u4e00" <= norm[back - 1] <= "\u9fff")
                if edge and len(lead) >= 2 and lead[0] not in "向由对经和与及是的在被为了并于从将把组":
                    start = back
            fact = _fact(text, start, m.end(), compact_value(norm[start : m.end()]))
            (specific if _SPECIFIC_RE.search(m.group()) else generic).append(fact)
    early = [f for f in specific if f.start <= _HEAD_CHARS]
    if early:
        para_end = norm.find("\n", early[0].start)
        para_end = len(norm) if para_end < 0 else para_end
        same_para = [f for f in early if f.start <= para_end]
        return _with_also(same_para, lambda a, b: a.value.endswith(b.value) or b.value.endswith(a.value))
    named = [f for f in generic if re.match(_ORG, f.value)]
    pick = specific or named
    return pick[0] if pick else None


def level(text: str, norm: str, body: Fact | None, title: str) -> Fact | None:
    """巡视 or 巡察: by the inspecting group, else by the title, else by the body's own words."""
    if body is not None:
        word = "巡视" if "巡视" in body.value else "巡察"
        return Fact(word, body.quote, body.start, body.end)
    title_norm = to_simplified(title)
    at = norm.find(title_norm) if title_norm else -1
    for word in ("巡视", "巡察"):
        if at >= 0 and word in title_norm and not ("巡察" in title_norm and word == "巡视"):
            i = at + title_norm.index(word)
            return _fact(text, i, i + 2, word)
    hits = sorted((norm.find(w), w) for w in ("巡视组", "巡察组") if w in norm)
    if hits:
        i, word = hits[0]
        return _fact(text, i, i + 2, word[:2])
    return None


def round_of(text: str, norm: str) -> Fact | None:
    """The inspection round (``十三届市委第十二轮``)."""
    for pattern in _ROUND_RES:
        m = pattern.search(norm, 0, min(len(norm), _HEAD_CHARS))
        if m:
            value = (
                re.sub(r"^第(?=[一二三四五六七八九十]+届)", "", m.group())
                if "委员会" not in m.group()
                else m.group()
            )
            return _fact(text, m.start(), m.end(), compact_value(value))
    return None


_SENTENCE_REACH = 300
"""Characters looked at on each side of a match for the sentence holding it (a line without
punctuation is not re-read whole for every match in it)."""


def _sentence_start(norm: str, pos: int) -> int:
    lo = max(0, pos - _SENTENCE_REACH)
    return max([lo] + [i + 1 for i in (norm.rfind(c, lo, pos) for c in "。！？；;\n") if i >= 0])


def _sentence_at(norm: str, pos: int) -> str:
    a, hi = _sentence_start(norm, pos), min(len(norm), pos + _SENTENCE_REACH)
    ends = [i for i in (norm.find(c, pos, hi) for c in "。！？；;\n") if i >= 0]
    return norm[a : min(ends) if ends else hi]


def _not_own(norm: str, m: re.Match[str], own: Own) -> bool:
    """Whether match ``m`` counts another source's, another inspection's or a part's items."""
    sentence = _sentence_at(norm, m.start())
    at, n_at = _sentence_start(norm, m.start()), m.start("n")
    if in_book_title(norm, n_at) or in_quote(norm, n_at, at) or _OTHER_SOURCE_RE.search(sentence):
        return True
    return other_inspection(sentence, own) or taken_over(norm, at, m.start()) or is_part(norm, at, m.start())


def _counts(
    text: str, norm: str, patterns: tuple[re.Pattern[str], ...], quote_from_n: bool, own: Own = UNKNOWN
) -> Fact | None:
    found: list[tuple[int, Fact]] = []
    for pattern in patterns:
        for m in pattern.finditer(norm):
            if _not_own(norm, m, own):
                continue
            detail: dict[str, int | str] = {}
            groups = m.groupdict()
            if groups.get("aspects"):
                detail["aspects"] = number(groups["aspects"])
            if groups.get("items"):
                detail["items"] = number(groups["items"])
            n = number(m.group("n"))
            q = m.start("n") if quote_from_n and pattern is patterns[0] else m.start()
            fact = _fact(text, q, m.end(), str(n), n, detail)
            found.append((m.start(), fact))
    found.sort(key=lambda p: p[0])
    kept = _dedupe(found)
    if not kept:
        return None
    head = kept[0][1]
    later = [f for _, f in kept[1:] if _inspection_context(_sentence_at(norm, f.start))]
    return _with_also([head, *later], _same_number)


def _inspection_context(sentence: str) -> bool:
    return bool(re.search(r"巡察|巡视|反馈", sentence))


def problems_count(text: str, norm: str, own: Own = UNKNOWN) -> Fact | None:
    """The number of problems fed back (``6个方面17个问题`` → 17, aspects 6), by ``own`` inspection."""
    return _counts(text, norm, _PROBLEMS_RES, quote_from_n=False, own=own)


def measures_count(text: str, norm: str, own: Own = UNKNOWN) -> Fact | None:
    """The number of rectification measures (``整改措施125条`` → 125), by ``own`` inspection."""
    return _counts(text, norm, _MEASURES_RES, quote_from_n=True, own=own)


def _dedupe(found: list[tuple[int, Fact]]) -> list[tuple[int, Fact]]:
    """Drop matches overlapping an earlier one."""
    out: list[tuple[int, Fact]] = []
    for pos, f in found:
        if out and f.start < out[-1][1].end:
            continue
        out.append((pos, f))
    return out


def contact(text: str, norm: str) -> dict[str, Fact]:
    """The public-supervision contacts, read from the ``欢迎…监督`` block to the end."""
    closings = list(_CLOSING_RE.finditer(norm))
    if not closings:
        return {}
    start = closings[-1].start()
    out: dict[str, Fact] = {}
    for key, pattern in _CONTACT_RES:
        m = pattern.search(norm, start)
        if not m:
            continue
        value = m.group("v").strip().rstrip("，,.。")
        end = m.start("v") + len(m.group("v").rstrip().rstrip("，,.。"))
        if key == "phone":
            value = re.sub(r"\s*[-—–－]+\s*", "-", value)
            value = re.sub(r"\s*([、,，/或])\s*", r"\1", value)
        elif key == "email":
            value = value.replace(" ", "")
        out[key] = _fact(text, m.start("v"), end, to_simplified(value))
    return out


def _locate(text: str, norm: str, value: str) -> Fact | None:
    """Where the notice names its unit: the full name, else its longest written tail or head.

    A name completed from several places (title ``司法厅党委`` + body ``西藏自治区司法厅``) is quoted
    by the longest part written in one piece; a name found nowhere has an empty quote.
    """
    if not value:
        return None
    name = re.sub(r"\s+", "", value)
    candidates = [name[i:] for i in range(len(name) - 3)] + [name[:j] for j in range(len(name) - 1, 3, -1)]
    for part in sorted(candidates, key=len, reverse=True):
        at = norm.find(part)
        if at >= 0:
            return Fact(value=value, quote=text[at : at + len(part)], start=at, end=at + len(part))
    return Fact(value=value, quote="", start=0, end=0)


def extract_facts(notice_text: str, title: str, unit: str) -> NoticeFacts:
    """The facts of one notice.

    Args:
        notice_text: The notice's display text.
        title: Its title line ('' for an untitled fragment).
        unit: The issuing unit already resolved by the splitter (simplified).

    Returns:
        Every fact the notice states, with provenance; the rest ``None``.
    """
    norm = read(notice_text).norm
    period = inspection_period(notice_text, norm)
    body = inspection_body(notice_text, norm)
    lev = level(notice_text, norm, body, title)
    own = Own(body.value if body else None, lev.value if lev else None)
    stated = problems_count(notice_text, norm, own)
    title_fact = None
    if title:
        at = notice_text.find(title)
        title_fact = Fact(to_simplified(title), title, at, at + len(title)) if at >= 0 else None
    return NoticeFacts(
        unit=_locate(notice_text, norm, unit),
        title=title_fact,
        level=lev,
        inspection_body=body,
        round=round_of(notice_text, norm),
        inspection_period=period,
        feedback_date=feedback_date(notice_text, norm, period),
        problems=stated,
        measures=measures_count(notice_text, norm, own),
        status=status_counts(notice_text, norm, stated.number if stated else None, own),
        signed=signed(notice_text, norm),
        contact=contact(notice_text, norm),
        **outcome_facts(notice_text, norm, title, own),
    )


def extract_problems(notice_text: str, stated: tuple[int, ...] = ()) -> tuple[Problem, ...]:
    """The numbered problems of one notice, in order (see :mod:`index.problems`)."""
    return problems_mod.extract_problems(notice_text, stated)


def stated_counts(facts: NoticeFacts) -> tuple[int, ...]:
    """The problem counts a notice states (problems, and the 项 level of ``4个方面16项37个问题``)."""
    if facts.problems is None:
        return ()
    items = facts.problems.detail.get("items")
    return tuple(n for n in (facts.problems.number, items if isinstance(items, int) else None) if n)


def status_note(facts: NoticeFacts) -> str | None:
    """One sentence where the stated status counts do not add up to the stated problem count."""
    if facts.problems is None or facts.problems.number is None or len(facts.status) < 1:
        return None
    total = sum(f.number or 0 for f in facts.status.values())
    if total in {facts.problems.number, *stated_counts(facts), *(a.number for a in facts.problems.also)}:
        return None  # the counts add up to one of the stated totals (``细化为28个具体问题表现``)
    parts = "、".join(f"{k}{f.number}个" for k, f in facts.status.items())
    return f"通报所列整改进度（{parts}）合计{total}个，与通报称的{facts.problems.number}个问题不一致"


__all__ = ["STATUS_KEYS", "extract_facts", "extract_problems", "number", "stated_counts", "status_note"]
