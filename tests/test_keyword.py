"""Keyword index: tokenization table, BM25 ranking, filters, persistence, staleness."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from assistant.factory import make_store
from core.config import Settings
from core.embeddings import HashEmbedder
from core.store.keyword import KeywordIndex, for_store, index_path, keyword_dir, refresh
from core.store.keyword_tokens import TokenCache, tokenize
from core.store.store import NoticeStore
from core.types import Chunk
from tests.test_store import commit, make_chunks, make_notice


def chunk(cid: str, text: str, unit: str = "青禾县文旅局党组") -> Chunk:
    return Chunk(cid, "n", unit, "", "f.txt", (), text, 0, len(text))


CHUNKS = [
    chunk("a", "选人用人工作不规范,干部选拔任用程序执行不严格。"),
    chunk("b", "财务报销审核不严,公务接待超标准,固定资产账实不符。"),
    chunk("c", "基层党组织建设薄弱,三会一课落实不到位。", unit="白沙镇党委"),
    chunk("d", "意识形态工作责任制落实不到位。"),
]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        pytest.param("巡察组反馈", ["巡察", "察组", "反馈"], [], id="words-and-bigrams"),
        pytest.param("區委巡察組", ["区委", "巡察", "察组"], ["區委"], id="traditional-folded"),
        pytest.param("问题,整改。", ["问题", "整改"], [",", "。", "."], id="punctuation-dropped"),
        pytest.param("落实不到位", ["落实", "到位", "不到"], ["不"], id="single-han-dropped"),
        pytest.param("ＡＢＣ 2021年", ["abc", "2021"], [" ", "ＡＢＣ"], id="width-and-case-folded"),
        pytest.param("   ", [], [" "], id="blank"),
    ],
)
def test_tokenize(text: str, present: list[str], absent: list[str]) -> None:
    tokens = tokenize(text)
    for t in present:
        assert t in tokens
    for t in absent:
        assert t not in tokens


@pytest.mark.parametrize(
    ("query", "best"),
    [
        pytest.param("选人用人有什么问题", "a", id="hiring"),
        pytest.param("公务接待", "b", id="reception"),
        pytest.param("三会一课", "c", id="party-cells"),
        pytest.param("意識形態", "d", id="traditional-query"),
    ],
)
def test_search_ranks_matching_chunk_first(query: str, best: str) -> None:
    index = KeywordIndex.build(CHUNKS)
    hits = index.search(query, k=3)
    assert hits[0][0] == best
    assert all(score > 0 for _, score in hits)


def test_search_filters_and_limits() -> None:
    index = KeywordIndex.build(CHUNKS)
    ranked = index.search("落实不到位", k=5)
    assert {cid for cid, _ in ranked[:2]} == {"c", "d"}
    filtered = index.search("落实不到位", k=5, allowed_ids={"d", "zz"})
    assert [cid for cid, _ in filtered] == ["d"]
    assert len(index.search("落实不到位", k=1)) == 1
    assert index.search("落实不到位", k=5, allowed_ids=set()) == []
    assert index.search("完全无关的外语words", k=5) == []
    assert KeywordIndex.build([]).search("问题", 3) == []


def test_save_and_load_give_same_results(tmp_path: Path) -> None:
    index = KeywordIndex.build(CHUNKS)
    index.save(tmp_path / "kw")
    loaded = KeywordIndex.load(tmp_path / "kw")
    assert loaded.ids == index.ids
    for q in ("选人用人", "公务接待超标准", "党组织"):
        assert loaded.search(q, 4) == index.search(q, 4)
    empty = KeywordIndex.build([])
    empty.save(tmp_path / "empty")
    assert len(KeywordIndex.load(tmp_path / "empty")) == 0


def test_for_store_follows_the_fingerprint(store: NoticeStore, tmp_path: Path) -> None:
    root = tmp_path / "kwstore"
    a = make_notice(1)
    commit(store, a, make_chunks(a))
    first = for_store(store, root)
    assert index_path(root, store.prefix, store.fingerprint()).is_dir()
    assert {c for c, _ in first.search("财务报销", 5)} <= {c.id for c in make_chunks(a)}
    b = make_notice(2, "白沙镇党委")
    commit(store, b, make_chunks(b), sha="s22")
    second = for_store(store, root)
    assert second is not first and len(second) == 6
    assert for_store(store, root) is second


def test_refresh_drops_stale_indexes(store: NoticeStore, tmp_path: Path) -> None:
    root = tmp_path / "kwstore"
    a = make_notice(1)
    commit(store, a, make_chunks(a))
    refresh(store, root)
    old = store.fingerprint()
    b = make_notice(2)
    commit(store, b, make_chunks(b), sha="s22")
    refresh(store, root)
    names = {p.name for p in keyword_dir(root).iterdir()}
    assert names == {index_path(root, store.prefix, store.fingerprint()).name}
    assert index_path(root, store.prefix, old).name not in names


def test_unreadable_saved_index_is_rebuilt(store: NoticeStore, tmp_path: Path) -> None:
    root = tmp_path / "kwstore"
    a = make_notice(1)
    commit(store, a, make_chunks(a))
    broken = index_path(root, store.prefix, store.fingerprint())
    broken.mkdir(parents=True)
    (broken / "chunk_ids.json").write_text("not json", encoding="utf-8")
    assert len(for_store(store, root)) == 3


def test_collections_sharing_a_folder_keep_their_own_index(settings: Settings, tmp_path: Path) -> None:
    root = tmp_path / "kwstore"
    first = make_store(settings, HashEmbedder())
    second = make_store(replace(settings, collection=settings.collection + "b"), HashEmbedder())
    a, b = make_notice(1), make_notice(2)
    commit(first, a, make_chunks(a))
    commit(second, b, make_chunks(b))
    refresh(first, root)
    refresh(second, root)
    assert len(list(keyword_dir(root).iterdir())) == 2
    assert {c.split("-")[0] for c in for_store(first, root).ids} == {"n1"}
    assert {c.split("-")[0] for c in for_store(second, root).ids} == {"n2"}


def _reference(chunks: list[Chunk]) -> object:
    """BM25 built straight from token strings, the way bm25s indexes by default."""
    import bm25s

    model = bm25s.BM25()
    model.index([tokenize(c.search_text) for c in chunks], show_progress=False)
    return model


@pytest.mark.parametrize("query", ["选人用人", "公务接待超标准", "落实不到位", "意識形態", "三会一课 党组织"])
def test_building_from_vocabulary_ids_scores_like_building_from_token_strings(query: str) -> None:
    ours = KeywordIndex.build(CHUNKS)
    reference = _reference(CHUNKS)
    vocab = reference.vocab_dict  # type: ignore[attr-defined]
    tokens = [t for t in tokenize(query) if t in vocab]
    expected = reference.get_scores(tokens)  # type: ignore[attr-defined]
    got = dict(ours.search(query, k=len(CHUNKS)))
    for cid, score in zip([c.id for c in CHUNKS], expected, strict=True):
        assert got.get(cid, 0.0) == pytest.approx(float(score), abs=1e-6)


def test_token_cache_tokenizes_each_chunk_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.store.keyword_tokens as kw

    calls: list[str] = []

    def counting(text: str) -> list[str]:
        if "\n" in text:  # a chunk's search text (head line, then the passage); not a query
            calls.append(text)
        return tokenize(text)

    monkeypatch.setattr(kw, "tokenize", counting)
    cache = TokenCache.of(tmp_path, "notices")
    first = KeywordIndex.build(CHUNKS[:2], cache)
    assert len(calls) == 2
    second = KeywordIndex.build(CHUNKS, cache)  # two new chunks: only they are tokenized
    assert len(calls) == 4
    cache.close()
    reopened = TokenCache.of(tmp_path, "notices")
    third = KeywordIndex.build(CHUNKS, reopened)  # another process: nothing to tokenize
    assert len(calls) == 4
    assert third.search("公务接待", 4) == second.search("公务接待", 4)
    assert first.search("公务接待", 4)[0][0] == "b"
    assert reopened.prune({"a", "d"}) == 2
    KeywordIndex.build(CHUNKS, reopened)
    assert len(calls) == 6  # pruned ones are tokenized again
    reopened.close()


def test_an_unusable_token_cache_only_costs_time(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    bad = tmp_path / "tokens" / "notices-v2.sqlite"
    bad.parent.mkdir()
    bad.write_bytes(b"not a database" * 100)
    cache = TokenCache.of(tmp_path, "notices")
    index = KeywordIndex.build(CHUNKS, cache)
    assert index.search("公务接待", 1)[0][0] == "b"
    assert "token cache" in caplog.text
    cache.close()


def test_refresh_fills_the_token_cache_and_prunes_removed_chunks(store: NoticeStore, tmp_path: Path) -> None:
    import sqlite3

    root = tmp_path / "kwstore"
    a = make_notice(1)
    commit(store, a, make_chunks(a))
    refresh(store, root)
    path = TokenCache.of(root, store.prefix).path
    assert path is not None

    def cached() -> set[str]:
        with sqlite3.connect(path) as db:
            return {row[0] for row in db.execute("SELECT id FROM chunks")}

    assert cached() == {c.id for c in make_chunks(a)}
    store.delete_chunks([c.id for c in make_chunks(a)][:1])
    refresh(store, root)
    assert cached() == {c.id for c in store.chunks()}


@pytest.mark.parametrize("block", [1, 7, 8192])
def test_whole_array_scores_equal_bm25s_own_build(block: int) -> None:
    import random

    import bm25s
    import numpy as np

    from core.store.keyword import lucene_scores

    rng = random.Random(block)
    words = [f"w{i}" for i in range(300)]
    docs = [[rng.choice(words[: rng.randint(5, 300)]) for _ in range(rng.randint(0, 60))] for _ in range(500)]
    reference = bm25s.BM25()
    reference.index(docs, show_progress=False)
    vocab = reference.vocab_dict
    ids = [np.asarray([vocab[t] for t in d], dtype=np.int32) for d in docs]
    ours = bm25s.BM25()
    ours.scores = lucene_scores(ids, len(vocab), reference.k1, reference.b, "float32", block=block)
    ours.vocab_dict = vocab
    ours.nonoccurrence_array = None
    for _ in range(30):
        query = rng.sample(words, rng.randint(1, 4))
        query = [t for t in query if t in vocab]
        np.testing.assert_allclose(ours.get_scores(query), reference.get_scores(query), rtol=1e-5, atol=1e-6)
    assert KeywordIndex.build([]).search("问题", 1) == []
