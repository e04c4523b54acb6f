"""Accounts, roles, knowledge bases and the audit trail, at the service layer.

Real SQLite and real Chroma on disk (hash embedder), no mocks: every refusal is one sentence,
is recorded in the audit trail, and leaves the store and the accounts as they were.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from assistant.accounts.access import AccessDenied, Principal
from assistant.accounts.grants import DEFAULT_KB
from assistant.factory import make_office
from assistant.office import BAD_LOGIN, Office
from core.config import SAMPLE_CORPUS, Settings
from core.errors import AssistantError
from tests.conftest import Indexed
from tests.notice_factory import notice_text

PASSWORDS = {"boss": "b0ss-Passw0rd", "ed": "ed-Passw0rd!", "li": "li-Passw0rd?"}
FINANCE = "finance"


@dataclass
class Deployment:
    office: Office
    boss: Principal
    ed: Principal
    li: Principal
    finance_file: Path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path]:
    """A deployment built once per module (indexing and argon2 hashing are slow); tests get a copy.

    The sample notices are the default knowledge base; ``finance`` holds one other notice.
    boss is an admin; ed an editor granted ``finance`` only; li a reader granted the default one.
    """
    root = tmp_path_factory.mktemp("deployment")
    settings = Settings(store_dir=root / "store", embedder="hash", collection=f"a{uuid.uuid4().hex[:10]}")
    office = make_office(settings)
    operator = office.operator()
    office.workspace(operator, DEFAULT_KB).index([SAMPLE_CORPUS])
    admin = office.admin(operator)
    admin.add_user("boss", "admin", PASSWORDS["boss"])
    admin.add_user("ed", "editor", PASSWORDS["ed"], [FINANCE])
    admin.add_user("li", "reader", PASSWORDS["li"], [DEFAULT_KB])
    finance_file = root / "青川县财政局.txt"
    finance_file.write_text(notice_text("青川县财政局", "县财政局"), encoding="utf-8")
    office.workspace(operator, FINANCE).index([finance_file])
    return settings, finance_file


@pytest.fixture
def deployment(template: tuple[Settings, Path], tmp_path: Path) -> Deployment:
    """A private copy of the template deployment (store folder and accounts database)."""
    settings, finance_file = template
    shutil.copytree(settings.store_dir, tmp_path / "store")
    office = make_office(replace(settings, store_dir=tmp_path / "store"))
    return Deployment(
        office, office.as_user("boss"), office.as_user("ed"), office.as_user("li"), finance_file
    )


def _state(office: Office) -> tuple[object, ...]:
    """Everything a refused call must leave as it was: both indexes, accounts, grants, knowledge bases."""
    op = office.operator()
    return (
        office.workspace(op, DEFAULT_KB).assistant.store.fingerprint(),
        office.workspace(op, FINANCE).assistant.store.fingerprint(),
        [a.to_json() for a in office.admin(op).accounts()],
        office.kbs.names(),
    )


def _last(office: Office) -> dict[str, object]:
    return office.audit.read()[-1].to_json()


def _one_sentence(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message
    assert message.count("。") <= 1


def test_a_reader_calling_index_is_refused_and_nothing_changes(
    deployment: Deployment, tmp_path: Path
) -> None:
    office = deployment.office
    before = _state(office)
    ws = office.workspace(deployment.li, DEFAULT_KB)
    new = tmp_path / "new.txt"
    new.write_text(notice_text("青川县水务局", "县水务局"), encoding="utf-8")
    with pytest.raises(AccessDenied) as refused:
        ws.index([new])
    _one_sentence(str(refused.value))
    assert "读者" in str(refused.value) and "不能索引" in str(refused.value)
    assert _state(office) == before
    record = _last(office)
    assert record | {"time": ""} == {
        "time": "",
        "user": "li",
        "action": "index",
        "target": "new.txt",
        "kb": DEFAULT_KB,
        "outcome": "denied",
        "detail": str(refused.value),
    }


def test_a_reader_calling_remove_is_refused_and_the_file_stays(deployment: Deployment) -> None:
    office = deployment.office
    before = _state(office)
    with pytest.raises(AccessDenied):
        office.workspace(deployment.li, DEFAULT_KB).remove_source("01_岚江市财政局.txt")
    assert _state(office) == before
    assert _last(office)["action"] == "remove" and _last(office)["outcome"] == "denied"


def test_an_editor_cannot_open_a_knowledge_base_not_granted(deployment: Deployment) -> None:
    office = deployment.office
    before = _state(office)
    with pytest.raises(AccessDenied) as refused:
        office.workspace(deployment.ed, DEFAULT_KB)
    _one_sentence(str(refused.value))
    assert "没有知识库“默认”的权限" in str(refused.value)
    assert _state(office) == before
    assert office.knowledge_bases(deployment.ed) == [FINANCE]
    assert _last(office)["outcome"] == "denied"


def test_an_editor_indexes_and_removes_in_the_granted_knowledge_base_only(
    deployment: Deployment, tmp_path: Path
) -> None:
    office = deployment.office
    ws = office.workspace(deployment.ed, FINANCE)
    other = tmp_path / "青川县水务局.txt"
    other.write_text(notice_text("青川县水务局", "县水务局"), encoding="utf-8")
    assert ws.index([other]).files_read == 1
    assert {n.source for n in ws.notices()} == {"青川县财政局.txt", "青川县水务局.txt"}
    ws.remove_source("青川县水务局.txt")
    assert {n.source for n in ws.notices()} == {"青川县财政局.txt"}
    default = office.workspace(office.operator(), DEFAULT_KB)
    assert "青川县财政局.txt" not in {n.source for n in default.notices()}


def test_answers_summaries_drafts_and_units_stay_inside_the_knowledge_base(deployment: Deployment) -> None:
    ws = deployment.office.workspace(deployment.ed, FINANCE)
    answer = ws.ask("岚江市财政局反馈了多少个问题？")
    assert all(c.source == "青川县财政局.txt" for c in answer.citations)
    hits = ws.retrieve("财务报销审核").hits
    assert hits and {h.chunk.source for h in hits} == {"青川县财政局.txt"}
    draft = ws.draft("起草一段关于财务报销审核不严问题的整改情况")
    assert all(c.source == "青川县财政局.txt" for c in draft.citations)
    assert [s.unit for s in ws.summarize_all()] == ["中共青川县财政局党组"]
    with pytest.raises(AssistantError):
        ws.summarize("岚江市财政局")
    assert not ws.resolve_unit("岚江市财政局").matched


@pytest.mark.parametrize("who", ["li", "ed"])
@pytest.mark.parametrize(
    ("action", "call"),
    [
        pytest.param("user_add", lambda a: a.add_user("x", "admin", "pw-x"), id="add-user"),
        pytest.param("user_remove", lambda a: a.remove_user("boss"), id="remove-user"),
        pytest.param("role", lambda a: a.set_role("li", "admin"), id="change-role"),
        pytest.param("password", lambda a: a.set_password("boss", "new-pw"), id="set-password"),
        pytest.param("grant", lambda a: a.grant("li", [FINANCE]), id="grant"),
        pytest.param("revoke", lambda a: a.revoke("ed", [FINANCE]), id="revoke"),
        pytest.param("kb_add", lambda a: a.add_kb("人事"), id="add-kb"),
        pytest.param("kb_remove", lambda a: a.remove_kb(FINANCE), id="remove-kb"),
        pytest.param("audit", lambda a: a.audit(), id="read-audit"),
        pytest.param("audit", lambda a: a.accounts(), id="list-accounts"),
    ],
)
def test_only_admins_manage_accounts_grants_and_the_audit_trail(
    deployment: Deployment, who: str, action: str, call: object
) -> None:
    office = deployment.office
    principal = getattr(deployment, who)
    before = _state(office)
    boss_login_ok = office.users.verify("boss", PASSWORDS["boss"]) is not None
    with pytest.raises(AccessDenied) as refused:
        call(office.admin(principal))  # type: ignore[operator]
    _one_sentence(str(refused.value))
    assert "只有管理员" in str(refused.value)
    assert _state(office) == before
    assert boss_login_ok and office.users.verify("boss", PASSWORDS["boss"]) is not None
    assert _last(office) | {"time": ""} == {
        "time": "",
        "user": who,
        "action": action,
        "target": _last(office)["target"],
        "kb": "",
        "outcome": "denied",
        "detail": str(refused.value),
    }


def test_an_admin_sees_every_knowledge_base_and_manages_accounts(deployment: Deployment) -> None:
    office = deployment.office
    assert office.knowledge_bases(deployment.boss) == [DEFAULT_KB, FINANCE]
    admin = office.admin(deployment.boss)
    admin.grant("li", [FINANCE])
    assert office.knowledge_bases(deployment.li) == [DEFAULT_KB, FINANCE]
    admin.set_role("li", "editor")
    assert office.workspace(deployment.li, FINANCE).can("index")
    with pytest.raises(AssistantError, match="不能删除当前登录的账号"):
        admin.remove_user("boss")
    assert _last(office)["outcome"] == "error"


def test_a_revoked_grant_a_lowered_role_and_a_deleted_account_bite_open_sessions(
    deployment: Deployment,
) -> None:
    office = deployment.office
    admin = office.admin(deployment.boss)
    reading = office.workspace(deployment.li, DEFAULT_KB)
    editing = office.workspace(deployment.ed, FINANCE)
    assert reading.ask("市财政局反馈了多少个问题？").citations

    admin.revoke("li", [DEFAULT_KB])
    with pytest.raises(AccessDenied, match="没有知识库"):
        reading.ask("市财政局反馈了多少个问题？")
    admin.set_role("ed", "reader")
    with pytest.raises(AccessDenied, match="读者"):
        editing.remove_source("青川县财政局.txt")
    admin.remove_user("ed")
    with pytest.raises(AccessDenied, match="不存在或已被删除"):
        editing.notices()
    assert office.workspace(office.operator(), FINANCE).notices()


def test_failed_sign_ins_are_refused_alike_and_recorded_without_the_password(deployment: Deployment) -> None:
    office = deployment.office
    office.admin(deployment.boss).add_user("sso", "reader", None, [DEFAULT_KB])
    for name, password in (("li", "wrong-password-1"), ("nobody", "wrong-password-2"), ("sso", "x")):
        with pytest.raises(AccessDenied) as refused:
            office.login(name, password)
        assert str(refused.value) == BAD_LOGIN
    details = [r.detail for r in office.audit.read(actions=["login"]) if r.outcome == "denied"]
    assert details == ["密码错误", "账号不存在", "该账号只能统一身份认证登录"]
    with pytest.raises(AccessDenied, match="尚未在本系统开通"):
        office.sso_login("stranger@example.org")
    assert office.sso_login("sso").name == "sso"
    with pytest.raises(AccessDenied, match="不存在"):
        office.as_user("nobody")
    raw = b"".join(p.read_bytes() for p in office.db.path.parent.glob(office.db.path.name + "*"))
    for secret in (*PASSWORDS.values(), "wrong-password-1", "wrong-password-2"):
        assert secret.encode() not in raw


def test_the_audit_trail_is_append_only(deployment: Deployment) -> None:
    office = deployment.office
    count = len(office.audit.read())
    with sqlite3.connect(office.db.path) as con:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("UPDATE audit SET outcome = 'ok'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("DELETE FROM audit")
    assert len(office.audit.read()) == count


def test_the_audit_trail_filters_by_time_user_and_action(deployment: Deployment) -> None:
    office = deployment.office
    admin = office.admin(deployment.boss)
    office.login("li", PASSWORDS["li"])
    office.workspace(deployment.li, DEFAULT_KB).ask("市财政局反馈了多少个问题？")
    everything = admin.audit()
    assert {"user_add", "index", "login", "ask"} <= {r.action for r in everything}
    assert {r.user for r in admin.audit(user="li")} == {"li"}
    assert {r.action for r in admin.audit(actions=["login"])} == {"login"}
    assert admin.audit(since=9e9) == []
    assert len(admin.audit(limit=2)) == 2 and admin.audit(limit=2) == everything[-2:]


@pytest.mark.parametrize(
    ("question", "message"),
    [
        pytest.param("   \n\t ", "问题不能为空", id="blank"),
        pytest.param("问" * 20_000, "问题过长（20000 字），请精简到 500 字以内", id="20k-paste"),
    ],
)
def test_blank_and_overlong_questions_are_refused_before_any_work(
    deployment: Deployment, question: str, message: str
) -> None:
    ws = deployment.office.workspace(deployment.li, DEFAULT_KB)
    for call in (ws.ask, ws.retrieve, ws.ask_stream):
        with pytest.raises(AssistantError) as refused:
            call(question)
        assert str(refused.value) == message
    record = _last(deployment.office)
    assert record["outcome"] == "error" and record["detail"] == message
    assert len(str(record["target"])) <= 201


def test_a_stream_is_recorded_when_it_ends(deployment: Deployment) -> None:
    ws = deployment.office.workspace(deployment.li, DEFAULT_KB)
    items = list(ws.ask_stream("市财政局反馈了多少个问题？"))
    assert items and not isinstance(items[-1], str)
    assert _last(deployment.office) | {"time": ""} == {
        "time": "",
        "user": "li",
        "action": "ask",
        "target": "市财政局反馈了多少个问题？",
        "kb": DEFAULT_KB,
        "outcome": "ok",
        "detail": "",
    }


def test_sign_in_sessions_resume_and_end(deployment: Deployment) -> None:
    office = deployment.office
    token = office.start_session(deployment.li)
    assert office.resume(token) == deployment.li
    assert office.resume("forged-token") is None
    office.logout(deployment.li, token)
    assert office.resume(token) is None
    again = office.start_session(deployment.ed)
    office.admin(deployment.boss).remove_user("ed")
    assert office.resume(again) is None
    assert token not in office.db.path.read_bytes().decode("utf-8", "replace")


def test_a_knowledge_base_removed_takes_its_index_grants_and_conversations(deployment: Deployment) -> None:
    office = deployment.office
    kept = office.conversations.start("ed", FINANCE, "问答", "财务问题")
    office.admin(deployment.boss).remove_kb(FINANCE)
    assert office.kbs.names() == [DEFAULT_KB]
    assert office.grants.of("ed") == ()
    assert office.conversations.recent("ed", FINANCE, "问答") == []
    with pytest.raises(AccessDenied, match="不存在"):
        office.workspace(deployment.boss, FINANCE)
    with pytest.raises(AssistantError, match="默认知识库不能删除"):
        office.admin(deployment.boss).remove_kb(DEFAULT_KB)
    assert kept.id


def test_an_old_single_collection_store_is_the_default_knowledge_base(sample_store: Indexed) -> None:
    office = make_office(sample_store.settings)
    assert office.single_user()
    ws = office.workspace(office.operator(), DEFAULT_KB)
    assert ws.assistant.store.prefix == sample_store.settings.collection
    assert len(ws.notices()) == 6
    assert min(p.name for p in SAMPLE_CORPUS.iterdir()) in {n.source for n in ws.notices()}


def test_repeated_failed_sign_ins_lock_the_name_for_a_while(deployment: Deployment) -> None:
    from assistant.office import LOGIN_ATTEMPTS, TOO_MANY

    office = deployment.office
    for _ in range(LOGIN_ATTEMPTS):
        with pytest.raises(AccessDenied, match=BAD_LOGIN):
            office.login("li", "guess")
    with pytest.raises(AccessDenied, match=TOO_MANY):
        office.login("li", PASSWORDS["li"])
    assert office.login("ed", PASSWORDS["ed"]).name == "ed"
    assert _last(office)["user"] == "ed"
