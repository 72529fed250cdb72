"""Long messages are parsed in pieces cut at paragraph breaks; the Doc's text is unchanged."""

from __future__ import annotations

import pytest

from commlint import Linter
from commlint.nlp.long_texts import LONG_TEXT, PIECE, parse, pieces

PARAGRAPH = (
    "Hi Dana, the shared drive is back. We restarted the file server at 10:40 and checked "
    "every share.\n\n"
)


@pytest.mark.parametrize(
    "text",
    [
        PARAGRAPH * 200,
        "ok\n" * 5_000,
        "word " * 3_000,
        "x" * (3 * PIECE + 7),
        PARAGRAPH * 60 + "\n\n\n" + PARAGRAPH * 60,
    ],
)
def test_pieces_join_to_the_text(text: str) -> None:
    assert len(text) > LONG_TEXT
    cut = pieces(text)
    assert "".join(cut) == text
    assert all(0 < len(piece) <= PIECE for piece in cut)


def test_pieces_end_at_paragraph_breaks_when_there_are_some() -> None:
    assert all(piece.endswith("\n\n") for piece in pieces(PARAGRAPH * 200)[:-1])


def test_long_text_parsed_in_pieces_keeps_text_and_sentences(linter: Linter) -> None:
    text = PARAGRAPH * 150
    assert len(text) > LONG_TEXT
    doc = parse(linter.pipeline.nlp, text)
    whole = linter.pipeline.nlp(text)
    assert doc.text == text
    assert doc.has_annotation("DEP") and doc.has_annotation("LEMMA")
    paragraphs = {i + 2 for i in range(len(text)) if text.startswith("\n\n", i)} - {len(text)}
    assert paragraphs <= {s.start_char for s in doc.sents}
    same = sum(
        (a.tag_, a.dep_, a.head.i) == (b.tag_, b.dep_, b.head.i)
        for a, b in zip(doc, whole, strict=True)
    )
    assert same / len(whole) > 0.98  # only tokens near a cut may differ


def test_short_text_parsed_whole(linter: Linter) -> None:
    text = PARAGRAPH * 3
    doc = parse(linter.pipeline.nlp, text)
    whole = linter.pipeline.nlp(text)
    assert [(t.tag_, t.dep_, t.head.i) for t in doc] == [(t.tag_, t.dep_, t.head.i) for t in whole]


def test_long_message_report_spans_index_the_text(linter: Linter) -> None:
    text = (PARAGRAPH + "Please send the logs ASAP.\n\n") * 80
    report = linter.check(text)
    assert report.findings
    assert all(text[f.start : f.end] == f.text for f in report.findings)


def test_short_text_is_one_piece() -> None:
    assert pieces(PARAGRAPH * 3) == [PARAGRAPH * 3]


def test_check_many_parses_long_messages_as_check_does(linter: Linter) -> None:
    long = (PARAGRAPH + "Please send the logs ASAP.\n\n") * 80
    texts = ["Hi Ana, the printer is fixed.", long, "Thanks, Dana. It works now."]
    many = [r.model_dump() for r in linter.check_many(texts, batch_size=2)]
    assert many == [linter.check(t).model_dump() for t in texts]
