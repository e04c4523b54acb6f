"""The asks listed for the model, and the checks of its reply against the facts answer, phrasing by phrasing.

Fictional units (``tests.notice_factory``), the real unit directory and question reader.
"""

from __future__ import annotations

import pytest

from assistant.answering.material import Covered, Verdict, asks_of
from assistant.answering.material_checks import contradicts, covers
from assistant.grounding.citations import strip_markers
from assistant.reading.questions import analyze
from assistant.reading.units import UnitDirectory
from core.normalize import compact
from core.numerals import to_digits

WATER = "中共青禾市水务局党组"
STATS = "中共青禾市统计局党组"
DIRECTORY = UnitDirectory([WATER, STATS, "中共青禾市文化旅游局党组"])


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        pytest.param("青禾市水务局反馈了几个问题？", (f"{WATER}：反馈问题数量",), id="count"),
        pytest.param(
            "水务局已完成整改的问题有几个？",
            (f"{WATER}：已完成的问题数量", f"{WATER}：整改进展（通报写明的各状态数量）"),
            id="status-count",
        ),
        pytest.param(
            "水务局什么时候被巡察？哪个巡察组？", (f"{WATER}：巡察时间", f"{WATER}：巡察组"), id="two-asks"
        ),
        pytest.param(
            "水务局的监督电话和邮箱是多少？", (f"{WATER}：电话", f"{WATER}：电子邮箱"), id="two-contacts"
        ),
        pytest.param(
            "青禾市水务局和统计局哪个整改措施更多？",
            (f"{WATER}：整改措施数量", f"{STATS}：整改措施数量", "比较结论"),
            id="compare",
        ),
        pytest.param(
            "水务局财务报销审核把关不严的问题是怎么整改的？", (f"{WATER}：整改措施",), id="measures"
        ),
        pytest.param("2023年被巡察的单位有哪些？", ("符合所问条件的全部单位（逐个列出）",), id="list"),
        pytest.param(
            "水务局是哪个巡察组巡的？后来党组开了几次会研究整改？",
            (f"{WATER}：巡察组", f"{WATER}：后来党组开了几次会研究整改"),
            id="a-part-no-field-answers",
        ),
    ],
)
def test_the_asks_are_every_unit_times_every_ask(question: str, asks: tuple[str, ...]) -> None:
    assert asks_of(analyze(question, DIRECTORY)) == asks


MORE = Verdict(f"（系统计算）{WATER}更多。", (("more", WATER),), (WATER, STATS))
EARLIER = Verdict(f"（系统计算）{WATER}更早。", (("earlier", WATER),), (WATER, STATS))
LONGER = Verdict(f"（系统计算）{STATS}时间更长。", (("longer", STATS),), (WATER, STATS))
BOTH = Verdict("（系统计算）…", (("earlier", WATER), ("longer", STATS)), (WATER, STATS))
SAME = Verdict("（系统计算）数量相同。", (("more", ""),), (WATER, STATS))
NONE = Verdict("（系统计算）缺少其余单位的数字，无法比较。", (), (WATER, STATS))


@pytest.mark.parametrize(
    ("verdict", "reply", "contradicted"),
    [
        pytest.param(MORE, "水务局反馈的问题更多[3]。", False, id="more-agrees-short-name"),
        pytest.param(MORE, f"{WATER}更多[3]。", False, id="more-agrees-full-name"),
        pytest.param(MORE, "统计局的问题少于水务局。", False, id="fewer-of-the-other-agrees"),
        pytest.param(MORE, "统计局反馈的问题较多。", True, id="more-of-the-other"),
        pytest.param(MORE, "水务局反馈9个问题[1]，比统计局更多。", False, id="more-than-the-other-agrees"),
        pytest.param(MORE, "统计局8个[2]，比水务局更多。", True, id="more-than-the-first"),
        pytest.param(MORE, "水务局9个[1]，统计局8个[2]。\n水务局的问题更少", True, id="fewer-of-the-first"),
        pytest.param(MORE, "两个单位反馈的问题数量相同。", True, id="said-the-same"),
        pytest.param(MORE, "水务局9个[1]，统计局8个[2]。", False, id="no-verdict-stated"),
        pytest.param(EARLIER, "水务局先于统计局接受巡察[3]。", False, id="earlier-agrees"),
        pytest.param(EARLIER, "统计局更早被巡察。", True, id="earlier-of-the-other"),
        pytest.param(EARLIER, "水务局被巡察的时间较晚。", True, id="later-of-the-first"),
        pytest.param(LONGER, "统计局巡察时间更长。", False, id="longer-agrees"),
        pytest.param(LONGER, "水务局巡察持续时间最长。", True, id="longer-of-the-other"),
        pytest.param(BOTH, "水务局更早被巡察[3]，统计局巡察时间更长[3]。", False, id="two-verdicts-agree"),
        pytest.param(BOTH, "水务局更早被巡察[3]，水务局巡察时间更长。", True, id="two-verdicts-one-reversed"),
        pytest.param(SAME, "两个单位的问题数量相同[3]。", False, id="same-agrees"),
        pytest.param(SAME, "水务局反馈的问题更多。", True, id="more-when-the-same"),
        pytest.param(NONE, "统计局更多。", False, id="no-verdict-computed"),
    ],
)
def test_a_reply_contradicting_the_verdict_is_recognised(
    verdict: Verdict, reply: str, contradicted: bool
) -> None:
    assert contradicts(reply, verdict, DIRECTORY) is contradicted


COUNT = Covered(WATER, f"{WATER}：反馈问题数量", ("9",))
DATE = Covered(WATER, f"{WATER}：巡察时间", ("2023年4月1日至5月31日", "2023年4月1日"))
MEASURES = Covered(
    WATER,
    f"{WATER}：整改措施",
    ("一是出台财务报销管理办法，清理2022年以来报销凭证；二是建立长效机制。已完成整改。",),
    fuzzy=True,
)


@pytest.mark.parametrize(
    ("ask", "reply", "covered"),
    [
        pytest.param(COUNT, "水务局共反馈9个问题[1]。", True, id="count-digits"),
        pytest.param(COUNT, "水务局共反馈九个问题[1]。", True, id="count-chinese-numeral"),
        pytest.param(COUNT, "水务局反馈了3个方面9个问题。", True, id="count-with-aspects"),
        pytest.param(COUNT, "水务局反馈问题数量：通报未载明。", False, id="count-not-stated"),
        pytest.param(COUNT, "水务局制定措施19条。", False, id="count-inside-another-number"),
        pytest.param(DATE, "2023年4月1日起，水务局接受巡察[1]。", True, id="date-start"),
        pytest.param(DATE, "二〇二三年四月一日至五月三十一日[1]。", True, id="date-chinese-numerals"),
        pytest.param(DATE, "巡察时间通报未载明。", False, id="date-not-stated"),
        pytest.param(MEASURES, "出台了财务报销管理办法并清理报销凭证[2]。", True, id="measures-paraphrased"),
        pytest.param(MEASURES, "该问题已完成整改[1]。", False, id="measures-only-the-status"),
        pytest.param(MEASURES, "高度重视，狠抓落实，取得成效。", False, id="measures-empty-words"),
    ],
)
def test_an_ask_is_covered_only_by_what_the_facts_state(ask: Covered, reply: str, covered: bool) -> None:
    assert covers(to_digits(compact(strip_markers(reply))), ask) is covered
