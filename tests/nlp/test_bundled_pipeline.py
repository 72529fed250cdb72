"""The pipeline bundled in the package: offline, accurate on what the rules rely on."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from commlint import Linter
from commlint.nlp.pipeline import BUNDLED_PIPELINE, load_pipeline
from commlint.rules.model import Annotation


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline().nlp


def test_bundled_pipeline_is_the_default_and_complete() -> None:
    pipeline = load_pipeline()
    assert pipeline.name.startswith("en_commlint_ewt-")
    assert pipeline.annotations == frozenset(Annotation)


def test_bundled_pipeline_meta_records_recipe_and_licence() -> None:
    meta = json.loads((BUNDLED_PIPELINE / "meta.json").read_text())
    assert meta["commlint_recipe_version"]
    assert meta["license"] == "CC BY-SA 4.0"


def test_bundled_pipeline_loads_without_network() -> None:
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network use is not allowed')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import commlint\n"
        "r = commlint.check('Hi Ana, your files were deleted. I will restore them by 3 pm.')\n"
        "print(r.pipeline, len(r.notes))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    name, notes = out.stdout.split()
    assert name.startswith("en_commlint_ewt-") and notes == "0"


def test_bundled_pipeline_finds_passive_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Your files were deleted by the script.")
    assert {t.text: t.dep_ for t in doc}["files"] == "nsubj:pass"


def test_bundled_pipeline_tags_imperative(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Restart your laptop.")
    assert doc[0].pos_ == "VERB"
    assert "Imp" in doc[0].morph.get("Mood")


def test_bundled_pipeline_runs_every_rule(linter: Linter) -> None:
    assert linter.notes == []
    report = linter.check("Hi Ana,\nmistakes were made. I will call you at 3 pm.\nSam")
    rules = {o.rule for o in [*report.findings, *report.strengths]}
    assert {"empathy.hidden-responsibility", "expectations.next-step"} <= rules


def test_bundled_pipeline_multiplies_matrices_with_numpy(nlp) -> None:  # type: ignore[no-untyped-def]
    """numpy's BLAS, not thinc's BLIS: the same annotations, faster (docs/pipeline.md, Speed)."""
    for name in ("tok2vec", "tagger", "parser"):
        assert nlp.get_pipe(name).model.ops.use_blis is False


def test_bundled_pipeline_annotates_the_same_as_with_blis(nlp) -> None:  # type: ignore[no-untyped-def]
    import spacy

    texts = [
        "Hi Ana, your files were deleted overnight. I will restore them by 3 pm.",
        "Restart your laptop, then open Outlook and check that the calendar syncs.",
    ]
    blis = spacy.load(BUNDLED_PIPELINE)
    assert blis.get_pipe("tok2vec").model.ops.use_blis is True

    def annotations(model):  # type: ignore[no-untyped-def]
        return [
            [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_) for t in doc] for doc in model.pipe(texts)
        ]

    assert annotations(nlp) == annotations(blis)


def test_bundled_pipeline_lemmatizes_without_the_lookups_package() -> None:
    """The rule lemmatizer's tables are inside the pipeline: spacy-lookups-data is for training."""
    code = (
        "import sys\n"
        "sys.modules['spacy_lookups_data'] = None  # importing it now fails\n"
        "from commlint.nlp.pipeline import load_pipeline\n"
        "doc = load_pipeline().nlp('The admins rebooted both firewalls and unzipped the logs.')\n"
        "print(' '.join(t.lemma_ for t in doc))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "the admin reboot both firewall and unzip the log ."
