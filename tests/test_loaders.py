"""Loaders: every format and encoding, every bad case with a clear reason, and ``iter_files``.

Binary fixtures (other encodings, .docx, .pdf) are generated here from the committed text
fixtures in ``tests/data`` so that nothing opaque is committed.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import charset_normalizer
import docx
import pytest
from pypdf import PdfWriter

from index import loaders
from index.loaders import SUPPORTED_SUFFIXES, LoadError, RawDocument, iter_files, load_file

DATA = Path(__file__).parent / "data"
NOTICE = (DATA / "short_notice.txt").read_text(encoding="utf-8")
TITLE = NOTICE.splitlines()[0]
TRADITIONAL_TITLE = "中共青瀾縣水務局黨組關於巡察整改情況的通報"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- plain text: every encoding -------------------------------------------------------------

ENCODINGS = [
    pytest.param(lambda t: t.encode("utf-8"), id="utf-8"),
    pytest.param(lambda t: t.encode("utf-8-sig"), id="utf-8-bom"),
    pytest.param(lambda t: t.encode("gbk"), id="gbk"),
    pytest.param(lambda t: t.encode("gb18030"), id="gb18030"),
    pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom-native"),
    pytest.param(lambda t: b"\xff\xfe" + t.encode("utf-16-le"), id="utf-16-le-bom"),
    pytest.param(lambda t: b"\xfe\xff" + t.encode("utf-16-be"), id="utf-16-be-bom"),
    pytest.param(lambda t: t.encode("utf-16-le"), id="utf-16-le-no-bom"),
    pytest.param(lambda t: t.encode("utf-32"), id="utf-32-bom"),
    pytest.param(lambda t: t.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
    pytest.param(lambda t: t.replace("\n", "\r").encode("gbk"), id="cr-gbk"),
]


@pytest.mark.parametrize("encode", ENCODINGS)
def test_text_encodings(tmp_path: Path, encode: Callable[[str], bytes]) -> None:
    data = encode(NOTICE)
    doc = load_file(_write(tmp_path, "notice.txt", data))
    assert doc.text == NOTICE
    assert doc.format == "txt"
    assert doc.sha256 == hashlib.sha256(data).hexdigest()


def test_big5_traditional(tmp_path: Path) -> None:
    text = (
        TRADITIONAL_TITLE
        + "\n根據縣委統一部署，縣委第三巡察組對縣水務局黨組進行了巡察。現將巡察整改情況予以公佈。\n"
    )
    doc = load_file(_write(tmp_path, "trad.txt", text.encode("big5")))
    assert doc.text == text


def test_markdown_is_text(tmp_path: Path) -> None:
    doc = load_file(_write(tmp_path, "n.md", ("# " + NOTICE).encode("utf-8")))
    assert doc.format == "md" and doc.text.startswith("# " + TITLE)


def test_utf8_cut_in_the_middle_of_the_last_character(tmp_path: Path) -> None:
    doc = load_file(_write(tmp_path, "cut.txt", NOTICE.encode("utf-8")[:-2]))
    assert doc.text == NOTICE[:-2] and "\ufffd" not in doc.text


def test_source_defaults_to_path_and_can_be_given(tmp_path: Path) -> None:
    path = _write(tmp_path, "n.txt", NOTICE.encode("utf-8"))
    assert load_file(path).source == str(path)
    assert load_file(path, source="通报/n.txt").source == "通报/n.txt"


def test_raw_document_is_frozen(tmp_path: Path) -> None:
    doc = load_file(_write(tmp_path, "n.txt", NOTICE.encode("utf-8")))
    assert isinstance(doc, RawDocument)
    with pytest.raises(AttributeError):
        doc.text = ""  # type: ignore[misc]


# --- bad files: a LoadError with a reason a user can act on ----------------------------------


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("根据县委统一部署，县委第三巡察组对县水务局党组进行了巡察。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(pages: list[str]) -> bytes:
    """A minimal PDF whose pages show the given ASCII lines ('' = a page with no text layer)."""
    out = io.BytesIO()
    offsets: list[int] = []

    def obj(body: bytes) -> None:
        offsets.append(out.tell())
        out.write(f"{len(offsets)} 0 obj\n".encode() + body + b"\nendobj\n")

    out.write(b"%PDF-1.4\n")
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    obj(b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    obj(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, line in enumerate(pages):
        stream = f"BT /F1 12 Tf 20 100 Td ({line}) Tj ET".encode() if line else b""
        obj(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 3 0 R >> >>"
            + f" /Contents {5 + 2 * i} 0 R >>".encode()
        )
        obj(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    xref = out.tell()
    out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
    out.write(b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets))
    out.write(f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(_pdf_bytes(["Secret page"])))
    writer.encrypt(user_password="pw", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD = [
    pytest.param("empty.txt", lambda: b"", "空文件", id="empty"),
    pytest.param("blank.txt", (DATA / "blank.txt").read_bytes, "空文件", id="whitespace-only"),
    pytest.param("blank16.txt", lambda: " \n\u3000\n".encode("utf-16"), "空文件", id="whitespace-only-utf16"),
    pytest.param(
        "png.txt",
        lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
        "二进制文件",
        id="png-renamed",
    ),
    pytest.param("zip.txt", _docx_bytes, "二进制文件", id="docx-renamed-txt"),
    pytest.param("ctl.txt", lambda: bytes(range(1, 32)) * 40, "二进制文件", id="control-bytes"),
    pytest.param("sheet.xlsx", lambda: b"PK\x03\x04", "不支持的文件类型 .xlsx", id="unsupported-xlsx"),
    pytest.param("README", NOTICE.encode, "不支持的文件类型", id="no-suffix"),
    pytest.param("cut.docx", lambda: _docx_bytes()[:1500], "文件损坏", id="truncated-docx"),
    pytest.param("junk.docx", NOTICE.encode, "文件损坏", id="text-renamed-docx"),
    pytest.param("scan.pdf", _blank_pdf, "PDF 中没有文字", id="pdf-without-text-layer-or-text"),
    pytest.param("cut.pdf", lambda: _pdf_bytes(["Page one"])[:80], "文件损坏", id="truncated-pdf"),
    pytest.param("junk.pdf", lambda: b"%PDF-1.4\nnot really", "文件损坏", id="junk-pdf"),
    pytest.param("locked.pdf", _encrypted_pdf, "PDF 已加密", id="encrypted-pdf"),
    pytest.param("empty.docx", lambda: _empty_docx(), "空文件", id="docx-without-text"),  # noqa: PLW0108 (defined below)
    pytest.param(
        "empty.html",
        lambda: b"<html><body><script>x=1</script></body></html>",
        "空文件",
        id="html-without-text",
    ),
]


def _empty_docx() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "make", "reason"), BAD)
def test_bad_files_raise_load_error_with_reason(
    tmp_path: Path, name: str, make: Callable[[], bytes], reason: str
) -> None:
    path = _write(tmp_path, name, make())
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert info.value.reason.startswith(reason), info.value.reason
    assert info.value.path == path and name in str(info.value)


def test_committed_empty_fixture(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="空文件"):
        load_file(DATA / "empty.txt")


def test_missing_file() -> None:
    with pytest.raises(LoadError) as info:
        load_file(DATA / "no-such-notice.txt")
    assert info.value.reason == "文件不存在"


# --- docx, pdf, html ---------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_paragraph("一、整改落实情况")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("问题", "整改措施", "状态"), strict=True):
        cell.text = text
    table.cell(1, 0).text = "河道采砂监管"
    table.cell(1, 1).merge(table.cell(1, 2)).text = "开展专项整治"
    document.add_paragraph("联系电话：0877-5550999")
    path = tmp_path / "n.docx"
    document.save(str(path))
    doc = load_file(path)
    assert doc.format == "docx"
    assert doc.text.split("\n") == [
        TITLE,
        "一、整改落实情况",
        "问题 | 整改措施 | 状态",
        "河道采砂监管 | 开展专项整治",
        "联系电话：0877-5550999",
    ]


def test_pdf_text_layer(tmp_path: Path) -> None:
    doc = load_file(_write(tmp_path, "n.pdf", _pdf_bytes(["Rectification notice", "Second page"])))
    assert doc.format == "pdf"
    assert doc.text.split("\n") == ["Rectification notice", "Second page"]


def test_html_main_text_as_lines() -> None:
    doc = load_file(DATA / "page.html")
    assert doc.format == "html"
    lines = doc.text.split("\n")
    assert lines[0] == "中共青澜县水务局党组关于巡察整改情况的通报"
    assert "根据县委统一部署，2022年9月5日至10月28日，县委第三巡察组对县水务局党组进行了巡察。" in lines
    assert "一、整改落实情况" in lines and "1.河道采砂监管不到位的问题。" in lines
    assert "问题 | 整改措施 | 状态" in lines and "河道采砂监管 | 开展专项整治 | 已完成" in lines
    for furniture in (
        "统计代码",
        "页脚脚本",
        "首页",
        "门户网站",
        "版权所有",
        "编辑：张三",
        "text-indent",
        "通知公告",
        "<",
        ">",
    ):
        assert furniture not in doc.text, furniture


def test_html_legacy_encoding_from_meta(tmp_path: Path) -> None:
    html = '<html><head><meta charset="gbk"></head><body><p>巡察整改情况的通报</p></body></html>'
    assert load_file(_write(tmp_path, "g.htm", html.encode("gbk"))).text == "巡察整改情况的通报"


# --- large files ---------------------------------------------------------------------------


def test_large_file_detects_on_a_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = charset_normalizer.from_bytes

    def spy(data: bytes, *args: object, **kwargs: object) -> charset_normalizer.CharsetMatches:
        seen.append(len(data))
        return real(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loaders.charset_normalizer, "from_bytes", spy)
    line = ("根据县委统一部署，县委第三巡察组对县水务局党组进行了巡察。" * 20 + "\n").encode("gb18030")
    data = line * (50 * 2**20 // len(line))
    path = _write(tmp_path, "big.txt", data)
    doc = load_file(path)
    assert len(doc.text) > 20_000_000
    assert seen and max(seen) <= 256 * 1024


# --- iter_files ----------------------------------------------------------------------------


def test_iter_files(tmp_path: Path) -> None:
    for rel in (
        "b.txt",
        "a/z.md",
        "a/y.docx",
        "a/x.pdf",
        "a/w.html",
        "a/v.htm",
        "a/skip.xlsx",
        ".hidden.txt",
        ".git/c.txt",
        "a/.cache/d.txt",
    ):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    explicit = tmp_path / "a" / "skip.xlsx"
    missing = tmp_path / "gone.txt"
    found = iter_files([tmp_path, explicit, str(tmp_path / "b.txt"), missing])
    rel = [p.relative_to(tmp_path).as_posix() for p in found]
    assert rel == sorted(rel)
    assert set(rel) == {
        "b.txt",
        "a/z.md",
        "a/y.docx",
        "a/x.pdf",
        "a/w.html",
        "a/v.htm",
        "a/skip.xlsx",
        "gone.txt",
    }


def test_iter_files_on_the_sample_corpus() -> None:
    from core.config import SAMPLE_CORPUS

    found = iter_files([SAMPLE_CORPUS])
    assert len(found) == 5 and all(p.suffix in SUPPORTED_SUFFIXES for p in found)
    for path in found:
        doc = load_file(path)
        assert doc.text.strip() and doc.format in {"txt", "md"}
