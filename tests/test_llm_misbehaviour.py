"""The ask flow against a deterministic misbehaving model: the real OpenAI client, the loopback stub.

Each misbehaviour seen with small models behind OpenAI-compatible servers is programmed into the
stub, and the question is asked both whole (``ask``) and streamed (``ask_stream``):

* a reply of citation markers only, with or without white space and punctuation: not an answer,
  the extractive answer with the notice;
* a runaway stream (a server that ignores ``max_tokens``, a model that never stops): cut at the
  output budget, the connection closed, the extractive answer with the notice;
* a stream that would run past the deadline: abandoned at it, the same;
* wrong citation numbers: dropped with a warning;
* the refusal sentence wrapped in citation markers: a refusal;
* a reply in English to a Chinese question: the extractive answer with the notice.
"""

# ruff: noqa: F811  (the imported ``openai_stub`` fixture is requested by parameter name)

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest

from assistant.answering.answerer import MARKERS_ONLY, NOT_CHINESE
from assistant.factory import make_assistant
from assistant.service import Assistant
from core.phrases import CANNOT_ANSWER, EXTRACTIVE_NOTE, FALLBACK_NOTICE, UNUSABLE_REPLY_NOTICE
from core.types import Answer
from tests.conftest import Indexed
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401
from tests.sample_index import index_sample

QUESTION = "岚江市财政局公务接待管理不规范的问题是怎么整改的？"
"""Answered from the problem records in extractive mode: the model reads them as material."""
PASSAGES_ONLY = "岚江市财政局在公务接待方面修订了什么办法？"
"""Neither the facts table nor the problem records answer it: the model reads retrieved passages only."""
MAX_TOKENS = 60


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return index_sample(tmp_path_factory)


@pytest.fixture
def assistant(sample_index: Indexed, openai_stub: OpenAIStub) -> Assistant:
    settings = replace(
        sample_index.settings,
        openai_base_url=openai_stub.base_url,
        openai_api_key="sk-test-key",
        llm_model="stub-model",
        llm_timeout=1.0,
        llm_max_retries=0,
        llm_max_tokens=MAX_TOKENS,
    )
    return make_assistant(settings)


def ask(assistant: Assistant, streamed: bool, question: str = QUESTION) -> tuple[Answer, str]:
    """The final answer and, streamed, the text shown while it streamed."""
    if not streamed:
        return assistant.ask(question), ""
    items = list(assistant.ask_stream(question))
    final = items[-1]
    assert isinstance(final, Answer)
    return final, "".join(x for x in items[:-1] if isinstance(x, str))


def fell_back(answer: Answer, notice: str) -> None:
    assert answer.mode == "extractive" and not answer.refused
    assert answer.text.startswith(EXTRACTIVE_NOTE) and "公务接待管理办法" in answer.text
    assert notice in answer.warnings
    assert answer.model == "stub-model"


def unusable(reason: str) -> str:
    return UNUSABLE_REPLY_NOTICE.format(reason=reason)


@dataclass(frozen=True)
class Misbehaviour:
    program: Callable[[OpenAIStub], object]
    """What the stub sends."""
    notice: str
    """The fallback notice the answer must carry."""


FALLBACKS = [
    pytest.param(Misbehaviour(lambda s: s.reply("[1][2][3]"), unusable(MARKERS_ONLY)), id="markers-only"),
    pytest.param(
        Misbehaviour(lambda s: s.reply("[1]， [2]\n[3]。\n- [4]"), unusable(MARKERS_ONLY)),
        id="markers-with-space-and-punctuation",
    ),
    pytest.param(
        Misbehaviour(lambda s: s.reply("1. [1]\n2. [2]\n3. [3]"), unusable(MARKERS_ONLY)),
        id="numbered-list-of-markers",
    ),
    pytest.param(
        Misbehaviour(lambda s: s.reply("［1］【2】"), unusable(MARKERS_ONLY)), id="full-width-markers-only"
    ),
    pytest.param(
        Misbehaviour(
            lambda s: s.runaway("整改落实情况"), unusable(f"回答超出长度上限（{MAX_TOKENS} tokens）")
        ),
        id="runaway-stream",
    ),
    pytest.param(
        Misbehaviour(
            lambda s: s.reply("整改情况" * 200, chunks=tuple("整改情况" * 200), honour_max_tokens=True),
            unusable(f"回答超出长度上限（{MAX_TOKENS} tokens）"),
        ),
        id="cut-by-the-server-at-max-tokens",
    ),
    pytest.param(
        Misbehaviour(
            lambda s: s.reply("一二三四" * 50, chunk_delay=0.05), FALLBACK_NOTICE.format(reason="超时")
        ),
        id="stream-past-the-deadline",
    ),
    pytest.param(
        Misbehaviour(
            lambda s: s.reply("The finance bureau revised its rules on official receptions [1]."),
            unusable(NOT_CHINESE),
        ),
        id="english-reply",
    ),
]


@pytest.mark.parametrize("streamed", [False, True], ids=["ask", "ask_stream"])
@pytest.mark.parametrize("misbehaviour", FALLBACKS)
def test_unusable_replies_fall_back_with_the_notice(
    assistant: Assistant, openai_stub: OpenAIStub, misbehaviour: Misbehaviour, streamed: bool
) -> None:
    misbehaviour.program(openai_stub)
    started = time.monotonic()
    answer, _ = ask(assistant, streamed)
    assert time.monotonic() - started < 3.0
    fell_back(answer, misbehaviour.notice)
    assert {"generate", "fallback", "answer", "total"} <= set(answer.timings)
    assert len(openai_stub.chat_requests()) == 1
    for log in openai_stub.streams:  # every stream was sent to its end or abandoned by the client
        deadline = time.monotonic() + 2.0
        while not log.ended and time.monotonic() < deadline:
            time.sleep(0.01)
        assert log.finished or log.abandoned


def test_a_runaway_stream_is_cut_and_the_server_told(assistant: Assistant, openai_stub: OpenAIStub) -> None:
    openai_stub.runaway("整改落实情况")
    answer, shown = ask(assistant, streamed=True)
    gave_up = time.monotonic()
    fell_back(answer, unusable(f"回答超出长度上限（{MAX_TOKENS} tokens）"))
    assert shown.startswith("整改落实情况") and shown.endswith(
        answer.text
    )  # the fallback follows what streamed
    deadline = gave_up + 2.0
    while not openai_stub.streams[0].ended and time.monotonic() < deadline:
        time.sleep(0.01)
    assert openai_stub.streams[0].abandoned


@pytest.mark.parametrize("streamed", [False, True], ids=["ask", "ask_stream"])
@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(f"[1][2] [3][4] [5] [6]\n{CANNOT_ANSWER}", id="markers-before"),
        pytest.param(f"{CANNOT_ANSWER}[1][2]", id="markers-after"),
        pytest.param(f"\n\n  [1]\n**{CANNOT_ANSWER}**  \n", id="markdown-and-blank-lines"),
        pytest.param(f"【1】【2】：{CANNOT_ANSWER}", id="full-width-markers-and-colon"),
    ],
)
def test_a_refusal_wrapped_in_markers_is_a_refusal(
    assistant: Assistant, openai_stub: OpenAIStub, reply: str, streamed: bool
) -> None:
    openai_stub.reply(reply)
    answer, _ = ask(assistant, streamed, PASSAGES_ONLY)
    assert (answer.text, answer.refused, answer.mode, answer.citations) == (CANNOT_ANSWER, True, "llm", ())


@pytest.mark.parametrize("streamed", [False, True], ids=["ask", "ask_stream"])
@pytest.mark.parametrize(
    ("reply", "text", "dropped", "cited"),
    [
        pytest.param(
            "修订《市财政局公务接待管理办法》[1][9]。",
            "修订《市财政局公务接待管理办法》[1]。",
            "[9]",
            1,
            id="one-wrong",
        ),
        pytest.param(
            "修订《市财政局公务接待管理办法》[7][12]。",
            "修订《市财政局公务接待管理办法》。",
            "[7][12]",
            0,
            id="all-wrong",
        ),
        pytest.param("修订了管理办法【0】。", "修订了管理办法。", "[0]", 0, id="zero"),
    ],
)
def test_wrong_citation_numbers_are_dropped_with_a_warning(
    assistant: Assistant,
    openai_stub: OpenAIStub,
    reply: str,
    text: str,
    dropped: str,
    cited: int,
    streamed: bool,
) -> None:
    openai_stub.reply(reply)
    answer, _ = ask(assistant, streamed, PASSAGES_ONLY)
    assert (answer.mode, answer.refused, answer.text, len(answer.citations)) == ("llm", False, text, cited)
    assert f"回答引用了不存在的段落编号 {dropped}，已删除。" in answer.warnings
    if not cited:
        assert any("没有标注出处" in w for w in answer.warnings)


def test_an_english_question_may_be_answered_in_english(
    assistant: Assistant, openai_stub: OpenAIStub
) -> None:
    openai_stub.reply("The finance bureau revised its rules on official receptions [1].")
    answer = assistant.ask("How did the Lanjiang finance bureau fix its official reception problem?")
    assert answer.mode == "llm" and not answer.refused


def test_a_good_reply_carries_model_usage_and_timings(assistant: Assistant, openai_stub: OpenAIStub) -> None:
    openai_stub.reply("修订《市财政局公务接待管理办法》[1]。")
    answer, _ = ask(assistant, streamed=True)
    assert (answer.mode, answer.model, answer.warnings) == ("llm", "stub-model", ())
    assert answer.usage is not None and answer.usage.completion_tokens == 5
    assert {"retrieve", "first_piece", "generate", "answer", "total"} <= set(answer.timings)
