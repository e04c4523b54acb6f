"""Reading drafting requests: the task, the user's facts and the format instructions, kept apart.

The table is ``tests/data/drafting/requests.json`` (43 requests of fictional units: problem
paragraphs, measures lists, results, next steps, notice skeletons, rewrites; with and without a
unit; with format templates, item counts, lengths, required specifics, points and facts), plus a
few phrasings written after the reader, to see it generalize.
"""

from __future__ import annotations

import doctest
from typing import Any

import pytest

from assistant.composing import fields, plan, request, requirements, topics
from assistant.composing.plan import plan as make_plan
from assistant.composing.request import read_request, split_clauses
from benchmarks.drafting_checks import load
from core.normalize import compact

ENTRIES: list[dict[str, Any]] = load()["requests"]


def test_the_set_is_large_and_varied() -> None:
    reads = [e["read"] for e in ENTRIES]
    assert len(ENTRIES) >= 30
    assert {r["form"] for r in reads} == {"situation", "measures", "results", "next", "notice", "rewrite"}
    assert sum(bool(r["unit"]) for r in reads) >= 20 and sum(not r["unit"] for r in reads) >= 10
    assert len({r["field"] for r in reads if r["field"]}) >= 12
    assert sum(bool(r["required"]) for r in reads) >= 5 and sum(bool(r["facts"]) for r in reads) >= 4
    assert len({r["topic"] for r in reads if r["topic"]}) >= 10


def _contains_each(expected: list[str], got: tuple[str, ...]) -> list[str]:
    """The expected strings found in none of ``got`` (either way round, compacted)."""
    return [x for x in expected if not any(compact(x) in compact(g) or compact(g) in compact(x) for g in got)]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_reading(entry: dict[str, Any]) -> None:
    expected = entry["read"]
    p = make_plan(entry["request"], entry.get("unit"), entry.get("kind"))
    reading = read_request(entry["request"])
    got = {
        "kind": p.kind,
        "form": p.form,
        "unit": p.unit,
        "field": p.field,
        "phrase": p.phrase,
        "label": p.label,
        "numbered": p.numbered,
        "count": p.items if p.exact else 0,
        "length": reading.length,
        "required": list(p.required),
    }
    assert got == {k: expected[k] for k in got}
    names = [t.name for t in p.topics]
    assert (expected["topic"] in names) if expected["topic"] else names == []
    assert _contains_each(expected["points"], p.points) == []
    assert _contains_each(expected["facts"], p.facts) == []


@pytest.mark.parametrize(
    ("request_text", "form", "unit", "phrase", "extra"),
    [
        pytest.param(
            "我们是望川县统计局党组，巡察指出“三会一课”不规范，请帮忙起草整改措施，四条左右",
            "measures", "望川县统计局党组", "“三会一课”不规范", {"items": 4}, id="we-are-count-around",
        ),
        pytest.param(
            "请按照“一是、二是、三是”的格式，起草选人用人问题的整改情况",
            "situation", "", "选人用人", {"items": 3}, id="ordinal-format-first",
        ),
        pytest.param(
            "以石桥区审计局党组的名义，起草一份巡视整改进展情况的通报",
            "notice", "石桥区审计局党组", "", {"level": "巡视"}, id="in-the-name-of",
        ),
        pytest.param(
            "写一下财务管理方面的整改情况，要有具体的检查次数，不要超过300字",
            "situation", "", "财务管理", {"required": ("检查次数",), "items": 4}, id="limit-and-required",
        ),
        pytest.param(
            "公务接待不规范的问题，我们已经清退了违规费用1.2万元，请写一段整改情况，单位：鹿鸣县文化和旅游局党组",
            "situation", "鹿鸣县文化和旅游局党组", "公务接待不规范", {"facts": ("清退了违规费用1.2万元",)},
            id="fact-before-task",
        ),
        pytest.param(
            "给梧桐市审计局党组拟一份巡察整改情况通报，字数在1500字左右",
            "notice", "梧桐市审计局党组", "", {}, id="notice-for-unit",
        ),
        pytest.param(
            "把下面的内容改成公文语言：组织大家学习了三次，效果不错",
            "rewrite", "", "", {"text": "组织大家学习了三次，效果不错"}, id="rewrite-plain",
        ),
        pytest.param(
            "帮忙起草下一步打算，三条，围绕巩固整改成果", "next", "", "", {"items": 3, "points": ("巩固整改成果",)},
            id="next-with-focus",
        ),
        pytest.param(
            "麻烦帮我们单位（柳溪区司法局党组）写个意识形态方面整改情况",
            "situation", "柳溪区司法局党组", "意识形态", {"field": "司法"}, id="unit-in-brackets",
        ),
        pytest.param(
            "意识形态工作责任制落实不到位", "situation", "", "意识形态工作责任制落实不到位", {}, id="bare-problem"
        ),
    ],
)  # fmt: skip
def test_reading_other_phrasings(
    request_text: str, form: str, unit: str, phrase: str, extra: dict[str, object]
) -> None:
    p = make_plan(request_text)
    assert (p.form, p.unit, p.phrase) == (form, unit, phrase)
    for key, value in extra.items():
        assert getattr(p, key) == value, key


def test_instructions_are_never_content() -> None:
    p = make_plan(ENTRIES[0]["request"])
    assert p.instructions == ("写成“整改情况：一是……二是……”的格式",)
    assert not any("格式" in g for g in plan.given_texts(p))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("甲，乙。丙；丁", ["甲", "乙", "丙", "丁"], id="breaks"),
        pytest.param(
            "写成“一是……，二是……”的格式，单位是某局",
            ["写成“一是……，二是……”的格式", "单位是某局"],
            id="quotes",
        ),
        pytest.param("按（一、二、三）写，好", ["按（一、二、三）写", "好"], id="brackets"),
    ],
)
def test_split_clauses(text: str, expected: list[str]) -> None:
    assert split_clauses(text) == expected


@pytest.mark.parametrize("module", [request, requirements, topics, fields, plan])
def test_doctests(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0
