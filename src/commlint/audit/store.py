"""The audit's output folder: results and errors appended as they come, so nothing is lost.

`results.jsonl` and `errors.jsonl` hold one JSON object per input row, each with the row's
`source` and `line`; together they are the record of what is done, which `--resume` reads back.
A process killed mid-write leaves at most a partial last line, which resuming cuts off (that
row is simply checked again). `audit.json` keeps the options, so a resume cannot mix audits.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from commlint.errors import InputError

RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"
SUMMARY = "summary.csv"
REPORT = "report.html"
MANIFEST = "audit.json"


def records(path: Path) -> Iterator[dict[str, Any]]:
    """Stream the JSON objects of a results or errors file."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"corrupt audit record ({exc.msg}); start the audit again in a new --out",
                    path=path,
                    line=number,
                ) from None
            if isinstance(record, dict):
                yield record


def _cut_partial_line(path: Path) -> None:
    """Drop an unfinished last line (a write cut short by a kill)."""
    if not path.exists():
        return
    with path.open("r+b") as handle:
        end = handle.seek(0, os.SEEK_END)
        position = end
        while position > 0:
            step = min(65536, position)
            handle.seek(position - step)
            chunk = handle.read(step)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                position = position - step + newline + 1
                break
            position -= step
        if position != end:
            handle.truncate(position)


class Store:
    """Appends result and error lines to the output folder and knows which rows are done."""

    def __init__(self, out: Path, manifest: dict[str, Any], *, resume: bool) -> None:
        self.out = out
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the output folder: {exc.strerror}", path=out) from None
        results, errors, saved = out / RESULTS, out / ERRORS, out / MANIFEST
        started = any(p.exists() and p.stat().st_size for p in (results, errors))
        if started and not resume:
            raise InputError(
                "already holds an audit; pass --resume to continue it, or choose another --out",
                path=out,
            )
        manifest = json.loads(json.dumps(manifest))  # compare as saved: tuples become lists
        if resume and saved.exists():
            previous = json.loads(saved.read_text(encoding="utf-8"))
            if previous != manifest:
                changed = sorted(
                    k
                    for k in manifest.keys() | previous.keys()
                    if previous.get(k) != manifest.get(k)
                )
                raise InputError(
                    f"was audited with other options ({', '.join(changed)} differ); "
                    "resume with the same ones, or choose another --out",
                    path=saved,
                )
        saved.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        for path in (results, errors):
            _cut_partial_line(path)
        self.done: set[tuple[str, int]] = {
            (r["source"], r["line"]) for path in (results, errors) for r in records(path)
        }
        self._results: IO[str] = results.open("a", encoding="utf-8")
        self._errors: IO[str] = errors.open("a", encoding="utf-8")

    def add(self, results: list[str], errors: list[str]) -> None:
        """Append finished lines and hand them to the OS, so a killed process keeps them."""
        if results:
            self._results.write("".join(results))
            self._results.flush()
        if errors:
            self._errors.write("".join(errors))
            self._errors.flush()

    def close(self) -> None:
        self._results.close()
        self._errors.close()
