"""A real `commlint serve` on a loopback port, shared by the service, client and page tests.

The server runs in its own process, as users run it: token auth on, small limits so the tests
can reach them, and a test-only rule pack whose `tone.slow` rule sleeps on a trigger phrase, so
the time limit can be tested; on another phrase it sleeps briefly and writes its worker's pid to
`busy.pid`, so a test can kill the worker that is busy with a check. The rule's function is a
plugin registered through a `commlint.rules` entry point in a throwaway `.dist-info` folder on
`PYTHONPATH`, the way a third-party rule package registers.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import write

TOKEN = "test-token-5b1f"
MARKER = "Quillfeather"
"""A name put in every message the tests send; the server log must never contain it."""
SLOW_PHRASE = "take all the time you need"
BUSY_PHRASE = "hold the line a moment"
BUSY_SECONDS = 2.0
TIMEOUT = 8.0
MAX_BODY = 8192
MAX_BATCH = 3
WORKERS = 2
READ_TIMEOUT = 3.0
KEEP_ALIVE = 2

SLOW_RULE = """\
id: tone.slow
kind: python
function: testplugin.slow.v1
weight: 1
message: "'{match}' was slow to check"
description: A test-only rule that sleeps when the text holds its trigger phrase.
rationale: It lets the tests reach the service's time limit.
examples:
  flag: ["x"]
  ok: ["y"]
"""
SLOW_FUNCTION = f"""\
import os
import time
from pathlib import Path


def slow(doc, ctx):
    if {SLOW_PHRASE!r} in doc.text:
        time.sleep(3600)
    if {BUSY_PHRASE!r} in doc.text:
        Path(os.environ["COMMLINT_TEST_BUSY"]).write_text(str(os.getpid()))
        time.sleep({BUSY_SECONDS})
    return iter(())
"""


@dataclass(frozen=True)
class Server:
    url: str
    log: Path
    process: subprocess.Popen[bytes]
    busy: Path
    """Where the `BUSY_PHRASE` check writes its worker's pid."""

    def client(self, token: str | None = TOKEN) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def _plugin(root: Path) -> Path:
    """A folder that, on `PYTHONPATH`, registers `testplugin.slow.v1` by entry point."""
    write(root / "slowplugin.py", SLOW_FUNCTION)
    info = root / "commlint_testplugin-0.dist-info"
    write(info / "METADATA", "Metadata-Version: 2.1\nName: commlint-testplugin\nVersion: 0\n")
    write(info / "entry_points.txt", "[commlint.rules]\ntestplugin.slow.v1 = slowplugin:slow\n")
    return root


def start_server(tmp: Path, *args: str, token: str | None = TOKEN) -> Server:
    """Start `commlint serve --port 0` and wait until it prints its address."""
    write(tmp / "pack" / "tone" / "slow.yml", SLOW_RULE)
    config = write(tmp / ".commlint.toml", 'rule_dirs = ["pack"]\n')
    plugin = _plugin(tmp / "plugin")
    busy = tmp / "busy.pid"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(plugin), *sys.path]),
        "COMMLINT_TEST_BUSY": str(busy),
    }
    env.pop("COMMLINT_TOKEN", None)
    if token:
        env["COMMLINT_TOKEN"] = token
    log = tmp / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "commlint", "serve", "--port=0", f"--config={config}", *args],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp,
        )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        found = re.search(r"serving on (http://\S+)", log.read_text())
        if found:
            return Server(found.group(1), log, process, busy)
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"commlint serve did not start:\n{log.read_text()}")


def stop_server(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    try:
        server.process.wait(30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(
        tmp_path_factory.mktemp("serve"),
        "--workers",
        str(WORKERS),
        "--timeout",
        str(TIMEOUT),
        "--max-body",
        str(MAX_BODY),
        "--max-batch",
        str(MAX_BATCH),
        "--read-timeout",
        str(READ_TIMEOUT),
        "--keep-alive",
        str(KEEP_ALIVE),
    )
    yield running
    stop_server(running)
    assert MARKER not in running.log.read_text(), "message text was written to the server log"
