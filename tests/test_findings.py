"""What the inspection found, by topic, area or the n-th 方面 (fictional notice, parsed without an index).

Classes: a topic paraphrased (开会议事这块 → 议事决策不规范); an area word naming several problems
(财务方面); the n-th group (第二个方面说的是什么); problems under a group named by its words (管党治党
那个大类下面有哪两个问题); finding lines quoted under the heading; items quoted under a problem said
with it; a problem with no finding lines said with its first measures; a matter the records do not
state left to the passages; one measure by its place (第三条措施); the whole's progress in the
notice's words where it states no counts, and not for one matter asked.
"""

from __future__ import annotations

import pytest

from assistant.answering.findings import answer_findings, finding
from assistant.answering.problem_answers import answer_from_problems
from assistant.reading.questions import analyze
from assistant.reading.units import UnitDirectory
from index.splitting import parse_notices

TEXT = (
    "中共青禾市林业局党组关于巡察整改情况的通报\n"
    "根据市委统一部署，2023年3月1日至4月30日，市委第一巡察组对市林业局党组开展了常规巡察。\n"
    "二、整改落实情况\n"
    "（一）关于党组在管党治党责任上不够有力方面\n"
    "1.关于“党风廉政建设责任压得不实”的问题。\n整改情况：一是签订责任书；二是开展警示教育。\n"
    "2.关于“议事决策不规范”的问题。\n"
    "2022年以来8次局务会议代替党组会议研究人事事项，重大事项未经集体研究。\n"
    "整改情况：一是修订议事规则；二是严格执行“三重一大”制度。\n"
    "（二）关于财务管理和资产管理方面\n"
    "3.关于“财经纪律执行不严”的问题。\n"
    "（1）林场补助资金拨付未经党组会研究。（2）财务报销手续不全。（3）差旅费报支不规范。\n"
    "整改情况：一是补办集体研究程序；二是规范报销审核。\n"
    "4.关于“固定资产账实不符”的问题。\n"
    "整改情况：一是清查盘点固定资产，核销报废车辆2辆；二是建立资产台账。\n"
    "（三）关于服务群众方面\n"
    "5.关于“护林员工资发放滞后”的问题。\n"
    "整改情况：一是核查发放记录，补发护林员工资3.2万元；二是建立按月发放制度。\n"
    "中共青禾市林业局党组\n2023年9月1日\n"
)
(NOTICE,) = parse_notices(TEXT, "forest.txt")
NOTICES = [NOTICE]
DIRECTORY = UnitDirectory.from_notices(NOTICES)


def _ask(question: str) -> str:
    got = answer_from_problems(analyze(question, DIRECTORY), NOTICES)
    assert got is not None, question
    return got.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("林业局开会议事这块被巡察组挑出了什么毛病？", "8次局务会议代替党组会议"),
        ("市林业局议事决策方面具体查出的是什么事", "重大事项未经集体研究"),
        ("林业局在议事决策上被指出了啥问题", "8次局务会议代替党组会议"),
    ],
)
def test_a_topic_paraphrased_is_answered_with_the_finding_lines(question: str, said: str) -> None:
    text = _ask(question)
    assert "议事决策不规范" in text and said in text and "修订议事规则" not in text, text


@pytest.mark.parametrize(
    "question",
    [
        "林业局财务方面查出了哪些问题？",
        "市林业局在财经纪律这块存在什么问题",
        "林业局财务上被巡察组指出了哪些毛病",
    ],
)
def test_items_quoted_under_a_problem_are_said_with_it(question: str) -> None:
    text = _ask(question)
    assert all(
        s in text for s in ("财经纪律执行不严", "林场补助资金", "财务报销手续不全", "差旅费报支不规范")
    ), text


@pytest.mark.parametrize(
    ("question", "said", "not_said"),
    [
        (
            "林业局反馈的三个方面里，第二个方面说的是什么？",
            ("财务管理和资产管理", "财经纪律执行不严", "固定资产账实不符"),
            ("护林员",),
        ),
        ("林业局第三个方面具体是什么问题", ("服务群众", "护林员工资发放滞后"), ("财经纪律",)),
        (
            "林业局管党治党那个大类下面具体有哪两个问题？",
            ("党风廉政建设责任压得不实", "议事决策不规范"),
            ("财经纪律",),
        ),
    ],
)
def test_the_problems_of_one_group(question: str, said: tuple[str, ...], not_said: tuple[str, ...]) -> None:
    text = _ask(question)
    assert all(s in text for s in said) and not any(s in text for s in not_said), text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("林业局护林员工资那块具体查出的是什么事？", "补发护林员工资3.2万元"),
        ("林业局固定资产方面被指出了什么问题", "核销报废车辆2辆"),
    ],
)
def test_no_finding_lines_then_the_first_measures_say_what_was_wrong(question: str, said: str) -> None:
    assert said in _ask(question)


@pytest.mark.parametrize(
    "question",
    [
        "林业局白龙山林场那个项目查出了什么问题？",  # a matter the records do not state
        "林业局局长是谁？",  # not a findings question
        "林业局议事决策不规范是怎么整改的？",  # measures, not findings
    ],
)
def test_other_questions_are_not_findings(question: str) -> None:
    assert answer_findings(analyze(question, DIRECTORY), NOTICES) is None


def test_a_status_in_brackets_is_no_finding() -> None:
    (notice,) = parse_notices(
        "中共甲局党组关于巡察整改情况的通报\n二、整改情况\n1.关于“学习不深入”的问题。（已整改到位）\n"
        "整改情况：一是制定学习计划；二是开展专题学习。\n中共甲局党组\n2023年9月1日\n",
        "a.txt",
    )
    assert finding(notice, notice.problems[0])[0] == ""


@pytest.mark.parametrize(
    ("question", "said", "not_said"),
    [
        ("林业局针对固定资产账实不符的第二条措施是啥？", "建立资产台账", "清查盘点"),
        ("林业局固定资产账实不符那条，列的几条措施里最后一条是什么", "建立资产台账", "清查盘点"),
        ("林业局护林员工资发放滞后的第一项整改措施是什么", "补发护林员工资", "按月发放"),
    ],
)
def test_one_measure_by_its_place(question: str, said: str, not_said: str) -> None:
    text = _ask(question)
    assert said in text and not_said not in text and "（共2条）" in text, text


_WORDS_ONLY = (
    "中共青禾市气象局党组关于巡察整改情况的报告\n"
    "区委第二巡察组于2023年3月1日至4月30日对气象局党组进行了常规巡察。5月20日，巡察组反馈了意见。"
    "局党组对反馈的三个方面8项问题高度重视，逐条施策，目前问题已基本整改到位。现将整改情况报告如下：\n"
    "一、整改落实情况\n1.关于“学习制度落实不到位”的问题。\n整改情况：一是制定学习计划，已完成整改。\n"
    "中共青禾市气象局党组\n2023年9月1日\n"
)


@pytest.mark.parametrize(
    "question",
    ["气象局整改进度", "气象局现在整改到什么程度了", "气象局反馈的问题改得怎么样？", "气象局整改进展如何"],
)
def test_the_whole_status_in_words_where_no_counts_are_stated(question: str) -> None:
    from assistant.answering.facts_table import answer_from_facts

    notices = parse_notices(_WORDS_ONLY, "weather.txt")
    got = answer_from_facts(analyze(question, UnitDirectory.from_notices(notices)), notices)
    assert got is not None and "目前问题已基本整改到位" in got.text, got and got.text


@pytest.mark.parametrize("question", ["气象局学习制度那条整改到什么程度了", "气象局学习计划落实得怎么样？"])
def test_one_matter_asked_is_not_answered_with_the_whole_status(question: str) -> None:
    from assistant.answering.facts_table import answer_from_facts

    notices = parse_notices(_WORDS_ONLY, "weather.txt")
    got = answer_from_facts(analyze(question, UnitDirectory.from_notices(notices)), notices)
    assert got is None or "基本整改到位" not in got.text, got.text


@pytest.mark.parametrize(
    ("question", "overview"),
    [
        ("气象局整改进度", True),
        ("气象局整改进展如何", True),
        ("气象局领导小组多久调度一次整改进度？", False),
        ("气象局每周汇报整改进展", False),
    ],
)
def test_a_bare_progress_word_asks_for_the_whole_unless_it_is_an_object(
    question: str, overview: bool
) -> None:
    from assistant.reading.targets import STATUS_OVERVIEW, read_targets
    from core.normalize import compact

    got = read_targets(compact(question))
    assert (got[1] == STATUS_OVERVIEW) is overview, got
