"""Input readers: stream the rows of an archive, one `Row` at a time, never the whole file.

Every record in the input becomes exactly one `Row`: a message to check, or an error that says
why the record cannot be read (bad encoding, bad JSON, missing text, wrong number of cells...).
A row is identified by its source and the line it starts on, which is what `--resume` skips.
"""

from __future__ import annotations

import codecs
import csv
import email
import email.policy
import io
import json
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any

from commlint.errors import InputError
from commlint.extract import Extracted, extract
from commlint.message_files import DEFAULT_MAX_CHARS, STDIN

FORMATS = ("csv", "jsonl", "eml", "mbox")
# A CSV field this large is a missing closing quote, not a message: stop reading that file
# rather than parse the rest of it out of step.
CSV_FIELD_LIMIT = 256 * 2**20
_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".eml": "eml", ".mbox": "mbox"}
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Columns:
    """Which fields hold the message, its id, its groups (team, author...) and its date.

    For `.eml` and mbox input these name headers; `id` and `date` default to `Message-ID`
    and `Date` there.
    """

    text: str = "text"
    id: str | None = None
    group: tuple[str, ...] = ()
    date: str | None = None


@dataclass(frozen=True)
class ReadOptions:
    columns: Columns = Columns()
    encoding: str = "utf-8"
    fallback_encoding: str | None = None
    max_chars: int = DEFAULT_MAX_CHARS


@dataclass(frozen=True)
class Row:
    """One input record: a message to check (`text`), or why it cannot be read (`error`)."""

    source: str
    line: int
    id: str | None = None
    text: str | None = None
    group: dict[str, str | None] = field(default_factory=dict)
    date: str | None = None
    date_raw: str | None = None
    error: str | None = None
    extracted: Extracted | None = None  # emails: the text with its quoted parts left out

    @property
    def key(self) -> tuple[str, int]:
        return self.source, self.line


class _RowError(Exception):
    """A record that cannot be read; becomes an error row, never stops the audit."""


def _iso_date(value: str) -> str | None:
    """ISO 8601 or RFC 2822 (email) dates; None when neither reads it."""
    value = value.strip()
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _decoded(value: str, options: ReadOptions, name: str) -> str:
    """Undo `surrogateescape`: use the fallback encoding for bytes the main one cannot read."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError as exc:
        raw = value.encode(options.encoding, "surrogateescape")
        if options.fallback_encoding:
            try:
                return raw.decode(options.fallback_encoding)
            except UnicodeDecodeError:
                pass
        byte = ord(value[exc.start]) - 0xDC00
        raise _RowError(
            f"{name!r} is not valid {options.encoding} (byte 0x{byte:02x}); "
            "pass --encoding, or --fallback-encoding for an archive of mixed encodings"
        ) from None


def _row(source: str, line: int, record: dict[str, Any], options: ReadOptions) -> Row:
    """Build a row from one record's fields, or an error row saying what is wrong with it."""
    columns = options.columns

    def get(name: str) -> str | None:
        value = record.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            value = json.dumps(value) if isinstance(value, dict | list) else str(value)
        return _decoded(value, options, name)

    ident: str | None = None
    try:
        ident = get(columns.id) if columns.id else None
        if not isinstance(record.get(columns.text), str):
            found = "no" if record.get(columns.text) is None else "a non-string"
            raise _RowError(f"{found} {columns.text!r} field")
        text = _decoded(record[columns.text], options, columns.text)
        group = {name: get(name) for name in columns.group}
        raw_date = get(columns.date) if columns.date else None
    except _RowError as exc:
        return Row(source, line, id=ident, error=str(exc))
    date = _iso_date(raw_date) if raw_date else None
    return Row(
        source,
        line,
        id=ident,
        text=text,
        group=group,
        date=date,
        date_raw=raw_date if raw_date and date is None else None,
    )


class Source(ABC):
    """One input: a file or stdin in one of `FORMATS`."""

    def __init__(self, path: str, fmt: str, options: ReadOptions) -> None:
        self.path = path
        self.fmt = fmt
        self.options = options

    def check(self) -> None:
        """Fail fast, before any work, on what makes the whole input unusable."""
        for encoding in (self.options.encoding, self.options.fallback_encoding):
            try:
                codecs.lookup(encoding or "utf-8")
            except LookupError:
                raise InputError(f"unknown encoding {encoding!r}", path=self.path) from None

    def count(self) -> int | None:
        """How many records there are, for the progress bar; None when unknown (stdin)."""
        return None

    @abstractmethod
    def rows(self) -> Iterator[Row]:
        """Every record, in order, as a row or an error row."""

    def _open(self) -> IO[bytes]:
        if self.path == STDIN:
            return sys.stdin.buffer
        try:
            return Path(self.path).open("rb")
        except FileNotFoundError:
            raise InputError("no such file", path=self.path) from None
        except IsADirectoryError:
            raise InputError(
                "is a folder; pass --format eml for a folder of .eml", path=self.path
            ) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", path=self.path) from None

    def _count_lines(self) -> int:
        """Lines, counting a last one without a newline (a truncated file has one)."""
        lines, last = 0, b"\n"
        with self._open() as handle:
            while chunk := handle.read(_CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
        return lines + (last != b"\n")


def _encoding(head: bytes, encoding: str) -> str:
    """A UTF-16 or UTF-8 byte-order mark wins over the given encoding."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return encoding


class CsvSource(Source):
    """A CSV file with a header row; quoted cells may span lines."""

    def _reader(self, handle: IO[bytes]) -> tuple[Any, list[str]]:
        head = handle.peek(4)[:4] if isinstance(handle, io.BufferedReader) else b""
        encoding = _encoding(head, self.options.encoding)
        text = io.TextIOWrapper(handle, encoding, errors="surrogateescape", newline="")
        csv.field_size_limit(CSV_FIELD_LIMIT)
        reader = csv.reader(text, strict=True)
        try:
            header = [_decoded(name, self.options, "header").strip() for name in next(reader)]
        except StopIteration:
            raise InputError("empty file: no header row", path=self.path) from None
        except (csv.Error, _RowError) as exc:
            raise InputError(f"cannot read the header row: {exc}", path=self.path, line=1) from None
        columns = self.options.columns
        wanted = [columns.text, columns.id, columns.date, *columns.group]
        missing = [name for name in wanted if name is not None and name not in header]
        if missing:
            raise InputError(
                f"no column {', '.join(map(repr, missing))} in the header "
                f"(it has {', '.join(map(repr, header))}); choose columns with --text, --id, "
                "--group and --date",
                path=self.path,
                line=1,
            )
        return reader, header

    def check(self) -> None:
        super().check()
        with self._open() as handle:
            self._reader(handle)

    def count(self) -> int | None:
        return sum(1 for _ in self.rows())  # records, not lines: cells may span lines

    def rows(self) -> Iterator[Row]:
        with self._open() as handle:
            reader, header = self._reader(handle)
            start = reader.line_num + 1
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield Row(self.path, start, error=f"bad CSV: {exc}")
                    if "field limit" in str(exc):
                        yield Row(
                            self.path,
                            reader.line_num + 1,
                            error="stopped reading this file: a cell over "
                            f"{CSV_FIELD_LIMIT:,} characters (probably a missing closing quote)",
                        )
                        return
                    start = reader.line_num + 1
                    continue
                if not cells:
                    yield Row(self.path, start, error="blank line, no record")
                elif len(cells) != len(header):
                    yield Row(
                        self.path,
                        start,
                        error=f"the row has {len(cells)} cells, the header has {len(header)}",
                    )
                else:
                    yield _row(
                        self.path, start, dict(zip(header, cells, strict=True)), self.options
                    )
                start = reader.line_num + 1


class JsonlSource(Source):
    """JSON Lines: one JSON object per line."""

    def count(self) -> int | None:
        return None if self.path == STDIN else self._count_lines()

    def rows(self) -> Iterator[Row]:
        limit = self.options.max_chars * 4 + 4096  # a longest message, JSON-escaped, and fields
        with self._open() as handle:
            number = 0
            while line := handle.readline(limit):
                number += 1
                if not line.endswith(b"\n") and len(line) == limit:
                    while (more := handle.readline(_CHUNK)) and not more.endswith(b"\n"):
                        pass
                    yield Row(self.path, number, error=f"line longer than {limit:,} bytes")
                    continue
                yield self._record(number, line)

    def _record(self, number: int, line: bytes) -> Row:
        if not line.strip():
            return Row(self.path, number, error="blank line, no record")
        try:
            text = line.decode(self.options.encoding, "surrogateescape")
            record = json.loads(_decoded(text, self.options, "line"))
        except _RowError as exc:
            return Row(self.path, number, error=str(exc))
        except json.JSONDecodeError as exc:
            ended = line.endswith(b"\n")
            reason = "bad JSON" if ended else "truncated JSON (the file ends mid-line)"
            return Row(self.path, number, error=f"{reason}: {exc.msg} (column {exc.colno})")
        if not isinstance(record, dict):
            return Row(self.path, number, error="not a JSON object")
        return _row(self.path, number, record, self.options)


def _email_headers(raw: bytes, options: ReadOptions) -> dict[str, Any]:
    """The headers named by the columns (id, date, groups), looked up case-insensitively."""
    message = BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
    columns = options.columns
    names = [name for name in (columns.id, columns.date, *columns.group) if name]
    return {name: str(message[name]) if message[name] is not None else None for name in names}


def _email_options(options: ReadOptions) -> ReadOptions:
    """Email fields are headers (matched case-insensitively); id and date have defaults."""
    columns = options.columns
    return ReadOptions(
        Columns(
            text=columns.text,
            id=columns.id or "Message-ID",
            group=columns.group,
            date=columns.date or "Date",
        ),
        options.encoding,
        options.fallback_encoding,
        options.max_chars,
    )


class EmlSource(Source):
    """A folder of `.eml` files (searched recursively, in name order), or one `.eml` file."""

    def _files(self) -> list[Path]:
        path = Path(self.path)
        if path.is_dir():
            return sorted(p for p in path.rglob("*.eml") if p.is_file())
        return [path]

    def check(self) -> None:
        super().check()
        if not Path(self.path).exists():
            raise InputError("no such file or folder", path=self.path)

    def count(self) -> int | None:
        return len(self._files())

    def rows(self) -> Iterator[Row]:
        options = _email_options(self.options)
        limit = self.options.max_chars * 4 + 65536  # a longest message plus its headers
        for path in self._files():
            try:
                with path.open("rb") as handle:
                    raw = handle.read(limit + 1)
            except OSError as exc:
                yield Row(str(path), 1, error=f"cannot read: {exc.strerror or exc}")
                continue
            if len(raw) > limit:
                yield Row(str(path), 1, error=f"larger than {limit:,} bytes")
                continue
            yield _email_row(str(path), 1, raw, options)


def _email_row(source: str, line: int, raw: bytes, options: ReadOptions) -> Row:
    """The body as `commlint.extract` sees it (quoted replies and signature left out)."""
    try:
        extracted = extract(raw, "eml", source=source, encoding=options.encoding)
        record = _email_headers(raw, options)
    except InputError as exc:
        return Row(source, line, error=exc.message)
    except Exception as exc:  # the email package raises many types on malformed mail
        return Row(source, line, error=f"cannot parse the email: {type(exc).__name__}: {exc}")
    record[options.columns.text] = extracted.text
    return replace(_row(source, line, record, options), extracted=extracted)


class MboxSource(Source):
    """An mbox file: messages start at lines beginning with `From ` after a blank line."""

    def count(self) -> int | None:
        with self._open() as handle:
            return sum(1 for _ in self._messages(handle, count_only=True))

    def _messages(
        self, handle: IO[bytes], *, count_only: bool = False
    ) -> Iterator[tuple[int, bytes | None]]:
        """(first line, message bytes or None when over the size limit) per message."""
        limit = self.options.max_chars * 4 + 65536
        start, size, parts, previous_blank = 0, 0, list[bytes](), True
        for number, line in enumerate(handle, start=1):
            if line.startswith(b"From ") and previous_blank:
                if start:
                    yield start, None if size > limit else b"".join(parts)
                start, size, parts = number, 0, []
            elif start:
                size += len(line)
                if not count_only and size <= limit:
                    parts.append(line)
            elif line.strip():
                start, size, parts = number, len(line), [] if count_only else [line]
            previous_blank = not line.strip()
        if start:
            yield start, None if size > limit else b"".join(parts)

    def rows(self) -> Iterator[Row]:
        options = _email_options(self.options)
        with self._open() as handle:
            for line, raw in self._messages(handle):
                if raw is None:
                    yield Row(self.path, line, error="message too large")
                else:
                    yield _email_row(self.path, line, raw, options)


_SOURCES: dict[str, type[Source]] = {
    "csv": CsvSource,
    "jsonl": JsonlSource,
    "eml": EmlSource,
    "mbox": MboxSource,
}


def guess_format(path: str) -> str:
    """The format from the name: stdin is JSONL, a folder holds `.eml` files."""
    if path == STDIN:
        return "jsonl"
    if Path(path).is_dir():
        return "eml"
    fmt = _SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(
            f"cannot tell the format from the name; pass --format ({', '.join(FORMATS)})",
            path=path,
        )
    return fmt


def open_source(path: str, fmt: str | None, options: ReadOptions) -> Source:
    """The reader for one input; `fmt` None guesses it from the name."""
    fmt = fmt or guess_format(path)
    if fmt != "jsonl" and path == STDIN:
        raise InputError(f"stdin is read as JSON Lines, not {fmt}; pass the file", path=path)
    return _SOURCES[fmt](path, fmt, options)
