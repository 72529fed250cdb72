"""Properties that hold for any input (issue 20): the API raises only `CommlintError`, every
finding's span is its text, the gates pass bytes through unchanged, and no MIME shape makes an
extractor raise anything undocumented. Bounded (`max_examples`) so the suite stays quick."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import commlint
from commlint import CommlintError, Linter
from commlint.cli import EXIT_ERROR, EXIT_OK, hook, main
from commlint.enums import Dimension
from commlint.extract import FORMATS, extract

QUICK = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Characters of every category, lone surrogates included, and the shapes that once crashed or
# cost the square of their length (long runs without spaces, many lines, entities).
PIECES = st.sampled_from(
    [
        "Hi Dana, ",
        "the VPN is back. ",
        "Obviously you broke it! ",
        "PLEASE READ. ",
        "\n",
        "\n\n",
        "\r\n",
        "😀" * 20,
        "&amp;" * 10,
        "%%%%[[[(((",
        "。。。",
        "\udcff",
        "\ud800",
        "\x00",
        "\u200b",
        "ASAP ",
        "> quoted\n",
        "-- \nPriya\n",
    ]
)
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=200),
    st.lists(PIECES, max_size=30).map("".join),
)


def assert_spans(text: str, report: commlint.Report) -> None:
    for item in [*report.findings, *report.strengths]:
        assert 0 <= item.start <= item.end <= len(text)
        assert text[item.start : item.end] == item.text, item.rule


@QUICK
@given(TEXT)
def test_properties_linter_raises_only_commlint_errors(linter: Linter, text: str) -> None:
    try:
        report = linter.check(text)
    except CommlintError as exc:
        assert "\n" not in str(exc)
        return
    assert_spans(text, report)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_properties_check_raises_only_commlint_errors(text: str) -> None:
    try:
        report = commlint.check(text)
    except CommlintError:
        return
    assert_spans(text, report)


PASSED: dict[str, Any] = {
    "passed": True,
    "score": 100,
    "findings": [],
    "excluded": [],
    "dimensions": {d.value: {"score": 100} for d in Dimension},
}


def read_only(data: bytes, fmt: str, source: str, args: Any) -> dict[str, Any]:
    """The gate's local check without the pipeline: the message is read (extracted) for real,
    the verdict is always `send`, so every readable message must come out byte for byte."""
    extract(data, fmt, source=source, encoding=args.encoding)
    return PASSED


def gate_run(data: bytes, argv: list[str]) -> tuple[int, bytes]:
    written = io.BytesIO()
    stdout = io.TextIOWrapper(written)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(hook, "local_report", read_only)
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        patch.setattr(sys, "stdout", stdout)
        patch.setattr(sys, "stderr", io.StringIO())
        status = main(argv)
    stdout.flush()
    return status, written.getvalue()


BYTES = st.one_of(st.binary(max_size=300), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BYTES, st.sampled_from(FORMATS))
def test_properties_hook_pass_through_is_byte_exact(data: bytes, fmt: str) -> None:
    status, out = gate_run(data, ["hook", "--pass-through", "--input-format", fmt])
    assert status in (EXIT_OK, EXIT_ERROR)
    assert out == (data if status == EXIT_OK else b"")


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BYTES)
def test_properties_sendmail_hands_on_the_exact_bytes(tmp_path_factory: Any, data: bytes) -> None:
    sent = Path(tmp_path_factory.mktemp("sent")) / "mail"
    status, _ = gate_run(data, ["sendmail", "--", "sh", "-c", 'cat > "$0"', str(sent)])
    assert status in (EXIT_OK, EXIT_ERROR)
    assert (sent.read_bytes() if sent.exists() else None) == (data if status == EXIT_OK else None)


CHARSETS = st.sampled_from(
    [
        "utf-8",
        "us-ascii",
        "iso-8859-1",
        "utf-16",
        "utf-32-be",
        "utf-7",
        "rot13",
        "zlib",
        "idna",
        "punycode",
        "unicode_escape",
        "x-nope",
        '"utf-8\\"',
        "",
    ]
)
ENCODINGS = st.sampled_from(["7bit", "8bit", "quoted-printable", "base64", "x-uuencode", ""])
BODIES = st.one_of(
    st.binary(max_size=60),
    st.sampled_from([b"SGkgRGFuYQ==", b"Caf=C3=A9 =\n", b"\xff\xfe\x00H", b"Hi Dana,\nthe drive."]),
)
SUBJECTS = st.lists(
    st.sampled_from(["Drive", "=?utf-8?q?Caf=C3=A9?=", "=?rot13?b?!!?=", "=?x?q?", " ", "\xe9"]),
    max_size=6,
).map("".join)


@st.composite
def leaf(draw: st.DrawFn) -> bytes:
    ctype = draw(st.sampled_from(["text/plain", "text/html", "message/rfc822", "image/png"]))
    headers = f"Content-Type: {ctype}; charset={draw(CHARSETS)}\n"
    headers += f"Content-Transfer-Encoding: {draw(ENCODINGS)}\n"
    if draw(st.booleans()):
        headers += "Content-Disposition: attachment\n"
    return headers.encode() + b"\n" + draw(BODIES) + b"\n"


def multipart(children: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        subtype = draw(st.sampled_from(["mixed", "alternative", "related", "digest"]))
        boundary = draw(st.sampled_from(["b1", "b2", "=_x"]))
        parts = draw(st.lists(children, max_size=4))
        body = b"".join(b"--" + boundary.encode() + b"\n" + part for part in parts)
        closing = b"--" + boundary.encode() + b"--\n" if draw(st.booleans()) else b""
        head = f'Content-Type: multipart/{subtype}; boundary="{boundary}"\n\n'
        return head.encode() + body + closing

    return build()


MIME = st.recursive(leaf(), multipart, max_leaves=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SUBJECTS, MIME)
def test_properties_any_mime_extracts_or_is_one_input_error(subject: str, mime: bytes) -> None:
    data = f"From: desk@example.org\nSubject: {subject}\n".encode("utf-8", "surrogatepass") + mime
    try:
        extracted = extract(data, "eml", source="m.eml")
    except CommlintError as exc:
        assert str(exc).startswith("m.eml") and "\n" not in str(exc)
        return
    assert len(extracted.offsets) == len(extracted.text) + 1
    assert all(0 <= offset <= len(data) for offset in extracted.offsets)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BYTES, st.sampled_from(FORMATS), st.sampled_from(["utf-8", "utf-16", "latin-1", "rot13"]))
def test_properties_any_bytes_in_any_format(data: bytes, fmt: str, encoding: str) -> None:
    try:
        extract(data, fmt, source="m", encoding=encoding)
    except CommlintError as exc:
        assert "\n" not in str(exc)
