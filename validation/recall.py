"""The recall corpus (`corpora/recall/`): does commlint report what a support lead would flag?

Every message there was written by the project with one to three deliberate problems, and
labelled from `../shared/PRACTICE.md` with the findings a lead would expect (and the words
each is about, `evidence`) before commlint was run on it. Recall is expected findings
reported / expected findings, overall, per dimension and per rule. Run from the repository
root:

    python -m validation.recall                    # print the figures
    python -m validation.recall --write before     # store them as the "before" figures
    python -m validation.recall --write after      # write them next to the stored "before"
    python -m validation.recall --update-misses    # rewrite corpora/recall/misses.yml

`--holdout` does the same for `corpora/recall-holdout/`: messages written after the first round
of rule fixes and never shown to the people fixing the rules, so its "after" figure is an
independent test (its own `misses.yml`, "before" file and section).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

import commlint
from commlint import Config, Dimension, Linter, MessageKind
from commlint.errors import CommlintError
from validation.common import ROOT, write_section

RECALL = ROOT / "corpora" / "recall"
MISSES = RECALL / "misses.yml"
BEFORE = ROOT / "validation" / "judgements" / "recall-before.json"
HOLDOUT = ROOT / "corpora" / "recall-holdout"
HOLDOUT_BEFORE = ROOT / "validation" / "judgements" / "recall-holdout-before.json"
COMMAND = "python -m validation.recall"
RELABELLED = "# Relabelled after running commlint"  # how a changed label starts its comment


class CorpusError(CommlintError):
    """A recall corpus file or the misses file is malformed."""


def _squash(text: str) -> str:
    return " ".join(text.split())


class RecallMessage(BaseModel):
    """One recall file: the corpus format of `corpora/README.md`, plus `evidence`.

    `evidence` maps each expected finding to the words of the message it is about, so a
    reader of the misses sees what the lead would flag without re-reading the message.
    """

    model_config = ConfigDict(extra="forbid")

    kind: MessageKind
    text: str
    judgement: dict[Dimension, Literal["good", "poor"]]
    findings: list[str]
    evidence: dict[str, str]
    strengths: list[str] = []
    absent: list[str] = []

    @model_validator(mode="after")
    def _evidence_matches(self) -> Self:
        if not self.findings:
            raise ValueError("a recall message expects at least one finding")
        if len(set(self.findings)) != len(self.findings):
            raise ValueError("findings are listed twice")
        if set(self.evidence) != set(self.findings):
            raise ValueError("evidence must name exactly the expected findings")
        text = _squash(self.text)
        for rule, words in self.evidence.items():
            if _squash(words) not in text:
                raise ValueError(f"evidence for {rule} is not in the text: {words!r}")
        return self


def _shown(path: Path) -> str:
    """The path as the user knows it: relative to the checkout when inside it."""
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CorpusError(f"{_shown(path)}: {' '.join(str(error).split())}") from error


def load_recall(folder: Path = RECALL) -> dict[str, RecallMessage]:
    """Every message file of the folder (all `*.yml` but `misses.yml`), by file name."""
    messages: dict[str, RecallMessage] = {}
    for path in sorted(folder.glob("*.yml")):
        if path.name == MISSES.name:
            continue
        try:
            messages[path.name] = RecallMessage.model_validate(_read_yaml(path))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "file"
            raise CorpusError(f"{_shown(path)}: {where}: {first['msg']}") from error
    return messages


Misses = dict[str, dict[str, str]]


def load_misses(path: Path = MISSES) -> Misses:
    """The listed misses: message file name -> {rule id: one-line reason}."""
    if not path.exists():
        return {}
    data = _read_yaml(path) or {}
    if not isinstance(data, dict) or not all(
        isinstance(rules, dict) and all(isinstance(r, str) for r in rules.values())
        for rules in data.values()
    ):
        raise CorpusError(f"{_shown(path)}: expected file -> {{rule id: reason}}")
    return {str(name): {str(k): v for k, v in rules.items()} for name, rules in data.items()}


@lru_cache(maxsize=1)
def _linter() -> Linter:
    return Linter(Config())


def found_findings(messages: dict[str, RecallMessage]) -> dict[str, set[str]]:
    """The rule ids commlint reports on each message, checked with its labelled kind."""
    linter = _linter()
    return {
        name: {f.rule for f in linter.check(m.text, m.kind, source=name).findings}
        for name, m in messages.items()
    }


@dataclass(frozen=True)
class Tally:
    """Expected findings and how many of them were reported."""

    expected: int
    found: int

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    def cell(self) -> str:
        return f"{self.recall:.1%} ({self.found} of {self.expected})"


class _Stored(BaseModel):
    """The figures as `recall-before.json` keeps them: [expected, found] per group."""

    model_config = ConfigDict(extra="forbid")

    code: str
    overall: tuple[int, int]
    dimensions: dict[str, tuple[int, int]]
    rules: dict[str, tuple[int, int]]


@dataclass(frozen=True)
class Figures:
    """Recall overall, per dimension (the rule id's prefix) and per rule, and which code."""

    code: str
    overall: Tally
    dimensions: dict[str, Tally]
    rules: dict[str, Tally]

    @classmethod
    def of(cls, messages: dict[str, RecallMessage], found: dict[str, set[str]]) -> Figures:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for name, message in messages.items():
            for rule in message.findings:
                counts[rule][0] += 1
                counts[rule][1] += rule in found[name]
        groups: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for rule, (expected, hits) in counts.items():
            for key in (rule.split(".")[0], ""):
                groups[key][0] += expected
                groups[key][1] += hits
        return cls(
            code=_code_version(),
            overall=Tally(*groups.pop("")),
            dimensions={d: Tally(*groups[d]) for d in sorted(groups)},
            rules={rule: Tally(*counts[rule]) for rule in sorted(counts)},
        )

    def store(self, path: Path) -> None:
        stored = _Stored(
            code=self.code,
            overall=(self.overall.expected, self.overall.found),
            dimensions={d: (t.expected, t.found) for d, t in self.dimensions.items()},
            rules={r: (t.expected, t.found) for r, t in self.rules.items()},
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(stored.model_dump_json(indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Figures:
        try:
            stored = _Stored.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError) as error:
            raise CorpusError(
                f"{_shown(path)}: cannot read the stored figures; "
                f"run `{COMMAND} --write before` first"
            ) from error
        return cls(
            code=stored.code,
            overall=Tally(*stored.overall),
            dimensions={d: Tally(*pair) for d, pair in stored.dimensions.items()},
            rules={r: Tally(*pair) for r, pair in stored.rules.items()},
        )


def _code_version() -> str:
    """The commit of the commlint being measured (its checkout may be another worktree)."""
    source = Path(commlint.__file__).resolve().parent
    try:
        done = subprocess.run(
            ["git", "-C", str(source), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def missed(messages: dict[str, RecallMessage], found: dict[str, set[str]]) -> dict[str, list[str]]:
    """Expected findings not reported: message file name -> rule ids, in label order."""
    return {
        name: gaps
        for name, message in messages.items()
        if (gaps := [rule for rule in message.findings if rule not in found[name]])
    }


def sentence_of(text: str, words: str) -> str:
    """The sentence of `text` that holds `words`, looked for in its paragraph (squashed)."""
    words = _squash(words)
    flat = next((p for p in map(_squash, text.split("\n\n")) if words in p), words)
    at = flat.find(words)
    start = max(flat.rfind(mark, 0, at) for mark in (". ", "? ", "! ", ": "))
    ends = [e for mark in (". ", "? ", "! ") if (e := flat.find(mark, at + len(words))) >= 0]
    return flat[start + 2 if start >= 0 else 0 : min(ends) + 1 if ends else len(flat)]


def misses_by_rule(
    messages: dict[str, RecallMessage], found: dict[str, set[str]], reasons: Misses
) -> str:
    """The misses as Markdown, grouped by rule: message file, sentence and the listed reason."""
    by_rule: dict[str, list[str]] = defaultdict(list)
    for name, rules in missed(messages, found).items():
        for rule in rules:
            sentence = sentence_of(messages[name].text, messages[name].evidence[rule])
            reason = reasons.get(name, {}).get(rule, "not listed in misses.yml")
            by_rule[rule].append(
                f"- `{name}` (kind `{messages[name].kind.value}`): "
                f'"{_squash(messages[name].evidence[rule])}" in: {sentence}\n  ({reason})'
            )
    return "\n\n".join(
        f"### `{rule}` ({len(lines)})\n\n" + "\n".join(lines)
        for rule, lines in sorted(by_rule.items())
    )


PLACEHOLDER = "reason to be written"
MISSES_HEADER = f"""\
# Expected findings commlint does not report yet, per message file: rule id -> one-line reason.
# tests/corpora/test_recall.py fails when a finding listed here IS reported, or when one missed
# is not listed, so the list stays honest and shrinks as the rules improve. Regenerate it with
# `{COMMAND} --update-misses`: reasons already written are kept; a new miss gets
# "({PLACEHOLDER})": replace that with why it is missed.
"""


def update_misses(
    messages: dict[str, RecallMessage], found: dict[str, set[str]], path: Path = MISSES
) -> int:
    """Rewrite the misses file from what is missed now, keeping the reasons already written."""
    old = load_misses(path)

    def placeholder(name: str, rule: str) -> str:
        return f'not detected yet: "{_squash(messages[name].evidence[rule])}" ({PLACEHOLDER})'

    current = {
        name: {rule: old.get(name, {}).get(rule) or placeholder(name, rule) for rule in rules}
        for name, rules in missed(messages, found).items()
    }
    body = yaml.safe_dump(current, sort_keys=True, allow_unicode=True, width=1000)
    path.write_text(MISSES_HEADER + body, encoding="utf-8")
    return sum(len(rules) for rules in current.values())


def _cell(tally: Tally | None) -> str:
    return tally.cell() if tally else "-"


def _table(
    name: str, before: dict[str, Tally], after: dict[str, Tally] | None, codes: tuple[str, str]
) -> str:
    rows = [
        f"| `{key}` | {_cell(before.get(key))} | {_cell(after.get(key) if after else None)} |"
        for key in sorted(set(before) | set(after or {}))
    ]
    head = f"| {name} | before (`{codes[0]}`) | after (`{codes[1]}`) |\n|---|---|---|"
    return head + "\n" + "\n".join(rows)


def section(
    before: Figures, after: Figures | None, messages: int, listed: int, relabelled: int
) -> str:
    """The `recall` section of docs/validation.md: the before figures, and after if measured."""
    codes = (before.code, after.code if after else "not measured yet")
    tables = [
        _table(
            "overall",
            {"all rules": before.overall},
            {"all rules": after.overall} if after else None,
            codes,
        ),
        _table("dimension", before.dimensions, after.dimensions if after else None, codes),
        _table("rule", before.rules, after.rules if after else None, codes),
    ]
    return f"""## Recall on the project's own messages with known problems

Data: `corpora/recall/` ({messages} messages of 40 to 150 words written by the project,
each with one to three deliberate problems, labelled from `../shared/PRACTICE.md` with the
findings a support lead would expect, and the words each is about, before commlint was run on
them; labels changed after, each with its reason as a comment in the file: {relabelled}).
Command: `{COMMAND} --write before|after` (each message checked with its labelled
kind, default configuration). Recall = expected findings reported / expected findings; a
dimension is the rule id's prefix (`security` is the credentials check). "Before" is the code
before the issue-19 rule fixes, stored in `validation/judgements/recall-before.json`. Expected
findings still missed are listed with a reason in `corpora/recall/misses.yml` ({listed} now),
which `tests/corpora/test_recall.py` keeps honest: it fails when a listed miss is reported, or
when an unlisted one is not. The rule fixes were made with the list of misses at hand, so
"after" is not an independent test of recall; new misses need new messages.

{chr(10).join(chr(10) + table for table in tables).strip()}
"""


def holdout_section(before: Figures, after: Figures | None, messages: int, listed: int) -> str:
    """The `recall-holdout` section: the held-out messages' figures, before and after."""
    codes = (before.code, after.code if after else "not measured yet")
    overall = _table(
        "overall",
        {"all rules": before.overall},
        {"all rules": after.overall} if after else None,
        codes,
    )
    dimensions = _table("dimension", before.dimensions, after.dimensions if after else None, codes)
    return f"""## Recall on held-out messages

Data: `corpora/recall-holdout/` ({messages} messages written and labelled from
`../shared/PRACTICE.md` in the same way as `corpora/recall/`, but after the first round of rule
fixes, and never shown to the people making the second round: they saw neither the messages
nor their misses). Command: `{COMMAND} --holdout --write before|after`; "before" is the code
before the issue-19 rule fixes. Misses are listed in `corpora/recall-holdout/misses.yml`
({listed} now) and checked by `tests/corpora/test_recall.py` like the main set's.

{overall}

{dimensions}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", choices=["before", "after"], help="write docs/validation.md")
    group.add_argument("--update-misses", action="store_true", help=f"rewrite {MISSES.name}")
    parser.add_argument("--holdout", action="store_true", help=f"use {HOLDOUT.name}/")
    args = parser.parse_args(argv)
    folder, stored = (HOLDOUT, HOLDOUT_BEFORE) if args.holdout else (RECALL, BEFORE)
    misses_file = folder / MISSES.name
    try:
        messages = load_recall(folder)
        if not messages:
            raise CorpusError(f"{_shown(folder)}: no recall messages (*.yml) found")
        found = found_findings(messages)
        now = Figures.of(messages, found)
        if args.update_misses:
            written = update_misses(messages, found, misses_file)
            print(f"{written} misses written to {misses_file.relative_to(ROOT)}")
            return 0
        listed = sum(len(rules) for rules in load_misses(misses_file).values())
        relabelled = sum(RELABELLED in p.read_text("utf-8") for p in folder.glob("*.yml"))
        if args.write == "before":
            now.store(stored)
        if args.write:
            before = Figures.load(stored)
            after = now if args.write == "after" else None
            if args.holdout:
                text = holdout_section(before, after, len(messages), listed)
            else:
                text = section(before, after, len(messages), listed, relabelled)
            write_section("recall-holdout" if args.holdout else "recall", text)
    except CommlintError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"commlint {commlint.__file__} ({now.code}), {len(messages)} messages")
    print(f"recall {now.overall.cell()}")
    for name, tally in now.dimensions.items():
        print(f"  {name}: {tally.cell()}")
    print("\n## Misses by rule\n")
    print(misses_by_rule(messages, found, load_misses()) or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
