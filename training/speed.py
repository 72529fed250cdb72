"""Measure words/second of a spaCy pipeline on message-like text.

Usage: python training/speed.py MODEL_DIR [--out FILE.json] [--repeat N]

Compares the trained pipeline with spacy.blank("en") + sentencizer, using
nlp.pipe(batch_size=64) in a single process.  Words = non-space tokens.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import spacy

sys.path.insert(0, str(Path(__file__).resolve().parent))
from messages import MESSAGES


def words_per_second(nlp, texts, rounds=5):
    list(nlp.pipe(texts[:64], batch_size=64))  # warm-up
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        n_words = 0
        for doc in nlp.pipe(texts, batch_size=64):
            n_words += sum(1 for t in doc if not t.is_space)
        elapsed = time.perf_counter() - start
        best = max(best, n_words / elapsed)
    return best, n_words


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("--out", default=None)
    p.add_argument(
        "--repeat",
        type=int,
        default=50,
        help="how many times the message set is repeated per round",
    )
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args()

    texts = MESSAGES * args.repeat
    nlp = spacy.load(args.model)
    wps, n_words = words_per_second(nlp, texts, args.rounds)
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    wps_blank, _ = words_per_second(blank, texts, args.rounds)
    result = {
        "model": str(args.model),
        "pipeline": nlp.pipe_names,
        "texts": len(texts),
        "words_per_round": n_words,
        "batch_size": 64,
        "processes": 1,
        "words_per_second": round(wps),
        "blank_sentencizer_words_per_second": round(wps_blank),
    }
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
