"""Long runs without whitespace are tokenized in linear time, the text kept exactly."""

from __future__ import annotations

import pytest

from commlint.nlp.long_runs import MAX_RUN, LongRunTokenizer
from commlint.nlp.pipeline import BLANK, load_pipeline


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline(BLANK).nlp


@pytest.mark.parametrize(
    "text",
    [
        "Hi " + "\U0001f600" * 20_000 + " there",
        "&amp;" * 2_000,
        "(" * 1_000 + "\n\n" + "%" * 999 + "  ok",
        "  " + "a" * (MAX_RUN + 1) + " b",
        "see https://example.com/" + "q" * 3_000 + " now",
    ],
)
def test_long_runs_keep_the_text(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(nlp.tokenizer, LongRunTokenizer)
    doc = nlp(text)
    assert doc.text == text
    assert all(len(token) <= 4096 for token in doc)


def test_long_runs_become_few_opaque_tokens(nlp) -> None:  # type: ignore[no-untyped-def]
    """20,000 emoji give 100 tokens of MAX_RUN characters, not 20,000 one-emoji tokens (whose
    splitting costs time in the square of the run's length)."""
    doc = nlp("\U0001f600" * 20_000)
    assert len(doc) == 20_000 // MAX_RUN


def test_long_runs_leave_ordinary_text_alone(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Hi Dana, see https://example.com/" + "x" * 300 + " (ext. 4410) thanks!"
    assert [t.text for t in nlp(text)] == [t.text for t in nlp.tokenizer.tokenizer(text)]


def test_long_runs_one_space_after_a_run_belongs_to_it(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("%" * (MAX_RUN + 5) + " ok")
    assert [t.text for t in doc] == ["%" * MAX_RUN, "%" * 5, "ok"]
    assert doc[1].whitespace_ == " "
