"""The gate corpus (`corpora/gate/`): the verdict agrees with a support lead's labels."""

from __future__ import annotations

import pytest
from validation.gate import Agreement, check_gate, choose_holdout, holdout_ids, load_gate

from commlint import MessageKind, Report, Verdict

MESSAGES = load_gate()


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return check_gate(MESSAGES)


def test_gate_corpus_covers_what_the_issue_asks() -> None:
    assert len(MESSAGES) >= 200
    assert len({m.id for m in MESSAGES}) == len(MESSAGES), "ids are unique"
    assert {m.kind for m in MESSAGES} == set(MessageKind), "every kind"
    assert {m.audience for m in MESSAGES} == {"general", "technical"}
    assert {m.style for m in MESSAGES} == {"email", "chat"}
    assert {m.verdict for m in MESSAGES} == set(Verdict)
    assert all(m.reason.strip() for m in MESSAGES), "every label has its reason"


def test_gate_holdout_is_the_quarter_drawn_by_hash() -> None:
    held = holdout_ids()
    assert held == set(choose_holdout(m.id for m in MESSAGES))
    assert len(held) == len(MESSAGES) // 4


def test_gate_verdicts_agree_with_the_labels(reports: dict[str, Report]) -> None:
    agreement = Agreement.of(MESSAGES, reports)
    wrong = [m.id for m in MESSAGES if reports[m.id].verdict is not m.verdict]
    assert agreement.send_rate >= 0.9, f"send passed {agreement.send_rate:.1%}; wrong: {wrong}"
    assert agreement.revise_rate >= 0.9, f"revise stopped {agreement.revise_rate:.1%}: {wrong}"
