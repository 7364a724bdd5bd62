"""Back from pseudonyms to the owner's own identifiers, on the owner's machine, with the key.

The store never holds identifiers, so the way back needs the owner's own list of them:
each listed identifier is pseudonymised with the key (as a client, household and
professional, and as a BSN where it is one), and every cell of the file that equals one
of those pseudonyms is replaced by the identifier it came from.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from vertrouwd.errors import VertrouwdError
from vertrouwd.export import write_table
from vertrouwd.privacy.pseudonyms import Pseudonymizer, canonical_bsn
from vertrouwd.privacy.keys import Key

NAMESPACES = ("client", "household", "professional")


def read_ids(path: Path) -> list[str]:
    """One identifier per line (a header line that is not an identifier is fine too)."""
    if not path.is_file():
        raise VertrouwdError("file.not_found", path=path)
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    ids = []
    for line in text.splitlines():
        value = line.split(";")[0].split(",")[0].strip().strip('"')
        if value:
            ids.append(value)
    return ids


def mapping(ids: list[str], key: Key) -> dict[str, str]:
    pseudonymizer = Pseudonymizer(key)
    out = {}
    for raw in ids:
        forms = {raw}
        bsn = canonical_bsn(raw)
        if bsn:
            forms.add(bsn)
        for form in forms:
            for namespace in NAMESPACES:
                out[pseudonymizer.one(namespace, form)] = raw
    return out


def reidentify(path: Path, ids_path: Path, key: Key, output: Path) -> int:
    """Write `path` with pseudonyms replaced to `output`; returns the number of cells replaced."""
    if not path.is_file():
        raise VertrouwdError("file.not_found", path=path)
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise VertrouwdError("export.format", path=path)
    ids = read_ids(ids_path)
    if not ids:
        raise VertrouwdError("ids.empty", path=ids_path)
    try:
        table = pq.read_table(path) if path.suffix.lower() == ".parquet" else _read_csv_as_text(path)
    except (pa.ArrowInvalid, OSError) as err:
        raise VertrouwdError("reidentify.unreadable", path=path, reason=str(err).splitlines()[0][:200]) from None
    lookup = mapping(ids, key)
    keys, values = pa.array(list(lookup), pa.string()), pa.array(list(lookup.values()), pa.string())
    replaced = 0
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type):
            index = pc.index_in(column, value_set=keys)
            found = pc.is_valid(index)
            replaced += pc.sum(found).as_py() or 0
            column = pc.if_else(found, pc.take(values, pc.fill_null(index, 0)), column)
        columns.append(column)
    if not replaced:  # a wrong key, or a list of other numbers: say so, write nothing
        raise VertrouwdError("reidentify.nothing_matched", path=path, ids=ids_path)
    write_table(pa.table(columns, names=table.column_names), output, private=True)  # it holds identifiers
    return replaced


def _read_csv_as_text(path: Path) -> pa.Table:
    """Every column as text, so '0363' stays '0363'."""
    header = pacsv.read_csv(path, read_options=pacsv.ReadOptions(block_size=1 << 20),
                            parse_options=pacsv.ParseOptions(invalid_row_handler=lambda row: "skip")).column_names
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in header},
                                                                     strings_can_be_null=True))
