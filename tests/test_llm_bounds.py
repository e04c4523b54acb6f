"""Every chat request is bounded: ``max_tokens`` and ``temperature`` sent, the reply streamed and
abandoned (connection closed) at the deadline or the output budget. Against the loopback stub."""

# ruff: noqa: F811  (the imported ``openai_stub`` fixture is requested by parameter name)

from __future__ import annotations

import time
from typing import Any

import pytest

from assistant.llm.chat import LLMUnavailable, Message, OpenAIChatModel
from core.config import Settings
from core.types import TokenUsage
from tests.openai_stub import OpenAIStub, StreamLog, openai_stub  # noqa: F401

MESSAGES = [Message("system", "只依据摘录作答。"), Message("user", "甲单位反馈了几个问题？")]


def make_model(stub: OpenAIStub, **overrides: Any) -> OpenAIChatModel:
    options: dict[str, Any] = {
        "model": "stub-model",
        "api_key": "sk-test",
        "base_url": stub.base_url,
        "timeout": 5.0,
        "max_retries": 0,
    }
    options.update(overrides)
    return OpenAIChatModel(**options)


def wait_for_end(stub: OpenAIStub, seconds: float = 3.0) -> StreamLog:
    """The one stream's log, once the stub has stopped sending it."""
    limit = time.monotonic() + seconds
    while time.monotonic() < limit:
        if stub.streams and stub.streams[0].ended:
            return stub.streams[0]
        time.sleep(0.01)
    raise AssertionError("the stub is still sending")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param({}, (800, 0.2), id="defaults"),
        pytest.param(
            {"ASSISTANT_LLM_MAX_TOKENS": "256", "ASSISTANT_LLM_TEMPERATURE": "0"}, (256, 0.0), id="from-env"
        ),
    ],
)
def test_every_request_sends_max_tokens_and_temperature(
    openai_stub: OpenAIStub, env: dict[str, str], expected: tuple[int, float]
) -> None:
    settings = Settings.from_env({"OPENAI_BASE_URL": openai_stub.base_url, "ASSISTANT_MODEL": "m", **env})
    assert (settings.llm_max_tokens, settings.llm_temperature) == expected
    model = OpenAIChatModel.from_settings(settings)
    openai_stub.reply("好。").reply("好。")
    model.complete(MESSAGES)
    list(model.stream(MESSAGES))
    for request in openai_stub.chat_requests():
        body = request.body
        assert (body["max_tokens"], body["temperature"], body["stream"]) == (*expected, True)
        assert body["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize("streaming", [False, True], ids=["complete", "stream"])
def test_a_runaway_stream_is_cut_at_the_budget_and_the_connection_closed(
    openai_stub: OpenAIStub, streaming: bool
) -> None:
    openai_stub.runaway("整改落实情况")  # a server that ignores max_tokens, a model that never stops
    model = make_model(openai_stub, max_tokens=40)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable) as info:
        list(model.stream(MESSAGES)) if streaming else model.complete(MESSAGES)
    gave_up = time.monotonic()
    assert info.value.unusable and info.value.reason == "回答超出长度上限（40 tokens）"
    assert info.value.notice == "大模型的回答不可用（回答超出长度上限（40 tokens）），已改用抽取模式作答。"
    assert gave_up - started < 2.0
    log = wait_for_end(openai_stub)
    assert log.abandoned and not log.finished
    assert log.ended - gave_up < 1.0  # the server noticed the hang-up at once and stopped generating
    assert log.pieces < 200  # 40 tokens × slack 2 is about 20 pieces; the rest is socket buffering


def test_a_trickling_stream_is_abandoned_at_the_deadline(openai_stub: OpenAIStub) -> None:
    # each piece arrives well within the read timeout, but the whole reply would take 10 s
    openai_stub.reply("一二三四" * 100, chunk_delay=0.05)
    model = make_model(openai_stub, timeout=0.6, max_tokens=100_000)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable) as info:
        model.complete(MESSAGES)
    elapsed = time.monotonic() - started
    assert info.value.reason == "超时" and not info.value.unusable
    assert 0.6 <= elapsed < 1.5
    log = wait_for_end(openai_stub)
    assert log.abandoned and not log.finished


def test_finish_reason_length_is_a_cut_reply(openai_stub: OpenAIStub) -> None:
    digits = tuple("一二三四五六七八九十" * 5)  # one token a piece, like llama.cpp
    openai_stub.reply("".join(digits), chunks=digits, honour_max_tokens=True)
    model = make_model(openai_stub, max_tokens=5)
    pieces: list[str] = []
    with pytest.raises(LLMUnavailable, match="长度上限") as info:
        pieces.extend(model.stream(MESSAGES))
    assert info.value.unusable
    assert len(pieces) == 5  # what arrived was handed over; the caller decides (and falls back)
    assert openai_stub.chat_requests()[0].body["max_tokens"] == 5


def test_a_stream_the_caller_stops_reading_closes_the_connection(openai_stub: OpenAIStub) -> None:
    openai_stub.runaway("整改落实情况")
    stream = make_model(openai_stub, max_tokens=100_000).stream(MESSAGES)
    first = [next(stream) for _ in range(3)]
    assert first == ["整改落实", "情况", "整改落实"]
    stream.close()
    closed = time.monotonic()
    log = wait_for_end(openai_stub)
    assert log.abandoned and log.ended - closed < 1.0


@pytest.mark.parametrize("streaming", [False, True], ids=["complete", "stream"])
def test_usage_is_recorded_when_the_server_reports_it(openai_stub: OpenAIStub, streaming: bool) -> None:
    openai_stub.reply("共反馈3个问题[1]。")  # pieces of 4 characters: 3 pieces
    model = make_model(openai_stub)
    assert model.last_usage() is None
    text = "".join(model.stream(MESSAGES)) if streaming else model.complete(MESSAGES)
    assert text == "共反馈3个问题[1]。"
    prompt = sum(len(m.content) for m in MESSAGES)
    assert model.last_usage() == TokenUsage(prompt, 3)


def test_usage_is_none_when_the_server_does_not_report_it(openai_stub: OpenAIStub) -> None:
    # the first reply reports usage, the second is cut before the usage chunk could come
    openai_stub.reply("好。").runaway()
    model = make_model(openai_stub, max_tokens=10)
    model.complete(MESSAGES)
    assert model.last_usage() is not None
    with pytest.raises(LLMUnavailable):
        model.complete(MESSAGES)
    assert model.last_usage() is None
