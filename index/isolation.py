"""Parsing in a worker process, under a memory and a time budget.

A file built to hurt (a .docx holding gigabytes of XML, text no regex should meet) must cost one
skipped file, never the run, and never the app that indexes an upload: ``parse`` hands the file
to a worker process whose address space is capped (``RLIMIT_AS``, ``Settings.parse_memory_mb``)
and waits at most ``Settings.parse_timeout`` seconds for its answer. A worker that runs out of
memory, takes too long or dies is ended and replaced; the file is reported with the reason
(``解析超时（120 秒）…``) and the run goes on with the next one.

The worker is a fresh interpreter (``python -m index.isolation``) that imports only the parsing
code: it inherits none of the app's threads, locks or memory, and never runs the app's script
(``multiprocessing``'s spawn re-runs the parent's main module, here the Streamlit page, which drags
the whole app into the worker). Jobs and answers are pickled records framed by their length on
the worker's stdin and stdout; a reader thread turns the answers into a queue, so waiting for one
has a timeout. The worker is started once per indexing process and kept between files and runs:
starting one costs about half a second (imports and the tokenizer), parsing a notice a few
milliseconds. ``parse_isolation = "inline"`` parses in the calling process instead, without
budgets, for profiling and debugging.

Text recognition (``index.ocr``) has budgets of its own, kept inside the worker: pages and seconds
per file, and more memory for the models. While it runs the worker reports each page (``("page",
(done, total))``); the first report extends the wait for that file by the recognition time budget,
and a worker that loaded the models is retired after the file, so the next file starts in a
fresh worker under the ordinary memory cap.
"""

from __future__ import annotations

import os
import pickle
import queue
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from core.errors import AssistantError
from index.loaders import LoadError
from index.ocr import PageProgress
from index.parsing import ParsedFile, ParseJob, parse_file

if TYPE_CHECKING:
    from core.config import Settings

START_TIMEOUT = 120.0
"""Seconds a new worker may take to import and load the tokenizer (a busy machine is slow)."""
ISOLATIONS = ("process", "inline")
"""Valid values of ``Settings.parse_isolation``."""
TOO_DEEP = "文件结构嵌套过深，无法解析（疑似恶意构造）"
"""Why a file whose parsing recursed too deep is skipped."""


class ParseFailed(Exception):
    """The parsing code raised an unexpected error; the message names it (``TypeError: …``)."""


def timeout_reason(seconds: float) -> str:
    """Why a file whose parsing took too long is skipped.

    >>> timeout_reason(120)
    '解析超时（120 秒），已停止并跳过：文件过大或经过恶意构造（可调整 ASSISTANT_PARSE_TIMEOUT）'
    """
    return (
        f"解析超时（{seconds:g} 秒），已停止并跳过：文件过大或经过恶意构造（可调整 ASSISTANT_PARSE_TIMEOUT）"
    )


def memory_reason(memory_mb: int) -> str:
    """Why a file whose parsing needed more memory than allowed is skipped.

    >>> memory_reason(1024)
    '解析所需内存超过上限（1024 MB），已停止并跳过：文件过大或经过恶意构造（可调整 ASSISTANT_PARSE_MEMORY_MB）'
    """
    return (
        f"解析所需内存超过上限（{memory_mb} MB），已停止并跳过：文件过大或经过恶意构造"
        "（可调整 ASSISTANT_PARSE_MEMORY_MB）"
    )


def _died_reason(exitcode: int | None) -> str:
    """Why a file is skipped when the worker died parsing it (a native library aborting, a kill).

    >>> _died_reason(-6)
    '解析进程意外退出（SIGABRT），已跳过：可能超出内存上限或文件经过恶意构造'
    """
    how = f"退出码 {exitcode}"
    if exitcode is not None and exitcode < 0:
        try:
            how = signal.Signals(-exitcode).name
        except ValueError:
            how = f"信号 {-exitcode}"
    return f"解析进程意外退出（{how}），已跳过：可能超出内存上限或文件经过恶意构造"


def _send(stream: IO[bytes], message: object) -> None:
    """Write one message: its pickle, preceded by the pickle's length."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">Q", len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """Read one message written by ``_send``.

    Raises:
        EOFError: The other side is gone.
    """
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError
    (size,) = struct.unpack(">Q", head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


_GONE = ("gone", None)
"""What the reader thread queues when the worker's output ends."""


class ParseWorker:
    """One worker process that parses files sent to it, one at a time."""

    def __init__(self, memory_mb: int) -> None:
        """Start the worker and wait until it is ready (imports done, memory capped).

        Raises:
            AssistantError: It did not start.
        """
        self.memory_mb = memory_mb
        root = str(Path(__file__).resolve().parent.parent)  # where this code is, whatever sys.path says
        self.tmp = Path(tempfile.mkdtemp(prefix="assistant-parse-"))
        """The worker's temporary folder (its ``TMPDIR``): removed with the worker (or when this
        process exits), so what a worker ended mid-file left there (a LibreOffice profile and
        file) does not pile up."""
        weakref.finalize(self, shutil.rmtree, self.tmp, True)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
            "TMPDIR": str(self.tmp),
        }
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "index.isolation", str(memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            start_new_session=True,  # a terminal's Ctrl-C goes to the indexer, which ends the worker
        )
        self._answers: queue.Queue[tuple[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, name="assistant-parse-reader", daemon=True).start()
        try:
            ready = self._answers.get(timeout=START_TIMEOUT)
        except queue.Empty:
            ready = _GONE
        except BaseException:  # Ctrl-C while it starts
            self.close()
            raise
        if ready != ("ready", None):
            self.close()
            raise AssistantError(f"解析进程未能启动（退出码 {self._proc.returncode}）")

    def _read(self) -> None:
        """Queue every answer of the worker, then ``_GONE`` when its output ends."""
        assert self._proc.stdout is not None
        try:
            while True:
                self._answers.put(_receive(self._proc.stdout))
        except (EOFError, OSError, ValueError, pickle.UnpicklingError):
            self._answers.put(_GONE)

    @property
    def alive(self) -> bool:
        """Whether the process is still running."""
        return self._proc.poll() is None

    def parse(self, job: ParseJob, timeout: float, on_page: PageProgress | None = None) -> ParsedFile:
        """Parse one file in the worker, waiting at most ``timeout`` seconds (0: no limit).

        Once the worker starts recognizing text, the wait is extended by ``job.limits.max_ocr_seconds``
        and every page it reports goes to ``on_page(done, total)``.

        Raises:
            LoadError: The file is skipped: unreadable, over a limit, too slow, too large in memory.
            ParseFailed: The parsing code failed on it.
        """
        assert self._proc.stdin is not None
        deadline = time.monotonic() + timeout if timeout > 0 else None
        recognizing = False
        try:
            _send(self._proc.stdin, job)
            while True:
                left = None if deadline is None else max(deadline - time.monotonic(), 0.001)
                kind, value = self._answers.get(timeout=left)
                if kind != "page":
                    break
                if not recognizing and deadline is not None:
                    deadline = time.monotonic() + timeout + job.limits.max_ocr_seconds
                recognizing = True
                if on_page is not None:
                    on_page(*value)
        except queue.Empty:
            self.close()
            waited = timeout + (job.limits.max_ocr_seconds if recognizing else 0)
            raise LoadError(timeout_reason(waited), job.path) from None
        except OSError:  # it died before it took the job
            kind, value = _GONE
        except BaseException:  # Ctrl-C while waiting: the worker must not outlive its file
            self.close()
            raise
        if recognizing and kind != "gone":  # the models hold 600 MB of address space: start afresh
            self.close()
        if kind == "ok":
            parsed: ParsedFile = value
            return parsed
        if kind == "skip":
            raise LoadError(value, job.path)
        if kind in ("memory", "gone"):
            self.close()
            reason = (
                memory_reason(self.memory_mb) if kind == "memory" else _died_reason(self._proc.returncode)
            )
            raise LoadError(reason, job.path)
        raise ParseFailed(value)

    def close(self) -> None:
        """End the worker (at once: it may be stuck in a file) and whatever it started, and wait for it."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait(10)
        _kill_session(self._proc.pid)
        shutil.rmtree(self.tmp, ignore_errors=True)
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream is not None:
                try:
                    stream.close()
                except OSError:
                    pass


def _kill_session(leader: int, wait: float = 2.0) -> None:
    """Kill every process left in the session the worker led, and wait until they are dead.

    A converter the worker started (LibreOffice, in a process group of its own, ``index.convert``)
    must not outlive a worker ended mid-file; this waits at most ``wait`` seconds. Where processes
    cannot be listed (no ``/proc``) the converter's own time limit still ends it.
    """
    proc = Path("/proc")
    if not proc.is_dir():
        return
    killed: list[int] = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) == leader:
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours to look at
            continue
    deadline = time.monotonic() + wait
    while killed and time.monotonic() < deadline:
        killed = [pid for pid in killed if _alive(pid)]
        if killed:
            time.sleep(0.01)


def _alive(pid: int) -> bool:
    """Whether ``pid`` is still running (a zombie is dead: killed, waiting for its parent to reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


_lock = threading.Lock()
_worker: ParseWorker | None = None


def parse(job: ParseJob, settings: Settings, on_page: PageProgress | None = None) -> ParsedFile:
    """Parse one file as ``settings.parse_isolation`` says: in the shared worker, or inline.

    ``on_page(done, total)`` follows text recognition page by page, when the file needs it.

    Raises:
        LoadError: The file is skipped, with the reason.
        ParseFailed: The parsing code failed on it (only in the worker; inline, the error itself).
        AssistantError: ``parse_isolation`` is not valid, or the worker cannot start.
    """
    if settings.parse_isolation == "inline":
        return parse_file(job, on_page)
    if settings.parse_isolation != "process":
        raise AssistantError(
            f"未知的解析方式 {settings.parse_isolation!r}(ASSISTANT_PARSE_ISOLATION);可选: {', '.join(ISOLATIONS)}"
        )
    global _worker
    with _lock:
        if _worker is not None and (not _worker.alive or _worker.memory_mb != settings.parse_memory_mb):
            _worker.close()
            _worker = None
        if _worker is None:
            _worker = ParseWorker(settings.parse_memory_mb)
        return _worker.parse(job, settings.parse_timeout, on_page)


def shutdown() -> None:
    """End the shared worker, if one is running (the next ``parse`` starts a new one)."""
    global _worker
    with _lock:
        if _worker is not None:
            _worker.close()
            _worker = None


# --- the worker's side ------------------------------------------------------------------------


def _cap_memory(memory_mb: int) -> None:
    """Cap this process's address space (where the platform allows it)."""
    if memory_mb <= 0:
        return
    try:
        import resource
    except ImportError:  # not on this platform: the time budget still holds
        return
    limit = memory_mb * 2**20
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _answer(job: ParseJob, on_page: PageProgress | None = None) -> tuple[str, Any]:
    try:
        return "ok", parse_file(job, on_page)
    except LoadError as exc:
        return "skip", exc.reason
    except MemoryError:
        return "memory", None
    except RecursionError:
        return "skip", TOO_DEEP
    except Exception as exc:  # noqa: BLE001 - reported for this file; the worker goes on
        return "error", f"{type(exc).__name__}: {exc}"


def _serve(memory_mb: int) -> None:
    """The worker's loop: read a job from stdin, write ``(kind, value)`` to stdout; stop at end of input."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the indexer's to handle; it ends us
    jobs, answers = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the answers
    from core import tokens

    tokens.count("预热")  # load the tokenizer before the budget starts counting
    _cap_memory(memory_mb)
    _send(answers, ("ready", None))
    while True:
        try:
            job = _receive(jobs)
        except EOFError:
            return
        except MemoryError:
            _send(answers, ("memory", None))
            return
        answer = _answer(job, lambda done, total: _send(answers, ("page", (done, total))))
        del job
        try:
            _send(answers, answer)
        except MemoryError:  # the result itself does not fit: same verdict
            answer = ("memory", None)
            _send(answers, answer)
        if answer[0] == "memory":  # a process that ran out of memory is not trusted with another file
            return


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
