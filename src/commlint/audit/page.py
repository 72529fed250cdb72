"""report.html: one self-contained page (inline SVG charts and CSS) a QA team can open or mail.

Nothing is loaded from the network; every value from the archive is HTML-escaped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from commlint.audit import charts
from commlint.audit.summary import (
    METRICS,
    PERCENTILES,
    Aggregate,
    Example,
    GroupStats,
    Lowest,
    bands,
    breakdowns,
)

GROUPS_IN_TABLE = 30

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
.bands { display: flex; height: 1.6rem; border-radius: 4px; overflow: hidden; margin: 0.3rem 0; }
.bands div { color: #222; font-size: 0.8rem; line-height: 1.6rem; padding-left: 0.4rem;
             box-sizing: border-box; flex: none;
             white-space: nowrap; overflow: hidden; }
.legend { color: #555; font-size: 0.8rem; margin: 0 0 1.2rem; }
.legend span { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px;
               margin: 0 0.3rem 0 0.9rem; vertical-align: -0.1rem; }
.legend span:first-child { margin-left: 0; }
td.revise { font-weight: bold; } .note { color: #666; font-size: 0.9rem; }
table.lowest ul { margin: 0; padding-left: 1.1rem; } table.lowest td { vertical-align: top; }
.scroll { overflow-x: auto; } table.wide { font-size: 0.85rem; }
table.wide th, table.wide td { padding: 0.25rem 0.45rem; }
"""


def _pct(value: float | None) -> str:
    return f"{value:.0f}%" if value is not None else ""


def _band_strip(stats: GroupStats) -> str:
    """The band shares as one bar, worst first, with what each band means below it."""
    segments = []
    for band in reversed(bands()):
        share = stats.band_pct(band.name.value) or 0.0
        if share:
            colour = charts.BAND_COLOURS[band.name.value]
            segments.append(
                f'<div style="width:{share:.2f}%;background:{colour}" '
                f'title="{band.name.value}: {share:.1f}%">'
                + (f"{band.name.value} {share:.0f}%" if share >= 8 else "")
                + "</div>"
            )
    legend = "".join(
        f'<span style="background:{charts.BAND_COLOURS[band.name.value]}"></span>'
        f"<b>{band.name.value}</b> {_range(band.name.value)}: {escape(band.meaning)}"
        for band in bands()
    )
    return f'<div class="bands">{"".join(segments)}</div><p class="legend">{legend}</p>'


def _range(name: str) -> str:
    limits = bands()
    for index, band in enumerate(limits):
        if band.name.value == name:
            top = limits[index - 1].min - 1 if index else 100
            return f"{band.min}-{top}"
    return ""


def _group_table(column: str, values: dict[str, GroupStats], *, dimensions: bool) -> str:
    """Groups worst first: messages, share to revise, band shares, mean score (and, with
    `dimensions`, each dimension's mean where it applies)."""
    names = [band.name.value for band in bands()]
    head = (
        f"<th>{escape(column)}</th><th>messages</th><th>to revise</th>"
        + "".join(f"<th>{name}</th>" for name in names)
        + "<th>mean score</th>"
        + ("".join(f"<th>{_LABEL[m]}</th>" for m in METRICS[1:]) if dimensions else "")
    )
    shown = charts.worst_first(values, GROUPS_IN_TABLE)
    rows = []
    for name, stats in shown:
        mean = stats.scores["score"].mean
        cells = [
            f"<td>{escape(name)}</td><td>{stats.messages:,}</td>",
            f'<td class="revise">{_pct(stats.revise_pct)}</td>',
            *(f"<td>{_pct(stats.band_pct(band))}</td>" for band in names),
            f"<td>{mean:.0f}</td>" if mean is not None else "<td></td>",
        ]
        if dimensions:
            for metric in METRICS[1:]:
                m = stats.scores[metric].mean
                cells.append(f"<td>{m:.0f}</td>" if m is not None else "<td>n/a</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    more = len(values) - len(shown)
    tail = (
        f'<p class="note">The {len(shown)} largest of {len(values):,} groups; every group is '
        "in <code>summary.csv</code>.</p>"
        if more > 0
        else ""
    )
    wide = ' class="wide"' if dimensions else ""
    return f'<div class="scroll"><table{wide}><tr>{head}</tr>{"".join(rows)}</table></div>{tail}'


def _reasons(summary: Aggregate, limit: int = 10) -> str:
    everyone = summary.everyone
    if not everyone.reasons:
        return ""
    rows = "".join(
        f"<tr><td>{escape(reason)}</td><td>{count:,}</td><td>{_pct(everyone.pct(count))}</td>"
        f"<td>{_pct(100 * count / everyone.revise if everyone.revise else None)}</td></tr>"
        for reason, count in everyone.top_reasons(limit)
    )
    return (
        "<h2>Why messages are to revise</h2>"
        '<p class="note">A message can have several reasons; each is counted once per message.'
        "</p><table><tr><th>reason</th><th>messages</th><th>% of all</th>"
        f"<th>% of those to revise</th></tr>{rows}</table>"
    )


_LABEL = {m: m.replace("_", " ") for m in METRICS} | {"score": "overall"}


def _table(summary: Aggregate) -> str:
    """The overall score and each dimension, over the messages it applies to."""
    head = "".join(f"<th>p{p}</th>" for p in PERCENTILES)
    total = summary.everyone.messages
    rows = []
    for metric in METRICS:
        histogram = summary.everyone.scores[metric]
        mean = histogram.mean
        cells = "".join(
            f"<td>{'' if (v := histogram.percentile(p)) is None else v}</td>" for p in PERCENTILES
        )
        applies = f"{histogram.count:,} ({_pct(100 * histogram.count / total)})" if total else ""
        mean_text = f"{mean:.1f}" if mean is not None else ""
        rows.append(
            f"<tr><td>{_LABEL[metric]}</td><td>{applies}</td><td>{mean_text}</td>{cells}</tr>"
        )
    return (
        "<table><tr><th>dimension</th><th>applies to</th><th>mean</th>"
        f"{head}</tr>{''.join(rows)}</table>"
    )


def _example(item: Example) -> str:
    match = escape(item.match) if item.match else "<i>(missing)</i>"
    shown = f"{escape(item.before)}<mark>{match}</mark>{escape(item.after)}"
    lines = [f'<div class="example"><span class="where">{escape(item.where)}</span><br>{shown}']
    if item.suggestion is not None:
        removed = f"<del>{escape(item.match)}</del>"
        rewrite = f"<ins>{escape(item.suggestion)}</ins>" if item.suggestion else removed
        lines.append(f"<br>→ {escape(item.before)}{rewrite}{escape(item.after)}")
    return "".join(lines) + "</div>"


def _charted(column: str, values: dict[str, GroupStats]) -> str:
    """Say so when the charts of a group column leave groups out, and where they all are."""
    total, drawn = len(values), min(len(values), charts.GROUPS_IN_CHART)
    if total <= drawn:
        return ""
    where = "the table below and " if total <= GROUPS_IN_TABLE else ""
    return (
        f'<p class="note">The charts show the {drawn} largest of {total:,} '
        f"{escape(column)} groups; all {total:,} are in {where}<code>summary.csv</code>.</p>"
    )


def _coach_table(summary: Aggregate, limit: int) -> str:
    total = summary.everyone.messages or 1
    rows = "".join(
        f"<tr><td><code>{escape(rule)}</code></td><td>{points:,.0f}</td><td>{count:,}</td>"
        f"<td>{_pct(100 * count / total)}</td><td>{points / count:.1f}</td></tr>"
        for rule, count, points in summary.everyone.costliest(limit)
    )
    return (
        '<p class="note">Ranked by points lost: the sum of the findings\' impacts on their '
        "dimension scores. A hint that costs nothing comes last, however often it fires.</p>"
        "<table><tr><th>rule</th><th>points lost</th><th>messages</th><th>% of messages</th>"
        f"<th>points per message</th></tr>{rows}</table>"
    )


def _lowest(item: Lowest) -> str:
    where = f"{item.source}:{item.line}"
    name = f"{escape(item.id)} ({escape(where)})" if item.id else escape(where)
    findings = "".join(
        f"<li><code>{escape(rule)}</code> &minus;{points:g}"
        + (f": “{escape(_clip(text))}”" if text else "")
        + "</li>"
        for rule, points, text in item.findings
    )
    return (
        f"<tr><td>{name}</td><td>{item.score}</td><td>{escape(item.kind)}</td>"
        f'<td style="text-align:left"><ul>{findings}</ul>{escape(item.text)}</td></tr>'
    )


def _clip(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def _lowest_table(summary: Aggregate) -> str:
    if not summary.lowest:
        return ""
    return (
        f"<h2>The {len(summary.lowest)} lowest-scoring messages, to read</h2>"
        '<p class="note">With their costliest findings (points lost) and opening words; '
        "every score is in <code>results.jsonl</code>.</p>"
        '<div class="scroll"><table class="lowest"><tr><th>message</th><th>score</th>'
        '<th>kind</th><th style="text-align:left">costliest findings and opening words</th>'
        f"</tr>{''.join(_lowest(item) for item in summary.lowest)}</table></div>"
    )


def _findings(summary: Aggregate, descriptions: dict[str, str], limit: int) -> str:
    total = summary.everyone.messages or 1
    parts = []
    for rule, count, points in summary.everyone.costliest(limit):
        info = summary.rules.get(rule, {})
        examples = summary.examples.get(rule, [])
        fix = next((e.fix for e in examples if e.fix), None)
        parts.append(
            f'<div class="finding"><h3><code>{escape(rule)}</code> · {points:,.0f} points lost '
            f"· {count:,} messages ({100 * count / total:.0f}%) · "
            f"{escape(str(info.get('severity', '')))}</h3>"
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
    mean = everyone.scores["score"].mean
    cards = [
        ("messages checked", f"{everyone.messages:,}"),
        ("to revise", _pct(everyone.revise_pct) or "none"),
        ("ready to send", _pct(everyone.pct(everyone.passed)) or "none"),
        ("mean score", f"{mean:.0f}" if mean is not None else "none"),
        ("rows not checked", f"{summary.errors:,}"),
    ]
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">commlint audit · {datetime.now().strftime("%Y-%m-%d %H:%M")} · '
        f"pass mark {summary.pass_mark}, dimension floor {summary.floor}"
        + "".join(f", {escape(d)} {v}" for d, v in sorted(summary.floors.items()))
        + "</p>",
        '<div class="cards">'
        + "".join(f'<div class="card"><b>{v}</b>{k}</div>' for k, v in cards)
        + "</div>",
    ]
    if everyone.messages:
        body += [
            _band_strip(everyone),
            "<h2>Scores</h2>",
            f"<figure>{charts.distributions(summary)}</figure>",
            _table(summary),
            _reasons(summary),
        ]
        for column, values in breakdowns(summary):
            is_kind = column not in summary.group_columns
            body += [f"<h2>By {escape(column)}</h2>"]
            if not is_kind:
                body += [
                    _charted(column, values),
                    f"<figure>{charts.revise_rates(summary, values)}</figure>",
                ]
            body.append(_group_table(column, values, dimensions=is_kind))
            if not is_kind:
                body += [
                    '<p class="note">Mean score per dimension, over the messages each '
                    "dimension applies to:</p>",
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
                "<h2>What to coach: the findings that cost the most points</h2>",
                f"<figure>{charts.top_findings(summary, top)}</figure>",
                _coach_table(summary, top),
                _findings(summary, descriptions, top),
            ]
        body.append(_lowest_table(summary))
    body.append(_errors(summary))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(body)}</body></html>\n"
    )
