"""The page: one self-contained HTML file (style and script inline, no CDN) that shows a draft
with its findings highlighted, a bar per dimension and the findings by dimension.

The service serves it empty, to paste drafts into; `commlint check --format html` fills it with
one message and its report, so both show the same view.
"""

from __future__ import annotations

import html
import json
from importlib import resources

from commlint.report import MessageKind, Report


def _asset(name: str) -> str:
    return (resources.files("commlint.service") / "static" / name).read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    """JSON safe inside a `<script>` element: no `<` can end it early."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def render_page(text: str | None = None, report: Report | None = None) -> str:
    """The page; with `text` and `report` it shows that check and has no editor."""
    kinds = "".join(
        f'<option value="{kind.value}">{html.escape(kind.value.replace("_", " "))}</option>'
        for kind in MessageKind
    )
    data = None if report is None else {"text": text, "report": report.model_dump(mode="json")}
    return (
        _asset("page.html")
        .replace("/*STYLE*/", _asset("page.css"))
        .replace("<!--KINDS-->", kinds)
        .replace("/*SCRIPT*/", _asset("page.js"))
        .replace("/*DATA*/null", _script_json(data))  # last: the draft may hold any text
    )
