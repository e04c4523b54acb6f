"""What the inspection found, by topic: the problems a question's paraphrase or area names, as stated.

``财务方面查出了哪些问题``, ``开会议事这块被挑出了什么毛病``, ``第二个方面说的是什么``,
``管党治党那个大类下面有哪两个问题`` ask what was found, not how it was fixed. They are answered
from the notice model (``Notice.problems``): the problems whose statement, the finding lines the
notice writes under the heading (``（1）…（2）…``, ``①局官网有…``) or whose group heading (the
方面 above them) share the question's topic words, each as stated and cited. Where the notice
writes no finding under the heading, the first measures are quoted: they name what was wrong
(``退还多报销的差旅费补助2128元``).

A question naming a matter the matched problems do not state (a place, a person, a project) is
left to the passages: the records answer only when they hold most of the question's topic words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.cited_facts import Cites, FactsAnswer
from assistant.answering.problem_text import all_problems, asked_text, bigrams, problem_fact, whole_measure
from assistant.reading.questions import QuestionInfo
from core.normalize import compact, to_simplified
from core.numerals import cn_to_int
from core.types import Fact, Notice, Problem

FINDING_RE = re.compile(
    r"(?:查出|查出来|发现|指出|点出|挑出|提出|反馈|点了|挑了|指了|说了|批评)(?:了|的)?(?:是)?(?:哪些|什么|啥|哪几|哪两|哪三)"
    r"|(?:什么|啥|哪些|哪几个|哪两个|哪三个|哪几条)(?:样的)?(?:具体)?(?:问题|毛病|不足|短板)"
    r"|(?:具体|到底)(?:是|查出的是|指的是|说的是|讲的是)?(?:什么|啥)(?:事|问题|情况)"
    r"|(?:说的|讲的|指的|写的)是(?:什么|啥|哪些)|存在(?:哪些|什么|啥)(?:问题|不足)"
)
"""A question asking what was found (not how it was fixed, not how far it has got)."""
_AREA_RE = re.compile(r"方面|这块|那块|这一块|一块|领域|大类|类|板块|环节")
"""The question names an area (several problems may lie in it)."""
_GROUP_ORDINAL_RE = re.compile(r"第([一二三四五六七八九十\d]+)(?:个)?(?:方面|大类|类|部分|板块)")
_TOPIC_STOP_RE = re.compile(
    r"查出来|查出|发现|指出|点出|挑出|提出|反馈|毛病|不足|短板|具体|到底|巡察组|巡视组|巡察|巡视|被|挑|说|讲|指|写|存在|下面|里面|里"
    r"|方面|这块|那块|一块|领域|大类|板块|环节|那个|这个|哪些|哪几|哪两|哪三|什么事|啥事|件事|什么|啥|情况|主要|当时|以前|之前|我在|整理|材料"
    r"|上(?=被|存在|有|查|指)"
)
_NOT_TOPIC_RE = re.compile(r"[^\u4e00-\u9fff]+|[有哪个几两三]|^[市区县省州镇]")
"""Not topic words: punctuation, digits, question fillers, a place suffix the unit's name left behind."""
_FINDING_END_RE = re.compile(
    r"整改(?:情况|措施|进展|落实情况|成效|举措|结果)[：:]|主要做法[：:]|重点开展了|(?:^|[。；\n])\s*一是"
    r"|(?:^|\n)\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、)?\s*整改(?:情况|措施|进展|成效|举措|结果)"
)
_STATUS_ONLY_RE = re.compile(r"^[（(][^（）()]{0,12}[）)]$")
"""A status in brackets under the heading (``（已整改到位）``): no finding."""
_MAX_PROBLEMS = 6
_FINDING_CHARS = 300
_MIN_COVER = 0.5
"""Share of the question's topic words the matched problems must hold (else the passages answer)."""


def _topic(info: QuestionInfo) -> set[str]:
    text = _TOPIC_STOP_RE.sub(" ", compact(asked_text(info)))
    return bigrams(_NOT_TOPIC_RE.sub(" ", text))


def _group(p: Problem) -> str:
    return p.path[-1] if p.path else ""


def finding(notice: Notice, problem: Problem) -> tuple[str, int]:
    """The lines the notice writes under a problem's heading before its rectification, and their offset."""
    text = notice.text
    at = text.find(problem.heading, problem.start, problem.end)
    start = at + len(problem.heading) if at >= 0 else problem.start
    end = problem.measure_spans[0].start if problem.measure_spans and not problem.items else problem.end
    body = text[start:end]  # items quoted under the heading are the finding, up to the rectification
    if (m := _FINDING_END_RE.search(to_simplified(body))) is not None:
        body = body[: m.start() + (1 if body[m.start()] in "。；\n" else 0)]
    lead = len(body) - len(body.lstrip("。：:；;，, \n\t\u3000"))
    body = body.strip("。：:；;，, \n\t\u3000")
    if len(compact(body)) < 6 or _STATUS_ONLY_RE.match(body):
        return "", start
    return whole_measure(body, 0, len(body), 1 + _FINDING_CHARS // 240), start + lead


def _said(notice: Notice, p: Problem, cites: Cites, measures: bool = True) -> str:
    said = p.statement or p.heading
    said = said if said.startswith("“") else f"“{said}”"
    head = f"{p.number} 关于{said}{cites.mark(notice, problem_fact(p))}".strip()
    found, at = finding(notice, p)
    if found:
        return f"{head}；查出的情况：{found.rstrip('。；;')}{cites.mark(notice, Fact(found, found, at, at + len(found)))}"
    if not measures:
        return head
    spans = p.measure_spans[:3]
    shown = []
    for span, nxt in zip(spans, [*p.measure_spans[1:4], None][: len(spans)], strict=True):
        whole = whole_measure(notice.text, span.start, nxt.start if nxt else p.end)
        shown.append(
            f"{whole.rstrip('。；;，,')}{cites.mark(notice, Fact(whole, whole, span.start, span.start + len(whole)))}"
        )
    return f"{head}；整改情况：{'；'.join(shown)}" if shown else head


def _group_line(notice: Notice, group: str, cites: Cites) -> str:
    at = notice.text.find(group)
    return (
        f"{group.rstrip('。；;：:')}{cites.mark(notice, Fact(group, group, at, at + len(group)))}"
        if at >= 0
        else group
    )


def _nth_group(q: str, problems: Sequence[Problem]) -> list[Problem]:
    m = _GROUP_ORDINAL_RE.search(q)
    if m is None:
        return []
    n = int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
    groups = list(dict.fromkeys(_group(p) for p in problems if _group(p)))
    if n is None or not 0 < n <= len(groups):
        return []
    return [p for p in problems if _group(p) == groups[n - 1]]


def _matched(info: QuestionInfo, problems: Sequence[Problem], notice: Notice) -> tuple[list[Problem], float]:
    """The problems the question's topic names, and the share of its topic words they hold."""
    q = compact(info.question)
    if nth := _nth_group(q, problems):
        return nth, 1.0
    topic = _topic(info)
    if not topic:
        return [], 0.0
    area = _AREA_RE.search(q) is not None
    scored = []
    for p in all_problems(problems):
        own = bigrams(p.statement or p.heading) | bigrams(finding(notice, p)[0])
        scored.append((len(topic & own), len(topic & bigrams(_group(p))), p))
    best_own = max((s for s, _, _ in scored), default=0)
    best_group = max((g for _, g, _ in scored), default=0)
    least = min(
        3, len(topic), max(1 if area else 2, len(topic) // 3)
    )  # a one-word topic (财务) is met by that word
    if area and best_group >= max(2, best_own + 1):
        chosen = [p for s, g, p in scored if g == best_group and not p.items]
        return chosen[:_MAX_PROBLEMS], best_group / len(topic)
    if best_own < least:
        return [], 0.0
    chosen = [p for s, _, p in scored if s >= max(least, best_own * (0.6 if area else 1.0))]
    return chosen[:_MAX_PROBLEMS], best_own / len(topic)


def _parents(chosen: list[Problem], problems: Sequence[Problem]) -> list[Problem]:
    """Each chosen item said with the problem that quotes it (the finding lines list every item)."""
    out: list[Problem] = []
    for p in chosen:
        parent = next(
            (q for q in all_problems(problems) if p in q.items and len(q.items) <= _MAX_PROBLEMS), p
        )
        if parent not in out:
            out.append(parent)
    return out


def answer_findings(info: QuestionInfo, notices: Sequence[Notice]) -> FactsAnswer | None:
    """What was found about the topic asked, for every unit named, from the problem records; else None."""
    if not info.units.matched or FINDING_RE.search(compact(info.question)) is None:
        return None
    cites = Cites()
    lines: list[str] = []
    for unit in info.units.units:
        best: tuple[float, Notice, list[Problem]] | None = None
        for notice in (n for n in notices if n.unit == unit):
            found, cover = _matched(info, notice.problems, notice)
            if found and cover >= _MIN_COVER and (best is None or cover > best[0]):
                best = (cover, notice, found)
        if best is not None:
            _, notice, found = best
            found = _parents(found, notice.problems)
            group = _group(found[0]) if _GROUP_ORDINAL_RE.search(compact(info.question)) else ""
            head = f"{unit}：" + (f"{_group_line(notice, group, cites)}。其下的问题：\n" if group else "")
            alone = len(found) == 1 and not group  # several listed: as stated, without their measures
            lines.append(head + "\n".join(_said(notice, p, cites, alone) + "。" for p in found))
    if not lines:
        return None
    return FactsAnswer("\n".join(lines), tuple(cites.items), from_records=True)
