"""Cleaning: a table of raw → clean strings, then the real corpus and the sample notices."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.config import PROJECT_ROOT
from core.normalize import contains, to_simplified
from index.cleaning import CLEANING_STEPS, clean

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
SAMPLE = PROJECT_ROOT / "data" / "sample"
EXPECTED = Path(__file__).parent / "data" / "sample_expected.json"

CASES = [
    # --- paywall and WeChat advertising
    pytest.param("##paidbegin##一、整改工作组织情况", "一、整改工作组织情况", id="paywall-begin-glued"),
    pytest.param(
        "落实到位。\n## paidend ##\n二、下一步", "落实到位。\n二、下一步", id="paywall-end-own-line"
    ),
    pytest.param("整改到位。【更多公文素材，微信：qz2020】", "整改到位。", id="ad-glued-to-sentence"),
    pytest.param(
        "（3）关于经费问题【更多公 文素材，微信：qz 2020】", "（3）关于经费问题", id="ad-stray-spaces"
    ),
    pytest.param(
        "1.关于学习不深入的问题【更多公文素材， 微信 ：qz2020 】",
        "1.关于学习不深入的问题",
        id="ad-spaces-around-colon",
    ),
    pytest.param("已全部清退。更多公文素材,微信:qz2020", "已全部清退。", id="ad-no-brackets-halfwidth"),
    pytest.param("已全部清退。【更多公文素材，vx：qz2020】", "已全部清退。", id="ad-vx"),
    pytest.param("已全部清退。【更多公文素材，添加微信号：qz2020】", "已全部清退。", id="ad-add-wechat-id"),
    pytest.param(
        "制度建设。【更多公文素\n材，微信：qz2020】\n三、下一步",
        "制度建设。\n三、下一步",
        id="ad-split-across-lines",
    ),
    pytest.param(
        "三、下一步\n【更多公文素材，微信：qz2020】\n一是", "三、下一步\n一是", id="ad-own-line-dropped"
    ),
    pytest.param("制度建设。微信：qz2020】", "制度建设。", id="ad-lost-head"),
    pytest.param("制度建设。【更多公文素材，", "制度建设。", id="ad-lost-tail"),
    pytest.param(
        "，每天更新材料1000多篇，会员群+网盘群同步每日更新，有意加入请联系vx： 。欢迎加入“vip会员”，9000万字材料，"
        "轻松解决您的各类素材需求添加微信：##paidend##",
        "",
        id="promo-paragraph",
    ),
    pytest.param(
        "持续巩固整改成果。欢迎加入vip会员，9000万字材料，添加微信：qz2020",
        "持续巩固整改成果。",
        id="promo-after-real-sentence",
    ),
    pytest.param(
        "持续巩固整改成果，每天更新材料1000多篇，加vx", "持续巩固整改成果", id="promo-glued-by-comma"
    ),
    # --- real text that looks a little like an ad stays
    pytest.param(
        "通过微信公众号、微信群开展廉政教育。", "通过微信公众号、微信群开展廉政教育。", id="keep-real-wechat"
    ),
    pytest.param(
        "补缴工会会员费合计300元，指导会员企业。",
        "补缴工会会员费合计300元，指导会员企业。",
        id="keep-real-member",
    ),
    pytest.param("收集宣传素材，在微信平台发布。", "收集宣传素材，在微信平台发布。", id="keep-real-material"),
    pytest.param(
        "学习《关于印发〈条例〉的通知》》", "学习《关于印发〈条例〉的通知》》", id="keep-double-book-marks"
    ),
    # --- newspaper and web page furniture
    pytest.param("上接第9版>>>组织财务人员专题学习", "组织财务人员专题学习", id="newspaper-jump-from"),
    pytest.param("推进建设工作（下转第10版）", "推进建设工作", id="newspaper-jump-to"),
    pytest.param("推进建设工作>>>>\n二是", "推进建设工作\n二是", id="arrow-run"),
    pytest.param("（上接A2版）一是加强领导", "一是加强领导", id="newspaper-lettered-page"),
    pytest.param(
        "時間:2023-07-05 來源:區委巡察辦 字體大小:大 中 小",
        "時間:2023-07-05 來源:區委巡察辦",
        id="font-widget-dropped-date-kept",
    ),
    pytest.param("正文\n【打印本页】【关闭窗口】\n落款", "正文\n落款", id="print-close-widgets"),
    pytest.param("正文\n分享到：微信 微博 QQ空间\n落款", "正文\n落款", id="share-bar"),
    # --- markdown
    pytest.param(
        "整改情况：**一是**加强学习。**二是**建章立制。",
        "整改情况：一是加强学习。二是建章立制。",
        id="md-bold",
    ),
    pytest.param("## 一、整改工作组织情况", "一、整改工作组织情况", id="md-heading"),
    pytest.param("### （一）关于选人用人方面 ###", "（一）关于选人用人方面", id="md-heading-closed"),
    pytest.param("__三重一大__制度", "三重一大制度", id="md-underline"),
    pytest.param("正文\n---\n落款", "正文\n落款", id="md-rule"),
    pytest.param(
        "邮箱 snake__case__name@x.cn", "邮箱 snake__case__name@x.cn", id="md-keep-identifier-underscores"
    ),
    # --- width
    pytest.param("２０２１年３月，ＡＢＣ公司", "2021年3月，ABC公司", id="fullwidth-alnum"),
    pytest.param("截至目前，共计5个问题,已完成", "截至目前，共计5个问题,已完成", id="punctuation-as-written"),
    pytest.param("（一）提高站位", "（一）提高站位", id="fullwidth-parens-kept"),
    # --- spacing
    pytest.param(
        "巡察组于 2022 年 7 月 18 日至 8 月 18 日", "巡察组于2022年7月18日至8月18日", id="date-spaces"
    ),
    pytest.param("9 月 29 日，巡察组反馈", "9月29日，巡察组反馈", id="date-without-year"),
    pytest.param("反馈的四个方面 11 项问题", "反馈的四个方面11项问题", id="count-spaces"),
    pytest.param(
        "截至目前， 11個問題已整改完成",
        "截至目前，11個問題已整改完成",
        id="space-after-cjk-comma-traditional",
    ),
    pytest.param("截至目前, 11个问题已整改", "截至目前,11个问题已整改", id="space-after-halfwidth-comma"),
    pytest.param("1. 学习制度落实不到位", "1.学习制度落实不到位", id="numbered-item-space"),
    pytest.param("(一) 加强组织领导", "(一)加强组织领导", id="halfwidth-paren-item-space"),
    pytest.param(
        "　　根据市委统一部署，  现将情况公布。   ",
        "根据市委统一部署，现将情况公布。",
        id="indent-and-trailing",
    ),
    pytest.param("守初心 行仁术", "守初心 行仁术", id="keep-space-between-han"),
    pytest.param(
        "电子邮箱：ab.cd@x.gov.cn 网址 http://www.x.gov.cn/a b",
        "电子邮箱：ab.cd@x.gov.cn 网址 http://www.x.gov.cn/a b",
        id="keep-latin",
    ),
    pytest.param(
        "中共青澜县水务局党组        2023年7月5日",
        "中共青澜县水务局党组\t2023年7月5日",
        id="layout-gap-becomes-tab",
    ),
    pytest.param(
        "时间:2023-07-05 来源:县委巡察办", "时间:2023-07-05 来源:县委巡察办", id="no-merge-date-and-label"
    ),
    pytest.param(
        "通信地址：岚江市\n地      址：望湖路1号；电    话：0877",
        "通信地址：岚江市\n地址：望湖路1号；电话：0877",
        id="letter-spaced-label",
    ),
    pytest.param("一是\t\t加强", "一是\t加强", id="tabs-collapsed"),
    pytest.param("于  2022  年", "于2022年", id="double-spaces-in-date"),
    # --- lines
    pytest.param("甲\r\n乙\r丙", "甲\n乙\n丙", id="newlines"),
    pytest.param("甲\n\n\n\n\n乙", "甲\n\n乙", id="blank-runs"),
    pytest.param("\n\n甲\n\n", "甲", id="outer-blank-lines"),
    pytest.param("甲\u200b乙\ufeff", "甲乙", id="zero-width"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_clean(raw: str, expected: str) -> None:
    assert clean(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_clean_is_idempotent(raw: str, expected: str) -> None:
    assert clean(clean(raw)) == clean(raw)


def test_steps_are_named_functions() -> None:
    names = [step.__name__ for step in CLEANING_STEPS]
    assert len(set(names)) == len(names) and all(not n.startswith("<") for n in names)


# --- the sample notices and their expected facts -----------------------------------------

EXPECTED_NOTICES = json.loads(EXPECTED.read_text(encoding="utf-8"))["notices"]


def _sample_text(source: str) -> str:
    return clean((SAMPLE / source).read_text(encoding="utf-8"))


@pytest.mark.parametrize("notice", EXPECTED_NOTICES, ids=lambda n: f"{n['source']}#{n['ordinal']}")
def test_sample_expected_facts_are_in_the_text(notice: dict[str, object]) -> None:
    text = _sample_text(str(notice["source"]))
    quotes = [notice["title"]] + [
        notice[k]["quote"] for k in ("inspection_period", "feedback_date", "signed", "problems", "measures")
    ]  # type: ignore[index]
    quotes += [s["quote"] for s in notice["status"].values()]  # type: ignore[attr-defined]
    quotes += list(notice["aspect_headings"]) + [p["heading"] for p in notice["problem_list"]]  # type: ignore[call-overload, attr-defined]
    for quote in quotes:
        assert quote in text, quote
    simplified = to_simplified(text)
    for value in (notice["unit"], notice["inspection_body"], notice["round"]):
        assert value is None or value in simplified, value
    for value in notice["contact"].values():  # type: ignore[attr-defined]
        assert contains(text, value), value


@pytest.mark.parametrize("notice", EXPECTED_NOTICES, ids=lambda n: f"{n['source']}#{n['ordinal']}")
def test_sample_expected_facts_agree_with_each_other(notice: dict[str, object]) -> None:
    problems: list[dict[str, object]] = notice["problem_list"]  # type: ignore[assignment]
    assert notice["numbered_problems"] == len(problems) == notice["problems"]["number"]  # type: ignore[index]
    assert sum(int(p["measures"]) for p in problems) == notice["measures"]["number"]  # type: ignore[call-overload, index]
    tally: dict[str, int] = {}
    for p in problems:
        tally[str(p["status"])] = tally.get(str(p["status"]), 0) + 1
    assert tally == {k: v["number"] for k, v in notice["status"].items()}  # type: ignore[attr-defined]
    assert len(notice["aspect_headings"]) == notice["problems"]["aspects"]  # type: ignore[arg-type, index]


def test_sample_corpus_shape() -> None:
    files = sorted(p.name for p in SAMPLE.iterdir() if not p.name.startswith("."))
    assert len(files) == 5 and len(EXPECTED_NOTICES) == 6
    assert {n["source"] for n in EXPECTED_NOTICES} == set(files)
    assert {n["level"] for n in EXPECTED_NOTICES} == {"巡察", "巡视"}
    for name in files:
        raw = (SAMPLE / name).read_text(encoding="utf-8")
        per_notice = len(clean(raw)) / sum(n["source"] == name for n in EXPECTED_NOTICES)
        assert 2000 <= per_notice <= 4000, name


def test_sample_traditional_notice_stays_traditional() -> None:
    text = _sample_text("02_云岭县教育局_繁体.txt")
    assert "黨組" in text and "党组" not in text


def test_sample_ad_is_cleaned_away() -> None:
    raw = (SAMPLE / "03_岚江市市场监管局与卫健委_两则.txt").read_text(encoding="utf-8")
    assert raw.count("微信") == 2
    assert "微信" not in clean(raw) and "素材" not in clean(raw)


# --- the real corpus -----------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
_AD_LEFTOVER = re.compile(
    r"paid(?:begin|end)|公\s*文\s*素\s*材|vip\s*会员|会员群|网盘群|(?<![A-Za-z])vx|微\s*信\s*[：:]",
    re.IGNORECASE,
)


def _lines_about_inspection(text: str) -> int:
    return sum(1 for line in text.split("\n") if re.search("巡察|巡视", to_simplified(line)))


@needs_corpus
@pytest.mark.parametrize(
    "path", sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else [], ids=lambda p: p.name[:3]
)
def test_corpus_ads_removed_and_notice_lines_kept(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    cleaned = clean(raw)
    assert not _AD_LEFTOVER.search(cleaned)
    assert _lines_about_inspection(cleaned) >= _lines_about_inspection(raw)
    removed = len(re.sub(r"\s", "", raw)) - len(re.sub(r"\s", "", cleaned))
    ads = sum(len(re.sub(r"\s", "", m.group(0))) for m in re.finditer(r"【[^】\n]*微\s*信[^】\n]*】", raw))
    assert removed <= ads + 400, "cleaning removed more than the ads and a promotion paragraph"
