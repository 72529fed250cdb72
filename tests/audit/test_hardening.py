"""Issue 20's audit items: lone surrogates, a locked output folder, a missing closing quote."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from commlint.audit.readers import Columns, ReadOptions, Row, open_source
from commlint.audit.store import ERRORS, LOCK, RESULTS
from commlint.cli import EXIT_ERROR, EXIT_OK, main

OPTIONS = ReadOptions(Columns(text="body", id="ticket"))
GOOD = "Hi Dana, your laptop is ready at the front desk. Thanks, Ana"


def rows(path: Path, options: ReadOptions = OPTIONS) -> list[Row]:
    source = open_source(str(path), None, options)
    source.check()
    return list(source.rows())


def jsonl(path: Path, *records: str) -> Path:
    """Lines written as given, so `\\ud800` stays a JSON escape in the file."""
    path.write_text("".join(f"{r}\n" for r in records), encoding="ascii")
    return path


def test_hardening_escaped_lone_surrogate_is_one_error_row_and_resume_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = jsonl(
        tmp_path / "a.jsonl",
        '{"ticket": "T-1", "body": "Hi \\ud800 there"}',
        '{"ticket": "T-\\ud800", "body": "Hi there"}',
        json.dumps({"ticket": "T-3", "body": GOOD}),
    )
    out = tmp_path / "out"
    args = ["audit", str(archive), "--text", "body", "--id", "ticket", "--jobs", "1"]
    assert main([*args, "--out", str(out)]) == EXIT_OK
    errors = [json.loads(line) for line in (out / ERRORS).read_text().splitlines()]
    assert [(e["line"], e["id"]) for e in errors] == [(1, "T-1"), (2, None)]
    assert "lone surrogate (\\ud800" in errors[0]["reason"]
    assert "'ticket' holds a lone surrogate" in errors[1]["reason"]
    assert len((out / RESULTS).read_text().splitlines()) == 1
    assert main([*args, "--out", str(out), "--resume"]) == EXIT_OK
    assert "0 in this run, 3 done before" in capsys.readouterr().err


@pytest.mark.parametrize("fallback", [None, "cp1252"])
def test_hardening_escaped_udcff_is_not_taken_for_a_byte(
    tmp_path: Path, fallback: str | None
) -> None:
    archive = jsonl(tmp_path / "a.jsonl", '{"body": "caf\\udcff"}')
    (row,) = rows(archive, ReadOptions(Columns(text="body"), fallback_encoding=fallback))
    assert row.text is None  # never "cafÿ"
    assert "lone surrogate (\\udcff" in (row.error or "") and "0xff" not in (row.error or "")


def test_hardening_real_bad_bytes_still_use_the_fallback(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(b'{"body": "caf\xe9"}\n')
    options = ReadOptions(Columns(text="body"), fallback_encoding="cp1252")
    assert [r.text for r in rows(tmp_path / "a.jsonl", options)] == ["café"]


def test_hardening_missing_closing_quote_does_not_swallow_records(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(
        b'ticket,body\nT-1,"Hi Ana, the VPN is back\nT-2,Your laptop is ready.\n'
        b'T-3,"Thanks, the printer works."\nT-4,Done.\n'
    )
    found = rows(path)
    assert [(r.line, r.id, r.error is None) for r in found] == [
        (2, None, False),
        (3, "T-2", True),
        (4, "T-3", True),
        (5, "T-4", True),
    ]
    assert "missing closing quote: lines 3-4 are read again" in (found[0].error or "")
    assert found[2].text == "Thanks, the printer works."


def test_hardening_quoted_cells_spanning_lines_are_untouched(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b'ticket,body\nT-1,"Hi Ana,\n\nfixed."\nT-2,Done.\n')
    assert [(r.line, r.text) for r in rows(path)] == [(2, "Hi Ana,\n\nfixed."), (5, "Done.")]


HOLD = """
import sys, time
from pathlib import Path
from commlint.audit.store import out_lock
with out_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(600)
"""


def test_hardening_two_audits_cannot_share_an_out_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = jsonl(tmp_path / "a.jsonl", json.dumps({"text": GOOD}))
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        args = ["audit", str(archive), "--out", str(out), "--jobs", "1"]
        assert main(args) == EXIT_ERROR
        err = capsys.readouterr().err.strip()
        assert f"is in use by another commlint audit (pid {holder.pid} on " in err
        assert len(err.splitlines()) == 1
        assert not (out / RESULTS).exists()
    finally:
        os.kill(holder.pid, signal.SIGKILL)  # a killed audit leaves its lock file behind
        holder.wait()
    assert (out / LOCK).exists()
    assert main(args) == EXIT_OK  # the left lock file is not held: the audit runs
    assert len((out / RESULTS).read_text().splitlines()) == 1
