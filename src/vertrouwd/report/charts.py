"""Charts as inline SVG (matplotlib), so the report needs no script and no network."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False})


def svg(spec: tuple[str, object], ylabel: str = "") -> str:
    kind, data = spec
    fig, ax = plt.subplots(figsize=(6.4, 2.8))
    if kind == "histogram":
        labels, values = list(data), list(data.values())
        ax.bar(labels, values, color="#3b6ea5")
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
