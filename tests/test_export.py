"""Exports of drafts and summaries: Markdown text and .docx documents carry the same parts."""

from __future__ import annotations

import doctest
import io

import pytest
from docx import Document

from core.types import Citation, Draft, Fact, NoticeFacts, ProblemSummary, Summary
from ui import export

CITATIONS = (
    Citation(
        1,
        "n1",
        "青川县林业局",
        "关于巡察整改情况的通报",
        "青川.txt",
        "修订管理办法3项。\n开展专项检查。",
        "二、整改",
    ),
    Citation(2, "n2", "白沙镇人民政府", "白沙镇整改通报", "白沙.txt", "追回资金1.2万元|已入账。", ""),
)
DRAFT = Draft(
    text="针对财务报销不规范问题，于【日期】修订管理办法[1]，追回资金【金额】[2]。",
    mode="extractive",
    citations=CITATIONS,
    placeholders=("【日期】", "【金额】"),
    warnings=("未找到该单位，已参考其他单位",),
)
SUMMARY = Summary(
    unit="青川县林业局",
    notice_ids=("n1",),
    facts=NoticeFacts(
        inspection_body=Fact("县委第二巡察组", "县委第二巡察组", 0, 7),
        problems=Fact("9个问题", "3个方面9个问题", 10, 17, number=9, detail={"aspects": 3}),
        status={"已完成": Fact("7个", "7个问题已完成", 20, 27, number=7)},
    ),
    problems=(
        ProblemSummary("（一）学习贯彻不深入", "已完成", ("修订学习制度", "开展专题学习"), (1,)),
        ProblemSummary("（二）报销审核不严|不细", None, (), (2,)),
    ),
    text="青川县林业局共反馈9个问题[1]，已追回资金[2]。",
    mode="llm",
    citations=CITATIONS,
)


def test_doctests() -> None:
    result = doctest.testmod(export)
    assert result.attempted > 0 and result.failed == 0


def _docx_text(data: bytes) -> tuple[str, list[list[list[str]]], object]:
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return text, tables, doc


def test_draft_docx_is_the_document_then_its_sources() -> None:
    text, tables, _ = _docx_text(export.draft_docx(DRAFT))
    body, _, appendix = text.partition("附：起草参考")
    assert body.startswith("整改情况（草稿）")
    assert "于【日期】修订管理办法，追回资金【金额】。" in body
    assert "[1]" not in body and "提示" not in body and "抽取模式" not in body
    assert "待补充的占位项：【日期】、【金额】" in appendix
    assert "[2] 白沙镇人民政府｜白沙镇整改通报（白沙.txt）" in appendix
    assert tables == []


def test_summary_docx_has_facts_and_problem_tables() -> None:
    text, tables, _ = _docx_text(export.summary_docx(SUMMARY))
    assert "青川县林业局巡察整改情况摘要" in text and "青川县林业局共反馈9个问题，已追回资金。" in text
    facts, problems = tables
    assert facts[0] == ["项目", "内容"] and ["巡察组", "县委第二巡察组"] in facts
    assert problems[0] == ["序号", "问题", "整改状态", "主要措施"]
    assert problems[2][:3] == ["2", "（二）报销审核不严|不细", "未说明"]


@pytest.mark.parametrize(
    ("kind", "unit", "suffix", "expected"),
    [
        pytest.param("整改摘要", "青川县林业局", "docx", "青川县林业局_整改摘要.docx", id="unit"),
        pytest.param("整改草稿", None, "md", "整改草稿.md", id="no-unit"),
        pytest.param("整改摘要", "../青川", "md", "_青川_整改摘要.md", id="unsafe-unit"),
    ],
)
def test_export_name(kind: str, unit: str | None, suffix: str, expected: str) -> None:
    assert export.export_name(kind, unit, suffix) == expected
