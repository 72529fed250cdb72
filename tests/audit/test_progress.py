"""Progress: periodic plain lines when the output is not a terminal (logs, CI)."""

from __future__ import annotations

import io

from commlint.audit.progress import BarProgress, LineProgress, progress_for


def test_progress_plain_lines_off_a_terminal() -> None:
    stream = io.StringIO()
    progress = progress_for(total=10, done=2, stream=stream)
    assert isinstance(progress, LineProgress)
    progress.update(3, 1)
    progress.close()
    line = stream.getvalue().splitlines()[-1]
    assert line.startswith("commlint audit: 5/10 messages, ")
    assert " 1 errors, ETA " in line


def test_progress_without_a_total_has_no_eta() -> None:
    stream = io.StringIO()
    progress = LineProgress(total=None, done=0, stream=stream, interval=0.0)
    progress.update(4, 0)
    assert stream.getvalue().startswith("commlint audit: 4 messages, ")
    assert "ETA" not in stream.getvalue()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal() -> None:
    stream = _Terminal()
    progress = progress_for(total=10, done=0, stream=stream)
    assert isinstance(progress, BarProgress)
    progress.update(10, 2)
    progress.close()
    shown = stream.getvalue()
    assert "10/10" in shown and "msg/s" in shown and "errors=2" in shown
