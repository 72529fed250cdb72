"""`commlint check --format github`: workflow-command annotations and the job summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from commlint.cli import EXIT_ERROR, EXIT_OK, main
from commlint.reporters.github import command, escape_data, escape_property
from tests.conftest import write

CONDESCENDING = (
    "title=tone.condescending::'Obviously' reads as talking down; try removing it "
    "(suggest: remove it)"
)


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50% done", "50%25 done", "50%25 done"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("t: a, b", "t: a, b", "t%3A a%2C b"),
        ("%0A", "%250A", "%250A"),  # an escape sequence in the text stays text
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == prop


def test_github_command_shape() -> None:
    line = command("warning", {"file": "a,b.md", "line": 2, "col": 0, "title": "x:y"}, "m\nn")
    assert line == "::warning file=a%2Cb.md,line=2,col=0,title=x%3Ay::m%0An"
    assert command("error", {"file": ""}, "stdin: 1%") == "::error::stdin: 1%25"


MESSAGE = """Hi Dana,

Obviously the VPN must be on first.
Your laptop is ready:
<!-- commlint-disable tone.rude -->

Thanks, Priya
"""


def test_github_annotations_and_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    path = write(tmp_path / "notes" / "vpn, re: access.md", MESSAGE)
    code = main(["check", "--format", "github", str(path), str(tmp_path / "gone.md")])
    out = capsys.readouterr().out.splitlines()
    assert code == EXIT_ERROR

    name = "notes/vpn%2C re%3A access.md"
    assert f"::error file={name},line=3,col=1,endLine=3,endColumn=10,{CONDESCENDING}" in out
    unused = (
        f"::warning file={name},line=5,col=1,title=commlint.unused-suppression::nothing to "
        "suppress here for tone.rude; remove the comment, or the rules in it that no longer "
        "need it"
    )
    assert unused in out
    annotations = [line for line in out if line.startswith("::")]
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in annotations)
    # one summary line a file, after its findings: an error annotation when it must be revised
    [verdict] = [line for line in out if "title=commlint%3A revise" in line]
    assert verdict.startswith(f"::error file={name},title=commlint%3A revise::notes/vpn, re: ")
    assert "score " in verdict and "REVISE" in verdict and "revise because: " in verdict
    assert out.index(verdict) > out.index(
        f"::error file={name},line=3,col=1,endLine=3,endColumn=10,{CONDESCENDING}"
    )
    assert out[-1] == "::error file=gone.md,title=commlint%3A not checked::" + (
        f"{tmp_path / 'gone.md'}: no such file"
    )

    table = summary.read_text(encoding="utf-8").splitlines()
    assert table[:5] == [
        "earlier step",
        "### commlint",
        "",
        "| file | verdict | score | band | kind | findings |",
        "|---|---|---|---|---|---|",
    ]
    assert table[5].startswith("| notes/vpn, re: access.md | **revise** | ")
    assert table[5].endswith(" | 3 |")  # one of them: "VPN", a jargon acronym since issue 19
    assert table[6] == f"| gone.md | not checked: {tmp_path / 'gone.md'}: no such file | | | | |"


def test_github_passing_file_gets_a_plain_summary_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    good = "Hi Dana,\n\nYour laptop is ready at the front desk. Thanks for waiting.\n\nPriya\n"
    write(tmp_path / "ready.txt", good)
    code = main(
        [
            "check",
            "--format",
            "github",
            "--min-score",
            "0",
            "--dimension-floor",
            "0",
            "--fail-on",
            "never",
            "ready.txt",
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == EXIT_OK
    assert out[-1].startswith("ready.txt: score ")
    assert " send " in out[-1]
