"""Load the spaCy pipeline and learn which annotations it provides.

Nothing is ever downloaded. The default is the pipeline bundled in `commlint/models/` when it
is present, else a blank English pipeline with a sentencizer (tokens and sentences only; rules
that need more are skipped and named in the report's notes).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import use_ops

from commlint.errors import PipelineError
from commlint.nlp import imperatives, lemma_table  # noqa: F401  (register the bundled pipeline's own components)
from commlint.nlp.chat_norms import FACTORY as CHAT_NORMS
from commlint.nlp.long_runs import bound_long_runs
from commlint.nlp.sentence_ends import FACTORY as SENTENCE_ENDS
from commlint.rules.model import Annotation

BUNDLED_PIPELINE = Path(__file__).resolve().parent.parent / "models" / "en_commlint_ewt"
BLANK = "blank"
LINE_BREAKS = "commlint_line_breaks"
_WRAPPED_LINE_CHARS = 50  # a line at least this long that ends mid-sentence was hard-wrapped

_ASSIGNS: dict[str, Annotation] = {
    "token.pos": Annotation.POS,
    "token.tag": Annotation.POS,
    "token.dep": Annotation.DEP,
    "token.lemma": Annotation.LEMMA,
    "doc.sents": Annotation.SENTS,
    "token.is_sent_start": Annotation.SENTS,
}


@dataclass(frozen=True)
class Pipeline:
    """A loaded pipeline, its display name and the annotations it provides."""

    nlp: Language
    name: str
    annotations: frozenset[Annotation]


@Language.component(LINE_BREAKS)
def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line, and after a line that ends a thought.

    Greetings ("Hi Dana,") and sign-offs ("Thanks\\nSam") end without a full stop; a
    punctuation-only splitter would glue them to the next sentence. Long lines that end
    mid-sentence are taken as hard-wrapped text and left to the splitter.
    """
    text = doc.text
    starts = doc.to_array([SENT_START])  # set all at once: each `is_sent_start` rescans the Doc
    for token in doc[:-1]:
        if "\n" not in token.text or not token.is_space:
            continue
        line_start = text.rfind("\n", 0, token.idx) + 1
        line = text[line_start : token.idx].rstrip()
        if (
            token.text.count("\n") > 1
            or not line
            or line[-1] in ".!?:;,"
            or len(line) < _WRAPPED_LINE_CHARS
        ):
            starts[token.i + 1] = 1
    doc.from_array([SENT_START], starts)  # type: ignore[arg-type]  # uint64, as to_array gave
    return doc


def _annotations(nlp: Language) -> frozenset[Annotation]:
    found: set[Annotation] = set()
    for name in nlp.pipe_names:
        found.update(_ASSIGNS[a] for a in nlp.get_pipe_meta(name).assigns if a in _ASSIGNS)
    return frozenset(found)


def _blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    if importlib.util.find_spec("spacy_lookups_data") is not None:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    return nlp


def _load(spec: str) -> Language:
    """Load with numpy's BLAS for the models' matrix products instead of thinc's bundled BLIS.

    Same results (the annotations are identical), but on CPUs whose kernels BLIS does not ship
    tuned, numpy's OpenBLAS runs the pipeline 1.5-1.8 times as fast (docs/pipeline.md, Speed).
    """
    try:
        with use_ops("numpy", use_blis=False):
            return spacy.load(spec)
    except (OSError, ImportError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise PipelineError(
            f"cannot load spaCy pipeline {spec!r} ({first}); install it, give a path, "
            f'or set pipeline = "{BLANK}"'
        ) from None


def load_pipeline(spec: str | None = None) -> Pipeline:
    """Load a pipeline by package name or path, `"blank"`, or `None` for the default."""
    if spec is None:
        spec = str(BUNDLED_PIPELINE) if (BUNDLED_PIPELINE / "meta.json").is_file() else BLANK
    if spec == BLANK:
        nlp = _blank()
        name = "blank:en"
    else:
        nlp = _load(spec)
        meta = nlp.meta
        package = (
            BUNDLED_PIPELINE.name
            if Path(spec) == BUNDLED_PIPELINE
            else f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"
        )
        name = f"{package}-{meta.get('version', '0')}"
    bound_long_runs(nlp)
    # abbreviations and links first, then line breaks, which may still start a sentence
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_ENDS, before="parser")
        nlp.add_pipe(LINE_BREAKS, before="parser")
    else:
        if not any(pipe in nlp.pipe_names for pipe in ("sentencizer", "senter")):
            nlp.add_pipe("sentencizer")
        nlp.add_pipe(SENTENCE_ENDS, last=True)
        nlp.add_pipe(LINE_BREAKS, last=True)
    nlp.add_pipe(CHAT_NORMS, last=True)
    return Pipeline(nlp=nlp, name=name, annotations=_annotations(nlp))
