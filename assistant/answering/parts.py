"""Parts of a question the facts table does not answer, answered from retrieved passages.

A question of several parts (``X是哪个巡察组巡的？后来党组开了几次会研究整改？``) may ask for
facts-table fields and for something only a passage states. The table answers its fields; each
open part is asked on its own, scoped to the question's units, and answered extractively from its
own passages and the whole question's (``2020年资助了多少人`` names its matter only in the part
before); a part no passage answers is said to be not stated. The answers are merged, their citations renumbered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.answering.extractive import ExtractiveAnswerer
from assistant.reading.questions import QuestionInfo, analyze
from assistant.reading.units import UnitDirectory
from core.phrases import CITATION_FORMAT, EXTRACTIVE_NOTE
from core.types import Answer, Hit

Search = Callable[[str, QuestionInfo], Sequence[Hit]]
"""Retrieves the passages for a question already read (the retriever, scoped by the reading)."""

_MARK_RE = re.compile(r"\[(\d+)\]")


def part_question(part: str, info: QuestionInfo) -> str:
    """The part as a question of its own: the units it is about named in front.

    >>> from assistant.reading.units import UnitDirectory
    >>> d = UnitDirectory(["中共甲市统计局党组"])
    >>> part_question("后来开了几次会？", analyze("甲市统计局是哪个组巡的？后来开了几次会？", d))
    '中共甲市统计局党组后来开了几次会？'
    """
    return "、".join(info.units.units) + part


def answer_open_parts(
    info: QuestionInfo, directory: UnitDirectory, search: Search, parts: Sequence[str] | None = None
) -> list[tuple[str, Answer]]:
    """Each open part (``parts``, else ``info``'s) with its extractive answer (refused when no passage answers it).

    ``parts`` are the facts answer's open parts: the question's, and each field the table did not
    read for the unit, asked again in the notice's words.
    """
    answerer = ExtractiveAnswerer()
    out: list[tuple[str, Answer]] = []
    whole: Sequence[Hit] | None = None
    for part in info.open_parts if parts is None else parts:
        question = part_question(part, info)
        part_info = analyze(question, directory)
        hits = list(search(question, part_info))
        if whole is None:  # the whole question's passages: a part's own words may not reach its matter
            whole = search(info.question, info)
        seen = {h.chunk.id for h in hits}
        hits += [h for h in whole if h.chunk.id not in seen]
        out.append((part, answerer.answer(question, hits, info=part_info)))
    return out


def _body(answer: Answer) -> str:
    text = answer.text
    return text[len(EXTRACTIVE_NOTE) :].lstrip("\n") if text.startswith(EXTRACTIVE_NOTE) else text


def merge_parts(first: Answer, parts: Sequence[tuple[str, Answer]]) -> Answer:
    """``first`` followed by each part's answer (citations renumbered after ``first``'s)."""
    text = first.text
    citations = list(first.citations)
    warnings = list(first.warnings)
    for part, answer in parts:
        if answer.refused:
            text += f"\n关于“{part}”：通报未载明。"
            continue
        offset = max((c.n for c in citations), default=0)
        body = _MARK_RE.sub(lambda m: CITATION_FORMAT.format(n=int(m.group(1)) + offset), _body(answer))
        text += f"\n关于“{part}”：\n{body}"
        citations.extend(replace(c, n=c.n + offset) for c in answer.citations)
        warnings.extend(w for w in answer.warnings if w not in warnings)
    return replace(first, text=text, citations=tuple(citations), warnings=tuple(warnings))
