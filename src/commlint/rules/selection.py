"""Choose which rules run: `select`/`ignore` by id or prefix (ruff style), severity overrides,
and the rules the loaded pipeline cannot support (skipped, with a note saying why)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from commlint.config import Audience
from commlint.errors import ConfigError
from commlint.report import Note, Severity
from commlint.rules.model import Annotation, RequireRule, RuleBase

ALL = "ALL"
_ANNOTATION_NAMES = {
    Annotation.POS: "part-of-speech tags",
    Annotation.DEP: "a dependency parse",
    Annotation.LEMMA: "lemmas",
    Annotation.SENTS: "sentence boundaries",
}


def matches(selector: str, rule_id: str) -> bool:
    """`ALL`, an exact id, or a prefix ending at a `.` (a dimension: `tone`)."""
    return selector == ALL or rule_id == selector or rule_id.startswith(selector.rstrip(".") + ".")


def _check_selectors(selectors: Iterable[str], rule_ids: Sequence[str], what: str) -> None:
    for selector in selectors:
        if not any(matches(selector, rule_id) for rule_id in rule_ids):
            raise ConfigError(f"{what}: no rule matches {selector!r}; see `commlint rules`")


def _override(rule: RuleBase, severity: Mapping[str, Severity]) -> RuleBase:
    """Apply the most specific matching severity override (longest selector wins)."""
    chosen = [sel for sel in severity if matches(sel, rule.id)]
    if not chosen:
        return rule
    return rule.model_copy(update={"severity": severity[max(chosen, key=len)]})


def _for_audience(rule: RuleBase, audience: Audience) -> RuleBase:
    """A technical reader knows the jargon: such rules take their `technical_severity`."""
    if audience != "technical" or rule.technical_severity is None:
        return rule
    return rule.model_copy(update={"severity": rule.technical_severity})


def select_rules(
    rules: Mapping[str, RuleBase],
    select: Sequence[str],
    ignore: Sequence[str],
    severity: Mapping[str, Severity],
    audience: Audience = "general",
) -> list[RuleBase]:
    """The selected rules, in id order, with the audience's then the configured severities."""
    ids = sorted(rules)
    _check_selectors(select, ids, "select")
    _check_selectors(ignore, ids, "ignore")
    _check_selectors(severity, ids, "severity")
    chosen = [
        rules[rule_id]
        for rule_id in ids
        if (not select or any(matches(s, rule_id) for s in select))
        and not any(matches(s, rule_id) for s in ignore)
    ]
    return [_override(_for_audience(rule, audience), severity) for rule in chosen]


@dataclass(frozen=True)
class Plan:
    """What will run: reported rules, helper rules that `require` rules consult, and notes."""

    run: list[RuleBase]
    helpers: list[RuleBase]
    notes: list[Note]


def plan(
    selected: Sequence[RuleBase],
    every_rule: Mapping[str, RuleBase],
    available: frozenset[Annotation],
    pipeline_name: str,
) -> Plan:
    """Drop rules the pipeline cannot support (with a note), and gather `require` helpers."""
    notes: list[Note] = []

    def missing(rule: RuleBase) -> list[Annotation]:
        return sorted(rule.required_annotations() - available)

    run: list[RuleBase] = []
    for rule in selected:
        lacking = missing(rule)
        helpers_lacking = (
            [other for other in getattr(rule, "satisfied_by", []) if missing(every_rule[other])]
            if isinstance(rule, RequireRule)
            else []
        )
        if lacking:
            needs = " and ".join(_ANNOTATION_NAMES[a] for a in lacking)
            notes.append(
                Note(
                    rule=rule.id,
                    message=f"skipped: needs {needs}, which the "
                    f"pipeline {pipeline_name!r} does not provide",
                )
            )
        elif helpers_lacking:
            notes.append(
                Note(
                    rule=rule.id,
                    message="skipped: it relies on "
                    f"{', '.join(helpers_lacking)}, which cannot run on the "
                    f"pipeline {pipeline_name!r}",
                )
            )
        else:
            run.append(rule)
    running = {rule.id for rule in run}
    helper_ids = sorted(
        {
            other
            for rule in run
            if isinstance(rule, RequireRule)
            for other in rule.satisfied_by
            if other not in running
        }
    )
    return Plan(run, [every_rule[i] for i in helper_ids], notes)
