"""The audit run: every input row ends up exactly once in results or errors, across kills."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from commlint import Linter, MessageKind, Report
from commlint.audit.readers import Row
from commlint.audit.runner import Checker, result_line
from commlint.audit.store import ERRORS, REPORT, RESULTS, SUMMARY
from commlint.cli import EXIT_ERROR, EXIT_OK, main
from commlint.extract import Extracted
from commlint.scoring_profile import scoring_profile
from tests.conftest import ROOT

REPLIES = [
    "Hi Dana,\n\nyour laptop is ready at the front desk. I'm here until 5 pm today.\n\nBest,\nAna",
    "The VPN is fixed. We apologize for any inconvenience.",
    "Obviously you need to restart first. We will get back to you ASAP.",
    "Hello Ravi, thanks for the screenshots. The printer works again; if it jams, call me.",
]


def keys(out: Path) -> list[tuple[str, int]]:
    found = []
    for name in (RESULTS, ERRORS):
        path = out / name
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        found += [(r["source"], r["line"]) for r in map(json.loads, lines)]
    return found


def archive(path: Path, rows: int, *, bad: bool = True) -> list[tuple[str, int]]:
    """A CSV of replies (some of them bad); returns the key (source, line) of every record."""
    records = []
    for n in range(rows):
        buffer = io.StringIO()
        csv.writer(buffer).writerow([f"T-{n}", ["Desk", "Network"][n % 2], REPLIES[n % 4]])
        records.append(buffer.getvalue().encode())
    if bad:
        records += [
            b"T-empty,Desk,\n",  # an empty message
            b"T-short,Desk\n",  # a row cut short
            b"T-latin,Desk,caf\xe9 is open\n",  # not UTF-8
            b"T-nul,Desk,a\x00b\n",  # binary
            b"T-huge,Desk," + b"word " * 50_000 + b"\n",  # over max_chars
        ]
    path.write_bytes(b"ticket,team,body\n" + b"".join(records))
    starts = [2]
    for record in records[:-1]:
        starts.append(starts[-1] + record.count(b"\n"))
    return [(str(path), n) for n in starts]


def audit(*args: str) -> int:
    return main(["audit", "--text", "body", "--id", "ticket", "--group", "team", *args])


def test_runner_every_row_once_with_reasons(tmp_path: Path) -> None:
    expected = archive(tmp_path / "a.csv", 6)
    out = tmp_path / "out"
    assert audit(str(tmp_path / "a.csv"), "--out", str(out), "--jobs", "1") == EXIT_OK
    assert sorted(keys(out)) == sorted(expected)
    errors = {e["id"]: e["reason"] for e in map(json.loads, (out / ERRORS).open())}
    assert errors == {
        "T-empty": "empty message: nothing to check",
        None: "the row has 2 cells, the header has 3",
        "T-latin": errors["T-latin"],
        "T-nul": "binary data (NUL characters), not a text message",
        "T-huge": errors["T-huge"],
    }
    assert "not valid utf-8 (byte 0xe9)" in errors["T-latin"]
    assert errors["T-huge"].startswith("too large for one message (250,000 characters")
    result = json.loads((out / RESULTS).open().readline())
    assert result["id"] == "T-0" and result["group"] == {"team": "Desk"}
    assert result["text"] == REPLIES[0]
    assert set(result["dimensions"]) == {
        "plain_language",
        "empathy",
        "expectations",
        "options",
        "tone",
    }
    for result in map(json.loads, (out / RESULTS).open(encoding="utf-8")):
        assert result["verdict"] in ("send", "revise")
        assert result["passed"] is (result["verdict"] == "send")
        assert bool(result["reasons"]) is (result["verdict"] == "revise")
        assert result["band"] == scoring_profile().band(result["score"]).value
    assert (out / SUMMARY).exists() and (out / REPORT).exists()


def test_runner_result_row_carries_the_verdict(linter: Linter) -> None:
    """Verdict, band and reasons as the report has them; a dimension that does not apply to the
    message's kind is null, so it counts in no average."""
    report = linter.check(REPLIES[2])
    options = report.dimensions.options.model_copy(update={"applies": False, "weight": 0.0})
    report = report.model_copy(
        update={"dimensions": report.dimensions.model_copy(update={"options": options})}
    )
    row = json.loads(result_line(Row("a.csv", 7, "T-7", REPLIES[2], {"team": "Desk"}), report))
    assert (row["score"], row["band"], row["verdict"], row["passed"]) == (
        report.score,
        report.band.value,
        report.verdict.value,
        report.passed,
    )
    assert row["reasons"] == report.reasons
    assert row["dimensions"]["options"] is None
    assert row["dimensions"]["tone"] == report.dimensions.tone.score


def test_runner_out_dir_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive(tmp_path / "a.csv", 2, bad=False)
    out = str(tmp_path / "out")
    assert audit(str(tmp_path / "a.csv"), "--out", out, "--jobs", "1") == EXIT_OK
    capsys.readouterr()
    assert audit(str(tmp_path / "a.csv"), "--out", out, "--jobs", "1") == EXIT_ERROR
    assert "already holds an audit; pass --resume" in capsys.readouterr().err
    assert (
        audit(str(tmp_path / "a.csv"), "--out", out, "--resume", "--kind", "refusal") == EXIT_ERROR
    )
    assert "was audited with other options (kind differ)" in capsys.readouterr().err


def test_runner_missing_column_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive(tmp_path / "a.csv", 2, bad=False)
    code = main(["audit", str(tmp_path / "a.csv"), "--out", str(tmp_path / "o"), "--text", "msg"])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert err.startswith(f"commlint: error: {tmp_path / 'a.csv'}:1: no column 'msg'")
    assert len(err.splitlines()) == 1


def test_runner_resume_cuts_a_partial_line(tmp_path: Path) -> None:
    expected = archive(tmp_path / "a.csv", 5)
    out = tmp_path / "out"
    assert audit(str(tmp_path / "a.csv"), "--out", str(out), "--jobs", "1") == EXIT_OK
    results = (out / RESULTS).read_text(encoding="utf-8").splitlines(keepends=True)
    # as if killed while writing the fourth result
    (out / RESULTS).write_text("".join(results[:3]) + results[3][:40], encoding="utf-8")
    assert audit(str(tmp_path / "a.csv"), "--out", str(out), "--jobs", "1", "--resume") == EXIT_OK
    assert sorted(keys(out)) == sorted(expected)


def _children(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_runner_killed_audit_resumes(tmp_path: Path) -> None:
    """A real `commlint audit` with two workers is SIGKILLed part-way, then resumed."""
    expected = archive(tmp_path / "a.csv", 100)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "commlint",
        "audit",
        str(tmp_path / "a.csv"),
        "--out",
        str(out),
    ]
    command += ["--text", "body", "--id", "ticket", "--group", "team", "--jobs", "2"]
    command += ["--batch-size", "8"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    results = out / RESULTS
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if results.exists() and results.read_bytes().count(b"\n") >= 32:
            break
        time.sleep(0.05)
    workers = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait()
    _, alive = psutil.wait_procs(workers, timeout=20)  # orphaned workers exit on their own
    alive = [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]
    for worker in alive:
        os.kill(worker.pid, signal.SIGKILL)
    assert not alive
    done = keys(out)
    assert 32 <= len(done) < len(expected), "the audit was not killed part-way"
    assert len(done) == len(set(done))

    assert audit(str(tmp_path / "a.csv"), "--out", str(out), "--jobs", "1", "--resume") == EXIT_OK
    assert sorted(keys(out)) == sorted(expected)


def test_runner_jsonl_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [json.dumps({"body": text, "ticket": f"S-{n}"}) for n, text in enumerate(REPLIES)]
    stdin = tmp_path / "in.jsonl"
    stdin.write_text("\n".join([*lines, "{oops"]) + "\n", encoding="utf-8")
    with stdin.open(encoding="utf-8") as handle:
        monkeypatch.setattr("sys.stdin", handle)
        assert audit("-", "--out", str(tmp_path / "out"), "--jobs", "1") == EXIT_OK
    assert sorted(keys(tmp_path / "out")) == [("-", n) for n in range(1, 6)]
    assert "4 messages checked" in capsys.readouterr().err


def test_runner_eml_folder(tmp_path: Path) -> None:
    mail = tmp_path / "mail"
    mail.mkdir()
    for n, body in enumerate([REPLIES[0], REPLIES[2]]):
        headers = f"From: ana@example.org\nMessage-ID: <{n}@example.org>\nX-Team: Desk\n"
        (mail / f"{n}.eml").write_text(f"{headers}Subject: Laptop\n\n{body}\n", encoding="utf-8")
    (mail / "broken.eml").write_bytes(b"Content-Type: image/png\n\n\x89PNG")
    out = tmp_path / "out"
    assert main(["audit", str(mail), "--out", str(out), "--group", "X-Team", "--jobs", "1"]) == 0
    results = [json.loads(line) for line in (out / RESULTS).open(encoding="utf-8")]
    assert [(r["id"], r["group"]) for r in results] == [
        ("<0@example.org>", {"X-Team": "Desk"}),
        ("<1@example.org>", {"X-Team": "Desk"}),
    ]
    assert any(f["rule"] == "tone.condescending" and f["line"] == 6 for f in results[1]["findings"])
    assert [e["source"] for e in map(json.loads, (out / ERRORS).open())] == [
        str(mail / "broken.eml")
    ]


def test_runner_a_row_that_breaks_the_linter_is_an_error(
    linter: Linter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing batch is checked row by row, so only the row that breaks is lost to errors."""
    real_check = linter.check

    def check(message: str | Extracted, kind: MessageKind | str | None = None) -> Report:
        if "boom" in str(message):
            raise RuntimeError("boom")
        return real_check(message, kind)

    def check_many(messages: list[str], **_: object) -> list[Report]:
        raise RuntimeError("the batch failed")

    monkeypatch.setattr(linter, "check", check)
    monkeypatch.setattr(linter, "check_many", check_many)
    rows = [Row("a", 1, text=REPLIES[0]), Row("a", 2, text="boom"), Row("a", 3, text=" ")]
    outcomes = Checker(linter, None, 8).check(rows)
    assert [(error, json.loads(line).get("reason")) for error, line in outcomes] == [
        (False, None),
        (True, "internal error: RuntimeError: boom (please report it)"),
        (True, "empty message: nothing to check"),
    ]
