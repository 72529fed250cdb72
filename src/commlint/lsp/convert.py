"""From commlint's reports, fixes and rules to LSP diagnostics, edits and hovers.

Every document is checked as its UTF-8 bytes, so an `Edit` (byte offsets) maps to the editor's
text the same way for every format; a finding maps through the extraction's offsets, which
count characters of the text (bytes for an email).
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from commlint.fixes import Edit, Source
from commlint.report import Finding, Report, Severity
from commlint.reporters.text import summary
from commlint.rules.docs import help_uri, render_rule
from commlint.rules.model import RuleBase

SOURCE = "commlint"
VERDICT_CODE = "commlint.verdict"
SUPPRESSIBLE = frozenset({"markdown", "html"})  # the formats with comments
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@dataclass(frozen=True)
class Checked:
    """One version of a document as checked: its text, bytes, extraction and report."""

    text: str
    source: Source
    report: Report

    def char(self, original: int) -> int:
        """Character offset in `text` of an offset of the extraction's original input."""
        if self.source.decoded is not None:
            return original
        return len(self.source.data[:original].decode("utf-8", errors="ignore"))

    def char_of_byte(self, offset: int) -> int:
        return len(self.source.data[:offset].decode("utf-8", errors="ignore"))

    def position(self, char: int) -> types.Position:
        """LSP position (UTF-16 code units) of a character offset of `text`."""
        line = self.text.count("\n", 0, char)
        start = self.text.rfind("\n", 0, char) + 1
        column = len(self.text[start:char].encode("utf-16-le")) // 2
        return types.Position(line=line, character=column)

    def finding_range(self, finding: Finding) -> types.Range:
        extracted = self.source.extracted
        first = self.char(extracted.original_offset(finding.start))
        if finding.end > finding.start:
            last = self.char(extracted.original_offset(finding.end - 1))
            end = last + len(finding.text[-1:]) if finding.text else last
        else:
            end = first
        return types.Range(start=self.position(first), end=self.position(end))

    def text_edit(self, edit: Edit) -> types.TextEdit:
        start, end = self.char_of_byte(edit.start), self.char_of_byte(edit.end)
        written = edit.raw.decode("utf-8")
        return types.TextEdit(
            range=types.Range(start=self.position(start), end=self.position(end)),
            new_text=written,
        )


def diagnostic(checked: Checked, finding: Finding) -> types.Diagnostic:
    message = f"{finding.message}; {finding.fix}" if finding.fix else finding.message
    return types.Diagnostic(
        range=checked.finding_range(finding),
        message=message,
        severity=_SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=help_uri(finding.rule)),
        source=SOURCE,
    )


def verdict(checked: Checked) -> types.Diagnostic:
    """The verdict and the dimension scores, as one information on the first line."""
    report = checked.report
    first_line = checked.text.split("\n", 1)[0]
    reasons = f"\nrevise because: {'; '.join(report.reasons)}" if report.reasons else ""
    return types.Diagnostic(
        range=types.Range(
            start=types.Position(line=0, character=0),
            end=types.Position(line=0, character=len(first_line.encode("utf-16-le")) // 2),
        ),
        message=summary(report) + reasons,
        severity=types.DiagnosticSeverity.Information,
        code=VERDICT_CODE,
        source=SOURCE,
    )


def diagnostics(checked: Checked) -> list[types.Diagnostic]:
    return [verdict(checked), *(diagnostic(checked, f) for f in checked.report.findings)]


def contains(outer: types.Range, inner: types.Range) -> bool:
    """Whether `inner` overlaps or touches `outer` (a cursor at a span's edge counts)."""

    def key(p: types.Position) -> tuple[int, int]:
        return p.line, p.character

    return key(inner.start) <= key(outer.end) and key(outer.start) <= key(inner.end)


def hover_text(finding: Finding, rule: RuleBase | None) -> str:
    """The finding's message, then the rule's page: what it flags, why, and better wording."""
    head = f"**{finding.rule}** ({finding.severity.value}): {finding.message}"
    return head if rule is None else f"{head}\n\n{render_rule(rule)}"


def suppression(checked: Checked, finding: Finding) -> types.TextEdit:
    """A `commlint-disable-next-line` comment on its own line above the finding's line."""
    line = checked.finding_range(finding).start.line
    at = types.Position(line=line, character=0)
    return types.TextEdit(
        range=types.Range(start=at, end=at),
        new_text=f"<!-- commlint-disable-next-line {finding.rule} -->\n",
    )
