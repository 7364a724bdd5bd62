"""One definition, two engines: every measure on DuckDB and on Spark (local mode), same data,
equal results to 1e-12, including NULLs, group statistics and rolling windows."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from tests.test_measures import contacts, sequence
from vertrouwd.engines import to_spark
from vertrouwd.measures import relational
from vertrouwd.simulate import Levers, synthesize

ENGINES = ["duckdb", "spark"]


@pytest.fixture(scope="module")
def town() -> pa.Table:
    return synthesize(Levers(clients=600, years=2, seed=21)).contacts


def assert_equal_tables(a: pa.Table, b: pa.Table, keys: list[str]) -> None:
    assert a.column_names == b.column_names
    assert a.num_rows == b.num_rows
    rows_a = sorted(a.to_pylist(), key=lambda r: tuple(str(r[k]) for k in keys))
    rows_b = sorted(b.to_pylist(), key=lambda r: tuple(str(r[k]) for k in keys))
    for ra, rb in zip(rows_a, rows_b):
        for name in a.column_names:
            x, y = ra[name], rb[name]
            if isinstance(x, float) or isinstance(y, float):
                assert x is not None and y is not None, (name, x, y)
                assert abs(x - y) <= 1e-12, (name, x, y)
            else:
                assert x == y, (name, x, y)


@pytest.mark.parametrize("engine", ENGINES)
def test_hand_example_on_every_engine(engine):
    # A B A B: upc 1/2, coc 1/3, secon 0, k 2/3, handovers 3; single contact: NULLs
    table = contacts(sequence("a", list("ABAB")) + sequence("b", ["A"]))
    rows = {r["client_id"]: r for r in relational(table, engine=engine).to_pylist()}
    assert rows["a"]["upc"] == 0.5 and abs(rows["a"]["coc"] - 1 / 3) < 1e-15 and rows["a"]["secon"] == 0.0
    assert rows["a"]["handovers"] == 3 and abs(rows["a"]["k"] - 2 / 3) < 1e-15
    assert rows["b"]["coc"] is None and rows["b"]["secon"] is None and rows["b"]["k"] is None


@pytest.mark.parametrize("level", ["professional", "team"])
def test_per_client_measures_agree(town, level):
    duck = relational(town, level=level, engine="duckdb")
    spark = relational(town, level=level, engine="spark")
    assert_equal_tables(duck, spark, ["client_id"])


def test_group_statistics_and_windows_agree(town):
    kwargs = dict(by=["organization", "domain"], window="6m", step="6m", start=dt.date(2023, 1, 1))
    duck = relational(town, engine="duckdb", **kwargs)
    spark = relational(town, engine="spark", **kwargs)
    assert duck.num_rows > 10
    assert_equal_tables(duck, spark, ["window_start", "organization", "domain"])


def test_spark_sql_keeps_exact_percentiles():
    sql = to_spark("SELECT quantile_cont(x, 0.25) FROM t")
    assert "PERCENTILE(" in sql and "APPROX" not in sql.upper()


def test_the_duckdb_engine_leaves_the_callers_connection_as_it_found_it():
    import duckdb

    from vertrouwd.engines import SETTINGS, DuckDBEngine

    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")

    def settings():
        return [con.execute(f"SELECT current_setting('{name}')").fetchall()[0][0] for name in SETTINGS]

    before = settings()
    engine = DuckDBEngine(con, memory_limit="1GB")
    assert settings() != before  # bounded memory and a spill directory while it works
    engine.close()
    assert settings() == before
