"""The API's request and response bodies. Reports are `commlint.report.Report` itself, so the
OpenAPI document and `docs/report.schema.json` describe the same thing."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from commlint.config import Config
from commlint.extract.plain import lone_surrogate
from commlint.message_files import FORMATS
from commlint.report import Dimension, MessageKind, Report, Severity


def _unicode(value: str) -> str:
    """Refuse lone surrogates: JSON can spell them (`"\\udcff"`), but they are not text and
    cannot be encoded, so the request is at fault (422), not the check."""
    at = lone_surrogate(value)
    if at is not None:
        raise ValueError(
            f"lone surrogate U+{ord(value[at]):04X} at character {at}: not Unicode text"
        )
    return value


Text = Annotated[str, AfterValidator(_unicode)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckRequest(_Body):
    """One message to check."""

    text: Text = Field(description="The message: plain text, or the source named by `format`.")
    format: str = Field(
        default="text",
        description="How to read `text`: plain `text`, `markdown`, `html`, or a whole `eml` "
        "message. Quoted replies and signatures are left out, as `commlint check` does.",
        json_schema_extra={"enum": list(FORMATS)},
    )
    kind: MessageKind | None = Field(
        default=None, description="What the message is for; the service's default when null."
    )
    source: Text | None = Field(
        default=None,
        max_length=200,
        description="A label echoed in the report's `source`, such as a ticket id.",
    )
    select: list[Text] = Field(
        default_factory=list,
        description="Report only these rule ids or dimension prefixes (all when empty).",
    )
    ignore: list[Text] = Field(
        default_factory=list, description="Rule ids or dimension prefixes to leave out."
    )
    config: Config | None = Field(
        default=None,
        description="The sender's own settings (a `[tool.commlint]` table, as `commlint hook "
        "--server` sends it), validated as a whole. Its `min_score`, `min_dimension` and "
        "`fail_on` decide `passed`, and its `select` and `ignore` narrow the report as the "
        "fields above do; the rest (pipeline, rule folders, audience) stay the service's own.",
    )

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        if value not in FORMATS:
            raise ValueError(f"must be one of {', '.join(FORMATS)}")
        return value


class FixRequest(_Body):
    """One message whose safe replacements to apply."""

    text: Text = Field(description="The message, in the source named by `format`.")
    format: str = Field(
        default="text",
        description="How to read `text`: `text`, `markdown`, `html` or `eml`.",
        json_schema_extra={"enum": list(FORMATS)},
    )
    kind: MessageKind | None = Field(
        default=None, description="What the message is for; inferred when null."
    )

    @field_validator("format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        return CheckRequest._known_format(value)


class FixResponse(_Body):
    """The message with every safe fix applied that brings no new finding."""

    text: str = Field(description="The fixed message; unchanged outside the fixed spans.")
    fixed: int = Field(description="How many findings were fixed.")
    not_fixed: list[str] = Field(
        description="One line for each safe fix left out, and why (`line:column: rule: ...`)."
    )


class BatchRequest(_Body):
    """Several messages, checked in parallel; the limit is the service's `max_batch`."""

    messages: list[CheckRequest] = Field(min_length=1)


class BatchReport(_Body):
    reports: list[Report] = Field(description="One report per message, in request order.")


class RuleSummary(_Body):
    id: str
    pack: str = Field(description="The rule's folder: its dimension, or an unscored pack.")
    dimension: Dimension | None = Field(description="The dimension it scores; null if unscored.")
    kind: str = Field(description="The rule kind: phrase, pattern, dependency, require, ...")
    polarity: str = Field(description="`finding` or `strength`.")
    severity: Severity
    weight: float
    description: str = Field(description="What the rule flags.")


class RuleDetail(RuleSummary):
    rationale: str = Field(description="Why it matters to the reader.")
    documentation: str = Field(description="The rule's page in Markdown, with its examples.")


class Health(_Body):
    status: str = Field(description="`ok` (alive), `ready` or `loading`.")
    workers: int = Field(description="Workers with a loaded pipeline.")


class Problem(_Body):
    """The body of every error response except 422."""

    detail: str
