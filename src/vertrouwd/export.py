"""Writing tables for people and other programs: CSV or Parquet, whole or not at all.

CSV text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
carriage return) get a leading apostrophe; numbers are left alone. Plain CSV (comma, point
as decimal separator, UTF-8, the canonical column names) is for tools; `excel=True` writes
CSV as Dutch Excel opens it with a double click: headings in the user's language,
semicolons, a decimal comma, dates as dd-mm-yyyy and UTF-8 with a BOM.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from vertrouwd.errors import VertrouwdError
from vertrouwd.files import atomic_write

_FORMULA_START = r"^[=+\-@\t\r]"


def neutralise_formulas(table: pa.Table) -> pa.Table:
    columns = []
    for col in table.columns:
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            risky = pc.fill_null(pc.match_substring_regex(col, _FORMULA_START), False)
            col = pc.if_else(risky, pc.binary_join_element_wise("'", col, ""), col)
        columns.append(col)
    return pa.table(columns, names=table.column_names)


def for_dutch_excel(table: pa.Table) -> pa.Table:
    """Numbers with a decimal comma and dates as dd-mm-yyyy, as text (Excel reads them back
    as numbers and dates in a Dutch locale); shares in percent, under the report's headings
    ('% met risico'); booleans as ja/nee."""
    from vertrouwd.formats import heading, kind
    from vertrouwd.i18n import t

    columns = []
    for name, col in zip(table.column_names, table.columns):
        if pa.types.is_floating(col.type) and kind(name) == "share":  # under a heading with %
            col = pc.multiply(col, 100.0)
        if pa.types.is_floating(col.type):
            col = pc.replace_substring(pc.cast(col, pa.string()), ".", ",")
        elif pa.types.is_date(col.type) or pa.types.is_timestamp(col.type):
            col = pc.strftime(col, "%d-%m-%Y")
        elif pa.types.is_boolean(col.type):
            col = pc.if_else(col, t("report.yes"), t("report.no"))
        columns.append(col)
    return pa.table(columns, names=[heading(name) for name in table.column_names])


def write_table(table: pa.Table, path: Path, excel: bool = False, private: bool = False) -> Path:
    """Write `table` as CSV or Parquet; `private` for a file only its owner may read (one
    that holds the organisation's own numbers)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise VertrouwdError("export.format", path=path)

    def write(tmp: str) -> None:
        if suffix == ".csv" and excel:
            import csv

            dutch = for_dutch_excel(neutralise_formulas(table))
            # utf-8-sig writes the BOM that tells Excel the file is UTF-8; quotes only where needed
            with open(tmp, "w", encoding="utf-8-sig", newline="") as target:
                writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
                writer.writerow(dutch.column_names)
                for batch in dutch.to_batches(65_536):
                    writer.writerows(zip(*(column.to_pylist() for column in batch.columns)))
        elif suffix == ".csv":
            pacsv.write_csv(neutralise_formulas(table), tmp)
        else:
            pq.write_table(table, tmp)

    return atomic_write(path, write, private)
