"""The precision review's files (`validation/judgements/precision-*.csv`) and its arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest
from validation.precision import JUDGEMENTS, precision_table, read_judgements

FILES = sorted(JUDGEMENTS.glob("precision-*.csv"))


def _write(path: Path, rows: list[tuple[str, str]]) -> Path:
    lines = ["# corpus=x seed=1 size=3 pool=9", "finding,row,rule,start,end,verdict,reason"]
    lines += [f"x/{n}/{rule}/0-1,{n},{rule},0,1,{verdict},why" for n, (rule, verdict) in
              enumerate(rows)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_precision_is_counted_per_rule_and_weak_rules_are_named(tmp_path: Path) -> None:
    rows = [("tone.a", "right")] * 8 + [("tone.a", "wrong")] * 3 + [("tone.b", "wrong")] * 2
    table, right, total, weak = precision_table([_write(tmp_path / "j.csv", rows)])
    assert (right, total) == (8, 13)
    assert "| `tone.a` | 11 | 8 | 73% |" in table
    assert weak == ["tone.a"]  # tone.b has fewer than 10 findings


def test_the_seed_line_is_skipped(tmp_path: Path) -> None:
    rows = read_judgements(_write(tmp_path / "j.csv", [("tone.a", "right")]))
    assert [row["verdict"] for row in rows] == ["right"]


def test_the_review_has_both_corpora_judged_before_and_after() -> None:
    names = {path.name for path in FILES}
    for round_name in ("before", "round2", "after"):
        for corpus in ("twitter_care", "helpdesk"):
            assert f"precision-{round_name}-{corpus}.csv" in names


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_sampled_finding_is_judged_once_with_a_reason(path: Path) -> None:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("# corpus=") and " seed=" in header
    rows = read_judgements(path)
    assert len(rows) == 150
    assert len({row["finding"] for row in rows}) == len(rows)
    for row in rows:
        assert row["verdict"] in {"right", "wrong"}, row["finding"]
        assert row["reason"].strip(), row["finding"]


def test_the_fresh_samples_share_no_finding_with_an_earlier_one() -> None:
    for corpus in ("twitter_care", "helpdesk"):
        seen: set[str] = set()
        for round_name in ("before", "round2", "after"):
            path = JUDGEMENTS / f"precision-{round_name}-{corpus}.csv"
            if path.exists():
                ids = {row["finding"] for row in read_judgements(path)}
                assert not seen & ids, path.name
                seen |= ids
