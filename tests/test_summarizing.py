"""Unit summaries: facts card and problem list against the hand-checked sample facts, citations, both modes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.composing.summarizing import facts_lines, gather, key_measure, merge_facts, passages_block
from assistant.factory import make_assistant, make_embedder
from assistant.service import Assistant
from core import tokens
from core.errors import UnknownUnit
from core.normalize import compact
from core.phrases import CITATION_RE, EXTRACTIVE_NOTE, FALLBACK_NOTICE, UNVERIFIED_MARK
from core.types import FACT_KEYS, Fact, Notice, NoticeFacts, Summary
from index.pipeline import build_index
from tests.conftest import PROJECT_ROOT, Indexed
from tests.fake_llm import FakeChatModel
from tests.notice_factory import notice_text
from tests.sample_index import index_sample


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return index_sample(tmp_path_factory)


EXPECTED = json.loads((PROJECT_ROOT / "tests" / "data" / "sample_expected.json").read_text(encoding="utf-8"))[
    "notices"
]


def _assistant(sample_index: Indexed, chat: FakeChatModel | None = None) -> Assistant:
    return make_assistant(sample_index.settings, chat=chat, store=sample_index.store)


def _by_n(summary: Summary) -> dict[int, str]:
    return {c.n: compact(c.text) for c in summary.citations}


@pytest.mark.parametrize("expected", EXPECTED, ids=[f"{e['source']}#{e['ordinal']}" for e in EXPECTED])
def test_sample_summary_matches_the_expected_facts(sample_index: Indexed, expected: dict[str, Any]) -> None:
    summary = _assistant(sample_index).summarize(expected["unit"])
    f = summary.facts
    assert summary.unit == expected["unit"]
    assert len(summary.notice_ids) == 1
    assert f.inspection_body is not None and f.inspection_body.value == expected["inspection_body"]
    assert f.feedback_date is not None and f.feedback_date.value == expected["feedback_date"]["value"]
    assert f.signed is not None and f.signed.value == expected["signed"]["value"]
    assert f.problems is not None and f.problems.number == expected["problems"]["number"]
    assert f.problems.detail.get("aspects") == expected["problems"].get("aspects")
    assert f.measures is not None and f.measures.number == expected["measures"]["number"]
    assert {k: v.number for k, v in f.status.items()} == {
        k: v["number"] for k, v in expected["status"].items()
    }
    assert {k: f.contact[k].value for k in ("phone", "email")} == {
        k: expected["contact"][k] for k in ("phone", "email")
    }
    got = [(compact(p.heading), p.status, len(p.measures)) for p in summary.problems]
    want = [(compact(p["heading"]), p["status"], p["measures"]) for p in expected["problem_list"]]
    assert got == want


@pytest.mark.parametrize("expected", EXPECTED, ids=[f"{e['source']}#{e['ordinal']}" for e in EXPECTED])
def test_sample_summary_cites_every_line(sample_index: Indexed, expected: dict[str, Any]) -> None:
    summary = _assistant(sample_index).summarize(expected["unit"])
    assert summary.mode == "extractive" and summary.text.startswith(EXTRACTIVE_NOTE)
    sources = _by_n(summary)
    assert len(sources) == len(summary.citations)
    for p in summary.problems:
        assert p.citations and all(compact(p.heading) in sources[n] for n in p.citations)
    for quote in (
        expected["problems"]["quote"],
        expected["measures"]["quote"],
        expected["inspection_period"]["quote"],
    ):
        m = re.search(re.escape(quote) + r"\[(\d+)\]", summary.text)
        assert m, (quote, summary.text)
        assert compact(quote) in sources[int(m.group(1))]
    for line in summary.text.splitlines()[1:]:
        if not re.match(r"^[一二三四五]、", line) and line != "通报未载明。" and "未逐项写明" not in line:
            assert CITATION_RE.search(line), line
    assert set(summary.to_json()) >= {"unit", "notices", "facts", "problems", "summary", "citations", "mode"}
    assert set(summary.to_json()["facts"]) == set(FACT_KEYS)


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("市财政局", id="short"),
        pytest.param("岚江财政局", id="no-level"),
        pytest.param("雲嶺縣教育局", id="traditional"),
    ],
)
def test_unit_in_any_usual_form(sample_index: Indexed, name: str) -> None:
    summary = _assistant(sample_index).summarize(name)
    assert compact(name)[-3:] in compact(summary.unit) or "教育局" in summary.unit


def test_unknown_unit_lists_close_names(sample_index: Indexed) -> None:
    with pytest.raises(UnknownUnit) as caught:
        _assistant(sample_index).summarize("岚江市财政厅")
    assert "中共岚江市财政局党组" in caught.value.suggestions


def test_summarize_all_covers_every_sample_notice(sample_index: Indexed) -> None:
    assistant = _assistant(sample_index)
    summaries = assistant.summarize_all()
    ids = [i for s in summaries for i in s.notice_ids]
    assert sorted(ids) == sorted(n.id for n in assistant.notices())
    assert len({s.unit for s in summaries}) == len(summaries)


def test_several_notices_of_one_unit_are_merged(settings: Any, tmp_path: Path) -> None:
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "a.txt").write_text(
        notice_text("青禾市统计局", "市统计局", body="市委第四巡察组"), encoding="utf-8"
    )
    second = notice_text("青禾市统计局", "市统计局", body="市委第二巡察组", problems=2).replace(
        "2023年", "2024年"
    )
    (folder / "b.txt").write_text(second, encoding="utf-8")
    embedder = make_embedder(settings)
    assistant = make_assistant(settings, embedder=embedder)
    build_index([folder], settings, embedder, assistant.store, progress=False)
    summary = assistant.summarize("市统计局")
    assert len(summary.notice_ids) == 2
    body = summary.facts.inspection_body
    assert body is not None and body.value == "市委第四巡察组"
    assert [a.value for a in body.also] == ["市委第二巡察组"]
    assert any("合并" in w for w in summary.warnings)
    assert len(summary.problems) == 5
    assert summary.text.count("【通报") == 2


def test_merge_facts_keeps_the_first_and_fills_gaps() -> None:
    a = Notice(
        "a", "甲局", "", "s", "", "", facts=NoticeFacts(signed=Fact("2023年1月1日", "2023年1月1日", 0, 9))
    )
    b = Notice(
        "b", "甲局", "", "s", "", "",
        facts=NoticeFacts(signed=Fact("2024年1月1日", "2024年1月1日", 0, 9), measures=Fact("5条", "措施5条", 0, 4, 5)),
    )  # fmt: skip
    merged = merge_facts([a, b])
    assert merged.signed is not None and merged.signed.value == "2023年1月1日"
    assert [x.value for x in merged.signed.also] == ["2024年1月1日"]
    assert merged.measures is not None and merged.measures.number == 5


@pytest.mark.parametrize(
    ("measure", "expected"),
    [
        pytest.param("一是建立台账。二是……", "建立台账", id="first-sentence"),
        pytest.param("(1)制定办法,明确责任。", "制定办法,明确责任", id="paren-ordinal"),
        pytest.param("③开展检查", "开展检查", id="circled"),
    ],
)
def test_key_measure(measure: str, expected: str) -> None:
    assert key_measure(measure) == expected


# -- LLM mode -----------------------------------------------------------------------------------


def test_llm_summary_prompt_and_check(sample_index: Indexed) -> None:
    assistant = _assistant(sample_index)
    notices = assistant.unit_notices("市财政局")
    material = gather(notices[0].unit, notices)
    body_n = material.fact_refs["inspection_body"]
    fake = FakeChatModel(
        [f"一、巡察主体与时间\n市委第三巡察组开展巡察[{body_n}]，共反馈问题99个[{body_n}]。[42]"]
    )
    summary = _assistant(sample_index, fake).summarize("市财政局")
    assert "固定提纲" in fake.last.system
    assert f"巡察（巡视）组：市委第三巡察组[{body_n}]" in fake.last.user
    assert f"[{body_n}]\n" in fake.last.user
    assert summary.mode == "llm"
    assert "[42]" not in summary.text
    assert f"99{UNVERIFIED_MARK}" in summary.text
    assert any("42" in w for w in summary.warnings) and any(UNVERIFIED_MARK in w for w in summary.warnings)
    assert len(summary.problems) == 9
    assert {c.n for c in summary.citations} >= {body_n}


def test_llm_summary_falls_back(sample_index: Indexed) -> None:
    fake = FakeChatModel().fail("接口返回错误")
    summary = _assistant(sample_index, fake).summarize("市财政局")
    assert summary.mode == "extractive"
    assert FALLBACK_NOTICE.format(reason="接口返回错误") in summary.warnings


def test_facts_lines_say_what_is_unstated() -> None:
    notice = Notice("n", "甲局", "t", "s", "text", "text")
    lines = facts_lines(gather("甲局", [notice]))
    assert "反馈时间：通报未载明" in lines


# -- the shared corpus --------------------------------------------------------------------------


def test_summarize_all_covers_the_corpus(corpus_index: Indexed) -> None:
    assistant = make_assistant(corpus_index.settings, store=corpus_index.store)
    notices = assistant.notices()
    summaries = assistant.summarize_all()
    ids = [i for s in summaries for i in s.notice_ids]
    assert len(notices) == 40
    assert sorted(ids) == sorted(n.id for n in notices)
    for s in summaries:
        numbers = {c.n for c in s.citations}
        assert s.text.startswith(EXTRACTIVE_NOTE)
        assert all(set(p.citations) <= numbers for p in s.problems)
        assert {int(n) for n in CITATION_RE.findall(s.text)} <= numbers


def test_long_notices_reach_the_model_as_problem_digests(sample_index: Indexed) -> None:
    assistant = _assistant(sample_index)
    notices = assistant.unit_notices("市财政局")
    material = gather(notices[0].unit, notices)
    whole = passages_block(material, 100_000)
    tight = passages_block(material, 1700)
    assert tokens.count(tight) < tokens.count(whole)
    assert tokens.count(tight) <= 1700
    for p in material.problems:
        assert f"[{p.citations[0]}]\n{p.heading.strip()}" in tight
        assert "整改进度：" + (p.status or "") in tight
