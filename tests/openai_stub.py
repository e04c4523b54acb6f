"""A loopback server that speaks the OpenAI wire format, for testing adapters through ``base_url``.

It answers ``POST /v1/chat/completions`` (JSON, or SSE when the body says ``"stream": true``) and
``POST /v1/embeddings``. Each test programs it: queued replies, HTTP errors (with Retry-After),
delays, a stream that breaks mid-way, a runaway stream that never finishes (a small model looping
on a server that ignores ``max_tokens``), one that honours ``max_tokens`` and stops with
``finish_reason: length``, or a responder that computes each reply from the messages. Every
request is recorded, so tests can assert on what was sent, and every stream is logged (pieces
sent, finished, or abandoned by the client), so tests can assert that a client hung up. Streams
end with a usage chunk when the request asks for it (``stream_options.include_usage``): prompt
tokens = characters of the messages, completion tokens = content pieces sent. Like some real
servers, error bodies echo the presented key, so a test can check that no key leaks into what
the client shows.

Use the ``openai_stub`` fixture: ``from tests.openai_stub import openai_stub  # noqa: F401``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal, Self

import pytest

Endpoint = Literal["chat", "embeddings"]
PATHS: dict[str, Endpoint] = {"/v1/chat/completions": "chat", "/v1/embeddings": "embeddings"}


@dataclass(frozen=True)
class StubReply:
    """One programmed answer."""

    text: str = ""
    """The reply text (chat)."""
    status: int = 200
    """HTTP status; anything but 200 is an OpenAI-style error body."""
    headers: tuple[tuple[str, str], ...] = ()
    """Extra response headers, e.g. ``(("Retry-After", "1"),)``."""
    delay: float = 0.0
    """Seconds to wait before answering (for timeouts)."""
    chunks: tuple[str, ...] | None = None
    """How a streamed reply is split; default: about four characters per chunk."""
    chunk_delay: float = 0.0
    """Seconds between streamed chunks."""
    break_after: int | None = None
    """Streamed replies only: stop after this many content chunks (no finish chunk, no ``[DONE]``)."""
    clean_break: bool = False
    """With ``break_after``: end the HTTP body properly instead of dropping the connection."""
    finish_reason: str = "stop"
    """The finish reason sent with the last chunk (or in the JSON reply)."""
    runaway: bool = False
    """Streamed replies only: repeat the pieces of ``text`` without end (until the client hangs up)."""
    honour_max_tokens: bool = False
    """Streamed replies only: stop after the request's ``max_tokens`` pieces with ``finish_reason: length``."""


@dataclass
class StreamLog:
    """What happened to one streamed reply."""

    pieces: int = 0
    """Content pieces written."""
    finished: bool = False
    """The stream was sent to its end (``[DONE]``)."""
    abandoned: bool = False
    """The client closed the connection while the stub was still sending."""
    ended: float = 0.0
    """``time.monotonic()`` when the stub stopped sending."""


@dataclass(frozen=True)
class StubRequest:
    """One request the stub received."""

    endpoint: Endpoint
    """chat or embeddings."""
    path: str
    """The request path."""
    headers: dict[str, str]
    """The request headers (lower-case keys)."""
    body: dict[str, Any]
    """The JSON body."""

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The chat messages sent."""
        return list(self.body.get("messages", []))


@dataclass
class OpenAIStub:
    """The programmable server. ``start()`` binds 127.0.0.1 on a free port."""

    embedding_dim: int = 8
    """Dimension of the deterministic embedding vectors."""
    requests: list[StubRequest] = field(default_factory=list)
    """Every request received, in order."""
    streams: list[StreamLog] = field(default_factory=list)
    """Every streamed reply, in order of the requests."""
    _queues: dict[Endpoint, deque[StubReply]] = field(
        default_factory=lambda: {"chat": deque(), "embeddings": deque()}
    )
    _sticky: dict[Endpoint, StubReply | None] = field(
        default_factory=lambda: {"chat": None, "embeddings": None}
    )
    responder: Callable[[list[dict[str, Any]]], str] | None = None
    """Computes a chat reply from the request's messages once the queue is empty (a model stand-in)."""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    # programming -------------------------------------------------------------------------------

    def enqueue(self, reply: StubReply, *, endpoint: Endpoint = "chat", times: int | None = 1) -> OpenAIStub:
        """Queue ``reply`` for the next ``times`` requests (None: every request once the queue is empty)."""
        with self._lock:
            if times is None:
                self._sticky[endpoint] = reply
            else:
                self._queues[endpoint].extend([reply] * times)
        return self

    def respond(self, responder: Callable[[list[dict[str, Any]]], str]) -> OpenAIStub:
        """Answer every chat request the queue does not, with ``responder(messages)``."""
        self.responder = responder
        return self

    def reply(self, text: str, **options: Any) -> OpenAIStub:
        """Queue a successful chat reply (JSON or streamed, as the request asks)."""
        return self.enqueue(StubReply(text=text, **options))

    def error(
        self,
        status: int,
        *,
        retry_after: str | None = None,
        times: int | None = 1,
        endpoint: Endpoint = "chat",
    ) -> OpenAIStub:
        """Queue an HTTP error, optionally with a ``Retry-After`` header."""
        headers = (("Retry-After", retry_after),) if retry_after is not None else ()
        return self.enqueue(StubReply(status=status, headers=headers), endpoint=endpoint, times=times)

    def delay(self, seconds: float, text: str = "迟到的回答", *, endpoint: Endpoint = "chat") -> OpenAIStub:
        """Queue a reply that waits ``seconds`` before answering."""
        return self.enqueue(StubReply(text=text, delay=seconds), endpoint=endpoint)

    def broken_stream(self, text: str, *, after: int = 2, clean: bool = False) -> OpenAIStub:
        """Queue a streamed reply that stops after ``after`` content chunks.

        By default the connection drops mid-body; with ``clean`` the body ends properly but the
        stream never sends its finish chunk or ``[DONE]``.
        """
        return self.enqueue(StubReply(text=text, break_after=after, clean_break=clean))

    def runaway(self, text: str = "整改落实情况", *, chunk_delay: float = 0.002) -> OpenAIStub:
        """Queue a streamed reply that repeats ``text`` piece by piece and never finishes."""
        return self.enqueue(StubReply(text=text, runaway=True, chunk_delay=chunk_delay))

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>/v1``."""
        if self._server is None:
            raise RuntimeError("stub not started")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def chat_requests(self) -> list[StubRequest]:
        """The chat requests received, in order."""
        return [r for r in self.requests if r.endpoint == "chat"]

    # lifecycle ---------------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind 127.0.0.1:0 and serve in a daemon thread."""
        handler = type("Handler", (_Handler,), {"stub": self})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="openai-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; delayed replies still waiting are abandoned."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # serving -----------------------------------------------------------------------------------

    def _next(self, endpoint: Endpoint) -> StubReply | None:
        with self._lock:
            if self._queues[endpoint]:
                return self._queues[endpoint].popleft()
            return self._sticky[endpoint]

    def _record(self, request: StubRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def _wait(self, seconds: float) -> bool:
        """Sleep unless the stub is stopping; True when it should go on."""
        return not self._stopping.wait(seconds) if seconds > 0 else True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up (timeouts, closed pools) are expected; report anything else."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    stub: OpenAIStub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def do_POST(self) -> None:
        endpoint = PATHS.get(self.path.rstrip("/"))
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b"{}"
        if endpoint is None:
            self._json(404, {"error": {"message": f"no route {self.path}", "type": "invalid_request_error"}})
            return
        body = json.loads(raw or b"{}")
        self.stub._record(
            StubRequest(endpoint, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        reply = self.stub._next(endpoint)
        if reply is None and endpoint == "chat" and self.stub.responder is not None:
            reply = StubReply(text=self.stub.responder(list(body.get("messages", []))))
        if reply is None:
            if endpoint == "embeddings":
                reply = StubReply()
            else:
                self._json(500, _error_body("stub: no reply queued", self._key()))
                return
        if not self.stub._wait(reply.delay):
            return
        try:
            if reply.status != 200:
                self._json(
                    reply.status, _error_body(f"stub error {reply.status}", self._key()), reply.headers
                )
            elif endpoint == "embeddings":
                self._json(200, _embeddings(body, self.stub.embedding_dim), reply.headers)
            elif body.get("stream"):
                self._sse(reply, body)
            else:
                self._json(200, _completion(reply, body), reply.headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _key(self) -> str:
        return self.headers.get("Authorization", "").removeprefix("Bearer ")

    def _json(self, status: int, payload: dict[str, Any], headers: tuple[tuple[str, str], ...] = ()) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _sse(self, reply: StubReply, body: dict[str, Any]) -> None:
        log = StreamLog()
        with self.stub._lock:
            self.stub.streams.append(log)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        try:
            for n, event in enumerate(_stream_events(reply, body)):
                if reply.break_after is not None and n > reply.break_after:
                    if reply.clean_break:
                        self.wfile.write(b"0\r\n\r\n")
                    # Otherwise drop the connection without the terminating chunk: a cut stream.
                    self.wfile.flush()
                    self.close_connection = True
                    return
                data = f"data: {event}\n\n".encode()
                self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()
                log.pieces += '"content"' in event and '"content": ""' not in event
                if not self.stub._wait(reply.chunk_delay):
                    return
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            log.finished = True
        except (BrokenPipeError, ConnectionResetError):
            log.abandoned = True
            self.close_connection = True
        finally:
            log.ended = time.monotonic()


def _error_body(message: str, key: str) -> dict[str, Any]:
    return {"error": {"message": f"{message} (key presented: {key})", "type": "stub_error", "code": None}}


def _pieces(reply: StubReply) -> tuple[str, ...]:
    if reply.chunks is not None:
        return reply.chunks
    return tuple(reply.text[i : i + 4] for i in range(0, len(reply.text), 4))


def _completion(reply: StubReply, body: dict[str, Any]) -> dict[str, Any]:
    message = {"role": "assistant", "content": reply.text}
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "stub"),
        "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason, "logprobs": None}],
        "usage": _usage(body, len(_pieces(reply))),
    }


def _usage(body: dict[str, Any], pieces: int) -> dict[str, int]:
    """Deterministic usage: characters of the messages, pieces of the reply."""
    prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    return {"prompt_tokens": prompt, "completion_tokens": pieces, "total_tokens": prompt + pieces}


def _stream_events(reply: StubReply, body: dict[str, Any]) -> Iterator[str]:
    """The SSE ``data:`` payloads: role, content pieces, finish, usage (when asked), ``[DONE]``."""

    def chunk(delta: dict[str, Any] | None, finish: str | None = None, **extra: Any) -> str:
        choices = (
            [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]
        )
        payload = {
            "id": "chatcmpl-stub",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model", "stub"),
            "choices": choices,
            **extra,
        }
        return json.dumps(payload, ensure_ascii=False)

    pieces = _pieces(reply)
    limit = int(body.get("max_tokens") or 0) if reply.honour_max_tokens else 0
    stream = itertools.cycle(pieces) if reply.runaway and pieces else iter(pieces)
    finish = reply.finish_reason
    sent = 0
    yield chunk({"role": "assistant", "content": ""})
    for piece in stream:
        if limit and sent >= limit:
            finish = "length"
            break
        sent += 1
        yield chunk({"content": piece})
    yield chunk({}, finish)
    if (body.get("stream_options") or {}).get("include_usage"):
        yield chunk(None, usage=_usage(body, sent))
    yield "[DONE]"


def _embeddings(body: dict[str, Any], dim: int) -> dict[str, Any]:
    """Deterministic unit vectors, one per input (strings or token lists)."""
    raw = body.get("input", [])
    items = [raw] if isinstance(raw, str) or (raw and isinstance(raw[0], int)) else list(raw)
    data = []
    for i, item in enumerate(items):
        digest = hashlib.sha256(json.dumps(item, ensure_ascii=False).encode("utf-8")).digest()
        vector = [b - 127.5 for b in (digest * (dim // len(digest) + 1))[:dim]]
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        data.append({"object": "embedding", "index": i, "embedding": [v / norm for v in vector]})
    usage = {"prompt_tokens": 1, "total_tokens": 1}
    return {"object": "list", "data": data, "model": body.get("model", "stub"), "usage": usage}


@pytest.fixture
def openai_stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenAIStub]:
    """A started stub; loopback is kept off any configured proxy."""
    for name in ("NO_PROXY", "no_proxy"):
        hosts = [h for h in os.environ.get(name, "").split(",") if h]
        monkeypatch.setenv(name, ",".join([*hosts, "127.0.0.1", "localhost"]))
    stub = OpenAIStub().start()
    try:
        yield stub
    finally:
        stub.stop()
