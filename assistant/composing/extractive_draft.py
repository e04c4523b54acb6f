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
from typing import TYPE_CHECKING

from assistant.composing.exemplars import Cites, ExemplarSource, Piece, enumerate_items, spread
from assistant.composing.placeholders import UNIT, placeholders_in
from assistant.composing.plan import DraftPlan, Search
from core.normalize import compact, to_simplified
from core.phrases import EXTRACTIVE_NOTE
from core.types import Draft, Hit

if TYPE_CHECKING:
    from assistant.reading.units import UnitDirectory
    from core.config import Settings

MAX_MEASURES = 4
"""Measures in a drafted paragraph (the user's own included)."""
_EFFECT_RE = re.compile(r"成效|效果|明显|有效|显著|得到|进一步(?:增强|提升|提高|规范)|逐步")
_NEXT_RE = re.compile(r"下一步|持续|长效|巩固|常态化|回头看|久久为功")
_ORGANIZE_RE = re.compile(r"领导小组|专题会|整改方案|清单|第一责任人|督办|调度|销号|台账|责任")
_LEAD_RE = re.compile(
    r"统一部署|进行了.{0,4}(?:巡察|巡视)|开展了.{0,6}(?:巡察|巡视)|反馈了.{0,6}意见|予以公布|予以公开"
)
_WELCOME_RE = re.compile(r"欢迎.{0,24}监督")
_PENDING_RE = re.compile(r"正在|尚未|未全部|还处于|仍需|仍未|未完成|未整改")
"""Words of work not done yet: such a sentence is no 成效 and no 下一步 to borrow."""
_STATUS_RE = re.compile(r"已完成整改|正在推进|长期坚持|已整改到位|基本完成|整改进展")


def _problem_title(plan: DraftPlan) -> str:
    phrase = plan.phrase.removesuffix("问题").removesuffix("的").removesuffix("方面")
    return f"关于{phrase}的问题" if phrase else "关于【问题表述】的问题"


def _measures(plan: DraftPlan, source: ExemplarSource, hits: Sequence[Hit], cites: Cites) -> str:
    own = [(d, "") for d in plan.details]
    room = max(MAX_MEASURES - len(own), 2)
    pieces = source.pieces(hits, "measures")
    picked = source.take(spread(sorted(pieces, key=lambda p: not _relevant(plan, p.original)), room))
    borrowed = [(p.text, cites.mark(p.hit, p.original)) for p in picked]
    return enumerate_items(own + borrowed) or "一是【整改措施】；二是【整改措施】；三是【整改措施】。"


def _done(piece: Piece) -> bool:
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


def _sentence_line(
    pieces: Sequence[Piece], source: ExemplarSource, cites: Cites, fallback: str, limit: int = 1
) -> str:
    picked = source.take(pieces[:limit])
    return "".join(f"{p.text}{cites.mark(p.hit, p.original)}。" for p in picked) or fallback


def _topic_words(plan: DraftPlan) -> str:
    return " ".join(t.words[0] for t in plan.topics)


def _problem_lines(plan: DraftPlan, source: ExemplarSource, cites: Cites) -> list[str]:
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


def _lead(source: ExemplarSource, level: str) -> list[Piece]:
    """The opening of one exemplar: who inspected when, the feedback, the publication formula."""
    hits = source.hits(f"根据统一部署 {level}组 进行了{level} 反馈了{level}意见 现将{level}整改情况予以公布")
    best: list[Piece] = []
    for hit in hits:
        pieces = source.pieces([hit], "sentences", _LEAD_RE, _other(level), share=0.25)
        if len(pieces) > len(best):
            best = pieces
    return best[:3]


def _notice_lines(plan: DraftPlan, source: ExemplarSource, cites: Cites) -> list[str]:
    level = "巡视" if "巡视" in plan.instruction else "巡察"
    lines = [f"{_signer(plan)}关于{level}整改情况的通报", ""]
    lines.append(_sentence_line(_lead(source, level), source, cites, f"【{level}基本情况】", 3))
    found = source.hits(f"整改工作组织情况 成立{level}整改工作领导小组 专题会议 整改方案")
    organize = source.pieces(found, "sentences", _ORGANIZE_RE, _other(level))
    lines += ["", "一、整改工作组织情况"]
    lines += [_sentence_line([p], source, cites, "") for p in spread(organize, 3, 1)] or ["【组织情况】"]
    lines += ["", "二、整改落实情况", "（一）关于【问题类别】方面", f"1.{_problem_title(plan)}"]
    if plan.topics or plan.details:
        lines.append(f"整改情况：{_measures(plan, source, source.hits(), cites)}")
    else:
        lines.append("整改情况：一是【整改措施】；二是【整改措施】；三是【整改措施】。")
    lines += ["目前，该问题【整改状态】。", "【其余问题按上述结构逐一列写】", "", "三、下一步工作打算"]
    found = source.hits("下一步工作打算 持续巩固整改成果 建立健全长效机制")
    nexts = source.pieces(found, "measures", _NEXT_RE, _other(level))
    nexts += [p for p in source.pieces(found, "sentences", _NEXT_RE, _other(level)) if _done(p)]
    borrowed = [(p.text, cites.mark(p.hit, p.original)) for p in source.take(spread(nexts, 3, 1))]
    lines += [enumerate_items(borrowed) or "【下一步工作打算】", ""]
    found = source.hits(f"欢迎广大干部群众对{level}整改落实情况进行监督 联系电话")
    closing = source.pieces(found, "sentences", _WELCOME_RE, _other(level))
    lines.append(_sentence_line(closing, source, cites, "欢迎广大干部群众对整改落实情况进行监督。"))
    lines.append("联系电话：【联系电话】；通信地址：【通信地址】；电子邮箱：【电子邮箱】。")
    lines += ["", _signer(plan), "【日期】"]
    return lines


def _rewrite_lines(plan: DraftPlan, source: ExemplarSource, cites: Cites) -> list[str]:
    picked = source.take(spread(source.pieces(source.hits(), "measures"), 4))
    borrowed = [(p.text, cites.mark(p.hit, p.original)) for p in picked]
    return [
        "原稿（未改写）：",
        plan.text,
        "",
        "可借鉴的规范表述：",
        enumerate_items(borrowed) or "（未检索到可借鉴的表述）",
    ]


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
    source = ExemplarSource(plan, search, settings, directory)
    cites = Cites()
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
