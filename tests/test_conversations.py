"""Saved conversations: per account, knowledge base and mode; results come back exactly; never another's."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.accounts.conversations import ConversationNotFound, Conversations, Message
from assistant.accounts.db import Database
from assistant.accounts.transcript import decode, encode
from assistant.factory import make_assistant
from tests.conftest import Indexed


@pytest.fixture
def book(tmp_path: Path) -> Conversations:
    return Conversations(Database(tmp_path / "db.sqlite"))


def test_results_survive_the_database_exactly(sample_store: Indexed, book: Conversations) -> None:
    assistant = make_assistant(sample_store.settings, store=sample_store.store)
    results = [
        assistant.ask("市财政局反馈了多少个问题？"),
        assistant.draft("起草一段关于财务报销审核不严问题的整改情况"),
        assistant.summarize("市财政局"),
        assistant.retrieve("财务报销审核"),
    ]
    for result in results:
        back = decode(encode(result))
        assert type(back) is type(result)
        for name in result.__dataclass_fields__:
            if name not in ("hits", "info"):
                assert getattr(back, name) == getattr(result, name), name
    chat = book.start("li", "默认", "问答", "财政局")
    book.append(
        "li", chat.id, [Message("user", "市财政局反馈了多少个问题？"), Message("assistant", "x", results[0])]
    )
    again = Conversations(book.db).messages("li", chat.id)
    assert again[1].result is not None and again[1].result.citations == results[0].citations


def test_threads_are_per_account_knowledge_base_and_mode(book: Conversations) -> None:
    a = book.start("li", "默认", "问答", "一")
    b = book.start("li", "默认", "起草", "二")
    c = book.start("li", "财务", "问答", "三")
    d = book.start("wang", "默认", "问答", "四")
    assert [x.id for x in book.recent("li", "默认", "问答")] == [a.id]
    assert [x.id for x in book.recent("li", "默认", "起草")] == [b.id]
    assert [x.id for x in book.recent("li", "财务", "问答")] == [c.id]
    assert [x.id for x in book.recent("wang", "默认", "问答")] == [d.id]


def test_new_rename_delete_and_most_recent_first(book: Conversations) -> None:
    first = book.start("li", "默认", "问答", "第一")
    second = book.start("li", "默认", "问答", "第二")
    book.append("li", first.id, [Message("user", "又问了一句")])
    assert [x.title for x in book.recent("li", "默认", "问答")] == ["第一", "第二"]
    book.rename("li", second.id, "  改名  后 ")
    assert book.get("li", second.id).title == "改名 后"
    with pytest.raises(Exception, match="不能为空"):
        book.rename("li", second.id, "  ")
    book.delete("li", first.id)
    assert [x.title for x in book.recent("li", "默认", "问答")] == ["改名 后"]


def test_another_accounts_conversation_cannot_be_read_or_touched(book: Conversations) -> None:
    mine = book.start("li", "默认", "问答", "我的")
    book.append("li", mine.id, [Message("user", "机密问题")])
    for call in (
        lambda: book.get("wang", mine.id),
        lambda: book.messages("wang", mine.id),
        lambda: book.rename("wang", mine.id, "改"),
        lambda: book.append("wang", mine.id, [Message("user", "插话")]),
        lambda: book.delete("wang", mine.id),
    ):
        with pytest.raises(ConversationNotFound, match="属于其他账号"):
            call()
    assert book.get("li", mine.id).title == "我的"
    assert [m.text for m in book.messages("li", mine.id)] == ["机密问题"]
