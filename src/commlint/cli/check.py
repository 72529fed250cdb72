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
from commlint.extract import FORMATS, Extracted, extract, format_for
from commlint.extract.eml import MAX_EMAIL_BYTES
from commlint.extract.plain import STDIN, byte_limit, read_input
from commlint.report import MessageKind

if TYPE_CHECKING:
    from commlint.linter import Linter


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    check = sub.add_parser("check", parents=[config], help="check messages")
    check.add_argument("paths", nargs="*", default=[STDIN], help="files, or - for stdin")
    check.add_argument("--format", choices=["text", "json", "html"], default="text")
    message_options(check)
    check.set_defaults(run=run)


def message_options(parser: argparse.ArgumentParser) -> None:
    """The options of every subcommand that checks a message (`check`, `hook`, `sendmail`)."""
    parser.add_argument("--kind", choices=[k.value for k in MessageKind])
    parser.add_argument("--min-score", type=int, metavar="N")
    parser.add_argument("--select", type=csv_list, help="comma-separated rule ids or prefixes")
    parser.add_argument("--ignore", type=csv_list, help="comma-separated rule ids or prefixes")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the files (utf-8)")
    parser.add_argument(
        "--input-format",
        choices=["auto", *FORMATS],
        default="auto",
        help="how to read the input (auto: by file extension; stdin is text)",
    )


def input_format(path: str, requested: str) -> str:
    """The format to read `path` as: `--input-format`, or by its extension for `auto`."""
    if requested != "auto":
        return requested
    return "text" if path == STDIN else format_for(path)


def read_limit(fmt: str, config: Config) -> int:
    """The most bytes to read: an email may carry attachments that are never checked."""
    return MAX_EMAIL_BYTES if fmt == "eml" else byte_limit(config.max_chars)


def read_extracted(path: str, config: Config, args: argparse.Namespace) -> Extracted:
    """Read a file (or stdin) within the size limit and extract its text."""
    fmt = input_format(path, args.input_format)
    data = read_input(path, limit=read_limit(fmt, config))
    return extract(data, fmt, source=path, encoding=args.encoding)


def with_overrides(config: Config, args: argparse.Namespace) -> Config:
    """Apply `--select`, `--ignore`, `--min-score` and `--fail-on` on top of the config file."""
    update: dict[str, object] = {}
    if getattr(args, "select", None) is not None:
        update["select"] = args.select
    if getattr(args, "ignore", None) is not None:
        update["ignore"] = [*config.ignore, *args.ignore]
    if getattr(args, "min_score", None) is not None:
        update["min_score"] = args.min_score
    if getattr(args, "fail_on", None) is not None:
        update["fail_on"] = args.fail_on
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
    from commlint.reporters import html, jsonl, text

    if args.format == "html" and len(args.paths) != 1:
        raise ConfigError("--format html writes one page for one message; give one file")
    linters: dict[str, Linter] = {}
    status = EXIT_OK
    notes_shown = False
    for path in args.paths:
        near = Path.cwd() if path == STDIN else Path(path)
        try:
            config = with_overrides(resolve_config(args.config, near), args)
            key = config.model_dump_json()
            linter = linters.get(key) or linters.setdefault(key, Linter(config))
            message = read_extracted(path, config, args)
            report = linter.check(message, args.kind, source=path)
        except InputError as exc:
            print(f"commlint: error: {exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        if args.format == "json":
            print(jsonl.format_report(report))
        elif args.format == "html":
            print(html.format_report(report, message.text), end="")
        else:
            print("\n".join(text.format_report(report, "<stdin>" if path == STDIN else path)))
            if report.notes and not notes_shown:
                print("\n".join(text.format_notes(report.notes)), file=sys.stderr)
                notes_shown = True
        if not report.passed and status == EXIT_OK:
            status = EXIT_FAILED
    return status
