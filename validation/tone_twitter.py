"""How often the tone rules fire on real support replies (IBM customer-care Twitter corpus).

The agent replies in `twitter_care/` were written by the support teams of 25 companies and
sent to customers. They are not labelled, but they are professional replies, so a tone finding
on one is most likely a false positive: the share of replies with any tone finding is an upper
bound on the false-positive rate. The per-rule counts show where to look. Run from the
repository root:

    python -m validation.tone_twitter
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from commlint import Config, Linter
from validation.common import require_corpus, write_section

COMMAND = "python -m validation.tone_twitter"


def agent_replies(path: Path) -> list[str]:
    """The text of every row written by a company's support team (`role` agent...)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["text"] for row in csv.DictReader(handle) if row["role"].startswith("agent")]


def main() -> None:
    path = require_corpus("twitter_care", "conversations_utterances.csv")
    replies = agent_replies(path)
    linter = Linter(Config(select=["tone"]))
    per_rule: Counter[str] = Counter()
    flagged = 0
    for report in linter.check_many(replies, kind="general", batch_size=128):
        rules = {finding.rule for finding in report.findings}
        per_rule.update(rules)
        flagged += bool(rules)
    rate = flagged / len(replies)
    rows = "\n".join(
        f"| `{rule}` | {count} | {count / len(replies):.1%} |"
        for rule, count in per_rule.most_common()
    )
    write_section(
        "tone-twitter",
        f"""## Tone findings on real support replies

Data: the {len(replies):,} agent replies in the IBM customer-care Twitter corpus
(`../shared/corpora/twitter_care/conversations_utterances.csv`, Apache-2.0), written by the
support teams of 25 companies. Command: `{COMMAND}` (tone rules only, checked as `general`, on
`{linter.pipeline.name}`).

The replies are unlabelled but professional, so a tone finding on one is taken as a false
positive; this rate is an upper bound (a few replies are curt).

**Replies with at least one tone finding: {flagged} of {len(replies):,} ({rate:.1%}).**

| rule | replies | share |
|---|---|---|
{rows}

Read and judged after the fourth round of politeness rules (all the findings listed): none
of its new or widened findings fires here (`tone.echo-question`, stacked question marks,
"... or what?", "Since when", an opening "Seriously,", a "why" question after "And" or
"But"); the chatspeak hits are "pls", "Thx" and "u", which the rule is for. Fixed after
reading them: `tone.bare-demand` took offers for demands ("give it a try and keep us posted",
"send us any questions") and missed a reason given as "for further assistance"; and
`tone.shouting` took "WHO" (the World Health Organization) for shouting, now a known acronym.
Still flagged and borderline: a greeting typed in capitals ("HI"), "!!" after thanks, a menu
label quoted in capitals, and "You need to be able to sign in" (`tone.confronting-you`). The
figure here before this round (24 replies) was stale: the code before the round gave 22.
After the third round (`docs/validation.md`, politeness
section): of the new findings only `tone.challenge` fired here, twice, on "what exactly". Once
it sat inside a polite request for a screenshot, a false positive, so the rule now needs the
question to open with it; the other opens a clarifying question right after an apology, which
is borderline. `tone.blunt-question` no longer fires on yes/no questions, which removed its two
hits here.
""",
    )
    print(f"tone findings on {flagged} of {len(replies)} agent replies ({rate:.1%})")


if __name__ == "__main__":
    main()
