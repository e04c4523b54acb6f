"""A unit named in the light of the rest of the question (fictional directories).

Classes: a bare office word narrowed by the unit already named or a place named elsewhere; a bare
place paired with a named unit in a comparison; a former name of an office (国土局); a place with
the head of its office, the rest left off (东莞公积金, 福清检), unless the name goes on to another
office; another province's office is not this province's (山西省政府办公厅).
"""

from __future__ import annotations

import pytest

from assistant.reading.units import UnitDirectory


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("石龙区科协巡察是夏天搞的，具体哪天向科协反馈的？", ("中共石龙区科学技术协会党组",)),
        ("石龙区街道科协组织建设落实得怎么样", ("中共石龙区科学技术协会党组",)),
        (
            "白沙市科协和石龙区科协，这两个科协谁先被巡察",
            ("中共白沙市科学技术协会党组", "中共石龙区科学技术协会党组"),
        ),
    ],
)
def test_a_bare_office_word_is_narrowed_by_the_rest_of_the_question(
    question: str, units: tuple[str, ...]
) -> None:
    d = UnitDirectory(
        ["中共石龙区科学技术协会党组", "中共白沙市科学技术协会党组", "中共红石县科学技术协会党组"]
    )
    got = d.resolve(question)
    assert set(got.units) == set(units) and not got.ambiguous and not got.unknown, got


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("石龙科协和白沙谁问题多？", {"中共石龙区科学技术协会党组", "中共白沙市水务局党组"}),
        ("请问白沙水务局和石龙哪个先被巡察", {"中共石龙区科学技术协会党组", "中共白沙市水务局党组"}),
        ("石龙区科协跟白沙比，谁的整改措施多", {"中共石龙区科学技术协会党组", "中共白沙市水务局党组"}),
    ],
)
def test_a_bare_place_paired_with_a_unit_names_the_one_unit_there(question: str, units: set[str]) -> None:
    d = UnitDirectory(
        ["中共石龙区科学技术协会党组", "中共白沙市水务局党组", "中共红石县水务局党组", "中共红石县统计局党组"]
    )
    assert set(d.resolve(question).units) == units


@pytest.mark.parametrize(
    "question", ["石龙科协和红石谁问题多？", "在白沙开展的巡察有几次", "白沙和红石谁先被巡察"]
)
def test_a_bare_place_of_several_units_or_unpaired_names_none(question: str) -> None:
    d = UnitDirectory(
        ["中共石龙区科学技术协会党组", "中共白沙市水务局党组", "中共红石县水务局党组", "中共红石县统计局党组"]
    )
    assert not set(d.resolve(question).units) & {
        "中共白沙市水务局党组",
        "中共红石县水务局党组",
        "中共红石县统计局党组",
    }


@pytest.mark.parametrize(
    "question", ["成县国土局反馈了几个问题", "成县国土资源局是啥时候被巡察的", "成县自然局的整改措施"]
)
def test_a_former_name_of_the_office(question: str) -> None:
    assert UnitDirectory(["中共成县自然资源局党组", "中共成县财政局党组"]).resolve(question).units == (
        "中共成县自然资源局党组",
    )


_OFFICES = UnitDirectory(
    [
        "中共青禾市住房公积金管理中心党组",
        "中共青禾市人民检察院党组",
        "中共白沙市委统战部",
        "中共白沙市住房和城乡建设局党组",
        "中共红石区科学技术协会党组",
    ]
)


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("青禾公积金反馈了几个问题", "中共青禾市住房公积金管理中心党组"),
        ("青禾检这次巡察反馈了多少个问题？", "中共青禾市人民检察院党组"),
        ("青禾检察院的整改措施", "中共青禾市人民检察院党组"),
        ("白沙统战反馈了几个问题", "中共白沙市委统战部"),
        ("白沙住建整改进度", "中共白沙市住房和城乡建设局党组"),
    ],
)
def test_a_place_with_the_head_of_its_office(question: str, unit: str) -> None:
    assert _OFFICES.resolve(question).units == (unit,)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("红石区科技局的巡察整改通报里反馈了几个问题", "红石区科技局"),  # 科|技局: another office
        ("白沙市委组织部的整改完成了多少", "白沙市委"),
        ("青禾市生态环境局讲了哪些问题", "青禾市生态环境局"),
    ],
)
def test_a_place_with_another_office_names_no_unit_of_the_index(question: str, unknown: str) -> None:
    got = _OFFICES.resolve(question)
    assert not got.units and unknown in "".join(got.unknown), got


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("山西省政府办公厅的整改情况", ()),
        ("青禾省政府办公厅的整改情况", ("中共青禾省人民政府办公厅党组",)),
        ("青禾省府办公厅反馈了几个问题", ("中共青禾省人民政府办公厅党组",)),
        ("省政府办公厅反馈了几个问题", ("中共青禾省人民政府办公厅党组",)),
    ],
)
def test_a_provinces_office_is_not_another_provinces(question: str, units: tuple[str, ...]) -> None:
    assert (
        UnitDirectory(["中共青禾省人民政府办公厅党组", "中共白沙市人民政府办公室党组"])
        .resolve(question)
        .units
        == units
    )


@pytest.mark.parametrize(
    "question",
    [
        "常州市科协巡察整改中清退了多少家僵尸企业科协？",
        "苏州科协和企业科协的整改",
        "白沙县水务局反馈的水务问题",
    ],
)
def test_the_office_word_again_after_a_unit_not_indexed_names_none(question: str) -> None:
    """常州市科协 is not in the index: its 科协 said again (企业科协) is not every indexed 科协."""
    d = UnitDirectory(
        [
            "中共无锡市科学技术协会党组",
            "中共盐城市科学技术协会党组",
            "中共青禾市水务局党组",
            "中共红石县水务局党组",
        ]
    )
    got = d.resolve(question)
    assert not got.units and got.unknown, got


@pytest.mark.parametrize(
    "question",
    [
        "青禾市科技局那次巡察属于市委第几轮？",
        "青禾市科技局是来自市委哪个巡察组巡察的",
        "青禾市科技局隶属市委哪个部门管",
        "青禾市科技局受到县委巡察后改了几个问题",
    ],
)
def test_an_everyday_word_before_a_committee_is_no_place(question: str) -> None:
    """属于市委 is a verb and the committee, not a unit of a place called 属于."""
    got = UnitDirectory(["中共青禾市科学技术局党组"]).resolve(question)
    assert got.units == ("中共青禾市科学技术局党组",) and not got.unknown, got
