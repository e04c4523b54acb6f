"""Answers from the problem records: which problems have a status, and how one problem was rectified.

Two classes of question are answered from ``Notice.problems`` (the notice model) rather than from
retrieved passages, for every unit the question names:

* **by status** — ``哪些问题还没完成整改`` / ``正在推进的是哪几个问题``: the problems whose status (as
  the notice states it, per problem) is one of those asked, each cited; where the notice gives no
  per-problem status, the set's counts it does state.
* **measures** — ``…的问题是怎么整改的`` / ``针对…采取了哪些措施``: the problem whose statement best
  matches the user's paraphrase (shared words of the statement and its quoted sub-problems, one of
  them a word few statements say), the one it counts to (``第三个问题``), or the one retrieval located
  where no statement shares the user's words (``located``), and its measures as written, cited.

Either returns None when it cannot ground an answer, and the ask flow goes on to retrieval.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.answering.cited_facts import Cites, FactsAnswer
from assistant.answering.findings import answer_findings
from assistant.answering.problem_text import (
    all_problems,
    asked_text,
    bigrams,
    content_pairs,
    problem_fact,
    rare_pairs,
    whole_measure,
)
from assistant.reading.questions import QuestionInfo, status_keys
from core.normalize import compact
from core.numerals import cn_to_int
from core.types import Fact, Notice, Problem, Span

_WHICH_RE = re.compile(r"哪些|哪几|哪个|什么问题|还有|有没有|分别是|具体是|列出|清单|卡在哪|是什么")
_ITEM_RE = re.compile(r"问题|事项|事情|件事|几件|任务|哪些|哪几")
"""What a by-status question lists (问题, 事项, 哪几件事)."""
_WHEN_DONE_RE = re.compile(r"时限|期限|什么时候(?:能)?(?:完成|改完|搞定|整改到位)|预计|计划|啥时候|何时完成")
"""A by-status question that also asks when each will be done."""
_PROGRESS_RE = re.compile(
    r"整改到(?:哪|什么)|进展(?:如何|怎么样|怎样)?|(?:改|整改|处理|落实|解决)(?:得)?(?:怎么样|如何)了?|(?:处理|整改|改|落实|解决)了没有"
    r"|(?:改|整改|处理|落实|解决)(?:得)?咋样了?|(?:以后|之后|后来|现在)(?:怎么样|咋样|如何)了?"
    r"|(?:改|整改|处理|解决)了吗|有没有(?:整改|处理|解决|改)|到位了吗|(?:为什么|为啥|咋)[^?？,，]{0,6}(?:没|不|未)|卡在哪|什么程度"
)
"""How far one problem's rectification has got (its status, results, reasons), asked of that problem."""
_REASON_RE = re.compile(r"为什么|为啥|原因|卡在哪|咋还|怎么还")
_REASON_SENTENCE_RE = re.compile(
    r"[^。；;\n]*(?:原因|由于|因为|受[^。；;\n]{0,12}影响|尚需|需要|待)[^。；;\n]*[。；;]?"
)
_MEASURES_RE = re.compile(
    r"(?:怎么|如何|怎样|咋)(?:样)?(?:进行)?(?:整改|改|落实|处理|解决|纠正|补|加强|弄|清理|处置|完善|规范|应对|办|搞|管)"
    r"|(?:采取|制定|落实)了?(?:哪些|什么|啥)(?:整改)?(?:措施|办法|举措)|(?:整改|后来|后面|之后)?(?:都)?做了(?:哪些|什么|啥)"
    r"|整改措施(?:是|有)(?:什么|哪些|啥)|(?:措施|举措)(?:是|有)(?:什么|哪些|啥)"
    r"|(?:后来|之后|后面|随后|巡察后|巡视后|整改时|整改中)(?:又|是|都|就)?(?:怎么|如何|咋)(?!样|回事)"
    r"|(?:整改|改|处理|弄)了(?:些|一些)?(?:啥|什么|哪些)(?!人|干部|党员|同志|单位)|(?:动作|办法|招|法子)(?:有|是)?(?:哪些|什么|啥)"
    r"|(?:第[一二三四五六七八九十\d]+|最后一|末一)(?:条|项|点)(?:整改)?(?:措施|举措)|(?:措施|举措)[^?？。]{0,4}(?:第[一二三四五六七八九十\d]+|最后一)(?:条|项|点)"
)
_NTH_MEASURE_RE = re.compile(r"(?:第([一二三四五六七八九十\d]+)|(最后|末))一?(?:条|项|点)")
"""One measure by its place in the list (第三条措施, 措施里最后一条): that measure alone is said."""
_ORDINAL_RE = re.compile(r"第([一二三四五六七八九十\d]+)(?:个|项|条)?(?:具体)?问题")
"""A problem named by its place in the notice (第三个问题)."""
_MIN_SHARED = 3
"""Fewest distinct character bigrams a paraphrase must share with a problem statement."""
_MAX_LISTED = 12
_MIN_BLOCK = 12
"""Fewest characters under a problem's heading to quote as its measures."""


Located = Mapping[str, tuple[Notice, Problem]]
"""The problem retrieval located for a unit, by unit."""


NOT_DONE = ("未完成", "正在推进", "基本完成", "初步成效", "长期坚持")
"""What "not finished" covers: every status but 已完成."""


def _by_status(info: QuestionInfo, notices: Sequence[Notice], wanted: tuple[str, ...]) -> FactsAnswer | None:
    cites = Cites()
    lines: list[str] = []
    for unit in info.units.units:
        mine = [n for n in notices if n.unit == unit]
        hits = [(n, p) for n in mine for p in all_problems(n.problems) if p.status in wanted]
        if hits:
            when = _WHEN_DONE_RE.search(compact(info.question)) is not None
            shown = [
                f"{p.number} {p.statement or p.heading}{cites.mark(n, problem_fact(p))}"
                + _deadline(n, p, cites, when)
                for n, p in hits
            ]
            more = f"等{len(hits)}个" if len(hits) > _MAX_LISTED else f"共{len(hits)}个"
            lines.append(
                f"{unit}通报中整改进度为{'、'.join(wanted)}的问题{more}：{'；'.join(shown[:_MAX_LISTED])}。"
            )
            continue
        stated = [(n, n.facts.status[k]) for n in mine for k in wanted if k in n.facts.status]
        if stated:
            said = "、".join(f"{f.quote}{cites.mark(n, f)}" for n, f in stated)
            lines.append(f"{unit}的通报未逐项写明各问题的整改进度，只写明：{said}。")
        elif any(p.status for n in mine for p in n.problems):
            lines.append(f"{unit}的通报逐项写明的整改进度中，没有{'、'.join(wanted)}的问题。")
    if not lines:
        return None
    return FactsAnswer("\n".join(lines), tuple(cites.items), from_records=True)


def _deadline(notice: Notice, problem: Problem, cites: Cites, asked: bool) -> str:
    if not asked:
        return ""
    d = problem.deadline
    if d is None:
        return "（通报未写明时限）"
    return f"（{d.text}{cites.mark(notice, Fact(d.text, d.text, d.start, d.end))}）"


def _progress(info: QuestionInfo, notices: Sequence[Notice], located: Located) -> FactsAnswer | None:
    """How far one problem has got: its status as stated, its results, and the reasons when asked."""
    cites = Cites()
    lines: list[str] = []
    reasons_asked = _REASON_RE.search(compact(info.question)) is not None
    for unit in info.units.units:
        mine = [n for n in notices if n.unit == unit]
        picked = _pick(info, mine, located.get(unit), by_place=False)
        if picked is None:
            continue
        notice, problem = picked
        said = [
            f"{unit}关于“{problem.statement or problem.heading}”{cites.mark(notice, problem_fact(problem))}"
        ]
        if problem.status and problem.status_quote:
            quote = problem.status_quote
            at = notice.text.find(quote, problem.start)
            said.append(
                f"整改进度：{quote.rstrip('。；;')}{cites.mark(notice, Fact(quote, quote, max(at, 0), max(at, 0) + len(quote)))}"
            )
        for r in problem.results[:2]:
            said.append(
                f"整改成效：{r.text.rstrip('。；;')}{cites.mark(notice, Fact(r.text, r.text, r.start, r.end))}"
            )
        if reasons_asked:
            body = notice.text[problem.start : problem.end]
            for m in list(_REASON_SENTENCE_RE.finditer(body))[:2]:
                text = m.group(0).strip()
                if len(text) >= 6:
                    start = problem.start + m.start()
                    said.append(
                        f"{text.rstrip('。；;')}{cites.mark(notice, Fact(text, text, start, start + len(text)))}"
                    )
        if len(said) == 1:
            spans = problem.measure_spans[:3]
            for span, nxt in zip(spans, [*problem.measure_spans[1:4], None][: len(spans)], strict=True):
                whole = whole_measure(notice.text, span.start, nxt.start if nxt else problem.end)
                said.append(
                    f"{whole.rstrip('。；;，,')}{cites.mark(notice, Fact(whole, whole, span.start, span.start + len(whole)))}"
                )
        if len(said) > 1:
            lines.append("；".join(said) + "。")
    if not lines:
        return None
    return FactsAnswer("\n".join(lines), tuple(cites.items), from_records=True)


def match_problem(question: str, problems: Sequence[Problem]) -> Problem | None:
    """The problem (or quoted sub-problem) whose statement best matches ``question``'s words.

    >>> ps = [Problem("关于学习不深入的问题", (), 0, 9, statement="学习不深入"),
    ...       Problem("关于财务报销审核不严的问题", (), 10, 20, statement="财务报销审核不严")]
    >>> match_problem("报销审核不严格这个问题是怎么整改的？", ps).statement
    '财务报销审核不严'
    """
    asked = bigrams(question)
    least = min(_MIN_SHARED, max(2, len(asked) // 3))  # a short paraphrase (大额转账) shares fewer pairs
    pool = all_problems(problems)
    named = [content_pairs(p.statement or p.heading) for p in pool]
    rare = rare_pairs(content_pairs(question), named)  # a word of the problem, not one many say (不到位)
    best, best_score = None, 0.0
    for p, names in zip(pool, named, strict=True):
        own = bigrams(p.statement or p.heading)
        shared = len(asked & own)
        if shared < least or not rare & names:
            continue
        score = shared / (len(own) ** 0.5 or 1)
        if score > best_score:
            best, best_score = p, score
    return best


def nth_problem(question: str, problems: Sequence[Problem]) -> Problem | None:
    """The problem the question counts to (``第三个问题``): the n-th problem with measures, in the notice's order.

    >>> from core.types import Span
    >>> ps = [Problem(f"问题{i}", (), i, i + 1, measure_spans=(Span("措施", i, i + 1),)) for i in (1, 2, 3)]
    >>> nth_problem("这家单位的第三个问题怎么整改的", ps).heading, nth_problem("第9个问题呢", ps)
    ('问题3', None)
    """
    m = _ORDINAL_RE.search(compact(question))
    if m is None:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
    counted = [p for p in all_problems(problems) if p.measure_spans]
    return counted[n - 1] if n is not None and 0 < n <= len(counted) else None


def _pick(
    info: QuestionInfo, mine: Sequence[Notice], located: tuple[Notice, Problem] | None, by_place: bool = True
) -> tuple[Notice, Problem] | None:
    """The problem of the unit's notices the question is about: by the words of its statement, by
    its place (``第三个问题``), else the one retrieval located (``located.locate_problems``)."""
    asked = asked_text(info)
    found = [(n, p) for n in mine if (p := match_problem(asked, n.problems)) is not None]
    if by_place:
        found = found or [(n, p) for n in mine if (p := nth_problem(asked, n.problems)) is not None]
    if found:
        return max(found, key=lambda np: len(bigrams(asked) & bigrams(np[1].statement)))
    return located


def _measures(info: QuestionInfo, notices: Sequence[Notice], located: Located) -> FactsAnswer | None:
    cites = Cites()
    lines: list[str] = []
    for unit in info.units.units:
        mine = [n for n in notices if n.unit == unit]
        picked = _pick(info, mine, located.get(unit))
        if picked is None:
            continue
        notice, problem = picked
        spans = problem.measure_spans or tuple(m for item in problem.items for m in item.measure_spans)
        block = not spans  # the text under the heading, where no measures were read
        spans = spans or _block(notice, problem)
        if not spans:
            continue
        head = (
            f"{unit}关于“{problem.statement or problem.heading}”{cites.mark(notice, problem_fact(problem))}"
        )
        shown = []
        for span, nxt in zip(spans[:8], [*spans[1:8], None], strict=True):
            whole = whole_measure(
                notice.text, span.start, nxt.start if nxt else problem.end, 2 if block else 1
            )
            fact = Fact(whole, whole, span.start, span.start + len(whole))
            shown.append(f"{whole.rstrip('。；;，,')}{cites.mark(notice, fact)}")
        if (nth := _nth_measure(compact(info.question), len(shown))) is not None:
            lines.append(f"{head}的第{nth + 1}条整改措施（共{len(shown)}条）：{shown[nth]}。")
            continue
        status = f"整改进度：{problem.status}。" if problem.status else ""
        lines.append(f"{head}的整改措施：{'；'.join(shown)}。{status}")
    if not lines:
        return None
    return FactsAnswer("\n".join(lines), tuple(cites.items), from_records=True)


def _nth_measure(q: str, listed: int) -> int | None:
    """The index of the measure asked by its place (第三条, 最后一条), when the list has it."""
    m = _NTH_MEASURE_RE.search(q)
    if m is None or listed < 2:
        return None
    n = listed if m.group(2) else int(m.group(1)) if m.group(1).isdigit() else cn_to_int(m.group(1))
    return n - 1 if n is not None and 0 < n <= listed else None


def _block(notice: Notice, problem: Problem) -> tuple[Span, ...]:
    """The text under a problem's heading as one measure, where the notice does not list measures
    the reader could split (整改情况 written as one paragraph, or repeated).
    """
    at = notice.text.find(problem.heading, problem.start, problem.end)
    start = at + len(problem.heading) if at >= 0 else problem.start
    while start < problem.end and notice.text[start] in "。：:；;，, \n\t\u3000":
        start += 1
    body = notice.text[start : problem.end].strip()
    return (Span(body, start, problem.end),) if len(compact(body)) >= _MIN_BLOCK else ()


def asks_of_one_problem(info: QuestionInfo) -> bool:
    """Whether the question asks how one problem of a named unit was rectified.

    Only then is a problem located by retrieval: how far one has got, or why it is not done, asks a
    detail the passages state better than the problem's record.
    """
    q = compact(info.question)
    return info.units.matched and bool(_MEASURES_RE.search(q))


def answer_from_problems(
    info: QuestionInfo, notices: Sequence[Notice], located: Located | None = None
) -> FactsAnswer | None:
    """Answer a by-status, measures, findings or progress question from the named units' problem records, else None.

    ``located`` gives, by unit, the problem retrieval found where the question's words match no
    statement (``located.locate_problems``).
    """
    located = located or {}
    if not info.units.matched:
        return None
    q = compact(info.question)
    if _MEASURES_RE.search(q):
        return _measures(info, notices, located)
    wanted = tuple(k for k in status_keys(q) if k)
    if "未完成" in wanted:
        wanted = NOT_DONE
    if wanted and _ITEM_RE.search(q) and _WHICH_RE.search(q):
        found = _by_status(info, notices, wanted)
        if found is not None:
            return found
    if (found := answer_findings(info, notices)) is not None:  # what was found, by topic or area
        return found
    if _PROGRESS_RE.search(q):
        return _progress(info, notices, located)
    return None
