"""`commlint check`: lint files or stdin and print a report per message."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from commlint.cli.common import EXIT_ERROR, EXIT_FAILED, EXIT_OK, csv_list, resolve_config
from commlint.config import Config
from commlint.errors import ConfigError, InputError
from commlint.extract.plain import STDIN, read_message
from commlint.report import MessageKind

if TYPE_CHECKING:
    from commlint.linter import Linter


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    check = sub.add_parser("check", parents=[config], help="check messages")
    check.add_argument("paths", nargs="*", default=[STDIN], help="files, or - for stdin")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--kind", choices=[k.value for k in MessageKind])
    check.add_argument("--min-score", type=int, metavar="N")
    check.add_argument("--select", type=csv_list, help="comma-separated rule ids or prefixes")
    check.add_argument("--ignore", type=csv_list, help="comma-separated rule ids or prefixes")
    check.add_argument("--encoding", default="utf-8", help="encoding of the files (utf-8)")
    check.set_defaults(run=run)


def with_overrides(config: Config, args: argparse.Namespace) -> Config:
    """Apply `--select`, `--ignore` and `--min-score` on top of the config file."""
    update: dict[str, object] = {}
    if getattr(args, "select", None) is not None:
        update["select"] = args.select
    if getattr(args, "ignore", None) is not None:
        update["ignore"] = [*config.ignore, *args.ignore]
    if getattr(args, "min_score", None) is not None:
        update["min_score"] = args.min_score
    if not update:
        return config
    try:
        return Config.model_validate({**config.model_dump(), **update})
    except ValidationError as exc:
        first = exc.errors()[0]
        option = "--" + str(first["loc"][0]).replace("_", "-")
        raise ConfigError(f"{option}: {first['msg']}") from None


def run(args: argparse.Namespace) -> int:
    from commlint.linter import Linter
    from commlint.reporters import jsonl, text

    linters: dict[str, Linter] = {}
    status = EXIT_OK
    notes_shown = False
    for path in args.paths:
        near = Path.cwd() if path == STDIN else Path(path)
        try:
            config = with_overrides(resolve_config(args.config, near), args)
            key = config.model_dump_json()
            linter = linters.get(key) or linters.setdefault(key, Linter(config))
            message = read_message(path, max_chars=config.max_chars, encoding=args.encoding)
            report = linter.check(message, args.kind, source=path)
        except InputError as exc:
            print(f"commlint: error: {exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        if args.format == "json":
            print(jsonl.format_report(report))
        else:
            print("\n".join(text.format_report(report, "<stdin>" if path == STDIN else path)))
            if report.notes and not notes_shown:
                print("\n".join(text.format_notes(report.notes)), file=sys.stderr)
                notes_shown = True
        if not report.passed and status == EXIT_OK:
            status = EXIT_FAILED
    return status
