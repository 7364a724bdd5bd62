"""Scenarios side by side as a report section: from `vertrouwd simulate`'s results, or from
the simulation.csv it wrote, so a municipality's report can carry its scenarios."""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path

from vertrouwd.errors import VertrouwdError
from vertrouwd.i18n import number, t
from vertrouwd.report.content import Estimate, Section
from vertrouwd.simulate.model import Outcome

# the key figures, in the order of the table; the trajectory figures exist only when time in care ends
FIGURES = tuple(f.name for f in fields(Outcome))
DESCRIPTION = ("scenario", "years", "clients", "runs")


def sentences(rows: list[dict]) -> list[str]:
    """The plain-language comparison: each scenario against the first, then per trajectory."""
    first = rows[0]
    lines = [t("simulate.compare", other=row["scenario"], base=first["scenario"], years=number(first["years"], 0),
               a=number(first["professionals_mean"], 1), b=number(row["professionals_mean"], 1))
             for row in rows[1:]]
    lines += [t("simulate.trajectory", name=row["scenario"], professionals=number(row["trajectory_professionals"], 1),
                replacements=number(row["trajectory_replacements"], 1))
              for row in rows if row.get("trajectory_professionals") is not None]
    return lines


def section(rows: list[dict]) -> Section:
    """The comparison in plain language, the key figures (each with its interval in one cell
    when there were several runs) and a chart of professionals per client."""
    runs = max(int(row["runs"]) for row in rows)
    columns = ["scenario", *(name for name in FIGURES if all(row.get(name) is not None for row in rows))]
    shown = [{name: (Estimate(row[name], row[name + "_low"], row[name + "_high"])
                     if runs > 1 and name != "scenario" else row[name]) for name in columns} for row in rows]
    return Section("report.section.simulation", notes=sentences(rows),
                   tables=[("report.table.simulation", columns, shown, set())],
                   charts=[("report.chart.simulation",
                            ("histogram", {row["scenario"]: row["professionals_mean"] for row in rows}))])


def read(path: Path) -> list[dict]:
    """The rows of a simulation.csv written by `vertrouwd simulate -o DIR`, checked."""
    import csv

    if not path.is_file():
        raise VertrouwdError("report.scenarios_missing", path=path)
    try:
        with open(path, encoding="utf-8", newline="") as source:
            lines = list(csv.reader(source))
    except (UnicodeDecodeError, csv.Error) as err:
        raise VertrouwdError("report.scenarios_bad", path=path, reason=str(err)) from None
    header = lines[0] if lines else []
    missing = [c for c in (*DESCRIPTION, *FIGURES[:6]) if c not in header]
    if missing or len(lines) < 2:
        reason = t("report.missing_columns", columns=", ".join(missing)) if missing else t("report.no_rows")
        raise VertrouwdError("report.scenarios_bad", path=path, reason=reason)
    rows = []
    for line, cells in enumerate(lines[1:], start=2):
        row: dict = {}
        for name, text in zip(header, cells):
            if name == "scenario":
                row[name] = text
                continue
            try:
                value = float(text) if text.strip() else None
            except ValueError:
                value = math.nan
            if value is not None and not math.isfinite(value):
                raise VertrouwdError("report.scenarios_value", path=path, line=line, column=name, value=text)
            row[name] = value
        rows.append(row)
    return rows
