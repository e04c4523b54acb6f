"""Which facts-table fields a question asks for, in the words people use for each.

``read_targets`` finds the fields (counts of problems, measures and statuses; the inspection's
period, group, feedback date, round and kind; outcome counts; contacts) a question or one part of
it asks for. Each field has its vocabulary written once here: colloquial (啥时候, 几号, 巡了多久),
formal (起止时间, 进驻日期) and traditional script (read after ``compact`` simplifies it).
"""

from __future__ import annotations

import re
from typing import Literal

from core.normalize import compact

Target = Literal[
    "problems", "measures", "status", "inspection_body", "inspection_period", "feedback_date", "signed", "contact", "level",
    "round", "kind", "immediate_fixes", "clues", "people", "rules", "money",
]  # fmt: skip
"""A facts-table field a question asks for."""

STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "未完成": (
        "尚未完成", "没有完成", "还没完成", "未完成", "未整改到位", "尚未整改", "未整改", "没有整改完", "没整改完",
        "还没有整改", "没有整改到位", "没改完", "未办结", "未销号", "没改好", "没弄完", "没做完", "没改", "未整改完", "未完成整改",
    ),
    "基本完成": ("基本完成", "基本整改到位", "基本整改"),
    "长期坚持": ("长期坚持", "长期推进", "长期整改"),
    "正在推进": ("正在推进", "正在整改", "在整改中", "整改中的", "推进中", "持续推进", "仍在整改", "还在整改", "正在进行",
        "还在改", "正在改", "在改的", "个在改", "项在改",
    ),
    "已完成": (
        "已整改完成", "已经完成", "已完成", "整改完成", "完成整改", "已整改到位", "整改到位", "已整改", "办结", "改完了", "完成了",
        "改好了", "已销号", "整改完毕", "改完的", "改完", "整改完", "弄完了", "做完了",
    ),
}  # fmt: skip
"""Question words for each status key of ``NoticeFacts.status``."""

CONTACT_WORDS: dict[str, tuple[str, ...]] = {
    "phone": ("电话", "热线", "手机"),
    "email": ("电子邮箱", "电子邮件", "邮箱", "email", "e-mail"),
    "address": ("通信地址", "通讯地址", "地址", "邮政编码", "邮编", "寄到哪", "寄到什么地方", "收件"),
    "mailbox": ("信箱",),
}
"""Question words for each key of ``NoticeFacts.contact``."""

_COUNT = "(?:几|多少)"
_EXCLUDE_RE = re.compile(
    r"线索|隐患|立行立改|移交|[“\"][^”\"]{1,40}[”\"](?:这个|这一|那个|这条|的)?(?:问题|方面)|《|整改任务|(?<![几少个])方面的?问题|类问题"
)
"""Counts of something else than the notice's problems (a named problem's items, clues, tasks)."""
_PROBLEMS_RE = re.compile(
    rf"{_COUNT}(?:个|项|条)?(?:大|具体)?(?:方面|问题)(?!线索|被|涉及|属于|与|跟|和|的?整改措施|追责|问责)"
    rf"|(?:反馈|指出|发现|提出|查摆|查找)(?:了|出)?的?(?:具体)?问题[^?？,，;；]{{0,4}}{_COUNT}"
)
_MEASURES_RE = re.compile(
    rf"{_COUNT}(?:条|项|个)?(?:具体)?的?(?:整改)?措施"
    rf"|措施(?:共|一共|总共|合计|总计|共计|有|是|定了|制定了|提了|细化了|细化成|分解为)*{_COUNT}"
)
MORE_RE = re.compile(  # which of several units has more or fewer (谁多, 哪家处理的人多)
    r"(?:哪个|哪家|哪一个|谁|哪里|哪边)[^?？,，;；]{0,14}(?:更|最|比较|较)?(?:多|少)(?!钱)|(?:多|少)的是|比.{1,12}(?:多|少)"
)
_WHEN = "(?:什么时候|啥时候|啥时|何时|哪天|哪一天|什么时间|几月几[日号]|几号|几月|哪年|哪个月|什么日子)"
"""Words that ask for a date, colloquial ones included."""
_SPAN = "(?:哪段时间|哪个时间段|什么时间段|啥时间段|哪段时期|什么时段|哪个时段)"
"""Words that ask for a stretch of time (the inspection's period)."""
_PERIOD_RE = re.compile(
    rf"{_WHEN}(?:开始|正式)?(?:被|接受|开展|进行|开始|来)?(?:的)?(?:巡察|巡视|巡的|进驻)"
    r"|(?:巡察|巡视|被巡)(?:的)?(?:起止)?(?:时间|期间|日期|时段)|起止(?:时间|日期)|(?:进驻|进场)(?:的)?(?:时间|日期)"
    rf"|被(?:巡察|巡视)(?:的)?(?:是)?{_WHEN}|(?:巡察|巡视|巡)(?:组)?(?:是)?{_WHEN}(?:开始|进驻|来的|巡的)"
    rf"|{_WHEN}(?:进驻|进场)|(?:进驻|进场)(?:的|是|在|于)*{_WHEN}|(?:从|自)哪天(?:开始)?(?:到|至)哪天|哪天开始.{{0,3}}哪天结束|(?:开始|结束)(?:的)?(?:时间|日期)"
    rf"|{_SPAN}(?:被|接受|开展|进行)?(?:的)?(?:巡察|巡视|巡)|(?:巡察|巡视|巡)(?:的)?(?:是|在)?{_SPAN}"
    rf"|(?:巡察|巡视)(?:组)?(?:是)?{_WHEN}(?:开展|进行|搞)|{_WHEN}结束(?:的)?(?:巡察|巡视)|(?:巡察|巡视)(?:是)?{_WHEN}结束"
)
_DURATION_RE = re.compile(
    r"(?:巡察|巡视|巡)[^?？,，;；]{0,5}(?:多久|多长时间|多少天|几天|几个月|多长)|(?:巡察|巡视)(?:期|时长|周期)(?:有)?多长"
)
"""How long an inspection ran: the period is asked, and its length computed."""
_FEEDBACK_RE = re.compile(
    rf"{_WHEN}(?:向[^,?？。]{{0,12}})?(?:召开|开|进行|收到|拿到|得到|给|作|作出|做出)?(?:的)?(?:巡察|巡视)?(?:的)?反馈"
    r"|反馈(?:意见|会)?(?:的)?(?:时间|日期)"
    rf"|反馈(?:意见|会)?(?:是|的)?(?:在)?{_WHEN}|{_WHEN}(?:开的|召开的)?反馈会"
)
_BODY_ASK_RE = re.compile(
    r"(?:哪个|哪一个|哪组|什么|哪一)(?:巡察|巡视)组|(?:由|被)(?:谁|哪个组|哪个)(?:巡察|巡视)"
    r"|哪几个?(?:巡察|巡视)组|第几(?:巡察|巡视)?组|(?:巡察|巡视)组是(?:第几|哪个|哪一)|谁(?:来)?(?:巡察|巡视|巡)的|哪(?:个|一)?组"
    r"|(?:巡察|巡视)(?:组)?(?:是)?(?:同一个|一个)组|同一个(?:巡察|巡视)?组"
    r"|(?:巡察|巡视)几组|几组(?:巡|来)|哪几个?组|(?:巡察|巡视)组(?:巡察|巡视|巡)?的?(?:吧|吗|嘛|么)"
)
_SIGNED_RE = re.compile(
    rf"通报[^?？,，;；]{{0,4}}{_WHEN}(?:发布|印发|发出|公布|落款|发的|出的)|落款(?:日期|时间)|(?:发布|印发)(?:日期|时间)"
    rf"|落款(?:是|为)?(?:在)?{_WHEN}|(?:通报|报告)(?:是|为)?{_WHEN}的|(?:通报|报告)(?:的)?(?:日期|落款)"
)
_CONTACT_CONTEXT_RE = re.compile(r"监督|举报|反映|联系|意见|建议|受理|公布|留")
_PLAIN_CONTACT_RE = re.compile(
    r"联系方式|邮箱|电子邮件|通信地址|通讯地址|信箱|邮编|邮政编码|寄到哪|电话(?:号码)?(?:是多少|是什么)?[?？]?$"
)
"""Contact words that ask for the notice's contact on their own (``X的电子邮箱和电话？``)."""


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


_LAG_RE = re.compile(
    r"(?:巡察|巡视|巡)(?:工作)?(?:完|结束|完成|完毕|离开|撤离)?(?:后|以后)?[^?？。]{0,4}(?:到|至|和|与|跟)[^?？。]{0,6}反馈"
    r"[^?？。]{0,10}(?:隔|间隔|相隔|相距|多久|多长|几天|多少天|拖|等|差)"
    r"|(?:巡察|巡视|巡)(?:完|结束|完毕)(?:后|以后)?[^?？。]{0,4}(?:多久|多长时间|几天|多少天)[^?？。]{0,4}反馈"
    r"|反馈(?:时间)?(?:离|距|距离)(?:巡察|巡视)(?:结束)?[^?？。]{0,6}(?:多久|多长|几天|多少天)"
)
"""The time from the inspection's end to its feedback (巡完到反馈隔了多久, 哪家从巡察结束到反馈等得更久)."""


def asks_lag(q: str) -> bool:
    """Whether ``q`` asks how long the feedback came after the inspection ended.

    >>> asks_lag("甲局从巡察结束到反馈隔了多少天"), asks_lag("甲局巡完多久才反馈"), asks_lag("甲局巡察了多久")
    (True, True, False)
    """
    return _LAG_RE.search(q) is not None


def asks_duration(q: str) -> bool:
    """Whether ``q`` asks how long the inspection ran (``巡了多久``, ``巡察期多长``).

    Asked beside the time to the feedback in another sentence (``为期多久？巡完过了多久才反馈？``), both
    are asked.

    >>> asks_duration("那次巡察搞了多长时间"), asks_duration("整改用了多长时间")
    (True, False)
    >>> asks_duration("巡察为期多久？巡完过了多长时间才反馈？"), asks_duration("巡完过了多长时间才反馈？")
    (True, False)
    """
    return any(_DURATION_RE.search(p) and not asks_lag(p) for p in _COUNT_PIECE_RE.split(q))


_COUNT_PIECE_RE = re.compile(r"[?？;；]")
STATUS_OVERVIEW: tuple[str, ...] = ("已完成", "基本完成", "正在推进", "长期坚持", "未完成")
"""The status keys of a question asking how far rectification has got (every count the notice states)."""
_OVERVIEW_RE = re.compile(
    r"(?:改|整改|完成|落实)(?:得|到)(?:怎么样|怎样|如何|什么程度|啥程度|哪一步|什么地步)|(?:整改|完成)(?:进度|程度)(?:怎么样|如何|是多少)"
    r"|(?<!一次)(?<!调度)(?<!汇报)(?<!报告)(?<!掌握)(?<!了解)(?<!跟踪)(?<!督促)(?<!督查)(?<!通报)"
    r"(?:(?:整改|完成)(?:进度|进展)|(?:整改)?完成情况)(?:情况)?(?:对比一下|比一比|比较一下|对比|比较)?(?:呢|如何|怎样|怎么样)?[?？]?$"
)
"""How far rectification has got (``16个问题改得怎么样``, ``现在整改到什么程度``): every status count stated."""
_ONE_PROBLEM_RE = re.compile(r"(?:这|那|该|此)(?:个|一|项|条|件)?(?:问题|事)|这(?:项|条|件)")
"""One problem the question describes (``…没分配，这个问题整改得怎么样``): its record answers, not the counts."""
_ALL_PROBLEMS_RE = re.compile(
    r"(?:\d+|[一二三四五六七八九十两]+|多少|几)(?:个|项|条)?(?:具体)?问题|(?:反馈|巡察|巡视|指出|发现|这些|所有|全部)(?:的|了)?(?:具体)?问题"
)
"""The notice's problems as a whole (``16个问题``, ``反馈的问题``), not one problem described."""
_EXISTS_RE = re.compile(
    r"还有没|有没有|是否(?:还)?有|还有[^?？,，;；]{0,8}吗|还剩|都[^?？,，;；]{0,6}完(?:了|成)?吗|全部[^?？,，;；]{0,6}完(?:了|成)?吗"
)
"""Whether any problem is (still) in a status (``还有没整改完的吗``): the count the notice states answers it."""


def _counted(q: str) -> tuple[list[Target], tuple[str, ...]]:
    """The counts one piece of a question asks for (problems, statuses, measures) and the status keys.

    An overview (``现在整改到什么程度``) asks for every status count stated, after the counts asked beside it.
    """
    if _EXCLUDE_RE.search(q):
        return [], ()
    overview = (
        bool(_OVERVIEW_RE.search(q))
        and not _found(STATUS_WORDS, _OVERVIEW_RE.sub("", q))  # 完成情况 is the overview's own word
        and not _ONE_PROBLEM_RE.search(q)
        and ("措施" not in q or "问题" in q)  # 措施完成情况: the measures' own count, not the problems'
    )
    overview = overview and ("问题" not in q or _ALL_PROBLEMS_RE.search(q) is not None)
    q = _OVERVIEW_RE.sub("", q) if overview else q
    statuses = STATUS_OVERVIEW if overview else _found(STATUS_WORDS, q)
    more = MORE_RE.search(q) is not None
    has_count = (
        re.search(_COUNT, q) is not None or more or (_EXISTS_RE.search(q) is not None and bool(statuses))
    )
    targets: list[Target] = []
    if has_count:
        asks = len(re.findall(_COUNT, q))
        if (_PROBLEMS_RE.search(q) and (not statuses or asks >= 2 or overview)) or (
            more and "问题" in q and not statuses
        ):
            targets.append("problems")
        if statuses and not overview:
            targets.append("status")
        if _MEASURES_RE.search(q) or (more and "措施" in q):
            targets.append("measures")
    if overview:
        targets.append("status")
    return targets, statuses if targets else ()


def read_targets(q: str) -> tuple[list[Target], tuple[str, ...], tuple[str, ...]]:
    """The fields ``q`` (compact) asks for in the order asked, the status keys and the contact keys."""
    targets: list[Target] = []
    statuses: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    for piece in _COUNT_PIECE_RE.split(q):  # a quoted problem in one piece does not stop another's count
        got, keys = _counted(piece)
        targets.extend(t for t in got if t not in targets)
        statuses = tuple(dict.fromkeys((*statuses, *keys)))
    found = [(m.start(), t) for t, rx in _LOOKUPS for m in [rx.search(q)] if m]
    if (d := _DURATION_RE.search(q)) is not None:
        found.append((d.start(), "inspection_period"))
    targets.extend(t for _, t in sorted(found))
    if _CONTACT_CONTEXT_RE.search(q) or _PLAIN_CONTACT_RE.search(q):
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
            r"(?:什么|啥|哪种|哪类|何种)(?:类型|性质|形式)?的?(?:巡察|巡视)|(?:巡察|巡视)(?:的)?(?:类型|性质|种类|形式)|常规巡察还是|专项巡察还是|是不是(?:专项|常规|机动)"
        ),
    ),
    (
        "immediate_fixes",
        re.compile(
            rf"立行立改.{{0,6}}{_COUNT}|{_COUNT}.{{0,6}}立行立改|立行立改[^?？,，;；]{{0,8}}(?:呢|怎么样|如何|改得|进展|完成了?吗)"
        ),
    ),
    ("clues", re.compile(rf"{_COUNT}(?:件|条|个)?(?:问题)?线索|线索.{{0,6}}{_COUNT}(?!人|名|个人)")),
    (
        "people",
        re.compile(
            rf"(?:处理|问责|处分|追责)(?:了)?{_COUNT}(?:人|个人|名)(?:干部|人员|同志)?(?![\u4e00-\u9fff])"
            r"|(?:处理|问责|处分|追责)(?:的|了的)?(?:人数|人员数)"
            rf"|{_COUNT}(?:人|名).{{0,6}}(?:处理|问责|处分|追责)"
        ),
    ),
    ("rules", re.compile(rf"{_COUNT}(?:项|个|条|份)?制度|制度.{{0,6}}{_COUNT}")),
    (
        "money",
        re.compile(
            r"(?<!人员)(?<!干部)(?<!职工)(?:追回|挽回|收回|退缴|追缴|退回|清退|退还)(?:去|来)?(?:了|的)?"
            r"(?:资金|金额|钱|款项)?(?:共|一共|是)?(?:多少|几)(?![人名户家个位])"
            r"|(?:钱|资金|款项?)(?:共|一共|都)?(?:追回|退回|清退|退还|收回)(?:去|来)?(?:了)?(?:多少|几)"
        ),  # 退休人员清退了多少, 清退了几人: people, not a sum
    ),
)
