"""`commlint hook`: exit codes by policy, a summary on stderr, the input bytes untouched."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from commlint.cli import EXIT_ERROR, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, hook, main
from tests.integrations.conftest import GOOD, POOR, email_bytes

# CRLF, a BOM-less UTF-8 accent and no final newline: bytes a careless copy would change.
GOOD_BYTES = GOOD.replace("\n", "\r\n").replace("Priya", "Zo\u00eb").encode().rstrip()


def hook_run(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    data: bytes,
    *args: str,
) -> tuple[int, bytes, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code = main(["hook", *args])
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


@pytest.mark.parametrize(
    ("data", "args", "code", "passed_through"),
    [
        (GOOD_BYTES, [], EXIT_OK, True),
        (POOR.encode(), [], EXIT_FAILED, False),
        (POOR.encode(), ["--mode", "warn"], EXIT_OK, True),
        (
            POOR.encode(),
            ["--min-score", "0", "--dimension-floor", "0", "--fail-on", "never"],
            EXIT_OK,
            True,
        ),
        (GOOD_BYTES, ["--min-score", "100"], EXIT_FAILED, False),
        (email_bytes(GOOD), ["--input-format", "eml"], EXIT_OK, True),
        (email_bytes(POOR), ["--input-format", "eml"], EXIT_FAILED, False),
    ],
    ids=["good", "poor", "warn", "lenient", "strict", "good-eml", "poor-eml"],
)
def test_hook_policy_and_pass_through(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    data: bytes,
    args: list[str],
    code: int,
    passed_through: bool,
) -> None:
    status, out, err = hook_run(monkeypatch, capsysbinary, data, "--pass-through", *args)
    assert status == code, err
    assert out == (data if passed_through else b"")
    assert err.startswith("commlint: <stdin>: ")
    assert ("BLOCKED" in err) == (code == EXIT_FAILED)


def test_hook_summary_names_findings_and_exclusions(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    draft = POOR + "\n-- \nIT Desk\n"
    status, _, err = hook_run(monkeypatch, capsysbinary, draft.encode())
    assert status == EXIT_FAILED
    lines = err.splitlines()
    assert any(" tone.condescending [error] " in line for line in lines)
    assert any(line.startswith("  revise: tone.condescending [error] at") for line in lines)
    assert lines[-1] == f"  not checked: signature at line {draft.split(chr(10)).index('-- ') + 1}"


def test_hook_reads_a_file_by_its_extension(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = tmp_path / "reply.html"
    html = "<p>Hi Dana,</p><p><b>Obviously</b> you broke it. PER MY LAST EMAIL!!!</p>"
    page.write_text(html)
    before = page.read_bytes()
    status, out, err = hook_run(monkeypatch, capsysbinary, b"", str(page), "--pass-through")
    assert status == EXIT_FAILED and out == b""
    assert f"  1:{html.index('Obviously') + 1} tone.condescending" in err
    assert page.read_bytes() == before


@pytest.mark.parametrize(
    ("data", "args", "message"),
    [
        (b"", [], "empty message"),
        (b"> only\n> a quote\n", [], "only a quoted reply"),
        (b"", ["/nonexistent/draft.eml", "--fail-closed"], "no such file"),
        (
            b'Subject: x\nContent-Type: text/plain; charset="nope"\n\nHi\n',
            ["--input-format", "eml"],
            "is unknown",
        ),
    ],
    ids=["empty", "quote", "missing-file", "charset"],
)
def test_hook_input_errors_are_exit_2_whatever_the_policy(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    data: bytes,
    args: list[str],
    message: str,
) -> None:
    status, out, err = hook_run(monkeypatch, capsysbinary, data, "--pass-through", *args)
    assert status == EXIT_ERROR
    assert out == b""
    assert message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("policy", "code", "passed_through"),
    [
        ([], EXIT_INTERNAL, False),
        (["--fail-open"], EXIT_OK, True),
        (["--fail-closed"], EXIT_INTERNAL, False),
    ],
)
def test_hook_internal_errors_follow_the_policy(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    policy: list[str],
    code: int,
    passed_through: bool,
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError("rule engine fell over")

    monkeypatch.setattr(hook, "local_report", broken)
    status, out, err = hook_run(monkeypatch, capsysbinary, POOR.encode(), "--pass-through", *policy)
    assert status == code
    assert out == (POOR.encode() if passed_through else b"")
    assert "internal error: RuntimeError: rule engine fell over" in err


def test_hook_needs_no_spacy_to_start() -> None:
    code = "import sys, commlint.cli.hook, commlint.cli.sendmail, commlint.cli.install_hook;"
    code += "sys.exit('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_hook_summary_reads_a_report_from_an_earlier_service() -> None:
    """A service of schema 1 sends no band, reasons or `applies`: the summary still reads."""
    from commlint.cli.hook import summary

    dims = {
        d: {"score": 70} for d in ("plain_language", "empathy", "expectations", "options", "tone")
    }
    old = {"score": 58, "passed": False, "dimensions": dims, "findings": [], "excluded": []}
    (line,) = summary(old, "reply.txt", "BLOCKED")
    assert line.startswith("commlint: reply.txt: BLOCKED: score 58/100 · plain_language 70")
