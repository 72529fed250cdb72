"""Reading a message file: which format it is in, and its bytes within a size limit.

Standard library only, so the quick pre-send path (`commlint hook --server`) can read a
message without loading the extractors; `commlint.extract` turns the bytes into text.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath

from commlint.errors import InputError

STDIN = "-"
FORMATS = ("text", "markdown", "html", "eml")
SUFFIXES = {  # a file with any other extension, or none, is read as plain text
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".eml": "eml",
}
DEFAULT_MAX_CHARS = 200_000  # the longest message accepted unless `max_chars` says otherwise
# The most `max_chars` may be: far past any message, and a byte count every reader can take.
MAX_MAX_CHARS = 100_000_000
# The largest email read, attachments included: the common limit of mail services. Parsing
# MIME costs size x nesting depth (docs/reliability.md), so this bounds a check's time too.
MAX_EMAIL_BYTES = 25 * 2**20


def format_for(path: str | PurePath) -> str:
    """The format of a file by its extension; anything unknown is read as plain text."""
    return SUFFIXES.get(PurePath(path).suffix.lower(), "text")


def message_files(folder: str) -> list[str]:
    """The files under `folder` with a message file extension (`SUFFIXES`), in a stable order;
    hidden files and folders (a leading dot: `.git`, `.venv`) are skipped."""

    def refuse(exc: OSError) -> None:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=exc.filename) from None

    found = []
    for root, dirs, files in os.walk(folder, onerror=refuse):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [
            os.path.join(root, name)
            for name in sorted(files)
            if not name.startswith(".") and PurePath(name).suffix.lower() in SUFFIXES
        ]
    return found


def input_format(path: str, requested: str) -> str:
    """The format to read `path` as: `requested`, or by its extension for `auto`."""
    if requested != "auto":
        return requested
    return "text" if path == STDIN else format_for(path)


def byte_limit(max_chars: int) -> int:
    """The most bytes `max_chars` characters can take, plus a BOM."""
    return max_chars * 4 + 4


def input_limit(fmt: str, max_chars: int) -> int:
    """The most bytes to read: an email may carry attachments that are never checked."""
    return MAX_EMAIL_BYTES if fmt == "eml" else byte_limit(max_chars)


def read_input(path: str, *, limit: int) -> bytes:
    """The bytes of a file, or stdin for `-`, refusing more than `limit` of them."""
    try:
        if path == STDIN:
            raw = sys.stdin.buffer.read(limit + 1)
        else:
            with Path(path).open("rb") as handle:
                raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a message file", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from None
    if len(raw) > limit:
        raise InputError(
            f"too large for one message (over {limit:,} bytes; max_chars sets the limit)",
            path=path,
        )
    return raw
