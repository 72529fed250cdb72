"""Configuration: `[tool.commlint]` in pyproject.toml or a `.commlint.toml`, validated.

Found by walking up from the checked file (or the working directory); `--config` overrides.
Unknown keys and bad values are errors naming the file, line and key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from commlint.config_files import DEFAULT_GATE_TIMEOUT, find_config, read_section
from commlint.enums import Dimension, MessageKind, Severity
from commlint.errors import ConfigError
from commlint.message_files import DEFAULT_MAX_CHARS, MAX_MAX_CHARS

__all__ = ["Config", "find_config", "load_config"]

Audience = Literal["general", "technical"]


class Config(BaseModel):
    """Every setting, with its default. The same keys work in both config files."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    select: list[str] = Field(
        default_factory=list, description="Rule ids or dimension prefixes to run (all if empty)."
    )
    ignore: list[str] = Field(default_factory=list, description="Rule ids or prefixes to skip.")
    severity: dict[str, Severity] = Field(
        default_factory=dict, description="Severity overrides by rule id or prefix."
    )
    min_score: int = Field(default=70, ge=0, le=100, description="Overall score needed to pass.")
    dimension_floor: int = Field(
        default=50,
        ge=0,
        le=100,
        description="Score every dimension that applies to the message's kind must reach.",
    )
    min_dimension: dict[Dimension, Annotated[int, Field(ge=0, le=100)]] = Field(
        default_factory=dict, description="Per-dimension minimums, in place of the floor."
    )
    fail_on: Severity | Literal["never"] = Field(
        default=Severity.ERROR, description="Fail when a finding has this severity or higher."
    )
    rule_dirs: list[Path] = Field(
        default_factory=list, description="Extra rule pack folders, relative to the config file."
    )
    allow_words: list[str] = Field(
        default_factory=list, description="Product, team and people names never to flag."
    )
    kind: MessageKind | None = Field(default=None, description="Default message kind.")
    pipeline: str | None = Field(
        default=None,
        description="spaCy pipeline: a package name, a path (relative to the config file), "
        'or "blank" for tokens only.',
    )
    max_chars: int = Field(
        default=DEFAULT_MAX_CHARS,
        gt=0,
        le=MAX_MAX_CHARS,
        description="Longest message accepted, in characters.",
    )
    server: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="URL of a `commlint serve` service for `commlint hook` to ask instead of "
        "loading the pipeline itself; the hook checks locally when it is down.",
    )
    gate_timeout: float = Field(
        default=DEFAULT_GATE_TIMEOUT,
        gt=0,
        allow_inf_nan=False,
        description="Seconds a `commlint hook` or `sendmail` check may take; past it the "
        "gate's policy applies (hold the message, unless --fail-open).",
    )
    audience: Audience = Field(
        default="general",
        description='Who reads the messages: "technical" readers know IT jargon, so jargon '
        "and acronym findings drop to info.",
    )


def _key_line(text: str, key: str, section: str | None) -> int | None:
    """Best-effort line of `key = ...` (bare or quoted) or a `[...key]` table in a TOML file,
    looking only below the `[section]` header when one is given."""
    lines = text.splitlines()
    first = 0
    if section is not None:
        header = [i for i, line in enumerate(lines) if line.strip().startswith(f"[{section}")]
        first = header[0] if header else 0
    for number, line in enumerate(lines[first:], start=first + 1):
        stripped = line.strip()
        for quote in ("", '"', "'"):
            name = f"{quote}{key}{quote}"
            if stripped.startswith(name) and stripped[len(name) :].lstrip().startswith("="):
                return number
        if stripped.startswith("[") and stripped.rstrip("]").endswith(key):
            return number
    return None


def _validation_error(
    exc: ValidationError, path: Path, text: str, section: dict[str, Any]
) -> ConfigError:
    """One line for the first bad key; the loc is cut to keys that exist in the file (pydantic
    adds union member names such as `str-enum[Severity]`)."""
    first = exc.errors()[0]
    loc: list[str] = []
    node: Any = section
    for part in first["loc"]:
        if not isinstance(node, dict) or str(part) not in node or part == "[key]":
            break
        loc.append(str(part))
        node = node[str(part)]
    key = ".".join(loc) or ".".join(str(p) for p in first["loc"])
    if first["type"] == "extra_forbidden":
        message = f"unknown key {key!r}"
    else:
        same = [e["msg"] for e in exc.errors() if [str(p) for p in e["loc"][: len(loc)]] == loc]
        message = f"{key}: {' or '.join(dict.fromkeys(same))}"
    header = "tool.commlint" if "[tool.commlint" in text else None
    return ConfigError(message, path=path, line=_key_line(text, loc[-1] if loc else key, header))


def load_config(path: Path) -> Config:
    """Read and validate one config file; relative `rule_dirs` resolve against its folder."""
    text, section = read_section(path)
    try:
        config = Config.model_validate(section)
    except ValidationError as exc:
        raise _validation_error(exc, path, text, section) from None
    dirs = [d if d.is_absolute() else (path.parent / d).resolve() for d in config.rule_dirs]
    update: dict[str, Any] = {"rule_dirs": dirs}
    if config.pipeline and (config.pipeline.startswith(".") or "/" in config.pipeline):
        update["pipeline"] = str((path.parent / config.pipeline).resolve())
    return config.model_copy(update=update)
