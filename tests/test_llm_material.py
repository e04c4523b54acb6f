"""LLM mode reads the facts rows, problem records and verdicts: the real OpenAI client, the loopback stub.

For each class of question the facts table or the problem records answer (counts, several asks,
comparisons of counts and of dates, a problem's measures, problems by status), over the fictional
sample notices:

* the request the stub receives holds the material rows (``单位 · 字段：值`` with the notice
  sentence; problem, status, measures; the ``（系统计算）`` verdict) ahead of the retrieved
  passages, and the numbered list of asks;
* a reply that cites the material and answers every ask stands, its citations resolving to the
  notice (the notice's id, the sentence of the notice as the passage);
* a reply that contradicts the verdict, leaves out an ask, or refuses gives way to the facts answer
  (extractive, with the notice naming why): what the notices support, not a wrong or half answer;
* the model's other slips keep their handling: markers only, a runaway stream and an English reply
  fall back (to the facts answer), wrong citation numbers are dropped with a warning.

Replies are computed from the request (``OpenAIStub.respond``): ``{甲}`` in a programmed reply
stands for the number of the passage holding 甲, as a model would cite it.
"""

# ruff: noqa: F811  (the imported ``openai_stub`` fixture is requested by parameter name)

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest

from assistant.answering.answerer import MARKERS_ONLY, NOT_CHINESE
from assistant.answering.material_checks import CONTRADICTS_VERDICT, REFUSED_FACTS
from assistant.factory import make_assistant
from assistant.service import Assistant
from core.phrases import CANNOT_ANSWER, EXTRACTIVE_NOTE, UNUSABLE_REPLY_NOTICE
from core.types import Answer
from tests.conftest import Indexed
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401
from tests.sample_index import index_sample

FINANCE = "中共岚江市财政局党组"
COLLEGE = "中共岚江师范学院委员会"
MAX_TOKENS = 120


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return index_sample(tmp_path_factory)


@pytest.fixture
def assistant(sample_index: Indexed, openai_stub: OpenAIStub) -> Assistant:
    settings = replace(
        sample_index.settings,
        openai_base_url=openai_stub.base_url,
        openai_api_key="sk-test-key",
        llm_model="stub-model",
        llm_timeout=2.0,
        llm_max_retries=0,
        llm_max_tokens=MAX_TOKENS,
    )
    return make_assistant(settings)


@dataclass(frozen=True)
class Case:
    question: str
    rows: tuple[str, ...]
    """Lines the material passages must hold."""
    asks: tuple[str, ...]
    """The asks the prompt must list, in order."""
    good: str
    """A reply that answers every ask from the material (``{needle}`` cites the passage holding it)."""
    bad: str
    """A reply that contradicts the verdict or leaves out an ask."""
    reason: str
    """Part of the reason the notice gives for the bad reply."""


CASES = [
    pytest.param(
        Case(
            "岚江市财政局反馈了几个问题？",
            (f"{FINANCE} · 反馈问题数量：3个方面9个问题", "通报原文：市财政局党组把巡察整改作为重大政治任务"),
            (f"1. {FINANCE}：反馈问题数量",),
            "岚江市财政局共反馈3个方面9个问题{反馈问题数量}。",
            "岚江市财政局反馈问题的数量：通报未载明。",
            "漏答了通报写明的“中共岚江市财政局党组：反馈问题数量”",
        ),
        id="count",
    ),
    pytest.param(
        Case(
            "岚江市财政局反馈了几个问题？制定了多少条整改措施？",
            (f"{FINANCE} · 反馈问题数量：3个方面9个问题", f"{FINANCE} · 整改措施数量：36条"),
            (f"1. {FINANCE}：反馈问题数量", f"2. {FINANCE}：整改措施数量"),
            "反馈3个方面9个问题{反馈问题数量}；制定整改措施36条{整改措施数量}。",
            "反馈3个方面9个问题{反馈问题数量}。整改措施数量通报未载明。",
            "“中共岚江市财政局党组：整改措施数量”",
        ),
        id="multi-ask",
    ),
    pytest.param(
        Case(
            "岚江市财政局和岚江师范学院哪个反馈的问题更多？",
            (f"{COLLEGE} · 反馈问题数量：3个方面8个问题", f"（系统计算）{FINANCE}更多（多1）。"),
            (f"1. {FINANCE}：反馈问题数量", f"2. {COLLEGE}：反馈问题数量", "3. 比较结论"),
            "岚江市财政局反馈9个问题{3个方面9个}，岚江师范学院反馈8个问题{3个方面8个}。岚江市财政局反馈的问题更多{系统计算}。",
            "岚江市财政局反馈9个问题{3个方面9个}，岚江师范学院反馈8个问题{3个方面8个}。岚江师范学院反馈的问题更多。",
            CONTRADICTS_VERDICT,
        ),
        id="compare-counts",
    ),
    pytest.param(
        Case(
            "岚江市财政局和岚江师范学院谁先被巡察？",
            (f"{FINANCE} · 巡察时间：2023年3月6日至5月10日", "相差14天。"),
            (f"1. {FINANCE}：巡察时间", f"2. {COLLEGE}：巡察时间", "3. 比较结论"),
            "岚江市财政局2023年3月6日至5月10日接受巡察{3月6日}，岚江师范学院2023年3月20日至5月26日接受巡视{3月20日}。"
            "岚江市财政局更早，早14天{系统计算}。",
            "岚江市财政局2023年3月6日至5月10日接受巡察{3月6日}，岚江师范学院2023年3月20日至5月26日接受巡视{3月20日}。"
            "岚江市财政局较晚。",
            CONTRADICTS_VERDICT,
        ),
        id="compare-dates",
    ),
    pytest.param(
        Case(
            "岚江市财政局公务接待管理不规范的问题是怎么整改的？",
            (
                "落实中央八项规定精神不够严格，公务接待管理不规范；整改进度：已完成",
                "的整改措施：二是修订《市财政局公务接待管理办法》",
            ),
            (f"1. {FINANCE}：整改措施",),
            "修订《市财政局公务接待管理办法》，严格执行接待审批单、公函和清单“三单”制度{管理办法》}。",
            "岚江市财政局高度重视该问题，目前已完成整改{公务接待管理不规范；}。",
            "漏答了通报写明的“中共岚江市财政局党组：整改措施”",
        ),
        id="problem-measures",
    ),
    pytest.param(
        Case(
            "岚江市财政局哪些问题正在推进？",
            (
                "专项资金绩效评价结果运用不充分；整改进度：正在推进",
                "干部队伍结构不优、年轻干部储备不足；整改进度：正在推进",
            ),
            (f"1. {FINANCE}：",),
            "正在推进的有：专项资金绩效评价结果运用不充分{绩效评价结果运用不充分；}；"
            "干部队伍结构不优、年轻干部储备不足{年轻干部储备不足；}。",
            "正在推进的有：专项资金绩效评价结果运用不充分{绩效评价结果运用不充分；}。",
            "年轻干部储备不足",
        ),
        id="problems-by-status",
    ),
    pytest.param(
        Case(
            "2023年被巡察的单位有哪些？",
            (
                f"{FINANCE} · 符合所问条件：2023年3月6日至5月10日",
                f"{COLLEGE} · 符合所问条件：2023年3月20日至5月26日",
            ),
            ("1. 符合所问条件的全部单位",),
            "2023年被巡察的单位有：岚江市财政局{中共岚江市财政局党组 · 符合}、云岭县教育局{中共云岭县教育局党组 · 符合}、"
            "岚江市卫生健康委员会{中共岚江市卫生健康委员会党组 · 符合}、云岭县农业农村局{中共云岭县农业农村局党组 · 符合}、"
            "岚江师范学院{中共岚江师范学院委员会 · 符合}。",
            "2023年被巡察的单位有：岚江市财政局{中共岚江市财政局党组 · 符合}、云岭县教育局{中共云岭县教育局党组 · 符合}。",
            "名单中的中共岚江市卫生健康委员会党组",
        ),
        id="list",
    ),
]


def passages_of(prompt: str) -> dict[int, str]:
    """The numbered passages of a prompt (header and text), by number."""
    block = prompt.split("<<<摘录开始>>>", 1)[1].split("<<<摘录结束>>>", 1)[0]
    parts = re.split(r"(?m)^\[(\d+)\] ", block)
    return {int(n): text for n, text in zip(parts[1::2], parts[2::2], strict=True)}


def cite(template: str, prompt: str) -> str:
    """``template`` with each ``{needle}`` replaced by the number of the first passage holding it."""
    passages = passages_of(prompt)

    def number(m: re.Match[str]) -> str:
        return f"[{next(n for n, text in sorted(passages.items()) if m.group(1) in text)}]"

    return re.sub(r"\{([^}]+)\}", number, template)


def user_prompt(messages: list[dict[str, Any]]) -> str:
    return next(m["content"] for m in reversed(messages) if m["role"] == "user")


def ask(assistant: Assistant, question: str, streamed: bool) -> Answer:
    if not streamed:
        return assistant.ask(question)
    final = list(assistant.ask_stream(question))[-1]
    assert isinstance(final, Answer)
    return final


def resolves_to_notices(assistant: Assistant, answer: Answer) -> None:
    """Every citation but the computed verdict names a notice and quotes a sentence of it."""
    texts = {n.id: n.text for n in assistant.notices()}
    for c in answer.citations:
        if c.source == "系统计算":
            assert c.notice_id == "" and c.text.startswith("（系统计算）")
            continue
        assert c.notice_id in texts and c.text in texts[c.notice_id], c


@pytest.mark.parametrize("streamed", [False, True], ids=["ask", "ask_stream"])
@pytest.mark.parametrize("case", CASES)
def test_the_request_holds_the_material_and_a_good_reply_stands(
    assistant: Assistant, openai_stub: OpenAIStub, case: Case, streamed: bool
) -> None:
    openai_stub.respond(lambda messages: cite(case.good, user_prompt(messages)))
    answer = ask(assistant, case.question, streamed)
    (request,) = openai_stub.chat_requests()
    prompt = user_prompt(request.messages)
    passages = passages_of(prompt)
    for row in case.rows:  # the material comes first, ahead of every retrieved passage
        first = min(n for n, text in passages.items() if row in text)
        assert all(re.search("事实表|问题记录|系统计算", passages[n]) for n in range(1, first + 1)), row
    block = prompt.split("请逐项作答，一项也不要漏：\n", 1)[1].split("\n\n", 1)[0]
    listed = block.splitlines()
    assert len(listed) == len(case.asks)
    assert all(line.startswith(a) for line, a in zip(listed, case.asks, strict=True)), listed
    assert (answer.mode, answer.refused) == ("llm", False), answer.warnings
    assert not any("已改用抽取模式" in w for w in answer.warnings)
    assert answer.citations and not any("待核实" in w for w in answer.warnings), answer.warnings
    resolves_to_notices(assistant, answer)
    assert all(not h.chunk.id.startswith("material:") for h in answer.hits)


@pytest.mark.parametrize("streamed", [False, True], ids=["ask", "ask_stream"])
@pytest.mark.parametrize("case", CASES)
def test_a_reply_that_contradicts_the_verdict_or_drops_an_ask_gives_way_to_the_facts_answer(
    assistant: Assistant, openai_stub: OpenAIStub, case: Case, streamed: bool
) -> None:
    openai_stub.respond(lambda messages: cite(case.bad, user_prompt(messages)))
    answer = ask(assistant, case.question, streamed)
    assert answer.mode == "extractive" and answer.text.startswith(EXTRACTIVE_NOTE)
    notice = next(w for w in answer.warnings if w.startswith("大模型的回答不可用（"))
    assert case.reason in notice and notice.endswith("已改用抽取模式作答。")
    assert answer.model == "stub-model" and answer.citations
    resolves_to_notices(assistant, answer)


@pytest.mark.parametrize("case", CASES[:3] + CASES[4:])
def test_a_refusal_when_the_facts_answer_gives_way_to_them(
    assistant: Assistant, openai_stub: OpenAIStub, case: Case
) -> None:
    openai_stub.reply(f"[1]{CANNOT_ANSWER}")
    answer = assistant.ask(case.question)
    assert (answer.mode, answer.refused) == ("extractive", False)
    assert UNUSABLE_REPLY_NOTICE.format(reason=REFUSED_FACTS) in answer.warnings


@dataclass(frozen=True)
class Slip:
    program: Callable[[OpenAIStub, Case], object]
    notice: str | None
    """The fallback notice, or None when the reply stands."""


SLIPS = [
    pytest.param(Slip(lambda s, c: s.reply("[1][2]\n[3]。"), MARKERS_ONLY), id="markers-only"),
    pytest.param(
        Slip(lambda s, c: s.runaway("整改落实情况"), f"回答超出长度上限（{MAX_TOKENS} tokens）"), id="runaway"
    ),
    pytest.param(
        Slip(lambda s, c: s.reply("The bureau reported nine problems [1]."), NOT_CHINESE), id="english-reply"
    ),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("slip", SLIPS)
def test_unusable_replies_fall_back_to_the_facts_answer(
    assistant: Assistant, openai_stub: OpenAIStub, case: Case, slip: Slip
) -> None:
    slip.program(openai_stub, case)
    items = list(assistant.ask_stream(case.question))
    answer = items[-1]
    assert isinstance(answer, Answer)
    assert answer.mode == "extractive" and answer.text.startswith(EXTRACTIVE_NOTE)
    assert UNUSABLE_REPLY_NOTICE.format(reason=slip.notice) in answer.warnings
    resolves_to_notices(assistant, answer)


@pytest.mark.parametrize("case", CASES)
def test_wrong_citation_numbers_are_dropped_and_the_rest_stands(
    assistant: Assistant, openai_stub: OpenAIStub, case: Case
) -> None:
    openai_stub.respond(lambda messages: cite(case.good, user_prompt(messages)).replace("。", "[99]。", 1))
    answer = assistant.ask(case.question)
    assert answer.mode == "llm" and "[99]" not in answer.text
    assert "回答引用了不存在的段落编号 [99]，已删除。" in answer.warnings
    resolves_to_notices(assistant, answer)


OPEN_PART = "岚江市财政局是哪个巡察组巡察的？局党组哪天召开专题会议研究整改？"
"""One part the facts table answers (the group), one only the passages do (the meeting's day)."""


@pytest.mark.parametrize(
    ("reply", "mode"),
    [
        pytest.param(
            "巡察组为市委第三巡察组{巡察组：市委第三巡察组}；局党组于2023年6月16日召开专题会议{6月16日召开专题会议}。",
            "llm",
            id="both-answered",
        ),
        pytest.param("[1][2]", "extractive", id="markers-only"),
    ],
)
def test_a_part_no_field_answers_is_asked_too_and_answered_in_the_fallback(
    assistant: Assistant, openai_stub: OpenAIStub, reply: str, mode: str
) -> None:
    openai_stub.respond(lambda messages: cite(reply, user_prompt(messages)))
    answer = assistant.ask(OPEN_PART)
    prompt = user_prompt(openai_stub.chat_requests()[0].messages)
    assert f"1. {FINANCE}：巡察组\n2. {FINANCE}：局党组哪天召开专题会议研究整改" in prompt
    assert answer.mode == mode and "市委第三巡察组" in answer.text and "2023年6月16日" in answer.text
    resolves_to_notices(assistant, answer)


def test_every_kind_of_ask_is_listed_for_the_model() -> None:
    """LLM mode lists a question's asks in the prompt: each kind has its label (a missing one
    raised KeyError for 为啥, 题目叫什么, 核查结果…)."""
    from typing import get_args

    from assistant.answering.material import _ASK_LABELS
    from assistant.reading.asks import AskKind

    assert set(get_args(AskKind)) <= set(_ASK_LABELS)


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("青山水务局干部轮岗为啥还没启动？", "原因"),
        ("青山水务局那次党课的题目叫什么？", "名称"),
        ("青山水务局倒查核查下来是什么结果？", "处理结果"),
        ("青山水务局的示范项目是第几批入选的？", "第几"),
        ("青山水务局那个工程最后由哪家公司承建？", "企业名称"),
    ],
)
def test_asks_of_lists_typed_asks(question: str, label: str) -> None:
    from assistant.answering.material import asks_of
    from assistant.reading.questions import analyze
    from assistant.reading.units import UnitDirectory

    asks = asks_of(analyze(question, UnitDirectory(["中共青山县水务局党组"])))
    assert any(label in a for a in asks), asks
