"""RFC 822 email (`.eml`, what mail clients hand to sendmail): the body and the Subject.

The stdlib `email` package parses; commlint picks the text/plain body, else the HTML one, and
undoes its transfer encoding and charset itself so that every character keeps the byte offset
it came from in the raw message. The Subject is checked too, as the last paragraph of the text,
so it never stands where opening rules look for a greeting.

Every step is bounded by the size of the message: the parser runs with the `compat32` policy
(the default policy's header parser takes time and memory that grow with the square of a
header's length), MIME containers and parts are counted before they are walked, the headers
commlint reads are capped in length, and the Subject's encoded words are decoded here, in one
linear pass. A message past a bound is refused with an `InputError` naming the file.
"""

from __future__ import annotations

import binascii
import codecs
import email
import email.errors
import email.policy
import quopri
from array import array
from collections.abc import Iterator, Sequence
from email.message import Message

import re2

from commlint.errors import InputError
from commlint.extract.base import Draft
from commlint.extract.html import html_draft
from commlint.extract.quotes import QUOTED, is_reply_subject

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
# Multipart and message/* parts declared anywhere in the message: each can nest one level, and
# the parser's cost grows with the depth; forwarding a thread as attachments needs a handful.
MAX_CONTAINERS = 32
MAX_PARTS = 1_000  # parts the body is looked for in (a reply with attachments has a few)
# The headers commlint reads: RFC 5322 keeps a line under 1,000 bytes; folded, a real Subject
# or Content-Type stays far below this.
MAX_HEADER_CHARS = 4_096
_READ_HEADERS = ("subject", "content-type", "content-transfer-encoding", "content-disposition")
_CONTAINER = re2.compile(rb"(?im)^content-type:[ \t]*(?:\r?\n[ \t]+)?(?:multipart|message)/")
_ENCODED_WORD = re2.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re2.compile(r"^[ \t\r\n]*$")
# Text encodings to Python that are not character sets a mail can declare.
_NOT_CHARSETS = frozenset(
    {"idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape", "charmap"}
)


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, max(offset, 0)) + 1


def _parse(data: bytes, name: str) -> Message:
    """The parsed message, once its MIME nesting is known to be shallow enough to parse."""
    for containers, _ in enumerate(_CONTAINER.finditer(data), start=1):
        if containers > MAX_CONTAINERS:
            raise InputError(
                f"too many nested MIME parts (over {MAX_CONTAINERS} multipart or message parts)",
                path=name,
            )
    return email.message_from_bytes(data, policy=email.policy.compat32)


def _parts(message: Message) -> Iterator[Message]:
    """Every part, depth first, without recursion (`Message.walk` recurses)."""
    stack = [message]
    while stack:
        part = stack.pop()
        yield part
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            stack.extend(reversed([p for p in payload if isinstance(p, Message)]))


def _check_structure(message: Message, name: str) -> None:
    if not message.keys():
        raise InputError("not an email message: it has no headers", path=name, line=1)
    for count, part in enumerate(_parts(message), start=1):
        if count > MAX_PARTS:
            raise InputError(f"too many MIME parts (over {MAX_PARTS:,})", path=name)
        for defect in part.defects:
            if isinstance(defect, _FATAL):
                doc = (type(defect).__doc__ or type(defect).__name__).strip().rstrip(".")
                raise InputError(f"malformed MIME: {doc[:1].lower()}{doc[1:]}", path=name)
        for header, value in part.raw_items():
            if header.lower() in _READ_HEADERS and len(value) > MAX_HEADER_CHARS:
                raise InputError(
                    f"the {header} header is too long to read ({len(value):,} characters; "
                    f"the limit is {MAX_HEADER_CHARS:,})",
                    path=name,
                )


def _find_body(message: Message, preferences: Sequence[str]) -> Message | None:
    """The part to check: `EmailMessage.get_body`'s choice (the first part of the most
    preferred subtype, depth first, no attachments, the root of a multipart/related), made
    without recursion and without the default policy's header parser."""
    best: Message | None = None
    rank = len(preferences)
    stack = [message]
    while stack:
        part = stack.pop()
        if part.get_content_disposition() == "attachment":
            continue
        maintype, subtype = part.get_content_maintype(), part.get_content_subtype()
        if maintype == "text":
            if subtype in preferences and preferences.index(subtype) < rank:
                best, rank = part, preferences.index(subtype)
                if rank == 0:
                    return best
            continue
        payload = part.get_payload() if maintype == "multipart" else None
        if not isinstance(payload, list) or not payload:
            continue
        children = [p for p in payload if isinstance(p, Message)]
        if subtype == "related":
            start = part.get_param("start")
            root = [p for p in children if start and p.get("content-id") == start]
            children = root[:1] or children[:1]
        stack.extend(reversed(children))
    return best


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


def _text_codec(charset: str) -> codecs.CodecInfo | None:
    """The codec of a character set a mail may declare, or None: unknown, not a text
    encoding (`rot13`, `zlib`, `base64`), or one of Python's own (`idna`, `punycode`)."""
    try:
        info = codecs.lookup(charset)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return None
    text = getattr(info, "_is_text_encoding", True)
    return info if text and info.name not in _NOT_CHARSETS else None


def _charset(part: Message, fallback: str, data: bytes, name: str) -> str:
    charset = part.get_content_charset() or fallback
    if _text_codec(charset) is None:
        found = data.lower().find(charset.encode("ascii", "replace"))
        line = _line(data, found) if found != -1 else None
        known = True
        try:
            codecs.lookup(charset)
        except (LookupError, ValueError):
            known = False
        problem = "is not a character set" if known else "is unknown"
        raise InputError(f"charset {charset!r} {problem}", path=name, line=line) from None
    return charset


def _decode(raw: bytes, where: Sequence[int], charset: str, data: bytes, name: str) -> str:
    try:
        return raw.decode(charset)
    except UnicodeDecodeError as exc:
        offset = where[min(exc.start, len(where) - 1)]
        raise InputError(
            f"not valid {charset} (byte 0x{raw[exc.start]:02x}), though the part declares it",
            path=name,
            line=_line(data, offset),
        ) from None
    except UnicodeError as exc:  # UTF-16 or UTF-32 without a byte-order mark, and the like
        raise InputError(
            f"not valid {charset} ({exc}), though the part declares it", path=name
        ) from None


def _char_starts(raw: bytes, text: str, charset: str) -> Sequence[int]:
    """Index in `raw` of the first byte of each character of `text`.

    Byte by byte through the incremental decoder; where that decoder disagrees with the
    whole-text one (UTF-16 without a byte-order mark), each character gets its share of the
    bytes in order instead.
    """
    if len(text) == len(raw):
        return range(len(raw))
    starts: list[int] = []
    try:
        decoder = codecs.getincrementaldecoder(charset)()
        pending = 0
        for i in range(len(raw)):
            if emitted := decoder.decode(raw[i : i + 1]):
                starts.extend([pending] * len(emitted))
                pending = i + 1
        decoder.decode(b"", final=True)
    except UnicodeError:
        starts = []
    if len(starts) != len(text):
        starts = [i * len(raw) // len(text) for i in range(len(text))]
    return starts


def decode_words(value: str) -> str:
    """A header value with its RFC 2047 encoded words decoded, in one linear pass.

    Whitespace between two encoded words is dropped, as the RFC asks; a word in an unknown
    charset or with a bad encoding stays as it is written; bytes a charset cannot decode
    become U+FFFD.
    """
    out: list[str] = []
    at = 0
    previous_word = False
    for match in _ENCODED_WORD.finditer(value):
        between = value[at : match.start()]
        if not (previous_word and _BETWEEN_WORDS.match(between)):
            out.append(between)
        charset, encoding, encoded = match.group(1, 2, 3)
        charset = charset.split("*", 1)[0]  # RFC 2231 language tag
        data = encoded.encode("ascii", "replace")
        try:
            if encoding in "bB":
                raw = binascii.a2b_base64(data + b"=" * (-len(data) % 4), strict_mode=True)
            else:
                raw = quopri.decodestring(data.replace(b"_", b" "), header=True)
        except binascii.Error:
            raw = None
        codec = _text_codec(charset)
        if raw is None or codec is None:
            out.append(match.group(0))
        else:
            try:
                out.append(codec.decode(raw, "replace")[0])
            except UnicodeError:
                out.append(raw.decode("ascii", "replace"))
        at = match.end()
        previous_word = True
    out.append(value[at:])
    return "".join(out)


def _subject(message: Message, data: bytes, header_end: int) -> tuple[str, int, bool]:
    """The decoded Subject, the offset of its value and whether it is there verbatim."""
    # The raw value: 8-bit bytes in it come back as surrogates, read here as UTF-8.
    raw = next((v for k, v in message.raw_items() if k.lower() == "subject"), "")
    raw = raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    subject = decode_words("".join(raw.splitlines())).strip()  # unfolded
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
    # Before the payload: undecoded, the stdlib decodes 8-bit bytes with the declared charset.
    charset = _charset(part, encoding, data, name)
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
    text = _decode(body, where, charset, data, name)
    offsets = array("q", (where[i] for i in _char_starts(body, text, charset)))
    offsets.append(where[-1])
    return text, offsets


def _with_subject(draft: Draft, subject: str, at: int, verbatim: bool) -> Draft:
    """The draft with the Subject appended as its last paragraph; a reply's or forward's
    Subject ("Re: laptop broken!!!") is the customer's words, so it is excluded as quoted."""
    if not subject:
        return draft
    offsets = draft.offsets[:-1]
    offsets.extend([at, at])  # the blank line before it
    offsets.extend(range(at, at + len(subject)) if verbatim else [at] * len(subject))
    offsets.append(at + len(subject) if verbatim else at)
    start = len(draft.text) + 2
    regions = draft.regions
    if is_reply_subject(subject):
        regions = [*regions, (start, start + len(subject), QUOTED)]
    return Draft(f"{draft.text}\n\n{subject}", offsets, regions, draft.original, draft.body)


def extract(data: bytes, source: str | None, encoding: str) -> Draft:
    name = source or "<input>"
    message = _parse(data, name)
    _check_structure(message, name)
    part = _find_body(message, ("plain", "html"))
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
