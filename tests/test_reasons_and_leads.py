"""Answers the notice gives beside the sentence that names the matter, over a fictional notice:
a reason in a sentence of its own (未完成整改原因：…, 因…), the content under a lead that only
names it (二是加大监督执纪力度。), and the items listed before a total (甲、乙、丙等3个问题).
"""

from __future__ import annotations

import pytest

from assistant.answering.extractive import extract
from assistant.reading.asks import read_question
from core.types import Hit
from tests.notice_factory import passage_hits

UNIT = "中共青山县水务局党组"
PASSAGES = (
    (
        ("（二）关于“滨江泵站改造项目未按期开工”的问题",),
        "一是督促施工单位加快进场。二是函告县城管局关于滨江泵站周边违规搭建临时仓库的事实。"
        "未完成整改原因：一是泵站北侧仍有部分用地未征迁到位，施工单位迟迟不能进场；二是仓库租赁期未满，商户配合意愿不高。",
    ),
    (
        ("（三）关于“干部交流轮岗力度不够”的问题",),
        "进一步整改措施：因近期局主要负责人列为换届考察对象，根据换届纪律，暂停研究人事事项；"
        "待换届工作结束后，将启动对同一岗位任职满十年干部的轮岗交流。",
    ),
    (
        ("（四）关于“监督执纪偏松偏软”的问题",),
        "一是完善制度。修订《局党组议事规则》。二是加大监督执纪力度。严肃追责问责，对河道保洁经费挪用、"
        "水费代收点截留水费、2名职工长期脱岗等事件的相关责任人已按规处理，涉及款项均已追回上缴。",
    ),
    (
        ("（五）关于“上轮专项巡察反馈问题整改不彻底”的问题",),
        "关于2019年县委第二巡察组水污染防治专项巡察反馈30个问题，还有城北污水管网破损、老水厂污泥堆放、"
        "东溪养殖场偷排等3个问题未整改到位的问题。整改情况：城北污水管网修复工程已开工。",
    ),
    (
        ("（六）关于“带病提拔”的问题",),
        "整改情况：为查清是否存在“带病提拔”问题，局政治处组成工作专班，对相关人员选拔任用程序进行了全面倒查核查。"
        "经请示县纪委监委同意，局党组对3名人员启动追责程序。",
    ),
    (
        ("（七）关于“超范围发放加班补贴”的问题",),
        "整改情况：局党组对2019年以来超范围发放加班补贴问题进行全面清理，逐笔核对发放依据和考勤记录。"
        "已督促12名干部退还多发的加班补贴共计18600元，全部上缴县财政。",
    ),
)


def _hits() -> list[Hit]:
    return passage_hits(UNIT, list(PASSAGES), "r")


@pytest.mark.parametrize(
    "question",
    [
        "泵站改造为啥一直没开工？",
        "滨江泵站没整改完的原因是啥？",
        "滨江泵站项目为什么拖着没动工？",
        "泵站项目啥原因没开工？",
    ],
)
def test_a_reason_is_read(question: str) -> None:
    assert any(a.kind == "reason" and a.hard for a in read_question(question).asks), read_question(
        question
    ).asks


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        # the reason in a sentence of its own, next to the one that names the matter
        ("滨江泵站改造项目没整改完的原因是啥？", "未征迁到位"),
        ("滨江泵站项目为什么一直没开工？", "未征迁到位"),
        # 因… at the head of a clause, in a measures field
        ("青山水务局干部交流轮岗为啥还没启动？", "换届考察对象"),
        ("干部轮岗交流为什么暂停了？", "换届考察对象"),
        # a lead that names what follows: the content under it answers
        ("监督执纪那部分，追责的具体事情有哪些？", "截留水费"),
        ("加大监督执纪力度具体处理了哪些事？", "脱岗"),
        # the items listed before the total they make up
        ("水污染防治专项巡察还有3个问题没改到位，具体是哪三个？", "老水厂污泥堆放"),
        ("上轮专项巡察没改完的那3个问题分别是什么？", "东溪养殖场偷排"),
        # what an inquiry came to, stated in the sentence after the one naming it
        ("带病提拔那条，倒查核查下来是什么结果？", "启动追责程序"),
        ("“带病提拔”问题的核查结果如何？", "启动追责程序"),
        # the figures asked, stated in the sentence after the one about the matter
        ("清退超范围发放的加班补贴，退了几个人、多少钱？", "18600元"),
        ("超范围发放的加班补贴清退了多少钱？", "18600元"),
        # a long question that tells its background before it asks
        (
            "我们单位也在整改干部交流的问题，看到青山水务局的通报里说干部轮岗交流一直没有启动，"
            "领导让我核实一下他们在通报里给出的理由到底是什么，以便参照？",
            "换届考察对象",
        ),
    ],
)
def test_what_the_notice_states_beside_the_matter_is_quoted(question: str, stated: str) -> None:
    got = extract(question, _hits())
    assert not got.refusal, got.refusal
    assert any(stated in x.sentence.text for x in got.chosen), [x.sentence.text for x in got.chosen]
