"""The scoring profile: severity factors, bands, and what each message kind asks of each
dimension. Data in `rules/scoring.yml`, validated here; the arithmetic is in `scoring.py`."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from commlint.enums import Band, Dimension, MessageKind, Severity
from commlint.errors import RuleError
from commlint.rules.yaml_files import builtin_rules_dir, line_of, parse_yaml

__all__ = ["BandLimit", "DimensionAsk", "ScoringProfile", "load_profile", "scoring_profile"]

PROFILE_FILE = "scoring.yml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BandLimit(_Model):
    name: Band
    min: int = Field(ge=0, le=100, description="Lowest score in the band.")
    meaning: str


class DimensionAsk(_Model):
    """How much a dimension counts for a kind, and the points its strengths must earn."""

    weight: float = Field(ge=0, description="Weight in the overall score; 0: not called for.")
    asks: float = Field(ge=0, le=100, description="The dimension starts at 100 - asks.")

    @property
    def base(self) -> float:
        return 100.0 - self.asks


class ScoringProfile(_Model):
    severity_factor: dict[Severity, float]
    strength_factor: float = Field(gt=0)
    repeat_factor: float = Field(gt=0, le=1)
    bands: list[BandLimit]
    problem_weight: float = Field(gt=0)
    kinds: dict[MessageKind, dict[Dimension, DimensionAsk]]

    @model_validator(mode="after")
    def _complete(self) -> ScoringProfile:
        if set(self.severity_factor) != set(Severity):
            raise ValueError("severity_factor needs exactly error, warning and info")
        mins = [band.min for band in self.bands]
        if {b.name for b in self.bands} != set(Band) or mins != sorted(mins, reverse=True):
            raise ValueError("bands: each band once, highest first")
        if mins[-1] != 0:
            raise ValueError("bands: the last band must start at 0")
        for kind in MessageKind:
            if set(self.kinds.get(kind, {})) != set(Dimension):
                raise ValueError(f"kinds: {kind.value} must list all five dimensions")
        return self

    def band(self, score: float) -> Band:
        return next(b.name for b in self.bands if score >= b.min)


def load_profile(path: Path) -> ScoringProfile:
    """Read and validate a profile file; errors name the file and line."""
    data, node = parse_yaml(path)
    try:
        return ScoringProfile.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [p for p in err["loc"] if isinstance(p, (int, str))]
        where = ".".join(str(p) for p in loc)
        message = f"{where}: {err['msg']}" if where else err["msg"]
        raise RuleError(message, path=path, line=line_of(node, loc)) from None


@lru_cache(maxsize=1)
def scoring_profile() -> ScoringProfile:
    """The built-in profile, read once."""
    return load_profile(builtin_rules_dir() / PROFILE_FILE)
