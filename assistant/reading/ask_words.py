"""The words of asks that notices seldom answer.

Totals quoted and their parts, rates, rankings, causes, evaluations, outcomes after the notice,
and the events a date question names.

``asks.read_question`` reads them into hard asks; each is met only by a sentence that states what
is asked (``answering.sentences.Sentence.satisfies``).
"""

from __future__ import annotations

import re

COUNTER_CLASSES: tuple[frozenset[str], ...] = (
    frozenset("条项"),
    frozenset("名人位个"),
    frozenset("件起个"),
    frozenset("次场"),
    frozenset("家个所"),
    frozenset("元万亿"),
    frozenset("%％"),
)
"""Counters that count the same things (``多少条措施`` is answered by ``125条`` or ``30项``)."""


def counter_class(counter: str) -> frozenset[str]:
    """The counters that count what ``counter`` counts (``条`` → 条, 项); empty for none."""
    for group in COUNTER_CLASSES:
        if counter in group:
            return group
    return frozenset({counter}) if counter else frozenset()


TOTAL_RE = re.compile(r"(\d+(?:\.\d+)?)(?:余)?(?:个|名|人次|人|家|项|件|次|宗|条|万元|元|座|户|套|所|笔|起)")
BREAKDOWN_RE = re.compile(
    r"具体(?:是|有|为)?(?:哪|什么)|分别(?:是|在|叫|退|拿|有|为|设在|发在)|都是(?:什么|哪)|都叫什么|各(?:拿|退|是|有|得)了?多少"
    r"|(?:里|中|当中|其中)(?:面)?(?:有)?(?:几|多少)|的部分(?:是|有)?多少|每个(?:人|当事人|党员)?(?:分别|平均)?"
)
"""Asking for the parts of a total: the notice must break the total down for an answer."""
RATE_RE = re.compile(r"(?:率|比例|占比|比重|满意度|知晓度|完成度)(?:是|为|有|达到|达)?(?:多少|几)")
"""A rate asked for (收视率是多少): answered by a percentage."""
REASON_ASK_RE = re.compile(
    r"为什么|为何|为啥|理由|缘由|(?:给出|作出|做出)?的?解释|什么原因|啥原因|原因是(?:什么|啥)|原因何在|原因在哪|怎么会|咋会|根源|什么缘故|咋回事|怎么回事"
)
"""Why something happened: notices seldom say; a sentence must give a cause (原因, 由于, 导致 …)."""
JUDGEMENT_RE = re.compile(
    r"最(?:好|差|突出|成功|有效|难|大|严重)的?(?:是|一项|一个|哪)|效果(?:好不好|怎么样|如何)|(?:得到|受到|获得)了?(?:哪些|什么)[^?？]{0,6}(?:肯定|表扬|好评|认可|批示)"
)
"""An evaluation (which was best, was it praised): only a sentence that states one answers."""
RANK_RE = re.compile(r"排(?:在)?[\u4e00-\u9fff]{0,3}第几|排名(?:第)?几|第几名|位列第几|排名(?:怎么样|如何)")
"""A ranking asked for: the sentence must state one (第3, 排名, 位列)."""
ENUMERATE_RE = re.compile(
    r"哪(?:几|些|一|\d+[个项条件家名位])|是什么|都是谁|叫什么|分别(?:是|叫|设在|发在|在)"
)
"""A breakdown that names the parts (哪几家, 分别是哪些), rather than counting them."""
LATER_RE = re.compile(
    r"预计|(?:什么时候|何时|哪年|哪天)(?:能|才能|可以|会)|最后|最终|后来|判了没有|批下来|结果如何"
)
"""An outcome after the notice (when it will be done, how it ended): a date or result must be stated."""
EVENT_RE = re.compile(
    r"(?:召开|开|成立|制定|印发|出台|举办|开展|组织|建立|发布|下发|签订|启动)(?:的|了)?[\u4e00-\u9fff]{0,8}?"
    r"(会议|生活会|推进会|座谈会|反馈会|动员会|专题会|党课|培训班|领导小组|工作专班|方案|办法|制度|通知|活动)"
)
"""An event a date question asks about (召开的民主生活会, 成立的领导小组): the date must be its date."""


EVENT_FIRST_RE = re.compile(
    r"(会议|生活会|推进会|座谈会|反馈会|动员会|专题会|党课|培训班|领导小组|工作专班|方案|办法|制度|通知|活动)"
    r"(?:是|在|又是)?(?:什么时候|啥时候|何时|哪天|哪一天|什么时间|几月几[日号]|几号)"
    r"(?:召开|开|成立|制定|印发|出台|举办|开展|组织|建立|发布|下发|签订|启动)"
)


_WHEN_ASKED = r"(?:什么时候|啥时候|何时|哪天|哪一天|什么时间|几月几[日号]|几号)"
STAGE_RE = re.compile(rf"(进驻|进场)(?:的|是|在|于)*{_WHEN_ASKED}|{_WHEN_ASKED}(?:开始)?(进驻|进场)")
"""A stage of the inspection a date question asks about (进驻是哪天, 什么时候进场): the date must be its date."""


def event_named(q: str) -> str:
    """The event a date question names (its head noun), '' if none.

    >>> event_named("什么时候召开的巡察整改专题民主生活会"), event_named("领导小组是什么时候成立的"), event_named("什么时候被巡察")
    ('生活会', '领导小组', '')
    >>> event_named("第几巡察组巡的？进驻是哪天？"), event_named("巡察组什么时候进场的")
    ('进驻', '进场')
    """
    m = EVENT_RE.search(q) or EVENT_FIRST_RE.search(q)
    if m:
        return m.group(1)
    stage = STAGE_RE.search(q)
    return (stage.group(1) or stage.group(2)) if stage else ""


OUTCOME_ACTUAL_RE = re.compile(r"最后|最终|到底|结果(?:是|有|为)")
"""An outcome asked as it turned out (最后追回了多少钱): a plan or an attempt does not answer it."""
OUTCOME_EXPECTED_RE = re.compile(r"预计|(?:什么时候|啥时候|何时|哪年|哪一年|哪天|几月)(?:能|才能|可以|会|将)")
"""An outcome asked as expected (预计哪年建成): the sentence must state that outcome with its date."""
NOT_YET_RE = re.compile(
    r"(?<![是否])([\u4e00-\u9fff]{1,2})(?:了|过)?没有?(?=[?？,，;；。]|$)|(?<![是否])([\u4e00-\u9fff]{1,2})了吗(?=[?？,，;；。]|$)"
)
"""Whether something happened (法院判了没有, 开工了吗): the verb before the ask is the outcome."""
HEDGE_RE = re.compile(
    r"力争|争取|预计|计划|拟|将|正在|继续|尽快|确保|待|申报|申请|力求|准备|上报|积极|推进|推动|加快|抓紧|督促|要求"
)
"""Words before an outcome's verb in its clause that make it a plan or an attempt (力争列入,
继续追回, 力争2021年开工)."""
HEDGE_REACH = 20
"""How far before the outcome's verb, within its clause, a hedge reaches (预计于2021年4月底进行试运营)."""
AVERAGE_RE = re.compile(r"平均|人均|户均|每人|每名|每个(?:人|党员|干部)")
"""An average asked for: only a sentence stating one (平均, 人均, 每人) answers."""
AVERAGE_STATED_RE = re.compile(
    r"平均|人均|户均|每人|每名|每户|每(?:个|位)?(?:党员|干部)|每(?:月|年|周|季度|天|半年)"
)
EXISTS_RE = re.compile(r"(?:有没有|是否有|有无|是否存在)([\u4e00-\u9fff]{2,12})")
"""Whether a thing exists (有没有确诊病例): a sentence must name the thing."""
PROBLEM_ASKED_RE = re.compile(r"(?:上|中|里)?(?:出|存在|发现)(?:了|过)?(?:什么|哪些|啥)(?:样的)?问题")
"""``在租金减免上出了什么问题`` asks for the problem: no content word (``上出`` is not one)."""


HEAD_ASK_RE = re.compile(
    r"(?:谁|哪位|哪个领导|什么人)(?:来)?(?:当|任|担任|是|做|来当)?(?:常务)?(?:副)?(?:组长|头儿?|一把手|挂帅|牵头|领头|负总责)"
    r"|(?:常务)?(?:副)?(?:组长|牵头人)(?:又|都|分别)?(?:由谁|谁当|谁担任|谁来当)"
)
"""Who heads a working group (谁当组长, 谁挂帅, 组长由谁担任): a notice answers with the post
(由局党组书记、局长任组长). ``组长是谁`` asks for the person's name."""
HEAD_STATED_RE = re.compile(
    r"(?:任|为|担任|当)(?:第一)?(?:常务)?(?:副)?(?:组长|召集人)|(?:组长|召集人)由|挂帅|负总责|牵头"
)
"""A sentence stating who heads a group (…任组长, 组长由…担任, …挂帅)."""
