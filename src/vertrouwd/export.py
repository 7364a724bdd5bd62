"""Writing tables for people and other programs: CSV or Parquet, whole or not at all.

CSV text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or
carriage return) get a leading apostrophe; numbers are left alone.
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


def write_table(table: pa.Table, path: Path) -> Path:
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise VertrouwdError("export.format", path=path)

    def write(tmp: str) -> None:
        if suffix == ".csv":
            pacsv.write_csv(neutralise_formulas(table), tmp)
        else:
            pq.write_table(table, tmp)

    return atomic_write(path, write)
