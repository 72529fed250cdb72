"""Python rule functions for the plain_language dimension.

Every function here leaves template placeholders alone (`{{first_name}}`, `%NAME%`): they stand
for names, and a writer cannot reword them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import cache

import re2
from spacy.tokens import Doc, Span, Token
from wordfreq import top_n_list, zipf_frequency

from commlint.nlp.measures import (
    foreign_sentences,
    is_name,
    label_lists,
    placeholder_spans,
    tokens_in,
    word_zipf,
)
from commlint.nlp.per_doc import per_doc, text_of
from commlint.nlp.phrases import phrase_matcher
from commlint.rules.registry import Match, RuleContext, rule_function

# google-re2 runs in linear time whatever the text, so unbounded repeats are safe here.
_ARTEFACTS = re2.compile(
    "|".join(
        [
            # stack traces: Python, Java/.NET frames, "Exception in thread"
            r"(?m)^[ \t]*Traceback \(most recent call last\):[^\n]*$",
            r"(?m)^[ \t]*File \"[^\"\n]{1,300}\", line \d{1,7}[^\n]*$",
            r"(?m)^[ \t]+at [A-Za-z_$][\w$.<>`]*\([^()\n]*\)[^\n]*$",
            r"(?m)^[^\n]{0,100}Exception in thread [^\n]*$",
            # log lines: a timestamp, then a level
            r"(?m)^[ \t]*\[?\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d)?[^\n]{0,40}?"
            r"\b(?:ERROR|WARN|WARNING|INFO|DEBUG|FATAL|CRITICAL|TRACE)\b[^\n]*$",
            # exception and error class names, error constants, numbered error codes
            r"\b[A-Z][A-Za-z]{1,60}(?:Exception|Error)\b",
            r"\b[A-Z]{2,}(?:_[A-Z0-9]{2,})+\b",
            r"\b(?i:error|error code|stop code|exit code|event id)[ :#]{1,3}"
            r"(?:0x)?[0-9A-F]{0,9}[0-9][0-9A-F]{1,9}\b",
            # addresses: MAC, IPv6, IPv4 (with a port or prefix), hex memory addresses
            r"\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b",
            r"\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b",
            r"\b(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?",
            r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2}|:\d{1,5})?\b",
            r"\b0x[0-9A-Fa-f]{4,16}\b",
            # file paths: Windows drive, UNC share, Unix absolute or home (two parts at least)
            r"\b[A-Za-z]:\\[^\s\"'<>|]{1,260}",
            r"\\\\[A-Za-z0-9_.$-]{1,60}\\[^\s\"'<>|]{1,260}",
            r"(?:^|[\s(\"'])(?:~|/[A-Za-z0-9_.-]+)(?:/[A-Za-z0-9_.-]+)+/?",
        ]
    )
)
_TRAILING = ".,;:!?)\"'"
_INITIALS_MARKS = frozenset("*^~-")
_ACTOR_DEPS = frozenset({"obl:agent", "agent"})
_PASSIVE_AUX = frozenset({"aux:pass", "auxpass"})
_EVENT_AUX = frozenset({"was", "were", "been"})
_SUBJECT_DEPS = frozenset({"nsubj:pass", "nsubjpass"})
# a "by ..." agent, a condition or a negation: nobody's part is hidden
_NO_ACTOR_NEEDED = frozenset({"by", "if", "unless", "whether", "not", "n't", "never"})
_BY_ITSELF = frozenset({"automatically", "itself"})
_NAME_DEPS = frozenset({"amod", "compound", "flat", "flat:name"})
_COMMON_PART_ZIPF = 4.0  # both halves of a run-together compound are everyday words
_MIN_PART = 4  # letters in each half ("mis-" is no word)
_EXPLANATION_WORDS = 3  # "SSO (one sign-in for all your apps)": words enough to explain it
_LONGEST_ACRONYM = 10
# "re-book", "non-refundable", "pre-install": a prefix that leaves the word's meaning plain
_PLAIN_PREFIXES = ("re", "non", "pre")
_AGENT_ENDINGS = ("ers", "er", "rs", "r")  # "uploader" is one who uploads
_KNOWN_STEM_ZIPF = 3.0
_PREFIXED_STEM_ZIPF = 2.7  # "refundable" is no everyday word, but "nonrefundable" is as plain
_TYPO_TARGET_ZIPF = 4.0  # a spelling slip of a common word ("editted") is no rare word
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_FREQUENT_WORDS = 20_000  # enough of wordfreq's list to reach below `_TYPO_TARGET_ZIPF`
_TYPE_VERBS = frozenset({"enter", "type", "input", "key", "search"})
_FIRST_PERSON = frozenset({"i", "we", "us", "our", "me", "my"})
_FIRST_PERSON_SUBJECTS = frozenset({"i", "we"})
_NAMED_POS = frozenset({"NOUN", "PROPN"})
_ACTIVE_SUBJECT_DEPS = frozenset({"nsubj"})


@per_doc
def _artefact_spans(doc: Doc) -> tuple[tuple[int, int], ...]:
    """Technical artefacts, merged where only spaces and punctuation separate them (the lines
    of one trace or log)."""
    text = text_of(doc)
    spans: list[tuple[int, int]] = []
    for m in _ARTEFACTS.finditer(text):
        start, end = m.start(), m.end()
        start += len(text[start:end]) - len(text[start:end].lstrip(" \t\n(\"'"))
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if start >= end:
            continue
        if spans and not text[spans[-1][1] : start].strip(_TRAILING + " \t\n"):
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return tuple(spans)


def _is_link(token: Token) -> bool:
    """A web address or e-mail address (spaCy's `like_url` also takes "/etc/app.yml")."""
    return token.like_email or (token.like_url and ("://" in token.text or "www." in token.lower_))


@per_doc
def _not_prose(doc: Doc) -> frozenset[int]:
    """Tokens that are placeholders, URLs, e-mail addresses or technical artefacts."""
    skip = tokens_in(doc, [*placeholder_spans(text_of(doc)), *_artefact_spans(doc)])
    return frozenset(skip.union(t.i for t in doc if _is_link(t)))


@rule_function("commlint.technical_artefact.v1")
def technical_artefact(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Error codes, addresses, paths, stack traces and log lines in the body of a message."""
    links = [(t.idx, t.idx + len(t)) for t in doc if _is_link(t)]
    inside = [*placeholder_spans(text_of(doc)), *links]
    for start, end in _artefact_spans(doc):
        if not any(s < end and start < e for s, e in inside):
            yield Match(start, end)


def rare_word(
    doc: Doc, ctx: RuleContext, *, max_zipf: float = 2.5, min_length: int = 3
) -> Iterator[Match]:
    """Words rarer than `max_zipf` (form and lemma both), outside names, allow-words, the
    rule's lexicons (whole multi-word terms too), placeholders, technical artefacts,
    compounds of two common words and sentences in another language.

    The engine runs this for rules of kind `lexicon` (`plain_language.rare-word`)."""
    skip = set(_not_prose(doc))
    allowed = {w.lower() for w in ctx.allow_words}
    if ctx.words:
        for _, start, end in phrase_matcher(doc.vocab, ctx.words)(doc):
            skip.update(range(start, end))
    for token in doc:
        if (
            not token.is_alpha
            or len(token) < min_length
            or token.is_upper
            or token.i in skip
            or token.lower_ in allowed
            or is_name(token)
            or not token.text[1:].islower()  # iPadOS, PowerPoint: product names
        ):
            continue
        zipf = word_zipf(token)
        if zipf >= max_zipf or _compound(token.lower_) or _foreign(token.sent):
            continue
        if _transparent(token.lower_) or _slip(token.lower_) or _literal(doc, token):
            continue
        yield Match(token.idx, token.idx + len(token), value=f"{zipf:.1f}")


def _common(word: str, zipf: float = _KNOWN_STEM_ZIPF) -> bool:
    return len(word) >= _MIN_PART - 1 and zipf_frequency(word, "en") >= zipf


def _transparent(word: str) -> bool:
    """A known word with a plain prefix ("rebooking", "nonrefundable") or one who does a
    known verb ("uploader", "renderers"): read as its parts."""
    for prefix in _PLAIN_PREFIXES:
        stem = word[len(prefix) :].lstrip("-")
        if word.startswith(prefix) and _common(stem, _PREFIXED_STEM_ZIPF):
            return True
    return any(word.endswith(end) and _common(word[: -len(end)]) for end in _AGENT_ENDINGS)


def _slip(word: str) -> bool:
    """One letter away from a common word ("editted", "priviate"): a spelling slip, which a
    spell checker reports better than a rare-word hint."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    candidates.update(a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0])
    candidates.discard(word)
    return not candidates.isdisjoint(_typo_targets())


@cache
def _typo_targets() -> frozenset[str]:
    """The words at or above `_TYPO_TARGET_ZIPF`: the head of wordfreq's list, which is sorted
    by frequency."""
    words = top_n_list("en", _FREQUENT_WORDS)
    end = bisect_left(words, True, key=lambda w: zipf_frequency(w, "en") < _TYPO_TARGET_ZIPF)
    return frozenset(w for w in words[:end] if len(w) >= _MIN_PART - 1)


def _literal(doc: Doc, token: Token) -> bool:
    """Text the reader is told to type ("please enter banben"), or a name the message writes
    capitalised elsewhere ("a nubia shop" beside "Nubia")."""
    if token.i > 0 and doc[token.i - 1].lemma_.lower() in _TYPE_VERBS:
        return True
    return any(t.lower_ == token.lower_ and t.text[0].isupper() for t in doc if t.i != token.i)


def _compound(word: str) -> bool:
    """Two common words run together ("microblog", "timesheet"): read as its parts."""
    return any(
        zipf_frequency(word[:i], "en") >= _COMMON_PART_ZIPF
        and zipf_frequency(word[i:], "en") >= _COMMON_PART_ZIPF
        for i in range(_MIN_PART, len(word) - _MIN_PART + 1)
    )


def _foreign(sent: Span) -> bool:
    return sent.start in foreign_sentences(sent.doc)


def _is_acronym(token: Token, max_letters: int) -> bool:
    """Two or more capitals, optionally a plural `s`: "ACL", "VLANs"."""
    core = token.text[:-1] if token.text.endswith("s") else token.text
    return 2 <= len(core) <= max_letters and core.isalpha() and core.isupper()


def _core(text: str) -> str:
    """The acronym without a plural `s`: "VLANs" -> "VLAN" ("SaaS" stays)."""
    return text[:-1] if len(text) > 2 and text.endswith("s") and text[-2].isupper() else text


def _letters_in_order(acronym: str, words: list[str]) -> bool:
    """Schwartz and Hearst's test: the first word starts with the acronym's first letter and
    every letter of the acronym appears, in order, in the words."""
    letters = [c for c in acronym.lower() if c.isalpha()]
    if not letters or not words or not words[0].lower().startswith(letters[0]):
        return False
    text, pos = " ".join(words).lower(), 0
    for letter in letters:
        pos = text.find(letter, pos) + 1
        if pos == 0:
            return False
    return True


def _defines(doc: Doc, token: Token, core: str) -> bool:
    """ "access control list (ACL)", "ACL (access control list)", or the acronym then a plain
    explanation in brackets: "SSO (one sign-in for all your apps)"."""
    if token.i > 0 and doc[token.i - 1].text == "(":
        window = max(len(core) + 5, 2 * len(core))
        before = [t.text for t in doc[max(0, token.i - 1 - window) : token.i - 1] if t.is_alpha]
        return any(_letters_in_order(core, before[i:]) for i in range(len(before)))
    if token.i + 1 < len(doc) and doc[token.i + 1].text == "(":
        close = next((t.i for t in doc[token.i + 2 : token.i + 20] if t.text == ")"), None)
        if close is not None:
            inside = [t.text for t in doc[token.i + 2 : close] if t.is_alpha]
            return len(inside) >= _EXPLANATION_WORDS or _letters_in_order(core, inside)
    return False


@per_doc
def _definitions(doc: Doc) -> frozenset[str]:
    """The acronyms (their cores) that the message defines somewhere."""
    return frozenset(
        _core(token.text)
        for token in doc
        if len(token) <= _LONGEST_ACRONYM
        and sum(c.isupper() for c in token.text) >= 2
        and _defines(doc, token, _core(token.text))
    )


def _explained(doc: Doc, token: Token, core: str, allowed: frozenset[str]) -> bool:
    """The acronym policy both acronym rules share: a team's own (allow-words), or defined
    somewhere in the message."""
    return core.upper() in allowed or token.text.upper() in allowed or core in _definitions(doc)


def _readers_own(token: Token) -> bool:
    """The name of the reader's own account or device: "your PSN account"."""
    head = token.head
    return token.dep_ == "compound" and any(c.lower_ == "your" for c in head.children)


def _initials(doc: Doc, token: Token, core: str) -> bool:
    """A writer's initials signing off a reply: "*SR", "^JK", or a final "Thanks, PT"."""
    before = doc[token.i - 1] if token.i else None
    if before is not None and before.text in _INITIALS_MARKS and not before.whitespace_:
        return True
    return len(core) <= 3 and not any(t.is_alpha for t in doc[token.i + 1 :])


def _in_name(token: Token) -> bool:
    """Part of a capitalised name: a product or persona ("YT Premium", "Little WO"), which the
    reader knows as a name rather than as letters to spell out."""
    doc = token.doc
    before = doc[token.i - 1] if token.i else None
    if (
        before is not None
        and before.is_alpha
        and before.text[0].isupper()
        and not before.is_upper
        and not before.is_stop
        and before.pos_ not in ("VERB", "INTJ")
    ):
        return True  # "Xiao WO", "Little WO"
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if after is not None and after.is_title and after.is_alpha and not after.is_stop:
        return True  # "WP Managed Services"
    if any(t.text != token.text and t.text.startswith(token.text) and t.is_upper for t in doc):
        return True  # "MI" beside "MIUI": one brand's names
    for other in (
        token.nbor(-1) if token.i else None,
        token.nbor() if token.i + 1 < len(token.doc) else None,
    ):
        if other is None or not (other.is_title and other.is_alpha) or other.is_stop:
            continue
        if other.head == token and other.dep_ in _NAME_DEPS:
            return True
        if token.head == other and token.dep_ in _NAME_DEPS:
            return True
    return False


@rule_function("commlint.jargon_acronym.v1")
def jargon_acronym(
    doc: Doc, ctx: RuleContext, *, acronyms: str, phrases: str | None = None
) -> Iterator[Match]:
    """The first use of each IT acronym of the `acronyms` lexicon (matched as written, so "SAN"
    but not "San"), with its plain replacement, unless the acronym policy excuses it
    (`_explained`). Acronyms inside a term of the `phrases` lexicon ("DNS server") are the
    jargon rule's, which has a better replacement for the whole term."""
    terms = ctx.terms[acronyms]
    allowed = frozenset(w.upper() for w in ctx.allow_words)
    skip = set(_not_prose(doc))
    if phrases is not None:
        for _, start, end in phrase_matcher(doc.vocab, frozenset(ctx.terms[phrases]))(doc):
            if end - start > 1:
                skip.update(range(start, end))
    seen: set[str] = set()
    for _, start, end in phrase_matcher(doc.vocab, frozenset(terms), exact=True)(doc):
        span = doc[start:end]
        core = _core(span.text)
        if core in seen or skip.intersection(range(start, end)):
            continue
        if label_lists(doc).intersection(range(start, end)):
            continue  # a label the reader is asked for: "your specs (OS, CPU, RAM)"
        if span.text == "AD" and start > 0 and doc[start - 1].like_num:
            continue  # a year: "2004 AD"
        seen.add(core)
        if not _explained(doc, span[0], core, allowed):
            yield Match(span.start_char, span.end_char, terms[span.text])


@rule_function("commlint.unexplained_acronym.v1")
def unexplained_acronym(
    doc: Doc,
    ctx: RuleContext,
    *,
    max_letters: int = 6,
    max_zipf: float = 4.5,
    expansions: str | None = None,
) -> Iterator[Match]:
    """The first use of each acronym that is neither known (the rule's lexicons) nor excused
    by the acronym policy (`_explained`). Where the `expansions` lexicon knows what it stands
    for, the suggestion spells it out: "close of business (COB)". A capitalised common word
    ("PLEASE", zipf >= `max_zipf`) or a run of capitals is shouting, which the tone pack
    judges."""
    spelled = ctx.terms[expansions] if expansions is not None else {}
    known = {w.upper() for w in ctx.words if w not in spelled}
    allowed = frozenset(w.upper() for w in ctx.allow_words)
    skip = _not_prose(doc)
    seen: set[str] = set()
    for token in doc:
        if token.i in skip or not _is_acronym(token, max_letters):
            continue
        core = token.text[:-1] if token.text.endswith("s") else token.text
        if core in seen or core in known or token.text in known:
            continue
        neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if 0 <= i < len(doc)]
        if any(n.is_alpha and n.is_upper and len(n) > 1 for n in neighbours):
            continue
        if _initials(doc, token, core) or _in_name(token) or word_zipf(token) >= max_zipf:
            continue
        if token.i in label_lists(doc) or _readers_own(token):
            continue
        seen.add(core)
        if not _explained(doc, token, core, allowed):
            spelled_out = tuple(f"{words} ({core})" for words in spelled.get(core, ()))
            yield Match(token.idx, token.idx + len(token), spelled_out, value=core)


@rule_function("commlint.hidden_actor.v1")
def hidden_actor(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    """Passive clauses with no "by ..." agent that report an action: "the server was restarted",
    "it has been escalated", "it will be replaced". Present "is/are" passives mostly state a
    condition ("the phone is cracked", "you are allowed") and are left alone, as are passives
    that report no action: a condition ("if your account was suspended"), a negation ("it has
    not been added yet"), something that happens by itself ("it will be disconnected
    automatically") and a feeling about it ("glad it was caught")."""
    for verb in doc:
        deps = {child.dep_ for child in verb.children}
        if not (_PASSIVE_AUX & deps and _SUBJECT_DEPS & deps):
            continue
        auxes = {c.lower_ for c in verb.children if c.dep_ in _PASSIVE_AUX or c.dep_ == "aux"}
        if not (_EVENT_AUX & auxes or {"be", "will"} <= auxes):
            continue
        if _ACTOR_DEPS & deps or any(c.lower_ in _NO_ACTOR_NEEDED for c in verb.children):
            continue
        if any(t.lower_ in _BY_ITSELF for t in verb.subtree):
            continue
        if verb.dep_ == "ccomp" and verb.head.pos_ == "ADJ":
            continue  # a feeling about it, not a report: "Glad it was caught!"
        if _asked(verb.sent) or _actor_named(verb):
            continue
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        yield Match(min(s.left_edge.idx for s in subjects), _word_end(doc, verb))


def _asked(sent: Span) -> bool:
    """A question about the state of things ("Has the file been locked?"), not a report."""
    return any(t.text == "?" for t in sent)


def _actor_named(verb: Token) -> bool:
    """The writer or someone named acts in the same sentence ("it has been recorded and our
    team will follow it up", "please wait for us to call"), or the writer is the subject of
    the sentence before or after ("We have refunded you. The refund will arrive today.")."""
    sent = verb.sent
    if any(t.lower_ in _FIRST_PERSON for t in sent):
        return True
    if any(
        t.dep_ in _ACTIVE_SUBJECT_DEPS and t.head != verb and t.pos_ in _NAMED_POS for t in sent
    ):
        return True  # "the person in charge has called you and the case has been closed"
    doc = verb.doc
    near = [doc[sent.start - 1].sent] if sent.start > 0 else []
    if sent.end < len(doc):
        near.append(doc[sent.end].sent)
    return any(
        t.lower_ in _FIRST_PERSON_SUBJECTS and t.dep_ in _ACTIVE_SUBJECT_DEPS
        for other in near
        for t in other
    )


def _word_end(doc: Doc, token: Token) -> int:
    """End offset of the whole hyphenated word `token` starts ("re" in "re-imaged")."""
    i = token.i
    while (
        i + 2 < len(doc)
        and doc[i + 1].text == "-"
        and not (doc[i].whitespace_ or doc[i + 1].whitespace_)
    ):
        i += 2
    return doc[i].idx + len(doc[i])
