"""Rule-based facts of a notice, each with the exact words it was read from."""

from __future__ import annotations

from assistant.types import Fact, NoticeFacts, Problem


def _locate(text: str, value: str) -> Fact | None:
    if not value:
        return None
    at = text.find(value)
    if at < 0:
        return Fact(value=value, quote="", start=0, end=0)
    return Fact(value=value, quote=text[at : at + len(value)], start=at, end=at + len(value))


def extract_facts(notice_text: str, title: str, unit: str) -> NoticeFacts:
    """The facts of one notice (first version: unit and title)."""
    return NoticeFacts(unit=_locate(notice_text, unit), title=_locate(notice_text, title))


def extract_problems(notice_text: str) -> tuple[Problem, ...]:
    """The numbered problems of one notice (first version: none)."""
    return ()
