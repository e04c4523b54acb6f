"""Asks of a notice's key facts in the words people use, table-driven (fictional notices, indexed once).

Classes: the inspection period asked in other words (and said with its feedback date); status
counts asked colloquially, as an overview (改得怎么样) or as "is any left" (还有没改完的吗);
immediate fixes said with their statuses; comparisons beside counts, of three units, of the same
day, and of groups of the same name under two committees; counts and dates as the notices write
them; a unit word after a count (这三个科协) gathering the units already named.

市水务局 (青禾市, 市委第二巡察组, feedback 2023年7月5日, 3 problems: 2 done, 1 in progress, 5
immediate fixes, signed 2023年10月08日); 市统计局 (青禾市, the same group, feedback 2023年8月9日, 4
problems, none left undone: 0个); 白沙文旅局 (白沙市, a 市委第二巡察组 of its own, feedback 2023年7月5日).
"""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from assistant.answering.fact_words import count_text as _count_text
from assistant.reading.targets import STATUS_OVERVIEW, read_targets
from assistant.reading.units import UnitDirectory
from assistant.service import Assistant
from core.config import Settings
from core.normalize import compact
from core.types import Fact
from tests.notice_factory import notice_text

WATER, STATS, CULTURE = "中共青禾市水务局党组", "中共青禾市统计局党组", "中共白沙市文化旅游局党组"


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    from assistant.factory import make_assistant

    root = tmp_path_factory.mktemp("facts-asks")
    settings = replace(
        Settings.from_env(), store_dir=root / "store", embedder="hash", collection=f"f{uuid.uuid4().hex[:12]}"
    )
    corpus = root / "corpus"
    corpus.mkdir()
    fixes = "巡察移交的5个立行立改问题，已完成整改4个，正在整改1个。"
    texts = {
        "1.txt": notice_text("青禾市水务局", "市水务局", body="市委第二巡察组", extra=fixes).replace(
            "2023年10月8日", "2023年10月08日"
        ),
        "2.txt": notice_text(
            "青禾市统计局", "市统计局", body="市委第二巡察组", problems=4, extra="未完成整改的问题0个。"
        ).replace("2023年7月5日", "2023年8月9日"),
        "3.txt": notice_text("白沙市文化旅游局", "白沙文旅局", body="市委第二巡察组"),
    }
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    assistant = make_assistant(settings)
    report = assistant.index([corpus])
    assert not report.errors and report.notices == 3, report
    return assistant


@pytest.mark.parametrize(
    "question",
    [
        "水务局是哪段时间被巡察的？",
        "水务局什么时间段巡察的",
        "水务局巡察是哪段时间",
        "那次省委巡視是什麼時候開展的？",
        "两个巡视组哪天结束巡视？",
    ],
)
def test_the_period_asked_in_other_words(question: str) -> None:
    assert "inspection_period" in read_targets(compact(question))[0]


@pytest.mark.parametrize(
    ("question", "statuses"),
    [
        ("已经改完的和还在改的分别几个？", {"已完成", "正在推进"}),
        ("截至6月30日改完几个、基本完成几个、还有几个没改？", {"已完成", "基本完成", "未完成"}),
        ("现在整改完了多少个、还有几个在改？", {"已完成", "正在推进"}),
        ("现在还有没整改完的吗", {"未完成"}),
        ("是否还有未完成整改的问题", {"未完成"}),
    ],
)
def test_status_counts_asked_colloquially(question: str, statuses: set[str]) -> None:
    targets, keys, _ = read_targets(compact(question))
    assert "status" in targets and set(keys) == statuses


@pytest.mark.parametrize(
    ("question", "overview"),
    [
        ("16个问题改得怎么样？", True),
        ("现在整改到什么程度？", True),
        ("巡察反馈的问题完成得怎么样", True),
        ("反馈了多少个问题，定了多少条措施，现在整改到什么程度？", True),
        ("250套保障房没分配，这个问题整改得怎么样了？", False),
        ("保障房没分配的问题整改得怎么样", False),
        ("“财务报销审核把关不严”的问题整改得怎么样", False),
        ("市水务局和市统计局的整改进度比一比", True),
        ("两家的巡察整改完成情况对比一下", True),
        ("市水务局整改完成情况怎么样", True),
        ("市水务局已完成的问题有几个", False),
        ("市水务局反馈的问题整改了多少？措施完成情况呢？", False),
    ],
)
def test_an_overview_of_the_statuses_is_of_the_notice_not_of_one_problem(
    question: str, overview: bool
) -> None:
    assert (read_targets(compact(question))[1] == STATUS_OVERVIEW) is overview


@pytest.mark.parametrize(
    "question",
    [
        "市水务局3个问题改得怎么样？",
        "市水务局现在整改到什么程度？",
        "市水务局反馈了几个问题，现在整改到什么程度？",
    ],
)
def test_an_overview_says_every_status_stated(facts: Assistant, question: str) -> None:
    answer = facts.ask(question)
    assert "已完成2个" in answer.text and "正在推进1个" in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    ["市统计局还有没整改完的吗", "市统计局有没有没改完的问题？", "市统计局是否还有未完成整改的问题"],
)
def test_is_any_left_is_answered_with_the_count_stated(facts: Assistant, question: str) -> None:
    answer = facts.ask(question)
    assert not answer.refused and "0个" in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "市水务局反馈了几个问题？立行立改的呢？",
        "市水务局立行立改的问题一共几个，还剩几个没弄完？",
        "市水务局巡察移交的立行立改问题改得怎么样",
    ],
)
def test_immediate_fixes_are_said_with_their_statuses(facts: Assistant, question: str) -> None:
    answer = facts.ask(question)
    assert "已完成整改4个，正在整改1个" in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "市水务局和白沙文旅局是同一天收到反馈的吗",
        "市水务局和白沙文旅局谁先收到反馈意见？",
        "市水务局跟白沙文旅局哪个反馈早",
    ],
)
def test_the_same_day_is_said_so(facts: Assistant, question: str) -> None:
    answer = facts.ask(question)
    assert "是同一天（2023年7月5日）" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("市水务局和白沙文旅局是同一个巡察组吗", "不是同一个巡察组（组名相同，但分属青禾市委、白沙市委）"),
        ("市水务局和白沙文旅局都是市委第二巡察组巡的，是一个组吗？", "不是同一个巡察组"),
        ("白沙文旅局与市统计局的巡察组是同一个组吗", "不是同一个巡察组"),
        ("市水务局和市统计局是同一个巡察组吗", "是同一个巡察组"),
    ],
)
def test_groups_of_the_same_name_under_two_committees(facts: Assistant, question: str, verdict: str) -> None:
    answer = facts.ask(question)
    assert verdict in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "said", "not_said"),
    [
        ("市水务局和市统计局，哪个反馈早？问题数哪个多？", ("更早（2023年7月5日）", "更多"), ()),
        ("市水务局和市统计局谁先收到反馈？谁的问题多？", ("更早（2023年7月5日）", "更多"), ()),
        ("市水务局和市统计局谁的问题多，相差几个？", ("更多",), ("更早",)),
    ],
)
def test_an_order_beside_a_count(
    facts: Assistant, question: str, said: tuple[str, ...], not_said: tuple[str, ...]
) -> None:
    answer = facts.ask(question)
    assert all(s in answer.text for s in said) and not any(s in answer.text for s in not_said), answer.text


@pytest.mark.parametrize(
    "question",
    [
        "市水务局、市统计局和白沙文旅局这三家，哪个最早收到反馈？",
        "市统计局、白沙文旅局、市水务局三个单位谁最晚收到反馈意见",
        "市水务局、白沙文旅局和市统计局的反馈时间先后",
    ],
)
def test_three_units_in_order(facts: Assistant, question: str) -> None:
    answer = facts.ask(question)
    assert f"{STATS}最晚（2023年8月9日）" in answer.text and "由早到晚" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("市水务局的通报落款是哪天？", "2023年10月08日"),
        ("市水务局整改通报是哪天发布的", "2023年10月08日"),
        ("市水务局什么时候被巡察的？", "2023年7月5日"),
        ("市水务局是哪段时间被巡察的", "2023年7月5日"),
    ],
)
def test_dates_as_the_notice_writes_them_and_the_feedback_beside_the_period(
    facts: Assistant, question: str, said: str
) -> None:
    answer = facts.ask(question)
    assert said in answer.text, answer.text


@pytest.mark.parametrize(
    ("quote", "number", "said"),
    [
        ("四个方面16项共37个问题", 37, "四个方面16项共37个问题"),
        ("四大类14个问题", 14, "四大类14个问题"),
        ("三个方面30项具体问题", 30, "三个方面30项具体问题"),
        ("七项15个问题", 15, "七项15个问题"),
    ],
)
def test_a_count_in_the_notices_words(quote: str, number: int, said: str) -> None:
    fact = Fact(str(number), quote, 0, len(quote), number=number, detail={"aspects": 4})
    assert _count_text(fact, "问题") == said


_KEXIE = UnitDirectory(
    [
        "中共青禾市科学技术协会党组",
        "中共白沙市科学技术协会党组",
        "中共松原县科学技术协会党组",
        "中共红石区科学技术协会党组",
    ]
)


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("青禾市科协、白沙市科协和松原县科协这三个科协，哪个最早收到巡察反馈意见？", 3),
        ("青禾市科协和白沙市科协两个科协谁先被巡察", 2),
        ("青禾市科协、白沙市科协、红石区科协这几个科协的问题数", 3),
        ("科协有哪些", 4),
    ],
)
def test_a_unit_word_after_a_count_gathers_the_units_named(question: str, count: int) -> None:
    assert len(_KEXIE.resolve(question).units) == count


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "中共甲区委关于巡视整改进展情况的通报\n一、提高政治站位\n本次省委巡视“回头看”，是对我区的全面体检。",
            "巡视回头看",
        ),
        (
            "中共乙局党组关于巡察整改情况的通报\n一、总体情况\n这次市委巡察“回头看”共指出问题12个。",
            "巡察回头看",
        ),
        (
            "中共丙局党组关于巡察整改情况的通报\n一、总体情况\n本轮市委第三巡察组巡察回头看反馈问题9个。",
            "巡察回头看",
        ),
        ("中共丁局党组关于巡察整改情况的通报\n一、总体情况\n对已完成的整改事项，适时组织“回头看”。", None),
    ],
)
def test_this_inspection_named_a_look_back_past_the_first_heading(text: str, kind: str | None) -> None:
    from index.outcomes import inspection_kind

    found = inspection_kind(text, text)
    assert (found.value if found else None) == kind
    assert found is None or text[found.start : found.end] == found.quote


@pytest.mark.parametrize(
    "question",
    [
        "市水务局改完了几个、还有几个没改？",
        "市水务局已完成几个，未完成几个？",
        "市水务局改完的和没改完的各几个",
    ],
)
def test_a_breakdown_asked_in_part_is_said_whole(facts: Assistant, question: str) -> None:
    answer = facts.ask(question)
    assert "已完成2个" in answer.text and "正在推进1个" in answer.text, answer.text


@pytest.mark.parametrize(
    "question", ["市水务局完成了多少个问题？", "市水务局已经整改完成的问题有几个？", "市水务局改完了多少？"]
)
def test_done_asked_alone_is_said_with_the_other_stated_counts(facts: Assistant, question: str) -> None:
    """完成了多少: the notice's other stated counts (正在推进) stand beside it, as in a breakdown."""
    answer = facts.ask(question)
    assert "已完成2个" in answer.text and "正在推进1个" in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "市水务局反馈的3个问题里，还有哪些没完成？",
        "市水务局那3个问题，哪个还在整改？",
        "市水务局9条措施对应的问题里还有哪些没改完？",
    ],
)
def test_a_question_quoting_the_notices_own_total_keeps_the_records_answer(
    facts: Assistant, question: str
) -> None:
    """The quoted total is the notice's own (反馈的3个问题): the problem records answer it."""
    answer = facts.ask(question)
    assert not answer.refused and "正在推进" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("市水务局是哪天开的巡察反馈会", "feedback_date"),
        ("市水务局什么时候开的反馈会，反馈了几个问题", "feedback_date"),
        ("市水务局反馈会是几号开的", "feedback_date"),
        ("市水务局分别是市委巡察几组巡的", "inspection_body"),
        ("市水务局那轮巡察是哪几个组去的", "inspection_body"),
        ("市水务局是被市委第二巡察组巡的吧", "inspection_body"),
        ("市水务局巡察组是哪天进场的", "inspection_period"),
        ("市水务局和市统计局分别是哪天开始被巡察的", "inspection_period"),
        ("市水务局什么时候正式接受巡察的", "inspection_period"),
    ],
)
def test_fields_asked_in_other_words(question: str, target: str) -> None:
    assert target in read_targets(compact(question))[0]


@pytest.mark.parametrize(
    ("question", "money"),
    [
        ("不合规返聘的退休人员清退了多少？", False),
        ("违规借调的干部清退了几个", False),
        ("清退了几人", False),
        ("违规发放的补贴清退了多少", True),
        ("市水务局追回了多少钱", True),
        ("资金退回了多少", True),
    ],
)
def test_people_sent_away_are_not_a_sum_of_money(question: str, money: bool) -> None:
    assert ("money" in read_targets(compact(question))[0]) is money


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("市水务局和市统计局哪个局先收到反馈", "更早（2023年7月5日）"),
        ("市水务局和市统计局，谁的反馈在前？", "更早（2023年7月5日）"),
        ("市统计局和市水务局两家哪个单位反馈靠后", "较晚（2023年8月9日）"),
        ("市水务局和白沙文旅局哪家进场更早", "是同一天（2023年4月1日）"),
    ],
)
def test_an_order_asked_with_a_noun_between_or_by_place(facts: Assistant, question: str, said: str) -> None:
    """哪个局先, 谁的反馈在前, 反馈靠后, 进场 (the inspection's arrival): an order of the dates."""
    answer = facts.ask(question)
    assert said in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "市水务局2021年被市委第二巡察组巡察，那次发现了几个问题？",
        "市水务局2022年市委第二巡察组反馈了几个问题",
        "2020年第二巡察组巡察市水务局时制定了几条措施",
    ],
)
def test_a_year_beside_a_numbered_group_is_a_premise(facts: Assistant, question: str) -> None:
    answer = facts.ask(question)
    assert answer.refused and any("不是20" in w for w in answer.warnings), (answer.text, answer.warnings)


@pytest.mark.parametrize(
    ("quote", "said"),
    [
        ("研究制定了4個方面28條整改措施", "4个方面28条"),
        ("制定整改措施28條", "28条"),
        ("提出整改措施28項", "28项"),
    ],
)
def test_a_traditional_counter_is_the_notices_counter(quote: str, said: str) -> None:
    fact = Fact("28", quote, 0, len(quote), number=28, detail={"aspects": 4} if "方面" in quote else {})
    assert _count_text(fact, "") == said


@pytest.mark.parametrize(
    ("question", "said"),
    [
        (
            "市水务局和市统计局，哪家从巡完到反馈隔得更久？",
            ("相隔35天", "相隔70天", f"{STATS}间隔更长（多35天）"),
        ),
        ("市统计局跟市水务局比，哪个从巡察结束到反馈意见等得更久", (f"{STATS}间隔更长",)),
        ("市水务局、市统计局、白沙文旅局，巡察结束到反馈隔得最久的是哪家", (f"{STATS}间隔最长（70天）",)),
        ("市统计局巡察结束后多久才反馈", ("2023年5月31日", "2023年8月9日", "相隔70天")),
        ("市水务局从巡察结束到反馈隔了多少天？", ("相隔35天",)),
    ],
)
def test_the_time_from_the_inspections_end_to_its_feedback(
    facts: Assistant, question: str, said: tuple[str, ...]
) -> None:
    answer = facts.ask(question)
    assert all(s in answer.text for s in said), answer.text


@pytest.mark.parametrize(
    "question",
    [
        "市统计局那次巡察为期多久？巡完过了多长时间才反馈？",
        "市统计局巡察持续了多久？巡察结束到反馈隔了多长时间？",
        "市统计局巡了多长时间；巡察结束后多久才反馈",
    ],
)
def test_the_inspections_length_and_the_time_to_its_feedback_asked_together(
    facts: Assistant, question: str
) -> None:
    answer = facts.ask(question)
    assert "巡察时长" in answer.text and "相隔70天" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "count"),
    [
        ("青禾市、白沙市、松原县三个科协，哪个最早被巡察？", 3),
        ("青禾市、白沙市两个科协谁先被巡察", 2),
        ("青禾市、白沙市和红石区这三家科协的问题数", 3),
    ],
)
def test_a_suffix_typed_once_for_a_list_of_places(question: str, count: int) -> None:
    from assistant.reading.questions import expand_shared_suffix

    assert len(_KEXIE.resolve(expand_shared_suffix(question, _KEXIE)).units) == count


@pytest.mark.parametrize(
    ("question", "problems_done"),
    [
        ("市水务局整改措施定了多少条，完成了多少？", False),
        ("市水务局反馈了几个问题？整改措施定了多少条，完成了几条？", False),
        ("市水务局整改措施定了多少条？整改到位的问题有几个？", True),
        ("市水务局整改措施定了多少条？到现在整改到位的有几个？", True),
    ],
)
def test_a_done_count_is_of_the_thing_its_clause_asks(
    facts: Assistant, question: str, problems_done: bool
) -> None:
    """The notice counts problems done (2个), not measures: asked of measures, that count does not answer."""
    answer = facts.ask(question)
    assert ("已完成2个" in answer.text) is problems_done, answer.text
