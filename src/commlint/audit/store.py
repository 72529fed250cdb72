"""The audit's output folder: results and errors appended as they come, so nothing is lost.

`results.jsonl` and `errors.jsonl` hold one JSON object per input row, each with the row's
`source` and `line`; together they are the record of what is done, which `--resume` reads back.
A process killed mid-write leaves at most a partial last line, which resuming cuts off (that
row is simply checked again). `audit.json` keeps the options, so a resume cannot mix audits.
An audit on Dask writes one results and one errors file per input part instead, in the folders
`results/` and `errors/` (`commlint.audit.cluster`); `result_records` reads either layout.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from commlint.errors import InputError

RESULTS = "results.jsonl"
ERRORS = "errors.jsonl"
SUMMARY = "summary.csv"
REPORT = "report.html"
MANIFEST = "audit.json"
LOCK = "audit.lock"
RESULT_PARTS = "results"  # folders of per-part files (Dask)
ERROR_PARTS = "errors"

_held: dict[Path, int] = {}  # the output folders this process holds, and how many times


@contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold the output folder for one audit, so that a second audit into it fails at once.

    The lock is `flock` on DIR/audit.lock: the operating system releases it when the process
    ends, however it ends, so a lock file left by a killed audit never blocks (it is not stale,
    only unlocked). Holding it again in the same process is allowed.
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
        key = out.resolve()
    except OSError as exc:
        raise InputError(f"cannot create the output folder: {exc.strerror}", path=out) from None
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    descriptor = os.open(out / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.read(descriptor, 200).decode("utf-8", "replace").strip() or "unknown"
        os.close(descriptor)
        raise InputError(
            f"is in use by another commlint audit ({holder}); wait for it to end, "
            "or choose another --out",
            path=out,
        ) from None
    os.ftruncate(descriptor, 0)
    since = time.strftime("%Y-%m-%d %H:%M:%S")
    os.write(descriptor, f"pid {os.getpid()} on {socket.gethostname()} since {since}\n".encode())
    _held[key] = 1
    try:
        yield
    finally:
        del _held[key]
        os.close(descriptor)  # releases the lock


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


def part_files(folder: Path) -> list[Path]:
    """The finished part files of a folder, in name order (which is input order)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".jsonl", ".parquet"))


def _part_records(folder: Path) -> Iterator[dict[str, Any]]:
    for path in part_files(folder):
        if path.suffix == ".parquet":
            from commlint.audit.parquet import read_results

            yield from read_results(path)
        else:
            yield from records(path)


def result_records(out: Path) -> Iterator[dict[str, Any]]:
    """Every result of an audit, one at a time, in input order, from either layout."""
    yield from records(out / RESULTS)
    yield from _part_records(out / RESULT_PARTS)


def error_records(out: Path) -> Iterator[dict[str, Any]]:
    yield from records(out / ERRORS)
    yield from _part_records(out / ERROR_PARTS)


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


def _started(out: Path) -> bool:
    files = [out / RESULTS, out / ERRORS]
    return any(p.exists() and p.stat().st_size for p in files) or any(
        part_files(out / folder) for folder in (RESULT_PARTS, ERROR_PARTS)
    )


def _start(out: Path, manifest: dict[str, Any], *, resume: bool) -> None:
    """Refuse to overwrite an audit, or to resume one with other options; save the options."""
    saved = out / MANIFEST
    if _started(out) and not resume:
        raise InputError(
            "already holds an audit; pass --resume to continue it, or choose another --out",
            path=out,
        )
    manifest = json.loads(json.dumps(manifest))  # compare as saved: tuples become lists
    if resume and saved.exists():
        previous = json.loads(saved.read_text(encoding="utf-8"))
        if previous != manifest:
            changed = sorted(
                k for k in manifest.keys() | previous.keys() if previous.get(k) != manifest.get(k)
            )
            raise InputError(
                f"was audited with other options ({', '.join(changed)} differ); "
                "resume with the same ones, or choose another --out",
                path=saved,
            )
    saved.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


class Store:
    """Appends result and error lines to the output folder and knows which rows are done."""

    def __init__(self, out: Path, manifest: dict[str, Any], *, resume: bool) -> None:
        self.out = out
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the output folder: {exc.strerror}", path=out) from None
        results, errors = out / RESULTS, out / ERRORS
        _start(out, manifest, resume=resume)
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


def _write_atomically(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")  # a dot file: dataset readers skip it
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


class PartStore:
    """One results and one errors file per input part (`results/NAME.jsonl` or `.parquet`,
    `errors/NAME.jsonl`), each written whole under its final name, so a part is done exactly
    when its results file exists, and a part checked twice (a retried task) is written once."""

    def __init__(self, out: Path, manifest: dict[str, Any], *, resume: bool, fmt: str) -> None:
        self.results, self.errors, self.fmt = out / RESULT_PARTS, out / ERROR_PARTS, fmt
        _start(out, manifest, resume=resume)
        self.results.mkdir(exist_ok=True)
        self.errors.mkdir(exist_ok=True)
        self.done = {path.stem for path in part_files(self.results)}

    def rows(self, name: str) -> int:
        """The rows a finished part holds, in results and errors."""
        total = 0
        for path in (self.results / f"{name}.{self.fmt}", self.errors / f"{name}.jsonl"):
            if path.suffix == ".parquet":
                from commlint.audit.readers import pyarrow_parquet

                total += pyarrow_parquet().ParquetFile(path).metadata.num_rows
            elif path.exists():
                with path.open("rb") as handle:
                    total += sum(1 for _ in handle)
        return total

    def write(self, name: str, results: list[str], errors: list[str]) -> None:
        """Write a part: its errors first, then its results, which mark it done."""
        if errors:
            _write_atomically(self.errors / f"{name}.jsonl", "".join(errors))
        else:
            (self.errors / f"{name}.jsonl").unlink(missing_ok=True)
        if self.fmt == "parquet":
            from commlint.audit.parquet import write_results

            write_results(self.results / f"{name}.parquet", results)
        else:
            _write_atomically(self.results / f"{name}.jsonl", "".join(results))
        self.done.add(name)
