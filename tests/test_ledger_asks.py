"""Ledger questions read: not done, overdue, by office, how many — in the ways people ask them."""

from __future__ import annotations

import pytest

from assistant.reading.ledger_asks import NOT_DONE, read_ledger_ask

ASKS = [
    # question, (statuses, overdue, office, counting) or None
    ("还有哪些问题未完成？", (NOT_DONE, False, "", False)),
    ("哪些问题还没有完成整改", (NOT_DONE, False, "", False)),
    ("尚未完成的问题有几个？", (NOT_DONE, False, "", True)),
    ("正在推进的问题有哪些", (("正在推进",), False, "", False)),
    ("已完成的问题有多少个", (("已完成",), False, "", True)),
    ("台账里有几个问题逾期", ((), True, "", True)),
    ("哪些问题超期未完成？", (NOT_DONE, True, "", False)),
    ("有没有超过整改时限的问题", ((), True, "", False)),
    ("台账里由办公室负责的问题有哪些", ((), False, "办公室", False)),
    ("由财务科牵头整改的问题有几个", ((), False, "财务科", True)),
    ("责任部门是人事科的问题有哪些？", ((), False, "人事科", False)),
    ("机关党委负责的问题还有哪些未完成", (NOT_DONE, False, "机关党委", False)),
    ("被巡察的时间是什么时候？", None),
    ("一共反馈了几个问题？", None),
    ("公务用车问题是怎么整改的", None),
    ("这个问题由谁负责？", None),
]


@pytest.mark.parametrize(("question", "want"), ASKS, ids=[q for q, _ in ASKS])
def test_ledger_ask_read(question: str, want: tuple[tuple[str, ...], bool, str, bool] | None) -> None:
    ask = read_ledger_ask(question)
    got = None if ask is None else (ask.statuses, ask.overdue, ask.office, ask.counting)
    assert got == want
