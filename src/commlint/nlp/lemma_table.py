"""`commlint_lemma_table`: the treebank's own lemmas, applied after spaCy's rule lemmatizer.

spaCy's rule lemmatizer (suffix rules and exception lists from spacy-lookups-data, stored in
the pipeline) gives every token a lemma. Where the training treebank already says what a word
with a given part of speech lemmatizes to, that answer is more reliable (irregular forms, UD's
conventions such as "n't" -> "not", UD's casing), so this component looks each token up by
(text, POS) and, when found, uses the treebank's most frequent lemma. A capitalised word the
treebank lacks as written (at the start of a sentence, in a heading, in capitals) takes the
entry of its lower-case form, since UD English lemmatizes common words in lower case.

The choices were made on the EWT *dev* split with a model trained on *train* only: the casing
variants (an all-capitals rule, the usual casing of each lemma, leaving proper nouns out)
scored no better than this, the simplest; and for the words the table lacks, the rule
lemmatizer scored 0.19 points better than the trainable one (docs/pipeline.md). The table is
built at training time (`training/train.py`) and stored in the pipeline; the component is
registered with spaCy through an entry point, so `spacy.load` finds it wherever commlint is
installed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "commlint_lemma_table"
_FILE = "tables.json"


class LemmaTable:
    """Lemma lookup by (text, POS)."""

    def __init__(self, name: str = FACTORY) -> None:
        self.name = name
        self.lemmas: dict[str, dict[str, str]] = {}  # POS -> text -> lemma

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            by_text = self.lemmas.get(token.pos_)
            if by_text is None:
                continue
            text = token.text
            lemma = by_text.get(text)
            if lemma is None and text[:1].isupper():
                lemma = by_text.get(text.lower())
            if lemma is not None:
                token.lemma_ = lemma
        return doc

    def build(self, docs: Iterable[Doc]) -> None:
        """Fill the tables from gold-annotated docs: each (text, POS)'s most frequent lemma."""
        counts: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for doc in docs:
            for token in doc:
                if token.lemma_ and token.pos_:
                    counts[(token.pos_, token.text)][token.lemma_] += 1
        self.lemmas = {}
        for (pos, text), lemmas in counts.items():
            self.lemmas.setdefault(pos, {})[text] = lemmas.most_common(1)[0][0]

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self.lemmas, ensure_ascii=False, sort_keys=True).encode()

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> LemmaTable:
        self.lemmas = json.loads(data)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / _FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> LemmaTable:
        return self.from_bytes((Path(path) / _FILE).read_bytes())


@Language.factory(FACTORY, assigns=["token.lemma"], requires=["token.pos"])
def make_lemma_table(nlp: Language, name: str) -> LemmaTable:
    """spaCy factory (entry point `spacy_factories`)."""
    return LemmaTable(name)
