"""The report data model: what a check returns and what `--format json` prints.

Its JSON Schema is exported to `docs/report.schema.json` (see `report_json_schema`).
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from commlint.enums import Band, Dimension, MessageKind, Severity, Verdict

__all__ = [
    "SCHEMA_VERSION",
    "Band",
    "Dimension",
    "DimensionScore",
    "Dimensions",
    "Excluded",
    "Finding",
    "MessageKind",
    "Note",
    "Report",
    "Severity",
    "Snippet",
    "Stats",
    "Strength",
    "Suppressed",
    "Verdict",
    "report_json_schema",
    "report_json_schema_text",
]

SCHEMA_VERSION = "2.1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Observation(_Model):
    """A place in the message that a rule noticed."""

    rule: str = Field(description="Rule id, `<dimension>.<name>`.")
    dimension: Dimension | None = Field(
        description="The dimension the rule scores; null for a finding no dimension scores: "
        "about the file rather than the message (`commlint.unused-suppression`, "
        "`commlint.invalid-suppression`), which never counts in the score or the verdict; or "
        "from an unscored pack (`security.credential-in-message`), which costs no points but "
        "at `fail_on` makes the verdict `revise`."
    )
    message: str = Field(description="What the rule saw, for this reader.")
    start: int = Field(ge=0, description="Start character offset into the checked text.")
    end: int = Field(ge=0, description="End character offset (exclusive).")
    line: int = Field(ge=1, description="1-based line of `start`.")
    column: int = Field(ge=1, description="1-based column of `start`.")
    text: str = Field(description="The matched text (empty for a missing element).")
    impact: float = Field(
        description="Points this observation moved its dimension score by "
        "(negative for findings, positive for strengths)."
    )


class Snippet(_Model):
    """Text to add for a missing element, with `[placeholders]` the writer fills in."""

    text: str = Field(min_length=1, description="The text to insert, e.g. with `[time]`.")
    at: Literal["start", "end"] = Field(
        default="end",
        description="Where it goes: above the first line, or after the last paragraph (before "
        "a short sign-off).",
    )


class Finding(_Observation):
    """A problem in the draft."""

    severity: Severity
    fix: str | None = Field(default=None, description="What to do about it.")
    suggestions: list[str] = Field(
        default_factory=list, description="Replacement texts for `text`; may be empty."
    )
    safe: bool = Field(
        default=False,
        description="The first suggestion can be applied without a person reading it "
        "(`commlint fix`): a mechanical, meaning-preserving replacement.",
    )
    snippet: Snippet | None = Field(
        default=None,
        description="For a missing element: text to offer for insertion (never applied "
        "without the writer).",
    )


class Strength(_Observation):
    """Something the draft does well, reported so writers keep doing it."""

    dimension: Dimension


class Suppressed(_Model):
    """A finding an inline `commlint-disable` comment turned off: listed, never scored."""

    finding: Finding = Field(description="The finding, with `impact` 0: it cost nothing.")
    comment_line: int = Field(ge=1, description="1-based line of the suppressing comment.")
    comment_column: int = Field(ge=1, description="1-based column of the suppressing comment.")


class DimensionScore(_Model):
    """One dimension's score and exactly what moved it.

    `score` = clamp(`base` + sum of the listed findings' and strengths' `impact`, 0, 100).
    """

    score: int = Field(ge=0, le=100)
    band: Band = Field(description="What the score means: strong, good, weak or poor.")
    base: float = Field(
        description="Where the dimension starts for this kind: 100 less the points the kind "
        "asks its strengths to earn."
    )
    raw: float = Field(description="`base` plus every impact, before clamping to 0-100.")
    weight: float = Field(ge=0, description="How much the dimension counts in `Report.mean`.")
    applies: bool = Field(
        description="Whether the dimension counts for this message: the kind calls for it, "
        "or one of its findings costs points."
    )
    findings: list[int] = Field(description="Indexes into `Report.findings`.")
    strengths: list[int] = Field(description="Indexes into `Report.strengths`.")


class Dimensions(_Model):
    plain_language: DimensionScore
    empathy: DimensionScore
    expectations: DimensionScore
    options: DimensionScore
    tone: DimensionScore


class Stats(_Model):
    characters: int
    words: int
    sentences: int
    paragraphs: int
    readability_grade: float | None = Field(
        description="School grade the message reads at: the mean of the Flesch-Kincaid and "
        "Dale-Chall grades over the parsed sentences; null for a message with no words."
    )
    jargon_rate: float | None = Field(
        default=None,
        description="Share of words that are jargon or rare (0-1), as the De-Jargonizer "
        "counts it; null for a message with no words.",
    )


class Excluded(_Model):
    """A part of the input that was not scored, such as a quoted reply or a signature."""

    reason: str = Field(description="Why it was left out, e.g. `quoted_reply`, `signature`.")
    start: int = Field(ge=0, description="Start character offset into the original input.")
    end: int = Field(ge=0, description="End character offset (exclusive).")
    line: int = Field(ge=1, description="1-based line of `start` in the original input.")
    column: int = Field(ge=1, description="1-based column of `start` in the original input.")


class Note(_Model):
    """Something the reader of the report should know, such as a rule that did not run."""

    rule: str | None = None
    message: str


class Report(_Model):
    """The result of checking one message."""

    schema_version: str = SCHEMA_VERSION
    source: str | None = Field(default=None, description="File name, `-` for stdin, or null.")
    score: int = Field(
        ge=0,
        le=100,
        description="`mean` rounded; at most `min_score - 1` when a weakest link (a finding "
        "at `fail_on`, a dimension below its minimum) makes the verdict `revise`.",
    )
    mean: float = Field(description="Weighted mean of the applicable dimensions' scores.")
    band: Band = Field(description="What `score` means: strong, good, weak or poor.")
    verdict: Verdict = Field(description="`send`, or `revise` for any of `reasons`.")
    reasons: list[str] = Field(
        default_factory=list, description="Why the verdict is `revise` (empty for `send`)."
    )
    passed: bool = Field(description="`verdict` is `send`.")
    kind: MessageKind
    kind_source: Literal["given", "config", "inferred", "default"] = Field(
        description="Where `kind` came from: the caller, the config file, inferred from the "
        "text (see `kind_signals`), or the default (`general`, when nothing was inferred)."
    )
    kind_signals: list[str] = Field(
        default_factory=list,
        description="What the kind detector saw when it inferred `kind` (empty otherwise).",
    )
    dimensions: Dimensions
    findings: list[Finding]
    strengths: list[Strength]
    stats: Stats
    excluded: list[Excluded] = Field(
        default_factory=list, description="Parts of the input left out of scoring."
    )
    suppressed: list[Suppressed] = Field(
        default_factory=list,
        description="Findings turned off by inline comments (Markdown and HTML), not scored.",
    )
    notes: list[Note]
    pipeline: str = Field(description="The spaCy pipeline that analysed the text.")


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of `Report`, as published in `docs/report.schema.json`."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://commlint.dev/schema/report-{SCHEMA_VERSION}.json"
    return schema


def report_json_schema_text() -> str:
    return json.dumps(report_json_schema(), indent=2, sort_keys=True) + "\n"
