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
from assistant.reading.units import UnitDirectory, UnitMatch
from core.normalize import compact
from core.numerals import to_chinese
from core.types import Level
from core.unitnames import ORG_SUFFIXES, alternation

QuestionKind = Literal["count", "list", "compare", "lookup"]
"""count: a number the facts table states; list: the units a facts attribute selects;
compare: a facts-table number over several units; lookup: everything else (retrieval)."""

Target = Literal[
    "problems", "measures", "status", "inspection_body", "inspection_period", "feedback_date", "signed", "contact", "level",
    "round", "kind", "immediate_fixes", "clues", "people", "rules", "money",
]  # fmt: skip
"""A facts-table field a question asks for."""

STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "未完成": (
        "尚未完成", "没有完成", "还没完成", "未完成", "未整改到位", "尚未整改", "未整改", "没有整改完", "没整改完",
        "还没有整改", "没有整改到位", "没改完", "未办结", "未销号",
    ),
    "基本完成": ("基本完成", "基本整改到位", "基本整改"),
    "长期坚持": ("长期坚持", "长期推进", "长期整改"),
    "正在推进": ("正在推进", "正在整改", "在整改中", "整改中的", "推进中", "持续推进", "仍在整改", "还在整改", "正在进行"),
    "已完成": ("已整改完成", "已经完成", "已完成", "整改完成", "完成整改", "已整改到位", "整改到位", "已整改", "办结"),
}  # fmt: skip
"""Question words for each status key of ``NoticeFacts.status``."""

CONTACT_WORDS: dict[str, tuple[str, ...]] = {
    "phone": ("电话", "热线", "手机"),
    "email": ("电子邮箱", "电子邮件", "邮箱", "email", "e-mail"),
    "address": ("通信地址", "通讯地址", "地址"),
    "mailbox": ("信箱",),
}
"""Question words for each key of ``NoticeFacts.contact``."""

_NUM = "[一二三四五六七八九十\\d]+"
_STEM = "[^\\W\\d_哪些个单位被由对是的了在各和与及向请问将把有]{2,5}"
_BODY_RE = re.compile(
    rf"((?:中央|自治区党委|区党委|(?:{_STEM})?(?:省委|市委|区委|县委|州委|盟委|旗委))?)"
    rf"(?:第({_NUM})(巡察|巡视)组|(巡察|巡视)({_NUM})组)"
)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|(?!\d))")
_NOTICE_YEAR_RE = re.compile(r"(?:19|20)\d{2}年?(?:度)?(?:的|被|接受)?(?:巡察|巡视|整改通报|通报)")
_COUNT = "(?:几|多少)"
_EXCLUDE_RE = re.compile(r"线索|隐患|立行立改|移交|“|”|\"|《|整改任务|(?<![几少个])方面的?问题|类问题")
_PROBLEMS_RE = re.compile(
    rf"{_COUNT}个?(?:大)?(?:方面|问题)(?!线索)"
    rf"|(?:反馈|指出|发现|提出|查摆|查找)(?:了|出)?的?问题(?:共|一共|总共|合计|总计)?(?:有)?{_COUNT}"
)
_MEASURES_RE = re.compile(
    rf"{_COUNT}(?:条|项|个)?(?:具体)?的?(?:整改)?措施|措施(?:共|一共|总共|合计|总计)?(?:有)?{_COUNT}"
)
_MORE_RE = re.compile(
    r"(?:哪个|哪家|哪一个|谁|哪里|哪边).{0,8}(?:更|最|比较|较)?(?:多|少)|(?:多|少)的是|比.{1,12}(?:多|少)"
)
_PERIOD_RE = re.compile(
    r"(?:什么时候|何时|哪天|哪一天|什么时间|几月|哪年|哪个月)(?:被|接受|开展|进行|开始)?(?:的)?(?:巡察|巡视)"
    r"|(?:巡察|巡视)(?:的)?(?:时间|期间|日期)|被(?:巡察|巡视)(?:的)?(?:是)?(?:什么时候|何时|哪天)"
)
_FEEDBACK_RE = re.compile(
    r"(?:什么时候|何时|哪天|哪一天|什么时间|几月几日)(?:向[^,?？。]{0,12})?(?:召开|进行)?(?:的)?(?:巡察|巡视)?反馈"
    r"|反馈(?:意见|会)?(?:的)?(?:时间|日期)|反馈(?:意见)?(?:是)?(?:在)?(?:什么时候|何时|哪天)"
)
_BODY_ASK_RE = re.compile(
    r"(?:哪个|哪一个|哪组|什么)(?:巡察|巡视)组|(?:由|被)(?:谁|哪个组|哪个)(?:巡察|巡视)"
)
_SIGNED_RE = re.compile(r"通报(?:是)?(?:什么时候|何时|哪天)(?:发布|印发|发出|公布|落款)|落款(?:日期|时间)")
_CONTACT_CONTEXT_RE = re.compile(r"监督|举报|反映|联系|意见|建议|受理|公布|留")
_LIST_RE = re.compile(r"哪些|哪几个?|哪个|哪家|哪一个|几个|多少个|几家|多少家|列(?:一下|出|个|举)")
_LIST_NOUN_RE = re.compile(r"单位|部门|党组织|通报|地方|机关|党组|党委|哪几家|哪些家|哪家")
_LIST_FILLER_RE = re.compile(
    r"有|是|由|被|对|开展|进行|接受|了|的|过|发布|公布|通报|整改|情况|进展|巡察|巡视|单位|部门|党组织|机关|党组|党委"
    r"|哪些|哪几个?|哪个|哪家|哪一个|几个|多少个|几家|多少家|年|在|中|都|分别|[\"“”‘’、?？,，.。!！：:（）()]"
    r"|帮我|给我|请问|请|我|列(?:一下|出|个)?|一下|这些|这批|那些|所有|全部|其中|里面?|本次|这次|才|开始|已经|曾经"
    r"|地方|家|还|呢|吗|有没有|一共|共有|总共"
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


def _found(patterns: dict[str, tuple[str, ...]], q: str) -> tuple[str, ...]:
    words = sorted(((w, k) for k, ws in patterns.items() for w in ws), key=lambda p: -len(p[0]))
    spans: list[tuple[int, int, str]] = []
    for word, key in words:
        for m in re.finditer(re.escape(word), q):
            if not any(m.start() < e and s < m.end() for s, e, _ in spans):
                spans.append((m.start(), m.end(), key))
    return tuple(dict.fromkeys(k for _, _, k in sorted(spans)))


def status_keys(text: str) -> tuple[str, ...]:
    """The status keys ``text`` speaks of, longest wording first (尚未完成 is 未完成, not 已完成).

    >>> status_keys("5个问题已整改完成并长期坚持"), status_keys("2个问题尚未完成")
    (('已完成', '长期坚持'), ('未完成',))
    """
    return _found(STATUS_WORDS, compact(text))


def _level(q: str, units: UnitMatch) -> Level | None:
    negated = _NEGATED_LEVEL_RE.search(q)
    if negated:
        return "巡视" if negated.group(1) == "巡察" else "巡察"
    plain = q.replace("巡视巡察", "").replace("巡察巡视", "")
    if "巡视" in plain and "巡察" not in plain and not units.matched:
        return "巡视"
    return None


def _targets(q: str) -> tuple[list[Target], tuple[str, ...], tuple[str, ...]]:
    targets: list[Target] = []
    statuses: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    counting = not _EXCLUDE_RE.search(q)
    has_count = re.search(_COUNT, q) is not None or _MORE_RE.search(q) is not None
    if counting and has_count:
        statuses = _found(STATUS_WORDS, q)
        more = _MORE_RE.search(q) is not None
        asks = len(re.findall(_COUNT, q))
        if (_PROBLEMS_RE.search(q) and (not statuses or asks >= 2)) or (
            more and "问题" in q and not statuses
        ):
            targets.append("problems")
        if statuses:
            targets.append("status")
        if _MEASURES_RE.search(q) or (more and "措施" in q):
            targets.append("measures")
    found = [(m.start(), t) for t, rx in _LOOKUPS for m in [rx.search(q)] if m]
    targets.extend(t for _, t in sorted(found))
    if _CONTACT_CONTEXT_RE.search(q) or "联系方式" in q:
        contacts = _found(CONTACT_WORDS, q) or (tuple(CONTACT_WORDS) if "联系方式" in q else ())
        if contacts:
            targets.append("contact")
    return targets, statuses, contacts


_LOOKUPS: tuple[tuple[Target, re.Pattern[str]], ...] = (
    ("inspection_period", _PERIOD_RE),
    ("inspection_body", _BODY_ASK_RE),
    ("feedback_date", _FEEDBACK_RE),
    ("signed", _SIGNED_RE),
    ("round", re.compile(r"第几轮|哪一?轮|什么轮次|轮次")),
    (
        "kind",
        re.compile(
            r"(?:什么|哪种|哪类|何种)(?:类型|性质|形式)?的?(?:巡察|巡视)|(?:巡察|巡视)(?:的)?(?:类型|性质|种类)|常规巡察还是|专项巡察还是|是不是(?:专项|常规|机动)"
        ),
    ),
    ("immediate_fixes", re.compile(rf"立行立改.{{0,6}}{_COUNT}|{_COUNT}.{{0,6}}立行立改")),
    ("clues", re.compile(rf"{_COUNT}(?:件|条|个)?(?:问题)?线索|线索.{{0,6}}{_COUNT}")),
    (
        "people",
        re.compile(
            rf"(?:处理|问责|处分|追责)(?:了)?{_COUNT}(?:人|个人|名)|{_COUNT}(?:人|名).{{0,6}}(?:处理|问责|处分|追责)"
        ),
    ),
    ("rules", re.compile(rf"{_COUNT}(?:项|个|条|份)?制度|制度.{{0,6}}{_COUNT}")),
    (
        "money",
        re.compile(r"(?:追回|挽回|收回|退缴|追缴)(?:了|的)?(?:资金|金额|钱|款项)?(?:共|一共|是)?(?:多少|几)"),
    ),
)


_ORDER_RE = re.compile(
    r"(?:哪个|哪家|谁|哪一个|哪边)(?:单位)?(?:更|比较|较)?(?:先|早|晚|后)|(?:更|较|比较)(?:早|晚)|先后|早于|晚于"
    r"|(?:时间|时长|天数|周期)(?:更|较|比较)?(?:长|短)|(?:更|较)(?:长|短)|(?:哪个|谁).{0,8}(?:长|短|久)"
)
"""A comparison of dates or durations (who was inspected first, whose inspection ran longer)."""
_SHARED_SUFFIX_RE = re.compile(
    r"([\u4e00-\u9fff]{2,6}?)(?:和|与|及|跟|、|同)([\u4e00-\u9fff]{2,6}?)(?:这|那)?(?:两个|两家|俩|二者|两)?"
    rf"((?:市|区|县|省|州)?[\u4e00-\u9fff]{{0,6}}?(?:{alternation(ORG_SUFFIXES)}))"
)


def expand_shared_suffix(question: str, directory: UnitDirectory) -> str:
    """Spell out a unit suffix typed once for two units (``无锡和盐城两个科协`` → both 科协 named).

    The expansion is kept only when it names two or more units unambiguously where the question
    as typed names fewer, names several for one word, or names an unknown unit.

    >>> from assistant.reading.units import UnitDirectory
    >>> d = UnitDirectory(["中共无锡市科学技术协会党组", "中共无锡苏南国际机场集团有限公司委员会", "盐城市科学技术协会党组"])
    >>> expand_shared_suffix("无锡和盐城两个科协哪个先被巡察？", d)
    '无锡科协和盐城科协哪个先被巡察？'
    """
    m = _SHARED_SUFFIX_RE.search(question)
    if m is None:
        return question
    a, b, suffix = m.group(1), m.group(2), m.group(3)
    expanded = question[: m.start()] + f"{a}{suffix}和{b}{suffix}" + question[m.end() :]
    typed, spelled = directory.resolve(question), directory.resolve(expanded)
    clearer = typed.ambiguous or len(typed.units) < 2 or bool(typed.unknown)
    return expanded if len(spelled.units) >= 2 and not spelled.ambiguous and clearer else question


def _is_list(q: str, body: str | None, year: int | None, level: Level | None) -> bool:
    if not (_LIST_RE.search(q) and _LIST_NOUN_RE.search(q)):
        return False
    if body is None and year is None and level is None:
        return False
    rest = _BODY_RE.sub("", q)
    rest = _YEAR_RE.sub("", rest)
    rest = _LIST_FILLER_RE.sub("", rest)
    return len(rest) <= 2


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
    years = _YEAR_RE.findall(q)
    year = int(years[0]) if years else None
    notice_year = year is not None and _NOTICE_YEAR_RE.search(q) is not None
    level = _level(q, units)
    body = normalize_body(q)
    targets, statuses, contacts = _targets(q)
    distinct = {directory.core(u) for m in units.mentions for u in m.units[:1]}
    counted = [t for t in targets if t in ("problems", "measures", "status")]
    order = _ORDER_RE.search(q)
    if order and len(distinct) >= 2 and not counted:
        dated: Target = (
            "feedback_date"
            if "反馈" in q
            else "signed"
            if "通报" in q and "发布" in q
            else "inspection_period"
        )
        targets = [dated]
        counted = [dated]
    kind: QuestionKind = "lookup"
    if counted and (len(distinct) >= 2 or (units.unknown and units.matched)):
        kind = "compare"
    elif counted and (units.matched or units.unknown):
        kind = "count"
    elif not units.matched and _is_list(q, body, year, level):
        kind = "list"
        targets = ["inspection_body"] if body else ["inspection_period"] if year else ["level"]
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
        terms=read_question(question, [m.surface for m in units.mentions], units.units),
    )
