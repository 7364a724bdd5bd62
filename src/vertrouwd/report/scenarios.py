"""Scenarios side by side as a report section: from `vertrouwd simulate`'s results, or from
the simulation.csv it wrote, so a municipality's report can carry its scenarios.

A scenario is a model, not the measured municipality: the section says so, and shows per
scenario the assumptions it rests on (time in care, staff outflow, tender cycle, ...)."""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path

from vertrouwd.errors import VertrouwdError
from vertrouwd.i18n import number, t
from vertrouwd.report.content import Chart, Estimate, Section, Table
from vertrouwd.simulate.model import ASSUMPTIONS, Outcome

# the key figures, in the order of the table; the trajectory figures exist only when time in care ends
FIGURES = tuple(f.name for f in fields(Outcome))
DESCRIPTION = ("scenario", "years", "clients", "runs")
TEXT_LEVERS = ("cover", "handover")


def sentences(rows: list[dict]) -> list[str]:
    """The plain-language comparison: each scenario against the first, then per trajectory."""
    first = rows[0]
    lines = [t("simulate.compare", other=row["scenario"], base=first["scenario"], years=number(first["years"], 0),
               a=number(first["professionals_mean"], 1), b=number(row["professionals_mean"], 1))
             for row in rows[1:]]
    lines += [t("simulate.trajectory" if row.get("trajectory_replacements") else "simulate.trajectory_only",
                name=row["scenario"], professionals=number(row["trajectory_professionals"], 1),
                replacements=number(row.get("trajectory_replacements") or 0, 1))
              for row in rows if row.get("trajectory_professionals") is not None]
    return lines


def section(rows: list[dict]) -> Section:
    """A model, labelled as one: its assumptions per scenario, the comparison in plain
    language, the key figures (each with its interval when there were several runs) and a
    chart of professionals per client."""
    runs = max(int(row["runs"]) for row in rows)
    columns = ["scenario", *(name for name in FIGURES if all(row.get(name) is not None for row in rows)
                             and (name != "trajectory_replacements" or any(row[name] for row in rows)))]
    shown = [{name: (Estimate(row[name], row[name + "_low"], row[name + "_high"])
                     if runs > 1 and name != "scenario" else row[name]) for name in columns} for row in rows]
    first = rows[0]
    notes = [t("report.scenario.model", years=number(first["years"], 0), clients=number(first["clients"]),
               runs=number(runs)), *sentences(rows)]
    if first.get("measured_professionals_mean") is not None:  # a baseline calibrated on the data (`calibrate`)
        notes.insert(1, t("report.scenario.calibrated", name=first["scenario"],
                          measured=number(first["measured_professionals_mean"], 1),
                          measured_upc=number(first["measured_upc_mean"], 2),
                          model=number(first["professionals_mean"], 1), model_upc=number(first["upc_mean"], 2)))
    tables = []
    if all(row.get(lever) is not None for row in rows for lever in ASSUMPTIONS):
        tables.append(Table("report.table.assumptions", "sheet.assumptions", ["scenario", *ASSUMPTIONS],
                            [_assumptions(row) for row in rows]))
    tables.append(Table("report.table.simulation", "sheet.simulation", columns, shown))
    section = Section("report.section.simulation", notes=notes, tables=tables)
    section.add_chart(Chart("report.chart.simulation", "sheet.chart.simulation", "bars", [r["scenario"] for r in rows],
                            {t("column.professionals_mean"): [r["professionals_mean"] for r in rows]}, "mean"))
    return section


def _assumptions(row: dict) -> dict:
    """The levers as a reader says them: 'hele periode' for care that does not end, 'geen
    (subsidie)' for no tenders, the words for cover and handover."""
    shown = {"scenario": row["scenario"], **{lever: row[lever] for lever in ASSUMPTIONS}}
    if not shown["trajectory_years"]:
        shown["trajectory_years"] = t("lever.whole_horizon")
    if not shown["tender_years"]:
        shown["tender_years"] = t("lever.no_tenders")
        shown["provider_change_probability"] = None
    for lever in TEXT_LEVERS:
        shown[lever] = t(f"lever.{lever}.{row[lever]}")
    return shown


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
            if name in TEXT_LEVERS:
                if f"lever.{name}.{text}" not in _known():
                    raise VertrouwdError("report.scenarios_lever", path=path, line=line, column=name, value=text)
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


def _known() -> set[str]:
    from vertrouwd.i18n.catalog import MESSAGES

    return {key for key in MESSAGES if key.startswith("lever.")}
