"""Fictional rectification ledgers (整改台账) written with openpyxl and xlwt, in several header styles.

Each writer returns the file's path and the ``Row`` records the ledger holds, so that tests can
check every problem read against what was written. No real unit is named. Time limits are in
2020 (long past) or 2099 (far ahead), so what is overdue does not depend on the day tests run.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment


@dataclass(frozen=True)
class Row:
    """One problem as a ledger states it, and what reading it must give."""

    problem: str
    measures: tuple[str, ...]
    leader: str
    office: str
    deadline: object
    """The cell value: text, or a datetime for a date cell."""
    status: str
    """The cell text as written (已完成, 是, 推进中 …)."""
    key: str | None
    """The status key it must read as."""
    due: str | None
    """The ISO date the time limit must read as (None: no date)."""
    category: str = ""


WATER = "中共岚江市水利局党组"
WATER_ROWS = (
    Row("理论学习中心组学习不够深入", ("修订中心组学习制度，每季度开展专题研讨",), "张局长", "办公室",
        datetime(2020, 6, 30), "已完成", "已完成", "2020-06-30", "政治建设方面"),
    Row("公务用车管理不规范", ("建立公务用车使用登记台账", "开展公务用车专项检查"), "李副局长", "办公室",
        "2020年12月底前", "正在整改", "正在推进", "2020-12-31", "政治建设方面"),
    Row("财务报销审核把关不严", ("出台财务报销管理办法，清理报销凭证",), "王副局长", "财务科",
        "2099年12月31日", "正在整改", "正在推进", "2099-12-31", "作风建设方面"),
    Row("干部教育培训针对性不强", ("制定年度培训计划，分层分类开展培训",), "赵副局长", "人事科",
        "长期坚持", "长期坚持", "长期坚持", None, "作风建设方面"),
    Row("河道采砂监管存在漏洞", ("联合执法部门开展采砂专项整治",), "李副局长", "办公室、水政监察大队",
        "2020年9月30日", "未完成", "未完成", "2020-09-30", "作风建设方面"),
)  # fmt: skip
"""Style A: title row and merged header, category column, dates as date cells and as text."""

TRAFFIC = "云岭县交通运输局"
TRAFFIC_ROWS = (
    Row("党组会议议事规则执行不严格", ("修订党组工作规则",), "陈书记", "局办公室", "2020.12.31", "已整改",
        "已完成", "2020-12-31", "一、党的政治建设方面"),
    Row("意识形态阵地管理不到位", ("建立阵地管理台账",), "周副局长", "宣传股", "2099-06", "推进中", "正在推进",
        "2099-06-30", "一、党的政治建设方面"),
    Row("工程项目招投标监管薄弱", ("开展招投标专项检查",), "吴副局长", "建设股", "2020年6月", "推进中",
        "正在推进", "2020-06-30", "二、全面从严治党方面"),
    Row("基层党支部组织生活不规范", ("落实三会一课制度",), "陈书记", "机关党委", "立行立改", "持续整改",
        "长期坚持", None, "二、全面从严治党方面"),
)  # fmt: skip
"""Style B: plain header in row 1 with other words, section rows merged across, no title (unit from the file name)."""

TOWN = "岚江市青石镇"
TOWN_ROWS = (
    Row("村级财务公开不及时", ("每季度公开村级财务",), "刘镇长", "党政办", "2020年3月底", "是", "已完成",
        "2020-03-31"),
    Row("惠民资金发放审核不严", ("复核惠民资金发放名单",), "孙副镇长", "财政所", "2020年第三季度", "否", "未完成",
        "2020-09-30"),
    Row("安全生产隐患排查不彻底", ("开展安全隐患大排查",), "孙副镇长", "应急办", "2099年上半年", "否", "未完成",
        "2099-06-30"),
)  # fmt: skip
"""Style C: title with 关于, two-row header under a merged group heading, status as 是/否."""

FOREST = "云岭县林业局"
FOREST_ROWS = (
    Row("林地征占用审批把关不严", ("开展林地征占用专项清查",), "何局长", "资源股", datetime(2020, 5, 31), "已完成",
        "已完成", "2020-05-31"),
    Row("护林员管理考核流于形式", ("完善护林员考核办法",), "郑副局长", "办公室", datetime(2020, 10, 31),
        "正在推进", "正在推进", "2020-10-31"),
)  # fmt: skip
"""The .xls ledger (xlwt): title row, header in row 2, dates as date cells."""


def _merge_down(ws: openpyxl.worksheet.worksheet.Worksheet, col: int, first: int, last: int) -> None:
    if last > first:
        ws.merge_cells(start_row=first, start_column=col, end_row=last, end_column=col)


def write_style_a(folder: Path) -> tuple[Path, tuple[Row, ...]]:
    """Title row merged across, a 填报 line, header in row 3, a category column, one problem over two rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "整改台账"
    header = [
        "序号",
        "问题类别",
        "巡察反馈问题",
        "整改措施",
        "责任领导",
        "责任部门",
        "整改时限",
        "完成情况",
        "备注",
    ]
    ws.append([f"{WATER}巡察整改台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(["填报时间：2025年3月"])
    ws.append(header)
    r = 4
    for n, row in enumerate(WATER_ROWS, 1):
        for i, measure in enumerate(row.measures):
            ws.append(
                [n, row.category, row.problem, measure, row.leader, row.office, row.deadline, row.status, ""]
            )
            if i:
                for c in (1, 2, 3, 5, 6, 7, 8):
                    ws.cell(ws.max_row, c).value = None
        _merge_down(ws, 1, r, r + len(row.measures) - 1)
        for c in (2, 3, 5, 6, 7, 8):
            _merge_down(ws, c, r, r + len(row.measures) - 1)
        r += len(row.measures)
    ws.cell(r, 1).value = "注：完成情况按月更新。"
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True)
    path = folder / "水利局台账.xlsx"
    wb.save(path)
    return path, WATER_ROWS


def write_style_b(folder: Path) -> tuple[Path, tuple[Row, ...]]:
    """Header in row 1 with short and other words (编号, 存在问题, 整改举措 …), merged section rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    header = ["编号", "存在问题", "整改举措", "责任人", "责任单位", "完成时限", "整改进展", "备注"]
    ws.append(header)
    section = None
    for n, row in enumerate(TRAFFIC_ROWS, 1):
        if row.category != section:
            section = row.category
            ws.append([section])
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=len(header))
        ws.append(
            [str(n), row.problem, row.measures[0], row.leader, row.office, row.deadline, row.status, None]
        )
    path = folder / f"{TRAFFIC}巡察整改台账.xlsx"
    wb.save(path)
    return path, TRAFFIC_ROWS


def write_style_c(folder: Path) -> tuple[Path, tuple[Row, ...]]:
    """A title with 关于, a two-row header (责任主体 over 牵头领导 and 牵头部门), status as 是/否."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "清单"
    ws.append([f"{TOWN}关于区委第二巡察组反馈问题整改落实清单"])
    ws.merge_cells("A1:G1")
    ws.append(["序号", "问题描述", "具体措施", "责任主体", None, "整改期限", "是否完成"])
    ws.append([None, None, None, "牵头领导", "牵头部门", None, None])
    for col in "ABCFG":
        ws.merge_cells(f"{col}2:{col}3")
    ws.merge_cells("D2:E2")
    for n, row in enumerate(TOWN_ROWS, 1):
        ws.append([n, row.problem, row.measures[0], row.leader, row.office, row.deadline, row.status])
    path = folder / "青石镇清单.xlsx"
    wb.save(path)
    return path, TOWN_ROWS


def write_xls(folder: Path) -> tuple[Path, tuple[Row, ...]]:
    """An Excel 97-2003 ledger written with xlwt: merged title, header in row 2, date cells."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("台账")
    header = ["序号", "问题描述", "整改措施", "责任领导", "责任部门", "整改时限", "完成情况"]
    ws.write_merge(0, 0, 0, len(header) - 1, f"{FOREST}巡察整改台账")
    for c, h in enumerate(header):
        ws.write(1, c, h)
    dated = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for r, row in enumerate(FOREST_ROWS, 2):
        for c, v in enumerate([r - 1, row.problem, row.measures[0], row.leader, row.office]):
            ws.write(r, c, v)
        ws.write(r, 5, row.deadline, dated)
        ws.write(r, 6, row.status)
    path = folder / "林业局台账.xls"
    wb.save(str(path))
    return path, FOREST_ROWS


def write_sheet(path: Path, rows: list[list[object]], title: str = "Sheet1") -> Path:
    """A workbook of one sheet holding ``rows`` as given."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


WRITERS = (write_style_a, write_style_b, write_style_c, write_xls)
"""Every ledger writer, one per header style."""
