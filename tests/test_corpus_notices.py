"""The shared real corpus: exactly its 40 notices with their units, and a hand-checked sample of facts.

Skipped when ``../shared/corpus`` is absent. Expected units are in ``tests/data/corpus_units.json``;
the facts below were checked by reading the notices. No corpus text is kept in the repository.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from core import tokens
from core.config import PROJECT_ROOT
from core.types import Fact, Notice
from index.chunking import chunk_notice
from index.cleaning import clean
from index.splitting import parse_notices

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
UNITS = PROJECT_ROOT / "tests" / "data" / "corpus_units.json"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not available")


def _parse_all() -> tuple[list[Notice], float]:
    texts = [(p.name, clean(p.read_text(encoding="utf-8"))) for p in sorted(CORPUS.glob("*.txt"))]
    began = time.process_time()
    notices = [n for name, text in texts for n in parse_notices(text, name)]
    return notices, time.process_time() - began


@pytest.fixture(scope="module")
def parsed() -> tuple[list[Notice], float]:
    return _parse_all()


@pytest.fixture(scope="module")
def by_key(parsed: tuple[list[Notice], float]) -> dict[tuple[str, int], Notice]:
    return {(n.source[:3], n.ordinal): n for n in parsed[0]}


def test_exactly_the_forty_notices_with_their_units(parsed: tuple[list[Notice], float]) -> None:
    expected = json.loads(UNITS.read_text(encoding="utf-8"))["notices"]
    got = [
        {"source": n.source, "ordinal": n.ordinal, "unit": n.unit, "unit_from": n.unit_from}
        for n in parsed[0]
    ]
    assert len(expected) == 40
    assert got == expected


def _get(n: Notice, key: str) -> Any:
    if key == "problem_count":
        return len(n.problems)
    if key == "problem_statuses":
        return sorted((p.status or "") for p in n.problems)
    head, _, part = key.partition(".")
    fact: Any = getattr(n.facts, head)
    if isinstance(fact, dict):
        name, _, part = part.partition(".")
        fact = fact.get(name)
    if fact is None:
        return None
    assert isinstance(fact, Fact)
    if not part:
        return fact.number if fact.number is not None else fact.value
    return fact.detail.get(part)


HAND_CHECKED: list[tuple[str, int, dict[str, Any]]] = [
    (
        "000",
        0,
        {
            "level": "巡察",
            "inspection_body": "市委第五巡察组",
            "round": "十三届市委第十二轮",
            "inspection_period": "2020年11月12日至2021年1月12日",
            "feedback_date.iso": "2021-03-03",
            "problems": 9,
            "problems.aspects": 3,
            "measures": 47,
            "status.已完成": 5,
            "status.正在推进": 4,
        },
    ),
    (
        "000",
        1,
        {
            "signed.iso": "2021-06-20",
            "contact.phone": "0510-81827290",
            "contact.email": "2369535307@qq.com",
            "status.正在推进": 6,
            "inspection_body": None,
        },
    ),
    (
        "001",
        0,
        {
            "inspection_body": "市委第二巡察组",
            "inspection_period": "2019年5月13日至7月12日",
            "feedback_date.iso": "2019-08-20",
            "problems": 17,
            "problems.aspects": 6,
            "measures": 125,
            "signed.iso": "2019-10-20",
            "contact.phone": "0515-86662424、88192424",
            "contact.email": "yckxzxb@126.com",
            "problem_count": 17,
        },
    ),
    (
        "002",
        0,
        {
            "inspection_body": "区委第二巡察组",
            "round": "二届区委第五轮",
            "inspection_period": "2022年12月11日至2023年2月24日",
            "feedback_date.iso": "2023-04-04",
            "problems": 11,
            "problems.aspects": 4,
            "measures": 28,
            "status.已完成": 11,
            "signed.iso": "2023-07-05",
            "contact.phone": "85033076",
            "problem_count": 11,
        },
    ),
    (
        "003",
        0,
        {
            "level": "巡视",
            "inspection_body": "区党委第六巡视组",
            "round": "九届区党委第九轮",
            "inspection_period": "2020年10月20日至12月9日",
            "feedback_date.iso": "2021-01-06",
            "contact.phone": "0891-6285721",
            "signed.source": "dateline",
        },
    ),
    (
        "003",
        3,
        {
            "inspection_body": "市委第十二巡察组",
            "inspection_period": "2020年11月19日至12月18日",
            "feedback_date.iso": "2021-02-23",
            "contact.phone": "0459-4666176",
            "contact.email": "tzbdzz4666176163.com",
        },
    ),
    (
        "003",
        4,
        {
            "inspection_body": "县委第二巡察组",
            "feedback_date.iso": "2021-01-19",
            "problems": 18,
            "problems.aspects": 5,
            "measures": 49,
            "problem_count": 18,
        },
    ),
    (
        "003",
        6,
        {
            "inspection_body": "第五巡察组",
            "feedback_date.iso": "2021-03-18",
            "problems": 15,
            "problems.aspects": 7,
            "status.已完成": 11,
            "status.正在推进": 4,
            "problem_statuses": ["已完成"] * 11 + ["正在推进"] * 4,
        },
    ),
    (
        "003",
        16,
        {
            "round": "十四届市委第十三轮",
            "inspection_body": "市委第二巡察组",
            "inspection_period": "2021年4月26日至5月26日",
            "feedback_date.iso": "2021-07-28",
        },
    ),
    (
        "003",
        19,
        {
            "inspection_body": "市委交叉巡察组",
            "inspection_period.end": "2021-01-08",
            "feedback_date.iso": "2021-06-03",
            "problems": 37,
            "problems.aspects": 4,
            "problems.items": 16,
            "measures": 77,
            "status.已完成": 33,
            "status.基本完成": 4,
        },
    ),
    (
        "003",
        26,
        {
            "level": "巡视",
            "inspection_body": "省委第五巡视组",
            "round": "十一届省委第八轮",
            "feedback_date.iso": "2021-01-30",
            "problems": 12,
            "problems.aspects": 4,
            "measures": 151,
        },
    ),
    (
        "004",
        0,
        {
            "inspection_body": "区委第二巡察组",
            "inspection_period": "2022年7月18日至8月18日",
            "feedback_date.iso": "2022-09-29",
            "problems": 11,
            "problems.aspects": 4,
            "problem_statuses": ["已完成"] * 11,
        },
    ),
]


@pytest.mark.parametrize(
    ("source", "ordinal", "facts"), HAND_CHECKED, ids=[f"{s}#{o}" for s, o, _ in HAND_CHECKED]
)
def test_hand_checked_facts(
    by_key: dict[tuple[str, int], Notice], source: str, ordinal: int, facts: dict[str, Any]
) -> None:
    n = by_key[(source, ordinal)]
    assert {key: _get(n, key) for key in facts} == facts


def _all_facts(n: Notice) -> list[Fact]:
    out: list[Fact] = []
    for key in ("unit", "title", "level", "inspection_body", "round", "inspection_period", "feedback_date"):
        fact = getattr(n.facts, key)
        if fact is not None:
            out.append(fact)
    for fact in (n.facts.problems, n.facts.measures, n.facts.signed):
        if fact is not None:
            out += [fact, *fact.also]
    for group in (n.facts.status, n.facts.contact):
        for fact in group.values():
            out += [fact, *fact.also]
    return out


def test_every_quote_is_the_display_slice(parsed: tuple[list[Notice], float]) -> None:
    for n in parsed[0]:
        for fact in _all_facts(n):
            assert n.text[fact.start : fact.end] == fact.quote, (n.unit, fact)


def test_chunks_over_the_corpus(parsed: tuple[list[Notice], float]) -> None:
    budget = 320
    for n in parsed[0]:
        for c in chunk_notice(n, budget):
            assert n.text[c.start : c.end] == c.text
            assert tokens.count(c.text) <= budget
            if c.problem is not None:
                p = n.problems[c.problem]
                assert p.start <= c.start and c.end <= p.end
            else:
                assert not any(c.start < p.end and p.start < c.end for p in n.problems)
