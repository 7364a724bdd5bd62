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

The measures are defined once, in `_measures` below, over a `sequence` of each client's
contacts in order; two ways of making that sequence feed it:

- `per_client_sql` orders by the text identifiers, (`date`, `contact_id`) within each client.
  It is exact on any engine: written in DuckDB's dialect, run as is on DuckDB and
  transpiled by SQLGlot for Spark (see `engines.py`).
- `keyed_per_client_sql` (DuckDB, the fast path) sorts 64-bit hashes of the client and of
  the professional by `date` alone: carrying 37-character pseudonyms and `contact_id`
  through the sort is what made the window slow. The order within a day only matters
  when a client saw two different professionals (or teams) that day; those clients come
  out flagged `day_order_matters` and are computed again by `keyed_in_order_sql`, on the
  same hashes in the exact order. The text of each client's key is read back from the
  rows of their first day; a client with several such rows comes out once per row
  (identical rows, next to each other) and `measures._per_client` keeps one. Two clients
  sharing a 64-bit hash, or two professionals of one client sharing one, would be
  counted as one: the odds are about 1 in 10^19 per pair (1 in 4 million that any two
  of 3 million clients collide).

Both use only window functions, grouping and arithmetic, which mean the same on both
engines; every ratio is guarded so no engine divides by zero, and all arithmetic on
fractions is DOUBLE (a literal such as 0.1 would be DECIMAL in Spark).
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


KEY = "hash"  # DuckDB's 64-bit hash


def _day_key(key: str, date: str) -> str:
    """One 64-bit value for a (client key, date) pair: a one-column join is cheaper than two.
    Two pairs may share it; that only lets another row of some client through, and a row
    names its own client, so the names read back stay right. (The date's hash, not its day
    number, which would be negative before 1970.)"""
    return f"xor({key}, {KEY}({date}))"


def keyed_per_client_sql(source: str, level: str = "professional", start: dt.date | None = None,
                         end: dt.date | None = None) -> str:
    """DuckDB: the measures of `per_client_sql`, fast, plus the flag `day_order_matters`
    for the clients that must be computed again in the exact order (module docstring).

    Without a same-day switch, two professionals of a client never share their last date,
    so the last date orders them by recency as the last position does."""
    actor = LEVELS[level]
    usable = _usable(actor, start, end)
    return f"""
WITH sequence AS (
    SELECT c, actor, date,
           CASE WHEN LAG(actor) OVER w = actor THEN 1 ELSE 0 END AS same_as_previous,
           CASE WHEN LAG(date) OVER w = date AND LAG(actor) OVER w <> actor THEN 1 ELSE 0 END AS same_day_switch
    FROM (SELECT {KEY}(client_id) AS c, {KEY}({actor}) AS actor, date FROM {source} WHERE {usable})
    WINDOW w AS (PARTITION BY c ORDER BY date)
),{_measures("c", "date_diff('day', DATE '1970-01-01', MAX(date))")},
names AS (  -- the text of each key, from rows that match the client's first day
    SELECT c, client_id
    FROM (SELECT client_id, {KEY}(client_id) AS c, date FROM {source} WHERE {usable}) AS contact
    SEMI JOIN per_client ON {_day_key("contact.c", "contact.date")} = {_day_key("per_client.c", "per_client.first_date")}
)
SELECT client_id,{_OUTPUTS},
       same_day_switches > 0 AS day_order_matters,
       c AS client_key
FROM per_client JOIN names USING (c)
ORDER BY c
"""


def keyed_in_order_sql(source: str, keys: str, level: str = "professional", start: dt.date | None = None,
                       end: dt.date | None = None) -> str:
    """DuckDB: the measures of `per_client_sql` for the clients in `keys` (`client_key`,
    `client_id`, one row per key), on hashed keys but in the exact order (date, contact_id)."""
    actor = LEVELS[level]
    rows = (f"(SELECT {KEY}(client_id) AS c, {KEY}({actor}) AS actor, date, contact_id FROM {source} "
            f"WHERE {_usable(actor, start, end)} AND {KEY}(client_id) IN (SELECT client_key FROM {keys})) AS contact")
    return f"""{_in_order(rows, "c")}
SELECT {keys}.client_id,{_OUTPUTS}
FROM per_client JOIN {keys} ON {keys}.client_key = per_client.c
"""
