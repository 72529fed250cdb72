"""Counts, readability and jargon rate of an analysed message, shared by the rules and the stats.

Also the spans that are not prose (template placeholders) and the word-frequency bands that the
rare-word rule and the jargon rate share, so both judge a word the same way.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

import re2
import textstat
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from textstat.backend.utils import get_lang_easy_words
from wordfreq import zipf_frequency

from commlint.nlp.per_doc import per_doc, text_of
from commlint.nlp.syllables import syllable_count

if TYPE_CHECKING:
    from commlint.rules.model import Lexicon

JARGON_LEXICONS = ("it-jargon",)
"""Lexicons whose terms count as jargon in the jargon rate, in any case."""
JARGON_ACRONYM_LEXICONS = ("plain-it-acronyms",)
"""Lexicons of acronyms that count as jargon in the jargon rate, written as listed ("SAN", not
"San")."""
KNOWN_LEXICONS = ("everyday-words", "common-acronyms")
"""Lexicons whose words count as common, however rare they are in general text."""

# De-Jargonizer (Rakedzon et al. 2017): common >= 1000 per 100M words (Zipf 4.0), rare < 50 per
# 100M (Zipf 2.7), mid-frequency between; a mid word counts half.
COMMON_ZIPF = 4.0
RARE_ZIPF = 2.7

_LIST_SEPARATORS = frozenset({",", "/", "and", "or", "&"})
_MIN_LABELS = 3

_FOREIGN_ZIPF = 3.0  # half a sentence's words under this: not English
_MIN_FOREIGN_WORDS = 3

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
    """The school grade it reads at (`Readability.grade`), or None when there are no words."""
    jargon_rate: float | None = None
    """The share of jargon (`JargonMeter.rate`), when a meter was given to `measure`."""


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


_CLITICS = frozenset(
    {"'s", "'re", "'ve", "'ll", "'d", "'m", "n't", "s", "re", "ve", "ll", "d", "m"}
)
_GREETINGS = frozenset({"hi", "hello", "hey", "hiya", "dear", "greetings"})
_SIGNATURE_MARKS = ("@", "^")  # "@handle" first, "^AB" initials last in a support tweet


def is_word(token: Token) -> bool:
    """A word as a reader counts it: not punctuation, and not the second half of a
    contraction ("we'd" is one word, which spaCy splits into "we" and "'d")."""
    if token.is_punct or token.is_space:
        return False
    return not (token.i > 0 and _is_clitic(token))


def _is_clitic(token: Token) -> bool:
    text = token.lower_.replace("\N{RIGHT SINGLE QUOTATION MARK}", "'")
    return text in _CLITICS and not token.doc[token.i - 1].whitespace_


def sentence_words(sent: Span) -> list[Token]:
    """The words of a sentence as its reader meets them: without a leading greeting ("Hi
    Sam, ..."), @handles and signature initials ("^AB"), which take no reading."""
    words = [t for t in sent if is_word(t) and not t.text.startswith(_SIGNATURE_MARKS)]
    if words and words[0].lower_ in _GREETINGS:
        comma = next((t for t in sent[:4] if t.text in (",", "!")), None)
        if comma is not None:
            words = [t for t in words if t.i > comma.i]
    return words


def _prose(sent: Span) -> list[Token]:
    """The sentence without URLs, e-mail addresses and @mentions, which are not read as words
    (textstat would count a long link as one word of many syllables)."""
    return [t for t in sent if not (t.like_url or t.like_email or t.text[:1] == "@")]


def _is_familiar(token: Token) -> bool:
    """Familiar by Dale and Chall's own counting rules, which textstat leaves out: a word of
    their list (textstat's copy, about 3,000 words), a regular inflection of one (its lemma is
    listed: "fixed", "printers") or a name."""
    familiar = get_lang_easy_words("en")  # cached by textstat
    return token.lower_ in familiar or token.lemma_.lower() in familiar or is_name(token)


@dataclass(frozen=True)
class Readability:
    """The counts behind the reading grade, and the standard formulas over them."""

    sentences: int
    words: int
    syllables: int
    tokens: int
    """Alphabetic tokens, the words that Dale-Chall judges familiar or not."""
    unfamiliar: int

    @property
    def flesch_kincaid_grade(self) -> float:
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59

    @property
    def flesch_reading_ease(self) -> float:
        return 206.835 - 1.015 * self.words / self.sentences - 84.6 * self.syllables / self.words

    @property
    def dale_chall_score(self) -> float:
        """Dale and Chall's 1948 formula, as textstat computes it, over these counts."""
        unfamiliar = 100 * self.unfamiliar / self.tokens if self.tokens else 0.0
        score = 0.1579 * unfamiliar + 0.0496 * self.words / self.sentences
        return score + 3.6365 if unfamiliar > 5 else score

    @property
    def dale_chall_grade(self) -> float:
        return table_grade(self.dale_chall_score, DALE_CHALL_GRADES)

    @property
    def grade(self) -> float:
        """The mean of the Flesch-Kincaid and Dale-Chall grades: one formula for long words,
        one for unfamiliar words, each with sentence length (docs/validation.md says why)."""
        return (self.flesch_kincaid_grade + self.dale_chall_grade) / 2


DALE_CHALL_GRADES = ((5.0, 5.0), (6.0, 7.0), (7.0, 9.0), (8.0, 11.0), (9.0, 13.0), (10.0, 16.0))
"""Dale and Chall's table from score to school grade, at the band starts: 5.0-5.9 is grades 5-6,
6.0-6.9 grades 7-8, 7.0-7.9 grades 9-10, 8.0-8.9 grades 11-12, 9.0-9.9 grades 13-15 (college),
10 and above grade 16 and above."""


def table_grade(score: float, table: Sequence[tuple[float, float]]) -> float:
    """A score read off a published score-to-grade table (scores increasing): linear between its
    rows, and along its first or last segment beyond them, so the grade never jumps."""
    at = min(max(bisect_right([row[0] for row in table], score), 1), len(table) - 1)
    (s0, g0), (s1, g1) = table[at - 1], table[at]
    return g0 + (g1 - g0) * (score - s0) / (s1 - s0)


def readability(doc: Doc) -> Readability | None:
    """The readability counts over the parsed sentences, or None when there are no words.

    textstat alone finds sentences by their full stops, so a message of unpunctuated lines
    (a greeting, a list, a sign-off) reads as one long sentence; the pipeline's sentences do
    not. Words and syllables are textstat's (syllables from the CMU dictionary); familiarity
    is judged on the tokens, which carry the lemmas and tags.
    """
    sentences = [tokens for tokens in (_prose(sent) for sent in doc.sents) if tokens]
    texts = ["".join(t.text_with_ws for t in tokens) for tokens in sentences]
    texts = [text for text in texts if text.strip()]
    words = sum(int(textstat.lexicon_count(text)) for text in texts)
    if not words:
        return None
    judged = [t for tokens in sentences for t in tokens if t.is_alpha]
    return Readability(
        sentences=len(texts),
        words=words,
        syllables=sum(syllable_count(text) for text in texts),
        tokens=len(judged),
        unfamiliar=sum(1 for t in judged if not _is_familiar(t)),
    )


def reading_grade(doc: Doc) -> float | None:
    """The school grade the message reads at (`Readability.grade`), None when it has no words."""
    counts = readability(doc)
    return counts.grade if counts is not None else None


def measure(doc: Doc, jargon: JargonMeter | None = None) -> Measures:
    words = sum(1 for token in doc if is_word(token))
    sentences = sum(1 for sent in doc.sents if sent.text.strip())
    rate = jargon.rate(doc) if jargon is not None else None
    return Measures(words, sentences, paragraph_ranges(text_of(doc)), reading_grade(doc), rate)


@per_doc
def foreign_sentences(doc: Doc) -> frozenset[int]:
    """Sentences (by start token) that are mostly words English hardly uses: another language
    ("Klicke auf diesem Link"), whose words an English frequency list cannot judge."""
    foreign = set()
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha and not t.is_upper]
        rare = sum(1 for t in words if zipf_frequency(t.lower_, "en") < _FOREIGN_ZIPF)
        if len(words) >= _MIN_FOREIGN_WORDS and rare * 2 >= len(words):
            foreign.add(sent.start)
    return frozenset(foreign)


def _is_label(token: Token) -> bool:
    """A short capitalised label such as "OS", "CPU" or "POP3"."""
    text = token.text
    return text.isalnum() and text[0].isupper() and sum(c.isupper() for c in text) >= 2


@per_doc
def label_lists(doc: Doc) -> frozenset[int]:
    """Tokens of lists of three or more labels that the reader is asked for or pointed at:
    "share your specs (OS, CPU, RAM)", a menu path "POP3/IMAP/SMTP", or a list after a
    question. The reader has to find these exact labels, so they are not jargon to explain."""
    found: set[int] = set()
    i = 0
    while i < len(doc):
        if not _is_label(doc[i]):
            i += 1
            continue
        items, seps, j = [i], set(), i + 1
        while j < len(doc):
            if _is_label(doc[j]):
                items.append(j)
                j += 1
            elif doc[j].lower_ in _LIST_SEPARATORS and j + 1 < len(doc) and _is_label(doc[j + 1]):
                seps.add(doc[j].text)
                j += 1
            else:
                break
        first = doc[i]
        asked = any(t.text == "?" for t in doc[max(0, first.sent.start - 1) : first.sent.end])
        pointed = "/" in seps or (i > 0 and doc[i - 1].text == "(")
        if len(items) >= _MIN_LABELS and (asked or pointed):
            found.update(items)
        i = j
    return frozenset(found)


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

    Words of the project's jargon lexicons (terms, and acronyms as written) count as rare
    whatever their frequency ("firewall" is only mid-frequency in general text, and the tagger
    takes "VLAN" for a name); everyday words, known acronyms, allow-words, names and the
    labels of a list the reader is asked for (`label_lists`) count as common. Placeholders,
    numbers, URLs, e-mail addresses and sentences in another language are not words here.
    """

    def __init__(
        self,
        nlp: Language,
        jargon: Iterable[str],
        known: Iterable[str],
        acronyms: Iterable[str] = (),
    ) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._matcher.add("jargon", [nlp.make_doc(term) for term in jargon])
        self._acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._acronyms.add("jargon", [nlp.make_doc(term) for term in acronyms])
        self._known = frozenset(word.lower() for word in known)

    @classmethod
    def from_lexicons(
        cls, nlp: Language, lexicons: Mapping[str, Lexicon], allow_words: Iterable[str]
    ) -> JargonMeter:
        """A meter from the rule packs' jargon and known-word lexicons, where present."""

        def texts(names: Iterable[str]) -> list[str]:
            return [text for name in names if name in lexicons for text in lexicons[name].texts()]

        known = [*texts(KNOWN_LEXICONS), *allow_words]
        return cls(nlp, texts(JARGON_LEXICONS), known, texts(JARGON_ACRONYM_LEXICONS))

    def rate(self, doc: Doc) -> float | None:
        """The jargon rate from 0 to 1, or None for a message with no words."""
        skip = tokens_in(doc, placeholder_spans(text_of(doc)))
        foreign = foreign_sentences(doc)
        skip.update(t.i for sent in doc.sents if sent.start in foreign for t in sent)
        found = [*self._matcher(doc), *self._acronyms(doc)]
        labels = label_lists(doc)
        jargon = {i for _, start, end in found for i in range(start, end)} - labels
        total = score = 0.0
        for token in doc:
            if token.i in skip or not (token.is_alpha or token.i in jargon):  # "802.1X" counts
                continue
            total += 1
            if token.i in jargon:
                score += 1
            elif token.lower_ not in self._known and token.i not in labels and not is_name(token):
                score += {Band.COMMON: 0.0, Band.MID: 0.5, Band.RARE: 1.0}[band(word_zipf(token))]
        return round(score / total, 3) if total else None
