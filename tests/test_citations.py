"""Citation numbering, marker parsing and renumbering against the passages given."""

from __future__ import annotations

import pytest

from assistant.grounding.citations import (
    Passage,
    cited_numbers,
    format_passages,
    normalize_markers,
    number_passages,
    resolve,
    strip_markers,
)
from core import tokens
from core.types import Chunk, Hit


def _hit(i: int, text: str = "", unit: str = "某某县林业局") -> Hit:
    body = text or f"第{i}段：整改措施{i}条已落实。"
    chunk = Chunk(
        f"c{i}", f"n{i}", unit, f"通报{i}", f"{i}.txt", ("整改情况",), body, 0, len(body), ordinal=i
    )
    return Hit(chunk, 1.0 / i, i)


def _passages(n: int) -> list[Passage]:
    return [Passage(i, _hit(i), _hit(i).chunk.text) for i in range(1, n + 1)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("共5个[1]。", "共5个[1]。", id="plain"),
        pytest.param("共5个［1］。", "共5个[1]。", id="fullwidth-brackets"),
        pytest.param("共5个[１]。", "共5个[1]。", id="fullwidth-digit"),
        pytest.param("共5个【2】。", "共5个[2]。", id="lenticular"),
        pytest.param("见[1,3]与[2，4]", "见[1][3]与[2][4]", id="comma-group"),
        pytest.param("见[1、2]", "见[1][2]", id="dunhao-group"),
        pytest.param("见[2-4]", "见[2][3][4]", id="range"),
        pytest.param("见[ 3 ]", "见[3]", id="inner-spaces"),
        pytest.param("第[一]条", "第[一]条", id="chinese-numeral-untouched"),
        pytest.param("【日期】", "【日期】", id="placeholder-untouched"),
    ],
)
def test_normalize_markers(text: str, expected: str) -> None:
    assert normalize_markers(text) == expected


@pytest.mark.parametrize(
    ("reply", "given", "text", "chunks", "dropped"),
    [
        pytest.param("甲[1]。乙[2]。", 2, "甲[1]。乙[2]。", ["c1", "c2"], (), id="in-order"),
        pytest.param("甲[3]。乙[1]。", 3, "甲[1]。乙[2]。", ["c3", "c1"], (), id="renumbered-by-first-use"),
        pytest.param("甲[1][9]。", 2, "甲[1]。", ["c1"], (9,), id="hallucinated-dropped"),
        pytest.param("甲[0]。", 2, "甲。", [], (0,), id="zero-dropped"),
        pytest.param("甲[2][2]。乙[2]。", 2, "甲[1]。乙[1]。", ["c2"], (), id="repeats-collapsed"),
        pytest.param("甲［2］，乙[1, 2]。", 2, "甲[1]，乙[2][1]。", ["c2", "c1"], (), id="loose-forms"),
        pytest.param("没有标注。", 2, "没有标注。", [], (), id="no-markers"),
        pytest.param("甲[7][8]。", 2, "甲。", [], (7, 8), id="all-unknown"),
    ],
)
def test_resolve(reply: str, given: int, text: str, chunks: list[str], dropped: tuple[int, ...]) -> None:
    result = resolve(reply, _passages(given))
    assert result.text == text
    assert [c.chunk_id for c in result.citations] == chunks
    assert [c.n for c in result.citations] == list(range(1, len(chunks) + 1))
    assert result.dropped == dropped


def test_resolve_carries_passage_fields_and_quotes() -> None:
    result = resolve("甲[2]。", _passages(2), quotes={2: "整改措施2条已落实。"})
    (citation,) = result.citations
    assert (citation.n, citation.notice_id, citation.unit, citation.title, citation.source) == (
        1, "n2", "某某县林业局", "通报2", "2.txt",
    )  # fmt: skip
    assert citation.text == "第2段：整改措施2条已落实。"
    assert citation.quote == "整改措施2条已落实。"
    assert citation.heading == "整改情况"


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        pytest.param("甲[2]，乙[1][2]。", [2, 1], id="first-use-order"),
        pytest.param("无", [], id="none"),
        pytest.param("[10][1]", [10, 1], id="two-digits"),
    ],
)
def test_cited_numbers(text: str, numbers: list[int]) -> None:
    assert cited_numbers(text) == numbers


def test_strip_markers() -> None:
    assert strip_markers("已完成[1][2]，另[3]。") == "已完成，另。"


def test_number_passages_within_budget() -> None:
    hits = [_hit(i, "整改" * 200) for i in range(1, 6)]
    one = tokens.count(format_passages(number_passages(hits[:1], 10_000)))
    passages = number_passages(hits, int(one * 2.5))
    assert [p.n for p in passages] == [1, 2, 3]
    assert passages[2].text.endswith("……") and len(passages[2].text) < len(hits[2].chunk.text)
    assert tokens.count(format_passages(passages)) <= int(one * 2.5) + 5


def test_number_passages_keeps_first_even_over_budget() -> None:
    passages = number_passages([_hit(1, "很长" * 300), _hit(2)], 20)
    assert [p.n for p in passages] == [1]


def test_number_passages_drops_tiny_remainder() -> None:
    hits = [_hit(1, "整改" * 50), _hit(2, "整改" * 50)]
    first = tokens.count(format_passages(number_passages(hits[:1], 10_000)))
    passages = number_passages(hits, first + 10)
    assert [p.n for p in passages] == [1]


def test_format_passages_numbers_and_headers() -> None:
    block = format_passages(_passages(2))
    assert block.splitlines()[0] == "[1] 单位：某某县林业局｜通报：通报1｜小节：整改情况"
    assert "[2] 单位：某某县林业局" in block
    assert "第2段：整改措施2条已落实。" in block
