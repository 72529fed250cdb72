"""The one place where dependency-label schemes meet.

Rules are written with Universal Dependencies labels (what the bundled pipeline, trained on UD
English EWT, produces). spaCy's own English pipelines use ClearNLP-style labels. Every label a
rule names is expanded to the set of equivalent labels, so a pattern matches under either scheme.
Only labels that mean the same relation are mapped; where the schemes build a different tree
(UD `obl` hangs the noun on the verb, spaCy hangs it on a `prep`), a rule must say both shapes.
"""

from __future__ import annotations

from typing import Any

# UD label -> spaCy English (ClearNLP) equivalents.
UD_TO_SPACY_EN: dict[str, tuple[str, ...]] = {
    "nsubj:pass": ("nsubjpass",),
    "csubj:pass": ("csubjpass",),
    "aux:pass": ("auxpass",),
    "obj": ("dobj",),
    "iobj": ("dative",),
    "obl:npmod": ("npadvmod",),
    "obl:tmod": ("npadvmod",),
    "nmod:poss": ("poss",),
    "compound:prt": ("prt",),
    "det:predet": ("predet",),
    "discourse": ("intj",),
}

_EQUIVALENTS: dict[str, set[str]] = {}
for _ud, _others in UD_TO_SPACY_EN.items():
    _EQUIVALENTS.setdefault(_ud, {_ud}).update(_others)


def equivalent_labels(label: str) -> list[str]:
    """All labels that mean `label` in either scheme, sorted (the label itself included)."""
    return sorted(_EQUIVALENTS.get(label, {label}))


def _expand_value(value: Any) -> Any:
    if isinstance(value, str):
        labels = equivalent_labels(value)
        return value if len(labels) == 1 else {"IN": labels}
    if isinstance(value, dict):
        out = dict(value)
        for op in ("IN", "NOT_IN"):
            if op in out:
                out[op] = sorted({lab for v in out[op] for lab in equivalent_labels(v)})
        return out
    return value


def expand_dep_labels(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A copy of a Matcher or DependencyMatcher pattern with every DEP value expanded."""
    expanded = []
    for token in pattern:
        token = dict(token)
        attrs_key = "RIGHT_ATTRS" if "RIGHT_ATTRS" in token else None
        attrs = dict(token[attrs_key]) if attrs_key else token
        if "DEP" in attrs:
            attrs["DEP"] = _expand_value(attrs["DEP"])
        if attrs_key:
            token[attrs_key] = attrs
        expanded.append(token)
    return expanded
