"""The stdlib client and `commlint hook --server`: fast (no spaCy), and safe when the service
is down (the hook checks locally) or refuses (an error, whatever the policy)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from commlint import client
from commlint.cli import EXIT_ERROR, EXIT_FAILED, EXIT_OK
from tests.service.conftest import MARKER, TOKEN, Server

POOR = (
    f"Hi {MARKER}, obviously the VPN must be on first. We will fix the printer ASAP!!! "
    "PLEASE DO NOT restart it."
)
GOOD = (
    f"Hi {MARKER},\n\nThanks for letting us know the printer on the third floor is jammed. "
    "I'm sorry it held up your reports this morning. Aisha from our team will clear it by "
    "2 pm today and I'll email you when it's done. Until then, you can use the printer by "
    "the lifts on the second floor.\n\nIf anything else comes up, just reply to this email.\n\n"
    "Best,\nJordan"
)


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def _hook(*args: str, text: str, token: str | None = TOKEN) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COMMLINT_TOKEN"}
    if token:
        env["COMMLINT_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-m", "commlint", "hook", *args],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_client_never_imports_spacy(server: Server) -> None:
    code = (
        "import sys\n"
        "from commlint import client\n"
        f"report = client.check({server.url!r}, {POOR!r}, token={TOKEN!r})\n"
        "assert report['findings'], report\n"
        "print('spacy' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_client_host_names_reach_getaddrinfo_as_bytes() -> None:
    assert client._address("127.0.0.1") == b"127.0.0.1"
    assert client._address("bücher.example") == b"xn--bcher-kva.example"


def test_client_errors() -> None:
    with pytest.raises(client.ServiceUnavailable, match="is not answering"):
        client.check(_closed_port(), POOR, timeout=2)
    with pytest.raises(client.ServiceError, match="must be an http"):
        client.check("127.0.0.1:8750", POOR)


@contextmanager
def _fake_service(answer: bytes | None, received: list[bytes] | None = None) -> Iterator[str]:
    """A server that reads one request into `received` and sends `answer` as is (None: never
    answers)."""
    listener = socket.create_server(("127.0.0.1", 0))
    received = received if received is not None else []

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            request = b""
            while b"\r\n\r\n" not in request or request.endswith(b"\r\n\r\n"):
                request += connection.recv(65536)
            received.append(request)
            if answer is not None:
                connection.sendall(answer)
            else:
                connection.recv(1)  # until the client gives up and closes

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        thread.join(5)
        listener.close()


def test_client_reads_only_the_declared_body() -> None:
    answer = b'HTTP/1.0 200 OK\r\nContent-Length: 13\r\n\r\n{"passed": 1}trailing junk'
    with _fake_service(answer) as url:
        assert client.check(url, POOR, token="t") == {"passed": 1}


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (b"hello", "not HTTP"),
        (b"HTTP/1.1 200 OK\r\n\r\n<html>", "not JSON"),
        (b"HTTP/1.1 503 Busy\r\n\r\n{}", "answered 503"),
        (None, "did not answer within 0.5 s"),
    ],
)
def test_client_garbled_or_silent_service_is_unavailable(answer: bytes | None, error: str) -> None:
    with _fake_service(answer) as url, pytest.raises(client.ServiceUnavailable, match=error):
        client.check(url, POOR, timeout=0.5)


def test_client_sends_one_well_formed_request() -> None:
    received: list[bytes] = []
    with _fake_service(b"HTTP/1.0 200 OK\r\n\r\n{}", received) as url:
        client.check(url + "/lint/", "caf\u00e9", kind="outage", token="s3cret")
    head, _, body = received[0].partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "POST /lint/v1/check HTTP/1.0"
    headers = dict(line.split(": ", 1) for line in lines[1:])
    assert headers["Host"] == url.removeprefix("http://")
    assert headers["Authorization"] == "Bearer s3cret"
    assert int(headers["Content-Length"]) == len(body)
    sent = json.loads(body)
    assert (sent["text"], sent["kind"], sent["format"]) == ("caf\u00e9", "outage", "text")


def test_client_rejects_a_token_that_would_break_the_header() -> None:
    with pytest.raises(client.ServiceError, match="line break"):
        client.check("http://127.0.0.1:9", POOR, token="abc\r\nX-Evil: 1")


def test_client_refusals_are_not_unavailability(server: Server) -> None:
    with pytest.raises(client.ServiceError, match=r"\(401\)") as refused:
        client.check(server.url, POOR, token="wrong")
    assert not isinstance(refused.value, client.ServiceUnavailable)
    with pytest.raises(client.ServiceError, match=r"\(422\): body.text: empty message"):
        client.check(server.url, "  ", token=TOKEN)


@pytest.mark.parametrize(
    ("text", "options", "status"),
    [
        (POOR, [], EXIT_FAILED),
        (POOR, ["--fail-on=never", "--min-score=0", "--dimension-floor=0"], EXIT_OK),
        (GOOD, [], EXIT_OK),
    ],
)
def test_client_hook_asks_the_service(
    server: Server, text: str, options: list[str], status: int
) -> None:
    result = _hook("--server", server.url, *options, text=text)  # the hook's thresholds apply
    assert result.returncode == status, result.stderr
    assert "checking here instead" not in result.stderr
    assert result.stderr.startswith("commlint: <stdin>: ")


def test_client_hook_checks_locally_when_the_service_is_down(server: Server) -> None:
    remote = _hook("--server", server.url, "--fail-on=warning", text=POOR)
    local = _hook("--server", _closed_port(), "--fail-on=warning", text=POOR)
    assert local.returncode == remote.returncode == EXIT_FAILED
    warning, *summary = local.stderr.splitlines()
    assert warning.startswith("commlint: warning: ") and "checking here instead" in warning
    assert summary == remote.stderr.splitlines()


def test_client_hook_refused_is_an_error_whatever_the_policy(server: Server) -> None:
    result = _hook("--server", server.url, "--fail-open", text=POOR, token="wrong")
    assert result.returncode == EXIT_ERROR
    assert "refused the message (401)" in result.stderr


def _hook_file(server: Server, folder: Path, config: str, text: str = GOOD) -> tuple[int, str]:
    """`commlint hook --server` on a message file with a `.commlint.toml` beside it."""
    (folder / ".commlint.toml").write_text(config, encoding="utf-8")
    message = folder / "reply.txt"
    message.write_text(text, encoding="utf-8")
    result = _hook("--server", server.url, str(message), text="")
    return result.returncode, result.stderr


def test_client_hook_quick_path_loads_no_heavy_module(server: Server, tmp_path: Path) -> None:
    message = tmp_path / "reply.txt"
    message.write_text(POOR, encoding="utf-8")
    code = (
        "import sys\n"
        "from commlint.cli import main\n"
        f"status = main(['hook', '--server', {server.url!r}, {str(message)!r}])\n"
        # with no config file near the message, no TOML is parsed (tomllib brings typing), and
        # a numeric host needs no idna codec
        "heavy = ('pydantic', 'spacy', 'http.client', 'email.parser', 'ssl', 'tomllib',\n"
        "         'typing', 'encodings.idna')\n"
        "print(status, sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "COMMLINT_TOKEN": TOKEN}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.split() == [str(EXIT_FAILED), "[]"], result.stderr
    assert "checking here instead" not in result.stderr


def test_client_hook_applies_its_own_config_on_the_service(server: Server, tmp_path: Path) -> None:
    strict, strict_err = _hook_file(server, tmp_path, "min_score = 100\n")
    lenient, lenient_err = _hook_file(
        server, tmp_path, "min_score = 0\ndimension_floor = 0\nfail_on = 'never'\n"
    )
    assert (strict, lenient) == (EXIT_FAILED, EXIT_OK), strict_err + lenient_err
    assert "checking here instead" not in strict_err + lenient_err
    ignored, stderr = _hook_file(server, tmp_path, "ignore = ['tone']\nfail_on = 'never'\n", POOR)
    assert ignored == EXIT_OK and "expectations." in stderr and "tone." not in stderr


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ("min_score = 'high'\n", ".commlint.toml:1: min_score"),
        ("fail_on = 'error'\nmin_scroe = 70\n", ".commlint.toml:2: unknown key 'min_scroe'"),
        ("min_score = \n", ".commlint.toml:1: invalid TOML"),
    ],
)
def test_client_hook_names_a_bad_config_like_the_local_check(
    server: Server, tmp_path: Path, config: str, named: str
) -> None:
    status, stderr = _hook_file(server, tmp_path, config)
    assert status == EXIT_ERROR
    assert named in stderr and len(stderr.strip().splitlines()) == 1, stderr
