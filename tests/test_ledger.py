"""Ledger workbooks read into ledger records: every header style, every row, and what cannot be read."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from core.store.codec import notice_from_json, notice_to_json
from core.types import Problem
from index.guards import FileLimits
from index.ledger import NO_UNIT, read_ledger
from index.ledger_chunks import ROWS_PER_CHUNK
from index.ledger_sheets import ENCRYPTED
from index.loaders import LoadError
from tests.ledger_factory import WRITERS, Row, write_sheet

Writer = Callable[[Path], tuple[Path, tuple[Row, ...]]]


def _read(path: Path, unit: str = "") -> object:
    return read_ledger(path.read_bytes(), path, path.name, unit)


@pytest.mark.parametrize("write", WRITERS, ids=lambda w: w.__name__)
def test_every_row_read_with_status_time_limit_and_office(tmp_path: Path, write: Writer) -> None:
    path, rows = write(tmp_path)
    ledger = _read(path)
    (notice,) = ledger.notices
    assert notice.source_kind == "台账" and not ledger.left_out
    assert ledger.rows_read == ledger.rows_present == sum(len(r.measures) for r in rows)
    assert [p.statement for p in notice.problems] == [r.problem for r in rows]
    for p, row in zip(notice.problems, rows, strict=True):
        assert (p.status, p.row.due, p.responsible.text, p.row.leader) == (
            row.key,
            row.due,
            row.office,
            row.leader,
        )
        assert p.measures == row.measures
        if row.category:
            assert p.path == (row.category,)
        _check_offsets(notice.text, p)
    assert notice.facts.problems.number == len(rows)
    assert {k: f.number for k, f in notice.facts.status.items()} == _counts(rows)


def _counts(rows: tuple[Row, ...]) -> dict[str, int]:
    out: dict[str, int] = {}
    for r in rows:
        out[r.key] = out.get(r.key, 0) + 1
    return out


def _check_offsets(text: str, p: Problem) -> None:
    """Every span of the problem quotes the record's text where it says it does."""
    for span in (*p.measure_spans, p.deadline, p.responsible):
        assert span is not None and text[span.start : span.end] == span.text
    assert p.statement in text[p.start : p.end]


def test_cells_named_as_the_spreadsheet_names_them(tmp_path: Path) -> None:
    path, _ = WRITERS[0](tmp_path)  # title in row 1, 填报 line in row 2, header in row 3
    (notice,) = _read(path).notices
    first, second = notice.problems[:2]
    assert (first.row.cell("status"), first.row.cell("deadline"), first.row.cell("office")) == (
        "整改台账!H4", "整改台账!G4", "整改台账!F4",
    )  # fmt: skip
    assert (second.row.first, second.row.last) == (5, 6)  # one problem merged over two measure rows
    assert "（整改台账第5行）" in notice.text and "（整改台账第6行）" in notice.text


def test_unit_from_title_then_file_name_then_given(tmp_path: Path) -> None:
    units = [_read(write(tmp_path)[0]).notices[0].unit for write in WRITERS]
    assert units == ["中共岚江市水利局党组", "云岭县交通运输局", "岚江市青石镇", "云岭县林业局"]
    plain = write_sheet(tmp_path / "台账.xlsx", [["序号", "问题", "完成情况"], [1, "制度不健全", "已完成"]])
    with pytest.raises(LoadError) as exc:
        _read(plain)
    assert NO_UNIT in exc.value.reason
    assert _read(plain, unit="  岚江市档案馆 ").notices[0].unit == "岚江市档案馆"


def test_record_survives_the_store_codec(tmp_path: Path) -> None:
    (notice,) = _read(WRITERS[0](tmp_path)[0]).notices
    back = notice_from_json(notice_to_json(notice))
    assert back == notice and back.problems[1].row.cells["status"] == "H5"


def test_chunks_hold_a_few_rows_with_their_column_names(tmp_path: Path) -> None:
    ledger = _read(WRITERS[1](tmp_path)[0])
    (notice,) = ledger.notices
    for chunk in ledger.chunks:
        assert notice.text[chunk.start : chunk.end] == chunk.text
        assert chunk.heading_path[0] == notice.title
    rows = [c for c in ledger.chunks if "存在问题：" in c.text]
    assert all(c.text.count("存在问题：") <= ROWS_PER_CHUNK for c in rows)
    assert all("整改进展：" in c.text and "责任单位：" in c.text for c in rows)
    assert {c.heading_path[1] for c in rows} == {"一、党的政治建设方面", "二、全面从严治党方面"}


def _book(*sheets: tuple[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = (
    "台账",
    [["岚江市档案馆巡察整改台账"], ["序号", "反馈问题", "完成情况"], [1, "档案数字化滞后", "推进中"]],
)
BAD_SHEETS = [
    (("说明", [["填表说明"], ["请按月更新本表"]]), "未找到问题列"),
    (("空表", []), "工作表为空"),
    (("表头", [["序号", "存在问题", "整改措施", "完成情况"]]), "只有表头，没有数据行"),
    (("会议", [["时间", "地点", "参会人员"], ["3月1日", "会议室", "全体"]]), "未找到问题列"),
]


@pytest.mark.parametrize(("sheet", "reason"), BAD_SHEETS, ids=[r for _, r in BAD_SHEETS])
def test_a_sheet_not_understood_is_left_out_whole_with_the_reason(
    tmp_path: Path, sheet: tuple[str, list[list[object]]], reason: str
) -> None:
    path = tmp_path / "岚江市档案馆台账.xlsx"
    path.write_bytes(_book(GOOD, sheet))
    ledger = _read(path)
    assert [n.problems[0].statement for n in ledger.notices] == ["档案数字化滞后"]
    ((name, why),) = ledger.left_out
    assert name == f"工作表“{sheet[0]}”" and reason in why
    alone = tmp_path / "岚江市档案馆整改台账.xlsx"
    alone.write_bytes(_book(sheet))
    with pytest.raises(LoadError) as exc:
        _read(alone)
    assert "没有可读的整改台账" in exc.value.reason and reason in exc.value.reason


def test_encrypted_workbook_is_skipped_with_the_reason(tmp_path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain, _ = WRITERS[0](tmp_path)
    locked = tmp_path / "加密台账.xlsx"
    with plain.open("rb") as src, locked.open("wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)
    with pytest.raises(LoadError) as exc:
        _read(locked)
    assert exc.value.reason == ENCRYPTED


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("断.xlsx", None, "文件损坏"),
        ("文本.xlsx", "序号,问题\n1,制度不全\n".encode(), "文件损坏"),
        ("断.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "文件损坏"),
        ("空.xlsx", b"", "空文件"),
    ],
)
def test_damaged_workbooks_are_skipped_with_the_reason(
    tmp_path: Path, name: str, data: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if data is None:
        good, _ = WRITERS[0](tmp_path)
        data = good.read_bytes()[:2000]
    path.write_bytes(data)
    with pytest.raises(LoadError) as exc:
        _read(path)
    assert reason in exc.value.reason


def test_zip_guard_runs_before_the_workbook_is_opened(tmp_path: Path) -> None:
    path, _ = WRITERS[0](tmp_path)
    with pytest.raises(LoadError) as exc:
        read_ledger(path.read_bytes(), path, path.name, limits=FileLimits(max_unpacked_mb=0.001))
    assert "疑似压缩炸弹" in exc.value.reason


VARIANTS = [
    # header, one data row, what must be read: (statement, status, due, office)
    (["序号", "反馈问题", "整改情况"], ["1", "制度执行不严", "已完成。修订《公务用车管理办法》"],
     ("制度执行不严", "已完成", None, None)),
    (["序号", "反馈问题", "整改情况"], ["1", "制度执行不严", "正在推进，已完成方案制定"],
     ("制度执行不严", "正在推进", None, None)),
    (["编号", "", "问题描述", "整改\n时限*", "责任单位", "配合单位"],
     ["1.1", "", "台账管理混乱", "2020年6月底前完成并长期坚持", "综合科", "办公室"],
     ("台账管理混乱", None, "2020-06-30", "综合科")),
    (["问题", "责任部门（单位）", "完成时间", "整改状态"], ["会议记录不全", "机关党委", "2099/1/15", "√"],
     ("会议记录不全", "已完成", "2099-01-15", "机关党委")),
    (["存在的问题", "措施", "时限", "进度"], ["学习制度落实不到位", "建立学习台账", "2020年第一季度", "未开始"],
     ("学习制度落实不到位", "未完成", "2020-03-31", None)),
]  # fmt: skip


@pytest.mark.parametrize(("header", "row", "want"), VARIANTS)
def test_header_and_cell_variants_read(
    tmp_path: Path, header: list[str], row: list[str], want: tuple[str, str | None, str | None, str | None]
) -> None:
    path = write_sheet(tmp_path / "岚江市档案馆整改台账.xlsx", [header, row])
    (notice,) = _read(path).notices
    (p,) = notice.problems
    got = (p.statement, p.status, p.row.due, p.responsible.text if p.responsible else None)
    assert got == want
    assert p.statement in notice.text[p.start : p.end]


def test_a_problem_over_several_rows_has_its_least_advanced_status(tmp_path: Path) -> None:
    path = tmp_path / "岚江市档案馆整改台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["序号", "问题", "整改措施", "整改时限", "完成情况"],
              [1, "档案库房安全隐患", "更换消防设施", "2020年3月", "已完成"],
              [None, None, "建立巡查制度", "2099年3月", "正在推进"]):  # fmt: skip
        ws.append(r)
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    wb.save(path)
    (p,) = _read(path).notices[0].problems
    assert (p.status, p.row.due, p.measures, p.row.cell("status")) == (
        "正在推进", "2099-03-31", ("更换消防设施", "建立巡查制度"), "Sheet!E3",
    )  # fmt: skip
