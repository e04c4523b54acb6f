"""Question classes answered from the notice model, table-driven, several phrasings each (fictional notices)."""

from __future__ import annotations

import pytest

from assistant.answering.facts_table import answer_from_facts
from assistant.answering.problem_answers import answer_from_problems
from assistant.reading.questions import analyze, expand_shared_suffix
from assistant.reading.units import UnitDirectory
from core.types import Notice
from index.splitting import parse_notices


def _notice(unit: str, period: str, body: str, problems: str, source: str) -> Notice:
    text = (
        f"中共{unit}党组关于巡察整改情况的通报\n"
        f"根据市委统一部署，{period}，{body}对{unit}党组开展了常规巡察。\n"
        "二、整改落实情况\n（一）聚焦党的建设方面\n" + problems + f"中共{unit}党组\n2024年7月1日\n"
    )
    (notice,) = parse_notices(text, source)
    return notice


NOTICES = [
    _notice(
        "青禾市统计局",
        "2023年3月1日至4月30日",
        "市委第一巡察组",
        "1.关于“学习制度执行不严”的问题。一是修订学习制度；二是每月开展集中学习。目前已完成整改。\n"
        "2.关于“财务报销审核不严”的问题。一是建立报销台账；二是开展专项检查。目前正在推进。\n"
        "3.关于“档案管理不规范”的问题。一是补齐档案。该问题尚未完成整改。\n",
        "a.txt",
    ),
    _notice(
        "青禾市民政局",
        "2023年5月10日至6月20日",
        "市委第二巡察组",
        "1.关于“救助资金发放不及时”的问题。一是简化审批流程；二是按月发放。目前已完成整改。\n"
        "2.关于“省委第六巡视组反馈的养老机构消防隐患问题整改不到位”的问题。一是排查隐患。\n",
        "b.txt",
    ),
]
DIRECTORY = UnitDirectory.from_notices(NOTICES)


@pytest.mark.parametrize(
    "question",
    [
        "统计局哪些问题还没有整改完成？",
        "青禾市统计局还有哪几个问题没改完？",
        "统计局尚未完成整改的问题有哪些",
    ],
)
def test_problems_not_done_are_listed_with_their_status(question: str) -> None:
    got = answer_from_problems(analyze(question, DIRECTORY), NOTICES)
    assert got is not None
    assert "财务报销审核不严" in got.text and "档案管理不规范" in got.text
    assert "学习制度执行不严" not in got.text


@pytest.mark.parametrize(
    "question",
    ["统计局正在推进整改的问题有哪些？", "青禾市统计局哪些问题正在整改", "统计局还在整改中的是哪几个问题？"],
)
def test_problems_in_progress_only(question: str) -> None:
    got = answer_from_problems(analyze(question, DIRECTORY), NOTICES)
    assert got is not None and "财务报销审核不严" in got.text and "档案管理" not in got.text


@pytest.mark.parametrize(
    "question",
    [
        "统计局报销审核不严的问题是怎么整改的？",
        "青禾市统计局针对财务报销审核不严格采取了哪些措施？",
        "统计局财务报销这块的问题如何整改的",
    ],
)
def test_how_a_problem_was_rectified_gives_its_measures(question: str) -> None:
    got = answer_from_problems(analyze(question, DIRECTORY), NOTICES)
    assert got is not None
    assert "建立报销台账" in got.text and "开展专项检查" in got.text
    assert "修订学习制度" not in got.text


@pytest.mark.parametrize(
    "question",
    ["统计局的天气怎么样？", "统计局有几个党支部？"],
)
def test_other_questions_are_left_to_retrieval(question: str) -> None:
    assert answer_from_problems(analyze(question, DIRECTORY), NOTICES) is None


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("统计局和民政局哪个先接受巡察？", "青禾市统计局党组更早"),
        ("青禾市统计局与青禾市民政局，谁被巡察得更早？", "青禾市统计局党组更早"),
        ("民政局和统计局哪个巡察时间更长？", "青禾市统计局党组时间更长"),
        ("统计局、民政局的巡察时长谁更短", "时间更长"),
    ],
)
def test_compare_dates_gives_a_verdict_with_the_values(question: str, verdict: str) -> None:
    info = analyze(question, DIRECTORY)
    assert info.kind == "compare"
    got = answer_from_facts(info, NOTICES)
    assert got is not None and verdict in got.computed
    assert "2023年3月1日" in got.text and "2023年5月10日" in got.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("青禾市统计局和民政局两个局哪个先被巡察？", "青禾市统计局和青禾市民政局"),
        ("统计和民政两个局谁先", "统计局和民政局"),
    ],
)
def test_a_suffix_typed_once_names_both_units(question: str, expected: str) -> None:
    directory = UnitDirectory(["中共青禾市统计局党组", "中共青禾市民政局党组", "中共青禾市统计协会党组"])
    spelled = expand_shared_suffix(question, directory)
    assert expected in spelled or len(directory.resolve(spelled).units) == 2


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("统计局是第几轮巡察？", "round"),
        ("统计局属于哪一轮巡察", "round"),
        ("统计局这次是什么类型的巡察？", "kind"),
        ("统计局立行立改了多少个问题？", "immediate_fixes"),
        ("统计局移交了几条问题线索？", "clues"),
        ("统计局处理了多少人？", "people"),
        ("统计局建立了多少项制度", "rules"),
        ("统计局追回了多少资金？", "money"),
        ("统计局一共挽回多少钱", "money"),
    ],
)
def test_outcome_facts_are_asks_of_their_own(question: str, target: str) -> None:
    assert target in analyze(question, DIRECTORY).targets


def test_a_part_the_facts_table_lacks_goes_to_retrieval() -> None:
    partial = answer_from_facts(analyze("统计局是哪个巡察组巡察的？是第几轮？", DIRECTORY), NOTICES)
    assert (
        partial is not None and "市委第一巡察组" in partial.text and partial.open_parts == ("是第几轮巡察",)
    )
    got = answer_from_facts(analyze("统计局是哪个巡察组巡察的？什么时候巡察的？", DIRECTORY), NOTICES)
    assert got is not None and "市委第一巡察组" in got.text and "2023年3月1日" in got.text


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("统计局2021年被巡察时反馈了几个问题？", "不是2021年"),
        ("青禾市统计局2022年的巡察整改通报说了什么？", "不是2022年"),
        ("统计局被市委巡视组巡视的时间是什么时候？", "不是巡视"),
        ("统计局接受巡视时发现了哪些问题", "不是巡视"),
        ("市委第三巡察组对统计局反馈了哪些问题？", "不是市委第三巡察组"),
        ("统计局是被市委第二巡察组巡察的吗", "不是市委第二巡察组"),
        ("民政局是被省委第三巡视组巡视的吗", "不是省委"),
    ],
)
def test_a_premise_the_notice_contradicts_is_named(question: str, named: str) -> None:
    from assistant.answering.premises import contradicted_premise

    note = contradicted_premise(analyze(question, DIRECTORY), NOTICES)
    assert note is not None and named in note


@pytest.mark.parametrize(
    "question",
    [
        "统计局2023年被巡察时反馈了几个问题？",
        "市委第一巡察组对统计局反馈了哪些问题？",
        "统计局的巡察整改怎么样",
        # another inspection the notice reports on is no contradiction of its own group
        "民政局通报里说省委第六巡视组反馈的消防隐患改了吗",
        "省委第六巡视组对民政局反馈的养老机构问题整改到位没有",
    ],
)
def test_a_premise_the_notice_bears_out_passes(question: str) -> None:
    from assistant.answering.premises import contradicted_premise

    assert contradicted_premise(analyze(question, DIRECTORY), NOTICES) is None


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("都有哪些单位是被“市委第一巡察组”巡察的？", "inspection_body"),
        ("市委巡察一组巡察了哪些单位？", "inspection_body"),
        ("帮我列一下被市委第一巡察组巡察的单位", "inspection_body"),
        ("这批通报里，本次由市委第一巡察组巡察的单位有哪些？", "inspection_body"),
        ("哪些单位是2023年被巡察的？", "inspection_period"),
        ("2023年被巡察的有哪几家", "inspection_period"),
    ],
)
def test_lists_by_attribute_in_users_words(question: str, target: str) -> None:
    info = analyze(question, DIRECTORY)
    assert info.kind == "list" and info.targets == (target,)
    got = answer_from_facts(info, NOTICES)
    assert got is not None and "青禾市统计局" in got.text


@pytest.mark.parametrize(
    "question", ["统计局帮扶村里投了多少钱？", "统计局清退加班补贴涉及多少钱", "统计局花了几万元"]
)
def test_money_spent_is_not_money_recovered(question: str) -> None:
    assert "money" not in analyze(question, DIRECTORY).targets


@pytest.mark.parametrize(
    ("question", "sentence", "answers"),
    [
        (
            "统计局党组的专题民主生活会是哪一天开的？",
            "局党组召开了专题民主生活会，严肃开展批评和自我批评。",
            False,
        ),
        ("统计局党组的专题民主生活会是哪一天开的？", "3月18日，局党组召开了专题民主生活会。", True),
        ("统计局几月几日召开的整改推进会", "2023年召开整改推进会2次。", False),
        ("统计局整改动员会是几号开的", "局党组于5月6日召开巡察整改动员会。", True),
    ],
)
def test_a_day_asked_is_answered_only_by_a_sentence_with_a_day(
    question: str, sentence: str, answers: bool
) -> None:
    from assistant.answering.sentences import Sentence, passage_form
    from assistant.reading.asks import read_question

    asks = [a for a in read_question(question).asks if a.kind == "day"]
    assert asks and asks[0].hard
    assert Sentence(sentence, passage_form(sentence), 0, 0).satisfies(asks[0]) is answers
