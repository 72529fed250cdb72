"""commlint's scores as DataFrame columns, for data people already on pandas or Dask.

    import pandas as pd
    from commlint.audit.frames import score_frame

    scored = score_frame(pd.read_parquet("replies.parquet"), text="body")
    scored.groupby("team")["verdict"].value_counts(normalize=True)

    import dask.dataframe as dd
    from commlint.audit.frames import score_dask_frame

    scored = score_dask_frame(dd.read_parquet("s3://lake/replies/"), text="body")
    scored.groupby("team").score.mean().compute()

Each partition is checked with its worker process's Linter (`worker_linter`): the pipeline
loads once per process, not once per partition.
"""

from __future__ import annotations

from typing import Any

from commlint.audit.worker import require_dask, worker_linter
from commlint.config import Config
from commlint.errors import CommlintError
from commlint.extract import validate_text
from commlint.report import Dimension, MessageKind, Severity

DIMENSIONS = [d.value for d in Dimension]
SEVERITIES = [s.value for s in Severity]
# the columns added, and their pandas types; `error` says why a row could not be checked
COLUMNS: dict[str, str] = {
    "score": "Int64",
    "band": "string",
    "verdict": "string",
    "kind": "string",
    **{name: "Int64" for name in DIMENSIONS},
    "findings": "Int64",
    **{f"{severity}_findings": "Int64" for severity in SEVERITIES},
    "error": "string",
}


def _scores(
    texts: list[object], config: str, kind: MessageKind | None, batch_size: int
) -> list[dict[str, object]]:
    """One row of COLUMNS per text; a text that cannot be checked gets only `error`."""
    linter = worker_linter(config)
    rows: list[dict[str, object]] = [dict.fromkeys(COLUMNS) for _ in texts]
    valid: list[int] = []
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            rows[index]["error"] = "not a string"
            continue
        try:
            validate_text(text, linter.config.max_chars)  # lone surrogates included
        except CommlintError as exc:
            rows[index]["error"] = exc.message
            continue
        valid.append(index)
    messages = [str(texts[index]) for index in valid]
    for index, report in zip(
        valid, linter.check_many(messages, kind=kind, batch_size=batch_size), strict=True
    ):
        row = rows[index]
        row |= {
            "score": report.score,
            "band": report.band.value,
            "verdict": report.verdict.value,
            "kind": report.kind.value,
            "findings": len(report.findings),
        }
        for name in DIMENSIONS:
            dimension = getattr(report.dimensions, name)
            row[name] = dimension.score if dimension.applies else None
        for severity in SEVERITIES:
            row[f"{severity}_findings"] = sum(f.severity.value == severity for f in report.findings)
    return rows


def _add_columns(
    frame: Any, text: str, config: str, kind: MessageKind | None, batch_size: int, prefix: str
) -> Any:
    import pandas as pd

    scores = pd.DataFrame(
        _scores(frame[text].tolist(), config, kind, batch_size), index=frame.index
    )
    scores = scores.astype(COLUMNS).add_prefix(prefix)
    return pd.concat([frame, scores], axis=1)


def _arguments(frame: Any, text: str, config: Config | None, prefix: str) -> str:
    if text not in frame.columns:
        raise CommlintError(f"no column {text!r} (it has {', '.join(map(repr, frame.columns))})")
    clash = [f"{prefix}{name}" for name in COLUMNS if f"{prefix}{name}" in frame.columns]
    if clash:
        raise CommlintError(
            f"the frame already has {', '.join(map(repr, clash))}: pass prefix='commlint_'"
        )
    return (config or Config()).model_dump_json()


def score_frame(
    frame: Any,
    text: str = "text",
    *,
    config: Config | None = None,
    kind: MessageKind | None = None,
    batch_size: int = 64,
    prefix: str = "",
) -> Any:
    """A copy of a pandas DataFrame with commlint's columns added (`COLUMNS`, each name after
    `prefix`): the score, band, verdict and kind, each dimension's score (missing where it does
    not apply), the number of findings in all and per severity, and `error` for a row that
    could not be checked (its other columns missing)."""
    require_dask("score_frame")
    key = _arguments(frame, text, config, prefix)
    return _add_columns(frame, text, key, kind, batch_size, prefix)


def score_dask_frame(
    frame: Any,
    text: str = "text",
    *,
    config: Config | None = None,
    kind: MessageKind | None = None,
    batch_size: int = 64,
    prefix: str = "",
) -> Any:
    """`score_frame` for a Dask DataFrame, lazily, partition by partition (`map_partitions`)
    with each worker process's Linter."""
    require_dask("score_dask_frame")
    import pandas as pd

    key = _arguments(frame, text, config, prefix)
    meta = pd.concat(
        [frame._meta, pd.DataFrame({name: pd.Series(dtype=t) for name, t in COLUMNS.items()})],
        axis=1,
    )
    meta.columns = [*frame.columns, *(f"{prefix}{name}" for name in COLUMNS)]
    return frame.map_partitions(
        _add_columns, text, key, kind, batch_size, prefix, meta=meta, align_dataframes=False
    )
