"""Asks a question cannot do without: an outcome, an average, the existence of a thing, a length of time, a kind of sanction, a named company.

Some questions name a real matter of a notice and ask what became of it (最后追回了多少钱,
预计哪年建成, 法院判了没有), an average (平均每人几次) or whether a thing exists (有没有确诊
病例). A sentence about the matter that does not state the outcome, the average or the thing
does not answer them, however many of the question's words it holds: each such ask is a *gate*
(``Ask.gate``), and a question whose gate no relevant sentence passes is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.reading.ask_words import (
    AVERAGE_RE,
    EXISTS_RE,
    NOT_YET_RE,
    OUTCOME_ACTUAL_RE,
    OUTCOME_EXPECTED_RE,
    TOTAL_RE,
    counter_class,
)

_ASKING_RE = re.compile(
    r"什么时候|啥时候|何时|哪一年|哪年|哪天|几月|多少|几|什么|哪些|哪家|哪个|哪|怎么样|如何|怎样|怎么|是否|有没有|没有|吗|呢"
    r"|分别|各自|各|都|一共|共|总共|具体|已经|已|能|才能|可以|会|将|是|有|了|的|到|给|受|被|把|对|为|还|又|就|过"
)
"""Question and function words dropped from the outcome's words."""
_VAGUE = frozenset(
    (
        "情况",
        "结果",
        "进展",
        "处理",
        "效果",
        "怎样",
        "程度",
        "下来",
        "时候",
        "最后",
        "最终",
        "结论",
        "定论",
        "结局",
        "下文",
    )
)
"""Words that name no outcome of their own (结果怎么样 asks how it went: a measures question)."""
_MEASURES_RE = re.compile(r"怎么|如何|怎样|咋")
_ONE_CHAR_OUTCOMES = frozenset("判批")
"""One-character verbs that name an outcome on their own (判了没有); others (补了人没有) are too loose."""
_STATUS = frozenset(("整改", "完成", "到位", "落实", "问题", "整改完", "销号", "办结"))
_FINDING_VERBS = frozenset(("查出", "查到", "发现", "存在", "出现", "查实", "排查", "检查"))
"""有没有查出…: the finding verb is the question's, the notice says it its own way (未发现); the thing counts."""
"""Words of a problem's status: whether any are unfinished is a status question, not a thing's existence."""


_FIRMS = "企业|公司|厂家|厂商|厂|银行|中介机构|机构|事务所|供应商|承包商"
"""Kinds of firm whose name an org ask wants (哪家公司, 委托的机构是哪一家)."""

_TYPED = (
    (
        "duration",
        re.compile(r"(?<!哪)(?:几|多少)(?:天|周|个星期|个月|个?小时|课时|学时|个?工作日)|多长时间|多久|时长"),
    ),
    ("sanction", re.compile(r"(?:什么|哪种|何种|哪类|啥|哪些)(?:样的)?(?:党纪|政务|纪律)?(?:处分|处罚)")),
    (
        "org",
        re.compile(
            rf"哪(?:家|个|[一1]家|几家|些)(?:{_FIRMS}|施工单位)|(?:{_FIRMS}|第[三3]方|中标单位)[^?？,，;；]{{0,4}}(?:是|为)?哪[一1]?家"
            rf"|(?:{_FIRMS}|中标单位|施工单位|承包单位)(?:(?!人|同志|干部|书记|长)[^?？]){{0,16}}(?:叫什么|叫啥|名字|名称|全称)"
        ),
    ),
    (
        "title",
        re.compile(
            r"(?:方案|文件|办法|通知|规定|意见|报告|决定|条例|细则|党课|讲座|课题|文章|教材|专题片|宣传片|书籍|图书|栏目|节目|专栏|刊物|简报)"
            r"[^?？,，;；]{0,3}(?:叫什么|叫啥|名字|名称|全称|标题|题目)|题目|标题"
        ),
    ),
)
"""Asks whose answer is of one type: a length of time, a kind of sanction, a named company, the
title of a document or a talk."""


@dataclass(frozen=True)
class Gate:
    """One gate ask read from a question."""

    kind: str
    """outcome, average, exists, or a typed answer: duration, sanction, org, title."""
    words: tuple[str, ...] = ()
    """outcome/exists: the words a sentence must hold (追回, 列入; 确诊, 病例)."""
    actual: bool = False
    """outcome: asked as it turned out (最后, 最终): a plan or an attempt does not pass."""
    yesno: bool = False
    """outcome: asked whether it happened (搞完没有, 出来了吗): a statement of where it stands
    (剩余1户, 尚在征求意见) answers too."""


def gates(q: str, cut: object) -> list[Gate]:
    """The gate asks of ``q`` (compact, simplified), its words cut by ``cut`` (jieba).

    >>> import jieba
    >>> [(g.kind, g.words, g.actual) for g in gates("赣州水利局谋划的项目最终有几个列入了规划？", jieba)]
    [('outcome', ('列入', '规划'), True)]
    >>> [(g.kind, g.words) for g in gates("起诉的那11个人，法院判了没有？", jieba)]
    [('outcome', ('判',))]
    >>> [g.kind for g in gates("后来怎么处理的？", jieba)], [g.kind for g in gates("平均每个党员参加了几次？", jieba)]
    ([], ['average'])
    """
    out: list[Gate] = []
    actual = OUTCOME_ACTUAL_RE.search(q)
    expected = OUTCOME_EXPECTED_RE.search(q)
    cue = actual or expected
    rest = re.split(r"[?？,，;；。]", q[cue.end() :])[0] if cue is not None else ""
    got = _words(rest, cut) if cue is not None and not _MEASURES_RE.search(rest) else ()
    yesno = NOT_YET_RE.search(q)
    if got:
        asked = actual is not None and (expected is None or actual.start() < expected.start())
        out.append(Gate("outcome", got, asked, yesno=yesno is not None and yesno.start() >= cue.start()))  # type: ignore[union-attr]
    elif (m := yesno) is not None:
        before = re.split(r"[?？,，;；。]", q[: m.end(m.lastindex or 1)])[-1]
        pieces = [w for w in cut.lcut(before) if re.fullmatch(r"[\u4e00-\u9fff]+", w)]  # type: ignore[attr-defined]
        verb = _resolve(pieces[-1]) if pieces else ""
        one_char = verb in _ONE_CHAR_OUTCOMES or (len(verb) == 1 and verb != pieces[-1])  # 判, or 搬 of 搬走
        if verb and not _ASKING_RE.fullmatch(verb) and verb not in _VAGUE and (len(verb) >= 2 or one_char):
            specific = verb in _ONE_CHAR_OUTCOMES  # 判了没有: only a statement of the verdict answers
            out.append(
                Gate("outcome", (verb,), False, yesno=not specific)
            )  # whether it happened: where it stands answers
    for kind, rx in _TYPED:
        if rx.search(q):
            out.append(Gate(kind))
    if AVERAGE_RE.search(q) and re.search(r"几|多少", q):
        out.append(Gate("average"))
    if (m := EXISTS_RE.search(q)) is not None:
        got = tuple(w for w in _words(m.group(1), cut) if w not in _STATUS and w not in _FINDING_VERBS)
        if got:
            out.append(Gate("exists", got))
    return out


_RESULT_RE = re.compile(r"^([\u4e00-\u9fff])(?:上|好|齐|掉|走|成|回)$")
"""A verb with a result complement (补上, 交齐, 搬走): the notice states the verb in its own words
(补缴, 搬迁)."""
_DIRECTION_RE = re.compile(r"^(?:[\u4e00-\u9fff])?(?:起来|下来|出来|上来|过来|进去)$")
"""A verb with a direction complement (建起来): too loose to find as written."""


def _resolve(word: str) -> str:
    """``word`` as a notice would state it: 补上 → 补; 追回来 → 追回; 建起来 → '' (no outcome word of its own)."""
    if _DIRECTION_RE.match(word):
        return ""
    if len(word) >= 3 and word[-1] in "来去":
        word = word[:-1]  # 追回来 → 追回, 交上来 → 交上
    m = _RESULT_RE.match(word)
    return m.group(1) if m else word


def _words(text: str, cut: object) -> tuple[str, ...]:
    text = _ASKING_RE.sub(" ", text)
    found: list[str] = []
    for run in text.split():
        for w in cut.lcut(run):  # type: ignore[attr-defined]
            if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and w not in _VAGUE and w not in found:
                found.append(w)
    return tuple(found)


_ASKED_COUNT_RE = re.compile(r"(?<!哪)(?:几|多少)([条项名人位件起个家次宗户套所笔])")


def part_asked(q: str) -> tuple[str, str] | None:
    """A count asked of a total the question quotes before it, in the same counter (征集的24条意见，
    落实了多少条): the total (``24条``) and the counter asked; None if there is none.

    >>> part_asked("征集的24条意见，整改落实了多少项？"), part_asked("反馈的21个问题，制定了多少条措施？")
    (('24条', '项'), None)
    """
    for m in _ASKED_COUNT_RE.finditer(q):
        kind = counter_class(m.group(1))
        before = [
            t
            for t in TOTAL_RE.finditer(q, 0, m.start())
            if counter_class(t.group(0).lstrip("0123456789.余")) & kind
        ]
        if before:
            return before[-1].group(0).replace("余", ""), m.group(1)
    return None
