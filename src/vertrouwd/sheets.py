"""Excel sheets written for people: the report's workbook, handover plans and signal lists
share one way of laying a table out (bold frozen header, a filter on every column, widths
that fit, numbers with their formats, dates as dd-mm-yyyy) and one guard against formulas
from the data."""

from __future__ import annotations

import datetime as dt

from vertrouwd.formats import EXCEL_FORMATS
from vertrouwd.i18n import number

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe(value: object) -> object:
    """Text that would start a formula gets an apostrophe: a spreadsheet never runs it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def sheet_name(title: str, used: set[str], fallback: str = "tabel") -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in `used`."""
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or fallback
    name, i = base, 2
    while name in used:
        name, i = f"{base[:28]} {i}", i + 1
    used.add(name)
    return name


def write_grid(sheet, headers: list[str], rows: list[list], number_formats: list[str | None] | None = None) -> None:
    """`headers` and `rows` into `sheet`, laid out for reading and filtering; a number in
    column i gets `number_formats[i]` where given."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    number_formats = number_formats or [None] * len(headers)
    sheet.append(headers)
    for values in rows:
        sheet.append([safe(v) for v in values])
    widths = [len(str(h)) for h in headers]
    for line in sheet.iter_rows(min_row=2):
        for i, c in enumerate(line):
            if number_formats[i] and isinstance(c.value, (int, float)):
                c.number_format = number_formats[i]
            elif isinstance(c.value, dt.date):
                c.number_format = EXCEL_FORMATS["date"]
            widths[i] = max(widths[i], len(_shown(c.value)))
    for c in sheet[1]:
        c.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 3, 8), 45)


def _shown(value: object) -> str:
    """About as wide as the cell shows the value."""
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, dt.date):
        return "00-00-0000"
    return "" if value is None else str(value)
