"""The `commlint` command. Each subcommand is a module here with a `register` function.

Exit codes: 0 every message passed; 1 a message did not meet the thresholds or had a finding at
`fail_on`; 2 usage, config, rule or input error; 3 internal error (a bug in commlint).

Subcommand modules import spaCy and the Linter only inside their `run` functions, so
`commlint --help` and usage errors never pay for loading them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from commlint import __version__
from commlint.cli import audit, check, hook, install_hook, rules, sendmail, serve
from commlint.cli.common import EXIT_ERROR, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, config_parent
from commlint.errors import CommlintError

__all__ = ["EXIT_ERROR", "EXIT_FAILED", "EXIT_INTERNAL", "EXIT_OK", "main"]

# Each module's `register(sub, config_parent)` adds its subparsers and sets `run`.
SUBCOMMANDS = (check, rules, serve, audit, hook, sendmail, install_hook)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commlint",
        description="Lint support messages before they are sent: plain language, empathy, "
        "expectations, options and tone.",
    )
    parser.add_argument("--version", action="version", version=f"commlint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    config = config_parent()
    for module in SUBCOMMANDS:
        module.register(sub, config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except CommlintError as exc:
        print(f"commlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: say so in one line, never a traceback
        print(
            f"commlint: internal error: {type(exc).__name__}: {exc} "
            "(please report this with the command you ran)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
