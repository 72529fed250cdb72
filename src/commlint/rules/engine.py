"""Compile rules into spaCy matchers once, then run them over analysed messages.

All phrase rules share one PhraseMatcher per token attribute, all pattern rules one Matcher and
all dependency rules one DependencyMatcher, so each message is scanned once per matcher however
many rules there are.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher, PhraseMatcher
from spacy.tokens import Doc

from commlint.errors import RuleError
from commlint.nlp.compact import without_space_tokens
from commlint.nlp.labels import expand_dep_labels
from commlint.nlp.measures import Measures, is_word, sentence_words
from commlint.nlp.per_doc import text_of
from commlint.report import MessageKind
from commlint.rules.functions.plain_language import rare_word
from commlint.rules.loader import RuleSet
from commlint.rules.model import (
    DependencyRule,
    LexiconRule,
    MetricRule,
    PatternRule,
    PhraseRule,
    PythonRule,
    RequireRule,
    RuleBase,
    as_term,
)
from commlint.rules.registry import Match, RuleContext, RuleFunction, get_rule_function

_SEP = "\x1f"  # between a rule id and a phrase number in matcher keys
_ANTI = f"{_SEP}anti"  # suffix of the matcher key of a pattern rule's antipatterns
_CLOSING_LINES = 3


@dataclass(frozen=True)
class Hit:
    """One match of one rule in one message."""

    rule: RuleBase
    match: Match


def _scope_range(text: str, scope: str) -> tuple[int, int]:
    """Character range of the first non-blank line, the last three, or the whole text."""
    if scope == "message":
        return 0, len(text)
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            lines.append((pos, pos + len(line.rstrip())))
        pos += len(line)
    if not lines:
        return 0, 0
    if scope == "opening":
        return lines[0]
    return lines[-_CLOSING_LINES:][0][0], lines[-1][1]


def _non_overlapping(matches: Iterable[Match]) -> list[Match]:
    """Longest-first, left-most matches that do not overlap (as spaCy's `filter_spans`)."""
    kept: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def _overlaps(spans: list[Match]) -> Callable[[Match], bool]:
    """A test of whether a match overlaps any of `spans`, in log time per match."""
    spans = sorted(spans, key=lambda m: m.start)
    starts = [m.start for m in spans]
    reach = list(itertools.accumulate((m.end for m in spans), max))  # furthest end so far

    def overlaps(match: Match) -> bool:
        before = bisect_left(starts, match.end)  # the spans that start before `match` ends
        return before > 0 and reach[before - 1] > match.start

    return overlaps


def _without_yielded(hits: list[Hit]) -> list[Hit]:
    """`hits` less those that overlap a hit of a rule they yield to (`RuleBase.yields_to`)."""
    if not any(hit.rule.yields_to for hit in hits):
        return hits
    by_rule: dict[str, list[Match]] = defaultdict(list)
    for hit in hits:
        by_rule[hit.rule.id].append(hit.match)
    tests = {
        rule_id: _overlaps([m for other in yields_to for m in by_rule.get(other, [])])
        for rule_id, yields_to in {h.rule.id: h.rule.yields_to for h in hits}.items()
        if yields_to
    }
    return [h for h in hits if h.rule.id not in tests or not tests[h.rule.id](h.match)]


def _words_in(doc: Doc, start: int, end: int) -> int:
    """The words in a character range of `doc`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return 0 if span is None else sum(1 for t in span if is_word(t))


class RuleEngine:
    """Rules compiled against one pipeline's vocabulary."""

    def __init__(
        self,
        nlp: Language,
        ruleset: RuleSet,
        reported: Sequence[RuleBase],
        helpers: Sequence[RuleBase] = (),
        *,
        allow_words: Iterable[str] = (),
    ) -> None:
        """`reported` rules produce hits; `helpers` only feed `require` rules' `satisfied_by`."""
        self._reported = {rule.id for rule in reported}
        self._rules = {rule.id: rule for rule in [*reported, *helpers]}
        self._ruleset = ruleset
        self._allow_words = frozenset(allow_words)
        self._lexicons = {name: frozenset(lex.texts()) for name, lex in ruleset.lexicons.items()}
        self._replacements: dict[str, tuple[str, ...]] = {}
        self._phrase_matchers: dict[str, PhraseMatcher] = {}
        self._matcher = Matcher(nlp.vocab, validate=True)
        self._dep_matcher = DependencyMatcher(nlp.vocab, validate=True)
        self._highlight: dict[str, list[int] | None] = {}
        self._rare_known: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._functions: dict[str, tuple[RuleFunction, frozenset[str]]] = {}
        self._terms: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {}
        for rule in self._rules.values():
            try:
                self._compile(nlp, rule)
            except (ValueError, KeyError) as exc:  # spaCy's pattern errors
                first = str(exc).strip().splitlines()[0]
                raise RuleError(
                    f"invalid pattern: {first}", path=ruleset.sources.get(rule.id)
                ) from None

    # -- compilation -------------------------------------------------------------------------

    def _add_phrases(self, nlp: Language, rule_id: str, attr: str, items: Sequence[object]) -> None:
        matcher = self._phrase_matchers.get(attr)
        if matcher is None:
            matcher = self._phrase_matchers[attr] = PhraseMatcher(nlp.vocab, attr=attr)
        terms = [as_term(item) for item in items]  # type: ignore[arg-type]
        texts = [t.text for t in terms]
        docs = list(nlp.pipe(texts)) if attr == "LEMMA" else [nlp.make_doc(t) for t in texts]
        for i, (term, doc) in enumerate(zip(terms, docs, strict=True)):
            key = f"{rule_id}{_SEP}{i}"
            self._replacements[key] = tuple(term.replacements)
            matcher.add(key, [doc])

    def _compile(self, nlp: Language, rule: RuleBase) -> None:
        if isinstance(rule, PhraseRule):
            items: list[object] = list(rule.phrases)
            for name in rule.lexicons:
                items.extend(self._ruleset.lexicons[name].entries)
            self._add_phrases(nlp, rule.id, rule.attr, items)
        elif isinstance(rule, PatternRule):
            self._matcher.add(rule.id, [expand_dep_labels(p) for p in rule.patterns])
            if rule.antipatterns:
                antipatterns = [expand_dep_labels(p) for p in rule.antipatterns]
                self._matcher.add(rule.id + _ANTI, antipatterns)
            self._replacements[rule.id] = tuple(rule.replacements)
        elif isinstance(rule, RequireRule):
            if rule.phrases:
                self._add_phrases(nlp, rule.id, "LOWER", rule.phrases)
            if rule.patterns:
                self._matcher.add(rule.id, [expand_dep_labels(p) for p in rule.patterns])
        elif isinstance(rule, DependencyRule):
            for i, pattern in enumerate(rule.patterns):
                key = f"{rule.id}{_SEP}{i}"  # one key a pattern: highlight names differ by pattern
                self._dep_matcher.add(key, [expand_dep_labels(pattern)])
                ids = [node["RIGHT_ID"] for node in pattern]
                self._highlight[key] = [ids.index(n) for n in rule.highlight or ()] or None
        elif isinstance(rule, LexiconRule):
            known = frozenset().union(*(self._lexicons[name] for name in rule.allow_lexicons))
            self._rare_known[rule.id] = (self._allow_words | frozenset(rule.allow), known)
        elif isinstance(rule, PythonRule):
            func = get_rule_function(rule.function)
            if func is None:
                raise KeyError(f"no rule function registered as {rule.function!r}")
            words = frozenset().union(*(self._lexicons[name] for name in rule.lexicons))
            self._functions[rule.id] = func, words
            self._terms[rule.id] = {
                name: {
                    t.text: tuple(t.replacements)
                    for t in map(as_term, self._ruleset.lexicons[name].entries)
                }
                for name in rule.lexicons
            }

    # -- running -----------------------------------------------------------------------------

    def _matcher_hits(self, doc: Doc) -> dict[str, list[Match]]:
        found: dict[str, list[Match]] = defaultdict(list)
        strings = doc.vocab.strings
        compact, index = without_space_tokens(doc)

        def add(rule_id: str, start: int, end: int, replacements: tuple[str, ...]) -> None:
            first, last = doc[index[start]], doc[index[end - 1]]
            found[rule_id].append(Match(first.idx, last.idx + len(last), replacements))

        for matcher in self._phrase_matchers.values():
            for key, start, end in matcher(compact):
                name = strings[key]
                add(name.split(_SEP, 1)[0], start, end, self._replacements[name])
        if len(self._matcher):
            for key, start, end in self._matcher(compact):
                name = strings[key]
                add(name, start, end, self._replacements.get(name, ()))
            for name in [n for n in found if n.endswith(_ANTI)]:
                cancelled = _overlaps(found.pop(name))
                rule_id = name.removesuffix(_ANTI)
                found[rule_id] = [m for m in found.get(rule_id, []) if not cancelled(m)]
        if len(self._dep_matcher):
            for key, token_ids in self._dep_matcher(doc):
                name = strings[key]
                chosen = self._highlight[name]
                tokens = (
                    [doc[token_ids[i]] for i in chosen] if chosen else [doc[i] for i in token_ids]
                )
                found[name.split(_SEP, 1)[0]].append(
                    Match(min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens))
                )
        return found

    def _metric(self, rule: MetricRule, doc: Doc, measures: Measures) -> Iterable[Match]:
        if measures.words < rule.min_words:
            return
        if rule.metric in ("reading_grade", "jargon_rate"):
            value = getattr(measures, rule.metric)
            text = text_of(doc)
            if value is not None and value > rule.limit:
                start = len(text) - len(text.lstrip())
                shown = f"{value:.1f}" if rule.metric == "reading_grade" else f"{value:.0%}"
                yield Match(start, len(text.rstrip()), value=shown)
        elif rule.metric == "sentence_words":
            for sent in doc.sents:
                words = sentence_words(sent)
                if len(words) > rule.limit:
                    end = sent.start_char + len(sent.text.rstrip())
                    yield Match(words[0].idx, end, value=str(len(words)))
        else:
            starts = [sent.start_char for sent in doc.sents if sent.text.strip()]
            for start, end in measures.paragraphs:
                count = bisect_left(starts, end) - bisect_left(starts, start)
                if count > rule.limit and _words_in(doc, start, end) >= rule.min_words:
                    yield Match(start, end, value=str(count))

    def _rare_words(self, rule: LexiconRule, doc: Doc, kind: MessageKind) -> Iterable[Match]:
        """Rare words, skipping names, placeholders, links, paths and the allow-lexicons."""
        allow, known = self._rare_known[rule.id]
        ctx = RuleContext(kind=kind, allow_words=allow, words=known)
        return rare_word(doc, ctx, max_zipf=rule.max_zipf, min_length=rule.min_length)

    def _matches(
        self,
        rule: RuleBase,
        doc: Doc,
        kind: MessageKind,
        measures: Measures,
        found: dict[str, list[Match]],
    ) -> Iterable[Match]:
        if isinstance(rule, RequireRule):
            return self._missing(rule, doc, kind, measures, found)
        if isinstance(rule, MetricRule):
            return self._metric(rule, doc, measures)
        if isinstance(rule, LexiconRule):
            return self._rare_words(rule, doc, kind)
        if isinstance(rule, PythonRule):
            func, words = self._functions[rule.id]
            ctx = RuleContext(
                kind=kind, allow_words=self._allow_words, words=words, terms=self._terms[rule.id]
            )
            return func(doc, ctx, **rule.params)
        return found.get(rule.id, [])

    def run(self, doc: Doc, kind: MessageKind, measures: Measures) -> list[Hit]:
        """Every reported rule's non-overlapping matches in `doc`, in text order."""
        found = self._matcher_hits(doc)
        hits: list[Hit] = []
        for rule_id in sorted(self._reported):
            rule = self._rules[rule_id]
            if rule.kinds is None or kind in rule.kinds:
                matches = self._matches(rule, doc, kind, measures, found)
                hits.extend(Hit(rule, m) for m in _non_overlapping(matches))
        hits.sort(key=lambda h: (h.match.start, h.match.end, h.rule.id))
        return _without_yielded(hits)

    def _missing(
        self,
        rule: RequireRule,
        doc: Doc,
        kind: MessageKind,
        measures: Measures,
        found: dict[str, list[Match]],
    ) -> list[Match]:
        """The element is there when the rule's own phrases or patterns match, or any rule of
        `satisfied_by` does (a matcher rule's hits are in `found`; others run here)."""
        lo, hi = _scope_range(text_of(doc), rule.scope)
        others = (
            self._matches(self._rules[r], doc, kind, measures, found) for r in rule.satisfied_by
        )  # run one at a time, only until the element is found
        for hits in itertools.chain([found.get(rule.id, [])], others):
            if any(lo <= m.start and m.end <= hi for m in hits):
                return []
        anchor = lo if rule.scope != "closing" else hi
        return [Match(anchor, anchor)]
