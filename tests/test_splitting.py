"""Splitting cleaned file text into notices: titles, ends, openings, jumps and unit naming.

All units and notices here are fictional.
"""

from __future__ import annotations

import pytest

from core.normalize import to_search
from index.splitting import notice_id, parse_notices, split_spans


def notice(
    unit: str,
    short: str,
    *,
    title: bool = True,
    dateline: str = "",
    signature: str | None = None,
    closing: bool = True,
    group: str = "市委第三巡察组",
    body: str = "",
) -> str:
    """A small fictional notice."""
    lines = []
    if title:
        lines.append(f"{unit}关于巡察整改情况的通报")
    if dateline:
        lines.append(dateline)
    lines += [
        f"根据市委统一部署，2023年3月6日至5月10日，{group}对{short}进行了巡察。2023年6月15日，{group}向{short}反馈了巡察意见。",
        "一、整改工作组织情况",
        f"{short}高度重视，制定整改措施12条。",
        "二、整改落实情况",
        "1.学习制度落实不到位的问题。",
        f"整改措施：一是修订学习制度。二是建立台账。{body}目前，该问题已完成整改。",
        "三、下一步工作打算",
        "一是巩固成果。二是建立长效机制。",
    ]
    if closing:
        lines.append(
            "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-5550101；电子邮箱：demo@example.org。"
        )
    if signature is not None:
        lines += [signature, "2023年9月20日"]
    return "\n".join(lines)


A = notice("中共澄川市水务局党组", "市水务局党组", signature="中共澄川市水务局党组")
B = notice("中共澄川市档案馆党组", "市档案馆党组", signature="中共澄川市档案馆党组")


def units(text: str) -> list[tuple[str, str]]:
    return [(n.unit, n.unit_from) for n in parse_notices(text, "demo.txt")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(A, [("中共澄川市水务局党组", "signature")], id="one-notice"),
        pytest.param(
            A + "\n\n" + B,
            [("中共澄川市水务局党组", "signature"), ("中共澄川市档案馆党组", "signature")],
            id="two-notices",
        ),
        pytest.param(
            notice("中共澄川市水务局党组", "市水务局党组", dateline="2023年07月05日")
            + "\n"
            + notice(
                "中共青岑县档案馆党组", "县档案馆党组", dateline="2023年07月06日", group="县委第二巡察组"
            ),
            [("中共澄川市水务局党组", "title"), ("中共青岑县档案馆党组", "title")],
            id="compilation-with-datelines-no-signatures",
        ),
        pytest.param(
            notice("中共澄川市水务局党组", "市水务局党组")
            + "中共青岑县档案馆党组关于巡察整改情况的通报\n"
            + notice("中共青岑县档案馆党组", "县档案馆党组", title=False, group="县委第二巡察组"),
            [("中共澄川市水务局党组", "title"), ("中共青岑县档案馆党组", "title")],
            id="title-glued-to-previous-line",
        ),
        pytest.param(
            A + "\n" + notice("", "县档案馆党组", title=False, signature="中共青岑县档案馆党组"),
            [("中共澄川市水务局党组", "signature"), ("中共青岑县档案馆党组", "signature")],
            id="untitled-fragment-with-signature",
        ),
        pytest.param(
            notice("中共澄川市水务局党组", "市水务局党组", closing=False)
            + "\n"
            + notice("", "县文化馆党组", title=False, closing=False, group="县委第二巡察组"),
            [("中共澄川市水务局党组", "title"), ("县文化馆党组", "body")],
            id="second-opening-inside-a-block",
        ),
        pytest.param(
            "来源：澄川新闻网  编辑：张三\n" + A,
            [("中共澄川市水务局党组", "signature")],
            id="leading-furniture-dropped",
        ),
        pytest.param(
            notice("中共雁汀區衛生健康局黨組", "區衛生健康局黨組", signature="中共雁汀區衛生健康局黨組"),
            [("中共雁汀区卫生健康局党组", "signature")],
            id="traditional-unit-simplified",
        ),
        pytest.param(
            notice("雁汀区文学艺术界联合会", "区文联党组"),
            [("雁汀区文学艺术界联合会党组", "title")],
            id="title-completed-with-party-organ-from-body",
        ),
        pytest.param(
            notice(
                "档案局党委",
                "档案局党委",
                body="印发《澄川市档案局保密管理办法》。澄川市档案局干部参加培训。",
            ),
            [("澄川市档案局党委", "title")],
            id="title-completed-with-place-from-body",
        ),
        pytest.param(
            "\n".join(notice("", "澄川市港务局党组", title=False, closing=False).split("\n")[1:]),
            [("", "none")],
            id="nothing-names-the-unit",
        ),
        pytest.param("", [], id="empty"),
    ],
)
def test_units(text: str, expected: list[tuple[str, str]]) -> None:
    assert units(text) == expected


def jump_text() -> tuple[str, str]:
    """A page where a port-group notice jumps, mid-sentence, into an archives notice."""
    first = [
        "中共澄川市港务集团有限公司委员会关于巡察整改情况的通报",
        "根据市委统一部署，2023年3月6日至5月10日，市委第三巡察组对港务集团党委进行了巡察。",
        "一、整改工作组织情况",
        "港务集团党委高度重视，港务集团各部门形成合力，集团上下统一思想。",
        "二、整改落实情况",
        "1、关于“港务集团安全生产责任不实”问题的整改。",
        "整改措施：一是压实港务集团安全责任。二是港务集团每月开展检查，集团领导带队。三是优化港口",
    ]
    second = [
        "档案馆业务人员专题学习档案管理制度，档案馆修订制度三项。",
        "9、关于“档案馆库房管理不规范”问题的整改。",
        "整改结果：一是档案馆完成库房改造。二是档案馆建立台账。",
        "三、下一步全面推进整改计划",
        "档案馆党组将持续巩固整改成果，档案馆全体干部持续用力。",
        "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0000-5550199。",
        "中共澄川市档案馆党组",
        "2023年9月20日",
    ]
    return "\n".join(first), "\n".join(second)


def test_jump_between_two_units_is_cut_where_the_body_changes_unit() -> None:
    first, second = jump_text()
    notices = parse_notices(first + "\n" + second, "page.txt")
    assert [(n.unit, n.unit_from) for n in notices] == [
        ("中共澄川市港务集团有限公司委员会", "title"),
        ("中共澄川市档案馆党组", "signature"),
    ]
    assert notices[0].text == first
    assert notices[1].text == second
    assert notices[1].title == ""


def test_records_are_complete_and_consistent() -> None:
    text = (
        A
        + "\n\n"
        + notice("中共雁汀區衛生健康局黨組", "區衛生健康局黨組", signature="中共雁汀區衛生健康局黨組")
    )
    notices = parse_notices(text, "demo.txt")
    spans = split_spans(text)
    assert len(notices) == len(spans) == 2
    for i, (n, (a, b)) in enumerate(zip(notices, spans, strict=True)):
        assert n.text == text[a:b]
        assert n.ordinal == i
        assert n.source == "demo.txt"
        assert n.id == notice_id("demo.txt", n.text) and len(n.id) == 16
        assert n.search_text == to_search(n.text) and len(n.search_text) == len(n.text)
        assert n.text.startswith(n.title) and n.title.endswith("通报")
        assert n.facts.unit is not None and n.facts.unit.value == n.unit
        assert len(n.problems) == 1
    assert notices[1].title == "中共雁汀區衛生健康局黨組关于巡察整改情况的通报"


def test_ids_are_stable_and_depend_on_source_and_text() -> None:
    first = [n.id for n in parse_notices(A + "\n" + B, "x.txt")]
    again = [n.id for n in parse_notices(A + "\n" + B, "x.txt")]
    other_source = [n.id for n in parse_notices(A + "\n" + B, "y.txt")]
    assert first == again
    assert len(set(first)) == 2
    assert not set(first) & set(other_source)
