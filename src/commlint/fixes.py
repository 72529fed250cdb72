"""Edits that fix findings, as byte splices of the original file.

Findings index the checked text; a fix must land in the file the writer keeps. Each span maps
back through the extraction's offsets (`Extracted.original_offset`) and is edited only where
the original holds the matched text verbatim, so every byte outside the fixed spans stays as it
was. `fix_message` applies the safe replacements (`Finding.safe`) and re-checks the result,
dropping any edit that would bring a new finding. The CLI (`commlint fix`), the language server
and the service's page all use this module.
"""

from __future__ import annotations

import codecs
import email
import email.policy
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from commlint.errors import InputError
from commlint.extract import Extracted, extract
from commlint.extract.plain import decode
from commlint.report import Finding, MessageKind, Report

if TYPE_CHECKING:
    from commlint.linter import Linter

__all__ = [
    "Edit",
    "FixResult",
    "Source",
    "apply",
    "fix_message",
    "replacement_edits",
    "snippet_edit",
]

_BOMS = (  # the order matters: a UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SENTENCE_END = ".!?"
_SIGN_OFF_WORDS = 5  # a last paragraph this short is a sign-off: a snippet goes before it


@dataclass(frozen=True)
class Edit:
    """Replace bytes `start:end` of the original input by `text` (encoded as `raw`), for the
    finding of `rule` at `line`:`column`."""

    start: int
    end: int
    text: str
    raw: bytes
    rule: str
    line: int
    column: int


@dataclass(frozen=True)
class Source:
    """A message's bytes, its extraction, and how to write text back into those bytes.

    For plain text, Markdown and HTML, extraction offsets count characters of `decoded`; for an
    email they count bytes of `data`, and only a 7bit or 8bit body (and an ASCII Subject) can be
    edited in place.
    """

    data: bytes
    fmt: str
    extracted: Extracted
    codec: str
    bom: int = 0
    decoded: str | None = None
    header_end: int = 0
    refusal: str | None = None  # why the email body cannot be edited in place
    markup: bool = False  # replacements are HTML-escaped

    @classmethod
    def load(
        cls, data: bytes, fmt: str, *, source: str | None = None, encoding: str = "utf-8"
    ) -> Source:
        """Extract the message; raises `InputError` as `commlint.extract.extract` does."""
        extracted = extract(data, fmt, source=source, encoding=encoding)
        if fmt == "eml":
            return cls._email(data, extracted, encoding)
        bom, codec = next(((len(b), c) for b, c in _BOMS if data.startswith(b)), (0, encoding))
        decoded = decode(data, source or "<input>", encoding)
        return cls(data, fmt, extracted, codec, bom, decoded, markup=fmt == "html")

    @classmethod
    def _email(cls, data: bytes, extracted: Extracted, encoding: str) -> Source:
        message = email.message_from_bytes(data, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain", "html"))
        if part is None:  # extraction has already refused such a message
            raise InputError("no text/plain or text/html part to check")
        transfer = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
        refusal = None
        if transfer in ("quoted-printable", "base64"):
            refusal = f"the body is {transfer}-encoded; fix it in your mail client"
        ends = [at + len(sep) for sep in (b"\r\n\r\n", b"\n\n") if (at := data.find(sep)) != -1]
        header_end = min(ends, default=0)
        charset = part.get_content_charset() or encoding
        if transfer == "7bit" and data[header_end:].isascii():
            charset = "ascii"  # a 7bit body stays 7bit
        return cls(
            data,
            "eml",
            extracted,
            charset,
            header_end=header_end,
            refusal=refusal,
            markup=part.get_content_subtype() == "html",
        )

    @property
    def newline(self) -> str:
        """The line ending the message uses, for inserted paragraphs."""
        return "\r\n" if b"\r\n" in self.data else "\n"

    # -- mapping -----------------------------------------------------------------------------

    def _bytes_at(self, char: int) -> int:
        """Byte offset of character offset `char` of `decoded`."""
        assert self.decoded is not None
        return self.bom + len(self.decoded[:char].encode(self.codec))

    def span(self, start: int, end: int) -> tuple[int, int, str] | str:
        """Bytes `(start, end)` holding `text[start:end]` verbatim and the codec to write
        there, or why that span cannot be edited."""
        text = self.extracted.text
        first = self.extracted.original_offset(start)
        last = first if end <= start else self.extracted.original_offset(end - 1)
        if self.decoded is not None:
            stop = last + 1 if end > start else first
            if self.decoded[first:stop] != text[start:end]:
                return "the text there is not written as it reads (markup or escapes)"
            return self._bytes_at(first), self._bytes_at(stop), self.codec
        in_header = first < self.header_end
        if not in_header and self.refusal:
            return self.refusal
        codec = "ascii" if in_header else self.codec
        try:
            stop = last + (len(text[end - 1].encode(codec)) if end > start else 0)
            verbatim = self.data[first:stop].decode(codec) == text[start:end]
        except (UnicodeError, LookupError):
            verbatim = False
        if not verbatim:
            return "the text there is not written as it reads (an encoded header or markup)"
        return first, stop, codec

    def edit(
        self, start: int, end: int, text: str, finding: Finding, *, after: bool = False
    ) -> Edit | str:
        """An edit replacing `extracted.text[start:end]` by `text` (inserting it right after
        `text[start:end]` when `after`), or why it cannot be made."""
        where = self.span(start, end)
        if isinstance(where, str):
            return where
        first, stop, codec = where
        if after:
            first = stop
        written = html.escape(text, quote=False) if self.markup else text
        try:
            raw = written.encode(codec)
        except UnicodeEncodeError:
            return f"{text!r} cannot be written in {codec}"
        return Edit(first, stop, text, raw, finding.rule, finding.line, finding.column)


def apply(data: bytes, edits: Iterable[Edit]) -> bytes:
    """`data` with non-overlapping `edits` spliced in."""
    out = bytearray(data)
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        out[edit.start : edit.end] = edit.raw
    return bytes(out)


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t")
    return not before or before[-1] == "\n" or before[-1] in _SENTENCE_END


def replacement_edits(
    source: Source, finding: Finding, replacement: str, *, capital: bool = False
) -> list[Edit] | str:
    """The edits that put `replacement` in place of the finding's text, or why they cannot.

    A replacement takes the capital the matched text had at the start of a sentence (or when
    `capital`: an earlier removal made this the start). A removal (`""`) takes a following
    comma and space with it, or the space before it; at the start of a sentence the next word
    then takes the capital, as a second edit of its first letter.
    """
    text = source.extracted.text
    start, end = finding.start, finding.end
    if end <= start:
        return "nothing to replace"
    sentence_start = _sentence_start(text, start)
    capital = capital or (sentence_start and text[start].isupper())
    made: list[Edit | str]
    if replacement:
        new = replacement[0].upper() + replacement[1:] if capital else replacement
        made = [source.edit(start, end, new, finding)]
    elif sentence_start:
        if text[end : end + 1] == ",":
            end += 1
        while text[end : end + 1] == " ":
            end += 1
        following = text[end : end + 1]
        if not following.isalnum():
            return "removing it would leave the sentence without words"
        made = [source.edit(start, end, "", finding)]
        if capital and following.islower():
            made.append(source.edit(end, end + 1, following.upper(), finding))
    else:
        before = len(text[:start]) - len(text[:start].rstrip(" "))
        if text[end : end + 1] == "," and text[start - before - 1 : start - before] == ",":
            made = [source.edit(start - before - 1, end + 1, "", finding)]
        else:
            made = [source.edit(start - before, end, "", finding)]
    refusal = next((m for m in made if isinstance(m, str)), None)
    return refusal if refusal is not None else [m for m in made if isinstance(m, Edit)]


def snippet_edit(source: Source, finding: Finding) -> Edit | str:
    """The edit that inserts the finding's snippet as a paragraph of its own: before the first
    line, or after the last paragraph (before a short sign-off)."""
    if finding.snippet is None:
        return "no snippet"
    text = source.extracted.text
    gap = source.newline * 2
    paragraphs = _body_paragraphs(source)
    if not paragraphs:
        return "no paragraph to put it next to"
    if finding.snippet.at == "start":
        at = paragraphs[0][0]
        return source.edit(at, at, finding.snippet.text + gap, finding)
    last = paragraphs[-1]
    if len(paragraphs) > 1 and len(text[last[0] : last[1]].split()) <= _SIGN_OFF_WORDS:
        return source.edit(last[0], last[0], finding.snippet.text + gap, finding)
    return source.edit(last[1] - 1, last[1], gap + finding.snippet.text, finding, after=True)


def _body_paragraphs(source: Source) -> list[tuple[int, int]]:
    """Spans of the checked text's paragraphs (runs of non-blank lines, either line ending),
    leaving out an email's Subject."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    at = end = 0
    for line in source.extracted.text.splitlines(keepends=True):
        body = line.strip()
        if body:
            begin = at + line.index(body)
            start = begin if start is None else start
            end = begin + len(body)
        elif start is not None:
            spans.append((start, end))
            start = None
        at += len(line)
    if start is not None:
        spans.append((start, end))
    if source.fmt == "eml":
        spans = [s for s in spans if source.extracted.original_offset(s[0]) >= source.header_end]
    return spans


@dataclass(frozen=True)
class FixResult:
    """What `fix_message` did: the fixed bytes and, one line each, what it left alone."""

    data: bytes
    report: Report
    applied: list[Edit] = field(default_factory=list)
    dropped: list[Edit] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def safe_edits(source: Source, findings: Sequence[Finding]) -> tuple[list[list[Edit]], list[str]]:
    """Non-overlapping edits for the safe findings, one group a finding, and one line for each
    finding that cannot be fixed.

    When a removal at the start of a sentence is followed by another safe finding, that one
    takes the capital instead of the removal's second edit, and both go in one group: kept or
    dropped together.
    """
    groups: list[list[Edit]] = []
    refused: list[str] = []
    capital_at: int | None = None  # where a removal left a word to capitalise
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if not finding.safe or not finding.suggestions:
            continue
        merge = capital_at is not None and finding.start == capital_at
        made = replacement_edits(source, finding, finding.suggestions[0], capital=merge)
        taken = [e for group in groups for e in group][: -1 if merge else None]
        if isinstance(made, str) or any(_overlap(m, e) for m in made for e in taken):
            why = made if isinstance(made, str) else "overlaps another fix"
            refused.append(f"{finding.line}:{finding.column}: {finding.rule}: not fixed: {why}")
            capital_at = None
            continue
        if merge:
            groups[-1][-1:] = made
        else:
            groups.append(made)
        capital_at = _capital_at(source.extracted.text, finding, made)
    return groups, refused


def _overlap(a: Edit, b: Edit) -> bool:
    return a.start < b.end and b.start < a.end


def _capital_at(text: str, finding: Finding, made: list[Edit]) -> int | None:
    """Index of the letter a sentence-start removal capitalised, if it did."""
    if finding.suggestions[0] or len(made) < 2:
        return None
    at = finding.end
    while text[at : at + 1] in (",", " ") and at < len(text):
        at += 1
    return at


def _keys(report: Report) -> Counter[tuple[str, str]]:
    return Counter((f.rule, " ".join(f.text.lower().split())) for f in report.findings)


def fix_message(
    linter: Linter,
    data: bytes,
    fmt: str,
    *,
    source: str | None = None,
    encoding: str = "utf-8",
    kind: MessageKind | str | None = None,
) -> FixResult:
    """Apply the safe replacements to a message and keep those that bring no new finding.

    All edits are tried at once; if the result has a finding the original did not, each edit is
    tried in turn on top of the ones kept so far. The re-check uses the original's kind, so a
    fix never changes what the message is judged as.
    """
    original = Source.load(data, fmt, source=source, encoding=encoding)
    report = linter.check(original.extracted, kind, source=source)
    groups, refused = safe_edits(original, report.findings)
    before = _keys(report)

    def clean(candidate: list[Edit]) -> bool:
        try:
            fixed = Source.load(apply(data, candidate), fmt, source=source, encoding=encoding)
        except InputError:
            return False
        after = linter.check(fixed.extracted, report.kind, source=source)
        return not (_keys(after) - before)

    edits = [edit for group in groups for edit in group]
    if not edits or clean(edits):
        return FixResult(apply(data, edits), report, edits, [], refused)
    kept: list[Edit] = []
    dropped: list[Edit] = []
    for group in groups:
        if clean([*kept, *group]):
            kept.extend(group)
        else:
            dropped.extend(group)
    return FixResult(apply(data, kept), report, kept, dropped, refused)
