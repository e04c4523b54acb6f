"""Extractive drafts: the genre's structure, filled with other units' measures made the user's.

Without a language model a draft is assembled, not written. Each form has its structure in the
official register: a 整改情况 paragraph (``整改情况：一是……。二是……。``, then 整改成效 and 下一步
unless a format template asked for the paragraph alone), a 整改措施 list, a 整改成效 paragraph, a
下一步工作打算 list, or a whole notice (title, lead, 一、整改工作组织情况, 二、整改落实情况,
三、下一步工作打算, the supervision paragraph, signature and date). Items come from
``measures.pick``: the user's facts, exemplar measures adapted to the user's unit (each keeps the
``[n]`` of its exemplar), and generic lines of the problem type where no exemplar covers an
element. Whatever the user did not give is a 【placeholder】.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.composing import notice_skeleton
from assistant.composing.adapt import Adapter
from assistant.composing.exemplar_problems import Exemplars, find_exemplars
from assistant.composing.exemplars import Cites, ExemplarSource, spread
from assistant.composing.measures import TYPICAL, Item, on_topic, pick, require, similar
from assistant.composing.placeholders import placeholders_in
from assistant.composing.plan import DraftPlan, Search
from assistant.composing.render import paragraph, sentence_line
from assistant.composing.requirements import is_given, requirement_named
from assistant.composing.topics import GENERIC_NEXT
from core.phrases import DRAFT_EXTRACTIVE_NOTE, GENERIC_LINES_NOTE
from core.types import Draft, Notice

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory
    from core.config import Settings

_NEXT_QUERY = "下一步工作打算 持续巩固整改成果 建立健全长效机制"
_NEXT_WORDS = re.compile(r"持续|长效|巩固|常态|回头看|坚持")


def _status(plan: DraftPlan) -> list[str]:
    """Closing sentences the user asked for (完成时限, 整改进展) that their facts do not give."""
    out = []
    for name in plan.required:
        r = requirement_named(name)
        if r.part == "status" and not is_given(r, plan.facts):
            out.append(r.line.format(topic="") if name != "完成时限" else "该问题于【完成时限】前完成整改")
    return out


def _fits(plan: DraftPlan, found: Exemplars, text: str | None, out: Sequence[Item]) -> bool:
    """A result or plan sentence on the topic, in the type's usual wording, not said already."""
    return (
        text is not None
        and on_topic(plan, text)
        and found.register.typicality(text) >= TYPICAL
        and not any(similar(text, i.text) for i in out)
    )


def _results(plan: DraftPlan, found: Exemplars, adapter: Adapter, limit: int) -> list[Item]:
    out: list[Item] = []
    for e in found.items:
        for s in e.results():
            text = adapter.adapt(s, e.unit, e.field, share=0.5)
            if text and _fits(plan, found, text, out) and len(out) < limit:
                out.append(Item(text, "exemplar", e.hit, s))
    return require(plan, out, "results", limit + 1)


def _next(
    plan: DraftPlan,
    found: Exemplars,
    adapter: Adapter,
    source: ExemplarSource,
    n: int,
    said: Sequence[Item] = (),
) -> list[Item]:
    """Next steps: the exemplars' plan sentences on the topic, retrieved next-step plans, generic lines.

    Nothing that repeats what ``said`` (the draft's measures) already says.
    """
    out: list[Item] = []

    def fits(text: str) -> bool:
        return _fits(plan, found, text, out) and not any(similar(text, i.text) for i in said)

    for e in found.items:
        for s in e.plans():
            text = adapter.adapt(
                s.removeprefix("下一步，").removeprefix("下一步"), e.unit, e.field, share=0.5
            )
            if text and _fits(plan, found, text, out):
                out.append(Item(text, "exemplar", e.hit, s))
    if len(out) < n:
        hits = source.hits(f"{_NEXT_QUERY} {' '.join(t.name for t in plan.topics)}")
        pieces = source.pieces(hits, "measures", None) + source.pieces(hits, "sentences", None)
        pieces = [p for p in pieces if _NEXT_WORDS.search(p.text) and fits(p.text)]
        out += [
            Item(p.text, "exemplar", p.hit, p.original) for p in source.take(spread(pieces, n - len(out), 1))
        ]
    generic = [Item(g, "generic") for g in GENERIC_NEXT if not any(similar(g, i.text) for i in out)]
    return (out + generic)[:n]


def _problem_lines(
    plan: DraftPlan, exemplars: Exemplars, adapter: Adapter, source: ExemplarSource, cites: Cites
) -> list[str]:
    if plan.form == "results":
        items = _results(plan, exemplars, adapter, 3 if plan.items >= 4 else 2)
        return [sentence_line(plan.label, items, cites) or f"{plan.label}：【整改成效】。"]
    if plan.form == "next":
        items = _next(plan, exemplars, adapter, source, plan.items)
        return paragraph(plan.label, items, cites, plan.numbered)
    items = require(plan, pick(plan, exemplars, adapter), "measures", plan.items)
    lines = paragraph(plan.label, items, cites, plan.numbered, closing=_status(plan))
    if plan.form == "situation" and not plan.template:
        results = _results(plan, exemplars, adapter, 1)
        lines.append(sentence_line("整改成效", results, cites) or "整改成效：【整改成效】。")
        step = _next(plan, exemplars, adapter, source, 1, said=items)
        lines.append(sentence_line("下一步", step, cites, lead="，将"))
    return lines


def compose_draft(
    plan: DraftPlan,
    search: Search,
    settings: Settings,
    directory: UnitDirectory | None,
    notices: Sequence[Notice] = (),
    warnings: Sequence[str] = (),
) -> Draft:
    """The extractive draft of ``plan``.

    Args:
        plan: What to draft.
        search: Retrieval across all units.
        settings: ``k`` exemplars per search.
        directory: The units of the index (their names become placeholders).
        notices: The notices of the index (their problem records are the exemplars).
        warnings: Notices so far (e.g. the endpoint fallback).

    Returns:
        The draft; every borrowed sentence carries its ``[n]``.
    """
    adapter = Adapter(plan, directory)
    source = ExemplarSource(plan, search, settings, directory)
    cites = Cites()
    notes = [DRAFT_EXTRACTIVE_NOTE, *warnings]
    if plan.kind == "notice":
        lines = notice_skeleton.lines(plan, notices, search, adapter, source, cites)
    elif plan.kind == "rewrite":
        lines = notice_skeleton.rewrite_lines(plan, source, cites)
        notes.append("抽取模式不能改写文稿：已保留原稿，并列出可借鉴的规范表述（配置大模型接口后可改写）")
    else:
        exemplars = find_exemplars(plan, notices, search, k=max(settings.k, 8))
        lines = _problem_lines(plan, exemplars, adapter, source, cites)
    text = "\n".join(lines).strip()
    if cites.generic:
        notes.append(GENERIC_LINES_NOTE.format(items="、".join(cites.generic)))
    if not cites.items:
        notes.append("未检索到可借鉴的同类整改范例，草稿中的内容为通用表述和占位符")
    return Draft(text, "extractive", cites.citations(), placeholders_in(text), tuple(notes), title=plan.title)
