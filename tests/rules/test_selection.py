"""Selecting rules by id or prefix, severity overrides."""

from __future__ import annotations

import pytest

from commlint.errors import ConfigError
from commlint.report import Severity
from commlint.rules.loader import builtin_rules_dir, load_rules
from commlint.rules.selection import matches, select_rules

RULES = load_rules([builtin_rules_dir()]).rules


@pytest.mark.parametrize(
    ("selector", "rule_id", "expected"),
    [
        ("ALL", "tone.blame", True),
        ("tone", "tone.blame", True),
        ("tone.", "tone.blame", True),
        ("tone.blame", "tone.blame", True),
        ("tone.bl", "tone.blame", False),
        ("to", "tone.blame", False),
        ("empathy", "tone.blame", False),
    ],
)
def test_selection_matches(selector: str, rule_id: str, expected: bool) -> None:
    assert matches(selector, rule_id) is expected


def test_selection_select_and_ignore() -> None:
    chosen = select_rules(RULES, ["tone", "empathy.thanks"], ["tone.chatspeak"], {})
    ids = {r.id for r in chosen}
    assert "empathy.thanks" in ids and "tone.blame" in ids
    assert "tone.chatspeak" not in ids and "options.alternative" not in ids


def test_selection_severity_most_specific_wins() -> None:
    overrides = {"tone": Severity.INFO, "tone.stacked-commands": Severity.ERROR}
    by_id = {r.id: r for r in select_rules(RULES, [], [], overrides)}
    assert by_id["tone.stacked-commands"].severity is Severity.ERROR
    assert by_id["tone.blame"].severity is Severity.INFO
    assert RULES["tone.stacked-commands"].severity is Severity.WARNING  # loaded rule unchanged


@pytest.mark.parametrize("field", ["select", "ignore", "severity"])
def test_selection_unknown_selector_is_an_error(field: str) -> None:
    args: dict[str, object] = {"select": [], "ignore": [], "severity": {}}
    args[field] = {"tone.nope": Severity.INFO} if field == "severity" else ["tone.nope"]
    with pytest.raises(ConfigError, match=r"no rule matches 'tone\.nope'"):
        select_rules(RULES, **args)  # type: ignore[arg-type]
