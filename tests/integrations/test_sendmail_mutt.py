"""`commlint sendmail`, driven by the real mutt in batch mode.

mutt hands its message to `$sendmail`; here that is a script that keeps a copy of what mutt
handed over, then pipes it into `commlint sendmail -- capture.sh`. The capture script stands in
for /usr/sbin/sendmail and keeps what it receives.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integrations.conftest import GOOD, POOR

MUTT = shutil.which("mutt")
pytestmark = pytest.mark.skipif(MUTT is None, reason="mutt is not installed (.ci/run installs it)")


def executable(path: Path, text: str) -> Path:
    path.write_text(text)
    path.chmod(0o755)
    return path


@pytest.fixture
def mutt_home(tmp_path: Path) -> Path:
    capture = executable(
        tmp_path / "capture.sh",
        f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/args"\ncat > "{tmp_path}/delivered.eml"\n',
    )
    wrapper = executable(
        tmp_path / "commlint-sendmail.sh",
        f'#!/bin/sh\ntee "{tmp_path}/handed.eml" | '
        f'"{sys.executable}" -m commlint sendmail -- "{capture}" "$@"\n',
    )
    (tmp_path / "muttrc").write_text(
        f'set sendmail="{wrapper}"\n'
        'set from="priya@desk.example.org"\nset realname="Priya"\nset use_from=yes\n'
        f'set record=""\nset copy=no\nset tmpdir="{tmp_path}"\n'
        'set charset="utf-8"\nset send_charset="us-ascii:utf-8"\n'
    )
    return tmp_path


def mutt(home: Path, body: str) -> subprocess.CompletedProcess[str]:
    assert MUTT is not None
    (home / "body.txt").write_text(body, encoding="utf-8")
    with (home / "body.txt").open("rb") as stdin:
        return subprocess.run(
            [MUTT, "-n", "-F", str(home / "muttrc"), "-s", "Your laptop", "dana@example.org"],
            stdin=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, "HOME": str(home)},
            cwd=home,
            timeout=300,
            check=False,
        )


def test_sendmail_mutt_delivers_a_good_message_byte_for_byte(mutt_home: Path) -> None:
    done = mutt(mutt_home, GOOD)
    assert done.returncode == 0, done.stdout + done.stderr
    handed = (mutt_home / "handed.eml").read_bytes()
    assert b"Subject: Your laptop" in handed
    assert (mutt_home / "delivered.eml").read_bytes() == handed
    assert "dana@example.org" in (mutt_home / "args").read_text().split()


def test_sendmail_mutt_stops_a_poor_message(mutt_home: Path) -> None:
    done = mutt(mutt_home, POOR)
    assert done.returncode != 0
    assert (mutt_home / "handed.eml").read_bytes()
    assert not (mutt_home / "delivered.eml").exists()
    assert (mutt_home / "body.txt").read_text(encoding="utf-8") == POOR


def test_sendmail_needs_a_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "commlint", "sendmail"],
        input=b"Subject: x\n\nHi\n",
        capture_output=True,
        check=False,
    )
    assert done.returncode == 2
    assert b"give the sending command after --" in done.stderr
