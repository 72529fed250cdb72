"""Generated files must match their sources: docs/rules.md and docs/report.schema.json."""

from __future__ import annotations

import json

from commlint.report import Report, report_json_schema_text
from commlint.rules.docs import render_rules_page
from commlint.rules.loader import builtin_rules_dir, load_rules
from tests.conftest import ROOT

HINT = "stale: run `python scripts/generate_docs.py`"


def test_generated_rules_doc_is_current() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render_rules_page(load_rules([builtin_rules_dir()])), HINT


def test_generated_schema_is_current() -> None:
    current = (ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8")
    assert current == report_json_schema_text(), HINT
    assert set(json.loads(current)["properties"]) == set(Report.model_fields)
