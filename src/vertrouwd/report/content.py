"""What the report says: every table, chart and sentence, computed by the measures library
and made safe to publish. HTML and Excel only lay this out (`render.py`).

The report speaks of one reporting year: the 12 months up to its last day (by default the
last quarter the contacts cover). Headlines, the summary, the tables of the relational
level and the last point of each trend chart are that same year, with one definition of a
client at risk; the year before it is the comparison ("8%, was 7% in 2024").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyarrow as pa

from vertrouwd import measures, settings
from vertrouwd.errors import VertrouwdError
from vertrouwd.formats import percent, period, quarter_of, text
from vertrouwd.i18n import number, t
from vertrouwd.i18n.catalog import MESSAGES
from vertrouwd.measures import Risk
from vertrouwd.measures.groups import GROUP_COLUMNS
from vertrouwd.privacy.suppress import BROKEN_LAYOUT, HIDDEN, Layout, relational_layout, suppress
from vertrouwd.store import Store

RELATIONAL_COLUMNS = ["clients", "clients_at_risk", "share_at_risk", "n_professionals_mean", "upc_mean", "upc_q1",
                      "coc_mean", "secon_mean", "main_relationship_days_median"]
RELATIONAL_LAYOUT = relational_layout(RELATIONAL_COLUMNS)
CHANGE_LAYOUT = Layout(base="clients", derived={"clients": ("upc_mean", "share_at_risk")})
STANDARDS = {"ijw": "iJw", "iwmo": "iWmo"}  # as the iStandaarden write their names
SWITCH_LAYOUT = Layout(base="clients", counts=("switches", "switches_reason_38", "switches_at_tender"),
                       derived={"clients": ("spells", "spells_per_client"), "switches": ("days_without_care_median",)})
HANDS_LAYOUT = Layout(base="households", derived={"households": (
    "organisations_mean", "professionals_mean", "share_3_or_more_organisations", "share_3_or_more_professionals")})
SECTOR_OUTFLOW = 0.17  # yearly outflow of social-work staff (CBS), the benchmark in "what to do"
TREND_STEP = "3m"


@dataclass
class Table:
    title: str  # catalogue key
    sheet: str  # catalogue key of the sheet name (31 characters at most)
    columns: list[str]
    rows: list[dict]  # suppressed cells are None and named in row[HIDDEN]
    withheld: set[str] = field(default_factory=set)  # count columns whose total must not be published
    filter_on: str | None = None  # the group column (team, area, organization) a reader can filter on
    labels: dict[str, str] = field(default_factory=dict)  # column -> catalogue key of its heading, where it
    # differs from column.<name>


@dataclass
class Chart:
    """The data of one chart: one label per point on the x axis, and per series one value
    per label (None where the series has no point)."""

    title: str  # catalogue key
    sheet: str  # catalogue key of the sheet with the chart's data
    kind: str  # "bars", "lines" or "pairs" (two bars per label: before and after)
    x: list[str]
    series: dict[str, list[float | None]]
    unit: str  # the formats kind of the values: share, count, index or mean
    total: str | None = None  # the series that is the whole of the others, drawn apart

    def informative(self) -> bool:
        """False when every value is the same: such a chart shows no difference."""
        values = {round(v, 9) for points in self.series.values() for v in points if v is not None}
        return len(values) > 1


@dataclass
class Section:
    key: str  # catalogue key of the title
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # plain-language sentences under the title
    missing: list[str] = field(default_factory=list)  # what to import to see what is not there

    def add_chart(self, chart: Chart) -> None:
        if chart.informative():
            self.charts.append(chart)


@dataclass(frozen=True)
class Estimate:
    """A figure with its interval, shown in one cell: 8,32 (8,13–8,51)."""

    value: float
    low: float
    high: float


@dataclass
class KeyFigure:
    """One figure of the summary: its label, its value and the previous year's, as text."""

    label: str
    value: str
    previous: str | None = None


@dataclass
class ReportContent:
    title: str
    period: tuple[dt.date, dt.date]
    min_cell: int
    headlines: list[str]
    sections: list[Section]
    year: str = ""  # the reporting year as people say it
    previous_year: str | None = None
    levels: list[tuple[str, list[KeyFigure]]] = field(default_factory=list)  # level title, its figures
    actions: list[str] = field(default_factory=list)
    definitions: list[tuple[str, str]] = field(default_factory=list)  # term, explanation
    summary: dict | None = None  # the relational summary of the reporting year (for the terminal)


def report_end(last_contact: dt.date) -> dt.date:
    """The last day of the last quarter the contacts cover (a quarter counts when its last
    contact is at most a week before its end), so every period of the report is whole."""
    probe = last_contact + dt.timedelta(days=7)
    quarter_start = dt.date(probe.year, (probe.month - 1) // 3 * 3 + 1, 1)
    return quarter_start - dt.timedelta(days=1)


def twelve_months(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months that end on `end`, or [start, end] when that is shorter."""
    try:
        return measures.rolling_windows(start, end, "12m")[-1]
    except VertrouwdError:
        return start, end


def year_label(first: dt.date, last: dt.date) -> str:
    """'2025' for a calendar year, 'okt 2024 – sep 2025' for other months, else the dates."""
    return period(f"{first.year}" if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
                  else f"{first}/{last}")


def window_label(end: dt.date) -> str:
    """A 12-month window on an axis, by its last quarter ('4e kwartaal 2025') or last day."""
    following = end + dt.timedelta(days=1)
    return period(quarter_of(end)) if following.day == 1 and following.month in (1, 4, 7, 10) else f"{end:%d-%m-%Y}"


def build(store: Store, start: dt.date | None = None, end: dt.date | None = None, min_cell: int = settings.MIN_CELL,
          risk: Risk = Risk(), progress=lambda step: None) -> ReportContent:
    first, last = store.contact_span()
    if first is None:
        raise VertrouwdError("measure.no_contacts")
    start = start or first
    end = end or (report_end(last) if report_end(last) > start else last)
    year = twelve_months(start, end)
    before = twelve_months(start, year[0] - dt.timedelta(days=1)) if year[0] > start else None
    if before is not None and (before[1] - before[0]).days < 360:
        before = None  # no whole year to compare with
    counts = store.row_counts()
    labels = (year_label(*year), year_label(*before) if before else None)

    progress("relational")
    relational, now, then = _relational(store, start, end, year, before, min_cell, risk)
    progress("organisational")
    organisational, staff = _organisational(store, counts, start, end, labels)
    progress("links")
    links, broken = _links(store, counts, start, end, min_cell, risk, labels)
    progress("policy")
    policy, contracts = _policy(store, counts, start, end, min_cell)

    totals = _year_totals(staff, broken, labels, min_cell)
    content = ReportContent(t("report.title"), (start, end), min_cell, _headlines(now, then, totals, labels, min_cell),
                            [relational, organisational, links, policy], labels[0], labels[1], summary=now)
    content.levels = _levels(now, then, totals, contracts, min_cell)
    content.actions = _actions(relational, staff, totals, contracts, labels[0])
    content.definitions = definitions(risk, min_cell, labels[0])
    return content


def _published(summary: dict | None, min_cell: int) -> bool:
    return bool(summary) and (summary.get("clients") or 0) >= min_cell and \
        (summary["clients_at_risk"] == 0 or summary["clients_at_risk"] >= min_cell)


def _relational(store, start, end, year, before, min_cell, risk):
    section = Section("report.section.relational", notes=[t("report.note.year", year=year_label(*year))])
    per_client, grouped = measures.relational_groups(store, [[c] for c in GROUP_COLUMNS], start=year[0], end=year[1],
                                                     risk=risk)  # every client measured once
    now = measures.summary(per_client, risk=risk)
    then = measures.summary(measures.relational(store, start=before[0], end=before[1], risk=risk), risk=risk) \
        if before else None
    for column, table in zip(GROUP_COLUMNS, grouped):
        rows, withheld = suppress(table.to_pylist(), RELATIONAL_LAYOUT, min_cell)
        if any(row[column] is not None for row in rows):  # a grouping the data has
            section.tables.append(Table(f"report.by.{column}", f"sheet.by.{column}", [column, *RELATIONAL_COLUMNS],
                                        rows, withheld, column if column in ("team", "organization", "area") else None))
    if not _published(now, min_cell):
        section.notes.append(t("report.note.too_few", min_cell=min_cell))
    section.add_chart(_distribution(per_client, min_cell))
    windows = measures.rolling_windows(start, end, "12m", TREND_STEP) if (end - start).days >= 365 + 80 else []
    if len(windows) >= 2:
        trend = measures.relational(store, by=["domain"], start=start, end=end, window="12m", step=TREND_STEP,
                                    risk=risk).to_pylist()
        rows, _ = suppress(trend, RELATIONAL_LAYOUT, min_cell)
        for value, chart, unit in (("share_at_risk", "trend_risk", "share"), ("upc_mean", "trend_upc", "index")):
            section.add_chart(_trend(trend, rows, value, f"report.chart.{chart}", f"sheet.chart.{chart}", unit))
    return section, now, then


def _distribution(per_client: pa.Table, min_cell: int, min_contacts: int = settings.MIN_CONTACTS) -> Chart:
    """Clients (who count in the figures) by number of professionals, 6 and more together;
    a bar of fewer than `min_cell` clients is left out."""
    counts: dict[str, int] = {}
    for n, contacts in zip(per_client["n_professionals"].to_pylist(), per_client["n_contacts"].to_pylist()):
        if contacts >= min_contacts:
            label = str(n) if n < 6 else "6+"
            counts[label] = counts.get(label, 0) + 1
    shown = {k: v for k, v in sorted(counts.items(), key=lambda kv: (len(kv[0]), kv[0])) if v >= min_cell}
    return Chart("report.chart.nop_distribution", "sheet.chart.nop_distribution", "bars", list(shown),
                 {t("report.series.clients"): [float(v) for v in shown.values()]}, "count")


def _trend(raw: list[dict], published: list[dict], value: str, title: str, sheet: str, unit: str) -> Chart:
    """One line per domain over the 12-month windows, and one for all clients (each client
    counts in one domain, so the whole is the sum of the domains, computed before suppression)."""
    ends = sorted({row["window_end"] for row in raw})
    series: dict[str, list[float | None]] = {}
    total_name = t("report.series.all_clients")
    series[total_name] = []
    for day in ends:
        rows = [r for r in raw if r["window_end"] == day and r["clients"]]
        clients = sum(r["clients"] for r in rows)
        weighted = sum((r[value] or 0) * r["clients"] for r in rows if r[value] is not None)
        series[total_name].append(weighted / clients if clients else None)
    for row in published:
        name = text(row["domain"], "domain") if row["domain"] is not None else t("mark.missing_group")
        series.setdefault(name, [None] * len(ends))[ends.index(row["window_end"])] = row[value]
    return Chart(title, sheet, "lines", [window_label(day) for day in ends], series, unit, total=total_name)


def _organisational(store, counts, start, end, labels):
    section = Section("report.section.organisational")
    if not counts["professionals"]:
        section.missing.append(t("report.missing.professionals"))
        return section, []
    try:
        staff = measures.staff_flows(store, unit="12m", start=start, end=end).to_pylist()
    except VertrouwdError:  # less than 12 months of data
        staff = measures.staff_flows(store, unit="year", start=start, end=end).to_pylist()
    section.tables.append(Table("report.table.staff", "sheet.staff", [
        "period", "organization", "headcount", "joiners", "left_organisation", "outflow_organisation",
        "outflow_contract_ended", "left_team", "stability_index", "median_tenure_years"],
        [{**r, "period": period(r["period"])} for r in staff], filter_on="organization"))
    section.add_chart(_lines(staff, "organization", "outflow_organisation", "report.chart.outflow",
                             "sheet.chart.outflow", "share"))
    loads = [r for r in measures.caseloads(store, start=start, end=end).to_pylist() if r["with_cap"]]
    if loads:
        section.add_chart(_lines(loads, "organization", "share_over_cap", "report.chart.over_cap",
                                 "sheet.chart.over_cap", "share"))
    else:
        section.missing.append(t("report.missing.caps"))
    return section, staff


def _lines(rows: list[dict], group: str, value: str, title: str, sheet: str, unit: str) -> Chart:
    """One line per group over the periods of `rows` (in their own order): one shared axis,
    so a group that starts later never sends the axis back in time."""
    periods = sorted({r["period"] for r in rows})
    series: dict[str, list[float | None]] = {}
    for row in rows:
        name = row[group] if row[group] is not None else t("mark.missing_group")
        series.setdefault(name, [None] * len(periods))[periods.index(row["period"])] = row[value]
    return Chart(title, sheet, "lines", [period(p, short=True) for p in periods], dict(sorted(series.items())), unit)


def _links(store, counts, start, end, min_cell, risk, labels):
    section = Section("report.section.links")
    broken: list[dict] = []
    if not counts["professionals"]:
        section.missing.append(t("report.missing.professionals_links"))
    else:
        try:
            broken = measures.broken_relationships(store, unit="12m", start=start, end=end).to_pylist()
        except VertrouwdError:
            broken = measures.broken_relationships(store, unit="year", start=start, end=end).to_pylist()
        rows, withheld = suppress(broken, BROKEN_LAYOUT, min_cell)
        section.tables.append(Table("report.table.broken", "sheet.broken", [
            "period", "organization", "broken", "known_face", "stranger", "lost", "share_known_face",
            "broken_per_100_clients"], [{**r, "period": period(r["period"])} for r in rows], withheld,
            filter_on="organization"))
    if not counts["contracts"]:
        section.missing.append(t("report.missing.contracts_links"))
        return section, broken
    changes = measures.provider_change_continuity(store, start=start, end=end, risk=risk)
    if not changes.num_rows:
        section.notes.append(t("report.note.no_provider_changes"))
        return section, broken
    sides, _ = suppress(changes.to_pylist(), CHANGE_LAYOUT, min_cell)
    pairs: dict[tuple, dict] = {}
    for row in sides:
        key = (row["area"], row["domain"], row["organization_before"], row["organization_after"], row["changed_on"])
        pair = pairs.setdefault(key, {"area": row["area"], "domain": row["domain"],
                                      "organization_before": row["organization_before"],
                                      "organization_after": row["organization_after"],
                                      "changed_on": row["changed_on"], HIDDEN: frozenset()})
        for column in ("clients", "share_at_risk", "upc_mean"):
            pair[f"{column}_{row['side']}"] = row[column]
        pair[HIDDEN] = pair[HIDDEN] | {f"{c}_{row['side']}" for c in row[HIDDEN]}
    rows = list(pairs.values())
    section.tables.append(Table("report.table.provider_change", "sheet.provider_change", [
        "area", "domain", "organization_before", "organization_after", "changed_on", "clients_before",
        "clients_after", "share_at_risk_before", "share_at_risk_after", "upc_mean_before", "upc_mean_after"],
        rows, filter_on="area"))
    both = [r for r in rows if r["share_at_risk_before"] is not None and r["share_at_risk_after"] is not None]
    section.add_chart(Chart("report.chart.provider_change", "sheet.chart.provider_change", "pairs",
                            [f"{r['area']} {text(r['domain'], 'domain') if r['domain'] else ''} "
                             f"{r['changed_on']:%m-%Y}".replace("  ", " ") for r in both],
                            {t("report.before"): [r["share_at_risk_before"] for r in both],
                             t("report.after"): [r["share_at_risk_after"] for r in both]}, "share"))
    return section, broken


def _policy(store, counts, start, end, min_cell):
    section = Section("report.section.policy")
    durations: list[dict] = []
    if counts["contracts"]:
        durations = measures.contract_durations(store).to_pylist()
        section.tables.append(Table("report.table.contracts", "sheet.contracts", [
            "municipality", "domain", "procurement", "contracts", "planned_years_median", "maximum_years_median",
            "share_max_over_6_years"], [{**r, "procurement": _procurement(r["procurement"])} for r in durations]))
        churn = measures.provider_churn(store, as_of=end).to_pylist()
        section.tables.append(Table("report.table.churn", "sheet.churn", [
            "period", "area", "providers_started", "providers_stopped", "providers_serving"], churn,
            filter_on="area"))
        section.notes.append(t("report.note.churn", day=f"{end:%d-%m-%Y}"))
    else:
        section.missing.append(t("report.missing.contracts"))
    if counts.get("care_messages"):  # iJw/iWmo messages: continuity at the level of the provider
        switches = [{**r, "year": str(r["year"]), "standard": STANDARDS.get(r["standard"], r["standard"])}
                    for r in measures.provider_switches(store).to_pylist()]
        rows, withheld = suppress(switches, SWITCH_LAYOUT, min_cell)
        section.tables.append(Table("report.table.switches", "sheet.switches", [
            "year", "standard", "category", "clients", "spells_per_client", "switches", "switches_reason_38",
            "switches_at_tender", "days_without_care_median"], rows, withheld))
        section.notes.append(t("report.note.switches"))
    else:
        section.missing.append(t("report.missing.messages"))
    if store.has_households():
        hands = measures.hands_per_household(store, start=start, end=end).to_pylist()
        rows, withheld = suppress(hands, HANDS_LAYOUT, min_cell)
        section.tables.append(Table("report.table.hands", "sheet.hands", [
            "period", "households", "organisations_mean", "professionals_mean", "share_3_or_more_organisations",
            "share_3_or_more_professionals"], [{**r, "period": period(r["period"])} for r in rows], withheld,
            labels={"professionals_mean": "column.professionals_per_household"}))
    else:
        section.missing.append(t("report.missing.households"))
    return section, durations


def _procurement(value: str | None) -> str | None:
    """The form of procurement in words (aanbesteding, subsidie); an unknown one as it is."""
    key = f"procurement.{value}"
    return t(key) if key in MESSAGES else value


@dataclass
class YearTotals:
    """Totals over organisations of the reporting year (index 0) and the year before (1):
    staff outflow, relationships broken, and the share of those that got a known face
    (None where it would let a count of fewer than `min_cell` clients be worked out)."""

    outflow: tuple[float | None, float | None]  # leaving the organisation
    with_contract: tuple[float | None, float | None]  # of which: went with a lost contract
    broken: tuple[int | None, int | None]
    known_face: tuple[float | None, float | None]


def _year_totals(staff: list[dict], broken: list[dict], labels: tuple[str, str | None], min_cell: int) -> YearTotals:
    def total(rows: list[dict], label: str | None, column: str) -> float | None:
        chosen = [r for r in rows if label is not None and period(r["period"]) == label]
        return sum(r[column] or 0 for r in chosen) if chosen else None

    outflow, with_contract, counts, known_face = [], [], [], []
    for label in labels:
        headcount, leavers = total(staff, label, "headcount"), total(staff, label, "left_organisation")
        outflow.append(leavers / headcount if headcount else None)
        lost = total(staff, label, "contract_ended")
        with_contract.append(lost / headcount if headcount and lost else None)
        count, known = total(broken, label, "broken"), total(broken, label, "known_face")
        publishable = count is not None and count >= min_cell and all(
            part == 0 or part >= min_cell for part in (known, count - known))
        counts.append(count if count is not None and count >= min_cell else None)
        known_face.append(known / count if publishable else None)
    return YearTotals(tuple(outflow), tuple(with_contract), tuple(counts), tuple(known_face))


def _headlines(now: dict, then: dict | None, totals: YearTotals, labels, min_cell: int) -> list[str]:
    """Plain sentences about the reporting year against the year before; none that rests
    on fewer than `min_cell` clients."""
    year, previous = labels
    lines = []
    if _published(now, min_cell):
        share, compare = now["share_at_risk"], _published(then, min_cell)
        was = t("report.was", value=percent(then["share_at_risk"]), year=previous) if compare else ""
        lines.append(t("report.headline.risk", year=year, percent=percent(share), one_in=round(1 / share), was=was)
                     if share else t("report.headline.no_risk", year=year, was=was))
        was = t("report.was", value=number(then["n_professionals_mean"], 1), year=previous) if compare else ""
        lines.append(t("report.headline.faces", year=year, mean=number(now["n_professionals_mean"], 1), was=was))
    outflow, before = totals.outflow
    if outflow is not None:
        was = t("report.was", value=percent(before), year=previous) if before is not None else ""
        lost = totals.with_contract[0]
        contract = t("report.headline.outflow_contract", percent=percent(lost)) if lost else ""
        lines.append(t("report.headline.outflow", year=year, percent=percent(outflow), contract=contract, was=was))
    broken, broken_before = totals.broken
    known, known_before = totals.known_face
    if broken is not None and known is not None:
        was = t("report.was_broken", year=previous, broken=number(broken_before), percent=percent(known_before)) \
            if known_before is not None else ""
        lines.append(t("report.headline.broken", year=year, broken=number(broken), percent=percent(known), was=was))
    elif broken is not None:
        lines.append(t("report.headline.broken_only", year=year, broken=number(broken)))
    return lines


def _levels(now: dict, then: dict | None, totals: YearTotals, contracts: list[dict],
            min_cell: int) -> list[tuple[str, list[KeyFigure]]]:
    """The summary's three levels, each with its key figures against the year before."""
    relation = []
    if _published(now, min_cell):
        compare = _published(then, min_cell)
        for label, column, write in (("report.figure.at_risk", "share_at_risk", percent),
                                     ("report.figure.faces", "n_professionals_mean", lambda v: number(v, 1)),
                                     ("report.figure.upc", "upc_mean", lambda v: number(v, 2))):
            relation.append(KeyFigure(t(label), write(now[column]), write(then[column]) if compare else None))
    organisation = []
    if totals.outflow[0] is not None:
        organisation.append(KeyFigure(t("report.figure.outflow"), percent(totals.outflow[0]),
                                      percent(totals.outflow[1]) if totals.outflow[1] is not None else None))
    if totals.known_face[0] is not None:
        organisation.append(KeyFigure(t("report.figure.known_face"), percent(totals.known_face[0]),
                                      percent(totals.known_face[1]) if totals.known_face[1] is not None else None))
    policy = []
    planned = [(r["planned_years_mean"], r["contracts"]) for r in contracts if r["planned_years_mean"] is not None]
    if planned:
        policy.append(KeyFigure(t("report.figure.contract_years"),
                                number(sum(v * n for v, n in planned) / sum(n for _, n in planned), 1)))
    over = [(r["share_max_over_6_years"], r["contracts"]) for r in contracts if r["share_max_over_6_years"] is not None]
    if over:
        policy.append(KeyFigure(t("report.figure.over_6"), percent(sum(v * n for v, n in over) /
                                                                   sum(n for _, n in over))))
    return [(t("report.level.policy"), policy), (t("report.level.organisation"), organisation),
            (t("report.level.relation"), relation)]


def _actions(relational: Section, staff: list[dict], totals: YearTotals, contracts: list[dict],
             year: str) -> list[str]:
    """What to do, from the figures: where the risk is highest, where staff leave, how
    departures are handled, and what contracts could change."""
    actions = []
    teams = next((tb for tb in relational.tables if tb.title == "report.by.team"), None)
    if teams:
        ranked = sorted((r for r in teams.rows if r["share_at_risk"] is not None and r["team"] is not None),
                        key=lambda r: -r["share_at_risk"])[:3]
        if ranked and ranked[0]["share_at_risk"] > 0:
            actions.append(t("report.action.teams", names=_names([f"{r['team']} ({percent(r['share_at_risk'])})"
                                                                  for r in ranked]), year=year))
    if staff:
        latest = max(r["period"] for r in staff)

        def own(r: dict) -> float:  # leaving for other reasons than a lost contract: the organisation can ask why
            return (r["outflow_organisation"] or 0) - (r["outflow_contract_ended"] or 0)

        high = sorted((r for r in staff if r["period"] == latest and r["outflow_organisation"] is not None
                       and own(r) > SECTOR_OUTFLOW and r["headcount"] >= 5), key=lambda r: -own(r))[:3]
        if high:
            actions.append(t("report.action.outflow", names=_names([f"{r['organization']} ({percent(own(r))})"
                                                                    for r in high]), sector=percent(SECTOR_OUTFLOW)))
    if totals.known_face[0] is not None and totals.known_face[0] < 0.5:
        actions.append(t("report.action.handover", percent=percent(totals.known_face[0])))
    short = sorted({text(r["domain"], "domain") for r in contracts
                    if r["domain"] and r["planned_years_mean"] is not None and r["planned_years_mean"] < 6})
    if short:
        actions.append(t("report.action.contracts", domains=_names(short)))
    return actions


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + t("report.and") + items[-1]


def definitions(risk: Risk, min_cell: int, year: str) -> list[tuple[str, str]]:
    """The "how to read this" list: each figure of the report defined once, in plain words."""
    terms = ["year", "risk", "faces", "upc", "coc", "secon", "days", "outflow", "outflow_kinds", "stability", "broken", "over_cap",
             "hands", "marks"]
    values = {"year": year, "professionals": risk.professionals, "upc": number(risk.upc, 2),
              "contacts": risk.min_contacts, "min_cell": min_cell}
    return [(t(f"define.{term}.term"), t(f"define.{term}", **values)) for term in terms]
