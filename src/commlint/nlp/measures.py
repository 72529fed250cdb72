"""Counts and readability of an analysed message, shared by the metric rules and the stats."""

from __future__ import annotations

from dataclasses import dataclass

import textstat
from spacy.tokens import Doc, Token


@dataclass(frozen=True)
class Measures:
    words: int
    sentences: int
    paragraphs: list[tuple[int, int]]
    """Character ranges of the paragraphs (text separated by blank lines)."""
    reading_grade: float | None
    """Flesch-Kincaid grade level, or None when there are no words."""


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-blank paragraphs, blank lines being the separators."""
    ranges: list[tuple[int, int]] = []
    start: int | None = None
    pos = end = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            if start is None:
                start = pos + (len(line) - len(line.lstrip()))
            end = pos + len(line.rstrip())
        elif start is not None:
            ranges.append((start, end))
            start = None
        pos += len(line)
    if start is not None:
        ranges.append((start, end))
    return ranges


def is_word(token: Token) -> bool:
    return not (token.is_punct or token.is_space)


def measure(doc: Doc) -> Measures:
    words = sum(1 for token in doc if is_word(token))
    sentences = sum(1 for sent in doc.sents if sent.text.strip())
    grade = float(textstat.flesch_kincaid_grade(doc.text)) if words else None
    return Measures(words, sentences, paragraph_ranges(doc.text), grade)
