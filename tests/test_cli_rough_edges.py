"""Issue 19's rough edges in the command line: missing extras, folders and quiet mode for
`check`, the pre-commit hook's output, `explain` in a terminal, `rules` with severity and weight."""

from __future__ import annotations

import io
import json
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

from commlint import Linter
from commlint.cli import EXIT_ERROR, EXIT_FAILED, EXIT_OK
from commlint.cli.terminal import render, use_colour
from commlint.extras import EXTRAS, missing_extra
from tests.conftest import ROOT, write
from tests.test_cli import GOOD, POOR, run

# -- a command without its extra: one line naming the extra, exit 2 ---------------------------

MISSING = [
    (["serve", "--port", "0"], "fastapi", "serve"),
    (["serve", "--port", "0"], "uvicorn", "serve"),
    (["serve", "--port", "0"], "psutil", "serve"),
    (["serve", "--port", "0"], "starlette", "serve"),
    (["audit", "{csv}", "--out", "{out}"], "matplotlib", "audit"),
    (["audit", "{csv}", "--out", "{out}", "--engine", "dask"], "dask", "dask"),
    (["audit", "{csv}", "--out", "{out}", "--engine", "dask"], "distributed", "dask"),
    (["audit", "{csv}", "--out", "{out}", "--engine", "dask"], "pyarrow", "dask"),
    (["audit", "{csv}", "--out", "{out}", "--engine", "dask"], "pandas", "dask"),
    (["lsp"], "pygls", "lsp"),
    (["lsp"], "lsprotocol", "lsp"),
]


@pytest.mark.parametrize(("argv", "module", "extra"), MISSING)
def test_cli_command_without_its_extra_names_it_in_one_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    module: str,
    extra: str,
) -> None:
    csv = write(tmp_path / "a.csv", "text\nHi Sam, the printer works again.\n")
    argv = [a.format(csv=csv, out=tmp_path / "out") for a in argv]
    monkeypatch.setitem(sys.modules, module, None)  # as if it were not installed
    code, out, err = run(capsys, *argv)
    assert code == EXIT_ERROR and out == ""
    assert err.count("\n") == 1, err
    assert f"needs the '{extra}' extra ({module} not installed)" in err
    assert err.rstrip("\n").endswith(f"pip install 'commlint[{extra}]'")
    assert not (tmp_path / "out").exists()  # nothing started before saying so


def test_cli_extra_module_missing_deep_in_a_command_is_no_internal_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An import past the up-front check (here uvicorn, imported when the server starts) still
    ends in the one line, not in "internal error ... please report this"."""
    monkeypatch.setattr("commlint.cli.serve.require_extra", lambda extra, what: None)
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    code, _, err = run(capsys, "serve", "--port", "0")
    assert code == EXIT_ERROR
    assert err == (
        "commlint: error: commlint serve needs the 'serve' extra (uvicorn not installed): "
        "pip install 'commlint[serve]'\n"
    )


@pytest.mark.parametrize(
    ("name", "extra"),
    [("matplotlib.figure", "audit"), ("distributed.diagnostics", "dask"), ("spacy", None)],
)
def test_extras_missing_module_maps_to_its_extra(name: str, extra: str | None) -> None:
    error = missing_extra(ModuleNotFoundError(f"No module named {name!r}", name=name), "x")
    assert (error and f"'{extra}' extra" in str(error)) if extra else error is None


def test_extras_cover_every_requirement_of_pyproject() -> None:
    """The table names every top-level module the extras of pyproject.toml install."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = pyproject["project"]["optional-dependencies"]
    for extra, modules in EXTRAS.items():
        names = {Requirement(r).name.replace("-", "_") for r in declared[extra]}
        assert names <= set(modules), (extra, names - set(modules))


# -- check: folders and quiet mode --------------------------------------------------------------


def test_cli_check_recurses_into_a_folder_for_message_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, poor = GOOD.read_text(encoding="utf-8"), POOR.read_text(encoding="utf-8")
    write(tmp_path / "macros" / "b" / "reimaged.txt", poor)
    write(tmp_path / "macros" / "a-ready.md", good)
    write(tmp_path / "macros" / "c" / "ready.eml", f"Subject: ready\n\n{good}")
    write(tmp_path / "macros" / "build.py", "print('not a message')\n")
    write(tmp_path / "macros" / ".git" / "x.txt", poor)  # hidden folder: skipped
    write(tmp_path / "macros" / ".draft.txt", poor)  # hidden file: skipped
    code, out, _ = run(capsys, "check", "--format", "json", str(tmp_path / "macros"))
    assert code == EXIT_FAILED
    sources = [json.loads(line)["source"] for line in out.splitlines()]
    base = tmp_path / "macros"
    assert sources == [
        str(base / "a-ready.md"),
        str(base / "b/reimaged.txt"),
        str(base / "c/ready.eml"),
    ]


def test_cli_check_folder_without_message_files_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "empty" / "notes.py", "x = 1\n")
    code, out, err = run(capsys, "check", str(tmp_path / "empty"), str(GOOD))
    assert code == EXIT_ERROR
    assert err == (
        f"commlint: error: {tmp_path / 'empty'}: folder with no message files "
        "(.txt, .text, .md, .markdown, .html, .htm, .eml)\n"
    )
    assert f"{GOOD}: score" in out  # the other paths are still checked


def test_cli_check_quiet_prints_only_messages_to_revise(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--quiet", str(GOOD), str(POOR))
    assert code == EXIT_FAILED  # the exit code does not change
    lines = out.splitlines()
    assert not any(line.startswith(f"{GOOD}") for line in lines)
    assert "[strength]" not in out
    assert any(" tone.condescending [error] " in line for line in lines)
    assert lines[-3].startswith(f"{POOR}: revise because: ")
    assert lines[-2].startswith(f"{POOR}: score ")
    assert lines[-1] == "commlint: 2 messages checked: 1 to send, 1 to revise"
    code, out, _ = run(capsys, "check", "-q", str(GOOD))
    assert (code, out) == (EXIT_OK, "commlint: 1 message checked: 1 to send, 0 to revise\n")


def test_cli_check_quiet_is_for_the_text_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "-q", "--format", "json", str(GOOD))
    assert code == EXIT_ERROR and err.startswith("commlint: error: --quiet is for the text")


def test_precommit_hook_runs_check_quietly() -> None:
    """pre-commit shows a passing hook's output with -v: a passing template prints one line."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"].split() == ["commlint", "check", "--quiet"]


# -- explain: Markdown rendered for a terminal --------------------------------------------------


def test_cli_explain_renders_markdown_as_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "tone.condescending")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[:2] == ["tone.condescending", "-" * len("tone.condescending")]
    assert "**" not in out and "`" not in out and "###" not in out and "\033[" not in out
    assert any(line.startswith("What it flags. Words that imply") for line in lines)
    assert "- [Obviously], the VPN must be on first." in lines  # the flagged words stay visible
    assert max(len(line) for line in lines) <= 100


def test_terminal_render_colours_and_wraps() -> None:
    page = "### `a.rule`\n\n**Why.** Use `commlint fix` on **these words** here.\n\n- one\n- two\n"
    coloured = render(page, colour=True, columns=30)
    assert "\033[1;4ma.rule\033[0m" in coloured and "\033[36mcommlint\033[0m" in coloured
    assert "\033[1mthese\033[0m" in coloured and "[these" not in coloured
    plain = render(page, colour=False, columns=30)
    assert plain == (
        "a.rule\n------\n\nWhy. Use commlint fix on\n[these words] here.\n\n- one\n- two\n"
    )


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_colour_only_on_a_tty_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(_Tty()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(_Tty())


# -- rules: severity and weight columns ---------------------------------------------------------


def test_cli_rules_shows_severity_and_weight(
    linter: Linter, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "rules", "--format", "json")
    assert code == EXIT_OK
    rows = {row["id"]: row for row in json.loads(out)}
    code, out, _ = run(capsys, "rules")
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["rule", "kind", "polarity", "severity", "weight"]
    table = {line.split()[0]: line.split() for line in lines[1:] if line.split()[0] in rows}
    assert set(table) == set(rows)
    for rule in linter.rules:
        severity = rule.severity.value if rule.polarity.value == "finding" else "-"
        weight = f"{rule.weight:g}" if rule.dimension is not None else "-"  # an unscored pack
        assert table[rule.id][3:5] == [severity, weight], rule.id
        assert (rows[rule.id]["severity"], rows[rule.id]["weight"]) == (
            rule.severity.value,
            rule.weight,
        )
