"""Whose figure a count is: the notice's own inspection's, another's, a part's; sums of listed parts.

Every case is a fictional notice: an opening naming its own inspection, then one sentence.
"""

from __future__ import annotations

import pytest

from core.types import NoticeFacts
from index.facts import extract_facts, status_note
from index.outcomes import outcome_facts
from index.sources import Own, in_quote, is_part, other_inspection, taken_over

CHA = "根据市委统一部署，2022年3月1日至4月30日，市委第二巡察组对澄川市档案馆党组进行了巡察，并于2022年6月8日反馈了巡察意见。\n"
"""A 巡察 notice of 市委第二巡察组."""
XUN = "根据省委统一部署，2022年3月1日至4月30日，省委第六巡视组对青禾区委进行了巡视，并于2022年6月8日反馈了巡视意见。\n"
"""A 巡视 notice of 省委第六巡视组."""


def facts(text: str) -> NoticeFacts:
    return extract_facts(text, "", "中共澄川市档案馆党组")


def number(text: str, key: str) -> int | None:
    fact = getattr(facts(text), key)
    return fact.number if fact else None


@pytest.mark.parametrize(
    ("opening", "sentence", "key"),
    [
        pytest.param(
            CHA,
            "二是对市委第九巡察组反馈市图书馆的4个方面12个问题逐项整改。",
            "problems",
            id="other-group-number",
        ),
        pytest.param(
            CHA, "对中央第三巡视组反馈全省的3个方面8个问题认真对照检查。", "problems", id="central-inspection"
        ),
        pytest.param(
            CHA,
            "截至目前，省委巡视反馈的30个意见，已完成整改26个，基本完成整改4个。",
            "status",
            id="higher-level-status",
        ),
        pytest.param(
            XUN,
            "区委巡察反馈各乡镇的问题共52个，已完成整改50个，正在整改2个。",
            "status",
            id="lower-level-status",
        ),
        pytest.param(
            CHA,
            "市委巡察工作督导组反馈的2个方面6个问题已制定整改措施14条。",
            "measures",
            id="supervision-group",
        ),
    ],
)
def test_counts_of_another_inspection_are_not_the_notices(opening: str, sentence: str, key: str) -> None:
    value = getattr(facts(opening + sentence), key)
    assert not value


@pytest.mark.parametrize(
    ("sentence", "key", "expected"),
    [
        pytest.param("针对巡察反馈的5个方面21个问题，制定整改措施63条。", "problems", 21, id="own-problems"),
        pytest.param(
            "对照市委第二巡察组反馈的21个问题，逐项制定整改措施。", "problems", 21, id="own-group-named"
        ),
        pytest.param("围绕巡视巡察整改工作，共制定整改措施40条。", "measures", 40, id="both-levels-named"),
    ],
)
def test_counts_of_the_own_inspection_stay(sentence: str, key: str, expected: int) -> None:
    assert number(CHA + sentence, key) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("三是对认领的2个方面5个问题，逐项制定举措。", None, id="taken-over"),
        pytest.param("对认领了的6个问题重新对照检查。", None, id="taken-over-le"),
        pytest.param(
            "针对巡察反馈的4个方面15个问题，班子成员逐条讨论、主动认领。", 15, id="claimed-after-is-own"
        ),
    ],
)
def test_problems_taken_over_from_another_inspection(sentence: str, expected: int | None) -> None:
    assert number(CHA + sentence, "problems") == expected


@pytest.mark.parametrize(
    ("sentence", "key", "expected", "also"),
    [
        pytest.param(
            "巡察反馈的4个方面26个问题（其中自查发现1个方面2个问题）已全部整改。",
            "problems",
            26,
            [],
            id="bracketed-part",
        ),
        pytest.param(
            "针对巡察反馈问题制定整改措施58项。\n一、整改情况\n对会风不严等问题进行检讨反思，制定整改措施6条。",
            "measures",
            58,
            [],
            id="measures-of-named-problems",
        ),
        pytest.param(
            "针对巡察反馈问题制定整改措施58项。\n一、整改情况\n针对该问题，制定整改措施3条。",
            "measures",
            58,
            [],
            id="measures-of-this-problem",
        ),
        pytest.param(
            "针对巡察反馈问题制定整改措施58项。\n二、巡察整改工作再部署，补充制定整改措施12条。",
            "measures",
            58,
            [12],
            id="another-statement-stays",
        ),
    ],
)
def test_counts_of_a_part_are_not_the_total(sentence: str, key: str, expected: int, also: list[int]) -> None:
    fact = getattr(facts(CHA + sentence), key)
    assert fact is not None and fact.number == expected
    assert [a.number for a in fact.also] == also


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param(
            "截至目前，已完成整改12个具体问题，其中5个具体问题需要长期坚持。",
            {"已完成": 12},
            id="part-of-done",
        ),
        pytest.param(
            "截至目前，巡察反馈问题已完成整改9个，其中3个需长期整改。", {"已完成": 9}, id="part-long-term"
        ),
        pytest.param(
            "截至目前，巡察反馈问题共10个，其中已完成整改8个，正在整改2个。",
            {"已完成": 8, "正在推进": 2},
            id="breakdown-of-total",
        ),
        pytest.param(
            "截至目前，巡察反馈的3个方面9个问题，已完成整改7个，正在整改2个。\n1.关于学习不深的问题：采取了3项措施，其中，已完成2项。",
            {"已完成": 7, "正在推进": 2},
            id="measures-of-one-problem",
        ),
    ],
)
def test_status_counts_after_qizhong(sentence: str, expected: dict[str, int]) -> None:
    status = facts(CHA + sentence).status
    assert {k: v.number for k, v in status.items()} == expected
    assert all(not v.also for v in status.values())


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param(
            "目前，反馈的3个方面9个问题30项整改任务中，18项立知立改任务已完成整改，其余12项长期整改任务也都取得明显阶段性成果。",
            {},
            id="tasks-done-and-results",
        ),
        pytest.param(
            "截至目前，巡察反馈问题的20项整改任务中，15项整改任务已完成整改，5项整改任务正在推进。",
            {},
            id="tasks-done-and-ongoing",
        ),
        pytest.param(
            "截至目前，巡察反馈问题已完成整改9个，正在整改1个。目前已完成11条热线的归并工作。",
            {"已完成": 9, "正在推进": 1},
            id="count-of-another-thing",
        ),
        pytest.param(
            "截至目前，巡察反馈问题中，6个具体问题已完成整改，2个具体问题均取得初步成效。",
            {"已完成": 6, "初步成效": 2},
            id="problems-with-qualifier",
        ),
    ],
)
def test_status_counts_of_tasks_or_things_are_not_problem_counts(
    sentence: str, expected: dict[str, int]
) -> None:
    status = facts(CHA + sentence).status
    assert {k: v.number for k, v in status.items()} == expected
    assert all(not v.also for v in status.values())


@pytest.mark.parametrize(
    ("sentence", "key", "value", "parts"),
    [
        pytest.param(
            "已新建制度6项，修订完善制度4项，拟新建制度2项。",
            "rules",
            "10",
            "6+4",
            id="rules-new-and-revised",
        ),
        pytest.param("新制定制度5个，修改完善制度3个。", "rules", "8", "5+3", id="rules-made-and-revised"),
        pytest.param(
            "给予党纪处分2人，批评教育3人，谈话提醒5人。", "people", "10", "2+3+5", id="people-listed"
        ),
        pytest.param(
            "追责问责共计9人：给予警告处分1人，诫勉谈话3人，提醒谈话5人。",
            "people",
            "9",
            None,
            id="people-total-colon",
        ),
        pytest.param(
            "巡察整改期间，对12人进行处理，涉及科级干部4人，诫勉谈话2人。",
            "people",
            "12",
            None,
            id="people-total-involving",
        ),
        pytest.param(
            "建立了《甲局会议制度》、《甲局财务管理办法》2项，完善了《甲局考勤制度》1项。",
            "rules",
            "3",
            "2+1",
            id="rules-by-titles",
        ),
    ],
)
def test_listed_parts_are_summed_and_totals_kept(
    sentence: str, key: str, value: str, parts: str | None
) -> None:
    text = CHA + sentence
    fact = outcome_facts(text, text, "", Own("市委第二巡察组", "巡察"))[key]
    assert fact is not None and fact.value == value
    assert fact.detail.get("parts") == parts
    assert text[fact.start : fact.end] == fact.quote


@pytest.mark.parametrize(
    ("sentences", "key", "value"),
    [
        pytest.param(
            "2021年，驻局纪检监察组党纪处分7人。巡察集中整改期间，对15人进行处理。",
            "people",
            "15",
            id="own-work-people",
        ),
        pytest.param(
            "年初以来，完善规章制度40个。巡察整改以来，制定修订制度12项。", "rules", "12", id="own-work-rules"
        ),
        pytest.param(
            "对照检查，完善制度3项。全年共完善制度20项。", "rules", "20", id="total-without-own-work"
        ),
    ],
)
def test_the_own_rectification_figure_wins(sentences: str, key: str, value: str) -> None:
    text = CHA + sentences
    fact = outcome_facts(text, text)[key]
    assert fact is not None and fact.value == value


@pytest.mark.parametrize(
    ("sentence", "key", "value"),
    [
        pytest.param(
            "制定修订《甲局议事规则》及其配套规程、《甲局采购管理办法》等9项制度。",
            "rules",
            "9",
            id="rules-after-titles",
        ),
        pytest.param(
            "出台和完善了《甲局学习制度》《甲局值班办法》等三项制度。",
            "rules",
            "3",
            id="rules-titles-chinese-numeral",
        ),
        pytest.param("以此次整改为契机，制订了6份工作制度。", "rules", "6", id="rules-zhiding-variant"),
        pytest.param(
            "出台了《党史学习活动方案》《实践活动计划》等7个。", "rules", None, id="plans-are-not-rules"
        ),
        pytest.param("修订第十五条，规定实行回避制度。", "rules", None, id="article-number-is-not-a-count"),
        pytest.param("亲自督办市委巡察移交线索3起。", "clues", "3", id="clues-qi"),
        pytest.param("针对流转公安机关的46条线索，均已发函。", "clues", None, id="clues-of-other-work"),
        pytest.param(
            "省委巡视移交的9个立知立改问题，已全部整改。", "immediate_fixes", None, id="immediate-other-level"
        ),
        pytest.param("巡察移交的9个立知立改问题，已全部整改。", "immediate_fixes", "9", id="immediate-lizhi"),
        pytest.param(
            "针对巡察移交的问题线索和信访件，给予通报批评2人。", "people", "2", id="visits-handed-over"
        ),
        pytest.param("共退出违规钱款12.5万元。", "money", "12.5万元", id="money-tuichu"),
    ],
)
def test_outcome_phrasings(sentence: str, key: str, value: str | None) -> None:
    text = CHA + sentence
    fact = outcome_facts(text, text, "", Own("市委第二巡察组", "巡察"))[key]
    assert (fact.value if fact else None) == value


@pytest.mark.parametrize(
    "sentence",
    [
        "坚持“处理一人，教育一片”，强化警示教育。",
        "坚持“解决一个问题，健全完善一项制度机制”的原则。",
        "开展节前廉政谈话提醒8人次。",
        "2021年在日常监督检查中发现问题线索2条，立案并处分1人。",
        "结合扫黑除恶专项斗争，移送线索5条。",
    ],
)
def test_slogans_and_other_work_are_not_outcomes(sentence: str) -> None:
    text = CHA + sentence
    got = outcome_facts(text, text, "", Own("市委第二巡察组", "巡察"))
    assert all(f is None for k, f in got.items() if k != "kind")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            XUN + "一、提高政治站位\n本次省委巡视“回头看”，是对全区的全面体检。",
            "巡视回头看",
            id="this-huitoukan",
        ),
        pytest.param(CHA + "一、提高认识\n此次市委专项巡察，聚焦选人用人。", "专项", id="this-special"),
        pytest.param(
            CHA + "一、提高认识\n对照2019年巡察“回头看”发现的问题一并整改。", None, id="not-this-one"
        ),
    ],
)
def test_kind_named_as_this_inspection_after_the_first_heading(text: str, expected: str | None) -> None:
    fact = outcome_facts(text, text)["kind"]
    assert (fact.value if fact else None) == expected
    if fact:
        assert text[fact.start : fact.end] == fact.quote


@pytest.mark.parametrize(
    ("sentences", "note"),
    [
        pytest.param(
            "将反馈的四大类8个问题，细化分解为16个具体问题表现。截至目前，巡察反馈的16个具体问题表现，已完成整改12个，正在整改4个。",
            False,
            id="adds-up-to-refined-total",
        ),
        pytest.param("巡察反馈的3个方面8个问题，已完成整改8个。", False, id="adds-up"),
        pytest.param("巡察反馈的3个方面8个问题，已完成整改5个，正在整改4个。", True, id="does-not-add-up"),
    ],
)
def test_status_note_against_every_stated_total(sentences: str, note: bool) -> None:
    assert (status_note(facts(CHA + sentences)) is not None) == note


@pytest.mark.parametrize(
    ("sentence", "pos", "expected"),
    [
        ("对认领的3个问题逐项整改", 6, True),
        ("对反馈的3个问题逐项认领", 6, False),
        ("二是对认领了的7个问题", 8, True),
    ],
)
def test_taken_over(sentence: str, pos: int, expected: bool) -> None:
    assert taken_over(sentence, 0, pos) == expected


@pytest.mark.parametrize(
    ("sentence", "word", "part", "quoted"),
    [
        ("反馈问题9个（其中自查2个）", "2个", True, False),
        ("反馈问题9个，其中2个需长期坚持", "2个", True, False),
        ("坚持“处理一人”，处理3人", "一人", False, True),
        ("反馈问题9个，已整改7个", "7个", False, False),
    ],
)
def test_part_and_quote(sentence: str, word: str, part: bool, quoted: bool) -> None:
    at = sentence.index(word)
    assert is_part(sentence, 0, at) == part
    assert in_quote(sentence, at) == quoted


@pytest.mark.parametrize(
    ("sentence", "own", "expected"),
    [
        ("市委第十巡察组反馈12个问题", Own("市委第二巡察组", "巡察"), True),
        ("市委巡察二组反馈12个问题", Own("市委巡察二组", "巡察"), False),
        ("市委巡察三组反馈9个问题", Own("市委巡察一组、二组、三组", "巡察"), False),
        ("市委巡察四组反馈9个问题", Own("市委巡察一组、二组、三组", "巡察"), True),
        ("全国人大执法检查组和中央环保督察反馈问题6个", Own("省委第六巡视组", "巡视"), True),
        ("延伸巡察村（社区）发现问题30个", Own("县委第一巡察组", "巡察"), True),
        ("围绕巡视整改工作，出台制度15项", Own("市委交叉巡察组", "巡察"), False),
    ],
)
def test_other_inspection(sentence: str, own: Own, expected: bool) -> None:
    assert other_inspection(sentence, own) == expected
