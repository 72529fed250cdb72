"""Progress: a tqdm bar (messages/s, ETA) on a terminal, plain periodic lines in logs and CI."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from typing import TextIO


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{seconds:02d}s"


class Progress(ABC):
    """Counts checked rows and errors; subclasses decide how to show them."""

    def __init__(self, total: int | None, done: int, stream: TextIO) -> None:
        self.total = total
        self.done = done
        self.errors = 0
        self.stream = stream
        self._start = time.monotonic()
        self._new = 0

    def update(self, rows: int, errors: int) -> None:
        self.done += rows
        self._new += rows
        self.errors += errors

    @abstractmethod
    def close(self) -> None:
        """Show the final count."""

    def line(self) -> str:
        """`12,000/100,000 messages, 410/s, 3 errors, ETA 3m34s`."""
        elapsed = time.monotonic() - self._start
        rate = self._new / elapsed if elapsed > 0 else 0.0
        of = f"/{self.total:,}" if self.total is not None else ""
        eta = ""
        if self.total is not None and rate > 0:
            eta = f", ETA {_duration(max(self.total - self.done, 0) / rate)}"
        return f"{self.done:,}{of} messages, {rate:,.0f}/s, {self.errors:,} errors{eta}"


class LineProgress(Progress):
    """One line every `interval` seconds: readable in a log file, unlike a redrawn bar."""

    def __init__(self, total: int | None, done: int, stream: TextIO, interval: float = 10.0):
        super().__init__(total, done, stream)
        self.interval = interval
        self._last = time.monotonic()

    def update(self, rows: int, errors: int) -> None:
        super().update(rows, errors)
        now = time.monotonic()
        if now - self._last >= self.interval:
            self._last = now
            print(f"commlint audit: {self.line()}", file=self.stream, flush=True)

    def close(self) -> None:
        print(f"commlint audit: {self.line()}", file=self.stream, flush=True)


class BarProgress(Progress):
    """A tqdm bar with messages/s and ETA, and the error count beside it."""

    def __init__(self, total: int | None, done: int, stream: TextIO) -> None:
        from tqdm import tqdm  # type: ignore[import-untyped]

        super().__init__(total, done, stream)
        self._bar = tqdm(
            total=total, initial=done, unit="msg", file=stream, dynamic_ncols=True, smoothing=0.1
        )

    def update(self, rows: int, errors: int) -> None:
        super().update(rows, errors)
        self._bar.update(rows)
        if errors:
            self._bar.set_postfix(errors=self.errors, refresh=False)

    def close(self) -> None:
        self._bar.close()


def progress_for(total: int | None, done: int, stream: TextIO) -> Progress:
    """A bar on a terminal (when tqdm is installed), periodic lines otherwise."""
    if stream.isatty():
        try:
            import tqdm  # noqa: F401
        except ImportError:
            pass
        else:
            return BarProgress(total, done, stream)
    return LineProgress(total, done, stream)
