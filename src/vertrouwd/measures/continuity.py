"""Relational continuity per client: the standard indices of the continuity-of-care literature.

Contacts of a client are ordered by (`date`, `contact_id`). With n contacts, n_j of them
with professional (or team) j, and NOP distinct professionals:

=========================  ==========================================================  ==========
measure                    definition                                                  defined
=========================  ==========================================================  ==========
n_contacts                 n                                                           n >= 1
n_professionals            NOP                                                         n >= 1
upc (Breslau & Reeb 1975)  max_j n_j / n                                               n >= 1
coc (Bice & Boxerman 1977) (sum_j n_j^2 - n) / (n (n - 1))                             n >= 2
secon (Steinwachs 1979)    share of the n - 1 consecutive pairs with the same j        n >= 2
mmci (Magill & Senf 1987)  (1 - NOP/(n + 0.1)) / (1 - 1/(n + 0.1))                     n >= 1
hhi (Herfindahl)           sum_j (n_j / n)^2                                           n >= 1
k (Ejlertsson 1984)        (n - NOP) / (n - 1)                                         n >= 2
main_relationship_days     days from first to last contact with the main professional  n >= 1
handovers                  consecutive pairs that change professional = (n-1)(1-secon) n >= 1
=========================  ==========================================================  ==========

The main professional is the one rule of `main.py` (most contacts; a tie goes to the one
seen last in (date, contact_id) order), packed here into the fast path's sort key; tests
check it against the planner on a tie. Undefined is NULL, never 0.

The formulas are written once, in `_OUTPUTS`, over each client's counts (n, NOP, the top
n_j, the sum of n_j^2, the consecutive pairs with the same professional, the main
professional's span). Two ways of counting feed them:

- `per_client_sql` counts in `_measures`, over each client's contacts ordered by the text
  identifiers, (`date`, `contact_id`). It is exact on any engine: written in DuckDB's
  dialect, run as is on DuckDB and transpiled by SQLGlot for Spark (see `engines.py`).
  It uses only window functions, grouping and arithmetic, which mean the same on both
  engines; every ratio is guarded so no engine divides by zero, and all arithmetic on
  fractions is DOUBLE (a literal such as 0.1 would be DECIMAL in Spark).
- On DuckDB a faster way of counting the same things feeds the same formulas: the engine
  trick lives in `_duckdb.py` and is tested against this definition.
"""

from __future__ import annotations

import datetime as dt

LEVELS = {"professional": "professional_id", "team": "team"}
OUTPUT_COLUMNS = ["client_id", "n_contacts", "n_professionals", "upc", "coc", "secon", "mmci", "hhi", "k",
                  "main_relationship_days", "handovers", "first_date", "last_date"]


def period_filter(start: dt.date | None, end: dt.date | None, column: str = "date") -> str:
    parts = []
    if start:
        parts.append(f"{column} >= DATE '{start.isoformat()}'")
    if end:
        parts.append(f"{column} <= DATE '{end.isoformat()}'")
    return " AND ".join(parts) or "TRUE"


def _usable(actor: str, start: dt.date | None, end: dt.date | None) -> str:
    return f"{actor} IS NOT NULL AND client_id IS NOT NULL AND {period_filter(start, end)}"


def _measures(client: str, last_seen: str) -> str:
    """The CTEs `per_actor` and `per_client` over `sequence` (columns: {client}, actor,
    date, same_as_previous, same_day_switch). `last_seen` orders a client's professionals
    by how recently they were seen, for the tie for main professional."""
    return f"""
per_actor AS (
    SELECT {client}, actor,
           COUNT(*) AS n_j, MIN(date) AS first_j, MAX(date) AS last_j,
           {last_seen} AS last_seen, SUM(same_as_previous) AS same_j, SUM(same_day_switch) AS switches_j
    FROM sequence
    GROUP BY {client}, actor
),
per_client AS (
    SELECT {client},
           CAST(SUM(n_j) AS BIGINT) AS n,
           CAST(COUNT(*) AS BIGINT) AS nop,
           CAST(MAX(n_j) AS BIGINT) AS top,
           CAST(SUM(n_j * n_j) AS BIGINT) AS squares,
           CAST(SUM(same_j) AS BIGINT) AS same,
           ARG_MAX(date_diff('day', first_j, last_j), n_j * 4294967296 + last_seen) AS main_days,
           MIN(first_j) AS first_date,
           MAX(last_j) AS last_date,
           SUM(switches_j) AS same_day_switches
    FROM per_actor
    GROUP BY {client}
)"""


_OUTPUTS = """
       n AS n_contacts,
       nop AS n_professionals,
       CAST(top AS DOUBLE) / n AS upc,
       CASE WHEN n >= 2 THEN CAST(squares - n AS DOUBLE) / (CAST(n AS DOUBLE) * (n - 1)) END AS coc,
       CASE WHEN n >= 2 THEN CAST(same AS DOUBLE) / (n - 1) END AS secon,
       (1 - nop / (CAST(n AS DOUBLE) + CAST(0.1 AS DOUBLE))) / (1 - 1 / (CAST(n AS DOUBLE) + CAST(0.1 AS DOUBLE))) AS mmci,
       CAST(squares AS DOUBLE) / (CAST(n AS DOUBLE) * n) AS hhi,
       CASE WHEN n >= 2 THEN CAST(n - nop AS DOUBLE) / (n - 1) END AS k,
       CAST(main_days AS BIGINT) AS main_relationship_days,
       CAST(n - 1 - same AS BIGINT) AS handovers,
       first_date,
       last_date"""


def _in_order(rows: str, client: str) -> str:
    """`sequence`, `per_actor` and `per_client` over `rows` ({client}, actor, date,
    contact_id), in the exact order (date, contact_id) within each client."""
    return f"""
WITH sequence AS (
    SELECT {client}, actor, date,
           CASE WHEN LAG(actor) OVER w = actor THEN 1 ELSE 0 END AS same_as_previous,
           0 AS same_day_switch,
           ROW_NUMBER() OVER w AS position
    FROM {rows}
    WINDOW w AS (PARTITION BY {client} ORDER BY date, contact_id)
),{_measures(client, "MAX(position)")}"""


def per_client_sql(source: str, level: str = "professional", start: dt.date | None = None,
                   end: dt.date | None = None) -> str:
    """One row per client with all measures, from the contacts in `source` (a table or view);
    exact on any engine."""
    actor = LEVELS[level]
    rows = (f"(SELECT client_id, {actor} AS actor, date, contact_id FROM {source} "
            f"WHERE {_usable(actor, start, end)}) AS contact")
    return f"""{_in_order(rows, "client_id")}
SELECT client_id,{_OUTPUTS}
FROM per_client
"""
