"""A chat model for tests: queued replies, recorded calls, programmable failures. No network.

>>> from assistant.llm.chat import Message
>>> fake = FakeChatModel(["第一个回答 [1]"])
>>> fake.complete([Message("user", "问")])
'第一个回答 [1]'
>>> fake.calls[0].messages[0].content
'问'
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.llm.chat import ChatModel, LLMUnavailable, Message
from core.types import Mode


@dataclass(frozen=True)
class Interrupted:
    """A queued reply whose stream yields ``text`` and then fails (``complete`` fails at once)."""

    text: str
    """What the stream yields before it breaks."""
    reason: str = "流式响应中断"
    """The ``LLMUnavailable`` reason raised."""


Reply = str | LLMUnavailable | Interrupted
"""A queued reply: text, a failure to raise, or a stream that breaks part-way."""


@dataclass(frozen=True)
class FakeCall:
    """One call the fake received."""

    kind: Literal["complete", "stream"]
    """Which method was called."""
    messages: tuple[Message, ...]
    """The messages it was given."""

    @property
    def system(self) -> str:
        """The system message text ('' if none)."""
        return next((m.content for m in self.messages if m.role == "system"), "")

    @property
    def user(self) -> str:
        """The last user message text ('' if none)."""
        return next((m.content for m in reversed(self.messages) if m.role == "user"), "")


class FakeChatModel(ChatModel):
    """Replies from a queue; then from ``responder`` or ``default``; otherwise the test is told.

    Args:
        replies: Replies to give in order (text, ``LLMUnavailable`` to raise, ``Interrupted``).
        name: The model name.
        default: The reply once the queue is empty.
        responder: Computes the reply from the messages once the queue is empty.
        chunk_size: Characters per streamed piece.
    """

    def __init__(
        self,
        replies: Iterable[Reply] = (),
        *,
        name: str = "fake-chat",
        default: str | None = None,
        responder: Callable[[Sequence[Message]], str] | None = None,
        chunk_size: int = 4,
    ) -> None:
        self.name = name
        self.mode: Mode = "llm"
        self.queue: deque[Reply] = deque(replies)
        self.default = default
        self.responder = responder
        self.chunk_size = max(1, chunk_size)
        self.calls: list[FakeCall] = []
        self._always_fail: str | None = None

    def enqueue(self, *replies: Reply) -> FakeChatModel:
        """Add replies to the queue."""
        self.queue.extend(replies)
        return self

    def fail(self, reason: str = "超时", *, always: bool = False) -> FakeChatModel:
        """Make the next call (or, with ``always``, every call) raise ``LLMUnavailable(reason)``."""
        if always:
            self._always_fail = reason
        else:
            self.queue.append(LLMUnavailable(reason))
        return self

    @property
    def last(self) -> FakeCall:
        """The most recent call."""
        if not self.calls:
            raise AssertionError("FakeChatModel was never called")
        return self.calls[-1]

    def complete(self, messages: Sequence[Message]) -> str:
        """Record the call and give the next reply."""
        reply = self._next("complete", messages)
        if isinstance(reply, Interrupted):
            raise LLMUnavailable(reply.reason)
        return reply

    def stream(self, messages: Sequence[Message]) -> Iterator[str]:
        """Record the call and give the next reply in ``chunk_size`` pieces."""
        reply = self._next("stream", messages)
        text = reply.text if isinstance(reply, Interrupted) else reply
        for i in range(0, len(text), self.chunk_size):
            yield text[i : i + self.chunk_size]
        if isinstance(reply, Interrupted):
            raise LLMUnavailable(reply.reason)

    def _next(self, kind: Literal["complete", "stream"], messages: Sequence[Message]) -> str | Interrupted:
        self.calls.append(FakeCall(kind, tuple(messages)))
        if self._always_fail is not None:
            raise LLMUnavailable(self._always_fail)
        if self.queue:
            reply = self.queue.popleft()
        elif self.responder is not None:
            reply = self.responder(messages)
        elif self.default is not None:
            reply = self.default
        else:
            raise AssertionError(f"FakeChatModel: no reply queued for call #{len(self.calls)}")
        if isinstance(reply, LLMUnavailable):
            raise reply
        return reply
