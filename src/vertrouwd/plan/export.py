"""A handover plan as a file a team lead works from: Excel with a summary and one sheet per
receiving professional, or CSV (plain, or for Dutch Excel). Where the organisation keeps
its own numbers (`own_ids.py`) the file holds them, and is then readable by its owner only."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from vertrouwd.errors import VertrouwdError
from vertrouwd.export import write_table
from vertrouwd.files import atomic_write
from vertrouwd.formats import EXCEL_FORMATS
from vertrouwd.i18n import t
from vertrouwd.sheets import sheet_name, write_grid


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
    """A summary sheet (per receiver: number, name, clients, known faces, caseload before and
    after, cap) and one sheet per receiver with their clients; the unplaced last."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    summary_rows, sheets = [], []
    for receiver, placed in plan.by_receiver():
        if receiver is None:
            summary_rows.append([t("plan.unplaced"), "", len(placed), None, None, None, None])
            sheets.append((t("plan.unplaced"), placed))
            continue
        summary_rows.append([ids.number(receiver), ids.name(receiver) or "", len(placed),
                             sum(p.reason == "known_face" for p in placed), plan.loads_before[receiver],
                             plan.loads_after[receiver], plan.caps.get(receiver)])
        sheets.append((ids.label(receiver), placed))
    used: set[str] = set()
    write_grid(book.create_sheet(sheet_name(t("plan.sheet.summary"), used)),
               [t("plan.column.receiver"), t("plan.column.name"), t("plan.column.clients"), t("plan.column.known"),
                t("plan.column.before"), t("plan.column.after"), t("plan.column.cap")], summary_rows)
    for label, placed in sheets:  # the whole pseudonym where no own number is known: `vertrouwd reidentify` takes it
        write_grid(book.create_sheet(sheet_name(label, used, "-")),
                   [t("handover.client"), t("plan.column.name"), t("handover.from"), t("handover.reason"),
                    t("plan.column.contacts"), t("plan.column.last_contact")],
                   [[ids.number(p.client_id), ids.name(p.client_id) or "", ids.label(p.leaving), reason(p),
                     p.contacts or None, p.last_contact] for p in placed])
    return book


def write_signals(found, path: Path, ids) -> Path:
    """The three signal lists as one workbook, a sheet each, in own numbers where known."""
    from openpyxl import Workbook

    if path.suffix.lower() != ".xlsx":
        raise VertrouwdError("signals.format", path=path)
    book = Workbook()
    book.remove(book.active)
    sheets = (
        ("signals.sheet.leaving", ("handover.client", "plan.column.name", "signals.column.main", "signals.column.last_day"),
         [(ids.number(c), ids.name(c) or "", ids.label(p), day) for c, p, day in found.leaving], None),
        ("signals.sheet.at_risk", ("handover.client", "plan.column.name", "signals.column.main",
                                   "signals.column.professionals", "signals.column.upc"),
         [(ids.number(c), ids.name(c) or "", ids.label(p) if p else "", n, upc) for c, p, n, upc in found.at_risk],
         [None, None, None, None, EXCEL_FORMATS["index"]]),
        ("signals.sheet.over_cap", ("signals.column.professional", "plan.column.name", "signals.column.load",
                                    "plan.column.cap"),
         [(ids.number(p), ids.name(p) or "", load, cap) for p, load, cap in found.over_cap], None),
    )
    for title, headers, rows, number_formats in sheets:
        write_grid(book.create_sheet(t(title)), [t(h) for h in headers], [list(r) for r in rows], number_formats)
    return atomic_write(path, book.save, private=bool(ids))
