"""Drafting rectification wording, grounded in how other units wrote theirs: one drafter per mode.

Both drafters read the request into a ``DraftPlan`` (``plan``) and take their exemplars from the
notice model: other units' problem records of the same problem type (``exemplar_problems``).
``ExtractiveDrafter`` assembles the draft from them (``extractive_draft``). ``LLMDrafter`` gives
the chat model the same plan, the exemplars and the form constraint (prompts ``draft.*`` and
``rewrite.user``), then post-checks its text (``postcheck``); a failing endpoint falls back to
the extractive draft with ``phrases.FALLBACK_NOTICE`` in the warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.composing.exemplar_problems import find_exemplars
from assistant.composing.exemplars import exemplars
from assistant.composing.extractive_draft import compose_draft
from assistant.composing.placeholders import UNIT, placeholders_in
from assistant.composing.plan import FORM_WORDS, DraftKind, DraftPlan, Search, plan
from assistant.composing.postcheck import form_ok, postcheck
from assistant.composing.requirements import is_given, requirement_named
from assistant.grounding.citations import Passage, format_passages, number_passages, resolve
from assistant.llm import prompts
from assistant.llm.chat import LLMUnavailable, Message
from core.types import Draft, Hit, Notice

FORM_FALLBACK = "大模型草稿不符合要求的文稿形式，已改用抽取模式起草"
"""The notice when a model's draft, once checked, lacks the form asked."""

if TYPE_CHECKING:
    from assistant.llm.chat import ChatModel
    from assistant.reading.units import UnitDirectory
    from core.config import Settings


def _task(p: DraftPlan) -> str:
    if p.kind == "notice":
        topics = "、".join(t.name for t in p.topics)
        return f"起草{p.level}整改情况通报" + (f"，整改落实情况部分写{topics}方面的问题" if topics else "")
    problem = f"关于“{p.phrase}”问题的" if p.phrase else (f"{p.topics[0].name}方面问题的" if p.topics else "")
    return f"起草{problem}{p.label or '整改情况'}"


def _requirements(p: DraftPlan) -> str:
    lines = [f"- {c}" for c in p.instructions]
    for name in p.required:
        r = requirement_named(name)
        if not is_given(r, p.facts):
            lines.append(f"- 写出{name}，用占位符{r.placeholder}表示")
    lines += [f"- 要写到的内容：{point}" for point in p.points]
    if p.kind == "problem":
        lines.append(
            f"- 以“{p.label}：”领起，写{p.items}条" + ("，每条单独成行，用1. 2. 3.编号" if p.numbered else "")
        )
    return "\n".join(lines) or "（无）"


def build_messages(p: DraftPlan, passages: str) -> list[Message]:
    """The chat messages of an LLM draft (a pure function: no model needed to test it)."""
    system = prompts.render("draft.system")
    if p.kind == "rewrite":
        user = prompts.render("rewrite.user", text=p.text, unit=p.unit or UNIT, passages=passages)
    else:
        user = prompts.render(
            "draft.user",
            task=_task(p),
            unit=p.unit or UNIT,
            form=FORM_WORDS[p.form],
            facts="\n".join(f"- {f}" for f in p.facts) or "（无）",
            requirements=_requirements(p),
            passages=passages,
        )
    return [Message("system", system), Message("user", user)]


class ExtractiveDrafter:
    """Drafts assembled from other units' measures, with 【placeholders】 for what the user did not give."""

    mode = "extractive"

    def __init__(
        self,
        search: Search,
        settings: Settings,
        directory: UnitDirectory | None = None,
        notices: Sequence[Notice] = (),
    ) -> None:
        """Draft with exemplars from ``notices`` (problem records) and ``search`` (retrieval across all units)."""
        self.search = search
        self.settings = settings
        self.directory = directory
        self.notices = notices

    def draft(self, instruction: str, unit: str | None = None, kind: DraftKind | None = None) -> Draft:
        """Draft what ``instruction`` asks for.

        Args:
            instruction: The drafting request, verbatim.
            unit: The user's unit (as they write it), when not named in the request.
            kind: ``problem``, ``notice`` or ``rewrite``; read from the request when None.

        Returns:
            The draft with its title, exemplar citations, placeholders and notes.
        """
        return self.compose(plan(instruction, unit, kind, self.directory), [])

    def compose(self, p: DraftPlan, warnings: list[str]) -> Draft:
        """The extractive draft of plan ``p``."""
        return compose_draft(p, self.search, self.settings, self.directory, self.notices, warnings)


class LLMDrafter(ExtractiveDrafter):
    """Drafts written by the chat model over the same plan and exemplars, post-checked."""

    mode = "llm"

    def __init__(
        self,
        search: Search,
        settings: Settings,
        chat: ChatModel,
        directory: UnitDirectory | None = None,
        notices: Sequence[Notice] = (),
    ) -> None:
        """Draft with ``chat``; exemplars as for the extractive drafter."""
        super().__init__(search, settings, directory, notices)
        self.chat = chat

    def compose(self, p: DraftPlan, warnings: list[str]) -> Draft:
        """The model's draft of plan ``p``; the extractive one with the fallback notice on failure."""
        try:
            return self._llm(p, warnings)
        except LLMUnavailable as exc:
            warnings.append(exc.notice)
        return super().compose(p, warnings)

    def _hits(self, p: DraftPlan) -> list[Hit]:
        if p.kind == "problem":
            found = find_exemplars(p, self.notices, self.search, k=self.settings.k).items
            if found:
                return [e.hit for e in found]
        return exemplars(p, self.search, self.settings.k)

    def _llm(self, p: DraftPlan, warnings: list[str]) -> Draft:
        passages: tuple[Passage, ...] = number_passages(self._hits(p), self.settings.context_tokens)
        reply = self.chat.complete(build_messages(p, format_passages(passages)))
        units = [x.hit.chunk.unit for x in passages]
        checked = postcheck(
            reply, p, self.directory, copied_from=[x.text for x in passages], exemplar_units=units
        )
        if not form_ok(checked.text, p):
            warnings.append(FORM_FALLBACK)
            return super().compose(p, warnings)
        if checked.replacements:
            shown = "、".join(dict.fromkeys(f"{r.original}→{r.placeholder}" for r in checked.replacements))
            warnings.append(f"草稿中用户未提供的具体信息已换成占位符：{shown}")
        if checked.dropped:
            warnings.append(
                f"已删去不属于草稿的内容 {len(checked.dropped)} 处（写作要求的原话、通报框架行或其他领域的表述）"
            )
        resolved = resolve(checked.text, passages)
        if resolved.dropped:
            warnings.append(f"已删除不存在的引用编号：{'、'.join(str(n) for n in resolved.dropped)}")
        text = resolved.text.strip()
        return Draft(text, "llm", resolved.citations, placeholders_in(text), tuple(warnings), title=p.title)
