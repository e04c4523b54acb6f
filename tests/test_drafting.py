"""Drafting: placeholders, extractive and LLM drafts, the post-check, fallbacks (reading: test_request_reading)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from assistant.composing.drafting import FORM_FALLBACK
from assistant.composing.placeholders import check, placeholders_in, scrub
from assistant.composing.topics import TOPICS
from assistant.factory import make_assistant
from assistant.reading.units import UnitDirectory
from assistant.service import Assistant
from benchmarks.drafting_eval import copying_reply
from core.normalize import compact, to_simplified
from core.phrases import CITATION_RE, DRAFT_EXTRACTIVE_NOTE, EXTRACTIVE_NOTE, FALLBACK_NOTICE, PLACEHOLDER_RE
from core.unitnames import aliases
from tests.conftest import Indexed
from tests.fake_llm import FakeChatModel
from tests.openai_stub import OpenAIStub, openai_stub  # noqa: F401
from tests.sample_index import index_sample


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return index_sample(tmp_path_factory)


DIRECTORY = UnitDirectory(["中共青禾市水务局党组", "中共白石县审计局党组"])

# -- placeholders -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2023年6月16日召开专题会议", "【日期】召开专题会议", id="full-date"),
        pytest.param("于2022年10月17日至12月16日开展巡察", "于【日期】开展巡察", id="date-range"),
        pytest.param("于11月25-27日组织培训", "于【日期】组织培训", id="day-range"),
        pytest.param("计划于2023年12月底前完成", "计划于【日期】前完成", id="month-end"),
        pytest.param("对2021年以来的会议纪要开展自查", "对【日期】以来的会议纪要开展自查", id="year-since"),
        pytest.param("追回违规资金1.2万元", "追回违规资金【金额】", id="amount"),
        pytest.param("整改率达到95%", "整改率达到【比例】", id="ratio"),
        pytest.param("制定整改措施36条，约谈12人", "制定整改措施【数量】条，约谈【数量】人", id="counts"),
        pytest.param(
            "先后召开三次会议，新建制度十二项",
            "先后召开【数量】次会议，新建制度【数量】项",
            id="chinese-counts",
        ),
        pytest.param("修订《白石县审计局公务接待办法》", "修订【文件名称】", id="document"),
        pytest.param(
            "学习《中国共产党纪律处分条例》", "学习《中国共产党纪律处分条例》", id="central-document-kept"
        ),
        pytest.param("印发青审发〔2021〕19号文件", "印发青审发【文号】文件", id="document-number"),
        pytest.param("市委第三巡察组反馈意见", "【巡察组】反馈意见", id="inspection-group"),
        pytest.param("十三届市委第十二轮巡察", "【巡察轮次】巡察", id="round"),
        pytest.param(
            "省委第六巡视组对学院党委进行了巡视",
            "【巡视组】对学院党委进行了巡视",
            id="inspection-group-xunshi",
        ),
        pytest.param("联系电话：0000-7654321", "联系电话：【联系电话】", id="phone"),
        pytest.param("电子邮箱：abc@qinghe.gov.cn。", "电子邮箱：【电子邮箱】。", id="email"),
        pytest.param("会同市水务局开展检查", "会同【单位名称】开展检查", id="directory-unit"),
        pytest.param("会同市档案局开展检查", "会同【单位名称】开展检查", id="unit-shaped"),
        pytest.param(
            "落实“三重一大”“一岗双责”“四个意识”", "落实“三重一大”“一岗双责”“四个意识”", id="set-phrases"
        ),
        pytest.param("深化“三个以案”警示教育", "深化“三个以案”警示教育", id="quoted-slogan"),
        pytest.param(
            "一是修订制度[1]；二是开展检查[2]", "一是修订制度[1]；二是开展检查[2]", id="ordinals-and-markers"
        ),
        pytest.param("已清退黄某某等临聘人员", "已清退【姓名】等临聘人员", id="anonymized-person"),
    ],
)
def test_scrub(text: str, expected: str) -> None:
    assert scrub(text, directory=DIRECTORY, names=False).text == expected


def test_scrub_keeps_what_the_user_gave() -> None:
    result = scrub("2023年6月召开会议，制定措施12条，追回资金3万元", keep=["我们在2023年6月制定措施12条"])
    assert result.text == "2023年6月召开会议，制定措施12条，追回资金【金额】"
    assert [r.original for r in result.replacements] == ["3万元"]


def test_scrub_finds_place_and_person_names() -> None:
    out = scrub("党组书记张建国同志带队赴台江区调研").text
    assert "张建国" not in out and "台江" not in out
    assert {"【姓名】", "【地名】"} <= set(placeholders_in(out))


@pytest.mark.parametrize(
    ("draft", "given", "expected"),
    [
        pytest.param("于2023年6月召开会议[1]。", "起草会议情况", "于【日期】召开会议[1]。", id="stray-date"),
        pytest.param("制定措施12条。", "我们制定措施12条", "制定措施12条。", id="given-count-kept"),
        pytest.param(
            "制定措施2条。", "我们制定措施12条", "制定措施【数量】条。", id="no-partial-number-match"
        ),
        pytest.param(
            "会同青禾市水务局开展检查。", "起草检查情况", "会同【单位名称】开展检查。", id="other-unit"
        ),
        pytest.param("召开三次专题会议。", "起草会议情况", "召开【数量】次专题会议。", id="chinese-count"),
        pytest.param("于【日期】召开会议。", "起草", "于【日期】召开会议。", id="placeholder-untouched"),
    ],
)
def test_check(draft: str, given: str, expected: str) -> None:
    assert check(draft, [given], DIRECTORY).text == expected


def test_check_replaces_a_copied_document_title_only() -> None:
    passage = "修订《青禾市水务局财务报销办法》"
    out = check(
        "修订《青禾市水务局财务报销办法》，学习《中国共产党章程》。", ["起草"], copied_from=[passage]
    ).text
    assert out == "修订【文件名称】，学习《中国共产党章程》。"


# -- drafts over the sample notices -------------------------------------------------------------

INSTRUCTIONS = [
    ("起草意识形态工作责任制落实不到位问题的整改情况", None),
    ("起草“三重一大”集体决策制度执行不严格问题的整改情况", None),
    ("起草公务用车管理不规范问题的整改情况，我们已修订公务用车管理办法", None),
    ("草拟选人用人工作不规范的整改情况", "problem"),
    ("起草财务报销审核把关不严问题的整改情况", None),
    ("起草“三会一课”制度落实不到位问题的整改情况", None),
    ("给一个巡察整改情况通报的框架", None),
    ("写一篇巡视整改进展情况通报全文，重点写意识形态问题", "notice"),
    ("把这段话改写成规范表述：我们开了会，定了整改方案", "rewrite"),
]
_NUMBER_RE = re.compile(r"\d+")


def _assistant(sample_index: Indexed, chat: FakeChatModel | None = None) -> Assistant:
    return make_assistant(sample_index.settings, chat=chat, store=sample_index.store)


_LIST_MARKER_RE = re.compile(r"(?m)^\d+[.．、]")


def _bare(text: str) -> str:
    """The draft without placeholders, citation markers and line-leading list numbers."""
    return _LIST_MARKER_RE.sub("", CITATION_RE.sub("", PLACEHOLDER_RE.sub("", text)))


@pytest.mark.parametrize(("instruction", "kind"), INSTRUCTIONS, ids=[i for i, _ in enumerate(INSTRUCTIONS)])
def test_extractive_draft_carries_no_foreign_specifics(
    sample_index: Indexed, instruction: str, kind: str | None
) -> None:
    assistant = _assistant(sample_index)
    draft = assistant.draft(instruction, kind=kind)  # type: ignore[arg-type]
    assert draft.mode == "extractive"
    assert EXTRACTIVE_NOTE not in draft.text and DRAFT_EXTRACTIVE_NOTE in draft.warnings
    bare = _bare(draft.text)
    for number in _NUMBER_RE.findall(bare):
        assert number in instruction, (number, draft.text)
    for notice in assistant.notices():
        for alias in aliases(notice.unit):
            if len(alias.text) >= 4:
                assert alias.text not in compact(bare), (alias.text, draft.text)
    assert draft.placeholders == placeholders_in(draft.text)
    assert draft.citations, draft.text


_GENERIC = {compact(e.generic) for t in TOPICS for e in t.elements}


@pytest.mark.parametrize(("instruction", "kind"), INSTRUCTIONS[:6], ids=[str(i) for i in range(6)])
def test_extractive_draft_is_traceable(sample_index: Indexed, instruction: str, kind: str | None) -> None:
    """Every measure is the user's own words, a generic line of the topic table, or its exemplar's."""
    draft = _assistant(sample_index).draft(instruction, kind=kind)  # type: ignore[arg-type]
    by_n = {c.n: c for c in draft.citations}
    assert sorted(by_n) == list(range(1, len(by_n) + 1))
    measures = draft.text.split("整改情况：", 1)[1].split("\n", 1)[0]
    clauses = [c for c in re.split(r"[一二三四五六七八九十]是", measures) if c.strip()]
    assert len(clauses) >= 3
    cited = 0
    for clause in clauses:
        numbers = [int(n) for n in CITATION_RE.findall(clause)]
        words = CITATION_RE.sub("", clause).rstrip("；。")
        if not numbers:
            assert compact(words) in compact(instruction) or any(
                compact(words).startswith(g) for g in _GENERIC
            )
            continue
        cited += 1
        source = compact(to_simplified(by_n[numbers[0]].text))
        for fragment in PLACEHOLDER_RE.split(words):
            assert compact(fragment) in source or len(fragment) <= 3, (fragment, by_n[numbers[0]].text)
    assert cited >= 1


def test_extractive_draft_leaves_out_the_users_own_unit(sample_index: Indexed) -> None:
    draft = _assistant(sample_index).draft("起草选人用人工作不规范问题的整改情况", unit="岚江市市场监管局")
    assert draft.citations and draft.title.startswith("岚江市市场监管局关于")
    assert all(c.unit != "中共岚江市市场监督管理局党组" for c in draft.citations)


def test_notice_skeleton_has_every_part(sample_index: Indexed) -> None:
    draft = _assistant(sample_index).draft("起草一份整改通报框架", unit="白石县档案局")
    assert draft.title == "白石县档案局关于巡察整改情况的通报"
    for part in (
        "一、整改工作组织情况",
        "二、整改落实情况",
        "三、下一步工作打算",
        "【联系电话】",
        "【通信地址】",
        "【电子邮箱】",
    ):
        assert part in draft.text
    assert draft.text.endswith("白石县档案局\n【成文日期】")


@pytest.mark.parametrize(
    ("instruction", "present", "absent"),
    [
        pytest.param(
            "帮我起草一段关于“意识形态工作责任制落实不到位”问题的整改情况，单位是某某区市场监督管理局党组，"
            "写成“整改情况：一是……二是……”的格式。",
            ["整改情况：一是"],
            ["单位是", "格式", "……", "某某区党组", "整改成效"],
            id="issue-example-format",
        ),
        pytest.param(
            "请起草党风廉政建设主体责任落实不到位问题的整改措施，单位为某县农业农村局党组，要有具体学习次数和制度名称。",
            ["整改措施：一是", "【学习次数】", "【制度名称】"],
            ["单位为", "要有", "学习次数和制度名称"],
            id="issue-example-required",
        ),
    ],
)
def test_the_issues_requests(
    sample_index: Indexed, instruction: str, present: list[str], absent: list[str]
) -> None:
    for chat in (None, FakeChatModel(responder=lambda m: copying_reply(m[-1].content))):
        draft = _assistant(sample_index, chat).draft(instruction)
        for word in present:
            assert word in draft.text, (word, draft.text)
        for word in absent:
            assert word not in draft.text, (word, draft.text)


# -- LLM mode -----------------------------------------------------------------------------------


def test_llm_draft_prompt_and_post_check(sample_index: Indexed) -> None:
    fake = FakeChatModel(
        [
            "关于意识形态问题。一是于2023年6月召开专题会议[1]，会同市财政局修订制度12项[2]；二是开展检查3次[9]。"
        ]
    )
    draft = _assistant(sample_index, fake).draft(
        "起草意识形态问题的整改情况，修订制度12项", unit="白石县档案局"
    )
    call = fake.last
    assert "熟悉党政机关公文写作" in call.system
    assert "写作任务：起草关于“意识形态”问题的整改情况" in call.user
    assert "本单位：白石县档案局" in call.user and "[1] 单位：" in call.user
    assert "- 修订制度12项" in call.user
    assert draft.mode == "llm"
    assert "2023年6月" not in draft.text and "市财政局" not in draft.text and "3次" not in draft.text
    assert "修订制度12项" in draft.text and draft.text.startswith("整改情况：一是")
    assert "[9]" not in draft.text
    assert {"【日期】", "【相关单位】", "【数量】"} <= set(draft.placeholders)
    assert any("占位符" in w for w in draft.warnings)
    assert [c.n for c in draft.citations] == [1, 2]


def test_llm_post_check_undoes_a_copying_model(sample_index: Indexed) -> None:
    reply = (
        "一、整改工作组织情况\n【单位名称】高度重视。\n"
        "整改情况：一是2023年6月16日，岚江市财政局党组召开专题会议，组织全体民警学习《岚江市财政局公务接待管理办法》[1]；"
        "二是写成整改情况的格式；三是要有具体学习次数；四是开展公务接待专项检查，清退超标准费用1.2万元[2]。"
        "\n\n【单位名称】\n2023年9月1日"
    )
    draft = _assistant(sample_index, FakeChatModel([reply])).draft(
        "起草公务接待管理不规范问题的整改情况，单位是某县市场监督管理局党组，要有具体学习次数"
    )
    text = draft.text
    assert draft.mode == "llm" and text.startswith("整改情况：一是")
    for gone in ("岚江", "民警", "2023", "1.2万元", "《", "格式", "要有", "一、", "【单位名称】"):
        assert gone not in text, (gone, text)
    assert {"【日期】", "【文件名称】", "【金额】", "【学习次数】"} <= set(draft.placeholders)
    assert "全体干部职工" in text and "三是" in text


def test_llm_rewrite_uses_the_rewrite_prompt(sample_index: Indexed) -> None:
    fake = FakeChatModel(["我局召开专题会议，研究制定整改方案。"])
    draft = _assistant(sample_index, fake).draft("请改写成规范表述：我们开了会，定了整改方案")
    assert "<<<草稿开始>>>\n我们开了会，定了整改方案\n<<<草稿结束>>>" in fake.last.user
    assert draft.text == "我局召开专题会议，研究制定整改方案。"


def test_llm_failure_falls_back_to_extractive(sample_index: Indexed) -> None:
    fake = FakeChatModel().fail("超时")
    draft = _assistant(sample_index, fake).draft("起草意识形态问题的整改情况")
    assert draft.mode == "extractive"
    assert FALLBACK_NOTICE.format(reason="超时") in draft.warnings
    assert draft.citations


def test_llm_draft_of_the_wrong_form_falls_back_to_extractive(sample_index: Indexed) -> None:
    fake = FakeChatModel(["某局高度重视，认真整改。"])
    draft = _assistant(sample_index, fake).draft("起草一份巡察整改情况通报", unit="白石县档案局")
    assert draft.mode == "extractive" and FORM_FALLBACK in draft.warnings
    assert "二、整改落实情况" in draft.text


def test_llm_draft_through_the_openai_stub(sample_index: Indexed, openai_stub: OpenAIStub) -> None:  # noqa: F811
    openai_stub.reply("一是完善制度[1]；二是于2022年3月开展专项检查[2]。")
    settings = replace(
        sample_index.settings,
        openai_base_url=openai_stub.base_url,
        openai_api_key="sk-test",
        llm_model="stub",
    )
    assistant = make_assistant(settings, store=sample_index.store)
    draft = assistant.draft("起草财务报销问题的整改情况")
    assert draft.mode == "llm"
    assert draft.text == "整改情况：一是完善制度[1]；二是于【日期】开展专项检查[2]。"
    sent = openai_stub.chat_requests()[0].messages
    assert sent[0]["role"] == "system" and "关于“财务报销”问题的整改情况" in sent[1]["content"]
