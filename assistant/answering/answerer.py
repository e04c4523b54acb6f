"""Answerers: one interface, two implementations (a chat model, or extraction with no model).

``Answerer.answer(question, hits, history)`` turns retrieved passages into a cited ``Answer``;
``stream`` yields the text as it comes and then the final ``Answer``; ``condense`` turns a
follow-up into a standalone question before retrieval. ``ExtractiveAnswerer``
(``assistant.answering.extractive``) quotes sentences and needs nothing; ``LLMAnswerer`` asks a chat model
with the ``answer.system``/``answer.user`` prompts, then checks its reply:

* the refusal sentence is recognised, also wrapped in citation markers, white space or marks;
* a reply with nothing beyond citation markers, list numbers and punctuation (``[1][2][3]``) is
  not an answer, nor is a reply in another language than the question's Chinese: both raise
  ``LLMUnavailable`` marked ``unusable``, and the caller answers extractively with the notice;
* citation numbers are verified against the passages given (unknown ones dropped with a warning,
  the rest renumbered), and claims no cited passage supports are flagged.

Building messages is pure (``answer_messages``, ``condense_messages``); the model is called only
in the answerer's methods. A model failure raises ``llm.LLMUnavailable``; falling back to the
extractive answerer is the caller's job (``assistant.answering.flow``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from assistant.answering.material import asks_of, format_asks
from assistant.grounding.citations import (
    Passage,
    format_passages,
    has_content,
    normalize_markers,
    number_passages,
    resolve,
    strip_markers,
)
from assistant.grounding.claims import check_answer, is_chinese
from assistant.llm import prompts
from assistant.llm.chat import ChatModel, LLMUnavailable, Message
from assistant.reading.follow_ups import carry_units
from core.config import HISTORY_TURNS
from core.normalize import compact
from core.phrases import CANNOT_ANSWER, EXTRACTIVE_NOTE
from core.types import Answer, Hit, Mode, TokenUsage

if TYPE_CHECKING:
    from assistant.reading.questions import QuestionInfo
    from assistant.reading.units import UnitDirectory
    from core.config import Settings

History = Sequence[tuple[str, str]]
"""Earlier turns as (question, answer) pairs, oldest first."""

_REFUSAL_HEAD = compact(re.split(r"[（(，,]", CANNOT_ANSWER)[0])
"""The refusal sentence's first clause (a model that shortens the sentence still refuses)."""
_LEADING_MARKS = "。，、；：,.;:!！?？*#>-—_·…\"'“”「」【】"
"""Marks a model may put before the refusal sentence (markdown emphasis, list dashes, quotes)."""
MARKERS_ONLY = "回答只有引用标记，没有内容"
"""Why a reply of citation markers only is not used."""
NOT_CHINESE = "回答不是中文"
"""Why a reply in another language than the question's Chinese is not used."""
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")


class Answerer(Protocol):
    """Answers a question from retrieved passages. ``answer`` is required; the rest are derived."""

    mode: Mode
    """``llm`` or ``extractive``."""
    name: str
    """Shown in evaluations (the model name, or ``extractive``)."""

    def answer(
        self, question: str, hits: Sequence[Hit], history: History = (), *, info: QuestionInfo | None = None
    ) -> Answer:
        """Answer ``question`` from ``hits`` (best first); the refusal sentence when they cannot.

        Raises:
            LLMUnavailable: The chat model failed (LLM answerers only).
        """
        ...

    def stream(
        self, question: str, hits: Sequence[Hit], history: History = (), *, info: QuestionInfo | None = None
    ) -> Iterator[str | Answer]:
        """Text pieces as they come, then the final (checked) ``Answer``; default: one piece."""
        answer = self.answer(question, hits, history, info=info)
        yield answer.text
        yield answer

    def condense(self, question: str, history: History, directory: UnitDirectory | None = None) -> str:
        """A follow-up made standalone; default: carry the units of the last turn that named any."""
        return carry_units(question, history, directory)

    def last_usage(self) -> TokenUsage | None:
        """Tokens of this thread's last model request; default: no model, None."""
        return None


def answer_messages(question: str, passages: Sequence[Passage], asks: Sequence[str] = ()) -> list[Message]:
    """The messages of a grounded answer (pure); ``asks`` lists what the question asks (default: itself).

    >>> msgs = answer_messages("反馈了几个问题？", [], ["甲局：反馈问题数量", "乙局：反馈问题数量"])
    >>> [m.role for m in msgs], "反馈了几个问题？" in msgs[1].content, "2. 乙局：反馈问题数量" in msgs[1].content
    (['system', 'user'], True, True)
    """
    system = prompts.render("answer.system", cannot_answer=CANNOT_ANSWER)
    user = prompts.render(
        "answer.user",
        question=question,
        asks=format_asks(asks or (question,)),
        passages=format_passages(passages),
    )
    return [Message("system", system), Message("user", user)]


def condense_messages(question: str, history: History) -> list[Message]:
    """The message that asks for a standalone version of a follow-up (pure)."""
    lines = []
    for asked, answered in history[-HISTORY_TURNS:]:
        lines.append(f"用户：{asked}")
        lines.append(f"助手：{' '.join(answered.removeprefix(EXTRACTIVE_NOTE).split())[:300]}")
    return [Message("user", prompts.render("condense.user", history="\n".join(lines), question=question))]


def is_refusal(reply: str) -> bool:
    r"""Whether a model reply is the refusal sentence, with stray markers, white space or marks around it.

    >>> is_refusal(" " + CANNOT_ANSWER + "\n"), is_refusal("根据现有通报无法回答该问题。"), is_refusal("共5个[1]。")
    (True, True, False)
    >>> is_refusal("[1][2] [3][4] [5] [6]\n" + CANNOT_ANSWER), is_refusal(f"- **{CANNOT_ANSWER}**［2］")
    (True, True)
    """
    text = compact(strip_markers(normalize_markers(reply))).lstrip(_LEADING_MARKS)
    sentinel = compact(CANNOT_ANSWER)
    short = len(text) <= len(sentinel) + 12
    return text.startswith(sentinel) or (short and (sentinel in text or text.startswith(_REFUSAL_HEAD)))


class LLMAnswerer(Answerer):
    """Answers with a chat model, then checks the reply: refusal, content, language, citations, claims."""

    mode: Mode = "llm"

    def __init__(self, chat: ChatModel, settings: Settings, directory: UnitDirectory | None = None) -> None:
        """Answer with ``chat``; passages within ``settings.context_tokens``; unit claims via ``directory``."""
        self.chat = chat
        self.name = chat.name
        self.budget = settings.context_tokens
        self.directory = directory

    def last_usage(self) -> TokenUsage | None:
        """Tokens of this thread's last request to the chat model (None when not reported)."""
        return self.chat.last_usage()

    def condense(self, question: str, history: History, directory: UnitDirectory | None = None) -> str:
        """Ask the model for a standalone question (no history: the question as is).

        Raises:
            LLMUnavailable: The chat model failed.
        """
        if not history:
            return question
        reply = self.chat.complete(condense_messages(question, history))
        line = next((x.strip() for x in reply.splitlines() if x.strip()), "")
        return line.strip("\"'“”「」") or question

    def answer(
        self, question: str, hits: Sequence[Hit], history: History = (), *, info: QuestionInfo | None = None
    ) -> Answer:
        """Ask the model and check its reply.

        Raises:
            LLMUnavailable: The chat model failed, or its reply cannot be used.
        """
        if not hits:
            return Answer(CANNOT_ANSWER, True, self.mode, hits=())
        passages = number_passages(hits, self.budget)
        started = time.perf_counter()
        reply = self.chat.complete(answer_messages(question, passages, asks_of(info) if info else ()))
        return self.finish(question, reply, passages, hits, {"generate": time.perf_counter() - started})

    def stream(
        self, question: str, hits: Sequence[Hit], history: History = (), *, info: QuestionInfo | None = None
    ) -> Iterator[str | Answer]:
        """The model's reply as it streams, then the checked ``Answer``.

        Raises:
            LLMUnavailable: The chat model failed or its reply cannot be used (possibly after some
                pieces were yielded).
        """
        if not hits:
            yield CANNOT_ANSWER
            yield Answer(CANNOT_ANSWER, True, self.mode, hits=())
            return
        passages = number_passages(hits, self.budget)
        started = time.perf_counter()
        pieces: list[str] = []
        for piece in self.chat.stream(answer_messages(question, passages, asks_of(info) if info else ())):
            pieces.append(piece)
            yield piece
        yield self.finish(
            question, "".join(pieces), passages, hits, {"generate": time.perf_counter() - started}
        )

    def finish(
        self,
        question: str,
        reply: str,
        passages: Sequence[Passage],
        hits: Sequence[Hit],
        timings: dict[str, float],
    ) -> Answer:
        """Turn a raw reply into the checked ``Answer``: refusal, content, language, citations, claims.

        Raises:
            LLMUnavailable: The reply holds nothing but citation markers and marks, or it is not
                in Chinese while the question is (``unusable``: the caller falls back).
        """
        if is_refusal(reply):
            return Answer(CANNOT_ANSWER, True, self.mode, hits=tuple(hits), timings=timings)
        if not has_content(reply):
            raise LLMUnavailable(MARKERS_ONLY, unusable=True)
        # a question asked in another language may be answered in it
        if not is_chinese(reply) and _HAN_RE.search(question):
            raise LLMUnavailable(NOT_CHINESE, unusable=True)
        resolved = resolve(reply.strip(), passages)
        warnings: list[str] = []
        if resolved.dropped:
            shown = "".join(f"[{n}]" for n in resolved.dropped)
            warnings.append(f"回答引用了不存在的段落编号 {shown}，已删除。")
        if not resolved.citations:
            warnings.append("回答没有标注出处，请对照下方检索到的通报段落核实。")
        checked = check_answer(
            resolved.text, resolved.citations or tuple(p.to_citation() for p in passages), action="flag",
            directory=self.directory,
        )  # fmt: skip
        warnings.extend(checked.warnings)
        return Answer(
            text=checked.text,
            refused=False,
            mode=self.mode,
            citations=resolved.citations,
            hits=tuple(hits),
            warnings=tuple(warnings),
            timings=timings,
        )
