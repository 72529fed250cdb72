"""`commlint audit`: score an archive of sent messages, resumably, and write a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from commlint.audit.readers import FORMATS, Columns, ReadOptions
from commlint.cli.common import (
    EXIT_OK,
    above_zero,
    config_start,
    csv_list,
    resolve_config,
    with_overrides,
)
from commlint.errors import CommlintError
from commlint.extras import require_extra
from commlint.report import MessageKind

if TYPE_CHECKING:
    from commlint.audit.runner import AuditOptions, AuditStats


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    audit = sub.add_parser(
        "audit",
        parents=[config],
        help="score an archive of sent messages",
        description="Score every message in CSV, JSONL (or - for stdin), Parquet, a folder of "
        ".eml files or an mbox (or globs and folders of them); write DIR/results.jsonl, "
        "errors.jsonl, summary.csv and report.html. With --engine dask, on a Dask cluster.",
    )
    audit.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders, - for stdin")
    audit.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    audit.add_argument("--resume", action="store_true", help="continue an interrupted audit")
    audit.add_argument("--format", choices=FORMATS, help="input format (default: from the name)")
    audit.add_argument("--text", default="text", metavar="COL", help="message column (text)")
    audit.add_argument("--id", metavar="COL", help="id column")
    audit.add_argument(
        "--group",
        type=csv_list,
        default=[],
        metavar="COL[,COL]",
        help="columns to compare groups by, e.g. team,author",
    )
    audit.add_argument("--date", metavar="COL", help="date column (ISO 8601 or email dates)")
    audit.add_argument("--kind", choices=[k.value for k in MessageKind])
    audit.add_argument("--encoding", default="utf-8", help="encoding of the input (utf-8)")
    audit.add_argument(
        "--fallback-encoding",
        metavar="ENC",
        help="for rows not valid in --encoding, e.g. cp1252 in a mostly UTF-8 archive",
    )
    audit.add_argument(
        "--jobs", type=above_zero(int), default=2, help="worker processes (2); 1 checks in-process"
    )
    audit.add_argument("--batch-size", type=above_zero(int), default=64, help="messages per batch")
    audit.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this machine's --jobs processes; dask: a Dask cluster (the dask extra)",
    )
    audit.add_argument("--scheduler", metavar="ADDRESS", help="dask: an existing cluster")
    audit.add_argument(
        "--workers",
        type=above_zero(int),
        metavar="N",
        help="dask: a LocalCluster of N worker processes, one thread each (default: --jobs)",
    )
    audit.add_argument(
        "--part-rows",
        type=above_zero(int),
        default=1000,
        metavar="N",
        help="dask: records per part, the unit of work and of --resume (1000)",
    )
    audit.add_argument(
        "--out-format",
        choices=("jsonl", "parquet"),
        default="jsonl",
        help="dask: results as JSON lines or a Parquet dataset (jsonl)",
    )
    audit.add_argument("--title", help="report title (default: the input names)")
    audit.add_argument("--select", type=csv_list, help="comma-separated rule ids or prefixes")
    audit.add_argument("--ignore", type=csv_list, help="comma-separated rule ids or prefixes")
    audit.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    require_extra("audit", "commlint audit")  # before any work: the report needs matplotlib
    _check_engine(args)
    from commlint.audit.outputs import write_outputs
    from commlint.audit.runner import AuditOptions
    from commlint.audit.store import REPORT, out_lock

    config = with_overrides(resolve_config(args.config, config_start(args.inputs[0])), args)
    columns = Columns(text=args.text, id=args.id, group=tuple(args.group), date=args.date)
    options = AuditOptions(
        inputs=list(args.inputs),
        out=args.out,
        fmt=args.format,
        read=ReadOptions(columns, args.encoding, args.fallback_encoding, config.max_chars),
        kind=MessageKind(args.kind) if args.kind else None,
        config=config,
        jobs=args.jobs,
        batch_size=args.batch_size,
        resume=args.resume,
    )
    try:
        with out_lock(args.out):
            stats = _audit(args, options)
            title = args.title or f"Audit of {', '.join(Path(p).name for p in args.inputs)}"
            summary = write_outputs(args.out, columns.group, config, title)
    except KeyboardInterrupt:
        print(
            f"commlint audit: interrupted; what was done is saved in {args.out}: "
            "run the same command with --resume to continue",
            file=sys.stderr,
        )
        raise
    errors = "errors.jsonl" if args.engine == "local" else "errors/"
    print(
        f"commlint audit: {summary.everyone.messages:,} messages checked "
        f"({stats.checked:,} in this run, {stats.skipped:,} done before), "
        f"{summary.errors:,} rows not checked (see {args.out / errors}); "
        f"report: {args.out / REPORT}",
        file=sys.stderr,
    )
    return EXIT_OK


def _check_engine(args: argparse.Namespace) -> None:
    """Options that only mean something with `--engine dask`, and the extra it needs."""
    if args.engine == "dask":
        require_extra("dask", "commlint audit --engine dask")
        if args.scheduler and args.workers:
            raise CommlintError("give --scheduler (an existing cluster) or --workers, not both")
        return
    given = [
        name
        for name, value in (
            ("--scheduler", args.scheduler),
            ("--workers", args.workers),
            ("--out-format parquet", args.out_format == "parquet"),
        )
        if value
    ]
    if given:
        raise CommlintError(f"{', '.join(given)} needs --engine dask")


def _audit(args: argparse.Namespace, options: AuditOptions) -> AuditStats:
    if args.engine == "local":
        from commlint.audit.runner import run_audit

        return run_audit(options)
    from commlint.audit.cluster import DaskOptions, run_dask_audit

    dask = DaskOptions(
        scheduler=args.scheduler,
        workers=args.workers or args.jobs,
        part_rows=args.part_rows,
        out_format=args.out_format,
    )
    return run_dask_audit(options, dask)
