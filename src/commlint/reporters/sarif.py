"""SARIF 2.1.0 output (`commlint check --format sarif`), for code scanning and SARIF viewers.

One log, one run, every checked file: a result per finding (suppressed findings carry an
`inSource` suppression), the rules that ran with their documentation, and each message's verdict
and scores in `run.properties.commlint.reports`. Columns count Unicode code points (bytes for
`.eml`, as the report's do).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from commlint import __version__
from commlint.enums import Dimension, Severity
from commlint.extract.base import Extracted
from commlint.message_files import STDIN
from commlint.report import SCHEMA_VERSION, Finding, Report
from commlint.rules.docs import DOCS_URL, help_uri, render_rule
from commlint.rules.loader import RuleSet, builtin_rules_dir
from commlint.rules.model import RuleBase
from commlint.suppression import INVALID, UNUSED

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "SRCROOT"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_FILE_RULES = {
    UNUSED: "An inline suppression comment that suppresses no finding: remove it.",
    INVALID: "A `<!-- commlint-... -->` comment that is not a commlint directive.",
}

Json = dict[str, Any]


@dataclass(frozen=True)
class Checked:
    """One checked file: its report and the extracted text its findings point into."""

    report: Report
    message: Extracted


def builtin_ids(ruleset: RuleSet) -> frozenset[str]:
    """The ids of the rules that come with commlint (documented in docs/rules.md)."""
    root = builtin_rules_dir().resolve()
    return frozenset(
        rule_id for rule_id, path in ruleset.sources.items() if path.resolve().is_relative_to(root)
    )


def _descriptor(rule: RuleBase, builtin: bool) -> Json:
    descriptor: Json = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": " ".join(rule.description.split(". ", 1)[0].split())},
        "fullDescription": {"text": rule.description.strip()},
        "help": {
            "text": rule.rationale.strip() + (f"\nFix: {rule.fix}" if rule.fix else ""),
            "markdown": render_rule(rule),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.pack], "weight": rule.weight if rule.dimension else 0},
    }
    if builtin:
        descriptor["helpUri"] = help_uri(rule.id)
    return descriptor


def _file_descriptor(rule_id: str) -> Json:
    return {
        "id": rule_id,
        "shortDescription": {"text": _FILE_RULES[rule_id]},
        "helpUri": help_uri(rule_id),
        "defaultConfiguration": {"level": "warning"},
    }


def artifact(path: str | None) -> Json:
    """Where a file is: relative to the working directory (`SRCROOT`) when it is inside it."""
    if path is None or path == STDIN:
        return {"description": {"text": "standard input"}}
    resolved = Path(path).resolve()
    try:
        relative = resolved.relative_to(Path.cwd().resolve())
    except ValueError:
        return {"uri": resolved.as_uri()}
    return {"uri": quote(relative.as_posix()), "uriBaseId": SRCROOT}


def region(finding: Finding, message: Extracted) -> Json:
    """The finding's span in the original file; an empty span covers the rest of its line."""
    span: Json = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end > finding.start:
        end_line, end_column = message.position(finding.end - 1)
        span |= {"endLine": end_line, "endColumn": end_column + 1}
    return span


def _verbatim(finding: Finding, message: Extracted) -> bool:
    """The matched text stands as it is, in one piece, in the original file (not through an
    entity, an escape, a collapsed line break or an email's transfer encoding)."""
    if message.fmt == "eml" or finding.end <= finding.start:
        return False
    first = message.offsets[finding.start]
    return list(message.offsets[finding.start : finding.end]) == list(
        range(first, first + finding.end - finding.start)
    )


def _fixes(finding: Finding, message: Extracted, where: Json) -> list[Json]:
    if not finding.suggestions or not _verbatim(finding, message):
        return []
    return [
        {
            "description": {"text": f'Replace with "{text}"' if text else "Remove it"},
            "artifactChanges": [
                {
                    "artifactLocation": where,
                    "replacements": [
                        {
                            "deletedRegion": region(finding, message),
                            "insertedContent": {"text": text},
                        }
                    ],
                }
            ],
        }
        for text in finding.suggestions
    ]


def _result(finding: Finding, checked: Checked, rule_index: dict[str, int]) -> Json:
    where = artifact(checked.report.source)
    text = f"{finding.message}; {finding.fix}" if finding.fix else finding.message
    result: Json = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": where,
                    "region": region(finding, checked.message),
                }
            }
        ],
    }
    if fixes := _fixes(finding, checked.message, where):
        result["fixes"] = fixes
    return result


def _summary(report: Report) -> Json:
    return {
        "source": report.source,
        "verdict": report.verdict.value,
        "score": report.score,
        "band": report.band.value,
        "kind": report.kind.value,
        "reasons": report.reasons,
        "dimensions": {
            d.value: part.score if part.applies else None
            for d in Dimension
            for part in [getattr(report.dimensions, d.value)]
        },
        "findings": len(report.findings),
        "suppressed": len(report.suppressed),
    }


def sarif_log(
    checked: Sequence[Checked],
    rules: Iterable[RuleBase],
    errors: Sequence[tuple[str, str]] = (),
    builtin: frozenset[str] = frozenset(),
) -> Json:
    """The SARIF log of a run: `rules` are the rules that ran (`builtin` the ids documented in
    docs/rules.md), `errors` the files that could not be checked, with why."""
    descriptors = {rule.id: _descriptor(rule, rule.id in builtin) for rule in rules}
    descriptors |= {rule_id: _file_descriptor(rule_id) for rule_id in _FILE_RULES}
    rule_index = {rule_id: i for i, rule_id in enumerate(descriptors)}
    results: list[Json] = []
    for item in checked:
        results += [_result(f, item, rule_index) for f in item.report.findings]
        for quiet in item.report.suppressed:
            result = _result(quiet.finding, item, rule_index)
            comment = {"startLine": quiet.comment_line, "startColumn": quiet.comment_column}
            location = {"artifactLocation": artifact(item.report.source), "region": comment}
            result["suppressions"] = [
                {"kind": "inSource", "location": {"physicalLocation": location}}
            ]
            results.append(result)
    notes = {(n.rule, n.message) for item in checked for n in item.report.notes}
    invocation: Json = {
        "executionSuccessful": not errors,
        "toolExecutionNotifications": [
            {
                "level": "error",
                "message": {"text": message},
                "locations": [{"physicalLocation": {"artifactLocation": artifact(path)}}],
            }
            for path, message in errors
        ],
        "toolConfigurationNotifications": [
            {"level": "note", "message": {"text": message}}
            | ({"descriptor": {"id": rule}} if rule else {})
            for rule, message in sorted(notes, key=lambda n: (n[0] or "", n[1]))
        ],
    }
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "commlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": DOCS_URL,
                        "rules": list(descriptors.values()),
                    }
                },
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {
                    "commlint": {
                        "schemaVersion": SCHEMA_VERSION,
                        "reports": [_summary(item.report) for item in checked],
                    }
                },
            }
        ],
    }
