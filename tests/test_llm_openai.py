"""The OpenAI-compatible adapter against the loopback stub, through ``base_url`` with the real client."""

# ruff: noqa: F811  (the imported ``openai_stub`` fixture is requested by parameter name)

from __future__ import annotations

import logging
import socket
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import openai
import pytest

from assistant.llm.chat import DEFAULT_MODEL, ChatModel, LLMUnavailable, Message, OpenAIChatModel
from core.config import Settings
from core.phrases import FALLBACK_NOTICE
from tests.fake_llm import FakeChatModel, Interrupted
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401

FAKE_KEY = "sk-test-LEAKCHECK-7f3a9c51e0"
MESSAGES = [Message("system", "只依据摘录作答。"), Message("user", "甲单位反馈了几个问题？")]


class SleepRecorder:
    """Stands in for ``time.sleep`` so retry waits are checked without waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def make_model(stub: OpenAIStub, **overrides: Any) -> OpenAIChatModel:
    options: dict[str, Any] = {
        "model": "stub-model",
        "api_key": FAKE_KEY,
        "base_url": stub.base_url,
        "timeout": 5.0,
        "max_retries": 2,
        "retry_wait_budget": 5.0,
        "sleep": SleepRecorder(),
    }
    options.update(overrides)
    return OpenAIChatModel(**options)


def waits(model: OpenAIChatModel) -> list[float]:
    recorder = model._sleep
    assert isinstance(recorder, SleepRecorder)
    return recorder.waits


def collect(stream: Iterator[str]) -> tuple[list[str], LLMUnavailable | None]:
    pieces: list[str] = []
    try:
        for piece in stream:
            pieces.append(piece)  # noqa: PERF402 - keeps the pieces received before a failure
    except LLMUnavailable as exc:
        return pieces, exc
    return pieces, None


# --- success paths -----------------------------------------------------------------------------


def test_complete_sends_the_messages_and_returns_the_reply(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("甲单位反馈了3个方面12个问题 [1]。")
    model = make_model(openai_stub)
    assert model.complete(MESSAGES) == "甲单位反馈了3个方面12个问题 [1]。"
    (request,) = openai_stub.chat_requests()
    assert request.messages == [
        {"role": "system", "content": "只依据摘录作答。"},
        {"role": "user", "content": "甲单位反馈了几个问题？"},
    ]
    assert request.body["model"] == "stub-model"
    # every request is bounded and streamed, ``complete`` included (so that it can be abandoned)
    assert request.body["stream"] is True
    assert (request.body["max_tokens"], request.body["temperature"]) == (800, 0.2)
    assert request.headers["authorization"] == f"Bearer {FAKE_KEY}"


def test_stream_yields_chunks_in_order_as_they_arrive(openai_stub: OpenAIStub) -> None:
    chunks = ("一是健全制度，", "二是压实责任，", "三是强化监督 [2]。")
    openai_stub.reply("".join(chunks), chunks=chunks, chunk_delay=0.1)
    model = make_model(openai_stub)
    started = time.monotonic()
    arrivals: list[tuple[str, float]] = [(p, time.monotonic() - started) for p in model.stream(MESSAGES)]
    assert [p for p, _ in arrivals] == list(chunks)
    # The first piece is handed over while the server is still sending the rest.
    assert arrivals[0][1] < arrivals[-1][1] - 0.15
    assert openai_stub.chat_requests()[0].body["stream"] is True


def test_assistant_turns_keep_their_role(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("好的。")
    history = [Message("user", "问一"), Message("assistant", "答一"), Message("user", "问二")]
    make_model(openai_stub).complete(history)
    assert [m["role"] for m in openai_stub.chat_requests()[0].messages] == ["user", "assistant", "user"]


# --- failures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reason", "requests"),
    [
        pytest.param(400, "请求被拒绝，HTTP 400", 1, id="400-not-retried"),
        pytest.param(401, "鉴权失败，HTTP 401", 1, id="401-not-retried"),
        pytest.param(404, "模型或接口不存在，HTTP 404", 1, id="404-not-retried"),
        pytest.param(500, "服务端错误，HTTP 500", 3, id="500-retried-then-unavailable"),
        pytest.param(503, "服务端错误，HTTP 503", 3, id="503-retried-then-unavailable"),
    ],
)
def test_http_errors_become_llm_unavailable(
    openai_stub: OpenAIStub, status: int, reason: str, requests: int
) -> None:
    openai_stub.error(status, times=None)
    model = make_model(openai_stub, max_retries=2)
    with pytest.raises(LLMUnavailable) as info:
        model.complete(MESSAGES)
    assert info.value.reason == reason
    assert info.value.status == status
    assert len(openai_stub.chat_requests()) == requests
    assert waits(model) == ([0.5, 1.0] if requests == 3 else [])


def test_429_with_retry_after_then_success(openai_stub: OpenAIStub) -> None:
    openai_stub.error(429, retry_after="2").reply("限流后成功。")
    model = make_model(openai_stub)
    assert model.complete(MESSAGES) == "限流后成功。"
    assert waits(model) == [2.0]
    assert len(openai_stub.chat_requests()) == 2


def test_retry_after_is_really_waited(openai_stub: OpenAIStub) -> None:
    openai_stub.error(429, retry_after="1").reply("等了一秒。")
    model = make_model(openai_stub, sleep=time.sleep)
    started = time.monotonic()
    assert model.complete(MESSAGES) == "等了一秒。"
    assert 1.0 <= time.monotonic() - started < 4.0


def test_429_forever_gives_up_after_bounded_retries(openai_stub: OpenAIStub) -> None:
    openai_stub.error(429, retry_after="1", times=None)
    model = make_model(openai_stub, max_retries=3)
    with pytest.raises(LLMUnavailable, match="请求过于频繁，HTTP 429"):
        model.complete(MESSAGES)
    assert len(openai_stub.chat_requests()) == 4
    assert waits(model) == [1.0, 1.0, 1.0]


@pytest.mark.parametrize(
    ("retry_after", "budget", "expected_waits"),
    [
        pytest.param("120", 5.0, [], id="longer-than-budget-gives-up-at-once"),
        pytest.param("3", 5.0, [3.0], id="second-wait-would-exceed-budget"),
    ],
)
def test_retry_waits_stay_within_the_budget(
    openai_stub: OpenAIStub, retry_after: str, budget: float, expected_waits: list[float]
) -> None:
    openai_stub.error(429, retry_after=retry_after, times=None)
    model = make_model(openai_stub, max_retries=5, retry_wait_budget=budget)
    with pytest.raises(LLMUnavailable):
        model.complete(MESSAGES)
    assert waits(model) == expected_waits
    assert len(openai_stub.chat_requests()) == len(expected_waits) + 1


@pytest.mark.parametrize("streaming", [False, True], ids=["complete", "stream"])
def test_timeout_is_llm_unavailable_quickly(openai_stub: OpenAIStub, streaming: bool) -> None:
    openai_stub.delay(5.0)
    model = make_model(openai_stub, timeout=0.3)
    started = time.monotonic()
    with pytest.raises(LLMUnavailable) as info:
        list(model.stream(MESSAGES)) if streaming else model.complete(MESSAGES)
    assert info.value.reason == "超时"
    assert time.monotonic() - started < 2.0
    assert len(openai_stub.chat_requests()) == 1


def test_broken_stream_is_llm_unavailable_after_the_pieces_sent(openai_stub: OpenAIStub) -> None:
    openai_stub.broken_stream("一二三四五六七八九十甲乙", after=2)
    pieces, error = collect(make_model(openai_stub).stream(MESSAGES))
    assert pieces == ["一二三四", "五六七八"]
    assert error is not None and error.reason == "流式响应中断"


def test_stream_that_ends_without_finishing_is_broken(openai_stub: OpenAIStub) -> None:
    openai_stub.broken_stream("一二三四五六七八九十", after=1, clean=True)
    pieces, error = collect(make_model(openai_stub).stream(MESSAGES))
    assert pieces == ["一二三四"]
    assert error is not None and error.reason == "流式响应中断"


def test_stream_retries_an_error_before_the_first_piece(openai_stub: OpenAIStub) -> None:
    openai_stub.error(503).reply("重试后的流。")
    model = make_model(openai_stub)
    assert "".join(model.stream(MESSAGES)) == "重试后的流。"
    assert waits(model) == [0.5]


@pytest.mark.parametrize("streaming", [False, True], ids=["complete", "stream"])
def test_empty_reply_is_llm_unavailable(openai_stub: OpenAIStub, streaming: bool) -> None:
    openai_stub.reply("")
    model = make_model(openai_stub)
    with pytest.raises(LLMUnavailable, match="模型返回为空"):
        list(model.stream(MESSAGES)) if streaming else model.complete(MESSAGES)


def test_unreachable_endpoint_is_llm_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    model = OpenAIChatModel(
        model="m", api_key=FAKE_KEY, base_url=f"http://127.0.0.1:{port}/v1", timeout=2.0, max_retries=2
    )
    with pytest.raises(LLMUnavailable, match="无法连接接口"):
        model.complete(MESSAGES)


# --- the key never leaks -----------------------------------------------------------------------

FAILURES: list[Any] = [
    pytest.param(lambda s: s.error(500, times=None), "complete", id="500"),
    pytest.param(lambda s: s.error(401), "complete", id="401"),
    pytest.param(lambda s: s.error(429, retry_after="1", times=None), "stream", id="429-forever"),
    pytest.param(lambda s: s.delay(5.0), "complete", id="timeout"),
    pytest.param(lambda s: s.broken_stream("一二三四五六七八九十", after=1), "stream", id="broken-stream"),
]


@pytest.mark.parametrize(("program", "call"), FAILURES)
def test_the_key_never_leaks(
    openai_stub: OpenAIStub,
    caplog: pytest.LogCaptureFixture,
    record_property: Callable[[str, object], None],
    program: Callable[[OpenAIStub], object],
    call: str,
) -> None:
    program(openai_stub)
    model = make_model(openai_stub, timeout=0.5)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(LLMUnavailable) as info:
        list(model.stream(MESSAGES)) if call == "stream" else model.complete(MESSAGES)
    exc = info.value
    shown = [
        str(exc),
        repr(exc),
        exc.reason,
        exc.notice,
        repr(model),
        "".join(traceback.format_exception(exc)),
    ]
    for text in shown:
        assert FAKE_KEY not in text
    assert FAKE_KEY not in caplog.text
    assert caplog.records, "the failure should be logged"
    made = len(openai_stub.chat_requests())
    record_property(
        "figure",
        f"{made} request{'s' if made != 1 else ''} sent with the key; key absent from {len(shown) + 1} places "
        f"(message, repr, reason, notice, model repr, traceback, log of {len(caplog.records)} records)",
    )


def test_the_stub_echoes_the_key_so_the_leak_test_can_fail(openai_stub: OpenAIStub) -> None:
    openai_stub.error(500)
    client = openai.OpenAI(api_key=FAKE_KEY, base_url=openai_stub.base_url, max_retries=0)
    with pytest.raises(openai.APIStatusError) as info:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "x"}])
    assert FAKE_KEY in str(info.value)


# --- construction ------------------------------------------------------------------------------


def test_from_settings_uses_every_endpoint_field(openai_stub: OpenAIStub) -> None:
    settings = Settings(
        openai_api_key=FAKE_KEY,
        openai_base_url=openai_stub.base_url,
        llm_model="qwen-test",
        llm_timeout=7.0,
        llm_max_retries=1,
    )
    model = OpenAIChatModel.from_settings(settings, sleep=SleepRecorder())
    assert (model.name, model.mode, model.max_retries) == ("qwen-test", "llm", 1)
    openai_stub.error(500, times=None)
    with pytest.raises(LLMUnavailable):
        model.complete(MESSAGES)
    requests = openai_stub.chat_requests()
    assert len(requests) == 2
    assert requests[0].body["model"] == "qwen-test"
    assert FAKE_KEY not in repr(model)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        pytest.param(Settings(openai_base_url="http://127.0.0.1:1/v1"), DEFAULT_MODEL, id="no-model-named"),
        pytest.param(Settings(openai_api_key="k", llm_model="deepseek-chat"), "deepseek-chat", id="named"),
    ],
)
def test_from_settings_model_name(settings: Settings, expected: str) -> None:
    assert OpenAIChatModel.from_settings(settings).name == expected


def test_from_settings_refuses_no_endpoint() -> None:
    with pytest.raises(ValueError, match="no chat endpoint"):
        OpenAIChatModel.from_settings(Settings())


def test_fallback_notice_carries_the_reason() -> None:
    assert LLMUnavailable("超时").notice == FALLBACK_NOTICE.format(reason="超时")


# --- the ChatModel contract over every implementation ------------------------------------------


class EchoModel(ChatModel):
    """Implements only ``complete``; ``stream`` comes from the protocol's default."""

    name = "echo"
    mode = "extractive"

    def complete(self, messages: Sequence[Message]) -> str:
        return messages[-1].content


def _stub_model(stub: OpenAIStub, reply: str | None) -> ChatModel:
    if reply is None:
        stub.error(500, times=None)
    else:
        stub.reply(reply)
    return make_model(stub, max_retries=0)


def _fake_model(stub: OpenAIStub, reply: str | None) -> ChatModel:
    return FakeChatModel([LLMUnavailable("服务端错误，HTTP 500") if reply is None else reply])


IMPLEMENTATIONS = [pytest.param(_stub_model, id="openai-stub"), pytest.param(_fake_model, id="fake")]


@pytest.mark.parametrize("build", IMPLEMENTATIONS)
@pytest.mark.parametrize("streaming", [False, True], ids=["complete", "stream"])
def test_contract_reply(openai_stub: OpenAIStub, build: Any, streaming: bool) -> None:
    model = build(openai_stub, "整改已完成 [1]。")
    text = "".join(model.stream(MESSAGES)) if streaming else model.complete(MESSAGES)
    assert text == "整改已完成 [1]。"
    assert model.mode == "llm"


@pytest.mark.parametrize("build", IMPLEMENTATIONS)
@pytest.mark.parametrize("streaming", [False, True], ids=["complete", "stream"])
def test_contract_failure(openai_stub: OpenAIStub, build: Any, streaming: bool) -> None:
    model = build(openai_stub, None)
    with pytest.raises(LLMUnavailable, match="HTTP 500"):
        list(model.stream(MESSAGES)) if streaming else model.complete(MESSAGES)


def test_default_stream_is_one_piece_of_complete() -> None:
    assert list(EchoModel().stream([Message("user", "原文")])) == ["原文"]


# --- the fake, as other tests use it -----------------------------------------------------------


def test_fake_records_calls_and_streams_in_pieces() -> None:
    fake = FakeChatModel(["一二三四五六"], chunk_size=4)
    assert list(fake.stream(MESSAGES)) == ["一二三四", "五六"]
    assert fake.last.kind == "stream"
    assert (fake.last.system, fake.last.user) == ("只依据摘录作答。", "甲单位反馈了几个问题？")


def test_fake_failures_and_interruptions() -> None:
    fake = FakeChatModel().enqueue(Interrupted("部分", reason="流式响应中断")).fail("超时")
    pieces, error = collect(fake.stream(MESSAGES))
    assert pieces == ["部分"] and error is not None and error.reason == "流式响应中断"
    with pytest.raises(LLMUnavailable, match="超时"):
        fake.complete(MESSAGES)
    with pytest.raises(AssertionError, match="no reply queued"):
        fake.complete(MESSAGES)
    fake.fail("无法连接接口", always=True)
    with pytest.raises(LLMUnavailable, match="无法连接接口"):
        fake.complete(MESSAGES)


def test_fake_responder_sees_the_messages() -> None:
    fake = FakeChatModel(responder=lambda messages: f"收到{len(messages)}条", default="不会用到")
    assert fake.complete(MESSAGES) == "收到2条"
