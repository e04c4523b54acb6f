"""One notice's text read once: the display text, its simplified form and its heading outline.

Every stage of parsing a notice (facts, problems, chunking) works on the same simplified form
(``to_simplified`` keeps length, so offsets are shared with the display text) and the same outline.
``read`` keeps the last few notices read, so the stages of one notice share one instance instead
of each converting the whole text again.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from core.normalize import to_simplified
from index.headings import Outline, parse_outline


@dataclass(frozen=True)
class NoticeText:
    """A notice's display text with its simplified form and outline, each computed once."""

    display: str
    """The text as written (traditional characters stay)."""

    @cached_property
    def norm(self) -> str:
        """``to_simplified(display)``: same length, so offsets are shared."""
        return to_simplified(self.display)

    @cached_property
    def outline(self) -> Outline:
        """The heading outline of the text."""
        return parse_outline(self.display, self.norm)


@lru_cache(maxsize=8)
def read(text: str) -> NoticeText:
    r"""The ``NoticeText`` of ``text``; the last few are kept, so a notice's stages share one.

    >>> read("一、甲\n") is read("一、甲\n")
    True
    """
    return NoticeText(text)
