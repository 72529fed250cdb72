"""Counts, readability and jargon rate of an analysed message, shared by the rules and the stats.

Also the spans that are not prose (template placeholders) and the word-frequency bands that the
rare-word rule and the jargon rate share, so both judge a word the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import re2
import textstat
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from wordfreq import zipf_frequency

from commlint.nlp.syllables import syllable_count

if TYPE_CHECKING:
    from commlint.rules.model import Lexicon

JARGON_LEXICONS = ("it-jargon",)
"""Lexicons whose terms count as jargon in the jargon rate."""
KNOWN_LEXICONS = ("everyday-words", "common-acronyms")
"""Lexicons whose words count as common, however rare they are in general text."""

# De-Jargonizer (Rakedzon et al. 2017): common >= 1000 per 100M words (Zipf 4.0), rare < 50 per
# 100M (Zipf 2.7), mid-frequency between; a mid word counts half.
COMMON_ZIPF = 4.0
RARE_ZIPF = 2.7

# {{first_name}}, {name}, ${name}, %NAME%, [Customer Name], <<name>>: bounded, no nesting.
_PLACEHOLDER = re2.compile(
    r"\{\{[^{}\n]{1,80}\}\}|\$?\{[A-Za-z_][A-Za-z0-9_.\-]{0,60}\}|%[A-Za-z_][A-Za-z0-9_]{0,60}%"
    r"|\[[A-Z][A-Za-z0-9_ ]{0,60}\]|<<[^<>\n]{1,80}>>"
)


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


def _prose(sent: Span) -> str:
    """The sentence without URLs, e-mail addresses and @mentions, which are not read as words
    (textstat would count a long link as one word of many syllables)."""
    return "".join(
        t.text_with_ws for t in sent if not (t.like_url or t.like_email or t.text[:1] == "@")
    )


def reading_grade(doc: Doc) -> float | None:
    """Flesch-Kincaid grade over the parsed sentences, with textstat's word and syllable counts.

    textstat alone finds sentences by their full stops, so a message of unpunctuated lines
    (a greeting, a list, a sign-off) reads as one long sentence; the pipeline's sentences do not.
    On the CLEAR corpus it agrees with readers as well as textstat's own grade does
    (docs/validation.md).
    """
    sentences = [_prose(sent) for sent in doc.sents]
    sentences = [s for s in sentences if s.strip()]
    words = sum(int(textstat.lexicon_count(s)) for s in sentences)
    if not words:
        return None
    syllables = sum(syllable_count(s) for s in sentences)
    return 0.39 * words / len(sentences) + 11.8 * syllables / words - 15.59


def measure(doc: Doc) -> Measures:
    words = sum(1 for token in doc if is_word(token))
    sentences = sum(1 for sent in doc.sents if sent.text.strip())
    return Measures(words, sentences, paragraph_ranges(doc.text), reading_grade(doc))


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of template placeholders, which stand for names and are never judged."""
    return [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]


def tokens_in(doc: Doc, spans: Iterable[tuple[int, int]]) -> set[int]:
    """Indexes of the tokens that overlap any of the character spans."""
    found: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            found.update(range(span.start, span.end))
    return found


def is_name(token: Token) -> bool:
    """A proper noun by its tag, or a capitalised word inside a sentence (the tagger misses
    names it never saw, such as the reader's in "Hi, Pradeep!")."""
    if token.pos_ == "PROPN":
        return True
    return token.is_title and not token.is_sent_start


class Band(Enum):
    """A word's frequency band, as the De-Jargonizer sorts words."""

    COMMON = 0
    MID = 1
    RARE = 2


def word_zipf(token: Token) -> float:
    """The Zipf frequency of the word or, when more frequent, of its lemma ("reinstalled")."""
    zipf = zipf_frequency(token.lower_, "en")
    lemma = token.lemma_.lower()
    if lemma and lemma != token.lower_:
        zipf = max(zipf, zipf_frequency(lemma, "en"))
    return zipf


def band(zipf: float) -> Band:
    if zipf >= COMMON_ZIPF:
        return Band.COMMON
    return Band.MID if zipf >= RARE_ZIPF else Band.RARE


class JargonMeter:
    """The share of jargon in a message, De-Jargonizer style: (rare + mid / 2) / words.

    Words of the project's jargon lexicon count as rare whatever their frequency ("firewall" is
    only mid-frequency in general text); everyday words, known acronyms, allow-words and names
    count as common. Placeholders, numbers, URLs and e-mail addresses are not words here.
    """

    def __init__(self, nlp: Language, jargon: Iterable[str], known: Iterable[str]) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._matcher.add("jargon", [nlp.make_doc(term) for term in jargon])
        self._known = frozenset(word.lower() for word in known)

    @classmethod
    def from_lexicons(
        cls, nlp: Language, lexicons: Mapping[str, Lexicon], allow_words: Iterable[str]
    ) -> JargonMeter:
        """A meter from the rule packs' jargon and known-word lexicons, where present."""

        def texts(names: Iterable[str]) -> list[str]:
            return [text for name in names if name in lexicons for text in lexicons[name].texts()]

        return cls(nlp, texts(JARGON_LEXICONS), [*texts(KNOWN_LEXICONS), *allow_words])

    def rate(self, doc: Doc) -> float | None:
        """The jargon rate from 0 to 1, or None for a message with no words."""
        skip = tokens_in(doc, placeholder_spans(doc.text))
        jargon = {i for _, start, end in self._matcher(doc) for i in range(start, end)}
        total = score = 0.0
        for token in doc:
            if not token.is_alpha or token.i in skip:
                continue
            total += 1
            if token.i in jargon:
                score += 1
            elif token.lower_ not in self._known and not is_name(token):
                score += {Band.COMMON: 0.0, Band.MID: 0.5, Band.RARE: 1.0}[band(word_zipf(token))]
        return round(score / total, 3) if total else None
