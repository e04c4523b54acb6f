"""``Workspace``: one principal working in one knowledge base, every call checked and recorded.

It offers the calls of ``Assistant`` (ask, draft, summarize, retrieve, index, remove, the notice
list) and nothing else, so the app and the command line cannot reach a knowledge base except
through it. Each call first asks ``Access.check`` (the role and grants as they are now), then
checks its input (an empty or over-long question is refused before any work), runs, and writes
one audit record: ``ok``, ``denied`` or ``error``. A refused call raises ``AccessDenied`` and
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from assistant.accounts.access import AccessDenied
from core.errors import AssistantError
from core.types import Answer

if TYPE_CHECKING:
    from assistant.accounts.access import Access, Principal
    from assistant.accounts.audit import AuditLog, Outcome
    from assistant.answering.answerer import History
    from assistant.composing.plan import DraftKind
    from assistant.llm.chat import ChatModel
    from assistant.reading.units import UnitMatch
    from assistant.retrieval.retriever import Retrieval
    from assistant.service import Assistant
    from core.config import Settings
    from core.types import Draft, Level, Mode, Notice, Summary
    from index.pipeline import IndexReport

T = TypeVar("T")

Step = Callable[[str, int, int], None]
"""Indexing progress inside a file: ``(source, chunks embedded, chunks to embed)``."""


def check_text(text: str, limit: int, what: str) -> str:
    r"""``text`` stripped, if it is neither blank nor longer than ``limit`` characters.

    >>> check_text("  问题？ ", 10, "问题")
    '问题？'
    >>> check_text(" \n ", 10, "问题")
    Traceback (most recent call last):
    ...
    core.errors.AssistantError: 问题不能为空
    >>> check_text("长" * 12, 10, "问题")
    Traceback (most recent call last):
    ...
    core.errors.AssistantError: 问题过长（12 字），请精简到 10 字以内
    """
    stripped = text.strip()
    if not stripped:
        raise AssistantError(f"{what}不能为空")
    if len(stripped) > limit:
        raise AssistantError(f"{what}过长（{len(stripped)} 字），请精简到 {limit} 字以内")
    return stripped


class Workspace:
    """The calls of one principal in one knowledge base (build with ``Office.workspace``)."""

    def __init__(
        self, assistant: Assistant, principal: Principal, kb: str, access: Access, audit: AuditLog
    ) -> None:
        """Guard ``assistant`` (the knowledge base ``kb``) for ``principal``."""
        self.assistant = assistant
        self.principal = principal
        self.kb = kb
        self._access = access
        self._audit = audit

    # -- what the pages show -------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The settings of the knowledge base (its collection prefix, the session's endpoint)."""
        return self.assistant.settings

    @property
    def mode(self) -> Mode:
        """``llm`` or ``extractive``."""
        return self.assistant.mode

    @property
    def mode_reason(self) -> str:
        """Why that mode, for the banner."""
        return self.assistant.mode_reason

    def can(self, action: str) -> bool:
        """Whether the principal may take ``action`` here now (nothing is recorded)."""
        try:
            self._access.check(self.principal, action, self.kb)
        except AccessDenied:
            return False
        return True

    def authorize(self, action: str, target: str = "") -> None:
        """Go on if the principal may take ``action`` here; else record the refusal and raise it.

        Raises:
            AccessDenied: With the one-sentence reason.
        """
        try:
            self._access.check(self.principal, action, self.kb)
        except AccessDenied as exc:
            self._record(action, target, "denied", str(exc))
            raise

    def with_chat(self, settings: Settings, chat: ChatModel | None) -> Workspace:
        """The same workspace answering with ``chat`` (None: extractive)."""
        return Workspace(
            self.assistant.with_chat(settings, chat), self.principal, self.kb, self._access, self._audit
        )

    # -- reading -------------------------------------------------------------------------------

    def notices(self) -> list[Notice]:
        """Every notice of the knowledge base."""
        self.authorize("read")
        return self.assistant.notices()

    def size(self) -> tuple[int, int]:
        """How many files and notices the knowledge base holds (cheap: no passages are read)."""
        self.authorize("read")
        store = self.assistant.store
        return len(store.files()), len(store.committed_notice_ids())

    def resolve_unit(self, name: str) -> UnitMatch:
        """The units of the knowledge base ``name`` refers to."""
        self.authorize("read")
        return self.assistant.resolve_unit(name)

    def ask(self, question: str, history: History = (), unit: str | None = None) -> Answer:
        """Answer a question from this knowledge base (see ``Assistant.ask``)."""
        return self._run("ask", question, lambda: self.assistant.ask(self._question(question), history, unit))

    def ask_stream(
        self, question: str, history: History = (), unit: str | None = None
    ) -> Iterator[str | Answer]:
        """Like ``ask``, streamed; checked when called, recorded when the stream ends."""
        self.authorize("ask", question)
        try:
            stream = self.assistant.ask_stream(self._question(question), history, unit)
        except AssistantError as exc:
            self._record("ask", question, "error", str(exc))
            raise
        return self._recorded_stream(question, stream)

    def _recorded_stream(self, question: str, stream: Iterator[str | Answer]) -> Iterator[str | Answer]:
        outcome: Outcome = "ok"
        detail = ""
        try:
            for item in stream:
                if isinstance(item, Answer) and item.refused:
                    detail = "未找到相关信息"
                yield item
        except Exception as exc:
            outcome, detail = "error", str(exc) if isinstance(exc, AssistantError) else type(exc).__name__
            raise
        finally:
            self._record("ask", question, outcome, detail)

    def draft(self, instruction: str, unit: str | None = None, kind: DraftKind | None = None) -> Draft:
        """Draft rectification wording from this knowledge base (see ``Assistant.draft``)."""
        limit = self.settings.max_instruction_chars
        return self._run(
            "draft",
            instruction,
            lambda: self.assistant.draft(check_text(instruction, limit, "写作任务"), unit, kind),
        )

    def summarize(self, unit: str) -> Summary:
        """The summary of one unit of this knowledge base (see ``Assistant.summarize``)."""
        limit = self.settings.max_question_chars
        return self._run(
            "summarize", unit, lambda: self.assistant.summarize(check_text(unit, limit, "单位名称"))
        )

    def summarize_all(self) -> list[Summary]:
        """The summary of every unit of this knowledge base."""
        return self._run("summarize", "（全部单位）", self.assistant.summarize_all)

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        unit: str | None = None,
        year: int | None = None,
        level: Level | None = None,
    ) -> Retrieval:
        """The best passages of this knowledge base for ``question`` (see ``Assistant.retrieve``)."""
        return self._run(
            "retrieve",
            question,
            lambda: self.assistant.retrieve(self._question(question), k=k, unit=unit, year=year, level=level),
        )

    # -- writing -------------------------------------------------------------------------------

    def index(
        self,
        paths: Iterable[Path | str],
        progress: bool = False,
        prune: bool = False,
        on_step: Step | None = None,
        unit: str = "",
        on_page: Step | None = None,
    ) -> IndexReport:
        """Index files and folders into this knowledge base (editors and admins); ``unit`` files unnamed ledgers.

        ``on_step`` and ``on_page`` follow the work inside a file (see ``Assistant.index``).
        """
        given = [Path(p) for p in paths]
        target = "、".join(p.name for p in given)
        return self._run(
            "index",
            target,
            lambda: self.assistant.index(
                given, progress=progress, prune=prune, on_step=on_step, unit=unit, on_page=on_page
            ),
            _index_detail,
        )

    def remove_source(self, source: str) -> None:
        """Remove one file and everything read from it from this knowledge base (editors and admins)."""
        self._run("remove", source, lambda: self.assistant.remove_source(source))

    # -- plumbing ------------------------------------------------------------------------------

    def _question(self, question: str) -> str:
        return check_text(question, self.settings.max_question_chars, "问题")

    def _run(
        self, action: str, target: str, work: Callable[[], T], detail: Callable[[T], str] | None = None
    ) -> T:
        self.authorize(action, target)
        try:
            result = work()
        except AssistantError as exc:
            self._record(action, target, "error", str(exc))
            raise
        except Exception as exc:
            self._record(action, target, "error", type(exc).__name__)
            raise
        self._record(action, target, "ok", detail(result) if detail is not None else _refused(result))
        return result

    def _record(self, action: str, target: str, outcome: Outcome, detail: str = "") -> None:
        self._audit.record(self.principal.name, action, target, outcome, kb=self.kb, detail=detail)


def _refused(result: object) -> str:
    return "未找到相关信息" if isinstance(result, Answer) and result.refused else ""


def _index_detail(report: IndexReport) -> str:
    """What an indexing run did, with why each file was skipped or failed (the trail keeps 300 characters).

    >>> from index.report import IndexReport
    >>> _index_detail(IndexReport(1, (("a.docx", "解压后超过 200 MB，疑似压缩炸弹"),), 0, 0, 1, 5, 5, 900, 1.0))
    '索引 1 个，未变 0 个，跳过 1 个（a.docx：解压后超过 200 MB，疑似压缩炸弹）'
    """
    parts = [f"索引 {report.files_read} 个", f"未变 {report.unchanged} 个"]
    for label, pairs in (("跳过", report.skipped), ("失败", report.errors), ("未索引部分", report.left_out)):
        if pairs:
            reasons = "；".join(f"{source}：{reason}" for source, reason in pairs)
            parts.append(f"{label} {len(pairs)} 个（{reasons}）")
    if report.interrupted:
        parts.append(f"已中断，{report.pending} 个未处理")
    return "，".join(parts)
