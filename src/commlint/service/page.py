"""The page: one self-contained HTML file (style and script inline, no CDN) that shows a draft
with its findings highlighted, the verdict and why, a bar per dimension on the band scale, and
the findings by dimension.

The service serves it empty, to paste drafts into; `commlint check --format html` fills it with
one message and its report, so both show the same view. The band limits and meanings (from
`rules/scoring.yml`) and the pass marks (`min_score`, `dimension_floor`, `min_dimension`, from
the config) go in as JSON, so the page draws the same lines the verdict was decided by.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

from commlint.config import Config
from commlint.report import MessageKind, Report
from commlint.scoring_profile import scoring_profile

_KIND_NOUNS = {
    MessageKind.GENERAL: "general message",
    MessageKind.SCHEDULED_WORK: "scheduled work notice",
}


def _asset(name: str) -> str:
    return (resources.files("commlint.service") / "static" / name).read_text(encoding="utf-8")


def _script_json(value: object) -> str:
    """JSON safe inside a `<script>` element: no `<` can end it early."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def _a(kind: MessageKind) -> str:
    """The kind as a noun with its article: "an incident update", "a general message"."""
    noun = _KIND_NOUNS.get(kind, kind.value.replace("_", " "))
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def page_scale(config: Config | None = None) -> dict[str, Any]:
    """What the page draws the bars against: the bands, highest first, and the pass marks."""
    config = config or Config()
    return {
        "bands": [band.model_dump(mode="json") for band in scoring_profile().bands],
        "min_score": config.min_score,
        "dimension_floor": config.dimension_floor,
        "min_dimension": {str(d): n for d, n in config.min_dimension.items()},
        "kinds": {kind.value: _a(kind) for kind in MessageKind},
    }


def render_page(
    text: str | None = None, report: Report | None = None, config: Config | None = None
) -> str:
    """The page; with `text` and `report` it shows that check and has no editor.

    `config` gives the pass marks drawn on the bars (the defaults without it); pass the one the
    report was checked with.
    """
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
        .replace("/*SCALE*/null", _script_json(page_scale(config)))
        .replace("/*DATA*/null", _script_json(data))  # last: the draft may hold any text
    )
