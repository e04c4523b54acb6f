"""The error a reader raises for a file it cannot turn into text.

``index.loaders`` and the readers it dispatches to (``index.ofd``, ``index.convert``) raise it;
it lives here so that those readers need not import the loaders that import them.
"""

from __future__ import annotations

from pathlib import Path


class LoadError(Exception):
    """A file that cannot be turned into text; ``reason`` says why, for the index report."""

    def __init__(self, reason: str, path: Path | None = None) -> None:
        super().__init__(f"{path}: {reason}" if path is not None else reason)
        self.reason = reason
        """Why the file was skipped, in words a user can act on (e.g. ``空文件``)."""
        self.path = path
        """The file, when known."""
