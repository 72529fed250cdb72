"""The Linter: load the pipeline and compile the rules once, then check messages.

text -> spaCy Doc -> rule hits -> findings and strengths -> scores -> Report
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import accumulate
from typing import Literal

from spacy.tokens import Doc

from commlint.config import Config
from commlint.extract import validate_text
from commlint.nlp.measures import Measures, measure
from commlint.nlp.pipeline import Pipeline, load_pipeline
from commlint.report import Finding, MessageKind, Note, Report, Stats, Strength
from commlint.rules.engine import Hit, RuleEngine
from commlint.rules.loader import RuleSet, builtin_rules_dir, load_rules
from commlint.rules.model import Polarity, RuleBase
from commlint.rules.selection import plan, select_rules
from commlint.scoring import dimension_scores, impact, overall_score, passed


class _Lines:
    """Maps character offsets to 1-based line and column."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *accumulate(len(line) + 1 for line in text.split("\n")[:-1])]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _format(template: str | None, rule: RuleBase, text: str, value: str | None) -> str | None:
    if template is None:
        return None
    limit = getattr(rule, "limit", "")
    match = " ".join(text.split())  # a match across a line break still prints on one line
    return template.format(match=match, value=value or "", limit=f"{limit:g}" if limit else "")


class Linter:
    """Checks messages against the configured rules with one loaded pipeline.

    Building a Linter loads the spaCy pipeline and compiles every rule, so build it once and
    reuse it.
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.pipeline: Pipeline = load_pipeline(self.config.pipeline)
        self.ruleset: RuleSet = load_rules([builtin_rules_dir(), *self.config.rule_dirs])
        selected = select_rules(
            self.ruleset.rules, self.config.select, self.config.ignore, self.config.severity
        )
        self._plan = plan(
            selected, self.ruleset.rules, self.pipeline.annotations, self.pipeline.name
        )
        self._engine = RuleEngine(
            self.pipeline.nlp,
            self.ruleset,
            self._plan.run,
            self._plan.helpers,
            has_pos="pos" in self.pipeline.annotations,
            allow_words=self.config.allow_words,
        )

    @property
    def rules(self) -> list[RuleBase]:
        """The rules that run, after selection and pipeline checks."""
        return list(self._plan.run)

    @property
    def notes(self) -> list[Note]:
        return list(self._plan.notes)

    def _kind(
        self, kind: MessageKind | str | None
    ) -> tuple[MessageKind, Literal["given", "config", "default"]]:
        if kind is not None:
            return MessageKind(kind), "given"
        if self.config.kind is not None:
            return self.config.kind, "config"
        return MessageKind.GENERAL, "default"

    def check(
        self, text: str, kind: MessageKind | str | None = None, *, source: str | None = None
    ) -> Report:
        """Check one message. Raises `InputError` for empty, binary or oversized text."""
        validate_text(text, self.config.max_chars, source)
        return self._report(self.pipeline.nlp(text), kind, source)

    def check_many(
        self,
        texts: Iterable[str],
        *,
        kind: MessageKind | str | None = None,
        batch_size: int = 64,
        n_process: int = 1,
    ) -> Iterator[Report]:
        """Check messages in a stream through `nlp.pipe`, yielding reports in input order."""
        max_chars = self.config.max_chars
        valid = (validate_text(text, max_chars) for text in texts)
        for doc in self.pipeline.nlp.pipe(valid, batch_size=batch_size, n_process=n_process):
            yield self._report(doc, kind, None)

    def _report(self, doc: Doc, kind_arg: MessageKind | str | None, source: str | None) -> Report:
        kind, kind_source = self._kind(kind_arg)
        measures = measure(doc)
        findings, strengths = self._observations(doc.text, self._engine.run(doc, kind, measures))
        dimensions = dimension_scores(findings, strengths)
        score = overall_score(dimensions)
        return Report(
            source=source,
            score=score,
            passed=passed(
                score,
                dimensions,
                findings,
                min_score=self.config.min_score,
                min_dimension=self.config.min_dimension,
                fail_on=self.config.fail_on,
            ),
            kind=kind,
            kind_source=kind_source,
            dimensions=dimensions,
            findings=findings,
            strengths=strengths,
            stats=_stats(doc, measures),
            notes=self._plan.notes,
            pipeline=self.pipeline.name,
        )

    @staticmethod
    def _observations(text: str, hits: list[Hit]) -> tuple[list[Finding], list[Strength]]:
        lines = _Lines(text)
        seen: Counter[str] = Counter()
        findings: list[Finding] = []
        strengths: list[Strength] = []
        for hit in hits:
            rule, match = hit.rule, hit.match
            line, column = lines.position(match.start)
            matched = text[match.start : match.end]
            common = {
                "rule": rule.id,
                "dimension": rule.dimension,
                "message": _format(rule.message, rule, matched, match.value),
                "start": match.start,
                "end": match.end,
                "line": line,
                "column": column,
                "text": matched,
            }
            occurrence = seen[rule.id]
            seen[rule.id] += 1
            if rule.polarity is Polarity.STRENGTH:
                strengths.append(Strength(**common, impact=impact(rule.weight, occurrence, None)))
            else:
                findings.append(
                    Finding(
                        **common,
                        impact=impact(rule.weight, occurrence, rule.severity),
                        severity=rule.severity,
                        fix=_format(rule.fix, rule, matched, match.value),
                        suggestions=list(match.replacements),
                    )
                )
        return findings, strengths


def _stats(doc: Doc, measures: Measures) -> Stats:
    grade = measures.reading_grade
    return Stats(
        characters=len(doc.text),
        words=measures.words,
        sentences=measures.sentences,
        paragraphs=len(measures.paragraphs),
        readability_grade=round(grade, 1) if grade is not None else None,
    )


@lru_cache(maxsize=4)
def _cached_linter(config_json: str | None) -> Linter:
    return Linter(Config.model_validate_json(config_json) if config_json else None)


def check(
    text: str, *, kind: MessageKind | str | None = None, config: Config | None = None
) -> Report:
    """Check one message with a cached Linter (one per distinct config)."""
    linter = _cached_linter(config.model_dump_json() if config is not None else None)
    return linter.check(text, kind)
