"""The Linter: load the pipeline and compile the rules once, then check messages.

text -> spaCy Doc -> rule hits -> findings and strengths -> scores -> Report
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Literal

from spacy.tokens import Doc

from commlint import suppression
from commlint.config import Config
from commlint.errors import CommlintError
from commlint.extract import Extracted, validate_text
from commlint.kinds import infer_kind
from commlint.nlp.blas import one_blas_thread
from commlint.nlp.long_texts import join, parse, pieces
from commlint.nlp.measures import JargonMeter, Measures, measure
from commlint.nlp.per_doc import text_of
from commlint.nlp.pipeline import Pipeline, load_pipeline
from commlint.report import Finding, MessageKind, Note, Report, Stats, Strength
from commlint.rules.engine import Hit, RuleEngine
from commlint.rules.loader import RuleSet, builtin_rules_dir, load_rules
from commlint.rules.model import Polarity, RuleBase
from commlint.rules.selection import plan, select_rules
from commlint.scoring import Thresholds, impact, score_message
from commlint.workers import check_in_workers


def _format(template: str | None, rule: RuleBase, text: str, value: str | None) -> str | None:
    if template is None:
        return None
    limit = getattr(rule, "limit", "")
    match = " ".join(text.split())  # a match across a line break still prints on one line
    return template.format(match=match, value=value or "", limit=f"{limit:g}" if limit else "")


class Linter:
    """Checks messages against the configured rules with one loaded pipeline.

    Building a Linter loads the spaCy pipeline and compiles every rule, so build it once and
    reuse it. It also limits numpy's BLAS to one thread in this process: a check's matrix
    products are small, and a second thread only fights other work for the cores.
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.pipeline: Pipeline = load_pipeline(self.config.pipeline)
        one_blas_thread()  # numpy is loaded now, so the limit takes effect (nlp/blas.py)
        self.ruleset: RuleSet = load_rules([builtin_rules_dir(), *self.config.rule_dirs])
        selected = select_rules(
            self.ruleset.rules,
            self.config.select,
            self.config.ignore,
            self.config.severity,
            self.config.audience,
        )
        self._plan = plan(
            selected, self.ruleset.rules, self.pipeline.annotations, self.pipeline.name
        )
        self._engine = RuleEngine(
            self.pipeline.nlp,
            self.ruleset,
            self._plan.run,
            self._plan.helpers,
            allow_words=self.config.allow_words,
        )
        self._jargon = JargonMeter.from_lexicons(
            self.pipeline.nlp, self.ruleset.lexicons, self.config.allow_words
        )

    @property
    def rules(self) -> list[RuleBase]:
        """The rules that run, after selection and pipeline checks."""
        return list(self._plan.run)

    @property
    def notes(self) -> list[Note]:
        return list(self._plan.notes)

    def _kind(
        self, kind: MessageKind | str | None, doc: Doc
    ) -> tuple[MessageKind, Literal["given", "config", "inferred", "default"], list[str]]:
        """The kind to check `doc` as, where it came from, and the signals if inferred."""
        if kind is not None:
            return MessageKind(kind), "given", []
        if self.config.kind is not None:
            return self.config.kind, "config", []
        guess = infer_kind(doc)
        if guess.kind is MessageKind.GENERAL:
            return guess.kind, "default", []
        return guess.kind, "inferred", list(guess.signals)

    def check(
        self,
        message: str | Extracted,
        kind: MessageKind | str | None = None,
        *,
        source: str | None = None,
    ) -> Report:
        """Check one message: a `str` as it is, or the output of `commlint.extract.extract`
        (findings then carry the line and column of the original file).

        Raises `InputError` for empty, binary or oversized text.
        """
        extracted = self._extracted(message)
        source = source if source is not None else extracted.source
        validate_text(extracted.text, self.config.max_chars, source)
        return self._report(parse(self.pipeline.nlp, extracted.text), kind, source, extracted)

    def check_many(
        self,
        messages: Iterable[str | Extracted],
        *,
        kind: MessageKind | str | None = None,
        batch_size: int = 64,
        n_process: int = 1,
    ) -> Iterator[Report]:
        """Check messages in a stream, yielding reports in input order.

        With `n_process` > 1 each worker process runs a whole Linter and sends back only
        Reports (`commlint.workers`). A message that cannot be checked raises its
        `InputError` when its turn comes, as `check` would.
        """
        extracted = (self._extracted(message) for message in messages)
        if n_process != 1:
            for outcome in check_in_workers(
                self, extracted, kind=kind, n_process=n_process, chunk_size=batch_size
            ):
                if isinstance(outcome, CommlintError):
                    raise outcome
                yield outcome
            return
        # `nlp.pipe` keeps order: docs come out as queued, a long message's pieces in a row
        pending: deque[tuple[Extracted, int]] = deque()

        def texts() -> Iterator[str]:
            for message in extracted:
                validate_text(message.text, self.config.max_chars, message.source)
                cut = pieces(message.text)
                pending.append((message, len(cut)))
                yield from cut

        docs = self.pipeline.nlp.pipe(texts(), batch_size=batch_size)
        for doc in docs:
            message, count = pending.popleft()
            whole = join([doc, *islice(docs, count - 1)])
            yield self._report(whole, kind, message.source, message)

    @staticmethod
    def _extracted(message: str | Extracted) -> Extracted:
        return message if isinstance(message, Extracted) else Extracted.plain(message)

    def _report(
        self,
        doc: Doc,
        kind_arg: MessageKind | str | None,
        source: str | None,
        extracted: Extracted,
    ) -> Report:
        kind, kind_source, kind_signals = self._kind(kind_arg, doc)
        measures = measure(doc, self._jargon)
        hits = self._engine.run(doc, kind, measures)
        inline = suppression.apply(hits, extracted, self.ruleset.rules)
        findings, strengths = self._observations(extracted, inline.kept)
        quiet = self._observations(extracted, [hit for hit, _ in inline.suppressed])[0]
        scores = score_message(findings, strengths, kind, Thresholds.of(self.config))
        return Report(
            source=source,
            **scores.report_fields(),
            kind=kind,
            kind_source=kind_source,
            kind_signals=kind_signals,
            findings=[*findings, *inline.problems],  # after the scored ones: indexes hold
            strengths=strengths,
            stats=_stats(doc, measures),
            excluded=extracted.excluded,
            suppressed=inline.listed(quiet, extracted),
            notes=self._plan.notes,
            pipeline=self.pipeline.name,
        )

    @staticmethod
    def _observations(
        extracted: Extracted, hits: list[Hit]
    ) -> tuple[list[Finding], list[Strength]]:
        """`start`/`end` index the checked text; `line`/`column` are in the original input."""
        text = extracted.text
        seen: Counter[str] = Counter()
        findings: list[Finding] = []
        strengths: list[Strength] = []
        for hit in hits:
            rule, match = hit.rule, hit.match
            line, column = extracted.position(match.start)
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
                        # an unscored pack's finding (security) costs no points: its severity
                        # alone decides the verdict
                        impact=0.0
                        if rule.dimension is None
                        else impact(rule.weight, occurrence, rule.severity),
                        severity=rule.severity,
                        fix=_format(rule.fix, rule, matched, match.value),
                        suggestions=list(match.replacements),
                        safe=rule.fix_safe and bool(match.replacements),
                        snippet=rule.snippet,
                    )
                )
        return findings, strengths


def _stats(doc: Doc, measures: Measures) -> Stats:
    grade = measures.reading_grade
    return Stats(
        characters=len(text_of(doc)),
        words=measures.words,
        sentences=measures.sentences,
        paragraphs=len(measures.paragraphs),
        readability_grade=round(grade, 1) if grade is not None else None,
        jargon_rate=measures.jargon_rate,
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
