"""Detail questions about one matter in a notice, table-driven on fictional notices.

Classes: the detail a question's words do not reach (where money went, what is still missing, how
a case was dealt with, which document was made, several amounts at once); a second ask answered by
the next sentence; two sentences stating the asked count alike; a rate whose % was lost; ``玩手机``
is conduct, not a phone ask; wages and rent are sums of money; ``出了什么问题`` holds no content
word; a phrase quoted whole that the notice quotes in pieces; a facts-table value said with its
sentence, which also closes the open parts it answers; a problem record that never states the
total the question quotes.
"""

from __future__ import annotations

import pytest

from assistant.answering.cues import cues_of
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.selection import coverage
from assistant.answering.sentences import Sentence
from assistant.factory import make_assistant
from assistant.grounding.claims import passage_form
from assistant.reading.asks import read_question
from assistant.service import Assistant
from core.normalize import compact
from core.numerals import to_digits
from core.types import Hit
from tests.notice_factory import passage_hits
from tests.sample_index import index_texts

UNIT = "中共青禾市文联党组"


def _hits(*passages: tuple[tuple[str, ...], str]) -> list[Hit]:
    return passage_hits(UNIT, passages, "wl")


def _ask(question: str, hits: list[Hit]) -> str:
    answer = ExtractiveAnswerer().answer(question, hits)
    return "" if answer.refused else answer.text


@pytest.mark.parametrize(
    ("question", "cue"),
    [
        ("追回的钱最后交到哪了？", "destination"),
        ("退回的资金去向是什么", "destination"),
        ("这笔款缴到哪里了", "destination"),
        ("清退的费用用到哪了", "destination"),
        ("借款还有多少没追回来？", "remainder"),
        ("剩下多少没整改", "remainder"),
        ("还差几户没拆", "remainder"),
        ("副局长违规兼职那事最后怎么处理的", "sanctions"),
        ("对相关责任人如何处分的", "sanctions"),
        ("这个案子追责了多少人", "sanctions"),
        ("后来补了什么制度？", "document"),
        ("出台了哪些办法", "document"),
        ("修订了哪项规定", "document"),
        ("交通费、加油卡分别追回了多少？", "amounts"),
        ("清退了哪几笔钱？", "amounts"),
        ("三个人各退了多少", "amounts"),
    ],
)
def test_a_detail_cue_is_read_in_its_usual_words(question: str, cue: str) -> None:
    assert cue in [c.name for c in cues_of(to_digits(compact(question)))]


@pytest.mark.parametrize(
    "question", ["一共制定了多少条整改措施？", "什么时候反馈的？", "巡察组组长是谁？", "追回了多少钱？"]
)
def test_other_questions_have_no_cue(question: str) -> None:
    assert cues_of(to_digits(compact(question))) == ()


_DESTINATION = _hits(
    (
        ("（二）关于违规发放补贴的问题",),
        "整改情况：一是清理补贴发放台账。二是追回重复发放的补贴4500元。追回资金已全部缴入区财政专户。",
    ),
    ((), "三是建立补贴发放审批制度，由分管领导签字后发放。"),
)
_REMAINDER = _hits(
    (
        (),
        "二是持续加大资金互助业务追欠力度，近期已收回借款12万元。目前尚有涉及8户的36万元未收回，其中已起诉3户。",
    ),
    ((), "三是计划投资90万元建设农资配送中心。"),
)
_SANCTIONS = _hits(
    (
        (),
        "针对下属公司出现以虚假学历应聘等问题，由党委副书记对相关负责人进行提醒谈话，要求加强人事档案审查。",
    ),
    ((), "下属公司副总经理王某某购买并使用伪造学历证书问题已查实，对其给予党内警告处分。"),
    ((), "三是开展档案专项审核，共审核干部档案86卷。"),
)
_DOCUMENT = _hits(
    (
        ("（3）针对风险防控制度不健全的问题",),
        (
            "针对外宾赠送礼品遗失的问题形成情况说明。总结教训，避免类似情形。"
            "2023年5月10日召开党组会，研究制定了《青禾市文联外事礼品管理办法（试行）》，要求严格执行。"
        ),
    ),
    ((), "二是修订完善《青禾市文联财务管理制度》《公务接待管理制度》，以制度管人管钱。"),
)
_AMOUNTS = _hits(
    (
        ("4.关于落实中央八项规定精神不够严格的问题",),
        "（1）针对差旅费报支不规范的问题。整改情况：一是清退超范围报销的包车费1050元、伙食补助费820元、市内交通补助费560元，已上缴国库。二是严格差旅费报支标准。",
    ),
    (
        ("（2）针对报销差旅杂费未见依据的问题",),
        "整改情况：一是清退违规报销费用1240元，已上交国库。二是严格差旅费报支程序。",
    ),
)
_NEIGHBOUR = _hits(
    (
        (),
        "整改情况：5条断头路中由我局牵头的为东环路延伸段，共有3户拆迁户。经多方努力，已完成2户拆迁，剩余1户正在推进。",
    ),
)
_TIED = _hits(
    (
        (),
        (
            "二是凝聚侨心侨力，充分发挥服务经济发展、维护侨益、拓展海外联谊、参政议政、弘扬中华文化等职能，近年来通过"
            "百家侨企等活动促成97个项目落地，组织侨界代表提交提案31件，向省侨联报送专报397期，并举办慰问演出、夏令营等活动，"
            "切实发挥侨界独特优势。"
        ),
    ),
    ((), "二是深入三地调研走访，整理侨界专家意见建议，向省侨联报送专报29期。"),
)
_RATE = _hits(
    ((), "快速检测食用农产品6710批次，不合格100批次，合格率为98.5，不合格产品均依法处置。"),
)
_CONDUCT = _hits(
    (
        (),
        "针对巡察工作动员会埋头玩手机的现象。纪委书记在1月27日院周会上对玩手机现象进行批评。3月10日对10名相关人员进行提醒谈话。",
    ),
)
_WAGES = _hits(
    ((), "整改情况：受理拖欠农民工工资的15起案件全部办结，帮助农民工讨回工资235.144万元。"),
)
_RENT = _hits(
    (
        (),
        "认真学习促进“六稳”工作十八条措施，深刻检讨工作失误，责令下属集团追回超范围减免11家大型企业租金，共计20.45万元；",
    ),
    ((), "责成下属公司及时退还112家符合减免条件的租户租金，共计39.05万元。"),
)


@pytest.mark.parametrize(
    ("question", "hits", "wanted"),
    [
        ("重复发放的补贴追回了多少，最后交到哪了？", _DESTINATION, ("4500元", "财政专户")),
        ("重复发的补贴追回的钱去哪了？", _DESTINATION, ("财政专户",)),
        ("资金互助的借款还有多少没收回来？", _REMAINDER, ("36万元",)),
        ("互助借款剩下多少没追回？", _REMAINDER, ("36万元",)),
        ("下属公司副总用假学历那事最后怎么处理的", _SANCTIONS, ("党内警告",)),
        ("假学历应聘的事对副总经理如何处理的？", _SANCTIONS, ("党内警告",)),
        ("礼品遗失的是哪个单位？后来补了什么制度？", _DOCUMENT, ("外事礼品管理办法",)),
        ("礼品遗失的问题，后来制定了什么办法？", _DOCUMENT, ("外事礼品管理办法",)),
        ("差旅费报支不规范，清退了哪几笔钱？", _AMOUNTS, ("1050元", "820元", "560元")),
        ("差旅费报支不规范的问题分别清退了多少钱？", _AMOUNTS, ("1050元", "820元", "560元")),
        ("东环路延伸段有几户拆迁户？拆了几户？", _NEIGHBOUR, ("3户", "2户")),
        ("东环路延伸段拆迁户有几户？已经拆了几户？", _NEIGHBOUR, ("3户", "2户")),
        ("向省侨联报了多少期专报？", _TIED, ("29期",)),
        ("农产品快检合格率是多少？", _RATE, ("98.5",)),
        ("快检的合格率为多少", _RATE, ("98.5",)),
        ("有人开动员会时埋头玩手机，这事后来怎么处理的？", _CONDUCT, ("10名", "提醒谈话")),
        ("动员会上玩手机的人怎么处理了", _CONDUCT, ("提醒谈话",)),
        ("帮农民工讨回了多少欠薪？", _WAGES, ("235.144万元",)),
        ("农民工的欠薪追回了多少？", _WAGES, ("235.144万元",)),
        ("在落实“六稳六保”租金减免上出了什么问题，怎么纠正的？", _RENT, ("20.45万元", "39.05万元")),
    ],
)
def test_a_detail_is_answered_by_the_sentence_stating_it(
    question: str, hits: list[Hit], wanted: tuple[str, ...]
) -> None:
    text = _ask(question, hits)
    assert text, question
    for key in wanted:
        assert key in text, (question, key, text)


@pytest.mark.parametrize(
    ("question", "hits"),
    [
        ("农产品快检的群众满意度是多少？", _NEIGHBOUR),
        ("帮农民工讨回了多少欠薪？", _NEIGHBOUR),
        ("举报电话是多少？", _CONDUCT),
        ("联系手机是多少？", _WAGES),
        ("向省侨联报了多少期专报？", _WAGES),
    ],
)
def test_what_the_passages_do_not_state_is_still_refused(question: str, hits: list[Hit]) -> None:
    assert ExtractiveAnswerer().answer(question, hits).refused


@pytest.mark.parametrize(
    ("question", "ask"),
    [
        ("开动员会时埋头玩手机，后来怎么处理的？", None),
        ("有干部上班刷手机的问题改了吗", None),
        ("联系手机是多少？", "phone"),
        ("举报电话是多少", "phone"),
        ("手机号码是多少", "phone"),
    ],
)
def test_a_phone_is_asked_only_as_a_contact(question: str, ask: str | None) -> None:
    kinds = [a.kind for a in read_question(question).asks]
    assert ("phone" in kinds) == (ask == "phone")


@pytest.mark.parametrize(
    ("sentence", "counted"),
    [
        ("通过专家评审确定资助14个课题组开展研究。", False),
        ("共走访3个镇的企业。", False),
        ("2020年共评选出30名青年人才予以资助。", True),
        ("对3个村干部进行诫勉谈话。", True),
        ("共有5位专家参加评审。", True),
    ],
)
def test_a_count_of_people_is_not_a_count_of_groups(sentence: str, counted: bool) -> None:
    ask = next(a for a in read_question("资助了多少人？").asks if a.kind == "count")
    assert Sentence(sentence, passage_form(sentence), 0, 0).counted(ask) == counted


@pytest.mark.parametrize(
    "question", ["讨回了多少欠薪？", "退还了多少租金", "追回了多少补贴？", "清退了多少工资"]
)
def test_wages_rent_and_allowances_are_sums_of_money(question: str) -> None:
    asks = read_question(question).asks
    assert any(a.kind == "count" and "元" in a.counters and a.hard for a in asks), asks


@pytest.mark.parametrize(
    ("question", "junk"),
    [
        ("在租金减免上出了什么问题，怎么纠正的？", "上出"),
        ("招投标中存在哪些问题", "中存"),
        ("资产管理里发现了什么问题？", "里发"),
    ],
)
def test_asking_for_the_problem_adds_no_content_word(question: str, junk: str) -> None:
    terms = read_question(question).terms
    assert not any(junk in t for t in terms), terms
    assert terms


@pytest.mark.parametrize(
    ("phrase", "sentence"),
    [
        ("六稳六保", "严格落实“六稳”“六保”工作。"),
        ("三重一大", "规范“三重”“一大”事项决策。"),
        ("放管服", "深化“放”“管”“服”改革。"),
    ],
)
def test_a_phrase_quoted_in_pieces_is_found(phrase: str, sentence: str) -> None:
    assert coverage({phrase: 2.0}, passage_form(sentence)) == 1.0


_NOTICE = """中共青禾市档案馆党组关于巡察整改情况的通报

根据市委统一部署，2023年4月1日至5月31日，市委第二巡察组对市档案馆党组进行了巡察。2023年7月5日，市委第二巡察组向市档案馆党组反馈了巡察意见。现将巡察整改情况予以公布。

一、整改工作总体情况

市档案馆党组把巡察整改作为重要政治任务，对反馈的12个问题逐条研究，制定整改措施30条。截至目前，反馈的12个问题，已完成整改9个，基本完成整改3个。主题教育查找的36个问题，已完成整改30个，需长期坚持6个。2023年共举办业务培训班4期，培训党员干部45名。

二、巡察反馈问题整改落实情况

1．关于“财务报销审核把关不严”的问题

整改情况：一是建立加班考勤制度，严格按照考勤发放补助；二是对违规报销的交通费和加油卡问题，已全部收回违规报销交通费1200元、加油卡费用500元，并已全部上缴国库；三是开展财务专项检查。

2．关于“主题教育开展不够严谨”的问题

整改情况：一是组织党员干部学习主题教育成果文件；二是督促责任人修改主题教育材料中不严谨的表述。

欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-7654321。

中共青禾市档案馆党组
2023年10月8日
"""


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    indexed = index_texts(tmp_path_factory, {"档案馆.txt": _NOTICE})
    return make_assistant(indexed.settings, store=indexed.store)


@pytest.mark.parametrize(
    ("question", "wanted", "unwanted"),
    [
        ("市档案馆违规报销的交通费和加油卡分别追回了多少？", ("1200元", "500元"), ()),
        ("市档案馆追回了多少钱，钱去哪了？", ("1200元", "国库"), ("关于“",)),
        ("市档案馆追回了多少钱？钱最后交到哪了？", ("国库",), ("关于“钱最后交到哪了”",)),
        ("市档案馆反馈的12个问题完成了多少个？", ("9个", "基本完成整改3个"), ()),
        ("市档案馆主题教育查找的36个问题整改得怎么样？", ("需长期坚持6个",), ()),
        ("市档案馆主题教育查出来的36个问题整改到哪一步了？", ("需长期坚持6个",), ()),
        ("市档案馆主题教育那36个问题改得如何了？", ("需长期坚持6个",), ()),
        ("市档案馆第2个问题是怎么整改的？", ("修改主题教育材料",), ()),
        (
            "市档案馆主题教育开展不够严谨的问题是怎么整改的？2023年培训了多少名党员干部？",
            ("修改", "45名"),
            (),
        ),
        ("市档案馆主题教育不严谨的问题怎么整改的？培训班办了几期？", ("修改", "4期"), ()),
        ("市档案馆财务报销审核把关不严的问题怎么整改的？业务培训班培训了多少人？", ("考勤", "45名"), ()),
    ],
)
def test_a_detail_from_the_facts_table_is_said_with_its_sentence(
    archive: Assistant, question: str, wanted: tuple[str, ...], unwanted: tuple[str, ...]
) -> None:
    answer = archive.ask(question)
    assert not answer.refused, question
    for key in wanted:
        assert key in answer.text, (question, key, answer.text)
    for key in unwanted:
        assert key not in answer.text, (question, key, answer.text)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("市档案馆违规的钱退回去多少？", ("1200元",)),
        ("市档案馆一共清退了多少钱", ("1200元",)),
        ("市档案馆违规报销的钱退还了多少", ("1200元",)),
    ],
)
def test_a_sum_asked_with_other_verbs(archive: Assistant, question: str, wanted: tuple[str, ...]) -> None:
    answer = archive.ask(question)
    assert not answer.refused and all(w in answer.text for w in wanted), answer.text


@pytest.mark.parametrize(
    "question",
    ["市档案馆那个车改补贴专项清查，追缴了多少钱？", "市档案馆办公用房清理腾退后收回了多少租金？"],
)
def test_a_sum_of_another_matter_is_not_the_notices_sum(archive: Assistant, question: str) -> None:
    """The sum the table holds is of the 报销 matter: a question about another matter is not answered with it."""
    assert "1200元" not in archive.ask(question).text
