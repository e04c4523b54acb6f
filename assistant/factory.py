"""The composition root: ``Settings`` in, ready clients out. The CLI, the app and the tests go through here.

Optional providers are imported inside the branch that uses them.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from core.errors import AssistantError

if TYPE_CHECKING:
    from assistant.llm.chat import ChatModel
    from assistant.office import Office
    from assistant.service import Assistant
    from core.config import Settings
    from core.embeddings import Embedder
    from core.store.keyword import KeywordIndex
    from core.store.replica import NoticeReader
    from core.store.store import NoticeStore

log = logging.getLogger(__name__)

EMBEDDERS = ("e5", "openai", "hash")
"""Valid values of ``Settings.embedder``."""


def make_embedder(settings: Settings) -> Embedder:
    """The embedder ``settings.embedder`` names.

    >>> from core.config import Settings
    >>> make_embedder(Settings(embedder="hash")).name
    'hash-256'
    """
    name = settings.embedder
    if name == "e5":
        from core.embeddings import E5Embedder

        return E5Embedder()
    if name == "openai":
        from core.embeddings import OpenAIEmbedder

        return OpenAIEmbedder(
            settings.embedding_model,
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            timeout=settings.llm_timeout,
        )
    if name == "hash":
        from core.embeddings import HashEmbedder

        return HashEmbedder()
    raise AssistantError(f"未知的嵌入模型 {name!r}(ASSISTANT_EMBEDDER);可选: {', '.join(EMBEDDERS)}")


def make_store(settings: Settings, embedder: Embedder | None = None, *, rebuild: bool = False) -> NoticeStore:
    """The notice store of ``settings`` (embedded or a Chroma server), checked against ``embedder``.

    Args:
        settings: Where the store is and its collection prefix.
        embedder: The embedder whose vectors the store holds (to index); None to read only: listing
            notices then works whichever embedder built the index, and a query vector is checked
            against it when a search is made.
        rebuild: Drop the existing collections first (to change the embedder).

    Raises:
        EmbedderMismatch: The store was built with another embedder (and ``rebuild`` is False).
    """
    from core.store.client import open_client
    from core.store.replica import withdraw
    from core.store.store import NoticeStore, drop_collections

    client = open_client(settings)
    if rebuild:
        drop_collections(client, settings.collection)
        withdraw(settings.store_dir, settings.collection)
    # embedded: reopen from disk when another process changed the index (see core.store.client)
    reopen = None if settings.chroma_url else (lambda: open_client(settings, fresh=True))
    return NoticeStore(client, settings.collection, embedder, reopen=reopen)


def make_reader(settings: Settings, embedder: Embedder) -> NoticeReader | None:
    """What queries read instead of the store, or None to read the store itself.

    An embedded store is read through its read replica (``core.store.replica``), because opening
    Chroma writes to its folder, even to read; also when nothing was indexed yet (an empty
    replica, so that asking creates nothing). A Chroma server is read directly, and so is an
    embedded store indexed before replicas were published (``assistant index`` publishes one).
    """
    from core.store.replica import ReplicaReader, current_fingerprint

    if settings.chroma_url:
        return None
    fresh = not (settings.store_dir / "chroma").exists()
    if fresh or current_fingerprint(settings.store_dir, settings.collection) is not None:
        return ReplicaReader(settings.store_dir, settings.collection, embedder.name)
    log.info("store %s has no read replica; reading Chroma (run `assistant index` once)", settings.store_dir)
    return None


def make_keyword_index(settings: Settings, store: NoticeStore) -> KeywordIndex:
    """The keyword index matching the store's committed state (loaded, or rebuilt when stale)."""
    from core.store.keyword import for_store

    return for_store(store, settings.store_dir)


def make_chat_model(settings: Settings) -> ChatModel | None:
    """The chat model of ``settings``: the OpenAI-compatible endpoint, or None when none is configured.

    None selects the extractive mode (``assistant.answering.extractive``), a first-class answerer.

    >>> from core.config import Settings
    >>> make_chat_model(Settings()) is None
    True
    >>> make_chat_model(Settings(openai_base_url="http://127.0.0.1:9/v1", llm_model="m")).name
    'm'
    """
    if not settings.llm_configured:
        return None
    from assistant.llm.chat import OpenAIChatModel

    return OpenAIChatModel.from_settings(settings)


def make_assistant(
    settings: Settings,
    chat: ChatModel | None = None,
    embedder: Embedder | None = None,
    store: NoticeStore | None = None,
) -> Assistant:
    """The ``Assistant`` of ``settings``; any of its parts can be given ready-made (tests, the app).

    Args:
        settings: Store, embedder and model endpoint.
        chat: The chat model; when None, built from ``settings`` if an endpoint is configured,
            else the assistant runs extractive.
        embedder: The embedder; built from ``settings`` when None.
        store: The notice store, also read by queries; when None, queries read ``make_reader``'s
            reader and the store is opened from ``settings`` when first written.
    """
    from assistant.service import Assistant

    embedder = embedder or make_embedder(settings)
    chat = chat if chat is not None else make_chat_model(settings)
    reader = make_reader(settings, embedder) if store is None else None
    if reader is None:  # read through the store: opened unbound, bound when it indexes
        return Assistant(settings, store or make_store(settings), embedder, chat)
    return Assistant(
        settings, None, embedder, chat, reader=reader, open_store=lambda: make_store(settings, embedder)
    )


def with_endpoint(base: Assistant, settings: Settings) -> Assistant:
    """``base`` over the same store and indexes, with the chat model of ``settings`` (or extractive)."""
    return base.with_chat(settings, make_chat_model(settings))


def make_office(settings: Settings, embedder: Embedder | None = None) -> Office:
    """The ``Office`` of ``settings``: its knowledge bases share one embedder and the accounts database.

    Each knowledge base's ``Assistant`` is made by ``make_assistant`` when first used.
    """
    from assistant.office import Office
    from core.store.client import open_client
    from core.store.replica import withdraw
    from core.store.store import drop_collections

    shared = embedder or make_embedder(settings)

    def open_assistant(kb_settings: Settings) -> Assistant:
        return make_assistant(kb_settings, embedder=shared)

    def drop_store(kb_settings: Settings) -> None:
        drop_collections(open_client(kb_settings), kb_settings.collection)
        withdraw(kb_settings.store_dir, kb_settings.collection)

    return Office(settings, open_assistant, drop_store)


ENDPOINT_CHECK_TIMEOUT = 15.0
"""Seconds the connection test of a model endpoint waits for an answer."""


def check_endpoint(settings: Settings) -> str | None:
    """Ask the endpoint of ``settings`` for a one-word reply; None when it answered, else why not.

    >>> from core.config import Settings
    >>> check_endpoint(Settings()) is None
    True
    """
    if not settings.llm_configured:
        return None
    from dataclasses import replace

    from assistant.llm.chat import LLMUnavailable, Message, OpenAIChatModel

    quick = replace(
        settings, llm_timeout=min(settings.llm_timeout, ENDPOINT_CHECK_TIMEOUT), llm_max_retries=0
    )
    try:
        OpenAIChatModel.from_settings(quick).complete([Message("user", "请只回复：好")])
    except LLMUnavailable as exc:
        return exc.reason
    except Exception as exc:  # noqa: BLE001 - a test of the connection reports any failure, never crashes the page
        return f"无法连接（{type(exc).__name__}）"
    return None
