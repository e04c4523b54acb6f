"""The 审计日志 page (admins): the audit trail filtered by account, action and date, exported as CSV."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from assistant.accounts.audit import ACTION_LABELS, OUTCOME_LABELS, to_csv

if TYPE_CHECKING:
    from assistant.accounts.admin import Administration
    from assistant.accounts.audit import AuditRecord

SHOWN = 2000
"""Newest records shown on the page (the export holds every record the filters match)."""
EVERYONE = "全部账号"
"""The account filter's "no filter" choice."""
COLUMNS = {
    "time": "时间",
    "user": "账号",
    "action": "操作",
    "target": "对象",
    "kb": "知识库",
    "outcome": "结果",
    "detail": "说明",
}
"""Table headers of the audit fields."""


def rows(records: list[AuditRecord]) -> list[dict[str, str]]:
    """The records as table rows, newest first, with Chinese names for actions and outcomes.

    >>> from assistant.accounts.audit import AuditRecord
    >>> rows([AuditRecord("2024-05-01T08:00:00+08:00", "li", "index", "a.txt", "默认", "denied", "读者")])[0]["操作"]
    '索引文件'
    """
    return [
        {
            COLUMNS["time"]: r.time.replace("T", " ")[:19],
            COLUMNS["user"]: r.user,
            COLUMNS["action"]: ACTION_LABELS.get(r.action, r.action),
            COLUMNS["target"]: r.target,
            COLUMNS["kb"]: r.kb,
            COLUMNS["outcome"]: OUTCOME_LABELS.get(r.outcome, r.outcome),
            COLUMNS["detail"]: r.detail,
        }
        for r in reversed(records)
    ]


def _day_start(day: date) -> float:
    return datetime(day.year, day.month, day.day).timestamp()


def page(admin: Administration) -> None:
    """Render the audit view."""
    st.header("审计日志")
    st.caption(
        "记录每一次登录、提问、起草、摘要、索引、移除和账号授权操作，包括被拒绝的操作；只能追加，不能修改或删除。"
    )
    users = [EVERYONE, *admin.audit_users()]
    left, middle, right = st.columns([1, 2, 1.4])
    user = left.selectbox("账号", users, key="audit_user")
    actions = middle.multiselect(
        "操作",
        list(ACTION_LABELS),
        format_func=lambda a: ACTION_LABELS[a],
        key="audit_actions",
        placeholder="全部操作",
    )
    today = date.today()
    picked = right.date_input("日期范围", value=(today - timedelta(days=30), today), key="audit_dates")
    span = picked if isinstance(picked, tuple) else (picked,)
    since = _day_start(span[0]) if span and span[0] else None
    until = _day_start(span[-1] + timedelta(days=1)) if span and span[-1] else None
    who = None if user == EVERYONE else user
    records = admin.audit(since, until, who, actions)
    shown = records[-SHOWN:]
    st.caption(f"共 {len(records)} 条" + (f"，显示最近 {SHOWN} 条" if len(records) > SHOWN else ""))
    if shown:
        st.dataframe(pd.DataFrame(rows(shown)), hide_index=True, width="stretch")
    else:
        st.info("没有符合条件的记录。")
    st.download_button(
        "导出 CSV",
        ("\ufeff" + to_csv(records)).encode("utf-8"),
        file_name=f"审计日志_{today.isoformat()}.csv",
        mime="text/csv",
        key="audit_csv",
        icon=":material/download:",
        disabled=not records,
        on_click=admin.record_export,
        args=(len(records),),
    )
