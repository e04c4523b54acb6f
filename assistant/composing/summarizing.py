"""A unit's rectification summarized over ALL its notices, every line cited, in both modes.

``summary_material.gather`` reads all of the unit's notices into a facts card, a problem list
and numbered sources. ``Summarizer`` then writes the narrative: with a chat model through the
``summarize.*`` prompts (its claims checked against the sources), or composed from the facts and
quoted sentences (``summary_compose``). A failing endpoint falls back to the composed text with
``sentinels.FALLBACK_NOTICE`` in the warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.composing.extractive_summary import compose_summary
from assistant.composing.summary_material import (
    CONTACT_LABELS,
    FACT_LABELS,
    STATUS_DONE,
    Material,
    by_unit,
    fact_of,
    gather,
    key_measure,
    merge_facts,
)
from assistant.grounding.citations import cited_numbers, normalize_markers
from assistant.grounding.claims import check_answer
from assistant.llm import prompts
from assistant.llm.chat import LLMUnavailable, Message
from core import tokens
from core.phrases import CITATION_FORMAT, CITATION_RE
from core.types import Fact, Notice, ProblemSummary, Summary

DIGEST_MEASURES = 3
"""Measures given per problem when problems reach the model as digests."""

__all__ = [
    "ExtractiveSummarizer",
    "LLMSummarizer",
    "build_messages",
    "by_unit",
    "facts_lines",
    "gather",
    "key_measure",
    "merge_facts",
    "passages_block",
]

if TYPE_CHECKING:
    from assistant.llm.chat import ChatModel
    from assistant.reading.units import UnitDirectory
    from core.config import Settings


def facts_lines(material: Material) -> list[str]:
    """The facts card as plain lines with the source number of each fact (the ``facts`` prompt variable).

    Values are quoted as the notice writes them; facts no notice states are said to be unstated.
    """
    f = material.facts
    lines = [f"单位：{material.unit}"]
    for key, label in FACT_LABELS.items():
        lines.append(_fact_line(label, fact_of(f, key), material.fact_refs.get(key)))
    for name, fact in f.status.items():
        lines.append(_fact_line(f"整改进度（{name}）", fact, material.fact_refs.get(f"status.{name}")))
    for name, fact in f.contact.items():
        lines.append(
            _fact_line(CONTACT_LABELS.get(name, name), fact, material.fact_refs.get(f"contact.{name}"))
        )
    done = sum(p.status == STATUS_DONE for p in material.problems)
    lines.append(f"通报列出的问题：{len(material.problems)} 个（其中标明已完成 {done} 个）")
    return lines


def _fact_line(label: str, fact: Fact | None, n: int | None) -> str:
    if fact is None:
        return f"{label}：通报未载明"
    marker = CITATION_FORMAT.format(n=n) if n is not None else ""
    also = "；另一说法：" + "、".join(a.quote for a in fact.also) if fact.also else ""
    return f"{label}：{fact.quote}{marker}{also}"


def passages_block(material: Material, budget: int) -> str:
    """The numbered sources for the prompt, as many as fit ``budget`` tokens (fact sentences first).

    When the whole problem blocks do not fit, each problem is given as its heading, its measures
    as written and its status, so that every problem of a long notice reaches the model.
    """
    digests = {p.citations[0]: _digest(p) for p in material.problems if p.citations}
    full = [(c, c.text) for c in material.citations]
    if sum(tokens.count(text) for _, text in full) > budget:
        full = [(c, digests.get(c.n, c.text)) for c in material.citations]
    several = len(material.notices) > 1
    out: list[str] = []
    used = 0
    for c, text in full:
        head = CITATION_FORMAT.format(n=c.n) + (f" 通报：{c.title or '无标题'}" if several else "")
        entry = f"{head}\n{text}"
        cost = tokens.count(entry) + 2
        if used + cost > budget and out:
            short = tokens.truncate(text, max(budget - used - 40, 0))
            if len(short) >= 20:
                out.append(f"{head}\n{short}……")
            break
        out.append(entry)
        used += cost
    return "\n\n".join(out)


def _digest(problem: ProblemSummary) -> str:
    """A problem in few words: heading, key measures, status (all as the notice writes them)."""
    lines = [problem.heading.strip()]
    if problem.measures:
        lines.append("整改措施：" + "；".join(problem.measures[:DIGEST_MEASURES]))
    lines.append(f"整改进度：{problem.status or '通报未逐项写明'}")
    return "\n".join(lines)


def build_messages(material: Material, budget: int) -> list[Message]:
    """The chat messages of an LLM summary (pure: no model needed to test it)."""
    user = prompts.render(
        "summarize.user",
        unit=material.unit,
        facts="\n".join(facts_lines(material)),
        passages=passages_block(material, budget),
    )
    return [Message("system", prompts.render("summarize.system")), Message("user", user)]


class ExtractiveSummarizer:
    """Summaries of units composed from the notices' own facts, problems and sentences."""

    mode = "extractive"

    def __init__(self, settings: Settings, directory: UnitDirectory | None = None):
        """Summarize extractively; ``directory`` resolves unit names in the claim check."""
        self.settings = settings
        self.directory = directory

    def summarize(self, unit: str, notices: Sequence[Notice]) -> Summary:
        """The summary of ``unit`` over all of its ``notices``."""
        material = gather(unit, notices)
        return self.compose(material, list(material.warnings))

    def compose(self, material: Material, warnings: list[str]) -> Summary:
        """The extractive summary of ``material``."""
        return _summary(material, compose_summary(material), "extractive", warnings)


class LLMSummarizer(ExtractiveSummarizer):
    """Summaries written by the chat model from the facts card and sources, checked; extractive on failure."""

    mode = "llm"

    def __init__(self, settings: Settings, chat: ChatModel, directory: UnitDirectory | None = None):
        """Summarize with ``chat``."""
        super().__init__(settings, directory)
        self.chat = chat

    def compose(self, material: Material, warnings: list[str]) -> Summary:
        """The model's summary of ``material``; the extractive one with the fallback notice on failure."""
        try:
            return self._llm(material, warnings)
        except LLMUnavailable as exc:
            warnings.append(exc.notice)
        return super().compose(material, warnings)

    def _llm(self, material: Material, warnings: list[str]) -> Summary:
        reply = self.chat.complete(build_messages(material, self.settings.context_tokens))
        known = {c.n for c in material.citations}
        text = normalize_markers(reply)
        dropped = [n for n in cited_numbers(text) if n not in known]
        if dropped:
            text = CITATION_RE.sub(lambda m: m.group() if int(m.group(1)) in known else "", text)
            warnings.append(f"已删除不存在的引用编号：{'、'.join(str(n) for n in dropped)}")
        checked = check_answer(text, material.citations, action="flag", directory=self.directory)
        warnings.extend(checked.warnings)
        return _summary(material, checked.text, "llm", warnings)


def _summary(material: Material, text: str, mode: str, warnings: Sequence[str]) -> Summary:
    """The ``Summary`` record; citations are the sources the text or the problem list cites."""
    used = set(cited_numbers(text)) | {n for p in material.problems for n in p.citations}
    used |= set(material.fact_refs.values())
    citations = tuple(c for c in material.citations if c.n in used)
    return Summary(
        unit=material.unit,
        notice_ids=tuple(n.id for n in material.notices),
        facts=material.facts,
        problems=material.problems,
        text=text.strip(),
        mode="llm" if mode == "llm" else "extractive",
        citations=citations,
        warnings=tuple(warnings),
    )
