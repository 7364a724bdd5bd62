"""Arrow's plain reading of dates and integers agrees with the SQL parse it stands in for."""

from __future__ import annotations

import datetime as dt

import duckdb
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from vertrouwd.ingest import rules as R
from vertrouwd.schema import TABLES, Kind

DATE = TABLES["contacts"].column("date")
MINUTES = TABLES["contacts"].column("minutes")

# Cells near the plain forms: digits, separators, signs, a hexadecimal prefix, and real
# yyyy-mm-dd dates (among them days that do not exist, such as 2023-02-29).
near_dates = st.one_of(
    st.text(alphabet="0123456789-/ :T", max_size=12),
    st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32)))
near_integers = st.one_of(st.text(alphabet="0123456789+-x. e", max_size=8), st.integers(0, 10**20).map(str))


def sql_reading(column, cells: list[str]) -> list:
    """The long way: the SQL of `R.parsed` over the cells as text; dates as days since
    1970-01-01, so that years Python's dates cannot hold (year 0) compare too."""
    cells_table = pa.table({column.name: pa.array(cells, pa.string())})  # noqa: F841 (read by DuckDB)
    value = R.parsed(column)
    if column.kind is Kind.DATE:
        value = f"{value} - DATE '1970-01-01'"
    return [row[0] for row in duckdb.sql(f"SELECT {value} FROM cells_table").fetchall()]


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(near_dates, min_size=1, max_size=6))
def test_dates_read_by_arrow_are_the_dates_the_sql_reads(cells):
    read = R.read_by_arrow(DATE, pa.array(cells, pa.string()))
    if read is not None:  # Arrow read every cell: each one as the SQL reads it, empty ones missing
        assert read.cast(pa.int32()).to_pylist() == sql_reading(DATE, cells)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(near_integers, min_size=1, max_size=6))
def test_integers_read_by_arrow_are_the_integers_the_sql_reads(cells):
    read = R.read_by_arrow(MINUTES, pa.array(cells, pa.string()))
    if read is not None:
        assert read.to_pylist() == sql_reading(MINUTES, cells)


def test_arrow_reads_the_plain_forms_and_leaves_the_rest_to_the_sql():
    assert R.read_by_arrow(DATE, pa.array(["2024-02-29", ""])).to_pylist() == [dt.date(2024, 2, 29), None]
    assert R.read_by_arrow(MINUTES, pa.array(["45", "", "007"])).to_pylist() == [45, None, 7]
    for date in ["2023-02-29", "01-03-2024", "2024-03-01T10:00", "2024-3-1"]:
        assert R.read_by_arrow(DATE, pa.array(["2024-01-01", date])) is None, date
    for number in ["+5", "-5", "0x1F", "1e3", "4.5", "99999999999999999999"]:
        assert R.read_by_arrow(MINUTES, pa.array(["1", number])) is None, number
