"""Links between the levels: relationships broken by staff departures.

For every spell that ends (`end_date`, the last working day, within the period), the
clients for whom that professional was the main professional (`main.py`) over their
contacts of the 180 days up to and including the leaving date. For each such client, their next contact after the leaving
date decides the outcome:

- `known_face`: with someone the client had met before (a contact up to the leaving date);
- `stranger`: with someone they had never met;
- `lost`: no contact at all within 60 days after the leaving date.

Day differences use `date_diff`, never date + interval, so the SQL means the same on
DuckDB and Spark.
"""

from __future__ import annotations

from vertrouwd.measures.main import MAIN_DAYS, main_sql, position_sql

LOST_AFTER_DAYS = 60


def broken_relationships_sql(professionals: str, contacts: str, leaving_period: str) -> str:
    """One row per (leaving spell, client whose main professional left), with the outcome."""
    return f"""
WITH departures AS (
    SELECT professional_id AS leaver, organization, team, end_date AS left_on
    FROM {professionals}
    WHERE end_date IS NOT NULL AND {leaving_period}
),
positioned AS (
    SELECT client_id, professional_id, date, contact_id, {position_sql()}
    FROM {contacts}
),
touched AS (
    SELECT DISTINCT d.leaver, d.organization, d.team, d.left_on, c.client_id
    FROM departures d JOIN positioned c ON c.professional_id = d.leaver
    WHERE date_diff('day', c.date, d.left_on) BETWEEN 0 AND {MAIN_DAYS - 1}
),
recent AS (
    SELECT t.leaver, t.organization, t.team, t.left_on, t.client_id, c.professional_id, c.position
    FROM touched t JOIN positioned c ON c.client_id = t.client_id
    WHERE date_diff('day', c.date, t.left_on) BETWEEN 0 AND {MAIN_DAYS - 1}
),
main AS ({main_sql("recent", ["leaver", "organization", "team", "left_on", "client_id"], "professional_id")}),
broken AS (
    SELECT leaver, organization, team, left_on, client_id FROM main WHERE professional_id = leaver
),
following AS (
    SELECT b.leaver, b.left_on, b.client_id, c.professional_id AS next_professional, c.date AS next_date,
           ROW_NUMBER() OVER (PARTITION BY b.leaver, b.left_on, b.client_id ORDER BY c.position) AS r
    FROM broken b JOIN positioned c ON c.client_id = b.client_id AND c.date > b.left_on
),
met AS (
    SELECT client_id, professional_id, MIN(date) AS first_met FROM {contacts} GROUP BY client_id, professional_id
)
SELECT b.leaver AS professional_id, b.organization, b.team, b.left_on, b.client_id,
       f.next_date, f.next_professional,
       CASE WHEN f.next_date IS NULL OR date_diff('day', b.left_on, f.next_date) > {LOST_AFTER_DAYS} THEN 'lost'
            WHEN m.first_met IS NOT NULL AND m.first_met <= b.left_on THEN 'known_face'
            ELSE 'stranger' END AS outcome
FROM broken b
LEFT JOIN following f ON f.leaver = b.leaver AND f.left_on = b.left_on AND f.client_id = b.client_id AND f.r = 1
LEFT JOIN met m ON m.client_id = b.client_id AND m.professional_id = f.next_professional
"""


def broken_summary_sql(broken: str, contacts: str, periods: str, by: list[str]) -> str:
    """Counts and rates per period (and `by`): outcomes, their shares, and broken
    relationships per 100 clients active (any contact) in the group and period."""
    keys = "".join(f", b.{c}" for c in by)
    group = "".join(f", {c}" for c in by)
    active_keys = "".join(f", c.{c}" for c in by)
    join_active = "".join(f" AND a.{c} = s.{c}" for c in by)
    return f"""
WITH per_period AS (
    SELECT p.period{keys}, b.outcome
    FROM {broken} b JOIN {periods} p ON b.left_on >= p.period_start AND b.left_on <= p.period_end
),
s AS (
    SELECT period{group},
           CAST(COUNT(*) AS BIGINT) AS broken,
           CAST(SUM(CASE WHEN outcome = 'known_face' THEN 1 ELSE 0 END) AS BIGINT) AS known_face,
           CAST(SUM(CASE WHEN outcome = 'stranger' THEN 1 ELSE 0 END) AS BIGINT) AS stranger,
           CAST(SUM(CASE WHEN outcome = 'lost' THEN 1 ELSE 0 END) AS BIGINT) AS lost
    FROM per_period GROUP BY period{group}
),
a AS (
    SELECT p.period{active_keys}, COUNT(DISTINCT c.client_id) AS active_clients
    FROM {periods} p JOIN {contacts} c ON c.date >= p.period_start AND c.date <= p.period_end
    GROUP BY p.period{active_keys}
)
SELECT s.period{"".join(f", s.{c}" for c in by)}, s.broken, s.known_face, s.stranger, s.lost,
       CAST(s.known_face AS DOUBLE) / s.broken AS share_known_face,
       CAST(s.stranger AS DOUBLE) / s.broken AS share_stranger,
       CAST(s.lost AS DOUBLE) / s.broken AS share_lost,
       CAST(a.active_clients AS BIGINT) AS active_clients,
       CASE WHEN a.active_clients > 0 THEN 100 * CAST(s.broken AS DOUBLE) / a.active_clients END AS broken_per_100_clients
FROM s LEFT JOIN a ON a.period = s.period{join_active}
ORDER BY s.period{"".join(f", s.{c}" for c in by)}
"""
