"""A handover plan as a file a team lead works from: Excel with a summary and one sheet per
receiving professional, or CSV (plain, or for Dutch Excel). Where the organisation keeps
its own numbers (`own_ids.py`) the file holds them, and is then readable by its owner only."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from vertrouwd.errors import VertrouwdError
from vertrouwd.export import write_table
from vertrouwd.files import atomic_write
from vertrouwd.i18n import t


def write_plan(plan, path: Path, ids, reason, excel_csv: bool = False) -> Path:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return atomic_write(path, lambda tmp: _workbook(plan, ids, reason).save(tmp), private=bool(ids))
    if suffix not in (".csv", ".parquet"):
        raise VertrouwdError("export.format", path=path)
    table = pa.table({
        "client_id": [ids.number(p.client_id) for p in plan.placements],
        "client_name": [ids.name(p.client_id) for p in plan.placements],
        "from_professional": [ids.number(p.leaving) for p in plan.placements],
        "to_professional": [ids.number(p.receiver) for p in plan.placements],
        "to_name": [ids.name(p.receiver) for p in plan.placements],
        "reason_code": [p.reason for p in plan.placements],
        "reason": [reason(p) for p in plan.placements],
        "contacts": [p.contacts for p in plan.placements],
        "last_contact": pa.array([p.last_contact for p in plan.placements], pa.date32()),
    })
    if not ids:
        table = table.drop_columns(["client_name", "to_name"])
    return write_table(table, path, excel_csv, private=bool(ids))


def _workbook(plan, ids, reason):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = t("plan.sheet.summary")
    summary.append([t("plan.column.receiver"), t("plan.column.name"), t("plan.column.clients"),
                    t("plan.column.known"), t("plan.column.before"), t("plan.column.after"), t("plan.column.cap")])
    groups: dict = {}
    for p in plan.placements:
        groups.setdefault(p.receiver, []).append(p)
    used = {summary.title}
    for receiver in sorted((r for r in groups if r is not None), key=lambda r: (-len(groups[r]), r)):
        placed = groups[receiver]
        summary.append([_safe(ids.number(receiver)), _safe(ids.name(receiver) or ""), len(placed),
                        sum(p.reason == "known_face" for p in placed),
                        plan.loads_before[receiver], plan.loads_after[receiver], plan.caps.get(receiver)])
        _placements(book, _name(ids.label(receiver), used), placed, ids, reason)
    if None in groups:
        summary.append([t("plan.unplaced"), "", len(groups[None])])
        _placements(book, _name(t("plan.unplaced"), used), groups[None], ids, reason)
    for sheet in book.worksheets:
        for c in sheet[1]:
            c.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = min(
                45, max(10, *(len(str(c.value or "")) + 2 for c in column)))
    return book


def _placements(book, name: str, placed: list, ids, reason) -> None:
    sheet = book.create_sheet(name)
    sheet.append([t("handover.client"), t("plan.column.name"), t("handover.from"), t("handover.reason"),
                  t("plan.column.contacts"), t("plan.column.last_contact")])
    for p in placed:  # the whole pseudonym where no own number is known: `vertrouwd reidentify` takes it
        sheet.append([_safe(ids.number(p.client_id)), _safe(ids.name(p.client_id) or ""), _safe(ids.label(p.leaving)),
                      reason(p), p.contacts or None, p.last_contact])
        if p.last_contact:
            sheet.cell(row=sheet.max_row, column=6).number_format = "dd-mm-yyyy"


def _name(label: str, used: set[str]) -> str:
    base = "".join(ch for ch in label if ch not in "[]:*?/\\\\")[:31] or "-"
    name, i = base, 2
    while name in used:
        name, i = f"{base[:28]} {i}", i + 1
    used.add(name)
    return name


def _safe(value: str) -> str:
    return "'" + value if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def write_signals(found, path: Path, ids) -> Path:
    """The three signal lists as one workbook, a sheet each, in own numbers where known."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if path.suffix.lower() != ".xlsx":
        raise VertrouwdError("signals.format", path=path)
    book = Workbook()
    book.remove(book.active)
    sheets = (
        ("signals.sheet.leaving", ("handover.client", "plan.column.name", "signals.column.main", "signals.column.last_day"),
         [(ids.number(c), ids.name(c) or "", ids.label(p), day) for c, p, day in found.leaving]),
        ("signals.sheet.at_risk", ("handover.client", "plan.column.name", "signals.column.main",
                                   "signals.column.professionals", "signals.column.upc"),
         [(ids.number(c), ids.name(c) or "", ids.label(p) if p else "", n, upc) for c, p, n, upc in found.at_risk]),
        ("signals.sheet.over_cap", ("signals.column.professional", "plan.column.name", "signals.column.load",
                                    "plan.column.cap"),
         [(ids.number(p), ids.name(p) or "", load, cap) for p, load, cap in found.over_cap]),
    )
    for title, headers, rows in sheets:
        sheet = book.create_sheet(t(title))
        sheet.append([t(h) for h in headers])
        for row in rows:
            sheet.append([_safe(v) if isinstance(v, str) else v for v in row])
        for c in sheet[1]:
            c.font = Font(bold=True)
        for line in sheet.iter_rows(min_row=2):
            for c in line:
                if hasattr(c.value, "year"):
                    c.number_format = "dd-mm-yyyy"
                elif isinstance(c.value, float):
                    c.number_format = "0.00"
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = min(
                45, max(12, *(len(str(c.value or "")) + 2 for c in column)))
    return atomic_write(path, book.save, private=bool(ids))
