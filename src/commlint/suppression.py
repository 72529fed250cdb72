"""Inline suppression: `<!-- commlint-... -->` comments in Markdown and HTML messages.

- `commlint-disable RULE[, RULE]` turns the named rules (ids or dimension prefixes) off from
  the end of the comment until a `commlint-enable` that names them, or a bare one, or the end of
  the file; a bare `commlint-disable` turns every rule off.
- `commlint-enable` ends every open disable; `commlint-enable RULE` ends the disables that
  named `RULE`.
- `commlint-disable-next-line [RULE, ...]` turns the rules (all when none is named) off on the
  line after the comment's last line.

A finding is placed by where it starts in the original file. Suppressed findings are listed, not
scored. A comment that suppresses nothing (or a named rule in it that suppresses nothing) and a
comment that is not a directive are reported as findings about the file, like ruff's unused
`noqa`: `commlint.unused-suppression` and `commlint.invalid-suppression`, warnings that never
count in the score or the verdict.
"""

from __future__ import annotations

import sys
from bisect import bisect_left
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from commlint.extract.base import Comment, Extracted
from commlint.report import Finding, Severity, Suppressed
from commlint.rules.model import Polarity
from commlint.rules.selection import matches

if TYPE_CHECKING:
    from commlint.rules.engine import Hit

UNUSED = "commlint.unused-suppression"
INVALID = "commlint.invalid-suppression"
DISABLE, ENABLE, NEXT_LINE = "disable", "enable", "disable-next-line"
_ACTIONS = (DISABLE, ENABLE, NEXT_LINE)
_PREFIX = "commlint-"


@dataclass
class _Region:
    """Where one selector of one directive (None: every rule) is off, and whether it was used."""

    comment: Comment
    selector: str | None
    start: int  # original offsets; `end` exclusive
    end: int = sys.maxsize
    line: int | None = None  # disable-next-line: the one line it covers
    used: bool = False

    def covers(self, rule: str, offset: int, line: int) -> bool:
        if self.selector is not None and not matches(self.selector, rule):
            return False
        if self.line is not None:
            return line == self.line
        return self.start <= offset < self.end


@dataclass
class Inline:
    """The rule hits, split by the message's suppression comments."""

    kept: list[Hit]
    suppressed: list[tuple[Hit, Comment]] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)

    def listed(self, findings: Sequence[Finding], extracted: Extracted) -> list[Suppressed]:
        """The suppressed hits' findings (built in the same order), each with its comment."""
        out = []
        for finding, (_, comment) in zip(findings, self.suppressed, strict=True):
            line, column = extracted.original_position(comment.start)
            out.append(
                Suppressed(
                    finding=finding.model_copy(update={"impact": 0.0}),
                    comment_line=line,
                    comment_column=column,
                )
            )
        return out


def _problem(extracted: Extracted, comment: Comment, rule: str, message: str) -> Finding:
    """A finding about a comment: an empty span in the checked text where the comment was."""
    at = min(bisect_left(extracted.offsets, comment.start), len(extracted.text))
    line, column = extracted.original_position(comment.start)
    fix = "remove the comment, or the rules in it that no longer need it"
    return Finding(
        rule=rule,
        dimension=None,
        message=message,
        start=at,
        end=at,
        line=line,
        column=column,
        text="",
        impact=0.0,
        severity=Severity.WARNING,
        fix=fix if rule == UNUSED else None,
    )


def _regions(extracted: Extracted, inline: Inline) -> list[_Region]:
    """Every region the comments turn rules off in; bad directives become problems."""
    regions: list[_Region] = []
    for comment in sorted(extracted.comments, key=lambda c: c.start):
        words = comment.text.replace(",", " ").split()
        action, selectors = words[0].removeprefix(_PREFIX), words[1:]
        if action not in _ACTIONS:
            known = ", ".join(_PREFIX + a for a in _ACTIONS)
            message = f"'{words[0]}' is not a commlint directive; use {known}"
            inline.problems.append(_problem(extracted, comment, INVALID, message))
        elif action == ENABLE:
            open_ = [r for r in regions if r.line is None and r.end == sys.maxsize]
            ended = [r for r in open_ if not selectors or r.selector in selectors]
            for region in ended:
                region.end = comment.start
            for name in sorted(set(selectors) - {r.selector for r in ended}):
                message = f"'{_PREFIX}{ENABLE} {name}' ends no '{_PREFIX}{DISABLE}' of {name}"
                inline.problems.append(_problem(extracted, comment, UNUSED, message))
        else:
            last_line = extracted.original_position(max(comment.end - 1, comment.start))[0]
            line = last_line + 1 if action == NEXT_LINE else None
            targets: list[str | None] = [*selectors] or [None]
            for selector in targets:
                regions.append(_Region(comment, selector, comment.end, line=line))
    return regions


def apply(hits: list[Hit], extracted: Extracted, rule_ids: Collection[str]) -> Inline:
    """Split `hits` by the suppression comments of `extracted`; `rule_ids` are every loaded
    rule, to tell a misspelt rule from one with nothing to suppress."""
    if not extracted.comments:
        return Inline(hits)
    inline = Inline([])
    regions = _regions(extracted, inline)
    for hit in hits:
        offset = extracted.original_offset(hit.match.start)
        line = extracted.original_position(offset)[0]
        covering = [r for r in regions if r.covers(hit.rule.id, offset, line)]
        if hit.rule.polarity is Polarity.STRENGTH or not covering:
            inline.kept.append(hit)
            continue
        for region in covering:
            region.used = True
        inline.suppressed.append((hit, covering[-1].comment))
    by_comment: dict[Comment, list[_Region]] = {}
    for region in regions:
        by_comment.setdefault(region.comment, []).append(region)
    for comment, parts in by_comment.items():
        idle = [r.selector for r in parts if not r.used]
        if not idle:
            continue
        if idle == [None]:
            message = "this suppression comment suppresses nothing"
        else:
            names = [s for s in idle if s is not None]
            unknown = [s for s in names if not any(matches(s, rule) for rule in rule_ids)]
            message = f"nothing to suppress here for {', '.join(names)}"
            if unknown:
                message += f" ({', '.join(unknown)}: no such rule; see `commlint rules`)"
        inline.problems.append(_problem(extracted, comment, UNUSED, message))
    inline.problems.sort(key=lambda f: (f.line, f.column))
    return inline
