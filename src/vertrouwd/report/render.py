"""Lay the report content out as one self-contained HTML file and as an Excel workbook.

The HTML has inline styles and inline SVG charts, no scripts, and a Content-Security-Policy
that forbids every request, so it opens offline and sends nothing anywhere.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from vertrouwd.files import atomic_write
from vertrouwd.i18n import language, number, t
from vertrouwd.report.charts import svg
from vertrouwd.report.content import Estimate, ReportContent

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def header(column: str) -> str:
    """A column's heading in the report language (the column name when there is none)."""
    from vertrouwd.i18n.catalog import MESSAGES

    key = f"column.{column}"
    return t(key) if key in MESSAGES else column


def cell_text(value: object) -> str:
    if value is None:
        return t("report.suppressed_cell")
    if isinstance(value, bool):
        return t("report.yes") if value else t("report.no")
    if isinstance(value, Estimate):
        return f"{number(value.value, 2)} ({number(value.low, 2)}–{number(value.high, 2)})"
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, int):
        return number(value)
    if isinstance(value, dt.date):
        return f"{value:%d-%m-%Y}"
    return str(value)


def html(content: ReportContent) -> str:
    env = Environment(loader=PackageLoader("vertrouwd.report", "templates"), autoescape=select_autoescape(["j2"]))
    sections = []
    for section in content.sections:
        tables = []
        for title, columns, rows, _ in section.tables:
            body = [[{"text": cell_text(row.get(c)), "css": ("suppressed" if row.get(c) is None else
                                                            "text" if isinstance(row.get(c), str) else "")}
                     for c in columns] for row in rows]
            tables.append({"title": t(title), "headers": [header(c) for c in columns], "rows": body})
        charts = [{"title": t(title), "svg": svg(spec, before_after=(t("report.before"), t("report.after")))}
                  for title, spec in section.charts]
        sections.append({"title": t(section.key), "tables": tables, "charts": charts, "notes": section.notes})
    start, end = content.period
    return env.get_template("report.html.j2").render(
        lang=language(), content=content, sections=sections,
        period_text=t("report.period", start=f"{start:%d-%m-%Y}", end=f"{end:%d-%m-%Y}"),
        made_text=t("report.made", when=f"{dt.datetime.now():%d-%m-%Y %H:%M}"),
        suppression_text=t("report.suppression", min_cell=content.min_cell))


def workbook(content: ReportContent, path: Path) -> Path:
    """One sheet per table, headers in the report language, written whole or not at all."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    used: set[str] = set()
    for section in content.sections:
        for title, columns, rows, _ in section.tables:
            name = _sheet_name(t(title), used)
            sheet = book.create_sheet(name)
            sheet.append([header(c) for c in columns])
            for row in rows:
                sheet.append([_excel_value(row.get(c)) for c in columns])
    return atomic_write(path, book.save)


def _excel_value(value: object) -> object:
    if value is None:
        return t("report.suppressed_cell")
    if isinstance(value, Estimate):
        return cell_text(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # never a formula from the data
    return value


def _sheet_name(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "tabel"
    name, i = base, 2
    while name in used:
        name, i = f"{base[:26]} {i}", i + 1
    used.add(name)
    return name


def write_html(content: ReportContent, path: Path) -> Path:
    text = html(content)
    return atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
