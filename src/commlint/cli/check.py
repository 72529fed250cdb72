"""`commlint check`: lint files, folders of them, or stdin and print a report per message."""

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
from commlint.message_files import (
    STDIN,
    SUFFIXES,
    input_format,
    input_limit,
    message_files,
    read_input,
)

if TYPE_CHECKING:
    from commlint.config import Config
    from commlint.linter import Linter
    from commlint.report import Report


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    check = sub.add_parser("check", parents=[config], help="check messages")
    check.add_argument(
        "paths",
        nargs="*",
        default=[STDIN],
        help="files, folders (their message files, hidden folders skipped), or - for stdin",
    )
    check.add_argument(
        "--format", choices=["text", "json", "html", "sarif", "github"], default="text"
    )
    check.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text format: print only the messages to revise (findings, why, score); "
        "the exit code is the same",
    )
    message_options(check)
    check.set_defaults(run=run)


def read_extracted(path: str, config: Config, args: argparse.Namespace) -> Extracted:
    """Read a file (or stdin) within the size limit and extract its text."""
    fmt = input_format(path, args.input_format)
    data = read_input(path, limit=input_limit(fmt, config.max_chars))
    return extract(data, fmt, source=path, encoding=args.encoding)


def expand(paths: list[str]) -> list[str | InputError]:
    """Each path, with a folder replaced by its message files (an error if it has none)."""
    expanded: list[str | InputError] = []
    for path in paths:
        if path == STDIN or not os.path.isdir(path):
            expanded.append(path)
        elif found := message_files(path):
            expanded += found
        else:
            kinds = ", ".join(SUFFIXES)
            expanded.append(InputError(f"folder with no message files ({kinds})", path=path))
    return expanded


def run(args: argparse.Namespace) -> int:
    from commlint.linter import Linter
    from commlint.reporters import github, html, jsonl, sarif, text

    if args.quiet and args.format != "text":
        raise ConfigError("--quiet is for the text format; other formats are for programs")
    paths = expand(args.paths)
    if args.format == "html" and len(paths) != 1:
        raise ConfigError("--format html writes one page for one message; give one file")
    linters: dict[str, Linter] = {}
    status = EXIT_OK
    notes_shown = args.quiet
    checked: list[sarif.Checked] = []
    outcomes: list[tuple[str, Report | str]] = []  # for the GitHub job summary
    for path in paths:
        try:
            if isinstance(path, InputError):  # a folder with no message files
                raise path
            config = with_overrides(resolve_config(args.config, config_start(path)), args)
            key = config.model_dump_json()
            linter = linters.get(key) or linters.setdefault(key, Linter(config))
            message = read_extracted(path, config, args)
            report = linter.check(message, args.kind, source=path)
        except InputError as exc:
            print(f"commlint: error: {exc}", file=sys.stderr)
            where = path if isinstance(path, str) else str(exc.path)
            outcomes.append((where, str(exc)))
            if args.format == "github":
                print(github.input_error(where, str(exc)))
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
        elif not (args.quiet and report.passed):
            name = "<stdin>" if path == STDIN else path
            print("\n".join(text.format_report(report, name, strengths=not args.quiet)))
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
    if args.quiet:
        print(tally(outcomes))
    return status


def tally(outcomes: list[tuple[str, Report | str]]) -> str:
    """`commlint: 3 messages checked: 2 to send, 1 to revise, 1 not read` (quiet mode's line)."""
    reports = [r for _, r in outcomes if not isinstance(r, str)]
    sent = sum(r.passed for r in reports)
    parts = [f"{sent} to send", f"{len(reports) - sent} to revise"]
    if errors := len(outcomes) - len(reports):
        parts.append(f"{errors} not read")
    noun = "message" if len(reports) == 1 else "messages"
    return f"commlint: {len(reports)} {noun} checked: {', '.join(parts)}"
