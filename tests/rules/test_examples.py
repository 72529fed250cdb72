"""Every rule's own examples, run as tests (LanguageTool's way).

`flag` examples must produce the rule, exactly at the `[[...]]` spans when marked; `ok`
examples must not produce it; applying a finding's first suggestion must clear that finding,
and a safe fix (`fix_safe`) must do so through `commlint.fixes` without bringing a new one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest

from commlint import Linter
from commlint.fixes import Source, apply, replacement_edits
from commlint.rules.docs import MARK_CLOSE, MARK_OPEN
from commlint.rules.loader import builtin_rules_dir, load_rules
from commlint.rules.model import Example, ExampleItem, RuleBase

RULES = load_rules([builtin_rules_dir()]).rules


@dataclass(frozen=True)
class Case:
    rule: RuleBase
    expect: str
    index: int
    item: ExampleItem

    def __str__(self) -> str:
        return f"{self.rule.id}:{self.expect}{self.index}"


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without `[[` `]]` and the character spans they enclosed."""
    out, spans, pos = [], [], 0
    while (start := marked.find(MARK_OPEN, pos)) != -1:
        end = marked.index(MARK_CLOSE, start)
        out.append(marked[pos:start])
        begin = sum(map(len, out))
        out.append(marked[start + 2 : end])
        spans.append((begin, begin + end - start - 2))
        pos = end + 2
    out.append(marked[pos:])
    return "".join(out), spans


CASES = [
    Case(rule, expect, i, item)
    for rule in RULES.values()
    for expect, items in (("flag", rule.examples.flag), ("ok", rule.examples.ok))
    for i, item in enumerate(items)
]


def spans_of(
    linter: Linter, rule: RuleBase, text: str, kind: str | None
) -> list[tuple[int, int, list[str]]]:
    report = linter.check(text, kind)
    found = [*report.findings, *report.strengths]
    return [(o.start, o.end, getattr(o, "suggestions", [])) for o in found if o.rule == rule.id]


def test_unmark() -> None:
    assert unmark("a [[bc]] d [[e]]") == ("a bc d e", [(2, 4), (7, 8)])


@pytest.mark.parametrize("case", CASES, ids=str)
def test_rule_example(linter: Linter, case: Case) -> None:
    if case.rule.id not in {r.id for r in linter.rules}:
        pytest.skip(f"{case.rule.id} cannot run on pipeline {linter.pipeline.name}")
    marked = case.item.text if isinstance(case.item, Example) else case.item
    kind = case.item.kind if isinstance(case.item, Example) else None
    text, expected = unmark(marked)
    hits = spans_of(linter, case.rule, text, kind)
    if case.expect == "ok":
        assert hits == [], f"{case.rule.id} fired on an ok example: {text!r}"
        return
    assert hits, f"{case.rule.id} did not fire on: {text!r}"
    if expected:
        assert sorted((s, e) for s, e, _ in hits) == expected, [text[s:e] for s, e, _ in hits]
    for start, end, suggestions in hits:
        if suggestions:
            fixed = text[:start] + suggestions[0] + text[end:]
            after = spans_of(linter, case.rule, fixed, kind)
            stop = start + len(suggestions[0])
            assert not [h for h in after if h[0] < max(stop, start + 1) and h[1] > start], (
                f"applying {suggestions[0]!r} did not clear {case.rule.id} in {fixed!r}"
            )


SAFE_RULES = [rule for rule in RULES.values() if rule.fix_safe]


@pytest.mark.parametrize("rule", SAFE_RULES, ids=lambda rule: rule.id)
def test_rule_safe_fix(linter: Linter, rule: RuleBase) -> None:
    """Each safe fix, applied alone to a flag example, clears its finding and brings no other
    (so `commlint fix` keeps it)."""
    fixed_any = False
    for item in rule.examples.flag:
        text, _ = unmark(item.text if isinstance(item, Example) else item)
        source = Source.load(text.encode(), "text")
        report = linter.check(source.extracted, item.kind if isinstance(item, Example) else None)
        before = Counter((f.rule, f.text.lower()) for f in report.findings)
        for finding in [f for f in report.findings if f.rule == rule.id and f.safe]:
            edits = replacement_edits(source, finding, finding.suggestions[0])
            assert not isinstance(edits, str), edits
            fixed = apply(text.encode(), edits).decode()
            left = Counter(
                (f.rule, f.text.lower()) for f in linter.check(fixed, report.kind).findings
            )
            key = (finding.rule, finding.text.lower())
            assert left[key] < before[key], f"{fixed!r} still has {key}"
            assert not left - before, f"fixing {finding.text!r} brought {left - before}: {fixed!r}"
            fixed_any = True
    assert fixed_any, f"{rule.id} is fix_safe but no flag example offers a fix"


def test_every_dimension_has_three_rules() -> None:
    from commlint.report import Dimension

    for dimension in Dimension:
        assert sum(r.dimension is dimension for r in RULES.values()) >= 3, dimension


def test_every_rule_kind_is_used() -> None:
    from commlint.rules.model import RULE_KINDS

    assert {getattr(r, "kind") for r in RULES.values()} == set(RULE_KINDS)  # noqa: B009
