"""A network guard for the test run: any connection to a non-loopback address fails loudly.

``install()`` patches ``socket.socket.connect``/``connect_ex`` and ``socket.getaddrinfo``; loopback
addresses (127.0.0.0/8, ::1, ``localhost``) and Unix sockets stay allowed, so loopback stubs
work. Every refused attempt is also recorded in ``ATTEMPTS`` so a test can assert on it even
where a library swallows the error.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

ATTEMPTS: list[str] = []
"""Every refused destination, in order."""

_ORIGINAL: dict[str, Any] = {}


class NetworkBlocked(RuntimeError):
    """Raised instead of reaching the network (not an OSError, so it is not retried away)."""


def is_loopback(host: object) -> bool:
    """Whether ``host`` names this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("8.8.8.8")
    (True, True, False)
    """
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").lower()
    if name in ("localhost", "localhost.localdomain", ""):
        return True
    try:
        return ipaddress.ip_address(name.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(address: Any, family: int) -> None:
    if family == getattr(socket, "AF_UNIX", None):
        return
    host = address[0] if isinstance(address, tuple) and address else address
    if not is_loopback(host):
        ATTEMPTS.append(str(address))
        raise NetworkBlocked(f"network access blocked in tests: {address!r}")


def install() -> None:
    """Start refusing non-loopback connections (idempotent)."""
    if _ORIGINAL:
        return
    _ORIGINAL["connect"] = socket.socket.connect
    _ORIGINAL["connect_ex"] = socket.socket.connect_ex
    _ORIGINAL["getaddrinfo"] = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        _check(address, self.family)
        _ORIGINAL["connect"](self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        _check(address, self.family)
        result: int = _ORIGINAL["connect_ex"](self, address)
        return result

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        _check((host, 0), socket.AF_INET)
        return _ORIGINAL["getaddrinfo"](host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


def uninstall() -> None:
    """Restore the original socket functions."""
    if not _ORIGINAL:
        return
    socket.socket.connect = _ORIGINAL.pop("connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = _ORIGINAL.pop("connect_ex")  # type: ignore[method-assign]
    socket.getaddrinfo = _ORIGINAL.pop("getaddrinfo")
    _ORIGINAL.clear()
