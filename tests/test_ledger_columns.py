"""Ledger headers, statuses, time limits and titles: each rule against a table of the ways offices write them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from index.ledger_columns import VOCABULARY, find_header, score
from index.ledger_values import due_date, status_of, unit_of


@pytest.mark.parametrize(
    ("cell", "role"),
    [
        ("序号", "number"),
        ("编号", "number"),
        ("问题", "problem"),
        ("反馈问题", "problem"),
        ("存在问题", "problem"),
        ("问题描述", "problem"),
        ("巡察反馈问题", "problem"),
        ("巡视反馈\n问题", "problem"),
        ("整改措施", "measures"),
        ("整改举措", "measures"),
        ("具体整改措施", "measures"),
        ("责任领导", "leader"),
        ("责任人", "leader"),
        ("牵头领导", "leader"),
        ("责任部门", "office"),
        ("责任单位（部门）", "office"),
        ("牵头部门", "office"),
        ("整改时限", "deadline"),
        ("完成时限", "deadline"),
        ("整改期限", "deadline"),
        ("整改完成时限", "deadline"),
        ("完成情况", "status"),
        ("整改状态", "status"),
        ("整改进展", "status"),
        ("是否完成", "status"),
        ("是否完成整改", "status"),
        ("备注", "note"),
        ("问题类别", "category"),
        ("方面", "category"),
        ("所属方面", "category"),
    ],
)
def test_header_cell_names_its_role(cell: str, role: str) -> None:
    found = score(cell)
    assert found is not None and found[0] == role, (cell, found)


@pytest.mark.parametrize(
    "cell",
    [
        "中共岚江市水利局党组巡察整改台账",
        "填报时间：2025年3月",
        "修订中心组学习制度",
        "办公室",
        "2020年6月30日",
        "",
        "1",
    ],
)
def test_title_and_data_cells_name_no_role(cell: str) -> None:
    assert score(cell) is None


def test_vocabulary_words_are_unique_to_one_role() -> None:
    words = [w for ws in VOCABULARY.values() for w in ws]
    assert len(words) == len(set(words))


T = "中共某局党组巡察整改台账"
HEADERS = [
    # (rows, header first/last row, roles expected); a two-row header whose upper cells are merged
    # down reads as its lower row alone, one whose upper cells are not as the pair
    ([["序号", "问题", "整改措施", "责任部门", "整改时限", "完成情况"], ["1", "a", "b", "c", "d", "e"]],
     (0, 0), {"number": 0, "problem": 1, "measures": 2, "office": 3, "deadline": 4, "status": 5}),
    ([[T] * 5, ["编号", "存在问题", "整改举措", "责任单位", "整改进展"], ["1", "a", "b", "c", "d"]],
     (1, 1), {"number": 0, "problem": 1, "measures": 2, "office": 3, "status": 4}),
    ([[T] * 4, ["填报单位：某局"], ["序号", "问题描述", "责任人", "是否完成"], ["1", "a", "b", "是"]],
     (2, 2), {"number": 0, "problem": 1, "leader": 2, "status": 3}),
    ([[T] * 6, ["序号", "巡察反馈问题", "整改措施", "责任主体", "责任主体", "整改期限"],
      ["序号", "巡察反馈问题", "整改措施", "牵头领导", "牵头部门", "整改期限"], ["1", "a", "b", "c", "d", "e"]],
     (2, 2), {"number": 0, "problem": 1, "measures": 2, "leader": 3, "office": 4, "deadline": 5}),
    ([[T] * 6, ["序号", "巡察反馈问题", "整改措施", "责任主体", "", "整改期限"],
      ["", "", "", "牵头领导", "牵头部门", ""], ["1", "a", "b", "c", "d", "e"]],
     (1, 2), {"number": 0, "problem": 1, "measures": 2, "leader": 3, "office": 4, "deadline": 5}),
    ([["问题类别", "反馈问题", "整改措施", "责任领导", "责任部门", "备注"], ["党建", "a", "b", "c", "d", ""]],
     (0, 0), {"category": 0, "problem": 1, "measures": 2, "leader": 3, "office": 4, "note": 5}),
]  # fmt: skip


@pytest.mark.parametrize(("rows", "where", "roles"), HEADERS)
def test_header_row_found_with_its_column_map(
    rows: list[list[str]], where: tuple[int, int], roles: dict[str, int]
) -> None:
    header = find_header(rows)
    assert header is not None
    assert (header.first, header.last) == where
    assert header.roles == roles


@pytest.mark.parametrize(
    "rows",
    [
        [["说明"], ["本表用于登记会议安排"], ["时间", "地点", "参会人员"]],
        [["序号", "整改措施", "责任部门"], ["1", "a", "b"]],
        [],
    ],
)
def test_no_header_without_a_problem_column(rows: list[list[str]]) -> None:
    assert find_header(rows) is None


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("已完成", "已完成"), ("已整改", "已完成"), ("完成", "已完成"), ("是", "已完成"), ("√", "已完成"),
        ("已完成整改并长期坚持", "已完成"), ("正在整改", "正在推进"), ("推进中", "正在推进"),
        ("长期坚持", "长期坚持"), ("持续整改", "长期坚持"), ("未完成", "未完成"), ("否", "未完成"),
        ("基本完成", "基本完成"), ("取得阶段性成效", "初步成效"), ("", None), ("详见附件", None),
    ],
)  # fmt: skip
def test_status_cell_maps_to_a_status_key(cell: str, key: str | None) -> None:
    assert status_of(cell) == key


@pytest.mark.parametrize(
    ("value", "due"),
    [
        (datetime(2024, 6, 30), date(2024, 6, 30)),
        ("2024年6月30日", date(2024, 6, 30)),
        ("2024年6月30日前完成", date(2024, 6, 30)),
        ("2024.6.30", date(2024, 6, 30)),
        ("2024/06/30", date(2024, 6, 30)),
        ("2024年6月底前", date(2024, 6, 30)),
        ("2024年2月", date(2024, 2, 29)),
        ("2024-09", date(2024, 9, 30)),
        ("2024年底", date(2024, 12, 31)),
        ("2025年第二季度", date(2025, 6, 30)),
        ("2024年下半年", date(2024, 12, 31)),
        ("立行立改", None),
        ("长期坚持", None),
        ("", None),
    ],
)
def test_time_limit_gives_its_last_day(value: object, due: date | None) -> None:
    assert due_date(value) == due


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("中共岚江市水利局党组巡察整改台账", "中共岚江市水利局党组"),
        ("岚江市青石镇关于区委第二巡察组反馈问题整改落实清单", "岚江市青石镇"),
        ("2024年云岭县交通运输局巡察反馈问题整改台账", "云岭县交通运输局"),
        ("云岭县林业局整改台账（第二批）", "云岭县林业局"),
        ("市委第三巡察组反馈问题整改台账", ""),
        ("整改台账", ""),
        ("Sheet1", ""),
    ],
)
def test_unit_read_from_a_title(title: str, unit: str) -> None:
    assert unit_of(title) == unit
