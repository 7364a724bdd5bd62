"""Charts as inline SVG (matplotlib), so the report needs no script and no network."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False})


def svg(spec: tuple[str, object], ylabel: str = "", before_after: tuple[str, str] = ("before", "after")) -> str:
    kind, data = spec
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    if kind == "histogram":
        labels, values = list(data), list(data.values())
        ax.bar(labels, values, color="#3b6ea5")
    elif kind == "pairs":  # {label: (before, after)}: grouped bars
        labels = list(data)
        positions = range(len(labels))
        ax.bar([p - 0.2 for p in positions], [v[0] for v in data.values()], width=0.4, color="#9fb3c8",
               label=before_after[0])
        ax.bar([p + 0.2 for p in positions], [v[1] for v in data.values()], width=0.4, color="#3b6ea5",
               label=before_after[1])
        ax.set_xticks(list(positions), labels, rotation=30, ha="right", fontsize=7)
        ax.legend(fontsize=7, frameon=False)
    else:  # lines: {series name: [(x, y), ...]}
        for name, points in sorted(data.items()):
            ax.plot([str(x) for x, _ in points], [y for _, y in points], marker="o", markersize=2.5, linewidth=1.4,
                    label=name)
        if len(data) > 1:
            ax.legend(fontsize=7, frameon=False, ncol=3)
        for label in ax.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(12))
    ax.set_ylabel(ylabel)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog: the SVG sits inside HTML
