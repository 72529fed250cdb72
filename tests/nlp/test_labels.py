"""Dependency rules written with UD labels match under spaCy's English labels too."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from commlint.nlp.labels import equivalent_labels, expand_dep_labels
from commlint.nlp.measures import measure
from commlint.report import MessageKind
from commlint.rules.engine import RuleEngine
from commlint.rules.loader import builtin_rules_dir, load_rules


@pytest.mark.parametrize(
    ("ud", "spacy_label"),
    [("nsubj:pass", "nsubjpass"), ("aux:pass", "auxpass"), ("obj", "dobj"), ("nmod:poss", "poss")],
)
def test_labels_equivalent_both_ways(ud: str, spacy_label: str) -> None:
    assert spacy_label in equivalent_labels(ud)
    assert equivalent_labels("nsubj") == ["nsubj"]


def test_labels_expand_in_patterns() -> None:
    pattern = [
        {"RIGHT_ID": "s", "RIGHT_ATTRS": {"DEP": "nsubj:pass"}},
        {"LEFT_ID": "s", "REL_OP": ">", "RIGHT_ID": "o", "RIGHT_ATTRS": {"DEP": {"IN": ["obj"]}}},
    ]
    expanded = expand_dep_labels(pattern)
    assert expanded[0]["RIGHT_ATTRS"]["DEP"] == {"IN": ["nsubj:pass", "nsubjpass"]}
    assert expanded[1]["RIGHT_ATTRS"]["DEP"] == {"IN": ["dobj", "obj"]}
    assert pattern[0]["RIGHT_ATTRS"]["DEP"] == "nsubj:pass"  # the rule's data is not changed


WORDS = ["Your", "files", "were", "deleted", "."]
HEADS = [1, 3, 3, 3, 3]


@pytest.mark.parametrize(
    "deps",
    [
        ["nmod:poss", "nsubj:pass", "aux:pass", "ROOT", "punct"],  # Universal Dependencies
        ["poss", "nsubjpass", "auxpass", "ROOT", "punct"],  # spaCy's English scheme
    ],
    ids=["ud", "spacy-en"],
)
def test_dependency_rule_matches_either_scheme(deps: list[str]) -> None:
    nlp = spacy.blank("en")
    ruleset = load_rules([builtin_rules_dir()])
    rule = ruleset.rules["empathy.hidden-responsibility"]
    engine = RuleEngine(nlp, ruleset, [rule])
    doc = Doc(nlp.vocab, words=WORDS, heads=HEADS, deps=deps)
    hits = engine.run(doc, MessageKind.GENERAL, measure(doc))
    assert [doc.text[h.match.start : h.match.end] for h in hits] == ["files were deleted"]
