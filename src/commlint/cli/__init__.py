"""The `commlint` command. Each subcommand is a module here with a `register` function.

Exit codes: 0 every message can be sent; 1 a message is to revise (below the thresholds, or a
finding at `fail_on`); 2 usage, config, rule or input error; 3 internal error (a bug in
commlint); 141 the reader of the output stopped early (`| head`).

Only the module of the command being run is imported (all of them for `--help` or a
mistyped command), and subcommand modules import spaCy and the Linter only inside their `run`
functions, so `commlint --help`, usage errors and `commlint hook --server` stay quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from commlint import __version__
from commlint.cli.common import EXIT_ERROR, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, config_parent
from commlint.errors import CommlintError

EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE, as shell tools end when their reader goes away

__all__ = ["EXIT_ERROR", "EXIT_FAILED", "EXIT_INTERNAL", "EXIT_OK", "console", "main"]

# command -> the module in this package whose `register(sub, config_parent)` adds it
SUBCOMMANDS = {
    "check": "check",
    "rules": "rules",
    "explain": "rules",
    "serve": "serve",
    "audit": "audit",
    "hook": "hook",
    "sendmail": "sendmail",
    "install-hook": "install_hook",
    "fix": "fix",
    "lsp": "lsp",
}


def _parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commlint",
        description="Lint support messages before they are sent: plain language, empathy, "
        "expectations, options and tone.",
    )
    parser.add_argument("--version", action="version", version=f"commlint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    config = config_parent()
    wanted = [SUBCOMMANDS[argv[0]]] if argv and argv[0] in SUBCOMMANDS else SUBCOMMANDS.values()
    for name in dict.fromkeys(wanted):
        import_module(f"commlint.cli.{name}").register(sub, config)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser(argv).parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except CommlintError as exc:
        print(f"commlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader of our output stopped early (`| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush
        return EXIT_PIPE_CLOSED
    except Exception as exc:  # a bug: say so in one line, never a traceback
        from commlint.extras import missing_extra

        if (missing := missing_extra(exc, f"commlint {args.command}")) is not None:
            print(f"commlint: error: {missing}", file=sys.stderr)  # an extra not installed
            return EXIT_ERROR
        print(
            f"commlint: internal error: {type(exc).__name__}: {exc} "
            "(please report this with the command you ran)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def console() -> None:
    """The `commlint` command and `python -m commlint`: run `main`, then exit with its status.

    A run that never imported `threading` (the hook's quick path, `--help`, a usage error) has
    no threads, child processes or exit handlers to wait for, so once its output is flushed it
    leaves without the interpreter's teardown, which would add about 6 ms to every hook
    (docs/performance.md). Any other run (spaCy, the service, audits) exits the usual way.
    """
    status = main()
    if "threading" in sys.modules:
        sys.exit(status)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: the usual exit deals with it
        sys.exit(status)
    os._exit(status)


if __name__ == "__main__":
    console()
