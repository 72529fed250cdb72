"""The pre-commit hook, run by the real `pre-commit try-repo` against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.integrations.conftest import GOOD, POOR, git

# What `pip install` of the hook repository needs (pyproject.toml says how to build it).
PROJECT = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src", "rules")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout's files as committed in a throwaway repository: try-repo clones a commit,
    and the checkout under test may hold work not committed yet."""
    path = tmp_path_factory.mktemp("commlint-hook-repo")
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, path / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        assert git(path, *args).returncode == 0
    return path


def try_repo(hook_repo: Path, templates: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "commlint", "--all-files"],
        cwd=templates,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "text", "passes"),
    [("macros/laptop-ready.md", GOOD, True), ("macros/laptop-reimaged.txt", POOR, False)],
)
def test_precommit_try_repo(
    hook_repo: Path,
    repo: Path,
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    text: str,
    passes: bool,
) -> None:
    template = repo / name
    template.parent.mkdir(parents=True)
    template.write_text(text, encoding="utf-8")
    (repo / "build.py").write_text("print('not a message: the hook must skip it')\n")
    assert git(repo, "add", "-A").returncode == 0
    home = tmp_path_factory.getbasetemp() / "pre-commit-home"  # one environment for both runs
    done = try_repo(hook_repo, repo, home)
    output = done.stdout + done.stderr
    assert (done.returncode == 0) == passes, output
    assert ("Passed" if passes else "Failed") in output
    if not passes:
        assert f"{name}:1:" in output and "tone.condescending" in output
    assert template.read_text(encoding="utf-8") == text
