"""Two or more units compared on a detail their notices state in the body (fictional passages).

Classes: 谁多 / 哪家…多 asks which of the units named (not a person); each unit's count of the
asked kind, nearest the noun asked, compared with a computed verdict; no verdict when a unit's
count is missing or two counts are as near; outcome counts of the facts table compared.
"""

from __future__ import annotations

import pytest

from assistant.answering.extractive import ExtractiveAnswerer
from assistant.reading.asks import read_question
from assistant.reading.questions import analyze
from assistant.reading.units import UnitDirectory
from tests.notice_factory import passage_hits

FOREST, WATER = "中共青禾市林业局党组", "中共青禾市水务局党组"
DIRECTORY = UnitDirectory([FOREST, WATER, "中共青禾市统计局党组"])


def _hits(forest: str, water: str) -> list:
    return passage_hits(FOREST, [(("整改情况",), forest)], "f") + passage_hits(
        WATER, [(("整改情况",), water)], "w"
    )


def _answer(question: str, forest: str, water: str) -> str:
    info = analyze(question, DIRECTORY)
    return ExtractiveAnswerer().answer(question, _hits(forest, water), info=info).text


@pytest.mark.parametrize(
    "question",
    ["林业局和水务局谁多？", "林业局和水务局整改期间开了几次党组会，谁开得多", "两家谁更早一些？"],
)
def test_who_before_more_or_earlier_asks_which_unit(question: str) -> None:
    assert not any(a.kind == "who" for a in read_question(question).asks)


@pytest.mark.parametrize("question", ["这项工作是谁负责的？", "谁主持召开的专题会？"])
def test_who_asks_for_a_person(question: str) -> None:
    assert any(a.kind in ("who", "name") for a in read_question(question).asks)


@pytest.mark.parametrize(
    ("question", "forest", "water", "verdict"),
    [
        (
            "林业局和水务局整改期间各开了多少次党组会？哪家开得多",
            "2023年以来，已召开12次党组会议、5次局务会议，研究整改工作。",
            "明确党组会议议题每月提交1次。2023年以来共召开党组会议8次，研究整改。",
            f"{FOREST}更多（12次，{WATER}8次）",
        ),
        (
            "林业局和水务局在整改里建了多少项制度？谁多？",
            "修订完善规章制度9项，以制度管人管事。",
            "新建和修订制度15项，堵塞管理漏洞。",
            f"{WATER}更多（15项，{FOREST}9项）",
        ),
        (
            "林业局和水务局各组织了几期培训，哪个少？",
            "组织党员干部培训班6期。",
            "举办业务培训班6期。",
            "数量相同（6期）",
        ),
    ],
)
def test_the_units_counts_compared(question: str, forest: str, water: str, verdict: str) -> None:
    assert verdict in _answer(question, forest, water)


@pytest.mark.parametrize(
    ("question", "forest", "water"),
    [
        (
            "林业局和水务局各开了多少次党组会？",
            "已召开12次党组会议。",
            "共召开党组会议8次。",
        ),  # more not asked
        (
            "林业局和水务局开了多少次党组会？谁多",
            "已召开12次党组会议。",
            "加强党组会议议题管理。",
        ),  # one unit states none
    ],
)
def test_no_verdict_unless_asked_and_stated(question: str, forest: str, water: str) -> None:
    text = _answer(question, forest, water)
    assert "更多" not in text and "更少" not in text, text


def _notice(unit: str, people: int) -> str:
    return (
        f"中共青禾市{unit}党组关于巡察整改情况的通报\n"
        f"根据市委统一部署，2023年3月1日至4月30日，市委第一巡察组对市{unit}党组开展了常规巡察。\n"
        f"一、整改情况\n巡察整改期间，追责问责共计{people}人，其中诫勉谈话2人。\n"
        f"中共青禾市{unit}党组\n2023年9月1日\n"
    )


@pytest.mark.parametrize(
    "question",
    [
        "林业局和水务局巡察整改中处理的人数，哪个多？",
        "林业局和水务局各处理了多少人？",
        "林业局、水务局问责的人数比一比",
    ],
)
def test_outcome_counts_of_the_facts_table_compared(question: str) -> None:
    from assistant.answering.facts_table import answer_from_facts
    from index.splitting import parse_notices

    notices = [*parse_notices(_notice("林业局", 25), "f.txt"), *parse_notices(_notice("水务局", 32), "w.txt")]
    got = answer_from_facts(analyze(question, UnitDirectory.from_notices(notices)), notices)
    assert got is not None and "25人" in got.text and "32人" in got.text, got and got.text
    assert "水务局党组更多（多7）" in got.computed, got.computed
