"""What a team lead should look at now: the watch part of continuity, on a day.

- clients whose main professional leaves within the coming weeks (an end_date between the
  day and `weeks` weeks later): plan their handover before it happens;
- clients at risk over the 365 days before the day, by the one definition of the report
  (`measures.Risk`, clients with at least 2 contacts);
- professionals whose main caseload exceeds their cap.

Main professional, active client and main caseload as defined in `measures/main.py`. With
`team`, only that team's professionals and the clients whose main professional is in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from vertrouwd import measures, settings
from vertrouwd.measures import Risk
from vertrouwd.plan.handover import main_caseloads, main_professionals
from vertrouwd.store import Store

YEAR_DAYS = 365


@dataclass
class Signals:
    on: dt.date
    weeks: int
    leaving: list[tuple[str, str, dt.date]]  # client, their main professional, last working day
    at_risk: list[tuple[str, str | None, int, float]]  # client, main professional, professionals, UPC
    over_cap: list[tuple[str, int, int]]  # professional, main caseload, cap


def signals(store: Store, on: dt.date, weeks: int = settings.SIGNAL_WEEKS, team: str | None = None, risk: Risk = Risk()) -> Signals:
    with store.scratch() as con:
        main_professionals(con, on)
        loads = main_caseloads(con, on, team)
        staff = {pid: end for pid, _team, _load, _cap, end in loads}
        horizon = on + dt.timedelta(weeks=weeks)
        main = dict(con.execute("SELECT client_id, professional_id FROM _main").fetchall())
        leaving = sorted(((client, pid, staff[pid]) for client, pid in main.items()
                          if pid in staff and staff[pid] is not None and staff[pid] < horizon),
                         key=lambda row: (row[2], row[1], row[0]))  # who leaves first, first
        over_cap = [(pid, int(load), int(cap)) for pid, _team, load, cap, _end in loads
                    if cap is not None and load > cap]
    first = store.contact_span()[0]
    start = on - dt.timedelta(days=YEAR_DAYS)
    at_risk = []
    if first is not None and first < on:
        scratch = duckdb.connect()  # the risk rule as SQL, the one definition (groups.Risk)
        scratch.register("per_client", measures.relational(store, start=max(first, start),
                                                           end=on - dt.timedelta(days=1), risk=risk))
        # the measures hand clients over as the text of their stored pseudonym
        flagged = scratch.execute(f"SELECT CAST(client_id AS UUID), n_professionals, upc FROM per_client WHERE n_contacts >= 2 "
                                  f"AND {risk.sql()} ORDER BY n_professionals DESC, upc, client_id").fetchall()
        scratch.close()
        for client, professionals, upc in flagged:
            if team is None or main.get(client) in staff:
                at_risk.append((client, main.get(client), int(professionals), float(upc)))
    return Signals(on, weeks, leaving, at_risk, sorted(over_cap, key=lambda r: (r[2] - r[1], r[0])))
