"""Extractive drafts: composed from other units' sentences, every specific made a placeholder.

Without a language model a draft is assembled, not written: measure clauses (一是/二是…),
effect and next-step sentences and the usual notice paragraphs are taken from retrieved
exemplars, scrubbed (``placeholders.scrub``), renumbered, and each keeps the ``[n]`` of the
passage it came from. Lines that carry no borrowed sentence (headings, the contact line, the
signature) hold placeholders only. What the user said was done is quoted first, uncited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.citations import Passage
from assistant.drafting import DraftPlan, Search, exemplars, given_texts
from assistant.placeholders import UNIT, placeholders_in, scrub
from assistant.sentinels import CITATION_FORMAT, EXTRACTIVE_NOTE, PLACEHOLDER_RE
from assistant.text import compact, to_simplified
from assistant.types import Citation, Draft, Hit

if TYPE_CHECKING:
    from assistant.config import Settings
    from assistant.units import UnitDirectory

ORDINALS = "一二三四五六七八九十"
MAX_MEASURES = 4
"""Measures in a drafted paragraph (the user's own included)."""

_MARKER_RE = re.compile(rf"(?:^|(?<=[。；;，,：:\s]))[{ORDINALS}]是")
_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")
_EFFECT_RE = re.compile(r"成效|效果|明显|有效|显著|得到|进一步(?:增强|提升|提高|规范)|逐步")
_NEXT_RE = re.compile(r"下一步|持续|长效|巩固|常态化|回头看|久久为功")
_ORGANIZE_RE = re.compile(r"领导小组|专题会|整改方案|清单|第一责任人|督办|调度|销号|台账|责任")
_LEAD_RE = re.compile(r"统一部署|进行了.{0,4}(?:巡察|巡视)|开展了.{0,6}(?:巡察|巡视)|反馈了.{0,6}意见|予以公布|予以公开")
_WELCOME_RE = re.compile(r"欢迎.{0,24}监督")
_LABEL_RE = re.compile(
    r"^(?:整改(?:结果|情况|措施|成效|进展)[及和与]?(?:成效|措施|阶段性成效)?|成效|目前|下一步)\s*[:：,，]\s*"
)
"""A label in front of a sentence (整改结果及成效：…), not part of it."""
_PENDING_RE = re.compile(r"正在|尚未|未全部|还处于|仍需|仍未|未完成|未整改")
"""Words of work not done yet: such a sentence is no 成效 and no 下一步 to borrow."""
_STATUS_RE = re.compile(r"已完成整改|正在推进|长期坚持|已整改到位|基本完成|整改进展")
_HEADING_RE = re.compile(r"^[(（]?[一二三四五六七八九十\d]+[)）、.．]|问题$|方面$")


@dataclass
class _Cites:
    """Exemplars cited so far, numbered in order of first use."""

    items: list[tuple[Hit, str]] = field(default_factory=list)

    def mark(self, hit: Hit, quote: str) -> str:
        for i, (h, _) in enumerate(self.items, 1):
            if h.chunk.id == hit.chunk.id:
                return CITATION_FORMAT.format(n=i)
        self.items.append((hit, quote))
        return CITATION_FORMAT.format(n=len(self.items))

    def citations(self) -> tuple[Citation, ...]:
        return tuple(Passage(n, hit, hit.chunk.text).to_citation(quote=q) for n, (hit, q) in enumerate(self.items, 1))


@dataclass(frozen=True)
class _Piece:
    """A scrubbed sentence or clause of an exemplar."""

    text: str
    """The scrubbed text, without its end punctuation or ordinal."""
    original: str
    """The words it came from."""
    hit: Hit
    """Its exemplar."""


def measure_clauses(text: str) -> list[str]:
    """The 一是/二是… clauses of a passage, ordinal and end punctuation removed (first sentence each).

    >>> measure_clauses("整改情况：一是修订制度，明确标准。二是开展检查；三是约谈提醒。")
    ['修订制度，明确标准', '开展检查', '约谈提醒']
    """
    starts = [m.start() for m in _MARKER_RE.finditer(text)]
    out = []
    for a, b in zip(starts, [*starts[1:], len(text)], strict=False):
        clause = text[a + 2 : b]
        first = _SENTENCE_RE.match(clause)
        out.append((first.group() if first else clause).strip().rstrip("。；;，,"))
    return [c for c in out if c]


def sentences(text: str) -> list[str]:
    """The sentences of a passage, end punctuation removed.

    >>> sentences("整改成效：成效明显。下一步，持续巩固！整改結果及成效:一是落實")
    ['成效明显', '持续巩固', '一是落實']
    """
    out = []
    for s in (x.strip() for x in _SENTENCE_RE.findall(text)):
        label = _LABEL_RE.match(to_simplified(s))
        s = (s[label.end() :] if label else s).rstrip("。！？；!?;")
        if s:
            out.append(s)
    return out


def _usable(scrubbed: str, share: float = 0.45) -> bool:
    """Enough of the sentence is left once its placeholders are set aside (at least ``share`` of it)."""
    bare = PLACEHOLDER_RE.sub("", scrubbed)
    return len(compact(bare)) >= 8 and len(bare) >= share * len(scrubbed) and len(scrubbed) <= 160


def _similar(a: str, b: str) -> bool:
    """Whether two scrubbed texts say nearly the same (bigram overlap, placeholders set aside)."""
    a, b = compact(PLACEHOLDER_RE.sub("", a)), compact(PLACEHOLDER_RE.sub("", b))
    grams_a = {a[i : i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i : i + 2] for i in range(len(b) - 1)}
    return bool(grams_a and grams_b) and len(grams_a & grams_b) / min(len(grams_a), len(grams_b)) > 0.6


class _Source:
    """Exemplar sentences for one draft: scrubbed, simplified, never used twice."""

    def __init__(self, plan: DraftPlan, search: Search, settings: Settings, directory: UnitDirectory | None) -> None:
        self.plan = plan
        self.search = search
        self.settings = settings
        self.keep = given_texts(plan)
        self.directory = directory
        self.used: set[str] = set()

    def hits(self, query: str | None = None, *, on_topic: bool = False) -> list[Hit]:
        """Exemplars of the plan's topic (``query`` None) or of ``query``, the user's own unit left out.

        With ``on_topic``, only passages naming one of the plan's topics (none when it has none).
        """
        if query is None:
            return exemplars(self.plan, self.search, self.settings.k)
        found = self.search(query, max(self.settings.k, 6))
        words = [w for t in self.plan.topics for w in t.words]
        return [
            h
            for h in found
            if (not self.plan.unit or h.chunk.unit != self.plan.unit)
            and (not on_topic or any(w in compact(h.chunk.heading + h.chunk.text) for w in words))
        ]

    def pieces(
        self,
        hits: Sequence[Hit],
        split: str,
        pattern: re.Pattern[str] | None = None,
        avoid: str = "",
        share: float = 0.45,
    ) -> list[_Piece]:
        """Scrubbed clauses (``split='measures'``) or sentences of ``hits`` that are usable and new.

        Args:
            hits: The exemplars.
            split: ``measures`` (一是/二是… clauses) or ``sentences``.
            pattern: Keep only parts it finds something in.
            avoid: Drop parts containing this word (e.g. 巡视 in a 巡察 notice).
            share: How much of a scrubbed part must be left besides placeholders.
        """
        out: list[_Piece] = []
        for hit in hits:
            parts = measure_clauses(hit.chunk.text) if split == "measures" else sentences(hit.chunk.text)
            for part in parts:
                simple = to_simplified(part)
                if (pattern is not None and not pattern.search(simple)) or (avoid and avoid in simple):
                    continue
                if split != "measures" and (_HEADING_RE.search(simple) or _MARKER_RE.match(simple)):
                    continue
                text = to_simplified(scrub(part, self.keep, self.directory).text)
                key = compact(text)
                if key in self.used or not _usable(text, share) or any(_similar(text, p.text) for p in out):
                    continue
                out.append(_Piece(text, part, hit))
        return out

    def take(self, pieces: Sequence[_Piece]) -> list[_Piece]:
        """Mark ``pieces`` as used (so no other section repeats them)."""
        self.used.update(compact(p.text) for p in pieces)
        return list(pieces)


def _spread(pieces: Sequence[_Piece], limit: int, per_hit: int = 2) -> list[_Piece]:
    """Up to ``limit`` pieces in order, at most ``per_hit`` from one exemplar while others remain."""
    chosen: list[_Piece] = []
    for piece in pieces:
        if len(chosen) < limit and sum(p.hit.chunk.id == piece.hit.chunk.id for p in chosen) < per_hit:
            chosen.append(piece)
    for piece in pieces:
        if len(chosen) < limit and piece not in chosen:
            chosen.append(piece)
    return chosen


def _enumerate(items: Sequence[tuple[str, str]]) -> str:
    """``一是…[1]；二是…[2]。`` from (text, marker) pairs."""
    parts = [f"{ORDINALS[i]}是{text}{marker}" for i, (text, marker) in enumerate(items[: len(ORDINALS)])]
    return "；".join(parts) + "。" if parts else ""


def _problem_title(plan: DraftPlan) -> str:
    phrase = plan.phrase.removesuffix("问题").removesuffix("的").removesuffix("方面")
    return f"关于{phrase}的问题" if phrase else "关于【问题表述】的问题"


def _measures(plan: DraftPlan, source: _Source, hits: Sequence[Hit], cites: _Cites) -> str:
    own = [(d, "") for d in plan.details]
    room = max(MAX_MEASURES - len(own), 2)
    pieces = source.pieces(hits, "measures")
    picked = source.take(_spread(sorted(pieces, key=lambda p: not _relevant(plan, p.original)), room))
    borrowed = [(p.text, cites.mark(p.hit, p.original)) for p in picked]
    return _enumerate(own + borrowed) or "一是【整改措施】；二是【整改措施】；三是【整改措施】。"


def _done(piece: _Piece) -> bool:
    """A sentence that states an effect or a plan, not a status or work still pending."""
    simple = to_simplified(piece.original)
    return not _STATUS_RE.search(simple) and not _PENDING_RE.search(simple)


def _relevant(plan: DraftPlan, text: str) -> bool:
    """Whether a clause speaks of the plan's topic (a topic word, or two words of the problem phrase)."""
    s = compact(to_simplified(text))
    if any(w in s for t in plan.topics for w in t.words):
        return True
    phrase = compact(plan.phrase.removesuffix("问题"))
    grams = {phrase[i : i + 2] for i in range(len(phrase) - 1)}
    return len([g for g in grams if g in s]) >= 2


def _sentence_line(pieces: Sequence[_Piece], source: _Source, cites: _Cites, fallback: str, limit: int = 1) -> str:
    picked = source.take(pieces[:limit])
    return "".join(f"{p.text}{cites.mark(p.hit, p.original)}。" for p in picked) or fallback


def _topic_words(plan: DraftPlan) -> str:
    return " ".join(t.words[0] for t in plan.topics)


def _problem_lines(plan: DraftPlan, source: _Source, cites: _Cites) -> list[str]:
    hits = source.hits()
    measures = _measures(plan, source, hits, cites)
    effects = [p for p in source.pieces(hits, "sentences", _EFFECT_RE) if _done(p)]
    if not effects and plan.topics:
        found = source.hits(f"{_topic_words(plan)} 整改成效 明显 有效", on_topic=True)
        effects = [p for p in source.pieces(found, "sentences", _EFFECT_RE) if _done(p)]
    nexts = [p for p in source.pieces(hits, "sentences", _NEXT_RE) if _done(p)]
    if not nexts and plan.topics:
        found = source.hits(f"下一步 {_topic_words(plan)} 持续巩固 长效机制", on_topic=True)
        nexts = source.pieces(found, "measures", _NEXT_RE) + source.pieces(found, "sentences", _NEXT_RE)
    return [
        f"问题表述：{_problem_title(plan)}。",
        f"整改措施：{measures}",
        f"整改成效：{_sentence_line(effects, source, cites, '【整改成效】')}",
        f"下一步：{_sentence_line(nexts, source, cites, '【下一步打算】')}",
    ]


def _signer(plan: DraftPlan) -> str:
    unit = plan.unit or UNIT
    return unit if unit.endswith(("党组", "党委", "委员会", "支部", "党总支")) else f"中共{unit}党组"


def _other(level: str) -> str:
    return "巡察" if level == "巡视" else "巡视"


def _lead(source: _Source, level: str) -> list[_Piece]:
    """The opening of one exemplar: who inspected when, the feedback, the publication formula."""
    hits = source.hits(f"根据统一部署 {level}组 进行了{level} 反馈了{level}意见 现将{level}整改情况予以公布")
    best: list[_Piece] = []
    for hit in hits:
        pieces = source.pieces([hit], "sentences", _LEAD_RE, _other(level), share=0.25)
        if len(pieces) > len(best):
            best = pieces
    return best[:3]


def _notice_lines(plan: DraftPlan, source: _Source, cites: _Cites) -> list[str]:
    level = "巡视" if "巡视" in plan.instruction else "巡察"
    lines = [f"{_signer(plan)}关于{level}整改情况的通报", ""]
    lines.append(_sentence_line(_lead(source, level), source, cites, f"【{level}基本情况】", 3))
    found = source.hits(f"整改工作组织情况 成立{level}整改工作领导小组 专题会议 整改方案")
    organize = source.pieces(found, "sentences", _ORGANIZE_RE, _other(level))
    lines += ["", "一、整改工作组织情况"]
    lines += [_sentence_line([p], source, cites, "") for p in _spread(organize, 3, 1)] or ["【组织情况】"]
    lines += ["", "二、整改落实情况", "（一）关于【问题类别】方面", f"1.{_problem_title(plan)}"]
    if plan.topics or plan.details:
        lines.append(f"整改情况：{_measures(plan, source, source.hits(), cites)}")
    else:
        lines.append("整改情况：一是【整改措施】；二是【整改措施】；三是【整改措施】。")
    lines += ["目前，该问题【整改状态】。", "【其余问题按上述结构逐一列写】", "", "三、下一步工作打算"]
    found = source.hits("下一步工作打算 持续巩固整改成果 建立健全长效机制")
    nexts = source.pieces(found, "measures", _NEXT_RE, _other(level))
    nexts += [p for p in source.pieces(found, "sentences", _NEXT_RE, _other(level)) if _done(p)]
    borrowed = [(p.text, cites.mark(p.hit, p.original)) for p in source.take(_spread(nexts, 3, 1))]
    lines += [_enumerate(borrowed) or "【下一步工作打算】", ""]
    found = source.hits(f"欢迎广大干部群众对{level}整改落实情况进行监督 联系电话")
    closing = source.pieces(found, "sentences", _WELCOME_RE, _other(level))
    lines.append(_sentence_line(closing, source, cites, "欢迎广大干部群众对整改落实情况进行监督。"))
    lines.append("联系电话：【联系电话】；通信地址：【通信地址】；电子邮箱：【电子邮箱】。")
    lines += ["", _signer(plan), "【日期】"]
    return lines


def _rewrite_lines(plan: DraftPlan, source: _Source, cites: _Cites) -> list[str]:
    picked = source.take(_spread(source.pieces(source.hits(), "measures"), 4))
    borrowed = [(p.text, cites.mark(p.hit, p.original)) for p in picked]
    return ["原稿（未改写）：", plan.text, "", "可借鉴的规范表述：", _enumerate(borrowed) or "（未检索到可借鉴的表述）"]


def compose_draft(
    plan: DraftPlan,
    search: Search,
    settings: Settings,
    directory: UnitDirectory | None,
    warnings: Sequence[str] = (),
) -> Draft:
    """The extractive draft of ``plan``.

    Args:
        plan: What to draft.
        search: Retrieval across all units.
        settings: ``k`` exemplars per search.
        directory: The units of the index (their names become placeholders).
        warnings: Notices so far (e.g. the endpoint fallback).

    Returns:
        The draft; every borrowed sentence carries its ``[n]``.
    """
    source = _Source(plan, search, settings, directory)
    cites = _Cites()
    notes = list(warnings)
    if plan.kind == "notice":
        lines = _notice_lines(plan, source, cites)
    elif plan.kind == "rewrite":
        lines = _rewrite_lines(plan, source, cites)
        notes.append("抽取模式不能改写文稿：已保留原稿，并列出可借鉴的规范表述（配置大模型接口后可改写）")
    else:
        lines = _problem_lines(plan, source, cites)
    if not cites.items:
        notes.append("未检索到可借鉴的同类整改范例，草稿中的内容以占位符表示")
    text = "\n".join([EXTRACTIVE_NOTE, "", *lines]).strip()
    return Draft(text, "extractive", cites.citations(), placeholders_in(text), tuple(notes))
