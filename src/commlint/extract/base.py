"""What every format extractor produces: the text to score and where each character came from.

Extractors never edit the input. They build a new text (markup, quoted replies and signatures
left out) and, for every character of it, the offset of the input character it stands for, so a
finding in the scored text can be reported at the line and column of the original file.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

import re2

from commlint.report import Excluded

_WORD = re2.compile(r"\S+")  # HTML whitespace is ASCII only: a no-break space is a letter
_DIRECTIVE = "commlint-"


def line_starts(original: str | bytes) -> array[int]:
    """Offsets at which each line of `original` starts."""
    newline = "\n" if isinstance(original, str) else b"\n"
    starts = array("q", [0])
    at = original.find(newline)  # type: ignore[arg-type]
    while at != -1:
        starts.append(at + 1)
        at = original.find(newline, at + 1)  # type: ignore[arg-type]
    return starts


@dataclass(frozen=True)
class Comment:
    """A `<!-- commlint-... -->` comment (an inline suppression) and where it is in the input.

    `text` is what stands between `<!--` and `-->`; `start`/`end` are offsets in the original
    input of the whole comment. `commlint.suppression` reads what it says.
    """

    text: str
    start: int
    end: int


def directive(text: str, start: int, end: int) -> Comment | None:
    """The comment if it speaks to commlint (its text starts with `commlint-`), else None."""
    return Comment(text, start, end) if text.strip().startswith(_DIRECTIVE) else None


@dataclass(frozen=True)
class Extracted:
    """A message ready to check.

    `text` is what gets scored; `offsets[i]` is the offset in the original input of `text[i]`
    (and `offsets[len(text)]` the end). Offsets count characters of the decoded input, except
    for `eml`, where they count bytes of the raw message (its charsets are only known per part).
    `comments` are the inline suppression comments (Markdown and HTML only).
    """

    text: str
    fmt: str
    excluded: list[Excluded] = field(default_factory=list)
    source: str | None = None
    offsets: array[int] = field(default_factory=lambda: array("q", [0]), repr=False)
    starts: array[int] = field(default_factory=lambda: array("q", [0]), repr=False)
    comments: tuple[Comment, ...] = ()

    @classmethod
    def plain(cls, text: str, source: str | None = None) -> Extracted:
        """The text as it is, nothing left out: what `Linter.check` does with a `str`."""
        return cls(text, "text", [], source, array("q", range(len(text) + 1)), line_starts(text))

    def original_offset(self, offset: int) -> int:
        """Offset in the original input of `text[offset]`."""
        return self.offsets[min(max(offset, 0), len(self.offsets) - 1)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column in the original input of `text[offset]`."""
        return self.original_position(self.original_offset(offset))

    def original_position(self, original: int) -> tuple[int, int]:
        """1-based line and column of the original input's offset `original`."""
        line = bisect_right(self.starts, original)
        return line, original - self.starts[line - 1] + 1


class TextBuilder:
    """Assembles extracted text piece by piece, recording each character's original offset.

    Runs of whitespace collapse when asked (HTML), and breaks never stack beyond a blank line, so
    markup that nests a thousand blocks deep still yields one paragraph break.
    """

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets: array[int] = array("q")
        self.regions: list[tuple[int, int, str]] = []
        self._newlines = 2  # at the start, as after a paragraph: no leading breaks or spaces
        self._open: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.offsets)

    def add(self, text: str, start: int, *, verbatim: bool = True) -> None:
        """Append `text` found at `start`; if not `verbatim` (an entity, an escape), every
        character maps to `start`."""
        if not text:
            return
        self.parts.append(text)
        if verbatim:
            self.offsets.extend(range(start, start + len(text)))
        else:
            self.offsets.extend([start] * len(text))
        trailing = len(text) - len(text.rstrip("\n"))
        self._newlines = self._newlines + trailing if trailing == len(text) else trailing

    def space(self, start: int) -> None:
        """One space for a run of whitespace, unless the text already ends in a break or space."""
        if self._newlines == 0 and not self.parts[-1].endswith(" "):
            self.add(" ", start)

    def add_collapsed(self, text: str, start: int) -> None:
        """Append text whose whitespace runs count as one space, as a browser shows them."""
        at = 0
        for word in _WORD.finditer(text):
            if word.start() > at:
                self.space(start + at)
            self.add(word.group(), start + word.start())
            at = word.end()
        if at < len(text):
            self.space(start + at)

    def line_break(self, at: int) -> None:
        """A forced line break (`<br>`), up to one blank line in a row."""
        if self._newlines < 2:
            self.add("\n", at)

    def brk(self, lines: int, at: int) -> None:
        """End the current line (`lines=1`) or paragraph (`lines=2`)."""
        while self._newlines < lines:
            self.add("\n", at)

    def open(self, reason: str) -> None:
        """Start a region that is left out of scoring (nested opens of a reason are one)."""
        self._open.setdefault(reason, len(self))

    def close(self, reason: str) -> None:
        start = self._open.pop(reason, None)
        if start is not None and start < len(self):
            self.regions.append((start, len(self), reason))

    def end(self, at: int) -> tuple[str, array[int], list[tuple[int, int, str]]]:
        """The text, its offsets (with the end offset `at` appended) and its regions."""
        for reason in list(self._open):
            self.close(reason)
        offsets = array("q", self.offsets)
        offsets.append(at)
        return "".join(self.parts), offsets, sorted(self.regions)


@dataclass(frozen=True)
class Draft:
    """A format extractor's output, before quoted replies and signatures are taken out.

    Only `text[:body]` is searched for them (an email's Subject follows its body).
    """

    text: str
    offsets: array[int]
    regions: list[tuple[int, int, str]]
    original: str | bytes
    body: int
    comments: tuple[Comment, ...] = ()


def assemble(
    draft: Draft, regions: list[tuple[int, int, str]], fmt: str, source: str | None
) -> Extracted:
    """Cut the excluded regions out of the draft, keeping each kept character's offset."""
    text, offsets = draft.text, draft.offsets
    starts = line_starts(draft.original)
    kept: list[str] = []
    kept_offsets = array("q")
    excluded: list[Excluded] = []
    whole = Extracted(text, fmt, offsets=offsets, starts=starts)
    at = 0
    for start, end, reason in regions:
        kept.append(text[at:start])
        kept_offsets.extend(offsets[at:start])
        line, column = whole.position(start)
        excluded.append(
            Excluded(
                reason=reason,
                start=offsets[start],
                end=min(offsets[end - 1] + 1, len(draft.original))
                if end > start
                else offsets[start],
                line=line,
                column=column,
            )
        )
        at = end
    kept.append(text[at:])
    kept_offsets.extend(offsets[at:])  # includes the end offset
    return Extracted("".join(kept), fmt, excluded, source, kept_offsets, starts, draft.comments)
