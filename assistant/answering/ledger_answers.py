"""Answers from a unit's rectification ledger (整改台账): which rows are not done, overdue, or an office's.

For every unit the question names that has a ledger record (``Notice.source_kind == "台账"``),
the rows are selected by the question's ledger ask (``assistant.reading.ledger_asks``): by status,
overdue (the time limit's last day is before today and the row is not marked 已完成; a row whose
status is blank counts as not done and says so), and by the office or person responsible. Each
row is listed with its status, time limit and office as written and the cell each was read from
(``整改台账!H5``), cited by its row; the answer names the ledger file it comes from. Counts and
"overdue" are computed here from the rows, and the answer says so. A unit with no ledger is left
to the notices (None), unless the question asks about its 台账 by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.answering.cited_facts import Cites, FactsAnswer
from assistant.reading.ledger_asks import LedgerAsk, read_ledger_ask
from assistant.reading.questions import QuestionInfo
from core.normalize import compact
from core.types import Fact, Notice, Problem

MAX_LISTED = 15
"""Rows listed per unit at most (the count covers them all)."""
COMPUTED_NOTE = "（以上由台账各行的完成情况、整改时限和责任部门逐行统计得出，不是台账原文的汇总数字。）"
"""Said after every ledger answer: what code counted, not what the ledger states."""


def _ledgers(notices: Sequence[Notice], unit: str) -> list[Notice]:
    return [n for n in notices if n.unit == unit and n.source_kind == "台账"]


def _responsible(p: Problem, office: str) -> bool:
    want = compact(office)
    said = [p.responsible.text if p.responsible else "", p.row.leader if p.row else ""]
    return any(want and want in compact(s) for s in said)


def _overdue(p: Problem, today: date) -> bool:
    due = p.row.due if p.row else None
    return due is not None and date.fromisoformat(due) < today and p.status != "已完成"


def _selected(p: Problem, ask: LedgerAsk, today: date) -> bool:
    if ask.office and not _responsible(p, ask.office):
        return False
    if ask.overdue and not _overdue(p, today):
        return False
    if ask.statuses:
        blank_counts = "未完成" in ask.statuses  # a blank status is not marked done
        return p.status in ask.statuses or (p.status is None and blank_counts)
    return True


def _criteria(ask: LedgerAsk, today: date) -> str:
    parts = []
    if ask.office:
        parts.append(f"由{ask.office}负责")
    if ask.overdue:
        parts.append(f"已过整改时限（以{today.year}年{today.month}月{today.day}日计）且未标明已完成")
    elif ask.statuses:
        parts.append(
            "尚未完成" if "未完成" in ask.statuses and len(ask.statuses) > 1 else "、".join(ask.statuses)
        )
    return "、".join(parts)


def _row_fact(notice: Notice, p: Problem) -> Fact:
    """The problem's statement where its row is written (the row is the sentence a citation shows)."""
    at = notice.text.find(p.statement, p.start, p.end + 1)
    if at < 0:
        return Fact(p.statement, notice.text[p.start : p.end], p.start, p.end)
    return Fact(p.statement, p.statement, at, at + len(p.statement))


def _item(notice: Notice, p: Problem, cites: Cites) -> str:
    row = p.row
    said = []
    status = p.status_quote or "未填写"
    if p.status and p.status_quote and p.status != compact(p.status_quote):
        status = f"{p.status_quote}，即{p.status}"
    said.append(f"完成情况：{status}" + (f"，{row.cell('status')}" if row and row.cell("status") else ""))
    if p.deadline is not None:
        said.append(
            f"整改时限：{p.deadline.text}"
            + (f"，{row.cell('deadline')}" if row and row.cell("deadline") else "")
        )
    if p.responsible is not None:
        said.append(
            f"责任部门：{p.responsible.text}"
            + (f"，{row.cell('office')}" if row and row.cell("office") else "")
        )
    if row is not None and row.leader:
        said.append(f"责任领导：{row.leader}")
    number = f"{p.number}. " if p.number else ""
    return f"{number}{p.statement}（{'；'.join(said)}）{cites.mark(notice, _row_fact(notice, p))}"


def _unit_lines(unit: str, ledgers: list[Notice], ask: LedgerAsk, today: date, cites: Cites) -> list[str]:
    lines = []
    criteria = _criteria(ask, today)
    for notice in ledgers:
        sheet = notice.problems[0].row.sheet if notice.problems and notice.problems[0].row else ""
        where = f"整改台账“{notice.source}”" + (f"工作表“{sheet}”" if sheet else "")
        hits = [p for p in notice.problems if _selected(p, ask, today)]
        if not hits:
            total = notice.facts.problems
            mark = cites.mark(notice, total) if total is not None else ""
            lines.append(f"{unit}的{where}共{len(notice.problems)}个问题{mark}，其中没有{criteria}的问题。")
            continue
        shown = "；".join(_item(notice, p, cites) for p in hits[:MAX_LISTED])
        more = f"（只列出前{MAX_LISTED}个）" if len(hits) > MAX_LISTED else ""
        lines.append(f"来源：{where}。{unit}{criteria}的问题共{len(hits)}个{more}：{shown}。")
        if ask.overdue:
            undated = [p for p in notice.problems if p.status != "已完成" and not (p.row and p.row.due)]
            if undated:
                lines.append(
                    f"另有{len(undated)}个未完成的问题整改时限未写明日期（如立行立改、长期坚持），未计入逾期。"
                )
    return lines


def answer_from_ledger(
    info: QuestionInfo, notices: Sequence[Notice], today: date | None = None
) -> FactsAnswer | None:
    """Answer a status, overdue or by-office question from the named units' ledgers, else None.

    Args:
        info: The analysed question.
        notices: Every indexed record (notices and ledgers).
        today: The day "overdue" is counted from (today when None).
    """
    if not info.units.matched:
        return None
    question = info.question
    for mention in info.units.mentions:
        question = question.replace(mention.surface, " ")
    ask = read_ledger_ask(question)
    if ask is None:
        return None
    today = today or date.today()
    cites = Cites()
    lines: list[str] = []
    for unit in info.units.units:
        ledgers = _ledgers(notices, unit)
        if ledgers:
            lines.extend(_unit_lines(unit, ledgers, ask, today, cites))
            others = sum(1 for n in notices if n.unit == unit and n.source_kind != "台账")
            if others:
                lines.append(f"（{unit}另有整改通报{others}篇；以上按整改台账作答。）")
        elif ask.named:
            lines.append(f"索引中没有{unit}的整改台账（只有整改通报）。")
    if not cites.items:
        return None
    return FactsAnswer("\n".join(lines), tuple(cites.items), computed=COMPUTED_NOTE, from_records=True)
