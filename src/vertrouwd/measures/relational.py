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

The main professional has the most contacts; a tie goes to the one seen most recently
(the later last contact in the (date, contact_id) order). Undefined is NULL, never 0.

The SQL below is the one definition: written in DuckDB's dialect, run as is on DuckDB and
transpiled by SQLGlot for Spark (see `engines.py`). It uses only window functions with a
unique order, grouping and arithmetic, which mean the same on both engines; every ratio
is guarded so no engine divides by zero, and all arithmetic on fractions is DOUBLE
(a literal such as 0.1 would be DECIMAL in Spark).
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


def per_client_sql(source: str, level: str = "professional", start: dt.date | None = None,
                   end: dt.date | None = None) -> str:
    """One row per client with all measures, from the contacts in `source` (a table or view)."""
    actor = LEVELS[level]
    return f"""
WITH sequence AS (
    SELECT client_id, {actor} AS actor, date,
           CASE WHEN LAG({actor}) OVER w = {actor} THEN 1 ELSE 0 END AS same_as_previous,
           ROW_NUMBER() OVER w AS position
    FROM {source}
    WHERE {actor} IS NOT NULL AND client_id IS NOT NULL AND {period_filter(start, end)}
    WINDOW w AS (PARTITION BY client_id ORDER BY date, contact_id)
),
per_actor AS (
    SELECT client_id, actor,
           COUNT(*) AS n_j, MIN(date) AS first_j, MAX(date) AS last_j,
           MAX(position) AS last_position, SUM(same_as_previous) AS same_j
    FROM sequence
    GROUP BY client_id, actor
),
ranked AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY client_id ORDER BY n_j DESC, last_position DESC) AS main_rank
    FROM per_actor
),
per_client AS (
    SELECT client_id,
           CAST(SUM(n_j) AS BIGINT) AS n,
           CAST(COUNT(*) AS BIGINT) AS nop,
           CAST(MAX(n_j) AS BIGINT) AS top,
           CAST(SUM(n_j * n_j) AS BIGINT) AS squares,
           CAST(SUM(same_j) AS BIGINT) AS same,
           MAX(CASE WHEN main_rank = 1 THEN date_diff('day', first_j, last_j) END) AS main_days,
           MIN(first_j) AS first_date,
           MAX(last_j) AS last_date
    FROM ranked
    GROUP BY client_id
)
SELECT client_id,
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
       last_date
FROM per_client
"""
