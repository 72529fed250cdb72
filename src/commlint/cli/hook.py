"""`commlint hook`: the pre-send gate for one message.

Exit codes: 0 allow; 1 block (below the thresholds, or a finding at `--fail-on`; never with
`--mode warn`); 2 input, usage or config error, including a message that cannot be read (it is
held whatever the policy); 3 an internal error or the time limit, with the default
`--fail-closed` (with `--fail-open` the message goes through, with a warning). The summary goes
to stderr; with `--pass-through` the exact input bytes go to stdout when the message is allowed.
The message itself is only read.

Two paths. With a service (`--server`, or `server` in the config) the quick path reads the
message and the config table, sends both to the service, which validates the settings and
applies their thresholds, and prints the verdict from the JSON it answers: standard library
only, so the process costs little more than the check itself. Without a service, when it
cannot be reached, or when it refuses the request as invalid, `local_report` checks here
(loading pydantic, spaCy and the rules) in a child process killed at the time limit, and names
any problem in the input or the config file exactly. A service that times out or answers 5xx
is not asked again here: the same check would be as slow, so the policy applies.
"""

from __future__ import annotations

import argparse
import sys

from commlint import client
from commlint.cli.common import (
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_OK,
    config_start,
    policy_options,
    resolve_config,
    with_options,
    with_overrides,
)
from commlint.config_files import DEFAULT_GATE_TIMEOUT, find_config, read_section
from commlint.enums import Dimension, Severity
from commlint.errors import CommlintError, InputError
from commlint.message_files import (
    DEFAULT_MAX_CHARS,
    MAX_MAX_CHARS,
    STDIN,
    input_format,
    input_limit,
    read_input,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: the hook's imports are timed
if TYPE_CHECKING:
    from typing import Any

SHOWN = 8  # findings listed in the summary; the rest are counted
UNPROCESSABLE = 422


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


def settings_for(source: str, args: argparse.Namespace) -> dict[str, Any]:
    """The settings table of the config file for `source` (`--config`, else the nearest one),
    as written: `local_report` validates it, or the service does."""
    path = args.config or find_config(config_start(source))
    return read_section(path)[1] if path is not None else {}


def read_limit(fmt: str, settings: dict[str, Any]) -> int:
    """The most bytes to read, by the configured `max_chars` (validated later)."""
    max_chars = settings.get("max_chars")
    if not isinstance(max_chars, int) or max_chars <= 0:
        max_chars = DEFAULT_MAX_CHARS
    return input_limit(fmt, min(max_chars, MAX_MAX_CHARS))


class GateFailure(Exception):
    """The check could not give a verdict (a bug, the time limit, a busy service): the
    `--fail-closed`/`--fail-open` policy decides."""


def time_limit(settings: dict[str, Any], args: argparse.Namespace) -> float:
    """Seconds the check may take: `--timeout`, else `gate_timeout` from the config (a bad
    value is left for validation to name), else the default."""
    configured = settings.get("gate_timeout")
    if args.timeout is not None:
        return float(args.timeout)
    if isinstance(configured, bool) or not isinstance(configured, int | float):
        return DEFAULT_GATE_TIMEOUT
    return float(configured) if 0 < configured < float("inf") else DEFAULT_GATE_TIMEOUT


def service_report(
    data: bytes,
    fmt: str,
    source: str,
    settings: dict[str, Any],
    args: argparse.Namespace,
    seconds: float,
) -> dict[str, Any] | None:
    """The report from the service, or None to check locally: no server set, the service
    unreachable, or the request refused as invalid (the local check then says what is wrong).
    A service that timed out or answered 5xx raises `GateFailure`."""
    server = args.server or settings.get("server")
    if not isinstance(server, str) or not (args.server or server.startswith("http")):
        return None  # none set, or a bad configured value that validation will name
    try:
        text = data.decode(args.encoding)
    except (UnicodeDecodeError, LookupError):
        return None  # the local check names the bad byte
    try:
        return client.check(
            server,
            text,
            fmt=fmt,
            kind=args.kind,
            config=with_options(settings, args),
            timeout=seconds,
        )
    except client.ServiceUnavailable as exc:
        if exc.busy:
            raise GateFailure(str(exc)) from None
        print(f"commlint: warning: {exc}; checking here instead", file=sys.stderr)
        return None
    except client.ServiceError as exc:
        if exc.status == UNPROCESSABLE:
            return None
        raise


def local_report(data: bytes, fmt: str, source: str, args: argparse.Namespace) -> dict[str, Any]:
    """Lint in this process (loads pydantic, spaCy and the rules).

    Any failure to read the message is an `InputError`: a message the gate cannot read is
    held, never let through as if commlint had crashed.
    """
    from commlint.extract import extract
    from commlint.linter import Linter

    config = with_overrides(resolve_config(args.config, config_start(source)), args)
    try:
        message = extract(data, fmt, source=source, encoding=args.encoding)
    except CommlintError:
        raise
    except Exception as exc:
        problem = f"cannot read the message: {type(exc).__name__}: {exc}"
        raise InputError(problem.splitlines()[0], path=source) from None
    return Linter(config).check(message, args.kind).model_dump(mode="json")


def checked_here(
    data: bytes, fmt: str, source: str, args: argparse.Namespace, seconds: float
) -> dict[str, Any]:
    """`local_report` in a child process, killed past `seconds` (`GateFailure`)."""
    from commlint.cli.time_limit import ChildFailed, TimeLimitExceeded, call_with_time_limit

    try:
        return call_with_time_limit(lambda: local_report(data, fmt, source, args), seconds)
    except TimeLimitExceeded:
        raise GateFailure(f"the check took over {seconds:g} s (--timeout)") from None
    except ChildFailed as exc:
        raise GateFailure(str(exc)) from None


def summary(report: dict[str, Any], name: str, verdict: str) -> list[str]:
    """A few lines for a person about to press send: the verdict, then what to fix first."""
    worst = sorted(report["findings"], key=lambda f: (-Severity(f["severity"]).rank, f["start"]))
    # .get: a service of an earlier version (schema 1) sends no bands, reasons or `applies`
    scores = " · ".join(
        f"{d.value} {part['score'] if part.get('applies', True) else '-'}"
        for d in Dimension
        for part in [report["dimensions"][d.value]]
    )
    band = f" ({report['band']})" if "band" in report else ""
    lines = [f"commlint: {name}: {verdict}: score {report['score']}/100{band} · {scores}"]
    lines += [f"  revise: {reason}" for reason in report.get("reasons", [])]
    lines += [
        f"  {f['line']}:{f['column']} {f['rule']} [{f['severity']}] {f['message']}"
        for f in worst[:SHOWN]
    ]
    if len(worst) > SHOWN:
        lines.append(f"  ... and {len(worst) - SHOWN} more (commlint check shows them all)")
    if report["excluded"]:
        parts = ", ".join(
            f"{e['reason'].replace('_', ' ')} at line {e['line']}" for e in report["excluded"]
        )
        lines.append(f"  not checked: {parts}")
    return lines


def gate(
    data: bytes, source: str, fmt: str, settings: dict[str, Any], args: argparse.Namespace
) -> int:
    """The verdict on one message, as an exit code; the summary goes to stderr.

    Input and config errors, a message that cannot be read among them, raise
    (`CommlintError`, exit 2 from `main`) whatever the policy: `--fail-closed` (the default)
    and `--fail-open` decide what a bug in commlint, the time limit or a busy service does.
    """
    name = "<stdin>" if source == STDIN else source
    seconds = time_limit(settings, args)
    try:
        report = service_report(data, fmt, source, settings, args, seconds) or checked_here(
            data, fmt, source, args, seconds
        )
    except CommlintError:
        raise
    except Exception as exc:
        what = f"internal error: {type(exc).__name__}: {exc}"
        if isinstance(exc, GateFailure):
            what = f"{name}: no verdict: {exc}"
        action = "letting the message through (--fail-open)"
        if not args.fail_open:
            action = "holding the message (--fail-closed)"
        print(f"commlint: {what}; {action}", file=sys.stderr)
        return EXIT_OK if args.fail_open else EXIT_INTERNAL
    if report["passed"]:
        verdict, status = "ok", EXIT_OK
    elif args.mode == "warn":
        verdict, status = "below the bar (warning only)", EXIT_OK
    else:
        verdict, status = "BLOCKED", EXIT_FAILED
    print("\n".join(summary(report, name, verdict)), file=sys.stderr)
    return status


def run(args: argparse.Namespace) -> int:
    fmt = input_format(args.path, args.input_format)
    settings = settings_for(args.path, args)
    data = read_input(args.path, limit=read_limit(fmt, settings))
    status = gate(data, args.path, fmt, settings, args)
    if status == EXIT_OK and args.pass_through:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return status
