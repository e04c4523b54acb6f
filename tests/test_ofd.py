"""OFD files: text in reading order with paragraphs rebuilt, indexed like the same notice as text; bad ones skipped whole.

The OFD files are laid out here from the sample notices (``tests/ofd_factory.py``, the package
structure of GB/T 33190) in the ways producers write text objects; the real pipeline (parse
worker, Chroma on disk) indexes them next to the same notices as plain text, and what it reads
from both must agree.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from core.config import SAMPLE_CORPUS, Settings
from core.embeddings import HashEmbedder
from core.store.store import NoticeStore
from index.cleaning import clean
from index.guards import FileLimits
from index.loaders import SUPPORTED_SUFFIXES, LoadError, iter_files, load_data, load_file
from index.ofd import Line, paragraphs
from index.pipeline import build_index
from tests.notice_factory import notice_text, without_offsets
from tests.ofd_factory import Style, image_only_ofd, ofd_bytes, repack

STYLES = [
    pytest.param(Style(), id="line-objects-with-deltax"),
    pytest.param(Style(per_char=True), id="one-object-per-character"),
    pytest.param(Style(delta_x=False), id="no-deltax"),
    pytest.param(Style(ctm=True), id="scaled-by-ctm"),
    pytest.param(Style(template_title=True), id="title-in-template"),
    pytest.param(Style(page_numbers=False), id="no-page-numbers"),
]
SAMPLES = sorted(p for p in SAMPLE_CORPUS.iterdir() if p.suffix == ".txt")


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_ofd_is_a_supported_zip_container() -> None:
    from index.guards import ARCHIVE_SUFFIXES

    assert SUPPORTED_SUFFIXES[".ofd"] == "ofd" and ".ofd" in ARCHIVE_SUFFIXES


@pytest.mark.parametrize("style", STYLES)
def test_paragraphs_come_back_as_written(style: Style) -> None:
    text = SAMPLES[0].read_text(encoding="utf-8")
    data = ofd_bytes(text, style)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sum(n.endswith("Content.xml") and "Pages" in n for n in zf.namelist()) >= 2  # spans pages
    doc = load_data(data, Path("n.ofd"))
    assert doc.format == "ofd"
    assert doc.text.split("\n") == _paragraphs(text)


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_notice_reads_back(sample: Path) -> None:
    """Cleaned alike: a space a line break swallowed (``2024 年 | 3 月``) is one cleaning drops anyway."""
    text = sample.read_text(encoding="utf-8")
    read = load_data(ofd_bytes(text), Path("n.ofd")).text
    assert _paragraphs(clean(read)) == _paragraphs(clean(text))


def _line(text: str, x0: float, x1: float, y: float, size: float = 5.6) -> Line:
    return Line(text, x0, x1, y, size)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        pytest.param(
            [
                [
                    _line("一、总体情况", 39, 73, 40),
                    _line("局党组召开专题会议，研究部署整改", 39, 184, 50),
                    _line("工作。", 28, 45, 60),
                ]
            ],
            ["一、总体情况", "局党组召开专题会议，研究部署整改工作。"],
            id="wrapped-line-joins",
        ),
        pytest.param(
            [
                [_line("局党组召开专题会议，研究部署整改", 39, 184, 40)],
                [_line("工作，明确责任分工。", 28, 84, 40), _line("二、下一步打算", 39, 79, 50)],
            ],
            ["局党组召开专题会议，研究部署整改工作，明确责任分工。", "二、下一步打算"],
            id="paragraph-over-a-page-break",
        ),
        pytest.param(
            [
                [
                    _line("整改工作已全部完成，成效明显。整改", 28, 184, 40),
                    _line("（一）强化组织领导", 39, 90, 50),
                ]
            ],
            ["整改工作已全部完成，成效明显。整改", "（一）强化组织领导"],
            id="indented-next-line-starts-a-paragraph",
        ),
        pytest.param(
            [
                [
                    _line("按期完成整改任务，各单位对照问题清单逐项整改，建立", 39, 184, 30),
                    _line("截至目前，问题已全部整改。", 28, 112, 40),
                    _line("欢迎监督。", 28, 56, 50),
                ]
            ],
            ["按期完成整改任务，各单位对照问题清单逐项整改，建立截至目前，问题已全部整改。", "欢迎监督。"],
            id="short-line-ends-a-paragraph",
        ),
        pytest.param(
            [
                [
                    _line("中共青禾市水务局党组关于市委第四巡察组", 40, 180, 30, 7.8),
                    _line("巡察反馈意见整改情况的通报", 55, 160, 42, 7.8),
                    _line("根据市委统一部署，市委第四巡察组对局党组进行", 39, 184, 60),
                    _line("了巡察。2023年7月5日，巡察组反馈了巡察意见。", 28, 150, 70),
                ]
            ],
            [
                "中共青禾市水务局党组关于市委第四巡察组巡察反馈意见整改情况的通报",
                "根据市委统一部署，市委第四巡察组对局党组进行了巡察。2023年7月5日，巡察组反馈了巡察意见。",
            ],
            id="two-line-title",
        ),
        pytest.param(
            [
                [
                    _line("对照问题清单逐项整改。整改情况如下", 39, 184, 30),
                    _line("各项措施均已落实到位，并建立了长效机制", 28, 184, 40),
                    _line("联系电话：0000-1234567", 28, 110, 70),
                ]
            ],
            [
                "对照问题清单逐项整改。整改情况如下各项措施均已落实到位，并建立了长效机制",
                "联系电话：0000-1234567",
            ],
            id="wide-vertical-gap",
        ),
        pytest.param(
            [[_line("项目名称为 Smart Water", 28, 184, 40), _line("Platform 二期工程。", 28, 90, 50)]],
            ["项目名称为 Smart Water Platform 二期工程。"],
            id="latin-words-keep-their-space",
        ),
    ],
)
def test_paragraph_rules(pages: list[list[Line]], expected: list[str]) -> None:
    assert paragraphs(pages) == expected


def _encrypt_flag(data: bytes) -> bytes:
    """The package with every member marked encrypted (general-purpose bit 0), as zip encryption writes it."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at != -1:
            out[at + offset] |= 0x01
            at = out.find(signature, at + 4)
    return bytes(out)


NOTICE = notice_text("青禾市水务局", "市水务局")
GOOD = ofd_bytes(NOTICE)
PAGE = "Doc_0/Pages/Page_0/Content.xml"
BAD = [
    pytest.param(
        lambda: GOOD[: len(GOOD) // 2], "文件损坏：不是有效的 OFD 文件（不是 zip 包）", id="truncated"
    ),
    pytest.param(NOTICE.encode, "文件损坏：不是有效的 OFD 文件（不是 zip 包）", id="text-renamed-ofd"),
    pytest.param(
        lambda: repack(GOOD, drop=("OFD.xml",)),
        "文件损坏：不是有效的 OFD 文件（缺少 OFD.xml）",
        id="no-ofd-xml",
    ),
    pytest.param(lambda: repack(GOOD, drop=(PAGE,)), "文件损坏：OFD 第1页的内容缺失", id="page-part-missing"),
    pytest.param(
        lambda: repack(GOOD, drop=(PAGE,), add={PAGE: b"<ofd:Page><unclosed"}),
        f"文件损坏：不是有效的 OFD 文件（{PAGE} 不是有效的 XML）",
        id="page-not-xml",
    ),
    pytest.param(
        lambda: repack(
            GOOD,
            drop=(PAGE,),
            add={PAGE: b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><Page>&a;</Page>'},
        ),
        f"OFD 文件超出安全上限，未读取（{PAGE} 含有实体声明，疑似恶意构造）",
        id="entity-declarations",
    ),
    pytest.param(
        image_only_ofd, "OFD 第1页没有文字（可能是扫描件或图片），请先做文字识别", id="scanned-page"
    ),
    pytest.param(
        lambda: image_only_ofd(3, {1: "中共青禾市水务局党组关于巡察整改情况的通报"}),
        "OFD 第2、3页没有文字",
        id="some-pages-scanned",
    ),
    pytest.param(lambda: _encrypt_flag(GOOD), "OFD 文件已加密", id="zip-encrypted"),
    pytest.param(
        lambda: repack(GOOD, add={"Encryptions.xml": b"<Encryptions/>"}),
        "OFD 文件已加密",
        id="gmt0099-encrypted",
    ),
]


@pytest.mark.parametrize(("make", "reason"), BAD)
def test_bad_ofd_is_refused_with_reason(tmp_path: Path, make: Callable[[], bytes], reason: str) -> None:
    path = tmp_path / "bad.ofd"
    path.write_bytes(make())
    with pytest.raises(LoadError) as info:
        load_file(path)
    assert info.value.reason.startswith(reason), info.value.reason


def test_more_pages_than_the_limit_are_refused() -> None:
    data = ofd_bytes(NOTICE)  # two pages
    with pytest.raises(LoadError, match="OFD 共 2 页，超过上限 1 页"):
        load_data(data, Path("n.ofd"), limits=FileLimits(max_pdf_pages=1))
    assert load_data(data, Path("n.ofd"), limits=FileLimits(max_pdf_pages=2)).text


def test_zip_bomb_guard_runs_before_the_ofd_reader() -> None:
    bomb = repack(GOOD, add={"Doc_0/Res/pad.bin": bytes(30 * 2**20)})
    with pytest.raises(LoadError, match="疑似压缩炸弹"):
        load_data(bomb, Path("n.ofd"), limits=FileLimits(max_unpacked_mb=20))


def _notices_by_file(store: NoticeStore) -> dict[tuple[str, str], list[object]]:
    out: dict[tuple[str, str], list[object]] = {}
    for notice in sorted(store.notices(), key=lambda n: (n.source, n.ordinal)):
        source = Path(notice.source)
        out.setdefault((source.stem, source.suffix), []).append(
            without_offsets(
                {
                    "unit": notice.unit,
                    "unit_from": notice.unit_from,
                    "title": notice.title,
                    "facts": notice.facts.to_json(),
                    "problems": [p.to_json() for p in notice.problems],
                    "text": [line for line in notice.text.split("\n") if line.strip()],
                }
            )
        )
    return out


def test_pipeline_reads_ofd_notices_as_their_text(
    tmp_path: Path, settings: Settings, store: NoticeStore, record_property: Callable[[str, object], None]
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for sample in SAMPLES:
        (folder / sample.name).write_bytes(sample.read_bytes())
        (folder / f"{sample.stem}.ofd").write_bytes(ofd_bytes(sample.read_text(encoding="utf-8")))
    (folder / "scan.ofd").write_bytes(image_only_ofd())
    (folder / "broken.ofd").write_bytes(GOOD[:3000])
    assert {p.suffix for p in iter_files([folder])} == {".txt", ".ofd"}
    report = build_index([folder], settings, HashEmbedder(), store, progress=False)
    assert report.errors == ()
    assert {Path(source).name for source, _ in report.skipped} == {"scan.ofd", "broken.ofd"}
    assert report.files_read == 2 * len(SAMPLES)
    read = _notices_by_file(store)
    for sample in SAMPLES:
        as_text, as_ofd = read[(sample.stem, ".txt")], read[(sample.stem, ".ofd")]
        assert as_ofd == as_text
        assert all(n["unit"] and n["facts"]["problems"] for n in as_ofd)  # type: ignore[index]
    assert not any("scan" in n.source or "broken" in n.source for n in store.notices())
    ofd_notices = sum(len(read[(p.stem, ".ofd")]) for p in SAMPLES)
    reasons = "; ".join(f"{Path(s).name}: {r}" for s, r in sorted(report.skipped))
    record_property(
        "figure",
        f"{len(SAMPLES)} OFD files laid out from the samples ({ofd_notices} notices, paragraphs over page breaks): "
        f"unit, title, facts, problems and text lines equal to the same files as .txt; skipped: {reasons}",
    )
