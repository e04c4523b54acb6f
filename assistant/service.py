"""``Assistant``: the one facade the command line and the app use.

A thin composition: it holds the store, the embedder and the chat model (or none), and hands
each call to the module that owns it. The heavy read state (notices, chunks, keyword index,
unit directory) is a ``CorpusView`` loaded once and reloaded only when the store's fingerprint
changes, so another process's indexing becomes visible without a restart. ``with_chat`` gives
another chat model over the same shared state.

Reads and writes may go to different places: an embedded store is read through its read replica
(``core.store.replica``; opening Chroma writes to its folder even to read), and the store itself
is opened only when something is written (indexing, removing a file).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.answering.answerer import Answerer, History, LLMAnswerer
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.answering.flow import Asker
from assistant.answering.selection import answer_support
from assistant.retrieval.retriever import CorpusView, Retrieval, RetrievalConfig, Retriever
from core.errors import AssistantError, UnknownUnit
from core.types import Answer, Draft, Hit, Level, Mode, Notice, Summary
from index.pipeline import IndexReport

if TYPE_CHECKING:
    from assistant.composing.plan import DraftKind
    from assistant.composing.summarizing import ExtractiveSummarizer
    from assistant.llm.chat import ChatModel
    from assistant.reading.units import UnitMatch
    from assistant.retrieval.lc_retriever import NoticeRetriever
    from core.config import Settings
    from core.embeddings import Embedder
    from core.store.replica import NoticeReader
    from core.store.store import NoticeStore

MODE_REASONS = {
    "llm": "已配置大模型接口（{model}），使用大模型模式",
    "extractive": "未配置大模型接口（OPENAI_API_KEY / OPENAI_BASE_URL），使用抽取模式",
}
"""Why the assistant runs in each mode, as shown to users."""


class _Shared:
    """The read state shared by an assistant and every ``with_chat`` copy of it."""

    def __init__(
        self,
        settings: Settings,
        store: NoticeStore | None,
        embedder: Embedder,
        reader: NoticeReader | None = None,
        open_store: Callable[[], NoticeStore] | None = None,
    ) -> None:
        if reader is None:
            if store is None:
                raise ValueError("an assistant needs a store, or a reader and a way to open the store")
            reader = store
        self.settings = settings
        self._store = store
        self._open_store = open_store
        self.reader: NoticeReader = reader
        self.embedder = embedder
        self.config = RetrievalConfig.from_settings(settings)
        self._lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._retriever: Retriever | None = None

    @property
    def store(self) -> NoticeStore:
        """The store, opened on first use (writing; or reading, when there is no separate reader)."""
        with self._store_lock:
            if self._store is None:
                if self._open_store is None:
                    raise ValueError("no store to open")
                self._store = self._open_store()
            return self._store

    def retriever(self) -> Retriever:
        """The retriever over the current committed state (reloaded when the fingerprint moved)."""
        reader = self.reader
        fingerprint = reader.fingerprint()
        current = self._retriever
        if current is not None and current.view.fingerprint == fingerprint:
            return current
        with self._lock:
            current = self._retriever
            if current is None or current.view.fingerprint != reader.fingerprint():
                view = CorpusView.load(reader, self.settings)
                current = Retriever(view, reader, self.embedder, self.config, rerank=answer_support)
                self._retriever = current
            return current


@dataclass(frozen=True)
class _Chat:
    model: ChatModel | None
    mode: Mode
    reason: str


def _chat_for(settings: Settings, chat: ChatModel | None) -> _Chat:
    if chat is None:
        return _Chat(None, "extractive", MODE_REASONS["extractive"])
    name = getattr(chat, "model", None) or settings.llm_model or type(chat).__name__
    return _Chat(chat, "llm", MODE_REASONS["llm"].format(model=name))


class Assistant:
    """Questions, drafts and summaries over the indexed notices (build with ``factory.make_assistant``)."""

    def __init__(
        self,
        settings: Settings,
        store: NoticeStore | None,
        embedder: Embedder,
        chat: ChatModel | None = None,
        *,
        reader: NoticeReader | None = None,
        open_store: Callable[[], NoticeStore] | None = None,
        _shared: _Shared | None = None,
    ) -> None:
        """Compose an assistant; with ``chat`` None it runs extractive (``factory`` builds the chat model).

        Args:
            settings: The settings.
            store: The notice store; None to open it with ``open_store`` when first written.
            embedder: The embedder of the store.
            chat: The chat model (None: extractive).
            reader: What queries read (default: ``store``), e.g. the store's read replica.
            open_store: Opens the store when ``store`` is None.
            _shared: The state of another assistant to share (``with_chat``).
        """
        self.settings = settings
        self._shared = _shared or _Shared(settings, store, embedder, reader, open_store)
        picked = _chat_for(settings, chat)
        self.chat: ChatModel | None = picked.model
        self.mode: Mode = picked.mode
        self.mode_reason: str = picked.reason

    @property
    def store(self) -> NoticeStore:
        """The notice store."""
        return self._shared.store

    @property
    def embedder(self) -> Embedder:
        """The embedder of the store."""
        return self._shared.embedder

    @property
    def view(self) -> CorpusView:
        """The current snapshot of the index."""
        return self._shared.retriever().view

    @property
    def retriever(self) -> Retriever:
        """The hybrid retriever over the current snapshot."""
        return self._shared.retriever()

    def with_chat(self, settings: Settings, chat: ChatModel | None) -> Assistant:
        """Another assistant over the same store and indexes, with ``chat`` (None: extractive)."""
        return Assistant(settings, None, self.embedder, chat, _shared=self._shared)

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        unit: str | None = None,
        year: int | None = None,
        level: Level | None = None,
    ) -> Retrieval:
        """The best passages for ``question`` (see ``Retriever.retrieve``).

        Raises:
            UnknownUnit: ``unit`` names no unit of the index.
        """
        k = self.settings.k if k is None else k
        return self._shared.retriever().retrieve(question, k=k, unit=unit, year=year, level=level)

    def answerer(self) -> Answerer:
        """The answerer of this assistant's mode: the chat model's, or the extractive one."""
        if self.chat is None:
            return ExtractiveAnswerer()
        return LLMAnswerer(self.chat, self.settings, self.view.directory)

    def ask(self, question: str, history: History = (), unit: str | None = None) -> Answer:
        """Answer a question from the notices, with citations (see ``assistant.answering.flow``).

        Args:
            question: The question (a follow-up is made standalone with ``history``).
            history: Earlier (question, answer) pairs, oldest first.
            unit: Restrict to this unit (any usual form of its name).

        Raises:
            UnknownUnit: ``unit`` names no unit of the index.
        """
        return Asker(self.retriever, self.answerer(), self.settings.k).ask(question, history, unit)

    def ask_stream(
        self, question: str, history: History = (), unit: str | None = None
    ) -> Iterator[str | Answer]:
        """Like ``ask``, streamed: text pieces, then the final checked ``Answer`` (which is what counts)."""
        return Asker(self.retriever, self.answerer(), self.settings.k).ask_stream(question, history, unit)

    def draft(self, instruction: str, unit: str | None = None, kind: DraftKind | None = None) -> Draft:
        """Draft rectification wording grounded in other units' notices (see ``assistant.composing.drafting``).

        Args:
            instruction: The drafting task, verbatim.
            unit: The user's unit as they write it (used verbatim; need not be in the index).
            kind: ``problem``, ``notice`` or ``rewrite``; read from the instruction when None.
        """
        from assistant.composing.drafting import ExtractiveDrafter, LLMDrafter

        def search(query: str, k: int) -> tuple[Hit, ...]:
            return self.retrieve(query, k=k).hits

        view = self.view
        drafter = (
            ExtractiveDrafter(search, self.settings, view.directory, view.notices)
            if self.chat is None
            else LLMDrafter(search, self.settings, self.chat, view.directory, view.notices)
        )
        return drafter.draft(instruction, unit, kind)

    def summarize(self, unit: str) -> Summary:
        """The summary of one unit over all of its notices (see ``assistant.composing.summarizing``).

        Raises:
            UnknownUnit: The name matches no unit, or several (the suggestions list them).
        """
        notices = self.unit_notices(unit)
        return self._summarizer().summarize(notices[0].unit, notices)

    def summarize_all(self) -> list[Summary]:
        """The summary of every unit of the index, in index order (every notice in exactly one)."""
        from assistant.composing.summarizing import by_unit

        summarizer = self._summarizer()
        return [summarizer.summarize(unit, notices) for unit, notices in by_unit(self.view.notices)]

    def _summarizer(self) -> ExtractiveSummarizer:
        """The summarizer of this assistant's mode."""
        from assistant.composing.summarizing import ExtractiveSummarizer, LLMSummarizer

        if self.chat is None:
            return ExtractiveSummarizer(self.settings, self.view.directory)
        return LLMSummarizer(self.settings, self.chat, self.view.directory)

    def as_langchain(self, k: int | None = None) -> NoticeRetriever:
        """A LangChain ``BaseRetriever`` over ``retrieve`` (``retriever.invoke(question)`` → documents)."""
        from assistant.retrieval.lc_retriever import NoticeRetriever

        return NoticeRetriever(search=self.retrieve, k=k)

    def notices(self) -> list[Notice]:
        """Every committed notice, in file order."""
        return list(self.view.notices)

    def resolve_unit(self, name: str) -> UnitMatch:
        """The units of the index that ``name`` (a name or a question) refers to."""
        return self.view.directory.resolve(name)

    def unit_notices(self, unit: str) -> list[Notice]:
        """The notices of one unit, given in any usual form of its name.

        Raises:
            UnknownUnit: The name matches no unit, or several (the suggestions list them).
        """
        match = self.resolve_unit(unit)
        if not match.matched:
            raise UnknownUnit(unit, match.suggestions)
        if len(match.units) > 1:
            raise UnknownUnit(unit, match.units)
        return [n for n in self.view.notices if n.unit == match.units[0]]

    def index(
        self,
        paths: Iterable[Path | str],
        progress: bool = False,
        prune: bool = False,
        on_step: Callable[[str, int, int], None] | None = None,
        unit: str = "",
        on_page: Callable[[str, int, int], None] | None = None,
    ) -> IndexReport:
        """Index files and folders into the store (the next call sees the new state).

        ``on_step(source, embedded, to_embed)`` is called as a file's passages are embedded;
        ``unit`` files a ledger (.xlsx/.xls) whose title and file name name no unit;
        ``on_page(source, recognized, to_recognize)`` follows text recognition of scanned pages.
        """
        from index.pipeline import build_index

        return build_index(
            [Path(p) for p in paths],
            self.settings,
            self.embedder,
            self.store,
            progress=progress,
            prune=prune,
            on_step=on_step,
            unit=unit,
            on_page=on_page,
        )

    def remove_source(self, source: str) -> None:
        """Remove one indexed file (by its source name) and everything read from it.

        Raises:
            AssistantError: No file of that name is indexed.
        """
        from core.store.keyword import refresh
        from core.store.lock import IndexLocked, index_lock
        from core.store.replica import publish

        try:
            with index_lock(self.settings.store_dir):
                if self.store.delete_file(source) is None:
                    raise AssistantError(f"索引中没有文件“{source}”")
                refresh(self.store, self.settings.store_dir)
                if not self.settings.chroma_url:
                    publish(self.store, self.settings.store_dir)
        except IndexLocked:
            raise AssistantError("另一个索引任务正在运行，请稍后再删除") from None


def readable_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files and folders → the files the indexer would read, in order."""
    from index.loaders import iter_files

    return [Path(p) for p in iter_files([Path(p) for p in paths])]
