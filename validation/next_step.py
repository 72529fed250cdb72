"""The "reader action" detector against sentences labelled for asking the recipient to act.

The reader-action detector (`reader_actions` in `commlint.rules.functions.expectations`)
recognises what the reader must do (an instruction, "could you...", "you'll need to...") or that
they need do nothing. Two rules report what it finds: a request that says when or what it does
for the reader is an `expectations.reader-action` strength, a bare one an
`expectations.unexplained-request` finding, and one in between neither; so the detector itself
is measured here. `next_step/ask_train.tsv` holds 3,657 email sentences labelled Yes/No for
whether they ask the recipient to act. A sentence is predicted Yes when the detector finds a
request in it. Precision and recall are against the Yes label.

No rule or word list was fitted to this dataset. Run from the repository root:

    python -m validation.next_step
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

from commlint import Linter
from commlint.rules.functions.expectations import reader_actions
from commlint.rules.loader import builtin_rules_dir, load_rules
from validation.common import Confusion, require_corpus, write_section

COMMAND = "python -m validation.next_step"
LEXICON = "expectations-action-verbs"


def _load(path: Path) -> tuple[list[str], list[bool]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if len(row) >= 2]
    return [row[1] for row in rows], [row[0].strip() == "Yes" for row in rows]


def _shape(text: str) -> str:
    """A coarse, content-free description of a sentence, to group the errors by."""
    stripped = text.strip()
    if stripped.endswith("?"):
        return "question"
    if not stripped[:1].isalpha():
        return "starts with a symbol or number"
    return "statement or instruction"


def main() -> None:
    path = require_corpus("next_step", "ask_train.tsv")
    texts, asks = _load(path)
    verbs = frozenset(load_rules([builtin_rules_dir()]).lexicons[LEXICON].texts())
    pipeline = Linter().pipeline
    began = time.perf_counter()
    found = [bool(reader_actions(doc, verbs)) for doc in pipeline.nlp.pipe(texts, batch_size=128)]
    seconds = time.perf_counter() - began
    counts = Confusion.of(found, asks)
    tp, fp, fn = counts.tp, counts.fp, counts.fn
    precision, recall, f1 = counts.precision, counts.recall, counts.f1
    missed = Counter(_shape(t) for t, f, a in zip(texts, found, asks, strict=True) if a and not f)
    wrong = Counter(_shape(t) for t, f, a in zip(texts, found, asks, strict=True) if f and not a)

    def table(counts: Counter[str]) -> str:
        return ", ".join(f"{shape} {n}" for shape, n in counts.most_common())

    write_section(
        "next_step",
        f"""## Reader action vs sentences labelled "asks the reader to act"

Data: `../shared/corpora/next_step/ask_train.tsv` ({len(texts):,} email sentences, {sum(asks):,}
labelled Yes; Apache-2.0). Command: `{COMMAND}` (the reader-action detector with the
`{LEXICON}` lexicon, on `{pipeline.name}`; {seconds:.0f} s). A sentence is predicted Yes
when the detector finds a request in it, whether `expectations.reader-action` credits it,
`expectations.unexplained-request` flags it, or (a request for our own process) neither.

| measure | value |
|---|---|
| precision | **{precision:.1%}** ({tp:,} of {tp + fp:,} sentences flagged) |
| recall | **{recall:.1%}** ({tp:,} of {tp + fn:,} Yes sentences) |
| F1 | {f1:.3f} |

Missed Yes sentences by shape: {table(missed)}. False alarms by shape: {table(wrong)}.

What the errors show (from reading samples of each, not quoted here). Most false alarms are
real instructions that the label counts as No: calls to action in marketing mail ("click
here..."), conditional instructions in footers (unsubscribe or contact-us lines starting with
"if you..."), and sign-off imperatives. Most misses are indirect requests the rule leaves alone
on purpose or cannot see: hedged suggestions ("you may want to..."), wishes ("I would like to
meet next week"), questions that ask for a decision without a verb of action, and requests
buried mid-sentence after a long clause. For support replies the precision side matters more:
a strength should not be given for an instruction that is not there.
""",
    )
    print(f"precision {precision:.1%}  recall {recall:.1%}  F1 {f1:.3f}")


if __name__ == "__main__":
    main()
