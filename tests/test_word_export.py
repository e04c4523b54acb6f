"""Word documents laid out per GB/T 9704-2012, checked by opening the .docx with python-docx.

Page size and margins, the fonts and sizes of title, body and headings, the first-line indent
and fixed line pitch, page numbers on odd and even pages, the signature placed for an unsealed
document, and a body free of tool text and ``[n]`` markers, the sources after a page break.
"""

from __future__ import annotations

import doctest
import io
from typing import Any

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn

from assistant.documents import layout, tables, word
from assistant.factory import make_assistant
from core.phrases import CITATION_RE, EXTRACTIVE_NOTE
from core.types import Citation, Draft
from tests.conftest import Indexed
from tests.sample_index import index_sample

LINES = (
    EXTRACTIVE_NOTE,
    "根据【上级党委】统一部署，【巡察组】对白石县档案局党组进行了巡察。",
    "一、整改工作组织情况",
    "成立整改工作领导小组[1]。",
    "二、整改落实情况",
    "（一）关于意识形态方面",
    "1.关于【问题表述】的问题。",
    "整改情况：一是压实主体责任[1]。二是开展专题学习【学习次数】次[2]。",
    "",
    "白石县档案局党组",
    "【成文日期】",
)
NOTICE = Draft(
    title="白石县档案局党组关于巡察整改情况的通报",
    text="\n".join(LINES),
    mode="extractive",
    citations=(
        Citation(1, "n1", "青川县林业局", "通报", "a.txt", "成立领导小组。", "一、组织 > 1.关于学习"),
    ),
    placeholders=("【上级党委】", "【巡察组】", "【问题表述】", "【学习次数】", "【成文日期】"),
    warnings=("抽取模式：……",),
)


def _open(data: bytes) -> Any:
    return Document(io.BytesIO(data))


def _east_asian(style: Any) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def _body(doc: Any) -> list[Any]:
    """The paragraphs before the appendix's page break."""
    out = []
    for p in doc.paragraphs:
        if p.runs and any(br.get(qn("w:type")) == "page" for br in p._p.iter(qn("w:br"))):
            break
        out.append(p)
    return out


def test_page_is_a4_with_the_standard_margins() -> None:
    section = _open(word.draft_docx(NOTICE)).sections[0]
    mm = {k: round(getattr(section, k).mm, 1) for k in ("page_width", "page_height")}
    assert mm == {"page_width": 210.0, "page_height": 297.0}
    margins = [round(getattr(section, f"{s}_margin").mm, 1) for s in ("top", "bottom", "left", "right")]
    assert margins == [37.0, 35.0, 28.0, 26.0]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"


def test_styles_fonts_sizes_indent_and_line_pitch() -> None:
    doc = _open(word.draft_docx(NOTICE))
    styles = doc.styles
    assert _east_asian(styles["公文标题"]) == "方正小标宋简体" and styles["公文标题"].font.size.pt == 22
    assert _east_asian(styles["公文正文"]) == "仿宋_GB2312" and styles["公文正文"].font.size.pt == 16
    assert _east_asian(styles["一级标题"]) == "黑体" and _east_asian(styles["二级标题"]) == "楷体_GB2312"
    assert styles["三级标题"].font.bold
    body = styles["公文正文"].paragraph_format
    assert body.first_line_indent.pt == 32
    assert body.element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert body.line_spacing_rule == WD_LINE_SPACING.EXACTLY and body.line_spacing.pt == pytest.approx(28.95)
    assert styles["公文标题"].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_paragraphs_take_the_style_of_their_level() -> None:
    paragraphs = _body(_open(word.draft_docx(NOTICE)))
    by_text = {p.text: p.style.name for p in paragraphs if p.text}
    assert by_text["白石县档案局党组关于巡察整改情况的通报"] == "公文标题"
    assert by_text["一、整改工作组织情况"] == "一级标题"
    assert by_text["（一）关于意识形态方面"] == "二级标题"
    assert by_text["1.关于【问题表述】的问题。"] == "三级标题"
    assert by_text["整改情况：一是压实主体责任。二是开展专题学习【学习次数】次。"] == "公文正文"


def test_body_has_no_tool_text_and_no_markers() -> None:
    body = "\n".join(p.text for p in _body(_open(word.draft_docx(NOTICE))))
    assert not CITATION_RE.search(body)
    assert EXTRACTIVE_NOTE not in body and "抽取模式" not in body and "提示" not in body


def test_signature_and_date_of_an_unsealed_document() -> None:
    paragraphs = [p for p in _body(_open(word.draft_docx(NOTICE))) if p.text]
    signer, date = paragraphs[-2], paragraphs[-1]
    assert (signer.text, date.text) == ("白石县档案局党组", "【成文日期】")
    assert signer.alignment is None and signer.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert signer.paragraph_format.right_indent.pt == 32  # two characters
    assert date.paragraph_format.right_indent.pt == 16 * (len("白石县档案局党组") - len("【成文日期】"))


def test_placeholders_are_highlighted() -> None:
    runs = [r for p in _body(_open(word.draft_docx(NOTICE))) for r in p.runs]
    marked = {r.text for r in runs if r.font.highlight_color is not None}
    assert {"【上级党委】", "【学习次数】", "【成文日期】"} <= marked
    plain = _open(word.draft_docx(NOTICE, highlight=False))
    assert not any(r.font.highlight_color for p in plain.paragraphs for r in p.runs)


def test_page_numbers_on_odd_and_even_pages() -> None:
    doc = _open(word.draft_docx(NOTICE))
    assert doc.settings.odd_and_even_pages_header_footer
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        p = footer.paragraphs[0]
        assert p.alignment == align and p.text.startswith("— ") and p.text.endswith(" —")
        assert "PAGE" in "".join(t.text for t in p._p.iter(qn("w:instrText")))
        assert p.runs[0].font.size.pt == 14


def test_fonts_fall_back_to_installed_ones() -> None:
    doc = _open(word.draft_docx(NOTICE))
    part = next(p for p in doc.part.package.parts if str(p.partname).endswith("/fontTable.xml"))
    xml = part.blob.decode("utf-8")
    for name, alt in layout.FONT_FALLBACKS.items():
        assert f'w:name="{name}"' in xml and f'w:val="{alt}"' in xml


def test_sources_follow_a_page_break_or_are_left_out() -> None:
    text = "\n".join(p.text for p in _open(word.draft_docx(NOTICE)).paragraphs)
    assert "附：起草参考" in text and "[1] 青川县林业局｜通报｜1.关于学习（a.txt）" in text
    bare = "\n".join(p.text for p in _open(word.draft_docx(NOTICE, sources=False)).paragraphs)
    assert "附：起草参考" not in bare and "青川县林业局" not in bare


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return index_sample(tmp_path_factory)


def test_real_draft_and_summary(sample_index: Indexed) -> None:
    assistant = make_assistant(sample_index.settings, store=sample_index.store)
    draft = assistant.draft("起草“三会一课”制度落实不到位问题的整改情况", unit="白石县档案局党组")
    assert CITATION_RE.search(draft.text)
    doc = _open(word.draft_docx(draft))
    body = [p for p in _body(doc) if p.text]
    assert body[0].text == draft.title and body[0].style.name == "公文标题"
    assert not CITATION_RE.search("\n".join(p.text for p in body))
    summary = _open(word.summary_docx(assistant.summarize("岚江市财政局")))
    assert summary.sections[0].page_width.mm == pytest.approx(210, abs=0.1)
    headings = [p.text for p in summary.paragraphs if p.style.name == "一级标题"]
    assert headings[:3] == ["一、基本情况", "二、问题清单", "三、整改情况摘要"]
    assert not CITATION_RE.search("\n".join(p.text for p in _body(summary)))


def test_doctests() -> None:
    for module in (layout, tables, word):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0
