"""RFC 822 email (`.eml`, what mail clients hand to sendmail): the body and the Subject.

The stdlib `email` package parses; commlint picks the text/plain body, else the HTML one, and
undoes its transfer encoding and charset itself so that every character keeps the byte offset
it came from in the raw message. The Subject is checked too, as the last paragraph of the text,
so it never stands where opening rules look for a greeting.
"""

from __future__ import annotations

import binascii
import codecs
import email
import email.errors
import email.policy
from array import array
from collections.abc import Sequence
from email.message import EmailMessage, Message

from commlint.errors import InputError
from commlint.extract.base import Draft
from commlint.extract.html import html_draft

# Structural faults after which the parts cannot be trusted to be where the headers say.
_FATAL = (
    email.errors.NoBoundaryInMultipartDefect,
    email.errors.StartBoundaryNotFoundDefect,
    email.errors.MultipartInvariantViolationDefect,
)
# No one writes a support reply this long; a body part over it (an HTML bomb) is refused.
MAX_BODY_BYTES = 4 * 2**20
_B64 = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
_HEX = frozenset(b"0123456789ABCDEFabcdef")


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(offset, 0)) + 1


def _check_structure(message: EmailMessage, name: str) -> None:
    if not message.keys():
        raise InputError("not an email message: it has no headers", path=name, line=1)
    for part in message.walk():
        for defect in part.defects:
            if isinstance(defect, _FATAL):
                doc = (type(defect).__doc__ or type(defect).__name__).strip().rstrip(".")
                raise InputError(f"malformed MIME: {doc[:1].lower()}{doc[1:]}", path=name)


def _unquote(raw: bytes) -> tuple[bytes, array[int]]:
    """Quoted-printable decoding that remembers where each decoded byte came from."""
    out = bytearray()
    where = array("q")
    start = 0
    for line in raw.splitlines(keepends=True):
        content = line.rstrip(b"\r\n")
        ending = line[len(content) :]
        content = content.rstrip(b" \t")  # trailing whitespace is padding (RFC 2045)
        soft = content.endswith(b"=")
        if soft:
            content = content[:-1]
        i = 0
        while (equals := content.find(b"=", i)) != -1:
            out += content[i:equals]
            where.extend(range(start + i, start + equals))
            code = content[equals + 1 : equals + 3]
            hexadecimal = len(code) == 2 and all(b in _HEX for b in code)
            out.append(int(code, 16) if hexadecimal else 0x3D)  # a stray "=" stays itself
            where.append(start + equals)
            i = equals + (3 if hexadecimal else 1)
        out += content[i:]
        where.extend(range(start + i, start + len(content)))
        if not soft:
            out += ending
            where.extend(range(start + len(line) - len(ending), start + len(line)))
        start += len(line)
    return bytes(out), where


def _unbase64(raw: bytes, name: str, line: int) -> tuple[bytes, array[int]]:
    """Base64 decoding; each decoded byte maps to the encoded character that starts its group."""
    places = array("q", (i for i, b in enumerate(raw) if b in _B64))
    try:
        decoded = binascii.a2b_base64(bytes(raw[i] for i in places), strict_mode=True)
    except binascii.Error as exc:
        raise InputError(f"malformed base64 body: {exc}", path=name, line=line) from None
    return decoded, array("q", (places[(i * 4) // 3] for i in range(len(decoded))))


def _charset(part: Message, fallback: str, data: bytes, name: str) -> str:
    charset = part.get_content_charset() or fallback
    try:
        codecs.lookup(charset)
    except LookupError:
        found = data.lower().find(charset.encode("ascii", "replace"))
        line = _line(data, found) if found != -1 else None
        raise InputError(f"unknown charset {charset!r}", path=name, line=line) from None
    return charset


def _decode(raw: bytes, where: Sequence[int], charset: str, data: bytes, name: str) -> str:
    try:
        return raw.decode(charset)
    except UnicodeDecodeError as exc:
        offset = where[exc.start]
        raise InputError(
            f"not valid {charset} (byte 0x{raw[exc.start]:02x}), though the part declares it",
            path=name,
            line=_line(data, offset),
        ) from None


def _char_starts(raw: bytes, text: str, charset: str) -> Sequence[int]:
    """Index in `raw` of the first byte of each character of `text`."""
    if len(text) == len(raw):
        return range(len(raw))
    decoder = codecs.getincrementaldecoder(charset)()
    starts: list[int] = []
    pending = 0
    for i in range(len(raw)):
        if emitted := decoder.decode(raw[i : i + 1]):
            starts.extend([pending] * len(emitted))
            pending = i + 1
    return starts


def _subject(message: EmailMessage, data: bytes, header_end: int) -> tuple[str, int, bool]:
    """The decoded Subject, the offset of its value and whether it is there verbatim."""
    subject = str(message.get("subject", "") or "").strip()
    offset = 0
    for line in data[:header_end].splitlines(keepends=True):
        if line[:8].lower() == b"subject:":
            value = line[8:]
            start = offset + 8 + len(value) - len(value.lstrip(b" \t"))
            return subject, start, value.strip().decode("latin-1") == subject
        offset += len(line)
    return subject, 0, False


def _header_end(data: bytes) -> int:
    ends = [at + len(sep) for sep in (b"\r\n\r\n", b"\n\n") if (at := data.find(sep)) != -1]
    return min(ends, default=0)


def _body(part: Message, data: bytes, name: str, encoding: str) -> tuple[str, array[int]]:
    """The part's text and the raw offset of each of its characters (plus the end)."""
    transfer = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
    encoded = transfer in ("quoted-printable", "base64")
    # Undecoded, an 8bit body comes back charset-decoded with replacements; decoded, it is the
    # raw bytes. A QP or base64 body is ASCII, so its undecoded text is its raw bytes.
    payload = part.get_payload() if encoded else part.get_payload(decode=True)
    if isinstance(payload, bytes):
        raw = payload
    else:
        raw = payload.encode("ascii", "replace") if isinstance(payload, str) else b""
    if len(raw) > MAX_BODY_BYTES:
        raise InputError(
            f"the message body is too large to check ({len(raw):,} bytes; "
            f"the limit is {MAX_BODY_BYTES:,})",
            path=name,
        )
    at = data.find(raw, _header_end(data))
    at = at if at != -1 else data.rfind(raw)
    if transfer == "quoted-printable":
        body, where = _unquote(raw)
    elif transfer == "base64":
        body, where = _unbase64(raw, name, _line(data, at))
    else:
        body, where = raw, array("q", range(len(raw)))
    if at == -1:  # the parser normalised the body: every place is the start of the body
        at, where = _header_end(data), array("q", [0]) * len(where)
    where = array("q", (at + w for w in where))
    where.append(min(where[-1] + 1, len(data)) if where else at)
    charset = _charset(part, encoding, data, name)
    text = _decode(body, where, charset, data, name)
    offsets = array("q", (where[i] for i in _char_starts(body, text, charset)))
    offsets.append(where[-1])
    return text, offsets


def _with_subject(draft: Draft, subject: str, at: int, verbatim: bool) -> Draft:
    """The draft with the Subject appended as its last paragraph."""
    if not subject:
        return draft
    offsets = draft.offsets[:-1]
    offsets.extend([at, at])  # the blank line before it
    offsets.extend(range(at, at + len(subject)) if verbatim else [at] * len(subject))
    offsets.append(at + len(subject) if verbatim else at)
    return Draft(f"{draft.text}\n\n{subject}", offsets, draft.regions, draft.original, draft.body)


def extract(data: bytes, source: str | None, encoding: str) -> Draft:
    name = source or "<input>"
    message = email.message_from_bytes(data, policy=email.policy.default)
    _check_structure(message, name)
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise InputError("no text/plain or text/html part to check", path=name)
    text, offsets = _body(part, data, name, encoding)
    regions: list[tuple[int, int, str]] = []
    if part.get_content_subtype() == "html":
        html = html_draft(text)
        text, regions = html.text, html.regions
        offsets = array("q", (offsets[o] for o in html.offsets))
    draft = Draft(text, offsets, regions, data, len(text))
    return _with_subject(draft, *_subject(message, data, _header_end(data)))
