"""Python rule functions for the tone dimension."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache

from spacy.tokens import Doc, Span, Token
from wordfreq import zipf_frequency

from commlint.nlp.chat_norms import name_letter
from commlint.nlp.labels import equivalent_labels
from commlint.nlp.per_doc import per_doc, text_of
from commlint.rules.functions.empathy import is_letter
from commlint.rules.functions.lexicon import lexicon_spans
from commlint.rules.registry import Match, RuleContext, rule_function

_NEGATIONS = frozenset({"not", "n't", "n\u2019t", "never"})
_CONDITIONS = frozenset({"if", "whether", "unless", "once", "when", "whenever", "after", "before"})
_LOOKBACK = 3  # words before "you" searched for "if", "when"...
_CLAUSE_LOOKBACK = 12  # words before "you" searched for a condition, up to a punctuation mark
_HANDOVER_VERBS = frozenset(
    {
        "passed", "forwarded", "copied", "sent", "raised", "referred", "introduced", "asked",
        "contacted", "escalated", "logged", "emailed", "called", "messaged", "cc'd", "looped",
        "pass", "forward", "raise", "refer", "introduce", "ask", "contact", "escalate",
        "email", "call", "message", "loop",
    }
)  # fmt: skip
_HANDOVER_SUBJECTS = frozenset({"i", "we"})
_COURTESY = frozenset({"please", "kindly", "thanks", "thank"})
_REASONS = frozenset({"so", "because", "since", "otherwise", "as", "then"})
_OFFERS = frozenset(
    {
        "if", "whenever", "anytime", "we", "we'll", "i", "i'll",
        "questions", "question", "posted", "try",  # "send us any questions", "keep us posted"
    }
)  # fmt: skip
_HELP_NOUNS = frozenset({"help", "assistance", "support"})  # "for further assistance": a reason
# "reply here or call me": a way back to the writer, not a demand
_CONTACT_VERBS = frozenset(
    {"reply", "respond", "write", "call", "ring", "phone", "email", "message"}
)
_BACK_TO_WRITER = frozenset({"here", "me", "us", "back"})
_DEMANDED = frozenset({"with", "by"})  # "reply with your asset tag", "reply by Friday"
_LIST_MARKERS = ("-", "*", "\u2022", "\u2013")  # hyphen, star, bullet, en dash
_MIN_PHONE_DIGITS = 6
_QUESTION_WORDS = frozenset(
    {"what", "which", "where", "when", "who", "whom", "whose", "how", "why"}
)
_PROMISING = frozenset({"will", "'ll", "\u2019ll", "shall", "going"})
_WILL_DO = frozenset({"will", "'ll", "\u2019ll", "can", "need", "want"})  # "I'll check it"
_WHY_WINDOW = 20  # words after an opening question searched for what the answer is for
_OWN = frozenset({"my", "our", "i", "we"})
_POINTERS = frozenset({"your", "this", "that", "these", "those", "it", "what"})
_POINTER_LABELS = frozenset(
    {
        "nsubj",
        "det",
        "det:predet",
        *equivalent_labels("nmod:poss"),
        *equivalent_labels("det:predet"),
    }
)


def _runs(doc: Doc, keep: Callable[[int], bool]) -> Iterator[Span]:
    """Maximal runs of adjacent tokens for which `keep(i)` holds."""
    start: int | None = None
    for i in range(len(doc) + 1):
        if i < len(doc) and keep(i):
            start = i if start is None else start
        elif start is not None:
            yield doc[start:i]
            start = None


_GREETINGS = frozenset({"hi", "hello", "hey", "dear", "thanks", "cheers"})
# "Settings > Account", and the two angle quotes used the same way
_PATH_SEPARATORS = frozenset({">", "\u203a", "\u00bb"})
_PATH_LOOKBACK = 2  # words between a menu path separator and a label in capitals ("> I AGREE")


def _label(token: Token) -> bool:
    """A name in capitals right before the noun it names: "the HOME key", "the SETTINGS menu"
    (not a heading on a line of its own)."""
    return token.dep_ == "compound" and token.head.i == token.i + 1 and token.whitespace_ == " "


def _in_menu_path(span: Span) -> bool:
    """A label in a menu path ("Contact form > I STILL NEED HELP"), copied as the screen shows
    it; HTML-escaped "&gt;" counts as ">"."""
    doc = span.doc
    for i in range(span.start - 1, max(span.start - 1 - _PATH_LOOKBACK, -1), -1):
        text = doc[i].text
        if text in _PATH_SEPARATORS or (text == ";" and i > 0 and doc[i - 1].lower_ == "gt"):
            return True
    return False


@lru_cache(maxsize=8)
def _capitalised_words(entries: frozenset[str]) -> frozenset[str]:
    """The words written in capitals in lexicon entries, also inside multi-word ones ("SMART"
    of "SMART error"): known acronyms and terms."""
    return frozenset(w for entry in entries for w in entry.split() if w.isupper())


@rule_function("commlint.shouting.v1")
def shouting(
    doc: Doc,
    ctx: RuleContext,
    *,
    min_zipf: float = 4.0,
    min_zipf_short: float = 5.0,
    short: int = 3,
    min_marks: int = 2,
    min_exclamations: int = 3,
) -> Iterator[Match]:
    """Runs of capitalised everyday words, runs of `min_marks` or more marks with a `?` in them
    ("?!", "??") and of `min_exclamations` or more `!` ("!!!"); a single mark is ordinary
    punctuation and "!!" after thanks is enthusiasm. A greeting typed in capitals ("HI Sam")
    is not shouting at the reader, nor is a lone capitalised word the tagger reads as a name
    (a product or service: "open it in WORD").

    A capitalised word counts as shouting when its lower-case form is common English (wordfreq
    Zipf >= `min_zipf`: "PLEASE", "NOT") and it is neither a capitalised word of the rule's
    lexicons (known acronyms and terms: "WHO", "SMART" of "SMART error") nor an allow-word;
    rare capitalised tokens ("DHCP") are acronyms, which other rules judge. A lone capitalised
    word of `short` letters or fewer is usually initials or an acronym ("MS", "RAM", "OS"), so
    it must be very common (Zipf >= `min_zipf_short`: "NOT").
    """
    allowed = _capitalised_words(ctx.words) | ctx.allow_words

    def shouted(i: int) -> bool:
        tok = doc[i]
        return (
            tok.is_alpha
            and tok.is_upper
            and len(tok) > 1
            and tok.text not in allowed
            and zipf_frequency(tok.lower_, "en") >= min_zipf
        )

    for span in _runs(doc, shouted):
        word = span[0].lower_
        if _in_menu_path(span) or (
            len(span) == 1
            and (
                word in _GREETINGS
                or span[0].pos_ == "PROPN"  # a name in capitals: "WORD", "ST" (a service)
                or _label(span[0])
                or (len(word) <= short and zipf_frequency(word, "en") < min_zipf_short)
            )
        ):
            continue
        yield Match(span.start_char, span.end_char, (span.text.lower(),))
    for span in _runs(doc, lambda i: all(c in "!?" for c in doc[i].text)):
        marks = span.text
        if len(marks) >= (min_marks if "?" in marks else min_exclamations):
            yield Match(span.start_char, span.end_char, ("?" if "?" in marks else "!",))


def _in_brackets(span: Span) -> bool:
    """A platform emoticon tag: "[lol]"."""
    doc = span.doc
    return (
        span.start > 0
        and span.end < len(doc)
        and (doc[span.start - 1].text, doc[span.end].text) == ("[", "]")
    )


@rule_function("commlint.chatspeak.v1")
def chatspeak(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Chat shorthand (the rule's lexicons), each with the words it stands for.

    A capital letter that is part of a name ("Little U", a brand's persona; by the tagger) and
    an emoticon tag in brackets ("[lol]") are not the writer's shorthand.
    """
    spelled = {text.lower(): out for terms in ctx.terms.values() for text, out in terms.items()}
    for span in lexicon_spans(doc, ctx.words):
        if _in_brackets(span) or (len(span) == 1 and name_letter(span[0])):
            continue
        yield Match(span.start_char, span.end_char, spelled.get(span.text.lower(), ()))


def _negated(verb: Token) -> bool:
    return any(child.lower_ in _NEGATIONS for child in verb.children)


_SHARES = frozenset({"many", "some", "most", "all", "several", "few", "half", "one"})


def _accused_verb(you: Token, fault_verbs: frozenset[str], has_dep: bool) -> Token | None:
    """The fault verb "you" is the subject of: by the parse, else the next word or the one
    after an adverb ("you clearly ignored")."""
    doc = you.doc
    if has_dep:
        subject = you
        if you.head.lower_ in _SHARES and you.head.dep_ == "nsubj":  # "many of you ignored"
            subject = you.head
        verb = subject.head
        if subject.dep_ == "nsubj" and verb.i > you.i and verb.lower_ in fault_verbs:
            return None if _negated(verb) else verb
        return None
    after = doc[you.i + 1 : you.i + 3]
    if len(after) and after[0].lower_ in fault_verbs:
        return after[0]
    if len(after) == 2 and after[0].lower_.endswith("ly") and after[1].lower_ in fault_verbs:
        return after[1]
    return None


def _conditional_or_question(you: Token, verb: Token) -> bool:
    """ "if you deleted it", "when you clicked", or a sentence that ends in "?"."""
    doc = you.doc
    # the clause before "you", back to a punctuation mark: "if you can't sign in and you have
    # forgotten your password" is one condition
    for token in reversed(doc[max(0, you.i - _CLAUSE_LOOKBACK) : you.i]):
        if token.lower_ in _CONDITIONS:
            return True
        if token.is_punct:
            break
    end = verb.sent.end if doc.has_annotation("SENT_START") else len(doc)
    rest = [t for t in doc[verb.i : end] if not t.is_space]
    return bool(rest) and "?" in rest[-1].text


@rule_function("commlint.accusation.v1")
def accusation(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Statements with "you" as the subject of a fault verb (the rule's lexicon).

    With a dependency parse, "you" must be the verb's `nsubj` and the verb not negated ("you
    didn't break anything" reassures); without one, the verb must follow "you" directly or
    after an "-ly" adverb. Conditions and questions are left alone.
    """
    has_dep = doc.has_annotation("DEP")
    for you in doc:
        if you.norm_ != "you":  # "u" too (commlint.nlp.chat_norms)
            continue
        verb = _accused_verb(you, ctx.words, has_dep)
        if verb is not None and not _conditional_or_question(you, verb):
            yield Match(you.idx, verb.idx + len(verb))


def _offers_help(doc: Doc) -> bool:
    """A link, an email address, a phone number or a handover by the writer ("I've passed")."""
    numbers = _runs(doc, lambda i: doc[i].text in "+-()" or doc[i].text[0].isdigit())
    if any(sum(c.isdigit() for c in span.text) >= _MIN_PHONE_DIGITS for span in numbers):
        return True
    for token in doc:
        if token.like_url or token.like_email:
            return True
        if token.lower_ in _HANDOVER_VERBS and any(
            t.lower_ in _HANDOVER_SUBJECTS for t in doc[max(0, token.i - _LOOKBACK) : token.i]
        ):
            return True
    return False


@rule_function("commlint.bare_redirect.v1")
def bare_redirect(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Redirects (the rule's lexicon) in a message that offers no help of its own."""
    spans = lexicon_spans(doc, ctx.words)
    if spans and not _offers_help(doc):
        for span in spans:
            yield Match(span.start_char, span.end_char)


def _is_command(sent: Span) -> bool:
    """An imperative sentence: its first word is a verb in the imperative (or base form with
    no subject), and it is not a question."""
    words = [t for t in sent if not (t.is_space or t.is_punct)]
    if not words or sent.text.rstrip().endswith("?"):
        return False
    first = words[0]
    if "Imp" in first.morph.get("Mood", []):
        return first.pos_ in {"VERB", "AUX"}  # "Save it.", "Do not switch it off."
    return (
        first.pos_ == "VERB"
        and first.tag_ == "VB"
        and not any(child.dep_ == "nsubj" for child in first.children)
    )


def _softened(sent: Span) -> bool:
    """A please, a thanks or a reason ("so the update can finish", "to save your work", "for
    faster help")."""
    tokens = list(sent)
    for i, token in enumerate(tokens):
        if token.lower_ in _COURTESY or token.lower_ in _REASONS:
            return True
        if token.lower_ == "to" and i + 1 < len(tokens) and tokens[i + 1].tag_ == "VB":
            return True
        if token.lower_ == "for" and any(t.lower_ in _HELP_NOUNS for t in tokens[i + 1 : i + 3]):
            return True
    return False


_LINE_HEAD = 80  # a list marker is within a line's first characters


def _in_list(sent: Span, text: str) -> bool:
    """Whether the sentence starts a numbered or bulleted line (a how-to step); `text` is the
    Doc's text, read once by the caller (`Doc.text` is rebuilt at every read)."""
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    head = text[line_start : min(sent.end_char, line_start + _LINE_HEAD)].split(maxsplit=1)
    return bool(head) and (head[0].startswith(_LIST_MARKERS) or head[0].rstrip(".)").isdigit())


def _after_comma(sent: Span, text: str) -> bool:
    """Whether the sentence follows a comma: an item of a list the splitter cut up, such as
    button names ("Reply, Reply All, Forward"), not a sentence of its own."""
    return text[: sent.start_char].rstrip().endswith(",")


@per_doc
def _commands(doc: Doc) -> tuple[Span, ...]:
    """Imperative sentences that are not numbered or bulleted how-to steps, nor items of a
    comma list."""
    text = text_of(doc)
    return tuple(
        s
        for s in doc.sents
        if _is_command(s) and not _in_list(s, text) and not _after_comma(s, text)
    )


def _end(sent: Span) -> int:
    """Where the sentence's text ends, trailing whitespace left out."""
    return sent.start_char + len(sent.text.rstrip())


@rule_function("commlint.stacked_commands.v1")
def stacked_commands(doc: Doc, ctx: RuleContext, *, min_commands: int = 3) -> Iterator[Match]:
    """`min_commands` or more imperative sentences, none with a please or a reason.

    Numbered and bulleted steps are instructions, not orders, and do not count.
    """
    commands = _commands(doc)
    if len(commands) >= min_commands and not any(_softened(s) for s in commands):
        yield Match(commands[0].start_char, _end(commands[-1]), value=str(len(commands)))


def _invites_contact(sent: Span, verb: Token) -> bool:
    """ "Reply here or call me on ext. 4410": an invitation to get back in touch (a contact
    verb followed by "here", "me", "us" or "back") that asks for nothing in particular."""
    after = sent.doc[verb.i + 1 : min(verb.i + 3, sent.end)]
    return (
        verb.lower_ in _CONTACT_VERBS
        and any(t.lower_ in _BACK_TO_WRITER for t in after)
        and not any(t.lower_ in _DEMANDED for t in sent)
    )


@rule_function("commlint.bare_demand.v1")
def bare_demand(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Imperatives that demand something of the reader (a verb in the rule's lexicon: "send",
    "explain") with no please and no reason.

    Steps that change the reader's machine ("restart it") are instructions and are left to
    `tone.stacked-commands`; an order to hand something over or account for it is a request
    stripped of its courtesy. A condition or a promise in the sentence ("send us a note if
    anything else comes up", "send it and we'll fix it") makes it an offer, not a demand, and
    so does an invitation to get back in touch ("reply here or call me on ext. 4410").
    """
    for sent in _commands(doc):
        verb = next(t for t in sent if not (t.is_space or t.is_punct))
        offer = any(t.lower_ in _OFFERS for t in sent) or _invites_contact(sent, verb)
        if verb.lower_ in ctx.words and not (offer or _softened(sent)):
            yield Match(sent.start_char + sent.text.index(verb.text), _end(sent))


def _says_why(after: Span) -> bool:
    """ "I'll check the details for you", "so we can ...": the writer says what the answer is
    for, in the words after the question."""
    tokens = [t for t in after if not t.is_space]
    return any(
        a.lower_ in _HANDOVER_SUBJECTS and b.lower_ in _WILL_DO
        for a, b in itertools.pairwise(tokens)
    )


@rule_function("commlint.blunt_question.v1")
def blunt_question(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """An opening question-word question ("What's the asset tag?") in a letter with no
    courtesy marker (the rule's lexicon).

    Only a message that starts with the question counts: a question after a line of context
    ("I'm setting up your new laptop. What's the asset tag?") already says why it is asked, and
    so does a promise right after it ("What's your order number? I'll check the details").
    A yes/no question ("Is the printer on?") checks a fact the writer has in mind; a
    question-word question demands the answer, which is what reads as blunt (the "direct
    question" of Danescu-Niculescu-Mizil et al. 2013). A reply of one unsigned paragraph reads
    as a turn in a chat, where a short question ("Which version are you using?") is how the
    conversation goes on; only a letter (paragraphs, or signed) is held to opening politely.
    A chat turn that opens by asking who did something ("Who pushed this to prod?") hunts for
    a culprit, and is flagged in any message.
    """
    first = next((s for s in doc.sents if s.text.strip()), None)
    if first is None or lexicon_spans(doc, ctx.words):
        return
    words = [t for t in first if not (t.is_space or t.is_punct)]
    body = first.text.rstrip()
    if _says_why(doc[first.end : first.end + _WHY_WINDOW]):
        return
    culprit = len(words) > 1 and words[0].lower_ == "who" and words[1].tag_ == "VBD"
    if not (culprit or is_letter(text_of(doc))):
        return
    if words and words[0].lower_ in _QUESTION_WORDS and body.endswith("?"):
        start = first.start_char + len(first.text) - len(first.text.lstrip())
        yield Match(start, first.start_char + len(body))


@rule_function("commlint.hedged_opinion.v1")
def hedged_opinion(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Hedges (the rule's lexicon) on a view or a suggestion, not on a promise.

    A hedge in a sentence that commits to something ("we'll probably have it back by Friday")
    weakens the promise rather than softening an opinion: `expectations.hedged-commitment`
    judges those, so they earn nothing here.
    """
    for span in lexicon_spans(doc, ctx.words):
        sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
        if not any(t.lower_ in _PROMISING for t in sent):
            yield Match(span.start_char, span.end_char)


@rule_function("commlint.warmth.v1")
def warmth(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Warm words and smileys (the rule's lexicon), unless negated ("not great", "isn't
    helpful": a negation among the few words before)."""
    for span in lexicon_spans(doc, ctx.words):
        before = doc[max(0, span.start - _LOOKBACK) : span.start]
        if not any(t.lower_ in _NEGATIONS or t.lower_ == "no" for t in before):
            yield Match(span.start_char, span.end_char)


def _verdict_target(adjective: Token, targets: frozenset[str], has_dep: bool) -> Token | None:
    """The thing of the reader's that `adjective` judges: the noun it modifies ("a strange
    question") or, by the parse, the subject it is said of ("your approach is wrong")."""
    doc = adjective.doc
    if not has_dep:
        after = doc[adjective.i + 1] if adjective.i + 1 < len(doc) else None
        return after if after is not None and after.lower_ in targets else None
    if adjective.dep_ == "amod" and adjective.head.lower_ in targets:
        return adjective.head
    subject = next((c for c in adjective.children if c.dep_ == "nsubj"), None)
    return subject if subject is not None and subject.lower_ in targets else None


def _points_at_reader(adjective: Token, target: Token, has_dep: bool) -> bool:
    """Whether the judged thing is the reader's or the one under discussion ("your approach",
    "this question", "that's a bad idea"), not a thing named in passing ("the error message
    is strange"). Without a parse, by the words just before the adjective."""
    if has_dep:
        near = [c for c in target.children if c.dep_ in _POINTER_LABELS]
    else:
        near = list(adjective.doc[max(0, adjective.i - _LOOKBACK) : adjective.i])
    return any(t.lower_ in _POINTERS for t in near)


def _own_or_negated(adjective: Token, target: Token, has_dep: bool) -> bool:
    """ "my explanation", "we made a poor choice", "not a bad idea": by the words attached to
    the adjective, its noun and the noun's verb; without a parse, the words just before."""
    doc = adjective.doc
    if has_dep:
        near = [*adjective.children, *target.children]
        near += [c for c in target.head.children if c.dep_ == "nsubj"]
    else:
        near = list(doc[max(0, adjective.i - _LOOKBACK) : adjective.i])
    return any(t.lower_ in _OWN or t.lower_ in _NEGATIONS for t in near)


@rule_function("commlint.disparaging.v1")
def disparaging(
    doc: Doc, ctx: RuleContext, *, adjectives: Sequence[str], targets: Sequence[str]
) -> Iterator[Match]:
    """Verdicts on the reader's message or choices: the rule's lexicon ("makes no sense"), and
    a negative adjective on something the reader wrote or chose ("a strange question", "your
    approach is wrong"; the parser links the two, adjacent words do without it).

    The writer's own work ("my explanation was confusing") is an admission, not a verdict,
    and a negated verdict ("not a bad idea") is none; both are left alone.
    """
    for span in lexicon_spans(doc, ctx.words):
        yield Match(span.start_char, span.end_char)
    judged, things = frozenset(adjectives), frozenset(targets)
    has_dep = doc.has_annotation("DEP")
    for token in doc:
        if token.lower_ not in judged:
            continue
        target = _verdict_target(token, things, has_dep)
        if (
            target is None
            or not _points_at_reader(token, target, has_dep)
            or _own_or_negated(token, target, has_dep)
        ):
            continue
        first, last = sorted((token, target), key=lambda t: t.i)
        yield Match(first.idx, last.idx + len(last))
