"""The `commlint` command: check, rules, explain.

Exit codes: 0 every message passed; 1 a message did not meet the thresholds or had a finding at
`fail_on`; 2 usage, config, rule or input error; 3 internal error (a bug in commlint).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from commlint import __version__
from commlint.config import Config, find_config, load_config
from commlint.errors import CommlintError, ConfigError, InputError
from commlint.extract.plain import STDIN, read_message
from commlint.linter import Linter
from commlint.report import MessageKind
from commlint.reporters import jsonl, text
from commlint.rules.docs import render_rule

EXIT_OK, EXIT_FAILED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def _csv(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commlint",
        description="Lint support messages before they are sent: plain language, empathy, "
        "expectations, options and tone.",
    )
    parser.add_argument("--version", action="version", version=f"commlint {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    config_arg = argparse.ArgumentParser(add_help=False)
    config_arg.add_argument("--config", type=Path, help="config file (overrides discovery)")

    check = sub.add_parser("check", parents=[config_arg], help="check messages")
    check.add_argument("paths", nargs="*", default=[STDIN], help="files, or - for stdin")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--kind", choices=[k.value for k in MessageKind])
    check.add_argument("--min-score", type=int, metavar="N")
    check.add_argument("--select", type=_csv, help="comma-separated rule ids or prefixes")
    check.add_argument("--ignore", type=_csv, help="comma-separated rule ids or prefixes")
    check.add_argument("--encoding", default="utf-8", help="encoding of the files (utf-8)")

    rules = sub.add_parser("rules", parents=[config_arg], help="list the rules")
    rules.add_argument("--format", choices=["text", "json"], default="text")

    explain = sub.add_parser("explain", parents=[config_arg], help="show a rule's documentation")
    explain.add_argument("rule", help="rule id, e.g. tone.condescending")
    return parser


def _config(explicit: Path | None, near: Path) -> Config:
    if explicit is not None:
        return load_config(explicit)
    found = find_config(near)
    return load_config(found) if found else Config()


def _with_overrides(config: Config, args: argparse.Namespace) -> Config:
    update: dict[str, object] = {}
    if args.select is not None:
        update["select"] = args.select
    if args.ignore is not None:
        update["ignore"] = [*config.ignore, *args.ignore]
    if args.min_score is not None:
        update["min_score"] = args.min_score
    if not update:
        return config
    try:
        return Config.model_validate({**config.model_dump(), **update})
    except ValidationError as exc:
        first = exc.errors()[0]
        option = "--" + str(first["loc"][0]).replace("_", "-")
        raise ConfigError(f"{option}: {first['msg']}") from None


def _check(args: argparse.Namespace) -> int:
    linters: dict[str, Linter] = {}
    status = EXIT_OK
    notes_shown = False
    for path in args.paths:
        near = Path.cwd() if path == STDIN else Path(path)
        try:
            config = _with_overrides(_config(args.config, near), args)
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


def _rules(args: argparse.Namespace) -> int:
    linter = Linter(_config(args.config, Path.cwd()))
    if args.format == "json":
        rows = [
            {
                "id": r.id,
                "kind": getattr(r, "kind", ""),
                "polarity": r.polarity.value,
                "severity": r.severity.value,
                "weight": r.weight,
                "description": r.description,
            }
            for r in linter.rules
        ]
        print(json.dumps(rows, indent=2))
    else:
        for rule in linter.rules:
            kind = getattr(rule, "kind", "")
            print(f"{rule.id:40} {kind:10} {rule.polarity.value:8} {rule.description}")
        for line in text.format_notes(linter.notes):
            print(line)
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    linter = Linter(_config(args.config, Path.cwd()))
    rule = linter.ruleset.rules.get(args.rule)
    if rule is None:
        print(f"commlint: error: no rule {args.rule!r}; see `commlint rules`", file=sys.stderr)
        return EXIT_ERROR
    print(render_rule(rule))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands = {"check": _check, "rules": _rules, "explain": _explain}
    try:
        return commands[args.command](args)
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
