"""The heading outline: every numbering style, levels by first appearance, inline enumerators."""

from __future__ import annotations

import pytest

from core.numerals import number_value as cn_number
from index.headings import parse_outline


@pytest.mark.parametrize(
    ("line", "kind", "marker", "ordinal", "title"),
    [
        pytest.param("一、整改工作组织情况", "cn", "一、", 1, "整改工作组织情况", id="cn"),
        pytest.param("十二、其他事项", "cn", "十二、", 12, "其他事项", id="cn-twelve"),
        pytest.param(
            "（一）提高政治站位，加强组织领导。巡察反馈会后，立即召开会议。",
            "cn_paren",
            "（一）",
            1,
            "提高政治站位，加强组织领导",
            id="cn-paren-fullwidth-first-sentence",
        ),
        pytest.param("(二)树立问题导向", "cn_paren", "(二)", 2, "树立问题导向", id="cn-paren-halfwidth"),
        pytest.param(
            "1.关于“学习不深入”问题的整改。",
            "num",
            "1.",
            1,
            "关于“学习不深入”问题的整改",
            id="num-dot",
        ),
        pytest.param("2、关于干部管理的问题", "num", "2、", 2, "关于干部管理的问题", id="num-comma"),
        pytest.param("3．财务制度执行不严", "num", "3．", 3, "财务制度执行不严", id="num-fullwidth-dot"),
        pytest.param(
            "（1）整改任务：学习贯彻不到位。",
            "num_paren",
            "（1）",
            1,
            "学习贯彻不到位",
            id="num-paren-label-skipped",
        ),
        pytest.param(
            "(12)公车管理不规范", "num_paren", "(12)", 12, "公车管理不规范", id="num-paren-halfwidth"
        ),
        pytest.param("①药械采购管理不规范。", "circled", "①", 1, "药械采购管理不规范", id="circled"),
        pytest.param("第一，加强组织领导。", "di", "第一，", 1, "加强组织领导", id="di"),
        pytest.param(
            "2.针对“学习讲话。不深入”问题。",
            "num",
            "2.",
            2,
            "针对“学习讲话。不深入”问题",
            id="sentence-end-inside-quotes-kept",
        ),
        pytest.param(
            "（三）強化督查問效。", "cn_paren", "（三）", 3, "強化督查問效", id="traditional-title-as-written"
        ),
    ],
)
def test_heading_styles(line: str, kind: str, marker: str, ordinal: int, title: str) -> None:
    (h,) = parse_outline(line).headings
    assert (h.kind, h.marker, h.ordinal, h.title, h.start, h.level) == (kind, marker, ordinal, title, 0, 0)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("2021年3月3日，召开专题会议。", id="year-at-line-start"),
        pytest.param("1.3万人次参加了培训。", id="decimal-number"),
        pytest.param("二是加强监督。三是完善制度。", id="enumerator-run-without-first"),
        pytest.param("统一是基本要求。", id="shi-inside-a-word"),
        pytest.param("会议强调：要抓好落实。", id="plain-sentence"),
    ],
)
def test_not_headings(text: str) -> None:
    assert parse_outline(text).headings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "一、组织\n（一）领导\n1.问题甲\n（1）任务\n①细项\n二、落实",
            [("一、", 0), ("（一）", 1), ("1.", 2), ("（1）", 3), ("①", 4), ("二、", 0)],
            id="usual-nesting",
        ),
        pytest.param(
            "一、整改落实情况\n1.问题甲\n（一）细项\n2.问题乙\n二、下一步",
            [("一、", 0), ("1.", 1), ("（一）", 2), ("2.", 1), ("二、", 0)],
            id="problems-at-num-then-cn-paren-below",
        ),
        pytest.param(
            "二、整改落实情况\n（一）问题甲\n1.措施\n（二）问题乙\n三、下一步",
            [("二、", 0), ("（一）", 1), ("1.", 2), ("（二）", 1), ("三、", 0)],
            id="problems-at-cn-paren",
        ),
        pytest.param(
            "1.问题甲\n（1）任务\n2.问题乙",
            [("1.", 0), ("（1）", 1), ("2.", 0)],
            id="notice-starting-at-num",
        ),
        pytest.param(
            "9、关于甲的问题\n（二）正在推进整改的问题\n1、关于乙的问题\n三、下一步计划",
            [("9、", 2), ("（二）", 1), ("1、", 2), ("三、", 0)],
            id="fragment-entering-mid-sequence",
        ),
    ],
)
def test_levels_by_first_appearance(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(h.marker, h.level) for h in parse_outline(text).headings] == expected


def test_inline_enumerators_are_deepest_and_children_of_their_heading() -> None:
    text = "一、组织\n一是建立机制。\n二、落实\n（一）加强领导。整改措施：一是学习。二是建账；三是督办。\n（二）其他"
    o = parse_outline(text)
    enums = [h for h in o.headings if h.inline]
    assert [h.marker for h in enums] == ["一是", "一是", "二是", "三是"]
    levels = {h.level for h in o.headings if not h.inline}
    assert all(h.level > max(levels) for h in enums)
    paren = next(h for h in o.headings if h.marker == "（一）")
    assert [h.marker for h in o.children(paren)] == ["一是", "二是", "三是"]
    assert o.parent(enums[0]) is not None and o.parent(enums[0]).marker == "一、"  # type: ignore[union-attr]


def test_sections_and_paths() -> None:
    text = "一、组织\n（一）领导\n内容甲。\n（二）责任\n内容乙。一是细化。\n二、落实\n内容丙。"
    o = parse_outline(text)
    by_marker = {h.marker: h for h in o.headings}
    assert text[by_marker["（一）"].start : by_marker["（一）"].end] == "（一）领导\n内容甲。\n"
    assert by_marker["一、"].end == by_marker["二、"].start
    assert by_marker["二、"].end == len(text)
    at = text.index("内容乙")
    assert [h.title for h in o.path(at)] == ["组织", "责任"]
    assert [h.marker for h in o.path(text.index("细化"), inline=True)] == ["一、", "（二）", "一是"]
    assert [h.marker for h in o.ancestors(by_marker["（二）"])] == ["一、"]
    assert [h.marker for h in o.children(None)] == ["一、", "二、"]
    assert [h.marker for h in o.descendants(by_marker["一、"])] == ["（一）", "（二）", "一是"]


def test_offsets_are_display_offsets_in_traditional_text() -> None:
    text = "二、整改落實情況\n（一）關於學習不深入的問題\n整改情況：一是加強學習。"
    o = parse_outline(text)
    for h in o.headings:
        assert text[h.start : h.start + len(h.marker)] == h.marker
    assert o.headings[1].title == "關於學習不深入的問題"


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("7", 7),
        ("①", 1),
        ("⑳", 20),
    ],
    ids=str,
)
def test_cn_number(written: str, value: int) -> None:
    assert cn_number(written) == value
