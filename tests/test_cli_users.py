"""The CLI contract of accounts: ``users add|list|remove``, ``--user``, ``--kb``, ``audit --json``."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.main import main
from core.config import PROJECT_ROOT, SAMPLE_CORPUS
from tests.notice_factory import notice_text

AUDIT_KEYS = {"time", "user", "action", "target", "kb", "outcome", "detail"}


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = ""
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_users_add_list_remove(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run(
        capsys,
        monkeypatch,
        "users",
        "add",
        "li",
        "--role",
        "reader",
        "--kb",
        "默认",
        "finance",
        "--password-stdin",
        stdin="pw-of-li\n",
    )
    assert code == 0 and "li" in out
    assert run(capsys, monkeypatch, "users", "add", "sso@example.org", "--role", "editor")[0] == 0
    code, out, _ = run(capsys, monkeypatch, "users", "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert [u["name"] for u in listed] == ["li", "sso@example.org"]
    assert listed[0]["role"] == "reader" and listed[0]["kbs"] == ["默认", "finance"] and listed[0]["password"]
    assert listed[1]["password"] is False
    assert "pw-of-li" not in out

    code, _, err = run(
        capsys, monkeypatch, "users", "add", "li", "--role", "admin", "--password-stdin", stdin="x\n"
    )
    assert code == 1 and "已存在" in err
    assert run(capsys, monkeypatch, "users", "remove", "li")[0] == 0
    assert [u["name"] for u in json.loads(run(capsys, monkeypatch, "users", "list", "--json")[1])] == [
        "sso@example.org"
    ]
    code, _, err = run(capsys, monkeypatch, "users", "remove", "li")
    assert code == 1 and "不存在" in err


def test_an_empty_password_on_stdin_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(
        capsys, monkeypatch, "users", "add", "li", "--role", "reader", "--password-stdin", stdin=""
    )
    assert code == 1 and "密码为空" in err
    assert json.loads(run(capsys, monkeypatch, "users", "list", "--json")[1]) == []


def test_a_reader_running_index_is_refused_with_one_sentence(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert run(capsys, monkeypatch, "index", "--no-progress", str(SAMPLE_CORPUS))[0] == 0
    run(
        capsys,
        monkeypatch,
        "users",
        "add",
        "li",
        "--role",
        "reader",
        "--kb",
        "默认",
        "--password-stdin",
        stdin="pw\n",
    )
    doc = tmp_path / "new.txt"
    doc.write_text(notice_text("青川县水务局", "县水务局"), encoding="utf-8")
    for argv in (("--user", "li", "index", str(doc)), ("index", str(doc), "--user", "li")):
        code, out, err = run(capsys, monkeypatch, *argv)
        assert code != 0 and out == ""
        assert err.count("\n") == 1 and "读者" in err and "不能索引" in err
    code, out, _ = run(capsys, monkeypatch, "--user", "li", "notices", "--json")
    assert code == 0 and "new.txt" not in out and len(json.loads(out)) == 6
    code, out, _ = run(capsys, monkeypatch, "--user", "li", "ask", "市财政局反馈了多少个问题？", "--json")
    assert code == 0 and json.loads(out)["citations"]


def test_an_unknown_user_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(capsys, monkeypatch, "--user", "nobody", "notices")
    assert code != 0 and out == "" and "nobody" in err
    code, out, _ = run(capsys, monkeypatch, "audit", "--json")
    assert json.loads(out)[-1] | {"time": ""} == {
        "time": "",
        "user": "nobody",
        "action": "login",
        "target": "nobody",
        "kb": "",
        "outcome": "denied",
        "detail": "命令行 --user：账号不存在",
    }


def test_an_editor_is_confined_to_the_granted_knowledge_base(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    run(
        capsys,
        monkeypatch,
        "users",
        "add",
        "ed",
        "--role",
        "editor",
        "--kb",
        "finance",
        "--password-stdin",
        stdin="p\n",
    )
    doc = tmp_path / "青川县财政局.txt"
    doc.write_text(notice_text("青川县财政局", "县财政局"), encoding="utf-8")
    code, out, _ = run(capsys, monkeypatch, "--user", "ed", "index", str(doc), "--json")
    assert code == 0 and json.loads(out)["files_read"] == 1
    code, _, err = run(capsys, monkeypatch, "--user", "ed", "--kb", "默认", "index", str(doc))
    assert code == 1 and "没有知识库“默认”的权限" in err
    code, out, _ = run(capsys, monkeypatch, "kb", "list", "--json", "--user", "ed")
    assert json.loads(out) == [{"name": "finance", "notices": 1, "files": 1}]
    code, out, _ = run(capsys, monkeypatch, "notices", "--json")
    assert json.loads(out) == []


def test_audit_json_since_and_admin_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(
        capsys,
        monkeypatch,
        "users",
        "add",
        "li",
        "--role",
        "reader",
        "--kb",
        "默认",
        "--password-stdin",
        stdin="pw\n",
    )
    run(capsys, monkeypatch, "--user", "li", "ask", "市财政局反馈了多少个问题？")
    code, out, _ = run(capsys, monkeypatch, "audit", "--json")
    records = json.loads(out)
    assert code == 0 and all(set(r) == AUDIT_KEYS for r in records)
    assert [(r["user"], r["action"], r["outcome"]) for r in records] == [
        ("@operator", "user_add", "ok"),
        ("li", "ask", "ok"),
    ]
    assert records[1]["target"] == "市财政局反馈了多少个问题？"
    assert json.loads(run(capsys, monkeypatch, "audit", "--since", "2999-01-01", "--json")[1]) == []
    assert len(json.loads(run(capsys, monkeypatch, "audit", "--since", "2000-01-01", "--json")[1])) == 2
    code, _, err = run(capsys, monkeypatch, "audit", "--since", "上周", "--json")
    assert code == 1 and "无法识别的日期" in err
    code, out, err = run(capsys, monkeypatch, "--user", "li", "audit", "--json")
    assert code == 1 and out == "" and "只有管理员" in err
    last = json.loads(run(capsys, monkeypatch, "audit", "--json")[1])[-1]
    assert (last["user"], last["action"], last["outcome"]) == ("li", "audit", "denied")
    assert "pw" not in {r["target"] for r in records} | {r["detail"] for r in records}


def test_the_contract_from_outside(tmp_path: Path) -> None:
    """The commands as a shell would run them: a separate process, the password piped in."""
    env = {
        **{k: v for k, v in __import__("os").environ.items() if not k.startswith("OPENAI")},
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    cli = [
        sys.executable,
        "-c",
        "import sys; from assistant.cli.main import main; sys.exit(main(sys.argv[1:]))",
    ]

    def sh(*argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cli, *argv],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )

    added = sh(
        "users", "add", "wang", "--role", "reader", "--kb", "默认", "--password-stdin", stdin="s3cret\n"
    )
    assert added.returncode == 0, added.stderr
    assert json.loads(sh("users", "list", "--json").stdout)[0]["name"] == "wang"
    refused = sh("--user", "wang", "index", str(SAMPLE_CORPUS))
    assert refused.returncode != 0 and "不能索引" in refused.stderr
    assert sh("--user", "ghost", "notices").returncode != 0
    audit = json.loads(sh("audit", "--json").stdout)
    assert [(r["user"], r["action"], r["outcome"]) for r in audit] == [
        ("@operator", "user_add", "ok"),
        ("wang", "index", "denied"),
        ("ghost", "login", "denied"),
    ]
    assert sh("users", "remove", "wang").returncode == 0
    assert json.loads(sh("users", "list", "--json").stdout) == []
