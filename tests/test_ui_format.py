"""The app's pure formatting: escaping, quote highlighting, citation links, source blocks, file names."""

from __future__ import annotations

import doctest
import re

import pytest

from core.types import Chunk, Citation, Hit
from ui import formatting as ui_format

SCRIPT = '<script>alert("x")</script>'


def test_doctests() -> None:
    result = doctest.testmod(ui_format)
    assert result.attempted > 10 and result.failed == 0


def _visible_tags(markup: str) -> set[str]:
    return {m.lower() for m in re.findall(r"<\s*/?\s*([a-zA-Z]+)", markup)}


@pytest.mark.parametrize(
    ("text", "quote", "marked"),
    [
        pytest.param("截至目前，7个问题已完成整改。", "7个问题已完成整改", "7个问题已完成整改", id="plain"),
        pytest.param(
            "截至目前，7 个问题 已完成整改。", "7个问题已完成", "7 个问题 已完成", id="spaces-in-passage"
        ),
        pytest.param("共反馈３个方面９个问题", "3个方面9个问题", "３个方面９个问题", id="full-width-digits"),
        pytest.param("黨組書記履行第一責任人職責", "党组书记履行", "黨組書記履行", id="traditional-passage"),
        pytest.param("a<b>整改</b>完成", "整改</b>完成", "整改&lt;/b&gt;完成", id="markup-in-span"),
    ],
)
def test_highlight_marks_the_quote_in_display_text(text: str, quote: str, marked: str) -> None:
    out = ui_format.highlight(text, quote)
    assert f"<mark>{marked}</mark>" in out
    assert _visible_tags(out) <= {"mark", "br"}


@pytest.mark.parametrize(
    ("quote",),
    [
        pytest.param("不在其中的句子", id="absent"),
        pytest.param("", id="empty"),
        pytest.param("  ", id="blank"),
    ],
)
def test_highlight_without_a_match_marks_nothing(quote: str) -> None:
    assert "<mark>" not in ui_format.highlight("整改已完成。", quote)


@pytest.mark.parametrize(
    ("text", "known", "links", "plain"),
    [
        pytest.param("已完成[1]，正在推进[2]。", [1, 2], [1, 2], [], id="all-known"),
        pytest.param("已完成[1]，另[7]。", [1], [1], [7], id="unknown-stays-plain"),
        pytest.param("见[1][2]", [], [1, 2], [], id="no-list-links-all"),
    ],
)
def test_link_citations(text: str, known: list[int], links: list[int], plain: list[int]) -> None:
    out = ui_format.link_citations(text, 4, known=known)
    for n in links:
        assert f'href="#{ui_format.anchor_id(4, n)}">[{n}]</a>' in out
    for n in plain:
        assert f"[{n}]" in out and ui_format.anchor_id(4, n) not in out


def test_link_citations_escapes_everything_else() -> None:
    out = ui_format.link_citations(f"结论{SCRIPT}[1]\n\n- 第二段", 0, known=[1])
    assert _visible_tags(out) == {"a"}
    assert "&lt;script&gt;" in out and "\n\n- 第二段" in out


def _citation(**kw: object) -> Citation:
    base: dict[str, object] = {
        "n": 2,
        "notice_id": "n1",
        "unit": "青川县林业局",
        "title": "关于巡察整改情况的通报",
        "source": "青川.txt",
        "text": "一、总体\n已完成整改5个问题。",
        "heading": "一、总体",
        "score": 0.25,
        "quote": "已完成整改5个问题",
    }
    base.update(kw)
    return Citation(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "field",
    ["unit", "title", "source", "text", "heading"],
)
def test_source_block_escapes_every_document_field(field: str) -> None:
    html = ui_format.citation_html(_citation(**{field: f"前{SCRIPT}后"}), 3)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert _visible_tags(html) <= {"div", "span", "b", "mark", "br"}


def test_source_block_is_the_anchor_with_score_and_highlight() -> None:
    html = ui_format.citation_html(_citation(), 3)
    assert 'id="src-3-2"' in html and "[2]" in html and "得分 0.2500" in html
    assert "<mark>已完成整改5个问题</mark>" in html
    assert "青川县林业局" in html and "青川.txt" in html


def test_hit_block_carries_rank_and_score() -> None:
    chunk = Chunk("c1", "n1", "青川县林业局", "通报", "青川.txt", ("一、总体",), "正文", 0, 2)
    html = ui_format.hit_html(Hit(chunk, 0.0312, 3, {"keyword": 4.5}), 0)
    assert 'id="src-0-3"' in html and "#3" in html and "得分 0.0312" in html


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("通报.txt", "通报.txt", id="plain"),
        pytest.param("../../../etc/passwd", "passwd", id="parent-dirs"),
        pytest.param("C:\\Users\\x\\通报.docx", "通报.docx", id="windows-path"),
        pytest.param(".bashrc", "bashrc", id="hidden"),
        pytest.param("..", "upload", id="dots-only"),
        pytest.param("a b;c|d$.pdf", "a_b_c_d_.pdf", id="odd-characters"),
        pytest.param("岚江（二〇二三）通报.html", "岚江（二〇二三）通报.html", id="cjk-kept"),
        pytest.param("x" * 300 + ".txt", "x" * 120, id="long"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    out = ui_format.safe_filename(name)
    assert out == expected
    assert "/" not in out and "\\" not in out and not out.startswith(".")
