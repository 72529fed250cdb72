"""The gates (`hook`, `sendmail`) on messages they cannot read, on a check past the time limit
and on a busy service: held by default, sent only with `--fail-open` (issue 20)."""

from __future__ import annotations

import io
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from commlint.cli import EXIT_ERROR, EXIT_INTERNAL, EXIT_OK, hook, main
from commlint.cli.time_limit import ChildFailed, TimeLimitExceeded, call_with_time_limit
from commlint.errors import InputError
from tests.extract.test_eml import REFUSED
from tests.integrations.conftest import GOOD, POOR

HOSTILE = {name: data for name, (data, _) in REFUSED.items()}


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    data: bytes,
    *args: str,
) -> tuple[int, bytes, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(list(args))
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("policy", ["--fail-open", "--fail-closed"])
def test_gate_holds_a_message_it_cannot_read_whatever_the_policy(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    tmp_path: Path,
    data: bytes,
    policy: str,
) -> None:
    sent = tmp_path / "sent"
    args = ["--input-format", "eml", "--pass-through", policy]
    status, out, err = run(monkeypatch, capsysbinary, data, "hook", *args)
    assert (status, out) == (EXIT_ERROR, b""), err
    assert err.startswith("commlint: error: -") and err.count("\n") == 1
    command = ["--", sys.executable, "-c", f"open({str(sent)!r}, 'wb').write(b'x')"]
    status, _, err = run(monkeypatch, capsysbinary, data, "sendmail", policy, *command)
    assert status == EXIT_ERROR and not sent.exists(), err


def test_gate_an_unexpected_failure_to_read_is_input_not_internal(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded\nwhile parsing")

    monkeypatch.setattr("commlint.extract.extract", broken)
    status, out, err = run(
        monkeypatch, capsysbinary, GOOD.encode(), "hook", "--pass-through", "--fail-open"
    )
    assert (status, out) == (EXIT_ERROR, b"")
    assert err == (
        "commlint: error: -: cannot read the message: RecursionError: "
        "maximum recursion depth exceeded\n"
    )


@pytest.mark.parametrize(
    ("policy", "code", "sent"), [([], EXIT_INTERNAL, False), (["--fail-open"], EXIT_OK, True)]
)
def test_gate_time_limit_kills_the_check_and_applies_the_policy(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    policy: list[str],
    code: int,
    sent: bool,
) -> None:
    def slow(*args: object) -> None:
        time.sleep(60)

    monkeypatch.setattr(hook, "local_report", slow)
    started = time.monotonic()
    status, out, err = run(
        monkeypatch,
        capsysbinary,
        POOR.encode(),
        "hook",
        "--pass-through",
        "--timeout",
        "0.5",
        *policy,
    )
    assert time.monotonic() - started < 10
    assert status == code and out == (POOR.encode() if sent else b"")
    action = "letting the message through" if sent else "holding the message"
    assert err.startswith(
        f"commlint: <stdin>: no verdict: the check took over 0.5 s (--timeout); {action}"
    )


def test_gate_time_limit_from_the_config(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes], tmp_path: Path
) -> None:
    monkeypatch.setattr(hook, "local_report", lambda *args: time.sleep(60))
    config = tmp_path / ".commlint.toml"
    config.write_text("gate_timeout = 0.5\n")
    status, _, err = run(monkeypatch, capsysbinary, POOR.encode(), "hook", "--config", str(config))
    assert status == EXIT_INTERNAL and "took over 0.5 s" in err


def test_time_limit_returns_results_and_raises_the_child_exceptions() -> None:
    assert call_with_time_limit(lambda: {"score": 70}, 10) == {"score": 70}
    with pytest.raises(InputError, match=r"^m\.eml: bad$"):
        call_with_time_limit(lambda: (_ for _ in ()).throw(InputError("bad", path="m.eml")), 10)
    with pytest.raises(TimeLimitExceeded):
        call_with_time_limit(lambda: time.sleep(60), 0.2)
    with pytest.raises(ChildFailed, match="killed by signal 9"):
        call_with_time_limit(lambda: os.kill(os.getpid(), 9), 10)


def test_time_limit_without_fork_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    assert call_with_time_limit(os.getpid, 10) == os.getpid()


class FakeService:
    """An HTTP service that answers 503, or nothing at all, to every request."""

    def __init__(self, answer: bytes | None) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.answer = answer
        self.requests = 0
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.requests += 1
            connection.recv(1 << 20)
            if self.answer is not None:
                connection.sendall(self.answer)
                connection.close()


@pytest.fixture(params=["503", "silent"])
def busy_service(request: pytest.FixtureRequest) -> Iterator[FakeService]:
    body = b'{"detail": "the check took too long"}'
    answer = b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    service = FakeService(answer if request.param == "503" else None)
    yield service
    service.listener.close()


@pytest.mark.parametrize(("policy", "code"), [([], EXIT_INTERNAL), (["--fail-open"], EXIT_OK)])
def test_gate_busy_service_is_not_asked_again_locally(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    busy_service: FakeService,
    policy: list[str],
    code: int,
) -> None:
    def local(*args: object) -> None:
        raise AssertionError("the hook re-ran the check locally")

    monkeypatch.setattr(hook, "checked_here", local)
    args = ["--server", busy_service.url, "--timeout", "1", *policy]
    status, _, err = run(monkeypatch, capsysbinary, GOOD.encode(), "hook", *args)
    assert status == code and busy_service.requests == 1
    assert "503" in err or "did not answer within 1 s" in err


def test_gate_unreachable_service_falls_back_to_the_local_check(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as closed:
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    status, _, err = run(monkeypatch, capsysbinary, GOOD.encode(), "hook", "--server", url)
    assert status == EXIT_OK and "checking here instead" in err
