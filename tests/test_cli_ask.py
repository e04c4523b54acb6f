"""``assistant ask``: the JSON contract, text output, unit scope, refusals and the visible fallback."""

# ruff: noqa: F811  (the imported ``openai_stub`` fixture is requested by parameter name)

from __future__ import annotations

import json

import pytest

from assistant.cli.main import main
from core.phrases import CANNOT_ANSWER, EXTRACTIVE_NOTE, FALLBACK_NOTICE, MODE_LABELS
from tests.conftest import Indexed
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401

QUESTION = "岚江市财政局公务接待管理不规范的问题是怎么整改的？"
CITATION_KEYS = {"n", "notice_id", "unit", "title", "source", "text"}


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    assert main(["ask", *argv, "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_json_contract(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, QUESTION)
    assert set(data) == {"answer", "refused", "mode", "model", "citations", "warnings", "timings", "usage"}
    assert data["mode"] == "extractive" and data["refused"] is False
    assert data["model"] is None and data["usage"] is None
    timings = data["timings"]
    assert isinstance(timings, dict) and {"condense", "facts", "total"} <= set(timings)
    assert all(isinstance(v, float) and v >= 0 for v in timings.values())
    answer = data["answer"]
    assert isinstance(answer, str) and answer.startswith(EXTRACTIVE_NOTE) and "公务接待管理办法" in answer
    citations = data["citations"]
    assert isinstance(citations, list) and citations
    for n, c in enumerate(citations, 1):
        assert set(c) == CITATION_KEYS and c["n"] == n and f"[{n}]" in answer
        assert c["unit"] == "中共岚江市财政局党组" and c["source"].endswith(".txt")


def test_json_refusal(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    data = _json(capsys, "岚江市交通运输局反馈了几个问题？")
    assert (data["answer"], data["refused"], data["citations"]) == (CANNOT_ANSWER, True, [])
    assert data["warnings"]


@pytest.mark.parametrize(
    ("question", "unit", "expected_unit"),
    [
        pytest.param("整改措施中修订了哪些制度？", "岚江市财政局", "中共岚江市财政局党组", id="finance"),
        pytest.param(
            "整改措施中修订了哪些制度？", "岚江市卫健委", "中共岚江市卫生健康委员会党组", id="health"
        ),
    ],
)
def test_unit_option_scopes_the_answer(
    sample_store: Indexed, capsys: pytest.CaptureFixture[str], question: str, unit: str, expected_unit: str
) -> None:
    data = _json(capsys, question, "--unit", unit)
    citations = data["citations"]
    assert isinstance(citations, list) and citations
    assert {c["unit"] for c in citations} == {expected_unit}


def test_unknown_unit_option_is_an_error(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", QUESTION, "--unit", "不存在的单位"]) == 1
    assert "不存在的单位" in capsys.readouterr().err


def test_text_output(sample_store: Indexed, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", QUESTION]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"【{MODE_LABELS['extractive']}】\n{EXTRACTIVE_NOTE}")
    assert "\n出处:\n[1] 中共岚江市财政局党组 | " in out and "01_岚江市财政局.txt" in out


def test_fallback_is_visible(
    sample_store: Indexed,
    openai_stub: OpenAIStub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key")
    monkeypatch.setenv("ASSISTANT_LLM_RETRIES", "0")
    notice = FALLBACK_NOTICE.format(reason="服务端错误，HTTP 503")
    openai_stub.error(503, times=2)
    data = _json(capsys, QUESTION)
    assert data["mode"] == "extractive" and notice in data["warnings"]  # type: ignore[operator]
    assert main(["ask", QUESTION]) == 0
    assert f"注意: {notice}" in capsys.readouterr().out


def test_json_in_llm_mode_carries_the_model_timings_and_usage(
    sample_store: Indexed,
    openai_stub: OpenAIStub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    monkeypatch.setenv("ASSISTANT_MODEL", "stub-model")
    openai_stub.reply("修订了公务接待管理办法[1]。")
    data = _json(capsys, QUESTION)
    assert (data["mode"], data["model"], data["refused"]) == ("llm", "stub-model", False)
    (request,) = openai_stub.chat_requests()
    prompt = sum(len(m["content"]) for m in request.messages)
    assert data["usage"] == {"prompt_tokens": prompt, "completion_tokens": 4}
    timings = data["timings"]
    assert isinstance(timings, dict)
    assert {"condense", "retrieve", "answer", "generate", "total"} <= set(timings)
    assert timings["generate"] <= timings["answer"] <= timings["total"]


def test_json_after_a_fallback_names_the_model_asked(
    sample_store: Indexed,
    openai_stub: OpenAIStub,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
    monkeypatch.setenv("ASSISTANT_MODEL", "stub-model")
    openai_stub.reply("[1][2][3]")
    data = _json(capsys, QUESTION)
    assert (data["mode"], data["model"]) == ("extractive", "stub-model")
    assert data["usage"] is not None  # the tokens of the reply that could not be used
    timings = data["timings"]
    assert isinstance(timings, dict) and {"generate", "fallback"} <= set(timings)
