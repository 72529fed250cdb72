"""`commlint check`: lint files or stdin and print a report per message."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TYPE_CHECKING

from commlint.cli.common import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    config_start,
    message_options,
    resolve_config,
    with_overrides,
)
from commlint.errors import ConfigError, InputError
from commlint.extract import Extracted, extract
from commlint.message_files import STDIN, input_format, input_limit, read_input

if TYPE_CHECKING:
    from commlint.config import Config
    from commlint.linter import Linter
    from commlint.report import Report


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    check = sub.add_parser("check", parents=[config], help="check messages")
    check.add_argument("paths", nargs="*", default=[STDIN], help="files, or - for stdin")
    check.add_argument(
        "--format", choices=["text", "json", "html", "sarif", "github"], default="text"
    )
    message_options(check)
    check.set_defaults(run=run)


def read_extracted(path: str, config: Config, args: argparse.Namespace) -> Extracted:
    """Read a file (or stdin) within the size limit and extract its text."""
    fmt = input_format(path, args.input_format)
    data = read_input(path, limit=input_limit(fmt, config.max_chars))
    return extract(data, fmt, source=path, encoding=args.encoding)


def run(args: argparse.Namespace) -> int:
    from commlint.linter import Linter
    from commlint.reporters import github, html, jsonl, sarif, text

    if args.format == "html" and len(args.paths) != 1:
        raise ConfigError("--format html writes one page for one message; give one file")
    linters: dict[str, Linter] = {}
    status = EXIT_OK
    notes_shown = False
    checked: list[sarif.Checked] = []
    outcomes: list[tuple[str, Report | str]] = []  # for the GitHub job summary
    for path in args.paths:
        try:
            config = with_overrides(resolve_config(args.config, config_start(path)), args)
            key = config.model_dump_json()
            linter = linters.get(key) or linters.setdefault(key, Linter(config))
            message = read_extracted(path, config, args)
            report = linter.check(message, args.kind, source=path)
        except InputError as exc:
            print(f"commlint: error: {exc}", file=sys.stderr)
            outcomes.append((path, str(exc)))
            if args.format == "github":
                print(github.input_error(path, str(exc)))
            status = EXIT_ERROR
            continue
        outcomes.append((path, report))
        if args.format == "json":
            print(jsonl.format_report(report))
        elif args.format == "html":
            print(html.format_report(report, message.text, config), end="")
        elif args.format == "sarif":
            checked.append(sarif.Checked(report, message))
        elif args.format == "github":
            print("\n".join(github.format_report(report, message)))
        else:
            print("\n".join(text.format_report(report, "<stdin>" if path == STDIN else path)))
            if report.notes and not notes_shown:
                print("\n".join(text.format_notes(report.notes)), file=sys.stderr)
                notes_shown = True
        if not report.passed and status == EXIT_OK:
            status = EXIT_FAILED
    if args.format == "sarif":
        errors = [(path, why) for path, why in outcomes if isinstance(why, str)]
        rules = [rule for linter in linters.values() for rule in linter.rules]
        builtin = frozenset().union(*(sarif.builtin_ids(lt.ruleset) for lt in linters.values()))
        print(json.dumps(sarif.sarif_log(checked, rules, errors, builtin), indent=2))
    if args.format == "github" and (summary_file := os.environ.get("GITHUB_STEP_SUMMARY")):
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(github.step_summary(outcomes))
    return status
