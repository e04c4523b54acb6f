"""Old Word files (.doc) and WPS files (.wps) to .docx, through LibreOffice, or a clear reason why not.

Offices still receive notices as Word 97–2003 ``.doc`` and Kingsoft WPS ``.wps`` files (both
OLE2 compound files). No Python library reads them faithfully, so ``to_docx`` hands the bytes to
LibreOffice (``soffice --headless --convert-to docx``) and ``index.loaders`` reads the result as
any .docx. The conversion runs where the file is parsed, inside the parse worker
(``index.isolation``), so the worker's memory cap holds for LibreOffice too, and:

* it gets its own user profile in a temporary folder (``-env:UserInstallation``): without one, a
  second conversion running at the same time (the app and the command line indexing together)
  would hand its file to the first LibreOffice and come back with nothing;
* it runs under the worker's memory cap (LibreOffice needs about 512 MB of address space; below
  that it aborts and the file is skipped saying so);
* it runs in its own process group with a time limit (``FileLimits.convert_timeout``, a share of
  the parse budget): a file that hangs LibreOffice has the whole group killed and is skipped;
* it is given only what LibreOffice would read as a document: an OLE2 file, RTF, HTML/MHT or a
  zip container; anything else (LibreOffice would import junk as plain text) is reported corrupt;
* a file protected by an opening password is recognized before LibreOffice sees it (msoffcrypto)
  and skipped with that reason; so is a password-protected .docx, which is an OLE2 file too.

When LibreOffice is not installed (``Settings.soffice``, ``ASSISTANT_SOFFICE``, names the program;
a bare name is looked up on PATH) the file is skipped with ``NEED_LIBREOFFICE``.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from index.guards import FileLimits
from index.load_error import LoadError

NEED_LIBREOFFICE = "需要安装 LibreOffice 才能读取 .doc/.wps 文件"
"""Why a .doc/.wps file is skipped when LibreOffice is not found."""
ENCRYPTED = "文件设有打开密码（已加密），无法读取：请另存为不加密的文件后再导入"
"""Why a password-protected Office file is skipped."""
NOT_A_DOCUMENT = "文件损坏：不是有效的 Word/WPS 文档（无法识别的文件格式）"
"""Why bytes that no word processor would open as a document are skipped."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DOCUMENT_STARTS = (_OLE2, b"{\\rtf", b"PK\x03\x04", b"<", b"mime-version")
"""How the files LibreOffice reads as word-processor documents begin: OLE2 (.doc, .wps, an
encrypted .docx), RTF, a zip (.docx misnamed), HTML/XML and MHT (web pages saved as .doc)."""


def find_soffice(name: str) -> str | None:
    """The LibreOffice program ``name`` names, if it exists: a path as given, a bare name on PATH.

    >>> find_soffice("no-such-office-program") is None
    True
    """
    if os.sep in name or (os.altsep and os.altsep in name):
        path = Path(name).expanduser()
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    return shutil.which(name)


def office_encryption(data: bytes) -> str | None:
    r"""Why an Office file cannot be read for its password (``ENCRYPTED``), or None.

    Only OLE2 files carry Office encryption (a protected .docx is an OLE2 file holding the
    encrypted package); any other bytes, or an OLE2 file msoffcrypto cannot make out, give None.

    >>> office_encryption(b"PK\x03\x04 a zip") is None
    True
    """
    if not data.startswith(_OLE2):
        return None
    import msoffcrypto
    from msoffcrypto.exceptions import FileFormatError

    try:
        encrypted = msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    except FileFormatError:
        return None  # not a format msoffcrypto knows: the converter reports it
    except Exception:  # noqa: BLE001 - olefile raises many types on a damaged file; the converter reports it
        return None
    return ENCRYPTED if encrypted else None


def looks_like_document(data: bytes) -> bool:
    r"""Whether ``data`` begins as a file LibreOffice would open as a word-processor document.

    >>> looks_like_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8)), looks_like_document(b"junk")
    (True, False)
    """
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(tuple(start.lower() for start in _DOCUMENT_STARTS))


def timeout_reason(seconds: float) -> str:
    """Why a file whose conversion took too long is skipped.

    >>> timeout_reason(90)
    'LibreOffice 转换超时（90 秒），已停止并跳过：文件过大或已损坏（可调整 ASSISTANT_PARSE_TIMEOUT）'
    """
    return f"LibreOffice 转换超时（{seconds:g} 秒），已停止并跳过：文件过大或已损坏（可调整 ASSISTANT_PARSE_TIMEOUT）"


def to_docx(data: bytes, suffix: str, limits: FileLimits) -> bytes:
    """The .docx LibreOffice makes of a .doc/.wps file's bytes.

    Args:
        data: The file's bytes.
        suffix: Its suffix (``.doc``, ``.wps``), which the file keeps for LibreOffice.
        limits: Names the LibreOffice program and the time a conversion may take.

    Raises:
        LoadError: Encrypted, not a document, LibreOffice missing, too slow, or not converted.
    """
    reason = office_encryption(data)
    if reason is not None:
        raise LoadError(reason)
    if not looks_like_document(data):
        raise LoadError(NOT_A_DOCUMENT)
    program = find_soffice(limits.soffice)
    if program is None:
        raise LoadError(f"{NEED_LIBREOFFICE}（未找到 {limits.soffice}；可用 ASSISTANT_SOFFICE 指定）")
    with tempfile.TemporaryDirectory(prefix="assistant-soffice-") as tmp:
        folder = Path(tmp)
        source = folder / f"document{suffix}"
        source.write_bytes(data)
        out = folder / "out"
        code = _run(
            [
                program,
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--nologo",
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(out),
                str(source),
            ],
            limits.convert_timeout,
        )
        result = out / "document.docx"
        if result.is_file() and result.stat().st_size > 0:
            return result.read_bytes()
        if code != 0 or _capped_below_office():  # it failed rather than refused the file
            raise LoadError(failed_reason(code))  # (refusing, it says "could not be loaded" and exits 0)
        raise LoadError(f"文件损坏：LibreOffice 无法打开该 {suffix} 文件")


OFFICE_MEMORY_MB = 512
"""Address space LibreOffice needs; under a lower cap it may fail silently (exit 0, no output)."""


def _capped_below_office() -> bool:
    """Whether this process's address space is capped below what LibreOffice needs: then a file it
    did not convert is not shown to be damaged."""
    import resource

    soft = resource.getrlimit(resource.RLIMIT_AS)[0]
    return soft != resource.RLIM_INFINITY and soft < OFFICE_MEMORY_MB * 1024 * 1024


def failed_reason(code: int) -> str:
    """Why a file is skipped when LibreOffice itself failed on it.

    Under the parse worker's memory cap it aborts below about 512 MB.

    >>> failed_reason(134)
    'LibreOffice 转换失败（退出码 134），已跳过：可能超出解析内存上限（可调整 ASSISTANT_PARSE_MEMORY_MB，至少 512）或文件已损坏'
    """
    return (
        f"LibreOffice 转换失败（退出码 {code}），已跳过：可能超出解析内存上限"
        f"（可调整 ASSISTANT_PARSE_MEMORY_MB，至少 {OFFICE_MEMORY_MB}）或文件已损坏"
    )


def _run(command: list[str], timeout: float) -> int:
    """Run LibreOffice in a process group of its own; kill the whole group when it is done or too slow.

    Returns:
        Its exit code.

    Raises:
        LoadError: It took longer than ``timeout`` seconds, or could not be started.
    """
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            process_group=0,  # LibreOffice starts helpers; a timeout must end them all
        )
    except OSError as exc:
        raise LoadError(f"{NEED_LIBREOFFICE}（无法启动 {command[0]}：{exc.strerror or exc}）") from exc
    try:
        code = proc.wait(timeout if timeout > 0 else None)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise LoadError(timeout_reason(timeout)) from None
    except BaseException:
        _kill_group(proc)
        raise
    _kill_group(proc)  # a helper that outlived the converter must not outlive the file
    return code


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        pass
