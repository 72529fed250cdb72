"""`commlint_lemma_table`: treebank lemmas by (text, POS), capitalised words, serialization."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import Doc

from commlint.nlp.lemma_table import FACTORY, LemmaTable


def _doc(words: list[str], pos: list[str], lemmas: list[str]) -> Doc:
    """Gold docs to build from, or docs as the rule lemmatizer leaves them."""
    return Doc(spacy.blank("en").vocab, words=words, pos=pos, lemmas=lemmas)


def _table() -> LemmaTable:
    table = LemmaTable()
    table.build(
        [
            _doc(["left", "left", "left"], ["VERB", "VERB", "ADJ"], ["leave", "leave", "left"]),
            _doc(["data", "data", "data"], ["NOUN"] * 3, ["datum", "data", "data"]),
            _doc(["Kennedy", "report"], ["PROPN", "NOUN"], ["Kennedy", "report"]),
        ]
    )
    return table


def test_lemma_table_uses_the_most_frequent_treebank_lemma_for_text_and_pos() -> None:
    doc = _table()(_doc(["left", "left", "data"], ["VERB", "ADJ", "NOUN"], ["left"] * 3))
    assert [t.lemma_ for t in doc] == ["leave", "left", "data"]


def test_lemma_table_leaves_unknown_words_to_the_model() -> None:
    doc = _table()(_doc(["printers"], ["NOUN"], ["printer"]))
    assert doc[0].lemma_ == "printer"


def test_lemma_table_reads_a_capitalised_word_as_its_lower_case_form() -> None:
    words = ["Left", "REPORT", "Kennedy", "Printers"]
    pos = ["VERB", "NOUN", "PROPN", "NOUN"]
    doc = _table()(_doc(words, pos, ["Left", "REPORT", "Kennedy", "Printer"]))
    # sentence-initial and all-capital common words as their lower-case forms; a name the
    # table has as written; an unknown word keeps the model's lemma
    assert [t.lemma_ for t in doc] == ["leave", "report", "Kennedy", "Printer"]


def test_lemma_table_round_trips_through_disk_in_a_pipeline(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    component = nlp.add_pipe(FACTORY)
    assert isinstance(component, LemmaTable)
    component.lemmas = _table().lemmas
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model").get_pipe(FACTORY)
    assert isinstance(loaded, LemmaTable)
    assert loaded.lemmas == component.lemmas
