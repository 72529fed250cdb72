"""Plain-text messages: decode bytes safely and refuse what is not one message of text."""

from __future__ import annotations

import codecs
from array import array

from commlint.errors import InputError
from commlint.extract.base import Draft
from commlint.message_files import byte_limit, read_input

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte column of a byte offset."""
    line = raw.count(b"\n", 0, offset) + 1
    return line, offset - (raw.rfind(b"\n", 0, offset) + 1) + 1


def decode(raw: bytes, source: str, encoding: str = "utf-8") -> str:
    """Decode a message; a byte-order mark wins over `encoding`."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding = name
            break
    else:
        if b"\x00" in raw[:8192]:
            raise InputError("binary file (it contains NUL bytes), not a text message", path=source)
    try:
        return raw.decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=source) from None
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        raise InputError(
            f"not valid {encoding} (byte 0x{raw[exc.start]:02x}); "
            "save the file as UTF-8 or pass --encoding",
            path=source,
            line=line,
            column=column,
        ) from None


def validate_text(text: str, max_chars: int, source: str | None = None) -> str:
    """Refuse an empty, binary or oversized message; return it unchanged otherwise."""
    if not text.strip():
        raise InputError("empty message: nothing to check", path=source)
    if len(text) > max_chars:
        raise InputError(
            f"too large for one message ({len(text):,} characters; the limit is "
            f"{max_chars:,}, set max_chars to change it)",
            path=source,
        )
    if "\x00" in text:
        raise InputError("binary data (NUL characters), not a text message", path=source)
    at = lone_surrogate(text)
    if at is not None:
        raise InputError(
            f"not Unicode text (a lone surrogate U+{ord(text[at]):04X}); "
            "decode the message with a real encoding",
            path=source,
            line=text.count("\n", 0, at) + 1,
            column=at - (text.rfind("\n", 0, at) + 1) + 1,
        )
    return text


def lone_surrogate(text: str) -> int | None:
    """Where the first lone surrogate is (`"\\udcff"`, from a bad escape or `surrogateescape`
    decoding): not Unicode text, and no encoder takes it. None when there is none."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def read_message(path: str, *, max_chars: int, encoding: str = "utf-8") -> str:
    """Read a message from a file, or stdin for `-`, without reading past the size limit."""
    raw = read_input(path, limit=byte_limit(max_chars))
    return validate_text(decode(raw, path, encoding), max_chars, path)


def extract(data: bytes, source: str | None, encoding: str) -> Draft:
    """A plain-text message: the text is the whole input."""
    text = decode(data, source or "<input>", encoding)
    return Draft(text, array("q", range(len(text) + 1)), [], text, len(text))
