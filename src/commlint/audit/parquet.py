"""Results as Parquet: the fields of results.jsonl, with the same names and nesting.

The schema is fixed (not inferred from each part), so every part file of a dataset agrees and
`pandas.read_parquet(DIR / "results")` or `dask.dataframe.read_parquet` read them as one table.
Differences from the JSON lines: `group` is a map of column to value, and `date_raw` is always
present (null unless a date could not be read). `read_results` gives back the JSON form.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from commlint.audit.readers import pyarrow_parquet
from commlint.report import Dimension

_OBSERVATION = [
    ("rule", "string"),
    ("dimension", "string"),
    ("message", "string"),
    ("start", "int64"),
    ("end", "int64"),
    ("line", "int64"),
    ("column", "int64"),
    ("text", "string"),
    ("impact", "float64"),
]


def schema() -> Any:
    """The Arrow schema of a results part (pyarrow is imported only when Parquet is used)."""
    import pyarrow as pa

    pyarrow_parquet()  # the one-line error when pyarrow is missing
    observation = [pa.field(name, kind) for name, kind in _OBSERVATION]
    snippet = pa.struct([pa.field("text", pa.string()), pa.field("at", pa.string())])
    finding = pa.struct(
        [
            *observation,
            pa.field("severity", pa.string()),
            pa.field("fix", pa.string()),
            pa.field("suggestions", pa.list_(pa.string())),
            pa.field("safe", pa.bool_()),
            pa.field("snippet", snippet),
        ]
    )
    dimensions = pa.struct([pa.field(d.value, pa.int64()) for d in Dimension])
    return pa.schema(
        [
            pa.field("source", pa.string()),
            pa.field("line", pa.int64()),
            pa.field("id", pa.string()),
            pa.field("group", pa.map_(pa.string(), pa.string())),
            pa.field("date", pa.string()),
            pa.field("date_raw", pa.string()),
            pa.field("kind", pa.string()),
            pa.field("score", pa.int64()),
            pa.field("band", pa.string()),
            pa.field("verdict", pa.string()),
            pa.field("reasons", pa.list_(pa.string())),
            pa.field("passed", pa.bool_()),
            pa.field("dimensions", dimensions),
            pa.field("findings", pa.list_(finding)),
            pa.field("strengths", pa.list_(pa.struct(observation))),
            pa.field("text", pa.string()),
        ]
    )


def write_results(path: Path, lines: list[str]) -> None:
    """Write result lines (as in results.jsonl) to one Parquet file, atomically: a reader sees
    the whole file or none."""
    import pyarrow as pa

    rows = [json.loads(line) for line in lines]
    for row in rows:
        row["group"] = list(row["group"].items())
    table = pa.Table.from_pylist(rows, schema=schema())
    partial = path.with_name(f".{path.name}.partial")
    pyarrow_parquet().write_table(table, partial)
    os.replace(partial, path)


def read_results(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a results Parquet file, as results.jsonl holds them, a batch at a time."""
    file = pyarrow_parquet().ParquetFile(path)
    for batch in file.iter_batches(batch_size=1024):
        for row in batch.to_pylist():
            row["group"] = dict(row["group"] or [])
            if row["date_raw"] is None:
                del row["date_raw"]
            yield row
