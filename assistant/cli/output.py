"""What every subcommand shares: its handler and parser types, and JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from core.config import Settings

Handler = Callable[[argparse.Namespace, Settings], int]
"""What a subcommand runs: parsed arguments and settings in, exit code out."""
Subparsers = Any
"""``argparse._SubParsersAction`` (private in typeshed)."""


def print_json(data: Any, out: TextIO | None = None) -> None:
    """Write ``data`` as UTF-8 JSON (Chinese kept readable) with a final newline."""
    stream = out or sys.stdout
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def utf8_stdio() -> None:
    """Make stdout and stderr UTF-8 whatever the locale says."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (getattr(stream, "encoding", "") or "").lower() != "utf-8":
            reconfigure(encoding="utf-8")
