"""Turn loaded text into clean display text.

``clean`` removes what is not part of a notice (paywall watermarks, WeChat advertising,
newspaper continuation markers, web page widgets, Markdown marks) and tidies spacing, while
keeping every word of the notice as written. Traditional characters stay traditional and
Chinese punctuation stays as written; matching normalizes later (``core.normalize``).

Each step is a small function from text to text. A step that deletes something leaves the
``_CUT`` mark in its place, so that a line holding nothing but removed furniture disappears
entirely instead of becoming a blank line; ``_finish`` drops those marks.

Choices made here:

* ``時間:2023-07-05 來源:區委巡察辦 字體大小:大 中 小``: the date and source are kept (the
  publication date can be the only date a signature-less notice has); the font-size widget
  is dropped.
* Leading indentation (``　　根据…``) is layout, not text, and is stripped with trailing
  white space.
* Spaces are removed only where they never carry meaning in Chinese text: between a Han
  character and a number (``于 2022 年 7 月`` → ``于2022年7月``), next to Chinese punctuation,
  and after a list number (``1. 关于`` → ``1.关于``). A gap of four or more spaces, or a tab, is
  layout (a signature and its date on one line) and becomes one tab, which stays a separator.
  Other runs of spaces become one space. Spaces between two Han characters and inside Latin
  text (emails, URLs) are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.sentences import pieces

_CUT = "\x00"
"""Marks the place of removed text until ``_finish``; input NULs are dropped first."""

_H = r"[ \t\u3000\xa0]"
"""Horizontal white space, including the ideographic and no-break spaces."""
_RUN_START = r"(?<![ \t\u3000\xa0])"
"""Put before a pattern's leading ``{_H}*``: a match may start where a run of spaces starts, not
inside it. Without it every position of a long run would scan the rest of the run again
(quadratic: a line of 100,000 spaces took minutes); the leftmost match found is the same."""
_SP = r"[ \u3000\xa0]"
"""A space but not a tab: a tab is a layout gap and is never removed."""
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：！？（）【】《》〈〉「」『』“”‘’…—～·"
_UNITS = "年月日时時分秒个個项項条條件名人次家户戶万萬亿億元岁歲天周批类類起期届屆轮輪版页頁号號%％余餘多座所处處间間辆輛台臺套份篇场場倍"
"""Characters that follow a number as its unit (``11 项`` → ``11项``)."""

_FULLWIDTH_ALNUM = {
    **{c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)},
    **{c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)},
    **{c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)},
}
_INVISIBLE = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\x00"}

# --- advertising -------------------------------------------------------------------------

_GAP = r"[ \t\u3000\xa0]*(?:\n[ \t\u3000\xa0]*)?"
"""Spaces with at most one line break: ads are re-typed with stray spaces and wrapped."""


def _spaced(word: str) -> str:
    return _GAP.join(re.escape(c) for c in word)


_WECHAT = rf"(?:{_spaced('微信')}(?:{_GAP}号)?|[vV]{_GAP}[xX]|[vV]{_GAP}信|薇{_GAP}信)"
_AD_ID = r"[A-Za-z0-9_\-]+(?:[ \t][A-Za-z0-9_\-]+)*"
_AD_LEAD = rf"(?:(?:{_spaced('更多')}{_GAP})?{_spaced('公文素材')}|{_spaced('更多素材')})"
_AD_FRAGMENT = re.compile(
    rf"【?{_RUN_START}{_GAP}{_AD_LEAD}{_GAP}[，,]?{_GAP}(?:请{_GAP})?(?:(?:{_spaced('添加')}|加|{_spaced('联系')}){_GAP})?"
    rf"{_WECHAT}{_GAP}[：:]?{_GAP}(?:{_AD_ID})?{_GAP}】?"
)
"""``【更多公文素材，微信：abc123】`` with any stray spaces, a line break, or missing brackets."""
_AD_BRACKETED = re.compile(
    rf"【[^【】\n]{{0,30}}?(?:素材|更多|会员)[^【】\n]{{0,30}}?{_WECHAT}[^【】\n]{{0,30}}】"
    rf"|【[^【】\n]{{0,20}}?{_WECHAT}{_GAP}[：:][^【】\n]{{0,30}}】"
)
"""Other bracketed fragments advertising a WeChat account (real notices do not bracket one)."""
_AD_TAIL = re.compile(rf"{_WECHAT}{_GAP}[：:]{_GAP}{_AD_ID}{_GAP}】")
"""The end of an ad whose beginning was lost: ``微信：abc123】``."""
_AD_HEAD = re.compile(rf"【{_GAP}{_spaced('更多公文素材')}{_GAP}[，,]?{_GAP}】?")
"""The beginning of an ad whose end was lost: ``【更多公文素材，``."""
_PAYWALL = re.compile(r"#{2}\s*paid\s*(?:begin|end)\s*#{2}", re.IGNORECASE)
_PROMO = re.compile(
    r"vip\s*会员|会员群|网盘群|每[天日]更新(?:材料|\d)|同步每日更新|万字(?:公文)?材料|素材需求|有意加入"
    r"|一键(?:极速|快速)?下载|(?:请联系|联系|添加|加)\s*(?:vx|v信|微信)(?![群公])",
    re.IGNORECASE,
)
"""Phrases only paywall promotions use (``会员`` alone is real: 工会会员费)."""
_CLAUSE_START = re.compile(r"[，,；;]")


def remove_paywall_marks(text: str) -> str:
    """Drop ``##paidbegin##`` / ``##paidend##`` watermarks."""
    return _PAYWALL.sub(_CUT, text)


def remove_ad_fragments(text: str) -> str:
    """Drop ``【更多公文素材，微信：…】`` and its broken variants, keeping the text around them."""

    def cut(match: re.Match[str]) -> str:
        return "\n" + _CUT if "\n" in match.group(0) else _CUT

    for pattern in (_AD_FRAGMENT, _AD_BRACKETED, _AD_TAIL, _AD_HEAD):
        text = pattern.sub(cut, text)
    return text


def _drop_promo(sentence: str) -> str:
    match = _PROMO.search(sentence)
    if match is None:
        return sentence
    starts = [m.end() for m in _CLAUSE_START.finditer(sentence, 0, match.start())]
    return sentence[: starts[-1] if starts else 0].rstrip("，,；; \t\u3000") + _CUT


def remove_promotions(text: str) -> str:
    """Drop paywall promotion sentences (会员群, 9000万字材料, 添加微信…) from the clause they start.

    An ad glued to the end of a real sentence takes only its own clauses with it.
    """
    if not _PROMO.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _PROMO.search(line):
            lines[i] = "".join(_drop_promo(s) for s in pieces(line))
    return "\n".join(lines)


# --- page furniture ----------------------------------------------------------------------

_CONTINUATION = re.compile(
    rf"[（(【]?{_RUN_START}{_H}*[上下]{_H}*[接转轉]{_H}*(?:第{_H}*)?[A-Za-z]?{_H}*\d{{1,3}}{_H}*[版页頁]{_H}*[)）】]?"
    rf"{_H}*(?:[>》]{{2,}}|…+)?|[（(]{_H}*[转轉]{_H}*下{_H}*[页頁]{_H}*[)）]|[（(]{_H}*未完待续{_H}*[)）]"
    r"|>{3,}|<{3,}"
)
_FONT_WIDGET = re.compile(rf"【?{_RUN_START}{_H}*字[体體](?:大小)?{_H}*[:：]{_H}*大{_H}*中{_H}*小{_H}*】?")
_WIDGET_WORD = r"(?:打印本页|打印此页|打印|关闭窗口|關閉窗口|关闭|關閉|收藏|返回顶部|返回頂部)"
_WIDGET_GAP = r"[ \t\u3000\xa0【】]*"
_WIDGET_LINE = re.compile(
    rf"^{_WIDGET_GAP}(?:{_WIDGET_WORD}{_WIDGET_GAP})+$|^{_H}*分享到{_H}*[:：]?.{{0,30}}$",
    re.MULTILINE,
)
"""A line of nothing but print/close/share links. Words and the gaps between them (spaces,
brackets) are disjoint, so a line is read one way only (nested optional spaces made a line of
twenty ``打印 `` take minutes: every split of the spaces was tried)."""


def remove_continuation_markers(text: str) -> str:
    """Drop newspaper jumps (``上接第9版>>>``, ``（下转第10版）``) and ``>>>`` runs."""
    return _CONTINUATION.sub(_CUT, text)


def remove_page_widgets(text: str) -> str:
    """Drop web-page widgets: the font-size switch, print/close links, share bars."""
    return _WIDGET_LINE.sub(_CUT, _FONT_WIDGET.sub(_CUT, text))


# --- markdown ----------------------------------------------------------------------------

_MARKED = 200
"""Longest emphasized span looked for: an opening mark is never followed to the end of a long line."""
_BOLD = re.compile(rf"\*\*(?=\S)(.{{1,{_MARKED}}}?)(?<=\S)\*\*")
_UNDERLINE = re.compile(rf"(?<![A-Za-z0-9_])__(?=\S)(.{{1,{_MARKED}}}?)(?<=\S)__(?![A-Za-z0-9_])")
_STRAY_STARS = re.compile(r"\*{2,}")
_ATX = re.compile(rf"^{_H}{{0,3}}#{{1,6}}(?:{_H}+|(?=[^\s#]))(.*)$", re.MULTILINE)
_RULE = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)
_SPACES = " \t\u3000\xa0"


def _heading_text(match: re.Match[str]) -> str:
    r"""An ATX heading's words: without trailing spaces and a closing ``#`` run set off by a space.

    >>> _ATX.sub(_heading_text, "## 整改情况 ##  \n# C#")
    '整改情况\nC#'
    """
    words = match.group(1).rstrip(_SPACES)
    bare = words.rstrip("#")
    if bare != words and bare and bare[-1] in _SPACES:
        words = bare.rstrip(_SPACES)
    return words


def remove_markdown(text: str) -> str:
    """Drop Markdown emphasis (``**x**``, ``__x__``), ``#`` heading marks and rules, keeping the text."""
    text = _BOLD.sub(r"\1", text)
    text = _UNDERLINE.sub(r"\1", text)
    text = _RULE.sub(_CUT, text)
    text = _STRAY_STARS.sub("", text)
    return _ATX.sub(_heading_text, text)


# --- width and spacing -------------------------------------------------------------------


def fold_fullwidth_alnum(text: str) -> str:
    """Full-width digits and Latin letters to half-width; punctuation is left as written.

    >>> fold_fullwidth_alnum("２０２１年，ＡＢｃ")
    '2021年，ABc'
    """
    return text.translate(_FULLWIDTH_ALNUM)


_SPACING: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(rf"(?<![{_HAN}])([{_HAN}]){_H}+([{_HAN}])(?=[：:])"),
        r"\1\2",
    ),  # 地    址： (letter-spaced label)
    (re.compile(rf"(?<=[{_HAN}]){_SP}{{1,3}}(?=\d)"), ""),
    (re.compile(rf"(?<=\d){_SP}{{1,3}}(?=[{_UNITS}])"), ""),
    (re.compile(rf"(?<=[{_CJK_PUNCT}]){_H}+(?=\S)"), ""),
    (re.compile(rf"(?<=\S){_H}+(?=[{_CJK_PUNCT}])"), ""),
    (re.compile(rf"(?<=[^A-Za-z\s][,;:]){_SP}{{1,3}}(?=[{_HAN}{_CJK_PUNCT}\d\"'])"), ""),
    (re.compile(rf"(?m)^({_H}*(?:\d{{1,3}}|[一二三四五六七八九十]{{1,3}})[.．、]){_H}+(?=\S)"), r"\1"),
    (re.compile(rf"(?m)^({_H}*[(（](?:\d{{1,3}}|[一二三四五六七八九十]{{1,3}})[)）]){_H}+(?=\S)"), r"\1"),
)


def tighten_spacing(text: str) -> str:
    """Remove spaces inside dates and counts, next to Chinese punctuation and after list numbers.

    >>> tighten_spacing("于 2022 年 7 月 18 日至 8 月，四个方面 11 项问题")
    '于2022年7月18日至8月，四个方面11项问题'
    """
    for pattern, repl in _SPACING:
        text = pattern.sub(repl, text)
    return text


_RUN = re.compile(rf"{_H}+")
_GAP_RUN = re.compile(rf"{_SP}*\t{_H}*|{_SP}{{4,}}")


def _collapse(match: re.Match[str]) -> str:
    return "\t" if _GAP_RUN.fullmatch(match.group(0)) else " "


_BLANKS = re.compile(r"\n{3,}")


def _finish(text: str) -> str:
    r"""Drop lines emptied by a removal, strip and collapse white space, collapse blank runs.

    >>> _finish("甲  乙\t\t丙      丁\n\x00\n")
    '甲 乙\t丙\t丁'
    """
    out: list[str] = []
    for line in text.split("\n"):
        emptied = _CUT in line
        line = _RUN.sub(_collapse, line.replace(_CUT, "")).strip()
        if line or not emptied:
            out.append(line)
    return _BLANKS.sub("\n\n", "\n".join(out)).strip("\n")


CLEANING_STEPS: tuple[Callable[[str], str], ...] = (
    fold_fullwidth_alnum,
    remove_paywall_marks,
    remove_ad_fragments,
    remove_promotions,
    remove_continuation_markers,
    remove_page_widgets,
    remove_markdown,
    tighten_spacing,
)
"""The steps of ``clean``, in order."""


def clean(text: str) -> str:
    r"""Display text of a loaded file: furniture and ads removed, spacing tidied, words kept.

    Args:
        text: Text as loaded (any newline convention).

    Returns:
        The cleaned text, lines stripped, at most one blank line in a row, no final newline.

    >>> clean("整改到位。【更多公文素 材，微信：ab12】\n\n\n\n2023 年 5 月")
    '整改到位。\n\n2023年5月'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    for step in CLEANING_STEPS:
        text = step(text)
    return _finish(text)
