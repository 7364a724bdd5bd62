"""Group statistics of per-client measures: distributions and the share of clients at risk.

A client belongs to one group per grouping column: the value on most of their contacts in
the period, a tie going to the value seen last (the rule of the main professional, `main.py`). Only clients with at least
`min_contacts` contacts count. At risk: `risk_professionals` or more professionals, or
(with at least `risk_min_contacts` contacts) `upc` under `risk_upc`.
"""

from __future__ import annotations

from dataclasses import dataclass

from vertrouwd import settings
from vertrouwd.measures.main import main_sql, position_sql

GROUP_COLUMNS = ("team", "organization", "area", "domain", "intervention")
DISTRIBUTED = ("n_contacts", "n_professionals", "upc", "coc", "secon", "mmci", "hhi", "k",
               "main_relationship_days", "handovers")


@dataclass(frozen=True)
class Risk:
    professionals: int = settings.RISK_PROFESSIONALS
    upc: float = settings.RISK_UPC
    min_contacts: int = settings.RISK_MIN_CONTACTS  # upc counts only from this many contacts

    def sql(self) -> str:
        return (f"(n_professionals >= {int(self.professionals)} OR "
                f"(n_contacts >= {int(self.min_contacts)} AND upc < {float(self.upc)!r}))")


def main_group_sql(source: str, column: str, period: str) -> str:
    """Each client's group for `column`: by the rule of the main professional (`main.py`)."""
    return f"""
WITH positioned AS (
    SELECT client_id, {column} AS grp, {position_sql()}
    FROM {source}
    WHERE client_id IS NOT NULL AND {period}
),
main AS ({main_sql("positioned", ["client_id"], "grp")})
SELECT client_id, grp AS {column} FROM main
"""


def statistics_sql(measures: str, groups: str | None, by: list[str], min_contacts: int, risk: Risk) -> str:
    """One row per group (or one row in all when `by` is empty)."""
    stats = []
    for m in DISTRIBUTED:
        stats += [f"quantile_cont({m}, {q}) AS {m}_{name}" for q, name in ((0.25, "q1"), (0.5, "median"), (0.75, "q3"))]
        stats.append(f"AVG(CAST({m} AS DOUBLE)) AS {m}_mean")
    keys = ", ".join(f"g.{c}" for c in by)
    source = f"{measures} m JOIN {groups} g ON m.client_id = g.client_id" if by else f"{measures} m"
    select_keys = f"{keys}, " if by else ""
    group_by = f"GROUP BY {keys}" if by else ""
    order_by = f"ORDER BY {keys}" if by else ""
    return f"""
SELECT {select_keys}CAST(COUNT(*) AS BIGINT) AS clients,
       CAST(SUM(CASE WHEN {risk.sql()} THEN 1 ELSE 0 END) AS BIGINT) AS clients_at_risk,
       AVG(CASE WHEN {risk.sql()} THEN CAST(1 AS DOUBLE) ELSE CAST(0 AS DOUBLE) END) AS share_at_risk,
       {", ".join(stats)}
FROM {source}
WHERE m.n_contacts >= {int(min_contacts)}
{group_by}
{order_by}
"""
