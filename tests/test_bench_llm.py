"""``benchmarks/bench_llm.py`` against the loopback stub: the per-kind table with latency and tokens."""

# ruff: noqa: F811  (the imported ``openai_stub`` fixture is requested by parameter name)

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.bench_llm import HEADER, main
from core.phrases import CANNOT_ANSWER
from tests.conftest import Indexed
from tests.openai_stub import OpenAIStub, StubReply, openai_stub  # noqa: F401
from tests.sample_index import index_sample

GOOD = "修订《市财政局公务接待管理办法》[1]。"
COUNT = "岚江市财政局反馈3个方面9个问题[1]。"
"""A reply citing the facts row given as passage [1]."""
CASES = [
    {
        "id": "t1",
        "kind": "detail",
        "question": "岚江市财政局公务接待管理不规范的问题是怎么整改的？",
        "answer_keys": [["公务接待管理办法"]],
        "evidence": ["公务接待管理办法"],
    },
    {
        "id": "t2",
        "kind": "detail",
        "question": "岚江市财政局修订了哪些制度？",
        "answer_keys": [["公务接待管理办法"]],
        "evidence": ["公务接待管理办法"],
    },
    {"id": "t3", "kind": "unanswerable", "question": "岚江市财政局巡察组组长叫什么名字？"},
    {
        "id": "t4",
        "kind": "count",
        "question": "岚江市财政局反馈了几个问题？",
        "answer_keys": [["9个问题"]],
        "evidence": ["9个问题"],
    },
]


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return index_sample(tmp_path_factory)


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "questions.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in CASES), encoding="utf-8")
    return path


def rows_of(out: str) -> dict[str, list[str]]:
    """The table's rows by kind, as cells."""
    lines = out[out.index(HEADER) :].splitlines()
    return {
        cells[0]: cells
        for cells in (
            [c.strip() for c in line.strip("|").split("|")] for line in lines[2:] if line.startswith("| ")
        )
    }


def test_the_table_per_kind_with_latency_and_tokens(
    sample_index: Indexed,
    openai_stub: OpenAIStub,
    questions: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    monkeypatch.setenv("ASSISTANT_MODEL", "stub-model")
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "hash")
    monkeypatch.setenv("ASSISTANT_COLLECTION", sample_index.settings.collection)
    # two answers (the second only citation markers: it falls back), the refusal, a count from the facts row
    openai_stub.reply(GOOD).reply("[1][2]").enqueue(StubReply(CANNOT_ANSWER)).reply(COUNT)
    out_file = tmp_path / "rows.jsonl"
    argv = [
        "--store",
        str(sample_index.settings.store_dir),
        "--questions",
        str(questions),
        "--out",
        str(out_file),
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("model stub-model at http://127.0.0.1:")
    assert "questions.jsonl: 4 questions" in out
    rows = rows_of(out)
    assert set(rows) == {"detail", "unanswerable", "count", "overall"}
    columns = [c.strip() for c in HEADER.strip("|").split("|")]
    overall = dict(zip(columns, rows["overall"], strict=True))
    detail = dict(zip(columns, rows["detail"], strict=True))
    assert (overall["n"], overall["llm"], overall["fallback"]) == ("4", "3", "1")
    count = dict(zip(columns, rows["count"], strict=True))
    assert (count["llm"], count["key coverage"]) == ("1", "1.000")
    assert (detail["key coverage"], detail["hit@5"]) == ("1.000", "1.000")
    assert dict(zip(columns, rows["unanswerable"], strict=True))["refusals"] == "1.000"
    requests = openai_stub.chat_requests()
    assert len(requests) == 4
    assert "中共岚江市财政局党组 · 反馈问题数量：3个方面9个问题" in requests[3].messages[-1]["content"]
    prompt = sum(sum(len(m["content"]) for m in r.messages) for r in requests)
    assert overall["prompt tok"] == str(prompt)
    # the stub counts a completion token per piece of 4 characters
    replies = (GOOD, "[1][2]", CANNOT_ANSWER, COUNT)
    assert overall["completion tok"] == str(sum(-(-len(t) // 4) for t in replies))
    assert float(overall["p95 s"]) >= float(overall["p50 s"]) > 0
    assert "fallbacks: 大模型的回答不可用" not in out and "回答只有引用标记，没有内容 ×1" in out
    lines = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["t1", "t2", "t3", "t4"]
    assert (
        lines[3]["mode"] == "llm"
        and lines[3]["citations"][0]["notice_id"] == lines[0]["citations"][0]["notice_id"]
    )
    assert lines[0]["model"] == "stub-model" and lines[0]["usage"]["completion_tokens"] == 5


def test_without_an_endpoint_it_says_so(
    sample_index: Indexed, questions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--store", str(sample_index.settings.store_dir), "--questions", str(questions)]) == 2
    assert "OPENAI_BASE_URL" in capsys.readouterr().err
