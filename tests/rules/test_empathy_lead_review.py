"""Issue 19, empathy area: the unscored `security` pack (a secret in the message) and how it
reaches the verdict, `commlint rules`, SARIF and the rules page. The rules' own flag/ok examples
(tests/rules/test_examples.py) cover the listed wrong findings; tests/test_kinds.py the kinds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from commlint import Linter
from commlint.cli import main
from commlint.errors import RuleError
from commlint.report import Verdict
from commlint.rules.docs import render_rules_page
from commlint.rules.loader import builtin_rules_dir, load_rules
from tests.conftest import write

RULE = "security.credential-in-message"
DRAFT = """Hi Dana,

I've reset your account. Your temporary password is Welcome123; change it when you log in.
If anything goes wrong, reply here or call me on 4410.

Thanks,
Priya
"""


def test_credential_finding_forces_revise_and_costs_no_points(linter: Linter) -> None:
    report = linter.check(DRAFT)
    [secret] = [f for f in report.findings if f.rule == RULE]
    assert secret.text == "temporary password is Welcome123"
    assert (secret.dimension, secret.impact, secret.severity.value) == (None, 0.0, "error")
    assert not secret.safe and not secret.suggestions  # nothing to apply without a person
    assert report.verdict is Verdict.REVISE
    assert any(reason.startswith(f"{RULE} [error]") for reason in report.reasons)
    index = report.findings.index(secret)
    for part in report.dimensions.model_dump().values():
        assert index not in part["findings"]


def test_without_the_secret_the_draft_is_sent(linter: Linter) -> None:
    clean = DRAFT.replace("Your temporary password is Welcome123", "I'll text you a new password")
    report = linter.check(clean)
    assert RULE not in {f.rule for f in report.findings}
    assert report.verdict is Verdict.SEND, report.reasons


@pytest.mark.parametrize(
    "text",
    [
        "Your PIN is 4821.",
        "Sign in with the one-time code 483920.",
        "Use this API key: sk-test-9f8e7d6c5b",
        "The Wi-Fi password is 'CoffeeShop'.",
        "Your new password = Summer2026!",
    ],
)
def test_credential_variants_are_caught(linter: Linter, text: str) -> None:
    assert RULE in {f.rule for f in linter.check(text).findings}


@pytest.mark.parametrize(
    "text",
    [
        "Your password has been reset.",
        "Passwords need 12 characters, a digit and a symbol.",
        "Enter the code we texted you.",
        "Your PIN is the one you chose at the branch.",
        "We never send your password or PIN by email.",
        "The error code was 0x80070005.",
        "Ticket INC0012345: password reset done.",
    ],
)
def test_talk_about_secrets_is_not_flagged(linter: Linter, text: str) -> None:
    assert RULE not in {f.rule for f in linter.check(text).findings}


def test_security_pack_is_listed_documented_and_tagged(
    linter: Linter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert RULE in {rule.id for rule in linter.rules}
    page = render_rules_page(load_rules([builtin_rules_dir()]))
    assert "## security" in page and f"### `{RULE}`" in page
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "reply.txt", DRAFT)
    assert main(["rules"]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.startswith(RULE)]
    assert row.split()[1:5] == ["python", "finding", "error", "-"]  # no weight: not scored
    assert main(["check", "--format", "sarif", "reply.txt"]) == 1
    log = json.loads(capsys.readouterr().out)
    [descriptor] = [r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == RULE]
    assert descriptor["properties"] == {"tags": ["security"], "weight": 0}
    assert RULE in {r["ruleId"] for r in log["runs"][0]["results"]}


def test_security_rule_cannot_be_a_strength(tmp_path: Path) -> None:
    write(
        tmp_path / "security" / "strong.yml",
        """\
id: security.strong
kind: phrase
polarity: strength
weight: 5
message: "'{match}'"
description: A strength with no dimension.
rationale: None to earn.
phrases: [reset link]
examples:
  flag: ["a reset link"]
  ok: ["nothing"]
""",
    )
    with pytest.raises(RuleError, match="no dimension to earn a strength in"):
        load_rules([tmp_path])
