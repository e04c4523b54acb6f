"""How the chat transport fails: ``LLMUnavailable`` and the mapping of SDK failures onto it.

Reasons are short, in Chinese, safe to show users: never the server's own text (which may echo the
key), never a secret.
"""

from __future__ import annotations

import email.utils
import logging
import math
import time
from collections.abc import Mapping

from core.phrases import FALLBACK_NOTICE, UNUSABLE_REPLY_NOTICE

log = logging.getLogger("assistant.llm.chat")


class LLMUnavailable(RuntimeError):
    """The model gave no usable answer; ``reason`` says why in a few words, safe to show users."""

    def __init__(self, reason: str, *, status: int | None = None, unusable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        """Short user-facing reason, e.g. ``超时``; never holds server text or secrets."""
        self.status = status
        """The HTTP status, when the endpoint answered with an error."""
        self.unusable = unusable
        """True when the model did reply, but the reply cannot be used (cut, empty of content, …)."""

    def __str__(self) -> str:
        return self.reason

    def __repr__(self) -> str:
        return f"LLMUnavailable({self.reason!r}, status={self.status!r}, unusable={self.unusable!r})"

    @property
    def notice(self) -> str:
        """The visible fallback notice for this failure.

        >>> LLMUnavailable("超时").notice
        '大模型接口调用失败（超时），已改用抽取模式作答。'
        >>> LLMUnavailable("回答只有引用标记", unusable=True).notice
        '大模型的回答不可用（回答只有引用标记），已改用抽取模式作答。'
        """
        return (UNUSABLE_REPLY_NOTICE if self.unusable else FALLBACK_NOTICE).format(reason=self.reason)


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


def transport_errors() -> tuple[type[Exception], ...]:
    """What the SDK and its HTTP client raise when a request or a stream fails."""
    import httpx
    import openai

    return (openai.OpenAIError, httpx.HTTPError)


def _reason(exc: Exception, streaming: bool = False) -> tuple[str, int | None]:
    """A short, secret-free reason for an SDK failure (never the server's own message)."""
    import httpx
    import openai

    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException):
        return "超时", None
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
    if streaming or isinstance(exc, httpx.HTTPError):
        return "流式响应中断", None
    if isinstance(exc, openai.APIConnectionError):
        return "无法连接接口", None
    return "接口返回异常", None


def unavailable(exc: Exception, streaming: bool = False) -> LLMUnavailable:
    """``exc`` (an SDK or HTTP failure) as ``LLMUnavailable``, logged without the server's text."""
    reason, status = _reason(exc, streaming)
    log.warning("chat model call failed: %s (%s)", reason, type(exc).__name__)
    return LLMUnavailable(reason, status=status)


def unavailable_empty() -> LLMUnavailable:
    """The failure of a reply that holds no text."""
    log.warning("chat model returned no text")
    return LLMUnavailable("模型返回为空")
