from __future__ import annotations

import pytest

from assistant.reading.questions import analyze, normalize_body
from assistant.reading.units import UnitDirectory

NAMES = (
    "中共青山县科学技术协会党组",
    "中共白沙县科学技术协会党组",
    "中共红石市大数据管理局党组",
    "中共绿水市住房和城乡建设局党组",
    "中共红石市梧桐区委",
)


@pytest.fixture(scope="module")
def directory() -> UnitDirectory:
    return UnitDirectory(NAMES)


KIND_CASES = [
    # count: a number the facts table states, about a named unit
    pytest.param("青山县科协反馈了几个问题？", "count", ("problems",), id="count-problems"),
    pytest.param("青山县科协巡察反馈的问题一共有多少个", "count", ("problems",), id="count-problems-subject-first"),
    pytest.param("红石大数据局反馈了几个方面多少个问题", "count", ("problems",), id="count-aspects"),
    pytest.param("绿水市住建局制定了多少条整改措施？", "count", ("measures",), id="count-measures"),
    pytest.param("绿水住建局整改措施有几项", "count", ("measures",), id="count-measures-subject-first"),
    pytest.param("青山县科协已完成整改的有几个，正在推进的有几个？", "count", ("status",), id="count-status"),
    pytest.param("白沙县科协还有多少个问题尚未完成整改", "count", ("status",), id="count-status-open"),
    pytest.param("白沙县科协反馈了几个问题，已经完成了几个", "count", ("problems", "status"), id="count-problems-and-status"),
    pytest.param("青山县科协一共反馈了几个方面的问题", "count", ("problems",), id="count-aspects-of-problems"),
    pytest.param("青山县科协作风方面的问题有几个", "lookup", (), id="one-aspect-is-retrieval"),
    pytest.param("青山县科协的问题比白沙县科协多吗", "compare", ("problems",), id="compare-bi"),
    pytest.param("有几个单位被区委第二巡察组巡察", "list", ("inspection_body",), id="list-how-many-units"),
    # compare: a facts-table number over two units
    pytest.param("青山县科协和白沙县科协哪个反馈的问题更多？", "compare", ("problems",), id="compare-more"),
    pytest.param("青山县科协和白沙县科协各制定了多少条整改措施", "compare", ("measures",), id="compare-each"),
    # list: the units a facts attribute selects
    pytest.param("有哪些单位是由区委第二巡察组开展巡察的？", "list", ("inspection_body",), id="list-by-body"),
    pytest.param("市委第3巡察组巡察了哪些单位", "list", ("inspection_body",), id="list-by-body-digit"),
    pytest.param("2021年被巡察的单位有哪些？", "list", ("inspection_period",), id="list-by-year"),
    pytest.param("哪些单位发布了巡视整改通报", "list", ("level",), id="list-by-level"),
    # lookups the facts table may answer
    pytest.param("青山县科协什么时候被巡察的？哪个巡察组？什么时候反馈？", "lookup",
                 ("inspection_period", "inspection_body", "feedback_date"), id="lookup-dates-and-body"),
    pytest.param("青山县科协是第几巡察组巡的？进驻是哪天？", "lookup",
                 ("inspection_body", "inspection_period"), id="lookup-body-and-entry-day"),
    pytest.param("巡察组进驻是什么时候", "lookup", ("inspection_period",), id="lookup-entry-is-when"),
    pytest.param("白沙县科协巡察组进场在几月几号", "lookup", ("inspection_period",), id="lookup-entry-on-which-day"),
    # a dated event of the rectification compared (民主生活会, 推进会) is not an inspection stage
    pytest.param("青山县科协和白沙县科协的民主生活会是不是同一天？", "lookup", (), id="same-day-of-a-meeting"),
    pytest.param("青山县科协和白沙县科协 班子生活会 日期 哪个早", "lookup", (), id="earlier-meeting-terse"),
    pytest.param("青山县科协和白沙县科协谁先开的整改推进会", "lookup", (), id="first-to-hold-a-meeting"),
    pytest.param("青山县科协和白沙县科协的反馈会哪个早", "compare", ("feedback_date",), id="feedback-meeting-is-feedback"),
    pytest.param("红石大数据局接受监督的电话和地址是什么", "lookup", ("contact",), id="lookup-contact"),
    pytest.param("红石大数据局的通报是什么时候发布的", "lookup", ("signed",), id="lookup-signed"),
    # lookups for retrieval: a count of something else, a sub-topic, a content question
    pytest.param("青山县科协发布了多少家调查站点", "lookup", (), id="count-of-other-thing"),
    pytest.param("青山县科协“作风不实”问题有几个整改措施", "lookup", (), id="quoted-sub-problem"),
    pytest.param("青山县科协和白沙县科协各移交了几件问题线索？", "compare", ("clues",), id="compare-outcome-count"),
    pytest.param("梧桐区委有多少个立行立改问题", "lookup", ("immediate_fixes",), id="subset-of-problems"),
    pytest.param("青山县科协安全检查发现了多少个隐患", "lookup", (), id="hazards-not-problems"),
    pytest.param("哪个单位请了专家来做辅导讲座？", "lookup", (), id="which-unit-content"),
    pytest.param("哪些单位被区委第二巡察组巡察时发现了违规发放津贴", "lookup", (), id="list-with-content"),
    pytest.param("红石大数据局的整改是怎么做的", "lookup", (), id="how"),
    pytest.param("红石大数据局整改后新办公楼的地址在哪里", "lookup", (), id="address-of-something-else"),
    pytest.param("青山县科协主动认领了几项整改任务", "lookup", (), id="tasks-not-measures"),
]  # fmt: skip


@pytest.mark.parametrize(("question", "kind", "targets"), KIND_CASES)
def test_kind_and_targets(
    directory: UnitDirectory, question: str, kind: str, targets: tuple[str, ...]
) -> None:
    info = analyze(question, directory)
    assert info.kind == kind
    assert info.targets == targets


@pytest.mark.parametrize(
    ("question", "statuses"),
    [
        pytest.param("已整改完成和正在整改的各有几个", ("已完成", "正在推进"), id="done-and-ongoing"),
        pytest.param("尚未完成的有几个", ("未完成",), id="not-done-beats-done"),
        pytest.param("基本完成的有多少个", ("基本完成",), id="basically-done"),
    ],
)
def test_status_keys(directory: UnitDirectory, question: str, statuses: tuple[str, ...]) -> None:
    info = analyze("青山县科协" + question, directory)
    assert info.statuses == statuses


@pytest.mark.parametrize(
    ("question", "contacts"),
    [
        pytest.param("监督电话和通信地址", ("phone", "address"), id="phone-address"),
        pytest.param("反映问题的电子邮箱", ("email",), id="email"),
        pytest.param("联系方式", ("phone", "email", "address", "mailbox"), id="all"),
    ],
)
def test_contact_keys(directory: UnitDirectory, question: str, contacts: tuple[str, ...]) -> None:
    info = analyze("红石大数据局的" + question, directory)
    assert info.contacts == contacts


@pytest.mark.parametrize(
    ("question", "year", "notice_year"),
    [
        pytest.param("红石大数据局2022年的巡察整改进展通报讲了什么", 2022, True, id="notice-year"),
        pytest.param("2020年红石大数据局查处了多少案件", 2020, False, id="event-year"),
        pytest.param("红石大数据局今年新发展了多少名党员", None, False, id="jinnian-is-not-a-year"),
        pytest.param("红石大数据局投入12030万元", None, False, id="not-a-year-inside-number"),
        pytest.param("２０２１年被巡察的单位", 2021, True, id="full-width-digits"),
    ],
)
def test_year(directory: UnitDirectory, question: str, year: int | None, notice_year: bool) -> None:
    info = analyze(question, directory)
    assert (info.year, info.notice_year) == (year, notice_year)


@pytest.mark.parametrize(
    ("question", "level"),
    [
        pytest.param("哪些单位发布了巡视整改通报", "巡视", id="xunshi-without-unit"),
        pytest.param("有哪些巡察整改通报提到了乡村振兴", None, id="xuncha-never-filters"),
        pytest.param("青山县科协怎么整改省委巡视反馈的问题", None, id="unit-named"),
        pytest.param("巡视巡察整改中选人用人问题", None, id="both-words"),
        pytest.param("不是巡察而是巡视的通报有哪些", "巡视", id="contrast"),
        pytest.param("除了巡视以外的通报", "巡察", id="contrast-other-way"),
    ],
)
def test_level(directory: UnitDirectory, question: str, level: str | None) -> None:
    assert analyze(question, directory).level == level


@pytest.mark.parametrize(
    ("text", "body"),
    [
        pytest.param("哪些单位被市委第3巡察组巡察", "市委第三巡察组", id="digit-and-noise"),
        pytest.param("区委巡察二组", "区委第二巡察组", id="group-number-after"),
        pytest.param("梧桐区委第十二巡察组", "梧桐区委第十二巡察组", id="place-prefix"),
        pytest.param("省委第一巡視組", "省委第一巡视组", id="traditional"),
        pytest.param("第五巡察组", "第五巡察组", id="bare"),
        pytest.param("市委巡察组", None, id="no-number"),
    ],
)
def test_normalize_body(text: str, body: str | None) -> None:
    assert normalize_body(text) == body


def test_compare_keeps_units_in_order(directory: UnitDirectory) -> None:
    info = analyze("白沙县科协和青山县科协谁的问题多", directory)
    assert info.kind == "compare"
    assert info.unit_names == ("中共白沙县科学技术协会党组", "中共青山县科学技术协会党组")


def test_unknown_unit_count_stays_count(directory: UnitDirectory) -> None:
    info = analyze("紫金市科协制定了多少条整改措施？", directory)
    assert info.kind == "count"
    assert info.units.unknown == ("紫金市科协",)
    assert not info.units.matched
