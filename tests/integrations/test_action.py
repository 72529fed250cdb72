"""`action.yml`: the composite GitHub Action installs commlint and runs a valid `commlint check`.

The check step's script is run here in bash, as the runner would, with the inputs passed the
way the action passes them (environment variables); a stand-in `commlint` records the command
line, which commlint's own parser must accept.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from commlint.cli import EXIT_FAILED, _parser
from tests.conftest import ROOT, write
from tests.integrations.conftest import GOOD, POOR

ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
CHECK = next(step for step in STEPS if step.get("name") == "Check messages")
RECORDER = (
    '#!/bin/sh\nfor arg in "$@"; do printf "%s\\0" "$arg"; done > "$ARGV_FILE"\necho recorded\n'
)


def step_env(step: dict[str, Any], inputs: dict[str, str]) -> dict[str, str]:
    """The step's environment with `${{ inputs.X }}` and `${{ github.action_path }}` filled in as
    the runner fills them (an input not given takes its default)."""
    values = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()}
    values |= inputs

    def fill(match: re.Match[str]) -> str:
        scope, name = match[1], match[2]
        return str(ROOT) if (scope, name) == ("github", "action_path") else values[name]

    return {
        key: re.sub(r"\$\{\{\s*(inputs|github)\.([\w-]+)\s*\}\}", fill, value)
        for key, value in step.get("env", {}).items()
    }


def run_check(
    tmp_path: Path, inputs: dict[str, str], bin_dir: Path
) -> subprocess.CompletedProcess[str]:
    assert CHECK["shell"] == "bash"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    env |= step_env(CHECK, inputs) | {"PATH": f"{bin_dir}:{os.environ['PATH']}"}
    return subprocess.run(
        ["bash", "-e", "-c", CHECK["run"]],
        cwd=tmp_path,
        env=env | {"ARGV_FILE": str(tmp_path / "argv")},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture
def recorder(tmp_path: Path) -> Path:
    """A directory whose `commlint` records its arguments instead of checking."""
    bin_dir = tmp_path / "bin"
    write(bin_dir / "commlint", RECORDER).chmod(0o755)
    return bin_dir


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    for name in ("templates/vpn.md", "templates/deep/printer.md", "templates/skip.txt"):
        write(tmp_path / name, GOOD)
    return tmp_path


def recorded(tmp_path: Path) -> list[str]:
    return (tmp_path / "argv").read_text(encoding="utf-8").split("\0")[:-1]


def test_action_is_a_composite_that_installs_commlint_from_its_checkout() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["inputs"]["paths"]["required"] is True
    assert ACTION["inputs"]["format"]["default"] == "github"
    assert {"min-score", "output", "args", "python-version"} <= set(ACTION["inputs"])
    assert STEPS[0]["uses"].startswith("actions/setup-python@")
    install = next(step for step in STEPS if "pip install" in step.get("run", ""))
    assert step_env(install, {})["COMMLINT_SOURCE"] == str(ROOT)
    assert '"$COMMLINT_SOURCE"' in install["run"]
    # inputs reach scripts as variables only: never pasted into a script as code
    assert all("${{" not in step.get("run", "") for step in STEPS)


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (
            {"paths": "templates/**/*.md"},
            ["check", "--format", "github", "templates/deep/printer.md", "templates/vpn.md"],
        ),
        (
            {
                "paths": "templates/*.md templates/skip.txt",
                "min-score": "75",
                "args": "--fail-on warning --kind resolution",
            },
            [
                "check",
                "--format",
                "github",
                "--min-score",
                "75",
                "--fail-on",
                "warning",
                "--kind",
                "resolution",
                "templates/vpn.md",
                "templates/skip.txt",
            ],
        ),
    ],
)
def test_action_runs_a_valid_commlint_command_line(
    templates: Path, recorder: Path, inputs: dict[str, str], expected: list[str]
) -> None:
    done = run_check(templates, inputs, recorder)
    assert done.returncode == 0, done.stderr
    argv = recorded(templates)
    assert argv == expected
    args = _parser(argv).parse_args(argv)  # commlint's own parser: exits on a bad command line
    assert args.command == "check"
    assert args.format == "github"
    assert args.paths == [arg for arg in expected if arg.startswith("templates/")]


def test_action_writes_sarif_to_the_output_file(templates: Path, recorder: Path) -> None:
    inputs = {"paths": "templates/vpn.md", "format": "sarif", "output": "commlint.sarif"}
    done = run_check(templates, inputs, recorder)
    assert done.returncode == 0, done.stderr
    assert recorded(templates) == ["check", "--format", "sarif", "templates/vpn.md"]
    assert (templates / "commlint.sarif").read_text(encoding="utf-8") == "recorded\n"
    assert done.stdout == ""


def test_action_check_step_with_the_real_commlint(tmp_path: Path) -> None:
    write(tmp_path / "templates" / "good.txt", GOOD)
    write(tmp_path / "templates" / "poor.txt", POOR)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    commlint = shutil.which("commlint", path=str(Path(sys.executable).parent))
    assert commlint is not None
    (bin_dir / "commlint").symlink_to(commlint)
    done = run_check(tmp_path, {"paths": "templates/*.txt"}, bin_dir)
    assert done.returncode == EXIT_FAILED, done.stderr
    lines = done.stdout.splitlines()
    assert "::error file=templates/poor.txt,line=1,col=78,endLine=1,endColumn=87," in "\n".join(
        lines
    )
    assert any(line.startswith("templates/good.txt: score ") for line in lines)
