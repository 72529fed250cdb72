"""`commlint install-hook`: a git hook for a repository of message templates.

For teams not using the pre-commit framework. `pre-commit` checks the staged template files
(as they are in the working tree); `commit-msg` checks the commit message itself. The hook is a
short Python script that runs this installation of commlint, so it keeps working outside the
virtualenv it was installed from (reinstall it if that virtualenv moves).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from commlint.cli.common import EXIT_OK
from commlint.errors import ConfigError
from commlint.message_files import SUFFIXES

HOOKS = ("pre-commit", "commit-msg")
MARKER = "# written by `commlint install-hook`"
_SCRIPT = """#!{python}
{marker} ({hook}); see docs/integrations.md
import sys

from commlint.cli.install_hook import run_hook

sys.exit(run_hook({hook!r}, sys.argv[1:]))
"""


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    install = sub.add_parser(
        "install-hook", help="write a git hook that checks message templates or commit messages"
    )
    install.add_argument("--type", choices=HOOKS, default="pre-commit", help="which git hook")
    install.add_argument("--repo", type=Path, default=Path(), help="the repository (default: .)")
    install.add_argument(
        "--force", action="store_true", help="replace a hook that commlint did not write"
    )
    install.set_defaults(run=run)


def _git(repo: Path, *args: str) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise ConfigError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1:] or ["git failed"]
        raise ConfigError(message[0], path=repo)
    return done.stdout


def hooks_dir(repo: Path) -> Path:
    """The repository's hooks folder (it honours `core.hooksPath`)."""
    return repo / _git(repo, "rev-parse", "--git-path", "hooks").strip()


def run(args: argparse.Namespace) -> int:
    folder = hooks_dir(args.repo)
    path = folder / args.type
    if path.exists() and MARKER not in path.read_text(errors="replace") and not args.force:
        raise ConfigError(
            "a hook that commlint did not write is there; --force replaces it", path=path
        )
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(_SCRIPT.format(python=sys.executable, marker=MARKER, hook=args.type))
    path.chmod(0o755)
    print(f"commlint: wrote {path}")
    return EXIT_OK


def _staged_messages() -> list[str]:
    names = _git(Path(), "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR")
    return [n for n in names.split("\0") if n and os.path.splitext(n)[1].lower() in SUFFIXES]


def run_hook(hook: str, argv: list[str]) -> int:
    """What an installed hook runs: `commlint check` on the staged templates or the message."""
    from commlint.cli import main

    if hook == "commit-msg":
        return main(["check", "--input-format", "text", *argv[:1]])
    files = _staged_messages()
    return main(["check", *files]) if files else EXIT_OK
