"""The public Python API: what it exports and how it behaves."""

from __future__ import annotations

import pytest

import commlint
from commlint import Config, InputError, Linter


def test_api_exports_exactly_this() -> None:
    assert sorted(commlint.__all__) == sorted(
        [
            "CommlintError",
            "Config",
            "ConfigError",
            "Dimension",
            "DimensionScore",
            "Finding",
            "InputError",
            "Linter",
            "Match",
            "MessageKind",
            "MessageRejected",
            "PipelineError",
            "Report",
            "RuleContext",
            "RuleError",
            "Severity",
            "Strength",
            "Verdict",
            "__version__",
            "check",
            "guard",
            "load_config",
            "rule_function",
        ]
    )


def test_api_check_reuses_one_linter() -> None:
    first = commlint.check("Hi Ana, obviously the printer works.")
    second = commlint.check("Hi Ana, the printer works.", kind="resolution")
    assert [f.rule for f in first.findings] == ["tone.condescending"]
    assert second.kind.value == "resolution" and second.kind_source == "given"
    assert commlint.linter._cached_linter(None) is commlint.linter._cached_linter(None)


def test_api_check_with_config() -> None:
    report = commlint.check("Hi Ana, obviously it works.", config=Config(ignore=["tone"]))
    assert report.findings == []


def test_api_check_many_matches_check(linter: Linter) -> None:
    texts = ["Hi Ana, obviously the printer works.", "Thanks for letting us know. Fixed ASAP."]
    many = list(linter.check_many(texts, batch_size=1))
    assert [r.model_dump() for r in many] == [linter.check(t).model_dump() for t in texts]


def test_api_check_many_two_processes(linter: Linter) -> None:
    """Whole reports come back from the workers, in input order, as `check` gives them."""
    texts = [f"Hi Ana, obviously printer {i} works." + " Thanks." * i for i in range(7)]
    many = list(linter.check_many(texts, n_process=2, batch_size=2))
    assert [r.model_dump() for r in many] == [linter.check(t).model_dump() for t in texts]


def test_api_check_many_workers_run_the_rules(linter: Linter, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The parent runs no rules when workers check: only Reports come back."""
    texts = [f"Hi Ana, printer {i} is fixed." for i in range(4)]
    expected = [linter.check(t).model_dump() for t in texts]
    calls_here: list[int] = []  # a forked worker appends to its own copy, not to this one
    report = Linter._report

    def counted(self: Linter, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls_here.append(1)
        return report(self, *args, **kwargs)

    monkeypatch.setattr(Linter, "_report", counted)
    many = [r.model_dump() for r in linter.check_many(texts, n_process=2, batch_size=1)]
    assert many == expected
    assert calls_here == []
    list(linter.check_many(texts[:1]))
    assert calls_here == [1]  # the single-process path is counted: the check above is real


def test_api_check_many_workers_raise_at_the_bad_message(linter: Linter) -> None:
    texts = ["Hi Ana, printer 1 is fixed.", "", "Hi Ana, printer 3 is fixed."]
    reports = linter.check_many(texts, n_process=2, batch_size=1)
    first = next(reports)
    assert first.score == linter.check(texts[0]).score
    with pytest.raises(InputError, match="empty message") as caught:
        next(reports)
    assert caught.value.message == "empty message: nothing to check"


@pytest.mark.parametrize("text", ["", "   \n", "a\x00b", "Hi \udcff there", "ok\n\ud800"])
def test_api_rejects_bad_text(linter: Linter, text: str) -> None:
    with pytest.raises(InputError):
        linter.check(text)


def test_api_rejects_oversized_text() -> None:
    small = Linter(Config(max_chars=50, pipeline="blank"))
    with pytest.raises(InputError, match="too large"):
        small.check("word " * 20)


def test_api_report_lists_skipped_rules(blank_linter: Linter) -> None:
    report = blank_linter.check("Hi Ana, your files were deleted.")
    skipped = {n.rule for n in report.notes}
    assert "empathy.hidden-responsibility" in skipped
    assert all("skipped" in n.message for n in report.notes)
    assert "empathy.hidden-responsibility" not in {r.id for r in blank_linter.rules}


def test_api_lone_surrogate_is_an_input_error_with_its_place(linter: Linter) -> None:
    with pytest.raises(InputError, match=r"^x.txt:2:4: not Unicode text") as caught:
        linter.check("Hi there\nok \udcff", source="x.txt")
    assert "U+DCFF" in str(caught.value)
