"""Quoted replies, reply subject lines and signatures: text the writer did not write for this
reader.

They are left out of scoring (a customer's angry words quoted below a reply are not the reply's
tone) and reported as excluded. Detection is by line, on the extracted text of every format.
"""

from __future__ import annotations

from collections.abc import Iterator

import re2

QUOTED, SIGNATURE = "quoted_reply", "signature"

# "On Mon, 3 Jun 2024 at 10:02, Dana <dana@example.org> wrote:", possibly wrapped onto 2 lines.
_ATTRIBUTION = re2.compile(r"(?i)^\s*on\s.{1,300}\swrote:\s*$")
# Outlook: "-----Original Message-----", or a "From: ... Sent: ..." header block.
_ORIGINAL = re2.compile(r"(?i)^\s*-{2,}\s*original message\s*-{2,}\s*$")
_FROM = re2.compile(r"(?i)^\s*\*?from:\*?\s")
_SENT = re2.compile(r"(?i)^\s*\*?(sent|date):\*?\s")
_RULE = re2.compile(r"^\s*_{10,}\s*$")  # the line Outlook puts above that header block
_HEADER_LINES = 5  # "Sent:" within this many lines of "From:"
# A reply's or forward's subject line, "Re: laptop broken!!!" (German "AW:"/"WG:", Nordic "SV:"),
# optionally after "Subject:": the words are the customer's, echoed by the mail client.
_REPLY_SUBJECT = re2.compile(
    r"(?i)^\s*(?:\*?subject:\*?\s*)?(?:re|fwd?|aw|wg|sv)(?:\[\d+\])?\s*:\s*\S"
)
_SUBJECT = re2.compile(r"(?i)^\s*\*?subject:")


def is_reply_subject(line: str) -> bool:
    """Whether `line` is the subject of a reply or a forward ("Re: ...", "Fwd: ...")."""
    return bool(_REPLY_SUBJECT.search(line))


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Each line's start, end (after its newline) and content (without it)."""
    start = 0
    for line in text.splitlines(keepends=True):
        yield start, start + len(line), line.rstrip("\r\n")
        start += len(line)


def _starts_forwarded(lines: list[tuple[int, int, str]], i: int) -> bool:
    """Whether line `i` opens a quoted message that runs to the end (Outlook style)."""
    content = lines[i][2]
    if _ORIGINAL.search(content):
        return True
    if _RULE.search(content):
        i += 1
        content = lines[i][2] if i < len(lines) else ""
    if not _FROM.search(content):
        return False
    return any(_SENT.search(line[2]) for line in lines[i + 1 : i + 1 + _HEADER_LINES])


def _attribution(lines: list[tuple[int, int, str]], i: int) -> int:
    """How many lines (0, 1 or 2) an "On ... wrote:" attribution at line `i` takes."""
    content = lines[i][2]
    if _ATTRIBUTION.search(content):
        return 1
    if i + 1 < len(lines) and _ATTRIBUTION.search(f"{content} {lines[i + 1][2]}"):
        return 2
    return 0


def find_quotes(text: str) -> list[tuple[int, int, str]]:
    """Ranges `(start, end, reason)` of `text` that are quoted replies or a signature."""
    lines = list(_lines(text))
    regions: list[tuple[int, int, str]] = []
    signature: int | None = None
    first = next((i for i, line in enumerate(lines) if line[2].strip()), 0)
    i = 0
    while i < len(lines):
        start, end, content = lines[i]
        taken = 1
        if is_reply_subject(content) and (i == first or _SUBJECT.search(content)):
            regions.append((start, end, QUOTED))  # a pasted "Re: ..." subject line
        elif _starts_forwarded(lines, i):
            regions.append((start, len(text), QUOTED))
            break
        if attribution := _attribution(lines, i):
            regions.append((start, lines[i + attribution - 1][1], QUOTED))
            taken = attribution
        elif content.lstrip().startswith(">"):
            regions.append((start, end, QUOTED))
        elif content in ("-- ", "--") and signature is None:
            signature = start
        i += taken
    if signature is not None:
        after = [r[0] for r in regions if r[0] > signature]
        regions.append((signature, min(after, default=len(text)), SIGNATURE))
    return regions


def merge(regions: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping regions; neighbours of one reason with only blank lines between
    them join."""
    merged: list[tuple[int, int, str]] = []
    for start, end, reason in sorted(regions):
        if merged:
            last_start, last_end, last_reason = merged[-1]
            touching = start < last_end or (
                reason == last_reason and not text[last_end:start].strip()
            )
            if touching:
                merged[-1] = (last_start, max(last_end, end), last_reason)
                continue
        merged.append((start, end, reason))
    return merged


def uncovered(text: str, regions: list[tuple[int, int, str]]) -> str:
    """What is left of `text` outside the sorted `regions`."""
    parts: list[str] = []
    at = 0
    for start, end, _ in regions:
        parts.append(text[at:start])
        at = max(at, end)
    parts.append(text[at:])
    return "".join(parts)
