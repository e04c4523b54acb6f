"""The ``index`` and ``notices`` subcommands through ``main([...])``: output, JSON contract, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli.main import main
from core.types import FACT_KEYS
from tests.notice_factory import write_corpus

NOTICE_KEYS = {"id", "source_kind", "unit", "title", "source", "facts", "problems"}


def test_index_then_notices_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_corpus(tmp_path / "docs", 2)
    assert main(["index", str(tmp_path / "docs"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files_read"] == 2 and report["notices"] == 2 and report["errors"] == []

    assert main(["notices", "--json"]) == 0
    notices = json.loads(capsys.readouterr().out)
    assert len(notices) == 2
    for item in notices:
        assert set(item) == NOTICE_KEYS
        assert list(item["facts"]) == list(FACT_KEYS)
        assert all(
            {"heading", "status", "number", "statement", "items", "measures"} <= set(p)
            for p in item["problems"]
        )
    assert sorted(n["source"] for n in notices) == ["01_市文旅局.txt", "02_市水务局.txt"]
    assert all("青禾市" in n["unit"] for n in notices)


def test_index_human_report_lists_skipped_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_corpus(tmp_path / "docs", 1)
    (tmp_path / "docs" / "empty.txt").write_bytes(b"")
    assert main(["index", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr().out
    assert "读取并索引文件 1 个" in out and "跳过 empty.txt" in out
    assert main(["index", str(tmp_path / "docs")]) == 0
    assert "未变跳过 1 个" in capsys.readouterr().out


def test_store_option_overrides_environment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_corpus(tmp_path / "docs", 1)
    other = tmp_path / "elsewhere"
    assert main(["--store", str(other), "index", str(tmp_path / "docs"), "--json"]) == 0
    capsys.readouterr()
    assert (other / "chroma").is_dir()
    assert main(["notices", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--store", str(other), "notices", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_notices_table_without_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["notices"]) == 0
    assert "还没有通报" in capsys.readouterr().out
    write_corpus(tmp_path / "docs", 1)
    main(["index", str(tmp_path / "docs")])
    capsys.readouterr()
    assert main(["notices"]) == 0
    out = capsys.readouterr().out
    assert "01_市文旅局.txt" in out and "青禾市文化旅游局" in out


@pytest.mark.parametrize(
    ("argv", "env", "code", "message"),
    [
        pytest.param(["bogus"], {}, 2, "invalid choice", id="unknown-command"),
        pytest.param(["index"], {}, 2, "PATH", id="missing-path"),
        pytest.param(
            ["notices"], {"ASSISTANT_EMBEDDER": "bert"}, 1, "e5, openai, hash", id="unknown-embedder"
        ),
        pytest.param(["notices"], {"ASSISTANT_K": "many"}, 1, "配置无效", id="bad-setting"),
    ],
)
def test_errors_give_message_and_exit_code(
    argv: list[str],
    env: dict[str, str],
    code: int,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert main(argv) == code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_embedder_mismatch_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_corpus(tmp_path / "docs", 1)
    assert main(["index", str(tmp_path / "docs")]) == 0
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "e5")
    assert main(["retrieve", "整改措施", "--json"]) == 1  # a query vector from e5 means nothing here
    assert "index was built with hash-256; re-index or choose hash-256" in capsys.readouterr().err


def test_listing_needs_no_embedder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_corpus(tmp_path / "docs", 1)
    assert main(["index", str(tmp_path / "docs")]) == 0
    capsys.readouterr()
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "e5")  # not the one that built it (hash)
    assert main(["notices", "--json"]) == 0
    assert [n["unit"] for n in json.loads(capsys.readouterr().out)] == ["中共青禾市文化旅游局党组"]


def test_rebuild_switches_the_embedder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_corpus(tmp_path / "docs", 1)
    assert main(["index", str(tmp_path / "docs")]) == 0
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "e5")
    assert main(["index", str(tmp_path / "docs")]) == 1
    assert "re-index or choose hash-256" in capsys.readouterr().err
    assert main(["index", str(tmp_path / "docs"), "--rebuild", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files_read"] == 1 and report["embedded"] == report["chunks"] > 0
    assert main(["notices", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
