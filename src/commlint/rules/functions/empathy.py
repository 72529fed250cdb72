"""Python rule functions for the empathy dimension."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span

from commlint.nlp.per_doc import text_of
from commlint.report import MessageKind
from commlint.rules.functions.lexicon import lexicon_spans
from commlint.rules.registry import Match, RuleContext, rule_function

_CLOSINGS = frozenset(
    {
        "thanks", "thank you", "many thanks", "thanks again", "thank you again", "best",
        "best wishes", "regards", "best regards", "kind regards", "warm regards", "cheers",
        "sincerely", "yours sincerely", "yours", "all the best", "take care", "speak soon",
        "talk soon", "with thanks",
    }
)  # fmt: skip
"""Closing formulas: the line after one (or the text after its comma) is the signature."""

_CLOSING_WINDOW = 4  # a sign-off sits in the last few non-blank lines
_MAX_NAME_WORDS = 5
_NAME_CONNECTORS = frozenset({"and", "of", "the", "from", "for", "at", "-", "&"})
_DASHES = "-\u2013\u2014~ "  # hyphen, en and em dashes


@rule_function("commlint.reader_goal.v1")
def reader_goal(doc: Doc, ctx: RuleContext, *, window: int = 4) -> Iterator[Match]:
    """A goal word (the rule's lexicon) with "your" at most `window` words before it.

    "your" must be in the same clause (no punctuation other than hyphens in between), so "your
    laptop, and the meeting" does not count.
    """
    for span in lexicon_spans(doc, ctx.words):
        for token in reversed(doc[max(0, span.start - window) : span.start]):
            if token.lower_ in {"your", "yours"}:
                yield Match(token.idx, span.end_char)
                break
            if (token.is_punct and token.text != "-") or "\n" in token.text:
                break


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their start offsets, leading and trailing space removed."""
    found: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            found.append((pos + line.index(stripped[0]), stripped))
        pos += len(line)
    return found


def _normal(text: str) -> str:
    """Lower case, without dashes in front, trailing punctuation, or a leading "the"."""
    text = text.strip(_DASHES).rstrip(".,!;:").strip().lower()
    return text.removeprefix("the ").strip()


def _is_closing(line: str) -> bool:
    """`Thanks,` `Best regards` or a short thanks line ending in a comma (`Thanks again,`)."""
    normal = _normal(line)
    if normal in _CLOSINGS:
        return True
    words = normal.split()
    return line.endswith(",") and 0 < len(words) <= 8 and words[0] in {"thanks", "thank", "many"}


def _looks_like_name(text: str) -> bool:
    """A short line of capitalised words ("Priya Shah", "Sam (IT Support)")."""
    words = text.replace("(", " ").replace(")", " ").replace(",", " ").split()
    if not 0 < len(words) <= _MAX_NAME_WORDS:
        return False
    first = words[0]
    return (first[0].isupper() and first.isalpha()) and all(
        w[0].isupper() or w.lower() in _NAME_CONNECTORS for w in words
    )


def _signature(text: str) -> tuple[int, str, bool] | None:
    """Where the signature starts, its text, and whether a closing came before it.

    The signature is the line after a closing, or the text after the closing's comma
    ("Thanks, Priya"); without a closing, the last line.
    """
    lines = _lines(text)[-_CLOSING_WINDOW:]
    for i in range(len(lines) - 1, -1, -1):
        start, line = lines[i]
        head, comma, rest = line.partition(",")
        if comma and rest.strip() and _normal(head) in _CLOSINGS:
            offset = start + len(head) + 1
            return offset + len(rest) - len(rest.lstrip()), rest.strip(), True
        if _is_closing(line):
            return (*lines[i + 1], True) if i + 1 < len(lines) else None
    return (*lines[-1], False) if lines else None


@rule_function("commlint.sign_off.v1")
def sign_off(doc: Doc, ctx: RuleContext, *, personal: bool) -> Iterator[Match]:
    """The signature, when it is a person's name (`personal`) or only a team name (not).

    Team names are the rule's lexicon; a name followed by a team ("Priya, IT Support") is
    personal.
    """
    found = _signature(text_of(doc))
    if found is None:
        return
    start, signature, after_closing = found
    lead = len(signature) - len(signature.lstrip(_DASHES))
    body = signature[lead:].rstrip(".,!;:")
    if _normal(body) in ctx.words:
        if not personal:
            yield Match(start + lead, start + lead + len(body))
        return
    name = body.split("(", 1)[0].split(",", 1)[0].strip()
    if (
        personal
        and after_closing
        and name
        and _looks_like_name(body)
        and name.lower() not in ctx.words
    ):
        yield Match(start + lead, start + lead + len(name))


def is_letter(text: str) -> bool:
    """Laid out as a letter: in paragraphs (a blank line between two), or signed after a
    closing ("Thanks,\nPriya"). Otherwise a reply reads as a chat turn; the empathy and tone
    packs both ask some things of letters only."""
    lines = text.strip().splitlines()
    if any(not line.strip() for line in lines):
        return True
    found = _signature(text)
    return found is not None and found[2]


@rule_function("commlint.missing_greeting.v1")
def missing_greeting(
    doc: Doc, ctx: RuleContext, *, greetings: Sequence[str], impersonal: Sequence[str]
) -> Iterator[Match]:
    """A letter whose first line greets no one: no greeting, or one to nobody ("Dear User").

    A reply of one unsigned paragraph reads as a turn in a chat or a thread of replies, where
    only the first message greets; one that opens with the reader's @handle addresses them by
    it. Both are left alone.
    """
    text = text_of(doc)
    lines = _lines(text)
    if not lines or lines[0][1].startswith("@") or not is_letter(text):
        return
    start, first = lines[0]
    words = [t for t in doc if start <= t.idx < start + len(first) and not t.is_space]
    lowered = [t.lower_ for t in words]
    nobody: Match | None = None
    for phrase in greetings:
        size = len(phrase.split())
        for i in range(len(words) - size + 1):
            if " ".join(lowered[i : i + size]) != phrase:
                continue
            after = [w for w in lowered[i + size : i + size + 2] if w != "valued"]
            if not after or after[0] not in impersonal:
                return
            end = words[i + size + lowered[i + size : i + size + 2].index(after[0])]
            nobody = nobody or Match(words[i].idx, end.idx + len(end))
    yield nobody or Match(start, start)


@rule_function("commlint.unacknowledged_problem.v1")
def unacknowledged_problem(
    doc: Doc,
    ctx: RuleContext,
    *,
    acknowledgement_words: Sequence[str],
    asking_verbs: Sequence[str] = (),
    case_words: Sequence[str] = (),
    handling_verbs: Sequence[str] = (),
    fixing_verbs: Sequence[str] = (),
) -> Iterator[Match]:
    """A message about the reader's problem with no word of apology, thanks or understanding.

    The kind says the message is about a problem (the rule's `kinds`); for a `general`
    message, a problem word from the rule's lexicon must share a statement with "you" or
    "your" (the reader's problem, not the writer's: "your laptop is broken", not "I get an
    error"). A resolution that only reports the fix is good news that needs none, and an
    acknowledgement that only confirms receipt is a turn in a running exchange; one that tells
    of the problem (a problem word in a statement) needs it. What does not tell of a problem:
    a question ("which error do you get?") or a request for details ("please send the error
    you get": a verb of `asking_verbs` with "please" or opening the sentence), which are still
    finding out what it is; a condition ("if a laptop is lost") or a denial ("no files will be
    lost"); a word for the reader's case (`case_words`: "issue") that the writer takes up
    with a verb of `handling_verbs` ("we have recorded your issue"), or that is the passive
    subject of a verb of `fixing_verbs` ("your issue has been resolved": good news). A reply
    that opens with a question, after any greeting ("Hi, which model do you have? ..."), is
    still finding out what the problem is, whatever its kind, and is left alone; so is a
    refusal that only says "not in this channel" and gives a link or an address to go to.
    """
    acknowledged = frozenset(acknowledgement_words)
    if any(t.lower_ in acknowledged or t.lemma_.lower() in acknowledged for t in doc):
        return
    if _opens_with_question(doc) or (ctx.kind is MessageKind.REFUSAL and _redirects(doc)):
        return
    general = ctx.kind is MessageKind.GENERAL
    if general or ctx.kind in (MessageKind.RESOLUTION, MessageKind.ACKNOWLEDGEMENT):
        asking, cases = frozenset(asking_verbs), frozenset(case_words)
        handling, fixing = frozenset(handling_verbs), frozenset(fixing_verbs)
        if not any(
            _tells_reader(sent, general)
            and not _asks(sent, asking)
            and not _in_condition(span)
            and not _negated(span)
            and not (span.text.lower() in cases and _handled(span, handling))
            and not (span.text.lower() in cases and _fixed(span, fixing))
            for span in lexicon_spans(doc, ctx.words)
            for sent in [span.sent if doc.has_annotation("SENT_START") else doc[:]]
        ):
            return
    yield Match(0, 0)


_NEGATIONS = frozenset({"no", "not", "n't", "never", "nothing", "without"})
_NEGATION_REACH = 4


def _negated(span: Span) -> bool:
    """A denial a few words before the span, in its clause: "no files will be lost"."""
    for token in reversed(span.doc[max(span.start - _NEGATION_REACH, 0) : span.start]):
        if token.is_punct:
            return False
        if token.lower_ in _NEGATIONS:
            return True
    return False


_RELATIVE = frozenset({"acl", "acl:relcl", "relcl"})


def _handled(span: Span, verbs: frozenset[str]) -> bool:
    """The span's head verb (or its head's, through a preposition) is one of `verbs`, or a
    relative clause on it is ("the issue you mentioned")."""
    token = span.root
    if any(c.dep_ in _RELATIVE and c.lemma_.lower() in verbs for c in token.children):
        return True
    for _ in range(2):
        if token.head is token:
            return False
        token = token.head
        if token.lemma_.lower() in verbs:
            return True
    return False


_PASSIVE_SUBJECTS = frozenset({"nsubjpass", "nsubj:pass"})  # the English and the UD label


def _fixed(span: Span, verbs: frozenset[str]) -> bool:
    """The span is the passive subject of one of `verbs`: "your issue has been resolved"."""
    token = span.root
    return token.dep_ in _PASSIVE_SUBJECTS and token.head.lemma_.lower() in verbs


_GREETINGS = frozenset({"hi", "hello", "hey", "dear", "greetings", "good", "morning", "afternoon"})
_SENTENCE_ENDS = frozenset({".", "!", "?"})
_READER = frozenset({"you", "your", "you're", "yours"})


def _opens_with_question(doc: Doc) -> bool:
    """The first sentence after any @handles and greeting ("Hello!", "Hi Sam,") is a question
    about the reader's situation: it ends with "?", mentions the reader and is not negative
    ("which model do you have?", not "didn't you read the notice?" nor "who broke this?")."""
    words = [t for t in doc if not t.is_space and not t.text.startswith("@")]
    start = 0
    if words and words[0].lower_ in _GREETINGS:
        start = next((i + 1 for i, t in enumerate(words[:4]) if t.is_punct), 1)
    end = next((i for i, t in enumerate(words) if i >= start and t.text in _SENTENCE_ENDS), None)
    if end is None or words[end].text != "?":
        return False
    lowered = {t.lower_ for t in words[start:end]}
    return bool(lowered & _READER) and not lowered & _NEGATIONS


_REFUSING = frozenset({"unable", "cannot", "can't", "n't", "not"})
_CHANNELS = frozenset({"here", "forum", "media", "twitter", "chat"})


def _redirects(doc: Doc) -> bool:
    """A "no" only to this channel ("we can't help with refunds here", "over social media")
    with a link or an address to take the request to: routing, not bad news."""
    route = any(t.like_url or t.like_email for t in doc)
    sentences = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
    return route and any(
        {t.lower_ for t in sent} & _REFUSING and {t.lower_ for t in sent} & _CHANNELS
        for sent in sentences
    )


_CONDITIONS = frozenset({"if", "unless", "case", "whether", "when", "whenever", "once", "should"})
"""Words that open a condition ("in case" ends in "case"): what follows has not happened."""


def _in_condition(span: Span) -> bool:
    """The span follows a condition word in its clause (back to the last comma or semicolon),
    or its sentence opens with one ("if the card still can't be charged, it may be faulty":
    what follows a condition is as hypothetical as the condition)."""
    doc = span.doc
    start = span.sent.start if doc.has_annotation("SENT_START") else 0
    opening = [t for t in doc[start : span.start] if not t.is_space][:1]
    if opening and opening[0].lower_ in _CONDITIONS:
        return True
    for token in reversed(doc[start : span.start]):
        if token.text in {",", ";", ":"} or "\n" in token.text:
            return False
        if token.lower_ in _CONDITIONS:
            return True
    return False


def _asks(sent: Span, verbs: frozenset[str]) -> bool:
    """A request for details: an asking verb with "please", or opening the sentence."""
    words = [t for t in sent if not t.is_punct and not t.is_space]
    please = any(t.lower_ == "please" for t in words)
    return any(
        (t.lower_ in verbs or t.lemma_.lower() in verbs) and (please or i == 0)
        for i, t in enumerate(words)
    )


def _tells_reader(sent: Span, about_reader: bool) -> bool:
    """A statement (no question mark, even before a signature) that mentions the reader,
    when `about_reader`."""
    return not any(t.text == "?" for t in sent) and (
        not about_reader or any(t.lower_ in _READER for t in sent)
    )
