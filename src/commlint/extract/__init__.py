"""Text in: turn a message's bytes (plain text, Markdown, HTML or email) into checkable text.

`extract(data, fmt)` returns an `Extracted`: the text to score, the parts left out (quoted
replies, signatures, code blocks) and, for every character, where it was in the input, so
findings report the line and column of the original file.

The message is only ever read; nothing here (or anywhere in commlint) writes to it.
"""

from __future__ import annotations

from collections.abc import Callable

from commlint.errors import InputError
from commlint.extract import eml, html, markdown, plain
from commlint.extract.base import Draft, Extracted, assemble
from commlint.extract.markdown import CODE
from commlint.extract.plain import read_message, validate_text
from commlint.extract.quotes import QUOTED, SIGNATURE, find_quotes, merge, uncovered
from commlint.message_files import FORMATS, SUFFIXES, format_for

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "Extracted",
    "extract",
    "format_for",
    "read_message",
    "validate_text",
]

_EXTRACTORS: dict[str, Callable[[bytes, str | None, str], Draft]] = {
    "text": plain.extract,
    "markdown": markdown.extract,
    "html": html.extract,
    "eml": eml.extract,
}
_WHAT = {QUOTED: "a quoted reply", SIGNATURE: "a signature", CODE: "code"}


def extract(
    data: bytes, fmt: str, *, source: str | None = None, encoding: str = "utf-8"
) -> Extracted:
    """Extract the text to check from a message in format `fmt` (one of `FORMATS`).

    Raises `InputError` for undecodable or malformed input, and for a message with nothing of
    its own to check (empty, or only a quoted reply and signature).
    """
    if fmt not in _EXTRACTORS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    draft = _EXTRACTORS[fmt](data, source, encoding)
    body = draft.text[: draft.body]
    if not body.strip():
        raise InputError(
            "empty body: nothing to check" if fmt == "eml" else "empty message: nothing to check",
            path=source,
        )
    regions = merge([*draft.regions, *find_quotes(body)], draft.text)
    if not uncovered(body, regions).strip():
        parts = " and ".join(_WHAT[reason] for reason in sorted({r[2] for r in regions}))
        raise InputError(f"nothing to check: the message is only {parts}", path=source)
    return assemble(draft, regions, fmt, source)
