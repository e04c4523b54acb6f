"""The post-check of a model's draft: the form asked, no request echoed, the user's unit, no foreign facts.

A small model writes a notice outline when one paragraph was asked, turns the request's
instructions into measures, replaces the given unit with 【单位名称】 and copies an exemplar's
names, dates and figures. ``postcheck`` undoes each:

1. **form**: a paragraph keeps its paragraph lines only (no notice title, outline headings,
   supervision paragraph, signature or date), under the label asked; a count asked is kept;
2. **echo**: an item or sentence holding the request's instruction wording is dropped, and so is
   an exemplar's problem heading or enumerated shortcoming copied as if it were a measure;
3. **unit**: 【单位名称】 and its kin become the unit the user gave;
4. **field**: another field's people become the general words, its objects drop the sentence;
5. **specifics**: figures, dates, documents, groups and other units' names the user did not give
   become placeholders (``placeholders.check``), and so do places copied from an exemplar;
6. **required**: a specific the user asked for and the model left out is added as a placeholder;
7. the items are numbered again (一是, 二是…).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.composing.adapt import OTHER_UNIT
from assistant.composing.fields import generalize
from assistant.composing.measures import covers_point, generic_for, is_shortcoming
from assistant.composing.placeholders import Replacement, check
from assistant.composing.plan import DraftPlan, given_texts
from assistant.composing.render import ORDINALS
from assistant.composing.requirements import is_given, requirement_named
from assistant.composing.specifics import unit_places
from core.normalize import compact
from core.phrases import CITATION_RE

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory

ASKING_WORDS = (
    "帮我", "帮忙", "起草", "草拟", "拟写", "写成", "的格式", "单位是", "单位为", "要有具体", "要求写明", "写明",
    "字左右", "怎么写", "……", "占位符", "领起", "写作要求", "写作任务", "文稿形式", "用户提供", "要写到",
)  # fmt: skip
"""Words of asking (the user's, and the prompt's): a draft item holding one is an instruction echoed."""
_HEADING_ITEM_RE = re.compile(
    r"^[一二三四五六七八九十]、|^(?:[（(][^）)]{1,6}[)）]|【[^】]{1,6}】[.．、]|\d{1,2}[.．、])?\s*(?:关于|针对).{0,60}问题|(?:整改|进展)情况[：:]|问题的整改(?:情况|措施)$|[：:]$"
)
"""An exemplar's problem heading or sub-label copied as if it were a measure."""
_ENUM_RE = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|【数量】[.．、]|\d{1,2}[.．、])\s*")
_OUTLINE_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|.{0,40}关于.{0,20}(?:巡察|巡视).{0,8}情况的通报$|欢迎.{0,30}监督|联系电话|通信地址|电子邮箱|"
    r"【(?:单位名称|成文日期|日期)】$|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日$|中共.{2,30}(?:党组|党委)$)"
)
_UNIT_SLOT_RE = re.compile(r"【(?:单位名称|本单位|单位|本单位名称|单位全称)】")
_ITEM_RE = re.compile(r"(?=[一二三四五六七八九十]是)")
_LABEL_RE = re.compile(r"^(整改情况|整改措施|整改成效|整改结果|下一步工作打算|下一步打算)\s*[:：]\s*")
_PREFACE_RE = re.compile(r"^(?:以下是|好的|根据.{0,12}要求).{0,40}[：:]\s*$")
_MARKUP_RE = re.compile(r"\*\*|^#+\s*|^```.*$", re.MULTILINE)


@dataclass(frozen=True)
class Checked:
    """A model's draft after the post-check."""

    text: str
    """The checked draft."""
    replacements: tuple[Replacement, ...]
    """Specifics replaced by placeholders."""
    dropped: tuple[str, ...]
    """Items and lines dropped (echoed request, outline lines in a paragraph, another field's objects)."""


def _windows(text: str, size: int = 6) -> set[str]:
    s = compact(text)
    return {s[i : i + size] for i in range(len(s) - size + 1)}


def echoes(piece: str, plan: DraftPlan) -> bool:
    """Whether ``piece`` holds asking words or six characters (a short one whole) of an instruction."""
    allowed = "".join(given_texts(plan))
    if any(w in piece and w not in allowed for w in ASKING_WORDS):
        return True
    own = compact(piece)
    for clause in plan.instructions:
        c = compact(clause)
        pieces = [c] if 3 <= len(c) < 6 else _windows(c)
        if any(w in own and w not in compact(allowed) for w in pieces):
            return True
    return False


def _items(line: str) -> tuple[str, list[str]]:
    """A line's label (with its colon) and its 一是/二是… items (or the line as one piece)."""
    label = _LABEL_RE.match(line)
    head = label.group() if label else ""
    parts = [p for p in _ITEM_RE.split(line[len(head) :]) if p.strip()]
    return head, parts


def _renumber(items: Sequence[str]) -> str:
    out = []
    for i, item in enumerate(items[: len(ORDINALS)]):
        body = re.sub(r"^[一二三四五六七八九十]是", "", item.strip())
        out.append(f"{ORDINALS[i]}是{body}" if re.match(r"^[一二三四五六七八九十]是", item.strip()) else item)
    return "".join(out)


def _fit(piece: str, plan: DraftPlan, dropped: list[str]) -> str | None:
    body = re.sub(r"^[一二三四五六七八九十]是", "", piece.strip())
    bare = body.strip("；;。 ")
    heading = _HEADING_ITEM_RE.search(bare) or is_shortcoming(CITATION_RE.sub("", bare))
    if echoes(piece, plan) or (plan.kind == "problem" and heading):
        dropped.append(piece)
        return None
    if body != _ENUM_RE.sub("", body):
        piece = piece.replace(body, _ENUM_RE.sub("", body), 1)
    general = generalize(piece, plan.field)
    if general is None:
        dropped.append(piece)
    return general


def _paragraph_lines(lines: Sequence[str], plan: DraftPlan, dropped: list[str]) -> list[str]:
    out = []
    for line in lines:
        if plan.kind == "problem" and _OUTLINE_RE.search(line.strip()):
            dropped.append(line)
            continue
        head, parts = _items(line)
        kept = [p for p in (_fit(x, plan, dropped) for x in parts) if p]
        has_items = any(re.match(r"^[一二三四五六七八九十]是", p) for p in kept)
        if has_items and plan.exact:
            kept = kept[: plan.items]
        if kept:
            out.append(head + (_renumber(kept) if has_items else "".join(kept)))
    return out


def _labelled(lines: list[str], plan: DraftPlan) -> list[str]:
    """The paragraph under the label asked (a model may write 整改措施 where 整改情况 was asked)."""
    if plan.kind != "problem" or not plan.label or not lines or plan.form == "next":
        return lines
    for i, line in enumerate(lines):
        m = _LABEL_RE.match(line)
        if m and m.group(1) in ("整改情况", "整改措施") and plan.form in ("situation", "measures"):
            lines[i] = f"{plan.label}：{line[m.end() :]}"
            return lines
        if m:
            return lines
    if lines[0].startswith("一是"):
        lines[0] = f"{plan.label}：{lines[0]}"
    return lines


def _required(lines: list[str], plan: DraftPlan) -> list[str]:
    text = "\n".join(lines)
    for name in plan.required:
        r = requirement_named(name)
        if r.placeholder in text or is_given(r, plan.facts):
            continue
        line = r.line.format(topic=plan.topics[0].name if plan.topics else "相关")
        idx = next((i for i, ln in enumerate(lines) if "一是" in ln), None)
        if idx is None:
            lines.append(f"{line}。")
        else:
            n = len(re.findall(r"[一二三四五六七八九十]是", lines[idx]))
            lines[idx] = f"{lines[idx].rstrip()}{ORDINALS[min(n, 9)]}是{line}。"
        text = "\n".join(lines)
    return lines


def _points(lines: list[str], plan: DraftPlan) -> list[str]:
    """A generic line for each point the user asked to cover and the model left out."""
    text = "".join(lines)
    missing = [generic_for(p) for p in plan.points if not covers_point(text, p)]
    idx = next((i for i, ln in enumerate(lines) if "一是" in ln), None)
    if not missing or idx is None:
        return lines
    head, items = _items(lines[idx])
    lines[idx] = head + _renumber([*items, *(f"一是{m}。" for m in missing)])
    return lines


def _facts(lines: list[str], plan: DraftPlan) -> list[str]:
    """The user's facts the model left out, put first among the items."""
    text = compact("".join(lines))
    missing = [f for f in plan.facts if compact(f) not in text]
    if not missing or plan.kind != "problem":
        return lines
    idx = next((i for i, ln in enumerate(lines) if "一是" in ln), None)
    if idx is None:
        return [*(f"{f}。" for f in missing), *lines]
    head, items = _items(lines[idx])
    lines[idx] = head + _renumber([*(f"一是{f}。" for f in missing), *items])
    return lines


def _numbered(lines: list[str], plan: DraftPlan) -> list[str]:
    """Items 1. 2. 3. on lines of their own, when asked (a model may keep to 一是/二是)."""
    if not plan.numbered:
        return lines
    out = []
    for line in lines:
        head, items = _items(line)
        if len(items) > 1 and re.match(r"^[一二三四五六七八九十]是", items[0]):
            out.append(head.strip() or f"{plan.label}：")
            out += [
                f"{n}.{re.sub(r'^[一二三四五六七八九十]是', '', it).strip()}" for n, it in enumerate(items, 1)
            ]
        else:
            out.append(line)
    return out


def form_ok(text: str, plan: DraftPlan) -> bool:
    """Whether a checked draft has the form asked (else the extractive draft is given instead)."""
    if plan.kind == "notice":
        return all(h in text for h in ("一、", "二、", "三、"))
    if plan.kind == "rewrite":
        return bool(text.strip())
    if plan.form == "results":
        return "整改成效" in text and "一是" not in text
    if plan.form == "next":
        return "下一步" in text and "整改措施：" not in text
    if f"{plan.label}：" not in text:
        return False
    items = len(re.findall(r"[一二三四五六七八九十]是|^\d{1,2}[.．]", text, re.MULTILINE))
    return items >= (plan.items if plan.exact else 2)


def postcheck(
    reply: str,
    plan: DraftPlan,
    directory: UnitDirectory | None,
    copied_from: Sequence[str] = (),
    exemplar_units: Sequence[str] = (),
) -> Checked:
    """Check a model's draft of ``plan`` (see the module's steps).

    Args:
        reply: The model's text.
        plan: What was asked.
        directory: The units of the index (their names are specifics).
        copied_from: The exemplar passages the model saw.
        exemplar_units: Their units (their places are specifics too).
    """
    dropped: list[str] = []
    raw = [ln.strip() for ln in _MARKUP_RE.sub("", reply).splitlines()]
    raw = [ln for ln in raw if ln and not _PREFACE_RE.match(ln)]
    kept = _paragraph_lines(raw, plan, dropped)
    first = next((i for i, ln in enumerate(kept) if _LABEL_RE.match(ln)), 0) if plan.kind == "problem" else 0
    dropped += kept[:first]  # a paragraph starts at its label (no 某单位高度重视 before it)
    lines = _labelled(kept[first:], plan)
    text = "\n".join(lines)
    if plan.unit:
        text = _UNIT_SLOT_RE.sub(plan.unit, text)
    places = unit_places(exemplar_units)
    checked = check(
        text, given_texts(plan), directory, copied_from=copied_from, unit=OTHER_UNIT, places=places
    )
    lines = _numbered(_facts(_points(_required(checked.text.split("\n"), plan), plan), plan), plan)
    return Checked("\n".join(lines).strip(), checked.replacements, tuple(dropped))
