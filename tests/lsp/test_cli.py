"""`commlint lsp` without the `lsp` extra says how to get it, in one line."""

from __future__ import annotations

import importlib.util

import pytest

from commlint.cli import main


def test_lsp_without_pygls_says_which_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pygls" else real(name, *a)
    )
    assert main(["lsp"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "commlint: error: commlint lsp needs the 'lsp' extra (pygls not installed): "
        "pip install 'commlint[lsp]'\n"
    )
    assert captured.out == ""
