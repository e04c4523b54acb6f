"""The Streamlit app, run headless with AppTest over the sample notices (hash embedder, tmp store)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant import factory
from assistant.service import Assistant
from core.phrases import FALLBACK_NOTICE, MODE_LABELS
from tests.conftest import Indexed
from tests.notice_factory import notice_text
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def made(sample_store: Indexed, monkeypatch: pytest.MonkeyPatch) -> Assistant:
    """The one factory patched: the app gets an assistant over ``data/sample`` (hash embedder)."""
    settings = replace(sample_store.settings, llm_max_retries=0, llm_timeout=10)
    assistant = factory.make_assistant(settings, store=sample_store.store)
    monkeypatch.setattr(factory, "make_assistant", lambda *args, **kwargs: assistant)
    return assistant


def start() -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.run()
    assert not at.exception
    return at


def ask(at: AppTest, text: str, task: str = "问答") -> AppTest:
    if at.radio(key="task").value != task:
        at.radio(key="task").set_value(task).run()
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def page(at: AppTest, name: str) -> AppTest:
    at.sidebar.radio(key="page").set_value(name).run()
    assert not at.exception
    return at


def all_markup(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_empty_store_prompts_to_index_the_sample() -> None:
    at = start()
    assert any("知识库中还没有通报" in w.value for w in at.warning)
    assert any(MODE_LABELS["extractive"] in i.value for i in at.info)
    assert any("单用户模式" in i.value for i in at.sidebar.info)

    at.button(key="index_sample_empty").click().run()
    assert not at.exception
    assert not any("知识库中还没有通报" in w.value for w in at.warning)
    page(at, "知识库")
    assert "已索引的通报（6 篇）" in [s.value for s in at.subheader]
    report = at.dataframe[0].value
    assert set(report["结果"]) == {"已索引"} and len(report) == 5


def test_question_answer_with_cited_source(made: Assistant) -> None:
    at = ask(start(), "市财政局反馈了多少个问题？")
    reply = at.chat_message[1]
    assert reply.name == "assistant"
    answer = reply.markdown[0].value
    assert "9个问题" in answer
    assert 'href="#src-1-1">[1]</a>' in answer
    sources = reply.markdown[1].value
    assert 'id="src-1-1"' in sources and "中共岚江市财政局党组关于巡察整改情况的通报" in sources
    assert "<mark>" in sources
    assert "用时" in reply.caption[0].value
    assert [m.name for m in at.chat_message] == ["user", "assistant"]


def test_follow_up_keeps_history_and_clear_empties_it(made: Assistant) -> None:
    at = ask(start(), "市财政局反馈了多少个问题？")
    ask(at, "其中已完成整改的有几个？")
    assert [m.name for m in at.chat_message] == ["user", "assistant"] * 2
    assert "其中已完成整改的有几个？" in at.chat_message[2].markdown[0].value
    at.button(key="new_chat").click().run()
    assert len(at.chat_message) == 0


def test_retrieval_test_shows_ranked_passages_with_scores(made: Assistant) -> None:
    at = ask(start(), "财务报销审核", task="原文检索")
    reply = at.chat_message[1]
    table = reply.dataframe[0].value
    assert list(table["排名"]) == [str(i) for i in range(1, len(table) + 1)]
    scores = [float(s) for s in table["得分"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert any("得分" in m.value and 'id="src-1-1"' in m.value for m in reply.markdown)


def test_unit_picker_scopes_the_question(made: Assistant) -> None:
    at = start()
    at.sidebar.text_input(key="unit_query").input("卫健委").run()
    options = at.sidebar.selectbox(key="unit_choice").options
    assert len(options) == 2 and "卫生健康委员会" in options[1]
    at.sidebar.selectbox(key="unit_choice").set_value(options[1]).run()
    reply = ask(at, "整改措施有哪些", task="原文检索").chat_message[1]
    assert set(reply.dataframe[0].value["单位"]) == {options[1]}


def test_document_html_is_escaped_everywhere(made: Assistant, tmp_path: Path) -> None:
    bad = tmp_path / "青川县林业局.txt"
    bad.write_text(notice_text("青川县林业局", "县林业局", extra=f"另查明{SCRIPT}情况。"), encoding="utf-8")
    made.index([bad])
    at = ask(start(), "青川县林业局的整改总体情况", task="原文检索")
    markup = all_markup(at)
    markup += all_markup(ask(at, "青川县林业局制定了多少条整改措施？"))
    markup += all_markup(ask(at, "青川县林业局", task="单位整改摘要"))
    markup += all_markup(ask(at, "参照青川县林业局的整改总体情况起草一段整改情况", task="起草"))
    markup += all_markup(page(at, "知识库"))
    markup += all_markup(page(at, "对话"))
    assert any("&lt;script&gt;" in m for m in markup)
    assert not any("<script" in m.lower() for m in markup)


def test_llm_mode_streams_an_answer_from_the_endpoint(made: Assistant, openai_stub: OpenAIStub) -> None:  # noqa: F811
    openai_stub.reply("好")  # the connection test when the settings are saved
    openai_stub.reply("市财政局修订了机关财务管理办法，细化报销审核流程[1]。", chunk_delay=0.01)
    at = start()
    page(at, "设置")
    at.text_input[0].input(openai_stub.base_url)
    at.text_input[1].input("stub-model")
    at.text_input[2].input("sk-test-secret-0000")
    at.button[0].click().run()
    assert not at.exception
    assert MODE_LABELS["llm"] in at.success[0].value and "stub-model" in at.success[0].value
    assert any("连接测试通过" in m.value for m in at.success)
    page(at, "对话")
    reply = ask(at, "市财政局在财务报销方面采取了哪些整改措施？").chat_message[1]
    assert reply.markdown[0].value.startswith("市财政局修订了机关财务管理办法")
    assert "#src-1-1" in reply.markdown[0].value
    assert MODE_LABELS["llm"] in reply.caption[0].value
    assert openai_stub.chat_requests(), "the endpoint was not called"


def test_failing_endpoint_falls_back_with_a_visible_notice(made: Assistant, openai_stub: OpenAIStub) -> None:  # noqa: F811
    openai_stub.error(500, times=None)
    at = start()
    page(at, "设置")
    at.text_input[0].input(openai_stub.base_url)
    at.text_input[2].input("sk-test-secret-0000")
    at.button[0].click().run()
    assert any("连接测试未通过" in e.value for e in at.error)
    assert any("连接测试未通过" in w.value and MODE_LABELS["llm"] in w.value for w in at.warning)
    page(at, "对话")
    reply = ask(at, "市财政局在财务报销方面采取了哪些整改措施？").chat_message[1]
    prefix = FALLBACK_NOTICE.split("（", 1)[0]
    assert any(w.value.startswith(prefix) for w in reply.warning), [w.value for w in reply.warning]
    assert MODE_LABELS["extractive"] in reply.caption[0].value
    assert "sk-test-secret-0000" not in " ".join(all_markup(at) + [w.value for w in at.warning])


def test_api_key_stays_in_the_session(made: Assistant, tmp_path: Path) -> None:
    at = start()
    page(at, "设置")
    at.text_input[2].input("sk-never-on-disk-1234")
    at.button[0].click().run()
    assert at.session_state["endpoint"].api_key == "sk-never-on-disk-1234"
    assert "sk-never-on-disk" not in repr(at.session_state["endpoint"])
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"sk-never-on-disk" not in path.read_bytes(), path
    at.button[1].click().run()
    assert at.session_state["endpoint"].api_key == ""


def test_upload_index_and_remove(made: Assistant) -> None:
    at = page(start(), "知识库")
    text = notice_text("青川县林业局", "县林业局").encode("utf-8")
    at.file_uploader(key="uploads").set_value(
        [
            ("../../青川县 林业局.txt", text, "text/plain"),
            ("空白.txt", b"", "text/plain"),
        ]
    ).run()
    at.button[0].click().run()
    assert not at.exception
    report = at.dataframe[0].value
    assert list(report["结果"]) == ["未接收", "已索引"]
    assert list(report["文件"]) == ["空白.txt", "青川县_林业局.txt"]
    uploaded = made.settings.store_dir / "uploads" / made.settings.collection / "青川县_林业局.txt"
    assert uploaded.is_file()
    assert any(n.source == "青川县_林业局.txt" for n in made.notices())

    assert at.selectbox(key="remove_source").value is None
    assert at.button(key="remove_button").disabled
    at.selectbox(key="remove_source").set_value("青川县_林业局.txt").run()
    at.button(key="remove_button").click().run()
    assert any("确定从知识库" in w.value for w in at.warning)
    assert any(n.source == "青川县_林业局.txt" for n in made.notices())
    at.button(key="remove_confirm").click().run()
    assert not at.exception
    assert any("已移除 青川县_林业局.txt" in s.value for s in at.success)
    assert not any(n.source == "青川县_林业局.txt" for n in made.notices())
    assert not uploaded.exists()


def test_oversize_upload_is_refused_with_a_clear_message(
    made: Assistant, record_property: Callable[[str, object], None]
) -> None:
    at = page(start(), "知识库")
    big = b"x" * (20 * 1024 * 1024 + 1)
    at.file_uploader(key="uploads").set_value(("大文件.txt", big, "text/plain")).run()
    at.button[0].click().run()
    assert any("不能超过 20 MB" in e.value for e in at.error)
    assert not (made.settings.store_dir / "uploads" / "大文件.txt").exists()
    shown = next(e.value for e in at.error if "不能超过 20 MB" in e.value)
    saved = made.settings.store_dir / "uploads"
    count = sum(1 for p in saved.rglob("*") if p.is_file()) if saved.exists() else 0
    record_property(
        "figure",
        f"a {len(big) // 2**20} MB + {len(big) % 2**20} B upload refused in the app: “{shown}”; {count} files saved",
    )


def test_draft_lists_its_placeholders_and_offers_exports(made: Assistant) -> None:
    at = start()
    at.radio(key="task").set_value("起草").run()
    at.selectbox(key="draft_kind").set_value("单个问题的整改情况").run()
    reply = ask(at, "起草一段关于财务报销审核不严问题的整改情况", task="起草").chat_message[1]
    assert reply.markdown[0].value == "<b>关于“财务报销审核不严”问题的整改情况</b>"
    text = reply.markdown[1].value
    listed = next(m.value for m in reply.markdown if m.value.startswith("<b>待补充的占位项"))
    placeholders = re.findall(r"【[^】]+】", listed)
    assert placeholders and all(p in text for p in placeholders)
    assert 'href="#src-1-1"' in text
    assert any('id="src-1-1"' in m.value for m in reply.markdown)
    labels = [b.proto.label for b in reply.get("download_button")]
    assert labels == ["导出 Word（.docx）", "导出 Markdown"]


def test_summary_shows_facts_table_and_problem_list(made: Assistant) -> None:
    reply = ask(start(), "市财政局", task="单位整改摘要").chat_message[1]
    facts = reply.table[0].value
    assert facts.loc["巡察组", "内容"] == "市委第三巡察组"
    assert facts.loc["反馈问题", "内容"].startswith("9个问题")
    problems = reply.dataframe[0].value
    assert len(problems) == 9 and set(problems["整改状态"]) <= {"已完成", "正在推进", "长期坚持", "未说明"}
    assert any("#src-1-1" in m.value for m in reply.markdown)
    assert len(reply.get("download_button")) == 2


def test_summary_of_the_picked_unit_and_of_an_unknown_unit(made: Assistant) -> None:
    at = start()
    at.radio(key="task").set_value("单位整改摘要").run()
    at.sidebar.text_input(key="unit_query").input("教育局").run()
    unit = at.sidebar.selectbox(key="unit_choice").options[1]
    at.sidebar.selectbox(key="unit_choice").set_value(unit).run()
    at.button(key="summarize_picked").click().run()
    assert not at.exception
    assert at.chat_message[1].table[0].value.loc["巡察组", "内容"] == "县委第二巡察组"
    ask(at, "岚江市税务局", task="单位整改摘要")
    assert "索引中没有单位" in at.chat_message[3].error[0].value


# -- accounts -----------------------------------------------------------------------------------


@pytest.fixture
def accounts(made: Assistant) -> None:
    """boss (admin) and li (reader of the default knowledge base) in the app's accounts database."""
    office = factory.make_office(made.settings)
    admin = office.admin(office.operator())
    admin.add_user("boss", "admin", "boss-pw")
    admin.add_user("li", "reader", "li-pw", ["默认"])


def sign_in(name: str, password: str) -> AppTest:
    at = start()
    assert any(s.value == "登录" for s in at.subheader)
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_with_accounts_the_app_asks_to_sign_in(accounts: None) -> None:
    at = sign_in("li", "wrong")
    assert [e.value for e in at.error] == ["用户名或密码错误"]
    assert not at.chat_input
    at = sign_in("li", "li-pw")
    assert any("当前账号：`li`（读者）" in c.value for c in at.sidebar.caption)
    assert at.sidebar.radio(key="page").options == ["对话", "知识库", "设置"]
    page(at, "知识库")
    assert not at.get("file_uploader") and not _has(at, "remove_button")
    assert "不能上传或移除文件" in " ".join(c.value for c in at.caption)
    at.sidebar.button(key="logout").click().run()
    assert any(s.value == "登录" for s in at.subheader)


def _has(at: AppTest, key: str) -> bool:
    return any(getattr(b, "key", None) == key for b in at.button)


def test_admin_pages_list_accounts_and_the_audit_trail(accounts: None) -> None:
    at = sign_in("boss", "boss-pw")
    page(at, "账号与权限")
    table = at.table[0].value
    assert list(table.index) == ["boss", "li"] and table.loc["li", "角色"] == "读者"
    page(at, "审计日志")
    grid = at.dataframe[0].value
    assert {"登录", "添加账号"} <= set(grid["操作"])
    assert at.get("download_button")[0].proto.label == "导出 CSV"


def test_a_conversation_is_saved_and_reopened_in_a_new_session(made: Assistant) -> None:
    ask(start(), "市财政局反馈了多少个问题？")
    at = start()  # a new browser session: nothing open, the conversation listed
    assert len(at.chat_message) == 0
    listed = [b for b in at.sidebar.button if b.label == "市财政局反馈了多少个问题？"]
    assert listed
    listed[0].click().run()
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert "9个问题" in at.chat_message[1].markdown[0].value


def test_blank_and_overlong_questions_are_not_run(made: Assistant) -> None:
    at = start()
    at.chat_input[0].set_value("   ").run()
    assert len(at.chat_message) == 0
    ask(at, "问" * 20_000)
    assert "问题过长（20000 字），请精简到 500 字以内" in at.chat_message[1].error[0].value
    assert len(at.chat_message[0].markdown[0].value) < 400


def test_an_indexing_run_that_indexed_nothing_is_not_reported_as_success(made: Assistant) -> None:
    at = page(start(), "知识库")
    text = notice_text("青川县林业局", "县林业局").encode("utf-8")
    at.file_uploader(key="uploads").set_value([("青川县林业局.txt", text, "text/plain")]).run()
    at.button[0].click().run()
    assert any("已索引 1 个" in s.value for s in at.success)
    at.button[0].click().run()  # the same file again: unchanged
    assert not at.success
    assert any("没有新的内容被索引" in i.value and "未变，跳过 1 个" in i.value for i in at.info)
    at.file_uploader(key="uploads").set_value([("空白.txt", b"", "text/plain")]).run()
    assert not any("本次" in i.value for i in at.info) and not at.success, "new files clear the last report"
    at.button[0].click().run()
    assert any("未接收 1 个" in e.value for e in at.error)
    at.button(key="close_report").click().run()
    assert not at.dataframe or "结果" not in at.dataframe[0].value.columns
