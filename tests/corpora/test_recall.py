"""The recall corpora (`corpora/recall/` and the held-out `corpora/recall-holdout/`): every
expected finding is reported, except the misses listed with a reason in the folder's
`misses.yml`, and a listed miss that is now reported fails too, so the list stays honest."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from validation.recall import (
    HOLDOUT,
    PLACEHOLDER,
    CorpusError,
    Figures,
    RecallMessage,
    load_misses,
    load_recall,
    section,
    sentence_of,
    update_misses,
)

from commlint import Linter, Report

MESSAGES = load_recall()
MISSES = load_misses()
HELD_OUT = load_recall(HOLDOUT)
HELD_OUT_MISSES = load_misses(HOLDOUT / "misses.yml")
SETS = {"recall": (MESSAGES, MISSES), "recall-holdout": (HELD_OUT, HELD_OUT_MISSES)}
CASES = [(folder, name) for folder, (messages, _) in SETS.items() for name in messages]


@pytest.fixture(scope="module")
def reports(linter: Linter) -> dict[tuple[str, str], Report]:
    return {
        (folder, name): linter.check(m.text, m.kind, source=name)
        for folder, (messages, _) in SETS.items()
        for name, m in messages.items()
    }


def test_recall_corpus_covers_what_the_issue_asks() -> None:
    assert len(MESSAGES) >= 60
    dimensions = {rule.split(".")[0] for m in MESSAGES.values() for rule in m.findings}
    assert dimensions >= {"empathy", "expectations", "options", "plain_language", "tone"}
    for name, message in MESSAGES.items():
        assert 40 <= len(message.text.split()) <= 150, f"{name}: 40 to 150 words"
        assert 1 <= len(message.findings) <= 4, f"{name}: one to a few deliberate problems"


def test_recall_holdout_is_a_set_of_its_own() -> None:
    assert len(HELD_OUT) >= 15
    assert not set(HELD_OUT) & set(MESSAGES), "a held-out message shares a name with the main set"
    for name, message in HELD_OUT.items():
        assert 40 <= len(message.text.split()) <= 150, f"{name}: 40 to 150 words"


@pytest.mark.parametrize("folder", list(SETS))
def test_recall_misses_name_expected_findings_with_a_reason(folder: str) -> None:
    messages, misses = SETS[folder]
    for name, rules in misses.items():
        assert name in messages, f"misses.yml names no recall message {name!r}"
        for rule, reason in rules.items():
            assert rule in messages[name].findings, f"{name}: {rule} is not an expected finding"
            assert reason.startswith("not detected yet: "), f"{name}: {rule}: {reason!r}"
            assert PLACEHOLDER not in reason, f"{name}: {rule}: write why it is missed"


@pytest.mark.parametrize(("folder", "name"), CASES, ids=[f"{f}/{n}" for f, n in CASES])
def test_recall_expected_findings_are_reported(
    folder: str, name: str, reports: dict[tuple[str, str], Report]
) -> None:
    messages, misses = SETS[folder]
    report = reports[folder, name]
    found = {f.rule for f in report.findings}
    missing = {rule for rule in messages[name].findings if rule not in found}
    listed = set(misses.get(name, {}))
    assert not missing - listed, f"missed and not listed in misses.yml; got {sorted(found)}"
    assert not listed - missing, "reported now: remove it from misses.yml (--update-misses)"
    shown = {s.rule for s in report.strengths}
    assert set(messages[name].strengths) <= shown, f"missing strengths; got {sorted(shown)}"
    assert not set(messages[name].absent) & (found | shown), "a rule fired that must not"


def _message(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "kind": "general",
        "judgement": {"tone": "poor"},
        "findings": ["tone.blame"],
        "evidence": {"tone.blame": "you should have saved"},
        "text": "Hi Dana,\n\nyou should\nhave saved the file first.\n\nMia",
    }
    return base | changes


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"evidence": {}}, "evidence must name exactly the expected findings"),
        ({"evidence": {"tone.blame": "you forgot"}}, "is not in the text"),
        ({"findings": []}, "at least one finding"),
        ({"findings": ["tone.blame", "tone.blame"]}, "listed twice"),
        ({"kind": "memo"}, "kind"),
    ],
)
def test_recall_file_errors_are_one_line(
    tmp_path: Path, changes: dict[str, object], error: str
) -> None:
    RecallMessage.model_validate(_message())  # the base is valid: evidence may cross a line
    (tmp_path / "bad.yml").write_text(yaml.safe_dump(_message(**changes)), encoding="utf-8")
    with pytest.raises(CorpusError, match=error) as raised:
        load_recall(tmp_path)
    assert "\n" not in str(raised.value)


def test_recall_misses_file_of_the_wrong_shape_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "misses.yml"
    path.write_text("a.yml: [tone.blame]\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="expected file"):
        load_misses(path)


def test_recall_figures_count_per_rule_and_dimension() -> None:
    messages = {"a.yml": RecallMessage.model_validate(_message())}
    messages["b.yml"] = RecallMessage.model_validate(
        _message(
            findings=["tone.blame", "options.no-alternative"],
            evidence={"tone.blame": "should", "options.no-alternative": "file"},
        )
    )
    figures = Figures.of(messages, {"a.yml": {"tone.blame"}, "b.yml": {"tone.rude"}})
    assert (figures.overall.expected, figures.overall.found) == (3, 1)
    assert figures.dimensions["tone"].recall == 0.5
    assert figures.dimensions["options"].recall == 0.0
    assert figures.rules["tone.blame"].cell() == "50.0% (1 of 2)"


def test_recall_before_figures_round_trip_into_the_section(tmp_path: Path) -> None:
    messages = {"a.yml": RecallMessage.model_validate(_message())}
    before = Figures.of(messages, {"a.yml": set()})
    before.store(tmp_path / "before.json")
    after = Figures.of(messages, {"a.yml": {"tone.blame"}})
    text = section(Figures.load(tmp_path / "before.json"), after, 1, 0, 0)
    assert "| `all rules` | 0.0% (0 of 1) | 100.0% (1 of 1) |" in text
    assert "not measured yet" in section(before, None, 1, 1, 0)
    with pytest.raises(CorpusError, match="--write before"):
        Figures.load(tmp_path / "absent.json")


def test_recall_update_misses_keeps_written_reasons(tmp_path: Path) -> None:
    messages = {"a.yml": RecallMessage.model_validate(_message())}
    messages["b.yml"] = RecallMessage.model_validate(_message())
    path = tmp_path / "misses.yml"
    path.write_text(
        "a.yml: {tone.blame: 'not detected yet: kept'}\ngone.yml: {tone.rude: x}\n", "utf-8"
    )
    assert update_misses(messages, {"a.yml": set(), "b.yml": set()}, path) == 2
    assert load_misses(path) == {
        "a.yml": {"tone.blame": "not detected yet: kept"},
        "b.yml": {"tone.blame": 'not detected yet: "you should have saved" (reason to be written)'},
    }


def test_recall_sentence_of_finds_the_sentence_in_its_paragraph() -> None:
    text = "Hi Dana,\n\nThanks. As I said\nbefore, it works. Bye.\n\nMia"
    assert sentence_of(text, "As I said before") == "As I said before, it works."
