"""Lines and paragraphs rebuilt from recognition boxes (``index.ocr_layout``), on boxes placed by hand."""

from __future__ import annotations

import math

import pytest

from index.ocr_layout import Box, boxes_from, page_text

H = 30  # character height in pixels
LEFT, RIGHT = 100, 1000


def line(y: int, text: str, x0: int = LEFT, x1: int = RIGHT, score: float = 0.99) -> Box:
    return Box(x0, y, x1, y + H, text, score)


def rows(*items: tuple[int, str] | tuple[int, str, int] | tuple[int, str, int, int]) -> list[Box]:
    """Lines 45 px apart: ``(indent chars, text)``, optionally with the right end in px."""
    out = []
    for n, item in enumerate(items):
        indent, text, *rest = item
        x1 = rest[0] if rest else RIGHT
        out.append(line(n * 45, text, LEFT + indent * H, x1))
    return out


CASES = [
    pytest.param(
        rows((2, "根据统一部署，巡察组对本局"), (0, "进行了巡察。")),
        "根据统一部署，巡察组对本局进行了巡察。",
        id="continuation-joined",
    ),
    pytest.param(
        rows((2, "第一段写到这里结束。", 600), (0, "第二段没有缩进也另起一段。")),
        "第一段写到这里结束。\n第二段没有缩进也另起一段。",
        id="short-last-line-breaks",
    ),
    pytest.param(
        rows(
            (0, "上文写满整行内容"), (2, "第一段首行缩进写满"), (0, "第一段的续行写满"), (2, "第二段首行缩进")
        ),
        "上文写满整行内容\n第一段首行缩进写满第一段的续行写满\n第二段首行缩进",
        id="indented-first-line-breaks",
    ),
    pytest.param(
        rows(
            (0, "整改措施写满了一整行文字"),
            (0, "一、整改工作组织情况"),
            (0, "（一）提高政治站位"),
            (0, "1.关于问题"),
            (0, "（2）另一项"),
        ),
        "整改措施写满了一整行文字\n一、整改工作组织情况\n（一）提高政治站位\n1.关于问题\n（2）另一项",
        id="headings-break-without-indent",
    ),
    pytest.param(
        rows((0, "2023年有12项已完成整改写满"), (0, "1000元的罚款已经缴纳完毕")),
        "2023年有12项已完成整改写满1000元的罚款已经缴纳完毕",
        id="a-number-opening-a-line-is-not-a-heading",
    ),
    pytest.param(
        [line(0, "联系邮箱 abc", x1=RIGHT), line(45, "def@example.cn 欢迎监督")],
        "联系邮箱 abc def@example.cn 欢迎监督",
        id="latin-words-keep-a-space",
    ),
    pytest.param(
        [line(0, "正文写满一行"), line(45, "正文第二行")] + [line(45 + 45 + 40, "隔了一个空行的正文")],
        "正文写满一行正文第二行\n隔了一个空行的正文",
        id="blank-gap-breaks",
    ),
    pytest.param(
        [line(0, "正文写满一行。"), line(45, "中共某某县水务局党组", x0=500, x1=800)]
        + [line(90, "2023年9月20日", x0=520, x1=780)],
        "正文写满一行。\n中共某某县水务局党组\n2023年9月20日",
        id="right-set-signature-lines-stay-apart",
    ),
    pytest.param(
        [Box(700, 2, 900, 32, "乙方", 0.9), Box(LEFT, 0, 300, 30, "甲方", 0.9), line(45, "下一行正文写满")],
        "甲方\t乙方\n下一行正文写满",
        id="wide-gap-in-a-line-is-a-tab",
    ),
    pytest.param(
        [Box(LEFT, 0, 500, 30, "同一行", 0.9), Box(505, 3, RIGHT, 33, "稍低的框", 0.9), line(45, "下一行")],
        "同一行稍低的框下一行",
        id="boxes-overlapping-vertically-are-one-line",
    ),
]


@pytest.mark.parametrize(("boxes", "expected"), CASES)
def test_page_text_rebuilds_paragraphs(boxes: list[Box], expected: str) -> None:
    assert page_text(boxes) == expected


@pytest.mark.parametrize("degrees", [-2.0, -0.8, 0.0, 1.2, 2.5])
def test_a_turned_page_reads_like_a_level_one(degrees: float) -> None:
    a = math.radians(degrees)

    def turn(x: float, y: float) -> list[float]:
        return [x * math.cos(a) - y * math.sin(a) + 50, x * math.sin(a) + y * math.cos(a) + 80]

    texts = ["根据统一部署巡察组对本局", "进行了巡察现将情况通报如", "下。", "一、整改工作组织情况"]
    ends = [RIGHT, RIGHT, LEFT + 2 * H, LEFT + 10 * H]
    starts = [LEFT + 2 * H, LEFT, LEFT, LEFT]
    raw = []
    for n, (text, x0, x1) in enumerate(zip(texts, starts, ends, strict=True)):
        y = n * 45
        raw.append([[turn(x0, y), turn(x1, y), turn(x1, y + H), turn(x0, y + H)], text, 0.95])
    # long page: more full lines so the margins are clear
    for n in range(4, 30):
        y = n * 45
        raw.append([[turn(LEFT, y), turn(RIGHT, y), turn(RIGHT, y + H), turn(LEFT, y + H)], "正文", 0.95])
    text = page_text(boxes_from(raw))
    assert text.split("\n") == [
        "根据统一部署巡察组对本局进行了巡察现将情况通报如下。",
        "一、整改工作组织情况",
        "正文" * 26,
    ]


def test_empty_and_blank_boxes_give_no_text() -> None:
    assert page_text([]) == ""
    assert page_text([Box(0, 0, 10, 10, "  ", 0.5)]) == ""
