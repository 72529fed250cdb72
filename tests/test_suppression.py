"""Inline suppression comments in Markdown and HTML: what they turn off, what they report."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlint import Config, Linter, Report
from commlint.extract import extract
from commlint.suppression import INVALID, UNUSED

CONDESCENDING = "tone.condescending"


def check(linter: Linter, source: str, fmt: str = "markdown") -> Report:
    return linter.check(extract(source.encode(), fmt, source=f"msg.{fmt}"))


def flagged(report: Report, rule: str = CONDESCENDING) -> list[int]:
    return [f.line for f in report.findings if f.rule == rule]


def quiet(report: Report) -> list[tuple[str, int, int]]:
    return [(s.finding.rule, s.finding.line, s.comment_line) for s in report.suppressed]


def problems(report: Report) -> list[tuple[str, int, str]]:
    return [(f.rule, f.line, f.message) for f in report.findings if f.dimension is None]


@pytest.fixture(scope="module")
def ignoring(linter: Linter) -> Linter:
    """The default rules less `tone.condescending`, to compare scores with."""
    return Linter(Config(ignore=[CONDESCENDING]))


NEXT_LINE = """Hi Dana,

<!-- commlint-disable-next-line tone.condescending -->
Obviously the VPN must be on first.

Thanks, Priya
"""


def test_suppression_next_line_is_listed_and_not_scored(linter: Linter, ignoring: Linter) -> None:
    report = check(linter, NEXT_LINE)
    assert flagged(report) == []
    assert quiet(report) == [(CONDESCENDING, 4, 3)]
    assert report.suppressed[0].comment_column == 1
    assert report.suppressed[0].finding.impact == 0.0
    assert problems(report) == []
    unsuppressed = check(linter, NEXT_LINE.replace("<!-- commlint-disable-next-line", "<!-- x"))
    assert flagged(unsuppressed) == [4]
    ignored = check(ignoring, NEXT_LINE)
    assert (report.score, report.verdict, report.dimensions) == (
        ignored.score,
        ignored.verdict,
        ignored.dimensions,
    )
    assert report.score > unsuppressed.score


def test_suppression_next_line_covers_only_the_next_line(linter: Linter) -> None:
    report = check(linter, NEXT_LINE.replace("Thanks,", "Obviously it works now.\n\nThanks,"))
    assert flagged(report) == [6]
    assert quiet(report) == [(CONDESCENDING, 4, 3)]


REGION = """Hi Dana,

Obviously the VPN must be on first.

<!-- commlint-disable tone.condescending, tone.rude -->
Obviously you need to restart it.
Obviously it works after that.
<!-- commlint-enable tone.condescending -->

Obviously you can ask me again.

Thanks, Priya
"""


def test_suppression_region_between_disable_and_enable(linter: Linter) -> None:
    report = check(linter, REGION)
    assert flagged(report) == [3, 10]
    assert quiet(report) == [(CONDESCENDING, 6, 5), (CONDESCENDING, 7, 5)]
    # tone.rude, named in the same comment, had nothing to suppress: reported on its own
    assert problems(report) == [(UNUSED, 5, "nothing to suppress here for tone.rude")]


def test_suppression_repeats_count_from_the_first_finding_that_is_scored(linter: Linter) -> None:
    """A rule's second hit counts less than its first; a suppressed hit is not a first hit."""
    one = check(linter, "Hi Dana,\n\nObviously you need to restart it.\n\nThanks, Priya\n")
    two = check(linter, REGION.replace("Obviously the VPN", "The VPN"))
    cost = [f.impact for f in one.findings if f.rule == CONDESCENDING]
    assert [f.impact for f in two.findings if f.rule == CONDESCENDING] == cost


BARE = """Hi Dana,

<!-- commlint-disable -->
Obviously you should have saved your work. PER MY LAST EMAIL!!!
<!-- commlint-enable -->

Thanks, Priya
"""


def test_suppression_bare_disable_turns_every_rule_off_but_keeps_strengths(
    linter: Linter,
) -> None:
    report = check(linter, BARE)
    assert [f.rule for f in report.findings if f.line == 4] == []
    assert {rule for rule, _, _ in quiet(report)} >= {CONDESCENDING, "tone.blame", "tone.shouting"}
    assert "empathy.greeting" in {s.rule for s in report.strengths}
    assert report.passed, report.reasons


def test_suppression_by_dimension_prefix(linter: Linter) -> None:
    report = check(linter, BARE.replace("commlint-disable -->", "commlint-disable tone -->"))
    assert {rule for rule, _, _ in quiet(report)} >= {CONDESCENDING, "tone.blame"}
    assert all(rule.startswith("tone.") for rule, _, _ in quiet(report))


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("<!-- commlint-disable-next-line tone.rude -->", "nothing to suppress here for tone.rude"),
        ("<!-- commlint-disable -->", "this suppression comment suppresses nothing"),
        (
            "<!-- commlint-disable tone.condesending -->",
            "nothing to suppress here for tone.condesending (tone.condesending: no such rule; "
            "see `commlint rules`)",
        ),
        (
            "<!-- commlint-enable tone.rude -->",
            "'commlint-enable tone.rude' ends no 'commlint-disable' of tone.rude",
        ),
    ],
)
def test_suppression_that_suppresses_nothing_is_reported_and_costs_nothing(
    linter: Linter, comment: str, expected: str
) -> None:
    source = f"Hi Dana,\n\nYour laptop is ready.\n{comment}\n\nThanks, Priya\n"
    report = check(linter, source)
    assert problems(report) == [(UNUSED, 4, expected)]
    unused = report.findings[-1]
    assert (unused.severity.value, unused.column, unused.text, unused.impact) == (
        "warning",
        1,
        "",
        0.0,
    )
    plain = check(linter, source.replace(comment, ""))
    assert (report.score, report.verdict, report.reasons) == (
        plain.score,
        plain.verdict,
        plain.reasons,
    )
    assert len(report.findings) == len(plain.findings) + 1
    indexed = {i for d in report.dimensions.model_dump().values() for i in d["findings"]}
    assert len(report.findings) - 1 not in indexed  # in no dimension


def test_suppression_invalid_directive_is_reported(linter: Linter) -> None:
    report = check(linter, "Hi Dana,\n\n<!-- commlint-disabel tone.rude -->\nIt works.\n")
    assert problems(report) == [
        (
            INVALID,
            3,
            "'commlint-disabel' is not a commlint directive; use commlint-disable, "
            "commlint-enable, commlint-disable-next-line",
        )
    ]


HTML = """<p>Hi Dana,</p>
<!-- commlint-disable-next-line tone.condescending -->
<p>Obviously the VPN must be on first.</p>
<p>Obviously it works <!--commlint-disable tone.condescending--> now. Obviously.</p>
<p>Thanks, Priya</p>
"""


def test_suppression_in_html(linter: Linter) -> None:
    report = check(linter, HTML, "html")
    assert flagged(report) == [4]
    assert quiet(report) == [(CONDESCENDING, 3, 2), (CONDESCENDING, 4, 4)]
    assert report.suppressed[1].comment_column == 23
    assert next(f for f in report.findings if f.rule == CONDESCENDING).column == 4


@pytest.mark.parametrize(
    ("source", "fmt"),
    [
        ("Hi Dana,\n\n```\n<!-- commlint-disable -->\n```\n\nObviously it works.\n", "markdown"),
        ("Hi Dana,\n\n`<!-- commlint-disable -->` Obviously it works.\n", "markdown"),
        ("Hi Dana,\n<!-- commlint-disable -->\nObviously it works.\n", "text"),
    ],
    ids=["markdown-code-block", "markdown-inline-code", "plain-text"],
)
def test_suppression_markers_in_code_and_plain_text_do_nothing(
    linter: Linter, source: str, fmt: str
) -> None:
    report = check(linter, source, fmt)
    assert flagged(report), report.findings
    assert report.suppressed == []
    assert problems(report) == []


@pytest.mark.parametrize(
    ("source", "fmt", "expected"),
    [
        (
            "Hi <!-- commlint-disable tone -->there\n\n<!--\ncommlint-enable\n-->\n",
            "markdown",
            [(" commlint-disable tone ", 3, 33), ("\ncommlint-enable\n", 40, 64)],
        ),
        (
            "<p>Hi <!--commlint-enable--> <!-- other --></p>",
            "html",
            [("commlint-enable", 6, 28)],
        ),
    ],
)
def test_suppression_comments_keep_their_place_in_the_file(
    source: str, fmt: str, expected: list[tuple[str, int, int]]
) -> None:
    comments = extract(source.encode(), fmt).comments
    assert [(c.text, c.start, c.end) for c in comments] == expected
    assert all(source[c.start : c.end] == f"<!--{c.text}-->" for c in comments)


_PIECES = [
    "<!-- commlint-disable -->",
    "<!--\ncommlint-enable tone\n-->",
    "<!-- other -->",
    "> ",
    "- ",
    "```\n",
    "`",
    "<p>",
    "</p>",
    "&amp;",
    "Obviously it works.",
    " ",
    "\n",
    "\n\n",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from(["markdown", "html"]))
def test_suppression_comments_are_always_whole_comments_in_the_source(
    pieces: list[str], fmt: str
) -> None:
    source = "Hi Dana, thanks.\n\n" + "".join(pieces)
    comments = extract(source.encode(), fmt).comments
    assert [c.start for c in comments] == sorted(c.start for c in comments)
    for comment in comments:
        whole = source[comment.start : comment.end]
        assert whole.startswith("<!--") and whole.endswith("-->")
        assert comment.text.strip().split()[0] in whole


def test_suppression_repeated_comments_in_markdown_are_each_found_where_they_are() -> None:
    """A comment whose first line ("<!--") also starts an earlier comment is placed at itself,
    not at the earlier one (CommonMark ends the first HTML block at its line's "-->", so the
    first pair's second comment is text; the second pair's comments are both inline HTML)."""
    pair = "<!-- commlint-disable --><!--\ncommlint-enable tone\n-->"
    source = "Hi Dana, thanks.\n\n" + pair + pair
    comments = extract(source.encode(), "markdown").comments
    assert [(c.start, c.text.split()[0]) for c in comments] == [
        (18, "commlint-disable"), (72, "commlint-disable"), (97, "commlint-enable")
    ]  # fmt: skip
    assert all(source[c.start : c.end] == f"<!--{c.text}-->" for c in comments)
