"""Load rule and lexicon files, turning every mistake into `file:line: what is wrong`.

Everything a rule could fail on later is checked here, where the line is known: its token and
dependency patterns, the Python function it names, and, for rule packs outside commlint,
patterns whose matching time would grow faster than the message (`pattern_guard`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError
from spacy.matcher import DependencyMatcher
from spacy.schemas import validate_token_pattern
from spacy.vocab import Vocab

from commlint.errors import RuleError
from commlint.nlp.labels import expand_dep_labels
from commlint.rules.model import (
    RULE_KINDS,
    RULE_PACKS,
    DependencyRule,
    Lexicon,
    PythonRule,
    RequireRule,
    Rule,
    RuleBase,
)
from commlint.rules.pattern_guard import pattern_problem
from commlint.rules.registry import get_rule_function
from commlint.rules.yaml_files import builtin_rules_dir, line_of, parse_yaml

__all__ = [
    "LEXICON_DIR",
    "RuleSet",
    "builtin_rules_dir",
    "load_lexicon_file",
    "load_rule_file",
    "load_rules",
]

_RULE_ADAPTER: TypeAdapter[Rule] = TypeAdapter(Rule)
LEXICON_DIR = "lexicons"


@dataclass
class RuleSet:
    """Every rule and lexicon found, with the file each came from."""

    rules: dict[str, RuleBase] = field(default_factory=dict)
    lexicons: dict[str, Lexicon] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)


def _validation_error(
    exc: ValidationError, path: Path, node: yaml.Node | None, kind: Any
) -> RuleError:
    err = exc.errors()[0]
    loc = list(err["loc"])
    if loc and loc[0] == kind:  # the discriminated union prefixes the kind
        loc = loc[1:]
    loc = [
        part for part in loc if not (isinstance(part, str) and part in {"str", "Term", "Example"})
    ]
    where = ".".join(str(part) for part in loc)
    if err["type"] == "union_tag_invalid":
        message = f"kind must be one of {', '.join(RULE_KINDS)}"
    elif err["type"] == "union_tag_not_found":
        message = "kind is required"
    else:
        message = f"{where}: {err['msg']}" if where else err["msg"]
    return RuleError(message, path=path, line=line_of(node, loc))


def load_rule_file(path: Path) -> RuleBase:
    """Parse and validate one rule file; its folder and stem must match its id, and its token
    patterns must match in time linear in the message (`pattern_guard`)."""
    data, node = parse_yaml(path)
    if not isinstance(data, dict):
        raise RuleError("a rule file must be a YAML mapping", path=path, line=1)
    try:
        rule: RuleBase = _RULE_ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise _validation_error(exc, path, node, data.get("kind")) from None
    _check_patterns(rule, path, node)
    _check_cost(rule, path, node)
    if isinstance(rule, DependencyRule):
        _check_dependency(rule, path, node)
    if isinstance(rule, PythonRule) and get_rule_function(rule.function) is None:
        raise RuleError(
            f"function: no rule function registered as {rule.function!r}",
            path=path,
            line=line_of(node, ["function"]),
        )
    expected = f"{path.parent.name}.{path.stem}"
    if rule.id != expected:
        raise RuleError(
            f"id {rule.id!r} does not match the file's place; expected {expected!r}",
            path=path,
            line=line_of(node, ["id"]),
        )
    return rule


def _check_patterns(rule: RuleBase, path: Path, node: yaml.Node | None) -> None:
    """Validate token patterns with spaCy's own schema, pointing at the pattern's line."""
    dependency = getattr(rule, "kind", None) == "dependency"
    for i, pattern in enumerate(getattr(rule, "patterns", [])):
        tokens = [t.get("RIGHT_ATTRS", {}) for t in pattern] if dependency else pattern
        problems = validate_token_pattern(tokens)
        if problems:
            detail = problems[0].replace("[pattern -> ", "[token ")
            hint = " (quote YAML words like on, off, yes, no)" if "valid string" in detail else ""
            raise RuleError(
                f"patterns[{i}]: {detail}{hint}", path=path, line=line_of(node, ["patterns", i])
            )


def _check_cost(rule: RuleBase, path: Path, node: yaml.Node | None) -> None:
    """Refuse token patterns whose matching time grows faster than the message."""
    if isinstance(rule, DependencyRule):
        return  # one token a node: no OP
    for key in ("patterns", "antipatterns"):
        for i, pattern in enumerate(getattr(rule, key, [])):
            problem = pattern_problem(pattern)
            if problem is not None:
                token, reason = problem
                raise RuleError(
                    f"{key}[{i}] token {token}: {reason}",
                    path=path,
                    line=line_of(node, [key, i, token]),
                )


@cache
def _dependency_matcher() -> DependencyMatcher:
    """A matcher to try dependency patterns on; what it holds is never run."""
    return DependencyMatcher(Vocab(), validate=True)


def _check_dependency(rule: DependencyRule, path: Path, node: yaml.Node | None) -> None:
    """Compile each dependency pattern as the engine will, so its mistakes name a line."""
    matcher = _dependency_matcher()
    for i, pattern in enumerate(rule.patterns):
        try:
            matcher.add(f"{rule.id}#{i}", [expand_dep_labels(pattern)])
        except (ValueError, KeyError) as exc:  # spaCy's pattern errors
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise RuleError(
                f"patterns[{i}]: {first}", path=path, line=line_of(node, ["patterns", i])
            ) from None
        finally:
            if f"{rule.id}#{i}" in matcher:
                matcher.remove(f"{rule.id}#{i}")


def load_lexicon_file(path: Path) -> Lexicon:
    data, node = parse_yaml(path)
    if not isinstance(data, dict):
        raise RuleError("a lexicon file must be a YAML mapping", path=path, line=1)
    try:
        return Lexicon.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, path, node, None) from None


def _rule_files(root: Path) -> Iterable[Path]:
    for pack in RULE_PACKS:
        folder = root / pack
        if folder.is_dir():
            yield from sorted(folder.glob("*.yml"))


def load_rules(dirs: Iterable[Path]) -> RuleSet:
    """Load every rule pack folder (`<dir>/<dimension or security>/*.yml`,
    `<dir>/lexicons/*.yml`)."""
    found = RuleSet()
    for root in dirs:
        if not root.is_dir():
            raise RuleError("rule folder not found", path=root)
        for path in sorted((root / LEXICON_DIR).glob("*.yml")):
            if path.stem in found.lexicons:
                raise RuleError(f"lexicon {path.stem!r} is defined twice", path=path)
            found.lexicons[path.stem] = load_lexicon_file(path)
        for path in _rule_files(root):
            rule = load_rule_file(path)
            if rule.id in found.rules:
                raise RuleError(
                    f"rule id {rule.id!r} is already defined in {found.sources[rule.id]}", path=path
                )
            found.rules[rule.id] = rule
            found.sources[rule.id] = path
    _check_references(found)
    return found


def _check_references(found: RuleSet) -> None:
    for rule_id, rule in found.rules.items():
        path = found.sources[rule_id]
        for name in [*getattr(rule, "lexicons", []), *getattr(rule, "allow_lexicons", [])]:
            if name not in found.lexicons:
                raise RuleError(f"unknown lexicon {name!r}", path=path)
        for other in rule.yields_to:
            if other not in found.rules:
                raise RuleError(f"yields_to names unknown rule {other!r}", path=path)
        for other in getattr(rule, "satisfied_by", []):
            if other not in found.rules:
                raise RuleError(f"satisfied_by names unknown rule {other!r}", path=path)
            if isinstance(found.rules[other], RequireRule):  # no chains of missing elements
                raise RuleError(
                    f"satisfied_by rule {other!r} must not be a require rule", path=path
                )
