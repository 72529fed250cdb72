"""Pre-send checks for Python code that sends messages: `guard` and `MessageRejected`.

```python
with commlint.guard(min_score=70):
    smtp.send_message(message)   # checked first; raises MessageRejected, nothing sent

@commlint.guard(min_score=70, argument="body")
def post_reply(ticket_id: int, body: str) -> None:
    helpdesk.reply(ticket_id, body)   # `body` is checked before the function runs
```

Inside a guard, every `smtplib` send (`send_message` goes through `sendmail`) is checked before
any byte leaves. The hook is installed on `smtplib.SMTP` once and is inert outside a guard; the
active guard lives in a context variable, so threads and asyncio tasks each see their own.
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from contextvars import ContextVar, Token
from email.message import EmailMessage
from email.policy import SMTP
from types import TracebackType
from typing import Any, ParamSpec, TypeVar

from commlint.config import Config
from commlint.errors import CommlintError
from commlint.report import MessageKind, Report, Severity

P = ParamSpec("P")
R = TypeVar("R")
Message = str | bytes | EmailMessage

_ACTIVE: ContextVar[Guard | None] = ContextVar("commlint_guard", default=None)
_PATCH_LOCK = threading.Lock()
_PATCHED = False


class MessageRejected(CommlintError):
    """A message did not meet the thresholds; `report` says why, `message` in one line."""

    def __init__(self, report: Report) -> None:
        self.report = report
        shown = "; ".join(report.reasons[:3]) + ("; ..." if len(report.reasons) > 3 else "")
        super().__init__(
            f"message rejected: score {report.score}/100" + (f" ({shown})" if shown else ""),
            path=report.source,
        )


class Guard:
    """A context manager and decorator that checks messages before they are sent."""

    def __init__(self, config: Config, kind: MessageKind | str | None, argument: str | None):
        self.config = config
        self.kind = kind
        self.argument = argument
        self._tokens: list[Token[Guard | None]] = []

    def check(self, message: Message, *, fmt: str | None = None) -> Report:
        """Check one message and return its report; raise `MessageRejected` if it fails.

        A `str` is read as plain text and `bytes` or an `EmailMessage` as a raw email, unless
        `fmt` ("text", "markdown", "html", "eml") says otherwise.
        """
        from commlint.extract import extract
        from commlint.linter import _cached_linter

        if isinstance(message, EmailMessage):
            data, default = message.as_bytes(policy=SMTP), "eml"
        elif isinstance(message, bytes):
            data, default = message, "eml"
        else:
            data, default = message.encode("utf-8"), "text"
        linter = _cached_linter(self.config.model_dump_json())
        report = linter.check(extract(data, fmt or default), self.kind)
        if not report.passed:
            raise MessageRejected(report)
        return report

    def __enter__(self) -> Guard:
        _install_smtplib_hook()
        self._tokens.append(_ACTIVE.set(self))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        _ACTIVE.reset(self._tokens.pop())

    def __call__(self, func: Callable[P, R]) -> Callable[P, R]:
        signature = inspect.signature(func)
        if self.argument is not None and self.argument not in signature.parameters:
            raise TypeError(f"{func.__qualname__} has no argument {self.argument!r} to check")

        @functools.wraps(func)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            _install_smtplib_hook()
            token = _ACTIVE.set(self)
            try:
                if self.argument is not None:
                    self.check(signature.bind(*args, **kwargs).arguments[self.argument])
                return func(*args, **kwargs)
            finally:
                _ACTIVE.reset(token)

        return guarded


def guard(
    min_score: int | None = None,
    fail_on: Severity | str | None = None,
    *,
    kind: MessageKind | str | None = None,
    config: Config | None = None,
    argument: str | None = None,
) -> Guard:
    """Check messages sent inside a `with` block or a decorated function.

    `min_score` and `fail_on` override `config` (default: the built-in defaults). As a
    decorator, `argument` names the parameter that holds the message to check.
    """
    base = config or Config()
    update: dict[str, Any] = {}
    if min_score is not None:
        update["min_score"] = min_score
    if fail_on is not None:
        update["fail_on"] = fail_on
    merged = Config.model_validate({**base.model_dump(), **update}) if update else base
    return Guard(merged, kind, argument)


def _install_smtplib_hook() -> None:
    """Wrap `smtplib.SMTP.sendmail` once; the wrapper checks only while a guard is active."""
    global _PATCHED
    import smtplib

    with _PATCH_LOCK:
        if _PATCHED:
            return
        send = smtplib.SMTP.sendmail

        @functools.wraps(send)
        def sendmail(
            self: smtplib.SMTP, from_addr: str, to_addrs: Any, msg: Any, *a: Any, **k: Any
        ) -> Any:
            active = _ACTIVE.get()
            if active is not None:
                raw = msg.encode("utf-8") if isinstance(msg, str) else bytes(msg)
                active.check(raw, fmt="eml")
            return send(self, from_addr, to_addrs, msg, *a, **k)

        smtplib.SMTP.sendmail = sendmail  # type: ignore[method-assign]
        _PATCHED = True
