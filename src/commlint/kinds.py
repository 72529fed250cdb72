"""Infer what a message is for (its kind) when the writer does not say.

Some rules only apply to some kinds (an incident update needs a next-update time, a refusal an
alternative), so a message checked without `--kind` should still get the right ones. The
detector is rule-based and explainable: each kind has *signals*, phrases and token patterns run
through one spaCy PhraseMatcher and one Matcher. A kind scores the sum of the weights of its
distinct signals found (a signal found twice counts once); the best kind wins if it reaches
`THRESHOLD`, otherwise the message is `general`. Ties go to the kind listed first in
`PRIORITY`. The report names the winning kind's signals in `kind_signals`. See docs/kinds.md.

Patterns use only token text (`LOWER`), so inference works on every pipeline, `blank` included.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from commlint.nlp.compact import without_space_tokens
from commlint.nlp.phrases import english_make_doc
from commlint.report import MessageKind

THRESHOLD = 2.0
"""The least total weight that names a kind: one strong signal, or two weak ones."""

PRIORITY = (
    MessageKind.REFUSAL,
    MessageKind.MAINTENANCE_NOTICE,
    MessageKind.SCHEDULED_WORK,
    MessageKind.RESOLUTION,
    MessageKind.ACKNOWLEDGEMENT,
    MessageKind.INCIDENT_UPDATE,
)
"""Tie-breaking order: the news the message is most likely written to give comes first (a
fix reported after an outage is a resolution; a report thanked for is an acknowledgement)."""

STRONG, WEAK = 2.0, 1.0
TokenPattern = list[dict[str, Any]]

_NEG = ["n't", "n\u2019t", "not"]
_WE = ["i", "we"]
_CANNOT: list[TokenPattern] = [
    [{"LOWER": {"IN": _WE}}, {"LOWER": {"IN": ["ca", "can"]}}, {"LOWER": {"IN": _NEG}}],
    [{"LOWER": {"IN": _WE}}, {"LOWER": "cannot"}],
    [{"LOWER": {"IN": _WE}}, {"LOWER": {"IN": ["wo", "will"]}}, {"LOWER": {"IN": _NEG}},
     {"LOWER": "be"}, {"LOWER": "able"}],
]  # fmt: skip
_DONE = ["fixed", "resolved", "restored", "unlocked", "sorted", "repaired", "granted"]
_FIXED_NOW: list[TokenPattern] = [
    [{"LOWER": {"IN": [*_DONE, "working", "stable", "ok", "okay", "fine", "faster"]}},
     {"LOWER": {"IN": ["now", "again"]}}],
    [{"LOWER": {"NOT_IN": ["be", "being", "get", *_NEG]}}, {"LOWER": {"IN": _DONE}},
     {"IS_PUNCT": True}],
]  # fmt: skip
_WE_FIXED: list[TokenPattern] = [
    [{"LOWER": {"IN": _WE}}, {"LOWER": {"IN": ["have", "'ve", "\u2019ve"]}, "OP": "?"},
     {"LOWER": {"IN": ["fixed", "removed", "reset", "replaced", "restored", "repaired",
                       "unlocked", "reinstalled", "cleared", "reconnected", "corrected",
                       "recovered", "restarted", "archived", "moved", "added", "updated"]}}],
]  # fmt: skip
_AGAIN: list[TokenPattern] = [[{"LOWER": "can"}, {"IS_ALPHA": True}, {"LOWER": "again"}]]
_NONE_LEFT: list[TokenPattern] = [
    [{"LOWER": "no"}, {"IS_ALPHA": True, "OP": "{1,2}"}, {"LOWER": {"IN": ["left", "available"]}}],
]
_YOUR_NEW: list[TokenPattern] = [
    [{"LOWER": "your"}, {"LOWER": "new"}, {"IS_ALPHA": True, "OP": "?"},
     {"LOWER": {"IN": ["laptop", "phone", "monitor", "pc", "computer", "tablet", "desk",
                       "headset", "keyboard", "mobile"]}}],
]  # fmt: skip
_RECEIVED: list[TokenPattern] = [[{"IS_ALPHA": True}, {"LOWER": "received"}, {"IS_PUNCT": True}]]
_PAST_ACTION: list[TokenPattern] = [
    [{"LOWER": {"IN": _WE}}, {"LOWER": {"IN": ["have", "'ve", "\u2019ve"]}, "OP": "?"},
     {"TAG": {"IN": ["VBD", "VBN"]}, "LOWER": {"NOT_IN": ["received", "been", "had", "made"]}}],
]  # fmt: skip
_IF_AGAIN: list[TokenPattern] = [
    [{"LOWER": "if"}, {"IS_PUNCT": False, "OP": "{1,5}"}, {"LOWER": {"IN": ["again", "still"]}}],
]
_ONGOING: list[TokenPattern] = [
    [{"TAG": "VBG"}, {"LOWER": {"IN": ["it", "this", "that"]}, "OP": "?"}, {"LOWER": "now"}],
    [{"LOWER": {"IN": ["is", "are", "'re", "\u2019re"]}}, {"LOWER": "still"}, {"TAG": "VBG"}],
]
_WINDOW: list[TokenPattern] = [
    [{"LOWER": "between"}, {"LIKE_NUM": True}, {"IS_PUNCT": False, "OP": "{0,2}"},
     {"LOWER": "and"}, {"LIKE_NUM": True}],
    [{"LOWER": "from"}, {"LIKE_NUM": True}, {"IS_PUNCT": False, "OP": "{0,2}"},
     {"LOWER": {"IN": ["to", "until", "till"]}}, {"LOWER": {"IN": ["noon", "midday", "midnight"]}}],
    [{"LOWER": "from"}, {"LIKE_NUM": True}, {"IS_PUNCT": False, "OP": "{0,2}"},
     {"LOWER": {"IN": ["to", "until", "till"]}}, {"LIKE_NUM": True}],
]  # fmt: skip
_CONDITIONAL = {"if", "unless", "whether", "when", "once", "until", "till"}
_WISHED = {"hope", "hopefully", "fingers", "wish", "get", "help"}
_CONDITION_REACH = 4  # "if [the shared account] was deleted": a short subject in between
"""A signal just after these is a condition, a hope or a goal, not news ("if we can't fix
it...", "we'll tell you when it's fixed", "fingers crossed it's sorted", "they can help you get
it resolved")."""
_ENDS = {".", "!", "?"}


@dataclass(frozen=True)
class Signal:
    """Evidence for one kind: phrases (matched on lower case) and token patterns."""

    name: str
    kind: MessageKind
    weight: float
    phrases: tuple[str, ...] = ()
    patterns: tuple[TokenPattern, ...] = field(default=())
    tagged: tuple[TokenPattern, ...] = field(default=())
    """Patterns that use part-of-speech tags: they run only on a tagging pipeline."""


SIGNALS: tuple[Signal, ...] = (
    # refusal: the writer cannot or will not do what was asked
    Signal("cannot", MessageKind.REFUSAL, STRONG, patterns=tuple(_CANNOT)),
    Signal("unable", MessageKind.REFUSAL, STRONG, (
        "we are unable to", "we're unable to", "i am unable to", "i'm unable to",
        "we are not able to", "we're not able to", "i'm not able to", "i am not able to",
        "we aren't able to", "we're not allowed to",
    )),
    Signal("not-supported", MessageKind.REFUSAL, STRONG, (
        "not supported", "isn't supported", "aren't supported", "no longer supported",
        "don't support", "do not support", "doesn't support", "not on the approved list",
    )),
    Signal("not-allowed", MessageKind.REFUSAL, STRONG, (
        "not allowed", "not permitted", "isn't permitted", "isn't allowed", "not possible",
        "isn't possible", "against policy", "against our policy", "not approved",
        "has been declined", "have to decline", "must decline", "can't approve", "cannot approve",
        "was rejected", "has been rejected", "request declined", "that's policy", "it's policy",
        "company policy", "not given out",
    )),
    Signal("afraid", MessageKind.REFUSAL, WEAK, (
        "i'm afraid", "i am afraid", "unfortunately", "i'm sorry, but", "sorry, but",
        "we have no", "we don't have any",
    )),
    Signal("none-left", MessageKind.REFUSAL, STRONG, (
        "none left", "out of stock", "not my department", "not our department",
        "nothing we can do", "nothing else we can do",
    ), tuple(_NONE_LEFT)),
    # maintenance notice: planned, service-wide downtime or change
    Signal("maintenance", MessageKind.MAINTENANCE_NOTICE, STRONG, (
        "planned maintenance", "scheduled maintenance", "maintenance window", "routine maintenance",
        "essential maintenance", "maintenance work", "planned upgrade", "planned outage",
        "planned downtime", "scheduled downtime", "updates will install", "update will install",
        "updates install", "will restart automatically", "will be restarted",
    )),
    Signal("will-be-unavailable", MessageKind.MAINTENANCE_NOTICE, WEAK, (
        "will be unavailable", "will be offline", "will be down", "will not be available",
        "won't be available", "will be briefly unavailable", "will be read-only",
        "downtime", "at risk period", "at-risk period",
    )),
    Signal("change", MessageKind.MAINTENANCE_NOTICE, STRONG, (
        "install updates", "patching", "cutover", "change freeze",
        "will be migrated", "we are moving to", "we're moving to", "we are migrating",
        "firmware update",
    )),
    Signal("patch", MessageKind.MAINTENANCE_NOTICE, WEAK, ("patch", "patches")),  # or a how-to's
    Signal("window", MessageKind.MAINTENANCE_NOTICE, WEAK, (
        "will stay available", "will remain available", "may not get through", "may be slow",
    ), tuple(_WINDOW)),
    Signal("all-users", MessageKind.MAINTENANCE_NOTICE, WEAK, (
        "all staff", "all users", "hi everyone", "hello everyone", "during this time",
        "during those hours", "during that time",
        "during the work", "during this window", "during the upgrade", "no action is needed",
        "no action is required", "you don't need to do anything", "leave your laptop on",
        "leave your computer on", "do not switch it off", "don't switch it off",
    )),
    # scheduled work: a visit, install, repair or change for this reader, on a date
    Signal("visit", MessageKind.SCHEDULED_WORK, STRONG, (
        "technician will", "engineer will visit", "engineer will come", "will visit",
        "will come to your desk", "will come by", "will drop by", "appointment",
        "is booked for", "has been booked", "have booked", "we've booked", "i've booked",
        "booked in for", "scheduled for", "is scheduled", "has been scheduled",
        "will be delivered", "delivery",
    )),
    Signal("install", MessageKind.SCHEDULED_WORK, WEAK, (
        "will install", "will be installed", "will replace", "will be replaced", "will set up",
        "will upgrade your", "will move your", "desk move", "will swap", "will migrate your",
        "collect your", "collect it", "please leave your",
    ), tuple(_YOUR_NEW)),
    Signal("rollout", MessageKind.SCHEDULED_WORK, WEAK, (
        "new version", "will be removed", "will deploy", "will be deployed", "will be upgraded",
        "will be rolled out", "will roll out",
    )),
    # resolution: the problem is fixed
    Signal("fixed", MessageKind.RESOLUTION, STRONG, (
        "has been fixed", "is fixed", "is now fixed", "has been resolved", "is resolved",
        "is now resolved", "has been restored", "is restored", "is now restored",
        "is back", "back online", "back to normal", "up and running again", "i've fixed",
        "i have fixed", "we've fixed", "we have fixed", "all sorted", "is sorted",
        "has been sorted", "is now working", "are now working", "should now work", "now works",
        "has been unlocked", "has been reset", "have reset", "you now have access",
        "now have access", "access granted", "has been granted",
    ), tuple(_FIXED_NOW)),
    Signal("we-fixed", MessageKind.RESOLUTION, STRONG, patterns=tuple(_WE_FIXED)),
    Signal("we-did", MessageKind.RESOLUTION, WEAK, tagged=tuple(_PAST_ACTION)),
    Signal("if-again", MessageKind.RESOLUTION, WEAK, patterns=tuple(_IF_AGAIN)),
    Signal("can-now", MessageKind.RESOLUTION, WEAK, (
        "you should now be able", "you can now", "you should now see", "should now",
        "try again now", "closing this ticket", "close this ticket", "close the ticket",
        "marked as resolved", "the cause was", "was caused by", "no longer",
        "works again", "work again",
    ), tuple(_AGAIN)),
    # acknowledgement: a request or report received
    Signal("received", MessageKind.ACKNOWLEDGEMENT, STRONG, (
        "we have received", "we've received", "i have received", "i've received", "we received",
        "has been received", "thanks for reporting", "thank you for reporting",
        "thanks for your request", "thank you for your request", "thanks for letting us know",
        "thank you for letting us know", "thanks for raising", "thank you for raising",
        "thanks for the report", "thank you for the report", "thanks for the details",
        "thank you for the details", "thanks for bringing", "thank you for bringing",
        "thanks for getting in touch", "thank you for getting in touch", "thank you for contacting",
        "thanks for contacting", "has been logged", "we've logged", "i've logged",
        "i have logged", "we have logged", "has been raised", "i've raised", "ticket number",
        "reference number", "case number", "your ticket", "your request",
    ), tuple(_RECEIVED)),
    Signal("noted", MessageKind.ACKNOWLEDGEMENT, WEAK, (
        "got it", "noted", "leave it with us", "leave it with me", "picked up your",
    )),
    Signal("assigned", MessageKind.ACKNOWLEDGEMENT, WEAK, (
        "has been assigned", "assigned to", "will look into", "'ll look into", "will take a look",
        "'ll take a look", "in the queue", "will be in touch", "will sort", "'ll sort",
        "i'll see if", "i will see if",
    )),
    # incident update: an ongoing problem affecting a service
    Signal("outage", MessageKind.INCIDENT_UPDATE, STRONG, (
        "outage", "service disruption", "is down", "are down", "is still down", "went down",
        "is currently down", "still down", "we are experiencing", "we're experiencing",
        "users are experiencing", "customers are experiencing", "is experiencing",
        "we are seeing", "we're seeing", "users are seeing", "is seeing", "we are aware",
        "we're aware", "is investigating", "are investigating", "we're investigating",
        "still investigating",
        "are still working", "still working on", "next update", "root cause", "incident",
        "degraded", "intermittent", "update:",
    )),
    Signal("broken", MessageKind.INCIDENT_UPDATE, STRONG, (
        "is broken", "are broken", "has failed", "have failed", "stopped working", "not working",
        "isn't working", "aren't working", "keeps crashing", "has crashed", "lost its link",
        "lost its connection", "were deleted", "was deleted", "made a mistake",
        "mistakes were made", "are failing", "is failing", "still failing", "still not",
        "is unavailable", "are unavailable", "unreliable", "not opening", "refuses", "refusing",
    )),
    Signal("investigating", MessageKind.INCIDENT_UPDATE, STRONG, (
        "being investigated", "under investigation", "being looked into", "we are looking into",
        "we're looking into", "engineers are working", "engineers are looking",
        "teams are working", "working to restore", "working to resolve", "working on a fix",
        "working on a resolution", "service degradation", "degraded performance",
        "intermittent issues", "intermittent problems", "intermittent errors",
        "affected users", "users affected", "customers affected", "affected customers",
        "impacted users", "users impacted",
    )),
    Signal("ongoing", MessageKind.INCIDENT_UPDATE, WEAK, tagged=tuple(_ONGOING)),
    Signal("affected", MessageKind.INCIDENT_UPDATE, WEAK, (
        "affecting", "affected", "some users", "many users", "several users", "some staff",
        "unable to connect", "can't connect", "cannot connect", "can't log in", "cannot log in",
        "not loading", "errors", "slow", "engineers are", "the team is working",
        "are working on a fix", "we are restoring", "we're restoring", "are looking into it",
        "in due course", "further updates", "more updates", "updates to follow",
        "service status", "status page", "impacted", "disrupted", "interrupted",
    )),
)  # fmt: skip


def _conditional(doc: Doc, start: int) -> bool:
    """A condition, hope or goal word a few tokens before `start`, in the same clause (no
    punctuation)."""
    for token in reversed(doc[max(start - _CONDITION_REACH, 0) : start]):
        if token.is_punct:
            return False
        if token.lower_ in _CONDITIONAL or token.lower_ in _WISHED:
            return True
    return False


def _asked(doc: Doc, end: int) -> bool:
    """The signal ending at `end` is in a question: its sentence ends with "?" ("is it fixed
    now?" asks whether there is a fix, it does not report one). The signal's own last token
    may end the sentence."""
    for token in doc[end - 1 :]:
        if token.text in _ENDS:
            return token.text == "?"
    return False


@dataclass(frozen=True)
class KindGuess:
    """The inferred kind, and the signals that chose it (`name 'text'`, in text order)."""

    kind: MessageKind
    signals: tuple[str, ...]


class KindDetector:
    """Every signal compiled against one vocabulary."""

    def __init__(self, vocab: Vocab) -> None:
        self._phrases = PhraseMatcher(vocab, attr="LOWER")
        self._matcher = Matcher(vocab, validate=True)
        self._tagged = Matcher(vocab, validate=True)
        self._signals = {signal.name: signal for signal in SIGNALS}
        make_doc = english_make_doc(vocab)  # split phrases as messages are
        for signal in SIGNALS:
            if signal.phrases:
                self._phrases.add(signal.name, [make_doc(p) for p in signal.phrases])
            if signal.patterns:
                self._matcher.add(signal.name, list(signal.patterns))
            if signal.tagged:
                self._tagged.add(signal.name, list(signal.tagged))

    def detect(self, doc: Doc) -> KindGuess:
        """The best-supported kind, or `general` when no kind reaches `THRESHOLD`."""
        compact, index = without_space_tokens(doc)
        strings = compact.vocab.strings
        seen: dict[str, tuple[int, str]] = {}
        found = [*self._phrases(compact), *self._matcher(compact)]
        if compact.has_annotation("TAG"):
            found += self._tagged(compact)
        for key, start, end in found:
            name = strings[key]
            fix_asked = self._signals[name].kind is MessageKind.RESOLUTION and _asked(compact, end)
            if _conditional(compact, start) or fix_asked:
                continue
            if name not in seen or start < seen[name][0]:
                text = doc[index[start] : index[end - 1] + 1].text
                seen[name] = (start, " ".join(text.split()))
        totals: dict[MessageKind, float] = defaultdict(float)
        for name in seen:
            signal = self._signals[name]
            totals[signal.kind] += signal.weight
        best = max(PRIORITY, key=lambda kind: (totals[kind], -PRIORITY.index(kind)))
        if totals[best] < THRESHOLD:
            return KindGuess(MessageKind.GENERAL, ())
        chosen = sorted(
            (start, f"{name} '{text}'")
            for name, (start, text) in seen.items()
            if self._signals[name].kind is best
        )
        return KindGuess(best, tuple(label for _, label in chosen))


@lru_cache(maxsize=4)
def detector(vocab: Vocab) -> KindDetector:
    """One detector per vocabulary (a Linter's pipeline), built on first use."""
    return KindDetector(vocab)


def infer_kind(doc: Doc) -> KindGuess:
    """The kind of an analysed message; see the module docstring for how it is chosen."""
    return detector(doc.vocab).detect(doc)
