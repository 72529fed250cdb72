"""`commlint_lemma_table`: the treebank's own lemmas, applied after the trainable lemmatizer.

The trainable lemmatizer predicts an edit (drop "s", "ied" -> "y", ...) per token. Where the
training treebank already says what a word with a given part of speech lemmatizes to, that
answer is more reliable (irregular forms, words the model edits wrongly), so this component
looks each token up by (text, POS) and, when found, uses the treebank's most frequent lemma.

It also follows UD English's casing convention for lemmas the model left as the word itself:
an all-capital word ("PERFORMANCE", "KENNEDY") gets the lemma of its lower- or title-case form
when the treebank has one, else its usual casing ("Kennedy"), else lower case unless it is a
proper noun. The tables are built at training time (`training/train.py`) and stored in the
pipeline; the component is registered with spaCy through an entry point, so `spacy.load` finds
it wherever commlint is installed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "commlint_lemma_table"
_FILE = "tables.json"


class LemmaTable:
    """Lemma lookup by (text, POS), with the treebank's casing of lemmas."""

    def __init__(self, name: str = FACTORY) -> None:
        self.name = name
        self.lemmas: dict[str, dict[str, str]] = {}  # POS -> text -> lemma
        self.cased: dict[str, str] = {}  # lower-case lemma -> its usual casing, when not lower

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            by_text = self.lemmas.get(token.pos_)
            if by_text is None:
                continue
            text = token.text
            lemma = by_text.get(text)
            if lemma is not None:
                token.lemma_ = lemma
            elif len(text) > 1 and text.isupper() and token.lemma_ == text:
                token.lemma_ = self._uncapitalized(text, token.pos_, by_text)
        return doc

    def _uncapitalized(self, text: str, pos: str, by_text: dict[str, str]) -> str:
        for form in (text.lower(), text.title()):
            if form in by_text:
                return by_text[form]
        lower = text.lower()
        return self.cased.get(lower, text if pos == "PROPN" else lower)

    def build(self, docs: Iterable[Doc]) -> None:
        """Fill the tables from gold-annotated docs: each (text, POS)'s most frequent lemma."""
        counts: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        casings: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for doc in docs:
            for token in doc:
                if token.lemma_ and token.pos_:
                    counts[(token.pos_, token.text)][token.lemma_] += 1
                    casings[token.lemma_.lower()][token.lemma_] += 1
        self.lemmas = {}
        for (pos, text), lemmas in counts.items():
            self.lemmas.setdefault(pos, {})[text] = lemmas.most_common(1)[0][0]
        usual = {lower: forms.most_common(1)[0][0] for lower, forms in casings.items()}
        self.cased = {lower: form for lower, form in usual.items() if form != lower}

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]], *, nlp: Language | None = None
    ) -> None:
        """spaCy's initialize hook: build the tables from the training examples."""
        self.build(example.reference for example in get_examples())

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        tables = {"lemmas": self.lemmas, "cased": self.cased}
        return json.dumps(tables, ensure_ascii=False, sort_keys=True).encode()

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> LemmaTable:
        tables = json.loads(data)
        self.lemmas, self.cased = tables["lemmas"], tables["cased"]
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
