"""Questions naming several units: retrieval within each unit, merged by rank; an answer line per unit.

Fictional notices (``tests/notice_factory.py``) indexed once into Chroma on disk with the hash
embedder. 市文旅局 states three problems (its third measure: 党员教育培训4期), each followed by
words on 财务报销; 市水务局 states two problems (no 培训); 市统计局 four.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest

from assistant.retrieval.retriever import RetrievalConfig, Retriever
from assistant.service import Assistant
from core.config import Settings
from core.phrases import CANNOT_ANSWER
from tests.notice_factory import notice_text

CULTURE, WATER, STATS = (f"中共青禾市{u}党组" for u in ("文化旅游局", "水务局", "统计局"))
_CROWD = "财务报销审核把关不严问题整改中，逐笔核查财务报销凭证，规范财务报销审核流程，财务报销审核把关不严问题得到纠正。"


@pytest.fixture(scope="module")
def several(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    from assistant.factory import make_assistant

    root = tmp_path_factory.mktemp("several")
    settings = replace(
        Settings.from_env(), store_dir=root / "store", embedder="hash", collection=f"u{uuid.uuid4().hex[:12]}"
    )
    corpus = root / "corpus"
    corpus.mkdir()
    texts = {
        "1.txt": notice_text("青禾市文化旅游局", "市文旅局", problems=3).replace(
            "二是建立长效机制。", f"二是建立长效机制。{_CROWD}"
        ),
        "2.txt": notice_text("青禾市水务局", "市水务局", problems=2),
        "3.txt": notice_text("青禾市统计局", "市统计局", problems=4),
    }
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    assistant = make_assistant(settings)
    report = assistant.index([corpus])
    assert not report.errors and report.notices == 3, report
    return assistant


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("市文旅局和市水务局在财务报销审核方面哪个先整改到位？", (CULTURE, WATER)),
        ("青禾市水务局、青禾市统计局、青禾市文化旅游局的财务报销问题分别怎么整改的", (WATER, STATS, CULTURE)),
        ("水务局与文旅局财务报销审核把关不严的问题各自采取了什么办法", (WATER, CULTURE)),
    ],
)
def test_each_named_unit_leads_with_its_own_best_passage(
    several: Assistant, question: str, units: tuple[str, ...]
) -> None:
    got = several.retrieve(question, k=6)
    assert got.units == units
    assert tuple(h.chunk.unit for h in got.hits[: len(units)]) == units
    for unit, hit in zip(units, got.hits, strict=False):
        alone = several.retrieve(question, k=1, unit=unit)
        assert hit.chunk.id == alone.hits[0].chunk.id, unit
    assert [h.rank for h in got.hits] == list(range(1, len(got.hits) + 1))


@pytest.mark.parametrize(
    "question",
    [
        "市文旅局和市水务局财务报销审核把关不严的问题怎么整改的？",
        "文旅局、水务局的财务报销审核问题整改情况",
        "市水务局跟市文旅局财务报销凭证清理得怎么样",
    ],
)
def test_a_unit_with_weaker_matches_is_not_crowded_out(several: Assistant, question: str) -> None:
    base = several.retriever
    config = RetrievalConfig(candidates=1, use_dense=False)
    narrow = Retriever(base.view, base.store, base.embedder, config)
    both = {i for i, c in narrow.view.chunks.items() if c.unit in (CULTURE, WATER)}
    pooled = narrow.view.keyword.search("财务报销审核", 1, allowed_ids=both)
    # one search over both units' passages: 市文旅局's fill its candidates
    assert {narrow.view.chunks[i].unit for i, _ in pooled} == {CULTURE}
    got = narrow.retrieve(question, k=4)
    assert {h.chunk.unit for h in got.hits[:2]} == {CULTURE, WATER}


@pytest.mark.parametrize(
    ("question", "order"),
    [
        ("市文旅局和市水务局各开展了几期党员教育培训？", (CULTURE, WATER)),
        ("青禾市文化旅游局、青禾市水务局党员教育培训分别办了几期", (CULTURE, WATER)),
        ("水务局与文旅局的党员教育培训各搞了多少期？", (WATER, CULTURE)),
    ],
)
def test_extractive_answer_gives_a_line_per_unit(
    several: Assistant, question: str, order: tuple[str, ...]
) -> None:
    answer = several.ask(question)
    assert not answer.refused and answer.mode == "extractive"
    lines = answer.text.splitlines()[1:]
    assert [x.split("：")[0] for x in lines] == list(order)
    culture = next(x for x in lines if x.startswith(CULTURE))
    water = next(x for x in lines if x.startswith(WATER))
    assert "4期" in culture and "[1]" in culture
    assert "通报未载明" in water and "[" not in water
    assert answer.citations and {c.unit for c in answer.citations} == {CULTURE}


@pytest.mark.parametrize(
    "question",
    [
        "市文旅局和市水务局分别种了多少棵树？",
        "青禾市水务局、青禾市统计局分别引进了几名博士？",
        "统计局与水务局各自的食堂餐标是多少元？",
    ],
)
def test_a_question_no_named_unit_answers_is_refused(several: Assistant, question: str) -> None:
    answer = several.ask(question)
    assert (answer.text, answer.refused, answer.citations) == (CANNOT_ANSWER, True, ())


@pytest.mark.parametrize(
    ("question", "counts"),
    [
        ("市文旅局、市水务局、市统计局分别反馈了几个问题？", ("3个", "2个", "4个")),
        ("文旅局和水务局和统计局各反馈多少个问题", ("3个", "2个", "4个")),
        ("青禾市文化旅游局、青禾市水务局、青禾市统计局三家单位各反馈了多少个问题", ("3个", "2个", "4个")),
    ],
)
def test_three_units_counts_come_one_per_unit(
    several: Assistant, question: str, counts: tuple[str, ...]
) -> None:
    answer = several.ask(question)
    assert not answer.refused
    for unit, count in zip((CULTURE, WATER, STATS), counts, strict=True):
        assert f"{unit}：反馈{count}问题" in answer.text


@pytest.mark.parametrize(
    ("question", "leads"),
    [
        ("岚江财政局什么时候被巡察的？", ("2023年3月6日至5月10日",)),
        ("市财政局反馈了几个问题？", ("3个方面9个问题",)),
        ("财政局和市场监管局谁先收到反馈？", ("2023年6月15日", "2023年1月6日")),
        ("岚江市场监管局是哪个巡察组巡的", ("市委第一巡察组",)),
    ],
)
def test_the_passage_stating_an_asked_field_leads(
    sample_for_facts: Assistant, question: str, leads: tuple[str, ...]
) -> None:
    hits = sample_for_facts.retrieve(question).hits
    for i, text in enumerate(leads):
        assert text in hits[i].chunk.text, [h.chunk.text[:40] for h in hits[:3]]


@pytest.fixture(scope="module")
def sample_for_facts(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    from assistant.factory import make_assistant
    from tests.sample_index import index_sample

    indexed = index_sample(tmp_path_factory)
    return make_assistant(indexed.settings, store=indexed.store)
