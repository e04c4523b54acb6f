"""A spreadsheet's bytes to its sheets as grids of cells: .xlsx with openpyxl, .xls with xlrd.

Merged cells are filled with the value of their top-left cell and keep the id of their range,
so a header merged over two rows or a problem merged over its measure rows reads the same in
every row it covers, and the ledger reader can tell one merged cell from equal values. A
password-protected workbook (an .xlsx encrypted into an OLE container, an encrypted .xls) and a
damaged one raise ``LoadError`` with the reason; the zip guards of ``index.guards`` have run
before this module opens anything.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from index.loaders import LoadError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""The first bytes of an OLE compound file: an .xls, or an encrypted .xlsx."""
MAX_ROWS = 20_000
"""Most rows of one sheet read; a longer sheet is refused, not cut short."""
MAX_COLUMNS = 60
"""Most columns read (a ledger has about ten; wider sheets are cut to this many)."""
ENCRYPTED = "文件已加密（设有打开密码），无法读取；请在 Excel 中取消密码后重新上传"
"""Why a password-protected workbook is skipped."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its cells as values and as text, merged cells filled in."""

    name: str
    """The sheet's name as the workbook names it."""
    values: list[list[Any]]
    """Cell values by row and column (0-based): str, int, float, date, datetime or None."""
    merged: dict[tuple[int, int], int] = field(default_factory=dict)
    """The id of the merged range a cell lies in, for cells in one."""
    too_long: int = 0
    """The sheet's row count when it has more than ``MAX_ROWS`` (nothing is read then)."""

    def text(self, r: int, c: int) -> str:
        """The cell's text as shown (dates as 2024年6月30日, whole numbers without .0, white space folded)."""
        row = self.values[r] if r < len(self.values) else []
        return cell_text(row[c]) if c < len(row) else ""

    def texts(self) -> list[list[str]]:
        """Every row as texts."""
        return [[cell_text(v) for v in row] for row in self.values]


def cell_ref(r: int, c: int) -> str:
    """The A1 reference of 0-based row ``r`` and column ``c``.

    >>> cell_ref(6, 5), cell_ref(0, 27)
    ('F7', 'AB1')
    """
    letters = ""
    c += 1
    while c:
        c, rest = divmod(c - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{r + 1}"


def cell_text(value: Any) -> str:
    r"""A cell value as text.

    >>> cell_text(3.0), cell_text(datetime(2024, 6, 30)), cell_text(" 已 完成\n"), cell_text(None)
    ('3', '2024年6月30日', '已 完成', '')
    """
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _fill(values: list[list[Any]], ranges: list[tuple[int, int, int, int]]) -> dict[tuple[int, int], int]:
    """Fill each merged range (first row, first column, last row, last column; 0-based) with its top-left value."""
    merged: dict[tuple[int, int], int] = {}
    for n, (r0, c0, r1, c1) in enumerate(ranges):
        if r0 >= len(values):
            continue
        top = values[r0][c0] if c0 < len(values[r0]) else None
        for r in range(r0, min(r1, len(values) - 1) + 1):
            row = values[r]
            for c in range(c0, min(c1, MAX_COLUMNS - 1) + 1):
                if c >= len(row):
                    row.extend([None] * (c + 1 - len(row)))
                row[c] = top
                merged[(r, c)] = n
    return merged


def _trim(values: list[list[Any]]) -> list[list[Any]]:
    """Rows without trailing empty cells, trailing empty rows dropped."""
    out = [list(row[:MAX_COLUMNS]) for row in values]
    for row in out:
        while row and (row[-1] is None or row[-1] == ""):
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


def _is_encrypted_ooxml(data: bytes) -> bool:
    import olefile

    try:
        with olefile.OleFileIO(data) as ole:
            return bool(ole.exists("EncryptedPackage") or ole.exists("EncryptionInfo"))
    except (OSError, ValueError):
        return False


def read_workbook(data: bytes) -> list[Sheet]:
    """The sheets of a workbook (.xlsx or .xls, told apart by their bytes, not their name).

    Raises:
        LoadError: Encrypted, damaged, or neither an .xlsx nor an .xls.
    """
    if data.startswith(OLE_MAGIC):
        if _is_encrypted_ooxml(data):
            raise LoadError(ENCRYPTED)
        return _read_xls(data)
    if data.startswith(b"PK"):
        return _read_xlsx(data)
    raise LoadError("文件损坏：不是有效的 Excel 工作簿（.xlsx/.xls）")


def _read_xlsx(data: bytes) -> list[Sheet]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise LoadError(f"文件损坏：不是有效的 Excel 工作簿（{type(exc).__name__}）") from exc
    except Exception as exc:  # openpyxl and lxml raise many types on a broken package
        raise LoadError(f"文件损坏：无法解析 Excel 工作簿（{type(exc).__name__}）") from exc
    sheets: list[Sheet] = []
    for ws in book.worksheets:
        if ws.max_row > MAX_ROWS:
            sheets.append(Sheet(ws.title, [], too_long=ws.max_row))
            continue
        values = _trim([list(row) for row in ws.iter_rows(max_col=MAX_COLUMNS, values_only=True)])
        ranges = [
            (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
        ]
        sheets.append(Sheet(ws.title, values, _fill(values, ranges)))
    return sheets


def _read_xls(data: bytes) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise LoadError(ENCRYPTED) from exc
        raise LoadError(f"文件损坏：无法解析 Excel 97-2003 工作簿（{exc}）") from exc
    except Exception as exc:  # xlrd raises many types on a broken file
        raise LoadError(f"文件损坏：无法解析 Excel 97-2003 工作簿（{type(exc).__name__}）") from exc
    sheets: list[Sheet] = []
    for ws in book.sheets():
        if ws.nrows > MAX_ROWS:
            sheets.append(Sheet(ws.name, [], too_long=ws.nrows))
            continue
        values: list[list[Any]] = []
        for r in range(ws.nrows):
            row: list[Any] = []
            for c in range(min(ws.ncols, MAX_COLUMNS)):
                cell = ws.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_DATE:
                    try:
                        row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                    except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                        row.append(cell.value)
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                else:
                    row.append(cell.value)
            values.append(row)
        values = _trim(values)
        ranges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in ws.merged_cells]
        sheets.append(Sheet(ws.name, values, _fill(values, ranges)))
    return sheets
