"""Charts as inline SVG (matplotlib), so the report needs no script and no network.

Every chart has one x position per label (0, 1, 2, ...): a tick label always sits under
its own point and no label repeats. Values are written as the report writes them (Dutch
separators, shares as percentages). The SVG scales with the page (viewBox, no fixed size).
"""

from __future__ import annotations

import io
import math
import re

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from vertrouwd.formats import axis, axis_decimals  # noqa: E402
from vertrouwd.report.content import Chart  # noqa: E402

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
                     "svg.hashsalt": "vertrouwd", "text.usetex": False, "text.parse_math": False})
MAX_LABELS = 12
TOTAL_COLOUR = "#1f2933"
COLOURS = ["#3b6ea5", "#e07b39", "#3a9a5b", "#b8474f", "#7c5fa8", "#8c6d3a", "#d46fa8", "#6b7785", "#a5a537",
           "#3aa5b5"]


def ticks(chart: Chart) -> list[tuple[int, str]]:
    """The labelled x positions: every point when there are few, else every k-th point
    counted back from the most recent, so the last point always has its label."""
    n = len(chart.x)
    step = max(1, math.ceil(n / MAX_LABELS))
    return [(i, chart.x[i]) for i in range(n - 1, -1, -step)][::-1]


def svg(chart: Chart) -> str:
    fig, ax = plt.subplots(figsize=(6.4, 3.0))
    positions = list(range(len(chart.x)))
    if chart.kind == "bars":
        (values,) = chart.series.values()
        ax.bar(positions, [v or 0 for v in values], color=COLOURS[0])
    elif chart.kind == "pairs":
        (name_a, first), (name_b, second) = chart.series.items()
        ax.bar([p - 0.2 for p in positions], [v or 0 for v in first], width=0.4, color="#9fb3c8", label=name_a)
        ax.bar([p + 0.2 for p in positions], [v or 0 for v in second], width=0.4, color=COLOURS[0], label=name_b)
        ax.legend(fontsize=8, frameon=False)
    else:
        colours = iter(COLOURS * 3)
        for name, values in chart.series.items():
            total = name == chart.total
            ax.plot(positions, [math.nan if v is None else v for v in values], marker="o", markersize=3,
                    linewidth=2.4 if total else 1.4, color=TOTAL_COLOUR if total else next(colours), label=name)
        if len(chart.series) > 1:  # above the plot, clear of the rotated labels below it
            ax.legend(fontsize=7, frameon=False, ncol=min(5, len(chart.series)), loc="lower left",
                      bbox_to_anchor=(0, 1.02))
    labelled = ticks(chart)
    ax.set_xticks([i for i, _ in labelled], [label for _, label in labelled])
    if len(chart.x) > 6 or max((len(x) for x in chart.x), default=0) > 8:
        for label in ax.get_xticklabels():
            label.set_rotation(35)
            label.set_horizontalalignment("right")
    ax.set_xlim(-0.6, len(chart.x) - 0.4)
    if chart.unit in ("share", "count") or chart.kind != "lines":
        ax.set_ylim(bottom=0)
    locator = MaxNLocator(6, steps=[1, 2, 2.5, 5, 10], integer=chart.unit == "count")
    ax.yaxis.set_major_locator(locator)
    low, high = ax.get_ylim()
    decimals = axis_decimals([v for v in locator.tick_values(low, high) if low - 1e-12 <= v <= high + 1e-12],
                             chart.unit)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: axis(value, chart.unit, decimals)))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg"):]  # drop the XML prolog: the SVG sits inside HTML
    # no fixed size: the viewBox keeps the proportions and CSS sets the width
    return re.sub(r'^<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", text, count=1)
