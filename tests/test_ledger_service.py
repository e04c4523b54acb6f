"""Ledgers through the real pipeline (Chroma on disk) and the real service: questions, summaries, retrieval.

The four fictional ledgers of ``tests/ledger_factory`` (three header styles and an .xls) and the
sample notices are indexed once per module; every expected answer is computed from the rows the
factory wrote, never written out by hand.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path

import pytest

from assistant.factory import make_assistant
from assistant.service import Assistant
from core.config import SAMPLE_CORPUS, Settings
from index.ledger import NO_UNIT
from tests.ledger_factory import FOREST, TOWN, TRAFFIC, WATER, WRITERS, Row, write_sheet
from tests.notice_factory import notice_text

UNITS = {WATER: "岚江市水利局", TRAFFIC: "云岭县交通运输局", TOWN: "青石镇", FOREST: "云岭县林业局"}
"""Each ledger's unit, and a way a user names it."""


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, dict[str, tuple[Row, ...]], object]:
    folder = tmp_path_factory.mktemp("ledgers")
    rows = {}
    for write, unit in zip(WRITERS, UNITS, strict=True):
        _, rows[unit] = write(folder)
    notice = notice_text("岚江市水利局", "市水利局")  # the water bureau has a notice too
    (folder / "岚江市水利局通报.txt").write_text(notice, encoding="utf-8")
    settings = Settings(
        store_dir=tmp_path_factory.mktemp("ledger-store"),
        embedder="hash",
        collection=f"l{uuid.uuid4().hex[:12]}",
    )
    assistant = make_assistant(settings)
    report = assistant.index([folder, SAMPLE_CORPUS])
    return assistant, rows, report


def test_ledgers_indexed_beside_the_notices(indexed: tuple[Assistant, dict, object]) -> None:
    assistant, rows, report = indexed
    assert (report.skipped, report.errors, report.left_out) == ((), (), ())
    ledgers = [n for n in assistant.notices() if n.source_kind == "台账"]
    assert sorted(n.unit for n in ledgers) == sorted(UNITS)
    assert any(n.source_kind == "通报" for n in assistant.notices())
    assert sum(len(n.problems) for n in ledgers) == sum(len(r) for r in rows.values())


def _listed(text: str, rows: tuple[Row, ...]) -> set[str]:
    return {r.problem for r in rows if r.problem in text}


def _not_done(rows: tuple[Row, ...]) -> set[str]:
    return {r.problem for r in rows if r.key != "已完成"}


def _overdue(rows: tuple[Row, ...]) -> set[str]:
    today = date.today()
    return {r.problem for r in rows if r.due and date.fromisoformat(r.due) < today and r.key != "已完成"}


QUESTIONS = [
    ("{u}还有哪些问题未完成？", _not_done),
    ("{u}有哪些问题还没有完成整改", _not_done),
    ("{u}的台账里有几个问题逾期", _overdue),
    ("{u}台账中哪些问题超期未完成？", _overdue),
    ("{u}台账里由办公室负责的问题有哪些", lambda rows: {r.problem for r in rows if "办公室" in r.office}),
    ("{u}正在推进的问题有哪些？", lambda rows: {r.problem for r in rows if r.key == "正在推进"}),
]


@pytest.mark.parametrize("unit", list(UNITS))
@pytest.mark.parametrize(("template", "expected"), QUESTIONS, ids=[q for q, _ in QUESTIONS])
def test_ledger_questions_answered_from_the_rows(
    indexed: tuple[Assistant, dict, object], unit: str, template: str, expected: object
) -> None:
    assistant, rows, _ = indexed
    answer = assistant.ask(template.format(u=UNITS[unit]))
    want = expected(rows[unit])  # type: ignore[operator]
    assert not answer.refused
    assert _listed(answer.text, rows[unit]) == want, answer.text
    ledger_file = next(n.source for n in assistant.notices() if n.unit == unit and n.source_kind == "台账")
    if want:
        assert f"共{len(want)}个" in answer.text and f"整改台账“{ledger_file}”" in answer.text
        assert re.search(r"!\w\d+", answer.text), "each row names its cells"
        assert {c.source for c in answer.citations} == {ledger_file}
        assert all(any(p in c.text for p in want) for c in answer.citations)
    else:
        assert "其中没有" in answer.text
    assert "逐行统计得出" in answer.text


def test_a_unit_with_a_ledger_and_a_notice_is_answered_from_the_ledger_and_says_so(
    indexed: tuple[Assistant, dict, object],
) -> None:
    assistant, rows, _ = indexed
    kinds = sorted(n.source_kind for n in assistant.notices() if n.unit == WATER)
    assert kinds == ["台账", "通报"]
    answer = assistant.ask("岚江市水利局还有哪些问题未完成？")
    assert _listed(answer.text, rows[WATER]) == _not_done(rows[WATER])
    assert "另有整改通报1篇；以上按整改台账作答" in answer.text


def test_a_notice_unit_is_still_answered_from_its_notice(indexed: tuple[Assistant, dict, object]) -> None:
    assistant, _, _ = indexed
    answer = assistant.ask("岚江市财政局还有哪些问题未完成？")
    assert "通报中" in answer.text and "整改台账" not in answer.text
    assert all(c.source.endswith(".txt") for c in answer.citations)


@pytest.mark.parametrize("unit", list(UNITS))
def test_problem_count_says_it_was_computed_from_the_ledger(
    indexed: tuple[Assistant, dict, object], unit: str
) -> None:
    assistant, rows, _ = indexed
    answer = assistant.ask(f"{UNITS[unit]}一共有几个问题？")
    assert f"{len(rows[unit])}个问题" in answer.text
    assert any("根据台账各行统计" in c.text for c in answer.citations)


@pytest.mark.parametrize("unit", list(UNITS))
def test_summary_lists_the_rows_with_their_status(indexed: tuple[Assistant, dict, object], unit: str) -> None:
    assistant, rows, _ = indexed
    summary = assistant.summarize(UNITS[unit])
    ledger = {r.problem for r in rows[unit]}  # the water bureau's notice adds its own problems
    shown = [(p.heading, p.status) for p in summary.problems if p.heading in ledger]
    assert shown == [(r.problem, r.key) for r in rows[unit]]
    assert any("整改台账" in w for w in summary.warnings)
    assert all(r.problem in summary.text for r in rows[unit])


@pytest.mark.parametrize("unit", list(UNITS))
def test_retrieval_finds_a_row_by_its_measure(indexed: tuple[Assistant, dict, object], unit: str) -> None:
    assistant, rows, _ = indexed
    last = rows[unit][-1]
    hits = assistant.retrieve(last.measures[0], k=3, unit=UNITS[unit]).hits
    assert hits and last.problem in hits[0].chunk.text


def test_unit_given_with_an_unnamed_ledger_is_kept_for_later_runs(settings: Settings, tmp_path: Path) -> None:
    plain = write_sheet(
        tmp_path / "台账.xlsx", [["序号", "问题", "完成情况"], [1, "档案数字化滞后", "推进中"]]
    )
    assistant = make_assistant(settings)
    first = assistant.index([plain])
    assert first.files_read == 0 and NO_UNIT in first.skipped[0][1]
    given = assistant.index([plain], unit="岚江市档案馆")
    assert given.files_read == 1 and [n.unit for n in assistant.notices()] == ["岚江市档案馆"]
    again = assistant.index([plain])
    assert (again.unchanged, again.files_read) == (1, 0)
    answer = assistant.ask("岚江市档案馆还有哪些问题未完成？")
    assert "档案数字化滞后" in answer.text


def test_sheets_left_out_are_reported_and_the_rest_indexed(settings: Settings, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "台账"
    for row in (
        ["岚江市档案馆巡察整改台账"],
        ["序号", "反馈问题", "完成情况"],
        [1, "档案数字化滞后", "推进中"],
    ):
        wb.active.append(row)
    wb.create_sheet("填表说明").append(["请按月更新"])
    path = tmp_path / "档案馆.xlsx"
    wb.save(path)
    report = make_assistant(settings).index([path])
    assert report.files_read == 1 and not report.skipped
    ((where, why),) = report.left_out
    assert where == "档案馆.xlsx 工作表“填表说明”" and "未找到问题列" in why


@pytest.mark.slow
def test_upload_page_files_an_unnamed_ledger_under_the_unit_typed(
    sample_store: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import streamlit as st

    from assistant import factory
    from tests.test_app import page, start

    st.cache_resource.clear()
    made = factory.make_assistant(sample_store.settings, store=sample_store.store)  # type: ignore[attr-defined]
    monkeypatch.setattr(factory, "make_assistant", lambda *args, **kwargs: made)
    plain = write_sheet(
        tmp_path / "台账.xlsx", [["序号", "问题", "完成情况"], [1, "档案数字化滞后", "推进中"]]
    )
    at = page(start(), "知识库")
    at.text_input(key="ledger_unit").set_value("岚江市档案馆").run()
    at.file_uploader(key="uploads").set_value(
        [("台账.xlsx", plain.read_bytes(), "application/vnd.ms-excel")]
    ).run()
    at.button[0].click().run()
    assert not at.exception
    assert list(at.dataframe[0].value["结果"]) == ["已索引"]
    ledger = [n for n in made.notices() if n.source == "台账.xlsx"]
    assert [(n.unit, n.source_kind) for n in ledger] == [("岚江市档案馆", "台账")]
    st.cache_resource.clear()


def test_cli_index_files_an_unnamed_ledger_under_unit_and_reports_sheets_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    import openpyxl

    from assistant.cli.main import main

    wb = openpyxl.Workbook()
    for row in (["序号", "问题", "完成情况"], [1, "档案数字化滞后", "推进中"]):
        wb.active.append(row)
    wb.create_sheet("说明").append(["按月更新"])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    assert main(["index", str(path), "--json"]) == 0
    skipped = json.loads(capsys.readouterr().out)["skipped"]
    assert NO_UNIT in skipped[0]["reason"] and "工作表“说明”：未找到问题列" in skipped[0]["reason"]
    assert main(["index", str(path), "--unit", "岚江市档案馆", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["files_read"] == 1 and report["left_out"][0]["source"] == "台账.xlsx 工作表“说明”"
    assert main(["notices", "--json"]) == 0
    (notice,) = json.loads(capsys.readouterr().out)
    assert (notice["unit"], notice["source_kind"], notice["problems"][0]["row"]["cells"]["status"]) == (
        "岚江市档案馆", "台账", "C2",
    )  # fmt: skip
