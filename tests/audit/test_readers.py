"""Readers: every record of every input becomes exactly one row or one error row, never a crash."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commlint import InputError
from commlint.audit.readers import Columns, ReadOptions, Row, guess_format, open_source

OPTIONS = ReadOptions(Columns(text="body", id="ticket", group=("team",), date="sent"))


def read(path: Path, options: ReadOptions = OPTIONS, fmt: str | None = None) -> list[Row]:
    source = open_source(str(path), fmt, options)
    source.check()
    rows = list(source.rows())
    assert source.count() in (len(rows), None)
    return rows


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_readers_csv_columns_by_name(tmp_path: Path) -> None:
    path = write_bytes(
        tmp_path / "a.csv",
        b'sent,team,ticket,body\n2025-03-04T10:00,Desk,T-1,"Hi Ana,\nall fixed."\n'
        b"yesterday,Net,T-2,Done.\n",
    )
    first, second = read(path)
    assert first == Row(
        str(path),
        2,
        id="T-1",
        text="Hi Ana,\nall fixed.",
        group={"team": "Desk"},
        date="2025-03-04T10:00:00",
    )
    assert (second.line, second.date, second.date_raw) == (4, None, "yesterday")


@pytest.mark.parametrize(
    ("data", "lines", "reason"),
    [
        (b"ticket,team,sent,body\nT-1,Desk,2025-01-01,\n", [2], None),
        (b"ticket,team,sent,body\nT-1,Desk\n", [2], "the row has 2 cells, the header has 4"),
        (b"ticket,team,sent,body\n\nT-2,Desk,,ok\n", [2, 3], "blank line, no record"),
        (b'ticket,team,sent,body\nT-1,Desk,,"cut off\n', [2], "unexpected end of data"),
        (b'ticket,team,sent,body\nT-1,Desk,,"x" y\nT-2,D,,ok\n', [2, 3], "',' expected"),
        (b"ticket,team,sent,body\nT-1,Desk,,caf\xe9\n", [2], "not valid utf-8 (byte 0xe9)"),
    ],
)
def test_readers_csv_bad_rows(
    tmp_path: Path, data: bytes, lines: list[int], reason: str | None
) -> None:
    rows = read(write_bytes(tmp_path / "a.csv", data))
    assert [r.line for r in rows] == lines
    if reason is None:  # an empty message is the linter's to refuse, with its own reason
        assert rows[0].text == "" and rows[0].error is None
    else:
        assert reason in (rows[0].error or "")


def test_readers_csv_mixed_encodings_fallback(tmp_path: Path) -> None:
    path = write_bytes(
        tmp_path / "a.csv", "ticket,team,sent,body\nT-1,D,,café\n".encode() + b"T-2,D,,caf\xe9\n"
    )
    options = ReadOptions(OPTIONS.columns, fallback_encoding="cp1252")
    assert [r.text for r in read(path, options)] == ["café", "café"]


def test_readers_csv_utf16_with_bom(tmp_path: Path) -> None:
    path = write_bytes(
        tmp_path / "a.csv", "ticket,team,sent,body\r\nT-1,D,,Zoë\r\n".encode("utf-16")
    )
    assert [r.text for r in read(path)] == ["Zoë"]


def test_readers_csv_missing_column_is_one_clear_error(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "a.csv", b"ticket,team,message\nT-1,D,hi\n")
    with pytest.raises(InputError) as raised:
        open_source(str(path), None, OPTIONS).check()
    assert str(raised.value).startswith(f"{path}:1: no column 'body', 'sent' in the header")
    assert "--text" in str(raised.value)


def test_readers_csv_huge_cell_is_read_then_left_to_the_linter(tmp_path: Path) -> None:
    big = b"x" * (50 * 2**20)
    path = write_bytes(
        tmp_path / "a.csv", b"ticket,team,sent,body\nT-1,D,," + big + b"\nT-2,D,,ok\n"
    )
    rows = read(path)
    assert [len(r.text or "") for r in rows] == [len(big), 2]


def test_readers_jsonl(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"ticket": 7, "team": "Desk", "sent": "Tue, 04 Mar 2025 10:00:00 +0000", "body": "Hi"}
        ),
        "",
        json.dumps({"ticket": "T-2", "body": None}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"ticket": "T-4", "body": 42}),
        '{"ticket": "T-5", "body": "cut',
    ]
    rows = read(write_bytes(tmp_path / "a.jsonl", "\n".join(lines).encode()))
    assert rows[0] == Row(
        str(tmp_path / "a.jsonl"),
        1,
        id="7",
        text="Hi",
        group={"team": "Desk"},
        date="2025-03-04T10:00:00+00:00",
    )
    assert [(r.line, r.error) for r in rows[1:]] == [
        (2, "blank line, no record"),
        (3, "no 'body' field"),
        (4, "not a JSON object"),
        (5, "a non-string 'body' field"),
        (6, "truncated JSON (the file ends mid-line): Unterminated string starting at (column 27)"),
    ]


def test_readers_jsonl_overlong_line_is_skipped_in_pieces(tmp_path: Path) -> None:
    options = ReadOptions(OPTIONS.columns, max_chars=1000)
    huge = json.dumps({"body": "x" * 3_000_000})
    path = write_bytes(tmp_path / "a.jsonl", f'{huge}\n{{"body": "ok"}}\n'.encode())
    rows = read(path, options)
    assert [(r.line, r.text, (r.error or "")[:16]) for r in rows] == [
        (1, None, "line longer than"),
        (2, "ok", ""),
    ]


def test_readers_stdin_is_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b'{"body": "Hi there"}\n'))
    monkeypatch.setattr("sys.stdin", stdin)
    assert [(r.source, r.line, r.text) for r in read(Path("-"))] == [("-", 1, "Hi there")]
    with pytest.raises(InputError, match="stdin is read as JSON Lines"):
        open_source("-", "csv", OPTIONS)


EML = """\
From: Priya <priya@example.org>
To: Dana <dana@example.org>
Subject: Your laptop
Date: Tue, 04 Mar 2025 10:00:00 +0000
Message-ID: <{n}@example.org>
X-Team: Desk
Content-Type: text/plain; charset=utf-8

Hi Dana,

your laptop is ready{n}.
"""


def test_readers_eml_folder_uses_headers(tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.eml").write_text(EML.format(n=1))
    (folder / "sub" / "b.eml").write_text(EML.format(n=2))
    (folder / "c.eml").write_text("Content-Type: image/png\n\nnot text\n")
    options = ReadOptions(Columns(text="body", group=("X-Team",)))
    rows = read(folder, options)
    assert [(Path(r.source).name, r.id, r.error) for r in rows] == [
        ("a.eml", "<1@example.org>", None),
        ("c.eml", None, "no text/plain or text/html part to check"),
        ("b.eml", "<2@example.org>", None),
    ]
    assert (rows[0].group, rows[0].date) == ({"X-Team": "Desk"}, "2025-03-04T10:00:00+00:00")
    assert rows[2].extracted is not None and rows[2].text == rows[2].extracted.text
    assert (rows[2].text or "").startswith("Hi Dana,\n\nyour laptop is ready2.")


def test_readers_mbox(tmp_path: Path) -> None:
    mbox = "".join(
        f"From priya@example.org Tue Mar  4 10:00:00 2025\n{EML.format(n=n)}\n" for n in (1, 2)
    )
    rows = read(write_bytes(tmp_path / "a.mbox", mbox.encode()), ReadOptions(Columns(text="body")))
    assert [(r.line, r.id) for r in rows] == [(1, "<1@example.org>"), (14, "<2@example.org>")]
    assert (rows[1].text or "").startswith("Hi Dana,\n\nyour laptop is ready2.")


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.CSV", "csv"), ("a.ndjson", "jsonl"), ("a.mbox", "mbox"), ("-", "jsonl")]
)
def test_readers_guess_format(name: str, fmt: str) -> None:
    assert guess_format(name) == fmt


def test_readers_unknown_suffix() -> None:
    with pytest.raises(InputError, match="pass --format"):
        guess_format("archive.xlsx")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.binary(max_size=40), max_size=8), st.sampled_from(["csv", "jsonl"]))
def test_readers_any_bytes_never_crash(tmp_path: Path, records: list[bytes], fmt: str) -> None:
    """Whatever the bytes, each row is text or an error, on distinct lines in order."""
    header = b"ticket,team,sent,body\n" if fmt == "csv" else b""
    path = write_bytes(tmp_path / f"a.{fmt}", header + b"\n".join(records))
    rows = read(path)
    assert all((r.text is None) != (r.error is None) for r in rows)
    assert [r.line for r in rows] == sorted({r.line for r in rows})
