"""How far one problem has got, and unfinished problems with their time limits (fictional notice)."""

from __future__ import annotations

import pytest

from assistant.answering.problem_answers import answer_from_problems
from assistant.reading.asks import read_question
from assistant.reading.questions import analyze
from assistant.reading.units import UnitDirectory
from index.splitting import parse_notices

TEXT = (
    "中共青禾市档案局党组关于巡察整改情况的通报\n"
    "根据市委统一部署，2023年3月1日至4月30日，市委第一巡察组对市档案局党组开展了常规巡察。\n"
    "二、整改落实情况\n（一）聚焦党的建设方面\n"
    "1.关于“大额资金转账审批不严”的问题。一是修订资金审批办法；二是通过法律途径追回违规转出资金。"
    "目前已完成整改。\n"
    "2.关于“库房消防设施老化”的问题。一是申请专项经费；二是开展消防检查。"
    "目前正在推进。未完成原因：受财政预算安排影响，更换设备需待下年度资金到位。整改时限：2024年6月底前。\n"
    "3.关于“档案数字化进度滞后”的问题。一是引入第三方服务；二是制定年度计划。"
    "该问题尚未完成整改。整改时限：2024年12月底前。\n"
    "中共青禾市档案局党组\n2023年9月1日\n"
)
(NOTICE,) = parse_notices(TEXT, "archive.txt")
NOTICES = [NOTICE]
DIRECTORY = UnitDirectory.from_notices(NOTICES)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("档案局那个库房消防设施的问题，现在整改到哪一步了？", "正在推进"),
        ("档案局库房消防老化处理了没有？", "正在推进"),
        ("青禾市档案局大额资金转账那个问题整改得怎么样了", "已完成"),
        ("档案局库房消防设施为什么还没改完？", "受财政预算安排影响"),
    ],
)
def test_how_far_one_problem_has_got(question: str, expected: str) -> None:
    got = answer_from_problems(analyze(question, DIRECTORY), NOTICES)
    assert got is not None and expected in got.text, got and got.text


@pytest.mark.parametrize(
    "question",
    [
        "档案局还有哪些问题没整改完？各自的时限是？",
        "档案局没改完的事项有哪几件，预计什么时候完成",
        "档案局尚未完成的问题有哪些？计划啥时候搞定",
    ],
)
def test_unfinished_problems_with_their_time_limits(question: str) -> None:
    got = answer_from_problems(analyze(question, DIRECTORY), NOTICES)
    assert got is not None
    assert "库房消防设施老化" in got.text and "2024年6月底前" in got.text
    assert "档案数字化进度滞后" in got.text and "2024年12月底前" in got.text
    assert "大额资金转账审批不严" not in got.text


@pytest.mark.parametrize(
    "question",
    ["那个问题整改到哪一步了", "处理了没有？", "为啥一直解决不了", "卡在哪了", "这事进展如何"],
)
def test_progress_questions_read_the_text_after_the_problem(question: str) -> None:
    assert read_question(question).wants("measures")


@pytest.mark.parametrize(
    ("question", "kind", "hard"),
    [
        ("排查出来的4个风险点具体是哪4个？", "breakdown", True),
        ("书面检讨的15人次里有几个是村干部？", "breakdown", True),
        ("清退的7364元里，津补贴的部分是多少？", "breakdown", True),
        ("引进的17个项目分别是哪些企业？", "breakdown", True),
        ("那个节目的收视率是多少？", "count", True),
        ("固定资产投资增幅在全市排第几？", "rank", True),
        ("剩下1户拆迁户什么时候能拆完？", "date", True),
        ("这项工作什么时候开始的？", "date", False),
    ],
)
def test_asks_that_need_more_than_the_notice_usually_says(question: str, kind: str, hard: bool) -> None:
    asks = [a for a in read_question(question).asks if a.kind == kind]
    assert asks and asks[-1].hard is hard, read_question(question).asks


@pytest.mark.parametrize(
    ("sentence", "total", "met"),
    [
        ("共引进17个飞入项目，实现当年新增税收74.9万元。", "17", False),
        ("共检查出35个问题，其中安全生产12个、财务管理9个、党建14个。", "35", True),
        ("发布调查站点9家：甲单位、乙单位、丙单位等。", "9", True),
        ("书面检讨15人（次）。", "15", False),
        ("其他单位共处理32人，其中处分1人。", "15", False),
    ],
)
def test_a_total_is_broken_down_only_by_its_parts(sentence: str, total: str, met: bool) -> None:
    """Counted parts (里有几个): other numbers after the total, or a list."""
    from assistant.answering.sentences import Sentence
    from assistant.grounding.claims import passage_form

    assert Sentence(sentence, passage_form(sentence), 0, 0).breaks_down(total) is met


@pytest.mark.parametrize(
    "question",
    ["档案局那3个问题里有几个是财务方面的？", "档案局反馈的3个问题具体是哪3个党建问题？"],
)
def test_a_breakdown_is_not_answered_from_the_table(question: str) -> None:
    from assistant.answering.facts_table import answer_from_facts

    assert answer_from_facts(analyze(question, DIRECTORY), NOTICES) is None


@pytest.mark.parametrize(
    ("sentence", "met"),
    [
        ("对5家企业开展飞行检查，发现问题12个，整改8个。", False),
        ("对5家企业开展飞行检查：甲公司、乙公司、丙公司、丁公司、戊公司。", True),
        ("建立4个律所党支部，分别设在甲所、乙所、丙所和丁所。", True),
        ("共引进17个项目。", False),
    ],
)
def test_parts_named_are_a_list(sentence: str, met: bool) -> None:
    from assistant.answering.sentences import Sentence
    from assistant.grounding.claims import passage_form

    total = "17" if "17" in sentence else "5" if "5家" in sentence else "4"
    assert Sentence(sentence, passage_form(sentence), 0, 0).breaks_down(total, listed=True) is met


ANCHOR_UNIT = "中共青禾市档案局党组"
ANCHOR_PASSAGES = [
    ((), "目前已安排3名人员到市卫校参加培训，预计年底结业。局长王建国同志主持召开推进会，研究培训安排。"),
    ((), "共清退违规资金12.5万元，其中违规发放津补贴8万元、违规报销差旅费4.5万元。"),
    ((), "引进2家企业落地投产，投资额合计5000万元。2023年6月1日召开专题会议部署招商工作。"),
]


def _anchor_hits() -> list[object]:
    from tests.notice_factory import passage_hits

    return passage_hits(ANCHOR_UNIT, ANCHOR_PASSAGES, "a")  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("档案局派去市卫校培训的那3名人员都叫什么名字？", False),
        ("档案局引进的2家企业是哪天投产的？", False),
        ("档案局清退的12.5万元里，津补贴的部分是多少？", True),
        ("档案局局长叫什么名字？", True),
    ],
)
def test_a_quoted_total_anchors_what_answers(question: str, answered: bool) -> None:
    from assistant.answering.extractive import extract

    directory = UnitDirectory([ANCHOR_UNIT])
    got = extract(question, _anchor_hits(), analyze(question, directory))  # type: ignore[arg-type]
    assert bool(got.chosen) is answered, got.refusal


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("为什么会出现这些问题？", "reason"),
        ("这个问题的原因是什么", "reason"),
        ("整改得最好的是哪一项？", "judgement"),
        ("整改效果好不好？", "judgement"),
        ("整改工作得到了哪些领导的肯定？", "judgement"),
        ("整改后群众满意度是多少？", "count"),
    ],
)
def test_evaluations_causes_and_rates_are_hard_asks(question: str, kind: str) -> None:
    asks = [a for a in read_question(question).asks if a.kind == kind]
    assert asks and asks[-1].hard


@pytest.mark.parametrize(
    ("kind", "sentence", "met"),
    [
        ("reason", "由于历史遗留原因，产权手续一时难以办结。", True),
        ("reason", "局党组召开专题会议研究整改。", False),
        ("judgement", "整改工作得到市委主要领导批示肯定。", True),
        ("judgement", "始终把政治建设放在首位，最大限度压实责任。", False),
    ],
)
def test_a_cause_or_an_evaluation_must_be_stated(kind: str, sentence: str, met: bool) -> None:
    from assistant.answering.sentences import Sentence
    from assistant.grounding.claims import passage_form
    from assistant.reading.asks import Ask

    assert Sentence(sentence, passage_form(sentence), 0, 0).satisfies(Ask(kind, hard=True)) is met  # type: ignore[arg-type]


def test_a_heading_alone_is_answered_with_the_section_under_it() -> None:
    from assistant.answering.extractive import extract
    from core.types import Chunk, Hit

    text = (
        "三、下一步整改计划\n下一步，局党组将持续巩固整改成果，建立长效机制。对需要长期坚持的事项定期回头看。"
    )
    chunk = Chunk("h-0", "h", ANCHOR_UNIT, "通报", "h.txt", (), text, 0, len(text))
    question = "档案局下一步整改计划是什么？"
    got = extract(question, [Hit(chunk, 1.0, 1)], analyze(question, UnitDirectory([ANCHOR_UNIT])))
    assert any("长效机制" in x.sentence.text for x in got.chosen), [x.sentence.text for x in got.chosen]


@pytest.mark.parametrize(
    ("question", "sentence", "met"),
    [
        ("什么时候召开的专题民主生活会？", "召开专题民主生活会，班子成员开展批评与自我批评。", False),
        ("什么时候召开的专题民主生活会？", "8月6日，召开巡察整改专题民主生活会。", True),
        ("整改工作领导小组是什么时候成立的", "2023年3月1日市委巡察组进驻。", False),
        ("整改工作领导小组是什么时候成立的", "3月5日成立整改工作领导小组。", True),
        ("整改方案是哪天印发的", "印发整改方案，明确责任分工。", False),
    ],
)
def test_the_date_of_an_event_must_be_that_events(question: str, sentence: str, met: bool) -> None:
    from assistant.answering.sentences import Sentence
    from assistant.grounding.claims import passage_form

    (ask,) = [a for a in read_question(question).asks if a.kind in ("date", "day")]
    assert ask.hard and Sentence(sentence, passage_form(sentence), 0, 0).satisfies(ask) is met


PARAGRAPH_TEXT = (
    "中共青禾市园林局党组关于巡察整改情况的通报\n"
    "根据市委统一部署，2023年3月1日至4月30日，市委第二巡察组对市园林局党组开展了常规巡察。\n"
    "二、整改落实情况\n"
    "1.关于“法律顾问聘用程序不规范”的问题。整改情况：3月20日召开党组会议专题研究，重新制定法律顾问选聘办法，"
    "通过公开比选聘用新的法律顾问，并将合同报市司法局备案。\n"
    "2.关于“苗木采购验收把关不严”的问题。一是修订苗木采购验收规程；二是对2022年采购的苗木开展复验。\n"
    "中共青禾市园林局党组\n2023年9月1日\n"
)
(PARAGRAPH_NOTICE,) = parse_notices(PARAGRAPH_TEXT, "garden.txt")


@pytest.mark.parametrize(
    ("question", "said"),
    [
        # measures asked with the verbs people use (纠正, 补, 加强, 弄, 做了啥)
        ("园林局请法律顾问不按程序那事，后来是怎么纠正的？", "法律顾问选聘办法"),
        ("园林局法律顾问聘得不规范，他们后来做了啥？", "公开比选"),
        ("园林局法律顾问聘用程序的漏洞怎么补的？", "市司法局备案"),
        ("园林局苗木验收把关不严，后面怎么弄的？", "苗木采购验收规程"),
        ("园林局苗木采购验收的问题怎么加强的？", "开展复验"),
    ],
)
def test_measures_asked_in_other_verbs_and_written_as_one_paragraph(question: str, said: str) -> None:
    """A problem whose 整改情况 is one paragraph (no 一是/二是) is answered with that paragraph."""
    notices = [PARAGRAPH_NOTICE]
    got = answer_from_problems(analyze(question, UnitDirectory.from_notices(notices)), notices)
    assert got is not None and said in got.text, got and got.text
