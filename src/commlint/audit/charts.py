"""The report's charts, drawn offline by matplotlib as inline SVG (no CDN, no JavaScript).

Figures are built with `matplotlib.figure.Figure`, not pyplot, so no global state or GUI
backend is involved; SVG text stays text and ids are salted, so the page is reproducible.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import matplotlib
import numpy
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from commlint.audit.summary import (
    ALL,
    DIMENSIONS,
    METRICS,
    Aggregate,
    GroupStats,
    Histogram,
    band_of,
    bands,
)

_LABELS = {
    "score": "overall",
    "plain_language": "plain language",
    "empathy": "empathy",
    "expectations": "expectations",
    "options": "options",
    "tone": "tone",
}
_COLOURS = ("#333333", "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e")
GROUPS_IN_CHART = 15  # the largest groups drawn; the page says when there are more
BAND_COLOURS = {"strong": "#1a9850", "good": "#a6d96a", "weak": "#fdae61", "poor": "#d73027"}
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


def _bins(histogram: Histogram, width: int) -> list[int]:
    """Messages per bin of `width` points from 0; the last bin takes 100 too."""
    counts = [sum(histogram.bins[i : i + width]) for i in range(0, 100, width)]
    counts[-1] += histogram.bins[100]
    return counts


def _band_regions(axis: Axes, pass_mark: int, *, names: bool) -> None:
    """The band limits as dotted lines, the pass mark as a solid one, and (with `names`) the
    name of each band above the plot."""
    limits = bands()
    for band in limits:
        if band.min > 0:
            axis.axvline(band.min, color="#888888", linewidth=0.8, linestyle=":")
    axis.axvline(pass_mark, color="black", linewidth=1.4)
    if not names:
        return
    axis.text(
        pass_mark,
        0.85,
        f" pass mark {pass_mark} ",
        transform=axis.get_xaxis_transform(),
        va="top",
        ha="left",
        fontsize=8,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
    )
    tops = [101, *(band.min for band in limits[:-1])]
    for band, top in zip(limits, tops, strict=True):
        axis.text(
            (band.min + top) / 2,
            1.02,
            f"{band.name.value} ({band.min}-{top - 1})",
            transform=axis.get_xaxis_transform(),
            ha="center",
            va="bottom",
            color=BAND_COLOURS[band.name.value],
            fontweight="bold",
            fontsize=8,
        )


def distributions(summary: Aggregate) -> str:
    """The overall score, one bar per score coloured by band, with the band limits and the
    pass mark drawn; below it each dimension, over the messages it applies to, with the floor."""
    with matplotlib.rc_context(_STYLE):
        figure = _figure(9, 5.4)
        grid = figure.add_gridspec(2, len(DIMENSIONS), height_ratios=(1.5, 1))
        overall = figure.add_subplot(grid[0, :])
        histogram = summary.everyone.scores["score"]
        overall.bar(
            range(101),
            histogram.bins,
            width=1,
            align="edge",
            color=[BAND_COLOURS[band_of(score)] for score in range(101)],
        )
        _band_regions(overall, summary.pass_mark, names=True)
        overall.set_xlim(0, 101)
        overall.set_xticks(sorted({0, 100, *(b.min for b in bands()), summary.pass_mark}))
        overall.set_ylabel("messages")
        overall.set_xlabel("overall score")
        overall.set_title(_stats_title("overall score", histogram), pad=16)
        first = None
        for index, metric in enumerate(DIMENSIONS):
            axis = figure.add_subplot(grid[1, index], sharey=first)
            first = first or axis
            histogram = summary.everyone.scores[metric]
            axis.bar(
                range(0, 100, 5),
                _bins(histogram, 5),
                width=5,
                align="edge",
                color=[BAND_COLOURS[band_of(start)] for start in range(0, 100, 5)],
            )
            floor = summary.floor_of(metric)
            axis.axvline(floor, color="black", linewidth=1, linestyle="--")
            axis.set_xlim(0, 100)
            axis.set_xticks(sorted({0, floor, 100}))
            axis.set_title(_stats_title(_LABELS[metric], histogram, applies=True), fontsize=8.5)
            axis.set_xlabel("score")
            if index == 0:
                axis.set_ylabel("messages")
            else:
                axis.tick_params(labelleft=False)
    return _svg(figure)


def _stats_title(label: str, histogram: Histogram, *, applies: bool = False) -> str:
    mean = histogram.mean
    if mean is None:
        return f"{label}\n(applies to none)" if applies else label
    if applies:
        return f"{label}\nmean {mean:.0f} · {histogram.count:,} msgs"
    return f"{label}: mean {mean:.0f}, median {histogram.percentile(50)}"


def _largest(values: dict[str, GroupStats], limit: int) -> list[tuple[str, GroupStats]]:
    return sorted(values.items(), key=lambda kv: (-kv[1].messages, kv[0]))[:limit]


def worst_first(values: dict[str, GroupStats], limit: int) -> list[tuple[str, GroupStats]]:
    """The `limit` largest groups, the highest share of messages to revise first."""
    return sorted(
        _largest(values, limit), key=lambda kv: (-(kv[1].revise_pct or 0), -kv[1].messages, kv[0])
    )


def revise_rates(
    summary: Aggregate, values: dict[str, GroupStats], limit: int = GROUPS_IN_CHART
) -> str:
    """Per group, worst first, the share of messages in each band (poor and weak to the left),
    with the share to revise written at the end of the bar; everyone at the bottom."""
    shown = [*worst_first(values, limit), (ALL, summary.everyone)]
    order = [band.name.value for band in bands()][::-1]  # poor first
    ys = [*range(len(shown) - 1), len(shown) - 1 + 0.4]  # a gap before everyone
    with matplotlib.rc_context(_STYLE):
        figure = _figure(9, 1.1 + 0.32 * len(shown))
        axis = figure.subplots()
        lefts = [0.0] * len(shown)
        for band in order:
            shares = [stats.band_pct(band) or 0.0 for _, stats in shown]
            axis.barh(ys, shares, left=lefts, height=0.7, color=BAND_COLOURS[band], label=band)
            lefts = [left + share for left, share in zip(lefts, shares, strict=True)]
        for y, (_, stats) in zip(ys, shown, strict=True):
            axis.text(
                101,
                y,
                f"{stats.revise_pct or 0:.0f}% to revise ({stats.revise:,} of {stats.messages:,})",
                va="center",
                ha="left",
                fontsize=8.5,
            )
        labels = [f"{name} ({stats.messages:,})" for name, stats in shown]
        axis.set_yticks(ys, labels)
        axis.get_yticklabels()[-1].set_fontweight("bold")
        axis.invert_yaxis()
        axis.set_xlim(0, 100)
        axis.set_xlabel("% of messages in each band")
        axis.legend(
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=len(order),
            frameon=False,
            fontsize=8.5,
        )
        axis.spines[["left"]].set_visible(False)
        axis.tick_params(axis="y", length=0)
    return _svg(figure)


def groups(summary: Aggregate, column: str, limit: int = GROUPS_IN_CHART) -> str:
    """Mean score per dimension for the largest groups, as an annotated heat map; a dimension
    counts only where it applies, and a cell where it never applies reads n/a."""
    values = _largest(summary.groups.get(column, {}), limit)
    names = [f"{name} ({stats.messages})" for name, stats in values]
    means = numpy.ma.masked_invalid(
        [
            [numpy.nan if (m := stats.scores[metric].mean) is None else m for metric in METRICS]
            for _, stats in values
        ]
    )
    with matplotlib.rc_context(_STYLE):
        figure = _figure(9, 0.9 + 0.35 * len(values))
        axis = figure.subplots()
        image = axis.imshow(means, cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
        axis.set_xticks(range(len(METRICS)), [_LABELS[m] for m in METRICS])
        axis.set_yticks(range(len(names)), names)
        axis.xaxis.tick_top()
        for row, line in enumerate(means.filled(numpy.nan)):
            for col, value in enumerate(line):
                text = "n/a" if numpy.isnan(value) else f"{value:.0f}"
                axis.text(col, row, text, ha="center", va="center", fontsize=9)
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


def trend(summary: Aggregate, max_lines: int = 8) -> str | None:
    """Mean score per dimension over time, and below it the share of messages to revise, for
    everyone and for each value of the first group column (when there are at most `max_lines`);
    None without at least two dated periods."""
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
    unit = "day" if span <= 31 else "week" if span <= 122 else "month"
    by_group: dict[str, dict[date, list[int]]] = {}
    for (when, value), (messages, to_revise) in summary.day_groups.items():
        period = _period(date.fromisoformat(when), span)
        tally = by_group.setdefault(value, {}).setdefault(period, [0, 0])
        tally[0] += messages
        tally[1] += to_revise
    with matplotlib.rc_context(_STYLE):
        figure = _figure(9, 5.8)
        scores, revise = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2.2))
        for metric, colour in zip(METRICS, _COLOURS, strict=True):
            ys = []
            for x in xs:
                total = sum(s.scores[metric].total for s in periods[x])
                count = sum(s.scores[metric].count for s in periods[x])
                ys.append(total / count if count else numpy.nan)
            width = 2.5 if metric == "score" else 1.2
            scores.plot(
                days_since_epoch,
                ys,
                label=_LABELS[metric],
                color=colour,
                linewidth=width,
                marker=".",
            )
        scores.axhline(summary.pass_mark, color="black", linewidth=0.8, linestyle=":")
        scores.set_ylim(0, 100)
        scores.set_ylabel("mean score")
        scores.set_title(f"mean score per {unit} (each dimension where it applies)")
        scores.legend(loc="lower left", ncols=6, frameon=False)
        shares = []
        for x in xs:
            messages = sum(s.messages for s in periods[x])
            shares.append(100 * sum(s.revise for s in periods[x]) / messages)
        revise.plot(days_since_epoch, shares, label=ALL, color="black", linewidth=2.5, marker=".")
        if summary.group_columns and len(by_group) <= max_lines:
            palette = matplotlib.colormaps["tab10"]
            for index, (value, tallies) in enumerate(sorted(by_group.items())):
                points = sorted(tallies.items())
                revise.plot(
                    [float((x - date(1970, 1, 1)).days) for x, _ in points],
                    [100 * r / n for _, (n, r) in points],
                    label=value,
                    color=palette(index % 10),
                    linewidth=1.2,
                    marker=".",
                )
        revise.xaxis_date()
        revise.set_ylim(0, 100)
        revise.set_ylabel("% to revise")
        column = f" by {summary.group_columns[0]}" if summary.group_columns else ""
        revise.set_title(f"share of messages to revise per {unit}{column}")
        revise.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
        figure.autofmt_xdate()
    return _svg(figure)


def top_findings(summary: Aggregate, limit: int = 10) -> str:
    """Points lost to each of the costliest rules, with the share of messages they are in."""
    top = summary.everyone.costliest(limit)[::-1]
    total = summary.everyone.messages or 1
    with matplotlib.rc_context(_STYLE):
        figure = _figure(9, 0.8 + 0.3 * len(top))
        axis = figure.subplots()
        lost = [points for _, _, points in top]
        axis.barh([rule for rule, _, _ in top], lost, color="#d95f02")
        for y, (_, messages, points) in enumerate(top):
            label = f" {points:,.0f} pts · {100 * messages / total:.0f}% of msgs"
            axis.text(points, y, label, va="center")
        axis.set_xlabel("points lost (sum of the findings' impacts)")
        axis.set_xlim(0, max([*lost, 1]) * 1.35)
    return _svg(figure)
