"""A problem named in the user's own words, located by retrieval (fictional notice).

Classes: a paraphrase whose words are in the problem's measures but not its statement, located when
its passages lead clearly; no clear lead (two problems' passages score alike); a question sharing only
words many problems say (不到位, 管理) names none; a passage outside every problem leading; the
sub-problem holding the leading passage; a statement matched by words that many statements share is
no match; questions that ask how a problem was rectified in other verbs; end to end on a real index,
the measures said where the passages give no answer, a problem the notice does not report refused.
"""

# ruff: noqa: F811  (the imported ``openai_stub`` fixture is requested by parameter name)

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answering.located import locate_problems, names_the_matter, record_answers_all
from assistant.answering.problem_answers import asks_of_one_problem, match_problem
from assistant.factory import make_assistant
from assistant.reading.questions import analyze
from assistant.reading.units import UnitDirectory
from assistant.service import Assistant
from core.phrases import CANNOT_ANSWER
from core.types import Chunk, Hit
from index.splitting import parse_notices
from tests.conftest import Indexed
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401
from tests.sample_index import index_texts

TEXT = (
    "中共青禾市粮食和物资储备局党组关于巡察整改情况的通报\n"
    "根据市委统一部署，2023年3月1日至4月30日，市委第二巡察组对市粮储局党组开展了常规巡察。\n"
    "二、整改落实情况\n"
    "1.关于“办公用房使用不规范”的问题。\n"
    "整改情况：一是与业主协商，将闲置的300平方米租赁办公场所退租；二是重新核定各科室办公面积。\n"
    "2.关于“作风建设不实”的问题。\n"
    "整改情况：一是压减会议数量，全年会议比上年减少三成；二是精简文件，减少发文数量，制定发文审核清单。\n"
    "3.关于“惠民政策落实有短板”的问题。\n"
    "整改情况：一是为65岁以上老人办理公交免费卡；二是在仓储点设置便民服务台。\n"
    "4.关于“财经纪律执行不到位”的问题。\n"
    "整改情况：一是清退以报刊名义发放的福利1.2万元；二是规范差旅费报销审核。\n"
    "5.关于“干部队伍建设管理不到位”的问题。\n"
    "（1）干部考录选调不及时。整改情况：招录选调生2名，充实8个科室。\n"
    "（2）年轻干部培养不够。整改情况：选派3名年轻干部到基层仓库锻炼。\n"
    "6.关于“安全生产管理不到位”的问题。\n"
    "整改情况：一是开展粮库消防检查；二是更换老旧灭火器120具。\n"
    "中共青禾市粮食和物资储备局党组\n2023年9月1日\n"
)
(NOTICE,) = parse_notices(TEXT, "grain.txt")
NOTICES = [NOTICE]
DIRECTORY = UnitDirectory.from_notices(NOTICES)
UNIT = NOTICE.unit


def _hit(anchor: str, score: float, rank: int) -> Hit:
    """A retrieved passage: the line of the notice holding ``anchor``, in whichever problem holds it."""
    at = NOTICE.text.index(anchor)
    start, end = NOTICE.text.rfind("\n", 0, at) + 1, NOTICE.text.find("\n", at)
    problem = next((i for i, p in enumerate(NOTICE.problems) if p.start <= at < p.end), None)
    text = NOTICE.text[start:end]
    chunk = Chunk(f"c{rank}", NOTICE.id, UNIT, NOTICE.title, "grain.txt", (), text, start, end, rank, problem)
    return Hit(chunk, score, rank)


def _located(question: str, *hits: tuple[str, float]) -> str | None:
    got = locate_problems(
        analyze(question, DIRECTORY), NOTICES, [_hit(a, s, i) for i, (a, s) in enumerate(hits, 1)]
    )
    return got[UNIT][1].statement if UNIT in got else None


@pytest.mark.parametrize(
    ("question", "hits", "expected"),
    [
        (
            "青禾市粮食和物资储备局租的办公地方空着没用，后来怎么处理的？",
            [("300平方米", 1.0), ("压减会议", 0.3)],
            "办公用房使用不规范",
        ),
        (
            "青禾市粮食和物资储备局会多文件多，后来怎么压下来的？",
            [("精简文件", 1.0), ("公交免费卡", 0.4)],
            "作风建设不实",
        ),
        (
            "青禾市粮食和物资储备局老人坐公交的优惠落实了吗，怎么整改的",
            [("公交免费卡", 0.9), ("300平方米", 0.2)],
            "惠民政策落实有短板",
        ),
        (
            "青禾市粮食和物资储备局人手不够、选调生进得慢，这个怎么解决的？",
            [("招录选调生", 1.0), ("更换老旧", 0.5)],
            "干部考录选调不及时",
        ),
        (
            "青禾市粮食和物资储备局给职工发报刊福利那事咋整改的",
            [("报刊名义", 1.0), ("精简文件", 0.6)],
            "财经纪律执行不到位",
        ),
    ],
)
def test_a_paraphrased_problem_is_located_where_its_passages_lead(
    question: str, hits: list[tuple[str, float]], expected: str
) -> None:
    assert _located(question, *hits) == expected


@pytest.mark.parametrize(
    ("question", "hits"),
    [
        # two problems' passages score alike: no clear lead
        ("青禾市粮食和物资储备局会多文件多，后来怎么压下来的？", [("精简文件", 1.0), ("300平方米", 0.95)]),
        # only words many problems say (管理不到位)
        (
            "青禾市粮食和物资储备局驾校培训监管不到位的问题是怎么整改的？",
            [("更换老旧", 1.0), ("300平方米", 0.3)],
        ),
        ("青禾市粮食和物资储备局食堂卫生不到位，怎么整改的", [("招录选调生", 1.0), ("公交免费卡", 0.2)]),
        # the question's words are in no problem's text
        ("青禾市粮食和物资储备局公车私用的问题，整改措施有哪些？", [("公交免费卡", 1.0), ("精简文件", 0.2)]),
        # a passage outside every problem leads
        ("青禾市粮食和物资储备局巡察整改的组织工作怎么落实的？", [("常规巡察", 1.0), ("300平方米", 0.5)]),
    ],
)
def test_no_problem_is_located_without_a_clear_lead_in_its_words(
    question: str, hits: list[tuple[str, float]]
) -> None:
    assert _located(question, *hits) is None


@pytest.mark.parametrize(
    "question",
    [
        "青禾市粮食和物资储备局驾校培训监管不到位的问题，是怎么整改的？",
        "青禾市粮食和物资储备局落实不到位的问题怎么整改的",
        "青禾市粮食和物资储备局整改不到位那个问题后来怎么处理的",
    ],
)
def test_words_many_statements_share_match_no_problem(question: str) -> None:
    assert match_problem(question, NOTICE.problems) is None


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("青禾市粮食和物资储备局办公用房使用不规范的问题是怎么整改的", "办公用房使用不规范"),
        ("青禾市粮食和物资储备局财经纪律那个问题怎么整改的", "财经纪律执行不到位"),
        ("青禾市粮食和物资储备局安全生产管理的问题采取了哪些措施", "安全生产管理不到位"),
    ],
)
def test_a_distinctive_word_of_the_statement_still_matches(question: str, expected: str) -> None:
    got = match_problem(question, NOTICE.problems)
    assert got is not None and got.statement == expected


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("青禾市粮食和物资储备局会多文件多，后来怎么压下来的？", True),
        ("青禾市粮食和物资储备局报刊福利那事，整改了些啥？", True),
        ("青禾市粮食和物资储备局这个漏洞后来是怎么堵上的", True),
        ("青禾市粮食和物资储备局租房那事巡察后怎么弄的", True),
        ("青禾市粮食和物资储备局巡察移交的线索处理了哪些人？", False),
        ("青禾市粮食和物资储备局整改以后怎么样了？", False),
    ],
)
def test_how_a_problem_was_rectified_in_other_verbs(question: str, asks: bool) -> None:
    assert asks_of_one_problem(analyze(question, DIRECTORY)) is asks


@pytest.mark.parametrize(
    ("question", "alone"),
    [
        ("青禾市粮食和物资储备局会多文件多，后来怎么压下来的？", True),
        ("青禾市粮食和物资储备局巡察时有没有说会多？后来怎么改的？", True),
        ("青禾市粮食和物资储备局那个发报刊福利的干部叫什么？怎么处理的？", False),
        ("青禾市粮食和物资储备局那次报刊福利是哪天发的？后来怎么处理的？", False),
        ("青禾市粮食和物资储备局选调生的事后来怎么解决的，招了几名？", True),
    ],
)
def test_the_record_answers_only_a_question_asking_nothing_else(question: str, alone: bool) -> None:
    assert record_answers_all(analyze(question, DIRECTORY)) is alone


@pytest.fixture(scope="module")
def grain_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return index_texts(tmp_path_factory, {"青禾市粮食和物资储备局.txt": TEXT})


@pytest.fixture(scope="module")
def grain(grain_index: Indexed) -> Assistant:
    return make_assistant(grain_index.settings, store=grain_index.store)


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("青禾市粮食和物资储备局会多文件多，后来怎么压下来的？", "发文审核清单"),
        ("青禾市粮食和物资储备局租的办公地方空着没用，后来怎么处理的？", "退租"),
        ("青禾市粮食和物资储备局粮库防火那块，巡察后怎么整改的？", "灭火器"),
    ],
)
def test_the_located_problems_measures_answer_where_passages_do_not(
    grain: Assistant, question: str, wanted: str
) -> None:
    answer = grain.ask(question)
    assert not answer.refused, question
    assert wanted in answer.text, (question, answer.text)


@pytest.mark.parametrize(
    "question",
    [
        "青禾市粮食和物资储备局驾校培训监管不到位的问题，是怎么整改的？",
        "青禾市粮食和物资储备局公车私用的问题，整改措施有哪些？",
    ],
)
def test_a_problem_the_notice_does_not_report_is_refused(grain: Assistant, question: str) -> None:
    assert grain.ask(question).refused, question


@pytest.mark.parametrize(
    ("question", "text", "named"),
    [
        (
            "青禾市粮食和物资储备局公车私用的问题，整改措施有哪些？",
            "共排查出廉政风险7个，制定整改措施7条。",
            False,
        ),
        ("青禾市粮食和物资储备局食堂卫生不规范的问题是怎么整改的", "一是规范差旅费报销审核。", False),
        ("青禾市粮食和物资储备局给职工发报刊福利那事咋整改的", "一是清退以报刊名义发放的福利1.2万元。", True),
        ("青禾市粮食和物资储备局第3个问题是怎么整改的", "一是为65岁以上老人办理公交免费卡。", True),
    ],
)
def test_passages_quoted_for_a_problem_must_name_it(question: str, text: str, named: bool) -> None:
    """A sentence sharing only asking words (整改措施, 规范) with the question is about another matter."""
    assert names_the_matter(analyze(question, DIRECTORY), text) is named


def test_a_model_that_refuses_gives_way_to_the_located_record(
    grain_index: Indexed, openai_stub: OpenAIStub
) -> None:
    """LLM mode over the loopback stub: the model refuses a problem asked in everyday words; the
    located problem's measures answer, extractively, as in the mode without a model."""
    settings = replace(
        grain_index.settings,
        openai_base_url=openai_stub.base_url,
        openai_api_key="sk-test-key",
        llm_model="stub-model",
        llm_timeout=2.0,
        llm_max_retries=0,
    )
    openai_stub.reply(CANNOT_ANSWER)
    answer = make_assistant(settings, store=grain_index.store).ask(
        "青禾市粮食和物资储备局会多文件多，后来怎么压下来的？"
    )
    assert openai_stub.chat_requests(), "the model was asked"
    assert (answer.mode, answer.refused) == ("extractive", False), answer
    assert "发文审核清单" in answer.text, answer.text
