"""The texts the benchmark reads: the project's own messages, real agent replies, long emails.

Every corpus is a named list of messages. A corpus is expanded (cycled) to a target number of
words per round so that a round lasts long enough to time; each cycled copy gets a distinct
reference line, so no library can answer a repeat from a cache keyed on the text.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BENCH_CORPUS = Path(__file__).resolve().parent / "corpus"
LATENCY_MESSAGE = BENCH_CORPUS / "latency-100.txt"
TWITTER_CARE = Path("twitter_care") / "conversations_utterances.csv"


@dataclass(frozen=True)
class Corpus:
    """Messages to time, and where they came from."""

    name: str
    source: str
    texts: list[str]

    @property
    def words(self) -> int:
        return word_count(self.texts)


def word_count(texts: list[str]) -> int:
    """Whitespace-separated words: one definition for every system timed."""
    return sum(len(text.split()) for text in texts)


def project_messages(root: Path = ROOT) -> Corpus:
    """The labelled corpus (`corpora/**/*.yml`, one message a file; the gate and recall corpora
    are left out, so figures stay comparable with earlier runs) and the example drafts."""
    texts = [
        str(yaml.safe_load(path.read_text(encoding="utf-8"))["text"])
        for path in sorted((root / "corpora").rglob("*.yml"))
        if path.parent.name not in {"gate", "recall", "recall-holdout"}
    ]
    texts += [
        path.read_text(encoding="utf-8") for path in sorted((root / "examples").glob("*.txt"))
    ]
    return Corpus("project", "corpora/, examples/", texts)


def long_emails() -> Corpus:
    """Support emails of 300+ words written for the benchmark (`bench/corpus/long/`)."""
    paths = sorted((BENCH_CORPUS / "long").glob("*.txt"))
    return Corpus("long", "bench/corpus/long/", [p.read_text(encoding="utf-8") for p in paths])


def agent_replies(shared: Path) -> Corpus | None:
    """Real support agents' replies on Twitter (IBM customer care, Apache-2.0), if present."""
    path = shared / TWITTER_CARE
    if not path.is_file():
        print(f"skipped: twitter_care corpus not found at {path}", file=sys.stderr)
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [
            row["text"]
            for row in csv.DictReader(handle)
            if row["role"].startswith("agent") and row["text"].strip()
        ]
    return Corpus("twitter_care", f"{TWITTER_CARE} (agent rows)", texts)


def expand(corpus: Corpus, min_words: int) -> Corpus:
    """The messages in order, cycled, until there are at least `min_words` words."""
    texts: list[str] = []
    words = 0
    for copy, (i, text) in enumerate(cycle(enumerate(corpus.texts))):
        if words >= min_words:
            break
        lap = copy // len(corpus.texts)
        texts.append(text if lap == 0 else f"{text.rstrip()}\n\nRef {lap}-{i}\n")
        words += len(texts[-1].split())
    return Corpus(corpus.name, corpus.source, texts)
