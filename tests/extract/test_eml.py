"""Hostile email: every crafted message gives text or one `InputError` line, in bounded time
and memory (issue 20)."""

from __future__ import annotations

import base64
import tracemalloc

import pytest

from commlint import InputError
from commlint.extract import extract
from commlint.extract.eml import MAX_CONTAINERS, MAX_HEADER_CHARS, MAX_PARTS, decode_words


def part(charset: str, body: bytes, cte: str = "8bit") -> bytes:
    return (
        f"From: desk@example.org\nSubject: Drive\nContent-Type: text/plain; charset={charset}\n"
        f"Content-Transfer-Encoding: {cte}\n\n"
    ).encode() + body


NESTED_MULTIPART = b"Subject: x\n" + b"".join(
    f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n".encode() for i in range(1_000)
)
NESTED_MESSAGES = b"Subject: x\n" + b"Content-Type: message/rfc822\n\nSubject: y\n" * 2_000
TEXT = b"Content-Type: text/plain\n\nHi Dana, the drive is back.\n"
REFUSED = {
    "rot13": (part("rot13", b"Uv Qnan.\n"), "charset 'rot13' is not a character set"),
    "zlib": (part("zlib", b"x\x9c\n"), "charset 'zlib' is not a character set"),
    "base64 codec": (part("base64", b"SGk=\n"), "charset 'base64' is not a character set"),
    "punycode base64": (
        part("punycode", base64.b64encode(b"Hi \xff there\n") + b"\n", "base64"),
        "charset 'punycode' is not a character set",
    ),
    "idna 8bit": (part("idna", b"Hi \xff there\n"), "charset 'idna' is not a character set"),
    "unicode_escape": (
        part("unicode_escape", b"Hi \\N{x}\n"),
        "charset 'unicode_escape' is not a character set",
    ),
    "NUL in charset": (part('"utf-8\x00"', b"Hi\n"), "is unknown"),
    "idna, 8-bit bytes in a base64 body": (
        part("idna", b"SGk\xff\xfe=\n", "base64"),
        "charset 'idna' is not a character set",
    ),
    "multipart 1,000 deep": (NESTED_MULTIPART + TEXT, "too many nested MIME parts"),
    "message/rfc822 2,000 deep": (NESTED_MESSAGES + TEXT, "too many nested MIME parts"),
    "too many parts": (
        b"Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n"
        + b"--b\nContent-Type: text/csv\n\nx\n" * (MAX_PARTS + 1)
        + b"--b--\n",
        "too many MIME parts",
    ),
    "Subject of 8,000 encoded words": (
        b"Subject: " + b" ".join([b"=?utf-8?q?ab?="] * 8_000) + b"\n" + TEXT,
        "the Subject header is too long",
    ),
    "Content-Type of 20,000 parameters": (
        b"Subject: x\nContent-Type: text/plain" + b"; a=b" * 20_000 + b"\n\nHi\n",
        "the Content-Type header is too long",
    ),
}


@pytest.mark.parametrize(("data", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_eml_hostile_message_is_one_input_error(data: bytes, message: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as caught:
            extract(data, "eml", source="m.eml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    text = str(caught.value)
    assert text.startswith("m.eml") and message in text and "\n" not in text
    assert peak < 20 * 2**20


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "utf-16-le"])
@pytest.mark.parametrize("cte", ["8bit", "base64"])
def test_eml_utf16_and_utf32_without_bom_read_as_little_endian(charset: str, cte: str) -> None:
    body = "Hi Dana, the drive is back.\n".encode(charset.replace("-le", "") + "-le")
    if cte == "base64":
        body = base64.b64encode(body) + b"\n"
    extracted = extract(part(charset, body, cte), "eml", source="m.eml")
    assert extracted.text.startswith("Hi Dana, the drive is back.")
    body = list(extracted.offsets[:27])
    assert body == sorted(set(body)) and body[0] > 0


def test_eml_nesting_within_the_bound_is_read() -> None:
    cut = f"Content-Type: multipart/mixed; boundary=b{MAX_CONTAINERS - 1}\n".encode()
    data = NESTED_MULTIPART.split(cut)[0]
    assert extract(data + TEXT, "eml").text.startswith("Hi Dana, the drive is back.")


def test_eml_subject_encoded_words_decode_linearly() -> None:
    words = (MAX_HEADER_CHARS - 20) // 15
    data = b"Subject: " + b" ".join([b"=?utf-8?q?ab?="] * words) + b"\n" + TEXT
    tracemalloc.start()
    try:
        extracted = extract(data, "eml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert extracted.text.endswith("ab" * words)
    assert peak < 5 * 2**20


@pytest.mark.parametrize(
    ("value", "decoded"),
    [
        ("=?utf-8?q?Caf=C3=A9_ouvert?=", "Café ouvert"),
        ("=?utf-8?b?Q2Fmw6k=?= =?utf-8?q?_ouvert?= today", "Café ouvert today"),
        ("=?iso-8859-1*fr?q?caf=E9?=", "café"),
        ("=?rot13?q?Uv?= =?x-nope?q?a?=", "=?rot13?q?Uv?==?x-nope?q?a?="),
        ("=?utf-8?b?!!!?=", "=?utf-8?b?!!!?="),
        ("=?utf-8?q?=FF?=", "\ufffd"),
        ("plain =?utf-8?q?x", "plain =?utf-8?q?x"),
    ],
)
def test_eml_decode_words(value: str, decoded: str) -> None:
    assert decode_words(value) == decoded


def test_eml_eight_bit_subject_is_read_as_utf8() -> None:
    data = "Subject: Café ouvert\n".encode() + TEXT
    assert extract(data, "eml").text.endswith("Café ouvert")


def test_eml_attachment_and_related_root_choose_the_body() -> None:
    data = (
        b"Subject: x\nContent-Type: multipart/mixed; boundary=m\n\n"
        b"--m\nContent-Type: text/plain\nContent-Disposition: attachment\n\nNot this one.\n"
        b'--m\nContent-Type: multipart/related; boundary=r; start="<b>"\n\n'
        b"--r\nContent-Type: text/plain\nContent-ID: <a>\n\nNor this one.\n"
        b"--r\nContent-Type: text/plain\nContent-ID: <b>\n\nHi Dana, this one.\n--r--\n--m--\n"
    )
    assert extract(data, "eml").text.startswith("Hi Dana, this one.")
