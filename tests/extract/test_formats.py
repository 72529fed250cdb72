"""Extraction by format: what is scored, what is left out, and where every character came from."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commlint import InputError, Linter
from commlint.extract import FORMATS, Extracted, extract, format_for
from commlint.extract.eml import MAX_BODY_BYTES

PLACEHOLDERS = "{{first_name}} {name} %NAME% [Customer Name]"


def mail(body: str, *, subject: str = "Your laptop", cte: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "desk@example.org"
    message["To"] = "dana@example.org"
    message["Subject"] = subject
    message.set_content(body, cte=cte)
    return message.as_bytes()


def same_characters(extracted: Extracted, original: str) -> None:
    """Every ASCII letter and digit of the scored text is the character it claims to be
    (encoded characters, such as QP's `=C3=A9`, are where their encoding starts)."""
    lines = original.split("\n")
    for i, char in enumerate(extracted.text):
        if char.isascii() and char.isalnum():
            line, column = extracted.position(i)
            assert lines[line - 1][column - 1] == char, (i, char, line, column)


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("reply.txt", "text"),
        ("README", "text"),
        ("notes.TEXT", "text"),
        ("macro.md", "markdown"),
        ("macro.markdown", "markdown"),
        ("page.HTML", "html"),
        ("page.htm", "html"),
        ("draft.eml", "eml"),
        ("script.py", "text"),
    ],
)
def test_formats_by_extension(path: str, fmt: str) -> None:
    assert format_for(path) == fmt


def test_formats_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        extract(b"Hi", "pdf")


TEXT = (
    "Hi Dana,\n"
    "\n"
    "The shared drive is back.\n"
    "\n"
    "On Mon, 3 Jun 2024 at 10:02, Dana Lee <dana@example.org>\n"
    "wrote:\n"
    "> It is down again and you never fixed it.\n"
    "> Fix it now.\n"
    "\n"
    "-- \n"
    "Priya, Service Desk\n"
)


def test_formats_text_leaves_out_quoted_reply_and_signature() -> None:
    extracted = extract(TEXT.encode(), "text", source="reply.txt")
    assert extracted.text.strip() == "Hi Dana,\n\nThe shared drive is back."
    assert [(e.reason, e.line, e.column) for e in extracted.excluded] == [
        ("quoted_reply", 5, 1),
        ("signature", 10, 1),
    ]
    quoted = extracted.excluded[0]
    assert TEXT[quoted.start : quoted.end].startswith("On Mon")
    assert TEXT[quoted.start : quoted.end].endswith("Fix it now.\n")


@pytest.mark.parametrize(
    "quote",
    [
        "-----Original Message-----\nFrom: Dana\nSent: Monday\nWhy is it down?\n",
        "From: Dana Lee\nSent: Monday, 3 June 2024 10:02\nTo: Desk\nSubject: Drive\n\nWhy?\n",
        "________________________________\nFrom: Dana Lee\nDate: Monday\nWhy is it down?\n",
    ],
)
def test_formats_outlook_quotes_run_to_the_end(quote: str) -> None:
    extracted = extract(f"Hi Dana,\nthe drive is back.\n\n{quote}".encode(), "text")
    assert extracted.text == "Hi Dana,\nthe drive is back.\n\n"
    assert [e.reason for e in extracted.excluded] == ["quoted_reply"]


def test_formats_inline_reply_keeps_the_answers() -> None:
    text = "> When will it be back?\nBy 3 pm today.\n> Who do I call?\nPriya on ext. 4410.\n"
    extracted = extract(text.encode(), "text")
    assert extracted.text == "By 3 pm today.\nPriya on ext. 4410.\n"
    same_characters(extracted, text)


MARKDOWN = (
    "# Hi {{first_name}}\n"
    "\n"
    "Thanks, [Customer Name]. Read [the VPN guide](https://intra.example/vpn) or\n"
    "visit <https://help.example>. Run `ipconfig /flushdns` &amp; restart \\*once\\*.\n"
    "\n"
    "```\n"
    "obviously this is code\n"
    "```\n"
    "\n"
    "- {name} gets a **new** laptop\n"
    "- %NAME% keeps the old one\n"
    "\n"
    "> quoted from the ticket\n"
)


def test_formats_markdown_keeps_prose_and_link_text() -> None:
    extracted = extract(MARKDOWN.encode(), "markdown", source="macro.md")
    text = extracted.text
    assert "Hi {{first_name}}" in text
    assert "Thanks, [Customer Name]. Read the VPN guide or" in text
    assert "{name} gets a new laptop\n%NAME% keeps the old one" in text
    assert "& restart *once*." in text
    for dropped in ("https://", "ipconfig", "obviously", "quoted from", "```", "#", "**"):
        assert dropped not in text
    assert [(e.reason, e.line) for e in extracted.excluded] == [("code", 6), ("quoted_reply", 13)]
    same_characters(extracted, MARKDOWN)


HTML = (
    "<html><head><title>Ticket 4410</title><style>p { color: red }</style></head>\n"
    "<body><p>Hi {{first_name}},</p>\n"
    "<div>The drive is <b>back</b> &amp; working,\n"
    "   [Customer Name].<br>Call me&nbsp;anytime.</div>\n"
    "<script>var obviously = 1;</script><p hidden>hidden text</p>\n"
    '<div style="display: none">preheader <div>nested</div> text</div>\n'
    "<blockquote>You never fixed it.</blockquote><p>%NAME% &mdash; {name}</p>\n"
    "</body></html>\n"
)


def test_formats_html_is_the_visible_text_in_lines() -> None:
    extracted = extract(HTML.encode(), "html", source="reply.html")
    assert extracted.text.split("\n") == [
        "Hi {{first_name}},",
        "",
        "The drive is back & working, [Customer Name].",
        "Call me\u00a0anytime.",
        "",
        "%NAME% \u2014 {name}",
        "",
        "",
    ]
    assert [(e.reason, e.line) for e in extracted.excluded] == [("quoted_reply", 7)]
    same_characters(extracted, HTML)


def test_formats_eml_quoted_printable_maps_to_raw_lines() -> None:
    body = "Hi Dana,\n\nThe caf\u00e9 Wi-Fi = fixed. " + "Long line " * 10 + "\n\n> old\n"
    raw = mail(body, cte="quoted-printable")
    extracted = extract(raw, "eml", source="draft.eml")
    assert extracted.text.startswith("Hi Dana,\n\nThe caf\u00e9 Wi-Fi = fixed. Long line")
    assert extracted.text.endswith("\n\nYour laptop")  # the Subject, as the last paragraph
    assert [e.reason for e in extracted.excluded] == ["quoted_reply"]
    same_characters(extracted, raw.decode("latin-1"))


@pytest.mark.parametrize("cte", ["base64", "8bit", "7bit"])
def test_formats_eml_transfer_encodings(cte: str) -> None:
    body = (
        "Hi Dana,\nyour laptop is ready.\n"
        if cte == "7bit"
        else "Hi Zo\u00eb,\nr\u00e9par\u00e9.\n"
    )
    extracted = extract(mail(body, cte=cte), "eml")
    assert extracted.text == f"{body}\n\nYour laptop"
    line, _ = extracted.position(0)
    assert line == 8  # the first body line, after the headers


def test_formats_eml_latin1_and_encoded_subject() -> None:
    message = EmailMessage()
    message["Subject"] = "R\u00e9par\u00e9"
    message.set_content("Caf\u00e9 is open.\n".encode("latin-1"), "text", "plain")
    message.replace_header("Content-Type", 'text/plain; charset="iso-8859-1"')
    extracted = extract(message.as_bytes(), "eml")
    assert extracted.text == "Caf\u00e9 is open.\n\n\nR\u00e9par\u00e9"
    subject = extracted.text.rindex("R")
    assert extracted.position(subject) == (1, 10)


def test_formats_eml_prefers_plain_then_html() -> None:
    message = EmailMessage()
    message["Subject"] = "Hi"
    message.set_content("Plain words.\n")
    message.add_alternative("<p>HTML <b>words</b>.</p>", subtype="html")
    assert extract(message.as_bytes(), "eml").text.startswith("Plain words.")
    only_html = EmailMessage()
    only_html["Subject"] = "Hi"
    only_html.set_content("<p>HTML <b>words</b> &amp; more.</p>", subtype="html")
    raw = only_html.as_bytes()
    extracted = extract(raw, "eml")
    assert extracted.text.startswith("HTML words & more.")
    same_characters(extracted, raw.decode("latin-1"))


def test_formats_eml_with_attachment_checks_the_body() -> None:
    message = EmailMessage()
    message["Subject"] = "Logs"
    message.set_content("Hi Dana, the logs are attached.\n")
    message.add_attachment(b"\x00\x01" * 5000, maintype="application", subtype="octet-stream")
    extracted = extract(message.as_bytes(), "eml")
    assert extracted.text.startswith("Hi Dana, the logs are attached.")


BAD = {
    "no boundary": (
        b"Subject: x\nContent-Type: multipart/mixed\n\nHi Dana, the drive is back.\n",
        "eml",
        "malformed MIME",
    ),
    "lost boundary": (
        b'Subject: x\nContent-Type: multipart/mixed; boundary="zz"\n\nno parts here\n',
        "eml",
        "malformed MIME",
    ),
    "unknown charset": (
        b'Subject: x\nContent-Type: text/plain; charset="x-klingon"\n\nHi\n',
        "eml",
        "charset 'x-klingon' is unknown",
    ),
    "wrong charset": (
        b'Subject: x\nContent-Type: text/plain; charset="utf-8"\n\nCaf\xe9\n',
        "eml",
        "not valid utf-8",
    ),
    "bad base64": (
        b"Subject: x\nContent-Transfer-Encoding: base64\n\nSGk=gA\n",
        "eml",
        "malformed base64",
    ),
    "no headers": (b"Hi Dana, the drive is back.\n", "eml", "not an email message"),
    "empty body": (b"Subject: Drive\n\n\n  \n", "eml", "empty body"),
    "only a quote": (
        b"Subject: Fwd\n\nOn Mon, 3 Jun 2024, Dana wrote:\n> Is it back?\n",
        "eml",
        "only a quoted reply",
    ),
    "quote and signature": (b"> Is it back?\n-- \nPriya\n", "text", "a quoted reply and a sig"),
    "only code": (b"```\nping intranet\n```\n", "markdown", "only code"),
    "empty html": (b"<html><script>x</script><p> </p></html>", "html", "empty message"),
}


@pytest.mark.parametrize(("data", "fmt", "message"), BAD.values(), ids=BAD.keys())
def test_formats_bad_input_is_one_clear_line(data: bytes, fmt: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        extract(data, fmt, source="in.eml")
    text = str(caught.value)
    assert text.startswith("in.eml") and message in text and "\n" not in text


def test_formats_html_bomb_is_linear_and_flat() -> None:
    depth = 200_000
    bomb = ("<div><span>" * depth + "Hi Dana" + "</span></div>" * depth).encode()
    extracted = extract(bomb, "html")
    assert extracted.text.strip() == "Hi Dana"
    same_characters(extracted, bomb.decode())


def test_formats_eml_refuses_a_huge_body() -> None:
    raw = b"Subject: x\nContent-Type: text/html\n\n" + b"<div>" * (MAX_BODY_BYTES // 5 + 1)
    with pytest.raises(InputError, match="too large"):
        extract(raw, "eml")


def test_formats_findings_point_into_the_original(linter: Linter) -> None:
    html = "<p>Hi Dana,</p>\n<p>The printer is back.\n<b>Obviously</b> it was the cable.</p>"
    report = linter.check(extract(html.encode(), "html", source="r.html"))
    finding = next(f for f in report.findings if f.rule == "tone.condescending")
    assert (finding.line, finding.column) == (3, 4)
    assert finding.text == "Obviously"
    assert report.source == "r.html"


def test_formats_report_lists_what_was_left_out(linter: Linter) -> None:
    report = linter.check(extract(TEXT.encode(), "text"))
    assert [e.reason for e in report.excluded] == ["quoted_reply", "signature"]
    assert not any(f.rule.startswith("tone.") for f in report.findings)  # the quote is rude


PIECES = st.sampled_from(
    [
        *"ab \n>-=&<;",
        "-- \n",
        "On Mon, Dana wrote:\n",
        "Subject: hi\n",
        "\n\n",
        "<p>",
        "</div>",
        "<script>",
        "&amp;",
        "```\n",
        "[a](http://x)",
        "`c`",
        "=3D",
        "=\n",
        "\u00e9",
        "\r\n",
        "Content-Type: multipart/mixed; boundary=b\n",
        "--b\n",
        "Content-Transfer-Encoding: quoted-printable\n",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=40).map("".join), st.sampled_from(FORMATS))
def test_formats_any_input_extracts_or_fails_cleanly(source: str, fmt: str) -> None:
    data = source.encode()
    try:
        extracted = extract(data, fmt, source="x")
    except InputError as exc:
        assert str(exc).startswith("x") and "\n" not in str(exc)
        return
    original = data.decode("latin-1") if fmt == "eml" else source
    assert len(extracted.offsets) == len(extracted.text) + 1
    assert all(0 <= o <= len(original) for o in extracted.offsets)
    lines = original.split("\n")
    for i in range(len(extracted.text)):
        line, column = extracted.position(i)
        assert 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1
    for excluded in extracted.excluded:
        assert 0 <= excluded.start <= excluded.end <= len(original)
