"""Drafting rectification wording, grounded in how other units wrote theirs: one drafter per mode.

``LLMDrafter`` retrieves exemplars across all units (never scoped to the user's unit, whose own
notices are left out), asks the chat model (prompts ``draft.*``/``rewrite.user``) and post-checks
its output (``placeholders.check``); a failing endpoint falls back to the ``ExtractiveDrafter``
with ``phrases.FALLBACK_NOTICE`` in the warnings. ``ExtractiveDrafter`` composes from the
exemplars' own sentences (``extractive_draft``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.composing.extractive_draft import compose_draft
from assistant.composing.placeholders import UNIT, check, placeholders_in
from assistant.composing.plan import KIND_WORDS, DraftKind, DraftPlan, Search, exemplars, given_texts, plan
from assistant.grounding.citations import format_passages, number_passages, resolve
from assistant.llm import prompts
from assistant.llm.chat import LLMUnavailable, Message
from core.types import Draft

if TYPE_CHECKING:
    from assistant.llm.chat import ChatModel
    from assistant.reading.units import UnitDirectory
    from core.config import Settings


def build_messages(plan: DraftPlan, passages: str) -> list[Message]:
    """The chat messages of an LLM draft (a pure function: no model needed to test it)."""
    system = prompts.render("draft.system")
    if plan.kind == "rewrite":
        user = prompts.render("rewrite.user", text=plan.text, passages=passages)
    else:
        user = prompts.render(
            "draft.user",
            instruction=plan.instruction,
            unit=plan.unit or UNIT,
            kind=KIND_WORDS[plan.kind],
            passages=passages,
        )
    return [Message("system", system), Message("user", user)]


class ExtractiveDrafter:
    """Drafts composed from the exemplars' own sentences, with 【placeholders】 for the user's facts."""

    mode = "extractive"

    def __init__(self, search: Search, settings: Settings, directory: UnitDirectory | None = None) -> None:
        """Draft with exemplars from ``search`` (retrieval across all units)."""
        self.search = search
        self.settings = settings
        self.directory = directory

    def draft(self, instruction: str, unit: str | None = None, kind: DraftKind | None = None) -> Draft:
        """Draft what ``instruction`` asks for.

        Args:
            instruction: The drafting task, verbatim.
            unit: The user's unit (any usual form), when not named in the instruction.
            kind: ``problem``, ``notice`` or ``rewrite``; detected from the instruction when None.

        Returns:
            The draft with its exemplar citations and placeholders.
        """
        p, warnings = self.prepare(instruction, unit, kind)
        return self.compose(p, warnings)

    def prepare(
        self, instruction: str, unit: str | None, kind: DraftKind | None
    ) -> tuple[DraftPlan, list[str]]:
        """The plan of ``instruction`` and the warnings known before drafting."""
        p = plan(instruction, unit, kind, self.directory)
        warnings: list[str] = []
        if unit and self.directory is not None and not self.directory.resolve(unit).matched:
            warnings.append(f"单位“{unit}”不在索引中，按输入的名称起草")
        return p, warnings

    def compose(self, p: DraftPlan, warnings: list[str]) -> Draft:
        """The extractive draft of plan ``p``."""
        return compose_draft(p, self.search, self.settings, self.directory, warnings)


class LLMDrafter(ExtractiveDrafter):
    """Drafts written by the chat model over exemplars, checked; extractive when the endpoint fails."""

    mode = "llm"

    def __init__(
        self,
        search: Search,
        settings: Settings,
        chat: ChatModel,
        directory: UnitDirectory | None = None,
    ) -> None:
        """Draft with ``chat``, exemplars from ``search``."""
        super().__init__(search, settings, directory)
        self.chat = chat

    def compose(self, p: DraftPlan, warnings: list[str]) -> Draft:
        """The model's draft of plan ``p``; the extractive one with the fallback notice on failure."""
        try:
            return self._llm(p, warnings)
        except LLMUnavailable as exc:
            warnings.append(exc.notice)
        return super().compose(p, warnings)

    def _llm(self, p: DraftPlan, warnings: list[str]) -> Draft:
        hits = exemplars(p, self.search, self.settings.k)
        passages = number_passages(hits, self.settings.context_tokens)
        reply = self.chat.complete(build_messages(p, format_passages(passages)))
        checked = check(reply, given_texts(p), self.directory, copied_from=[x.text for x in passages])
        if checked.replacements:
            shown = "、".join(dict.fromkeys(f"{r.original}→{r.placeholder}" for r in checked.replacements))
            warnings.append(f"草稿中未见于写作任务的具体信息已换成占位符：{shown}")
        resolved = resolve(checked.text, passages)
        if resolved.dropped:
            warnings.append(f"已删除不存在的引用编号：{'、'.join(str(n) for n in resolved.dropped)}")
        text = resolved.text.strip()
        return Draft(text, "llm", resolved.citations, placeholders_in(text), tuple(warnings))
