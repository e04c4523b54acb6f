"""Question analysis: which units, which filters, and whether the facts table can answer.

``analyze`` reads a question once and returns a typed ``QuestionInfo``. ``kind`` is ``count``,
``list`` or ``compare`` only when the facts table (problem, measure and status counts,
inspection body, dates, contact) can answer; everything else is ``lookup`` and goes to
retrieval. A ``lookup`` may still carry fact ``targets`` (``X的监督电话``, ``X什么时候被巡察``):
the facts answerer tries those first and returns None when the table does not hold them.

The level rule: ``level`` is set only when the question clearly filters on it. ``巡察`` is the
word people use casually for both kinds, so it never filters on its own. ``巡视`` filters when
the question says 巡视 and never 巡察 and names no unit: a named unit already selects its
notices, and a 巡察 notice often reports on problems that a 巡视 fed back. An explicit contrast
(``不是巡察``, ``而非巡视``) sets the other kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.reading.asks import QueryTerms, read_question
from assistant.reading.targets import (  # noqa: F401 (re-exported)
    CONTACT_WORDS,
    STATUS_OVERVIEW,
    STATUS_WORDS,
    Target,
    asks_duration,
    asks_lag,
    read_targets,
    status_keys,
)
from assistant.reading.unit_context import expand_shared_suffix  # noqa: F401 (re-exported)
from assistant.reading.units import UnitDirectory, UnitMatch
from core.normalize import compact
from core.numerals import to_chinese
from core.types import Level
from core.unitnames import split_places

QuestionKind = Literal["count", "list", "compare", "lookup"]
"""count: a number the facts table states; list: the units a facts attribute selects;
compare: a facts-table number over several units; lookup: everything else (retrieval)."""

_NUM = "[一二三四五六七八九十\\d]+"
_STEM = "[^\\W\\d_哪些个单位被由对是的了在各和与及向请问将把有]{2,5}"
_BODY_RE = re.compile(
    rf"((?:中央|自治区党委|区党委|(?:{_STEM})?(?:省委|市委|区委|县委|州委|盟委|旗委))?)"
    rf"(?:第({_NUM})(巡察|巡视)组|(巡察|巡视)({_NUM})组)"
)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|(?!\d))")
_NOTICE_YEAR_RE = re.compile(
    r"(?:19|20)\d{2}年?(?:度)?(?:的)?(?:那|这)?(?:一)?(?:次|轮)?(?:的|被|接受)?(?:省委|市委|区委|县委|州委)?(?:第[一二三四五六七八九十\d]+)?(?:巡察|巡视|整改通报|通报)"
)
_LIST_RE = re.compile(
    r"哪些|哪[两三四五]个|哪[两三四五几]家|哪几个?|哪个|哪家|哪一个|几个|多少个|几家|多少家|列(?:一下|出|个|举)"
)
_LIST_NOUN_RE = re.compile(r"单位|部门|党组织|通报|地方|机关|党组|党委|哪[两三四五几]家|哪些家|哪家")
_LIST_FILLER_RE = re.compile(
    r"有|是|由|被|对|开展|进行|接受|了|的|过|发布|公布|通报|整改|情况|进展|巡察|巡视|单位|部门|党组织|机关|党组|党委"
    r"|哪些|哪几个?|哪个|哪家|哪一个|几个|多少个|几家|多少家|年|在|中|都|分别|[\"“”‘’、?？,，.。!！：:（）()]"
    r"|帮我|给我|请问|请|我|列(?:一下|出|个)?|一下|这些|这批|那些|所有|全部|其中|里面?|本次|这次|才|开始|已经|曾经"
    r"|地方|家|还|呢|吗|有没有|一共|共有|总共|同一天|同一|当天|收到|拿到|反馈意见|反馈|意见|就|进驻|哪两|两|几"
)
"""Words of a list question around its criterion (which units, listed how); what is left is its topic."""
_NEGATED_LEVEL_RE = re.compile(r"(?:不是|而非|非|不含|不包括|除了?|排除)(巡察|巡视)")


@dataclass(frozen=True)
class QuestionInfo:
    """What a question asks, read once."""

    question: str
    """The question as asked."""
    units: UnitMatch
    """The units it names."""
    kind: QuestionKind
    """How it is answered (see ``QuestionKind``)."""
    targets: tuple[Target, ...] = ()
    """The facts-table fields it asks for, in the order asked."""
    statuses: tuple[str, ...] = ()
    """Status keys asked for (``已完成``, ``正在推进``, …), when ``status`` is a target."""
    contacts: tuple[str, ...] = ()
    """Contact keys asked for (``phone``, ``email``, ``address``, ``mailbox``)."""
    year: int | None = None
    """The first explicit year (2021年 or 2021); never inferred from 今年."""
    notice_year: bool = False
    """True when ``year`` qualifies the notice or inspection (``2022年的巡察整改通报``), not an event."""
    level: Level | None = None
    """巡视 / 巡察 when the question filters on it (see the module docstring)."""
    inspection_body: str | None = None
    """The inspecting group named, normalized (``区委第二巡察组``, ``第三巡视组``)."""
    terms: QueryTerms | None = None
    """Its content terms and asks (``asks.read_question``), unit names removed."""
    list_kind: str | None = None
    """A list's criterion on the kind of inspection (``回头看``, ``专项``, ``机动``, ``常规``, ``延伸``)."""
    list_date: str | None = None
    """A list's date criterion as an ISO prefix (``2021-01-19``, ``2020-04``), with ``list_field``."""
    list_field: Target | None = None
    """The dated field ``list_date`` is matched against (the inspection's start, feedback, signing)."""
    committee: str | None = None
    """The committee whose groups inspected, when named without a group (``县委巡察组``): a list criterion."""
    orders: bool = False
    """Several units' dates are compared for which came first."""
    ordered: tuple[Target, ...] = ()
    """The dated fields whose order (or sameness) is asked; another dated field asked is only said."""
    durations: bool = False
    """How long an inspection ran is asked (one unit's, or which of several ran longer)."""
    lags: bool = False
    """How long after the inspection's end the feedback came is asked (one unit's, or whose was longer)."""
    open_parts: tuple[str, ...] = ()
    """Parts of a question of several parts that ask for no facts-table field (``…？后来开了几次会？``):
    when the table answers the rest, retrieval answers these."""

    @property
    def unit_names(self) -> tuple[str, ...]:
        """The matched units' full names."""
        return self.units.units


def normalize_body(text: str) -> str | None:
    """The inspecting group named in ``text``, normalized, or None.

    >>> normalize_body("由市委第3巡察组巡察"), normalize_body("区委巡察二组"), normalize_body("巡察")
    ('市委第三巡察组', '区委第二巡察组', None)
    """
    m = _BODY_RE.search(compact(text))
    if not m:
        return None
    prefix, num, kind = m.group(1), m.group(2) or m.group(5), m.group(3) or m.group(4)
    return f"{prefix}第{to_chinese(num)}{kind}组"


def _level(q: str, units: UnitMatch) -> Level | None:
    negated = _NEGATED_LEVEL_RE.search(q)
    if negated:
        return "巡视" if negated.group(1) == "巡察" else "巡察"
    plain = q.replace("巡视巡察", "").replace("巡察巡视", "")
    if "巡视" in plain and "巡察" not in plain and not units.matched:
        return "巡视"
    return None


_ORDER_RE = re.compile(
    r"(?:哪个|哪家|谁|哪一个|哪边)(?:单位|部门|地方|区|县|市|局|镇|家)?(?:更|比较|较|最)?(?:先|早|晚|后)"
    r"|(?:哪个|哪家|谁|哪一个|哪边)[^?？,，]{0,8}(?:在前|在后|靠前|靠后)|(?:哪个|哪家|谁)[^?？,，]{0,6}得(?:更|比较|较|最)?(?:早|晚)"
    r"|(?:更|较|比较)(?:早|晚)|最(?:早|先|晚)(?:收到|被|接受|开始|反馈|进驻|发布|印发)|先后|早于|晚于"
    r"|(?:哪个|哪家|谁|哪一个|哪边)[^?？,，]{1,8}?(?:更|比较|较|最)?(?:早|晚)(?:一些|一点|些)?(?:呢|啊)?$"
    r"|(?:时间|时长|天数|周期)(?:更|较|比较)?(?:长|短)|(?:更|较)(?:长|短)|(?:哪个|谁).{0,8}(?:长|短|久)"
    r"|相差|差了?(?:多久|几天|多少天|多长时间)|隔了?(?:多久|几天|多少天)"
)
"""A comparison of dates or durations (who was inspected first, whose inspection ran longer)."""
_LONGER_RE = re.compile(r"长|短|久|天数|时长")
_APART_RE = re.compile(r"相差|差了?|隔了?")
"""How far apart two dates are (``差了多久``): an order with its difference, not a length."""
_PIECE_RE = re.compile(r"[?？;；,，]")


def _pieces(q: str) -> list[str]:
    return [p for p in _PIECE_RE.split(q) if p]


DATED_FIELDS: tuple[Target, ...] = ("inspection_period", "feedback_date", "signed")
_LAG_FIELDS: tuple[Target, ...] = ("inspection_period", "feedback_date")
"""The facts fields that are dates, compared by when (and, for the period, how long)."""


def _dated_field(text: str) -> Target | None:
    if "反馈" in text:
        return "feedback_date"
    if "通报" in text and re.search(r"发布|印发|公布|发出|落款", text):
        return "signed"
    if re.search(r"组", text):
        return None
    if re.search(r"巡察|巡视|巡|进驻|进场", text):
        return "inspection_period"
    return None


_OTHER_EVENT_RE = re.compile(
    r"(?<!反馈)(?:会议|生活会|推进会|座谈会|动员会|部署会|专题会|党组会|常委会|党委会|开会|党课|培训班|领导小组|工作专班|活动)"
)
"""A dated event of the rectification other than the inspection's stages (民主生活会, 推进会): its date
is in the passages, not the facts table (反馈会 is the feedback)."""


def _counts_in(piece: str) -> bool:
    """Whether a piece asks for counts (``问题数哪个多，相差几个``): its 相差 is not of dates."""
    return any(t in ("problems", "measures", "status") for t in read_targets(piece)[0])


def _compared_dates(q: str, counted: bool = False) -> list[Target]:
    """The dated fields compared, one per piece of ``q`` that asks an order (谁先…, 哪个早…).

    A piece that names no field takes the question's (``两家的通报，哪个早？`` compares signing dates),
    unless counts are compared too (``问题数哪个多，相差几个``): then only a piece naming its field counts.

    >>> _compared_dates("甲和乙谁先被巡察？谁先收到反馈？")
    ['inspection_period', 'feedback_date']
    """
    out: list[Target] = []
    for piece in _pieces(q):
        if _ORDER_RE.search(piece) and not _counts_in(piece):
            field = _dated_field(piece) or (
                None if counted or _OTHER_EVENT_RE.search(q) else _dated_field(q) or "inspection_period"
            )
            if field is not None and field not in out:
                out.append(field)
    return out


_PART_RE = re.compile(r"[?？;；]")
_SAME_RE = re.compile(r"同一|一样|相同|一个组|一致")


def open_parts(question: str, surfaces: tuple[str, ...] = (), several: bool = False) -> tuple[str, ...]:
    """The parts of ``question`` (split at ？ and ；) that ask for no facts-table field.

    A part with nothing to look up (``分别是多少？``) is not open; nor, when ``several`` units are
    compared, is an order, length or sameness (``谁先？``, ``是同一个组吗？``).

    >>> open_parts("甲局是哪个巡察组巡的？后来党组开了几次会研究整改？")
    ('后来党组开了几次会研究整改',)
    >>> open_parts("甲局反馈了几个问题？分别是多少？")
    ()
    """
    pieces = [p for p in _PART_RE.split(question) if p.strip()]
    if len(pieces) < 2:
        return ()
    out: list[str] = []
    for piece in pieces:
        q = compact(piece)
        compared = several and (_ORDER_RE.search(q) or _SAME_RE.search(q))
        if read_targets(q)[0] or asks_duration(q) or compared:
            continue
        read = read_question(piece, surfaces)
        if any(w >= 1.0 for w in read.terms.values()) and (read.asks or len(read.terms) >= 2):
            out.append(piece.strip())
    return tuple(out)


_COMMITTEE_RE = re.compile(r"(中央|自治区党委|区党委|省委|市委|区委|县委|州委)(?:的)?(?:巡察|巡视)组?")
"""The committee whose groups inspected, named without a group number (``县委巡察组巡察的``)."""


_LIST_DATE_RE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月(?:(\d{1,2})[日号])?")


def _list_date(q: str) -> tuple[str | None, Target | None]:
    """A month or day a list question selects by, and the field it dates (``2021年1月19日收到反馈的``).

    >>> _list_date("2021年1月19日收到反馈的是哪两家"), _list_date("哪几家是2020年4月开始被巡察的")
    (('2021-01-19', 'feedback_date'), ('2020-04', 'inspection_period'))
    """
    m = _LIST_DATE_RE.search(q)
    if m is None:
        return None, None
    iso = f"{m.group(1)}-{int(m.group(2)):02d}" + (f"-{int(m.group(3)):02d}" if m.group(3) else "")
    return iso, _dated_field(q) or "inspection_period"


_LIST_KIND_RE = re.compile(r"回头看|专项巡[察视]|机动式?巡[察视]|常规巡[察视]|延伸巡察")
"""The kinds of inspection a list may select by."""


def _list_kind(q: str) -> str | None:
    """The kind of inspection a list selects by, as the facts table words it (``回头看``, ``专项``).

    >>> _list_kind("哪些单位接受的是巡察“回头看”"), _list_kind("哪些是专项巡察"), _list_kind("哪些单位")
    ('回头看', '专项', None)
    """
    m = _LIST_KIND_RE.search(q)
    if m is None:
        return None
    word = m.group(0)
    return "回头看" if word == "回头看" else word[:2]


def _is_list(
    q: str,
    body: str | None,
    year: int | None,
    level: Level | None,
    committee: str | None = None,
    kind: str | None = None,
) -> bool:
    if not (_LIST_RE.search(q) and _LIST_NOUN_RE.search(q)):
        return False
    if body is None and year is None and level is None and committee is None and kind is None:
        return False
    rest = _LIST_KIND_RE.sub("", _COMMITTEE_RE.sub("", _BODY_RE.sub("", _LIST_DATE_RE.sub("", q))))
    rest = _YEAR_RE.sub("", rest)
    rest = _LIST_FILLER_RE.sub("", rest)
    return len(rest) <= 2


_WHICH_BODY_RE = re.compile(
    r"(?:哪个|哪家|哪一个|哪一家|哪些|哪几个|哪几家|什么)(?:单位|部门|机关|通报)|是哪家"
)
"""A question asking which unit did something: a body it names without a place (检察院) is content."""


def analyze(question: str, directory: UnitDirectory) -> QuestionInfo:
    """Read a question: units, filters, kind and the facts it asks for.

    Args:
        question: The question as the user typed it (any script or width).
        directory: The units of the index.

    Returns:
        The analysis; ``kind`` is ``lookup`` unless the facts table can answer.
    """
    q = compact(question)
    units = directory.resolve(expand_shared_suffix(question, directory))
    content = len(units.units) < 2  # 甲局和乙局哪个单位先…: the choice is among the units named
    if (
        units.matched
        and content
        and _WHICH_BODY_RE.search(q)
        and all(not split_places(m.surface) for m in units.mentions)
    ):
        units = UnitMatch()  # 请检察院提前介入的是哪个单位: the body named is content, not the unit asked
    years = _YEAR_RE.findall(q)
    year = int(years[0]) if years else None
    notice_year = year is not None and _NOTICE_YEAR_RE.search(q) is not None
    level = _level(q, units)
    body = normalize_body(q)
    committee = (m.group(1) if (m := _COMMITTEE_RE.search(q)) else None) if body is None else None
    targets, statuses, contacts = read_targets(q)
    distinct = {directory.core(u) for m in units.mentions for u in m.units[:1]}
    counted = [t for t in targets if t in ("problems", "measures", "status")]
    if len(distinct) >= 2:  # outcome counts of several units are compared too (处理的人数哪个多)
        counted += [t for t in targets if t in ("people", "clues", "rules", "immediate_fixes")]
    list_date, list_field, list_kind = None, None, None
    orders, durations, lags = False, asks_duration(q), asks_lag(q)
    ordered: tuple[Target, ...] = ()
    if lags:  # the period's end and the feedback, their distance computed
        targets = ["inspection_period", "feedback_date", *(t for t in targets if t not in _LAG_FIELDS)]
    if len(distinct) >= 2:
        dated = list(_LAG_FIELDS) if lags else _compared_dates(q, bool(counted))
        orders = bool(dated)
        durations = durations or any(
            _LONGER_RE.search(p) and not _APART_RE.search(p) for p in _pieces(q) if _ORDER_RE.search(p)
        )
        same = [
            field
            for p in _pieces(q)
            if _SAME_RE.search(p) and not _ORDER_RE.search(p)
            if (field := _dated_field(p) or (None if _OTHER_EVENT_RE.search(p) else "inspection_body"))
        ]
        targets = [*targets, *(t for t in same if t not in targets)]
        dated = dated + [t for t in same if t in DATED_FIELDS and t not in dated]
        if dated or (durations and "inspection_period" in targets and not counted):
            dated = dated or ["inspection_period"]
            targets = [*dated, *(t for t in targets if t not in dated)]
            counted = [*dated, *counted]
        ordered = () if lags else tuple(dated)
        if "inspection_body" in same and "inspection_body" not in counted:
            counted = [*counted, "inspection_body"]  # 是同一个巡察组吗: a comparison with its verdict
    kind: QuestionKind = "lookup"
    if counted and (len(distinct) >= 2 or (units.unknown and units.matched)):
        kind = "compare"
    elif counted and (units.matched or units.unknown):
        kind = "count"
    elif not units.matched and _is_list(q, body, year, level, committee, _list_kind(q)):
        kind = "list"
        targets = ["inspection_body"] if body or committee else ["inspection_period"] if year else ["level"]
        list_date, list_field = _list_date(q)
        list_kind = _list_kind(q)
    return QuestionInfo(
        question=question,
        units=units,
        kind=kind,
        targets=tuple(dict.fromkeys(targets)),
        statuses=statuses,
        contacts=contacts,
        year=year,
        notice_year=notice_year,
        level=level,
        inspection_body=body,
        committee=committee,
        list_kind=list_kind,
        list_date=list_date,
        list_field=list_field,
        orders=orders,
        ordered=ordered,
        durations=durations,
        lags=lags,
        open_parts=open_parts(question, tuple(m.surface for m in units.mentions), len(distinct) >= 2)
        if targets
        else (),
        terms=read_question(question, [m.surface for m in units.mentions], units.units),
    )
