"""Sentences of passages, and what kind of information each one holds.

A passage is split at 。！？； (and their half-width forms) and at line breaks; sentences are
kept whole. Each ``Sentence`` carries its searchable ``form`` (compact, simplified, counting
numerals as digits) and answers questions such as "does it hold a date", "a phone number", "a
person's name" or "a count of 条/项" (``satisfies``), which the extractive answerer uses to
prefer, and to require, sentences that hold what the question asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from assistant.grounding.claims import passage_form
from assistant.reading.ask_words import (
    AVERAGE_STATED_RE,
    HEAD_STATED_RE,
    HEDGE_RE,
    HEDGE_REACH,
    counter_class,
)
from assistant.reading.asks import Ask
from core.normalize import compact
from core.numerals import CN_DIGITS, CN_UNITS, COUNTERS, number_value
from core.persons import names_company, names_role_holder, person_names
from core.sentences import CLAUSE_ENDS, sentences
from core.types import Hit

_CN_LEAD = "".join(CN_DIGITS) + "十"
_CN = _CN_LEAD + "".join(CN_UNITS)
_COUNTER_ALT = "|".join(
    sorted({re.escape(c) for c in COUNTERS if c not in "年月日号"}, key=len, reverse=True)
)
_COUNTED_RE = re.compile(rf"(?<![\d.第])(\d+(?:\.\d+)?|[{_CN_LEAD}][{_CN}]*)(?:余|多)?({_COUNTER_ALT})")
"""A number and its counter, on the compact text (before numerals become digits)."""
_PEOPLE_AFTER_RE = re.compile(
    r"[\u4e00-\u9fff]{0,6}?(?:人|员|生|干部|同志|党员|职工|代表|者|家属|专家|教师|群众|村民|居民)"
)
"""What ``N个`` counts when it counts people (``3个村干部``; ``14个课题组`` counts groups)."""
_BARE_RATE_RE = re.compile(
    r"(?:率|比例|占比|比重|满意度|知晓度)(?:为|是|达|达到|提高到|提高至|提升到|提升至|上升到|上升至|降至|降到|下降到|下降至)?"
    r"\d+(?:\.\d+)?(?![\d.%％]|[个项条名人位元万亿次件家所户年月日号])"
)
"""A rate whose ``%`` the text lost (``合格率为98.5，``): still the rate asked for."""
_DATE_RE = re.compile(r"(?<!\d)\d{1,2}月(?:\d{1,2}[日号]|底|初|中旬|上旬|下旬|份)?|(?<!\d)(?:19|20)\d{2}年")
_DAY_DATE_RE = re.compile(r"(?<!\d)\d{1,2}月\d{1,2}[日号]|(?<!\d)\d{1,2}[日号](?:上午|下午|晚)?")
_PHONE_NUMBER_RE = re.compile(
    r"(?<!\d)(?:0\d{2,3}-?)?\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)12388(?!\d)"
)
_CAREER_RE = re.compile(
    r"曾任|原任|历任|曾在|曾担任|先后任|先后担任|调任|任职经历|此前任|之前任|此前担任|之前担任"
)
_GROUP_RE = re.compile(
    r"第[一二三四五六七八九十\d]+(?:巡察|巡视)组|(?:巡察|巡视)[一二三四五六七八九十\d]+组|(?:交叉|专项|机动)(?:巡察|巡视)组"
)
_EMAIL_RE = re.compile(r"[\w.\-]+@[\w\-]+(?:\.[\w\-]+)+")
_ADDRESS_RE = re.compile(r"地址|信箱|邮政编码|邮编|(?:路|街|道|巷|大道|大街)\d+号|\d+(?:号楼|楼|层|室)|房间")
_MEASURE_START_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+是|\([一二三四五六七八九十\d]+\)|\d+[.,]|[一二三四五六七八九十]+,)"
)
_MEASURE_VERB_RE = re.compile(
    r"制定|建立|修订|修改|印发|出台|开展|完善|召开|组织|健全|规范|严格|加强|推进|完成|落实|签订|成立|明确|实行|纳入"
)
_NEW_PROBLEM_RE = re.compile(
    r"^(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+,|\d+[.,])?(?:关于|针对)?.{0,40}问题[.:;]?$"
)


@dataclass(frozen=True)
class Sentence:
    """One whole sentence of a retrieved passage."""

    text: str
    """The sentence as displayed (original characters, trimmed)."""
    form: str
    """Its searchable form (``claims.passage_form``: punctuation is half-width there)."""
    hit: int
    """Index of its passage in the hit list."""
    position: int
    """Its index among the sentences of the passage."""

    @property
    def is_measure(self) -> bool:
        """Whether it reads like a rectification measure (一是…, (一)…, 1. …, or a measure verb)."""
        return bool(_MEASURE_START_RE.match(self.form) or _MEASURE_VERB_RE.search(self.form))

    @property
    def is_problem_heading(self) -> bool:
        """Whether it reads like the heading of a (next) problem rather than a measure."""
        return len(self.form) <= 60 and bool(_NEW_PROBLEM_RE.match(self.form)) and "是" not in self.form[:3]

    @cached_property
    def plain(self) -> str:
        """The compact text with numerals as written (``一项`` stays ``一项``)."""
        return compact(self.text)

    def counted(self, ask: Ask) -> bool:
        """Whether it states a count that answers ``ask`` (a number with a fitting counter).

        A lone ``一`` (``一项重大任务``, ``一批``) is an article, not a count; ordinals (第) are not counts.
        """
        if "%" in ask.counters and _BARE_RATE_RE.search(self.plain):
            return True
        return bool(self.counts(ask))

    def counts(self, ask: Ask) -> list[tuple[float, str, int]]:
        """The counts it states that answer ``ask``: each value, its words (``26项``) and how far from the noun asked.

        >>> from assistant.grounding.claims import passage_form as pf
        >>> def s(t): return Sentence(t, pf(t), 0, 0)
        >>> s("修改完善规章制度26项。").counts(Ask("count", counter="项", noun="制度"))
        [(26.0, '26项', 2)]
        >>> sorted(s("已召开22次党组会议、11次局务会议。").counts(Ask("count", counter="次", noun="党组会")), key=lambda c: c[2])
        [(22.0, '22次', 0), (11.0, '11次', 5)]
        >>> s("召开了党组（扩大）会10次。").counts(Ask("count", counter="次", noun="大会"))
        [(10.0, '10次', 3)]
        """
        allowed = ask.counters
        word = "[()（）]?".join(map(re.escape, ask.noun))  # 扩大会 in 党组（扩大）会
        noun = f"{word}|{_PEOPLE}" if ask.noun and ask.counter in ("名", "人", "位") else word
        nouns = [m.start() for m in re.finditer(noun, self.plain)] if ask.noun else []
        people = ask.counter in ("人", "名", "位")
        found = [
            m
            for m in _COUNTED_RE.finditer(self.plain)
            if m.group(1) != "一"
            and (not allowed or m.group(2) in allowed)
            and (not ask.noun or any(m.start() - NOUN_REACH <= at <= m.end() + NOUN_REACH for at in nouns))
            and not (people and m.group(2) == "个" and not _PEOPLE_AFTER_RE.match(self.plain, m.end()))
            and not _THRESHOLD_RE.match(self.plain, m.end())  # 1000元以上资金: a threshold, not a count
        ]
        far = [min((min(abs(at - m.end()), abs(m.start() - at)) for at in nouns), default=0) for m in found]
        return sorted(
            (float(m.group(1)) if m.group(1)[0].isdigit() else float(number_value(m.group(1))), m.group(0), d)
            for m, d in zip(found, far, strict=True)
        )

    def breaks_down(self, total: str, listed: bool = False, part: str = "") -> bool:
        """Whether it states the parts of ``total`` (a number and counter the question quotes):
        other counts of the parts' kind beside it (``part``'s counters, else the total's), or a
        list (、 twice, a colon with items).

        >>> from assistant.grounding.claims import passage_form as pf
        >>> def s(t): return Sentence(t, pf(t), 0, 0)
        >>> s("共引进17个项目。").breaks_down("17个")
        False
        >>> s("共处理32人，其中处分1人、诫勉3人。").breaks_down("32人")
        True
        >>> s("对5家企业飞行检查，发现问题12个，整改8个。").breaks_down("5家", listed=True)
        False
        >>> s("找当事人等6人追回900元，并已上交国库。").breaks_down("900元", part="元")
        False
        >>> s("还有甲厂地块修复、乙厂废渣、丙公司偷排等3个问题未整改到位。").breaks_down("3个", listed=True)
        True
        """
        f = self.form
        found = states_total(f, total)
        if found is None:
            return False
        at = found.start()
        number = found.group(1)
        raw = self.text[max(self.text.find(number), 0) :]  # the form writes 、 as a comma
        introduced = re.search(rf"{re.escape(number)}[^;]{{0,12}}:\S", f) is not None  # 9家：甲、乙…
        listed_before = re.search(rf"等{re.escape(number)}(?![\d.])", self.text)  # 甲、乙、丙等3个问题
        before = re.split(r"[。；;：:]", self.text[: listed_before.start()])[-1] if listed_before else ""
        listing = raw.count("、") >= 2 or introduced or before.count("、") >= 2
        if listed:
            return listing  # the parts named: 甲、乙、丙 or 包括：…
        parted = re.search(r"其中|包括|包含|分别|含", f[at:]) is not None
        kinds = _kinds(part or _counter_of(total))
        others = [
            m
            for m in _COUNTED_RE.finditer(f, at + len(found.group(0)))
            if m.group(1) != number and (not kinds or m.group(2)[:1] in kinds or m.group(2) in kinds)
        ]
        if kinds & {"元", "万"}:
            return bool(others) and (parted or listing)  # amounts of the parts, not only their names
        exact = {part or _counter_of(total)}  # 15个 …已整改13个、其余2个: parts in the total's own counter
        return (parted and len(others) >= 1) or any(m.group(2) in exact for m in others) or introduced

    def states_outcome(self, words: list[str], actual: bool) -> bool:
        """Whether it states the outcome named by ``words`` (all of them); asked ``actual``, not as a
        plan or an attempt (力争列入, 继续追回, 已申报).

        >>> from assistant.grounding.claims import passage_form as pf
        >>> def s(t): return Sentence(t, pf(t), 0, 0)
        >>> s("谋划11个项目，力争列入国家规划。").states_outcome(["列入", "规划"], True)
        False
        >>> s("已有3个项目列入国家规划。").states_outcome(["列入", "规划"], True)
        True
        """
        f = self.form
        words = [p for w in words for p in _done(w)]
        if not all(re.search(w, f) for w in words):
            return False
        at = re.search(words[0], f).start()  # type: ignore[union-attr]
        clause = re.split(r"[,;:.]", f[max(0, at - HEDGE_REACH) : at])[-1]
        return not (actual and HEDGE_RE.search(clause))

    def names_role(self, role: str) -> bool:
        """Whether it names the person holding ``role`` (``组长``; ``巡察组组长``: of an inspection group).

        The role must stand next to the name (``组长张三``, ``张三任组长``): a name elsewhere in the
        sentence belongs to someone else.
        """
        f = self.form
        if role.startswith("巡察组") and not re.search(r"巡察组|巡视组", f):
            return False
        return names_role_holder(f, role.removeprefix("巡察组"))

    def satisfies(self, ask: Ask) -> bool:
        """Whether it holds the kind of information ``ask`` asks for."""
        f = self.form
        if ask.kind == "count":
            return self.counted(ask)
        if ask.kind == "date":
            return _DATE_RE.search(f) is not None and (not ask.noun or ask.noun in f)
        if ask.kind == "day":
            day = _WEEKDAY_RE if ask.counter == "weekday" else _DAY_DATE_RE
            return day.search(f) is not None and (not ask.noun or ask.noun in f)
        if ask.kind == "name":
            return self.names_role(ask.noun) if ask.noun else bool(person_names(f))
        if ask.kind == "head":
            return HEAD_STATED_RE.search(f) is not None
        if ask.kind == "who":
            return bool(person_names(f)) or re.search(r"公司|集团|单位|中心|合作社", f) is not None
        if ask.kind == "career":
            return _CAREER_RE.search(f) is not None
        if ask.kind == "ordinal":
            return re.search(rf"第[\d{_CN}]+{re.escape(ask.counter)}", f) is not None
        if ask.kind == "group":
            return _GROUP_RE.search(f) is not None
        if ask.kind == "phone":
            return _PHONE_NUMBER_RE.search(f) is not None
        if ask.kind == "email":
            return _EMAIL_RE.search(f) is not None
        if ask.kind == "address":
            return _ADDRESS_RE.search(f) is not None
        if ask.kind == "measures":
            return self.is_measure
        if ask.kind == "reason":
            return _REASON_STATED_RE.search(f) is not None
        if ask.kind == "result":
            return _RESULT_STATED_RE.search(f) is not None
        if ask.kind == "judgement":
            return re.search(r"肯定|表扬|好评|赞誉|认可|批示|评为|排名第|位列", f) is not None
        if ask.kind == "rank":
            return re.search(r"第\d+(?:名|位)?|排名|位列|排在|前\d+(?:名|位)", f) is not None
        if ask.kind == "breakdown":
            return self.breaks_down(ask.noun, listed=ask.counter == "list", part=ask.part)
        if ask.kind == "outcome":
            words = ask.noun.split("|")
            if self.states_outcome(words, actual="actual" in ask.counter):
                return True
            planned = "actual" in ask.counter and self.states_outcome(words, actual=False)  # 力争2021年开工
            return "yesno" in ask.counter and not planned and _STANDING_RE.search(f) is not None
        if ask.kind == "average":
            return AVERAGE_STATED_RE.search(f) is not None
        if ask.kind in _TYPED_ANSWERS:
            return _TYPED_ANSWERS[ask.kind](f)
        if ask.kind == "exists":
            return all(w in f for w in ask.noun.split("|"))
        return False


_RESULT_STATED_RE = re.compile(
    r"启动|给予|作出[^,;]{0,6}(?:处理|处分|决定)|查实|认定|追回|清退|处分|问责|移送|立案|结案|办结|未发现|发现[^,;]{0,10}\d|\d+(?:名|人|元|万元)"
)
"""A result stated: what was decided, recovered or found (对10名人员启动追责程序, 未发现…)."""
_THRESHOLD_RE = re.compile(r"(?:及)?(?:以上|以下|以内|起)")
_STANDING_RE = re.compile(
    r"剩余|尚未|仍有|仍未|未完成|还未|正在|讨论稿|征求[^,;]{0,6}意见|待[^,;]{1,10}后|暂停|已全部|已完成|已办结|已落实"
)
"""Where a matter stands, stated (剩余1户, 正在征求意见, 待查实后再作处理): answers whether it happened."""
_REASON_STATED_RE = re.compile(
    r"原因(?:是|为|在于|有|主要|:)|由于|因为|导致|根源|根子|源于|症结|受[^;,]{0,12}影响|造成|(?:^|[:,])因[^此而素]"
)
"""A reason stated (原因：一是…, 由于…, 因近期…), not named as a target (针对人防工程未建设原因，制定…)."""
_DURATION_RE = re.compile(
    r"(?<![\d.])\d+(?:\.\d+)?(?:个)?(?:天|周|星期|个月|小时|课时|学时|工作日)|为期|历时|用时|\d+月\d+日?(?:至|到|-|~)\d+"
    r"|每[半一二两三四五六七八九十\d]*个?(?:天|日|周|星期|月|季度|季|年)"  # 多久调度一次, 多久换一次岗: how often
)
_SANCTION_RE = re.compile(
    r"警告|记过|降级|撤职|开除|留党察看|诫勉|通报批评|批评教育|组织处理|免职|调离|罚款|书面检查|检讨|谈话提醒|提醒谈话|停职|责令辞职"
)
_TITLE_RE = re.compile(r"《[^》]{2,}》|\"[^\"]{2,40}\"(?:为题|为主题|主题)|\[(?:19|20)\d{2}\]\d+号")


_WEEKDAY_RE = re.compile(
    r"(?:周|星期|礼拜)[一二三四五六日天1-7]|每月\d+[日号]|每月[上中下]旬|每月(?:初|底|末)"
)
"""A day that recurs (每周二, 每月15日): the answer to 每周哪天."""
_TYPED_ANSWERS = {
    "duration": lambda f: _DURATION_RE.search(f) is not None,
    "sanction": lambda f: _SANCTION_RE.search(f) is not None,
    "org": names_company,
    "title": lambda f: _TITLE_RE.search(f) is not None,
}
"""What a sentence must hold to answer a typed ask: a length of time, a sanction, a company's name,
a title (quoted, or a document number)."""
_PEOPLE = "干部|人员|同志|党员|职工|教师|医生|员工"
"""Nouns of people: 多少名干部的档案 counts 干部 whatever noun the question ends with."""
NOUN_REACH = 10
"""A count of a noun stands this close to it (``处理干部共计12人``, ``12名干部``): a number
elsewhere in a long sentence counts something else."""
_DONE = "完成|办结|结案|到位|完毕|销号|办完|改完|结清|清退|退还"
"""Words a notice uses for "done" (办完没有 is answered by 已办结)."""
_DONE_WORD = r"完$|^完成$|^办结$|^结案$"
"""Outcome words that ask whether something is done."""


def _done(word: str) -> list[str]:
    """What a sentence must hold for ``word``: 办完 → 办 and a word for done; 列入 → 列入; a two-character
    verb may have up to two characters between its own (招成 in 招标成功)."""
    if not re.search(_DONE_WORD, word):
        return [f"{re.escape(word[0])}.{{0,2}}{re.escape(word[1])}" if len(word) == 2 else re.escape(word)]
    light = word[0] in "搞弄做干整"  # 搞完 says only that it is done
    return [word[0], _DONE] if len(word) == 2 and word.endswith("完") and not light else [_DONE]


_TOTAL_RE = re.compile(r"(\d+(?:\.\d+)?)(\D*)")


def _kinds(counter: str) -> frozenset[str]:
    """The counters that count what ``counter`` counts (万元 and 元 both count money)."""
    if not counter:
        return frozenset()
    return counter_class(counter[-1] if counter.endswith("元") else counter)


def _counter_of(total: str) -> str:
    m = _TOTAL_RE.fullmatch(total)
    return m.group(2) if m else ""


def states_total(form: str, total: str) -> re.Match[str] | None:
    """Where ``form`` states ``total`` (``11个``: 11 with a counter of its kind, so 11名 too; not
    11 in 110 or 2011, not 3个月 for 3个), None if it does not.

    >>> bool(states_total("安排3名人员学习", "3个")), bool(states_total("为期3个月", "3个")), bool(states_total("13家企业", "3家"))
    (True, False, False)
    """
    m = _TOTAL_RE.fullmatch(total)
    number, counter = (m.group(1), m.group(2)) if m else (total, "")
    kinds = _kinds(counter)
    for x in re.finditer(rf"(?<![\d.])({re.escape(number)})(?![\d.])(?:余|多)?", form):
        after = form[x.end() :]
        if not kinds or (any(after.startswith(k) for k in kinds) and not after.startswith("个月")):
            return x
    return None


def split(text: str) -> list[str]:
    r"""The whole sentences of ``text`` (split at 。！？； and line breaks), trimmed.

    >>> split("一是开会；二是发文。\n三、其他问题\n共5个！")
    ['一是开会；', '二是发文。', '三、其他问题', '共5个！']
    """
    return sentences(text, CLAUSE_ENDS)


def sentences_of(hits: list[Hit]) -> Iterator[Sentence]:
    """Every sentence of every hit, in hit order then text order."""
    for i, hit in enumerate(hits):
        for j, s in enumerate(split(hit.chunk.text)):
            yield Sentence(s, passage_form(s), i, j)
