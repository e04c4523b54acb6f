"""Answerers (LLM and extractive) on passages built here, the ask flow with its fallback, and
the facade with the real OpenAI client against the loopback stub.

The passages built here are fictional (鹤鸣县 does not exist). The ask flow runs over a small
in-memory retriever so that no index is needed; the stub tests use ``data/sample``.
"""

# ruff: noqa: F811  (the imported ``openai_stub`` fixture is requested by parameter name)

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pytest

from assistant.answering.answerer import Answerer, LLMAnswerer, carry_units, is_refusal
from assistant.answering.extractive import MAX_CHARS, ExtractiveAnswerer
from assistant.answering.flow import Asker
from assistant.llm.chat import LLMUnavailable
from assistant.reading.asks import read_question
from assistant.reading.questions import QuestionInfo
from assistant.reading.units import UnitDirectory
from assistant.retrieval.retriever import Retrieval
from assistant.service import Assistant
from core.config import Settings
from core.phrases import CANNOT_ANSWER, CITATION_RE, EXTRACTIVE_NOTE, FALLBACK_NOTICE, UNVERIFIED_MARK
from core.types import Answer, Chunk, Fact, Hit, Notice, NoticeFacts
from tests.conftest import Indexed
from tests.fake_llm import FakeChatModel, Interrupted
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401

FOREST = "中共鹤鸣县林业局党组"
WATER = "中共鹤鸣县水务局党组"

FOREST_PASSAGES = [
    (
        ("整改工作组织情况",),
        (
            "2023年4月10日至6月9日，县委第四巡察组对县林业局党组进行了巡察。2023年7月3日，县委第四巡察组反馈了巡察意见。"
            "县林业局党组对反馈的3个方面11个问题逐条研究，制定整改措施42条。截至目前，9个问题已完成整改，2个问题正在推进。"
            "局党组书记、局长陈明远任整改工作领导小组组长。"
        ),
    ),
    (
        ("整改落实情况", "林木采伐审批不规范的问题"),
        (
            "（一）关于林木采伐审批不规范的问题。整改措施：一是修订《鹤鸣县林木采伐审批操作规程》，明确审批时限。"
            "二是对2021年以来的采伐审批件逐件复查，发现问题审批件6件，已全部整改。三是建立采伐审批台账，实行月度通报。"
        ),
    ),
    (
        ("整改落实情况", "护林员队伍管理松散的问题"),
        (
            "（二）关于护林员队伍管理松散的问题。整改措施：一是开展护林员履职情况专项检查，清退不在岗护林员13名。"
            "二是推行护林员巡护打卡，考核结果与报酬挂钩。"
        ),
    ),
    (
        ("公开监督",),
        "欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0999-7316025；电子邮箱：hmlyj_zg@example.cn。",
    ),
]
WATER_PASSAGES = [
    (
        ("整改落实情况", "河道巡查流于形式的问题"),
        (
            "（一）关于河道巡查流于形式的问题。整改措施：一是修订河长巡河制度，县级河长每月巡河不少于1次。"
            "二是今年以来开展河道专项整治行动5次，清理河道垃圾120余吨。"
        ),
    ),
]


def _hits(*sets: tuple[str, list[tuple[tuple[str, ...], str]]]) -> list[Hit]:
    hits: list[Hit] = []
    for unit, passages in sets:
        for i, (heading, text) in enumerate(passages):
            nid = f"n-{unit[-6:]}"
            chunk = Chunk(f"{nid}-{i}", nid, unit, f"{unit}关于巡察整改情况的通报", f"{unit[2:6]}.txt", heading, text, 0,
                          len(text), ordinal=i)  # fmt: skip
            hits.append(Hit(chunk, 1.0 / (len(hits) + 1), len(hits) + 1))
    return hits


FOREST_HITS = _hits((FOREST, FOREST_PASSAGES))
ARTICLE_HITS = _hits(
    (FOREST, [((), "局党组把巡察整改作为一项重大政治任务，逐项研究整改措施，制定整改方案。")])
)
BOTH_HITS = _hits((FOREST, FOREST_PASSAGES), (WATER, WATER_PASSAGES))
DIRECTORY = UnitDirectory([FOREST, WATER])


def _settings(**kw: object) -> Settings:
    return Settings(embedder="hash", **kw)  # type: ignore[arg-type]


# -- the contract, over both implementations ----------------------------------------------------


def _good_reply(messages: Sequence[object]) -> str:
    return "县林业局党组制定整改措施42条[1]。"


@pytest.fixture(params=["extractive", "llm"])
def answerer(request: pytest.FixtureRequest) -> Answerer:
    if request.param == "extractive":
        return ExtractiveAnswerer()
    return LLMAnswerer(FakeChatModel(responder=_good_reply), _settings(), DIRECTORY)


QUESTION = "鹤鸣县林业局制定了多少条整改措施？"


def _info(question: str) -> object:
    from assistant.reading.questions import analyze

    return analyze(question, DIRECTORY)


def test_contract_cites_only_given_passages(answerer: Answerer) -> None:
    answer = answerer.answer(QUESTION, FOREST_HITS, info=_info(QUESTION))  # type: ignore[arg-type]
    assert not answer.refused and answer.mode == answerer.mode
    used = [int(m.group(1)) for m in CITATION_RE.finditer(answer.text)]
    assert used and sorted(set(used)) == [c.n for c in answer.citations] == list(
        range(1, len(answer.citations) + 1)
    )
    ids = {h.chunk.id for h in FOREST_HITS}
    assert all(c.chunk_id in ids for c in answer.citations)
    assert "42" in answer.text


def test_contract_refuses_without_passages(answerer: Answerer) -> None:
    answer = answerer.answer(QUESTION, [], info=_info(QUESTION))  # type: ignore[arg-type]
    assert (answer.text, answer.refused, answer.citations) == (CANNOT_ANSWER, True, ())


def test_contract_stream_ends_with_the_answer(answerer: Answerer) -> None:
    items = list(answerer.stream(QUESTION, FOREST_HITS, info=_info(QUESTION)))  # type: ignore[arg-type]
    assert isinstance(items[-1], Answer) and all(isinstance(x, str) for x in items[:-1])
    assert items[:-1]


# -- extractive -------------------------------------------------------------------------------


def _extract(question: str, hits: Sequence[Hit] = FOREST_HITS) -> Answer:
    return ExtractiveAnswerer().answer(question, hits, info=_info(question))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "must", "sentences"),
    [
        pytest.param("鹤鸣县林业局制定了多少条整改措施？", ["42条"], 1, id="count-with-counter"),
        pytest.param("鹤鸣县林业局清退了多少名护林员？", ["13名"], 1, id="count-of-people"),
        pytest.param("鹤鸣县林业局复查发现问题审批件几件？", ["6件"], 1, id="count-件"),
        pytest.param("鹤鸣县林业局什么时候被巡察的？", ["2023年4月10日"], 1, id="date"),
        pytest.param("鹤鸣县林业局巡察整改的监督电话是多少？", ["0999-7316025"], 1, id="phone"),
        pytest.param("鹤鸣县林业局整改的电子邮箱是什么？", ["hmlyj_zg@example.cn"], 1, id="email"),
        pytest.param("鹤鸣县林业局整改领导小组组长是谁？", ["陈明远"], 1, id="name"),
        pytest.param(
            "鹤鸣县林业局的监督电话和电子邮箱？",
            ["0999-7316025", "hmlyj_zg@example.cn"],
            2,
            id="two-contacts",
        ),
        pytest.param(
            "鹤鸣县林业局什么时候被巡察的？清退了多少名护林员？", ["2023年4月10日", "13名"], 2, id="two-parts"
        ),
    ],
)
def test_extractive_picks_the_sentence_holding_the_answer(
    question: str, must: list[str], sentences: int
) -> None:
    answer = _extract(question)
    assert not answer.refused, answer
    assert answer.text.startswith(EXTRACTIVE_NOTE)
    for key in must:
        assert key in answer.text
    body = answer.text.removeprefix(EXTRACTIVE_NOTE)
    assert len(body) <= MAX_CHARS + 120


def test_extractive_measures_quote_the_run_after_the_problem() -> None:
    answer = _extract("鹤鸣县林业局“林木采伐审批不规范”的问题是怎么整改的？")
    assert not answer.refused
    for key in ("操作规程", "逐件复查", "采伐审批台账"):
        assert key in answer.text
    assert "护林员" not in answer.text
    assert answer.citations[0].quote.startswith("（一）关于林木采伐审批不规范的问题")


@pytest.mark.parametrize(
    ("question", "hits"),
    [
        pytest.param("鹤鸣县林业局局长叫什么名字？", FOREST_HITS[1:], id="name-absent"),
        pytest.param("鹤鸣县林业局党组书记此前担任什么职务？", FOREST_HITS, id="career-absent"),
        pytest.param("鹤鸣县林业局制定了多少条整改措施？", ARTICLE_HITS, id="article-is-not-a-count"),
        pytest.param("鹤鸣县林业局一共处分了多少名干部？", FOREST_HITS[:3], id="count-noun-absent"),
        pytest.param("鹤鸣县林业局的通信地址是什么？", FOREST_HITS, id="address-absent"),
        pytest.param("鹤鸣县林业局的监督电话是多少？", FOREST_HITS[:3], id="phone-absent"),
        pytest.param("鹤鸣县林业局新建的办公楼有什么特色？", FOREST_HITS, id="unrelated"),
        pytest.param("鹤鸣县水务局制定了多少条整改措施？", FOREST_HITS, id="other-unit-passages-only"),
    ],
)
def test_extractive_refuses_when_passages_do_not_answer(question: str, hits: list[Hit]) -> None:
    answer = _extract(question, hits)
    assert (answer.text, answer.refused, answer.citations) == (CANNOT_ANSWER, True, ())


def test_extractive_answers_each_unit_of_a_comparison() -> None:
    answer = _extract("鹤鸣县林业局和鹤鸣县水务局的整改措施分别是什么？", BOTH_HITS)
    assert not answer.refused
    lines = answer.text.removeprefix(EXTRACTIVE_NOTE).strip().splitlines()
    assert any(line.startswith(FOREST) for line in lines) and any(line.startswith(WATER) for line in lines)
    assert {c.unit for c in answer.citations} == {FOREST, WATER}


def test_extractive_quotes_are_verbatim() -> None:
    answer = _extract("鹤鸣县林业局护林员队伍管理松散的问题怎么整改的？")
    for c in answer.citations:
        assert c.quote and c.quote.replace(" ", "") in c.text.replace(" ", "")


# -- LLM answerer -----------------------------------------------------------------------------


def test_llm_messages_hold_rules_passages_and_question() -> None:
    fake = FakeChatModel(["县林业局制定整改措施42条[1]。"])
    LLMAnswerer(fake, _settings(), DIRECTORY).answer(QUESTION, FOREST_HITS)
    call = fake.last
    assert CANNOT_ANSWER in call.system
    assert QUESTION in call.user and "[1] 单位：中共鹤鸣县林业局党组" in call.user and "[4] " in call.user


def test_llm_passages_respect_the_token_budget() -> None:
    fake = FakeChatModel(["县林业局制定整改措施42条[1]。"])
    LLMAnswerer(fake, _settings(context_tokens=120), DIRECTORY).answer(QUESTION, FOREST_HITS)
    assert "[1] " in fake.last.user and "[3] " not in fake.last.user


@pytest.mark.parametrize(
    ("reply", "text", "warned"),
    [
        pytest.param("制定整改措施42条[1]。", "制定整改措施42条[1]。", False, id="clean"),
        pytest.param("制定整改措施42条[1][9]。", "制定整改措施42条[1]。", True, id="hallucinated-dropped"),
        pytest.param("清退13名[3]，措施42条[1]。", "清退13名[1]，措施42条[2]。", False, id="renumbered"),
        pytest.param(
            "制定整改措施45条[1]。", f"制定整改措施45{UNVERIFIED_MARK}条[1]。", True, id="claim-flagged"
        ),
        pytest.param(
            "鹤鸣县水务局制定整改措施42条[1]。",
            f"鹤鸣县水务局{UNVERIFIED_MARK}制定整改措施42条[1]。",
            True,
            id="unit-flagged",
        ),
        pytest.param("制定整改措施42条。", "制定整改措施42条。", True, id="uncited-warned"),
    ],
)
def test_llm_reply_checked(reply: str, text: str, warned: bool) -> None:
    answer = LLMAnswerer(FakeChatModel([reply]), _settings(), DIRECTORY).answer(QUESTION, FOREST_HITS)
    assert answer.text == text
    assert bool(answer.warnings) is warned
    assert not answer.refused and answer.mode == "llm"


@pytest.mark.parametrize(
    "reply",
    [
        pytest.param(CANNOT_ANSWER, id="exact"),
        pytest.param(f"  {CANNOT_ANSWER}\n", id="padded"),
        pytest.param(f"{CANNOT_ANSWER}[1]", id="with-marker"),
    ],
)
def test_llm_refusal_recognised(reply: str) -> None:
    answer = LLMAnswerer(FakeChatModel([reply]), _settings(), DIRECTORY).answer(QUESTION, FOREST_HITS)
    assert (answer.text, answer.refused, answer.citations) == (CANNOT_ANSWER, True, ())


def test_is_refusal_does_not_swallow_answers() -> None:
    assert not is_refusal(f"制定整改措施42条[1]。其余情况：{CANNOT_ANSWER}")


def test_llm_stream_yields_pieces_then_renumbered_answer() -> None:
    fake = FakeChatModel(["清退13名[3]。"], chunk_size=3)
    items = list(LLMAnswerer(fake, _settings(), DIRECTORY).stream(QUESTION, FOREST_HITS))
    assert "".join(x for x in items if isinstance(x, str)) == "清退13名[3]。"
    final = items[-1]
    assert (
        isinstance(final, Answer)
        and final.text == "清退13名[1]。"
        and final.citations[0].chunk_id.endswith("-2")
    )


def test_llm_condense_uses_history() -> None:
    fake = FakeChatModel(["鹤鸣县林业局的监督电话是多少？"])
    out = LLMAnswerer(fake, _settings(), DIRECTORY).condense(
        "那它的电话呢？", [("鹤鸣县林业局反馈了几个问题？", "11个")]
    )
    assert out == "鹤鸣县林业局的监督电话是多少？"
    assert "鹤鸣县林业局反馈了几个问题？" in fake.last.user and "那它的电话呢？" in fake.last.user


def test_llm_condense_without_history_makes_no_call() -> None:
    fake = FakeChatModel()
    assert LLMAnswerer(fake, _settings(), DIRECTORY).condense("问题？", []) == "问题？"
    assert not fake.calls


def test_carry_units_only_when_the_follow_up_names_none() -> None:
    history = [("鹤鸣县林业局反馈了几个问题？", "11个")]
    assert carry_units("电话呢？", history, DIRECTORY) == "鹤鸣县林业局：电话呢？"
    assert carry_units("鹤鸣县水务局的电话呢？", history, DIRECTORY) == "鹤鸣县水务局的电话呢？"
    assert carry_units("电话呢？", [], DIRECTORY) == "电话呢？"
    standalone = "哪个单位清退了不在岗的护林员？"
    assert carry_units(standalone, history, DIRECTORY) == standalone
    long_own = "全市巡察整改中公开的监督电话一般留在通报的什么位置？"
    assert carry_units(long_own, history, DIRECTORY) == long_own


# -- the ask flow -----------------------------------------------------------------------------

FOREST_NOTICE = Notice(
    id="n-业局党组",
    unit=FOREST,
    title=f"{FOREST}关于巡察整改情况的通报",
    source="鹤鸣县林.txt",
    text=FOREST_PASSAGES[0][1],
    search_text=FOREST_PASSAGES[0][1],
    facts=NoticeFacts(problems=Fact("11个问题", "3个方面11个问题", 73, 82, number=11, detail={"aspects": 3})),
)


@dataclass
class _View:
    directory: UnitDirectory = DIRECTORY
    notices: tuple[Notice, ...] = (FOREST_NOTICE,)


@dataclass
class _Retriever:
    """Stands in for ``Retriever``: returns the passages of the units the question names."""

    hits: list[Hit] = field(default_factory=lambda: BOTH_HITS)
    view: _View = field(default_factory=_View)
    asked: list[str] = field(default_factory=list)

    def retrieve(
        self, question: str, k: int = 6, unit: str | None = None, info: QuestionInfo | None = None
    ) -> Retrieval:
        self.asked.append(question)
        match = self.view.directory.resolve(unit or question)
        hits = [h for h in self.hits if not match.units or h.chunk.unit in match.units]
        return Retrieval(tuple(hits[:k]), match.units)


def _asker(chat: FakeChatModel | None = None, retriever: _Retriever | None = None) -> Asker:
    answerer: Answerer = ExtractiveAnswerer() if chat is None else LLMAnswerer(chat, _settings(), DIRECTORY)
    return Asker(retriever or _Retriever(), answerer, k=6)  # type: ignore[arg-type]


LOOKUP = "鹤鸣县林业局清退了多少名护林员？"


def test_flow_extractive_by_default() -> None:
    answer = _asker().ask(LOOKUP)
    assert answer.mode == "extractive" and "13名" in answer.text and not answer.warnings
    assert {"condense", "retrieve", "total"} <= answer.timings.keys()


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param(LLMUnavailable("超时"), id="timeout"),
        pytest.param(LLMUnavailable("服务端错误，HTTP 500", status=500), id="http-500"),
    ],
)
def test_flow_falls_back_when_the_model_fails(failure: LLMUnavailable) -> None:
    answer = _asker(FakeChatModel([failure])).ask(LOOKUP)
    assert answer.mode == "extractive" and "13名" in answer.text
    assert FALLBACK_NOTICE.format(reason=failure.reason) in answer.warnings


def test_flow_stream_falls_back_mid_stream() -> None:
    items = list(_asker(FakeChatModel([Interrupted("清退")])).ask_stream(LOOKUP))
    final = items[-1]
    assert isinstance(final, Answer) and final.mode == "extractive" and "13名" in final.text
    assert FALLBACK_NOTICE.format(reason="流式响应中断") in final.warnings
    assert "13名" in "".join(x for x in items if isinstance(x, str))


def test_flow_condense_failure_falls_back_and_carries_units() -> None:
    retriever = _Retriever()
    answer = _asker(FakeChatModel([LLMUnavailable("无法连接接口")]), retriever).ask(
        "清退了多少名护林员？", [("鹤鸣县林业局反馈了几个问题？", "11个")]
    )
    assert answer.mode == "extractive" and "13名" in answer.text
    assert retriever.asked == ["鹤鸣县林业局：清退了多少名护林员？"]
    assert FALLBACK_NOTICE.format(reason="无法连接接口") in answer.warnings


def test_flow_llm_answers_with_condensed_question() -> None:
    chat = FakeChatModel(["鹤鸣县林业局清退了多少名护林员？", "清退不在岗护林员13名[3]。"])
    retriever = _Retriever()
    answer = _asker(chat, retriever).ask("那护林员呢？", [("鹤鸣县林业局反馈了几个问题？", "11个")])
    assert answer.mode == "llm" and answer.text == "清退不在岗护林员13名[1]。"
    assert retriever.asked == ["鹤鸣县林业局清退了多少名护林员？"]


def test_flow_refuses_an_unknown_unit_with_suggestions() -> None:
    answer = _asker().ask("鹤鸣县财政局反馈了几个问题？")
    assert (answer.text, answer.refused) == (CANNOT_ANSWER, True)
    assert answer.warnings and "鹤鸣县财政局" in answer.warnings[0]


def test_flow_counts_come_from_the_facts_table() -> None:
    chat = FakeChatModel(["鹤鸣县林业局反馈3个方面11个问题[1]。"])
    answer = _asker(chat).ask("鹤鸣县林业局巡察反馈了几个问题？")
    assert "11" in answer.text and answer.mode == "llm" and "3个方面11个问题" in chat.last.user
    (citation,) = answer.citations
    assert "3个方面11个问题" in citation.text and citation.unit == FOREST


def test_flow_extractive_facts_answer_says_it_is_extractive() -> None:
    answer = _asker().ask("鹤鸣县林业局巡察反馈了几个问题？")
    assert answer.text.startswith(EXTRACTIVE_NOTE) and answer.mode == "extractive"


def test_flow_stream_of_extractive_is_one_piece_then_answer() -> None:
    items = list(_asker().ask_stream(LOOKUP))
    assert len(items) == 2 and isinstance(items[0], str) and isinstance(items[1], Answer)
    assert items[0] == items[1].text


# -- the facade with the real OpenAI client against the loopback stub ---------------------------

STUB_QUESTION = "岚江市财政局在公务接待方面修订了什么办法？"
"""Neither the facts table nor the problem records answer it: the model reads retrieved passages only."""


@pytest.fixture
def stub_assistant(sample_store: Indexed, openai_stub: OpenAIStub) -> Assistant:
    from assistant.factory import make_assistant

    settings = replace(
        sample_store.settings,
        openai_base_url=openai_stub.base_url,
        openai_api_key="sk-test-key",
        llm_model="stub-model",
        llm_timeout=1.0,
        llm_max_retries=0,
    )
    assistant = make_assistant(settings, store=sample_store.store)
    assert assistant.mode == "llm"
    return assistant


def _cited_passage(assistant: Assistant, needle: str) -> int:
    hits = assistant.retrieve(STUB_QUESTION).hits
    return next(i for i, h in enumerate(hits, 1) if needle in h.chunk.text)


def test_stub_json_answer_with_citations(stub_assistant: Assistant, openai_stub: OpenAIStub) -> None:
    n = _cited_passage(stub_assistant, "公务接待管理办法")
    openai_stub.reply(f"修订《市财政局公务接待管理办法》[{n}]。")
    answer = stub_assistant.ask(STUB_QUESTION)
    assert (answer.mode, answer.refused, answer.warnings) == ("llm", False, ())
    assert answer.text == "修订《市财政局公务接待管理办法》[1]。"
    assert "公务接待管理办法" in answer.citations[0].text
    (request,) = openai_stub.chat_requests()
    assert request.body["stream"] is True  # streamed underneath, so that it can be abandoned
    assert CANNOT_ANSWER in request.messages[0]["content"]


def test_stub_sse_streaming(stub_assistant: Assistant, openai_stub: OpenAIStub) -> None:
    n = _cited_passage(stub_assistant, "公务接待管理办法")
    openai_stub.reply(f"一是开展警示教育；二是修订《市财政局公务接待管理办法》[{n}]。")
    items = list(stub_assistant.ask_stream(STUB_QUESTION))
    pieces = [x for x in items if isinstance(x, str)]
    final = items[-1]
    assert len(pieces) > 2 and isinstance(final, Answer)
    assert final.mode == "llm" and final.text.endswith("[1]。") and final.citations
    assert openai_stub.chat_requests()[0].body.get("stream") is True


def test_stub_http_500_falls_back(stub_assistant: Assistant, openai_stub: OpenAIStub) -> None:
    openai_stub.error(500)
    answer = stub_assistant.ask(STUB_QUESTION)
    assert answer.mode == "extractive" and not answer.refused and "公务接待管理办法" in answer.text
    assert FALLBACK_NOTICE.format(reason="服务端错误，HTTP 500") in answer.warnings


def test_stub_timeout_falls_back(stub_assistant: Assistant, openai_stub: OpenAIStub) -> None:
    openai_stub.delay(3.0)
    answer = stub_assistant.ask(STUB_QUESTION)
    assert answer.mode == "extractive" and not answer.refused
    assert FALLBACK_NOTICE.format(reason="超时") in answer.warnings


def test_stub_hallucinated_citation_dropped(stub_assistant: Assistant, openai_stub: OpenAIStub) -> None:
    n = _cited_passage(stub_assistant, "公务接待管理办法")
    openai_stub.reply(f"修订《市财政局公务接待管理办法》[{n}][9]。")
    answer = stub_assistant.ask(STUB_QUESTION)
    assert answer.text == "修订《市财政局公务接待管理办法》[1]。" and len(answer.citations) == 1
    assert any("[9]" in w for w in answer.warnings)


def test_stub_claim_not_in_passages_flagged(stub_assistant: Assistant, openai_stub: OpenAIStub) -> None:
    n = _cited_passage(stub_assistant, "公务接待管理办法")
    openai_stub.reply(f"对2019年以来的公务接待费用逐笔核查[{n}]。")
    answer = stub_assistant.ask(STUB_QUESTION)
    assert answer.text == f"对2019年{UNVERIFIED_MARK}以来的公务接待费用逐笔核查[1]。"
    assert any(UNVERIFIED_MARK in w for w in answer.warnings)


def test_stub_refusal_sentence(stub_assistant: Assistant, openai_stub: OpenAIStub) -> None:
    openai_stub.reply(CANNOT_ANSWER)
    answer = stub_assistant.ask(STUB_QUESTION)
    assert (answer.text, answer.refused, answer.mode, answer.citations) == (CANNOT_ANSWER, True, "llm", ())


# -- what a question asks for -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        pytest.param("甲局制定了多少条整改措施？", [("count", "条", "措施", True)], id="count-counter-noun"),
        pytest.param("甲局减少了多少股级干部？", [("count", "", "干部", True)], id="count-noun"),
        pytest.param("甲局的新闻报道发了多少篇", [("count", "篇", "报道", True)], id="count-counter-only"),
        pytest.param("甲乙两局查处的案件哪里更多？", [("count", "", "", False)], id="comparison-counts"),
        pytest.param("甲局什么时候召开民主生活会？", [("date", "", "生活会", True)], id="date"),
        pytest.param("甲局什么时候被巡察？", [("date", "", "", False)], id="date-no-event"),
        pytest.param("甲局整改领导小组组长是谁？", [("name", "", "组长", True)], id="person-name"),
        pytest.param("甲局的微信公众号叫什么？", [], id="other-name-is-not-a-person"),
        pytest.param("侨光商场转让给了谁？", [("who", "", "", False)], id="who-person-or-body"),
        pytest.param("甲局书记此前担任什么职务？", [("career", "", "", True)], id="career"),
        pytest.param("甲局的监督电话是多少？", [("phone", "", "", True)], id="phone-not-count"),
        pytest.param(
            "甲局的通信地址和邮箱？", [("address", "", "", True), ("email", "", "", True)], id="contacts"
        ),
        pytest.param("甲局由哪个巡察组巡察？", [("group", "", "", True)], id="group"),
        pytest.param("甲局是怎么整改的？", [("measures", "", "", False)], id="measures"),
        pytest.param("哪个单位安排专人保洁？", [("which_unit", "", "", False)], id="which-unit"),
    ],
)
def test_read_question_asks(question: str, asks: list[tuple[str, str, str, bool]]) -> None:
    read = read_question(question, ["甲局"])
    assert [(a.kind, a.counter, a.noun, a.hard) for a in read.asks] == asks
