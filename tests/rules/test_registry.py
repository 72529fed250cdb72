"""Python rules: registered by decorator or entry point, described by a YAML file."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from spacy.tokens import Doc

from commlint import Config, Linter, Match, RuleContext, rule_function
from commlint.errors import RuleError
from commlint.rules import registry
from tests.conftest import write

RULE = """\
id: tone.{name}
kind: python
function: {function}
severity: warning
weight: 5
message: "'{{match}}' is a ticket number"
description: Ticket numbers in the body.
rationale: Readers don't know our ticket numbers.
examples:
  flag: ["See [[INC123]]."]
  ok: ["See the ticket."]
"""


@rule_function("tests.ticket_number.v1")
def ticket_number(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    for token in doc:
        if token.text.startswith("INC") and token.text[3:].isdigit():
            yield Match(token.idx, token.idx + len(token))


def ticket_number_v2(doc: Doc, ctx: RuleContext) -> Iterator[Match]:
    yield from ticket_number(doc, ctx)


def test_registry_decorated_function_runs(tmp_path: Path) -> None:
    write(
        tmp_path / "tone" / "ticket.yml",
        RULE.format(name="ticket", function="tests.ticket_number.v1"),
    )
    linter = Linter(Config(rule_dirs=[tmp_path], select=["tone.ticket"], pipeline="blank"))
    report = linter.check("Hi Ana, see INC4411 for details.")
    assert [(f.rule, f.text) for f in report.findings] == [("tone.ticket", "INC4411")]


def test_registry_entry_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    point = EntryPoint(
        name="tests.ticket_number.v2",
        group=registry.ENTRY_POINT_GROUP,
        value="tests.rules.test_registry:ticket_number_v2",
    )
    monkeypatch.setattr(registry, "entry_points", lambda group: [point])
    monkeypatch.setattr(registry, "_entry_points_loaded", False)
    write(
        tmp_path / "tone" / "ticket2.yml",
        RULE.format(name="ticket2", function="tests.ticket_number.v2"),
    )
    linter = Linter(Config(rule_dirs=[tmp_path], select=["tone.ticket2"], pipeline="blank"))
    assert [f.text for f in linter.check("See INC9 now.").findings] == ["INC9"]


def test_registry_unknown_function_is_rule_error(tmp_path: Path) -> None:
    write(tmp_path / "tone" / "ghost.yml", RULE.format(name="ghost", function="tests.ghost.v1"))
    with pytest.raises(RuleError, match=r"no rule function registered as 'tests\.ghost\.v1'"):
        Linter(Config(rule_dirs=[tmp_path], pipeline="blank"))


def test_registry_refuses_a_second_function_for_a_name() -> None:
    with pytest.raises(ValueError, match="already registered"):
        rule_function("tests.ticket_number.v1")(ticket_number_v2)
