"""Measures of continuity. `relational(...)` is the front door for the relational level."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from vertrouwd import settings
from vertrouwd.engines import DuckDBEngine, open_engine
from vertrouwd.errors import VertrouwdError
from vertrouwd.measures.groups import GROUP_COLUMNS, Risk, main_group_sql, statistics_sql
from vertrouwd.measures.links import broken_relationships_sql, broken_summary_sql
from vertrouwd.measures.calendar import back as _back
from vertrouwd.measures.calendar import parse_span, periods, periods_table, rolling_windows
from vertrouwd.measures.organisational import caseload_sql, staff_sql
from vertrouwd.measures.policy import (churn_sql, contracts_sql, council_periods, hands_sql,
                                       provider_changes_sql, switches_sql)
from vertrouwd.measures._duckdb import ROW, fits_keyed_path, keyed_in_order_sql, keyed_per_client_sql
from vertrouwd.measures.continuity import LEVELS, OUTPUT_COLUMNS, per_client_sql, period_filter

__all__ = ["provider_switches", "relational", "relational_groups", "staff_flows", "caseloads", "broken_relationships", "contract_durations",
           "provider_churn", "hands_per_household", "provider_change_continuity", "Risk", "rolling_windows",
           "parse_span", "summary"]

CONTACT_COLUMNS = ["client_id", "professional_id", "team", "date", "contact_id", "household_id", *[
    c for c in GROUP_COLUMNS if c != "team"]]
CONTRACT_COLUMNS = ["contract_id", "municipality", "organization", "start_date", "end_date", "max_end_date",
                    "domain", "area", "procurement"]
MESSAGE_COLUMNS = ["client_id", "standard", "kind", "provider", "category", "assignment", "first_day", "last_day",
                   "reason"]
PROFESSIONAL_COLUMNS = ["professional_id", "organization", "team", "start_date", "end_date", "fte", "caseload_cap"]
ORGANISATION_GROUPS = ("organization", "team")


def relational(source, *, level: str = "professional", by: Sequence[str] = (), start: dt.date | None = None,
               end: dt.date | None = None, engine: str = settings.ENGINE, min_contacts: int = settings.MIN_CONTACTS, risk: Risk = Risk(),
               window: str | None = None, step: str | None = None, spark_master: str = settings.SPARK_MASTER) -> pa.Table:
    """Relational continuity per client (no `by`) or per group, as an Arrow table.

    `source` is a `Store`, a DuckDB connection holding a `contacts` table (a view is first
    copied into a temporary table), an Arrow table of contacts in the data model, or the
    path of a Parquet file of such contacts (identifiers as they are, not pseudonymised
    again). With `window` (and `step`, default the window), the figures are computed over
    rolling windows within [start, end], with `window_start` and `window_end` as first
    columns.
    """
    eng, con, arrow = _open_contacts(source, level, [by], engine, spark_master)
    try:
        start, end = _span(eng, start, end)
        periods = rolling_windows(start, end, window, step) if window else [(start, end)]
        last_row = _last_row(eng)
        pieces = []
        for window_start, window_end in periods:
            table = _one_period(eng, level, list(by), window_start, window_end, min_contacts, risk, last_row)
            if window:
                table = table.add_column(0, "window_end", pa.array([window_end] * table.num_rows, pa.date32()))
                table = table.add_column(0, "window_start", pa.array([window_start] * table.num_rows, pa.date32()))
            pieces.append(table)
    finally:
        eng.close()
    return pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]


def _open_contacts(source, level: str, groupings: Sequence[Sequence[str]], engine: str, spark_master: str):
    """Check the level and groupings, then open an engine over the source's contacts."""
    if level not in LEVELS:
        raise VertrouwdError("measure.level", value=level, choices=", ".join(LEVELS))
    for by in groupings:
        _check_groups(by, GROUP_COLUMNS)
    if isinstance(source, pa.Table):
        source = {"contacts": source}
    return _tables(source, engine, spark_master, {"contacts": CONTACT_COLUMNS})


def relational_groups(source, groupings: Sequence[Sequence[str]], *, level: str = "professional",
                      start: dt.date | None = None, end: dt.date | None = None, engine: str = settings.ENGINE,
                      min_contacts: int = settings.MIN_CONTACTS, risk: Risk = Risk(),
                      spark_master: str = settings.SPARK_MASTER) -> tuple[pa.Table, list[pa.Table]]:
    """The per-client table over [start, end] and, from that one table, the group
    statistics of each grouping: what `relational(source, by=g)` gives for every g in
    `groupings`, with the engine opened and every client measured once."""
    eng, con, arrow = _open_contacts(source, level, groupings, engine, spark_master)
    try:
        start, end = _span(eng, start, end)
        per_client = _per_client(eng, "vt_contacts", level, start, end, _last_row(eng))
        eng.register("vt_measures", per_client)
        return per_client, [_groups(eng, list(by), start, end, min_contacts, risk) for by in groupings]
    finally:
        eng.close()


def _one_period(eng, level: str, by: list[str], start: dt.date, end: dt.date, min_contacts: int,
                risk: Risk, last_row: int | None) -> pa.Table:
    measures = _per_client(eng, "vt_contacts", level, start, end, last_row)
    if not by:
        return measures
    eng.register("vt_measures", measures)
    return _groups(eng, by, start, end, min_contacts, risk)


def _groups(eng, by: list[str], start: dt.date, end: dt.date, min_contacts: int, risk: Risk) -> pa.Table:
    """Group statistics of the per-client table `vt_measures`, each client in its group."""
    period = period_filter(start, end)
    for column in by:
        eng.register(f"vt_group_{column}", main_group_sql("vt_contacts", column, period))
    first = f"vt_group_{by[0]}"
    joins = " ".join(f"JOIN vt_group_{c} ON vt_group_{c}.client_id = {first}.client_id" for c in by[1:])
    columns = ", ".join(f"vt_group_{c}.{c}" for c in by)
    eng.register("vt_groups", f"SELECT {first}.client_id, {columns} FROM {first} {joins}")
    return eng.query(statistics_sql("vt_measures", "vt_groups", by, min_contacts, risk))


def _per_client(eng, contacts: str, level: str, start: dt.date, end: dt.date, last_row: int | None) -> pa.Table:
    """The per-client measures of the contacts in `contacts` (rows of `vt_contacts`, whose
    highest row number is `last_row`), in a fixed order (by the client's hash, which sorts
    faster than text). On DuckDB by the fast keyed path, with the clients it flags computed
    again exactly (see `continuity.py`)."""
    order = f"SELECT {', '.join(OUTPUT_COLUMNS)} FROM {{}} ORDER BY hash(client_id), client_id"
    if last_row is None or not fits_keyed_path(last_row, start, end):
        return eng.query(order.format(f"({per_client_sql(contacts, level, start, end)}) AS measured"))
    keyed = eng.query(keyed_per_client_sql(contacts, level, start, end))  # in order already
    redo = keyed["day_order_matters"]
    if not pc.any(redo).as_py():
        return keyed.select(OUTPUT_COLUMNS)
    eng.register("vt_in_order", keyed.filter(redo).select(["client_key", "client_id"]))
    again = eng.query(keyed_in_order_sql(contacts, "vt_in_order", level, start, end))
    kept = keyed.filter(pc.invert(redo)).select(OUTPUT_COLUMNS)
    eng.register("vt_per_client", pa.concat_tables([kept, again.select(OUTPUT_COLUMNS).cast(kept.schema)]))
    return eng.query(order.format("vt_per_client"))


def _last_row(eng) -> int | None:
    """The highest row number of `vt_contacts`, once per call (it bounds every period and
    area of it); None where no rows are numbered, off DuckDB."""
    if eng.name != "duckdb" or ROW not in eng.columns("vt_contacts"):
        return None
    return eng.query(f"SELECT coalesce(max({ROW}), 0) AS r FROM vt_contacts")["r"][0].as_py()


def _tables(source, engine: str, spark_master: str, names: dict[str, list[str]]):
    """Open an engine with a view `vt_<table>` of each named store table (only the columns
    given), from a Store, a DuckDB connection, a dict of Arrow tables, or a Parquet file or
    directory of contacts (read by the engine where it lies: on Spark it never passes
    through this process). `vt_contacts` also numbers its rows in `vt_row` on DuckDB (see
    `continuity.py`) where the source has row numbers."""
    from vertrouwd.store import Store

    if isinstance(source, (str, Path)):
        if set(names) != {"contacts"}:
            raise VertrouwdError("measure.file_contacts_only", path=source)
        eng = open_engine(engine, None, spark_master)
        present = set(eng.read_parquet("vt_file_contacts", source, ROW if engine == "duckdb" else None))
        _check_columns(present, source)
        listed = [c if c in present else f"CAST(NULL AS VARCHAR) AS {c}" for c in names["contacts"]]
        eng.register("vt_contacts", f"SELECT {', '.join(listed + ([ROW] if ROW in present else []))} "
                                    "FROM vt_file_contacts")
        return eng, None, None
    if isinstance(source, dict):
        con, arrow = duckdb.connect(), source
    else:
        con, arrow = (source.con if isinstance(source, Store) else source), None
    eng = open_engine(engine, con if engine == "duckdb" else None, spark_master)
    for name, columns in names.items():
        numbered = name == "contacts" and engine == "duckdb"
        if arrow is not None:
            table = arrow[name]
            for column in columns:
                if column not in table.column_names:
                    table = table.append_column(column, pa.nulls(table.num_rows, pa.string()))
            table = table.select(columns)
            if numbered:
                table = table.append_column(ROW, pa.array(np.arange(table.num_rows, dtype=np.int64)))
            eng.register(f"vt_{name}", table)
        else:
            present = {row[0] for row in con.execute(f"DESCRIBE {name}").fetchall()}
            listed = [c if c in present else f"CAST(NULL AS VARCHAR) AS {c}" for c in columns]  # optional columns
            table = name
            if numbered:
                if not _has_rowid(con, name):  # a view has no row numbers of its own
                    table = f"vt_copy_{name}"
                    eng.copy(table, f"SELECT {', '.join(c for c in columns if c in present)} FROM {name}")
                listed.append(f"rowid AS {ROW}")
            select = f"SELECT {', '.join(listed)} FROM {table}"
            eng.register(f"vt_{name}", select if engine == "duckdb" else con.sql(select).to_arrow_table())
    return eng, con, arrow


def _check_columns(present: set[str], source) -> None:
    """Files read where they lie skip the import's checks: at least the columns must be there."""
    missing = [c for c in ("client_id", "professional_id", "date") if c not in present]
    if missing:
        raise VertrouwdError("measure.file_columns", path=source, missing=", ".join(missing))


def _has_rowid(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    try:
        con.execute(f"SELECT rowid FROM {name} LIMIT 0")
    except duckdb.Error:
        return False
    return True


def _handovers(con, arrow) -> pa.Table | str | None:
    """Applied handovers (client, receiver, date), when the source has them."""
    if con is None:
        return None
    if arrow is not None:
        return arrow["handovers"].select(["client_id", "to_professional", "handover_date"]) \
            if "handovers" in arrow else None
    present = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'handovers'").fetchall()
    return "SELECT client_id, to_professional, handover_date FROM handovers" if present[0][0] else None


def _span(eng, start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """[start, end], each defaulting to the first and last day of the contacts."""
    if start and end:
        return start, end
    first, last = eng.query("SELECT min(date) AS first, max(date) AS last FROM vt_contacts").to_pylist()[0].values()
    if first is None:
        raise VertrouwdError("measure.no_contacts")
    return start or first, end or last


def _with_contracts(source, tables: dict[str, list[str]]) -> str | None:
    """Add the contracts to `tables` where the source has them (a store always does), and
    return the engine's name for them; None for a dict of tables without contracts."""
    if isinstance(source, dict) and "contracts" not in source:
        return None
    tables["contracts"] = CONTRACT_COLUMNS
    return "vt_contracts"


def _check_groups(by: Sequence[str], allowed: Sequence[str]) -> list[str]:
    for column in by:
        if column not in allowed:
            raise VertrouwdError("measure.by", value=column, choices=", ".join(allowed))
    return list(by)


def _check_unit(unit: str) -> None:
    if unit not in ("year", "quarter", "month", "12m"):
        raise VertrouwdError("measure.period", value=unit)


def staff_flows(source, *, unit: str = "year", by: Sequence[str] = ("organization",), start: dt.date | None = None,
                end: dt.date | None = None, engine: str = settings.ENGINE, spark_master: str = settings.SPARK_MASTER) -> pa.Table:
    """Headcount, FTE, joiners, leavers, outflow rate, stability index and median tenure
    per period (`year`, `quarter`, `month`, or `12m`: 12-month periods ending on `end`) and
    group (see `organisational.py`)."""
    by = _check_groups(by, ORGANISATION_GROUPS)
    _check_unit(unit)
    tables = {"professionals": PROFESSIONAL_COLUMNS, "contacts": CONTACT_COLUMNS}
    contracts = _with_contracts(source, tables)
    eng, con, arrow = _tables(source, engine, spark_master, tables)
    try:
        eng.register("vt_periods", periods(*_span(eng, start, end), unit))
        return eng.query(staff_sql("vt_professionals", "vt_periods", by, contracts))
    finally:
        eng.close()


def caseloads(source, *, by: Sequence[str] = ("organization",), start: dt.date | None = None,
              end: dt.date | None = None, engine: str = settings.ENGINE, spark_master: str = settings.SPARK_MASTER) -> pa.Table:
    """Per month and group: professionals employed, mean and median caseload, share over cap."""
    by = _check_groups(by, ORGANISATION_GROUPS)
    eng, con, arrow = _tables(source, engine, spark_master, {"professionals": PROFESSIONAL_COLUMNS,
                                                             "contacts": CONTACT_COLUMNS})
    try:
        eng.register("vt_months", periods_table(*_span(eng, start, end), "month"))
        handovers = _handovers(con, arrow)
        if handovers is not None:
            eng.register("vt_handovers", handovers if engine == "duckdb" or not isinstance(handovers, str)
                         else con.sql(handovers).to_arrow_table())
        return eng.query(caseload_sql("vt_professionals", "vt_contacts", "vt_months", by,
                                      "vt_handovers" if handovers is not None else None))
    finally:
        eng.close()


def broken_relationships(source, *, unit: str = "year", by: Sequence[str] = ("organization",),
                         start: dt.date | None = None, end: dt.date | None = None, detail: bool = False,
                         engine: str = settings.ENGINE, spark_master: str = settings.SPARK_MASTER) -> pa.Table:
    """Relationships broken by departures (see `links.py`): per client with `detail`,
    else counts, shares of known face / stranger / lost, and per 100 active clients."""
    by = _check_groups(by, ORGANISATION_GROUPS)
    _check_unit(unit)
    eng, con, arrow = _tables(source, engine, spark_master, {"professionals": PROFESSIONAL_COLUMNS,
                                                             "contacts": CONTACT_COLUMNS})
    try:
        first, last = _span(eng, start, end)
        eng.register("vt_broken", broken_relationships_sql("vt_professionals", "vt_contacts",
                                                           period_filter(first, last, "end_date")))
        if detail:
            return eng.query("SELECT * FROM vt_broken ORDER BY left_on, professional_id, client_id")
        eng.register("vt_periods", periods(first, last, unit))
        return eng.query(broken_summary_sql("vt_broken", "vt_contacts", "vt_periods", by))
    finally:
        eng.close()


def contract_durations(source, *, by: Sequence[str] = ("municipality", "domain", "procurement"),
                       engine: str = settings.ENGINE, spark_master: str = settings.SPARK_MASTER) -> pa.Table:
    """Planned and maximum contract durations and the share over 6 years, per group."""
    by = _check_groups(by, ("municipality", "domain", "procurement", "organization", "area"))
    eng, _, _ = _tables(source, engine, spark_master, {"contracts": CONTRACT_COLUMNS})
    try:
        return eng.query(contracts_sql("vt_contracts", by))
    finally:
        eng.close()


def provider_churn(source, *, as_of: dt.date | None = None, engine: str = settings.ENGINE,
                   spark_master: str = settings.SPARK_MASTER) -> pa.Table:
    """Per area and council period: providers that started, stopped and served; with
    `as_of`, as things stood that day (see `policy.py`)."""
    eng, con, arrow = _tables(source, engine, spark_master, {"contracts": CONTRACT_COLUMNS})
    try:
        query = "SELECT min(start_date), max(COALESCE(end_date, start_date)) FROM vt_contracts"
        first, last = (eng.query(query).to_pylist()[0].values())
        if first is None:
            raise VertrouwdError("measure.no_contracts")
        eng.register("vt_councils", council_periods(first, min(last, as_of) if as_of else last))
        return eng.query(churn_sql("vt_contracts", "vt_councils", as_of))
    finally:
        eng.close()


def provider_switches(source, *, engine: str = settings.ENGINE, spark_master: str = settings.SPARK_MASTER) -> pa.Table:
    """From iJw/iWmo messages: per year, standard and product category the clients, provider
    spells and switches between providers (with reason 38, at a tender) and the days without
    care between two providers (see `policy.py`)."""
    tables = {"care_messages": MESSAGE_COLUMNS}
    contracts = _with_contracts(source, tables)
    eng, _, _ = _tables(source, engine, spark_master, tables)
    try:
        return eng.query(switches_sql("vt_care_messages", contracts))
    finally:
        eng.close()


def hands_per_household(source, *, start: dt.date | None = None, end: dt.date | None = None,
                        engine: str = settings.ENGINE, spark_master: str = settings.SPARK_MASTER) -> pa.Table:
    """Per quarter: organisations and professionals in contact with each household."""
    eng, con, arrow = _tables(source, engine, spark_master, {"contacts": CONTACT_COLUMNS})
    try:
        eng.register("vt_quarters", periods_table(*_span(eng, start, end), "quarter"))
        return eng.query(hands_sql("vt_contacts", "vt_quarters"))
    finally:
        eng.close()


def provider_change_continuity(source, *, months: int = 12, min_contacts: int = settings.MIN_CONTACTS, risk: Risk = Risk(),
                               start: dt.date | None = None, end: dt.date | None = None,
                               engine: str = settings.ENGINE, spark_master: str = settings.SPARK_MASTER) -> pa.Table:
    """For each provider change in an (area, domain), the continuity of that area's clients
    in the `months` before and after, cut at the first and last day of the contacts (or
    [start, end]): clients, median and mean UPC, the share at risk and the share with 4+
    professionals. A change is left out unless the contacts cover at least half of each
    window: without a before or an after there is nothing to compare."""
    eng, con, arrow = _tables(source, engine, spark_master, {"contracts": CONTRACT_COLUMNS,
                                                             "contacts": CONTACT_COLUMNS})
    try:
        first, last = _span(eng, start, end)
        half = (months + 1) // 2  # the contacts must cover at least half of each window
        changes = [c for c in eng.query(provider_changes_sql("vt_contracts")).to_pylist()
                   if _back(c["changed_on"], (half, "m")) >= first
                   and _back(c["changed_on"], (-half, "m")) - dt.timedelta(days=1) <= last]
        last_row = _last_row(eng)
        rows = []
        for change in changes:
            day = change["changed_on"]
            windows = {"before": (max(first, _back(day, (months, "m"))), day - dt.timedelta(days=1)),
                       "after": (day, min(last, _back(day, (-months, "m")) - dt.timedelta(days=1)))}
            for side, (since, until) in windows.items():
                where = (f"area = '{_literal(change['area'])}' AND domain = '{_literal(change['domain'])}'"
                         if change["domain"] is not None else f"area = '{_literal(change['area'])}'")
                eng.register("vt_area_contacts", f"SELECT * FROM vt_contacts WHERE {where}")
                measured = _per_client(eng, "vt_area_contacts", "professional", since, until, last_row)
                eng.register("vt_area_measures", measured)
                stats = eng.query(statistics_sql("vt_area_measures", None, [], min_contacts, risk)).to_pylist()[0]
                four_plus = Risk(professionals=risk.professionals, upc=-1.0, min_contacts=risk.min_contacts)
                many = eng.query(statistics_sql("vt_area_measures", None, [], min_contacts, four_plus)).to_pylist()[0]
                rows.append({**change, "side": side, "from": since, "to": until, "clients": stats["clients"],
                             "upc_median": stats["upc_median"], "upc_mean": stats["upc_mean"],
                             "share_at_risk": stats["share_at_risk"],
                             f"share_{risk.professionals}_or_more_professionals": many["share_at_risk"]})
        if not rows:
            return pa.table({"area": pa.array([], pa.string())})
        return pa.Table.from_pylist(rows)
    finally:
        eng.close()


def _literal(text: str) -> str:
    return text.replace("'", "''")


def summary(per_client: pa.Table, min_contacts: int = settings.MIN_CONTACTS, risk: Risk = Risk()) -> dict:
    """Overall statistics of a per-client table (the same SQL as the group statistics)."""
    eng = DuckDBEngine()
    eng.register("vt_summary", per_client)
    row = eng.query(statistics_sql("vt_summary", None, [], min_contacts, risk)).to_pylist()[0]
    eng.close()
    row["clients_all"] = per_client.num_rows
    return row
