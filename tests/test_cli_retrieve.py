"""``assistant retrieve`` and ``assistant eval`` through ``main([...])``: JSON contracts, errors, metrics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli.main import main
from tests.conftest import Indexed

HIT_KEYS = {"rank", "score", "notice_id", "unit", "title", "source", "heading", "text"}
EVAL_KEYS = {"id", "answer", "refused", "mode", "citations", "retrieved", "latency_ms"}


def test_retrieve_json_keys_exactly(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retrieve", "财务报销审核把关不严怎么整改", "--k", "3", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert len(hits) == 3
    assert all(set(h) == HIT_KEYS for h in hits)
    assert [h["rank"] for h in hits] == [1, 2, 3]
    assert all(isinstance(h["score"], float) and h["text"] for h in hits)


def test_retrieve_default_k_comes_from_settings(
    sample_store: Indexed, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASSISTANT_K", "2")
    assert main(["retrieve", "整改措施", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_retrieve_unit_filter(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    unit = next(n.unit for n in sample_store.store.notices() if "财政局" in n.unit)
    assert main(["retrieve", "整改措施", "--unit", "岚江市财政局", "--k", "5", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {h["unit"] for h in hits} == {unit}


def test_retrieve_unknown_unit_fails_with_suggestions(
    sample_store: Indexed, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["retrieve", "整改措施", "--unit", "岚江市财政厅", "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "岚江市财政厅" in captured.err and "财政局" in captured.err


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["retrieve", "问题", "--level", "督查"], id="bad-level"),
        pytest.param(["retrieve", "问题", "--k", "x"], id="bad-k"),
        pytest.param(["retrieve"], id="no-question"),
    ],
)
def test_retrieve_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2


def test_retrieve_text_output(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["retrieve", "公务接待管理不规范", "--k", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[1] ") and "\n[2] " in out


def _questions(path: Path, notices: list[str]) -> Path:
    rows = [
        {
            "id": "q1",
            "kind": "detail",
            "question": "岚江市财政局公务接待管理不规范的问题怎么整改的？",
            "answer": "",
            "answer_keys": [["三单"]],
            "evidence": ["严格执行接待审批单、公函和清单“三单”制度"],
            "unit": notices[0],
        },
        {
            "id": "q2",
            "kind": "unanswerable",
            "question": "岚江市财政局局长叫什么名字？",
            "answer": "",
            "answer_keys": [],
            "evidence": [],
            "unit": notices[0],
        },
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_eval_writes_rows_and_prints_metrics(
    sample_store: Indexed, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = [n.unit for n in sample_store.store.notices() if "财政局" in n.unit]
    file = _questions(tmp_path / "q.jsonl", units)
    out = tmp_path / "out.jsonl"
    assert main(["eval", str(file), "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["q1", "q2"]
    assert all(set(r) == EVAL_KEYS for r in lines)
    assert all(set(h) == HIT_KEYS for r in lines for h in r["retrieved"])
    assert all(1 <= len(r["retrieved"]) <= 10 and r["mode"] == "extractive" for r in lines)
    assert report["by_kind"]["detail"]["hit@5"] == 1.0  # the evidence sentence is in the sample notice
    assert set(report["latency_ms"]) == {"retrieve", "ask"}
    assert report["overall"]["n"] == 2


def test_eval_table_output(sample_store: Indexed, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _questions(tmp_path / "q.jsonl", [n.unit for n in sample_store.store.notices()][:1])
    assert main(["eval", str(file), "--k", "3"]) == 0
    out = capsys.readouterr().out
    assert "| kind |" in out and "| overall |" in out and "retrieve latency" in out


def test_eval_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["eval", str(tmp_path / "none.jsonl")]) == 1
    assert "none.jsonl" in capsys.readouterr().err
