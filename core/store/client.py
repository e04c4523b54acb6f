"""Opening the Chroma client: embedded under the store folder, or a client of a Chroma server.

**Embedded.** Chroma keeps one in-process copy of each store folder (vectors included) and never
notices that another process wrote to the folder (chroma-core/chroma#3792): a long-running reader
would miss new vectors and fail on removed ones ("Error finding id"). ``open_client(fresh=True)``
drops that copy so the new client reads the disk; ``NoticeStore`` asks for it when the index
changed under it.

**Server** (``ASSISTANT_CHROMA_URL``). Every store call is an HTTP request. When the server is
down, restarting or unreachable, the Chroma client raises transport errors (``httpx.ConnectError``
and kin) from deep inside; the client is wrapped so they surface as ``StoreUnavailable``, an
``AssistantError`` the command line and the app show as one sentence. Nothing is cached across a
failure, so the next call after the server is back simply works.
"""

from __future__ import annotations

import functools
import weakref
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlparse

from core.errors import AssistantError

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

    from core.config import Settings

T = TypeVar("T")


class StoreUnavailable(AssistantError):
    """The Chroma server cannot be reached (down, restarting, wrong address)."""


def server_address(url: str) -> str:
    """``scheme://host:port`` of a server URL, without any user or password in it.

    >>> server_address("http://user:secret@10.0.0.5:8000/x")
    'http://10.0.0.5:8000'
    """
    parsed = urlparse(url)
    ssl = parsed.scheme == "https"
    return f"{parsed.scheme or 'http'}://{parsed.hostname}:{parsed.port or (443 if ssl else 8000)}"


def unavailable(url: str) -> StoreUnavailable:
    """The error for a server that does not answer."""
    return StoreUnavailable(
        f"无法连接 Chroma 服务器 {server_address(url)}：请确认服务器已启动且地址正确（ASSISTANT_CHROMA_URL），稍后重试"
    )


def open_client(settings: Settings, *, fresh: bool = False) -> ClientAPI:
    """A Chroma client: of the server when ``settings.chroma_url`` is set, else embedded under ``store_dir``.

    Args:
        settings: Where the store is.
        fresh: Embedded only: read the folder again instead of reusing this process's copy.

    Raises:
        StoreUnavailable: The server does not answer.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        return connect(settings.chroma_url, chroma_settings)
    path = settings.store_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    if fresh:
        _forget_process_copy(str(path))
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def _forget_process_copy(path: str) -> None:
    """Make the next embedded client of ``path`` load it from disk.

    Chroma caches one ``System`` per folder in ``SharedSystemClient`` (keyed by the path) and hands
    it to every new client of that folder; dropping the entry is the only way to a fresh one. The
    old system is not stopped: clients still holding it keep working on their copy, and it is freed
    with them.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(path, None)
    SharedSystemClient._identifier_to_refcount.pop(path, None)


def connect(url: str, settings: Any) -> ClientAPI:
    """An HTTP client of the server at ``url`` (``http://host:port``), guarded (see ``guarded``).

    Raises:
        AssistantError: The URL has no host.
        StoreUnavailable: The server does not answer.
    """
    import chromadb

    parsed = urlparse(url)
    if not parsed.hostname:
        raise AssistantError(f"ASSISTANT_CHROMA_URL 无效: {url}(应为 http://host:port)")
    ssl = parsed.scheme == "https"
    port = parsed.port or (443 if ssl else 8000)
    try:
        client = chromadb.HttpClient(host=parsed.hostname, port=port, ssl=ssl, settings=settings)
    except Exception as exc:  # the client checks the server at once; a refusal is a ValueError
        if _is_network_error(exc) or "Could not connect" in str(exc):
            raise unavailable(url) from None
        raise
    return guarded(client, url)


def guarded(target: T, url: str) -> T:
    """``target`` (a client or a collection) with every method's network failure raised as ``StoreUnavailable``.

    Collections a guarded client returns are guarded too.
    """
    return cast(T, _Guarded(target, url))


class _Guarded:
    """Delegates to a Chroma client or collection; a transport error in a call becomes ``StoreUnavailable``."""

    def __init__(self, target: object, url: str) -> None:
        self._target = target
        self._url = url

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        @functools.wraps(attr)
        def call(*args: Any, **kwargs: Any) -> Any:
            try:
                result = attr(*args, **kwargs)
            except Exception as exc:
                if _is_network_error(exc):
                    raise unavailable(self._url) from None
                raise
            return _Guarded(result, self._url) if _is_collection(result) else result

        return call


def _is_collection(value: object) -> bool:
    from chromadb.api.models.Collection import Collection

    return isinstance(value, Collection)


def _is_network_error(exc: BaseException) -> bool:
    import httpx

    return isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError)


SEEN: weakref.WeakKeyDictionary[Any, dict[str, str]] = weakref.WeakKeyDictionary()
"""Per in-process copy of a store folder (Chroma's ``System``): the fingerprint last seen through it, by prefix.

Stores sharing one copy see each other's writes; a fingerprint that moved otherwise was written by
another process, and the copy is stale."""


def copy_of(client: ClientAPI) -> Any:
    """The object holding the in-process copy behind ``client`` (the client itself when unknown)."""
    try:
        return getattr(client, "_system", client)
    except (KeyError, AttributeError):  # a client whose copy was dropped from Chroma's cache
        return client
