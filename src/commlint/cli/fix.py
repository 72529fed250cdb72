"""`commlint fix FILE...`: apply the safe replacements, as a diff or (`--write`) in place.

Exit codes: 0 nothing to fix, or the fixes were written; 1 there are fixes (shown as a diff,
not written); 2 a file could not be read or written.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from commlint.cli.common import (
    EXIT_ERROR,
    EXIT_FAILED,
    EXIT_OK,
    message_options,
    resolve_config,
    with_overrides,
)
from commlint.errors import ConfigError, InputError
from commlint.message_files import STDIN, input_format, input_limit, read_input

if TYPE_CHECKING:
    from commlint.fixes import FixResult
    from commlint.linter import Linter


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    fix = sub.add_parser(
        "fix",
        parents=[config],
        help="apply the safe replacements (a diff; --write changes the files)",
    )
    fix.add_argument("paths", nargs="+", metavar="FILE", help="message files")
    fix.add_argument("--write", action="store_true", help="change the files in place")
    message_options(fix)
    fix.set_defaults(run=run)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the file's bytes in one step: a temporary file beside it, then `os.replace`."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, path.stat().st_mode & 0o7777)
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror or exc}", path=path) from None


def _diff(path: str, before: bytes, after: bytes) -> bytes:
    lines = difflib.diff_bytes(
        difflib.unified_diff,
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        path.encode(),
        path.encode(),
    )
    return b"".join(line if line.endswith(b"\n") else line + b"\n" for line in lines)


def _notes(path: str, result: FixResult) -> list[str]:
    notes = [f"{path}:{line}" for line in result.refused]
    notes += [
        f"{path}:{e.line}:{e.column}: {e.rule}: not fixed: it would bring a new finding"
        for e in result.dropped
    ]
    return list(dict.fromkeys(notes))


def run(args: argparse.Namespace) -> int:
    from commlint.fixes import fix_message
    from commlint.linter import Linter

    if STDIN in args.paths:
        raise ConfigError("commlint fix works on files, not stdin")
    linters: dict[str, Linter] = {}
    status = EXIT_OK
    for path in args.paths:
        try:
            config = with_overrides(resolve_config(args.config, Path(path)), args)
            key = config.model_dump_json()
            linter = linters.get(key) or linters.setdefault(key, Linter(config))
            fmt = input_format(path, args.input_format)
            data = read_input(path, limit=input_limit(fmt, config.max_chars))
            result = fix_message(
                linter, data, fmt, source=path, encoding=args.encoding, kind=args.kind
            )
            if args.write and result.applied:
                write_atomically(Path(path), result.data)
        except InputError as exc:
            print(f"commlint: error: {exc}", file=sys.stderr)
            status = EXIT_ERROR
            continue
        for note in _notes(path, result):
            print(note, file=sys.stderr)
        if args.write:
            if result.applied:
                fixed = len({(e.rule, e.line, e.column) for e in result.applied})
                print(f"{path}: fixed {fixed}", file=sys.stderr)
        elif result.applied:
            sys.stdout.buffer.write(_diff(path, data, result.data))
            sys.stdout.flush()
            status = EXIT_FAILED if status == EXIT_OK else status
    return status
