"""The organisational level: staff flows and caseloads, per organisation (and team) and period.

A professional is employed on day d when start_date <= d and (end_date is empty or
d <= end_date): `end_date` is the last working day. Each row of `professionals` is one
spell of employment.

=====================  ========================================================================
headcount              average number employed over the days of the period (spell-days / days)
fte                    the same, weighted by `fte` (1 where not given)
joiners / leavers      spells starting / ending (end_date) within the period
outflow_rate           leavers / headcount: the CBS definition behind the sector's 17%
left_organisation      leavers with no spell in the same organisation starting within CONTINUES_DAYS
                       after their last day (a move within it is no leaving); its rate: / headcount
left_team              leavers who went on in the same organisation in another team
left_data              leavers with no spell in any organisation of the data within CONTINUES_DAYS:
                       gone from the sector as far as the data sees it
contract_ended         of those who left the organisation, those whose last day lies within
                       CONTRACT_DAYS of the end of a contract their organisation lost (no new
                       contract of it for the same area and domain on the next day): staff who
                       went with a lost tender; NULL without contracts in the data
stability_index        share of the staff employed on the first day still employed on the last
median_tenure_years    median time since start_date of the staff employed on the last day
caseload               clients seen by a professional in a month (`main.py`): a contact in that month
                       or in the 60 days before it (an applied handover counts as a contact);
                       professionals employed in the month without such clients count with 0
share_over_cap         share of the professionals with a `caseload_cap` whose caseload exceeds it
=====================  ========================================================================

The SQL follows the rules of `continuity.py` (DuckDB dialect, transpiled for Spark):
periods come in as a table (`calendar.py`), so no engine-specific date arithmetic is needed.
"""

from __future__ import annotations


CONTINUES_DAYS = 92  # a new spell within a quarter of the last day continues the work
CONTRACT_DAYS = 14  # a last day this close to the end of a lost contract went with it


def _endings_sql(professionals: str, contracts: str | None) -> str:
    """Per spell that ended: whether it went on in the same organisation, in another team,
    anywhere in the data, and whether the organisation lost a contract then."""
    lost = f"""
lost AS (
    SELECT c.organization, c.end_date FROM {contracts} c
    LEFT JOIN {contracts} d ON d.organization = c.organization AND d.area IS NOT DISTINCT FROM c.area
        AND d.domain IS NOT DISTINCT FROM c.domain AND d.start_date > c.start_date
        AND date_diff('day', c.end_date, d.start_date) BETWEEN 0 AND 1
    WHERE d.organization IS NULL
),""" if contracts else ""
    went = ("""MAX(CASE WHEN l.organization IS NOT NULL THEN 1 ELSE 0 END)""" if contracts else "CAST(NULL AS INTEGER)")
    join_lost = (f"""LEFT JOIN lost l ON l.organization = s.organization
        AND ABS(date_diff('day', s.end_date, l.end_date)) <= {CONTRACT_DAYS}""" if contracts else "")
    return f"""{lost}
endings AS (
    SELECT s.professional_id, s.start_date,
           MAX(CASE WHEN n.organization = s.organization THEN 1 ELSE 0 END) AS same_organisation,
           MAX(CASE WHEN n.organization = s.organization AND n.team IS DISTINCT FROM s.team THEN 1 ELSE 0 END)
               AS other_team,
           MAX(CASE WHEN n.professional_id IS NOT NULL THEN 1 ELSE 0 END) AS in_data,
           {went} AS lost_contract
    FROM {professionals} s
    LEFT JOIN {professionals} n ON n.professional_id = s.professional_id AND n.start_date > s.end_date
        AND date_diff('day', s.end_date, n.start_date) <= {CONTINUES_DAYS}
    {join_lost}
    WHERE s.end_date IS NOT NULL
    GROUP BY s.professional_id, s.start_date
),"""


def staff_sql(professionals: str, periods: str, by: list[str], contracts: str | None = None) -> str:
    keys = "".join(f"s.{c}, " for c in by)
    group = "".join(f", {c}" for c in by)
    return f"""
WITH {_endings_sql(professionals, contracts)}
spells AS (
    SELECT p.period, p.period_start, p.period_end, {keys}s.professional_id, s.start_date, s.end_date,
           e.same_organisation, e.other_team, e.in_data, e.lost_contract,
           CAST(COALESCE(s.fte, 1) AS DOUBLE) AS fte,
           date_diff('day', GREATEST(s.start_date, p.period_start),
                     LEAST(COALESCE(s.end_date, p.period_end), p.period_end)) + 1 AS days,
           date_diff('day', p.period_start, p.period_end) + 1 AS period_days,
           CASE WHEN s.start_date <= p.period_start AND (s.end_date IS NULL OR s.end_date >= p.period_start)
                THEN 1 ELSE 0 END AS at_start,
           CASE WHEN s.start_date <= p.period_start AND (s.end_date IS NULL OR s.end_date >= p.period_end)
                THEN 1 ELSE 0 END AS stayed,
           CASE WHEN s.end_date IS NULL OR s.end_date >= p.period_end
                THEN CAST(date_diff('day', s.start_date, p.period_end) AS DOUBLE) / 365.25 END AS tenure_at_end
    FROM {periods} p
    JOIN {professionals} s ON s.start_date <= p.period_end AND (s.end_date IS NULL OR s.end_date >= p.period_start)
    LEFT JOIN endings e ON e.professional_id = s.professional_id AND e.start_date = s.start_date
),
flows AS (
    SELECT *, CASE WHEN end_date <= period_end THEN 1 ELSE 0 END AS left_spell,
           CASE WHEN end_date <= period_end AND same_organisation = 0 THEN 1 ELSE 0 END AS left_org,
           CASE WHEN end_date <= period_end AND other_team = 1 THEN 1 ELSE 0 END AS moved_team,
           CASE WHEN end_date <= period_end AND in_data = 0 THEN 1 ELSE 0 END AS left_all,
           {"CASE WHEN end_date <= period_end AND same_organisation = 0 THEN lost_contract ELSE 0 END"
            if contracts else "CAST(NULL AS INTEGER)"} AS with_contract
    FROM spells
)
SELECT period, period_start, period_end{group},
       CAST(SUM(days) AS DOUBLE) / MAX(period_days) AS headcount,
       SUM(fte * days) / MAX(period_days) AS fte,
       CAST(SUM(CASE WHEN start_date >= period_start THEN 1 ELSE 0 END) AS BIGINT) AS joiners,
       CAST(SUM(CASE WHEN end_date <= period_end THEN 1 ELSE 0 END) AS BIGINT) AS leavers,
       SUM(CASE WHEN end_date <= period_end THEN 1 ELSE 0 END) / (CAST(SUM(days) AS DOUBLE) / MAX(period_days))
           AS outflow_rate,
       CAST(SUM(at_start) AS BIGINT) AS staff_at_start,
       CASE WHEN SUM(at_start) > 0 THEN CAST(SUM(stayed) AS DOUBLE) / SUM(at_start) END AS stability_index,
       quantile_cont(tenure_at_end, 0.5) AS median_tenure_years,
       CAST(SUM(left_org) AS BIGINT) AS left_organisation,
       SUM(left_org) / (CAST(SUM(days) AS DOUBLE) / MAX(period_days)) AS outflow_organisation,
       CAST(SUM(moved_team) AS BIGINT) AS left_team,
       SUM(moved_team) / (CAST(SUM(days) AS DOUBLE) / MAX(period_days)) AS outflow_team,
       CAST(SUM(left_all) AS BIGINT) AS left_data,
       SUM(left_all) / (CAST(SUM(days) AS DOUBLE) / MAX(period_days)) AS outflow_data,
       CAST(SUM(with_contract) AS BIGINT) AS contract_ended,
       SUM(with_contract) / (CAST(SUM(days) AS DOUBLE) / MAX(period_days)) AS outflow_contract_ended
FROM flows
GROUP BY period, period_start, period_end{group}
ORDER BY period{group}
"""


def caseload_sql(professionals: str, contacts: str, months: str, by: list[str], handovers: str | None = None) -> str:
    """Caseloads per month; an applied handover counts as a contact with the receiver on its
    date, so a client handed over is in the receiver's caseload before they first meet."""
    spell_keys = "".join(f"s.{c}, " for c in by)
    keys = "".join(f"e.{c}, " for c in by)
    group = "".join(f", {c}" for c in by)
    return f"""
WITH employed AS (
    SELECT m.period, {spell_keys}s.professional_id, s.caseload_cap,
           ROW_NUMBER() OVER (PARTITION BY m.period, s.professional_id ORDER BY s.start_date DESC) AS r
    FROM {months} m
    JOIN {professionals} s ON s.start_date <= m.period_end AND (s.end_date IS NULL OR s.end_date >= m.period_start)
),
e AS (SELECT * FROM employed WHERE r = 1),
seen AS (
    SELECT client_id, professional_id, date FROM {contacts}
    {f"UNION ALL SELECT client_id, to_professional, handover_date FROM {handovers}" if handovers else ""}
),
active AS (
    SELECT m.period, c.professional_id, COUNT(DISTINCT c.client_id) AS caseload
    FROM {months} m
    JOIN seen c ON c.date >= m.lookback_start AND c.date <= m.period_end
    GROUP BY m.period, c.professional_id
),
loads AS (
    SELECT e.period, {keys}e.caseload_cap, CAST(COALESCE(a.caseload, 0) AS BIGINT) AS caseload
    FROM e LEFT JOIN active a ON a.period = e.period AND a.professional_id = e.professional_id
)
SELECT period{group},
       CAST(COUNT(*) AS BIGINT) AS professionals,
       AVG(CAST(caseload AS DOUBLE)) AS caseload_mean,
       quantile_cont(caseload, 0.5) AS caseload_median,
       CAST(SUM(CASE WHEN caseload_cap IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS with_cap,
       CASE WHEN SUM(CASE WHEN caseload_cap IS NOT NULL THEN 1 ELSE 0 END) > 0
            THEN CAST(SUM(CASE WHEN caseload > caseload_cap THEN 1 ELSE 0 END) AS DOUBLE)
                 / SUM(CASE WHEN caseload_cap IS NOT NULL THEN 1 ELSE 0 END) END AS share_over_cap
FROM loads
GROUP BY period{group}
ORDER BY period{group}
"""
