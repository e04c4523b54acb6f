"""The ``draft`` and ``summarize`` subcommands through ``main([...])``: output, JSON contracts, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from assistant.cli.main import main
from assistant.composing.placeholders import placeholders_in
from tests.conftest import Indexed

SUMMARY_KEYS = {"unit", "notices", "facts", "problems", "summary", "citations", "mode"}
CITATION_KEYS = {"n", "notice_id", "unit", "title", "source", "text"}


def test_summarize_json(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "市财政局", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert SUMMARY_KEYS <= set(data)
    assert data["unit"] == "中共岚江市财政局党组" and data["mode"] == "extractive"
    assert data["facts"]["problems"]["number"] == 9
    assert set(data["problems"][0]) == {"heading", "status", "measures", "citations"}
    assert all(CITATION_KEYS <= set(c) for c in data["citations"])


def test_summarize_all_json(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "--all", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 6
    assert sum(len(s["notices"]) for s in data) == 6


def test_summarize_text(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", "云岭县农业农村局"]) == 0
    out = capsys.readouterr().out
    assert "中共云岭县农业农村局党组" in out and "问题清单" in out and "出处" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["summarize", "岚江市财政厅"], "相近的单位：中共岚江市财政局党组", id="unknown-unit"),
        pytest.param(["summarize"], "二者选一", id="neither"),
        pytest.param(["summarize", "市财政局", "--all"], "二者选一", id="both"),
        pytest.param(["draft"], "二者选一", id="draft-nothing"),
        pytest.param(["draft", "  "], "不能为空", id="draft-empty"),
    ],
)
def test_errors_exit_1(
    sample_store: Indexed, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 1
    assert message in capsys.readouterr().err


def test_bad_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", "起草", "--kind", "poem"]) == 2


def test_draft_json(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", "起草意识形态问题的整改情况", "--unit", "白石县档案局", "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert {"title", "draft", "citations", "mode", "placeholders"} <= set(data)
    assert data["title"] == "白石县档案局关于“意识形态”问题的整改情况"
    assert data["mode"] == "extractive"
    assert data["placeholders"] == list(placeholders_in(data["draft"]))
    assert data["citations"] and all(CITATION_KEYS <= set(c) for c in data["citations"])
    assert "抽取模式" in captured.err and "抽取模式" not in data["draft"]


def test_draft_batch(sample_store: Indexed, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tasks = tmp_path / "tasks.jsonl"
    lines = [
        json.dumps({"id": "a", "instruction": "起草意识形态问题的整改情况"}, ensure_ascii=False),
        "",
        json.dumps(
            {"id": "b", "instruction": "给一个整改通报框架", "unit": "白石县档案局", "kind": "notice"},
            ensure_ascii=False,
        ),
        "{not json",
        json.dumps({"id": "c", "instruction": "起草", "kind": "poem"}, ensure_ascii=False),
    ]
    tasks.write_text("\n".join(lines), encoding="utf-8")
    assert main(["draft", "--batch", str(tasks), "--json"]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", 4, "c"]
    assert (
        out[0]["mode"] == "extractive"
        and "【" in out[1]["draft"]
        and out[1]["draft"].endswith("白石县档案局\n【成文日期】")
    )
    assert "error" in out[2] and "poem" in out[3]["error"]


def test_draft_text(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["draft", "起草“三会一课”制度落实不到位问题的整改情况"]) == 0
    out = capsys.readouterr().out
    assert "整改措施：" in out and "出处" in out


def test_draft_docx(sample_store: Indexed, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "draft.docx"
    assert main(["draft", "起草意识形态问题的整改情况", "--unit", "白石县档案局", "--docx", str(out)]) == 0
    assert "已写入 Word 文档" in capsys.readouterr().err
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "白石县档案局关于“意识形态”问题的整改情况"
    assert doc.paragraphs[0].style.name == "公文标题"
    assert round(doc.sections[0].page_height.mm) == 297
    assert "附：起草参考" in "\n".join(p.text for p in doc.paragraphs)
    bare = tmp_path / "bare.docx"
    assert main(["draft", "起草意识形态问题的整改情况", "--docx", str(bare), "--no-sources"]) == 0
    assert "附：起草参考" not in "\n".join(p.text for p in Document(str(bare)).paragraphs)


def test_summarize_docx(sample_store: Indexed, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "summary.docx"
    assert main(["summarize", "市财政局", "--docx", str(out)]) == 0
    doc = Document(str(out))
    assert doc.paragraphs[0].text == "中共岚江市财政局党组巡察整改情况摘要" and len(doc.tables) == 2
    assert main(["summarize", "--all", "--docx", str(out)]) == 1
    assert "不能与 --all 同用" in capsys.readouterr().err
