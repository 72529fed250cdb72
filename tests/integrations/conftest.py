"""Messages and helpers for the end-to-end tests of the pre-send integrations."""

from __future__ import annotations

import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.conftest import ROOT

GOOD = (ROOT / "examples" / "good-draft.txt").read_text(encoding="utf-8")
POOR = (ROOT / "examples" / "poor-draft.txt").read_text(encoding="utf-8")
COMMLINT = [sys.executable, "-m", "commlint"]


def email_bytes(body: str, subject: str = "Your laptop is back") -> bytes:
    message = EmailMessage()
    message["From"] = "Priya <priya@desk.example.org>"
    message["To"] = "Dana <dana@example.org>"
    message["Subject"] = subject
    message.set_content(body)
    return message.as_bytes()


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run git in a throwaway repository, with an identity and no user config."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository of message templates."""
    path = tmp_path / "templates"
    path.mkdir()
    assert git(path, "init", "-q", "-b", "main").returncode == 0
    return path
