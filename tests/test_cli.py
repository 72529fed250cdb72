"""The `commlint` command: output shape, exit codes, and bad input of every kind."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from commlint.cli import EXIT_ERROR, EXIT_FAILED, EXIT_OK, main
from tests.conftest import ROOT, write

POOR = ROOT / "examples" / "poor-draft.txt"
GOOD = ROOT / "examples" / "good-draft.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_text_output_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(POOR))
    assert code == EXIT_FAILED
    lines = out.splitlines()
    assert any(
        line.startswith(f"{POOR}:")
        and " tone.condescending [error] 'Obviously' reads as talking down; try removing it" in line
        for line in lines
    ), out
    assert lines[-1].startswith(f"{POOR}: score ")
    for dimension in ("plain_language", "empathy", "expectations", "options", "tone"):
        assert dimension in lines[-1]


def test_cli_good_draft_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(GOOD))
    assert code == EXIT_OK, out
    assert "[strength]" in out


def test_cli_json_validates_against_schema(capsys: pytest.CaptureFixture[str]) -> None:
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text())
    code, out, _ = run(capsys, "check", "--format", "json", str(POOR), str(GOOD))
    assert code == EXIT_FAILED
    reports = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in reports] == [str(POOR), str(GOOD)]
    for report in reports:
        jsonschema.validate(report, schema)


def test_cli_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = POOR.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "check", "-")
    assert code == EXIT_FAILED
    assert out.splitlines()[-1].startswith("<stdin>: score ")


def test_cli_options_override_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "check", "--select", "plain_language.jargon", "--min-score", "0", str(POOR)
    )
    assert code == EXIT_OK
    rules = {line.split()[1] for line in out.splitlines()[:-1]}
    assert rules == {"plain_language.jargon"}
    code, _, err = run(capsys, "check", "--select", "tone.nonsense", str(POOR))
    assert code == EXIT_ERROR and "no rule matches 'tone.nonsense'" in err


def test_cli_kind_applies_kind_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # not an outage ("we are looking into the email problem" is now taken for an incident update)
    draft = write(tmp_path / "d.txt", "Hi Ana,\nI am looking at your email settings.\nSam")
    _, out, _ = run(capsys, "check", "--kind", "incident_update", str(draft))
    assert "expectations.missing-timeline" in out and "(incident_update)" in out
    _, out, _ = run(capsys, "check", str(draft))
    assert "expectations.missing-timeline" not in out and "(general)" in out


def test_cli_rules_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == EXIT_OK and "tone.condescending" in out
    code, out, _ = run(capsys, "explain", "tone.condescending", "--format", "markdown")
    assert code == EXIT_OK
    assert "**What it flags.**" in out and "**Why it matters.**" in out and "**Better:**" in out
    code, _, err = run(capsys, "explain", "tone.nope")
    assert code == EXIT_ERROR and "no rule 'tone.nope'" in err


BAD_INPUTS = {
    "empty": (b"", "empty message"),
    "blank": (b"  \n\n ", "empty message"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    "latin-1": ("Hi Zoë,\nthe printer is fixed.".encode("latin-1"), "not valid utf-8"),
    "huge": (b"The server is fine. " * 262_144, "too large for one message"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_cli_bad_input_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    data, fragment = BAD_INPUTS[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    code, out, err = run(capsys, "check", str(path))
    assert code == EXIT_ERROR
    assert out == ""
    assert err.startswith(f"commlint: error: {path}")
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert path.read_bytes() == data  # the message is never changed


def test_cli_non_utf8_names_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Hi Ana,\nthe café printer works.".encode("latin-1"))
    _, _, err = run(capsys, "check", str(path))
    assert f"{path}:2:8: not valid utf-8 (byte 0xe9)" in err
    code, out, _ = run(capsys, "check", "--encoding", "latin-1", str(path))
    assert code in (EXIT_OK, EXIT_FAILED) and "score" in out


def test_cli_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "no/such/draft.txt")
    assert code == EXIT_ERROR and "no/such/draft.txt: no such file" in err


def test_cli_other_files_still_checked_after_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = write(tmp_path / "empty.txt", "")
    code, out, err = run(capsys, "check", str(empty), str(GOOD))
    assert code == EXIT_ERROR and "empty message" in err and f"{GOOD}: score" in out


def test_cli_broken_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write(tmp_path / ".commlint.toml", "min_score = 60\nfail_on = 'whenever'\n")
    draft = write(tmp_path / "draft.txt", "Hi Ana, the printer works.")
    code, _, err = run(capsys, "check", str(draft))
    assert code == EXIT_ERROR
    assert err.startswith(f"commlint: error: {config}:2: fail_on:")
    assert len(err.strip().splitlines()) == 1


def test_cli_broken_rule_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = write(
        tmp_path / "team-rules" / "tone" / "bad.yml", "id: tone.bad\nkind: phrase\nweight: lots\n"
    )
    config = write(tmp_path / "cfg.toml", "rule_dirs = ['team-rules']\n")
    code, _, err = run(capsys, "check", "--config", str(config), str(GOOD))
    assert code == EXIT_ERROR
    assert err.startswith(f"commlint: error: {rule}:")
    assert len(err.strip().splitlines()) == 1


def test_cli_usage_error_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check", "--kind", "memo", str(GOOD)])
    assert info.value.code == EXIT_ERROR


def test_cli_never_prints_a_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 10)
    before = hashlib.sha256(binary.read_bytes()).hexdigest()
    proc = subprocess.run(
        [sys.executable, "-m", "commlint", "check", str(binary)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == EXIT_ERROR
    assert "Traceback" not in proc.stderr and proc.stderr.count("\n") == 1
    assert hashlib.sha256(binary.read_bytes()).hexdigest() == before


def test_cli_console_skips_teardown_only_when_no_thread_can_be_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import commlint.cli as cli

    left: list[int] = []

    def leave(status: int) -> None:  # os._exit never returns
        left.append(status)
        raise SystemExit(status)

    monkeypatch.setattr(cli, "main", lambda: EXIT_FAILED)
    monkeypatch.setattr(cli.os, "_exit", leave)
    with pytest.raises(SystemExit) as usual:
        cli.console()  # pytest has imported threading: the usual exit, handlers and all
    assert usual.value.code == EXIT_FAILED and left == []
    monkeypatch.delitem(sys.modules, "threading")
    with pytest.raises(SystemExit):
        cli.console()
    assert left == [EXIT_FAILED]


def test_cli_console_exit_status_and_output_survive_the_quick_exit(tmp_path: Path) -> None:
    missing = tmp_path / "draft.txt"  # an input error, before any service or spaCy
    code = (
        "import atexit, runpy, sys\n"
        "atexit.register(print, 'teardown', file=sys.stderr)\n"  # skipped by the quick exit
        "sys.stderr.write('x' * 100_000)\n"  # more than a pipe holds unread
        "runpy.run_module('commlint', run_name='__main__')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "hook", "--server", "http://127.0.0.1:9", str(missing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == EXIT_ERROR
    assert result.stderr.startswith("x" * 100_000)
    assert result.stderr.endswith("\n") and "commlint: error:" in result.stderr
    assert str(missing) in result.stderr.splitlines()[-1]  # and no "teardown" after it


def test_cli_output_cut_short_by_its_reader_is_no_error() -> None:
    """`commlint check a b | head -1`: the closed pipe ends the run quietly, never as a bug."""
    proc = subprocess.run(
        f"{sys.executable} -m commlint check {POOR} {POOR} {POOR} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.stdout.count("\n") == 1
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_cli_check_takes_the_verdict_options(capsys: pytest.CaptureFixture[str]) -> None:
    lenient = ["--fail-on", "never", "--min-score", "0", "--dimension-floor", "0"]
    code, out, _ = run(capsys, "check", *lenient, str(POOR))
    assert code == EXIT_OK and " send (" in out.splitlines()[-1]
    code, out, _ = run(capsys, "check", "--fail-on", "never", str(POOR))
    assert code == EXIT_FAILED and "revise because: score" in out
