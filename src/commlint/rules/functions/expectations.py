"""Python rule functions for the expectations dimension, and the time expressions they share.

Time expressions are the core of the pack: several rules ask "is there a time here, and what
sort?", so the spaCy token patterns that recognise them live here, once (`find_times`). They
use token text and shape only, so they work on every pipeline.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise, product
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.tokens import Token as SpacyToken
from spacy.util import filter_spans
from spacy.vocab import Vocab

from commlint.nlp.compact import without_space_tokens
from commlint.nlp.per_doc import per_doc, text_of
from commlint.nlp.phrases import phrase_matcher
from commlint.rules.registry import Match, RuleContext, rule_function

Token = dict[str, Any]
Pattern = list[Token]


class TimeLabel(StrEnum):
    """What sort of time an expression gives."""

    CLOCK = "clock"  # 5 pm, 17:00, noon
    DATE = "date"  # 3 May, May 3rd, 03/05/2025
    WEEKDAY = "weekday"  # on Tuesday, next Friday morning
    DAY = "day"  # today, tomorrow morning, this afternoon
    DEADLINE = "deadline"  # end of day, close of business
    DURATION = "duration"  # within 2 hours, in two working days
    RECURRING = "recurring"  # every hour, hourly
    ABBREVIATION = "abbreviation"  # EOD, COB: a time, but in shorthand
    LOOSE = "loose"  # next week, in a few days: a window, not a time


@dataclass(frozen=True)
class TimeExpression:
    label: TimeLabel
    start: int
    end: int
    text: str

    @property
    def concrete(self) -> bool:
        """A time the reader can plan around (not a loose window)."""
        return self.label is not TimeLabel.LOOSE


def _tokens(*alternatives: Pattern) -> list[Pattern]:
    return list(alternatives)


def _optional(slot: list[Pattern]) -> list[Pattern]:
    """`[[], [token], ...]` as `[[token?], ...]`: the same matches from half the patterns.

    The Matcher's time grows with its number of patterns, and a slot that may be empty would
    otherwise double them (the time patterns went from 260 to 79 this way)."""
    singles = [alt for alt in slot if len(alt) == 1 and "OP" not in alt[0]]
    if [] not in slot or len(singles) != 1:
        return slot
    return [[{**alt[0], "OP": "?"}] if alt is singles[0] else alt for alt in slot if alt]


def _join(*slots: list[Pattern]) -> list[Pattern]:
    """Every concatenation of one alternative from each slot (an empty one makes it optional)."""
    combos = product(*(_optional(slot) for slot in slots))
    return [[token for part in combo for token in part] for combo in combos]


def _any(words: Iterable[str]) -> Token:
    return {"LOWER": {"IN": sorted(words)}}


# fmt: off
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "tues", "thurs"]
MONTHS = ["january", "february", "march", "april", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
          "sep", "sept", "oct", "nov", "dec"]  # "may" is a verb too: see _MONTH
_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
ORDINALS = [f"{n}{_SUFFIX.get(n, 'th')}" for n in range(1, 32)]
PARTS_OF_DAY = ["morning", "afternoon", "evening", "night", "lunchtime"]
UNITS = ["minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days",
         "week", "weeks"]
ABBREVIATIONS = {
    "eod": "end of day",
    "cob": "close of business",
    "eob": "end of business",
    "eow": "end of the week",
}
"""Shorthand deadlines and the words to spell them out in."""

_NUM: Pattern = [{"LIKE_NUM": True}]
_CLOCK_NUM: Pattern = [{"SHAPE": {"IN": ["d", "dd", "d:dd", "dd:dd", "d.dd", "dd.dd"]}}]
_AMPM: Pattern = [_any(["am", "pm", "a.m.", "p.m.", "a.m", "p.m"])]
_DAY_NUM = _tokens([{"SHAPE": {"IN": ["d", "dd"]}}], [_any(ORDINALS)])
_MONTH = _tokens([_any(MONTHS)], [{"ORTH": "May"}])
_YEAR = _tokens([], [{"SHAPE": "dddd"}], [{"ORTH": ","}, {"SHAPE": "dddd"}])
PREFIXES = ["by", "before", "until", "till", "on", "at", "around", "from", "after", "for"]
NO_LATER_THAN = ("no", "later", "than")
_AT = _tokens([_any(["at", "by", "before", "until", "till", "after", "around", "from"])])
_QTY = _tokens(_NUM, [_any(["a", "an"])], [{"LOWER": "half"}, _any(["a", "an"])],
               [{"LOWER": "a"}, {"LOWER": "couple"}, {"LOWER": "of"}])
_PART = _tokens([], [_any(PARTS_OF_DAY)])

TIME_PATTERNS: dict[TimeLabel, list[Pattern]] = {
    TimeLabel.CLOCK: [
        *_join(_AT, [[{"SHAPE": {"IN": ["d", "dd", "d.dd", "dd.dd"]}}]]),
        *_join(_AT, [[_any(["lunch", "lunchtime"])]]),
    ],
    TimeLabel.DATE: [*_join(_AT, [[{"LOWER": "the"}, _any(ORDINALS)]])],
    TimeLabel.DAY: [
        [{"LOWER": "first"}, {"LOWER": "thing"}, _any(["tomorrow", "today"])],
        [{"LOWER": "first"}, {"LOWER": "thing"}, {"LOWER": "in"}, {"LOWER": "the"},
         {"LOWER": "morning"}],
    ],
    TimeLabel.DURATION: [
        *_join(
            [[_any(["within", "in", "inside", "under", "for", "over"])]],
            [[], [{"LOWER": "the"}]],
            [[], [_any(["next", "first"])]],
            [[], [_any(["about", "around", "roughly", "approximately"])]],
            _QTY,
            [[], [_any(["working", "business"])]],
            [[_any(UNITS)]],
        ),
        [{"LOWER": "within"}, {"LOWER": "the"}, {"LOWER": "hour"}],
    ],
    TimeLabel.RECURRING: [
        *_join([[{"LOWER": "every"}]], [[], _NUM], [[_any([*UNITS, *PARTS_OF_DAY])]]),
        [_any(["hourly"])],
    ],
    TimeLabel.ABBREVIATION: [[_any(["eod", "eob", "eow"])], [{"ORTH": "COB"}]],
    TimeLabel.LOOSE: [
        *_join(
            [[], [_any(["later", "early", "earlier", "sometime"])]],
            [[_any(["this", "next"])]],
            [[_any(["week", "month", "weekend", "year", "quarter"])]],
        ),
        *_join(
            [[_any(["in", "over", "within", "during"])]],
            [[_any(["the", "a"])]],
            [[], [_any(["coming", "next"])]],
            [[], [_any(["few", "couple"])]],
            [[], [{"LOWER": "of"}]],
            [[_any(["hours", "days", "weeks"])]],
        ),
        [{"LOWER": "over"}, {"LOWER": "the"}, {"LOWER": "weekend"}],
    ],
}
PREFIXED_TIME_PATTERNS: dict[TimeLabel, list[Pattern]] = {
    TimeLabel.CLOCK: [
        *_join([_CLOCK_NUM], [_AMPM]),
        [{"SHAPE": {"IN": ["d:ddxx", "dd:ddxx", "d.ddxx", "dd.ddxx"]}}],
        [{"SHAPE": {"IN": ["d:dd", "dd:dd"]}}],
        *_join([[], _NUM], [[_any(["noon", "midday", "midnight"])]]),
        *_join([_NUM], [[_any(["o'clock", "o\u2019clock"])]]),
        [_any(["half", "quarter"]), _any(["past", "to"]), {"LIKE_NUM": True}],
    ],
    TimeLabel.DATE: [
        *_join(_DAY_NUM, [[], [{"LOWER": "of"}]], _MONTH, _YEAR),
        *_join(_MONTH, _DAY_NUM, _YEAR),
        [{"SHAPE": {"IN": ["dd/dd/dddd", "d/dd/dddd", "dd/d/dddd", "d/d/dddd", "dd/dd/dd",
                           "d/d/dd"]}}],
        [{"SHAPE": "dddd"}, {"ORTH": "-"}, {"SHAPE": "dd"}, {"ORTH": "-"}, {"SHAPE": "dd"}],
    ],
    TimeLabel.WEEKDAY: _join([[], [_any(["next", "this", "coming"])]], [[_any(WEEKDAYS)]], _PART),
    TimeLabel.DAY: [
        *_join([[], [{"LOWER": "later"}]], [[_any(["today", "tonight", "tomorrow"])]], _PART),
        [{"LOWER": "this"}, _any(PARTS_OF_DAY)],
        [{"LOWER": "the"}, {"LOWER": "day"}, {"LOWER": "after"}, {"LOWER": "tomorrow"}],
    ],
    TimeLabel.DEADLINE: _join(
        [[_any(["end", "close", "start"]), {"LOWER": "of"}]],
        [[], [{"LOWER": "the"}], [_any(["this", "next"])]],
        [[_any(["day", "today", "tomorrow", "business", "play", "week", "month"])]],
    ),
}
# fmt: on
"""Token patterns per label. The longest match wins where expressions overlap.

`PREFIXED_TIME_PATTERNS` may follow one of `PREFIXES` or "no later than" ("by 5 pm", "no later
than Friday"): `find_times` takes the prefix into the match. Written into the patterns as an
optional first token, the prefix would make the Matcher try each pattern twice at every token
(2.3 ms of a 150-word message's check against 1.6 ms this way, with the same matches)."""

_POSSESSIVE = {"'s", "\u2019s"}


_PREFIXED = "+prefix"  # on the matcher keys of PREFIXED_TIME_PATTERNS


@lru_cache(maxsize=4)
def _time_matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab, validate=True)
    for label, patterns in TIME_PATTERNS.items():
        matcher.add(label.value, patterns)
    for label, patterns in PREFIXED_TIME_PATTERNS.items():
        matcher.add(label.value + _PREFIXED, patterns)
    return matcher


def _with_prefix(compact: Doc, start: int) -> int:
    """Where a time that may take a prefix starts: at "no later than" or a preposition just
    before it, if there is one."""
    before = compact[max(start - len(NO_LATER_THAN), 0) : start]
    if tuple(token.lower_ for token in before) == NO_LATER_THAN:
        return start - len(NO_LATER_THAN)
    if start and compact[start - 1].lower_ in PREFIXES:
        return start - 1
    return start


def _time_spans(doc: Doc) -> Iterator[tuple[str, Span]]:
    """`(label, span of doc)` for each time pattern's match, with its prefix if it takes one."""
    compact, index = without_space_tokens(doc)
    strings = doc.vocab.strings
    for key, start, end in _time_matcher(doc.vocab)(compact):
        label = strings[key]
        if label.endswith(_PREFIXED):
            label, start = label.removesuffix(_PREFIXED), _with_prefix(compact, start)
        yield label, doc[index[start] : index[end - 1] + 1]


def compact_spans(matcher: Matcher | PhraseMatcher, doc: Doc) -> Iterator[tuple[str, Span]]:
    """`(key, span of doc)` for each match, matching across line breaks and extra spaces."""
    compact, index = without_space_tokens(doc)
    strings = doc.vocab.strings
    for key, start, end in matcher(compact):
        yield strings[key], doc[index[start] : index[end - 1] + 1]


_APART = {TimeLabel.LOOSE.value, TimeLabel.ABBREVIATION.value}


def _joins(text: str, previous: tuple[str, int, int], label: str, start: int) -> bool:
    """Whether a time continues the previous one ("by 5 pm" + "today", "Tuesday" + "3 May").

    Loose windows and abbreviations stay apart: each has its own finding."""
    between = text[previous[2] : start]
    return not ({previous[0], label} & _APART) and between.replace(",", " ").strip() == ""


@per_doc
def find_times(doc: Doc) -> tuple[TimeExpression, ...]:
    """Every time expression in `doc`, longest first where they overlap, in text order."""
    text = text_of(doc)
    labelled: dict[tuple[int, int], str] = {}
    for key, span in _time_spans(doc):
        if span.end < len(doc) and doc[span.end].text in _POSSESSIVE:
            continue  # "today's outage" names a day, it promises nothing
        labelled.setdefault((span.start, span.end), key)
    found: list[tuple[str, int, int]] = []
    for span in filter_spans([doc[s:e] for s, e in labelled]):
        label = labelled[(span.start, span.end)]
        if found and _joins(text, found[-1], label, span.start_char):
            found[-1] = (found[-1][0], found[-1][1], span.end_char)
        else:
            found.append((label, span.start_char, span.end_char))
    return tuple(TimeExpression(TimeLabel(k), s, e, text[s:e]) for k, s, e in found)


def _sentence_of(doc: Doc, start_char: int) -> Span:
    span = doc.char_span(start_char, start_char + 1, alignment_mode="expand")
    return span.sent if span is not None else doc[:]


@per_doc
def _time_starts(doc: Doc) -> tuple[int, ...]:
    return tuple(t.start for t in find_times(doc))


def _times_in(doc: Doc, sent: Span) -> tuple[TimeExpression, ...]:
    """The times that start in `sent` (found by bisection: the times are in text order)."""
    starts = _time_starts(doc)
    lo, hi = bisect_left(starts, sent.start_char), bisect_left(starts, sent.end_char)
    return find_times(doc)[lo:hi]


# -- time rules ------------------------------------------------------------------------------


@rule_function("commlint.concrete_time.v1")
def concrete_time(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Each time the reader can plan around (clock, date, weekday, deadline, duration...)."""
    for time in find_times(doc):
        if time.concrete:
            yield Match(time.start, time.end, value=time.label.value)


@rule_function("commlint.loose_time.v1")
def loose_time(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """A window ("next week") with no concrete time in the same sentence to pin it down; not
    a deadline ("by this weekend": the latest day is named)."""
    for time in find_times(doc):
        if not (time.concrete or _after_by(doc, time)):
            sent = _sentence_of(doc, time.start)
            if not any(t.concrete for t in _times_in(doc, sent)):
                yield Match(time.start, time.end)


def _after_by(doc: Doc, time: TimeExpression) -> bool:
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    return span is not None and span.start > 0 and doc[span.start - 1].lower_ == "by"


@rule_function("commlint.time_abbreviation.v1")
def time_abbreviation(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Shorthand deadlines ("EOD"), with the words to spell them out in."""
    for time in find_times(doc):
        if time.label is TimeLabel.ABBREVIATION:
            yield Match(time.start, time.end, (ABBREVIATIONS[time.text.lower()],))


_WISHES = {"hope", "wish"}
_CONTACT = {"hear", "see", "talk", "speak", "chat", "meet", "catch", "welcome", "welcoming"}
"""Meeting or hearing from the reader: "see you soon" and "hope to hear from you soon" are a
wish or a goodbye, not a time we owe them."""
_RECOVERY = {"well", "better"}  # "get well soon", "feel better soon"
_CLAUSE_SUBJECTS = {"nsubj", "nsubj:pass", "nsubjpass", "expl"}


def _wish_verb(token: SpacyToken) -> bool:
    """ "hope", "wish", "look forward (to)": the verb of a wish, not the hedge "hopefully"."""
    if token.pos_ not in {"VERB", "AUX"} and token.tag_ not in {"VBP", "VB", "VBG", "VBZ"}:
        return False
    lemma = token.lemma_.lower()
    return lemma in _WISHES or (
        lemma == "look" and any(c.lower_ == "forward" for c in token.children)
    )


def _commits(chain: Sequence[SpacyToken]) -> bool:
    """Whether a clause commits someone to the time: a will/shall/going-to in it, or a subject
    that is us ("we can fix it soon")."""
    for token in chain:
        for child in token.children:
            if child.lower_ in _COMMITTING:
                return True
            if child.dep_ in _CLAUSE_SUBJECTS and _is_owner(child):
                return True
    return False


def _wished(token: SpacyToken) -> bool:
    """Whether a vague time sits in a wish, a goodbye or advice rather than a promise: "hope to
    hear from you soon", "hope you feel better soon", "see you soon", "get well soon", "please
    reply soon".

    The clause the time belongs to (its chain of heads up to a wish verb or the sentence's
    root) decides: a wish about the reader or the problem ("hope this gets sorted soon") is
    not a commitment, but one about our own work ("we hope to have it fixed soon") is still a
    vague promise; so is a goodbye with a will ("we will speak to you soon")."""
    chain: list[SpacyToken] = []
    head = token.head
    while head.i != token.i and not _wish_verb(head):
        chain.append(head)
        head, token = head.head, head
    wish = _wish_verb(head)
    if any(c.lemma_.lower() in _RECOVERY for t in chain for c in t.children):
        return True
    contact = any(t.lemma_.lower() in _CONTACT for t in chain)
    if _commits(chain) or (wish and _commits([head]) and not contact):
        return False
    own_subject = any(c.dep_ in _CLAUSE_SUBJECTS for t in chain for c in t.children)
    return contact or (wish and own_subject) or _advises_reader(chain)


_ADVISING = {"suggest", "advise", "recommend", "need", "encourage", "ask", "request", "urge"}
_SHOULD = {"should", "must", "need"}


def _advises_reader(chain: Sequence[SpacyToken]) -> bool:
    """Whether a clause (with no will or shall in it) tells the reader what to do ("please
    reply soon", "you are advised to pay the bill soon", "you should update it soon"): a time
    asked of them, not one we promise."""
    if not chain:
        return False
    first = chain[0]
    imperative = first.tag_ == "VB" and not any(
        c.dep_ in _CLAUSE_SUBJECTS or c.dep_.startswith("aux") or c.dep_ == "mark"
        for c in first.children
    )
    for token in chain:
        you = any(c.dep_ in _CLAUSE_SUBJECTS and c.lower_ == "you" for c in token.children)
        should = any(c.lower_ in _SHOULD for c in token.children)
        if token.lemma_.lower() in _ADVISING or (you and should):
            return True
    return imperative and first.dep_ == "ROOT"


def _as_soon_as_event(doc: Doc, span: Span) -> bool:
    """ "soon" in "as soon as the part arrives": an event, which says when."""
    return span.start in _in_events(doc)


@per_doc
def _in_events(doc: Doc) -> frozenset[int]:
    """The token indices inside an event ("as soon as they reply")."""
    events = [span for key, span in _events(doc) if key == "event"]
    return frozenset(i for span in events for i in range(span.start, span.end))


@rule_function("commlint.vague_time.v1")
def vague_time(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """A vague time ("ASAP", "soon") that promises something, not one in a wish or a goodbye
    ("hope to hear from you soon") or an event ("as soon as the part arrives")."""
    parsed = doc.has_annotation("DEP")
    for span in _phrases(doc, ctx.words):
        if _as_soon_as_event(doc, span) or (parsed and _wished(span.root)):
            continue
        if _hoped_availability(doc, span.sent):
            continue
        yield Match(span.start_char, span.end_char)


_HOPE_MARKERS = ("hopefully", "fingers crossed", "we hope", "i hope")
_STATES = {"have", "be", "able"}


@per_doc
def _hoped_availability(doc: Doc, sent: Span) -> bool:
    """Whether a sentence hopes we will have something ("Hopefully we'll have it again soon",
    "Fingers crossed we'll be able to have the album soon"), with no action of ours in it and
    no concrete time: an honest wish about what we don't control (a licence, a supplier), not
    a commitment. "Hopefully it will be fixed soon" names our work, and "hopefully it will be
    better soon" the state of the service we run: both are still judged."""
    if not doc.has_annotation("POS") or any(t.concrete for t in _times_in(doc, sent)):
        return False
    markers = [s for s in _phrases(doc, frozenset(_HOPE_MARKERS)) if s.sent.start == sent.start]
    if not markers:
        return False
    marked = {t.i for s in markers for t in s}  # "crossed" in "fingers crossed" is no action
    verbs = [t for t in sent if t.pos_ in {"VERB", "AUX"} and t.i not in marked]
    return any(t.lemma_.lower() == "have" and t.dep_ != "aux" for t in verbs) and all(
        t.lemma_.lower() in _STATES or t.tag_ == "MD" for t in verbs
    )


@rule_function("commlint.missing_time.v1")
def missing_time(doc: Doc, ctx: RuleContext, concrete_for: Sequence[str] = ()) -> Iterator[Match]:
    """The whole message gives no time at all, not even a loose one; for the kinds in
    `concrete_for`, no time the reader can plan around ("next week" is not enough).

    A message that waits on the reader needs no time of ours, as the next move is theirs: one
    that asks them a question, or, for the other kinds, asks them for something we wait for
    (details, a reply, a result: not only a workaround, nor "if you call, quote the number")
    or offers them a move ("you can file an appeal"; a notice of planned work always asks
    something of its readers, and still owes them the date). Times that say when the problem
    happened ("it failed this morning") are no times for the fix."""
    times = times_ahead(doc)
    if _asks_a_question(doc):
        return
    if ctx.kind.value in concrete_for:
        times = tuple(t for t in times if t.concrete)
    elif times or _awaits_reader(doc, ctx.words) or _reader_moves(doc):
        return
    if not times:
        yield Match(0, 0)


@lru_cache(maxsize=4)
def _move_matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab, validate=True)
    matcher.add("move", [[{"LOWER": "you"}, _any(["can", "may"]), {"POS": "VERB"}]])
    return matcher


@per_doc
def _reader_moves(doc: Doc) -> tuple[Span, ...]:
    """ "You can file an appeal", "you may reset it here": moves the reader can make."""
    if not doc.has_annotation("POS"):
        return ()
    return tuple(span for _, span in compact_spans(_move_matcher(doc.vocab), doc))


def _asks_a_question(doc: Doc) -> bool:
    return any(token.text == "?" for token in doc)  # wherever the sentence is taken to end


_REPLIES = {"send", "tell", "provide", "share", "confirm", "reply", "respond", "answer",
            "contact", "call", "ring", "phone", "email", "message", "dm", "let", "give",
            "forward", "attach", "upload", "fill", "complete", "submit", "report", "quote",
            "book", "choose", "pick", "approve", "sign", "return", "bring", "drop", "leave",
            "raise", "log", "check", "try", "test", "restart", "reboot"}  # fmt: skip
"""Requests whose answer we wait for: details, a reply, a choice, or a result to report."""


def _awaits_reader(doc: Doc, verbs: frozenset[str]) -> bool:
    """Whether the message waits on the reader: it asks them for something we need back
    ("please send your number", "could you restart it and tell me"), not only for a
    workaround ("please use the printer by reception meanwhile")."""
    return any(_asked_verb(span) in _REPLIES for span in _firm_actions(doc, verbs))


def _asked_verb(request: Span) -> str:
    """The lemma of the verb a request asks for ("could you send" -> "send", "we encourage
    you to report" -> "report")."""
    doc = request.doc
    for token in doc[request.end - 1 : min(request.end + 3, request.sent.end)]:
        if token.pos_ == "VERB" or token.lower_ in _REPLIES:
            return token.lemma_.lower()
    return request[-1].lemma_.lower()


@per_doc
def _firm_actions(doc: Doc, verbs: frozenset[str]) -> tuple[Span, ...]:
    """The reader actions that are neither "do not..." nor under a condition ("if...")."""
    doc_end = len(doc)
    return tuple(
        span
        for span in reader_actions(doc, verbs)
        if not (span.end < doc_end and doc[span.end].norm_ == "not")
        and not any(t.lower_ in _IFS for t in span.sent)
    )


# -- status updates --------------------------------------------------------------------------


@per_doc
def _phrases(doc: Doc, phrases: frozenset[str]) -> tuple[Span, ...]:
    spans = [span for _, span in compact_spans(phrase_matcher(doc.vocab, phrases), doc)]
    return tuple(filter_spans(spans))


def _update_promises(doc: Doc, phrases: frozenset[str]) -> tuple[list[Match], list[Span]]:
    """Update phrases with a concrete time in their sentence (as matches), and those with no
    time nor event ("as soon as we hear from them") to say when."""
    timed: list[Match] = []
    open_ended: list[Span] = []
    for span in _phrases(doc, phrases):
        times = [t for t in _times_in(doc, span.sent) if t.concrete]
        if times:
            start = min(span.start_char, *(t.start for t in times))
            timed.append(Match(start, max(span.end_char, *(t.end for t in times))))
        elif not _says_when(doc, span.sent, ifs=False):
            open_ended.append(span)
    return timed, open_ended


@rule_function("commlint.update_promise.v1")
def update_promise(
    doc: Doc, ctx: RuleContext, *, regardless: Iterable[str] = ()
) -> Iterator[Match]:
    """A promise of news with a time ("I'll update you at 2 pm"), or to write whatever happens
    ("even if nothing has changed": the `regardless` phrases)."""
    yield from _update_promises(doc, ctx.words)[0]
    if regardless:
        for span in _phrases(doc, frozenset(regardless)):
            yield Match(span.start_char, span.end_char)


@rule_function("commlint.open_promise.v1")
def open_promise(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """A promise of news ("we'll keep you posted") with no time in its sentence, or of an
    action ("we will handle it") that neither its sentence nor the message says when.

    The steps come from the part-of-speech patterns only (`ctx.words` holds the update
    phrases): a finding needs the tagger's confirmation, not the verb-list fallback."""
    phrases = frozenset(ctx.terms.get(UPDATE_PHRASES, ctx.words))
    vague = frozenset(ctx.terms.get(VAGUE_TIMES, ()))
    news = {token.i for span in _phrases(doc, phrases) for token in span}
    steps = [
        step
        for step in next_steps(doc, frozenset())
        if news.isdisjoint(range(step.start, step.end))
        and not (_step_is_timed(doc, step) or _not_a_promise(doc, step, vague))
    ]
    for span in sorted([*_update_promises(doc, phrases)[1], *steps]):
        yield Match(span.start_char, span.end_char)


UPDATE_PHRASES = "expectations-update-phrases"
VAGUE_TIMES = "time-vague"
"""The lexicons `expectations.open-promise` reads: promises of news, and vague times."""


_PLEDGES = {"continue", "improve", "perfect", "optimise", "optimize", "enhance", "strengthen",
            "reinforce", "strive", "endeavour", "endeavor", "guarantee"}  # fmt: skip
"""Verbs of ongoing effort ("we will continue to follow guidance", "we will try to improve
our service"): a pledge about the service in general, with nothing for this reader to wait
for."""
_HANDOFFS = {"submit", "forward", "pass", "feed", "report", "record", "relay", "transfer",
             "log", "note", "share"}  # fmt: skip
"""Passing the case on ("we will feed it back to the product team"): done at once, inside
the organisation; the reader waits for what comes back, not for the hand-off."""
_EFFORTS = {"effort", "efforts"}  # "we will make every effort to improve the network"
_FEEDBACK = {"suggestion", "advice", "feedback", "opinion", "comment", "idea", "proposal"}
"""What a reader offers us: "we will study your suggestions" thanks them for it."""
_AWAITING = {"wait", "await", "look"}  # "we'll look out for your reply": the move is theirs
_HOPING = {"hopefully", "hope"}


@per_doc
def _vague_sentences(doc: Doc, vague: frozenset[str]) -> frozenset[int]:
    """The starts of the sentences with a vague time in them (not "as soon as they reply")."""
    return frozenset(
        span.sent.start for span in _phrases(doc, vague) if not _as_soon_as_event(doc, span)
    )


def _not_a_promise(doc: Doc, step: Span, vague: frozenset[str]) -> bool:
    """Whether an untimed step owes the reader no time after all: it waits on the reader
    ("send us the logs and we will check them", "you can appeal and we'll look again"), is a
    pledge of ongoing effort or an internal hand-off, or is hedged as a hope ("hopefully
    we'll have it back soon"), which `expectations.hedged-commitment` reports."""
    if not doc.has_annotation("DEP"):
        return False
    verb = step[-1]
    sent = step.sent
    moved = _reader_moved(doc, step.start)
    if (moved == sent.start or (moved is not None and _examines(step))) and (
        sent.start not in _vague_sentences(doc, vague)
    ):
        return True  # "...and we will handle it soon" still promises a vague time
    if any(t.lower_ in _HOPING for t in doc[sent.start : step.start]):
        return True
    related = [verb, *(c for c in verb.children if c.dep_ in {"xcomp", "advcl", "conj"})]
    objects = [c for t in related for c in t.children if c.dep_ in {"dobj", "obj"}]
    if (
        any(t.lemma_.lower() in _PLEDGES for t in related)
        or any(c.lower_ in _EFFORTS for c in objects)
    ) and not any(t.lower_ in {"you", "your"} for t in verb.subtree):
        return True  # "we will continue to improve the service", not "...to fix your laptop"
    lemma = verb.lemma_.lower()
    if any(c.lemma_.lower() in _FEEDBACK and _determined(c) for c in objects) or (
        lemma in _AWAITING and _after_verb(verb, "for")
    ):
        return True  # "we will study your suggestions", "we'll look out for your reply"
    if lemma == "ask" and any(c.dep_ == "xcomp" for c in verb.children):
        return True  # "we will ask our engineers to look at it": a hand-off
    if lemma == "report" and not any(c.dep_ == "conj" for c in verb.children):
        return True  # "we will report this problem", not "...report and fix it"
    return lemma in _HANDOFFS and any(t.lower_ == "to" and t.dep_ == "case" for t in verb.subtree)


def _determined(noun: SpacyToken) -> bool:
    """ "your suggestions", "the advice": a noun with a determiner (not "give feedback")."""
    return any(c.dep_ in {"det", "poss", "nmod:poss"} for c in noun.children)


_EXAMINING = {"check", "verify", "look", "see", "investigate", "review", "examine", "download",
              "test", "contact", "call", "reach", "help", "assist", "analyse", "analyze",
              "confirm", "trace", "inspect", "diagnose"}  # fmt: skip
"""Steps that take up what the reader sends ("send us the logs. We'll check them."): the
reader knows the next move is theirs. A step that settles the case ("we will handle it",
"we will replace it") still owes them a time, whatever comes first."""


def _examines(step: Span) -> bool:
    """Whether a step examines what the reader sends, or says it comes "then"."""
    verb = step[-1]
    related = [verb, *(c for c in verb.children if c.dep_ in {"xcomp", "advcl", "conj"})]
    return any(t.lemma_.lower() in _EXAMINING for t in related) or any(
        t.lower_ == "then" for t in step
    )  # "we'll check", "we'll try to help you", "we will then fix it"


def _after_verb(verb: SpacyToken, word: str) -> bool:
    """Whether `word` follows the verb within its next three tokens ("look out for")."""
    return any(t.lower_ == word for t in verb.doc[verb.i + 1 : verb.i + 4])


def _reader_moved(doc: Doc, before: int) -> int | None:
    """The start of the last sentence before a token in which the message hands the reader a
    move: a question, or a request for something back ("could you send the model? We'll check
    further."), whose answer what we do next waits on. A move in the step's own sentence
    counts whatever it asks ("send us the logs and we will take a look")."""
    sent_start = doc[before].sent.start
    moves = [
        span.sent.start
        for span in [*reader_actions(doc, frozenset()), *_reader_moves(doc)]
        if span.start < before and (span.sent.start == sent_start or _asked_verb(span) in _REPLIES)
    ]
    moves += [t.sent.start for t in doc[:before] if t.text == "?"]
    return max(moves, default=None)


@rule_function("commlint.missing_update_time.v1")
def missing_update_time(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """No sentence says when the next update comes, in a message that does not wait on the
    reader (a question, or a request for something back: "could you send your number")."""
    if _asks_a_question(doc) or _awaits_reader(doc, frozenset()):
        return
    if not _update_promises(doc, ctx.words)[0]:
        yield Match(0, 0)


# -- who does what next ----------------------------------------------------------------------

_WILL = _tokens(
    [_any(["will", "'ll", "\u2019ll", "shall"])],
    [
        _any(["am", "are", "is", "'m", "\u2019m", "'re", "\u2019re"]),
        {"LOWER": "going"},
        {"LOWER": "to"},
    ],
)
_OWNER = _tokens(
    [_any(["i", "we"])],
    [_any(["our", "the", "your"]), {"IS_ALPHA": True, "OP": "?"},
     _any(["team", "engineer", "engineers", "technician", "technicians", "desk", "specialist",
           "staff", "colleague", "colleagues", "manager", "administrator", "admin", "supplier"])],
)  # fmt: skip
_ADVERB = _tokens([], [_any(["also", "then", "now", "first", "next", "personally", "just"])])


@lru_cache(maxsize=4)
def _next_step_matchers(vocab: Vocab, verbs: frozenset[str]) -> tuple[Matcher, Matcher]:
    """Owner + will + verb: the verb confirmed by POS, and by a verb list as the fallback."""
    by_pos = Matcher(vocab, validate=True)
    by_pos.add("step", _join(_OWNER, _WILL, _ADVERB, [[{"POS": "VERB"}]]))
    by_pos.add("step", _join([[{"POS": "PROPN"}]], _WILL, _ADVERB, [[{"POS": "VERB"}]]))
    by_list = Matcher(vocab, validate=True)
    by_list.add("step", _join(_OWNER, _WILL, _ADVERB, [[_any(verbs)]]))
    return by_pos, by_list


_OWNER_NOUNS = {"team", "engineer", "technician", "desk", "specialist", "colleague", "manager"}
_NEGATIONS = {"not", "n't", "n\u2019t", "never"}


def _coordinated_steps(doc: Doc) -> Iterator[Span]:
    """The "will + verb" whose owner is the subject of an earlier, coordinated verb ("I have
    emailed Tom and will set it up"), found through the dependency parse."""
    for verb in doc:
        aux = [c for c in verb.children if c.lower_ in _WILL_WORDS and c.i < verb.i]
        if verb.pos_ != "VERB" or not aux or any(c.lower_ in _NEGATIONS for c in verb.children):
            continue
        holder = verb.head if verb.dep_ == "conj" else verb
        subjects = [c for c in holder.children if c.dep_.startswith("nsubj")]
        if subjects and _is_owner(subjects[0]):
            yield doc[aux[0].i : verb.i + 1]


def _is_owner(token: Any) -> bool:
    return token.lower_ in {"i", "we"} or token.pos_ == "PROPN" or token.lemma_ in _OWNER_NOUNS


_WILL_WORDS = {"will", "'ll", "\u2019ll", "shall"}


@per_doc
def next_steps(doc: Doc, verbs: frozenset[str]) -> tuple[Span, ...]:
    """Spans like "I will call", "our engineer will replace", "Priya is going to move"."""
    by_pos, by_list = _next_step_matchers(doc.vocab, verbs)
    spans = [span for _, span in compact_spans(by_list, doc)]
    if doc.has_annotation("POS"):
        spans += [span for _, span in compact_spans(by_pos, doc)]
    if doc.has_annotation("DEP") and doc.has_annotation("POS"):
        spans += _coordinated_steps(doc)
    return tuple(filter_spans(spans))


# -- when and why: what turns a step or a request into an expectation -----------------------

REASONS = (
    "because", "so that", "so you can", "so we can", "so i can", "in order to", "this means",
    "that means", "which means", "the reason is", "the reason for", "this is why",
    "that's why", "that is why", "due to", "as it is", "as it isn't", "as it's", "as it does",
    "as it doesn't", "as they are", "as they aren't", "as we don't", "as we can't", "since it",
    "since they", "since we", "so we can't", "so we cannot", "a requirement of", "required by",
    "for security reasons", "for your security", "for your safety", "for your protection",
    "for privacy reasons", "for your privacy", "for verification purposes",
)  # fmt: skip
"""Words that give the reason for what is happening or asked (`expectations.reason`)."""
_EVENTS = {"when", "once", "after", "before", "until", "till"}
"""A step or request tied to an event ("I'll call you when the part arrives", "as soon as they
do", "leave it on until the light goes green") says when, even without a clock time."""
_IFS = {"if", "unless"}
"""A condition pins down our own step ("if it still fails, we will replace it"), but not a
request: "if convenient, please send..." says neither when nor what follows."""
_OURS = {"i", "we", "us", "our"}
_IMMEDIATE = ("now", "right now", "immediately", "right away", "straight away", "at once")
"""Doing it now is a time: "I'll reset it now" leaves nothing to wait for."""


def _purposes(sent: Span) -> list[Span]:
    """The words that open a purpose clause in the parse: the "to" of an adverbial clause
    ("restart it to finish the update"), a fronted "to" the tagger may take for the main verb's
    ("To share it, open Outlook"), and a "so" that opens a clause ("so the update can finish"),
    which parsers mark as `mark` or as an `advmod` before the clause's subject (not the "so"
    of "it is so slow", which follows its subject)."""
    found = set(_fronted_purpose(sent))
    for token in sent:
        if token.dep_ == "advcl" or _needed_for(token):
            found.update(c.i for c in token.children if c.lower_ == "to" and c.i < token.i)
        elif _opens_purpose(token) or _to_after_object(token):
            found.add(token.i)
    return [sent.doc[i : i + 1] for i in sorted(found)]


_FOR_VERBS = {"wait", "look", "search", "check", "ask", "apply", "pay", "thank", "apologise",
              "apologize", "sign", "register", "watch", "care", "account", "allow", "call",
              "stand", "hold", "vote", "prepare", "test", "scan"}  # fmt: skip
"""Verbs whose "for" names what they act on ("wait for the engineer", "check for updates"),
not what the request is for."""
_RESOURCES = {"guide", "article", "link", "page", "site", "website", "faq", "faqs", "post",
              "steps", "instructions", "video", "form", "thread", "doc", "document", "forum",
              "portal"}  # fmt: skip
_NOT_PURPOSES = {"me", "us", "you", "now", "a", "an", "the", "this", "that", "any"}


def _for_purpose(word: SpacyToken) -> bool:
    """ "for" opening what a request is for: "visit our site for the latest news", "for
    more information, see...", "this guide for cleaning tips"; not "wait for the engineer",
    "for 10 minutes" or "for me"."""
    noun = word.head
    if word.dep_ != "case" or noun.i < word.i or noun.lower_ in _NOT_PURPOSES:
        return False
    if noun.is_space or noun.pos_ not in {"NOUN", "PROPN", "VERB"}:
        return False
    if noun.lower_ in UNITS or noun.like_num or any(c.like_num for c in noun.children):
        return False
    holder = noun.head
    if holder.lower_ in _RESOURCES or (noun.dep_ == "obl" and noun.i < holder.i):
        return True  # "this guide for...", "For more information, see..."
    return (
        noun.dep_ in {"obl", "advcl"}
        and holder.tag_ == "VB"
        and holder.lemma_.lower() not in _FOR_VERBS
    )


_TIME_WORDS = {"now", "today", "tomorrow", "a", "an", "the", *UNITS}


def _fronted_purpose(sent: Span) -> list[int]:
    """A purpose before the request, past any @handle: "To share it, open Outlook", "For
    technical help, please visit our site". Read from the words, not the parse, which a
    leading handle can upset."""
    words = [t for t in sent if t.is_alpha or t.like_num or t.text == ","]
    if len(words) < 3:
        return []
    first, second = words[0], words[1]
    if first.lower_ == "to" and second.tag_ == "VB":
        return [first.i]
    comma = next((w.i for w in words if w.text == ","), None)
    if first.lower_ == "for" and comma is not None and second.lower_ not in _TIME_WORDS:
        return [first.i] if not second.like_num else []
    return []


_OBJECT_TAGS = {"NN", "NNS", "NNP", "NNPS"}


def _to_after_object(token: SpacyToken) -> bool:
    """ "Restore Licenses to refresh your privileges": "to" + verb with its own object, right
    after an object, read from the tags where the parse misses the purpose clause."""
    doc = token.doc
    return (
        token.lower_ == "to"
        and 0 < token.i < len(doc) - 1
        and doc[token.i - 1].tag_ in _OBJECT_TAGS
        and doc[token.i + 1].tag_ == "VB"
        and any(c.dep_ in {"obj", "dobj", "ccomp", "xcomp"} for c in doc[token.i + 1].children)
    )


def _opens_purpose(token: SpacyToken) -> bool:
    if token.lower_ == "so":
        return _opens_clause(token)
    if token.lower_ in {"as", "since"}:
        return _gives_cause(token)
    return token.lower_ == "for" and _for_purpose(token)


_NEEDING = {"need", "require", "use"}


def _needed_for(token: SpacyToken) -> bool:
    """The "to" clause of "we need it to check the error": what something is needed for."""
    head = token.head
    return (
        token.dep_ == "xcomp"
        and head.lemma_.lower() in _NEEDING
        and any(c.dep_ in {"obj", "dobj"} for c in head.children)
    )


_LIKE = {"request", "ask", "describe", "show", "mention", "discuss", "agree", "say", "explain",
         "expect", "instruct", "advise", "suggest", "note", "tell", "promise", "plan", "see",
         "know", "do", "usual", "always"}  # fmt: skip
"""Verbs after which "as" compares rather than gives a cause ("as you requested", "as
described below", "as we discussed")."""


def _gives_cause(conjunction: SpacyToken) -> bool:
    """ "as" or "since" opening a clause with its own subject ("as the update needs it"), not
    a comparison ("as you requested") or a time ("since Monday")."""
    clause = conjunction.head
    return (
        conjunction.dep_ == "mark"
        and clause.dep_ == "advcl"
        and clause.lemma_.lower() not in _LIKE
        and any(c.dep_ in _CLAUSE_SUBJECTS for c in clause.children)
    )


def _opens_clause(so: SpacyToken) -> bool:
    if so.dep_ == "mark":
        return True
    subjects = [c for c in so.head.children if c.dep_.startswith("nsubj")]
    return so.dep_ == "advmod" and any(c.i > so.i for c in subjects)


@per_doc
def _phrases_by_sentence(doc: Doc, phrases: frozenset[str]) -> dict[int, tuple[Span, ...]]:
    """`_phrases` grouped by the token index of their sentence's start."""
    found: dict[int, list[Span]] = {}
    for span in _phrases(doc, phrases):
        found.setdefault(span.sent.start, []).append(span)
    return {start: tuple(spans) for start, spans in found.items()}


def _reasons_in(doc: Doc, sent: Span) -> tuple[Span, ...]:
    return _phrases_by_sentence(doc, frozenset(REASONS)).get(sent.start, ())


def _openers(doc: Doc, sent: Span) -> list[Span]:
    """The words that give the reason for a request in its sentence, or in the next sentence
    when that one explains it (`_explains_previous`)."""
    found = [*_reasons_in(doc, sent), *_purposes(sent)]
    after = _next_sentence(doc, sent)
    if after is not None:
        found += _explains_previous(doc, after)
    return found


def _gives_reason(doc: Doc, sent: Span) -> bool:
    return bool(_openers(doc, sent))


def _serves_reader(doc: Doc, sent: Span) -> bool:
    """Whether a sentence says what a request does for the reader ("so the update can finish",
    "to share your calendar"), not only what it does for us ("so that we can verify it"): then
    the reader still doesn't know what comes of it, or when."""
    return any(not _ours(opener) for opener in _openers(doc, sent))


@per_doc
def _next_sentences(doc: Doc) -> dict[int, Span]:
    """Each sentence's successor, by the start of the sentence."""
    sents = list(doc.sents)
    return {a.start: b for a, b in pairwise(sents)}


def _next_sentence(doc: Doc, sent: Span) -> Span | None:
    return _next_sentences(doc).get(sent.start)


@per_doc
def _previous_sentences(doc: Doc) -> dict[int, Span]:
    """Each sentence's predecessor, by the start of the sentence."""
    sents = list(doc.sents)
    return {b.start: a for a, b in pairwise(sents)}


_BACK = {"this", "that", "it", "these", "those", "doing", "which"}
"""Subjects that point back at the previous sentence ("This lets us...", "It helps...")."""
_ENABLING = {"let", "allow", "help", "enable", "ensure", "mean", "make", "prevent", "stop",
             "save", "speed", "tell", "show", "give", "keep", "avoid"}  # fmt: skip
_THAT_WAY = ("that way", "this way", "otherwise", "doing so", "doing this", "that will",
             "this will")  # fmt: skip


@per_doc
def _that_way_starts(doc: Doc) -> frozenset[int]:
    return frozenset(span.start for span in _phrases(doc, frozenset(_THAT_WAY)))


def _explains_previous(doc: Doc, sent: Span) -> list[Span]:
    """The reason a sentence gives for the request before it, if it gives one: "This lets us
    find your records", "That way the update can finish", "We need it to check the error",
    "It is needed because...". Empty when the sentence is about something else."""
    if not doc.has_annotation("DEP"):
        return []  # the reading needs the parse (and Span.root needs heads)
    root = sent.root
    subjects = [c for c in root.children if c.dep_ in _CLAUSE_SUBJECTS]
    first = sent[0].lower_
    back = first in _BACK or any(c.lower_ in _BACK for c in subjects)
    if back and root.lemma_.lower() in _ENABLING:
        return [doc[root.i : root.i + 1]]
    if sent.start in _that_way_starts(doc):
        return [sent[:1]]
    reasons = [*_reasons_in(doc, sent), *_purposes(sent)]
    if any(r.start == sent.start for r in reasons):
        return reasons  # a fragment that only gives the reason: "So that we can find it."
    if reasons and (back or any(_is_owner(c) for c in subjects)):
        return reasons
    return []


def _ours(opener: Span) -> bool:
    """Whether the clause a reason opens is about us ("so we can", "so that our team can")."""
    after = [t for t in opener.doc[opener.end : opener.end + 2] if t.lower_ != "that"]
    return any(t.lower_ in _OURS for t in [*opener, *after[:1]])


@lru_cache(maxsize=4)
def _event_matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab, validate=True)
    matcher.add("event", [[_any(_EVENTS)]])
    matcher.add("if", [[_any(_IFS)]])
    soon = [{"LOWER": "as"}, {"LOWER": "soon"}, {"LOWER": "as"}]
    matcher.add("event", [[*soon, {"LOWER": {"NOT_IN": _NOT_EVENTS}}]])
    we_do = [_any(["we", "i"]), {"LOWER": {"NOT_IN": _NOT_EVENTS + _ABLE}}]
    matcher.add("event", [[*soon, *we_do]])
    return matcher


_ABLE = ["could", "are", "am", "'re", "\u2019re", "'m", "\u2019m", "'ll", "\u2019ll", "will"]
"""After "as soon as we" these make it a vague time ("as soon as we're able"), where a verb
makes it an event ("as soon as we hear from them")."""
_UNFOLDING = {"become", "come", "change", "progress", "develop", "learn", "arrive", "emerge",
              "happen", "hear", "receive", "unfold", "get"}  # fmt: skip


def _as_events(sent: Span) -> bool:
    """ "as more information becomes available", "as we learn more": an event, as it happens."""
    return any(
        token.lower_ == "as"
        and token.dep_ == "mark"
        and token.head.dep_ == "advcl"
        and token.head.lemma_.lower() in _UNFOLDING
        for token in sent
    )


_NOT_EVENTS = ["possible", "practicable", "feasible", "we", "i", "can"]
"""After "as soon as" these make it a vague time ("as soon as possible", "as soon as we can"),
not an event ("as soon as they do")."""


@per_doc
def _events(doc: Doc) -> tuple[tuple[str, Span], ...]:
    """Events and conditions a step can wait on ("once", "as soon as they", "if"), by key."""
    return tuple(compact_spans(_event_matcher(doc.vocab), doc))


@per_doc
def _event_sentences(doc: Doc) -> frozenset[tuple[str, int]]:
    """(key, sentence start) for each sentence with an event or a condition."""
    return frozenset((key, span.sent.start) for key, span in _events(doc))


def _says_when(doc: Doc, sent: Span, *, ifs: bool) -> bool:
    """Whether a sentence says when: a concrete time, "now", an event, or with `ifs` a
    condition."""
    if any(t.concrete for t in _times_in(doc, sent)) or _as_events(sent):
        return True
    keys = ("event", "if") if ifs else ("event",)
    if any((key, sent.start) in _event_sentences(doc) for key in keys):
        return True
    return sent.start in _phrases_by_sentence(doc, frozenset(_IMMEDIATE))


@per_doc
def _has_concrete_time(doc: Doc) -> bool:
    """Whether the message gives a concrete time that is still to come."""
    return any(t.concrete for t in times_ahead(doc))


_AHEAD = {"tomorrow", "next", "by", "until", "till", "within", "before", "for", "later", "in",
          "no", "every", "coming"}  # fmt: skip
"""Words that keep a time ahead whatever the verb's tense ("I booked you in for Tuesday")."""


@per_doc
def times_ahead(doc: Doc) -> tuple[TimeExpression, ...]:
    """The times that can be planned around: not those that say when something happened ("the
    card failed this morning", "down since 2 pm"), which promise nothing."""
    return tuple(t for t in find_times(doc) if not _situation(doc, t))


def _situation(doc: Doc, time: TimeExpression) -> bool:
    """Whether a time says when the problem happened or applies, not when something is planned:
    after "since", or in a clause in the past ("it failed this morning"), negated ("you cannot
    print this morning") or of a condition ("if you need it today")."""
    span = doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None:
        return False
    if span.start > 0 and doc[span.start - 1].lower_ == "since":
        return True
    if any(t.lower_ in _AHEAD for t in span) or not doc.has_annotation("DEP"):
        return False
    verb = span.root
    while not _finite(verb) and verb.head.i != verb.i:
        if verb.tag_ == "VBN" and not any(c.dep_.startswith("aux") for c in verb.children):
            return True  # "it held up your invoices this morning", tagged as a participle
        verb = verb.head  # up to the verb that carries the tense: "stopped working this morning"
    return verb.tag_ == "VBD" or any(
        c.lower_ in _NEGATIONS or c.lower_ in _IFS for c in verb.children
    )


def _finite(token: SpacyToken) -> bool:
    return token.tag_ in {"VBD", "VBP", "VBZ", "MD"} or any(
        c.dep_.startswith("aux") for c in token.children
    )


def _step_is_timed(doc: Doc, step: Span) -> bool:
    """A next step sets an expectation when its sentence says when, or the message gives a
    concrete time the step leads up to; otherwise it is an open promise. A reason alone does
    not do it ("we will check because...": the reader still can't tell how long to wait), and
    is credited on its own as `expectations.reason`."""
    return _says_when(doc, step.sent, ifs=True) or _has_concrete_time(doc)


@rule_function("commlint.reason.v1")
def reason(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """A reason for what is happening or asked ("because", "so that")."""
    for span in _phrases(doc, frozenset(REASONS)):
        yield Match(span.start_char, span.end_char)


@rule_function("commlint.next_step.v1")
def next_step(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """A next step with an owner, and with a time or an event to pin it down."""
    for span in next_steps(doc, ctx.words):
        if _step_is_timed(doc, span):
            yield Match(span.start_char, span.end_char)


_SKIP_OPENERS = {"please", "kindly", "just", "also", "then", "first", "now", "so", "and",
                 "simply", "next", "finally", "meanwhile", ",", "-", "*", "•"}  # fmt: skip
_OBJECTS = {"your", "the", "a", "an", "it", "this", "that", "these", "those", "me", "us"}
"""An action verb opening a sentence and followed by one of these (or by a name: "open
Outlook") is an instruction, whatever the tagger says ("Restart your laptop": a
sentence-initial capital can fool it)."""
_NOT_REQUESTS = {"thank", "thanks", "have", "hope", "look"}
_ASKING = {"do", "be", "have"}
_PERFECT = {"have", "'ve", "\u2019ve"}
"""After "you should" or "you must" these look back ("you should have saved it"): blame or a
guess, never a request."""
_EXPECTED = {"be", "see", "still", "now", "receive", "get", "notice", "hear", "find"}
"""After "you should" these foretell ("you should see the new icon", "you should still be able
to"): what to expect, not a request."""
_REQUEST_OPENERS = _tokens(
    [_any(["could", "can", "would", "will"]), {"LOWER": "you"}],
    [{"LOWER": "would"}, {"LOWER": "you"}, {"LOWER": "mind"}],
    [{"LOWER": "you"}, _any(["will", "'ll", "\u2019ll"]), {"LOWER": "need"}, {"LOWER": "to"}],
    [{"LOWER": "you"}, _any(["need", "have"]), {"LOWER": "to"}],
    *_join(
        [[{"LOWER": "you"}, _any(["must", "should"])]],
        [[], [_any(_NEGATIONS)]],
        [[{"LOWER": {"NOT_IN": sorted(_PERFECT | _NEGATIONS | _EXPECTED)}}]],
    ),
    [_any(["i", "we"]), {"LOWER": "need"}, {"LOWER": "you"}, {"LOWER": "to"}],
    [_any(["make", "be"]), _any(["sure", "certain"])],
    [{"LOWER": "remember"}, {"LOWER": "to"}],
    [{"LOWER": "please"}, {"IS_ALPHA": True}],
    [{"LOWER": "lets"}],
    [{"LOWER": "let"}, _any(["'s", "\u2019s"])],
    [_any(["could", "can", "shall"]), {"LOWER": "we"}],
    [{"LOWER": "i"}, _any(["would", "'d", "\u2019d"]), {"LOWER": "appreciate"}],
    [_any(["i", "we"]), _any(["would", "'d", "\u2019d"]), {"LOWER": "like"}, {"LOWER": "you"}],
    [{"LOWER": "do"}, _any(["n't", "n\u2019t", "not"]), {"LOWER": "forget"}],
    [
        _any(["encourage", "advise", "urge", "invite", "recommend"]),
        {"LOWER": "you"},
        {"LOWER": "to"},
    ],
)
NO_ACTION = (
    "no action is needed", "no action needed", "no action is required", "no action required",
    "you don't need to do anything", "you do not need to do anything",
    "there is nothing you need to do", "there's nothing you need to do",
    "nothing for you to do", "no need to do anything", "you needn't do anything",
)  # fmt: skip
"""Telling the reader they need do nothing is as useful as telling them what to do."""
NOT_TASKS = (
    "calm down", "relax", "don't worry", "do not worry", "dont worry", "don't panic",
    "do not panic", "be patient", "bear with", "hang tight", "sit tight", "hang in there",
    "stay tuned", "rest assured", "take care", "stay safe", "enjoy", "feel free",
    "don't hesitate", "do not hesitate", "dont hesitate", "see you", "talk soon", "speak soon",
    "talk to you soon", "speak to you soon", "get well", "feel better",
    "note", "notice", "be aware", "be advised", "bear in mind", "keep in mind",
    "remember that", "understand", "pay attention", "forgive", "excuse", "pardon",
    "take it easy", "take notice",
)  # fmt: skip
"""Imperatives that ask for no task: a feeling or patience ("calm down", "bear with us"), a
goodbye ("see you soon"), or attention to what follows ("note that...", "bear in mind..."),
which is information. Tone rules judge how they read; here they are not requests."""
_NOTE_TASKS = {"down", "of"}  # "note down the code", "make a note of": a task after all


@lru_cache(maxsize=4)
def _request_matcher(vocab: Vocab) -> Matcher:
    matcher = Matcher(vocab, validate=True)
    matcher.add("request", _REQUEST_OPENERS)
    return matcher


def _imperative(sent: Span, verbs: frozenset[str]) -> Span | None:
    """The opening verb of a sentence (or clause) that tells the reader to do something."""
    words = [t for t in sent if not t.is_space and t.lower_ not in _SKIP_OPENERS]
    if not words:
        return None
    verb, doc = words[0], sent.doc
    if not verb.is_alpha or verb.lower_ in _NOT_REQUESTS or verb.lemma_.lower() in _NOT_REQUESTS:
        return None  # "@handle" or a word that asks for nothing
    if verb.lemma_.lower() in _ASKING and any(t.text == "?" for t in sent[-2:]):
        return None  # "Do the others have it too?": a yes/no question, not an instruction
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    if verb.lower_ == "let" and _offers(doc[verb.i : verb.i + 3]):
        return None  # "let me check" is our step, not the reader's
    listed = (
        verb.lower_ in verbs
        and after is not None
        and (after.lower_ in _OBJECTS or (after.pos_ == "PROPN" and after.is_title))
    )
    if doc.has_annotation("TAG") and not listed:
        if verb.tag_ != "VB":
            return None
        if doc.has_annotation("DEP") and (
            verb.dep_ not in {"ROOT", "conj", "parataxis"}
            or any(c.dep_.startswith("nsubj") for c in verb.children)
        ):
            return None
    elif not doc.has_annotation("TAG") and verb.lower_ not in verbs:
        return None
    start = verb.i - 1 if verb.i > sent.start and doc[verb.i - 1].lower_ == "please" else verb.i
    return doc[start : verb.i + 1]


def _clauses(sent: Span) -> Iterator[Span]:
    """The parts of a sentence between colons, semicolons and commas, where an instruction may
    start ("The cable is on the table: plug it in", "If it still fails, restart it"). The
    parse keeps this safe: a verb with its own subject is not taken for an instruction."""
    start = sent.start
    for token in sent:
        if token.text in {":", ";", ","}:
            yield sent.doc[start : token.i]
            start = token.i + 1
    yield sent.doc[start : sent.end]


_REPORTING = {"if", "that", "whether", "when", "once", "to"}  # "just to make sure" is a purpose


def _reported(opener: Span) -> bool:
    """Whether a request opener sits inside another clause: "I know you need to send them",
    "if you need to send them" describe the reader's need, they don't ask anything."""
    before = opener.doc[opener.start - 1] if opener.start > 0 else None
    if before is None or before.lower_ == "please":
        return False
    return before.lower_ in _REPORTING or before.pos_ in {"VERB", "AUX", "SCONJ"}


@per_doc
def reader_actions(doc: Doc, verbs: frozenset[str]) -> tuple[Span, ...]:
    """What the reader is asked to do (or told they need not do anything), one span a sentence.

    A request is an imperative ("Restart your laptop", "Please send..."; POS confirms the verb,
    the verb list stands in without it), a request opener ("could you", "you'll need to") or a
    no-action statement; not one that asks for no task (`NOT_TASKS`: "calm down", "note
    that..."). These are what `validation/next_step.py` measures.
    """
    found = [
        span
        for _, span in compact_spans(_request_matcher(doc.vocab), doc)
        if not (_reported(span) or _subject_of_lets(span) or _no_task(doc, span))
    ]
    found += _phrases(doc, frozenset(NO_ACTION))
    by_sentence: dict[int, Span] = {}
    for span in filter_spans(found):
        by_sentence.setdefault(span.sent.start, span)
    for sent in doc.sents:
        for clause in _clauses(sent):
            if sent.start in by_sentence:
                break
            verb = _imperative(clause, verbs)
            if verb is not None and not _no_task(doc, verb):
                by_sentence[sent.start] = verb
    return tuple(by_sentence[k] for k in sorted(by_sentence))


def _subject_of_lets(opener: Span) -> bool:
    """ "This lets us find it": "lets" with a subject is the verb, not a misspelt "let's"."""
    return (
        opener[0].lower_ == "lets"
        and opener.doc.has_annotation("DEP")
        and any(c.dep_ in _CLAUSE_SUBJECTS for c in opener[0].children)
    )


@per_doc
def _no_task_starts(doc: Doc) -> frozenset[int]:
    """Token indices where a `NOT_TASKS` phrase starts (not "note down", a task)."""
    starts = set()
    for span in _phrases(doc, frozenset(NOT_TASKS)):
        after = doc[span.end] if span.end < len(doc) else None
        if not (span.text.lower() == "note" and after is not None and after.lower_ in _NOTE_TASKS):
            starts.add(span.start)
    return frozenset(starts)


_ENCLOSED = {"attached", "enclosed", "below", "above"}


def _no_task(doc: Doc, action: Span) -> bool:
    """Whether a reader action asks for no task (`NOT_TASKS`), past "please" or "kindly"; or
    only points at what comes with the message ("please find the form attached")."""
    i = action.start
    while i < len(doc) and doc[i].lower_ in {"please", "kindly", "just"}:
        i += 1
    if i >= len(doc):
        return False
    verb = doc[i]
    if verb.lower_ in {"find", "see"} and any(
        t.lower_ in _ENCLOSED for t in doc[i + 1 : verb.sent.end]
    ):
        return True
    return i in _no_task_starts(doc)


@per_doc
def _requests(doc: Doc, verbs: frozenset[str]) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
    """The reader actions that set an expectation, and the bare requests.

    Saying the reader need do nothing always counts. A request counts when its sentence says
    when or what it does for the reader, or the message gives a concrete time or a timed next
    step (what happens after the reader acts, and when). A request that only serves our
    process ("so that we can check it"), is followed by a step with no time, or depends on a
    condition ("if anything looks wrong, reply") is neither: the reason earns
    `expectations.reason`, the step is an open promise, and the condition says when it
    applies. A request with none of these is bare; "let me know" is an invitation, for the
    options rules to judge. Only the first request of a message is judged: the ones after it
    are steps of the same instruction ("Open the link. Select the product type."), and a
    request after what we did ("I found an article on this. Check it out") or after another
    question follows from it."""
    actions = reader_actions(doc, verbs)
    none_needed = {span.start for span in _phrases(doc, frozenset(NO_ACTION))}
    steps = next_steps(doc, verbs)
    context = _has_concrete_time(doc) or any(_step_is_timed(doc, step) for step in steps)
    first = min((span.sent.start for span in [*actions, *_reader_moves(doc)]), default=0)
    previous = _previous_sentences(doc)
    explained: list[Span] = []
    bare: list[Span] = []
    for span in actions:
        sent = span.sent
        before = previous.get(sent.start)
        if (
            span.start in none_needed
            or context
            or _says_when(doc, sent, ifs=False)
            or _serves_reader(doc, sent)
        ):
            explained.append(span)
        elif not (
            steps
            or _we_follow(span)
            or _gives_reason(doc, sent)
            or _invites(span)
            or _together(span)
            or _points_to_help(span)
            or any(t.lower_ in _IFS for t in sent)
            or _numbered(doc)
            or _wait_explained(doc, span)
            or _result_asked(doc, span)
            or sent.start > first
            or (before is not None and (_we_acted(before) or _questions(before, sent)))
            or (_asks_answers(span) and _asks_a_question(doc))
        ):
            bare.append(span)
    return tuple(explained), tuple(bare)


@per_doc
def _numbered(doc: Doc) -> bool:
    """Whether the message numbers its steps ("1. Open... 2. Select..."): a how-to, whose
    purpose is the reader's problem, not work they do for us."""
    return sum(t.tag_ == "LS" for t in doc) >= 2


_APOLOGY = {"sorry", "thank", "thanks", "apologise", "apologize", "regret", "inconvenience"}


def _wait_explained(doc: Doc, request: Span) -> bool:
    """Whether a request to wait comes with what is going on ("Your case has been sent to the
    network team. Please wait for their call."): patience with a reason, not a bare "please
    wait" with only an apology around it."""
    if _asked_verb(request) != "wait" or not doc.has_annotation("DEP"):
        return False
    return any(
        sent.start != request.sent.start
        and sent.root.pos_ in {"VERB", "AUX"}
        and sent.root.lemma_.lower() not in _FEELING
        and not any(t.lemma_.lower() in _APOLOGY for t in sent)
        for sent in doc.sents
    )


_OUTCOMES = {"outcome", "result", "results", "help", "work", "go", "goes", "works", "helps"}


def _result_asked(doc: Doc, request: Span) -> bool:
    """Whether the message goes on to ask how the request went ("...and let us know the
    outcome", "let me know if it helps"): a troubleshooting step, and the reply is the next
    move."""
    for i in range(request.start, len(doc) - 2):
        if _let_us(doc[i : i + 3]) == "know":
            return any(t.lemma_.lower() in _OUTCOMES for t in doc[i + 3 : i + 8])
    return False


_FEELING = {"understand", "apologise", "apologize", "know", "appreciate", "thank", "hope",
            "feel", "regret", "realise", "realize", "see", "hear", "sympathise", "sympathize",
            "love", "get"}  # fmt: skip


def _we_acted(sent: Span) -> bool:
    """Whether a sentence says what we did or are doing ("I found an article on this", "We
    have reported the problem", "I'd like to help"): a request after it follows from it, in a
    step of a sequence, not out of the blue. Feelings ("I understand", "we apologise") and
    refusals ("we cannot increase the limit") don't count."""
    if not sent.doc.has_annotation("DEP"):
        return False
    root = sent.root
    if _offers(sent[:3]):
        return True  # "Let me report this to our support team."
    return (
        root.pos_ == "VERB"
        and root.lemma_.lower() not in _FEELING
        and not any(c.lower_ in _NEGATIONS for c in root.children)
        and any(c.dep_ in _CLAUSE_SUBJECTS and _our_subject(c) for c in root.children)
    )


def _our_subject(token: SpacyToken) -> bool:
    """I, we, or a noun of ours ("our staff", "the support team")."""
    return _is_owner(token) or any(c.lower_ == "our" for c in token.children)


def _questions(*sents: Span) -> bool:
    """Whether sentences are all questions: "Is the light on? Can you open the portal?" is a
    diagnosis, and the problem it diagnoses is the reason for each question."""
    return all(any(t.text == "?" for t in sent[-2:]) for sent in sents)


_ANSWERS = {"tell", "answer", "reply", "confirm", "respond", "advise"}


def _asks_answers(request: Span) -> bool:
    """ "Please tell me" after a question asks for the answer, and the question is its reason."""
    return request[-1].lemma_.lower() in _ANSWERS


def _let_us(words: Span) -> str | None:
    """The verb after "let me" or "let us" ("know" in "let me know"), if the words are that."""
    lowered = [t.lower_ for t in words]
    if len(lowered) == 3 and lowered[0] == "let" and lowered[1] in {"me", "us"}:
        return lowered[2]
    return None


def _offers(words: Span) -> bool:
    """ "Let me check" is the writer offering a step; only "let me know" asks for something."""
    verb = _let_us(words)
    return verb is not None and verb != "know" and words[2].text[:1].isalpha()


_POSTED = {"posted", "updated", "informed"}
_CONTACTING = {"contact", "call", "phone", "ring", "email", "e-mail", "message", "dm", "reach",
               "text"}  # fmt: skip
_CHANNELS = {"email", "e-mail", "dm", "message", "note", "line", "ticket"}


def _invites(request: Span) -> bool:
    """ "Let me know...", "keep us posted" or "contact us" ("send us an email", "DM us") asks
    for a reply, an invitation rather than a task."""
    doc = request.doc
    end = min(request.end + 3, request.sent.end)
    if any(_let_us(doc[i : i + 3]) == "know" for i in range(request.end - 1, end)):
        return True  # "let me know", "could you please let us know"
    verb = _asked_verb(request)
    ahead = doc[request.end : min(request.end + 4, request.sent.end)]
    if verb in _CONTACTING or (verb == "send" and any(t.lower_ in _CHANNELS for t in ahead)):
        return True
    lowered = tuple(t.lower_ for t in doc[request.end - 1 : request.end + 2])
    return lowered in {("keep", who, what) for who in ("me", "us") for what in _POSTED}


def _together(request: Span) -> bool:
    """ "Let's restore your licences": a step we take with the reader, not one we hand them."""
    words = [t.lower_ for t in request]
    return words[:1] == ["lets"] or words[:2] in (["let", "'s"], ["let", "\u2019s"])


_POINTING = {"visit", "refer", "see", "check", "look", "read", "review", "head", "go", "follow",
             "try", "use", "click", "open", "select", "take", "find", "watch", "browse", "tap",
             "explore"}  # fmt: skip
_HELP_PLACES = _RESOURCES | {"here", "below", "above", "link", "links", "site", "page"}


def _points_to_help(request: Span) -> bool:
    """Whether a request points the reader to help ("take a look at this article: <link>",
    "please refer to the steps here", "add your vote here: <link>", "try restarting it"): an
    offer of help or of a channel, whose reason is the reader's own problem, not work they do
    for us."""
    sent = request.sent
    verb = _asked_verb(request)
    tried = any(t.lemma_.lower() == "try" for t in sent if t.i <= request.start)
    if verb == "try" or tried or any(t.like_email for t in sent):
        return True  # "try restarting it": to see whether it fixes the reader's problem
    if verb == "check" and _after_verb(request[-1], "out"):
        return True  # "check out our new guide": a recommendation
    described = any(t.lower_ in _HELP_PLACES for t in sent) or any(
        a.lower_ == "for" and b.lower_ == "more" for a, b in pairwise(sent)
    )  # "see this page", "visit us for more details"; not a bare "refer to: <link>"
    return described and (verb in _POINTING or any(t.like_url for t in sent))


_OFFERING = {"will", "'ll", "\u2019ll", "can", "could", "shall", "would", "'d", "\u2019d"}


def _we_follow(request: Span) -> bool:
    """Whether the request's sentence, or the next one, goes on to say what we do then ("let me
    know which you prefer, and I can set it up", "...and our staff will call you. ", "Could you
    tell me your number? I can check it for you.")."""
    doc = request.doc
    following = _next_sentence(doc, request.sent)
    end = following.end if following is not None else request.sent.end
    return any(
        (a.lower_ in {"i", "we"} or a.lower_ in _PEOPLE) and b.lower_ in {*_OFFERING, "may"}
        for a, b in pairwise(doc[request.end : end])
    )


@rule_function("commlint.reader_action.v1")
def reader_action(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """What the reader must do, with when, why or what happens next; or that they need do
    nothing."""
    for span in _requests(doc, ctx.words)[0]:
        yield Match(span.start_char, span.end_char)


@rule_function("commlint.unexplained_request.v1")
def unexplained_request(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """A request with no when, no why and nothing said about what happens next."""
    for span in _requests(doc, ctx.words)[1]:
        yield Match(span.start_char, span.end_char)


@rule_function("commlint.missing_next_step.v1")
def missing_next_step(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Neither a next step with an owner nor anything for the reader to do (but for "if it
    happens again, call us": a condition, not a next step). A move the reader can make ("you
    can monitor the status here"), work of ours under way ("we are working to fix it") and
    what will be done ("it will be delivered after the inspection") are next steps too."""
    if not (
        next_steps(doc, ctx.words)
        or _firm_actions(doc, ctx.words)
        or _reader_moves(doc)
        or _under_way(doc)
    ):
        yield Match(0, 0)


_UNDER_WAY = {"is", "are", "am", "'re", "\u2019re", "'m", "\u2019m"}


def _under_way(doc: Doc) -> bool:
    """Whether the message says what we are doing or what will be done and when: "we are
    working to fix it", "your order will be delivered after the inspection"."""
    for a, b, c in zip(doc, doc[1:], doc[2:], strict=False):
        passive = a.lower_ in _WILL_WORDS and b.lower_ == "be" and c.tag_ == "VBN"
        if passive and _says_when(doc, c.sent, ifs=False):
            return True  # not "it will be dealt with in due course": no one, no when
        if b.lower_ in _UNDER_WAY and c.tag_ == "VBG" and _our_clause(c):
            return True
    return False


def _our_clause(verb: SpacyToken) -> bool:
    """Whether a verb's subject (or that of the verb it is joined to) is us."""
    for token in (verb, verb.head) if verb.dep_ == "conj" else (verb,):
        if any(c.dep_ in _CLAUSE_SUBJECTS and c.lower_ in _OURS for c in token.children):
            return True
    return False


# -- hedges and actions with no owner --------------------------------------------------------

_COMMITTING = {"will", "'ll", "\u2019ll", "shall", "going"}


@rule_function("commlint.hedged_commitment.v1")
def hedged_commitment(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """A hedge ("hopefully", "might possibly") in a sentence that commits to something: a
    will/shall/going-to, or a concrete time. A hedge about the reader ("you might see") is not
    a hedged commitment."""
    for span in _phrases(doc, ctx.words):
        if (span.start > 0 and doc[span.start - 1].lower_ == "you") or _in_relative(span):
            continue
        sent = span.sent
        if _hoped_availability(doc, sent):
            continue
        commits = any(t.lower_ in _COMMITTING for t in sent)
        if commits or any(t.concrete for t in _times_in(doc, sent)):
            yield Match(span.start_char, span.end_char)


def _in_relative(span: Span) -> bool:
    """A hedge in a relative clause ("..., which might slow your laptop") hedges a side effect,
    an honest warning, not our commitment."""
    if not span.doc.has_annotation("DEP"):
        return False
    head = span.root.head
    return head.dep_.startswith("acl") and any(
        c.lower_ in {"which", "that", "who"} and c.dep_ in _CLAUSE_SUBJECTS for c in head.children
    )


@lru_cache(maxsize=4)
def _ownerless_matcher(vocab: Vocab, verbs: frozenset[str]) -> Matcher:
    matcher = Matcher(vocab, validate=True)
    particle: list[Pattern] = [[], [_any(["into", "at", "on", "with", "up"])]]
    being = [[_any(["is", "are", "'s", "\u2019s", "'re", "\u2019re"]), {"LOWER": "being"}]]
    will_be = [[_any(["will", "'ll", "\u2019ll"]), {"LOWER": "be"}]]
    matcher.add("ownerless", _join([*being, *will_be], [[_any(verbs)]], particle))
    someone = [_any(["someone", "somebody"]), _any(["will", "'ll", "\u2019ll"])]
    matcher.add("ownerless", [[*someone, {"LOWER": "be"}, {"LOWER": "in"}, {"LOWER": "touch"}]])
    matcher.add("ownerless", [[*someone, {"IS_ALPHA": True}]])
    return matcher


@rule_function("commlint.ownerless_action.v1")
def ownerless_action(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """A passive action with no one doing it ("is being looked into"), unless the sentence names
    the agent ("by our network team")."""
    time_starts = {t.start for t in find_times(doc)}
    for span in filter_spans(
        [s for _, s in compact_spans(_ownerless_matcher(doc.vocab, ctx.words), doc)]
    ):
        rest = doc[span.end : span.sent.end]
        if any(t.lower_ == "by" and t.idx not in time_starts for t in rest):
            continue
        if doc.has_annotation("DEP") and _owner_nearby(doc, span.sent):
            continue
        yield Match(span.start_char, span.end_char)


_PEOPLE = {"staff", "team", "engineer", "engineers", "technician", "technicians", "colleague",
           "colleagues", "agent", "agents", "specialist", "specialists", "department", "desk",
           "manager", "support"}  # fmt: skip


def _owner_nearby(doc: Doc, sent: Span) -> bool:
    """Whether the sentence before or after names who does it: "We have checked your report.
    It is being looked into.", "...is being handled. Our staff will call you." """
    previous = _previous_sentences(doc).get(sent.start)
    for other in (previous, _next_sentence(doc, sent)):
        if other is None:
            continue
        if _we_acted(other):
            return True
        for token in other:
            if token.lower_ in _PEOPLE and any(c.lower_ == "our" for c in token.children):
                return True
    return False
