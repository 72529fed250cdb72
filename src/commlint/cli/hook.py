"""`commlint hook`: the pre-send gate for one message.

Exit codes: 0 allow; 1 block (below the thresholds, or a finding at `--fail-on`; never with
`--mode warn`); 2 input, usage or config error; 3 internal error with `--fail-closed` (with the
default `--fail-open` an internal error allows the message, with a warning). The summary goes
to stderr; with `--pass-through` the exact input bytes go to stdout when the message is allowed.
The message itself is only read.

Nothing here imports spaCy at module level: `local_report` is the one place that lints, so a
client of a resident service can produce the report instead.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commlint.cli.check import input_format, message_options, read_limit, with_overrides
from commlint.cli.common import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, resolve_config
from commlint.config import Config
from commlint.errors import CommlintError
from commlint.extract import extract
from commlint.extract.plain import STDIN, read_input
from commlint.report import Dimension, Report, Severity

SHOWN = 8  # findings listed in the summary; the rest are counted


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    hook = sub.add_parser(
        "hook", parents=[config], help="gate one message before it is sent (exit 0 sends)"
    )
    hook.add_argument("path", nargs="?", default=STDIN, help="the message file, or - for stdin")
    policy_options(hook)
    hook.add_argument(
        "--pass-through",
        action="store_true",
        help="write the exact input bytes to stdout when the message is allowed",
    )
    hook.set_defaults(run=run)


def policy_options(parser: argparse.ArgumentParser) -> None:
    """The options of every gate (`hook`, `sendmail`): what to check and when to block."""
    message_options(parser)
    parser.add_argument(
        "--mode",
        choices=["block", "warn"],
        default="block",
        help="block a poor message (default), or only warn about it",
    )
    parser.add_argument(
        "--fail-on",
        choices=[*(s.value for s in Severity), "never"],
        help="block on a finding of this severity or worse (config: fail_on)",
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="ask this `commlint serve` service instead of loading the pipeline here "
        "(config: server); checks locally when it is down",
    )
    internal = parser.add_mutually_exclusive_group()
    internal.add_argument(
        "--fail-open",
        dest="fail_open",
        action="store_true",
        default=True,
        help="if commlint itself fails, let the message through (default)",
    )
    internal.add_argument(
        "--fail-closed",
        dest="fail_open",
        action="store_false",
        help="if commlint itself fails, stop the message",
    )


def local_report(
    data: bytes, fmt: str, source: str, config: Config, args: argparse.Namespace
) -> Report:
    """Lint in this process (loads spaCy and the rules)."""
    from commlint.linter import Linter

    message = extract(data, fmt, source=source, encoding=args.encoding)
    return Linter(config).check(message, args.kind)


def service_report(
    data: bytes, fmt: str, source: str, config: Config, args: argparse.Namespace
) -> Report | None:
    """The report from the resident service (`--server` or `server`), or None when none is
    set or it is down, so the caller checks locally. The service's config picks the rules;
    this config's thresholds give the verdict."""
    from commlint import client
    from commlint.scoring import passed

    server = args.server or config.server
    if not server:
        return None
    try:
        text = data.decode(args.encoding)
    except (UnicodeDecodeError, LookupError):
        return None  # the local check names the bad byte
    try:
        found = client.check(
            server,
            text,
            fmt=fmt,
            kind=args.kind,
            source=source,
            select=config.select,
            ignore=config.ignore,
        )
    except client.ServiceUnavailable as exc:
        print(f"commlint: warning: {exc}; checking here instead", file=sys.stderr)
        return None
    report = Report.model_validate(found)
    verdict = passed(
        report.score,
        report.dimensions,
        report.findings,
        min_score=config.min_score,
        min_dimension=config.min_dimension,
        fail_on=config.fail_on,
    )
    return report.model_copy(update={"passed": verdict})


def summary(report: Report, name: str, verdict: str) -> list[str]:
    """A few lines for a person about to press send: the verdict, then what to fix first."""
    worst = sorted(report.findings, key=lambda f: (-f.severity.rank, f.start))
    scores = " · ".join(f"{d.value} {getattr(report.dimensions, d.value).score}" for d in Dimension)
    lines = [f"commlint: {name}: {verdict}: score {report.score}/100 · {scores}"]
    lines += [
        f"  {f.line}:{f.column} {f.rule} [{f.severity.value}] {f.message}" for f in worst[:SHOWN]
    ]
    if len(worst) > SHOWN:
        lines.append(f"  ... and {len(worst) - SHOWN} more (commlint check shows them all)")
    if report.excluded:
        parts = ", ".join(f"{e.reason.replace('_', ' ')} at line {e.line}" for e in report.excluded)
        lines.append(f"  not checked: {parts}")
    return lines


def config_for(source: str, args: argparse.Namespace) -> Config:
    """The config file nearest the message (or the working directory), with the options."""
    near = Path.cwd() if source == STDIN else Path(source)
    return with_overrides(resolve_config(args.config, near), args)


def gate(data: bytes, source: str, fmt: str, config: Config, args: argparse.Namespace) -> int:
    """The verdict on one message, as an exit code; the summary goes to stderr.

    Input and config errors raise (`CommlintError`, exit 2 from `main`) whatever the policy:
    `--fail-open`/`--fail-closed` decide only what a bug in commlint does.
    """
    name = "<stdin>" if source == STDIN else source
    try:
        report = service_report(data, fmt, source, config, args) or local_report(
            data, fmt, source, config, args
        )
    except CommlintError:
        raise
    except Exception as exc:
        action = "letting the message through (--fail-open)"
        if not args.fail_open:
            action = "stopping the message (--fail-closed)"
        print(f"commlint: internal error: {type(exc).__name__}: {exc}; {action}", file=sys.stderr)
        return EXIT_OK if args.fail_open else EXIT_INTERNAL
    if report.passed:
        verdict, status = "ok", EXIT_OK
    elif args.mode == "warn":
        verdict, status = "below the bar (warning only)", EXIT_OK
    else:
        verdict, status = "BLOCKED", EXIT_FAILED
    print("\n".join(summary(report, name, verdict)), file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    fmt = input_format(args.path, args.input_format)
    config = config_for(args.path, args)
    data = read_input(args.path, limit=read_limit(fmt, config))
    status = gate(data, args.path, fmt, config, args)
    if status == EXIT_OK and args.pass_through:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return status
