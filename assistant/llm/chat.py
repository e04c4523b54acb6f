"""Chat transport: the ``ChatModel`` seam and its OpenAI-compatible adapter.

Building messages is the callers' job (answering, drafting, summarizing); this module only moves
messages to a model and text back. Every failure becomes one exception, ``LLMUnavailable``,
whose reason is short, in Chinese, safe to show users and free of secrets. Callers answer it by
falling back to the extractive mode.

**Every request is bounded.** ``max_tokens`` and ``temperature`` (``Settings.llm_max_tokens``,
``llm_temperature``) are sent with every request, and every reply is streamed, ``complete``
included, so that it can be abandoned: the loop closes the connection (which makes servers such as
llama.cpp stop generating) when

* the deadline passes: ``timeout`` seconds for the whole reply (a silence of ``timeout`` ends it
  too), reason ``超时``;
* the reply reaches the output budget: the server says ``finish_reason: length``, or, for a server
  that ignores ``max_tokens``, the text received passes ``OUTPUT_SLACK`` × ``max_tokens``
  (counted with ``core.tokens``; model tokenizers differ, hence the slack).

A reply cut at the budget is never used, not even in part: it raises ``LLMUnavailable`` marked
``unusable`` and the caller answers extractively with ``UNUSABLE_REPLY_NOTICE``. A cut reply is
most often a model repeating itself to the context limit, and a grounded extractive answer is
better than a truncated one; raise ``ASSISTANT_LLM_MAX_TOKENS`` for longer replies.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, Literal, Protocol, TypeVar

from assistant.llm.errors import (
    LLMUnavailable,
    retry_after_seconds,
    transport_errors,
    unavailable,
    unavailable_empty,
)
from core import tokens
from core.config import Settings
from core.types import Mode, TokenUsage

__all__ = ["ChatModel", "LLMUnavailable", "Message", "OpenAIChatModel", "retry_after_seconds"]

log = logging.getLogger(__name__)

Role = Literal["system", "user", "assistant"]
"""Who speaks a message."""

DEFAULT_MODEL = "gpt-4o-mini"
"""The chat model used when an endpoint is configured but no model is named."""

RETRY_WAIT_BUDGET = 10.0
"""Seconds a call may spend waiting between retries in total; a longer Retry-After gives up at once."""

OUTPUT_SLACK = 2.0
"""A stream is cut once its text counts this many times ``max_tokens`` in cl100k tokens (a server
that honours ``max_tokens`` stops well before: Chinese costs at most about twice as many cl100k
tokens as in the tokenizers of the usual Chinese models)."""

CUT_REASONS = frozenset({"length", "content_filter"})
"""Finish reasons of a reply the model did not finish."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: Role
    """system, user or assistant."""
    content: str
    """The text."""


class ChatModel(Protocol):
    """A chat model: ``complete`` is required; ``stream`` and ``last_usage`` have defaults.

    Implementations that subclass this protocol inherit the defaults.
    """

    name: str
    """The model name shown to users and recorded in evaluations."""
    mode: Mode
    """``llm`` for a language model, ``extractive`` for the no-model stand-in."""

    def complete(self, messages: Sequence[Message]) -> str:
        """Return the whole reply to ``messages``; raise ``LLMUnavailable`` on failure."""
        ...

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """Yield the reply in pieces; the default yields ``complete`` as one piece."""
        yield self.complete(messages)

    def last_usage(self) -> TokenUsage | None:
        """Tokens of the last request made from this thread; the default: not known."""
        return None


class OpenAIChatModel(ChatModel):
    """A chat model behind an OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen, Ollama, vLLM, llama.cpp).

    Speaks ``/chat/completions`` through the ``openai`` SDK, always streamed (see the module
    docstring for the bounds). Retries 429 and 5xx answers itself so that ``Retry-After`` is
    honoured within a bounded wait; timeouts and broken connections are not retried.
    """

    mode: Mode = "llm"

    def __init__(
        self,
        *,
        model: str,
        api_key: str | None,
        base_url: str | None,
        timeout: float,
        max_retries: int,
        max_tokens: int = Settings.llm_max_tokens,
        temperature: float = Settings.llm_temperature,
        retry_wait_budget: float = RETRY_WAIT_BUDGET,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Build the client; nothing is sent until the first call.

        Args:
            model: The chat model name.
            api_key: The endpoint key (local servers that need none get a dummy).
            base_url: The endpoint, e.g. ``http://127.0.0.1:11434/v1``; None means OpenAI.
            timeout: Seconds a whole reply may take; also the longest silence while waiting.
            max_retries: Retries after a 429 or 5xx answer.
            max_tokens: Output budget of a reply, sent as ``max_tokens``.
            temperature: Sampling temperature, sent with every request.
            retry_wait_budget: Total seconds of waiting allowed across retries of one call.
            sleep: How to wait between retries (tests pass a recorder).
        """
        import openai

        self.name = model
        self.base_url = base_url
        self.timeout = timeout
        self.max_tokens = max(1, max_tokens)
        self.temperature = temperature
        self.max_retries = max(0, max_retries)
        self.retry_wait_budget = retry_wait_budget
        self._sleep = sleep
        self._local = threading.local()
        self._client = openai.OpenAI(
            api_key=api_key or "not-needed", base_url=base_url, timeout=timeout, max_retries=0
        )

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> OpenAIChatModel:
        """Build from ``Settings`` (key, base URL, model, timeout, retries, output budget, temperature).

        Args:
            settings: The settings; an endpoint (key or base URL) must be configured.
            **overrides: Constructor arguments to replace, e.g. ``retry_wait_budget``.

        Returns:
            The adapter.

        Raises:
            ValueError: No endpoint is configured.
        """
        if not settings.llm_configured:
            raise ValueError("no chat endpoint configured (set OPENAI_API_KEY or OPENAI_BASE_URL)")
        kwargs: dict[str, Any] = {
            "model": settings.llm_model or DEFAULT_MODEL,
            "api_key": settings.openai_api_key,
            "base_url": settings.openai_base_url,
            "timeout": settings.llm_timeout,
            "max_retries": settings.llm_max_retries,
            "max_tokens": settings.llm_max_tokens,
            "temperature": settings.llm_temperature,
        }
        kwargs.update(overrides)
        return cls(**kwargs)

    def __repr__(self) -> str:
        return f"OpenAIChatModel(model={self.name!r}, base_url={self.base_url!r})"

    def request_body(self, messages: Sequence[Message]) -> dict[str, Any]:
        """The JSON body of a request (pure): always streamed, bounded, asking for usage.

        >>> m = OpenAIChatModel(model="m", api_key="k", base_url="http://127.0.0.1:9/v1", timeout=1,
        ...                     max_retries=0, max_tokens=100, temperature=0.1)
        >>> body = m.request_body([Message("user", "问")])
        >>> body["max_tokens"], body["temperature"], body["stream"], body["messages"]
        (100, 0.1, True, [{'role': 'user', 'content': '问'}])
        """
        return {
            "model": self.name,
            "messages": [{"role": m.role, "content": m.content} for m in messages],
            "stream": True,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "stream_options": {"include_usage": True},
        }

    def last_usage(self) -> TokenUsage | None:
        """The tokens of the last request this thread made, when the endpoint reported them."""
        usage: TokenUsage | None = getattr(self._local, "usage", None)
        return usage

    def complete(self, messages: Sequence[Message]) -> str:
        """Return the whole reply (streamed underneath, so that it can be abandoned).

        Raises:
            LLMUnavailable: The endpoint failed, timed out, returned nothing or a reply cut at the budget.
        """
        return "".join(self.stream(messages))

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """Yield the reply as it arrives; the connection is closed when the loop ends, however it ends.

        A failure before the first piece is retried like any request; after it, the stream ends
        with ``LLMUnavailable`` (the caller decides what to do with the pieces it has). A stream
        that stops without a finish reason counts as broken.

        Raises:
            LLMUnavailable: The endpoint failed, timed out, broke the stream, returned nothing, or
                the reply reached the output budget.
        """
        self._local.usage = None
        deadline = time.monotonic() + self.timeout
        body = self.request_body(messages)
        stream, head = self._retrying(lambda: self._open(body, deadline))
        budget = self.max_tokens * OUTPUT_SLACK
        spent = 0
        finish: str | None = None
        usage: TokenUsage | None = None
        try:
            for chunk in chain(head, stream):
                if chunk.usage is not None:
                    usage = TokenUsage(chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
                for choice in chunk.choices[:1]:
                    finish = choice.finish_reason or finish
                    piece = choice.delta.content if choice.delta is not None else None
                    if piece:
                        spent += tokens.count(piece)
                        yield piece
                if finish in CUT_REASONS or spent > budget:
                    log.warning("chat reply cut: finish_reason=%s, ~%d tokens received", finish, spent)
                    raise LLMUnavailable(f"回答超出长度上限（{self.max_tokens} tokens）", unusable=True)
                if finish is None and time.monotonic() > deadline:  # a finished reply waits for its usage
                    log.warning(
                        "chat reply abandoned at the %.0f s deadline (~%d tokens)", self.timeout, spent
                    )
                    raise LLMUnavailable("超时")
        except transport_errors() as exc:
            raise unavailable(exc, streaming=True) from None
        finally:
            stream.close()
            self._local.usage = usage
        if finish is None:
            log.warning("chat stream ended without a finish reason")
            raise LLMUnavailable("流式响应中断")
        if not spent:
            raise unavailable_empty()

    def _open(self, body: dict[str, Any], deadline: float) -> tuple[Any, list[Any]]:
        """Send the request and read up to the first piece of text (what a retry may repeat)."""
        stream: Any = self._client.chat.completions.create(**body)
        head: list[Any] = []
        try:
            for chunk in stream:
                head.append(chunk)
                if any(c.delta is not None and c.delta.content for c in chunk.choices[:1]):
                    break
                if time.monotonic() > deadline:
                    raise LLMUnavailable("超时")
        except BaseException:
            stream.close()
            raise
        return stream, head

    def _retrying(self, call: Callable[[], _T]) -> _T:
        """Run ``call``, retrying 429/5xx answers within ``max_retries`` and the wait budget."""
        import openai

        waited = 0.0
        attempt = 0
        while True:
            try:
                return call()
            except openai.APIStatusError as exc:
                delay = self._retry_delay(exc, attempt, waited)
                if delay is None:
                    raise unavailable(exc) from None
                log.info(
                    "chat model answered HTTP %s; retry %d in %.2f s", exc.status_code, attempt + 1, delay
                )
            except transport_errors() as exc:
                raise unavailable(exc) from None
            self._sleep(delay)
            waited += delay
            attempt += 1

    def _retry_delay(self, exc: Any, attempt: int, waited: float) -> float | None:
        """Seconds to wait before retrying ``exc``, or None to give up."""
        status: int = exc.status_code
        if status != 429 and status < 500:
            return None
        if attempt >= self.max_retries:
            return None
        asked = retry_after_seconds(exc.response.headers)
        delay = asked if asked is not None else 0.5 * 2**attempt
        if waited + delay > self.retry_wait_budget:
            return None
        return delay
