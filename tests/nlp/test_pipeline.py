"""Pipeline loading, the annotations it reports, and message-aware sentence splitting."""

from __future__ import annotations

import pytest

from commlint.errors import PipelineError
from commlint.nlp.pipeline import BLANK, load_pipeline
from commlint.rules.model import Annotation


@pytest.fixture(scope="module")
def blank():  # type: ignore[no-untyped-def]
    return load_pipeline(BLANK)


def test_pipeline_blank_has_sentences_only(blank) -> None:  # type: ignore[no-untyped-def]
    assert Annotation.SENTS in blank.annotations
    assert Annotation.DEP not in blank.annotations
    assert Annotation.POS not in blank.annotations
    assert blank.name == "blank:en"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Hi Dana,\nThe printer is fixed.", ["Hi Dana,", "The printer is fixed."]),
        ("The printer is fixed.\n\nThanks\nSam", ["The printer is fixed.", "Thanks", "Sam"]),
        (
            "We restarted the file server this morning and checked every share on\n"
            "it before lunch.",
            [
                "We restarted the file server this morning and checked every share on\n"
                "it before lunch."
            ],
        ),
    ],
    ids=["greeting", "sign-off", "hard-wrapped"],
)
def test_pipeline_splits_message_lines(blank, text: str, sentences: list[str]) -> None:  # type: ignore[no-untyped-def]
    doc = blank.nlp(text)
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == sentences


def test_pipeline_unknown_name_is_one_line_error() -> None:
    with pytest.raises(PipelineError) as info:
        load_pipeline("no_such_pipeline_xyz")
    assert "no_such_pipeline_xyz" in str(info.value)
    assert "\n" not in str(info.value)
