from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answering.facts_table import FactsAnswer, answer_from_facts, body_matches, sentence_around
from assistant.reading.questions import analyze
from assistant.reading.units import UnitDirectory
from core.phrases import CANNOT_ANSWER, CITATION_RE
from core.types import Fact, Notice, NoticeFacts


def fact(text: str, quote: str, value: str | None = None, number: int | None = None, **detail: int) -> Fact:
    start = text.index(quote)
    return Fact(value or quote, quote, start, start + len(quote), number=number, detail=dict(detail))


QINGSHAN = (
    "中共青山县科学技术协会党组关于巡察整改情况的通报\n"
    "2021年3月1日至4月30日，县委第二巡察组对县科协党组进行了巡察。"
    "2021年5月20日，县委第二巡察组反馈了巡察意见，指出4个方面12个问题。"
    "县科协党组制定整改措施36条。截至目前，9个问题已整改完成，3个问题正在推进。"
    "监督电话：0000-1234567；电子邮箱：qskx@example.org。\n"
    "中共青山县科学技术协会党组\n2021年8月9日"
)
BAISHA = (
    "中共白沙县科学技术协会党组关于巡察整改进展情况的通报\n"
    "2021年6月1日至7月15日，区委第二巡察组对白沙县科协党组开展了巡察。反馈问题8个。"
    "共梳理问题10个，制定措施20项。"
)
HONGSHI = (
    "中共红石市大数据管理局党组关于巡视整改进展情况的通报\n"
    "根据省委统一部署，省委第三巡视组对局党组开展了巡视。局党组高度重视，逐项抓好整改。"
)


def q_facts() -> NoticeFacts:
    t = QINGSHAN
    return NoticeFacts(
        level=fact(t, "巡察", "巡察"),
        inspection_body=fact(t, "县委第二巡察组对"[:-1], "县委第二巡察组"),
        inspection_period=fact(t, "2021年3月1日至4月30日"),
        feedback_date=fact(t, "2021年5月20日"),
        problems=fact(t, "4个方面12个问题", "12个", 12, aspects=4),
        measures=fact(t, "整改措施36条", "36条", 36),
        status={
            "已完成": fact(t, "9个问题已整改完成", "9个", 9),
            "正在推进": fact(t, "3个问题正在推进", "3个", 3),
        },
        contact={"phone": fact(t, "0000-1234567"), "email": fact(t, "qskx@example.org")},
    )


def b_facts() -> NoticeFacts:
    t = BAISHA
    first = fact(t, "反馈问题8个", "8个", 8)
    return NoticeFacts(
        level=fact(t, "巡察", "巡察"),
        inspection_body=fact(t, "区委第二巡察组"),
        inspection_period=fact(t, "2021年6月1日至7月15日"),
        problems=replace(first, also=(fact(t, "问题10个", "10个", 10),)),
        measures=fact(t, "措施20项", "20项", 20),
    )


def h_facts() -> NoticeFacts:
    t = HONGSHI
    return NoticeFacts(level=fact(t, "巡视", "巡视"), inspection_body=fact(t, "省委第三巡视组"))


def notice(unit: str, text: str, facts: NoticeFacts) -> Notice:
    return Notice(
        id=unit[-6:], unit=unit, title=text.split("\n", maxsplit=1)[0], source="fictional.txt",
        text=text, search_text=text, facts=facts,
    )  # fmt: skip


NOTICES = (
    notice("中共青山县科学技术协会党组", QINGSHAN, q_facts()),
    notice("中共白沙县科学技术协会党组", BAISHA, b_facts()),
    notice("中共红石市大数据管理局党组", HONGSHI, h_facts()),
)


@pytest.fixture(scope="module")
def directory() -> UnitDirectory:
    return UnitDirectory.from_notices(NOTICES)


def ask(directory: UnitDirectory, question: str) -> FactsAnswer | None:
    return answer_from_facts(analyze(question, directory), NOTICES)


ANSWER_CASES = [
    pytest.param("青山县科协反馈了几个问题？", ["4个方面12个问题[1]"], id="problems-with-aspects"),
    pytest.param("青山县科协制定了多少条整改措施", ["36条[1]"], id="measures"),
    pytest.param("青山县科协已完成和正在推进的各有几个", ["已完成9个[1]", "正在推进3个[1]"], id="status-same-sentence-one-number"),
    pytest.param("白沙县科协制定了几项整改措施", ["20项[1]"], id="measure-unit-word-kept"),
    pytest.param("白沙县科协反馈了多少个问题", ["8个问题[1]", "另一处写作10个问题[2]"], id="contradiction-both"),
    pytest.param(
        "青山县科协什么时候被巡察的？哪个巡察组？什么时候反馈？",
        ["2021年3月1日至4月30日[1]", "县委第二巡察组[1]", "2021年5月20日[2]"],
        id="dates-and-body",
    ),
    pytest.param("青山县科协的监督电话和邮箱", ["0000-1234567[1]", "qskx@example.org[1]"], id="contact"),
    pytest.param(
        "青山县科协和白沙县科协哪个反馈的问题更多？",
        ["青山县科学技术协会党组：反馈4个方面12个问题[1]", "白沙县科学技术协会党组：反馈8个问题[2]", "中共青山县科学技术协会党组更多"],
        id="compare",
    ),
    pytest.param(
        "青山县科协和红石大数据局各制定了多少条整改措施",
        ["36条[1]", "中共红石市大数据管理局党组的通报未写明整改措施数量", "无法比较"],
        id="compare-one-unknown",
    ),
    pytest.param(
        "有哪些单位是由区委第二巡察组开展巡察的？", ["中共白沙县科学技术协会党组[1]"], id="list-by-body"
    ),
    pytest.param("哪些单位发布了巡视整改通报", ["中共红石市大数据管理局党组[1]"], id="list-by-level"),
    pytest.param("2021年被区委第二巡察组巡察的单位有哪些", ["共1个", "白沙县科学技术协会党组[1]"], id="list-body-and-year"),
    pytest.param(
        "2021年被巡察的单位有哪些",
        ["共2个", "中共青山县科学技术协会党组[1]", "中共白沙县科学技术协会党组[2]"],
        id="list-by-year",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("question", "parts"), ANSWER_CASES)
def test_answers(directory: UnitDirectory, question: str, parts: list[str]) -> None:
    answer = ask(directory, question)
    assert answer is not None and not answer.refused
    for part in parts:
        assert part in answer.text + answer.computed
    numbers = [int(n) for n in CITATION_RE.findall(answer.text)]
    assert sorted(set(numbers)) == [c.n for c in answer.cited] == list(range(1, len(answer.cited) + 1))


@pytest.mark.parametrize(
    "question",
    [
        pytest.param("红石大数据局的监督电话", id="contact-not-stated"),
        pytest.param("青山县科协发布了多少家调查站点", id="not-a-facts-question"),
        pytest.param("青山县科协2022年的整改通报制定了多少条措施", id="notice-year-mismatch-filters-out"),
        # the status counts are of problems: asked of measures, they do not answer
        pytest.param("青山县科协的36条整改措施已经完成了多少条？", id="measures-done-not-problems-done"),
        pytest.param("青山县科协整改措施完成了几条", id="measures-done-short"),
        pytest.param("青山县科协的整改任务完成了多少项？", id="tasks-done-not-problems-done"),
    ],
)
def test_none_when_facts_cannot_answer(directory: UnitDirectory, question: str) -> None:
    assert ask(directory, question) is None


@pytest.mark.parametrize("question", ["红石大数据局反馈了几个问题", "红石大数据局一共被反馈了多少个问题？"])
def test_a_total_not_stated_is_refused_with_what_is_missing(directory: UnitDirectory, question: str) -> None:
    """The notice's own total, no matter named: a passage counting something else does not answer it."""
    answer = ask(directory, question)
    assert answer is not None and answer.refused
    assert answer.warnings == ("通报未载明中共红石市大数据管理局党组的问题总数。",)


def test_a_field_not_stated_is_asked_of_the_passages(directory: UnitDirectory) -> None:
    answer = ask(directory, "青山县科协的通信地址和电话")
    assert answer is not None and not answer.refused and "电话" in answer.text
    assert answer.open_parts  # the address goes to retrieval, the phone is answered from the table


@pytest.mark.parametrize(
    ("question", "criteria"),
    [
        pytest.param("哪些单位被市委第五巡察组巡察", "由市委第五巡察组巡察", id="list-nobody"),
        pytest.param(
            "2020年被区委第二巡察组巡察的单位有哪些",
            "2020年被巡察、由区委第二巡察组巡察",
            id="list-criteria-are-joined",
        ),
    ],
)
def test_a_list_nobody_is_on_is_refused_with_its_criteria(
    directory: UnitDirectory, question: str, criteria: str
) -> None:
    answer = ask(directory, question)
    assert answer is not None and answer.refused and criteria in answer.warnings[0]


def test_unknown_unit_is_refused(directory: UnitDirectory) -> None:
    answer = ask(directory, "紫金市科协制定了多少条整改措施？")
    assert answer is not None and answer.refused
    assert answer.text == CANNOT_ANSWER
    assert "紫金市科协" in answer.warnings[0]
    assert "中共青山县科学技术协会党组" in answer.warnings[0]


def test_citation_records_quote_the_sentence(directory: UnitDirectory) -> None:
    answer = ask(directory, "青山县科协制定了多少条整改措施")
    assert answer is not None
    (citation,) = answer.citations
    assert citation.n == 1
    assert citation.text == "县科协党组制定整改措施36条。"
    assert citation.quote == "整改措施36条"
    assert citation.unit == "中共青山县科学技术协会党组"
    assert citation.text in NOTICES[0].text


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        pytest.param("甲。乙丙5个丁。戊", "丙5个", "乙丙5个丁。", id="inside"),
        pytest.param("第一行\n共3条措施", "3条", "共3条措施", id="line-break-and-end"),
        pytest.param("甲。乙丙5个丁。", "不存在", "不存在", id="quote-not-found"),
    ],
)
def test_sentence_around(text: str, quote: str, expected: str) -> None:
    start = text.find(quote)
    assert sentence_around(text, Fact(quote, quote, max(start, 0), max(start, 0) + len(quote))) == expected


def test_sentence_around_repairs_stale_offsets() -> None:
    text = "前言。共有问题7个。"
    assert sentence_around(text, Fact("7个", "问题7个", 0, 4)) == "共有问题7个。"


@pytest.mark.parametrize(
    ("value", "wanted", "expected"),
    [
        pytest.param("十三届区委第二巡察组", "区委第二巡察组", True, id="round-prefix"),
        pytest.param("梧桐区委第二巡察组", "区委第二巡察组", True, id="place-prefix"),
        pytest.param("市委第二巡察组", "区委第二巡察组", False, id="other-level"),
        pytest.param("区委第三巡察组", "区委第二巡察组", False, id="other-number"),
        pytest.param("区委第二巡视组", "区委第二巡察组", False, id="other-kind"),
        pytest.param("县委第二巡察组", "第2巡察组", True, id="bare-wanted"),
    ],
)
def test_body_matches(value: str, wanted: str, expected: bool) -> None:
    assert body_matches(value, wanted) is expected


def test_status_read_from_its_own_words() -> None:
    text = "紫金县档案馆党组：截至目前，共计5个问题已整改完成并长期坚持，2个问题尚未完成。"
    facts = NoticeFacts(
        status={
            "长期坚持": fact(text, "5个问题已整改完成并长期坚持", "5个", 5),
            "未完成": fact(text, "2个问题尚未完成", "2个", 2),
        }
    )
    notices = [notice("中共紫金县档案馆党组", text, facts)]
    directory = UnitDirectory.from_notices(notices)
    answer = answer_from_facts(analyze("紫金县档案馆已完成整改的有几个？", directory), notices)
    assert answer is not None and "已完成5个[1]" in answer.text
    assert answer_from_facts(analyze("紫金县档案馆正在推进的有几个？", directory), notices) is None
