#!/usr/bin/env python
"""Train the commlint English pipeline from UD English EWT (issue 8).

One command reproduces the shipped model (run from the repository root):

    python training/train.py --ship

Steps:
  1. convert the EWT .conllu files with ``spacy convert --converter conllu -n 10``
     into training/corpus/ (morphology kept, the default);
  2. ``spacy train training/config.cfg`` (CPU) into training/output/w96/
     (other measured variants: --variant NAME, or --all);
  3. write the commlint meta (name, version, licence, sources, recipe version)
     into model-best/meta.json and model-last/meta.json;
  4. ``spacy evaluate`` the variant's kept model (model-best, or model-last
     for variants trained on train+dev) on the EWT *test* split
     -> training/output/<variant>/metrics-test.json;
  5. baseline: blank("en") + rule-based sentencizer evaluated the same way
     -> training/output/sentencizer/metrics-test.json;
  6. words/second on message-like text (training/speed.py);
  7. summary of everything measured -> training/output/metrics.json;
  8. with --ship, copy the kept model to src/commlint/models/en_commlint_ewt/
     and smoke-test it in a fresh Python process.

If the corpus directory (../shared/corpora/ud_english_ewt relative to the
repository root, or $COMMLINT_EWT_DIR) is absent, the script prints a message
and exits with status 0 without doing anything.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

RECIPE_VERSION = "3"
HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPUS_SRC = Path(
    os.environ.get("COMMLINT_EWT_DIR", REPO.parent / "shared" / "corpora" / "ud_english_ewt")
)
CORPUS = HERE / "corpus"
OUTPUT = HERE / "output"
SHIP_DIR = REPO / "src" / "commlint" / "models" / "en_commlint_ewt"
SPLITS = ("train", "dev", "test")

# Configurations measured for issue 8.  training/config.cfg is the from-scratch
# "w96" configuration; the others change it with `spacy train` overrides.
# "w96ft" continues training the w96 model-best with a lower learning rate
# (training/config-finetune.cfg sources every component from it).
EWT_TOKENIZER = ["--initialize.before_init", '{"@callbacks": "commlint.ewt_tokenizer.v1"}']


class Variant(NamedTuple):
    config: str
    overrides: Sequence = ()
    parent: str | None = None  # variant whose model-best this one starts from
    train: str = "train"  # corpus/ entry to train on: a split, or "train+dev"
    model: str = "model-best"  # the output that is evaluated and shipped
    commlint_components: bool = False  # rule lemmatizer + lemma table, imperative repair


VARIANTS = {
    # width 96, depth 4, larger hash-embedding tables, parameter averaging
    "w96": Variant("config.cfg"),
    # encoder with 2 maxout pieces instead of 3 (faster tok2vec), time-boxed to 5,000 steps
    "w96p2": Variant(
        "config.cfg",
        ["--components.tok2vec.model.encode.maxout_pieces", "2", "--training.max_steps", "5000"],
    ),
    # EXPERIMENTAL, not shipped: w96 + 3,000 more steps at learn_rate 0.0005.
    # In the issue-8 run the resumed trainable_lemmatizer collapsed (dev lemma
    # 95.0 -> 76.1 within 500 steps), so it was stopped; see docs/pipeline.md.
    "w96ft": Variant(
        "config-finetune.cfg", ["--paths.source_model", OUTPUT / "w96" / "model-best"], parent="w96"
    ),
    # wider tok2vec, no averaging (too slow for the 10k words/s target here)
    "w128": Variant(
        "config.cfg",
        [
            "--components.tok2vec.model.encode.width",
            "128",
            "--components.tok2vec.model.embed.rows",
            "[10000,1000,4000,1000]",
            "--training.optimizer.use_averages",
            "false",
        ],
    ),
    # w96 with the EWT tokenizer adjustments (training/tokenizer.py), trained on
    # train+dev for the 6,000 steps w96 needed; dev no longer selects a
    # checkpoint, so the last one is kept.  The test split stays unseen.  The
    # lemma table (src/commlint/nlp/lemma_table.py) is built from the same files.
    "w96td": Variant(
        "config.cfg", EWT_TOKENIZER, train="train+dev", model="model-last", commlint_components=True
    ),
    # faster candidates to w96td (issue 21), same recipe otherwise: a narrower tok2vec ...
    "w64td": Variant(
        "config.cfg",
        [*EWT_TOKENIZER, "--components.tok2vec.model.encode.width", "64"],
        train="train+dev",
        model="model-last",
        commlint_components=True,
    ),
    # ... and a shallower tok2vec (3 layers) with a smaller parser hidden layer (64)
    "w96d3h64td": Variant(
        "config.cfg",
        [
            *EWT_TOKENIZER,
            "--components.tok2vec.model.encode.depth",
            "3",
            "--components.parser.model.hidden_width",
            "64",
        ],
        train="train+dev",
        model="model-last",
        commlint_components=True,
    ),
}
SHIPPED_VARIANT = "w96td"
DEFAULT_VARIANTS = ["w96td"]

META = {
    "lang": "en",
    "name": "commlint_en_ewt",  # as specified in issue 8 (see docs/pipeline.md)
    "version": "0.1.0",
    "spacy_version": ">=3.8.0,<3.9.0",
    "description": (
        "Small English pipeline (tok2vec, tagger, morphologizer, parser, rule "
        "lemmatizer with the treebank's own lemma table) for commlint, trained on the "
        "Universal Dependencies "
        "English Web Treebank v2.15. It is a derived work of UD English EWT and is "
        "distributed under CC BY-SA 4.0."
    ),
    "author": "commlint",
    "url": "",
    "license": "CC BY-SA 4.0",
    "sources": [
        {
            "name": "UD English EWT v2.15",
            "url": "https://github.com/UniversalDependencies/UD_English-EWT",
            "license": "CC BY-SA 4.0",
            "author": (
                "Universal Dependencies English Web Treebank annotations (c) 2013-2021 "
                "The Board of Trustees of The Leland Stanford Junior University; "
                "Silveira et al. (2014), A Gold Standard Dependency Corpus for English, LREC 2014"
            ),
        }
    ],
    "commlint_recipe_version": RECIPE_VERSION,
}


def run(cmd, log=None):
    """Run a command, echoing (and optionally logging) its output."""
    print("$", " ".join(str(c) for c in cmd), flush=True)
    fh = open(log, "a") if log else None
    try:
        proc = subprocess.Popen(
            [str(c) for c in cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for line in proc.stdout:
            sys.stdout.write(line)
            if fh:
                fh.write(line)
                fh.flush()
        rc = proc.wait()
    finally:
        if fh:
            fh.close()
    if rc != 0:
        raise SystemExit(f"command failed ({rc}): {' '.join(str(c) for c in cmd)}")


def convert():
    CORPUS.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        out = CORPUS / f"en_ewt-ud-{split}.spacy"
        if out.exists():
            continue
        src = CORPUS_SRC / f"en_ewt-ud-{split}.conllu"
        run(
            [
                sys.executable,
                "-m",
                "spacy",
                "convert",
                src,
                CORPUS,
                "--converter",
                "conllu",
                "-n",
                "10",
            ]
        )


def train_corpus(spec):
    """The corpus path for a variant's training data: one split's file, or a
    folder holding several (spaCy's corpus reader reads every .spacy file in it)."""
    splits = spec.split("+")
    if len(splits) == 1:
        return CORPUS / f"en_ewt-ud-{spec}.spacy"
    folder = CORPUS / spec
    folder.mkdir(exist_ok=True)
    for split in splits:
        link = folder / f"en_ewt-ud-{split}.spacy"
        if not link.exists():
            link.symlink_to(CORPUS / f"en_ewt-ud-{split}.spacy")
    return folder


def write_meta(model_dir):
    path = Path(model_dir) / "meta.json"
    meta = json.loads(path.read_text())
    meta.update(META)
    path.write_text(json.dumps(meta, indent=2) + "\n")


def dir_size_mb(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def evaluate(model_dir, out_json):
    run(
        [
            sys.executable,
            "-m",
            "spacy",
            "evaluate",
            model_dir,
            CORPUS / "en_ewt-ud-test.spacy",
            "--output",
            out_json,
            "--code",
            REPO / "src" / "commlint" / "nlp" / "imperatives.py",
        ]
    )
    return json.loads(Path(out_json).read_text())


def train_variant(name, extra_overrides=()):
    out_dir = OUTPUT / name
    log = OUTPUT / f"{name}.log"
    if log.exists():
        log.unlink()
    variant = VARIANTS[name]
    if variant.parent and not (OUTPUT / variant.parent / "model-best").exists():
        raise SystemExit(f"variant {name} starts from {variant.parent}: train that first")
    cmd = [
        sys.executable,
        "-m",
        "spacy",
        "train",
        HERE / variant.config,
        "--output",
        out_dir,
        "--code",
        HERE / "tokenizer.py",
        "--paths.train",
        train_corpus(variant.train),
        "--paths.dev",
        CORPUS / "en_ewt-ud-dev.spacy",
        *variant.overrides,
        *extra_overrides,
    ]
    start = time.time()
    run(cmd, log=log)
    minutes = (time.time() - start) / 60
    (out_dir / "train_time.json").write_text(
        json.dumps({"training_minutes": round(minutes, 1)}) + "\n"
    )
    for sub in ("model-best", "model-last"):
        if (out_dir / sub).exists():
            write_meta(out_dir / sub)
    return minutes


COMMLINT_COMPONENTS = ["commlint_lemma_table", "commlint_imperatives"]


def use_rule_lemmatizer(nlp):
    """Put spaCy's rule lemmatizer where the trainable one was. Its tables come from
    spacy-lookups-data (needed here, at training time only) and are stored in the pipeline."""
    if "trainable_lemmatizer" in nlp.pipe_names:
        nlp.remove_pipe("trainable_lemmatizer")
    nlp.add_pipe("lemmatizer", config={"mode": "rule"}).initialize()


def add_commlint_components(model_dir, train):
    """Replace the trainable lemmatizer and add commlint's own components after the trained
    ones: spaCy's rule lemmatizer (`use_rule_lemmatizer`), then the lemma table
    (src/commlint/nlp/lemma_table.py), built from the same treebank files the variant was
    trained on, which overrides the rules for every word the treebank has, then the imperative
    repair (src/commlint/nlp/imperatives.py). The choice of lemmatizer behind the table was
    made on the dev split (docs/pipeline.md, Where the lemma and UAS points came from)."""
    import spacy
    from spacy.tokens import DocBin

    nlp = spacy.load(model_dir, exclude=["lemmatizer", *COMMLINT_COMPONENTS])  # rebuilt here
    use_rule_lemmatizer(nlp)
    table = nlp.add_pipe("commlint_lemma_table")
    docs = []
    for split in train.split("+"):
        docs += DocBin().from_disk(CORPUS / f"en_ewt-ud-{split}.spacy").get_docs(nlp.vocab)
    table.build(docs)
    nlp.add_pipe("commlint_imperatives", last=True)
    nlp.to_disk(model_dir)
    shutil.rmtree(Path(model_dir) / "trainable_lemmatizer", ignore_errors=True)  # to_disk keeps it
    write_meta(model_dir)


def sentencizer_baseline():
    import spacy

    out = OUTPUT / "sentencizer"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out / "model")
    return evaluate(out / "model", out / "metrics-test.json")


def rule_lemmatizer_variant(model_dir, name):
    """Replace the trainable lemmatizer with spaCy's rule lemmatizer (tables from
    spacy-lookups-data, stored inside the pipeline) and evaluate it."""
    import spacy

    out = OUTPUT / name
    nlp = spacy.load(model_dir, exclude=["lemmatizer", *COMMLINT_COMPONENTS])  # the rules alone
    use_rule_lemmatizer(nlp)
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out / "model-best")
    write_meta(out / "model-best")
    return evaluate(out / "model-best", out / "metrics-test.json")


def speed(model_dir, out_json):
    run([sys.executable, HERE / "speed.py", model_dir, "--out", out_json])
    return json.loads(Path(out_json).read_text())


def ship(model_dir, test_metrics):
    """Copy the model into the package, keeping its LICENSE, with the EWT *test* scores as
    its meta.json `performance` (spaCy writes the last dev scores there, and the dev split
    is training data for the train+dev variants)."""
    licence = (SHIP_DIR / "LICENSE").read_text() if (SHIP_DIR / "LICENSE").exists() else None
    if SHIP_DIR.exists():
        shutil.rmtree(SHIP_DIR)
    shutil.copytree(model_dir, SHIP_DIR)
    if licence is not None:
        (SHIP_DIR / "LICENSE").write_text(licence)
    meta_path = SHIP_DIR / "meta.json"
    meta = json.loads(meta_path.read_text())
    keys = (
        "token_acc",
        "tag_acc",
        "pos_acc",
        "morph_acc",
        "dep_uas",
        "dep_las",
        "sents_f",
        "lemma_acc",
        "speed",
    )
    meta["performance"] = {k: test_metrics[k] for k in keys if k in test_metrics}
    meta["performance_split"] = "UD English EWT v2.15 test (spacy evaluate)"
    meta_path.write_text(json.dumps(meta, indent=2) + "\n")
    # The shipped config must not point at local training files.
    from thinc.api import Config

    cfg_path = SHIP_DIR / "config.cfg"
    cfg = Config().from_disk(cfg_path, interpolate=False)
    cfg["paths"]["train"] = None
    cfg["paths"]["dev"] = None
    cfg.to_disk(cfg_path)
    check = (
        "import spacy, sys\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "doc = nlp('Your files were deleted by the script.')\n"
        "print([(t.text, t.dep_) for t in doc])\n"
        "assert any(t.dep_ == 'nsubj:pass' for t in doc), 'no nsubj:pass'\n"
        "doc = nlp('Restart your laptop.')\n"
        "print(doc[0].text, doc[0].pos_, doc[0].morph)\n"
        "assert doc[0].pos_ == 'VERB'\n"
    )
    run([sys.executable, "-c", check, SHIP_DIR])
    print(f"shipped {model_dir} -> {SHIP_DIR} ({dir_size_mb(SHIP_DIR):.1f} MB)")


def summarize(name, minutes, metrics, spd, model_dir):
    keys = [
        "pos_acc",
        "tag_acc",
        "morph_acc",
        "dep_uas",
        "dep_las",
        "lemma_acc",
        "sents_f",
        "speed",
    ]
    row = {k: metrics.get(k) for k in keys}
    row["words_per_second_messages"] = spd.get("numpy_blas_words_per_second") if spd else None
    row["size_mb"] = round(dir_size_mb(model_dir), 2)
    tt = Path(model_dir).parent / "train_time.json"
    if minutes is None and tt.exists():
        minutes = json.loads(tt.read_text())["training_minutes"]
    row["training_minutes"] = round(minutes, 1) if minutes is not None else None
    summary_path = OUTPUT / "metrics.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
    summary[name] = row
    summary_path.write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps({name: row}, indent=2))


def main():
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--variant",
        action="append",
        choices=sorted(VARIANTS),
        help=f"configuration(s) to train, in order (default: {' '.join(DEFAULT_VARIANTS)})",
    )
    p.add_argument("--all", action="store_true", help="train every configuration except w96ft")
    p.add_argument(
        "--rule-lemmatizer",
        action="store_true",
        help="also evaluate the rule lemmatizer (needs spacy-lookups-data)",
    )
    p.add_argument(
        "--ship",
        action="store_true",
        help=f"copy the kept {SHIPPED_VARIANT} model to {SHIP_DIR.relative_to(REPO)}",
    )
    p.add_argument("--skip-train", action="store_true", help="evaluate existing outputs only")
    # anything else is passed to spacy train, e.g. --training.max_steps=2000
    args, overrides = p.parse_known_args()
    args.overrides = overrides

    if not CORPUS_SRC.is_dir():
        print(
            f"UD English EWT not found at {CORPUS_SRC}; skipping training "
            "(set COMMLINT_EWT_DIR to the folder holding en_ewt-ud-*.conllu)."
        )
        return 0

    # --all leaves out the experimental w96ft (its lemmatizer collapses)
    variants = (
        [v for v in VARIANTS if v != "w96ft"] if args.all else (args.variant or DEFAULT_VARIANTS)
    )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    convert()
    sent = sentencizer_baseline()
    print(f"sentencizer sents_f on EWT test: {sent['sents_f']:.4f}")
    for name in variants:
        minutes = None if args.skip_train else train_variant(name, args.overrides)
        model_dir = OUTPUT / name / VARIANTS[name].model
        write_meta(model_dir)
        if VARIANTS[name].commlint_components:
            add_commlint_components(model_dir, VARIANTS[name].train)
        metrics = evaluate(model_dir, OUTPUT / name / "metrics-test.json")
        spd = speed(model_dir, OUTPUT / name / "speed.json")
        summarize(name, minutes, metrics, spd, model_dir)
        if args.rule_lemmatizer:
            rname = f"{name}-rulelemma"
            rmetrics = rule_lemmatizer_variant(model_dir, rname)
            rspd = speed(OUTPUT / rname / "model-best", OUTPUT / rname / "speed.json")
            summarize(rname, None, rmetrics, rspd, OUTPUT / rname / "model-best")
    if args.ship:
        best = OUTPUT / SHIPPED_VARIANT / VARIANTS[SHIPPED_VARIANT].model
        if not best.exists():
            raise SystemExit(f"{best} missing: train {SHIPPED_VARIANT} first")
        metrics = json.loads((OUTPUT / SHIPPED_VARIANT / "metrics-test.json").read_text())
        ship(best, metrics)
    return 0


if __name__ == "__main__":
    sys.exit(main())
