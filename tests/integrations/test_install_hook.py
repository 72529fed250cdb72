"""`commlint install-hook`: real git hooks in a throwaway repository of templates."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.integrations.conftest import COMMLINT, GOOD, POOR, git


def install(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMLINT, "install-hook", "--repo", str(repo), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_install_hook_pre_commit_blocks_a_poor_template(repo: Path) -> None:
    assert install(repo).returncode == 0
    (repo / "reimaged.md").write_text(POOR, encoding="utf-8")
    (repo / "notes.py").write_text("x = 1\n")  # not a message: never checked
    git(repo, "add", "-A")
    blocked = git(repo, "commit", "-q", "-m", "Add template")
    assert blocked.returncode == 1, blocked.stderr
    assert "reimaged.md:1:" in blocked.stderr and "tone.condescending" in blocked.stderr
    assert git(repo, "rev-parse", "--verify", "HEAD").returncode != 0  # nothing committed

    (repo / "reimaged.md").write_text(GOOD, encoding="utf-8")
    git(repo, "add", "-A")
    done = git(repo, "commit", "-q", "-m", "Add template")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / "reimaged.md").read_text(encoding="utf-8") == GOOD


def test_install_hook_commit_msg_checks_the_message(repo: Path) -> None:
    assert install(repo, "--type", "commit-msg").returncode == 0
    (repo / "a.txt").write_text(GOOD, encoding="utf-8")
    git(repo, "add", "-A")
    rude = git(repo, "commit", "-q", "-m", "Obviously you should have read the docs!!!")
    assert rude.returncode != 0
    assert "tone.condescending" in rude.stderr  # git shows a hook's output on stderr
    fine = git(repo, "commit", "-q", "-m", GOOD)
    assert fine.returncode == 0, fine.stdout + fine.stderr


def test_install_hook_keeps_a_foreign_hook(repo: Path) -> None:
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n")
    refused = install(repo)
    assert refused.returncode == 2
    assert "did not write" in refused.stderr and refused.stderr.count("\n") == 1
    assert hook.read_text() == "#!/bin/sh\nexit 0\n"
    assert install(repo, "--force").returncode == 0
    assert install(repo).returncode == 0  # its own hook is replaced without --force


@pytest.mark.parametrize("where", ["not-a-repo"])
def test_install_hook_outside_a_repository(tmp_path: Path, where: str) -> None:
    (tmp_path / where).mkdir()
    done = install(tmp_path / where)
    assert done.returncode == 2 and "not a git repository" in done.stderr.lower()
