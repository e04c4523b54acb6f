"""Claim check: numbers, dates and unit names of an answer against the passages it cites."""

from __future__ import annotations

import pytest

from assistant.grounding.claims import check_answer, find_claims, sentences, supported
from assistant.reading.units import UnitDirectory
from core.numerals import cn_to_int, counted, has_number, to_digits
from core.phrases import UNVERIFIED_MARK
from core.types import Citation

FOREST = "中共某某县林业局党组"
WATER = "中共某某县水务局党组"


def _cite(n: int, text: str, unit: str = FOREST) -> Citation:
    return Citation(n, f"n{n}", unit, "关于巡察整改情况的通报", f"{n}.txt", text)


PASSAGE = (
    "2022年3月5日至5月6日，县委第二巡察组对县林业局党组进行了巡察。"
    "反馈六个方面十七个问题，制定整改措施125条。截至目前，已完成整改15个，正在推进2个。"
    "监督电话：0871-6123456。二〇二二年九月三十日"
)


@pytest.mark.parametrize(
    ("answer", "ok"),
    [
        pytest.param("反馈17个问题[1]。", True, id="digits-vs-chinese"),
        pytest.param("反馈十七个问题[1]。", True, id="chinese-same"),
        pytest.param("反馈6个方面[1]。", True, id="aspects"),
        pytest.param("制定整改措施一百二十五条[1]。", True, id="chinese-hundreds"),
        pytest.param("制定整改措施12条[1]。", False, id="prefix-of-number"),
        pytest.param("制定整改措施126条[1]。", False, id="wrong-number"),
        pytest.param("已完成整改15个，正在推进2个[1]。", True, id="two-numbers"),
        pytest.param("已完成整改16个[1]。", False, id="off-by-one"),
        pytest.param("2022年3月5日开始巡察[1]。", True, id="full-date"),
        pytest.param("3月5日开始巡察[1]。", True, id="month-day"),
        pytest.param("3月6日开始巡察[1]。", False, id="wrong-day"),
        pytest.param("2023年3月5日开始巡察[1]。", False, id="wrong-year"),
        pytest.param("通报于2022年9月30日印发[1]。", True, id="chinese-date-in-passage"),
        pytest.param("5月巡察结束[1]。", True, id="month-only"),
        pytest.param("电话0871-6123456[1]。", True, id="phone"),
        pytest.param("电话0871-6123457[1]。", False, id="wrong-phone"),
        pytest.param("增长了45%[1]。", False, id="percent"),
        pytest.param("县委巡察组进行了巡察[1]。", True, id="no-claims"),
        pytest.param("由县委第二巡察组巡察[1]。", True, id="ordinal-words"),
    ],
)
def test_numbers_and_dates(answer: str, ok: bool) -> None:
    result = check_answer(answer, [_cite(1, PASSAGE)], action="flag")
    assert (not result.failed) is ok
    assert (UNVERIFIED_MARK in result.text) is (not ok)
    assert bool(result.warnings) is (not ok)


DIRECTORY = UnitDirectory([FOREST, WATER])


@pytest.mark.parametrize(
    ("answer", "citations", "ok"),
    [
        pytest.param("某某县林业局反馈17个问题[1]。", [_cite(1, PASSAGE)], True, id="unit-of-passage"),
        pytest.param("县林业局反馈17个问题[1]。", [_cite(1, PASSAGE)], True, id="surface-in-passage"),
        pytest.param("某某县水务局反馈17个问题[1]。", [_cite(1, PASSAGE)], False, id="other-unit"),
        pytest.param(
            "某某县水务局反馈17个问题[2]。",
            [_cite(1, PASSAGE), _cite(2, "反馈17个问题。", WATER)],
            True,
            id="other-unit-cited",
        ),
    ],
)
def test_unit_names(answer: str, citations: list[Citation], ok: bool) -> None:
    result = check_answer(answer, citations, action="flag", directory=DIRECTORY)
    assert (not result.failed) is ok, result.failed


def test_sentence_checked_against_its_own_citation() -> None:
    citations = [_cite(1, "制定整改措施125条。"), _cite(2, "反馈问题17个。")]
    bad = check_answer("制定整改措施125条[2]。", citations, action="flag")
    good = check_answer("制定整改措施125条[1]。反馈问题17个[2]。", citations, action="flag")
    assert [c.surface for c in bad.failed] == ["125"]
    assert not good.failed


def test_uncited_sentence_checked_against_all_citations() -> None:
    citations = [_cite(1, "制定整改措施125条。"), _cite(2, "反馈问题17个。")]
    assert not check_answer("共反馈问题17个，措施125条。", citations, action="flag").failed


def test_flag_marks_each_failing_claim_in_place() -> None:
    result = check_answer(
        "反馈17个问题，制定措施130条，于2022年4月1日完成[1]。", [_cite(1, PASSAGE)], action="flag"
    )
    assert (
        result.text
        == f"反馈17个问题，制定措施130{UNVERIFIED_MARK}条，于2022年4月1日{UNVERIFIED_MARK}完成[1]。"
    )
    assert "130" in result.warnings[0] and "2022年4月1日" in result.warnings[0]


def test_remove_drops_failing_sentences_only() -> None:
    result = check_answer(
        "反馈17个问题[1]。制定措施130条[1]。监督电话0871-6123456[1]。", [_cite(1, PASSAGE)], action="remove"
    )
    assert result.text == "反馈17个问题[1]。监督电话0871-6123456[1]。"
    assert result.removed == ("制定措施130条[1]。",)
    assert result.warnings


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("2021年3月5日召开会议[2]。", [("date", "2021年3月5日")], id="date-marker-ignored"),
        pytest.param("整改问题十七个。", [("number", "十七")], id="chinese-count"),
        pytest.param("一是加强领导。", [], id="enumeration-not-a-claim"),
        pytest.param("2019年5月13日至7月12日", [("date", "2019年5月13日"), ("date", "7月12日")], id="range"),
        pytest.param("投资960亿元，增长66.5%", [("number", "960"), ("number", "66.5")], id="decimal"),
        pytest.param("共计５个", [("number", "５")], id="fullwidth-digit"),
        pytest.param("1. 制定措施125条", [("number", "125")], id="list-number"),
        pytest.param("（3）清退13名", [("number", "13")], id="bracketed-list-number"),
        pytest.param("二、整改17个", [("number", "17")], id="chinese-list-number"),
        pytest.param("1.5万元", [("number", "1.5")], id="decimal-is-not-a-list-number"),
    ],
)
def test_find_claims(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(c.kind, c.surface) for c in find_claims(sentence)] == expected


def test_supported_needs_all_needles_in_one_passage() -> None:
    (claim,) = find_claims("2022年3月5日")
    assert not supported(claim, [_cite(1, "2022年工作总结"), _cite(2, "3月5日召开会议")])
    assert supported(claim, [_cite(1, "2022年3月5日召开会议")])


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        pytest.param("甲[1]。乙；丙！", ["甲[1]。", "乙；", "丙！"], id="marks"),
        pytest.param("甲。[1][2]乙", ["甲。[1][2]", "乙"], id="markers-after-stop"),
        pytest.param("一行\n二行", ["一行\n", "二行"], id="lines"),
    ],
)
def test_sentences(text: str, parts: list[str]) -> None:
    assert sentences(text) == parts


@pytest.mark.parametrize(
    ("text", "value"),
    [
        pytest.param("十七", 17, id="teens"),
        pytest.param("二十", 20, id="tens"),
        pytest.param("一百零五", 105, id="hundreds-with-zero"),
        pytest.param("三千二百", 3200, id="thousands"),
        pytest.param("十二万", 120000, id="wan"),
        pytest.param("二〇二一", 2021, id="digit-string"),
        pytest.param("甲", None, id="not-a-numeral"),
    ],
)
def test_cn_to_int(text: str, value: int | None) -> None:
    assert cn_to_int(text) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("十七个问题", "17个问题", id="count"),
        pytest.param("二〇二一年三月", "2021年3月", id="date"),
        pytest.param("第三巡察组", "第3巡察组", id="ordinal"),
        pytest.param("一是加强", "一是加强", id="enumeration"),
        pytest.param("十分重要", "十分重要", id="idiom"),
    ],
)
def test_to_digits(text: str, expected: str) -> None:
    assert to_digits(text) == expected


def test_has_number_and_counted() -> None:
    assert has_number("共24个", "24") and not has_number("共245个", "24") and not has_number("1.24", "24")
    assert counted("隐患24个，整改二十四个，3人") == ["24个", "二十四个", "3人"]
