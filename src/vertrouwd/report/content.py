"""What the report says: every table and figure, computed by the measures library and made
safe to publish. HTML and Excel only lay this out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyarrow as pa

from vertrouwd import measures
from vertrouwd.i18n import number, t
from vertrouwd.measures.groups import GROUP_COLUMNS
from vertrouwd.report.suppress import Layout, suppress
from vertrouwd.store import Store

RELATIONAL_COLUMNS = ["clients", "clients_at_risk", "share_at_risk", "n_professionals_median",
                      "upc_median", "upc_q1", "upc_q3", "coc_median", "secon_median", "main_relationship_days_median"]
RELATIONAL_LAYOUT = Layout(
    base="clients", counts=("clients_at_risk",),
    derived={"clients": tuple(c for c in RELATIONAL_COLUMNS if c not in ("clients", "clients_at_risk")),
             "clients_at_risk": ("share_at_risk",)})
BROKEN_LAYOUT = Layout(
    base="broken", counts=("known_face", "stranger", "lost"),
    derived={"broken": ("share_known_face", "share_stranger", "share_lost", "broken_per_100_clients"),
             "known_face": ("share_known_face",), "stranger": ("share_stranger",), "lost": ("share_lost",)},
    parts=(("known_face", "stranger", "lost"),))


@dataclass
class Section:
    key: str  # catalog key of the title
    tables: list[tuple[str, list[str], list[dict], set[str]]] = field(default_factory=list)  # title, columns, rows, withheld totals
    charts: list[tuple[str, object]] = field(default_factory=list)  # title, chart spec (see charts.py)
    notes: list[str] = field(default_factory=list)  # plain-language sentences under the title


@dataclass(frozen=True)
class Estimate:
    """A figure with its interval, shown in one cell: 8,32 (8,13–8,51)."""

    value: float
    low: float
    high: float


@dataclass
class ReportContent:
    title: str
    period: tuple[dt.date, dt.date]
    min_cell: int
    headlines: list[str]
    sections: list[Section]


def build(store: Store, start: dt.date | None = None, end: dt.date | None = None, min_cell: int = 10,
          progress=lambda step: None) -> ReportContent:
    first, last = store.con.execute("SELECT min(date), max(date) FROM contacts").fetchall()[0]
    if first is None:
        from vertrouwd.errors import VertrouwdError

        raise VertrouwdError("measure.no_contacts")
    start, end = start or first, end or last
    sections = []

    progress("relational")
    per_client = measures.relational(store, start=start, end=end)
    relational = Section("report.section.relational")
    trend = measures.relational(store, by=["domain"], start=start, end=end, window="12m", step="3m") \
        if (end - start).days >= 365 else None
    for column in GROUP_COLUMNS:
        table = measures.relational(store, by=[column], start=start, end=end)
        rows, withheld = suppress(table.to_pylist(), RELATIONAL_LAYOUT, min_cell)
        relational.tables.append((f"report.by.{column}", [column, *RELATIONAL_COLUMNS], rows, withheld))
    relational.charts.append(("report.chart.nop_distribution", ("histogram", _distribution(per_client, min_cell))))
    if trend is not None:
        rows, _ = suppress(trend.to_pylist(), RELATIONAL_LAYOUT, min_cell)
        relational.charts.append(("report.chart.trend_upc", ("lines", _series(rows, "domain", "upc_median"))))
        relational.charts.append(("report.chart.trend_risk", ("lines", _series(rows, "domain", "share_at_risk"))))
    sections.append(relational)

    progress("organisational")
    organisational = Section("report.section.organisational")
    staff = measures.staff_flows(store, start=start, end=end).to_pylist()
    organisational.tables.append(("report.table.staff", ["period", "organization", "headcount", "joiners", "leavers",
                                                          "outflow_rate", "stability_index", "median_tenure_years"],
                                  staff, set()))
    organisational.charts.append(("report.chart.outflow", ("lines", _series(staff, "organization", "outflow_rate",
                                                                             x="period"))))
    loads = measures.caseloads(store, start=start, end=end).to_pylist()
    organisational.charts.append(("report.chart.over_cap", ("lines", _series(loads, "organization", "share_over_cap",
                                                                              x="period"))))
    sections.append(organisational)

    progress("links")
    links = Section("report.section.links")
    broken = measures.broken_relationships(store, start=start, end=end).to_pylist()
    rows, withheld = suppress(broken, BROKEN_LAYOUT, min_cell)
    links.tables.append(("report.table.broken", ["period", "organization", "broken", "known_face", "stranger", "lost",
                                                 "share_known_face", "broken_per_100_clients"], rows, withheld))
    changes = measures.provider_change_continuity(store)
    if changes.num_rows and "side" in changes.column_names:
        change_rows, _ = suppress(changes.to_pylist(), Layout(base="clients", derived={
            "clients": ("upc_median", "share_4_or_more_professionals")}), min_cell)
        links.charts.append(("report.chart.provider_change", ("pairs", _before_after(change_rows))))
        links.tables.append(("report.table.provider_change", ["area", "domain", "organization_before",
                                                              "organization_after", "changed_on", "side", "clients",
                                                              "upc_median", "share_4_or_more_professionals"],
                             change_rows, set()))
    sections.append(links)

    progress("policy")
    policy = Section("report.section.policy")
    if store.con.execute("SELECT count(*) FROM contracts").fetchall()[0][0]:
        durations = measures.contract_durations(store).to_pylist()
        policy.tables.append(("report.table.contracts", ["municipality", "domain", "procurement", "contracts",
                                                         "planned_years_median", "maximum_years_median",
                                                         "share_max_over_6_years"], durations, set()))
        policy.tables.append(("report.table.churn", ["period", "area", "providers_started", "providers_stopped",
                                                     "providers_serving"], measures.provider_churn(store).to_pylist(),
                              set()))
    hands = measures.hands_per_household(store, start=start, end=end).to_pylist()
    hands_rows, _ = suppress(hands, Layout(base="households", derived={
        "households": ("organisations_mean", "professionals_mean", "professionals_median",
                       "share_3_or_more_organisations")}), min_cell)
    policy.tables.append(("report.table.hands", ["period", "households", "organisations_mean", "professionals_median",
                                                 "share_3_or_more_organisations"], hands_rows, set()))
    sections.append(policy)

    year_start = max(start, dt.date(end.year, 1, 1))
    last_year = measures.summary(measures.relational(store, start=year_start, end=end),
                                 risk=measures.Risk(upc=-1.0))  # upc never below -1: four or more professionals only
    headlines = _headlines(last_year, staff, broken, end, min_cell)
    return ReportContent(t("report.title"), (start, end), min_cell, headlines, sections)


def _distribution(per_client: pa.Table, min_cell: int) -> dict[str, int]:
    """Clients by number of professionals (6 and more together); bars of fewer than
    `min_cell` clients are left out."""
    counts: dict[str, int] = {}
    for n in per_client["n_professionals"].to_pylist():
        label = str(n) if n < 6 else "6+"
        counts[label] = counts.get(label, 0) + 1
    return {k: v for k, v in sorted(counts.items(), key=lambda kv: (len(kv[0]), kv[0])) if v >= min_cell}


def _before_after(rows: list[dict]) -> dict[str, tuple[float, float]]:
    """Median UPC before and after each provider change where both are published."""
    pairs: dict[str, dict[str, float]] = {}
    for row in rows:
        label = f"{row['area']} {row['domain'] or ''} {row['changed_on']:%m-%Y}".replace("  ", " ")
        if row["upc_median"] is not None:
            pairs.setdefault(label, {})[row["side"]] = row["upc_median"]
    return {k: (v["before"], v["after"]) for k, v in pairs.items() if len(v) == 2}


def _series(rows: list[dict], group: str, value: str, x: str = "window_end") -> dict[str, list[tuple[object, float]]]:
    series: dict[str, list[tuple[object, float]]] = {}
    for row in rows:
        if row.get(value) is not None:
            series.setdefault(str(row[group]), []).append((row[x], row[value]))
    return series


def _headlines(overall: dict, staff: list[dict], broken: list[dict], end: dt.date, min_cell: int) -> list[str]:
    """Plain sentences about the last year; none that rests on fewer than `min_cell` clients."""

    def publishable(count: int) -> bool:
        return count == 0 or count >= min_cell

    lines = []
    clients, at_risk = overall.get("clients") or 0, overall.get("clients_at_risk") or 0
    if clients >= min_cell and publishable(at_risk):
        share = at_risk / clients
        lines.append(t("report.headline.risk", year=end.year, one_in=round(1 / share), percent=number(100 * share, 0))
                     if at_risk else t("report.headline.no_risk", year=end.year))
    last_year = [r for r in staff if r["period"] == str(end.year)]
    headcount = sum(r["headcount"] for r in last_year)
    if headcount:
        leavers = sum(r["leavers"] for r in last_year)
        lines.append(t("report.headline.outflow", year=end.year, percent=number(100 * leavers / headcount, 0)))
    year_broken = [r for r in broken if r["period"] == str(end.year)]
    total = sum(r["broken"] for r in year_broken)
    known = sum(r["known_face"] for r in year_broken)
    if total >= min_cell:
        if publishable(known) and publishable(total - known):
            lines.append(t("report.headline.broken", year=end.year, broken=number(total),
                           percent=number(100 * known / total, 0)))
        else:
            lines.append(t("report.headline.broken_only", year=end.year, broken=number(total)))
    return lines
