"""uvicorn's HTTP/1.1 protocol (h11) with a deadline for each request head.

uvicorn closes a keep-alive connection left idle after a response, but not one that opens and
sends nothing, nor one that sends its request line and headers a byte at a time (slowloris):
either would hold a socket forever. Here each request head must be complete within
`head_timeout` seconds of the connection opening or of the previous response; otherwise the
connection is closed. The body has its own deadline in the app (`BodyLimit`, 408).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("commlint.service")


class DeadlineH11Protocol(H11Protocol):
    """`H11Protocol` that closes a connection whose next request head is late."""

    head_timeout = 15.0
    """Seconds, set per server by `with_head_timeout`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    @classmethod
    def with_head_timeout(cls, seconds: float) -> type[DeadlineH11Protocol]:
        """A subclass with this deadline (uvicorn builds protocols from a class)."""
        return type(cls.__name__, (cls,), {"head_timeout": seconds})

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def on_response_complete(self) -> None:
        self._await_head()  # before uvicorn reads a pipelined request, which cancels it
        super().on_response_complete()

    def handle_events(self) -> None:
        cycle = self.cycle
        super().handle_events()
        if self.cycle is not cycle and self._head_deadline is not None:  # a head arrived
            self._head_deadline.cancel()
            self._head_deadline = None

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
        self._head_deadline = self.loop.call_later(self.head_timeout, self._head_late)

    def _head_late(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing():
            log.info("closed a connection: no complete request within %g s", self.head_timeout)
            self.transport.close()
