"""report.html: one self-contained page (inline SVG charts and CSS) a QA team can open or mail.

Nothing is loaded from the network; every value from the archive is HTML-escaped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from commlint.audit import charts
from commlint.audit.summary import METRICS, PERCENTILES, Aggregate, Example

_CSS = """
body { font: 15px/1.5 system-ui, sans-serif; color: #222; max-width: 62rem; margin: 2rem auto;
       padding: 0 1rem; }
h1 { margin-bottom: 0; } .meta { color: #666; margin-top: 0.2rem; }
.cards { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1.2rem 0; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6rem 1rem; min-width: 8rem; }
.card b { display: block; font-size: 1.6rem; }
figure { margin: 0.5rem 0 1.5rem; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.25rem 0.7rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.finding { border-left: 4px solid #d95f02; padding: 0.2rem 0 0.2rem 1rem; margin: 1.2rem 0; }
.finding h3 { margin: 0; font-size: 1rem; } .finding p { margin: 0.3rem 0; }
.example { margin: 0.4rem 0 0.6rem; } .where { color: #777; font-size: 0.85rem; }
mark { background: #fde0c5; } ins { background: #d9f2d9; text-decoration: none; }
del { color: #999; }
code { font-size: 0.9em; }
"""


def _table(summary: Aggregate) -> str:
    head = "".join(f"<th>p{p}</th>" for p in PERCENTILES)
    rows = []
    for metric in METRICS:
        histogram = summary.everyone.scores[metric]
        mean = histogram.mean
        cells = "".join(f"<td>{histogram.percentile(p)}</td>" for p in PERCENTILES)
        label = "overall" if metric == "score" else metric
        mean_text = f"{mean:.1f}" if mean is not None else ""
        rows.append(f"<tr><td>{label}</td><td>{mean_text}</td>{cells}</tr>")
    return f"<table><tr><th>dimension</th><th>mean</th>{head}</tr>{''.join(rows)}</table>"


def _example(item: Example) -> str:
    match = escape(item.match) if item.match else "<i>(missing)</i>"
    shown = f"{escape(item.before)}<mark>{match}</mark>{escape(item.after)}"
    lines = [f'<div class="example"><span class="where">{escape(item.where)}</span><br>{shown}']
    if item.suggestion is not None:
        removed = f"<del>{escape(item.match)}</del>"
        rewrite = f"<ins>{escape(item.suggestion)}</ins>" if item.suggestion else removed
        lines.append(f"<br>→ {escape(item.before)}{rewrite}{escape(item.after)}")
    return "".join(lines) + "</div>"


def _findings(summary: Aggregate, descriptions: dict[str, str], limit: int) -> str:
    total = summary.everyone.messages or 1
    parts = []
    for rule, count in summary.everyone.top_findings(limit):
        info = summary.rules.get(rule, {})
        examples = summary.examples.get(rule, [])
        fix = next((e.fix for e in examples if e.fix), None)
        parts.append(
            f'<div class="finding"><h3><code>{escape(rule)}</code> · {count:,} messages '
            f"({100 * count / total:.0f}%) · {escape(str(info.get('severity', '')))}</h3>"
            f"<p>{escape(descriptions.get(rule, ''))}</p>"
            + (f"<p><b>What to do:</b> {escape(fix)}</p>" if fix else "")
            + "".join(_example(e) for e in examples)
            + "</div>"
        )
    return "".join(parts)


def _errors(summary: Aggregate) -> str:
    if not summary.errors:
        return ""
    rows = "".join(
        f"<tr><td>{escape(str(e.get('source')))}:{e.get('line')}</td>"
        f"<td style='text-align:left'>{escape(str(e.get('reason')))}</td></tr>"
        for e in summary.error_samples
    )
    more = summary.errors - len(summary.error_samples)
    tail = f"<p>… and {more:,} more in <code>errors.jsonl</code>.</p>" if more > 0 else ""
    return (
        f"<h2>Rows that could not be checked ({summary.errors:,})</h2>"
        f"<table><tr><th>row</th><th style='text-align:left'>reason</th></tr>{rows}</table>{tail}"
    )


def render(summary: Aggregate, *, title: str, descriptions: dict[str, str], top: int = 10) -> str:
    """The whole page."""
    everyone = summary.everyone
    passed = 100 * everyone.passed / everyone.messages if everyone.messages else 0.0
    mean = everyone.scores["score"].mean
    cards = [
        ("messages checked", f"{everyone.messages:,}"),
        ("passed", f"{passed:.0f}%"),
        ("mean score", f"{mean:.0f}" if mean is not None else "none"),
        ("rows not checked", f"{summary.errors:,}"),
    ]
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">commlint audit · {datetime.now().strftime("%Y-%m-%d %H:%M")}</p>',
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{v}</b>{k}</div>' for k, v in cards)
        + "</div>",
    ]
    if everyone.messages:
        body += [
            "<h2>Scores</h2>",
            _table(summary),
            f"<figure>{charts.distributions(summary)}</figure>",
        ]
        for column in summary.group_columns:
            body += [
                f"<h2>By {escape(column)}</h2>",
                f"<figure>{charts.groups(summary, column)}</figure>",
            ]
        trend = charts.trend(summary)
        if trend is not None:
            body += ["<h2>Over time</h2>", f"<figure>{trend}</figure>"]
        if summary.unreadable_dates:
            body.append(
                f"<p>Messages with a date that could not be read: {summary.unreadable_dates:,} "
                "(see <code>date_raw</code> in results.jsonl).</p>"
            )
        if everyone.findings:
            body += [
                "<h2>What to coach: the most frequent findings</h2>",
                f"<figure>{charts.top_findings(summary, top)}</figure>",
                _findings(summary, descriptions, top),
            ]
    body.append(_errors(summary))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
