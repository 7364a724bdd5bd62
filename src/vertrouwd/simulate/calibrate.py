"""The scenario simulator's levers, estimated from a municipality's own data.

`calibrate(source)` reads the contacts, professionals and contracts (a Store, or a dict of
Arrow tables in the data model) and returns a `Scenario` whose levers are what the data
shows, with for each lever where its value came from. `scenario_toml` writes it as a
scenario file the user can read, edit and run (`vertrouwd simulate --scenario FILE`).

=========================  ==========================================================
lever                      estimated as
=========================  ==========================================================
years                      the span of the contacts
clients                    clients in care at a time: the sum of each client's time in
                           care (first to last contact plus one usual interval) / span
contact_weeks              the mean interval between a client's consecutive contacts
trajectory_years           mean time in care, by maximum likelihood for an exponential
                           time with censoring: the total time in care / the number of
                           clients whose care ended (no contact in the last three usual
                           intervals of the data); 0 (the whole horizon) when under 5%
                           of clients ended
annual_outflow             staff who left their organisation for another reason than a
                           lost contract (`measures.staff_flows`), per person-year
vacancy_weeks              the median time from a leaver's last day to the next start
                           in the same team (within half a year)
team_size                  the mean number employed in a team on a day
caseload_cap               the median `caseload_cap` of the professionals
tender_years               the mean length of the contracts that ended within the data;
                           0 when no contract ended (long-term subsidy)
provider_change_probability  of those contracts, the share followed by a contract of
                           another organisation for the same area and domain
=========================  ==========================================================

Sick leave, its cover and how a leaver's clients are handed over are not in the data;
they keep the values of the base scenario (the sector's figures) and the file says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from vertrouwd.errors import VertrouwdError
from vertrouwd.i18n import number, t
from vertrouwd.simulate.model import PRESETS, Scenario

ENDED_AFTER_INTERVALS = 3  # no contact in this many usual intervals before the data's end: care ended
MIN_ENDED_SHARE = 0.05
VACANCY_DAYS = 182


@dataclass(frozen=True)
class Calibration:
    scenario: Scenario
    sources: dict[str, tuple[str, dict]]  # lever -> where its value came from: a catalogue key and its values
    first: dt.date
    last: dt.date

    def source(self, lever: str) -> str:
        """Where the lever's value came from, in the user's language."""
        key, values = self.sources[lever]
        return t(key, **values)


def calibrate(source, name: str = "gemeente", base: Scenario = PRESETS["buurtteam"]) -> Calibration:
    """The levers of `base` that the data shows, estimated from `source` (a Store, or a dict
    of Arrow tables `contacts`, `professionals`, `contracts`)."""
    from vertrouwd.measures import staff_flows
    from vertrouwd.store import Store

    if isinstance(source, Store):
        with source.scratch() as con:
            levers, sources, first, last = _estimates(con, staff_flows(source, unit="year"))
    else:
        con = duckdb.connect()
        for table, arrow in source.items():
            con.register(table, _complete(table, arrow))
        levers, sources, first, last = _estimates(con, staff_flows(source, unit="year"))
        con.close()
    for lever in ("sick_leave", "sick_weeks", "cover", "handover"):
        sources[lever] = ("calibrate.source.not_in_data", {"base": base.name})
    scenario = dataclasses.replace(base, name=name, **levers).check("calibration")
    return Calibration(scenario, sources, first, last)


OPTIONAL = {"contacts": {"team": pa.string()}, "professionals": {"team": pa.string(), "caseload_cap": pa.int64()},
            "contracts": {"area": pa.string(), "domain": pa.string()}}


def _complete(table: str, arrow: pa.Table) -> pa.Table:
    """Optional columns the estimates read, empty where a table lacks them (as in the store)."""
    for column, kind in OPTIONAL.get(table, {}).items():
        if column not in arrow.column_names:
            arrow = arrow.append_column(column, pa.nulls(arrow.num_rows, kind))
    return arrow


def _estimates(con: duckdb.DuckDBPyConnection, staff: pa.Table) -> tuple[dict, dict, dt.date, dt.date]:
    levers, sources = {}, {}
    first, last, clients, n_gaps, gap_days = con.execute("""
        WITH c AS (SELECT client_id, date, date_diff('day', LAG(date) OVER (PARTITION BY client_id ORDER BY date), date)
                   AS gap FROM contacts)
        SELECT min(date), max(date), count(DISTINCT client_id), count(gap), sum(gap) FROM c""").fetchall()[0]
    if first is None:
        raise VertrouwdError("measure.no_contacts")
    span = (last - first).days + 1
    levers["years"] = round(span / 365.25, 2)
    sources["years"] = ("calibrate.source.years", {"first": f"{first:%d-%m-%Y}", "last": f"{last:%d-%m-%Y}"})
    interval = gap_days / n_gaps if n_gaps else 14.0
    levers["contact_weeks"] = round(max(1.0, interval / 7), 2)
    sources["contact_weeks"] = ("calibrate.source.contact_weeks", {"days": number(interval, 1), "pairs": number(n_gaps)})

    in_care, ended = con.execute(f"""
        SELECT CAST(sum(date_diff('day', first_day, last_day) + {interval}) AS DOUBLE),
               count_if(last_day < DATE '{last}' - {int(ENDED_AFTER_INTERVALS * interval)})
        FROM (SELECT client_id, min(date) AS first_day, max(date) AS last_day FROM contacts GROUP BY 1)""").fetchall()[0]
    levers["clients"] = max(1, round(in_care / span))
    sources["clients"] = ("calibrate.source.clients", {"clients": number(clients), "years": number(in_care / 365.25), "days": number(span)})
    if ended >= MIN_ENDED_SHARE * clients:
        levers["trajectory_years"] = round(in_care / ended / 365.25, 2)
        sources["trajectory_years"] = ("calibrate.source.trajectory_years", {"years": number(in_care / 365.25), "ended": number(ended)})
    else:
        levers["trajectory_years"] = 0.0
        sources["trajectory_years"] = ("calibrate.source.trajectory_whole", {"ended": number(ended), "clients": number(clients)})

    _staff_levers(con, staff, levers, sources)
    _contract_levers(con, last, levers, sources)
    return levers, sources, first, last


def _staff_levers(con, staff: pa.Table, levers: dict, sources: dict) -> None:
    rows = staff.to_pylist()
    person_years = sum((r["headcount"] or 0) * ((r["period_end"] - r["period_start"]).days + 1) / 365.25 for r in rows)
    if not person_years:
        sources["annual_outflow"] = ("calibrate.source.no_staff", {})
        return
    left = sum((r["left_organisation"] or 0) - (r["contract_ended"] or 0) for r in rows)
    levers["annual_outflow"] = round(left / person_years, 3)
    sources["annual_outflow"] = ("calibrate.source.annual_outflow", {"left": number(left), "years": number(person_years)})
    cap = con.execute("SELECT median(caseload_cap) FROM professionals").fetchall()[0][0]
    if cap is not None:
        levers["caseload_cap"] = int(round(cap))
        sources["caseload_cap"] = ("calibrate.source.caseload_cap", {})
    size = con.execute("""
        WITH span AS (SELECT min(date) AS a, max(date) AS b FROM contacts),
        days AS (SELECT coalesce(p.team, p.organization) AS team,
                        date_diff('day', greatest(p.start_date, span.a), least(coalesce(p.end_date, span.b), span.b)) + 1
                        AS d
                 FROM professionals p, span WHERE p.start_date <= span.b AND coalesce(p.end_date, span.b) >= span.a)
        SELECT sum(d) / (SELECT date_diff('day', a, b) + 1 FROM span) / count(DISTINCT team) FROM days""").fetchall()[0][0]
    if size:
        levers["team_size"] = max(1, int(round(size)))
        sources["team_size"] = ("calibrate.source.team_size", {"size": number(size, 1)})
    vacancy = con.execute(f"""
        SELECT median(date_diff('day', l.end_date, n.start_date)) FROM professionals l
        JOIN professionals n ON coalesce(n.team, n.organization) = coalesce(l.team, l.organization)
             AND n.organization = l.organization AND n.start_date > l.end_date
             AND date_diff('day', l.end_date, n.start_date) <= {VACANCY_DAYS}
        WHERE l.end_date IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM professionals m WHERE m.start_date > l.end_date AND m.start_date < n.start_date
            AND coalesce(m.team, m.organization) = coalesce(l.team, l.organization) AND m.organization = l.organization)
        """).fetchall()[0][0]
    levers["vacancy_weeks"] = int(round((vacancy - 1) / 7)) if vacancy else 0
    sources["vacancy_weeks"] = ("calibrate.source.vacancy_weeks" if vacancy else "calibrate.source.no_vacancy", {})


def _contract_levers(con, last: dt.date, levers: dict, sources: dict) -> None:
    try:
        count = con.execute("SELECT count(*) FROM contracts").fetchall()[0][0]
    except duckdb.CatalogException:
        count = 0
    if not count:
        sources["tender_years"] = ("calibrate.source.no_contracts", {})
        return
    ended, years, changed, followed = con.execute(f"""
        WITH done AS (SELECT * FROM contracts WHERE end_date < DATE '{last}'),
        next AS (SELECT d.contract_id, d.organization AS was, n.organization AS now,
                        ROW_NUMBER() OVER (PARTITION BY d.contract_id ORDER BY n.start_date) AS r
                 FROM done d JOIN contracts n ON n.area IS NOT DISTINCT FROM d.area
                      AND n.domain IS NOT DISTINCT FROM d.domain AND n.start_date > d.start_date
                      AND date_diff('day', d.end_date, n.start_date) BETWEEN 0 AND 31)
        SELECT (SELECT count(*) FROM done),
               (SELECT avg(date_diff('day', start_date, end_date) + 1) / 365.25 FROM done),
               count_if(was <> now), count(*) FROM next WHERE r = 1""").fetchall()[0]
    if not ended:
        levers["tender_years"] = 0.0
        sources["tender_years"] = ("calibrate.source.subsidy", {})
        return
    levers["tender_years"] = round(years, 2)
    sources["tender_years"] = ("calibrate.source.tender_years", {"ended": number(ended)})
    if followed:
        levers["provider_change_probability"] = round(changed / followed, 3)
        sources["provider_change_probability"] = ("calibrate.source.provider_change", {"changed": number(changed), "followed": number(followed)})


def baseline_check(calibration: Calibration, source, seed: int = 1) -> dict[str, float]:
    """Professionals per client and mean UPC over the whole span: measured in `source`, and
    in one run of the calibrated scenario (the same definitions: every client with a contact)."""
    import pyarrow.compute as pc

    from vertrouwd.measures import relational
    from vertrouwd.simulate.model import simulate

    measured = relational(source, start=calibration.first, end=calibration.last)
    model = simulate(calibration.scenario, seed)
    return {"measured_faces": pc.mean(measured["n_professionals"]).as_py(), "measured_upc": pc.mean(measured["upc"]).as_py(),
            "model_faces": model.professionals_mean, "model_upc": model.upc_mean}


def scenario_toml(calibration: Calibration) -> str:
    """The calibrated scenario as a file a person reads and edits: each lever with where
    its value came from."""
    s = calibration.scenario
    lines = [t("calibrate.file.head", first=f"{calibration.first:%d-%m-%Y}", last=f"{calibration.last:%d-%m-%Y}"),
             t("calibrate.file.run"), "", f'name = "{s.name}"']
    for field in dataclasses.fields(Scenario):
        if field.name == "name":
            continue
        value = getattr(s, field.name)
        written = f'"{value}"' if isinstance(value, str) else repr(float(value)) if isinstance(value, float) else str(value)
        lines.append(f"{field.name} = {written}" + (f"  # {calibration.source(field.name)}"
                                                     if field.name in calibration.sources else ""))
    return "\n".join(lines) + "\n"

