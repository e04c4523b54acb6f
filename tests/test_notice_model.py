"""The notice model's parts, table-driven: outcome facts, problem statements, time limits, owners, records."""

from __future__ import annotations

import pytest

from core.store.codec import notice_from_json, notice_to_json
from core.types import Notice
from index.outcomes import outcome_facts
from index.problem_parts import deadline, responsible, statement
from index.splitting import parse_notices

OPENING = "根据区委统一部署，区委第三巡察组于2023年4月对青禾区统计局党组开展了{kind}。\n一、整改情况\n"


@pytest.mark.parametrize(
    ("kind_words", "expected"),
    [
        ("常规巡察", "常规"),
        ("专项巡察", "专项"),
        ("机动式巡察", "机动"),
        ("巡察“回头看”", "巡察回头看"),
        ('巡察"回头看"', "巡察回头看"),
        ("巡视“回头看”", "巡视回头看"),
        ("延伸巡察", "延伸巡察"),
        ("巡察", None),
    ],
)
def test_kind_of_inspection_from_the_opening(kind_words: str, expected: str | None) -> None:
    text = OPENING.format(kind=kind_words)
    fact = outcome_facts(text, text)["kind"]
    assert (fact.value if fact else None) == expected
    if fact:
        assert text[fact.start : fact.end] == fact.quote


def test_a_kind_quoted_inside_a_problem_is_not_the_notice_kind() -> None:
    text = (
        OPENING.format(kind="巡察") + "（一）关于“2019年市委‘机动式’专项巡察发现问题整改不到位”的问题。\n" * 3
    )
    assert outcome_facts(text, text)["kind"] is None


@pytest.mark.parametrize(
    ("sentence", "key", "value"),
    [
        ("对巡察指出的5个问题立行立改。", "immediate_fixes", "5"),
        ("其中立行立改问题8个，已全部完成。", "immediate_fixes", "8"),
        ("巡察移交问题线索3件，已办结2件。", "clues", "3"),
        ("收到巡察组移交的2条问题线索，均已办结。", "clues", "2"),
        ("共问责处理4人，其中诫勉谈话2人。", "people", "4"),
        ("对相关责任人给予通报批评3人。", "people", "3"),
        ("建立完善制度12项，修订制度5项。", "rules", "17"),
        ("新建、修订各类制度共18项。", "rules", "18"),
        ("追回违规发放的补贴3.2万元。", "money", "3.2万元"),
        ("督促退还多领取的差旅费共计1260元。", "money", "1260元"),
    ],
)
def test_outcome_counts_with_their_quotes(sentence: str, key: str, value: str) -> None:
    text = OPENING.format(kind="巡察") + sentence
    fact = outcome_facts(text, text)[key]
    assert fact is not None and fact.value == value
    assert text[fact.start : fact.end] == fact.quote


@pytest.mark.parametrize(
    "sentence",
    [
        "审计发现的问题中，追回资金5万元。",
        "主题教育期间建立制度6项。",
        "上一轮巡察移交问题线索4件。",
        "印发《关于问责处理3人的通报》。",
    ],
)
def test_outcomes_of_other_sources_are_not_taken(sentence: str) -> None:
    text = OPENING.format(kind="巡察") + sentence
    assert all(f is None for k, f in outcome_facts(text, text).items() if k != "kind")


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("关于“意识形态工作责任制落实不到位”问题的整改情况", "意识形态工作责任制落实不到位"),
        ("针对学习不深入的问题。", "学习不深入"),
        ("关于选人用人不规范问题的整改。", "选人用人不规范"),
        ("“三重一大”事项集体决策制度执行不严格的问题。", "“三重一大”事项集体决策制度执行不严格"),
        ("财务报销审核不严", "财务报销审核不严"),
        ("关于“两个责任”落实不力问题的整改落实情况", "“两个责任”落实不力"),
    ],
)
def test_problem_as_stated_without_wrappers(heading: str, expected: str) -> None:
    assert statement(heading) == expected


@pytest.mark.parametrize(
    ("block", "limit", "owner"),
    [
        ("整改时限：2024年6月底前。责任单位：办公室。", "2024年6月底前", "办公室"),
        ("牵头领导：分管副局长。计划于12月底前完成整改。", "12月底前完成整改", "分管副局长"),
        ("整改时限：长期坚持。", "长期坚持", None),
        ("已完成整改。", None, None),
    ],
)
def test_time_limit_and_responsible_office(block: str, limit: str | None, owner: str | None) -> None:
    got_limit = deadline(block, block, 0, len(block))
    got_owner = responsible(block, block, 0, len(block))
    assert (got_limit.text if got_limit else None) == limit
    assert (got_owner.text if got_owner else None) == owner


NOTICE = (  # the count is filled in by each test
    "中共青禾区统计局党组关于巡察整改情况的通报\n"
    "根据区委统一部署，区委第三巡察组对区统计局党组开展了常规巡察，反馈问题{n}个。\n"
    "二、整改落实情况\n（一）聚焦党的建设方面\n"
    "1.关于“学习不深入”的问题\n（1）针对“学习制度执行不严”的问题。一是修订学习制度。目前已整改完成。\n"
    "（2）针对“学习记录不全”的问题。一是补齐记录。\n"
    "2.关于“财务审核不严”的问题\n整改措施：一是建立台账；二是开展自查。整改时限：2024年6月底前。责任单位：办公室。\n"
    "中共青禾区统计局党组\n2024年7月1日\n"
)


def test_problem_records_keep_the_hierarchy_and_survive_the_store() -> None:
    (notice,) = parse_notices(NOTICE.format(n=2), "n.txt")
    first, second = notice.problems
    assert [p.number for p in notice.problems] == ["二、（一）1.", "二、（一）2."]
    assert [i.statement for i in first.items] == ["学习制度执行不严", "学习记录不全"]
    assert first.items[0].status == "已完成"
    assert second.statement == "财务审核不严" and len(second.measures) == 2
    assert second.deadline and second.deadline.text == "2024年6月底前"
    assert second.responsible and second.responsible.text == "办公室"
    assert notice.facts.kind and notice.facts.kind.value == "常规"
    assert notice.structure_note is None
    back: Notice = notice_from_json(notice_to_json(notice))
    assert back == notice
    assert back.to_json()["problems"][0]["items"][0]["statement"] == "学习制度执行不严"


def test_the_stated_count_picks_the_level_the_notice_counts() -> None:
    (notice,) = parse_notices(NOTICE.format(n=3), "n.txt")
    assert [p.statement for p in notice.problems] == ["学习制度执行不严", "学习记录不全", "财务审核不严"]
    (other,) = parse_notices(NOTICE.format(n=5), "n.txt")
    assert len(other.problems) == 2
    assert other.structure_note == "通报称5个问题，原文可见2个"
