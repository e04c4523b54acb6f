"""Pure formatting for the chat app: escaping, highlighted quotes, citation anchors, source blocks.

Everything that comes from a document (or from a model that read documents) is HTML-escaped
here before the app renders it; the only HTML the page gets is the markup these functions add
(``<mark>``, ``<a href=#…>``, ``<div id=…>``, ``<br>``). Nothing here imports Streamlit.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

from core.normalize import to_search
from core.phrases import CITATION_RE, UNKNOWN_FACT, UNKNOWN_UNIT
from core.types import Citation, Hit

STAGE_LABELS = {
    "condense": "改写问题",
    "facts": "要素表",
    "answer": "作答",
    "first_piece": "首段输出",
    "fallback": "抽取作答",
    "retrieve": "检索",
    "generate": "生成",
    "check": "核对",
    "keyword": "关键词检索",
    "embed": "问题向量化",
    "dense": "向量检索",
    "fuse": "融合排序",
    "total": "合计",
}
"""How timing stages are named."""

UNKNOWN = UNKNOWN_FACT
"""Shown where a notice does not state a fact."""

_NEWLINE_RE = re.compile(r"\r?\n")
_SINGLE_NEWLINE_RE = re.compile(r"(?<!\n)\n(?!\n)")
_UNSAFE_NAME_RE = re.compile(r"[^\w.\-\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def escape(text: str, breaks: bool = True) -> str:
    r"""HTML-escape document text for an ``unsafe_allow_html`` block.

    ``$`` is escaped too, so Streamlit's Markdown does not read it as math. With ``breaks``,
    line breaks become ``<br>`` (an HTML block then never meets a blank line, after which
    Markdown would take over again); without, they stay for Markdown paragraphs and lists.

    >>> escape('<script>alert("x")</script>\n第二行 $5')
    '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>第二行 &#36;5'
    >>> escape("甲\n\n乙", breaks=False)
    '甲\n\n乙'
    """
    out = html.escape(text).replace("$", "&#36;")
    return _NEWLINE_RE.sub("<br>", out) if breaks else out


def anchor_id(message: int, n: int) -> str:
    """The element id of source ``n`` of chat message ``message``.

    >>> anchor_id(3, 2)
    'src-3-2'
    """
    return f"src-{message}-{n}"


def link_citations(text: str, message: int, known: Sequence[int] = ()) -> str:
    r"""Escape ``text`` and turn each ``[n]`` into a link to its source's anchor.

    Markers whose number is not in ``known`` (when given) stay plain text.

    A single line break stays a line break (Markdown would join the lines); blank lines and
    list syntax keep their Markdown meaning.

    >>> link_citations("共9个问题[1]，<b>已完成</b>[3]。", 0, known=[1])
    '共9个问题<a class="cite" href="#src-0-1">[1]</a>，&lt;b&gt;已完成&lt;/b&gt;[3]。'
    >>> link_citations("说明\n正文", 0)
    '说明  \n正文'
    """
    allowed = set(known)

    def link(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if allowed and n not in allowed:
            return m.group(0)
        return f'<a class="cite" href="#{anchor_id(message, n)}">[{n}]</a>'

    return CITATION_RE.sub(link, _SINGLE_NEWLINE_RE.sub("  \n", escape(text, breaks=False)))


def quote_span(passage: str, quote: str) -> tuple[int, int] | None:
    r"""Where ``quote`` lies in ``passage``, ignoring width, script and white space differences.

    >>> quote_span("一、整改情况\n已完成 5 个问题。", "已完成5个问题")
    (7, 16)
    >>> quote_span("黨組已完成整改。", "党组已完成")
    (0, 5)
    >>> quote_span("正文", "不在其中") is None
    True
    """
    needle = "".join(to_search(quote).split())
    if not needle:
        return None
    folded = to_search(passage)
    positions = [i for i, ch in enumerate(folded) if not ch.isspace()]
    haystack = "".join(folded[i] for i in positions)
    at = haystack.find(needle)
    if at < 0:
        return None
    return positions[at], positions[at + len(needle) - 1] + 1


def highlight(passage: str, quote: str) -> str:
    """Escaped ``passage`` with the ``quote`` span wrapped in ``<mark>`` (unmarked if not found).

    >>> highlight("措施<1>：已完成整改。", "已完成整改")
    '措施&lt;1&gt;：<mark>已完成整改</mark>。'
    >>> highlight("a<b", "")
    'a&lt;b'
    """
    span = quote_span(passage, quote) if quote else None
    if span is None:
        return escape(passage)
    start, end = span
    return f"{escape(passage[:start])}<mark>{escape(passage[start:end])}</mark>{escape(passage[end:])}"


def score_text(score: float | None) -> str:
    """A retrieval score for display.

    >>> score_text(0.0312), score_text(None)
    ('0.0312', '—')
    """
    return UNKNOWN if score is None else f"{score:.4f}"


def safe_filename(name: str, fallback: str = "upload") -> str:
    r"""A file name safe to write under the uploads folder: no folders, no odd characters.

    Path parts are dropped, runs of characters other than letters, digits, CJK, ``.``, ``-``
    and ``_`` become ``_``, and leading dots are removed (no hidden files, no ``..``).

    >>> safe_filename("../../etc/passwd")
    'passwd'
    >>> safe_filename("..\\岚江市 财政局<通报>.txt")
    '岚江市_财政局_通报_.txt'
    >>> safe_filename("...")
    'upload'
    """
    base = unicodedata.normalize("NFC", name).replace("\\", "/").split("/")[-1]
    cleaned = _UNSAFE_NAME_RE.sub("_", base).lstrip(".")
    return cleaned[:120] or fallback


def timings_text(timings: dict[str, float]) -> str:
    """Per-stage timings for the caption under an answer (milliseconds below one second).

    >>> timings_text({"retrieve": 0.0421, "generate": 1.5})
    '检索 42 毫秒 · 生成 1.50 秒'
    >>> timings_text({})
    ''
    """
    return " · ".join(
        f"{STAGE_LABELS.get(k, k)} {v * 1000:.0f} 毫秒" if v < 1 else f"{STAGE_LABELS.get(k, k)} {v:.2f} 秒"
        for k, v in timings.items()
    )


def passage_html(
    anchor: str,
    label: str,
    citation: Citation | None = None,
    hit: Hit | None = None,
    *,
    folded: bool = False,
    scores: bool = True,
) -> str:
    """One source block: a header (label, title, unit, heading, score, file) over the passage.

    Give either a ``citation`` (its ``quote`` is highlighted) or a retrieval ``hit``. With
    ``folded`` the passage is behind a "原文" toggle (an extractive answer already quotes it);
    without ``scores`` the retrieval score is left out of the header.

    >>> from core.types import Chunk
    >>> c = Chunk("c", "n", "某局<script>", "关于整改的通报", "a.txt", ("一、总体",), "已完成<b>3</b>个。", 0, 9)
    >>> html_ = passage_html("src-0-1", "[1]", hit=Hit(c, 0.5, 1))
    >>> "<script>" in html_ or "<b>3" in html_, 'id="src-0-1"' in html_, "得分 0.5000" in html_
    (False, True, True)
    >>> scan = Chunk("c", "n", "某局", "通报", "a.pdf", (), "已完成。", 0, 4, page=3, ocr_confidence=0.91)
    >>> "（文字识别，第3页，置信度0.91）" in passage_html("s", "#1", hit=Hit(scan, 0.5, 1))
    True
    """
    if citation is not None:
        title, unit, heading, source, text = (
            citation.title,
            citation.unit,
            citation.heading,
            citation.source,
            citation.text,
        )
        score, quote, ocr = citation.score, citation.quote, citation.ocr_note
    elif hit is not None:
        ch = hit.chunk
        title, unit, heading, source, text = ch.title, ch.unit, ch.heading, ch.source, ch.text
        score, quote, ocr = hit.score, "", ch.ocr_note
    else:
        raise ValueError("passage_html needs a citation or a hit")
    meta = [f'<span class="src-label">{escape(label)}</span>', f"<b>{escape(title or '（无标题）')}</b>"]
    meta.append(escape(unit or UNKNOWN_UNIT))
    if heading:
        meta.append(escape(heading))
    if score is not None and scores:
        meta.append(f"得分 {score_text(score)}")
    meta.append(f'<span class="src-file">{escape(source)}</span>')
    if ocr:
        meta.append(f'<span class="src-ocr">{escape(ocr)}</span>')
    head, body = " · ".join(meta), highlight(text, quote)
    if folded:
        return (
            f'<div class="src" id="{escape(anchor)}"><details><summary class="src-head">{head}'
            f' <span class="src-more">原文</span></summary><div class="src-body">{body}</div></details></div>'
        )
    return f'<div class="src" id="{escape(anchor)}"><div class="src-head">{head}</div><div class="src-body">{body}</div></div>'


def citation_html(citation: Citation, message: int, folded: bool = False) -> str:
    """The source block of ``citation``, anchored for the ``[n]`` links of message ``message``."""
    return passage_html(anchor_id(message, citation.n), f"[{citation.n}]", citation=citation, folded=folded)


def hit_html(hit: Hit, message: int, scores: bool = True) -> str:
    """The block of one retrieval hit (label ``#rank``), anchored like a citation."""
    return passage_html(anchor_id(message, hit.rank), f"#{hit.rank}", hit=hit, scores=scores)
