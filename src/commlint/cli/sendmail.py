"""`commlint sendmail -- /usr/sbin/sendmail -oi -t`: a sendmail-compatible gate for mail clients.

It reads the RFC 822 message on stdin and checks it like `commlint hook`. If it passes, the
real command runs with the exact same bytes on its stdin and its exit code is returned; if not,
nothing is sent and the exit code is non-zero, so the mail client keeps the draft. Arguments the
client appends (mutt adds `-oi -- recipient`) go to the real command.
"""

from __future__ import annotations

import argparse
import subprocess

from commlint.cli.common import EXIT_OK, policy_options
from commlint.cli.hook import gate, settings_for
from commlint.errors import ConfigError
from commlint.message_files import MAX_EMAIL_BYTES, STDIN, read_input

USAGE = "give the sending command after --, e.g. commlint sendmail -- /usr/sbin/sendmail -oi -t"


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    sendmail = sub.add_parser(
        "sendmail",
        parents=[config],
        help="check a mail on stdin, then hand it to the real sendmail command",
    )
    policy_options(sendmail)
    sendmail.add_argument(
        "command", nargs=argparse.REMAINDER, help="-- then the sending command and its options"
    )
    sendmail.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        raise ConfigError(USAGE)
    settings = settings_for(STDIN, args)
    data = read_input(STDIN, limit=MAX_EMAIL_BYTES)
    status = gate(data, STDIN, "eml", settings, args)
    if status != EXIT_OK:
        return status
    try:
        return subprocess.run(command, input=data, check=False).returncode
    except OSError as exc:
        raise ConfigError(f"cannot run {command[0]!r}: {exc.strerror or exc}") from None
