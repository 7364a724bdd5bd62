"""How a text cell becomes a typed value, and when it is wrong: one SQL expression each.

The rules are generated from `schema.py`, run by DuckDB over each Arrow batch
(nothing stored), and serve both validation and loading, so they cannot disagree.
Dates and integers written the one plain way are read by Arrow before (`read_by_arrow`),
where that is cheaper; a test holds its reading against the SQL's.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from vertrouwd.schema import Column, Kind, Table

# Accepted date forms: ISO 8601 and Dutch day-month-year with - or / (as Dutch exports write
# them: 03-02-2024, 03/02/2024, 3-2-2024), each with an optional time, which is dropped.
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%d %H:%M:%S.%f",
                "%d-%m-%Y %H:%M", "%d-%m-%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S"]
# The shape of a date that is written right but does not exist (31-02-2024, 2024-13-01).
DATE_SHAPE = r"([0-9]{1,2}-[0-9]{1,2}-[0-9]{4}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?"
YEARS = (1900, 2100)
# Names of groups are stored in clear: a long number in one is a person's number in the wrong column.
NAME_COLUMNS = ("team", "organization", "intervention", "municipality")
PERSON_NUMBER = "[0-9]{7,}"  # a BSN has 8 or 9 digits, client and worker numbers often 7 or more
_FORMATS_SQL = "[" + ", ".join(f"'{f}'" for f in DATE_FORMATS) + "]"


def quote(name: str) -> str:
    """A column name as a SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


# Control characters (C0, DEL, C1) and a byte-order mark inside a cell: never data, and
# in a name they would drive a terminal (ANSI/OSC escapes) or break a workbook.
CONTROL = "[\\x00-\\x1f\\x7f-\\x9f\\x{feff}]"


def clean_text(values: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Free text as stored (control characters out, trimmed, NULL when empty; dictionary-
    encoded) and whether each cell holds a person's number, worked out once per distinct
    value: names of teams and organisations repeat on every row."""
    encoded = values.dictionary_encode()
    names = pc.replace_substring_regex(encoded.dictionary, CONTROL, "")
    names = pc.utf8_trim(names, " ")
    names = pc.if_else(pc.equal(pc.utf8_length(names), 0), pa.scalar(None, pa.string()), names)
    numbered = pc.fill_null(pc.match_substring_regex(names, PERSON_NUMBER), False)
    # kept dictionary-encoded: DuckDB reads that as it is, without a copy of every cell
    return pa.DictionaryArray.from_arrays(encoded.indices, names), pc.take(numbered, encoded.indices)


def number_flag(name: str) -> str:
    """The column, next to a free-text column, saying its cell holds a person's number."""
    return f"_person_number_{name}"


def text(col: Column, ready: frozenset[str] = frozenset()) -> str:
    """The trimmed cell, NULL when empty. Person identifiers arrive pseudonymised, free
    text cleaned (`clean_text`), dates and integers in `ready` read by Arrow
    (`read_by_arrow`), the other cells trimmed (`trimmed`)."""
    if col.kind in (Kind.PERSON_ID, Kind.TEXT) or col.name in ready:
        return quote(col.name)
    return f"NULLIF({quote(col.name)}, '')"


def trimmed(values: pa.Array) -> pa.Array:
    """Cells without the white space around them. Done by Arrow, which looks at the ends
    only; DuckDB's `trim` reads every character of every cell."""
    return pc.utf8_trim_whitespace(values)


def read_by_arrow(col: Column, values: pa.Array) -> pa.Array | None:
    """A trimmed date or integer column as Arrow dates or integers when every filled-in
    cell is written the one plain way (2024-03-01, 45): Arrow reads those at a twentieth
    of the cost of `parsed`, which a batch would otherwise pay twice (checks, insert).
    None for any other form or a wrong value: the batch then goes the way of `parsed`,
    with every accepted form and a precise problem for each wrong cell.
    Arrow takes dates as yyyy-mm-dd only, each a day that exists, and `ascii_is_decimal`
    keeps out what its integer reading takes besides digits (0x1F)."""
    if col.kind not in (Kind.DATE, Kind.INTEGER):
        return None
    empty = pc.equal(pc.utf8_length(values), 0)
    if pc.any(empty).as_py():
        values = pc.if_else(empty, pa.scalar(None, pa.string()), values)
    if col.kind is Kind.INTEGER and not pc.all(pc.ascii_is_decimal(values)).as_py():
        return None
    try:
        return pc.cast(values, pa.date32() if col.kind is Kind.DATE else pa.int64())
    except (pa.ArrowInvalid, OverflowError):
        return None


def parsed(col: Column, ready: frozenset[str] = frozenset()) -> str:
    v = text(col, ready)
    if col.name in ready:
        return v
    if col.kind is Kind.DATE:
        return f"CAST(try_strptime({v}, {_FORMATS_SQL}) AS DATE)"
    if col.kind is Kind.INTEGER:
        return f"CASE WHEN regexp_full_match({v}, '[+-]?[0-9]+') THEN TRY_CAST({v} AS BIGINT) END"
    if col.kind is Kind.NUMBER:
        d = f"replace({v}, ',', '.')"
        return f"CASE WHEN regexp_full_match({d}, '[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)') THEN TRY_CAST({d} AS DOUBLE) END"
    return v


def typed(name: str) -> str:
    """The column holding a date or number column's parsed value in `typed_rows`."""
    return quote(f"_typed_{name}")


def typed_rows(table: Table, present: list[str], rows: str, ready: frozenset[str] = frozenset()) -> str:
    """`rows` with each date and number parsed once beside its text, for the rules to read."""
    parsed_columns = [f"{parsed(table.column(name), ready)} AS {typed(name)}" for name in present
                      if table.column(name).kind in (Kind.DATE, Kind.INTEGER, Kind.NUMBER)]
    return f"(SELECT *{''.join(', ' + c for c in parsed_columns)} FROM {rows})"


@dataclass(frozen=True)
class Rule:
    column: str
    code: str  # catalog key of what was expected
    condition: str  # SQL over `typed_rows`, true where the row breaks the rule
    params: tuple[tuple[str, object], ...] = ()
    hide: bool = False  # the value may be an identifier: never echo it


def rules(table: Table, present: list[str], bsn_flag: bool = False,
          ready: frozenset[str] = frozenset()) -> list[Rule]:
    """The rules for the `present` columns; a column in `ready` was read by Arrow
    (`read_by_arrow`), so every filled-in cell of it was written right."""
    out: list[Rule] = []
    for name in present:
        col = table.column(name)
        v, p = text(col, ready), typed(name)
        if col.required:
            missing = f"{v} IS NULL"
            if col.kind is Kind.PERSON_ID and bsn_flag and name == "client_id":
                missing += " AND NOT _bsn_invalid"  # already reported as an invalid BSN
            out.append(Rule(name, "value.required", missing))
        if col.kind is Kind.DATE:
            if name not in ready:
                shaped = f"regexp_full_match({v}, '{DATE_SHAPE}')"
                out.append(Rule(name, "value.date", f"{v} IS NOT NULL AND {p} IS NULL AND NOT {shaped}"))
                out.append(Rule(name, "value.no_such_date", f"{v} IS NOT NULL AND {p} IS NULL AND {shaped}"))
            out.append(Rule(name, "value.year", f"year({p}) NOT BETWEEN {YEARS[0]} AND {YEARS[1]}",
                            (("low", YEARS[0]), ("high", YEARS[1]))))
        elif col.kind in (Kind.INTEGER, Kind.NUMBER):
            code = "value.integer" if col.kind is Kind.INTEGER else "value.number"
            if name not in ready:
                out.append(Rule(name, code, f"{v} IS NOT NULL AND {p} IS NULL"))
            if col.minimum is not None and col.maximum is not None:
                out.append(Rule(name, "value.range", f"{p} NOT BETWEEN {col.minimum} AND {col.maximum}",
                                (("low", _plain(col.minimum)), ("high", _plain(col.maximum)))))
        if name in NAME_COLUMNS and col.kind is Kind.TEXT:
            out.append(Rule(name, "value.person_number", quote(number_flag(name)), hide=True))
    for earlier, later in table.date_order:
        if earlier in present and later in present:
            a, b = typed(earlier), typed(later)
            out.append(Rule(later, "value.date_order", f"{b} < {a}", (("other", earlier),)))
    return out


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)
