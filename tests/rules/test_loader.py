"""Malformed rule and lexicon files fail with `file:line: what is wrong`."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from commlint.errors import RuleError
from commlint.nlp.measures import measure
from commlint.report import MessageKind
from commlint.rules.engine import RuleEngine
from commlint.rules.loader import builtin_rules_dir, load_rules
from tests.conftest import write

GOOD = """\
id: tone.example
kind: phrase
severity: warning
weight: 5
message: "'{match}' is bad"
description: An example rule.
rationale: Because.
phrases: [badword]
examples:
  flag: ["a badword here"]
  ok: ["a fine word here"]
"""


def rule_dir(tmp_path: Path, text: str, name: str = "tone/example.yml") -> Path:
    write(tmp_path / name, text)
    return tmp_path


def test_loader_reads_good_rule(tmp_path: Path) -> None:
    rules = load_rules([rule_dir(tmp_path, GOOD)]).rules
    assert list(rules) == ["tone.example"]
    assert rules["tone.example"].dimension.value == "tone"


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        (
            ("severity: warning", "severity: loud"),
            3,
            "severity: Input should be 'error', 'warning' or 'info'",
        ),
        (("weight: 5", "weight: -1"), 4, "weight: Input should be greater than 0"),
        (("kind: phrase", "kind: magic"), None, "kind must be one of phrase, pattern"),
        (
            ("rationale: Because.", "rationale: Because.\ncolour: red"),
            8,
            "colour: Extra inputs are not permitted",
        ),
        (
            ('  ok: ["a fine word here"]', "  ok: []"),
            11,
            "examples.ok: List should have at least 1 item",
        ),
        (("id: tone.example", "id: tone.other"), 1, "does not match the file's place"),
        (
            ("message: \"'{match}' is bad\"", 'message: "{nope} is bad"'),
            5,
            "unknown placeholder {nope}",
        ),
        (("phrases: [badword]", "phrases: [badword]\n  - broken: [yaml"), 9, "invalid YAML"),
    ],
)
def test_loader_reports_file_and_line(
    tmp_path: Path, change: tuple[str, str], line: int | None, fragment: str
) -> None:
    folder = rule_dir(tmp_path, GOOD.replace(*change))
    with pytest.raises(RuleError) as info:
        load_rules([folder])
    message = str(info.value)
    where = f"{tmp_path / 'tone' / 'example.yml'}" + (f":{line}:" if line else ":")
    assert message.startswith(where), message
    assert fragment in message
    assert "\n" not in message


def pattern_rule(body: str) -> str:
    """GOOD as a pattern rule, with `body` (patterns, antipatterns) in place of its phrases."""
    return GOOD.replace("kind: phrase", "kind: pattern").replace("phrases: [badword]", body)


@pytest.mark.parametrize(
    "body",
    [
        "patterns:\n  - [{TEXT: {REGEX: '(a+)+$'}}]",
        "patterns:\n  - [{LOWER: bad}]\nantipatterns:\n  - [{TEXT: {REGEX: '(a+)+$'}}]",
    ],
    ids=["patterns", "antipatterns"],
)
def test_loader_rejects_regex_patterns(tmp_path: Path, body: str) -> None:
    with pytest.raises(RuleError, match="REGEX is not allowed"):
        load_rules([rule_dir(tmp_path, pattern_rule(body))])


def test_antipattern_cancels_only_the_matches_it_overlaps(tmp_path: Path) -> None:
    body = "patterns:\n  - [{LOWER: bad}]\nantipatterns:\n  - [{LOWER: not}, {LOWER: bad}]"
    ruleset = load_rules([rule_dir(tmp_path, pattern_rule(body))])
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    engine = RuleEngine(nlp, ruleset, list(ruleset.rules.values()))
    doc = nlp("Not bad at all, but this is bad.")
    hits = engine.run(doc, MessageKind.GENERAL, measure(doc))
    assert [(h.match.start, h.match.end) for h in hits] == [(28, 31)]


def test_loader_points_at_bad_pattern_line(tmp_path: Path) -> None:
    text = pattern_rule("patterns:\n  - [{LOWER: bad}]\n  - [{LOWER: {IN: [on, off]}}]")
    with pytest.raises(RuleError) as info:
        load_rules([rule_dir(tmp_path, text)])
    assert str(info.value).startswith(f"{tmp_path / 'tone' / 'example.yml'}:10: patterns[1]")
    assert "quote YAML words" in str(info.value)


def test_loader_rejects_unknown_lexicon(tmp_path: Path) -> None:
    text = GOOD.replace("phrases: [badword]", "lexicons: [missing-list]")
    with pytest.raises(RuleError, match="unknown lexicon 'missing-list'"):
        load_rules([rule_dir(tmp_path, text)])


def test_loader_rejects_duplicate_ids(tmp_path: Path) -> None:
    first = rule_dir(tmp_path / "a", GOOD)
    second = rule_dir(tmp_path / "b", GOOD)
    with pytest.raises(RuleError, match="already defined"):
        load_rules([first, second])


def test_loader_rejects_bad_lexicon(tmp_path: Path) -> None:
    write(tmp_path / "lexicons" / "words.yml", "description: x\nentries: []\n")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path])
    assert str(info.value).startswith(f"{tmp_path / 'lexicons' / 'words.yml'}:2:")


def test_loader_rejects_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="rule folder not found"):
        load_rules([tmp_path / "nope"])


def test_builtin_rules_load() -> None:
    rules = load_rules([builtin_rules_dir()]).rules
    assert len(rules) >= 15


def test_loader_rejects_unknown_highlight_node(tmp_path: Path) -> None:
    text = GOOD.replace("kind: phrase", "kind: dependency").replace(
        "phrases: [badword]",
        "patterns:\n  - - {RIGHT_ID: verb, RIGHT_ATTRS: {LOWER: made}}\nhighlight: [subject]",
    )
    with pytest.raises(RuleError, match="highlight names unknown nodes: subject"):
        load_rules([rule_dir(tmp_path, text)])


@pytest.mark.parametrize("path", sorted(builtin_rules_dir().rglob("*.yml")), ids=lambda p: p.name)
def test_loader_builtin_files_read_the_same_without_libyaml(path: Path) -> None:
    """PyYAML's pure-Python parser (used where libyaml is missing) must agree with the C one."""
    import yaml

    text = path.read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    fast = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    assert pure == fast
