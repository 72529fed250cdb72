"""Decoding and offsets: any input is either a report or an InputError, and every span is
inside the text at the line and column it claims."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commlint import InputError, Linter
from commlint.extract.plain import decode


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (codecs.BOM_UTF8 + b"Hi", "Hi"),
        ("Hi Zoë".encode("utf-16"), "Hi Zoë"),
        ("caf\u00e9".encode(), "café"),
    ],
)
def test_plain_decode(raw: bytes, text: str) -> None:
    assert decode(raw, "x.txt") == text


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_plain_decode_any_bytes(raw: bytes) -> None:
    try:
        assert isinstance(decode(raw, "x.txt"), str)
    except InputError as exc:
        assert str(exc).startswith("x.txt") and "\n" not in str(exc)


ALPHABET = st.sampled_from(
    [
        *"abc XYZ.,!?'\n\t-",
        "obviously ",
        "ASAP ",
        "PLEASE ",
        "thanks for reporting ",
        "é",
        "😀",
        "\r\n",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ALPHABET, min_size=1, max_size=60).map("".join))
def test_plain_spans_point_into_the_text(linter: Linter, text: str) -> None:
    try:
        report = linter.check(text)
    except InputError:
        assert not text.strip()
        return
    lines = text.split("\n")
    for item in [*report.findings, *report.strengths]:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text
        assert (
            lines[item.line - 1][item.column - 1 :].startswith(item.text.split("\n")[0])
            or not item.text
        )
    assert 0 <= report.score <= 100
