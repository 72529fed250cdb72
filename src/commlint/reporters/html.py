"""One message's report as a standalone HTML page: the service's page, filled in and read-only.

It carries its own style and script, so it opens offline from a file or an attachment.
"""

from __future__ import annotations

from commlint.config import Config
from commlint.report import Report
from commlint.service.page import render_page


def format_report(report: Report, text: str, config: Config | None = None) -> str:
    """The page for `report`; `text` is the checked text its offsets point into, and `config`
    the settings it was checked with (the pass marks drawn on the bars)."""
    return render_page(text, report, config)
