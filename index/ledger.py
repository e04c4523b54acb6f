"""A rectification ledger (整改台账, .xlsx/.xls) read into notice-like records, one per understood sheet.

Each sheet is read on its own: the header is found by its words (``index.ledger_columns``), the
rows below it grouped into problems (``index.ledger_rows``), and the sheet becomes a ``Notice``
with ``source_kind = "台账"``. Its text is written here from the cells: a title line, a line
naming the unit, file, sheet and header, a line of counts computed from the rows, then one line
per spreadsheet row with every filled cell under its own column name and the row's place
(``（台账第7行）``), so that every passage carries the header and every quote can be found again
in the sheet. Its problems carry status, time limit, responsible office and leader with the cell
each was read from (``Problem.row``); its facts (problem count, status counts) say that they were
computed from the ledger. Chunks hold a few rows each, under the 方面 they belong to.

A sheet that cannot be understood (empty, no problem column, only a header, no unit) is left out
whole with the reason; a workbook none of whose sheets can be understood raises ``LoadError``
with every sheet's reason, and a password-protected or damaged one raises it with that reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from core.normalize import compact, to_search
from core.types import STATUS_KEYS, Chunk, Fact, LedgerRow, Notice, NoticeFacts, Problem, Span
from index.guards import FileLimits, refusal
from index.ledger_chunks import ledger_chunks
from index.ledger_columns import ROLE_LABELS, HeaderMatch, find_header
from index.ledger_rows import Item, SheetRows, group_rows
from index.ledger_sheets import Sheet, cell_ref, read_workbook
from index.ledger_values import due_date, status_of, unit_of
from index.loaders import LoadError
from index.splitting import notice_id

NO_UNIT = "无法确定台账所属单位（标题行、填报单位和文件名中都没有单位名称），请在上传时填写台账所属单位（命令行：index --unit 单位名称）"
"""Why a sheet naming no unit is left out when no unit was given with the file."""
_RANK = {"未完成": 0, "正在推进": 1, "初步成效": 2, "基本完成": 3, "长期坚持": 4, "已完成": 5}
"""Least done first: a problem over several rows has the status of its least advanced row."""


@dataclass(frozen=True)
class LedgerFile:
    """What a workbook gave: one record per understood sheet, their chunks, and the sheets left out."""

    notices: tuple[Notice, ...]
    """One ledger record per understood sheet, in workbook order."""
    chunks: tuple[Chunk, ...]
    """Their chunks, each id once."""
    chars: int
    """Characters of the records' text."""
    left_out: tuple[tuple[str, str], ...]
    """Sheets not read, as (``工作表“名”``, reason)."""
    rows_present: int
    """Rows below the headers of the understood sheets that are neither empty, sections nor footnotes."""
    rows_read: int
    """Of those, the rows read into problems (their own rows and follow-on rows)."""


def read_ledger(
    data: bytes,
    path: Path,
    source: str,
    unit: str = "",
    chunk_tokens: int = 400,
    limits: FileLimits | None = None,
) -> LedgerFile:
    """Read a ledger workbook.

    Args:
        data: The file's bytes.
        path: The file (for messages and, failing a title, its name as the unit).
        source: The name the file is indexed under.
        unit: The unit given with the file, used when neither a title nor the file name names one.
        chunk_tokens: Upper bound of a chunk in tokens.
        limits: What the file may declare (the zip guards run first).

    Raises:
        LoadError: Over a limit, encrypted, damaged, or no sheet could be understood.
    """
    reason = refusal(data, path.suffix.lower(), limits or FileLimits())
    if reason is not None:
        raise LoadError(reason, path)
    if not data:
        raise LoadError("空文件", path)
    try:
        sheets = read_workbook(data)
    except LoadError as exc:
        raise LoadError(exc.reason, path) from exc
    notices: list[Notice] = []
    chunks: dict[str, Chunk] = {}
    left_out: list[tuple[str, str]] = []
    present = read = 0
    several = len(sheets) > 1
    for sheet in sheets:
        try:
            notice, grouped = _read_sheet(sheet, path, source, unit, several, len(notices))
        except LoadError as exc:
            left_out.append((f"工作表“{sheet.name}”", exc.reason))
            continue
        notices.append(notice)
        present += grouped.problem_rows
        read += sum(len(i.rows) for i in grouped.items)
        for chunk in ledger_chunks(notice, chunk_tokens):
            chunks.setdefault(chunk.id, chunk)
    if not notices:
        said = "；".join(f"{name}：{why}" for name, why in left_out) or "工作簿中没有工作表"
        raise LoadError(f"没有可读的整改台账（{said}）", path)
    chars = sum(len(n.text) for n in notices)
    return LedgerFile(tuple(notices), tuple(chunks.values()), chars, tuple(left_out), present, read)


def _sheet_reason(sheet: Sheet, texts: list[list[str]], header: HeaderMatch | None) -> str:
    if sheet.too_long:
        return f"行数过多（{sheet.too_long:,} 行，上限 20,000 行），未读取"
    if not any(any(row) for row in texts):
        return "工作表为空"
    if header is None:
        words = "问题、反馈问题、存在问题、问题描述"
        return f"未找到问题列（前 20 行中没有“{words}”等表头），无法识别为整改台账"
    return "只有表头，没有数据行"


def _title_and_unit(
    texts: list[list[str]], header: HeaderMatch, path: Path, given: str
) -> tuple[str, str, str]:
    """The title row (or ''), the unit (simplified) and where the unit was read."""
    above = [v for row in texts[: header.first] for v in dict.fromkeys(x for x in row if x)]
    title = next((v for v in above if len(compact(v)) >= 4 and unit_of(v)), above[0] if above else "")
    for v in above:
        if (u := unit_of(v)) or (u := _filled_in(v)):
            return title, to_search(u), "title"
    if u := unit_of(path.stem):
        return title, to_search(u), "file"
    if compact(given):
        return title, to_search(" ".join(given.split())), "given"
    return title, "", ""


def _filled_in(text: str) -> str:
    """The unit of a ``填报单位：某局`` line, or ''.

    >>> _filled_in("填报单位：甲市乙局    填报时间：2024年6月"), _filled_in("单位：（盖章）")
    ('甲市乙局', '')
    """
    t = compact(text)
    for key in ("填报单位", "责任单位", "单位名称", "单位"):
        at = t.find(key + "：")
        if at < 0:
            at = t.find(key + ":")
        if at >= 0:
            name = t[at + len(key) + 1 :]
            for stop in ("填报", "时间", "日期", "（", "("):
                name = name.split(stop, 1)[0]
            return name if len(name) >= 2 else ""
    return ""


class _Writer:
    """The record's text, written piece by piece with the offset of each piece."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.pos
        self.parts.append(text)
        self.pos += len(text)
        return start, self.pos

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _read_sheet(
    sheet: Sheet, path: Path, source: str, given: str, several: bool, ordinal: int
) -> tuple[Notice, SheetRows]:
    texts = sheet.texts()
    header = find_header(texts)
    grouped = group_rows(sheet, header) if header is not None else SheetRows()
    if header is None or sheet.too_long or not grouped.items:
        raise LoadError(_sheet_reason(sheet, texts, header if not sheet.too_long else None))
    title, unit, unit_from = _title_and_unit(texts, header, path, given)
    if not unit:
        raise LoadError(NO_UNIT)
    shown_title = title or f"{unit}整改台账"
    if several:
        shown_title = f"{shown_title}（{sheet.name}）"
    head = _Writer()
    head.add(shown_title + "\n")
    head.add("单位：")
    unit_span = head.add(unit)
    labels = "｜".join(header.labels[c] for c in sorted(header.labels))
    rows = f"第{header.last + 2}—{grouped.items[-1].rows[-1] + 1}行"
    head.add(f"；来源：整改台账“{source}”，工作表“{sheet.name}”，表头：{labels}；数据{rows}。\n")
    body = _Writer()
    problems, sections = _write_rows(sheet, header, grouped, body)
    facts_line, (problem_fact, status_facts) = _facts(problems, sections)
    text = head.text + facts_line + body.text
    problems = [_shifted(p, len(head.text) + len(facts_line)) for p in problems]
    facts = NoticeFacts(
        unit=Fact(unit, text[unit_span[0] : unit_span[1]], *unit_span),
        title=Fact(to_search(shown_title), shown_title, 0, len(shown_title)),
        problems=_moved(problem_fact, len(head.text)),
        status={k: _moved(f, len(head.text)) for k, f in status_facts.items()},
    )
    notice = Notice(
        id=notice_id(f"{source}#{sheet.name}", text),
        unit=unit,
        title=shown_title,
        source=source,
        text=text,
        search_text=to_search(text),
        facts=facts,
        problems=tuple(problems),
        ordinal=ordinal,
        unit_from="title" if unit_from == "title" else "none",
        source_kind="台账",
    )
    return notice, grouped


def _moved(fact: Fact, by: int) -> Fact:
    return Fact(fact.value, fact.quote, fact.start + by, fact.end + by, fact.number, dict(fact.detail))


def _span(s: Span | None, by: int) -> Span | None:
    return Span(s.text, s.start + by, s.end + by) if s is not None else None


def _shifted(p: Problem, by: int) -> Problem:
    spans = tuple(Span(m.text, m.start + by, m.end + by) for m in p.measure_spans)
    return Problem(
        heading=p.heading, path=p.path, start=p.start + by, end=p.end + by, status=p.status,
        status_quote=p.status_quote, measures=p.measures, number=p.number, statement=p.statement,
        measure_spans=spans, deadline=_span(p.deadline, by), responsible=_span(p.responsible, by), row=p.row,
    )  # fmt: skip


def _write_rows(
    sheet: Sheet, header: HeaderMatch, grouped: SheetRows, w: _Writer
) -> tuple[list[Problem], int]:
    """Write every problem's rows (and the section lines) and read the problems; also the 方面 count."""
    roles = header.roles
    role_of = {c: role for role, c in roles.items()}
    columns = sorted(set(header.labels) | set(roles.values()))
    problems: list[Problem] = []
    section = None
    sections = 0
    for item in grouped.items:
        if item.section and item.section != section:
            section = item.section
            sections += 1
            w.add(section + "\n")
        problems.append(_write_item(sheet, header, item, columns, role_of, w))
    return problems, sections


def _write_item(
    sheet: Sheet, header: HeaderMatch, item: Item, columns: list[int], role_of: dict[int, str], w: _Writer
) -> Problem:
    first = item.rows[0]
    start = w.pos
    found: dict[str, list[tuple[int, int, int, str]]] = {}  # role -> [(row, start, end, text)]
    for r in item.rows:
        if r != first:
            w.add("  ")
        wrote = False
        for c in columns:
            role = role_of.get(c, "")
            if role == "category" and item.section:
                continue
            if r != first and (role in ("problem", "number") or _same_merge(sheet, first, r, c)):
                continue
            value = sheet.text(r, c)
            if not value:
                continue
            label = header.labels.get(c) or ROLE_LABELS.get(role, "")
            w.add(("｜" if wrote else "") + (f"{label}：" if label else ""))
            a, b = w.add(value)
            found.setdefault(role, []).append((r, a, b, value))
            wrote = True
        w.add(f"（{sheet.name}第{r + 1}行）\n")
    end = w.pos - 1
    return _problem(sheet, header, item, found, start, end)


def _same_merge(sheet: Sheet, r0: int, r1: int, c: int) -> bool:
    m = sheet.merged.get((r1, c))
    return m is not None and sheet.merged.get((r0, c)) == m


def _problem(
    sheet: Sheet,
    header: HeaderMatch,
    item: Item,
    found: dict[str, list[tuple[int, int, int, str]]],
    start: int,
    end: int,
) -> Problem:
    roles = header.roles
    first = item.rows[0]
    cells = {"problem": cell_ref(first, roles["problem"])}

    def first_of(role: str) -> tuple[int, int, int, str] | None:
        got = found.get(role)
        if got:
            cells[role] = cell_ref(got[0][0], roles[role])
        return got[0] if got else None

    problem = first_of("problem")
    statement = problem[3] if problem else sheet.text(first, roles["problem"])
    number = first_of("number")
    office = first_of("office")
    leader = first_of("leader")
    status, status_quote = None, None
    rated = [(s, r, q) for r, _, _, q in found.get("status", []) if (s := status_of(q)) is not None]
    if rated:
        status, r, status_quote = min(rated, key=lambda srq: _RANK[srq[0]])
        cells["status"] = cell_ref(r, roles["status"])
    elif quote := first_of("status"):
        status_quote = quote[3]
    deadline, due = None, None
    dated = [
        (d, r, a, b, q)
        for r, a, b, q in found.get("deadline", [])
        if (d := due_date(_raw(sheet, r, roles["deadline"]))) is not None
    ]
    if dated:
        due, r, a, b, q = max(dated)
        deadline = Span(q, a, b)
        cells["deadline"] = cell_ref(r, roles["deadline"])
    elif got := first_of("deadline"):
        deadline = Span(got[3], got[1], got[2])
    measures = found.get("measures", [])
    if measures:
        cells["measures"] = cell_ref(measures[0][0], roles["measures"])
    return Problem(
        heading=statement,
        path=(item.section,) if item.section else (),
        start=start,
        end=end,
        status=status,
        status_quote=status_quote,
        measures=tuple(m[3] for m in measures),
        number=number[3] if number else "",
        statement=statement,
        measure_spans=tuple(Span(m[3], m[1], m[2]) for m in measures),
        deadline=deadline,
        responsible=Span(office[3], office[1], office[2]) if office else None,
        row=LedgerRow(
            sheet.name,
            first + 1,
            item.rows[-1] + 1,
            cells,
            due.isoformat() if due else None,
            leader[3] if leader else "",
        ),
    )


def _raw(sheet: Sheet, r: int, c: int) -> object:
    row = sheet.values[r]
    return row[c] if c < len(row) else None


def _facts(problems: list[Problem], sections: int) -> tuple[str, tuple[Fact, dict[str, Fact]]]:
    """The counts line (computed from the rows) and its facts, offsets into the line."""
    line = "根据台账各行统计："
    quote = f"共{len(problems)}个问题"
    at = len(line)
    line += quote
    detail: dict[str, int | str] = {"computed": "ledger"}
    if sections:
        line += f"，分{sections}个方面"
        detail["aspects"] = sections
    problem_fact = Fact(f"{len(problems)}个问题", quote, at, at + len(quote), len(problems), detail)
    counts = Counter(p.status for p in problems)
    status: dict[str, Fact] = {}
    said = []
    for key in STATUS_KEYS:
        if counts[key]:
            said.append((key, f"{key}{counts[key]}个"))
    line += "；其中" if said or counts[None] else ""
    for i, (key, words) in enumerate(said):
        line += "，" if i else ""
        status[key] = Fact(
            words, words, len(line), len(line) + len(words), counts[key], {"computed": "ledger"}
        )
        line += words
    if counts[None]:
        line += f"{'，' if said else ''}未填写完成情况{counts[None]}个"
    return line + "。\n", (problem_fact, status)
