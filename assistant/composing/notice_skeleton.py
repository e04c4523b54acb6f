"""The extractive notice skeleton and the extractive rewrite.

A notice follows the genre's outline: the lead (the user's facts about the inspection when given,
else the standard lead with placeholders), 一、整改工作组织情况 (organisation sentences of other
notices, adapted, and the generic lines of 整改组织), 二、整改落实情况 (one section per problem type
the request names, each with a problem and its 整改情况 from ``measures.pick``), 三、下一步工作打算,
the supervision paragraph with contact placeholders, the signature (the user's unit verbatim, or
【单位名称】) and 【成文日期】. The title is the plan's (``DraftPlan.title``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.composing.adapt import Adapter
from assistant.composing.exemplar_problems import find_exemplars
from assistant.composing.exemplars import Cites, ExemplarSource, enumerate_items, spread
from assistant.composing.measures import Item, pick, similar
from assistant.composing.placeholders import UNIT
from assistant.composing.plan import DraftPlan, Search
from assistant.composing.render import ORDINALS, paragraph
from assistant.composing.topics import GENERIC_NEXT, topic_named
from core.types import Notice

MAX_SECTIONS = 3
"""Problem types written out in 二、整改落实情况 (the rest is left to the writer)."""
_ORGANIZE_RE = re.compile(r"领导小组|专题会|整改方案|清单|第一责任人|督办|调度|销号|台账")
_NEXT_RE = re.compile(r"持续|长效|巩固|常态|回头看|坚持")


def lead(plan: DraftPlan) -> str:
    """The opening paragraph: the user's facts about the inspection, else the standard lead."""
    unit, level = plan.unit or UNIT, plan.level
    progress = "进展" if "进展" in plan.instruction else ""
    close = f"按照党务公开原则和{level}工作有关要求，现将{level}整改{progress}情况予以公布。"
    if plan.facts:
        facts = [f.replace("进行了", f"对{unit}进行了", 1) if "对" not in f else f for f in plan.facts]
        return f"根据【上级党委】统一部署，{'，'.join(facts)}。{close}"
    return (
        f"根据【上级党委】统一部署，【日期】，【{level}组】对{unit}进行了{level}。"
        f"【日期】，【{level}组】向{unit}反馈了{level}意见。{close}"
    )


def _organize(plan: DraftPlan, source: ExemplarSource, cites: Cites) -> list[str]:
    other = "巡察" if plan.level == "巡视" else "巡视"
    found = source.hits(f"整改工作组织情况 成立{plan.level}整改工作领导小组 专题会议 整改方案")
    pieces = source.take(spread(source.pieces(found, "sentences", _ORGANIZE_RE, other), 3, 1))
    items = [Item(p.text, "exemplar", p.hit, p.original) for p in pieces]
    topic = topic_named("整改组织")
    for element in topic.elements if topic else ():
        if len(items) < 4 and not any(element.covered_by(i.text) for i in items):
            items.append(Item(element.generic, "generic"))
    lines = []
    for n, item in enumerate(items, 1):
        if item.origin == "generic":
            cites.generic.append(f"整改工作组织情况第{n}段")
        marker = cites.mark(item.hit, item.original) if item.hit is not None else ""
        lines.append(f"{item.text.rstrip('。；')}{marker}。")
    return lines


def _sections(
    plan: DraftPlan, notices: Sequence[Notice], search: Search, adapter: Adapter, cites: Cites
) -> list[str]:
    lines = []
    for i, topic in enumerate(plan.topics[:MAX_SECTIONS]):
        sub = replace(
            plan, topics=(topic,), kind="problem", form="situation", phrase="", facts=(), points=(), items=3
        )
        items = pick(sub, find_exemplars(sub, notices, search, k=6), adapter, 3)
        lines += [f"（{ORDINALS[i]}）关于{topic.name}方面", "1.关于【问题表述】的问题。"]
        lines += paragraph("整改情况", items, cites, closing=["目前，该问题【整改进展】"])
    if not lines:
        lines = [
            "（一）关于【问题类别】方面",
            "1.关于【问题表述】的问题。",
            "整改情况：一是【整改措施】。二是【整改措施】。三是【整改措施】。目前，该问题【整改进展】。",
        ]
    return [*lines, "【其余问题逐一列写】"]


def _next_steps(plan: DraftPlan, source: ExemplarSource, cites: Cites) -> str:
    other = "巡察" if plan.level == "巡视" else "巡视"
    found = source.hits("下一步工作打算 持续巩固整改成果 建立健全长效机制")
    pieces = source.pieces(found, "measures", _NEXT_RE, other) + source.pieces(
        found, "sentences", _NEXT_RE, other
    )
    items = [Item(p.text, "exemplar", p.hit, p.original) for p in source.take(spread(pieces, 3, 1))]
    items += [Item(g, "generic") for g in GENERIC_NEXT if not any(similar(g, i.text) for i in items)]
    return paragraph("下一步工作打算", items[:3], cites)[0].removeprefix("下一步工作打算：")


def lines(
    plan: DraftPlan,
    notices: Sequence[Notice],
    search: Search,
    adapter: Adapter,
    source: ExemplarSource,
    cites: Cites,
) -> list[str]:
    """The text lines of a notice skeleton (the title is ``plan.title``)."""
    level = plan.level
    out = [lead(plan), "一、整改工作组织情况", *_organize(plan, source, cites), "二、整改落实情况"]
    out += _sections(plan, notices, search, adapter, cites)
    out += ["三、下一步工作打算", _next_steps(plan, source, cites)]
    out.append(
        f"欢迎广大干部群众对{level}整改落实情况进行监督。如有意见建议，请及时向我们反映。"
        "联系电话：【联系电话】；通信地址：【通信地址】；电子邮箱：【电子邮箱】。"
    )
    return [*out, "", plan.unit or UNIT, "【成文日期】"]


def rewrite_lines(plan: DraftPlan, source: ExemplarSource, cites: Cites) -> list[str]:
    """The user's text as written, then wording of other units worth borrowing (extractive mode)."""
    picked = source.take(spread(source.pieces(source.hits(), "measures"), 4))
    borrowed = [(p.text, cites.mark(p.hit, p.original)) for p in picked]
    return [plan.text, "", "参考表述：" + (enumerate_items(borrowed) or "（未检索到可借鉴的表述）")]
