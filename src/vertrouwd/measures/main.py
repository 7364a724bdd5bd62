"""The main professional, the active client and the caseload: each defined once, and used by
the measures, the groups, the links and the handover planner.

main professional   of a client, over a set of contacts: the professional with the most of
                    them; a tie goes to the one seen last, in (date, contact_id) order. The
                    same rule gives a client's group (team, area, ...) in group statistics.
                    Around a day (a departure, a handover plan) the set is the contacts of
                    the MAIN_DAYS days before it; in a measuring period, the whole period
                    (the per-client measures pack the same rule into their fast path:
                    `main_relationship_days` in `continuity.py`).
active client       of a day: a client with a contact in the ACTIVE_DAYS days before it.
main caseload       of a professional on a day (the planner's "load", against the cap): the
                    active clients whose main professional they are.
clients seen        of a professional in a month (the organisational measure "caseload"):
                    the clients they had a contact with in the month or the
                    CASELOAD_LOOKBACK_DAYS days before it, in whatever role: it shows the
                    work a professional does (a colleague who covers counts too), where the
                    main caseload shows whom they answer for.
"""

from __future__ import annotations

MAIN_DAYS = 180
ACTIVE_DAYS = 90
CASELOAD_LOOKBACK_DAYS = 60


def position_sql(partition: str = "client_id") -> str:
    """A contact's place in its client's order: by date, then contact_id (as text)."""
    return f"ROW_NUMBER() OVER (PARTITION BY {partition} ORDER BY date, contact_id) AS position"


def main_sql(rows: str, keys: list[str], value: str) -> str:
    """Per `keys`, the `value` with the most rows in `rows`; a tie goes to the value whose
    last row comes latest. `rows` has a column `position` (see `position_sql`)."""
    k = ", ".join(keys)
    return f"""
SELECT {k}, {value} FROM (
    SELECT {k}, {value}, ROW_NUMBER() OVER (PARTITION BY {k} ORDER BY n_rows DESC, last_position DESC) AS main_rank
    FROM (SELECT {k}, {value}, COUNT(*) AS n_rows, MAX(position) AS last_position FROM {rows} GROUP BY {k}, {value})
        AS counted
) AS ranked
WHERE main_rank = 1"""
