"""The report's charts, drawn offline by matplotlib as inline SVG (no CDN, no JavaScript).

Figures are built with `matplotlib.figure.Figure`, not pyplot, so no global state or GUI
backend is involved; SVG text stays text and ids are salted, so the page is reproducible.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import matplotlib
from matplotlib.figure import Figure

from commlint.audit.summary import METRICS, Aggregate, GroupStats

_LABELS = {
    "score": "overall",
    "plain_language": "plain language",
    "empathy": "empathy",
    "expectations": "expectations",
    "options": "options",
    "tone": "tone",
}
_COLOURS = ("#333333", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e")
_STYLE: dict[Any, Any] = {  # rcParams keys are Literal-typed; these are all valid
    "svg.fonttype": "none",
    "svg.hashsalt": "commlint",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


# No <metadata> block: no creation date (reproducible pages) and no RDF links.
_NO_METADATA = dict.fromkeys(("Creator", "Date", "Format", "Type"))


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(_STYLE):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata=_NO_METADATA)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(_STYLE):
        return Figure(figsize=(width, height), layout="constrained")


def distributions(summary: Aggregate) -> str:
    """One histogram per dimension (and overall), with the mean marked."""
    with matplotlib.rc_context(_STYLE):
        figure = _figure(9, 4.2)
        axes = figure.subplots(2, 3, sharex=True)
        for axis, metric, colour in zip(axes.flat, METRICS, _COLOURS, strict=True):
            histogram = summary.everyone.scores[metric]
            counts = [sum(histogram.bins[i : i + 5]) for i in range(0, 100, 5)]
            counts[-1] += histogram.bins[100]
            axis.bar(range(0, 100, 5), counts, width=5, align="edge", color=colour, alpha=0.8)
            mean = histogram.mean
            title = _LABELS[metric]
            if mean is not None:
                axis.axvline(mean, color="black", linewidth=1, linestyle="--")
                title += f" (mean {mean:.0f})"
            axis.set_title(title)
            axis.set_xlim(0, 100)
        for axis in axes[-1]:
            axis.set_xlabel("score")
        for axis in axes[:, 0]:
            axis.set_ylabel("messages")
    return _svg(figure)


def groups(summary: Aggregate, column: str, limit: int = 15) -> str:
    """Mean score per dimension for the largest groups, as an annotated heat map."""
    values = sorted(summary.groups.get(column, {}).items(), key=lambda kv: -kv[1].messages)[:limit]
    names = [f"{name} ({stats.messages})" for name, stats in values]
    means = [[stats.scores[m].mean or 0.0 for m in METRICS] for _, stats in values]
    with matplotlib.rc_context(_STYLE):
        figure = _figure(9, 0.9 + 0.35 * len(values))
        axis = figure.subplots()
        image = axis.imshow(means, cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
        axis.set_xticks(range(len(METRICS)), [_LABELS[m] for m in METRICS])
        axis.set_yticks(range(len(names)), names)
        axis.xaxis.tick_top()
        for row, line in enumerate(means):
            for col, value in enumerate(line):
                axis.text(col, row, f"{value:.0f}", ha="center", va="center", fontsize=9)
        axis.spines[:].set_visible(False)
        figure.colorbar(image, ax=axis, label="mean score", shrink=0.8)
    return _svg(figure)


def _period(day: date, span: int) -> date:
    """Days for up to a month, weeks (from Monday) up to four months, months beyond."""
    if span <= 31:
        return day
    if span <= 122:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def trend(summary: Aggregate) -> str | None:
    """Mean score per dimension over time; None without at least two dated periods."""
    days = {date.fromisoformat(day): stats for day, stats in summary.days.items()}
    if not days:
        return None
    span = (max(days) - min(days)).days
    periods: dict[date, list[GroupStats]] = {}
    for day, stats in days.items():
        periods.setdefault(_period(day, span), []).append(stats)
    if len(periods) < 2:
        return None
    xs = sorted(periods)
    # matplotlib's date axis counts days from its epoch, 1970-01-01 by default
    days_since_epoch = [float((x - date(1970, 1, 1)).days) for x in xs]
    with matplotlib.rc_context(_STYLE):
        figure = _figure(9, 3.6)
        axis = figure.subplots()
        for metric, colour in zip(METRICS, _COLOURS, strict=True):
            ys = []
            for x in xs:
                total = sum(s.scores[metric].total for s in periods[x])
                count = sum(s.scores[metric].count for s in periods[x])
                ys.append(total / count)
            width = 2.5 if metric == "score" else 1.2
            axis.plot(
                days_since_epoch,
                ys,
                label=_LABELS[metric],
                color=colour,
                linewidth=width,
                marker=".",
            )
        axis.xaxis_date()
        axis.set_ylim(0, 100)
        axis.set_ylabel("mean score")
        unit = "day" if span <= 31 else "week" if span <= 122 else "month"
        axis.set_title(f"mean score per {unit}")
        axis.legend(loc="lower left", ncols=6, frameon=False)
        figure.autofmt_xdate()
    return _svg(figure)


def top_findings(summary: Aggregate, limit: int = 10) -> str:
    """Share of messages with each of the most frequent findings."""
    top = summary.everyone.top_findings(limit)[::-1]
    total = summary.everyone.messages or 1
    with matplotlib.rc_context(_STYLE):
        figure = _figure(9, 0.8 + 0.3 * len(top))
        axis = figure.subplots()
        shares = [100 * n / total for _, n in top]
        axis.barh([rule for rule, _ in top], shares, color="#d95f02")
        for y, share in enumerate(shares):
            axis.text(share, y, f" {share:.0f}%", va="center")
        axis.set_xlabel("% of messages")
        axis.set_xlim(0, max([*shares, 1]) * 1.15)
    return _svg(figure)
