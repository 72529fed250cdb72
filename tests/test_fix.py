"""Safe fixes (`commlint.fixes`) and `commlint fix`: byte-exact edits, the re-check, the CLI."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from commlint import Linter
from commlint.cli import main
from commlint.fixes import Source, apply, fix_message, snippet_edit

FILES = Path(__file__).parent / "fix_files"


def replaced(data: bytes, *pairs: tuple[bytes, bytes, int]) -> bytes:
    """`data` with the `nth` occurrence of each `old` replaced by `new`."""
    for old, new, nth in pairs:
        at = -1
        for _ in range(nth):
            at = data.index(old, at + 1)
        data = data[:at] + new + data[at + len(old) :]
    return data


EML_FIXED = (
    (b"Subject: ur laptop", b"Subject: your laptop", 1),  # the writer's own Subject
    (b"can u restart ur laptop pls so", b"can you restart your laptop please so", 1),
    (b"In order to keep", b"To keep", 1),
)
MD_FIXED = ((b"Can u restart ur laptop pls so", b"Can you restart your laptop please so", 1),)


def test_fix_eml_is_byte_exact_outside_the_fixed_spans(linter: Linter) -> None:
    """CRLF, a folded header, UTF-8 in an 8bit part, trailing spaces, the quoted reply and the
    quoted-printable HTML part all stay as they were; the ASCII Subject is fixed in place."""
    data = (FILES / "reply.eml").read_bytes()
    result = fix_message(linter, data, "eml", source="reply.eml")
    assert result.data == replaced(data, *EML_FIXED)
    assert not result.dropped and not result.refused


def test_fix_markdown_is_byte_exact_outside_the_fixed_spans(linter: Linter) -> None:
    """Inline code, a code block, a quote, a link URL and the hard break are left alone."""
    data = (FILES / "macro.md").read_bytes()
    result = fix_message(linter, data, "markdown", source="macro.md")
    assert result.data == replaced(data, *MD_FIXED)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "Hi Dana,\n\nObviously, the VPN must be on first.\n",
            "Hi Dana,\n\nThe VPN must be on first.\n",
        ),
        (
            "Hi Dana,\n\nPLEASE DO NOT restart the server.\n",
            "Hi Dana,\n\nPlease do not restart the server.\n",
        ),
        ("Hi Dana,\n\nThe printer works again lol.\n", "Hi Dana,\n\nThe printer works again.\n"),
        ("Hi Dana,\n\nYou can, of course, print again.\n", "Hi Dana,\n\nYou can print again.\n"),
        (
            "\ufeffHi Dana,\r\n\r\nThe café printer works, thx.\r\n",
            "\ufeffHi Dana,\r\n\r\nThe café printer works, thanks.\r\n",
        ),
    ],
)
def test_fix_plain_text_replacements(linter: Linter, before: str, after: str) -> None:
    result = fix_message(linter, before.encode("utf-8"), "text")
    assert result.data.decode("utf-8") == after


def test_fix_drops_a_fix_that_brings_a_new_finding(linter: Linter) -> None:
    """'Can u restart' -> 'Can you restart' is a request with no reason: a new finding."""
    data = b"Hi Dana,\n\nCan u restart ur laptop pls?\n"
    result = fix_message(linter, data, "text")
    assert [(e.rule, e.text) for e in result.dropped] == [("tone.chatspeak", "you")]
    assert result.data == b"Hi Dana,\n\nCan u restart your laptop please?\n"


def test_fix_refuses_a_quoted_printable_body(linter: Linter) -> None:
    data = (
        b"From: a@example.org\nSubject: Printer\nContent-Type: text/plain; charset=utf-8\n"
        b"Content-Transfer-Encoding: quoted-printable\n\nHi Dana,\n\nThe printer works, thx.\n"
    )
    result = fix_message(linter, data, "eml")
    assert result.data == data
    assert result.refused == [
        "8:20: tone.chatspeak: not fixed: the body is quoted-printable-encoded; "
        "fix it in your mail client"
    ]


def test_fix_snippet_goes_before_the_sign_off(linter: Linter) -> None:
    data = b"Hi Dana,\n\nYour printer is fixed.\n\nPriya\n"
    source = Source.load(data, "text")
    report = linter.check(source.extracted, "resolution")
    [finding] = [f for f in report.findings if f.rule == "options.missing-follow-up"]
    edit = snippet_edit(source, finding)
    assert not isinstance(edit, str)
    assert apply(data, [edit]) == (
        b"Hi Dana,\n\nYour printer is fixed.\n\n"
        b"If it comes back, reply here and I'll pick it up.\n\nPriya\n"
    )


def test_fix_snippet_in_an_email_keeps_its_line_endings(linter: Linter) -> None:
    data = (FILES / "reply.eml").read_bytes()
    source = Source.load(data, "eml")
    report = linter.check(source.extracted, "resolution")
    [finding] = [f for f in report.findings if f.rule == "options.missing-follow-up"]
    edit = snippet_edit(source, finding)
    assert not isinstance(edit, str)
    assert apply(data, [edit]) == data.replace(
        b"first.\r\n\r\nPriya\r\n",
        b"first.\r\n\r\nIf it comes back, reply here and I'll pick it up.\r\n\r\nPriya\r\n",
    )


@pytest.fixture
def macro(tmp_path: Path) -> Path:
    path = tmp_path / "macro.md"
    shutil.copyfile(FILES / "macro.md", path)
    path.chmod(0o640)
    return path


def test_fix_cli_prints_a_diff_and_leaves_the_file(
    macro: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    before = macro.read_bytes()
    assert main(["fix", str(macro)]) == 1
    out = capsysbinary.readouterr().out
    assert out.startswith(f"--- {macro}\n+++ {macro}\n@@ ".encode())
    assert b"\n-Thanks for waiting \xe2\x80\x94 the *caf\xc3\xa9* printer is fixed. Can u " in out
    assert b"\n+Thanks for waiting \xe2\x80\x94 the *caf\xc3\xa9* printer is fixed. Can you " in out
    assert macro.read_bytes() == before


def test_fix_cli_write_replaces_the_file_atomically(
    macro: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = macro.read_bytes()
    assert main(["fix", "--write", str(macro)]) == 0
    assert macro.read_bytes() == replaced(before, *MD_FIXED)
    assert stat.S_IMODE(macro.stat().st_mode) == 0o640
    assert [p.name for p in macro.parent.iterdir()] == ["macro.md"]  # no temporary file left
    assert capsys.readouterr().err == f"{macro}: fixed 3\n"
    assert main(["fix", str(macro)]) == 0  # nothing left to fix
    assert capsys.readouterr().out == ""


def test_fix_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.txt"
    assert main(["fix", str(missing)]) == 2
    assert capsys.readouterr().err == f"commlint: error: {missing}: no such file\n"
    assert main(["fix", "-"]) == 2
    assert capsys.readouterr().err == "commlint: error: commlint fix works on files, not stdin\n"
