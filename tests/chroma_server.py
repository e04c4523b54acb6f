"""A real Chroma server for tests: ``chroma run`` on a free loopback port, ready when its heartbeat answers.

The ``chroma`` command comes with the ``chromadb`` package (installed in the venv by
``scripts/setup.sh``), so nothing else has to be started. ``stop`` and ``start`` again keep the
port and the data folder, to test a server that goes away and comes back.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

EXECUTABLE = Path(sys.executable).parent / "chroma"
"""The server command installed beside the interpreter."""
START_TIMEOUT = 60.0
"""Seconds to wait for the heartbeat (a loaded two-core machine takes ~10 s)."""


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class ChromaServer:
    """One ``chroma run`` process over a data folder."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        if not EXECUTABLE.exists():
            pytest.skip(f"chroma server command not installed ({EXECUTABLE})")
        self.folder = folder
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / "server.log"
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> ChromaServer:
        """Start the server and wait until its heartbeat answers."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self._proc = subprocess.Popen(
                [str(EXECUTABLE), "run", "--path", str(self.folder / "data"), "--host", "127.0.0.1",
                 "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                pytest.fail(f"chroma server exited ({self._proc.returncode}): {self.log_tail()}")
            if self.alive():
                return self
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"chroma server did not answer within {START_TIMEOUT:.0f} s: {self.log_tail()}")

    def alive(self) -> bool:
        """True when the heartbeat answers."""
        try:
            with urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1) as reply:
                return bool(reply.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        """Stop the server (its data stays in the folder)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def log_tail(self, chars: int = 2000) -> str:
        """The end of the server's log."""
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:] if self.log.exists() else ""
