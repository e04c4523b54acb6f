"""What a question asks for, read for the extractive answerer: content terms and asked attributes.

``read_question`` turns a question into ``QueryTerms``: the content words to look for (the unit
names and question words removed), phrases quoted in it (a problem's name, usually), and the
``Ask`` records that say what kind of text answers it: a counted quantity, a date, a person's
name, contact details, or measures. Sentences holding what is asked are preferred; an ask marked
``hard`` that no passage of the scoped unit can satisfy makes the answerer refuse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from assistant.reading.ask_words import (
    BREAKDOWN_RE,
    ENUMERATE_RE,
    HEAD_ASK_RE,
    JUDGEMENT_RE,
    LATER_RE,
    PROBLEM_ASKED_RE,
    RANK_RE,
    RATE_RE,
    REASON_ASK_RE,
    TOTAL_RE,
    counter_class,
    event_named,
)
from assistant.reading.counts import count_asks
from assistant.reading.gates import gates, part_asked
from core.normalize import compact
from core.numerals import to_digits
from core.persons import ROLE_BODIES
from core.unitnames import canonical

AskKind = Literal[
    "count",
    "date",
    "day",
    "name",
    "who",
    "group",
    "career",
    "phone",
    "address",
    "email",
    "measures",
    "which_unit",
    "breakdown",
    "rank",
    "reason",
    "result",
    "judgement",
    "ordinal",
    "outcome", "average", "exists", "duration", "sanction", "org", "title", "head",
]  # fmt: skip
"""count: a number of something; date: when; name: a person's name; who: a person or an
organization; phone/address/email: contact details; measures: how something was rectified;
which_unit: which unit did something; group: which inspection group; career: a person's earlier posts;
breakdown: the parts of a total the question quotes (``那4个具体是哪4个``, ``15人次里有几个是村干部``);
ordinal: which one of a series (``第几轮``, ``第几批``), its counter in ``counter``; result: what an
inquiry or a measure came to (``核查下来是什么结果``), stated beside the sentence naming it."""

GATE_KINDS = frozenset(("outcome", "average", "exists", "duration", "sanction", "org", "title", "breakdown"))
"""Asks a question cannot do without: those of ``reading.gates`` (an outcome, an average, the
existence of a thing, a typed answer) and the parts of a quoted total."""

_QUESTION_WORDS = (
    "是什么", "什么样", "什么", "哪些", "哪个", "哪家", "哪里", "哪儿", "哪一", "哪", "怎么样", "怎么", "怎样",
    "如何", "多少", "几", "谁", "是否", "有没有", "吗", "呢", "么", "请问", "一下", "分别", "各自", "各",
    "都", "一共", "共", "总共", "具体", "主要", "有关", "相关", "这个", "那个", "此", "该", "其",
)  # fmt: skip
_FUNCTION_WORDS = frozenset(
    (
        "的", "了", "是", "在", "和", "与", "及", "对", "把", "被", "由", "向", "为", "有", "也", "还", "又", "就", "要", "将",
        "从", "到", "给", "以", "于", "等", "并", "或", "之", "中", "上", "下", "后", "前", "里", "所", "已", "已经", "过",
        "着", "个", "这", "那", "它", "他", "她", "他们", "我们", "其中", "以及", "进行", "开展", "方面", "时候", "今年", "当年",
        "现在", "目前", "后来",
    )
)  # fmt: skip
LOW_WEIGHT = frozenset(
    (
        "巡察", "巡视", "整改", "通报", "问题", "情况", "单位", "工作", "反馈", "党组", "党委", "落实", "推进", "开展", "进行", "加强",
        "措施", "怎么", "有关", "相关", "组织", "领导", "制度", "建设", "管理",
    )
)  # fmt: skip
"""Domain words found in nearly every sentence of a notice: they count, but little."""

_DATE_RE = re.compile(r"什么时候|何时|哪天|哪一天|日期|时间|几月|哪年|哪一年|哪个月|几号|什么时间")
_NAME_RE = re.compile(
    r"名字|姓名|全名|是谁(?!家)|何人|哪位|哪几位|(?<!处理了)(?<!问责了)(?<!处分了)(?<!处理)(?<!问责)(?<!处分)(?<!追责)哪些人|都有谁|(?:长|书记|主任|委员|负责人|组长|同志|干部|责任人|当事人|人)(?:叫什么|叫啥|是啥)"
    r"|(?:哪个|哪名|哪一个)(?:干部|同志|人|领导|责任人|工作人员)"
)
_THING_NAME_RE = re.compile(
    r"(?:方案|文件|制度|办法|通知|活动|项目|平台|公众号|网站|栏目|系统|规定|意见|报告|会议|展品|展览|党课|讲座|课题|文章|公司|企业|机构|单位)"
    r"[^?？,，;；]{0,3}(?:叫什么|叫啥|名字|名称|全称|标题|题目)"
)
"""The name of a document or thing (``方案叫什么名字``), not of a person."""
_DAY_RE = re.compile(r"哪天|哪[一1]天|几月几[日号]|几号|具体日期|哪[一1]日|什么日子")
"""The day itself is asked for: a sentence without a day's date does not answer it."""
"""A person's name is asked for (``公众号叫什么`` asks for another kind of name)."""
_ROLE_RE = re.compile(
    r"(副?(?:组长|书记|局长|主任|部长|厅长|检察长|院长|主席|校长)|负责人|联系人|责任人|当事人)"
    r"(?:是谁|是哪位|是何人|叫什么|叫啥|的名字|的姓名|姓什么)"
)
"""The role whose holder a name question asks for (``组长是哪位``)."""
_BODY_RE = re.compile(rf"(?:{'|'.join(ROLE_BODIES)})$")
"""The body a role asked for belongs to, written just before it (``区委书记``, ``党组书记``)."""
_WHO_RE = re.compile(
    r"谁(?![^?？,，]{0,6}?(?:更|最|比较)?(?:多|少|早|晚|先|后|长|短|久|高|低)(?:些|一些|一点)?(?:[?？,，]|$))"
)
"""谁 asking for a person or a body; 谁多, 谁先 ask which of the units named (a verdict)."""
_CAREER_RE = re.compile(
    r"(?:此前|之前|以前|曾经|原来|过去)(?:担任|任|是|在|从事)|履历|简历|工作经历|任职经历"
)
_GROUP_RE = re.compile(r"(?:哪个|哪一个|哪|什么|几)(?:巡察|巡视)?组|(?:由|被)(?:谁|哪个)(?:巡察|巡视)")
_RESULT_ASK_RE = re.compile(
    r"什么结果|啥结果|结果(?:是|如何|怎么样|怎样)|结论|查(?:下来|出来)(?:是|了)?(?:什么|啥)|(?:核查|调查|倒查)(?:下来|结果)"
)
"""What an inquiry or a measure came to is asked (倒查核查下来是什么结果)."""
_ORDINAL_RE = re.compile(r"第几(轮|批|届|次|期|季度)")
"""Which one of a series is asked (``第几轮巡视``): answered by 第N轮, not by a count."""
_PHONE_RE = re.compile(
    r"电话|手机号|(?:手机|号码)(?:是|为)?(?:多少|什么|几号)|(?:联系|举报|监督)(?:手机|号码)|热线(?:是|为)?(?:多少|什么|几号)|(?:监督|举报|联系)热线"
)
"""Contact numbers asked for (``便民热线归并了几条`` counts hotlines, ``玩手机`` is conduct: not phone asks)."""
_ADDRESS_RE = re.compile(r"地址|信箱")
_EMAIL_RE = re.compile(r"邮箱|邮件|email|e-mail", re.IGNORECASE)
_MEASURES_RE = re.compile(
    r"怎么|如何|怎样"
    r"|哪些(?:措施|举措|做法|整改|办法|工作)|什么(?:措施|举措|办法|做法)|采取了?(?:哪些|什么)|做了(?:哪些|什么)"
    r"|整改(?:情况|进展|成效)|开得怎么样|改得怎么样|整改到(?:哪|什么)|进展如何|怎么样了|处理了没有|(?:改|处理|解决|落实)了吗"
    r"|(?:为什么|为啥)[^?？,，]{0,6}(?:没|不|未)|卡在哪"
    r"|(?:整改|改|弄)了(?:些|一些)?(?:啥|什么|哪些)(?!人|干部|党员|同志|单位)|(?:动作|办法|招|法子)(?:有|是)?(?:哪些|什么|啥)"
)
_WHICH_UNIT_RE = re.compile(
    r"(?:哪个|哪些|哪一个|哪家|哪几个|什么)(?:单位|部门|乡镇|镇|街道|县|区|市|机关|党组织|学校|医院|村|社区|通报|地方)"
    r"|(?:是|的是)(?:哪家|哪一家)|哪家(?:单位)?[?？]?$|谁家"
)
_PART_SPLIT_RE = re.compile(r"[?？;；]")
_QUOTED_RE = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]")

_TERM_RE = re.compile(r"[\u3400-\u9fff]{2,}|[0-9]+(?:\.[0-9]+)?|[a-z]{2,}")


@dataclass(frozen=True)
class Ask:
    """One thing a question asks for."""

    kind: AskKind
    """What kind of text answers it."""
    counter: str = ""
    """count: the counter asked with (``条`` in ``多少条措施``), '' if none; breakdown: list (which ones),
    count (how many of them) or part (a count asked after the total, 24条意见落实了多少条)."""
    noun: str = ""
    """count: the head of the counted noun (last two characters, ``措施``), '' if none."""
    hard: bool = False
    """True when a passage lacking it cannot answer (refuse if no scoped passage has it)."""
    part: str = ""
    """breakdown: the counter the parts are counted in (``元`` for 分别退了多少钱), '' for the total's."""

    @property
    def gate(self) -> bool:
        """An ask the question cannot do without (``reading.gates``): unmet, the question is refused."""
        return self.kind in GATE_KINDS

    @property
    def counters(self) -> frozenset[str]:
        """The counters that answer a count ask (empty: any counter)."""
        return counter_class(self.counter)


@dataclass(frozen=True)
class QueryTerms:
    """A question read for sentence selection."""

    text: str
    """The question in compact form, unit names removed."""
    terms: dict[str, float]
    """Content words and their weights."""
    quoted: tuple[str, ...]
    """Phrases quoted in the question, compact."""
    asks: tuple[Ask, ...]
    """What the question asks for, in order."""
    parts: tuple[QueryTerms, ...] = ()
    """The sub-questions of a question that asks several things (``…？…？``); empty otherwise."""
    anchors: tuple[str, ...] = ()
    """Totals the question quotes from a notice, number and counter (``那11个人`` → ``11个``): what
    it asks is about the sentence that states them."""

    def wants(self, kind: AskKind) -> bool:
        """Whether the question asks for ``kind``."""
        return any(a.kind == kind for a in self.asks)


@lru_cache(maxsize=1)
def _cut() -> object:
    from core.store.keyword_tokens import _jieba

    return _jieba()


def words(text: str) -> list[str]:
    """Jieba's search-mode words of ``text`` (same dictionary as the keyword index).

    >>> "调查站点" in "".join(words("科技工作者调查站点"))
    True
    """
    tokenizer = _cut()
    return list(tokenizer.cut_for_search(text))  # type: ignore[attr-defined]


def _strip_question_words(q: str) -> str:
    q = PROBLEM_ASKED_RE.sub(" ", q)
    for w in _QUESTION_WORDS:
        q = q.replace(w, " ")
    return q


_POSTPOSITIONS = "里在了的和与"


def _stray(word: str) -> bool:
    """A pair the tokenizer made up across a postposition (整改里建了 → 里建): no word to look for.

    >>> _stray("里建"), _stray("里程"), _stray("制度")
    (True, False, False)
    """
    if len(word) != 2 or word[0] not in _POSTPOSITIONS:
        return False
    return not getattr(_cut(), "FREQ", {}).get(word)


def _terms(q: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for run in re.split(r"[\s,.;:!?()\[\]\"'“”、，。；：！？（）《》]+", q):
        if not run:
            continue
        for w in words(run):
            w = w.strip()
            if not _TERM_RE.fullmatch(w) or w in _FUNCTION_WORDS or _stray(w):
                continue
            weight = 0.3 if w in LOW_WEIGHT else 1.0 + 0.25 * max(0, len(w) - 2)
            out[w] = max(out.get(w, 0.0), weight)
    return out


_PREAMBLE_RE = re.compile(
    r"^.{0,60}?(?:想确认一下|想核实一下|想问一下|想了解一下|我想知道|想知道|请问一下|请问|麻烦问一下|麻烦查一下|帮我查一下|帮忙查一下|问一下)[:：,，]?"
)
"""Why the user asks (``我们在准备汇报材料，想确认一下：``): context, not terms to look for."""
_COUNT_WORDS_RE = re.compile(r"(?:几|多少)(?:个人|个|[条项名人位件起家次场所户笔]|钱)?")
"""How a count is asked (``几个人``, ``多少钱``): question words, not content to look for."""


def read_question(
    question: str, unit_surfaces: Sequence[str] = (), unit_names: Sequence[str] = ()
) -> QueryTerms:
    """Read a question: its content terms (unit names and question words removed) and its asks.

    Args:
        question: The question as asked (any script or width).
        unit_surfaces: The words of the question that name units (removed from the terms).
        unit_names: The full names of those units: terms that are part of a name (``市场``,
            ``监管`` for 市场监督管理局) say which unit, not what about it, and are dropped.

    Returns:
        The terms and asks.

    >>> r = read_question("南安市住建局一共制定了多少条整改措施？", ["南安市住建局"])
    >>> [(a.kind, a.counter, a.noun, a.hard) for a in r.asks]
    [('count', '条', '措施', True)]
    >>> "南安" in "".join(r.terms), "制定" in r.terms
    (False, True)
    >>> sorted(read_question("防城港市场监管部门查处了多少食品案件？", ["防城港"], ["中共防城港市市场监督管理局党组"]).terms)
    ['查处', '案件', '监管部', '监管部门', '部门', '食品']
    >>> [[a.kind for a in p.asks] for p in read_question("甲局什么时候被巡察？哪个巡察组？何时反馈？").parts]
    [['date'], ['group'], ['date']]
    """
    q = to_digits(compact(question).lower())
    for surface in sorted(unit_surfaces, key=len, reverse=True):
        s = to_digits(compact(surface).lower())
        if s:
            q = q.replace(s, " ")
    names = [compact(n) for n in unit_names] + [canonical(n).text for n in unit_names]
    whole = _without(_read(q), names)
    pieces = [p for p in _PART_SPLIT_RE.split(q) if p.strip()]
    if len(pieces) < 2:
        return whole
    parts = tuple(part for p in pieces if (part := _without(_read(p), names)).terms or part.asks)
    return QueryTerms(
        whole.text, whole.terms, whole.quoted, whole.asks, parts if len(parts) > 1 else (), whole.anchors
    )


def _without(read: QueryTerms, names: Sequence[str]) -> QueryTerms:
    """``read`` without the terms that are part of a unit name (when other terms remain)."""
    kept = {t: w for t, w in read.terms.items() if not any(t in n for n in names)}
    if not kept or kept == read.terms:
        return read
    return QueryTerms(read.text, kept, read.quoted, read.asks, anchors=read.anchors)


_NAMED_SET_RE = re.compile(r"规定|精神|[”\"]")
"""After a number and counter, the name of a set of rules (八项规定, “三项机制”), not a total."""


_RECURRING_DAY_RE = re.compile(r"每(?:周|星期|个?月|礼拜)|星期几|周几|礼拜几")


def _anchor(m: re.Match[str]) -> str:
    """A total the question quotes, as number and counter (``570余次`` → ``570次``)."""
    return m.group(0).replace("余", "")


def _read(q: str) -> QueryTerms:
    quoted = tuple(compact(m.group(1)) for m in _QUOTED_RE.finditer(q))
    asks: list[Ask] = []
    if not _PHONE_RE.search(q):
        asks += [Ask("count", counter=c, noun=n, hard=h) for c, n, h in count_asks(q)]
    event = event_named(q)
    if _DAY_RE.search(q):  # 每周哪天: a day of the week (or of the month) answers, not a date
        asks.append(
            Ask("day", counter="weekday" if _RECURRING_DAY_RE.search(q) else "", noun=event, hard=True)
        )
    elif _DATE_RE.search(q):
        asks.append(Ask("date", noun=event, hard=bool(event)))
    if HEAD_ASK_RE.search(q):  # 谁当组长: the post that heads the group answers
        asks.append(Ask("head", noun="牵头人", hard=True))
    elif _NAME_RE.search(q) and not _THING_NAME_RE.search(q):
        role = _ROLE_RE.search(q)
        body = _BODY_RE.search(q[: role.start()]) if role else None
        noun = ("巡察组" if role and re.search(r"巡察组|巡视组", q) else "") + (role.group(1) if role else "")
        if body and not noun.startswith("巡察组"):
            noun = body.group(0) + noun  # 区委书记: the 书记 of 省委 is someone else
        asks.append(Ask("name", noun=noun, hard=True))
    elif _WHO_RE.search(q):
        asks.append(Ask("who"))
    if _CAREER_RE.search(q):
        asks.append(Ask("career", hard=True))
    if ordinal := _ORDINAL_RE.search(q):
        asks.append(Ask("ordinal", counter=ordinal.group(1), hard=True))
    if _GROUP_RE.search(q):
        asks.append(Ask("group", hard=True))
    if _PHONE_RE.search(q):
        asks.append(Ask("phone", hard=True))
    if _ADDRESS_RE.search(q):
        asks.append(Ask("address", hard=True))
    if _EMAIL_RE.search(q):
        asks.append(Ask("email", hard=True))
    if _MEASURES_RE.search(q):
        asks.append(Ask("measures"))
    if _WHICH_UNIT_RE.search(q):
        asks.append(Ask("which_unit"))
    if RATE_RE.search(q):
        asks = [a for a in asks if a.kind != "count"] + [Ask("count", counter="%", hard=True)]
    if RANK_RE.search(q):
        asks.append(Ask("rank", hard=True))
    if REASON_ASK_RE.search(q):
        asks.append(Ask("reason", hard=True))
    if _RESULT_ASK_RE.search(q):
        asks.append(Ask("result"))
    if JUDGEMENT_RE.search(q):
        asks.append(Ask("judgement", hard=True))
    cue = BREAKDOWN_RE.search(q)
    totals = list(TOTAL_RE.finditer(q))
    if totals and cue:
        total = ([t for t in totals if t.start() < cue.start()] or totals)[
            -1
        ]  # the total nearest before the ask
        listed = ENUMERATE_RE.search(q) is not None  # which ones (a list), not how many of them
        typed = next((a.counter for a in asks if a.kind == "count" and a.counter), "")
        asks.append(
            Ask(
                "breakdown", counter="list" if listed else "count", noun=_anchor(total), hard=True, part=typed
            )
        )
    elif part := part_asked(q):  # 征集的24条意见，落实了多少条: a part of the quoted total
        asks.append(Ask("breakdown", counter="part", noun=part[0], hard=True, part=part[1]))
    for gate in gates(q, _cut()):
        counter = " ".join(w for w, on in (("actual", gate.actual), ("yesno", gate.yesno)) if on)
        asks.append(Ask(gate.kind, counter=counter, noun="|".join(gate.words), hard=True))  # type: ignore[arg-type]
    if LATER_RE.search(q) and asks and not any(a.kind == "breakdown" for a in asks):
        asks = [replace(a, hard=True) if a.kind in ("date", "day") else a for a in asks]
    terms = _terms(_strip_question_words(_COUNT_WORDS_RE.sub(" ", _PREAMBLE_RE.sub("", q))))
    for phrase in quoted:
        terms[phrase] = max(terms.get(phrase, 0.0), 2.0)
    anchors = tuple(
        dict.fromkeys(_anchor(m) for m in TOTAL_RE.finditer(q) if not _NAMED_SET_RE.match(q, m.end()))
    )
    return QueryTerms(text=q, terms=terms, quoted=quoted, asks=tuple(asks), anchors=anchors)
