"""`commlint rules` and `commlint explain`: what the rules are and why they exist."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from commlint.cli.common import EXIT_ERROR, EXIT_OK, resolve_config


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], config: argparse.ArgumentParser
) -> None:
    rules = sub.add_parser("rules", parents=[config], help="list the rules")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    rules.set_defaults(run=run_rules)

    explain = sub.add_parser("explain", parents=[config], help="show a rule's documentation")
    explain.add_argument("rule", help="rule id, e.g. tone.condescending")
    explain.add_argument(
        "--format",
        choices=["text", "markdown"],
        default="text",
        help="text: for reading in a terminal (colour on a terminal unless NO_COLOR is set); "
        "markdown: the raw page, as in docs/rules.md",
    )
    explain.set_defaults(run=run_explain)


def run_rules(args: argparse.Namespace) -> int:
    from commlint.linter import Linter
    from commlint.reporters import text

    linter = Linter(resolve_config(args.config, Path.cwd()))
    if args.format == "json":
        rows = [
            {
                "id": r.id,
                "kind": getattr(r, "kind", ""),
                "polarity": r.polarity.value,
                "severity": r.severity.value,
                "weight": r.weight,
                "description": r.description,
            }
            for r in linter.rules
        ]
        print(json.dumps(rows, indent=2))
    else:
        print(f"{'rule':40} {'kind':10} {'polarity':8} {'severity':8} {'weight':>6}  description")
        for rule in linter.rules:
            kind = getattr(rule, "kind", "")
            # a strength has no severity: it never makes a message fail
            severity = rule.severity.value if rule.polarity.value == "finding" else "-"
            weight = f"{rule.weight:g}" if rule.dimension is not None else "-"  # unscored pack
            print(
                f"{rule.id:40} {kind:10} {rule.polarity.value:8} {severity:8} "
                f"{weight:>6}  {' '.join(rule.description.split())}"
            )
        for line in text.format_notes(linter.notes):
            print(line)
    return EXIT_OK


def run_explain(args: argparse.Namespace) -> int:
    from commlint.linter import Linter
    from commlint.rules.docs import render_rule

    linter = Linter(resolve_config(args.config, Path.cwd()))
    rule = linter.ruleset.rules.get(args.rule)
    if rule is None:
        print(f"commlint: error: no rule {args.rule!r}; see `commlint rules`", file=sys.stderr)
        return EXIT_ERROR
    if args.format == "markdown":
        print(render_rule(rule))
    else:
        from commlint.cli.terminal import render, use_colour, width

        print(render(render_rule(rule), colour=use_colour(sys.stdout), columns=width()), end="")
    return EXIT_OK
