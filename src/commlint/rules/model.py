"""Pydantic models of rule and lexicon files: the closed set of rule kinds.

A rule file is YAML, one rule per file, at `rules/<dimension>/<name>.yml`. The `kind` field picks
the model; unknown keys are errors.
"""

from __future__ import annotations

import string
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from commlint.report import Dimension, MessageKind, Severity, Snippet

UNSCORED_PACKS = ("security",)
"""Rule packs outside the five dimensions: their findings (a password in the message) cost no
points, and their severity alone sends the draft back (`fail_on`), whatever it scores."""
RULE_PACKS = (*(d.value for d in Dimension), *UNSCORED_PACKS)
"""The folders of a rule pack, `rules/<pack>/<name>.yml`: the dimensions, then the rest."""
RULE_ID_PATTERN = rf"^({'|'.join(RULE_PACKS)})\.[a-z0-9]+(-[a-z0-9]+)*$"
MESSAGE_FIELDS = frozenset({"match", "value", "limit"})


class Annotation(StrEnum):
    """What a rule needs from the spaCy pipeline beyond tokens."""

    POS = "pos"
    DEP = "dep"
    LEMMA = "lemma"
    SENTS = "sents"


class Polarity(StrEnum):
    FINDING = "finding"
    STRENGTH = "strength"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Term(_Strict):
    """A phrase with the replacements a finding offers for it."""

    text: str = Field(min_length=1)
    replacements: list[str] = Field(default_factory=list)


TermItem = str | Term


def as_term(item: TermItem) -> Term:
    return item if isinstance(item, Term) else Term(text=item)


class Example(_Strict):
    text: str = Field(min_length=1)
    kind: MessageKind | None = None


ExampleItem = str | Example


class Examples(_Strict):
    """`flag`: must produce the rule (a finding, or for a strength rule, the strength).
    `ok`: must not. `[[...]]` marks the exact span expected."""

    flag: list[ExampleItem] = Field(min_length=1)
    ok: list[ExampleItem] = Field(min_length=1)


class RuleBase(_Strict):
    id: str = Field(pattern=RULE_ID_PATTERN)
    polarity: Polarity = Polarity.FINDING
    severity: Severity = Severity.WARNING
    weight: float = Field(gt=0, le=50, description="Points the first occurrence is worth.")
    message: str = Field(min_length=1)
    fix: str | None = None
    description: str = Field(min_length=1, description="What the rule flags.")
    rationale: str = Field(min_length=1, description="Why it matters to the reader.")
    needs: list[Annotation] = Field(default_factory=list)
    kinds: list[MessageKind] | None = Field(
        default=None, description="Run only for these message kinds (all when absent)."
    )
    technical_severity: Severity | None = Field(
        default=None,
        description="Severity when the configured audience is technical (jargon that a "
        "technical reader knows); the rule's `severity` otherwise.",
    )
    fix_safe: bool = Field(
        default=False,
        description="Its replacements can be applied without a person (`commlint fix`): "
        "mechanical and meaning-preserving, like 'u' to 'you'.",
    )
    snippet: Snippet | None = Field(
        default=None, description="Text with placeholders to offer for a missing element."
    )
    yields_to: list[str] = Field(
        default_factory=list,
        description="Rule ids whose findings replace this rule's where they overlap (capitals "
        "that are blame, 'PER MY LAST EMAIL', are reported as blame, not as shouting).",
    )
    examples: Examples

    @property
    def pack(self) -> str:
        """The folder the rule lives in: its dimension, or an unscored pack (`security`)."""
        return self.id.split(".", 1)[0]

    @property
    def dimension(self) -> Dimension | None:
        """The dimension the rule scores; None for an unscored pack."""
        return None if self.pack in UNSCORED_PACKS else Dimension(self.pack)

    @property
    def name(self) -> str:
        return self.id.split(".", 1)[1]

    @field_validator("message", "fix")
    @classmethod
    def _known_fields(cls, value: str | None) -> str | None:
        if value is None:
            return value
        for _, field, _, _ in string.Formatter().parse(value):
            if field is not None and field not in MESSAGE_FIELDS:
                allowed = ", ".join("{" + f + "}" for f in sorted(MESSAGE_FIELDS))
                raise ValueError(f"unknown placeholder {{{field}}}; use {allowed}")
        return value

    @model_validator(mode="after")
    def _unscored_is_finding(self) -> RuleBase:
        if self.dimension is None and self.polarity is Polarity.STRENGTH:
            raise ValueError(f"a {self.pack} rule has no dimension to earn a strength in")
        return self

    @model_validator(mode="after")
    def _strength_has_no_fix(self) -> RuleBase:
        if self.polarity is Polarity.STRENGTH:
            for name in ("fix", "fix_safe", "snippet"):
                if getattr(self, name):
                    raise ValueError(f"a strength rule has no `{name}`")
        return self

    def required_annotations(self) -> set[Annotation]:
        """Annotations declared in `needs` plus those the rule's patterns imply."""
        return set(self.needs)


def _pattern_annotations(patterns: list[list[dict[str, Any]]]) -> set[Annotation]:
    found: set[Annotation] = set()
    keys = {
        "POS": Annotation.POS,
        "TAG": Annotation.POS,
        "MORPH": Annotation.POS,
        "LEMMA": Annotation.LEMMA,
        "DEP": Annotation.DEP,
        "IS_SENT_START": Annotation.SENTS,
        "SENT_START": Annotation.SENTS,
    }
    for pattern in patterns:
        for token in pattern:
            spec = token.get("RIGHT_ATTRS", token)
            found.update(keys[k] for k in spec if k in keys)
    return found


TokenPattern = list[dict[str, Any]]


class _PatternsRule(RuleBase):
    """Base of the rule kinds that carry spaCy token patterns."""

    @field_validator("patterns", "antipatterns", check_fields=False)
    @classmethod
    def _no_regex(cls, patterns: list[TokenPattern]) -> list[TokenPattern]:
        """No REGEX in patterns: Python's `re` on user text can backtrack without end.
        SHAPE, IN lists, or a Python rule using google-re2 do the job safely."""

        def walk(value: Any) -> bool:
            if isinstance(value, dict):
                return "REGEX" in value or any(walk(v) for v in value.values())
            if isinstance(value, list):
                return any(walk(v) for v in value)
            return False

        if walk(patterns):
            raise ValueError("REGEX is not allowed in patterns; use SHAPE, IN or a python rule")
        return patterns


class PhraseRule(RuleBase):
    """Exact phrases, matched by spaCy's PhraseMatcher on one token attribute."""

    kind: Literal["phrase"]
    attr: Literal["LOWER", "NORM", "LEMMA", "ORTH"] = "LOWER"
    phrases: list[TermItem] = Field(default_factory=list)
    lexicons: list[str] = Field(default_factory=list, description="Lexicon files to add.")

    @model_validator(mode="after")
    def _has_phrases(self) -> PhraseRule:
        if not self.phrases and not self.lexicons:
            raise ValueError("a phrase rule needs `phrases` or `lexicons`")
        return self

    def required_annotations(self) -> set[Annotation]:
        extra = {Annotation.LEMMA} if self.attr == "LEMMA" else set()
        return set(self.needs) | extra


class PatternRule(_PatternsRule):
    """spaCy Matcher token patterns."""

    kind: Literal["pattern"]
    patterns: list[TokenPattern] = Field(min_length=1)
    antipatterns: list[TokenPattern] = Field(
        default_factory=list,
        description="Patterns whose matches cancel the matches they overlap (LanguageTool's "
        "antipatterns): the exceptions a pattern cannot say by itself.",
    )
    replacements: list[str] = Field(default_factory=list)

    def required_annotations(self) -> set[Annotation]:
        return set(self.needs) | _pattern_annotations([*self.patterns, *self.antipatterns])


class DependencyRule(_PatternsRule):
    """spaCy DependencyMatcher patterns. Labels are written in UD style (`nsubj:pass`)
    and also match spaCy's English labels (`nsubjpass`); see `commlint.nlp.labels`."""

    kind: Literal["dependency"]
    patterns: list[TokenPattern] = Field(min_length=1)
    highlight: list[str] | None = Field(
        default=None, description="RIGHT_IDs of the nodes that make up the reported span."
    )

    @model_validator(mode="after")
    def _highlight_names_exist(self) -> DependencyRule:
        for pattern in self.patterns:
            names = {node.get("RIGHT_ID") for node in pattern}
            missing = sorted(set(self.highlight or ()) - names)
            if missing:
                raise ValueError(f"highlight names unknown nodes: {', '.join(missing)}")
        return self

    def required_annotations(self) -> set[Annotation]:
        return set(self.needs) | {Annotation.DEP} | _pattern_annotations(self.patterns)


class RequireRule(_PatternsRule):
    """Flags a message in which an expected element is missing."""

    kind: Literal["require"]
    polarity: Literal[Polarity.FINDING] = Polarity.FINDING
    phrases: list[str] = Field(default_factory=list, description="Matched on LOWER.")
    patterns: list[TokenPattern] = Field(default_factory=list)
    satisfied_by: list[str] = Field(
        default_factory=list, description="Rule ids whose matches count as the element."
    )
    scope: Literal["message", "opening", "closing"] = Field(
        default="message",
        description="Where the element must be: anywhere, the first line, or the last 3 lines.",
    )

    @model_validator(mode="after")
    def _has_something(self) -> RequireRule:
        if not (self.phrases or self.patterns or self.satisfied_by):
            raise ValueError("a require rule needs `phrases`, `patterns` or `satisfied_by`")
        return self

    def required_annotations(self) -> set[Annotation]:
        return set(self.needs) | _pattern_annotations(self.patterns)


class MetricRule(RuleBase):
    """A measured quantity over a limit: reading grade, share of jargon, sentence or paragraph
    length."""

    kind: Literal["metric"]
    metric: Literal["reading_grade", "jargon_rate", "sentence_words", "paragraph_sentences"]
    limit: float = Field(gt=0)
    min_words: int = Field(
        default=0,
        ge=0,
        description="Skip messages shorter than this (short texts mislead); for "
        "`paragraph_sentences`, paragraphs shorter than this.",
    )

    def required_annotations(self) -> set[Annotation]:
        return set(self.needs) | {Annotation.SENTS}


class LexiconRule(RuleBase):
    """Words rarer than a wordfreq Zipf frequency, minus allowlists, names, numbers, links,
    paths and template placeholders."""

    kind: Literal["lexicon"]
    max_zipf: float = Field(gt=0, lt=8)
    min_length: int = Field(default=3, ge=1)
    allow: list[str] = Field(default_factory=list)
    allow_lexicons: list[str] = Field(default_factory=list)


class PythonRule(RuleBase):
    """A rule whose logic is a registered Python function (see `commlint.rules.registry`)."""

    kind: Literal["python"]
    function: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)*\.v[0-9]+$")
    params: dict[str, Any] = Field(default_factory=dict)
    lexicons: list[str] = Field(
        default_factory=list, description="Lexicons whose entries the function sees as `ctx.words`."
    )


Rule = Annotated[
    PhraseRule | PatternRule | DependencyRule | RequireRule | MetricRule | LexiconRule | PythonRule,
    Field(discriminator="kind"),
]
RULE_KINDS = ("phrase", "pattern", "dependency", "require", "metric", "lexicon", "python")


class Lexicon(_Strict):
    """A named word list that several rules share (`rules/lexicons/<name>.yml`)."""

    description: str = Field(min_length=1)
    entries: list[TermItem] = Field(min_length=1)

    def texts(self) -> list[str]:
        return [as_term(item).text for item in self.entries]
