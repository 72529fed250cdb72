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
import glob
import io
import json
import sys
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from itertools import islice
from pathlib import Path
from typing import IO, Any

from commlint.errors import InputError
from commlint.extract import Extracted, extract
from commlint.extract.plain import lone_surrogate
from commlint.message_files import DEFAULT_MAX_CHARS, STDIN

FORMATS = ("csv", "jsonl", "eml", "mbox", "parquet")
# A CSV field this large is a missing closing quote, not a message: stop reading that file
# rather than parse the rest of it out of step.
CSV_FIELD_LIMIT = 256 * 2**20
_SUFFIXES = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".eml": "eml",
    ".mbox": "mbox",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_CHUNK = 1 << 20
# A bad record spanning more lines than this is reported, not read again line by line.
_REREAD_LINES = 100_000


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


def _lone_surrogate(value: str, name: str) -> _RowError:
    at = lone_surrogate(value) or 0
    return _RowError(
        f"{name!r} holds a lone surrogate (\\u{ord(value[at]):04x} at character {at + 1}), "
        "which is not text"
    )


def _decoded(value: str, options: ReadOptions, name: str, *, escaped: bool = True) -> str:
    """Undo `surrogateescape`: use the fallback encoding for bytes the main one cannot read.

    `escaped` says the surrogates in `value` stand for bytes the decoder could not read (CSV
    cells, JSON lines as bytes); otherwise (values parsed from JSON, Parquet) a surrogate came
    from an escape such as `\\ud800` and is never text.
    """
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError as exc:
        if not escaped:
            raise _lone_surrogate(value, name) from None
        try:
            raw = value.encode(options.encoding, "surrogateescape")
        except UnicodeEncodeError:
            raise _lone_surrogate(value, name) from None
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


def _row(
    source: str, line: int, record: dict[str, Any], options: ReadOptions, *, escaped: bool = True
) -> Row:
    """Build a row from one record's fields, or an error row saying what is wrong with it
    (`escaped`: as for `_decoded`)."""
    columns = options.columns

    def get(name: str) -> str | None:
        value = record.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            value = json.dumps(value) if isinstance(value, dict | list) else str(value)
        return _decoded(value, options, name, escaped=escaped)

    ident: str | None = None
    try:
        ident = get(columns.id) if columns.id else None
        if not isinstance(record.get(columns.text), str):
            found = "no" if record.get(columns.text) is None else "a non-string"
            raise _RowError(f"{found} {columns.text!r} field")
        text = _decoded(record[columns.text], options, columns.text, escaped=escaped)
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


@dataclass(frozen=True)
class Part:
    """A slice of one input that a worker can read by itself (`Source.part_rows`)."""

    number: int  # its place among the input's parts
    start: int  # where it starts: a byte offset (CSV, JSONL), a row (Parquet), a file (.eml)
    line: int  # the `Row.line` of its first record
    count: int | None  # how many records it holds; None: all of them


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

    def parts(self, size: int) -> list[Part]:
        """The input cut into parts of `size` records each; one part where it cannot be cut."""
        return [Part(0, 0, 1, None)]

    def part_rows(self, part: Part) -> Iterator[Row]:
        """The rows of one of `parts()`, reading only that part of the input."""
        return self.rows()

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


def _cut(starts: list[tuple[int, int]], total: int, size: int) -> list[Part]:
    """Parts from the (start, line) of every `size`-th record and the number of records."""
    return [
        Part(n, start, line, min(size, total - n * size)) for n, (start, line) in enumerate(starts)
    ]


def _encoding(head: bytes, encoding: str) -> str:
    """A UTF-16 or UTF-8 byte-order mark wins over the given encoding."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return encoding


Line = tuple[str, int, int]  # a line of text, its number, the byte offset it starts at


class _Lines:
    """The lines csv.reader reads, numbered and with their byte offsets; the lines of the record
    being read are kept so that they can be read again (after a missing closing quote)."""

    def __init__(self, text: IO[str], encoding: str | None, line: int, offset: int) -> None:
        self._text = text
        self._encoding = encoding  # None: byte offsets unknown (UTF-16)
        self._again: deque[Line] = deque()
        self._next = (line, offset)
        self.record: list[Line] = []
        self.kept = True  # whether `record` holds every line of the record

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            item = self._again.popleft()
        else:
            text = self._text.readline()
            if not text:
                raise StopIteration
            line, offset = self._next
            size = len(text.encode(self._encoding, "surrogateescape")) if self._encoding else 0
            item, self._next = (text, line, offset), (line + 1, offset + size)
        if self.kept and len(self.record) < _REREAD_LINES:
            self.record.append(item)
        else:
            self.kept = False
        return item[0]

    @property
    def position(self) -> tuple[int, int]:
        """The number and byte offset of the next line."""
        return self._again[0][1:] if self._again else self._next

    def begin(self) -> None:
        """A new record starts."""
        self.record, self.kept = [], True

    def reread(self) -> bool:
        """Read the record's lines after its first again; False when they were not all kept."""
        if self.kept:
            self._again.extendleft(reversed(self.record[1:]))
        return self.kept


class CsvSource(Source):
    """A CSV file with a header row; quoted cells may span lines."""

    def _start(self, handle: IO[bytes], part: Part | None) -> tuple[Any, _Lines, list[str]]:
        """The csv reader at the first record (of `part`), its lines and the header."""
        head = handle.peek(4)[:4] if isinstance(handle, io.BufferedReader) else b""
        encoding = _encoding(head, self.options.encoding)
        sized = {"utf-16": None, "utf-8-sig": "utf-8"}.get(encoding, encoding)
        line, offset = 1, len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0
        header: list[str] | None = None
        if part is not None:
            with self._open() as other:
                header = self._start(other, None)[2]
            handle.seek(part.start)
            line, offset, encoding = part.line, part.start, sized or encoding
        text = io.TextIOWrapper(handle, encoding, errors="surrogateescape", newline="")
        lines = _Lines(text, sized, line, offset)
        csv.field_size_limit(CSV_FIELD_LIMIT)
        reader = csv.reader(lines, strict=True)
        return reader, lines, header or self._header(reader)

    def _header(self, reader: Any) -> list[str]:
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
        return header

    def check(self) -> None:
        super().check()
        with self._open() as handle:
            self._start(handle, None)

    def count(self) -> int | None:
        return sum(1 for _ in self.rows())  # records, not lines: cells may span lines

    def rows(self) -> Iterator[Row]:
        return (row for _, row in self._records(None))

    def parts(self, size: int) -> list[Part]:
        with self._open() as handle:
            head = handle.peek(4)[:4] if isinstance(handle, io.BufferedReader) else b""
        if self.path == STDIN or _encoding(head, self.options.encoding) == "utf-16":
            return super().parts(size)
        starts, total = [], 0
        for offset, row in self._records(None):
            if total % size == 0:
                starts.append((offset, row.line))
            total += 1
        return _cut(starts, total, size)

    def part_rows(self, part: Part) -> Iterator[Row]:
        return (row for _, row in self._records(part if part.count is not None else None))

    def _records(self, part: Part | None) -> Iterator[tuple[int, Row]]:
        """(byte offset, row) of each record, from the start or of one part."""
        with self._open() as handle:
            reader, lines, header = self._start(handle, part)
            done = 0
            while part is None or done < (part.count or 0):
                lines.begin()
                start, offset = lines.position
                done += 1
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    if "field limit" in str(exc):
                        yield (
                            offset,
                            Row(
                                self.path,
                                start,
                                error=f"bad CSV: {exc}; stopped reading this file: a cell over "
                                f"{CSV_FIELD_LIMIT:,} characters (a missing closing quote?)",
                            ),
                        )
                        return
                    yield (
                        offset,
                        Row(self.path, start, error=self._broken(f"bad CSV: {exc}", lines)),
                    )
                    continue
                if not cells:
                    yield offset, Row(self.path, start, error="blank line, no record")
                elif len(cells) != len(header):
                    reason = f"the row has {len(cells)} cells, the header has {len(header)}"
                    yield offset, Row(self.path, start, error=self._broken(reason, lines))
                else:
                    record = dict(zip(header, cells, strict=True))
                    yield offset, _row(self.path, start, record, self.options)

    @staticmethod
    def _broken(reason: str, lines: _Lines) -> str:
        """The reason a record is bad; when it spans lines, as a quoted cell missing its closing
        quote makes it, its other lines are read again as records rather than lost."""
        first, last = lines.record[0][1], lines.position[0] - 1
        if last <= first:
            return reason
        if lines.reread():
            return (
                f"{reason}; the record runs on to line {last}, as after a missing closing "
                f"quote: lines {first + 1}-{last} are read again as records"
            )
        return (
            f"{reason}; the record runs on to line {last}, as after a missing closing quote: "
            f"lines {first + 1}-{last} are skipped"
        )


class JsonlSource(Source):
    """JSON Lines: one JSON object per line."""

    def count(self) -> int | None:
        return None if self.path == STDIN else self._count_lines()

    def rows(self) -> Iterator[Row]:
        with self._open() as handle:
            for number, _, line in self._lines(handle, 1, 0):
                yield self._line_row(number, line)

    def parts(self, size: int) -> list[Part]:
        if self.path == STDIN:
            return super().parts(size)
        starts, total = [], 0
        with self._open() as handle:
            for number, offset, _ in self._lines(handle, 1, 0):
                if total % size == 0:
                    starts.append((offset, number))
                total += 1
        return _cut(starts, total, size)

    def part_rows(self, part: Part) -> Iterator[Row]:
        if part.count is None:
            yield from self.rows()
            return
        with self._open() as handle:
            handle.seek(part.start)
            for number, _, line in islice(self._lines(handle, part.line, part.start), part.count):
                yield self._line_row(number, line)

    def _lines(
        self, handle: IO[bytes], number: int, offset: int
    ) -> Iterator[tuple[int, int, bytes | None]]:
        """(number, byte offset, bytes) of each line; None for a line too long to be a record,
        which is skipped in pieces without reading it into memory."""
        limit = self.options.max_chars * 4 + 4096  # a longest message, JSON-escaped, and fields
        while line := handle.readline(limit):
            size = len(line)
            if not line.endswith(b"\n") and size == limit:
                while more := handle.readline(_CHUNK):
                    size += len(more)
                    if more.endswith(b"\n"):
                        break
                yield number, offset, None
            else:
                yield number, offset, line
            number, offset = number + 1, offset + size

    def _line_row(self, number: int, line: bytes | None) -> Row:
        if line is None:
            limit = self.options.max_chars * 4 + 4096
            return Row(self.path, number, error=f"line longer than {limit:,} bytes")
        return self._record(number, line)

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
        return _row(self.path, number, record, self.options, escaped=False)


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
        return self._rows(self._files())

    def parts(self, size: int) -> list[Part]:
        files = len(self._files())
        return _cut([(n, 1) for n in range(0, files, size)], files, size)

    def part_rows(self, part: Part) -> Iterator[Row]:
        files = self._files()
        return self._rows(files if part.count is None else files[part.start :][: part.count])

    def _rows(self, files: list[Path]) -> Iterator[Row]:
        options = _email_options(self.options)
        limit = self.options.max_chars * 4 + 65536  # a longest message plus its headers
        for path in files:
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


def pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet
    except ImportError:
        raise InputError(
            "reading or writing Parquet needs pyarrow: pip install 'commlint[dask]'"
        ) from None
    return pyarrow.parquet


class ParquetSource(Source):
    """A Parquet file; a row's `line` is its row number in the file, from 1."""

    def _file(self) -> Any:
        parquet = pyarrow_parquet()
        try:
            return parquet.ParquetFile(self.path)
        except FileNotFoundError:
            raise InputError("no such file", path=self.path) from None
        except Exception as exc:  # pyarrow raises OSError or ArrowInvalid on a broken file
            raise InputError(f"cannot read as Parquet: {exc}", path=self.path) from None

    def _columns(self, names: list[str]) -> list[str]:
        columns = self.options.columns
        wanted = list(
            dict.fromkeys(
                c for c in (columns.text, columns.id, columns.date, *columns.group) if c is not None
            )
        )
        missing = [name for name in wanted if name not in names]
        if missing:
            raise InputError(
                f"no column {', '.join(map(repr, missing))} (it has "
                f"{', '.join(map(repr, names))}); choose columns with --text, --id, --group and "
                "--date",
                path=self.path,
            )
        return wanted

    def check(self) -> None:
        super().check()
        self._columns(self._file().schema_arrow.names)

    def count(self) -> int | None:
        return int(self._file().metadata.num_rows)

    def rows(self) -> Iterator[Row]:
        return self._rows(0, None)

    def parts(self, size: int) -> list[Part]:
        total = self.count() or 0
        return _cut([(n, n + 1) for n in range(0, total, size)], total, size)

    def part_rows(self, part: Part) -> Iterator[Row]:
        return self._rows(part.start, part.count)

    def _rows(self, start: int, count: int | None) -> Iterator[Row]:
        """Rows `start` to `start + count`, reading only the row groups that hold them."""
        file = self._file()
        metadata = file.metadata
        end = metadata.num_rows if count is None else start + count
        groups: list[int] = []
        first = row = 0
        for group in range(metadata.num_row_groups):
            size = metadata.row_group(group).num_rows
            if row + size > start and row < end:
                first = first if groups else row
                groups.append(group)
            row += size
        if not groups:
            return
        columns, index = self._columns(file.schema_arrow.names), first
        for batch in file.iter_batches(batch_size=1024, row_groups=groups, columns=columns):
            for record in batch.to_pylist():
                if index >= end:
                    return
                if index >= start:
                    yield _row(self.path, index + 1, record, self.options, escaped=False)
                index += 1


_SOURCES: dict[str, type[Source]] = {
    "csv": CsvSource,
    "jsonl": JsonlSource,
    "eml": EmlSource,
    "mbox": MboxSource,
    "parquet": ParquetSource,
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


def _folder(path: str, fmt: str | None) -> list[str]:
    """A folder of data files as its files, in name order; a folder of `.eml` as itself."""
    if fmt == "eml":
        return [path]
    wanted = {suffix for suffix, f in _SUFFIXES.items() if f != "eml" and fmt in (None, f)}
    files = sorted(str(p) for p in Path(path).rglob("*") if p.suffix.lower() in wanted)
    if not files:
        return [path]
    if any(p.is_file() for p in Path(path).rglob("*.eml")):
        raise InputError(
            "holds both .eml files and data files: pass them as separate inputs", path=path
        )
    return [name for name in files if Path(name).is_file()]


def expand_inputs(inputs: list[str], fmt: str | None) -> list[str]:
    """The files to read: a glob (`data/*.parquet`, `**` for any depth) as the files it matches
    and a folder of data files as its CSV, JSONL, Parquet and mbox files, in name order; a
    folder of `.eml` files stays one input."""
    paths: list[str] = []
    for given in inputs:
        if given != STDIN and not Path(given).exists() and any(c in given for c in "*?["):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                raise InputError("matches no file", path=given)
        else:
            matches = [given]
        for match in matches:
            paths += _folder(match, fmt) if Path(match).is_dir() else [match]
    return paths


def open_source(path: str, fmt: str | None, options: ReadOptions) -> Source:
    """The reader for one input; `fmt` None guesses it from the name."""
    fmt = fmt or guess_format(path)
    if fmt != "jsonl" and path == STDIN:
        raise InputError(f"stdin is read as JSON Lines, not {fmt}; pass the file", path=path)
    return _SOURCES[fmt](path, fmt, options)
