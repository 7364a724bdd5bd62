"""Calendar arithmetic of the measures: spans ('12m'), a day so many months back, rolling
windows, and the periods (calendar years, quarters, months, or 12-month periods ending on
a day) that staff flows, caseloads and broken relationships are counted in. Each period
carries `lookback_start`: the first day whose contacts count for a caseload in it."""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa

from vertrouwd.errors import VertrouwdError
from vertrouwd.measures.main import CASELOAD_LOOKBACK_DAYS


_SPAN = re.compile(r"^\s*(\d+)\s*([dwmy])\s*$")


def parse_span(text: str) -> tuple[int, str]:
    """'12m' -> (12, 'm'); units d(ays), w(eeks), m(onths), y(ears)."""
    match = _SPAN.match(text.lower())
    if not match or int(match.group(1)) == 0:
        raise VertrouwdError("measure.span", value=text)
    return int(match.group(1)), match.group(2)


def back(day: dt.date, span: tuple[int, str]) -> dt.date:
    """The day `span` before `day`."""
    n, unit = span
    if unit == "d":
        return day - dt.timedelta(days=n)
    if unit == "w":
        return day - dt.timedelta(weeks=n)
    months = n * (12 if unit == "y" else 1)
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last_day = month_end(year, month)
    # The last day of a month maps to the last day of the other month (31 March -> 29 Feb).
    return dt.date(year, month, last_day if day.day == month_end(day.year, day.month) else min(day.day, last_day))


def month_end(year: int, month: int) -> int:
    return (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day


def rolling_windows(start: dt.date, end: dt.date, window: str, step: str | None = None) -> list[tuple[dt.date, dt.date]]:
    """Whole windows of length `window` inside [start, end], the last ending on `end`,
    each ending `step` before the next (oldest first)."""
    size, stride = parse_span(window), parse_span(step or window)
    windows = []
    k = 0
    while True:
        window_end = back(end, (stride[0] * k, stride[1])) if k else end
        window_start = back(window_end, size) + dt.timedelta(days=1)
        if window_start < start:
            break
        windows.append((window_start, window_end))
        k += 1
    if not windows:
        raise VertrouwdError("measure.window_too_long", window=window, start=start, end=end)
    return windows[::-1]


def periods_table(start: dt.date, end: dt.date, unit: str) -> pa.Table:
    """Calendar years, quarters or months overlapping [start, end], as whole periods."""
    months = {"year": 12, "quarter": 3, "month": 1}[unit]
    first_month = (start.month - 1) // months * months + 1
    year, month = start.year, first_month
    rows = []
    while dt.date(year, month, 1) <= end:
        period_start = dt.date(year, month, 1)
        next_year, next_month = divmod(year * 12 + month - 1 + months, 12)
        period_end = dt.date(next_year, next_month + 1, 1) - dt.timedelta(days=1)
        if unit == "year":
            label = f"{year}"
        elif unit == "quarter":
            label = f"{year}-Q{(month - 1) // 3 + 1}"
        else:
            label = f"{year}-{month:02d}"
        rows.append((label, period_start, period_end, period_start - dt.timedelta(days=CASELOAD_LOOKBACK_DAYS)))
        year, month = next_year, next_month + 1
    return pa.table({
        "period": [r[0] for r in rows],
        "period_start": pa.array([r[1] for r in rows], pa.date32()),
        "period_end": pa.array([r[2] for r in rows], pa.date32()),
        "lookback_start": pa.array([r[3] for r in rows], pa.date32()),
    })


def periods(start: dt.date, end: dt.date, unit: str) -> pa.Table:
    """Calendar periods (`year`, `quarter`, `month`), or with `12m` the whole 12-month periods
    that end on `end` (so the last one is the report's last year even when it is no calendar
    year), labelled '2025' for a calendar year and 'first/last' (ISO dates) otherwise."""
    if unit != "12m":
        return periods_table(start, end, unit)
    windows = rolling_windows(start, end, "12m", "12m")
    labels = [f"{a.year}" if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) else f"{a}/{b}" for a, b in windows]
    return pa.table({"period": labels, "period_start": pa.array([a for a, _ in windows], pa.date32()),
                     "period_end": pa.array([b for _, b in windows], pa.date32()),
                     "lookback_start": pa.array([a - dt.timedelta(days=CASELOAD_LOOKBACK_DAYS) for a, _ in windows],
                                                pa.date32())})
