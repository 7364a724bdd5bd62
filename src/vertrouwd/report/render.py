"""Lay the report content out as one self-contained HTML file and as an Excel workbook.

The HTML has inline styles, inline SVG charts and one inline script (the team/wijk filter)
that the Content-Security-Policy admits by its hash; every request is forbidden, so it
opens offline and sends nothing anywhere. Without the script the page is complete.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from vertrouwd import formats
from vertrouwd.files import atomic_write
from vertrouwd.i18n import language, t
from vertrouwd.measures.groups import GROUP_COLUMNS
from vertrouwd.report.charts import svg
from vertrouwd.report.content import Estimate, ReportContent, Table
from vertrouwd.privacy.suppress import HIDDEN
from vertrouwd.sheets import safe, sheet_name, write_grid

GROUPS = {*GROUP_COLUMNS, "period", "municipality", "organization_before", "organization_after", "scenario"}
# Shows only the rows of one team, wijk or organisation; "#filter=Noord" in the address
# opens the page filtered (a link a team lead can keep).
FILTER_SCRIPT = """
(function () {
  var box = document.getElementById("filter"), status = document.getElementById("filter-status");
  function apply() {
    var wanted = box.value.trim().toLowerCase(), shown = 0;
    document.querySelectorAll("tr[data-f]").forEach(function (row) {
      var hit = !wanted || row.getAttribute("data-f").toLowerCase().indexOf(wanted) >= 0;
      row.hidden = !hit;
      if (hit) { shown += 1; }
    });
    status.textContent = wanted ? status.getAttribute("data-text").replace("{n}", shown) : "";
  }
  box.addEventListener("input", apply);
  if (location.hash.indexOf("#filter=") === 0) {
    box.value = decodeURIComponent(location.hash.slice(8));
    apply();
  }
})();
"""


def header(column: str, table: Table | None = None) -> str:
    """A column's heading in the report language (a table may name it its own way)."""
    return formats.heading(column, table.labels.get(column) if table else None)


def cell(row: dict, column: str) -> tuple[str, str]:
    """(text, mark) of one cell; mark is "suppressed", "not_defined", "missing_group" or ""."""
    value = row.get(column)
    if value is None and column in row.get(HIDDEN, ()):
        return t("mark.suppressed"), "suppressed"
    if value is None and column in GROUPS:
        return t("mark.missing_group"), "missing_group"
    if value is None:
        return t("mark.not_defined"), "not_defined"
    if isinstance(value, Estimate):
        return cell_text(value, column), ""
    return formats.text(value, column), ""


def cell_text(value: object, column: str = "") -> str:
    if isinstance(value, Estimate):
        return f"{formats.text(value.value, column)} ({formats.text(value.low, column)}–" \
               f"{formats.text(value.high, column)})"
    return formats.text(value, column)


def _table_view(table: Table, min_cell: int) -> dict:
    rows, marks = [], set()
    for row in table.rows:
        cells = []
        for column in table.columns:
            content, mark = cell(row, column)
            marks.add(mark)
            css = mark or ("text" if isinstance(row.get(column), str) or column in GROUPS else "")
            cells.append({"text": content, "css": css})
        key = row.get(table.filter_on) if table.filter_on else None
        rows.append({"cells": cells, "filter": key if key is not None else ("" if table.filter_on else None)})
    legend = [t(f"mark.legend.{m}", min_cell=min_cell) for m in ("suppressed", "not_defined", "missing_group")
              if m in marks]
    return {"title": t(table.title), "headers": [header(c, table) for c in table.columns], "rows": rows,
            "legend": legend, "filterable": table.filter_on is not None}


def html(content: ReportContent) -> str:
    env = Environment(loader=PackageLoader("vertrouwd.report", "templates"), autoescape=select_autoescape(["j2"]))
    sections, choices = [], {}
    for section in content.sections:
        tables = [_table_view(table, content.min_cell) for table in section.tables]
        for table in section.tables:
            if table.filter_on:
                for row in table.rows:
                    if row.get(table.filter_on) is not None:
                        choices.setdefault(row[table.filter_on], header(table.filter_on))
        charts = [{"title": t(chart.title), "svg": svg(chart)} for chart in section.charts]
        sections.append({"title": t(section.key), "tables": tables, "charts": charts, "notes": section.notes,
                         "missing": section.missing, "id": section.key.rsplit(".", 1)[-1]})
    start, end = content.period
    digest = base64.b64encode(hashlib.sha256(FILTER_SCRIPT.encode()).digest()).decode()
    return env.get_template("report.html.j2").render(
        lang=language(), content=content, sections=sections, t=t, script=FILTER_SCRIPT, script_hash=digest,
        choices=sorted(choices.items(), key=lambda kv: (kv[1], str(kv[0]))),
        period_text=t("report.period", start=f"{start:%d-%m-%Y}", end=f"{end:%d-%m-%Y}"),
        made_text=t("report.made", when=f"{dt.datetime.now():%d-%m-%Y %H:%M}"),
        suppression_text=t("report.suppression", min_cell=content.min_cell))


def write_html(content: ReportContent, path: Path) -> Path:
    text = html(content)
    return atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


# The workbook: for analysts, numbers as numbers.

def workbook(content: ReportContent, path: Path) -> Path:
    """A sheet "about" (period, threshold, definitions), one sheet per table and one with
    the data behind each chart; numbers stored as numbers with their formats, suppressed
    cells empty with a flag column, intervals in columns of their own, bold frozen headers
    with filters. Written whole or not at all."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _about_sheet(book, content)
    used = {t("sheet.about")}
    for section in content.sections:
        for table in section.tables:
            _table_sheet(book, sheet_name(t(table.sheet), used), table)
        for chart in section.charts:
            _chart_sheet(book, sheet_name(t(chart.sheet), used), chart)
    return atomic_write(path, book.save)


def _about_sheet(book, content: ReportContent) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(t("sheet.about"))
    start, end = content.period
    rows = [(content.title, None), (t("about.period"), f"{start:%d-%m-%Y} – {end:%d-%m-%Y}"),
            (t("about.year"), content.year), (t("about.min_cell"), content.min_cell),
            (t("about.made"), f"{dt.datetime.now():%d-%m-%Y %H:%M}"), (None, None),
            (t("about.term"), t("about.meaning")), *content.definitions, (None, None),
            (t("mark.suppressed"), t("about.mark.suppressed")), (t("mark.not_defined"), t("about.mark.not_defined")),
            (t("mark.missing_group"), t("about.mark.missing_group"))]
    for row in rows:
        sheet.append([safe(v) for v in row])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.cell(row=7, column=1).font = sheet.cell(row=7, column=2).font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 110
    for line in sheet.iter_rows(min_row=8):
        line[1].alignment = Alignment(wrap_text=True, vertical="top")
        line[0].alignment = Alignment(vertical="top")


def _table_sheet(book, name: str, table: Table) -> None:
    estimates = {c for c in table.columns if any(isinstance(r.get(c), Estimate) for r in table.rows)}
    flagged = any(r.get(HIDDEN) for r in table.rows)
    headers, formats_by_column = [], []
    for column in table.columns:
        headers.append(header(column, table))
        formats_by_column.append(formats.excel_format(column) if column not in GROUPS else None)
        if column in estimates:
            headers += [t("column.low", name=header(column, table)), t("column.high", name=header(column, table))]
            formats_by_column += [formats.excel_format(column)] * 2
    if flagged:
        headers.append(t("column.suppressed"))
        formats_by_column.append(None)
    rows = []
    for row in table.rows:
        values = []
        for column in table.columns:
            value = row.get(column)
            if column in estimates:
                values += [value.value, value.low, value.high] if isinstance(value, Estimate) else [value, None, None]
            elif value is None and column in GROUPS and column not in row.get(HIDDEN, ()):
                values.append(t("mark.missing_group"))
            else:
                values.append(value)
        if flagged:
            values.append(t("report.yes") if row.get(HIDDEN) else t("report.no"))
        rows.append(values)
    write_grid(book.create_sheet(name), headers, rows, formats_by_column)


def _chart_sheet(book, name: str, chart) -> None:
    headers = [t("column.chart_x"), *chart.series]
    rows = [[label, *(values[i] for values in chart.series.values())] for i, label in enumerate(chart.x)]
    number_format = formats.EXCEL_FORMATS.get(chart.unit)
    write_grid(book.create_sheet(name), headers, rows, [None] + [number_format] * len(chart.series))


