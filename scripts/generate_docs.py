"""Regenerate the generated docs: docs/rules.md and docs/report.schema.json.

python scripts/generate_docs.py          # write them
python scripts/generate_docs.py --check  # exit 1 if they are stale
"""

from __future__ import annotations

import sys
from pathlib import Path

from commlint.report import report_json_schema_text
from commlint.rules.docs import render_rules_page
from commlint.rules.loader import builtin_rules_dir, load_rules

ROOT = Path(__file__).resolve().parents[1]


def generated() -> dict[Path, str]:
    return {
        ROOT / "docs" / "rules.md": render_rules_page(load_rules([builtin_rules_dir()])),
        ROOT / "docs" / "report.schema.json": report_json_schema_text(),
    }


def main(argv: list[str]) -> int:
    stale = [p for p, text in generated().items() if not p.is_file() or p.read_text() != text]
    if "--check" in argv:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale; run python scripts/generate_docs.py")
        return 1 if stale else 0
    for path, text in generated().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
