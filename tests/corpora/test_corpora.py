"""The project's labelled corpus (`corpora/`): every label holds, every good twin outscores
its poor twin on the dimensions where their judgements differ."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict

from commlint import Dimension, Linter, MessageKind, Report
from tests.conftest import ROOT

CORPORA = ROOT / "corpora"


class LabelledMessage(BaseModel):
    """One corpus file; see `corpora/README.md`."""

    model_config = ConfigDict(extra="forbid")

    kind: MessageKind
    text: str
    judgement: dict[Dimension, Literal["good", "poor"]]
    pair: str | None = None
    findings: list[str] = []
    strengths: list[str] = []
    absent: list[str] = []


def _load() -> dict[Path, LabelledMessage]:
    return {
        path: LabelledMessage.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(CORPORA.rglob("*.yml"))
        if path.parent.name not in {"gate", "recall", "recall-holdout"}  # own format and test
    }


MESSAGES = _load()
IDS = [str(p.relative_to(CORPORA)) for p in MESSAGES]


def _members() -> dict[str, list[Path]]:
    members: dict[str, list[Path]] = defaultdict(list)
    for path, message in MESSAGES.items():
        if message.pair:
            members[message.pair].append(path)
    return dict(sorted(members.items()))


PAIRS = [(name, *sorted(paths)) for name, paths in _members().items() if len(paths) == 2]


@pytest.fixture(scope="module")
def reports(linter: Linter) -> dict[Path, Report]:
    return {path: linter.check(m.text, m.kind, source=str(path)) for path, m in MESSAGES.items()}


def test_corpora_are_present() -> None:
    assert len(MESSAGES) >= 1


@pytest.mark.parametrize("path", list(MESSAGES), ids=IDS)
def test_corpus_labels_hold(path: Path, reports: dict[Path, Report]) -> None:
    message, report = MESSAGES[path], reports[path]
    found = {f.rule for f in report.findings}
    shown = {s.rule for s in report.strengths}
    assert set(message.findings) <= found, f"missing findings; got {sorted(found)}"
    assert set(message.strengths) <= shown, f"missing strengths; got {sorted(shown)}"
    assert not set(message.absent) & (found | shown), "a rule fired that must not"


def test_corpus_pairs_have_two_members() -> None:
    for name, paths in _members().items():
        assert len(paths) == 2, f"pair {name!r} has {len(paths)} members"


@pytest.mark.parametrize(("name", "first", "second"), PAIRS, ids=[p[0] for p in PAIRS])
def test_corpus_good_twin_outscores_poor_twin(
    name: str, first: Path, second: Path, reports: dict[Path, Report]
) -> None:
    a, b = MESSAGES[first], MESSAGES[second]
    differing = [d for d in a.judgement if d in b.judgement and a.judgement[d] != b.judgement[d]]
    assert differing, f"pair {name!r} differs on no labelled dimension"
    for dimension in differing:
        good, poor = (first, second) if a.judgement[dimension] == "good" else (second, first)
        good_score = getattr(reports[good].dimensions, dimension.value).score
        poor_score = getattr(reports[poor].dimensions, dimension.value).score
        assert good_score > poor_score, f"{dimension.value}: good {good_score} <= poor {poor_score}"
