"""`--engine dask`, Parquet in and out, parts, and the DataFrame API, on a real LocalCluster."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("distributed")

from commlint.audit.readers import Columns, ReadOptions, Row, open_source  # noqa: E402
from commlint.audit.store import (  # noqa: E402
    REPORT,
    RESULT_PARTS,
    SUMMARY,
    error_records,
    result_records,
)
from commlint.cli import EXIT_ERROR, EXIT_OK, main  # noqa: E402
from commlint.errors import CommlintError, InputError  # noqa: E402

REPLIES = [
    "Hi Dana,\n\nyour laptop is ready at the front desk. I'm here until 5 pm today.\n\nBest,\nAna",
    "The VPN is fixed. We apologize for any inconvenience.",
    "Obviously you need to restart first. We will get back to you ASAP.",
    "Hello Ravi, thanks for the screenshots. The printer works again; if it jams, call me.",
    "",  # an empty message: an error row from the linter
]
OPTIONS = ReadOptions(Columns(text="body", id="ticket", group=("team",)))


def frame(rows: int, start: int = 0) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ticket": [f"T-{n}" for n in range(start, start + rows)],
            "team": [["Desk", "Network"][n % 2] for n in range(start, start + rows)],
            "body": [REPLIES[n % len(REPLIES)] for n in range(start, start + rows)],
        }
    )


def lake(folder: Path) -> Path:
    """A folder of Parquet (two row groups) and CSV files, with a broken CSV record."""
    folder.mkdir()
    frame(9).to_parquet(folder / "a.parquet", row_group_size=4)
    buffer = io.StringIO()
    frame(7, start=9).to_csv(buffer, index=False, quoting=csv.QUOTE_NONNUMERIC)
    (folder / "b.csv").write_text(buffer.getvalue() + "T-99,Desk\n", encoding="utf-8")
    return folder


def audit(*args: str) -> int:
    return main(["audit", "--text", "body", "--id", "ticket", "--group", "team", *args])


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_dask_parts_read_every_row_once(tmp_path: Path, suffix: str) -> None:
    data = frame(11)
    path = tmp_path / f"a.{suffix}"
    if suffix == "csv":  # a BOM, a cell over two lines and a missing closing quote
        text = data.to_csv(index=False).replace("T-3,", 'T-3,"x\ny",').replace("T-6,", 'T-6,"')
        path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    elif suffix == "jsonl":
        data.to_json(path, orient="records", lines=True)
    else:
        data.to_parquet(path, row_group_size=3)
    source = open_source(str(path), None, OPTIONS)
    whole = list(source.rows())
    for size in (1, 2, 4, 100):
        parts = source.parts(size)
        assert all(p.count == size for p in parts[:-1])
        assert [row for part in parts for row in source.part_rows(part)] == whole


def test_dask_eml_folder_parts(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"{n}.eml").write_text(f"Subject: x\n\nHi, ready {n}.\n")
    source = open_source(str(tmp_path), None, ReadOptions())
    parts = source.parts(2)
    assert [len(list(source.part_rows(p))) for p in parts] == [2, 2, 1]
    assert [r for p in parts for r in source.part_rows(p)] == list(source.rows())


def test_dask_without_the_extra_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    find = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "dask" else find(name)
    )
    (tmp_path / "a.jsonl").write_text('{"body": "hi"}\n')
    assert audit(str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o"), "--engine", "dask") == (
        EXIT_ERROR
    )
    err = capsys.readouterr().err.strip()
    assert err.endswith("pip install 'commlint[dask]'") and len(err.splitlines()) == 1


def _html(out: Path) -> str:
    """report.html without the line that says when it was made."""
    lines = (out / REPORT).read_text().splitlines()
    return "\n".join(line for line in lines if 'class="meta"' not in line)


def test_dask_audit_equals_the_local_audit(tmp_path: Path) -> None:
    folder = lake(tmp_path / "lake")
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert audit(str(folder), "--out", str(local), "--jobs", "1") == EXIT_OK
    assert audit(
        str(folder), "--out", str(dask), "--engine", "dask", "--workers", "2",
        "--part-rows", "3", "--out-format", "parquet",
    ) == EXIT_OK  # fmt: skip
    assert sorted(p.suffix for p in (dask / RESULT_PARTS).iterdir()) == [".parquet"] * 6
    assert list(result_records(dask)) == list(result_records(local))
    assert sorted(map(json.dumps, error_records(dask))) == sorted(
        map(json.dumps, error_records(local))
    )
    assert (dask / SUMMARY).read_text() == (local / SUMMARY).read_text()
    assert _html(dask) == _html(local)
    results = pd.read_parquet(dask / RESULT_PARTS)  # one dataset, with the documented fields
    assert len(results) == 17 - 4 and set(results.verdict) <= {"send", "revise"}


def _keys(out: Path) -> list[tuple[str, int]]:
    return [(r["source"], r["line"]) for r in (*result_records(out), *error_records(out))]


def test_dask_worker_killed_mid_run_loses_nothing(tmp_path: Path) -> None:
    """A worker process of a real LocalCluster is killed while it checks a part: Dask runs the
    part again elsewhere, and every input row is in the results or errors exactly once."""
    from distributed import Client, LocalCluster

    from commlint.audit.worker import linters_loaded

    rows = 60
    archive = tmp_path / "a.jsonl"
    frame(rows).to_json(archive, orient="records", lines=True)
    out = tmp_path / "out"
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        pids = client.run(os.getpid)  # worker address -> its process
        killed: list[int] = []

        def kill_when_started() -> None:
            """Kill a worker while it checks a part, once some other part is written."""
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and not killed:
                written = (out / RESULT_PARTS).is_dir() and any((out / RESULT_PARTS).iterdir())
                busy = [address for address, keys in client.processing().items() if keys]
                if written and busy:
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    killed.append(pids[busy[0]])
                time.sleep(0.05)

        killer = threading.Thread(target=kill_when_started)
        killer.start()
        address = cluster.scheduler_address
        code = audit(str(archive), "--out", str(out), "--engine", "dask", "--scheduler", address,
                     "--part-rows", "4")  # fmt: skip
        killer.join()
        loaded = client.run(linters_loaded)
    assert code == EXIT_OK and killed
    expected = [(str(archive), n) for n in range(1, rows + 1)]
    assert sorted(_keys(out)) == expected  # each row once: none lost, none twice
    assert len(list(error_records(out))) == rows // len(REPLIES)  # the empty messages
    assert sorted(loaded.values()) == [1, 1]  # one Linter per worker, however many parts


def test_dask_resume_skips_finished_parts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "a.jsonl"
    frame(10).to_json(archive, orient="records", lines=True)
    out = tmp_path / "out"
    args = [
        str(archive),
        "--out",
        str(out),
        "--engine",
        "dask",
        "--workers",
        "1",
        "--part-rows",
        "4",
    ]
    assert audit(*args) == EXIT_OK
    first = sorted(p.name for p in (out / RESULT_PARTS).iterdir())
    (out / RESULT_PARTS / first[1]).unlink()  # as if the audit had stopped before that part
    assert audit(*args) == EXIT_ERROR  # without --resume, an audit is never overwritten
    assert audit(*args, "--resume") == EXIT_OK
    assert sorted(p.name for p in (out / RESULT_PARTS).iterdir()) == first
    assert "(3 in this run, 6 done before)" in capsys.readouterr().err
    assert sorted(_keys(out)) == [(str(archive), n) for n in range(1, 11)]


def test_dask_frames_add_columns(tmp_path: Path) -> None:
    import dask.dataframe as dd

    from commlint.audit.frames import COLUMNS, score_dask_frame, score_frame

    data = frame(5)
    scored = score_frame(data, text="body")
    assert list(scored.columns) == [*data.columns, *COLUMNS]
    assert scored.loc[4, "error"] == "empty message: nothing to check"
    assert pd.isna(scored.loc[4, "score"]) and scored.loc[2, "verdict"] == "revise"
    assert scored.loc[2, "error_findings"] >= 1 and scored.loc[2, "findings"] >= 1
    lazy = score_dask_frame(dd.from_pandas(data, npartitions=2), text="body", prefix="c_")
    computed = lazy.compute(scheduler="sync")
    assert computed["c_score"].tolist()[:4] == scored["score"].tolist()[:4]
    with pytest.raises(CommlintError, match="already has 'score'"):
        score_frame(scored, text="body")


def test_dask_row_fields_from_parquet(tmp_path: Path) -> None:
    data = frame(2).assign(ticket=[7, 8], sent=pd.to_datetime(["2025-03-04T10:00", None]))
    data.to_parquet(tmp_path / "a.parquet")
    options = ReadOptions(Columns(text="body", id="ticket", date="sent"))
    first, second = open_source(str(tmp_path / "a.parquet"), None, options).rows()
    assert first == Row(str(tmp_path / "a.parquet"), 1, id="7", text=REPLIES[0],
                        date="2025-03-04T10:00:00")  # fmt: skip
    assert (second.line, second.date) == (2, None)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--workers", "2"], "--workers needs --engine dask"),
        (["--out-format", "parquet"], "--out-format parquet needs --engine dask"),
        (["--engine", "dask", "--workers", "2", "--scheduler", "tcp://h:8786"], "not both"),
    ],
)
def test_dask_options_that_do_not_go_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert audit("a.csv", "--out", str(tmp_path / "o"), *options) == EXIT_ERROR
    assert message in capsys.readouterr().err


def test_dask_globs_and_folders_expand_in_name_order(tmp_path: Path) -> None:
    from commlint.audit.readers import expand_inputs

    folder = lake(tmp_path / "lake")
    (folder / "sub").mkdir()
    frame(1).to_json(folder / "sub" / "c.jsonl", orient="records", lines=True)
    names = [str(folder / n) for n in ("a.parquet", "b.csv", "sub/c.jsonl")]
    assert expand_inputs([str(folder)], None) == names
    assert expand_inputs([str(folder / "*.csv"), str(folder / "**/*.jsonl")], None) == [
        names[1],
        names[2],
    ]
    assert expand_inputs([str(folder)], "csv") == [names[1]]
    (folder / "x.eml").write_text("Subject: x\n\nHi\n")
    with pytest.raises(InputError, match=r"both \.eml files and data files"):
        expand_inputs([str(folder)], None)
    with pytest.raises(InputError, match="matches no file"):
        expand_inputs([str(tmp_path / "none-*.csv")], None)
