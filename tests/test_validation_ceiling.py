"""The yardstick models of `validation.politeness_ceiling`: held-out scoring and the markers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from validation.politeness_ceiling import (
    Markers,
    cross_validated,
    evaluate,
    matrix,
    one_annotator,
    ridge,
    strategy_markers,
)


def test_ridge_recovers_a_linear_rule() -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(200, 3))
    y = x @ np.array([2.0, -1.0, 0.5]) + 3.0
    weights = ridge(x, y, penalty=1e-6)
    assert np.allclose(weights, [2.0, -1.0, 0.5, 3.0], atol=1e-4)


def test_cross_validated_never_scores_a_row_with_its_own_label() -> None:
    rng = np.random.default_rng(2)
    x = rng.normal(size=(60, 2))
    y = x[:, 0] + rng.normal(scale=0.1, size=60)
    folds = np.arange(60) % 5
    everyone = np.ones(60, dtype=bool)
    before = cross_validated(x, y, everyone, folds, 1.0)
    changed = y.copy()
    changed[7] = 1000.0
    after = cross_validated(x, changed, everyone, folds, 1.0)
    assert after[7] == before[7]
    assert not np.allclose(after[folds != folds[7]], before[folds != folds[7]])


def test_cross_validated_trains_only_on_the_chosen_rows() -> None:
    x = np.array([[0.0], [1.0], [0.0], [1.0]])
    y = np.array([0.0, 1.0, 0.0, 50.0])
    train = np.array([True, True, True, False])
    folds = np.array([0, 1, 0, 1])
    scores = cross_validated(x, y, train, folds, 1e-6)
    assert abs(scores[0] - 1.0) < 1e-3  # fitted on row 1 alone (row 3 is not a training row)


def test_evaluate_counts_quartiles_and_threshold() -> None:
    human = np.arange(8, dtype=float)
    rho, accuracy = evaluate(human.copy(), human, 3.5)
    assert rho == 1.0
    assert accuracy == 1.0
    _, backwards = evaluate(-human, human, -3.5)
    assert backwards == 0.0


def test_matrix_has_a_column_a_feature() -> None:
    x = matrix([{"a"}, {"b", "a"}, set()])
    assert x.tolist() == [[1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]


def test_strategy_markers_by_position(tmp_path: Path) -> None:
    (tmp_path / "ngram_markers.json").write_text(json.dumps({"Thanks": ["many thanks"]}))
    (tmp_path / "starter_markers.json").write_text(json.dumps({"Conj.Start": ["so"]}))
    (tmp_path / "non_starter_markers.json").write_text(json.dumps({"Please": ["please"]}))
    sentences = [["so", "many", "thanks"], ["you", "could", "please", "call"]]
    lexicons = Markers.read(tmp_path)
    found = strategy_markers(sentences, lexicons)
    assert found == {"Thanks", "Conj.Start", "Please", "second person start"}
    opening_please = strategy_markers([["please", "call"]], lexicons)
    assert opening_please == set()


def test_one_annotator_agrees_fully_when_everyone_agrees(tmp_path: Path) -> None:
    head = "Request,Score1,Score2,Score3,Score4,Score5,TurkId1,TurkId2,TurkId3,TurkId4,TurkId5"
    lines = [head]
    for i in range(8):
        scores = ",".join(str(i + k) for k in range(5))  # each rater, own offset, same order
        lines.append(f"r{i},{scores},A,B,C,D,E")
    path = tmp_path / "ratings.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rho, accuracy = one_annotator(path)
    assert rho == 1.0
    assert accuracy == 1.0
