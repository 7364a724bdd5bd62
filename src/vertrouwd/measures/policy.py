"""The policy level: how long contracts run, how often providers change, how many hands.

=========================  =================================================================
planned_years              (end_date - start_date + 1 day) / 365.25; empty without end_date
maximum_years              the same up to max_end_date (else end_date): with all extensions
share_max_over_6_years     share of contracts whose maximum duration exceeds 6 years (the
                           figure of the national monitor of municipal care purchasing)
provider churn             per area and council period (as councils run: from 1 April of an
                           election year, 2018, 2022, 2026, ..., to 31 March four years later;
                           the new council takes office at the end of March): organisations
                           that started serving the area (first contract start in the period)
                           and that stopped (last contract end in the period). With an `as_of`
                           day, periods that have not begun are left out and only what happened
                           by that day counts: a planned end is no stop yet
hands per household        per household and quarter: distinct organisations and professionals
                           in contact; shares of households with 3 or more organisations and
                           with 3 or more professionals
provider spell             from iJw/iWmo messages: one assignment (ToewijzingNummer) of a client
                           to a provider for a product category, from its start of care (305,
                           else the assignment's first day) to its stop (307, else the
                           assignment's last day, else open)
switches                   per year of the later spell's start, standard and product category:
                           a client's spell with another provider than their previous spell in
                           the same category; `switches_reason_38`: the previous spell was
                           stopped with reason 38 (iJw code list JZ588: to another provider);
                           `switches_at_tender`: the switch starts within 31 days after a
                           contract of the domain (jeugd for iJw, wmo for iWmo) ended;
                           `days_without_care_median`: from the previous spell's last day to
                           the next one's first (0 when they touch or overlap)
=========================  =================================================================
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

FIRST_COUNCIL_YEAR = 2002  # Dutch municipal councils are elected every 4 years: 2018, 2022, 2026, ...
COUNCIL_TAKES_OFFICE = (4, 1)  # (month, day): elections are in March
MANY_ORGANISATIONS = 3


def contracts_sql(contracts: str, by: list[str]) -> str:
    keys = ", ".join(by)
    select_keys = f"{keys}, " if by else ""
    group = f"GROUP BY {keys} ORDER BY {keys}" if by else ""
    return f"""
WITH durations AS (
    SELECT *,
           CAST(date_diff('day', start_date, end_date) + 1 AS DOUBLE) / 365.25 AS planned_years,
           CAST(date_diff('day', start_date, COALESCE(max_end_date, end_date)) + 1 AS DOUBLE) / 365.25 AS maximum_years
    FROM {contracts}
)
SELECT {select_keys}CAST(COUNT(*) AS BIGINT) AS contracts,
       quantile_cont(planned_years, 0.5) AS planned_years_median,
       AVG(planned_years) AS planned_years_mean,
       quantile_cont(maximum_years, 0.5) AS maximum_years_median,
       AVG(maximum_years) AS maximum_years_mean,
       AVG(CASE WHEN maximum_years IS NULL THEN NULL WHEN maximum_years > 6 THEN CAST(1 AS DOUBLE)
                ELSE CAST(0 AS DOUBLE) END) AS share_max_over_6_years
FROM durations
{group}
"""


def council_periods(start: dt.date, end: dt.date) -> pa.Table:
    """The council periods from the one `start` lies in to the one `end` lies in, labelled
    as people say them: '2018–2022'."""
    month, day = COUNCIL_TAKES_OFFICE
    first = FIRST_COUNCIL_YEAR + (start.year - FIRST_COUNCIL_YEAR) // 4 * 4
    if start < dt.date(first, month, day):
        first -= 4
    rows = []
    year = first
    while dt.date(year, month, day) <= end:
        rows.append((f"{year}–{year + 4}", dt.date(year, month, day), dt.date(year + 4, month, day) - dt.timedelta(days=1)))
        year += 4
    return pa.table({"period": [r[0] for r in rows], "period_start": pa.array([r[1] for r in rows], pa.date32()),
                     "period_end": pa.array([r[2] for r in rows], pa.date32())})


def churn_sql(contracts: str, periods: str, as_of: dt.date | None = None) -> str:
    """Starts, stops and providers serving per council period; with `as_of`, only periods
    begun by then, and a start or an end after it is not counted (it has not happened)."""
    limit = f"DATE '{as_of.isoformat()}'" if as_of else "DATE '9999-12-31'"
    return f"""
WITH spans AS (
    SELECT area, organization, MIN(start_date) AS first_start, MAX(COALESCE(end_date, DATE '9999-12-31')) AS last_end
    FROM {contracts}
    WHERE area IS NOT NULL
    GROUP BY area, organization
),
serving AS (
    SELECT area, organization, first_start,
           CASE WHEN last_end > {limit} THEN DATE '9999-12-31' ELSE last_end END AS last_end
    FROM spans
    WHERE first_start <= {limit}
)
SELECT p.period, s.area,
       CAST(SUM(CASE WHEN s.first_start BETWEEN p.period_start AND p.period_end THEN 1 ELSE 0 END) AS BIGINT)
           AS providers_started,
       CAST(SUM(CASE WHEN s.last_end BETWEEN p.period_start AND p.period_end THEN 1 ELSE 0 END) AS BIGINT)
           AS providers_stopped,
       CAST(SUM(CASE WHEN s.first_start <= p.period_end AND s.last_end >= p.period_start THEN 1 ELSE 0 END) AS BIGINT)
           AS providers_serving
FROM {periods} p CROSS JOIN serving s
WHERE p.period_start <= {limit}
GROUP BY p.period, s.area
ORDER BY p.period, s.area
"""


def hands_sql(contacts: str, quarters: str) -> str:
    return f"""
WITH per_household AS (
    SELECT q.period, c.household_id,
           COUNT(DISTINCT c.organization) AS organisations,
           COUNT(DISTINCT c.professional_id) AS professionals
    FROM {quarters} q
    JOIN {contacts} c ON c.date >= q.period_start AND c.date <= q.period_end
    WHERE c.household_id IS NOT NULL
    GROUP BY q.period, c.household_id
)
SELECT period,
       CAST(COUNT(*) AS BIGINT) AS households,
       AVG(CAST(organisations AS DOUBLE)) AS organisations_mean,
       AVG(CAST(professionals AS DOUBLE)) AS professionals_mean,
       quantile_cont(professionals, 0.5) AS professionals_median,
       AVG(CASE WHEN organisations >= {MANY_ORGANISATIONS} THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END)
           AS share_3_or_more_organisations,
       AVG(CASE WHEN professionals >= {MANY_ORGANISATIONS} THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END)
           AS share_3_or_more_professionals
FROM per_household
GROUP BY period
ORDER BY period
"""


def provider_changes_sql(contracts: str) -> str:
    """Each moment an (area, domain) passes from one organisation to another."""
    return f"""
WITH ordered AS (
    SELECT area, domain, organization, start_date,
           LAG(organization) OVER (PARTITION BY area, domain ORDER BY start_date, contract_id) AS previous
    FROM {contracts}
    WHERE area IS NOT NULL
)
SELECT area, domain, previous AS organization_before, organization AS organization_after, start_date AS changed_on
FROM ordered
WHERE previous IS NOT NULL AND previous <> organization
ORDER BY changed_on, area, domain
"""


TENDER_DAYS = 31  # a switch this soon after a contract of the domain ended goes with the tender
DOMAIN_OF_STANDARD = {"ijw": "jeugd", "iwmo": "wmo"}


def switches_sql(messages: str, contracts: str | None) -> str:
    """Provider spells from care messages, and per year, standard and category the clients,
    spells and switches between providers (see the module docstring)."""
    domains = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in DOMAIN_OF_STANDARD.items())
    tender = (f"""CASE WHEN EXISTS (SELECT 1 FROM {contracts} c WHERE c.domain = CASE o.standard {domains} END
                  AND date_diff('day', c.end_date, o.start_day) BETWEEN 0 AND {TENDER_DAYS}) THEN 1 ELSE 0 END"""
              if contracts else "CAST(NULL AS INTEGER)")
    return f"""
WITH spells AS (
    SELECT client_id, standard, provider, category, assignment,
           COALESCE(MIN(CASE WHEN kind = 'started' THEN first_day END),
                    MIN(CASE WHEN kind = 'assigned' THEN first_day END)) AS start_day,
           COALESCE(MAX(CASE WHEN kind = 'stopped' THEN last_day END),
                    MAX(CASE WHEN kind = 'assigned' THEN last_day END)) AS end_day,
           MAX(CASE WHEN kind = 'stopped' THEN reason END) AS reason
    FROM {messages}
    GROUP BY client_id, standard, provider, category, assignment
),
ordered AS (
    SELECT *, LAG(provider) OVER w AS previous_provider, LAG(end_day) OVER w AS previous_end,
           LAG(reason) OVER w AS previous_reason
    FROM spells
    WHERE start_day IS NOT NULL
    WINDOW w AS (PARTITION BY client_id, standard, category ORDER BY start_day, assignment)
),
marked AS (
    SELECT o.*, CASE WHEN previous_provider IS NOT NULL AND previous_provider <> provider THEN 1 ELSE 0 END AS switch,
           {tender} AS at_tender
    FROM ordered o
)
SELECT CAST(year(start_day) AS BIGINT) AS year, standard, category,
       CAST(COUNT(DISTINCT client_id) AS BIGINT) AS clients,
       CAST(COUNT(*) AS BIGINT) AS spells,
       CAST(COUNT(*) AS DOUBLE) / COUNT(DISTINCT client_id) AS spells_per_client,
       CAST(SUM(switch) AS BIGINT) AS switches,
       CAST(SUM(CASE WHEN switch = 1 AND previous_reason = '38' THEN 1 ELSE 0 END) AS BIGINT) AS switches_reason_38,
       CAST(SUM(switch * at_tender) AS BIGINT) AS switches_at_tender,
       quantile_cont(CASE WHEN switch = 1 THEN GREATEST(date_diff('day', previous_end, start_day) - 1, 0) END, 0.5)
           AS days_without_care_median
FROM marked
GROUP BY year(start_day), standard, category
ORDER BY year, standard, category
"""
