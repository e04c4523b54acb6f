"""Asks whose answer is of one type, over a fictional notice: a person's name (after or before a
title, before 同志; not 陈某, not 严格落实), the title of a document or talk, which one of a series
(第几轮), an amount or a rate asked with a bare 多少, a firm's name, and an outcome asked mid-question
(…了没？…). A sentence about the matter without that type of answer does not answer; the same
matter where the notice does state it is answered.
"""

from __future__ import annotations

import pytest

from assistant.answering.extractive import extract
from assistant.reading.asks import read_question
from core.persons import names_company, names_holder, person_names
from core.types import Hit
from tests.notice_factory import passage_hits

UNIT = "中共青山县水务局党组"
PASSAGES = (
    "一是11月20日，县委巡察办王振东科长一行来局督导巡察整改工作。",
    "二是由局二级主任科员周兆林负责水政监察大队日常工作。",
    "三是针对河道采砂纠纷，双河村第二组组长吴德胜实名反映后，我局立即成立工作组调处。",
    "四是党组书记韩立群率队赴县水投公司督促协调项目资金。",
    "五是由党组书记对肖某某进行约谈提醒，肖某某已作出书面检查。",
    "六是党组书记、局长严格落实第一责任人责任，带头认领整改任务。",
    "七是印发《青山县水务局河湖长制工作考核办法》，明确考核标准。",
    "八是12月28日，党组书记为全体干部讲授廉政党课。",
    "九是委托第三方专业机构对水厂资产开展清算审计。",
    "十是对私自分包的中标单位进行了约谈。",
    "十一是及时追回违规报销的差旅费。",
    "十二是已拟定降低水费代收手续费率的初步方案。",
    "十三是滨河湿地公园项目已完成主体工程的80，预计于2023年5月底进行试运营。",
    "十四是2021年8月至10月，县委第三巡察组对县水务局党组开展了巡察。",
    "十五是违规发放的加班补贴已由相关人员补缴完毕。",
    "十六是委托青山信达会计师事务所对往来账款逐笔清理。",
    "十七是申请与市供销社合作成立合资农业服务公司，计划投入200万元购置农机。",
    "十八是城区老旧水厂已于2022年6月整体搬迁至滨江工业园。",
    "十九是严格执行八项规定，相关人员已退回不合规费用1.6万元。",
    "二十是将青山区与江北区进行比对研究，形成《青山区与江北区水务工作比对研究》调研报告。",
    "二十一是自2021年起执行1000元以上资金支付须用转账方式支付的规定。",
    "二十二是违规发放的值班补助已全部追回，上缴县财政。",
    "二十三是将每周三定为支部集中学习日。",
    "二十四是规定水厂财务人员每三年轮换岗位。",
    "二十五是水库安全例会固定在每月15日召开。",
    "二十六是评选表彰“最美河湖卫士”5名，与县融媒体中心联合开设节水科普栏目。",
    "二十七是开设《青山水事》专栏，每周更新。",
    "二十八是表彰优秀河长张德明、李秀英同志。",
    "二十九是对超标准配置办公设备问题给予诫勉谈话2人、批评教育3人。",
    "三十是对提任干部开展“裸官”专项排查，未发现提任干部存在“裸官”现象。",
    "三十一是重新核查职工骗取公积金贷款行为，鉴于关键人员无法查找，无法认定该职工的行为性质。",
)


def _hits() -> list[Hit]:
    return passage_hits(UNIT, [(("整改情况",), text) for text in PASSAGES], "t")


@pytest.mark.parametrize(
    ("form", "names"),
    [
        ("县委巡察办王振东科长一行来局督导", ["王振东"]),  # a name before the title, after the organisation
        ("由局二级主任科员周兆林负责日常工作", ["周兆林"]),
        ("第二组组长吴德胜实名反映", ["吴德胜"]),
        ("党组书记韩立群率队赴县水投公司", ["韩立群"]),
        ("邀请县委组织部四级主任科员王丽珍同志专题讲座", ["王丽珍"]),
        ("传达学习省委书记刘家义同志的讲话要求", ["刘家义"]),  # 刘家 is a surname's family, not a word
        ("由党组书记对肖某某进行约谈提醒", []),  # anonymised
        ("党组书记、局长严格落实第一责任人责任", []),  # 严格 is a word, not a name
        ("局党组书记高度重视,组长单位为办公室", []),
        ("区委常委、副区长分管此项工作", []),
    ],
)
def test_person_names_in_a_sentence(form: str, names: list[str]) -> None:
    assert person_names(form) == names


@pytest.mark.parametrize(
    ("question", "sentence", "named"),
    [
        ("青山县医院院长叫什么名字？", "县医院副院长陈钦明带队到各分院检查。", False),
        ("青山县医院院长叫什么名字？", "县医院院长陈钦明带队到各分院检查。", True),
        ("青山县医院副院长叫什么？", "县医院副院长陈钦明带队到各分院检查。", True),
        ("青山区委书记的名字通报里有吗？", "学习省委书记李国华在听取巡视情况汇报时的讲话精神。", False),
        ("青山区委书记叫什么名字", "区委书记张立新主持召开常委会。", True),
        ("区委书记是谁", "书记张立新主持召开常委会。", True),
        ("水务局党组书记是谁", "党组副书记王芳主持召开专题会议。", False),
        ("水务局党组书记是谁", "党组书记、局长王芳主持召开专题会议。", True),
        ("水务局局长叫啥", "副局长刘洋牵头整改。", False),
    ],
)
def test_a_name_is_of_the_role_asked(question: str, sentence: str, named: bool) -> None:
    """A deputy (副院长 for 院长) or the same title of another body (省委书记 for 区委书记) is someone else."""
    (ask,) = [a for a in read_question(question).asks if a.kind == "name"]
    hit = passage_hits(UNIT, [(("整改情况",), sentence)], "r")
    assert (not extract(question, hit).refusal) is named


@pytest.mark.parametrize(
    ("form", "title", "held"),
    [
        ("成立以党组书记、主任刘用全为组长的领导小组", "组长", True),
        ("党组书记韩立群率队赴县水投公司", "书记", True),
        ("党组书记、检察长严格落实第一责任人要求", "检察长", False),
        ("组长单位为办公室", "组长", False),
        ("党组书记,局长王芳主持会议", "书记", True),
        ("党组书记、主任陈立平带队调研", "书记", True),
    ],
)
def test_the_holder_of_a_title(form: str, title: str, held: bool) -> None:
    assert names_holder(form, title) is held


@pytest.mark.parametrize(
    ("question", "kind", "counter"),
    [
        ("那次党课的题目叫什么？", "title", ""),
        ("印发的考核办法叫什么名字？", "title", ""),
        ("讲座的标题是什么？", "title", ""),
        ("省委第三巡视组这是第几轮巡视？", "ordinal", "轮"),
        ("他们是第几批被巡察的单位？", "ordinal", "批"),
        ("差旅费一共追回了多少？", "count", "元"),
        ("那个项目总投资多少？", "count", "元"),
        ("手续费率，方案里准备降到多少？", "count", "%"),
        ("委托的第三方机构是哪一家？", "org", ""),
        ("约谈的那家中标单位叫什么名字？", "org", ""),
        ("承建的公司叫啥？", "org", ""),
        ("受处分的那个人叫什么？", "name", ""),
        ("整改期间处理的人数是多少？", "count", "人"),  # a count named by its counter
        ("腾退的户数一共是多少？", "count", "户"),
        ("查处案件的件数有多少？", "count", "件"),
        ("涉事的董事长陈某，全名叫啥？", "name", ""),
    ],
)
def test_typed_asks_are_read(question: str, kind: str, counter: str) -> None:
    asks = read_question(question).asks
    assert any(a.kind == kind and a.hard and a.counter == counter for a in asks), asks


@pytest.mark.parametrize(
    ("form", "named"),
    [
        ("其中8批由上海科江电子信息技术有限公司中标", True),
        ("委托青山信达会计师事务所对往来账款逐笔清理", True),
        ("城建档案技术咨询有限公司截止2009年的权益", True),
        ("申请与市供销社合作成立合资农业服务公司", False),  # a kind of firm
        ("某影视公司董事长陈某", False),  # anonymised
        ("委托第3方专业机构对水厂资产开展清算", False),  # 对水厂: a phrase about one
        ("物业公司、展品展项采购严格执行", False),
    ],
)
def test_a_firm_is_named(form: str, named: bool) -> None:
    assert names_company(form) is named


@pytest.mark.parametrize("question", ["那个巡察组是第几巡察组？", "第几轮巡察？", "市委第几巡察组来的？"])
def test_an_ordinal_is_not_a_count(question: str) -> None:
    assert not any(a.kind == "count" for a in read_question(question).asks), read_question(question).asks


@pytest.mark.parametrize(
    "question",
    [
        # a name the notice does not give
        "青山水务局约谈提醒的那个人叫什么名字？",
        "讲廉政党课的党组书记全名叫啥？",
        # a title it does not give
        "12月28日那次廉政党课的题目叫什么？",
        # which round, where no sentence says
        "县委第三巡察组巡察青山水务局是第几轮巡察？",
        # an amount or a rate asked with a bare 多少
        "违规报销的差旅费一共追回了多少？",
        "降低水费代收手续费率的方案，准备降到多少？",
        # a firm it does not name
        "清算审计委托的第三方专业机构是哪一家？",
        "约谈的那家私自分包的中标单位叫什么名字？",
        # an amount asked, where the notice gives only a threshold (1000元以上)
        "大额资金转账那笔钱有多少，已经追回多少？",
        # an outcome asked as it turned out, mid-question, where the notice states a plan
        "滨河湿地公园最后试运营了没？效果怎么样？",
        # a firm's name, where the notice names only a kind of firm
        "合资成立的那家农业服务公司成立了没有，叫什么名字？",
        # a date asked, where the notice gives only a recurring day
        "支部集中学习日制度是哪天开始实行的？",
        # people or a programme's name asked, where the notice counts them or names no title
        "评出来的“最美河湖卫士”都有哪几位？",
        "和县融媒体中心合办的那个科普栏目叫啥名？",
    ],
)
def test_a_sentence_without_the_type_asked_does_not_answer(question: str) -> None:
    got = extract(question, _hits())
    assert got.refusal, [x.sentence.text for x in got.chosen]


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("11月来督导整改的是县委巡察办哪位科长？", "王振东"),
        ("水政监察大队现在是谁负责？", "周兆林"),
        ("河道采砂纠纷是谁实名反映的？", "吴德胜"),
        ("率队去县水投公司督促协调的党组书记是谁？", "韩立群"),
        ("印发的河湖长制考核办法叫什么名字？", "河湖长制工作考核办法"),
        ("往来账款委托哪家事务所清理？", "信达会计师事务所"),
        ("违规发放的加班补贴补上没？", "补缴完毕"),
        ("违规发放的值班补助追回来没？", "已全部追回"),  # 追回来 is 追回
        # whether it happened: a plan for it answers (not yet)
        ("滨河湿地公园试运营了吗？", "预计于2023年5月底"),
        ("老旧水厂搬走了没有？", "整体搬迁"),
        # 八项规定 names a set of rules, not a total the sentence must state
        ("违反八项规定那条，相关人员退了多少不合规费用？", "1.6万元"),
        # each part judged among the sentences about it
        ("青山水务局拿哪个区来比对？形成的调研报告叫啥？", "比对研究"),
        # a day that recurs, and how often (每周哪天, 每月几号, 多久换一次)
        ("支部集中学习日定在每周哪天？", "每周三"),
        ("水库安全例会每月几号开？", "每月15日"),
        ("水厂财务人员多久换一次岗？", "每三年"),
        ("表彰的优秀河长都有哪几位？", "张德明"),
        ("每周更新的那个专栏叫啥名？", "《青山水事》"),
        # 处理了哪些人 asks who was dealt with how (批评教育1人), not for names
        ("超标准配置办公设备的问题处理了哪些人？", "诫勉谈话2人"),
        # whether a thing was found, asked with another finding verb (查出 / 未发现)
        ("排查“裸官”，有没有查出提任干部是裸官？", "未发现"),
        ("“裸官”专项排查是否发现提任干部存在问题", "未发现"),
        # a conclusion asked with a word of its own (啥结论): the sentence stating the result answers
        ("重查职工骗取公积金贷款那事，最后啥结论？", "无法认定"),
    ],
)
def test_the_same_matters_where_the_notice_states_them_are_answered(question: str, stated: str) -> None:
    got = extract(question, _hits())
    assert not got.refusal, got.refusal
    assert any(stated in x.sentence.text for x in got.chosen), [x.sentence.text for x in got.chosen]


@pytest.mark.parametrize(
    "question",
    [
        "青山水务局整改领导小组谁当组长？",
        "水务局整改那个小组谁挂帅",
        "巡察整改是谁牵头的？",
        "常务副组长由谁担任",
        "整改小组组长由谁担任？",
    ],
)
@pytest.mark.parametrize("stated", [True, False])
def test_who_heads_a_group_is_answered_by_the_post(question: str, stated: bool) -> None:
    """谁当组长: the notice names the post (由局党组书记、局长任组长), not a person; a sentence
    about the group that says nothing of its head does not answer."""
    text = (
        "成立由局党组书记、局长任组长，纪检组长为常务副组长，其他班子成员为成员的巡察整改工作领导小组。"
        if stated
        else "巡察整改工作领导小组下设办公室，负责日常协调和督办，确保整改有序推进。"
    )
    (ask,) = [a for a in read_question(question).asks if a.kind == "head"]
    got = extract(question, passage_hits(UNIT, [(("整改情况",), text)], "h"))
    assert bool(got.chosen) is stated, (got.refusal, [x.sentence.text for x in got.chosen])


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("整改队伍下面各分了几个专门小组？", "小组"),
        ("一共成立了几个工作专班", "专班"),
        ("有多少家乡村旅馆装了治安管理系统？", "旅馆"),
        ("给多少家媒体发了许可证", "媒体"),
    ],
)
def test_the_counted_noun_keeps_its_last_character(question: str, noun: str) -> None:
    """A verb-like character ends the counted noun only when more follows it (小组 is not 小 + 组织)."""
    counts = [a for a in read_question(question).asks if a.kind == "count"]
    assert counts and counts[0].noun == noun, counts
