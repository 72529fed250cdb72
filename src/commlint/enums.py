"""The fixed vocabularies of a report: dimensions, severities and message kinds.

Standard library only, so the quick pre-send path (`commlint hook --server`) can name them
without loading pydantic; `commlint.report` builds its models on them.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Band", "Dimension", "MessageKind", "Severity", "Verdict"]


class Dimension(StrEnum):
    """The five things a support message is scored on."""

    PLAIN_LANGUAGE = "plain_language"
    EMPATHY = "empathy"
    EXPECTATIONS = "expectations"
    OPTIONS = "options"
    TONE = "tone"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for `fail_on`."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class MessageKind(StrEnum):
    """What the message is for; some rules apply only to some kinds."""

    INCIDENT_UPDATE = "incident_update"
    ACKNOWLEDGEMENT = "acknowledgement"
    SCHEDULED_WORK = "scheduled_work"
    MAINTENANCE_NOTICE = "maintenance_notice"
    RESOLUTION = "resolution"
    REFUSAL = "refusal"
    GENERAL = "general"


class Verdict(StrEnum):
    """What to do with the draft: send it, or revise it first."""

    SEND = "send"
    REVISE = "revise"


class Band(StrEnum):
    """What a score means to the reader of a report (the limits are in `rules/scoring.yml`)."""

    STRONG = "strong"
    GOOD = "good"
    WEAK = "weak"
    POOR = "poor"
