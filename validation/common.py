"""What the validation scripts share: where `../shared/corpora` is, and writing results.

Each script measures commlint against a public human-labelled dataset and writes its own
section of `docs/validation.md` (between `<!-- BEGIN name -->` and `<!-- END name -->`), so
the doc always shows the figures of the last run next to the command that produced them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "validation.md"


def shared_corpora() -> Path | None:
    """`$COMMLINT_SHARED/corpora`, else `../shared/corpora` beside the checkout, if present."""
    base = Path(os.environ.get("COMMLINT_SHARED", ROOT.parent / "shared"))
    corpora = base / "corpora"
    return corpora if corpora.is_dir() else None


def require_corpus(*parts: str) -> Path:
    """The path of a shared dataset; exits 0 with a message when it is absent."""
    corpora = shared_corpora()
    path = corpora.joinpath(*parts) if corpora else None
    if path is None or not path.exists():
        print(f"skipped: shared corpus {'/'.join(parts)} not found (../shared/corpora)")
        sys.exit(0)
    return path


def write_section(name: str, markdown: str) -> None:
    """Replace the `name` section of docs/validation.md (appending it if new)."""
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    block = f"{begin}\n{markdown.strip()}\n{end}"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Validation\n"
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote the {name!r} section of {DOC.relative_to(ROOT)}")


@dataclass(frozen=True)
class Confusion:
    """Counts of a binary detector against gold labels, with precision, recall and F1."""

    tp: int
    fp: int
    fn: int

    @classmethod
    def of(cls, predicted: Sequence[bool], gold: Sequence[bool]) -> Confusion:
        pairs = list(zip(predicted, gold, strict=True))
        return cls(
            tp=sum(p and g for p, g in pairs),
            fp=sum(p and not g for p, g in pairs),
            fn=sum(g and not p for p, g in pairs),
        )

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
