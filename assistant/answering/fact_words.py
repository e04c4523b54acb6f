"""How the facts table says a value: a count in the notice's words, a status count, a body sum of the matter asked.

``count_text`` keeps the notice's counter and its groups (``4个方面28条``, ``四大类14个问题``);
``status_text`` adds the notice's ``全部…``; ``with_status`` widens a count to the statuses its clause
goes on to state; ``of_matter`` keeps a body sum only for the matter the question names.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.reading.questions import QuestionInfo, status_keys
from core.normalize import compact, to_simplified
from core.sentences import trimmed_spans
from core.types import Fact, Notice
from index.status import statement_status

_COUNTERS = "条项个件條項個"
_COUNT_UNIT_RE = re.compile(rf"\d+\s*([{_COUNTERS}])")


_ASPECTS_RE = re.compile(r"[一二三四五六七八九十两\d]+\s*(?:个)?(?:大)?(?:方面|类|项|个领域)")
"""The groups a count is stated in (``4个方面``, ``四大类``, ``七项``), as the notice words them."""


def count_text(fact: Fact, noun: str) -> str:
    """A count as the notice states it: the counter after its own number, its groups in the notice's words.

    >>> count_text(Fact("37", "四个方面16项共37个问题", 0, 0, number=37, detail={"aspects": 4}), "问题")
    '四个方面16项共37个问题'
    >>> count_text(Fact("14", "四大类14个问题", 0, 0, number=14, detail={"aspects": 4}), "问题")
    '四大类14个问题'
    >>> count_text(Fact("28", "研究制定了4個方面28條整改措施", 0, 0, number=28, detail={"aspects": 4}), "")
    '4个方面28条'
    """
    if fact.number is None:
        return ""
    aspects = fact.detail.get("aspects")
    quote = to_simplified(fact.quote)  # the notice's counter (條 is 条), in the answer's script
    own = re.search(rf"(?<!\d){fact.number}\s*([{_COUNTERS}])", quote)
    unit = own.group(1) if own else m.group(1) if (m := _COUNT_UNIT_RE.search(quote)) else "个"
    head = _ASPECTS_RE.search(quote[: own.start()]) if own and aspects else None
    if own and head:
        tail = re.match(rf"(?:具体)?{noun}", quote[own.end() :]) if noun else None
        return quote[head.start() : own.end()] + (tail.group(0) if tail else noun)
    return f"{aspects}个方面{fact.number}{unit}{noun}" if aspects else f"{fact.number}{unit}{noun}"


_ALL_RE = re.compile(r"全部[^，,。；;]{0,6}")


def status_text(fact: Fact) -> str:
    """A status count, with the notice's ``全部…`` when it says every problem is in it.

    >>> status_text(Fact("28", "28个具体问题，已全部完成整改", 0, 0, number=28))
    '28个（全部完成整改）'
    """
    said = count_text(fact, "")
    return f"{said}（{m.group(0)}）" if said and (m := _ALL_RE.search(fact.quote)) else said


_NOT_MATTER_RE = re.compile(
    r"[^\u4e00-\u9fff]+|整改|巡察|巡视|问题|多少|一共|总共|这次|那个|这个|现在|追回|挽回|收回|退回|清退|退还|追缴|退缴"
    r"|资金|金额|款项|钱|了|的|去|来|几|是|共|都|还|剩|哪|没|呢|吗"
)


_PIECE_RE = re.compile(r"[，,？?；;。！!]")
_SUM_VERB_RE = re.compile(r"追回|挽回|收回|退缴|追缴|退回|清退|退还")


def of_matter(get: Callable[[Notice], Fact | None], info: QuestionInfo) -> Callable[[Notice], Fact | None]:
    """The notice's sum, when its sentence shares a word with the matter the question names (or it names none).

    The matter is named in the clause asking for the sum, or in the clause before it:
    ``易地建设费专项清查，追缴了多少钱`` is not answered by the sum of another matter's refunds.
    """
    pieces = _PIECE_RE.split(compact(info.terms.text if info.terms is not None else info.question))
    at = next((i for i, p in enumerate(pieces) if _SUM_VERB_RE.search(p)), None)
    grams: set[str] = set()
    for piece in (
        [] if at is None else [pieces[at], pieces[at - 1] if at else ""]
    ):  # its clause, else the one before
        words = _NOT_MATTER_RE.sub(" ", piece)
        grams = {w[i : i + 2] for w in words.split() for i in range(len(w) - 1)}
        if grams:
            break

    def read(notice: Notice) -> Fact | None:
        fact = get(notice)
        if fact is None or len(grams) < 2:
            return fact
        left, right = _clause_bounds(notice.text, fact.start, fact.end)
        clause = compact(notice.text[left:right])  # its own clause (一是…；二是…)
        return fact if any(g in clause for g in grams) else None

    return read


_CLAUSE_STOPS = "。；;！？!?\n"
_CLAUSE_LEFT = _CLAUSE_STOPS + "，,"


def _clause_bounds(
    text: str,
    start: int,
    end: int,
    *,
    stops_left: str = _CLAUSE_STOPS,
    back: int | None = None,
    ahead: int | None = None,
) -> tuple[int, int]:
    """Where the clause holding ``text[start:end]`` begins and ends.

    It begins after the last of ``stops_left`` before ``start`` (looking back at most ``back``
    characters; ``start`` itself when none is there) and ends at the first clause stop after ``end``
    (looking ahead at most ``ahead``; the text's end, or ``end`` when a window is given, if none).
    """
    floor = 0 if back is None else max(0, start - back)
    left = max(text.rfind(c, floor, start) for c in stops_left) + 1
    if left <= floor and back is not None:
        left = start
    limit = len(text) if ahead is None else end + ahead
    ends = [i for c in _CLAUSE_STOPS if (i := text.find(c, end, limit)) >= 0]
    return left, min(ends) if ends else (len(text) if ahead is None else end)


def with_status(get: Callable[[Notice], Fact | None]) -> Callable[[Notice], Fact | None]:
    """The count with the statuses its clause goes on to state (``4个立行立改问题，已完成整改3个，正在整改1个``)."""

    def read(notice: Notice) -> Fact | None:
        fact = get(notice)
        text = notice.text
        if fact is None or text[fact.start : fact.end] != fact.quote:
            return fact
        left, end = _clause_bounds(text, fact.start, fact.end, stops_left=_CLAUSE_LEFT, back=20, ahead=60)
        if not status_keys(text[fact.end : end]):
            return fact
        return replace(fact, quote=text[left:end], start=left, end=end)

    return read


_WHOLE_SET_RE = re.compile(
    r"(?:反馈|巡察|巡视|指出|交办)的?(?:[\d一二三四五六七八九十两]+\s*[个项条])?[^。，,；;]{0,8}问题|问题(?:已|均已|目前)|整改任务|整改工作(?:已|取得)"
)
"""A sentence about the set of problems (反馈的11项问题…, 目前问题已基本整改到位), not one measure."""
_OPENING_CHARS = 2500


def overall_status(notice: Notice) -> Fact | None:
    """The status the notice states for its problems as a whole in words, when it states no counts.

    ``目前问题已基本整改到位`` is the notice's whole answer to 整改进度 where it gives no numbers.
    """
    if notice.facts.status:
        return None
    first = min((p.start for p in notice.problems), default=len(notice.text))
    text = notice.text[: min(first, _OPENING_CHARS)]
    for a, b in trimmed_spans(text):
        sentence = to_simplified(text[a:b])
        if _WHOLE_SET_RE.search(sentence) and (key := statement_status(sentence)) is not None:
            clause = next(
                (
                    c
                    for c in re.split(r"(?<=[，,；;])", text[a:b])
                    if statement_status(to_simplified(c)) == key
                ),
                text[a:b],
            )
            at = text.find(clause, a)
            said = clause.strip("，,；;。 ")
            return Fact(key, said, at, at + len(said))
    return None


_NOT_A_MATTER_RE = re.compile(
    r"[^\u4e00-\u9fff]+|整改|进度|进展|情况|程度|目前|现在|如今|巡察|巡视|反馈|问题|的|了|得|到|什么|怎么样|怎样|如何|哪一步|地步"
    r"|落实|完成|改|呢|吗|啊|这次|那次|整体|总体|全部|所有|一共|总的|来说|看"
)


def names_a_matter(question: str) -> bool:
    """Whether a question about how far rectification has got names one matter (``轮岗力度不足那条``).

    >>> names_a_matter("现在整改到什么程度了"), names_a_matter("干部交流轮岗力度不足那条，整改到什么程度了")
    (False, True)
    """
    return len(_NOT_A_MATTER_RE.sub("", compact(question))) >= 3


_TOTAL_WORDS_RE = re.compile(
    r"措施|举措|制定|定了|提出|细化|分解|梳理|查出|查找|发现|配了|对应|针对|总数|合计|共计|总计|一共|总共|多少|几|条|项|个|共"
)


def asks_a_total(question: str) -> bool:
    """Whether a count of problems or measures asked is the notice's total, no matter named.

    ``巡察整改一共制定了多少条整改措施`` asks the total; ``廉政风险点排查出几个风险，定了几条措施``
    and ``人防科室自查了几个问题`` count a matter's own.

    >>> asks_a_total("巡察整改一共制定了多少条整改措施？"), asks_a_total("市 整改措施总共有几条")
    (True, True)
    >>> asks_a_total("廉政风险点排查出几个风险，定了几条措施？"), asks_a_total("人防科室自查了几个问题")
    (False, False)
    """
    rest = _TOTAL_WORDS_RE.sub(" ", _NOT_A_MATTER_RE.sub(" ", compact(question)))
    return all(len(piece) < 2 for piece in rest.split())  # 市 left of a unit's name, 有 of 总共有: no word
