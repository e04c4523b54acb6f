"""Questions of several parts and typed asks, table-driven (fictional notices of ``data/sample``).

Classes: a field named in any of its usual words; parts the facts table lacks answered from
passages; comparisons of several fields at once, each with its verdict; an inspection's length;
counts of money and of people; a role's holder; a numbered group; premises of the inspecting
committee and of "that year's inspection".
"""

from __future__ import annotations

import pytest

from assistant.answering.compare import say_days
from assistant.answering.sentences import Sentence
from assistant.factory import make_assistant
from assistant.grounding.claims import passage_form
from assistant.reading.asks import read_question
from assistant.reading.questions import open_parts
from assistant.reading.targets import read_targets
from assistant.service import Assistant
from core.normalize import compact
from tests.conftest import Indexed
from tests.sample_index import index_sample

FINANCE = "中共岚江市财政局党组"
MARKET = "中共岚江市市场监督管理局党组"


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    return index_sample(tmp_path_factory)


@pytest.fixture
def sample(sample_index: Indexed) -> Assistant:
    return make_assistant(sample_index.settings, store=sample_index.store)


@pytest.mark.parametrize(
    ("question", "targets"),
    [
        ("财政局巡察起止时间是哪天到哪天？", {"inspection_period"}),
        ("財政局巡察起止時間跟反饋日期分別是？", {"inspection_period", "feedback_date"}),
        ("财政局是第几巡察组巡的？", {"inspection_body"}),
        ("财政局是谁巡的", {"inspection_body"}),
        ("财政局巡了多久？", {"inspection_period"}),
        ("财政局几月几号反馈的？", {"feedback_date"}),
        ("财政局啥时候收到反馈的", {"feedback_date"}),
        ("财政局的反馈会是哪天开的", {"feedback_date"}),
        ("财政局反馈的问题现在改完了几个？", {"status"}),
        ("财政局什么时候进驻的", {"inspection_period"}),
        ("财政局那轮巡察从哪天开始到哪天结束？", {"inspection_period"}),
        ("财政局的电子邮箱和电话？", {"contact"}),
        ("财政局整改措施定了多少条？", {"measures"}),
        ("财政局那份整改通报落款是哪天？", {"signed"}),
        ("财政局的巡察整改报告是哪天的？", {"signed"}),
    ],
)
def test_a_field_is_read_in_its_usual_words(question: str, targets: set[str]) -> None:
    assert set(read_targets(compact(question))[0]) >= targets


@pytest.mark.parametrize(
    "question",
    ["财政局整改什么时候开始的？", "财政局召开了几次专题会议？", "财政局修订了哪些制度？"],
)
def test_other_asks_are_not_read_as_fields(question: str) -> None:
    assert not {"inspection_period", "feedback_date", "inspection_body"} & set(
        read_targets(compact(question))[0]
    )


@pytest.mark.parametrize(
    ("question", "kind", "noun"),
    [
        ("整改措施总共是多少项？", "count", "措施"),
        ("给多少家民办学校寄过材料？", "count", "学校"),
        ("有多少家乡村旅馆装了信息系统？", "count", "旅馆"),
        ("新闻报道一共发了多少篇", "count", "报道"),
        ("现在改完多少了", "count", ""),
    ],
)
def test_the_counted_noun_before_or_after_the_count(question: str, kind: str, noun: str) -> None:
    asks = [a for a in read_question(question).asks if a.kind == kind]
    assert asks and asks[0].noun == noun


@pytest.mark.parametrize(
    ("question", "person"),
    [
        ("整改方案叫什么名字？", False),
        ("那个公众号的名称是什么", False),
        ("违规报销的交通费是哪个干部报的？", True),
        ("被提醒谈话的直接责任人叫什么？", True),
        ("联系人的姓名", True),
    ],
)
def test_a_persons_name_and_a_things_name(question: str, person: bool) -> None:
    assert read_question(question).wants("name") is person


@pytest.mark.parametrize(
    ("question", "units", "not_"),
    [
        ("县委巡察组巡察的是哪几家？", ("云岭县教育局", "云岭县农业农村局"), "岚江市财政局"),
        ("哪些单位是市委巡察组巡察的？", ("岚江市财政局", "岚江市市场监督管理局"), "云岭县"),
        ("帮我列一下市委巡察组巡过的单位", ("岚江市财政局", "岚江市市场监督管理局"), "云岭县"),
    ],
)
def test_lists_by_the_inspecting_committee(
    sample: Assistant, question: str, units: tuple[str, ...], not_: str
) -> None:
    answer = sample.ask(question)
    assert not answer.refused
    assert all(u in answer.text for u in units) and not_ not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "units", "not_"),
    [
        ("2023年6月15日收到巡察反馈意见的是哪家？", ("岚江市财政局",), "市场监督管理局"),
        ("哪几家是2023年4月开始被巡察的？", ("云岭县教育局",), "岚江市财政局"),
        ("2023年3月进驻巡察的有哪些单位", ("岚江市财政局", "岚江师范学院"), "云岭县"),
    ],
)
def test_lists_by_a_day_or_month(sample: Assistant, question: str, units: tuple[str, ...], not_: str) -> None:
    answer = sample.ask(question)
    assert not answer.refused and all(u in answer.text for u in units) and not_ not in answer.text, (
        answer.text
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("财政局和市场监管局收到巡察反馈差了多久？", "相差160天"),
        ("岚江财政局跟市场监管局的反馈日期相差几天", "相差160天"),
        ("财政局与市场监管局进驻时间隔了多少天？", "相差140天"),
        ("财政局和市场监管局反馈的具体问题各是多少？", "9个问题"),
        ("财政局和市场监管局都是“市委巡察组”巡的，谁反馈的问题多？", "更多"),
    ],
)
def test_differences_and_counts_of_two_units(sample: Assistant, question: str, expected: str) -> None:
    answer = sample.ask(question)
    assert expected in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "targets"),
    [
        ("财政局整改进展通报又是哪天发布的？", {"signed"}),
        ("财政局是哪几个巡察组去巡的？", {"inspection_body"}),
        ("财政局通报上的监督电话和邮编是多少？", {"contact"}),
        ("财政局“三重一大”这个问题反馈后，制定了几条措施？", set()),
        ("财政局的整改措施完成了多少？", set()),
        ("财政局有几个问题被追责问责了？", set()),
        ("财政局有几个问题涉及财务管理？", set()),
    ],
)
def test_more_fields_in_users_words(question: str, targets: set[str]) -> None:
    got = set(read_targets(compact(question))[0])
    assert got >= targets and (targets or not {"measures", "problems"} & got)


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("我们在准备年终汇报材料，想确认一下：财政局集中学习了几次？", ("准备", "汇报", "材料")),
        ("局里让我核对数据，请问财政局制定了多少条措施", ("核对", "数据")),
        ("写总结用的，麻烦查一下：财政局有几个问题正在推进？", ("总结",)),
    ],
)
def test_why_the_user_asks_is_not_searched_for(question: str, absent: tuple[str, ...]) -> None:
    terms = read_question(question).terms
    assert not any(a in t for a in absent for t in terms), terms


@pytest.mark.parametrize(
    ("question", "which_unit"),
    [("这个资产维权问题是谁家的？", True), ("这事是哪家单位干的", True), ("整改领导小组组长是谁", False)],
)
def test_whose_is_a_which_unit_question(question: str, which_unit: bool) -> None:
    got = read_question(question)
    assert got.wants("which_unit") is which_unit and got.wants("name") is not which_unit


@pytest.mark.parametrize(
    ("question", "listed", "not_"),
    [
        ("哪些单位接受的是常规巡察？", "云岭县教育局", "岚江市财政局"),
        ("这批通报里哪几家是常规巡视", "岚江师范学院", "云岭县教育局"),
    ],
)
def test_lists_by_the_kind_of_inspection(sample: Assistant, question: str, listed: str, not_: str) -> None:
    answer = sample.ask(question)
    assert not answer.refused and listed in answer.text and not_ not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("哪几家是专项巡察？", "没有接受专项巡察"),
        ("哪些单位接受了巡察回头看", "回头看"),
        ("2019年被巡察的单位有哪些", "没有2019年被巡察"),
        ("哪些单位是市委第九巡察组巡察的", "市委第九巡察组"),
    ],
)
def test_a_list_nobody_is_on_says_so(sample: Assistant, question: str, named: str) -> None:
    answer = sample.ask(question)
    assert answer.refused and any(named in w for w in answer.warnings), answer.warnings


@pytest.mark.parametrize(
    ("question", "open_"),
    [
        ("财政局是哪个巡察组巡的？后来党组开了几次会研究整改？", ("后来党组开了几次会研究整改",)),
        ("财政局反馈了几个问题；整改工作领导小组由谁任组长？", ("整改工作领导小组由谁任组长",)),
        ("财政局几号反馈的？办公室每半月做什么？", ("办公室每半月做什么",)),
        ("财政局反馈了几个问题？分别是多少？", ()),
        ("财政局和市场监管局谁先被巡察？是同一个组吗？", ()),
    ],
)
def test_parts_the_facts_table_lacks_are_open(question: str, open_: tuple[str, ...]) -> None:
    assert open_parts(question, several="和" in question) == open_


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("财政局是哪个巡察组巡的？局党组哪天召开专题会议传达学习反馈意见？", "2023年6月16日"),
        ("岚江财政局反馈了几个问题？领导小组办公室多久调度一次整改进度？", "每半月调度一次"),
        ("市财政局几号收到反馈？驻局纪检监察组做了什么？", "驻局纪检监察组"),
    ],
)
def test_an_open_part_is_answered_from_the_passages(sample: Assistant, question: str, expected: str) -> None:
    answer = sample.ask(question)
    assert not answer.refused
    assert "市委第三巡察组" in answer.text or "2023年6月15日" in answer.text or "9个" in answer.text
    assert expected in answer.text
    numbers = [c.n for c in answer.citations]
    assert len(numbers) == len(set(numbers)) and numbers == sorted(numbers)


@pytest.mark.parametrize(
    ("question", "verdicts"),
    [
        ("财政局和市场监管局谁先被巡察？谁先收到反馈？", ("市场监督管理局党组更早", "反馈时间")),
        ("岚江财政局跟岚江市场监管局哪个巡察时间更长？", ("时间更长",)),
        ("市财政局和市市场监管局是不是同一个巡察组巡的，哪个先进驻？", ("不是同一个巡察组", "更早")),
    ],
)
def test_several_fields_compared_each_get_a_verdict(
    sample: Assistant, question: str, verdicts: tuple[str, ...]
) -> None:
    answer = sample.ask(question)
    assert not answer.refused
    for verdict in verdicts:
        assert verdict in answer.text, answer.text
    assert {c.unit for c in answer.citations} >= {FINANCE, MARKET}


@pytest.mark.parametrize(
    "question", ["财政局那次巡察搞了多长时间？", "岚江市财政局巡了多久", "市财政局巡察期多长？"]
)
def test_an_inspections_length_is_computed(sample: Assistant, question: str) -> None:
    answer = sample.ask(question)
    assert "2023年3月6日至5月10日" in answer.text and "66天" in answer.text, answer.text


@pytest.mark.parametrize(
    ("days", "said"), [(32, "约1个月（32天）"), (61, "约2个月（61天）"), (45, "45天"), (7, "7天")]
)
def test_durations_are_said_as_people_say_them(days: int, said: str) -> None:
    assert say_days(days) == said


@pytest.mark.parametrize(
    ("question", "counter", "hard"),
    [
        ("清退补贴涉及几个人？", "人", True),
        ("引进了几个选调生？", "人", True),
        ("这几笔违规的钱分别退了多少？", "元", True),
        ("那几幅画值多少钱？", "元", True),
        ("还有多少钱没收回来？", "元", True),
        ("追回了多少资金", "元", True),
    ],
)
def test_counts_of_people_and_money(question: str, counter: str, hard: bool) -> None:
    asks = [a for a in read_question(question).asks if a.kind == "count" and a.counter == counter]
    assert asks and asks[0].hard is hard


@pytest.mark.parametrize(
    ("question", "sentence", "met"),
    [
        ("巡察组组长是哪位？", "成立由党组书记王大成任组长的领导小组", False),
        ("巡察组组长是哪位？", "市委第三巡察组组长李明同志带队进驻", True),
        ("通报的联系人是谁？", "联系人：康小为，电话：0877-5550131", True),
        ("通报的联系人是谁？", "局长张三主持会议，电话：0877-5550131", False),
        ("局长叫什么名字", "局长张三主持会议", True),
        ("检察长叫什么？", "由党组书记、检察长担任领导小组组长", False),
        ("院长叫什么名字", "由院党委副书记、院长任组长", False),
        ("党组书记叫什么名字", "传达学习了总书记关于巡视工作重要论述", False),
        ("第一责任人是谁", "巡察整改工作第一责任人党组书记王大成同志主持会议", True),
    ],
)
def test_a_role_is_answered_only_by_its_holder(question: str, sentence: str, met: bool) -> None:
    (ask,) = [a for a in read_question(question).asks if a.kind == "name"]
    assert Sentence(sentence, passage_form(sentence), 0, 0).satisfies(ask) is met


@pytest.mark.parametrize(
    "question",
    ["财政局巡察组的组长是哪位？", "財政局被巡察時巡察組組長叫什麼", "给财政局反馈意见的巡察组组长是谁"],
)
def test_a_name_the_notice_does_not_give_is_refused(sample: Assistant, question: str) -> None:
    assert sample.ask(question).refused


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("财政局是区委第几巡察组巡察的？", "不是区委"),
        ("财政局2021年那次巡察反馈了几个问题？", "不是2021年"),
        ("财政局2021年这轮巡察是哪个组？", "不是2021年"),
        ("财政局2021年那次市委巡察整改情况如何？", "不是2021年"),
        ("市场监管局是县委哪个巡察组巡的", "不是县委"),
        ("财政局的巡视整改情况怎么样？", "不是巡视"),
        ("市财政局接受的是省委巡视吗？", "不是巡视"),
        ("岚江财政局巡视反馈意见整改得怎么样了", "不是巡视"),
    ],
)
def test_premises_of_committee_and_year_are_named(sample: Assistant, question: str, named: str) -> None:
    answer = sample.ask(question)
    assert answer.refused and any(named in w for w in answer.warnings), answer.warnings
