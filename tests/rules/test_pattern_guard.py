"""Rule files a user writes: every mistake named at its line, including patterns whose matching
time would grow faster than the message (issue 20)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from commlint.errors import RuleError
from commlint.rules import yaml_files
from commlint.rules.loader import builtin_rules_dir, load_rules
from commlint.rules.pattern_guard import MAX_CHOICES, pattern_problem
from tests.rules.test_loader import GOOD, pattern_rule, rule_dir

SLOW = {
    "alpha plus": ('[{IS_ALPHA: true, OP: "+"}]', 0, "does not name its words"),
    "two wildcards": ('[{OP: "*"}, {OP: "*"}, {LOWER: zebra}]', 0, "does not name its words"),
    "at least n": ('[{LOWER: a}, {IS_PUNCT: false, OP: "{2,}"}]', 1, "does not name"),
    "negated anchor": ('[{LOWER: a, OP: "!"}, {LOWER: c, OP: "+"}]', 1, "an anchor"),
    "no anchor": ('[{LOWER: very, OP: "+"}]', 0, "needs a required token before it"),
    "anchor in the run": ('[{LOWER: very}, {LOWER: {IN: [so, very]}, OP: "*"}]', 1, "an anchor"),
    "overlapping runs": (
        '[{LOWER: i}, {LOWER: very, OP: "*"}, {LOWER: {IN: [very, so]}, OP: "*"}, {LOWER: x}]',
        2,
        "an earlier repeat",
    ),
    "repeat that may cross a sentence": (
        '[{IS_SENT_START: true, LOWER: why}, {IS_PUNCT: false, OP: "*"}, {ORTH: "?"}]',
        1,
        "does not name its words",
    ),
    "two repeats in one sentence": (
        '[{IS_SENT_START: true, LOWER: why}, {IS_PUNCT: false, IS_SENT_START: false, OP: "*"},'
        ' {LOWER: so, OP: "+"}]',
        2,
        "an earlier repeat",
    ),
    "too many choices": (
        "[" + ", ".join(['{IS_ALPHA: true, OP: "{0,16}"}'] * 3) + ", {LOWER: zebra}]",
        2,
        f"over {MAX_CHOICES:,} ways",
    ),
}


@pytest.mark.parametrize(("pattern", "token", "reason"), SLOW.values(), ids=SLOW.keys())
@pytest.mark.parametrize("key", ["patterns", "antipatterns"])
def test_pattern_guard_refuses_slow_patterns_at_their_line(
    tmp_path: Path, pattern: str, token: int, reason: str, key: str
) -> None:
    body = f"patterns:\n  - [{{LOWER: bad}}]\n{key}:\n  - {pattern}"
    if key == "patterns":
        body = f"patterns:\n  - {pattern}"
    with pytest.raises(RuleError) as info:
        load_rules([rule_dir(tmp_path, pattern_rule(body))])
    line = 9 if key == "patterns" else 11
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'tone' / 'example.yml'}:{line}: {key}[0] token {token}")
    assert reason in message and "\n" not in message


SAFE = [
    '[{LOWER: i}, {LOWER: {IN: [really, so]}, OP: "*"}, {LOWER: x}]',
    '[{LOWER: i}, {LOWER: really, OP: "+"}, {LOWER: so}, {LOWER: really, OP: "*"}]',
    '[{LOWER: either}, {IS_PUNCT: false, OP: "{1,8}"}, {LOWER: or}]',
    '[{ORTH: I}, {LOWER: {IN: [sorry]}, OP: "?"}, {LEMMA: be, OP: "+"}]',
    # one match per sentence at most, and it ends with the sentence
    '[{IS_SENT_START: true, LOWER: why}, {IS_PUNCT: false, IS_SENT_START: false, OP: "*"},'
    ' {ORTH: "?"}]',
]


@pytest.mark.parametrize("pattern", SAFE)
def test_pattern_guard_accepts_anchored_and_bounded_patterns(tmp_path: Path, pattern: str) -> None:
    load_rules([rule_dir(tmp_path, pattern_rule(f"patterns:\n  - {pattern}"))])


def test_pattern_guard_ignores_what_spacy_validation_names() -> None:
    assert pattern_problem([{"LOWER": "a", "OP": "{x}"}, {"LOWER": "b", "OP": "%"}]) is None


def test_pattern_guard_passes_every_builtin_pattern() -> None:
    """The built-in packs meet the same bound as a user's: no exemption."""
    load_rules([builtin_rules_dir()])


DEEP = "[" * 5_000 + "]" * 5_000 + "\n"
MISTAKES = {
    "duplicate top-level key": (
        GOOD.replace("weight: 5\n", "weight: 5\nweight: 6\n"),
        5,
        "duplicate key 'weight' (first given at line 4)",
    ),
    "duplicate nested key": (
        GOOD.replace('  ok: ["a fine word here"]', '  ok: ["a fine word here"]\n  flag: ["x"]'),
        12,
        "duplicate key 'flag' (first given at line 10)",
    ),
    "unknown function": (
        GOOD.replace("kind: phrase", "kind: python").replace(
            "phrases: [badword]", "function: commlint.no_such_thing.v1"
        ),
        8,
        "function: no rule function registered as 'commlint.no_such_thing.v1'",
    ),
    "unknown LEFT_ID": (
        GOOD.replace("kind: phrase", "kind: dependency").replace(
            "phrases: [badword]",
            "patterns:\n  - - {RIGHT_ID: verb, RIGHT_ATTRS: {LOWER: made}}\n"
            "    - {LEFT_ID: nope, REL_OP: '>', RIGHT_ID: subject, RIGHT_ATTRS: {}}",
        ),
        9,
        "patterns[0]: [E101]",
    ),
    "bad REL_OP": (
        GOOD.replace("kind: phrase", "kind: dependency").replace(
            "phrases: [badword]",
            "patterns:\n  - - {RIGHT_ID: verb, RIGHT_ATTRS: {LOWER: made}}\n"
            "    - {LEFT_ID: verb, REL_OP: '%%', RIGHT_ID: subject, RIGHT_ATTRS: {}}",
        ),
        9,
        "patterns[0]: [E1007] Unsupported DependencyMatcher operator '%%'",
    ),
    "nested too deeply": (GOOD + "x: " + DEEP, 12, "invalid YAML: exceeded maximum nesting"),
}


@pytest.mark.parametrize(("text", "line", "fragment"), MISTAKES.values(), ids=MISTAKES.keys())
def test_loader_names_the_line_of_each_mistake(
    tmp_path: Path, text: str, line: int | None, fragment: str
) -> None:
    with pytest.raises(RuleError) as info:
        load_rules([rule_dir(tmp_path, text)])
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'tone' / 'example.yml'}:{line}: {fragment}")
    assert "\n" not in message


def test_loader_deep_yaml_without_libyaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pure-Python loader recurses once a level: a deep file is one error, not a crash."""
    monkeypatch.setattr(yaml_files, "_Loader", yaml.SafeLoader)
    with pytest.raises(RuleError) as info:
        load_rules([rule_dir(tmp_path, GOOD + "x: " + DEEP)])
    assert (
        str(info.value) == f"{tmp_path / 'tone' / 'example.yml'}: invalid YAML: nested too deeply"
    )
