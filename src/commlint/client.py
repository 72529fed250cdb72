"""A client for `commlint serve`, standard library only.

It exists for the pre-send hook: a process that asks a running service instead of loading
spaCy answers in a fraction of the time. Nothing here imports spaCy (a test checks).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

from commlint.errors import CommlintError

__all__ = ["ServiceError", "ServiceUnavailable", "check"]

TOKEN_ENV = "COMMLINT_TOKEN"
DEFAULT_TIMEOUT = 5.0


class ServiceError(CommlintError):
    """The service refused the request (bad token, invalid input): checking locally or
    retrying would not help, so the caller should report it."""


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


def check(
    server: str,
    text: str,
    *,
    fmt: str = "text",
    kind: str | None = None,
    source: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    token: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """Check one message on the service at `server` (`http://127.0.0.1:8750`) and return its
    report as parsed JSON (the shape of `commlint.report.Report`). `fmt`, `kind`, `select` and
    `ignore` mean what they mean to `commlint check`.

    The token defaults to `COMMLINT_TOKEN`. Raises `ServiceUnavailable` when the service is
    down, times out or answers 5xx, and `ServiceError` for any other refusal.
    """
    token = token if token is not None else os.environ.get(TOKEN_ENV)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request_body = {"text": text, "format": fmt, "kind": kind, "source": source}
    body = json.dumps({**request_body, "select": list(select), "ignore": list(ignore)}).encode()
    url = server.rstrip("/") + "/v1/check"
    if not url.startswith(("http://", "https://")):
        raise ServiceError(f"server must be an http:// or https:// URL, not {server!r}")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            report = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        detail = _detail(exc.read())
        if exc.code >= 500:
            raise ServiceUnavailable(f"{server} answered {exc.code}: {detail}") from None
        raise ServiceError(f"{server} refused the message ({exc.code}): {detail}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ServiceUnavailable(f"{server} is not answering: {reason}") from None
    except ValueError:
        raise ServiceUnavailable(f"{server} answered something that is not JSON") from None
    if not isinstance(report, dict):
        raise ServiceUnavailable(f"{server} answered something that is not a report")
    return report
