"""Questions that name a real matter of a notice and ask for more than it states.

An outcome (最后/最终/到底…了没有/预计何时), an average, whether a thing exists, the parts of a quoted
total in the counter asked, and a year the notice does not reach: a sentence about the matter
without what is asked does not answer; the same matter asked for what the notice does state is
answered. The passages are a fictional notice.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.answering.extractive import extract
from assistant.reading.asks import _cut, read_question
from assistant.reading.gates import gates
from core.types import Hit
from tests.notice_factory import passage_hits

UNIT = "中共青山县水务局党组"
PASSAGES = (
    "一是结合规划编制，谋划了8个重点水利项目，总投资46亿元，力争列入省级“十四五”规划。",
    "二是已追回违规发放的补贴资金3.2万元，全部上交国库。",
    "三是对违规报销的差旅费，正在通过法律途径继续追回。",
    "四是2021年以来共召开党组理论学习中心组会议6次。",
    "五是安排2名人员到市卫校进修学习，结业后回乡镇水管站工作。",
    "六是巡察移交的问题线索12件，已办结10件，正在办理2件。",
    "七是全局28个党支部开展集体学习300余次。",
    "八是共清退多发的津补贴4800元，涉及干部5人。",
    "九是新建村级供水服务站4个，计划于2022年底前全部建成。",
    "十是举办党务干部业务培训班，11名党务干部参加培训。",
    "十一是对违规发放补贴问题立案1件，给予相关责任人党内警告处分。",
    "十二是由关联企业承担的考察费用已全部清退。",
    "十三是组织业务骨干到先进地区跟班学习，为期2周。",
    "十四是领导小组办公室每半月调度一次整改进度。",
    "十五是滨江引水项目已成立项目公司，力争2023年开工建设。",
    "十六是县城供水管网改造项目已于2022年3月开工。",
    "十七是开展“我为群众办实事”活动，共征得意见建议24条，下半年将逐条梳理落实。",
    "十八是对排查出的15个隐患点，已整改到位13个，其余2个正在整改。",
)


def _hits() -> list[Hit]:
    return passage_hits(UNIT, [(("整改情况",), text) for text in PASSAGES], "q")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("那8个重点水利项目最后有几个列入了规划？", "outcome"),
        ("违规报销的差旅费最终追回了多少钱？", "outcome"),
        ("那些水利项目到底列入规划了没有？", "outcome"),
        ("起诉的那3个人，法院判了没有？", "outcome"),
        ("上级批了没有？", "outcome"),
        ("那2名进修人员预计什么时候结业后去哪个单位？", "outcome"),
        ("28个党支部平均每个支部学习了几次？", "average"),
        ("清退津补贴的5个干部，人均退了多少钱？", "average"),
        ("清退津补贴的干部里有没有处级干部？", "exists"),
        ("隔离人员里是否有确诊病例？", "exists"),
        ("那个业务培训班办了几天？", "duration"),
        ("专项整治前后用了多长时间？", "duration"),
        ("集中学习持续了几个星期？", "duration"),
        ("办公室多久调度一次进度？", "duration"),
        ("立案的那1个人受的是什么处分？", "sanction"),
        ("违规发放补贴的责任人受到哪种处分？", "sanction"),
        ("给了那名干部什么样的纪律处分？", "sanction"),
        ("是哪家企业出的钱？", "org"),
        ("工程最后由哪家公司承建？", "org"),
        ("引进的是哪几家企业？", "org"),
    ],
)
def test_gate_asks_are_read(question: str, kind: str) -> None:
    asks = read_question(question).asks
    assert any(a.kind == kind and a.hard and a.gate for a in asks), asks


@pytest.mark.parametrize(
    "question",
    [
        "后来怎么处理的？",
        "这个问题最后是怎么整改的？",
        "整改结果如何？",
        "还有没整改完的问题吗？",
        "有没有整改到位？",
        "集中整改期定在哪几个月？",
        "党务干部配得不够强，后来补了人没有？",
        "哪个单位提到了穹幕影院？",
    ],
)
def test_how_it_went_is_not_a_gate(question: str) -> None:
    assert not gates(question, _cut()), gates(question, _cut())


@pytest.mark.parametrize(
    "question",
    [
        # an outcome asked as it turned out, where the notice states a plan or an attempt
        "青山水务局那8个重点水利项目最后有几个列入了规划？",
        "违规报销的差旅费最终追回了多少钱？",
        "那8个水利项目到底列入“十四五”规划了没有？",
        # an outcome expected, where the notice gives none
        "那2名进修人员预计什么时候毕业？",
        # an average nobody computed
        "28个党支部平均每个支部学习了几次？",
        "清退的4800元，平均每名干部退了多少？",
        # a thing the notice does not name
        "清退津补贴的干部里有没有处级干部？",
        # the parts of a quoted total, in the counter asked
        "清退的4800元，5个干部分别退了多少？",
        "安排去市卫校进修的2个人叫什么名字？",
        # a year the sentence about the matter is not about
        "青山水务局2023年召开了几次中心组会议？",
        # a plan said earlier in the clause (力争2023年开工)
        "滨江引水项目到底开工了没有？",
        "滨江引水项目最后开工建设了吗？",
        # a part of a quoted total in the same counter, where the notice gives only the total
        "征得的24条意见建议，落实了多少条？",
        "那24条意见建议里已经办理了几条？",
        # typed answers the sentence does not hold: a length of time, a company's name
        "党务干部业务培训班办了几天？",
        "考察费用是哪家企业承担的？",
    ],
)
def test_more_than_the_notice_states_is_refused(question: str) -> None:
    got = extract(question, _hits())
    assert got.refusal, [x.sentence.text for x in got.chosen]


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("违规发放的补贴资金最后追回了多少？", "3.2万元"),
        ("村级供水服务站预计什么时候建成？", "2022年底前"),
        ("巡察移交的问题线索办完没有？", "已办结10件"),
        ("2021年以来召开了几次中心组会议？", "6次"),
        ("清退的津补贴一共涉及几个干部？", "5人"),
        ("28个党支部一共开展了多少次集体学习？", "300余次"),
        ("业务骨干跟班学习了多长时间？", "为期2周"),
        ("整改进度多久调度一次？", "每半月"),
        ("县城供水管网改造项目开工了没有？", "已于2022年3月开工"),
        ("排查出的15个隐患点，整改到位了多少个？", "13个"),
        ("违规发放补贴的责任人受了什么处分？", "党内警告"),
    ],
)
def test_the_same_matters_asked_for_what_is_stated_are_answered(question: str, stated: str) -> None:
    got = extract(question, _hits())
    assert not got.refusal, got.refusal
    assert any(stated in x.sentence.text for x in got.chosen), [x.sentence.text for x in got.chosen]


MATTER_PASSAGES = (
    "一是违规领取讲课费的多名干部已将相关费用全部退还，并分别实施诫勉谈话。",
    "二是针对直属单位违规收取评审费的问题，对该单位主要负责人等3名干部实施批评教育。",
    "三是加强督查问责，把整改结果作为干部考核评价的重要依据，区委、区政府领导分别约谈分管部门负责人，共开展约谈活动40余场次。",
    "四是完成16名干部的人事档案专项审核，补齐了缺失的档案材料。",
    "为确保整改落实，成立领导小组，由党委副书记、院长任组长，其他班子成员及各科室主任为成员。",
)


def _matter_hits() -> list[Hit]:
    return passage_hits(UNIT, [(("整改情况",), text) for text in MATTER_PASSAGES], "m")


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # a count in a sentence about another matter does not count the one asked about
        ("违规领取讲课费的有几个干部？", False),
        ("违规领取讲课费的干部一共有多少名？", False),
        # a count far from the counted noun in a long sentence counts something else
        ("这次整改一共问责了多少名干部？", False),
        # people counted with a noun the question puts last (多少名干部的档案)
        ("补齐了多少名干部的人事档案？", True),
        ("评审费问题批评教育了几名干部？", True),
        # a role whose holder the sentence does not name (成员 is not a name)
        ("院长叫什么名字？", False),
        ("领导小组组长是谁，叫什么名字？", False),
    ],
)
def test_what_answers_is_about_the_matter_asked(question: str, answered: bool) -> None:
    got = extract(question, _matter_hits())
    assert bool(got.chosen) is answered, (got.refusal, [x.sentence.text for x in got.chosen])


@pytest.mark.parametrize(
    "question",
    ["问题里有几个属于要长期坚持的？", "反馈的问题中有几个涉及财务管理？", "有多少个需要长期坚持整改？"],
)
def test_a_verb_after_the_count_is_not_the_counted_noun(question: str) -> None:
    """有几个属于/涉及/需要…: the count is of the things before it, not of 属于."""
    counts = [a for a in read_question(question).asks if a.kind == "count"]
    assert counts and all(a.noun == "" for a in counts), counts


@pytest.mark.parametrize(
    "question",
    ["太空站平均每名宇航员出舱几次？", "火星基地有没有温室大棚？", "登月舱最后落在了哪家公司的场地？"],
)
def test_a_gate_with_no_sentence_about_the_matter_is_refused(question: str) -> None:
    """Nothing in the passages is about the matter: the gate is unmet and the question refused."""
    got = extract(question, _hits())
    assert got.refusal and not got.chosen


def _answered_from(question: str, sentences: Sequence[str], answered: bool) -> None:
    """``question`` is answered (or refused) from one passage of each of ``sentences``."""
    got = extract(question, passage_hits(UNIT, [(("整改情况",), t) for t in sentences], "one"))
    assert bool(got.chosen) is answered, (got.refusal, [x.sentence.text for x in got.chosen])


@pytest.mark.parametrize(
    ("question", "sentence", "answered"),
    [
        # the year a figure is compared with does not date the sentence
        ("2019年查办了多少起案件？", "2020年查办各类案件121起，比2019年增长66%。", False),
        ("2019年共查办案件几起？", "2020年查办各类案件121起，较2019年同期多48起。", False),
        ("2019年查处案件多少起？", "2020年查办各类案件121起，与2019年相比翻了一番。", False),
        ("2020年查办了多少起案件？", "2020年查办各类案件121起，比2019年增长66%。", True),
        ("2019年查办了多少起案件？", "2019年查办各类案件73起，比2018年增长20%。", True),
    ],
)
def test_a_year_compared_with_does_not_date_the_sentence(
    question: str, sentence: str, answered: bool
) -> None:
    _answered_from(question, [sentence], answered)


@pytest.mark.parametrize(
    ("question", "sentence", "answered"),
    [
        # a date asked of a stage of the inspection is that stage's date, not any date of the notice
        ("巡察组进驻是哪天？", "2021年4月29日，市里同意我局核销用地指标51公顷。", False),
        ("是第几巡察组巡的？进驻是哪天？", "2021年4月29日，市里同意我局核销用地指标51公顷。", False),
        ("巡察组什么时候进场的？", "2021年4月29日，市里同意我局核销用地指标51公顷。", False),
        ("巡察组进驻是哪天？", "2021年3月2日，区委第三巡察组进驻我局开展常规巡察。", True),
        ("巡察组什么时候进场的？", "区委第三巡察组于2021年3月2日进场开展巡察。", True),
    ],
)
def test_a_stage_of_the_inspection_is_dated_by_its_own_sentence(
    question: str, sentence: str, answered: bool
) -> None:
    _answered_from(question, [sentence], answered)


def _projects(done: bool) -> list[Hit]:
    """A problem heading naming 青龙湾大桥 with its measure (a plan, or done), beside other units'
    sentences stating other projects done in the question's common words."""
    measure = "该项目已于2022年3月开工建设。" if done else "市交通局已牵头成立项目公司，力争2022年开工建设。"
    own = passage_hits(
        UNIT, [(("整改情况",), f"7.关于群众关注的“青龙湾大桥”项目进展缓慢的问题。整改情况：{measure}")], "b"
    )
    others = [
        *passage_hits(
            "中共白沙县交通运输局党组",
            [(("整改情况",), "2022年计划新建项目12个，目前项目已全部开工建设。")],
            "c",
        ),
        *passage_hits(
            "中共白沙县侨联党组",
            [(("整改情况",), "截至2022年3月底，签约项目开工率82.9%，资金到位率27.3%。")],
            "d",
        ),
    ]
    return [*others, *own]


@pytest.mark.parametrize(
    "question",
    ["青龙湾大桥项目2022年到底开工了没有？", "青龙湾大桥最后开工了吗", "青龙湾大桥那个项目到底开工没有"],
)
@pytest.mark.parametrize("done", [False, True])
def test_an_outcome_is_judged_under_the_heading_naming_its_matter(question: str, done: bool) -> None:
    """The matter is named in the problem heading: its own sentence decides, not another project's
    sentence sharing only 项目/开工/the year with the question."""
    got = extract(question, _projects(done))
    assert bool(got.chosen) is done, (got.refusal, [x.sentence.text for x in got.chosen])


_PARKS = (
    "三是公布2021年城市公园延长开放名单，确定369座公园纳入延长开放；其中，357座全年延长开放；全天开放217座。",
    "（2）针对“2019年11月专项巡察”的问题。整改进展情况：我市2016易地建设费专项清查共追缴5690.52万元。",
    "2020年市属国有企业资产总额2307.39亿元，同比增长12.6%。",
)


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # a clause going on from a dated one (其中…；…) is of its year
        ("2020年一共有多少座城市公园延长开放？", False),
        ("2020年全天开放的公园有多少座", False),
        ("2021年全天开放的公园有多少座", True),
        # a sentence after one that ends (。) is not dated by it
        ("那个2016年易地建设费专项清查追缴了多少钱？", True),
        # a figure of another year answers no question of a year, asked with or without a hard ask
        ("市属国企2019年资产总额是多少？", False),
        ("2019年市属国有企业资产总额有多少亿元", False),
        ("市属国企2020年资产总额是多少？", True),
    ],
)
def test_a_sentence_of_another_year_does_not_answer(question: str, answered: bool) -> None:
    _answered_from(question, _PARKS, answered)
