"""The embedder contract, run over every implementation; plus the factory's choices."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest

from assistant.factory import make_embedder
from core.config import Settings
from core.embeddings import E5Embedder, Embedder, HashEmbedder, OpenAIEmbedder
from core.errors import AssistantError
from tests.openai_stub import OpenAIStub

TEXTS = [
    "市委第三巡察组反馈指出,选人用人工作存在不规范问题。",
    "短",
    "关于财务管理方面的问题,已完成整改并建立长效机制,共修订制度12项。" * 3,
    "Round 2: measures completed",
]


def _cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


@pytest.fixture(scope="module")
def e5() -> E5Embedder:
    return E5Embedder(batch_size=2)


@pytest.fixture(scope="module")
def stub() -> Iterator[OpenAIStub]:
    server = OpenAIStub(embedding_dim=16).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["hash", "e5", "openai"])
def embedder(request: pytest.FixtureRequest) -> Embedder:
    if request.param == "hash":
        return HashEmbedder()
    if request.param == "e5":
        e: Embedder = request.getfixturevalue("e5")
        return e
    stub: OpenAIStub = request.getfixturevalue("stub")
    return OpenAIEmbedder("stub-embed", base_url=stub.base_url, api_key="k", batch_size=3)


def test_contract_dims_and_norms(embedder: Embedder) -> None:
    vectors = embedder.embed_documents(TEXTS)
    assert len(vectors) == len(TEXTS)
    for vec in vectors:
        assert len(vec) == embedder.dim
        assert math.isclose(math.sqrt(sum(x * x for x in vec)), 1.0, rel_tol=1e-3)
    query = embedder.embed_query(TEXTS[0])
    assert len(query) == embedder.dim
    assert embedder.name


def test_contract_deterministic_and_order_preserving(embedder: Embedder) -> None:
    together = embedder.embed_documents(TEXTS)
    one_by_one = [embedder.embed_documents([t])[0] for t in TEXTS]
    for a, b in zip(together, one_by_one, strict=True):
        assert _cos(a, b) > 0.999
    assert embedder.embed_documents([]) == []


def test_contract_distinct_texts_differ(embedder: Embedder) -> None:
    a, b = embedder.embed_documents([TEXTS[0], TEXTS[2]])
    assert _cos(a, b) < 0.99


def test_e5_query_and_passage_use_different_prefixes(e5: E5Embedder) -> None:
    text = "选人用人问题整改情况"
    assert _cos(e5.embed_query(text), e5.embed_documents([text])[0]) < 0.999


@pytest.mark.parametrize("impl", ["e5", "hash"])
def test_related_passage_is_closer(impl: str, request: pytest.FixtureRequest) -> None:
    embedder: Embedder = request.getfixturevalue("e5") if impl == "e5" else HashEmbedder()
    question = "选人用人方面存在哪些问题?"
    hiring, money = embedder.embed_documents(
        [
            "选人用人工作不规范,干部选拔任用程序执行不严格,动议环节把关不严。",
            "财务管理不规范,公务接待费用报销审核不严,固定资产账实不符。",
        ]
    )
    q = embedder.embed_query(question)
    assert _cos(q, hiring) > _cos(q, money)


def test_openai_embedder_batches_and_learns_dim(stub: OpenAIStub) -> None:
    before = len(stub.requests)
    embedder = OpenAIEmbedder("stub-embed", base_url=stub.base_url, api_key="k", batch_size=2)
    vectors = embedder.embed_documents(["一", "二", "三", "四", "五"])
    sent = [r for r in stub.requests[before:] if r.endpoint == "embeddings"]
    assert [len(r.body["input"]) for r in sent] == [2, 2, 1]
    assert embedder.dim == 16 == len(vectors[0])
    assert embedder.name == "openai:stub-embed"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("hash", HashEmbedder, id="hash"),
        pytest.param("e5", E5Embedder, id="e5"),
        pytest.param("openai", OpenAIEmbedder, id="openai"),
    ],
)
def test_factory_builds_each_embedder(name: str, expected: type) -> None:
    settings = Settings(embedder=name, openai_base_url="http://127.0.0.1:9/v1")  # type: ignore[arg-type]
    assert isinstance(make_embedder(settings), expected)


def test_factory_rejects_unknown_embedder_listing_valid_ones() -> None:
    with pytest.raises(AssistantError) as info:
        make_embedder(Settings(embedder="bert"))  # type: ignore[arg-type]
    for valid in ("e5", "openai", "hash"):
        assert valid in str(info.value)
