from __future__ import annotations

import pytest

from assistant.reading.units import UnitDirectory
from core.types import Notice
from core.unitnames import aliases, canonical, core_name, split_places

NAMES = (
    "中共南京市大数据管理局党组",
    "中共无锡苏南国际机场集团有限公司委员会",
    "盐城市科学技术协会党组",
    "中共无锡市科学技术协会党组",
    "西藏自治区司法厅党委",
    "中共西藏自治区司法厅委员会",
    "中共三亚市海棠区林旺中学支部委员会",
    "中共莆田市涵江区委办公室",
    "中共福州市台江区司法局党组",
    "中共沈阳市和平区发展和改革局党组",
    "中共青山县住房和城乡建设局党组",
    "中共青山县人民检察院党组",
    "中共绿水市供销合作社联合社委员会",
    "中共山东省人民政府办公厅党组",
    "中共绿水市生态环境局党组",
    "中共绿水市市场监督管理局党组",
    "中共红石市市场监督管理局党组",
    "中共安徽省归国华侨联合会党组",
    "中共漳州市台湾同胞联谊会党组",
    "中共漳州市国有资产监督管理委员会委员会",
    "中共红石县综合行政执法局党组",
    "中共东莞市住房公积金管理中心党组",
    "中共黔东南州人民代表大会常务委员会机关党组",
    "中共大庆市委统一战线工作部",
    "中共绿水市城市管理局党组",
    "中共湘东区委",
    "中共红石县山王镇委员会",
    "中共上海市绿化和市容管理局(上海市林业局)党组",
    "中共白沙县科学技术局党组",
    "中共梧桐县科学技术局党组",
    "津市市公安局党委",
    "中共青山市白鹭生态环境局党组",
    "中共福州市人民政府驻北京联络处党组",
    "中共洪江区工委",
)


@pytest.fixture(scope="module")
def directory() -> UnitDirectory:
    return UnitDirectory(NAMES)


RESOLVE_CASES = [
    pytest.param("中共南京市大数据管理局党组", ["中共南京市大数据管理局党组"], id="full-name"),
    pytest.param("南京市大数据管理局", ["中共南京市大数据管理局党组"], id="no-party-prefix-suffix"),
    pytest.param("南京市大数据局", ["中共南京市大数据管理局党组"], id="standard-abbreviation"),
    pytest.param("南京大数据局", ["中共南京市大数据管理局党组"], id="city-suffix-dropped"),
    pytest.param("大数据局的整改", ["中共南京市大数据管理局党组"], id="place-dropped-unique"),
    pytest.param("林旺中学", ["中共三亚市海棠区林旺中学支部委员会"], id="city-and-district-dropped"),
    pytest.param("盐城市科协", ["盐城市科学技术协会党组"], id="place-plus-short-form"),
    pytest.param("盐城科协", ["盐城市科学技术协会党组"], id="place-stem-plus-short-form"),
    pytest.param("无锡市科协", ["中共无锡市科学技术协会党组"], id="not-the-airport-nor-yancheng"),
    pytest.param("机场集团党委", ["中共无锡苏南国际机场集团有限公司委员会"], id="company-tail"),
    pytest.param("涵江区委办", ["中共莆田市涵江区委办公室"], id="district-office"),
    pytest.param("台江司法局", ["中共福州市台江区司法局党组"], id="district-stem"),
    pytest.param("沈阳和平区发改局", ["中共沈阳市和平区发展和改革局党组"], id="he-inside-place"),
    pytest.param("青山县住建局", ["中共青山县住房和城乡建设局党组"], id="zhujianju"),
    pytest.param("青山检察院", ["中共青山县人民检察院党组"], id="jianchayuan"),
    pytest.param("绿水供销社", ["中共绿水市供销合作社联合社委员会"], id="gongxiaoshe"),
    pytest.param("山东省府办公厅", ["中共山东省人民政府办公厅党组"], id="shengfu-bangongting"),
    pytest.param("山东省政府办公厅", ["中共山东省人民政府办公厅党组"], id="zhengfu-bangongting"),
    pytest.param("绿水市环保局", ["中共绿水市生态环境局党组"], id="old-name-huanbaoju"),
    pytest.param("绿水市场监管局", ["中共绿水市市场监督管理局党组"], id="shichang-jianguan"),
    pytest.param("安徽侨联", ["中共安徽省归国华侨联合会党组"], id="qiaolian-province-dropped"),
    pytest.param("漳州市台联", ["中共漳州市台湾同胞联谊会党组"], id="tailian"),
    pytest.param("漳州国资委", ["中共漳州市国有资产监督管理委员会委员会"], id="guoziwei"),
    pytest.param("红石县执法局", ["中共红石县综合行政执法局党组"], id="zhifaju"),
    pytest.param("东莞公积金中心", ["中共东莞市住房公积金管理中心党组"], id="gongjijin"),
    pytest.param(
        "黔东南州人大常委会", ["中共黔东南州人民代表大会常务委员会机关党组"], id="renda-changweihui"
    ),
    pytest.param(
        "黔东南州人大机关党组", ["中共黔东南州人民代表大会常务委员会机关党组"], id="renda-colloquial"
    ),
    pytest.param("大庆市委统战部", ["中共大庆市委统一战线工作部"], id="tongzhanbu"),
    pytest.param("绿水城管局", ["中共绿水市城市管理局党组"], id="chengguan"),
    pytest.param("湘东区在党建方面", ["中共湘东区委"], id="district-committee-by-place"),
    pytest.param("山王镇党委", ["中共红石县山王镇委员会"], id="town-committee"),
    pytest.param("上海绿化市容局", ["中共上海市绿化和市容管理局(上海市林业局)党组"], id="he-dropped-form"),
    pytest.param("上海市林业局", ["中共上海市绿化和市容管理局(上海市林业局)党组"], id="parenthesized-name"),
    pytest.param("津市市公安局", ["津市市公安局党委"], id="one-char-stem-city"),
    pytest.param(
        "司法廳系統", ["西藏自治区司法厅党委", "中共西藏自治区司法厅委员会"], id="traditional-same-unit"
    ),
    pytest.param("梧桐縣科學技術局", ["中共梧桐县科学技术局党组"], id="traditional-full"),
    pytest.param("南京市 大数据 管理局", ["中共南京市大数据管理局党组"], id="spaces-inside"),
    pytest.param("无锡机场集团", ["中共无锡苏南国际机场集团有限公司委员会"], id="company-head-and-tail"),
    pytest.param(
        "自治区司法厅", ["西藏自治区司法厅党委", "中共西藏自治区司法厅委员会"], id="level-word-before"
    ),
    pytest.param("白鹭区生态环境局", ["中共青山市白鹭生态环境局党组"], id="district-written-with-level"),
    pytest.param("大庆统战部", ["中共大庆市委统一战线工作部"], id="city-committee-department-stem"),
    pytest.param("福州驻京办", ["中共福州市人民政府驻北京联络处党组"], id="colloquial-office"),
    pytest.param("洪江工委", ["中共洪江区工委"], id="working-committee-stem"),
]


@pytest.mark.parametrize(("text", "expected"), RESOLVE_CASES)
def test_resolve(directory: UnitDirectory, text: str, expected: list[str]) -> None:
    match = directory.resolve(text)
    assert list(match.units) == expected
    assert not match.ambiguous
    assert match.surface and match.surface in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "科技局", {"中共白沙县科学技术局党组", "中共梧桐县科学技术局党组"}, id="two-science-bureaus"
        ),
        pytest.param(
            "市场监管局的问题",
            {"中共绿水市市场监督管理局党组", "中共红石市市场监督管理局党组"},
            id="two-markets",
        ),
    ],
)
def test_ambiguous_returns_all(directory: UnitDirectory, text: str, expected: set[str]) -> None:
    match = directory.resolve(text)
    assert match.ambiguous
    assert set(match.units) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "盐城市科协和无锡市科协哪个问题多",
            ["盐城市科学技术协会党组", "中共无锡市科学技术协会党组"],
            id="two-units-in-order",
        ),
        pytest.param(
            "绿水和红石两地市场监管部门",
            ["中共绿水市市场监督管理局党组", "中共红石市市场监督管理局党组"],
            id="places-named-apart",
        ),
        pytest.param(
            "青山检察院与白沙县科技局",
            ["中共青山县人民检察院党组", "中共白沙县科学技术局党组"],
            id="two-loose-forms",
        ),
    ],
)
def test_several_units(directory: UnitDirectory, text: str, expected: list[str]) -> None:
    match = directory.resolve(text)
    assert list(match.units) == expected
    assert not match.ambiguous
    assert len(match.mentions) == 2


@pytest.mark.parametrize(
    ("text", "unknown", "suggested"),
    [
        pytest.param(
            "苏州市科协党组制定了多少条措施？",
            "苏州市科协",
            "盐城市科学技术协会党组",
            id="other-city-same-office",
        ),
        pytest.param(
            "苏州市科技局", "苏州市科技局", "中共白沙县科学技术局党组", id="place-blocks-loose-alias"
        ),
        pytest.param("南京市教育局", "南京市教育局", "", id="same-city-other-office"),
        pytest.param("苏州市生态环境局", "苏州市生态环境局", "", id="tail-of-blocked-form-blocked-too"),
    ],
)
def test_unknown_unit(directory: UnitDirectory, text: str, unknown: str, suggested: str) -> None:
    match = directory.resolve(text)
    assert match.units == ()
    assert match.unknown == (unknown,)
    if suggested:
        assert suggested in match.suggestions


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("有哪些单位是由区委第二巡察组开展巡察的？", id="no-unit"),
        pytest.param("哪个乡镇安排人员负责社区公共厕所的保洁？", id="shequ-not-a-place"),
    ],
)
def test_no_unit(directory: UnitDirectory, text: str) -> None:
    match = directory.resolve(text)
    assert match.units == () and match.unknown == () and match.suggestions == ()


def test_inspecting_committee_is_not_an_unknown_unit(directory: UnitDirectory) -> None:
    match = directory.resolve("湘东区怎么整改省委巡视反馈的问题")
    assert match.units == ("中共湘东区委",)
    assert match.unknown == ()


def test_typed_name_gets_suggestions(directory: UnitDirectory) -> None:
    match = directory.resolve("盐城科技协会")
    assert not match.matched
    assert match.suggestions[0] == "盐城市科学技术协会党组"


def test_mention_offsets_point_into_the_text(directory: UnitDirectory) -> None:
    text = "请问 南京市大数据管理局 的电话"
    mention = directory.resolve(text).mentions[0]
    assert text[mention.start : mention.end] == mention.surface == "南京市大数据管理局"
    assert mention.score == 1.0


def test_from_notices_dedupes_and_skips_empty() -> None:
    def notice(unit: str) -> Notice:
        return Notice(id=unit or "x", unit=unit, title="", source="s.txt", text="", search_text="")

    directory = UnitDirectory.from_notices(
        [notice("盐城市科学技术协会党组"), notice(""), notice("盐城市科学技术协会党组")]
    )
    assert directory.names == ("盐城市科学技术协会党组",)


@pytest.mark.parametrize(
    ("name", "core"),
    [
        pytest.param("中共西藏自治区司法厅委员会", "西藏自治区司法厅", id="committee-suffix"),
        pytest.param("中共漳州市国有资产监督管理委员会委员会", "漳州市国资委", id="abbreviate-before-strip"),
        pytest.param("中共无锡苏南国际机场集团有限公司委员会", "无锡苏南国际机场集团", id="company-form"),
        pytest.param("中国共产党红石县山王镇委员会", "红石县山王镇", id="long-party-prefix"),
    ],
)
def test_core_name(name: str, core: str) -> None:
    assert core_name(name) == core


@pytest.mark.parametrize(
    ("core", "places"),
    [
        pytest.param("南宁市西乡塘区自然资源局", ["南宁市", "西乡塘区"], id="xiang-inside-district"),
        pytest.param("成县自然资源局", ["成县"], id="one-char-county"),
        pytest.param("黔东南州人大常委会", ["黔东南州"], id="prefecture"),
        pytest.param("无锡苏南国际机场集团", [], id="no-place"),
    ],
)
def test_split_places(core: str, places: list[str]) -> None:
    assert split_places(core) == places


def test_canonical_maps_back_to_original() -> None:
    text = "盐城市 科学技术协会"
    canon = canonical(text)
    assert canon.text == "盐城市科协"
    a, b = canon.span(3, 5)
    assert text[a:b] == "科学技术协会"


def test_aliases_most_specific_first() -> None:
    texts = [a.text for a in aliases("中共福州市台江区司法局党组")]
    assert texts[0] == "福州市台江区司法局"
    assert "台江司法局" in texts
    assert "司法局" in texts and texts.index("司法局") > texts.index("台江司法局")


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("杭州住房公积金管理中心巡察整改进展怎么样了？", "杭州住房公积金管理中心"),
        ("苏州科协反馈了几个问题", "苏州科协"),
        ("厦门大数据局巡察整改情况", "厦门大数据局"),
    ],
)
def test_another_places_office_written_without_its_suffix_is_unknown(question: str, unknown: str) -> None:
    d = UnitDirectory(
        ["中共东莞市住房公积金管理中心党组", "中共无锡市科学技术协会党组", "中共南京市大数据管理局党组"]
    )
    got = d.resolve(question)
    assert got.units == () and got.unknown == (unknown,)


@pytest.mark.parametrize(
    "question",
    [
        "东莞公积金中心反馈了几个问题",
        "请问公积金中心反馈了几个问题",
        "那个公积金中心",
        "我们公积金中心整改了吗",
        "公积金中心的通报",
    ],
)
def test_the_indexs_own_office_without_its_place_still_resolves(question: str) -> None:
    d = UnitDirectory(["中共东莞市住房公积金管理中心党组", "中共无锡市科学技术协会党组"])
    assert d.resolve(question).units == ("中共东莞市住房公积金管理中心党组",)


@pytest.mark.parametrize(
    "question",
    ["关于公积金中心的整改，反馈了几个问题", "当时公积金中心反馈了几个问题", "目前公积金中心整改完了吗"],
)
def test_a_word_before_the_office_is_not_a_place(question: str) -> None:
    d = UnitDirectory(["中共东莞市住房公积金管理中心党组", "中共无锡市科学技术协会党组"])
    assert d.resolve(question).units == ("中共东莞市住房公积金管理中心党组",)


@pytest.mark.parametrize(
    "question", ["铜陵市监局新建了多少个快检室", "铜陵市场监管局", "铜陵市市场监督管理局的通报"]
)
def test_shi_jian_ju_is_the_market_regulator(question: str) -> None:
    d = UnitDirectory(["中共铜陵市市场监督管理局党组", "中共铜陵市财政局党组"])
    assert d.resolve(question).units == ("中共铜陵市市场监督管理局党组",)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("常州机场集团反馈了几个问题", "常州机场集团"),
        ("扬州机场集团整改得怎么样", "扬州机场集团"),
        ("苏州机场集团的巡察整改通报", "苏州机场集团"),
    ],
)
def test_another_place_before_an_alias_without_places_is_unknown(question: str, unknown: str) -> None:
    """A unit named without 市 in its name (无锡苏南国际机场集团): 机场集团 after another city is another unit."""
    d = UnitDirectory(["中共无锡苏南国际机场集团有限公司委员会", "中共南京市大数据管理局党组"])
    got = d.resolve(question)
    assert got.units == () and got.unknown == (unknown,)


@pytest.mark.parametrize(
    "question", ["无锡机场集团反馈了几个问题", "机场集团反馈了几个问题", "关于机场集团的整改"]
)
def test_an_alias_without_places_still_resolves(question: str) -> None:
    d = UnitDirectory(["中共无锡苏南国际机场集团有限公司委员会", "中共南京市大数据管理局党组"])
    assert d.resolve(question).units == ("中共无锡苏南国际机场集团有限公司委员会",)


@pytest.mark.parametrize(
    ("question", "scoped"),
    [
        ("通报里提到请检察院提前介入的是哪个单位？", False),
        ("哪个单位和财政局联合开展了专项检查？", False),
        ("邀请科协专家授课的是哪家单位？", False),
        ("东莞公积金中心是哪个巡察组巡察的？", True),
        ("公积金中心反馈了几个问题？", True),
    ],
)
def test_a_body_named_in_a_which_unit_question_is_content(question: str, scoped: bool) -> None:
    from assistant.reading.questions import analyze

    d = UnitDirectory(
        [
            "中共东莞市住房公积金管理中心党组",
            "中共福清市人民检察院党组",
            "中共铜陵市财政局党组",
            "中共无锡市科学技术协会党组",
        ]
    )
    assert bool(analyze(question, d).units.units) is scoped


@pytest.mark.parametrize(
    ("name", "alias"),
    [
        ("漳平市总医院党委", "漳平市医院"),
        ("中共青山县总工会党组", "青山县工会"),
        ("中共青山县总工会党组", "青山工会"),
        ("中共青山县自然资源局党组", "青山县资源局"),  # 自然资源局 said 资源局
        ("中共青山县自然资源局党组", "青山资源局"),
    ],
)
def test_users_shorten_a_body(name: str, alias: str) -> None:
    """总医院 is 医院, 总工会 is 工会 and 自然资源局 is 资源局 to users: the short body is an alias too."""
    assert alias in [a.text for a in aliases(name)]


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        (
            "四川青山县白石镇反馈了几个问题",
            "中共青山县白石镇委员会",
        ),  # a province before the unit's own places
        ("广西红河市市场监管局制定了多少条措施", "中共红河市市场监督管理局党组"),
        ("黑龙江红河市委统战部什么时候被巡察", "中共红河市委统战部"),
        ("红河市统战部什么时候被巡察", "中共红河市委统战部"),  # 市委统战部 said 市统战部
    ],
)
def test_a_parent_place_before_a_unit_with_its_own_places(text: str, unit: str) -> None:
    directory = UnitDirectory(
        [
            "中共青山县白石镇委员会",
            "中共红河市市场监督管理局党组",
            "中共绿水市市场监督管理局党组",
            "中共红河市委统战部",
        ]
    )
    assert directory.resolve(text).units == (unit,)


@pytest.mark.parametrize("text", ["苏州市市场监管局反馈了几个问题", "黄山市统战部什么时候被巡察"])
def test_another_place_before_a_placeless_alias_is_still_unknown(text: str) -> None:
    directory = UnitDirectory(
        ["中共红河市市场监督管理局党组", "中共绿水市市场监督管理局党组", "中共红河市委统战部"]
    )
    assert directory.resolve(text).units == ()


def test_the_forms_staff_use_for_the_corpus_units_resolve() -> None:
    """Forms of the 40 corpus units' names written from how staff and the notices refer to them
    (tests/data/unit_forms.json: short, colloquial, with a parent place, traditional) resolve to
    their unit alone, all but a few (福清检, 东莞公积金: truncations too loose to alias)."""
    import json
    from pathlib import Path

    forms = json.loads((Path(__file__).parent / "data" / "unit_forms.json").read_text(encoding="utf-8"))
    directory = UnitDirectory(list(forms))
    wrong = [
        (f, u)
        for u, fs in forms.items()
        for f in fs
        if directory.resolve(f + "反馈了几个问题？").units != (u,)
    ]
    assert len(forms) == 40 and len(wrong) <= sum(map(len, forms.values())) // 50, wrong
