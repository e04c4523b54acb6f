"""The audit trail: who did what to which question, file or account, and how it ended.

Every action is recorded, refusals and failed sign-ins included, by ``AuditLog.record``. The
table is append-only (triggers refuse ``UPDATE`` and ``DELETE``, see ``assistant.accounts.db``).
A record holds a question's text (cut to ``TARGET_CHARS``), a file or an account name, never a
password or an API key: callers pass targets only, and ``clean_target`` drops anything shaped like
a key before it is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, get_args

from assistant.accounts.db import iso, now
from core.errors import AssistantError

if TYPE_CHECKING:
    from assistant.accounts.db import Database

Outcome = Literal["ok", "denied", "error"]
"""ok: done; denied: refused by a role or grant, or a failed sign-in; error: failed or invalid."""
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
"""The outcomes, in display order."""
OUTCOME_LABELS: dict[str, str] = {"ok": "成功", "denied": "拒绝", "error": "出错"}
"""How each outcome is named to users."""

ACTION_LABELS: dict[str, str] = {
    "login": "登录",
    "logout": "退出",
    "ask": "问答",
    "draft": "起草",
    "summarize": "摘要",
    "retrieve": "原文检索",
    "read": "查看知识库",
    "index": "索引文件",
    "remove": "移除文件",
    "user_add": "添加账号",
    "user_remove": "删除账号",
    "role": "修改角色",
    "password": "修改密码",
    "grant": "授权",
    "revoke": "撤销授权",
    "kb_add": "新建知识库",
    "kb_remove": "删除知识库",
    "export": "导出审计日志",
}
"""Every action recorded, with its name for users."""

TARGET_CHARS = 200
"""A question longer than this is recorded cut, with an ellipsis."""
FIELDS = ("time", "user", "action", "target", "kb", "outcome", "detail")
"""The fields of a record, in the order of ``audit --json`` and the CSV export."""

_SECRET_RE = re.compile(r"\b(?:sk|pk|rk|api|key)[-_][A-Za-z0-9_-]{8,}|\$argon2[a-z]*\$\S+")


def clean_target(text: str, limit: int = TARGET_CHARS) -> str:
    """``text`` made safe and short for the trail: key-shaped strings masked, long text cut.

    >>> clean_target("用 sk-abcdef1234567890 测试")
    '用 [已隐去] 测试'
    >>> len(clean_target("问" * 500))
    201
    """
    text = _SECRET_RE.sub("[已隐去]", " ".join(text.split()))
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class AuditRecord:
    """One line of the audit trail."""

    time: str
    """When, local ISO 8601 with its offset."""
    user: str
    """Who: the account name, ``@operator``, or the name tried at a failed sign-in."""
    action: str
    """What (a key of ``ACTION_LABELS``)."""
    target: str
    """On what: the question or instruction, the file, the account or knowledge base."""
    kb: str
    """The knowledge base acted in ('' for actions outside one)."""
    outcome: Outcome
    """How it ended."""
    detail: str
    """Why it was refused or failed, or what was done (never secrets)."""

    def to_json(self) -> dict[str, Any]:
        """The item shape of ``audit --json``."""
        return {name: getattr(self, name) for name in FIELDS}


def parse_since(text: str) -> float:
    """The time ``--since`` names: a date (its local midnight) or an ISO date and time.

    >>> parse_since("2024-05-01") == datetime(2024, 5, 1).timestamp()
    True
    >>> parse_since("昨天")
    Traceback (most recent call last):
    ...
    core.errors.AssistantError: 无法识别的日期“昨天”（应为 2024-05-01 或 2024-05-01T08:30）
    """
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime(day.year, day.month, day.day).timestamp()
        return datetime.fromisoformat(text.strip()).timestamp()
    except ValueError:
        raise AssistantError(f"无法识别的日期“{text}”（应为 2024-05-01 或 2024-05-01T08:30）") from None


class AuditLog:
    """Append to and read the audit trail."""

    def __init__(self, db: Database) -> None:
        """Work on the audit table of ``db``."""
        self.db = db

    def record(
        self, user: str, action: str, target: str, outcome: Outcome, kb: str = "", detail: str = ""
    ) -> None:
        """Append one record (the target and detail pass through ``clean_target``)."""
        with self.db.connect() as con:
            con.execute(
                "INSERT INTO audit (ts, user, action, target, kb, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now(), user, action, clean_target(target), kb, outcome, clean_target(detail, 300)),
            )

    def read(
        self,
        since: float | None = None,
        until: float | None = None,
        user: str | None = None,
        actions: Sequence[str] = (),
        limit: int | None = None,
    ) -> list[AuditRecord]:
        """Records oldest first, filtered by time (``since`` ≤ t < ``until``), user and actions.

        With ``limit``, the newest ``limit`` records (still oldest first).
        """
        where, args = ["1 = 1"], list[Any]()
        if since is not None:
            where.append("ts >= ?")
            args.append(since)
        if until is not None:
            where.append("ts < ?")
            args.append(until)
        if user:
            where.append("user = ?")
            args.append(user)
        if actions:
            where.append(f"action IN ({', '.join('?' * len(actions))})")
            args.extend(actions)
        sql = f"SELECT * FROM audit WHERE {' AND '.join(where)} ORDER BY id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self.db.connect() as con:
            rows = con.execute(sql, args).fetchall()
        return [
            AuditRecord(iso(r["ts"]), r["user"], r["action"], r["target"], r["kb"], r["outcome"], r["detail"])
            for r in reversed(rows)
        ]

    def users(self) -> list[str]:
        """Every user name that appears in the trail."""
        with self.db.connect() as con:
            return [r[0] for r in con.execute("SELECT DISTINCT user FROM audit ORDER BY user")]


def to_csv(records: Sequence[AuditRecord]) -> str:
    """The records as CSV (a header of ``FIELDS``, UTF-8 text; Excel wants the BOM the caller adds).

    >>> print(to_csv([AuditRecord("2024-05-01T08:00:00+08:00", "li", "ask", "问题", "默认", "ok", "")]).strip())
    time,user,action,target,kb,outcome,detail
    2024-05-01T08:00:00+08:00,li,ask,问题,默认,ok,
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS)
    for r in records:
        writer.writerow([getattr(r, name) for name in FIELDS])
    return buf.getvalue()
