"""A client for `commlint serve`, standard library only.

It exists for the pre-send hook: a process that asks a running service instead of loading
spaCy answers in a fraction of the time. It uses `http.client` directly (not `urllib.request`,
which costs a hook process more imports), connects straight to the service (no proxy: it is
meant to run on the same host or network), and never imports spaCy or pydantic (a test checks).
"""

from __future__ import annotations

import http.client
import json
import os
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from commlint.errors import CommlintError

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
    locally instead, or apply its fail-open/fail-closed policy."""


def _detail(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return body[:200].decode("utf-8", "replace").strip()
    if isinstance(data, dict):
        return str(data.get("error") or data.get("detail") or data)
    return str(data)


def _connection(server: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """A connection to `server` and the path of its check endpoint."""
    parts = urlsplit(server)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ServiceError(f"server must be an http:// or https:// URL, not {server!r}")
    try:
        port = parts.port
    except ValueError:
        raise ServiceError(f"server has a bad port: {server!r}") from None
    factory = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    return factory(parts.hostname, port, timeout=timeout), parts.path.rstrip("/") + "/v1/check"


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
    down, times out or answers 5xx, and `ServiceError` for any other refusal.
    """
    token = token if token is not None else os.environ.get(TOKEN_ENV)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request: dict[str, Any] = {"text": text, "format": fmt, "kind": kind, "source": source}
    request.update(select=list(select), ignore=list(ignore), config=config)
    connection, path = _connection(server, timeout)
    try:
        connection.request("POST", path, json.dumps(request).encode(), headers)
        response = connection.getresponse()
        status, body = response.status, response.read()
    except (OSError, http.client.HTTPException) as exc:  # refused, reset, timed out, garbled
        raise ServiceUnavailable(
            f"{server} is not answering: {exc or type(exc).__name__}"
        ) from None
    finally:
        connection.close()
    if status >= 500:
        raise ServiceUnavailable(f"{server} answered {status}: {_detail(body)}", status)
    if status != 200:
        raise ServiceError(f"{server} refused the message ({status}): {_detail(body)}", status)
    try:
        report = json.loads(body)
    except ValueError:
        raise ServiceUnavailable(f"{server} answered something that is not JSON") from None
    if not isinstance(report, dict):
        raise ServiceUnavailable(f"{server} answered something that is not a report")
    return report
