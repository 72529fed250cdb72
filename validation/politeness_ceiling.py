"""What models *trained* on the politeness ratings reach, as a yardstick for the rules.

commlint's courtesy score is not fitted to the Stanford Politeness Corpus (see
`validation.politeness`). To judge its figures, this script trains linear models on the same
6,603 StackExchange requests, with 10-fold cross-validation (each request is scored by a
model that never saw it), and measures them exactly as the courtesy score is measured:
Spearman's rho with `Normalized Score`, and accuracy on the top vs bottom quartile. Feature
sets:

- commlint's own empathy and tone rules, one 0/1 feature a rule: the best any weighting of
  what the rules see could do;
- the politeness-strategy markers of the literature: ConvoKit's marker lists (read from
  `../shared/corpora/lexicons/convokit_politeness/`) plus the sentence openings of
  Danescu-Niculescu-Mizil et al. (2013): first person, second person, question word;
- words: one 0/1 feature for each of the 3,000 most common lower-cased tokens;
- all three together.

The model is ridge regression (closed form, numpy): on `Normalized Score` for rho, and on
+1/-1 quartile labels for the accuracy, each the best of a few penalties. Run from the
repository root:

    python -m validation.politeness_ceiling
"""

from __future__ import annotations

import csv
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import spacy

from commlint import Config, Linter
from validation.common import require_corpus, write_section
from validation.politeness import courtesy, load_requests, quartiles, spearman

COMMAND = "python -m validation.politeness_ceiling"
FOLDS = 10
PENALTIES = (1.0, 10.0, 30.0, 100.0, 300.0)
VOCABULARY = 3000
_OPENINGS = {
    "first person start": {"i", "my", "i'm", "i've", "i'd", "i'll"},
    "second person start": {"you", "your", "you're", "you've", "you'd", "you'll"},
    "question word start": {"what", "why", "who", "how", "where", "when", "which"},
}

Features = list[set[str]]


class Markers(NamedTuple):
    """ConvoKit's marker lists, by strategy: anywhere, opening a sentence, not opening one."""

    anywhere: dict[str, list[str]]
    opening: dict[str, list[str]]
    inside: dict[str, list[str]]

    @classmethod
    def read(cls, folder: Path) -> Markers:
        def load(name: str) -> dict[str, list[str]]:
            return json.loads((folder / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]

        return cls(
            load("ngram_markers.json"),
            load("starter_markers.json"),
            load("non_starter_markers.json"),
        )


def ridge(x: np.ndarray, y: np.ndarray, penalty: float) -> np.ndarray:
    """Weights (intercept last, unpenalised) minimising squared error + penalty * |w|^2."""
    x1 = np.hstack([x, np.ones((len(x), 1))])
    gram = x1.T @ x1 + penalty * np.eye(x1.shape[1])
    gram[-1, -1] -= penalty
    return np.linalg.solve(gram, x1.T @ y)


def _predict(weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.hstack([x, np.ones((len(x), 1))]) @ weights


def cross_validated(
    x: np.ndarray, y: np.ndarray, train: np.ndarray, folds: np.ndarray, penalty: float
) -> np.ndarray:
    """Out-of-fold predictions: each row scored by a model fitted on the `train` rows of the
    other folds."""
    out = np.zeros(len(y))
    for fold in np.unique(folds):
        held = folds == fold
        out[held] = _predict(ridge(x[train & ~held], y[train & ~held], penalty), x[held])
    return out


def matrix(features: Features) -> np.ndarray:
    """0/1 matrix of sets of feature names, one column a name."""
    names = sorted(set().union(*features))
    column = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(features), len(names)))
    for row, found in enumerate(features):
        x[row, [column[f] for f in found]] = 1.0
    return x


def strategy_markers(sentences: Sequence[Sequence[str]], lexicons: Markers) -> set[str]:
    """The politeness strategies whose markers occur in a request's lower-cased sentences."""
    found: set[str] = set()
    words = [w for sentence in sentences for w in sentence]
    padded = " " + " ".join(words) + " "
    for name, markers in lexicons.anywhere.items():
        if any(f" {m} " in padded for m in markers):
            found.add(name)
    for name, markers in lexicons.opening.items():
        if any(s and s[0] in markers for s in sentences):
            found.add(name)
    for name, markers in lexicons.inside.items():
        if any(w in markers for s in sentences for w in s[1:]):
            found.add(name)
    for name, openers in _OPENINGS.items():
        if any(s and s[0] in openers for s in sentences):
            found.add(name)
    return found


def evaluate(scores: np.ndarray, human: np.ndarray, threshold: float) -> tuple[float, float]:
    """Spearman's rho, and top-vs-bottom-quartile accuracy with `threshold` (above: polite)."""
    polite, rude = quartiles(human)
    right = (scores[polite] > threshold).sum() + (scores[rude] <= threshold).sum()
    return spearman(scores, human), float(right / (polite.sum() + rude.sum()))


def trained(x: np.ndarray, human: np.ndarray, folds: np.ndarray) -> tuple[float, float]:
    """rho of a cross-validated regression on the scores, and accuracy of a cross-validated
    classifier trained on the quartiles only (as the published classifiers were), each the
    best over `PENALTIES`: chosen on the same folds, which flatters the trained models."""
    everyone = np.ones(len(human), dtype=bool)
    top, bottom = quartiles(human)
    label = np.where(top, 1.0, -1.0)
    either = top | bottom
    rho = max(
        evaluate(cross_validated(x, human, everyone, folds, p), human, 0.0)[0] for p in PENALTIES
    )
    accuracy = max(
        evaluate(cross_validated(x, label, either, folds, p), human, 0.0)[1] for p in PENALTIES
    )
    return rho, accuracy


def one_annotator(path: Path) -> tuple[float, float]:
    """How well one person agrees with the other four, measured as the courtesy score is.

    Each annotator's ratings are z-scored over all their ratings (as `Normalized Score` is);
    each of the five rating slots in turn is the predictor and the mean of the other four the
    truth. Returns the mean over the slots of Spearman's rho and of quartile accuracy (the
    one rating above the annotator's mean predicts polite).
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    slots = range(1, 6)
    given: defaultdict[str, list[float]] = defaultdict(list)
    for row in rows:
        for k in slots:
            given[row[f"TurkId{k}"]].append(float(row[f"Score{k}"]))
    norm = {who: (np.mean(v), np.std(v) or 1.0) for who, v in given.items()}
    z = np.array(
        [
            [(float(row[f"Score{k}"]) - norm[row[f"TurkId{k}"]][0]) / norm[row[f"TurkId{k}"]][1]
             for k in slots]
            for row in rows
        ]
    )  # fmt: skip
    results = [evaluate(z[:, k], np.delete(z, k, axis=1).mean(axis=1), 0.0) for k in range(5)]
    return float(np.mean([r[0] for r in results])), float(np.mean([r[1] for r in results]))


def main() -> None:
    path = require_corpus("politeness", "stack-exchange.annotated.csv")
    lexicons = Markers.read(require_corpus("lexicons", "convokit_politeness"))
    texts, scores = load_requests(path)
    human = np.asarray(scores)
    began = time.perf_counter()
    linter = Linter(Config(select=["empathy", "tone"]))
    reports = list(linter.check_many(texts, kind="general", batch_size=128))
    rules: Features = [{o.rule for o in [*r.findings, *r.strengths] if o.impact} for r in reports]
    splitter = spacy.blank("en")
    splitter.add_pipe("sentencizer")
    sentences = [
        [[t.lower_ for t in s if not t.is_space] for s in doc.sents]
        for doc in splitter.pipe(texts, batch_size=256)
    ]
    strategies = [strategy_markers(s, lexicons) for s in sentences]
    counts = Counter(w for s in sentences for w in {w for sent in s for w in sent})
    vocabulary = {w for w, _ in counts.most_common(VOCABULARY)}
    words: Features = [{w for sent in s for w in sent} & vocabulary for s in sentences]
    folds = np.random.default_rng(0).integers(0, FOLDS, len(human))

    untrained = evaluate(np.asarray([courtesy(r) for r in reports]), human, 70.0)
    sets: list[tuple[str, Callable[[], np.ndarray]]] = [
        ("commlint's rules, weights trained", lambda: matrix(rules)),
        ("politeness-strategy markers, trained", lambda: matrix(strategies)),
        ("rules + strategy markers, trained",
         lambda: np.hstack([matrix(rules), matrix(strategies)])),
        (f"words ({VOCABULARY:,} most common), trained", lambda: matrix(words)),
        ("words + rules + strategy markers, trained",
         lambda: np.hstack([matrix(words), matrix(rules), matrix(strategies)])),
    ]  # fmt: skip
    rows = [("**commlint's courtesy score (no training)**", *untrained)]
    person = ("one annotator against the mean of the other four", *one_annotator(path))
    rows += [(name, *trained(build(), human, folds)) for name, build in sets]
    seconds = time.perf_counter() - began
    penalties = ", ".join(f"{p:g}" for p in PENALTIES)
    table = "\n".join(f"| {name} | {rho:.3f} | {acc:.1%} |" for name, rho, acc in [*rows, person])
    write_section(
        "politeness-ceiling",
        f"""## What trained models reach on the same requests

Command: `{COMMAND}` ({seconds:.0f} s). To judge the courtesy score's figures above, linear
models were trained on the same 6,603 requests and measured the same way, with 10-fold
cross-validation (every request is scored by a model that never saw it; folds drawn with a
fixed seed). The model is ridge regression, fitted to `Normalized Score` for rho, and to the
quartile labels (+1 top, -1 bottom, the other half of the requests left out, as the published
classifiers were trained) for the accuracy; each figure is the best of the penalties
{penalties}, chosen on the same folds, which flatters the trained models. Feature sets, each
a 0/1 feature: commlint's empathy and tone rules (which rules changed the
request's score); the politeness-strategy markers of the literature (ConvoKit's marker lists
in `../shared/corpora/lexicons/convokit_politeness/`, plus sentences that open with the first
person, the second person or a question word, after Danescu-Niculescu-Mizil et al. 2013);
and the {VOCABULARY:,} most common lower-cased tokens (spaCy's tokenizer). The last row is
people: each of the five ratings of a request in turn (z-scored per annotator) against the
mean of the other four, measured the same way (above the annotator's own mean predicts
polite), averaged over the five.

| scorer | Spearman rho | accuracy, top vs bottom quartile |
|---|---|---|
{table}

Targets: rho >= 0.35, accuracy >= 75%. One annotator, judged as commlint is, reaches rho
{person[1]:.3f} and {person[2]:.1%}: the accuracy target asks for more agreement with the
other four than one of them shows.

What this shows. Fitting weights to commlint's own rules barely moves the figures (rho
{rows[1][1]:.3f} against {rows[0][1]:.3f}, accuracy {rows[1][2]:.1%} against
{rows[0][2]:.1%}): what limits the score is what the rules see, not how they are weighed.
The literature's strategy markers, fitted, see less than the rules. The
last row, a model fitted to this data on every word as well as on the rules and markers,
reaches rho {rows[-1][1]:.3f} and {rows[-1][2]:.1%}. The targets' anchors come from the
paper (78% for an SVM trained on these requests, with unigrams and strategy features); that
figure is not reproduced here under the same measurement, and a logistic regression and a
linear SVM on unigrams and bigrams (scikit-learn, run outside the project, not a dependency)
gave the same 62-65%.
""",
    )
    for name, rho, acc in [*rows, person]:
        print(f"{name}: rho {rho:.3f}, accuracy {acc:.1%}")


if __name__ == "__main__":
    main()
