"""What every subcommand shares: exit codes, config discovery and option parsing.

Standard library only at import time (pydantic and spaCy load inside functions), so
`commlint --help`, usage errors and the quick `commlint hook --server` path stay fast.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from commlint.config_files import DEFAULT_GATE_TIMEOUT
from commlint.enums import MessageKind, Severity
from commlint.errors import ConfigError
from commlint.message_files import FORMATS, STDIN

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: the hook's imports are timed
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from commlint.config import Config

    N = TypeVar("N", int, float)

EXIT_OK, EXIT_FAILED, EXIT_ERROR, EXIT_INTERNAL = 0, 1, 2, 3


def csv_list(value: str) -> list[str]:
    """Parse a comma-separated option value."""
    return [part.strip() for part in value.split(",") if part.strip()]


def above_zero(kind: Callable[[str], N]) -> Callable[[str], N]:
    """An argparse `type` for a number that must be above 0."""

    def parse(value: str) -> N:
        number = kind(value)
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {value}")
        return number

    return parse


def config_parent() -> argparse.ArgumentParser:
    """A parent parser with `--config`, shared by the subcommands that read one."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--config", type=Path, help="config file (overrides discovery)")
    return parent


def message_options(parser: argparse.ArgumentParser) -> None:
    """The options of every subcommand that checks a message (`check`, `hook`, `sendmail`)."""
    parser.add_argument("--kind", choices=[k.value for k in MessageKind])
    parser.add_argument("--min-score", type=int, metavar="N", help="overall score to pass (70)")
    parser.add_argument(
        "--dimension-floor",
        type=int,
        metavar="N",
        help="score every dimension that applies must reach (50; config: dimension_floor)",
    )
    parser.add_argument(
        "--fail-on",
        choices=[*(s.value for s in Severity), "never"],
        help="revise a message with a finding of this severity or worse (error; config: fail_on)",
    )
    parser.add_argument("--select", type=csv_list, help="comma-separated rule ids or prefixes")
    parser.add_argument("--ignore", type=csv_list, help="comma-separated rule ids or prefixes")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the files (utf-8)")
    parser.add_argument(
        "--input-format",
        choices=["auto", *FORMATS],
        default="auto",
        help="how to read the input (auto: by file extension; stdin is text)",
    )


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
        "--server",
        metavar="URL",
        help="ask this `commlint serve` service instead of loading the pipeline here "
        "(config: server); checks locally when it is down",
    )
    parser.add_argument(
        "--timeout",
        type=above_zero(float),
        metavar="SECONDS",
        help=f"the longest a check may take; past it the policy applies "
        f"({DEFAULT_GATE_TIMEOUT:g}; config: gate_timeout)",
    )
    internal = parser.add_mutually_exclusive_group()
    internal.add_argument(
        "--fail-closed",
        dest="fail_open",
        action="store_false",
        default=False,
        help="if commlint itself fails or runs out of time, hold the message (default)",
    )
    internal.add_argument(
        "--fail-open",
        dest="fail_open",
        action="store_true",
        help="if commlint itself fails or runs out of time, let the message through",
    )


def with_options(settings: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """`settings` (a config table) with `--select`, `--ignore`, `--min-score`,
    `--dimension-floor` and `--fail-on` applied: `--ignore` adds to the configured list, the
    others replace."""
    update: dict[str, Any] = {}
    if getattr(args, "select", None) is not None:
        update["select"] = args.select
    if getattr(args, "ignore", None) is not None:
        configured = settings.get("ignore", [])  # not a list: left for validation to refuse
        update["ignore"] = (
            [*configured, *args.ignore] if isinstance(configured, list) else configured
        )
    if getattr(args, "min_score", None) is not None:
        update["min_score"] = args.min_score
    if getattr(args, "dimension_floor", None) is not None:
        update["dimension_floor"] = args.dimension_floor
    if getattr(args, "fail_on", None) is not None:
        update["fail_on"] = args.fail_on
    return {**settings, **update}


def with_overrides(config: Config, args: argparse.Namespace) -> Config:
    """The config with the command-line options applied (see `with_options`), validated."""
    from pydantic import ValidationError

    from commlint.config import Config

    settings = config.model_dump()
    merged = with_options(settings, args)
    if merged == settings:
        return config
    try:
        return Config.model_validate(merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        option = "--" + str(first["loc"][0]).replace("_", "-")
        raise ConfigError(f"{option}: {first['msg']}") from None


def config_start(source: str) -> Path:
    """Where config discovery starts for a message: its file, or the working directory for
    stdin."""
    return Path.cwd() if source == STDIN else Path(source)


def resolve_config(explicit: Path | None, near: Path) -> Config:
    """The explicit config file, else the nearest one above `near`, else the defaults."""
    from commlint.config import Config, load_config
    from commlint.config_files import find_config

    if explicit is not None:
        return load_config(explicit)
    found = find_config(near)
    return load_config(found) if found else Config()
