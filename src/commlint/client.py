"""A client for `commlint serve`, standard library only.

It exists for the pre-send hook: a process that asks a running service instead of loading
spaCy answers in a fraction of the time. It speaks just enough HTTP/1.0 over a socket for one
POST: `http.client` would cost every hook process some 30 ms of imports (it loads the `email`
parser and `ssl`), a third of the hook's 100 ms budget (docs/performance.md). HTTP/1.0 keeps
the answer's framing simple: the server closes the connection after it, never chunks it.
`ssl` is imported only for an `https://` server. The client connects straight to the service
(no proxy: it is meant for the same host or network) and never imports spaCy or pydantic (a
test checks).
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Mapping, Sequence
from urllib.parse import SplitResult, urlsplit

from commlint.errors import CommlintError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: the hook's imports are timed
if TYPE_CHECKING:
    from typing import Any

__all__ = ["ServiceError", "ServiceUnavailable", "check"]

TOKEN_ENV = "COMMLINT_TOKEN"
DEFAULT_TIMEOUT = 5.0


class ServiceError(CommlintError):
    """The service refused the request (bad token, invalid input): checking locally or
    retrying would not help, so the caller should report it. `status` is the HTTP status."""

    def __init__(self, message: str, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class ServiceUnavailable(ServiceError):
    """The service could not be reached or could not answer in time: the caller may check
    locally instead, or apply its fail-open/fail-closed policy.

    `busy` is true when the service took the request and then timed out or answered 5xx: the
    check is likely slow or hostile, and running it again locally would repeat it.
    """

    def __init__(self, message: str, status: int | None = None, *, busy: bool = False) -> None:
        self.busy = busy
        super().__init__(message, status)


def _detail(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body[:200].decode("utf-8", "replace").strip()
    if isinstance(data, dict):
        return str(data.get("error") or data.get("detail") or data)
    return str(data)


def _target(server: str) -> tuple[SplitResult, int]:
    parts = urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServiceError(f"server must be an http:// or https:// URL, not {server!r}")
    try:
        port = parts.port
    except ValueError:
        raise ServiceError(f"server has a bad port: {server!r}") from None
    return parts, port or (443 if parts.scheme == "https" else 80)


def _exchange(sock: socket.socket, request: bytes) -> bytes:
    """Send `request` and read the whole answer; the server closes when it is done."""
    sock.sendall(request)
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _address(host: str) -> bytes:
    """The host name as `getaddrinfo` takes it. Given a str, socket encodes even "127.0.0.1"
    with the idna codec, whose import costs each hook process a few ms; only a name that is not
    ASCII needs it."""
    return host.encode("ascii") if host.isascii() else host.encode("idna")


def _post(parts: SplitResult, port: int, request: bytes, timeout: float) -> bytes:
    host = str(parts.hostname)
    address = (_address(host), port)  # getaddrinfo takes bytes; typeshed lists only str
    with socket.create_connection(address, timeout=timeout) as raw:  # type: ignore[arg-type]
        if parts.scheme != "https":
            return _exchange(raw, request)
        import ssl

        with ssl.create_default_context().wrap_socket(raw, server_hostname=host) as tls:
            return _exchange(tls, request)


def _status_and_body(answer: bytes) -> tuple[int, bytes]:
    """The status code and body of an HTTP answer; ValueError if it is not one."""
    head, separator, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    if not separator or not version.startswith("HTTP/"):
        raise ValueError("not an HTTP answer")
    status = int(rest[:3])
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length":
            body = body[: int(value)]
    return status, body


def check(
    server: str,
    text: str,
    *,
    fmt: str = "text",
    kind: str | None = None,
    source: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    config: Mapping[str, Any] | None = None,
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """Check one message on the service at `server` (`http://127.0.0.1:8750`) and return its
    report as parsed JSON (the shape of `commlint.report.Report`). `fmt`, `kind`, `select` and
    `ignore` mean what they mean to `commlint check`; `config` is a settings table whose
    thresholds decide the report's `passed` (see the service's `CheckRequest.config`).

    The token defaults to `COMMLINT_TOKEN`. Raises `ServiceUnavailable` when the service is
    down, times out or answers 5xx (`busy` for the last two), and `ServiceError` for any
    other refusal.
    """
    token = token if token is not None else os.environ.get(TOKEN_ENV)
    if token and not token.isprintable():
        raise ServiceError("the token has a line break or control character")
    parts, port = _target(server)
    request: dict[str, Any] = {"text": text, "format": fmt, "kind": kind, "source": source}
    request.update(select=list(select), ignore=list(ignore), config=config)
    body = json.dumps(request).encode()
    path = parts.path.rstrip("/") + "/v1/check"
    head = (
        f"POST {path} HTTP/1.0\r\nHost: {parts.netloc.rpartition('@')[2]}\r\n"
        "Content-Type: application/json\r\nAccept: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        + (f"Authorization: Bearer {token}\r\n" if token else "")
        + "\r\n"
    )
    try:
        status, answer = _status_and_body(_post(parts, port, head.encode("utf-8") + body, timeout))
    except TimeoutError:
        late = f"{server} did not answer within {timeout:g} s"
        raise ServiceUnavailable(late, busy=True) from None
    except OSError as exc:  # refused, reset, bad certificate
        raise ServiceUnavailable(
            f"{server} is not answering: {exc or type(exc).__name__}"
        ) from None
    except ValueError:
        raise ServiceUnavailable(f"{server} answered something that is not HTTP") from None
    if status >= 500:
        detail = f"{server} answered {status}: {_detail(answer)}"
        raise ServiceUnavailable(detail, status, busy=True)
    if status != 200:
        raise ServiceError(f"{server} refused the message ({status}): {_detail(answer)}", status)
    try:
        report = json.loads(answer)
    except ValueError:
        raise ServiceUnavailable(f"{server} answered something that is not JSON") from None
    if not isinstance(report, dict):
        raise ServiceUnavailable(f"{server} answered something that is not a report")
    return report
