"""Structure-aware chunks: problem boundaries, token budget, exact offsets, stable ids.

The notice here is fictional.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from core import tokens
from core.types import Chunk, Notice
from index.chunking import chunk_id, chunk_notice
from index.splitting import parse_notices

MEASURE = "组织党员干部集中学习有关制度规定，逐条对照检视，形成问题清单和整改台账，明确责任人和完成时限"
LONG_SENTENCE = "，".join(["对全局各科室和直属单位开展专项检查"] * 40) + "。"

TEXT = "\n".join(
    [
        "中共澄川市水务局党组关于巡察整改情况的通报",
        "根据市委统一部署，2023年3月6日至5月10日，市委第三巡察组对市水务局党组进行了巡察。2023年6月15日，市委第三巡察组向市水务局党组反馈了巡察意见。",
        "一、整改工作组织情况",
        "（一）加强组织领导。成立整改工作领导小组。",
        "（二）压实整改责任。制定整改措施12条。",
        "二、整改落实情况",
        "（一）关于制度建设方面",
        "1.学习制度落实不到位的问题。",
        "整改措施：" + "。".join(f"{n}是{MEASURE}" for n in "一二三四五六") + "。目前，该问题已完成整改。",
        "2.财务报销审核不严的问题。",
        "整改措施：一是开展自查。二是完善流程。目前，该问题正在推进整改。",
        "（二）关于干部队伍方面",
        "3.干部交流轮岗不够的问题。",
        "整改措施：" + LONG_SENTENCE + "目前已完成整改。",
        "4.年轻干部培养力度不够的问题。",
        "整改措施：一是制定培养计划。二是选派干部锻炼。",
        "三、下一步工作打算",
        "一是巩固成果。二是建立长效机制。",
        "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-5550101。",
        "中共澄川市水务局党组",
        "2023年9月20日",
    ]
)


@pytest.fixture(scope="module")
def notice() -> Notice:
    (n,) = parse_notices(TEXT, "demo.txt")
    assert len(n.problems) == 4
    return n


BUDGETS = [pytest.param(b, id=f"budget-{b}") for b in (24, 60, 120, 320, 2000)]


@pytest.mark.parametrize("budget", BUDGETS)
def test_offsets_exact_and_budget_respected(notice: Notice, budget: int) -> None:
    chunks = chunk_notice(notice, budget)
    assert chunks
    for i, c in enumerate(chunks):
        assert notice.text[c.start : c.end] == c.text
        assert c.text == c.text.strip()
        assert tokens.count(c.text) <= budget
        assert c.ordinal == i
        assert (c.notice_id, c.unit, c.title, c.source) == (
            notice.id,
            notice.unit,
            notice.title,
            notice.source,
        )
    assert all(a.end <= b.start for a, b in pairwise(chunks))


@pytest.mark.parametrize("budget", BUDGETS)
def test_every_word_is_in_some_chunk(notice: Notice, budget: int) -> None:
    covered = [False] * len(notice.text)
    for c in chunk_notice(notice, budget):
        covered[c.start : c.end] = [True] * (c.end - c.start)
    missing = "".join(ch for ch, ok in zip(notice.text, covered, strict=True) if not ok)
    assert missing.strip() == ""


@pytest.mark.parametrize("budget", BUDGETS)
def test_no_chunk_spans_two_problems(notice: Notice, budget: int) -> None:
    for c in chunk_notice(notice, budget):
        inside = [i for i, p in enumerate(notice.problems) if p.start <= c.start and c.end <= p.end]
        overlapping = [i for i, p in enumerate(notice.problems) if c.start < p.end and p.start < c.end]
        assert overlapping == inside, c.text[:30]
        assert c.problem == (inside[0] if inside else None)


def test_problem_chunks_carry_the_heading_path(notice: Notice) -> None:
    chunks = chunk_notice(notice, 320)
    first = [c for c in chunks if c.problem == 0]
    assert first and all(
        c.heading_path == ("整改落实情况", "关于制度建设方面", "学习制度落实不到位的问题") for c in first
    )
    assert first[0].text.startswith("1.学习制度落实不到位的问题。")
    closing = [c for c in chunks if c.text.startswith("欢迎")]
    assert closing and closing[0].heading_path == ()
    assert chunks[0].heading_path == () and chunks[0].text.startswith(notice.title)


def test_long_sections_split_at_sentence_ends(notice: Notice) -> None:
    budget = 60
    chunks = [c for c in chunk_notice(notice, budget) if c.problem == 0]
    assert len(chunks) > 1
    for c in chunks[:-1]:
        assert c.text[-1] in "。！？；", c.text[-10:]


def test_a_sentence_longer_than_the_budget_is_cut_at_commas(notice: Notice) -> None:
    budget = 40
    chunks = [c for c in chunk_notice(notice, budget) if c.problem == 2]
    assert len(chunks) > 2
    assert all(tokens.count(c.text) <= budget for c in chunks)
    assert all(c.text[-1] in "，。：" for c in chunks[1:-1])


def test_small_sibling_sections_are_merged_but_problems_never(notice: Notice) -> None:
    chunks = chunk_notice(notice, 2000)
    organisation = [c for c in chunks if "加强组织领导" in c.text]
    assert len(organisation) == 1 and "压实整改责任" in organisation[0].text
    assert organisation[0].heading_path == ("整改工作组织情况",)
    assert sorted({c.problem for c in chunks if c.problem is not None}) == [0, 1, 2, 3]
    assert len([c for c in chunks if c.problem is not None]) == 4


def test_ids_stable_unique_and_content_addressed(notice: Notice) -> None:
    first = chunk_notice(notice, 120)
    again = chunk_notice(notice, 120)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)
    assert all(re.fullmatch(r"[0-9a-f]{24}", c.id) for c in first)
    assert first[0].id == chunk_id(notice.id, first[0].heading_path, first[0].text)
    (edited,) = parse_notices(TEXT.replace("开展自查", "开展全面自查"), "demo.txt")
    changed = {c.id for c in chunk_notice(edited, 120)}
    assert not changed & {c.id for c in first}  # the notice id is part of every chunk id


def test_search_text_names_title_unit_and_path(notice: Notice) -> None:
    chunk: Chunk = next(c for c in chunk_notice(notice, 320) if c.problem == 1)
    assert chunk.search_text.startswith(
        "中共澄川市水务局党组关于巡察整改情况的通报 | 中共澄川市水务局党组 | 整改落实情况"
    )


def test_traditional_notice_keeps_display_text() -> None:
    text = TEXT.replace("学习制度落实不到位的问题", "學習制度落實不到位的問題").replace(
        "整改落实情况", "整改落實情況"
    )
    (n,) = parse_notices(text, "demo.txt")
    chunks = chunk_notice(n, 320)
    assert any(c.heading_path[-1:] == ("學習制度落實不到位的問題",) for c in chunks)
    assert "學習制度落實" in next(c for c in chunks if c.problem == 0).text


def test_budget_must_be_positive(notice: Notice) -> None:
    with pytest.raises(ValueError):
        chunk_notice(notice, 0)
