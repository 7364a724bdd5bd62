"""How every published figure is written: its kind, its text on screen, its Excel number
format, and the marks for a cell without a number. The report, the workbook and the
terminal all write figures through this module, so a share is a percentage everywhere.

Kinds:
  count   whole numbers of people or things                 1.234
  share   a fraction of a whole, shown as a percentage     13%  (<1% for a small non-zero share)
  index   a continuity index between 0 and 1               0,92
  mean    an average or a rate with one decimal              2,3
  median  a median of counts: whole or half                  2   1,5
  days    a number of days                                  143
  date    a day                                            05-01-2023
  text    names and labels

Marks (the legend is printed with every table that uses one):
  x         suppressed: about too few clients to publish
  n.v.t.    not defined (for example COC with one contact)
  onbekend  the group is missing in the data
"""

from __future__ import annotations

import datetime as dt
import math
import re

from vertrouwd.i18n import number, t

COUNTS = {"clients", "clients_at_risk", "joiners", "leavers", "left_organisation", "left_team", "left_data",
          "contract_ended", "broken", "known_face", "stranger", "lost",
          "contracts", "providers_started", "providers_stopped", "providers_serving", "households", "runs",
          "clients_before", "clients_after", "professionals", "staff_at_start", "active_clients", "with_cap",
          "caseload_cap", "team_size", "vacancy_weeks", "clients_all", "spells", "switches", "switches_reason_38", "switches_at_tender"}
SHARES = {"share_at_risk", "outflow_rate", "outflow_organisation", "outflow_team", "outflow_data",
          "outflow_contract_ended", "stability_index", "share_known_face", "share_stranger", "share_lost",
          "share_max_over_6_years", "share_3_or_more_organisations", "share_3_or_more_professionals",
          "share_over_cap", "staff_outflow", "share_one_professional", "share_at_risk_before",
          "share_at_risk_after", "annual_outflow", "provider_change_probability", "sick_leave"}
MEDIANS = {"n_professionals_median", "professionals_median", "caseload_median"}
DAYS = {"main_relationship_days_median", "days_without_care_median"}
DATES = {"changed_on", "window_start", "window_end", "period_start", "period_end", "last_contact"}
_INDEX = re.compile(r"^(upc|coc|secon|mmci|hhi|k)(_|$)")

EXCEL_FORMATS = {"count": "#,##0", "share": "0.0%", "index": "0.00", "mean": "0.0", "median": "0.0",
                 "days": "#,##0", "date": "dd-mm-yyyy"}


def kind(column: str) -> str:
    if column in COUNTS:
        return "count"
    if column in SHARES or column.startswith("share_"):
        return "share"
    if column in MEDIANS:
        return "median"
    if column in DAYS:
        return "days"
    if column in DATES:
        return "date"
    if _INDEX.match(column):
        return "index"
    return "mean"


def text(value: object, column: str) -> str:
    """A figure as a reader sees it; None is "not defined" (suppression is marked apart)."""
    if value is None:
        return t("mark.not_defined")
    if isinstance(value, bool):
        return t("report.yes") if value else t("report.no")
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float) and not math.isfinite(value):
        return t("mark.not_defined")
    return _number(value, kind(column))


def _number(value: float, how: str) -> str:
    if how == "share":
        return percent(value)
    if how in ("count", "days"):
        return number(round(value))
    if how == "index":
        return number(value, 2)
    if how == "median":
        return number(value, 0 if float(value).is_integer() else 1)
    return number(value, 1)


def percent(share: float | None) -> str:
    """0.1271 -> '13%'; a share above zero that rounds to 0 is '<1%'."""
    if share is None:
        return t("mark.not_defined")
    if 0 < share < 0.005:
        return "<" + number(1) + "%"
    return number(100 * share) + "%"


def axis(value: float, how: str, decimals: int) -> str:
    """A tick label on a chart's value axis, with `decimals` decimals (of the percentage for
    a share)."""
    if how == "share":
        return number(100 * value, decimals) + "%"
    return number(value, decimals)


def axis_decimals(ticks: list[float], how: str) -> int:
    """The fewest decimals that write every tick of an axis differently (and, for an index,
    at least two, as in the tables)."""
    scale = 100 if how == "share" else 1
    for decimals in range(2 if how == "index" else 0, 6):
        written = [round(scale * v, decimals) for v in ticks]
        if len(set(written)) == len(written) and all(abs(w - scale * v) < 1e-9 for w, v in zip(written, ticks)):
            return decimals
    return 6


def heading(column: str, label_key: str | None = None) -> str:
    """A column's heading in the user's language (the column name when there is none)."""
    from vertrouwd.i18n.catalog import MESSAGES

    key = label_key or f"column.{column}"
    return t(key) if key in MESSAGES else column


def excel_format(column: str) -> str | None:
    return EXCEL_FORMATS.get(kind(column))


_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SPAN = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")


def period(label: str, short: bool = False) -> str:
    """A period as people say it: '2025', '2e kwartaal 2025', 'mrt 2025'."""
    if match := _QUARTER.match(label):
        return t("period.quarter_short" if short else "period.quarter", n=match.group(2), year=match.group(1))
    if match := _MONTH.match(label):
        return month(int(match.group(1)), int(match.group(2)))
    if match := _SPAN.match(label):
        first, last = (dt.date.fromisoformat(day) for day in match.groups())
        if first.day == 1 and (last + dt.timedelta(days=1)).day == 1:  # whole months
            return f"{month(first.year, first.month)} – {month(last.year, last.month)}"
        return f"{first:%d-%m-%Y} – {last:%d-%m-%Y}"
    return label


def month(year: int, number_of_month: int) -> str:
    return f"{t('period.months').split()[number_of_month - 1]} {year}"


def quarter_of(day: dt.date) -> str:
    """The period label of the quarter `day` lies in: 2025-06-30 -> '2025-Q2'."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
