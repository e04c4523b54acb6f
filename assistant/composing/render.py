"""Writing a draft's items out in the genre's forms: 一是……。二是……。, 1. 2. 3., labelled sentences.

Every item borrowed from an exemplar carries its ``[n]`` (numbered by ``Cites`` in order of first
use); an item written from the topic table is recorded in ``Cites.generic``, so the draft's notes
can name it. The user's facts carry no marker.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.composing.exemplars import Cites
from assistant.composing.measures import Item

ORDINALS = "一二三四五六七八九十"


def _mark(item: Item, cites: Cites, label: str, n: int) -> str:
    if item.origin == "generic":
        cites.generic.append(f"{label}第{n}条")
    return cites.mark(item.hit, item.original) if item.hit is not None else ""


def _end(text: str) -> str:
    return text.rstrip("。；;，, ")


def paragraph(
    label: str, items: Sequence[Item], cites: Cites, numbered: bool = False, closing: Sequence[str] = ()
) -> list[str]:
    """``label：一是……。二是……。`` (or the label, then ``1.……。`` lines), then the closing sentences.

    >>> paragraph("整改情况", [Item("修订制度", "user"), Item("开展检查", "user")], Cites(), closing=["目前，该问题【整改进展】"])
    ['整改情况：一是修订制度。二是开展检查。目前，该问题【整改进展】。']
    >>> paragraph("整改措施", [Item("修订制度", "user"), Item("开展检查", "user")], Cites(), numbered=True)
    ['整改措施：', '1.修订制度。', '2.开展检查。']
    """
    tail = "".join(f"{_end(c)}。" for c in closing)
    if not items:
        return [f"{label}：一是【整改措施】。二是【整改措施】。三是【整改措施】。{tail}"]
    if numbered:
        lines = [f"{label}："]
        lines += [f"{i}.{_end(it.text)}{_mark(it, cites, label, i)}。" for i, it in enumerate(items, 1)]
        return [*lines, tail] if tail else lines
    body = "".join(
        f"{ORDINALS[i]}是{_end(it.text)}{_mark(it, cites, label, i + 1)}。" for i, it in enumerate(items[:10])
    )
    return [f"{label}：{body}{tail}"]


def sentence_line(label: str, items: Sequence[Item], cites: Cites, lead: str = "：") -> str:
    """``label：……。……。`` ('' when there are no items); ``lead`` joins the label to the first sentence.

    >>> sentence_line("下一步", [Item("持续巩固整改成果", "generic")], Cites(), lead="，将")
    '下一步，将持续巩固整改成果。'
    """
    if not items:
        return ""
    if lead.endswith("将") and "将" in items[0].text[:8]:
        lead = lead[:-1]  # the sentence says 将 itself
    parts = [f"{_end(it.text)}{_mark(it, cites, label, i)}。" for i, it in enumerate(items, 1)]
    return f"{label}{lead}{''.join(parts)}"
