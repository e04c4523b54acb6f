"""Chat transport: the ``ChatModel`` seam and its OpenAI-compatible adapter.

Building messages is the callers' job (answering, drafting, summarizing); this module only moves
messages to a model and text back. Every transport failure becomes one exception,
``LLMUnavailable``, whose reason is short, in Chinese, safe to show users and free of secrets.
Callers answer it by falling back to the extractive mode.
"""

from __future__ import annotations

import email.utils
import logging
import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

from core.phrases import FALLBACK_NOTICE
from core.types import Mode

if TYPE_CHECKING:
    from core.config import Settings

log = logging.getLogger(__name__)

Role = Literal["system", "user", "assistant"]
"""Who speaks a message."""

DEFAULT_MODEL = "gpt-4o-mini"
"""The chat model used when an endpoint is configured but no model is named."""

RETRY_WAIT_BUDGET = 10.0
"""Seconds a call may spend waiting between retries in total; a longer Retry-After gives up at once."""

_T = TypeVar("_T")


@dataclass(frozen=True)
class Message:
    """One chat message."""

    role: Role
    """system, user or assistant."""
    content: str
    """The text."""


class LLMUnavailable(RuntimeError):
    """The model could not give an answer; ``reason`` says why in a few words, safe to show users."""

    def __init__(self, reason: str, *, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        """Short user-facing reason, e.g. ``超时``; never holds server text or secrets."""
        self.status = status
        """The HTTP status, when the endpoint answered with an error."""

    def __str__(self) -> str:
        return self.reason

    def __repr__(self) -> str:
        return f"LLMUnavailable({self.reason!r}, status={self.status!r})"

    @property
    def notice(self) -> str:
        """The visible fallback notice for this failure.

        >>> LLMUnavailable("超时").notice
        '大模型接口调用失败（超时），已改用抽取模式作答。'
        """
        return FALLBACK_NOTICE.format(reason=self.reason)


class ChatModel(Protocol):
    """A chat model: ``complete`` is required; ``stream`` defaults to one chunk of ``complete``.

    Implementations that subclass this protocol inherit the default ``stream``.
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


def retry_after_seconds(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds a server asked to wait, from ``retry-after-ms`` or ``retry-after`` (seconds or a date).

    Args:
        headers: Response headers (any key case).
        now: The current epoch time, for date values (default: ``time.time()``).

    Returns:
        The wait in seconds (never negative), or None when no usable header is present.

    >>> retry_after_seconds({"Retry-After": "2"})
    2.0
    >>> retry_after_seconds({"retry-after-ms": "1500", "retry-after": "9"})
    1.5
    >>> retry_after_seconds({"retry-after": "Wed, 21 Oct 2015 07:28:05 GMT"}, now=1445412480.0)
    5.0
    >>> retry_after_seconds({"retry-after": "soon"}) is None
    True
    """
    lower = {k.lower(): v for k, v in headers.items()}
    for key, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        raw = lower.get(key)
        if raw is None:
            continue
        try:
            value = float(raw)
        except ValueError:
            continue
        if math.isfinite(value):
            return max(value / divisor, 0.0)
    raw = lower.get("retry-after")
    if not raw:
        return None
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def _reason(exc: Exception) -> tuple[str, int | None]:
    """A short, secret-free reason for an SDK failure (never the server's own message)."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return "超时", None
    if isinstance(exc, openai.APIConnectionError):
        return "无法连接接口", None
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        named = {
            400: "请求被拒绝",
            401: "鉴权失败",
            403: "无访问权限",
            404: "模型或接口不存在",
            429: "请求过于频繁",
        }
        words = named.get(status, "服务端错误" if status >= 500 else "接口返回错误")
        return f"{words}，HTTP {status}", status
    return "接口返回异常", None


def _unavailable(exc: Exception) -> LLMUnavailable:
    reason, status = _reason(exc)
    log.warning("chat model call failed: %s (%s)", reason, type(exc).__name__)
    return LLMUnavailable(reason, status=status)


def _text(message: Any) -> str:
    """The text of a LangChain message or chunk."""
    content = message.content
    if isinstance(content, str):
        return content
    parts = [p if isinstance(p, str) else p.get("text", "") for p in content if isinstance(p, (str, dict))]
    return "".join(str(p) for p in parts)


def _to_langchain(messages: Sequence[Message]) -> list[Any]:
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[m.role](content=m.content) for m in messages]


class OpenAIChatModel(ChatModel):
    """A chat model behind an OpenAI-compatible endpoint (OpenAI, DeepSeek, Qwen, Ollama, vLLM).

    Speaks ``/chat/completions`` through ``langchain_openai.ChatOpenAI``. Retries 429 and 5xx
    answers itself so that ``Retry-After`` is honoured within a bounded wait; timeouts and broken
    connections are not retried.
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
        retry_wait_budget: float = RETRY_WAIT_BUDGET,
        temperature: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Build the client; nothing is sent until the first call.

        Args:
            model: The chat model name.
            api_key: The endpoint key (local servers that need none get a dummy).
            base_url: The endpoint, e.g. ``http://127.0.0.1:11434/v1``; None means OpenAI.
            timeout: Seconds before a request (or a silent stream) is abandoned.
            max_retries: Retries after a 429 or 5xx answer.
            retry_wait_budget: Total seconds of waiting allowed across retries of one call.
            temperature: Sampling temperature; None leaves the endpoint's default.
            sleep: How to wait between retries (tests pass a recorder).
        """
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr

        self.name = model
        self.base_url = base_url
        self.max_retries = max(0, max_retries)
        self.retry_wait_budget = retry_wait_budget
        self._sleep = sleep
        self._client = ChatOpenAI(
            model=model,
            api_key=SecretStr(api_key or "not-needed"),
            base_url=base_url,
            timeout=timeout,
            max_retries=0,
            temperature=temperature,
            use_responses_api=False,
            stream_usage=False,
        )

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> OpenAIChatModel:
        """Build from ``Settings`` (key, base URL, model, timeout, retries).

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
        }
        kwargs.update(overrides)
        return cls(**kwargs)

    def __repr__(self) -> str:
        return f"OpenAIChatModel(model={self.name!r}, base_url={self.base_url!r})"

    def complete(self, messages: Sequence[Message]) -> str:
        """Return the whole reply.

        Raises:
            LLMUnavailable: The endpoint failed, timed out or returned nothing.
        """
        payload = _to_langchain(messages)
        text = _text(self._retrying(lambda: self._client.invoke(payload)))
        if not text.strip():
            raise _unavailable_empty()
        return text

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """Yield the reply as it arrives.

        A failure before the first piece is retried like ``complete``; after it, the stream
        ends with ``LLMUnavailable`` (the caller decides what to do with the pieces it has).
        A stream that stops without a finish reason counts as broken.

        Raises:
            LLMUnavailable: The endpoint failed, timed out, broke the stream or returned nothing.
        """
        import openai

        payload = _to_langchain(messages)

        def start() -> tuple[Iterator[Any], list[Any]]:
            chunks = iter(self._client.stream(payload))
            head: list[Any] = []
            for chunk in chunks:
                head.append(chunk)
                if _text(chunk):
                    break
            return chunks, head

        chunks, head = self._retrying(start)
        finished = emitted = False
        try:
            for chunk in chain(head, chunks):
                finished = finished or bool(chunk.response_metadata.get("finish_reason"))
                piece = _text(chunk)
                if piece:
                    emitted = True
                    yield piece
        except openai.APITimeoutError as exc:
            raise _unavailable(exc) from None
        except openai.OpenAIError as exc:
            log.warning("chat stream broke: %s", type(exc).__name__)
            raise LLMUnavailable("流式响应中断") from None
        if not finished:
            log.warning("chat stream ended without a finish reason")
            raise LLMUnavailable("流式响应中断")
        if not emitted:
            raise _unavailable_empty()

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
                    raise _unavailable(exc) from None
                log.info(
                    "chat model answered HTTP %s; retry %d in %.2f s", exc.status_code, attempt + 1, delay
                )
            except openai.OpenAIError as exc:
                raise _unavailable(exc) from None
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


def _unavailable_empty() -> LLMUnavailable:
    log.warning("chat model returned no text")
    return LLMUnavailable("模型返回为空")
