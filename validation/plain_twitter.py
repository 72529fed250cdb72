"""How often the plain_language rules fire on real support replies, and a sample of what fired.

The 1,139 agent replies in `twitter_care/` (IBM customer-care conversations, 25 companies) have
no labels, so this is a false-positive check: the share of replies with a plain-language finding
(and with a finding that costs points), per rule, and a fixed sample of the findings, which were
read and judged by hand (the judgement is in docs/validation.md). Run from the repository root:

    python -m validation.plain_twitter
"""

from __future__ import annotations

import csv
import random
from collections import Counter

from commlint import Config, Linter, Severity
from validation.common import require_corpus, write_section

COMMAND = "python -m validation.plain_twitter"
AGENT_ROLES = frozenset({"agent", "agent_final_url"})
SAMPLE = 40
SEED = 7
JUDGEMENT = """\
Read and judged (the sample above and the full list of findings): the findings that cost points
are mostly IT acronyms in replies that ask for system details ("OS, CPU, RAM, GPU"), which are
right for a general reader and drop to `info` with `audience = "technical"`, and product or
brand acronyms (PSN, GTA) that a team adds to `allow_words`. Fixed after reading earlier runs:
agents' sign-off initials after a "^" or "*" were taken for acronyms; upper-case constants inside
link query strings for technical details; a long link counted as a word of many
syllables in the reading grade; present-tense statives ("the phone is cracked") for passives
that hide who acted; "cache" in "clear your cache and cookies" for jargon; and names the tagger
missed after a greeting for rare words. Still wrong and not ours to fix here: the
`long-paragraph` metric counts an @mention or a bare link as a sentence, so a three-sentence
reply can pass its limit of five (it is `info`, so it costs nothing). `wordy-phrase` hits
("assist", "in order to") are right by plain-language guides, and `info`.
"""


def agent_replies() -> list[str]:
    path = require_corpus("twitter_care", "conversations_utterances.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row["role"] in AGENT_ROLES]


def main() -> None:
    replies = agent_replies()
    linter = Linter(Config(select=["plain_language"]))
    any_finding = costly = 0
    per_rule: Counter[str] = Counter()
    fired: list[tuple[str, int, str, str]] = []
    for row, (text, report) in enumerate(zip(replies, linter.check_many(replies), strict=True)):
        rules = {f.rule for f in report.findings}
        any_finding += bool(rules)
        costly += any(f.severity is not Severity.INFO for f in report.findings)
        per_rule.update(rules)
        fired.extend((f.rule, row, f.text, text) for f in report.findings)
    total = len(replies)
    sample = random.Random(SEED).sample(fired, min(SAMPLE, len(fired)))
    # The dataset's text stays out of the project: the sample is printed here for the person
    # running the script to read and judge; the doc names each finding by rule and reply row.
    for rule, row, match, text in sorted(sample):
        print(f"{rule}\t{row}\t{' '.join(match.split())}\t{' '.join(text.split())}")
    rows = "\n".join(f"| `{rule}` | {row} |" for rule, row, _, _ in sorted(sample))
    rule_rows = "\n".join(
        f"| `{rule}` | {n} | {n / total:.1%} |" for rule, n in per_rule.most_common()
    )
    write_section(
        "plain-twitter",
        f"""## Plain language on real agent replies (twitter_care)

Command: `{COMMAND}` (pipeline `{linter.pipeline.name}`, only the plain_language rules).

Of {total} agent replies, **{any_finding} ({any_finding / total:.1%})** have a plain-language
finding and **{costly} ({costly / total:.1%})** one that costs points (severity above `info`).

| rule | replies | share |
|---|---|---|
{rule_rows}

A sample of {len(sample)} findings (seed {SEED}), read and judged; the script prints each with
its text (the dataset's text is not copied here), and the table names the reply by its position
among the agent rows:

| rule | agent reply row |
|---|---|
{rows}

{JUDGEMENT}""",
    )


if __name__ == "__main__":
    main()
