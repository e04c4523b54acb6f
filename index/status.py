"""Rectification status as a notice states it: of one problem, and as counts for the whole set.

Six statuses, named by the keys of ``STATUS_KEYS``: 已完成 / 基本完成 / 初步成效 / 正在推进 /
长期坚持 / 未完成. A status is read from a **statement** about the problem or the set
(``目前，该问题已完成整改``, ``整改进度：基本完成``, ``（已整改到位）``), never from a phrase that merely
names a status: a status phrase used as an attribute (``未完成的任务``, ``已整改问题清单``,
``基本完成情况``), as the object of a measure (``对正在推进的项目…``, ``将…长期坚持相结合``), with
an object of its own (``已完成集中学习6次``), in a 《title》, or in a time-limit or measures field
(``整改时限：立行立改并长期坚持``) states nothing.

Counts are read the same way (``10个已整改到位，7个取得初步成效``, ``已完成整改35个，正在整改4个``),
and the notice-level counts are those of the one sentence that reports on the set of inspection
problems best (it names them, gives several categories, says 截至目前); counts of other lists
(立行立改 items, another inspection, a sub-list inside one problem) are not taken for the set.
"""

from __future__ import annotations

import re

from core.notice_model import STATUS_KEYS
from core.numerals import number_value
from core.sentences import CLAUSE_ENDS, SENTENCE_ENDS, spans, trimmed_spans
from core.types import Fact
from index.sources import UNKNOWN, Own, other_inspection

__all__ = ["STATUS_KEYS", "classify", "group_status", "in_book_title", "is_group_heading", "status_counts"]

_PHRASES: tuple[tuple[str, str], ...] = (
    (
        "已完成",
        r"(?:已经?|均已|现已|目前已)(?:全部|基本)?(?:完成整改|整改完成|整改到位|整改完毕|办结|销号)(?:并长期坚持)?",
    ),
    ("已完成", r"已于[^，。；]{1,16}?(?:完成整改|整改完成|整改到位|整改完毕)"),
    (
        "已完成",
        r"整改已(?:全部)?完成|(?<=[：:（(])已?(?:完成|整改完成|完成整改|整改到位|办结)(?:并长期坚持)?",
    ),
    ("已完成", r"(?:已经|已)?全部整改(?:到位|完毕|完成)"),
    ("基本完成", r"(?:已|均已)?基本(?:完成|整改到位|整改完成)(?:整改)?"),
    ("初步成效", r"(?:已|已经)?(?:取得了?|初见)(?:初步|阶段性|明显阶段性|一定)?(?:成效|成果)"),
    (
        "正在推进",
        r"正在(?:有序|持续|稳步|加快|积极)?(?:推进|整改|落实)(?:整改)?中?|(?:仍|尚)在(?:推进|整改)中?|(?:推进|整改)中",
    ),
    ("长期坚持", r"(?:需要?|须|要|将|并)?长期坚持(?:整改)?|(?:转入)?常态化(?:持续)?(?:整改|推进)|长期整改"),
    ("未完成", r"(?:尚未|未)(?:完成整改|整改完成|整改到位|完成|整改)"),
)
_PHRASE_RES = tuple((key, re.compile(p)) for key, p in _PHRASES)
_DONE_AND_KEEP_RE = re.compile(r"(?:完成整改|整改完成|整改到位|整改完毕|已完成)并长期坚持")
_BOOK_RE = re.compile(r"《[^》]*》")
_FIELD_RE = re.compile(r"^[^，。：:]{0,8}?(?:时限|期限|措施|目标|责任|牵头|举措|任务)[：:]")
"""A field whose content is not a status (``整改时限：…``, ``整改措施：…``, ``责任单位：…``)."""
_BOUNDARY = "，,。；;！？!?、）)”\n"
_AFTER_OK_RE = re.compile(rf"(?:$|[{_BOUNDARY}]|[ \t]|整改|并|，|。|计划|预计|将|但|因|需|下一步)")
_GOVERNOR_RE = re.compile(
    r"(?:对|针对|将|把|确保|力争|争取|督促|研究|梳理|防止|巩固|以|凡|对照|纳入|建立|制定|开展|听取|报送|"
    r"核查|推动|部署|分为|作为|形成|坚持|实行)[^，。；;：:]*$"
)
"""A verb or preposition earlier in the clause that makes the status phrase its object."""


_SUBSET_RE = re.compile(
    r"(?<![\d一二三四五六七八九十两])[\d一二三四五六七八九十两]{1,8}(?:个|项|条|处|件)[^，。；;]{0,24}(?:问题|事项|隐患)"
)


_SET_WORDS_RE = re.compile(r"反馈|巡察|巡视|指出|交办")


CLAUSE_REACH = 200
"""Characters looked back for the clause before a status phrase (a line without punctuation
holding many phrases is not re-read from its start for each)."""


def _clause_before(s: str, pos: int) -> str:
    lo = max(0, pos - CLAUSE_REACH)
    cut = max(s.rfind(c, lo, pos) for c in "，,。；;：:（(")
    return s[max(cut + 1, lo) : pos]


def _stated(s: str, m: re.Match[str]) -> bool:
    """Whether the status phrase ``m`` of sentence ``s`` is predicated, not named."""
    after = s[m.end() : m.end() + 4]
    if after.startswith(("的", "问题", "事项", "情况", "清单", "台账", "率", "质量", "工作", "任务")):
        return False
    if not _AFTER_OK_RE.match(after):
        return False
    before = _clause_before(s, m.start())
    if _SUBSET_RE.search(before) and not _SET_WORDS_RE.search(before):
        return False  # ``85个…问题已全部整改到位``: a count of some list, not this problem's status
    return not _GOVERNOR_RE.search(before)


def statement_status(sentence: str) -> str | None:
    """The status a sentence states about a problem or the set, or None where it states none.

    Args:
        sentence: One sentence in simplified characters.

    >>> statement_status("目前，该问题已完成整改。"), statement_status("建立已整改问题清单，实行销号管理。")
    ('已完成', None)
    >>> statement_status("整改进度：已完成整改并长期坚持。"), statement_status("整改时限：立行立改并长期坚持。")
    ('已完成', None)
    >>> statement_status("目前已取得初步成效。"), statement_status("已完成集中学习6次。")
    ('初步成效', None)
    """
    s = _BOOK_RE.sub("《》", sentence.strip())
    if _FIELD_RE.match(s):
        return None
    if _DONE_AND_KEEP_RE.search(s) and not any(
        k != "已完成" and k != "长期坚持" and any(_stated(s, m) for m in p.finditer(s))
        for k, p in _PHRASE_RES
    ):
        first = _DONE_AND_KEEP_RE.search(s)
        if first is not None and _stated(s, first):
            return "已完成"
    found: list[tuple[int, str]] = []
    for key, pattern in _PHRASE_RES:
        for m in pattern.finditer(s):
            if _stated(s, m):
                found.append((m.start(), key))
                break
    keys = [key for _, key in sorted(found)]
    ongoing = [k for k in keys if k in ("长期坚持", "正在推进")]
    if "初步成效" in keys and ongoing:
        return ongoing[0]  # first results of a problem that is still being worked on
    return keys[0] if keys else None


def classify(text: str) -> str | None:
    """The status a short label names (a heading's ``（已整改到位）``, a group heading), or None.

    >>> classify("已整改到位"), classify("需长期坚持"), classify("取得初步成效"), classify("党建方面")
    ('已完成', '长期坚持', '初步成效', None)
    """
    t = text.strip().strip("（）()。")
    if _DONE_AND_KEEP_RE.search(t):
        return "已完成"
    for key, pattern in _PHRASE_RES:
        if pattern.search(t):
            return key
    if re.fullmatch(r"(?:已|已经)?(?:完成|整改完成|完成整改|整改到位|办结)", t):
        return "已完成"
    return None


_GROUP_RE = re.compile(
    r"^(?:已|正在|尚未|未|基本|需要?长期|长期|立行立改|持续|取得)[^，。,]{0,14}(?:问题|事项|任务)$"
)


def group_status(title: str) -> str | None:
    """The status a group heading gives its problems (``已整改完成的问题`` → 已完成), else None.

    >>> group_status("已整改完成的问题"), group_status("已取得初步成效的问题"), group_status("党的建设方面")
    ('已完成', '初步成效', None)
    """
    t = title.strip().rstrip("。")
    if not _GROUP_RE.match(t):
        return None
    t = re.sub(r"的?(?:问题|事项|任务)$", "", t)
    return classify(t) or ("已完成" if t.startswith("已") else None)


def is_group_heading(title: str) -> bool:
    """Whether a heading only groups problems by status."""
    return bool(_GROUP_RE.match(title.strip().rstrip("。")))


BOOK_TITLE_REACH = 120
"""Characters looked back for an open 《: titles are shorter, and a long line is not re-read per match."""


def in_book_title(norm: str, pos: int, start: int = 0) -> bool:
    """Whether ``pos`` lies inside a 《document title》 opened after ``start`` (and at most ``BOOK_TITLE_REACH`` before).

    >>> in_book_title("印发《十条措施》和十条", 4), in_book_title("印发《十条措施》和十条", 9)
    (True, False)
    """
    lo = max(start, pos - BOOK_TITLE_REACH)
    return norm.rfind("《", lo, pos) > norm.rfind("》", lo, pos)


_N = r"(?P<n>(?<![\d一二三四五六七八九十两百])[\d一二三四五六七八九十两百]{1,8})"
"""A count, read from where its digits start (see ``index.facts.NUM``)."""
_UNIT = r"(?:个|项|条)(?:具体)?(?:(?:[\u4e00-\u9fff]{2,4}?)?问题)?(?:表现)?(?:也都|也|均|都)?"
"""What a count counts: problems, with a qualifier of a few characters (``6个具体问题均…``)."""
_AFTER_COUNT = r"(?!(?:整改|完成|到位)*[\d一二三四五六七八九十两]{1,8}(?:个|项|条))"
_NOT_OTHER_THINGS = r"(?!(?!具体|问题|事项|整改|反馈)[\u4e00-\u9fff])"
"""After ``已完成11条``: the count counts problems, not another thing (``11条热线``, ``28项任务``)."""
_COUNT_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(p))
    for key, phrase in (
        (
            "已完成",
            r"(?:已经|已|均已)?(?:全部)?(?:完成整改|整改完成|整改到位|整改完毕|完成)(?P<note>并长期坚持)?|(?:已经|已)整改",
        ),
        ("基本完成", r"(?:已|均已)?基本(?:完成|整改到位|整改完成)(?:整改)?"),
        ("初步成效", r"(?:已)?(?:取得了?|初见)(?:初步|阶段性|明显阶段性)?(?:成效|成果)"),
        ("正在推进", r"(?:正在|仍在|尚在)(?:持续)?(?:推进|整改|落实)(?:整改)?(?:中|过程中)?|持续推进|整改中"),
        ("长期坚持", r"(?:需要?|须|要)?(?:长期坚持|长期整改|常态化(?:持续)?(?:整改|推进)|持续整改)"),
        ("未完成", r"(?:尚未|未)(?:完成整改|整改完成|整改到位|完成|整改)"),
    )
    for p in (
        rf"{_N}{_UNIT}[，,]?(?:整改)?(?:{phrase})(?!任务|措施|举措){_AFTER_COUNT}",
        rf"(?:{phrase})(?:的问题)?{_N}(?:个|项|条){_NOT_OTHER_THINGS}",
    )
)
_PAREN_RE = re.compile(r"（[^（）]*）|\([^()]*\)")
_NOT_PROBLEMS_RE = re.compile(r"措施|任务|举措|事项")
"""Counts of measures or tasks, not of the problems fed back."""
_SET_RE = re.compile(r"巡察反馈|巡视反馈|反馈的|反馈问题|指出的|交办的|具体问题|个问题|项问题")
_WHEN_RE = re.compile(r"截至|截止|目前|至今|现已")
_OTHER_SOURCE_RE = re.compile(
    r"主题教育|排查|检查出|自查|督查|审计|信访|上轮|上一轮|此前|以前|立行立改|村级|村\(社区\)|各村|移交"
)
_SUBSET_AFTER_RE = re.compile(
    r"(?:措施|举措)[^。；;]{0,6}其中[，,]?[^，。；;]{0,12}$|其中[，,]?[^，。；;]{0,12}$"
)
"""A count after ``其中``: of the measures named before it, or a part of the status count before it."""


def _part_of_earlier(norm: str, a: int, m: re.Match[str], earlier: bool) -> bool:
    """Whether status count ``m`` (sentence from ``a``) is a part: of a measures list, or of an earlier count."""
    before = norm[max(a, m.start() - 40) : m.start()]
    hit = _SUBSET_AFTER_RE.search(before)
    return hit is not None and (earlier or hit.group().startswith(("措施", "举措")))


def _sentence_counts(text: str, norm: str, a: int, b: int) -> dict[str, Fact]:
    matches: list[tuple[int, int, str, re.Match[str]]] = []
    for key, pattern in _COUNT_RES:
        for m in pattern.finditer(norm, a, b):
            if not in_book_title(norm, m.start()):
                matches.append((m.start(), -m.end(), key, m))
    out: dict[str, Fact] = {}
    taken_to = -1
    for start, neg_end, key, m in sorted(matches, key=lambda t: (t[0], t[1])):
        if start < taken_to or key in out or _part_of_earlier(norm, a, m, bool(out)):
            continue
        taken_to = -neg_end
        detail: dict[str, int | str] = {"note": m.group("note")} if m.groupdict().get("note") else {}
        out[key] = Fact(
            key, text[m.start() : m.end()], m.start(), m.end(), number_value(m.group("n")), detail
        )
    return out


def status_counts(text: str, norm: str, total: int | None = None, own: Own = UNKNOWN) -> dict[str, Fact]:
    """The status counts the notice states for its set of problems, keyed by ``STATUS_KEYS``.

    Args:
        text: The notice's display text.
        norm: Its simplified form (same length).
        total: The problem count the notice states, when known: a sentence whose counts add up to it
            is preferred.
        own: The notice's own inspection: a sentence about another one (``index.sources``) is passed over.
    """
    found: list[tuple[tuple[int, ...], int, int, dict[str, Fact]]] = []
    for a, b in trimmed_spans(norm, SENTENCE_ENDS):
        counts = _sentence_counts(text, norm, a, b)
        if not counts:
            continue
        s = norm[a:b]
        if _NOT_PROBLEMS_RE.search(s) and "问题" not in s or other_inspection(s, own):
            continue
        first = min(f.start for f in counts.values()) - a
        if _OTHER_SOURCE_RE.search(_PAREN_RE.sub("", s[:first])):
            continue  # the counts of another source (主题教育, 立行立改 items, 村级…)
        adds_up = total is not None and sum(f.number or 0 for f in counts.values()) == total
        score = (int(adds_up), int(bool(_SET_RE.search(s))), len(counts), int(bool(_WHEN_RE.search(s))))
        found.append((score, a, b, counts))
    if not found:
        return {}
    best = max(found, key=lambda f: f[0])
    score = best[0]
    if not score[0] and not score[1] and not (score[3] and score[2] >= 2):
        return {}  # no sentence reports on the set of problems fed back
    counts = dict(best[3])
    for _, a, b, more in found:  # the set's counts may run on in the next sentence of the paragraph
        same_paragraph = "\n" not in norm[min(a, best[1]) : max(b, best[2])]
        both_dated = bool(_WHEN_RE.search(norm, a, b) and _WHEN_RE.search(norm, best[1], best[2]))
        near = abs(a - best[2]) < 80 or abs(best[1] - b) < 80
        both_set = both_dated and bool(_SET_RE.search(norm, a, b) and _SET_RE.search(norm, best[1], best[2]))
        if ((same_paragraph and near) or both_set) and not counts.keys() & more.keys():
            counts.update(more)
    out: dict[str, Fact] = {}
    for key in STATUS_KEYS:
        if key not in counts:
            continue
        head = counts[key]
        others: list[Fact] = []
        for _, _, _, more in found:
            f = more.get(key)
            if f is not None and f.number != head.number and all(f.number != o.number for o in others):
                others.append(f)
        out[key] = Fact(head.value, head.quote, head.start, head.end, head.number, head.detail, tuple(others))
    return out


def clause_statuses(norm: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Every status statement among the clauses of ``norm[start:end]``: (key, start, end), in order."""
    out = []
    for a, b in spans(norm, CLAUSE_ENDS, start, end):
        key = statement_status(norm[a:b])
        if key:
            out.append((key, a, b))
    return out
