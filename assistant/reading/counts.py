"""How a question asks for a count: the counter, the counted noun, an amount of money or a rate.

``多少条整改措施`` counts 措施 in 条; ``措施总共是多少项`` counts the noun before the count;
``一共追回了多少`` after money nouns asks for an amount (元), ``手续费率降到多少`` for a rate (%).
``第几`` asks for an ordinal and ``这几笔`` points back: neither is a count.
"""

from __future__ import annotations

import re

_COUNT_RE = re.compile(r"(?<!第)几|多少|多大|数量|规模|比例|金额|更多|更少|最多|最少|较多|较少")
_COUNT_NOUN_RE = re.compile(
    r"(?<![哪第这那])(?:几|多少)([条项名人位件起个次场家所篇户轮批期座处类份笔]?)((?:(?!几|多少)[\u4e00-\u9fff]){0,14})"
)

_MONEY_RE = re.compile(
    r"万元|亿元|钱|资金|金额|经费|费用|款项|款|元|欠薪|薪酬|工资|租金|补贴|补助|罚款|罚金|(?<!消)费(?!率)|投资|造价|价格|价款|收益|营收|收入"
)
"""Nouns of a sum of money: the count is answered by an amount (``40150元``, ``120.1万元``)."""
_NAMED_MONEY_RE = re.compile(r"收益|收入|营收|投资|造价|租金|罚款|罚金|工资|薪酬|补贴|补助|税收|利润|产值")
"""Kinds of money a notice names beside the amount (总投资80万元, 收益12万元): an amount of another
kind (投入80万元 for 收益) does not answer."""
_PER_COUNTER_RE = re.compile(r"([人户件家项条次名篇所])(?:数|次数)$")
"""A count named by its counter (人数, 户数, 件数): the answer states a number in that counter."""
_FILLER_RE = re.compile(r"(?:一共|总共|共计|合计|共|分别|各自|各|都|是|有|为|的)+$")
_RATE_NOUN_RE = re.compile(r"率|比例|占比|比重|百分")
"""Nouns of a rate: a bare count after one (``手续费率降到多少``) is answered by a rate."""
_CLAUSE_REACH = 12
"""A bare count (``一共追回了多少``, ``手续费率，准备降到多少``) counts what the question names within
this many characters before it."""


_STOP_RE = re.compile(
    r"[是呢吗？?，,。、；;：:]|属于|涉及|需要|以上|以下|参加|参与|被|要|用|在|没|未|不|还|已|了|分别|各"
)
_VERB_RE = re.compile(r"[寄给送发收到过把有为向对从做进开召出建完推落组查处退追清交报获装安配搞买签拿派]")
"""A verb after the counted noun ends it (``多少家民办学校寄过材料`` counts 学校)."""
_BEFORE_FILLER_RE = re.compile(
    r"(?:总共|一共|共计|合计|共|总计|分别|各自|各|都|是|有|了|的|退|收|追|发|清|减|少|增加)+$"
)
_PERSON_RE = re.compile(r"(?:人|员|生|干部|同志|党员|职工|代表|者|家属)$")
"""A counted noun that is people: 几个选调生 is answered by 2名."""


def _noun_after(rest: str) -> str:
    """The counted noun after a count: up to a stop or a verb; after a modifier ending in 的 it is
    what follows the 的 (几次专门研究的党组会 → 党组会, not 的党).

    >>> _noun_after("家民办学校寄过材料"), _noun_after("专门小组？"), _noun_after("家乡村旅馆装了系统")
    ('家民办学校', '专门小组', '家乡村旅馆')
    """
    stop = _STOP_RE.search(rest)
    ends = (
        stop is None or stop.group(0) in "？?，,。、；;：:"
    )  # the phrase ends the clause: no verb closes it
    rest = rest[: stop.start()] if stop else rest
    if "的" in rest[1:]:
        head = rest.rsplit("的", 1)[1]
        if len(head) >= 2:
            return head
    # a verb ends the noun; the phrase's last character is the noun's own (专门小组, 工作专班)
    last = len(rest) - 1 if ends else len(rest)
    verb = next((m.start() for m in _VERB_RE.finditer(rest) if 2 <= m.start() < last), None)
    return rest[:verb] if verb is not None else rest


_COUNTED_NOUN_RE = re.compile(
    r"(?:措施|问题|任务|项目|案件|制度|清单|资金|经费|金额|人员|干部|党员|报道|文章|信息|线索|会议|活动|文件|意见|建议"
    r"|单位|企业|学校|站点|账户|台账|款项|条款|规定|课程|次数|家庭|村|社区|站|点)$"
)
"""Things notices count; a count asked after one of them (``措施总共是多少项``) is a count of it."""


def _noun_before(q: str, start: int) -> str:
    """The noun a trailing count asks about (``措施总共是多少项`` → 措施), '' when a verb precedes."""
    before = _BEFORE_FILLER_RE.sub("", re.split(r"[?？，,。、；;：:]", q[:start])[-1])
    m = _COUNTED_NOUN_RE.search(before)
    return m.group(0) if m else ""


def count_asks(q: str) -> list[tuple[str, str, bool]]:
    """The counts ``q`` asks for, each as (counter, counted noun, hard): ``多少条措施`` → (条, 措施,
    True); an amount of money has counter 元, a rate %."""
    asks: list[tuple[str, str, bool]] = []
    for m in _COUNT_NOUN_RE.finditer(q):
        counter, rest = m.group(1), m.group(2)
        if rest[:1] in ("月", "日", "号") or counter == "号":
            continue  # 几月几日 / 几号 ask for a date, not a count
        after = _noun_after(rest)
        before = _noun_before(q, m.start()) if not after and counter not in ("人", "名", "位") else ""
        clause = (
            re.split(r"[?？。；;]", q[: m.start()])[-1][-_CLAUSE_REACH:] if not after and not counter else ""
        )
        if not after and not counter and _RATE_NOUN_RE.search(clause):
            asks.append(("%", "", True))  # 费率降到多少: a rate
            continue
        if counter in ("", "笔") and (
            _MONEY_RE.search(after)
            or (not after and (_MONEY_RE.search(before) or _MONEY_RE.search(clause)))
            or _MONEY_RE.search(re.split(r"[?？，,。；;]", rest)[0][:_CLAUSE_REACH])  # 退了多少不合规费用
        ):
            named = _NAMED_MONEY_RE.search(after or clause or before)
            asks.append(
                ("元", named.group(0) if named else "", True)
            )  # 多少钱; 带来多少收益: an amount of that kind
            continue
        if not counter and not after and (per := _PER_COUNTER_RE.search(_FILLER_RE.sub("", clause))):
            counter = per.group(1)  # 处理的人数是多少: a number of people
        if counter == "个" and after[:1] == "人":
            counter, after = "人", after[1:]  # 几个人 counts people
        noun = (after or before)[-2:] if len(after or before) >= 2 else ""
        if counter == "个" and _PERSON_RE.search(after):
            counter = "人"
        typed = counter not in ("", "个")  # 多少人, 几条: the answer states a number with that counter
        asks.append((counter, noun, bool(noun) or typed))
    if not asks and _COUNT_RE.search(q):
        asks.append(("", "", False))
    return asks
