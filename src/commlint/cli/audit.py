"""`commlint audit`: score an archive of sent messages, resumably, and write a report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commlint.audit.readers import FORMATS, Columns, ReadOptions
from commlint.cli.common import (
    EXIT_OK,
    above_zero,
    config_start,
    csv_list,
    resolve_config,
    with_overrides,
)
from commlint.report import MessageKind


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    audit = sub.add_parser(
        "audit",
        parents=[config],
        help="score an archive of sent messages",
        description="Score every message in CSV, JSONL (or - for stdin), a folder of .eml "
        "files or an mbox; write DIR/results.jsonl, errors.jsonl, summary.csv and report.html.",
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
    audit.add_argument("--title", help="report title (default: the input names)")
    audit.add_argument("--select", type=csv_list, help="comma-separated rule ids or prefixes")
    audit.add_argument("--ignore", type=csv_list, help="comma-separated rule ids or prefixes")
    audit.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from commlint.audit.outputs import write_outputs
    from commlint.audit.runner import AuditOptions, run_audit
    from commlint.audit.store import REPORT

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
        stats = run_audit(options)
    except KeyboardInterrupt:
        print(
            f"commlint audit: interrupted; what was done is saved in {args.out}: "
            "run the same command with --resume to continue",
            file=sys.stderr,
        )
        raise
    title = args.title or f"Audit of {', '.join(Path(p).name for p in args.inputs)}"
    summary = write_outputs(args.out, columns.group, config, title)
    print(
        f"commlint audit: {summary.everyone.messages:,} messages checked "
        f"({stats.checked:,} in this run, {stats.skipped:,} done before), "
        f"{summary.errors:,} rows not checked (see {args.out / 'errors.jsonl'}); "
        f"report: {args.out / REPORT}",
        file=sys.stderr,
    )
    return EXIT_OK
