"""Measure words/second of a spaCy pipeline on message-like text.

Usage: python training/speed.py MODEL_DIR [--out FILE.json] [--repeat N]

Compares the trained pipeline, loaded as commlint loads it (numpy's BLAS for the matrix
products) and as spaCy loads it by default (thinc's BLIS), with spacy.blank("en") +
sentencizer, using nlp.pipe(batch_size=64) in a single process with one BLAS thread (per core).
Reports words/s counted two ways: spaCy's non-space tokens, and whitespace-separated words.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import spacy
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from messages import MESSAGES


def seconds_per_round(nlp, texts, rounds=5):
    """Best of `rounds` passes of `nlp.pipe` over `texts`, and the non-space tokens seen."""
    list(nlp.pipe(texts[:64], batch_size=64))  # warm-up
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        n_tokens = 0
        for doc in nlp.pipe(texts, batch_size=64):
            n_tokens += sum(1 for t in doc if not t.is_space)
        best = min(best, time.perf_counter() - start)
    return best, n_tokens


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
    n_words = sum(len(text.split()) for text in texts)
    with use_ops("numpy", use_blis=False):  # as commlint.nlp.pipeline loads it
        nlp = spacy.load(args.model)
    nlp_blis = spacy.load(args.model)
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    result = {
        "model": str(args.model),
        "pipeline": nlp.pipe_names,
        "texts": len(texts),
        "whitespace_words_per_round": n_words,
        "batch_size": 64,
        "processes": 1,
        "blas_threads": 1,
    }
    with threadpool_limits(limits=1, user_api="blas"):
        for name, model in (("numpy_blas", nlp), ("blis", nlp_blis), ("blank_sentencizer", blank)):
            seconds, n_tokens = seconds_per_round(model, texts, args.rounds)
            result["tokens_per_round"] = n_tokens
            result[f"{name}_tokens_per_second"] = round(n_tokens / seconds)
            result[f"{name}_words_per_second"] = round(n_words / seconds)
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
