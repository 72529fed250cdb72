"""Abbreviations, links and stray punctuation do not split sentences, and a chat's tilde does
(issue 19)."""

from __future__ import annotations

import pytest

from commlint import Linter

CASES = [
    (
        "If anything looks wrong, call me on ext. 4410 and I will fix it. Thanks.",
        ["If anything looks wrong, call me on ext. 4410 and I will fix it.", "Thanks."],
    ),
    (
        "We fixed it. Call me on ext. 12. Thanks!",
        ["We fixed it.", "Call me on ext. 12.", "Thanks!"],
    ),
    ("Your ticket is no. 4410. It is closed.", ["Your ticket is no. 4410.", "It is closed."]),
    (
        "The copy takes approx. 20 minutes, e.g. when the office is busy.",
        ["The copy takes approx. 20 minutes, e.g. when the office is busy."],
    ),
    (
        "Ring tel. 555 0192 or see page no. 3 vs. the old guide. Ref. no. 7 is yours.",
        ["Ring tel. 555 0192 or see page no. 3 vs. the old guide.", "Ref. no. 7 is yours."],
    ),
    (
        "Dr. Okafor has your laptop. She will call.",
        ["Dr. Okafor has your laptop.", "She will call."],
    ),
    (
        "These tips may help: https://help.example.com/kb/vpn.html and the guide too.",
        ["These tips may help: https://help.example.com/kb/vpn.html and the guide too."],
    ),
    (
        "See help.example.com/kb/set-up.guide.html for the steps. Then restart.",
        ["See help.example.com/kb/set-up.guide.html for the steps.", "Then restart."],
    ),
    (
        "Hi, I am really sorry~ The desk staff asked for your old phone. Please try again~",
        ["Hi, I am really sorry~", "The desk staff asked for your old phone.", "Please try again~"],
    ),
    # the everyday word "no" still ends a sentence, as does an abbreviation before a capital
    ("The answer is no. We cannot.", ["The answer is no.", "We cannot."]),
    ("Bring the cables, adapters etc. The desk is ready.", None),
    # a line break still starts a sentence after an abbreviation
    ("Hi Sam,\nCall ext. 4410\n\nThanks\nAna", ["Hi Sam,", "Call ext. 4410", "Thanks", "Ana"]),
]
IDS = [
    "ext-number",
    "ext-at-end",
    "no-number",
    "approx-eg",
    "tel-no-vs-ref",
    "title",
    "colon-link",
    "link-dots",
    "chat-tilde",
    "no-word",
    "etc-capital",
    "line-breaks",
]


@pytest.mark.parametrize("pipeline", ["default", "blank"])
@pytest.mark.parametrize(("text", "expected"), CASES, ids=IDS)
def test_sentence_ends_only_at_real_ends(
    linter: Linter, blank_linter: Linter, pipeline: str, text: str, expected: list[str] | None
) -> None:
    nlp = (linter if pipeline == "default" else blank_linter).pipeline.nlp
    sentences = [s.text.strip() for s in nlp(text).sents if s.text.strip()]
    if expected is None:  # the sentence before the capital is its own
        assert len(sentences) == 2
    else:
        assert sentences == expected


def test_sentence_ends_keep_long_sentence_whole(linter: Linter) -> None:
    """A sentence cut at "ext." would be two short ones; whole, it is one long one."""
    text = (
        "If the printer on the second floor still shows the same paper error after you "
        "restart it, please call me on ext. 4410 before noon and I will come up and look."
    )
    report = linter.check(text, kind="general")
    assert [f.rule for f in report.findings].count("plain_language.long-sentence") == 1
    assert report.stats.sentences == 1
