"""Facts and problem lists read from notices: values, provenance, contradictions, unknowns.

Snippets are fictional; ``tests/data/sample_expected.json`` holds hand-checked facts of the
fictional notices in ``data/sample``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from core.config import PROJECT_ROOT, SAMPLE_CORPUS
from core.types import Fact, NoticeFacts
from index.cleaning import clean
from index.facts import extract_facts, extract_problems
from index.splitting import parse_notices

OPENING = "根据市委统一部署，2023年3月6日至5月10日，市委第三巡察组对市水务局党组进行了巡察。2023年6月15日，市委第三巡察组向市水务局党组反馈了巡察意见。"


def facts(text: str) -> NoticeFacts:
    return extract_facts(text, "", "中共澄川市水务局党组")


def one(text: str, key: str) -> Fact | None:
    value = getattr(facts(text), key)
    assert value is None or isinstance(value, Fact)
    return value


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        pytest.param(OPENING, "inspection_body", "市委第三巡察组", id="body-ordinal"),
        pytest.param(
            "2020年8月11日至9月18日，市委巡察一组、二组、三组对市医院党委开展了巡察。",
            "inspection_body",
            "市委巡察一组、二组、三组",
            id="body-several-groups",
        ),
        pytest.param(
            "2020年8月3日至9月3日，雁汀区委巡察一组对区司法局党组开展了巡察。",
            "inspection_body",
            "雁汀区委巡察一组",
            id="body-with-place",
        ),
        pytest.param(
            "2021年1月4日至2月3日，市委第二联动巡察组对供销社党委进行了巡察。",
            "inspection_body",
            "市委第二联动巡察组",
            id="body-qualified",
        ),
        pytest.param(
            "市委巡察组对县文化馆党组进行了巡察。", "inspection_body", "市委巡察组", id="body-generic"
        ),
        pytest.param(
            "巡察组对县文化馆党组进行了巡察。", "inspection_body", None, id="body-unnamed-is-unknown"
        ),
        pytest.param(
            "根據縣委統一部署，縣委第二巡察組對縣教育局黨組進行了巡察。",
            "inspection_body",
            "县委第二巡察组",
            id="body-traditional",
        ),
        pytest.param("省委第三巡视组对市发改委党组进行了巡视。", "level", "巡视", id="level-by-group"),
        pytest.param(OPENING, "level", "巡察", id="level-by-group-xuncha"),
        pytest.param("根据十二届市委第五轮巡察工作部署，" + OPENING, "round", "十二届市委第五轮", id="round"),
        pytest.param(OPENING, "round", None, id="round-unknown"),
        pytest.param(OPENING, "inspection_period", "2023年3月6日至5月10日", id="period"),
        pytest.param(
            "根据市委统一部署，2022 年 7 月 18 日至 8 月 18 日，市委第二巡察组对区科协党组进行了巡察。",
            "inspection_period",
            "2022年7月18日至8月18日",
            id="period-odd-spacing",
        ),
        pytest.param(OPENING, "feedback_date", "2023年6月15日", id="feedback"),
        pytest.param(
            "2020年11月12日至2021年1月12日，市委第五巡察组对集团党委进行了巡察。3月3日，市委第五巡察组向集团党委反馈了巡察意见。",
            "feedback_date",
            "2021年3月3日",
            id="feedback-year-from-period",
        ),
        pytest.param(
            "2022年7月18日至8月18日，区委第二巡察组对区科协党组进行了巡察。9 月 29 日，巡察组就巡察情况向科协进行了反馈。",
            "feedback_date",
            "2022年9月29日",
            id="feedback-odd-spacing",
        ),
        pytest.param("市水务局党组高度重视整改工作。", "feedback_date", None, id="feedback-unknown"),
    ],
)
def test_opening_facts(text: str, key: str, value: str | None) -> None:
    fact = one(text, key)
    assert (fact.value if fact else None) == value
    if fact is not None:
        assert text[fact.start : fact.end] == fact.quote


@pytest.mark.parametrize(
    ("text", "key", "start", "end"),
    [
        pytest.param(OPENING, "inspection_period", "2023-03-06", "2023-05-10", id="same-year"),
        pytest.param(
            "2020年12月7日至1月8日，市委交叉巡察组对市检察院党组开展了巡察。",
            "inspection_period",
            "2020-12-07",
            "2021-01-08",
            id="across-new-year",
        ),
    ],
)
def test_period_iso(text: str, key: str, start: str, end: str) -> None:
    fact = one(text, key)
    assert fact is not None and (fact.detail["start"], fact.detail["end"]) == (start, end)


@pytest.mark.parametrize(
    ("sentence", "key", "number", "detail"),
    [
        pytest.param(
            "对照巡察反馈的3方面9个问题，细化分解。", "problems", 9, {"aspects": 3}, id="aspects-problems"
        ),
        pytest.param(
            "对市委第二巡察组反馈的6个方面17个问题逐条研究。",
            "problems",
            17,
            {"aspects": 6},
            id="aspects-fangmian",
        ),
        pytest.param(
            "针对巡察反馈意见中指出4项11个问题。", "problems", 11, {"aspects": 4}, id="items-as-aspects"
        ),
        pytest.param(
            "巡察组指出了四个方面16项共37个问题。",
            "problems",
            37,
            {"aspects": 4, "items": 16},
            id="aspects-items-total",
        ),
        pytest.param("巡察组反馈问题23个，均已建立台账。", "problems", 23, {}, id="fed-back-n"),
        pytest.param(
            "巡察反馈意见中指出七项15个问题。", "problems", 15, {"aspects": 7}, id="chinese-numerals"
        ),
        pytest.param("主题教育查找的378个问题已建立台账。", "problems", None, {}, id="other-source-ignored"),
        pytest.param("制定了整改措施125条，明确了时限。", "measures", 125, {}, id="measures-after"),
        pytest.param("细化分解，制定了47项具体整改措施。", "measures", 47, {}, id="measures-before"),
        pytest.param("研究制定了4个方面28条整改措施。", "measures", 28, {}, id="measures-with-aspects"),
        pytest.param(
            "印发《提高会议效率的十条措施》。", "measures", None, {}, id="measures-in-document-title-ignored"
        ),
    ],
)
def test_counts(sentence: str, key: str, number: int | None, detail: dict[str, int]) -> None:
    fact = one(sentence, key)
    assert (fact.number if fact else None) == number
    if fact is not None:
        assert dict(fact.detail) == detail
        assert fact.value == str(number)
        assert sentence[fact.start : fact.end] == fact.quote


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("截至目前，共计5个问题已整改完成并长期坚持。", {"已完成": 5}, id="done-and-kept"),
        pytest.param("截至目前，共计4个问题正在整改过程中。", {"正在推进": 4}, id="in-progress"),
        pytest.param(
            "截至目前，7个问题已完成整改，2个问题正在推进。", {"已完成": 7, "正在推进": 2}, id="two-counts"
        ),
        pytest.param(
            "截至目前，6个問題已完成整改，1個問題需長期堅持。",
            {"已完成": 6, "长期坚持": 1},
            id="traditional-long-term",
        ),
        pytest.param(
            "截至目前，巡察反馈的43个具体问题，已完成整改39个，还有4个问题正在整改。",
            {"已完成": 39, "正在推进": 4},
            id="total-then-done",
        ),
        pytest.param(
            "反馈的37个问题中，33个问题整改完成，4个问题整改基本完成。",
            {"已完成": 33, "基本完成": 4},
            id="basically-done",
        ),
        pytest.param("巡察反馈的28个具体问题，已全部完成整改。", {"已完成": 28}, id="all-done"),
        pytest.param(
            "截至目前，完成整改31个，基本完成整改7个，未完成整改4个。",
            {"已完成": 31, "基本完成": 7, "未完成": 4},
            id="three",
        ),
        pytest.param("主题教育查找的378个问题，已完成整改242个。", {}, id="other-source-ignored"),
        pytest.param("实行整改一个销号一个。", {}, id="not-a-count"),
    ],
)
def test_status_counts(sentence: str, expected: dict[str, int]) -> None:
    status = facts(sentence).status
    assert {k: v.number for k, v in status.items()} == expected
    for fact in status.values():
        assert sentence[fact.start : fact.end] == fact.quote


def test_done_and_kept_is_noted() -> None:
    fact = facts("截至目前，共计5个问题已整改完成并长期坚持。").status["已完成"]
    assert fact.detail == {"note": "并长期坚持"}


def test_contradictions_are_kept_in_also() -> None:
    text = (
        OPENING
        + "\n对市委第三巡察组反馈的3个方面9个问题逐条研究，制定整改措施36条。截至目前，7个问题已完成整改。\n"
        "二、整改落实情况\n针对巡察反馈的10个问题，共制定整改措施38条。截至目前，8个问题已完成整改。\n"
        "重申：巡察反馈的3个方面9个问题已全部纳入台账。"
    )
    f = facts(text)
    assert f.problems is not None and f.measures is not None
    assert (f.problems.number, [a.number for a in f.problems.also]) == (9, [10])
    assert (f.measures.number, [a.number for a in f.measures.also]) == (36, [38])
    done = f.status["已完成"]
    assert (done.number, [a.number for a in done.also]) == (7, [8])
    for fact in (f.problems, *f.problems.also, f.measures, *f.measures.also, done, *done.also):
        assert text[fact.start : fact.end] == fact.quote


@pytest.mark.parametrize(
    ("closing", "expected"),
    [
        pytest.param(
            "联系电话：0510—81827290；邮政信箱：澄川市新华路1号市水务局办公室；电子邮箱：2369535307@qq.com。",
            {
                "phone": "0510-81827290",
                "mailbox": "澄川市新华路1号市水务局办公室",
                "email": "2369535307@qq.com",
            },
            id="dash-variant-mailbox",
        ),
        pytest.param(
            "联系方式：电话0515-86662424、88192424；电子信箱：demoxcb@126.com。",
            {"phone": "0515-86662424、88192424", "email": "demoxcb@126.com"},
            id="two-numbers",
        ),
        pytest.param(
            "联系电话：0000-4666176；通信地址：澄川市人民政府办公楼4319房间，邮政编码：100000；电子邮箱：tzbdemo4666176163.com。",
            {
                "phone": "0000-4666176",
                "address": "澄川市人民政府办公楼4319房间",
                "postcode": "100000",
                "email": "tzbdemo4666176163.com",
            },
            id="email-lost-its-at-kept-as-written",
        ),
        pytest.param(
            "聯繫電話：0877-5550276；通信地址：青岑縣文昌路15號；電子郵箱：demo@example.org。",
            {"phone": "0877-5550276", "address": "青岑县文昌路15号", "email": "demo@example.org"},
            id="traditional",
        ),
    ],
)
def test_contact(closing: str, expected: dict[str, str]) -> None:
    text = (
        "市水务局办公室电话：0000-1111111。\n欢迎广大干部群众对巡察整改落实情况进行监督。"
        + closing
        + "\n中共澄川市水务局党组\n2023年9月20日"
    )
    contact = facts(text).contact
    assert {k: v.value for k, v in contact.items()} == expected
    for fact in contact.values():
        assert text[fact.start : fact.end].replace(" ", "") == fact.quote.replace(" ", "")


def test_no_supervision_block_means_no_contact() -> None:
    assert facts(OPENING + "\n联系电话：0000-1111111。").contact == {}


@pytest.mark.parametrize(
    ("text", "value", "source"),
    [
        pytest.param(
            OPENING + "\n中共澄川市水务局党组\n2023年9月20日", "2023年9月20日", None, id="signature"
        ),
        pytest.param(
            OPENING + "\n中共澄川市水务局党组\n2023 年 9 月 20 日",
            "2023年9月20日",
            None,
            id="signature-spaced",
        ),
        pytest.param(
            "某局党组关于巡察整改情况的通报\n2021年07月05日\n" + OPENING,
            "2021年7月5日",
            "dateline",
            id="dateline",
        ),
        pytest.param(OPENING, None, None, id="unknown"),
    ],
)
def test_signed(text: str, value: str | None, source: str | None) -> None:
    fact = one(text, "signed")
    assert (fact.value if fact else None) == value
    if fact is not None:
        assert fact.detail.get("source") == source


PROBLEM_CASES = [
    pytest.param(
        "二、整改落实情况\n（一）关于制度建设方面\n1.学习制度落实不到位的问题。\n整改措施：一是修订制度。二是建立台账。三是开展督查。目前，该问题已完成整改。\n"
        "2.财务报销审核不严的问题。\n整改措施：一是开展自查。二是完善流程。目前，该问题正在推进整改。\n三、下一步工作打算\n1.持续抓好正在推进的问题。",
        [
            ("学习制度落实不到位的问题。", "已完成", 3, ("整改落实情况", "关于制度建设方面")),
            ("财务报销审核不严的问题。", "正在推进", 2, ("整改落实情况", "关于制度建设方面")),
        ],
        id="num-problems-under-aspect-plans-left-out",
    ),
    pytest.param(
        "一、整改工作组织情况\n（一）加强组织领导，树立问题导向。\n（二）压实整改责任。\n二、整改落实情况\n（一）已整改完成的问题\n"
        "1、关于“学习不深入”问题的整改。\n整改措施及成效：一是深化学习。二是巩固成果。\n（二）正在推进整改的问题\n"
        "1、关于“改革推进慢”问题的整改。\n整改措施及阶段性成效：一是梳理任务。",
        [
            ("关于“学习不深入”问题的整改。", "已完成", 2, ("整改落实情况", "已整改完成的问题")),
            ("关于“改革推进慢”问题的整改。", "正在推进", 1, ("整改落实情况", "正在推进整改的问题")),
        ],
        id="status-from-group-heading-organisation-left-out",
    ),
    pytest.param(
        "二、巡察反馈意见整改落实情况\n（一）党组在政治建设方面不够有力\n1.学习制度落实不到位的问题。（已整改到位）\n整改情况：加强学习。\n"
        "2.关于重要精神学习不全面的问题。\n整改情况：开展学习。",
        [
            (
                "学习制度落实不到位的问题。",
                "已完成",
                0,
                ("巡察反馈意见整改落实情况", "党组在政治建设方面不够有力"),
            ),
            (
                "关于重要精神学习不全面的问题。",
                None,
                0,
                ("巡察反馈意见整改落实情况", "党组在政治建设方面不够有力"),
            ),
        ],
        id="status-on-heading-line-and-unknown",
    ),
    pytest.param(
        "二、整改落实情况\n1.关于干部队伍建设方面\n（1）关于选人用人不规范问题的整改。\n①组织学习法规。②开展专项检查。③建立纪实制度。目前已完成整改。\n"
        "（2）关于交流轮岗不够的问题。\n整改情况：已完成整改并长期坚持。",
        [
            ("关于选人用人不规范问题的整改。", "已完成", 3, ("整改落实情况", "关于干部队伍建设方面")),
            ("关于交流轮岗不够的问题。", "已完成", 0, ("整改落实情况", "关于干部队伍建设方面")),
        ],
        id="paren-problems-under-num-aspect-numbered-measures",
    ),
    pytest.param(
        "二、整改落实情况\n（一）关于履行责任方面\n①落实学习制度不够严格的问题。\n整改情况：一是修订制度。二是建立台账。该问题已取得阶段性成效，需长期坚持。",
        [("落实学习制度不够严格的问题。", "长期坚持", 2, ("整改落实情况", "关于履行责任方面"))],
        id="circled-problems-long-term",
    ),
    pytest.param(
        "二、整改落實情況\n1、“第一議題”制度落實不到位的問題。\n整改情況：一是修訂制度。二是建立臺賬。該問題已完成整改。",
        [("“第一議題”制度落實不到位的問題。", "已完成", 2, ("整改落實情況",))],
        id="traditional",
    ),
    pytest.param(
        "一、整改工作组织情况\n（一）加强领导。\n（二）压实责任。\n三、下一步打算\n一是巩固成果。",
        [],
        id="no-problems",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PROBLEM_CASES)
def test_problems(text: str, expected: list[tuple[str, str | None, int, tuple[str, ...]]]) -> None:
    problems = extract_problems(text)
    assert [(p.heading, p.status, len(p.measures), p.path) for p in problems] == expected
    for p in problems:
        assert text[p.start :].lstrip("0123456789.、（()）①②③④⑤⑥⑦⑧⑨⑩").startswith(p.heading)
        for measure in p.measures:
            assert measure in text[p.start : p.end]
        if p.status_quote is not None:
            assert p.status_quote in text


def test_problem_blocks_do_not_overlap_and_stop_before_the_supervision_block() -> None:
    text = (
        "二、整改落实情况\n1.学习不深入的问题。\n一是加强学习。\n2.制度不健全的问题。\n一是完善制度。\n"
        "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-5550101。"
    )
    first, second = extract_problems(text)
    assert first.end <= second.start
    assert "欢迎" not in text[second.start : second.end]


# --- the fictional sample notices, against their hand-checked facts -------------------------

EXPECTED_FILE = PROJECT_ROOT / "tests" / "data" / "sample_expected.json"


def _load_expected() -> list[dict[str, Any]]:
    if not EXPECTED_FILE.exists():
        return []
    notices: list[dict[str, Any]] = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))["notices"]
    return notices


EXPECTED = _load_expected()


def _sample(source: str, ordinal: int) -> Any:
    text = clean(Path(SAMPLE_CORPUS, source).read_text(encoding="utf-8"))
    return parse_notices(text, source)[ordinal]


def _quoted(fact: Fact | None) -> dict[str, Any] | None:
    if fact is None:
        return None
    return {"quote": fact.quote, "value": fact.value, "number": fact.number, **fact.detail}


@pytest.mark.skipif(not EXPECTED, reason="no sample_expected.json")
@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: f"{e['source']}#{e['ordinal']}")
def test_sample_facts(expected: dict[str, Any]) -> None:
    n = _sample(expected["source"], expected["ordinal"])
    f = n.facts
    assert (n.unit, n.title) == (expected["unit"], expected["title"])
    assert f.level is not None and f.level.value == expected["level"]
    assert (f.inspection_body.value if f.inspection_body else None) == expected["inspection_body"]
    assert (f.round.value if f.round else None) == expected["round"]
    period = _quoted(f.inspection_period)
    assert period is not None
    assert {k: period[k] for k in ("quote", "value", "start", "end")} == expected["inspection_period"]
    feedback = _quoted(f.feedback_date)
    assert (
        feedback is not None
        and {k: feedback[k] for k in ("quote", "value", "iso")} == expected["feedback_date"]
    )
    signed = _quoted(f.signed)
    assert signed is not None and {k: signed[k] for k in ("quote", "value", "iso")} == expected["signed"]
    assert f.problems is not None and not f.problems.also
    want = expected["problems"]
    assert (f.problems.quote, f.problems.number, f.problems.detail.get("aspects")) == (
        want["quote"],
        want["number"],
        want.get("aspects"),
    )
    assert f.measures is not None and (f.measures.quote, f.measures.number) == (
        expected["measures"]["quote"],
        expected["measures"]["number"],
    )
    assert {k: {"quote": v.quote, "number": v.number} for k, v in f.status.items()} == expected["status"]
    assert {k: f.contact[k].value for k in expected["contact"] if k in f.contact} == expected["contact"]
    for fact in (f.inspection_period, f.feedback_date, f.problems, f.measures, f.signed, *f.status.values()):
        assert fact is not None and n.text[fact.start : fact.end] == fact.quote


@pytest.mark.skipif(not EXPECTED, reason="no sample_expected.json")
@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: f"{e['source']}#{e['ordinal']}")
def test_sample_problem_lists(expected: dict[str, Any]) -> None:
    n = _sample(expected["source"], expected["ordinal"])
    got = [
        {
            "marker": n.text[p.start : p.start + len(e["marker"])],
            "heading": p.heading,
            "status": p.status,
            "measures": len(p.measures),
        }
        for p, e in zip(n.problems, expected["problem_list"], strict=False)
    ]
    assert len(n.problems) == expected["numbered_problems"]
    assert got == expected["problem_list"]
    assert sorted({p.path[-1] for p in n.problems}) == sorted(expected["aspect_headings"])
    assert sum(len(p.measures) for p in n.problems) == expected["measures"]["number"]
