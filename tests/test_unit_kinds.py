"""Lists of the notices by the kind of unit (fictional notices, parsed without an index).

Classes: a kind named before what is listed (医院、学校的巡察整改通报, 司法行政部门的通报), after
which-words (有几家学校), in users' words for an office (学校 for 中学); a kind no unit is of is
refused with the kind named; a matter that shares a kind's word (交通费, 市场监管不到位) or a question
naming a unit is no list by kind.
"""

from __future__ import annotations

import pytest

from assistant.answering.unit_types import answer_unit_kinds
from assistant.reading.questions import analyze
from assistant.reading.units import UnitDirectory
from index.splitting import parse_notices
from tests.notice_factory import notice_text

_UNITS = (
    ("青禾市司法局", "市司法局"),
    ("白沙县人民医院", "县医院"),
    ("青禾市第二中学", "二中"),
    ("青禾市科学技术协会", "市科协"),
    ("白沙县交通运输局", "县交通局"),
)
NOTICES = [n for unit, short in _UNITS for n in parse_notices(notice_text(unit, short), f"{short}.txt")]
DIRECTORY = UnitDirectory.from_notices(NOTICES)


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        ("司法行政部门的巡视巡察整改通报有几份？分别是谁的？", ("司法局",)),
        ("有没有医院、学校的巡察整改通报？是哪几家", ("人民医院", "第二中学")),
        ("司法、交通部门的通报分别是哪几家", ("司法局", "交通运输局")),
        ("交通系统的巡察整改通报有哪些", ("交通运输局",)),
        ("中小学的整改通报有没有", ("第二中学",)),
    ],
)
def test_notices_listed_by_the_kind_of_unit(question: str, listed: tuple[str, ...]) -> None:
    got = answer_unit_kinds(analyze(question, DIRECTORY), NOTICES)
    assert got is not None and not got.refused, question
    for name in listed:
        assert name in got.text, (name, got.text)
    others = [u for u, _ in _UNITS if not any(name in u for name in listed)]
    assert not any(u in got.text for u in others), got.text
    assert f"共{len(listed)}个" in got.computed


def test_a_kind_no_unit_is_of_is_refused_with_the_kind_named() -> None:
    got = answer_unit_kinds(analyze("有没有水利部门的巡察整改通报？", DIRECTORY), NOTICES)
    assert got is not None and got.refused and "水利" in got.warnings[0]


@pytest.mark.parametrize(
    "question",
    [
        "哪些单位违规报销交通费",
        "哪些单位对交通运输市场监管不到位",
        "青禾市司法局的通报有几份",
        "哪些单位是2023年被巡察的",
    ],
)
def test_a_matter_or_a_named_unit_is_no_list_by_kind(question: str) -> None:
    assert answer_unit_kinds(analyze(question, DIRECTORY), NOTICES) is None
