"""The DuckDB fast path of the relational measures: the same counts as `continuity.py`'s
definition, fed to the same formulas (`_OUTPUTS`), computed on packed 64-bit integers.

`keyed_per_client_sql` sorts one 64-bit key per contact (the day, then 47 bits of the
professional's hash) within each client's 64-bit hash, and counts in packed integers.
The order within a day only matters when a client saw two different professionals (or
teams) that day; those clients come out flagged `day_order_matters` and are computed
again by `keyed_in_order_sql` in the exact order. Each client's text is read back from
the row of their first contact, by row number. Two clients sharing a 64-bit hash, or two
professionals of one client sharing 47 bits of theirs, would be counted as one: about 1
in 4 million that any two of 3 million clients collide, and about 1 in 30 million that
any of their some 4 million pairs of professionals do.

Private to `measures`: callers use `measures.relational`, which picks this path where it fits.
"""

from __future__ import annotations

import datetime as dt

from vertrouwd.measures.continuity import _OUTPUTS, LEVELS, _in_order, _usable

KEY = "hash"  # DuckDB's 64-bit hash
ROW = "vt_row"  # numbers the rows of a source: the store's rowid, a Parquet file's row number
EPOCH = dt.date(1900, 1, 1)
DAY_BITS, ACTOR_BITS, ROW_BITS, COUNT_BITS = 17, 47, 40, 32
MAIN_SHIFT = 2 * DAY_BITS  # the main professional's key: n_j above the last day and the span
FAST_MAX_ROWS = 1 << (64 - MAIN_SHIFT)  # so that n_j << MAIN_SHIFT still fits in 64 bits


def fits_keyed_path(last_row: int, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether `keyed_per_client_sql` can pack the contacts of a period: row numbers (and
    so counts) under 2^30, and every day since the period's start in 17 bits (358 years)."""
    return (start is not None and end is not None and last_row < FAST_MAX_ROWS
            and (end - start).days < (1 << DAY_BITS))


def keyed_per_client_sql(source: str, level: str = "professional", start: dt.date | None = None,
                         end: dt.date | None = None) -> str:
    """DuckDB: the measures of `per_client_sql`, fast, plus the flag `day_order_matters`
    for the clients that must be computed again in the exact order (module docstring).
    `source` has a row number in column `vt_row`; see `fits_keyed_path` for the limits.

    One 64-bit key `v` per contact holds the day since the period's start above 47 bits of
    the professional's hash, so the window sorts and looks back on one value, and a client's
    professional is `v`'s low bits. Counts travel packed (same-as-previous + same-day switch
    << 32 per contact; n_j << 34 | last day << 17 | span for the main professional;
    first day << 40 | row): each aggregate over every contact costs, and these do in ten
    what `_measures` does in fifteen. Without a same-day switch, two professionals of a
    client never share their last day, so the last day orders them by recency. The row
    number of each client's first contact reads the client's text back: a join on a plain
    column, which DuckDB turns into a filter inside the scan, so only those rows are read."""
    actor = LEVELS[level]
    base = f"DATE '{(start or EPOCH).isoformat()}'"
    low = f"{(1 << ACTOR_BITS) - 1}::UBIGINT"
    rows = f"{(1 << ROW_BITS) - 1}::UBIGINT"
    count = (1 << COUNT_BITS) - 1
    return f"""
WITH sequence AS (
    SELECT c, v, r,
           CASE WHEN (LAG(v) OVER w) & {low} = v & {low} THEN 1 ELSE 0 END
           + CASE WHEN (LAG(v) OVER w) >> {ACTOR_BITS} = v >> {ACTOR_BITS} AND (LAG(v) OVER w) <> v
                  THEN {1 << COUNT_BITS} ELSE 0 END AS flags
    FROM (SELECT {KEY}(client_id) AS c,
                 (CAST(date - {base} AS UBIGINT) << {ACTOR_BITS}) | ({KEY}({actor}) >> {64 - ACTOR_BITS}) AS v,
                 CAST({ROW} AS UINTEGER) AS r
          FROM {source} WHERE {_usable(actor, start, end)})
    WINDOW w AS (PARTITION BY c ORDER BY v)
),
per_actor AS (
    SELECT c, COUNT(*) AS n_j, MIN(((v >> {ACTOR_BITS}) << {ROW_BITS}) | r) AS first_j,
           MAX(v) >> {ACTOR_BITS} AS last_day, SUM(flags) AS flags_j
    FROM sequence
    GROUP BY c, v & {low}
),
per_client AS (
    SELECT c, SUM(n_j + (flags_j << {COUNT_BITS})) AS counts, COUNT(*) AS nop, SUM(n_j * n_j) AS squares,
           MAX((CAST(n_j AS UBIGINT) << {MAIN_SHIFT}) | (last_day << {DAY_BITS}) | (last_day - (first_j >> {ROW_BITS}))) AS main,
           MIN(first_j) AS first_j, MAX(last_day) AS last_day
    FROM per_actor
    GROUP BY c
),
unpacked AS (
    SELECT c, CAST(first_j & {rows} AS BIGINT) AS r,
           CAST(counts & {count} AS BIGINT) AS n, nop, CAST(squares AS BIGINT) AS squares,
           CAST((counts >> {COUNT_BITS}) & {count} AS BIGINT) AS same, CAST(counts >> {2 * COUNT_BITS} AS BIGINT) AS same_day_switches,
           CAST(main >> {MAIN_SHIFT} AS BIGINT) AS top, CAST(main & {(1 << DAY_BITS) - 1} AS BIGINT) AS main_days,
           {base} + CAST(first_j >> {ROW_BITS} AS INTEGER) AS first_date, {base} + CAST(last_day AS INTEGER) AS last_date
    FROM per_client
),
names AS (SELECT {ROW} AS r, client_id FROM {source} SEMI JOIN unpacked ON {source}.{ROW} = unpacked.r)
SELECT client_id,{_OUTPUTS},
       same_day_switches > 0 AS day_order_matters,
       c AS client_key
FROM unpacked JOIN names USING (r)
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
