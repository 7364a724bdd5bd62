"""One definition, two engines: every measure on DuckDB and on Spark (local mode), same data,
equal results to 1e-12, including NULLs, group statistics and rolling windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from tests.test_measures import contacts, sequence
from vertrouwd.engines import to_spark
from vertrouwd.measures import relational
from vertrouwd.simulate import Levers, synthesize



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


def test_hand_example_on_every_engine(engine):
    # A B A B: upc 1/2, coc 1/3, secon 0, k 2/3, handovers 3; single contact: NULLs
    table = contacts(sequence("a", list("ABAB")) + sequence("b", ["A"]))
    rows = {r["client_id"]: r for r in relational(table, engine=engine).to_pylist()}
    assert rows["a"]["upc"] == 0.5 and abs(rows["a"]["coc"] - 1 / 3) < 1e-15 and rows["a"]["secon"] == 0.0
    assert rows["a"]["handovers"] == 3 and abs(rows["a"]["k"] - 2 / 3) < 1e-15
    assert rows["b"]["coc"] is None and rows["b"]["secon"] is None and rows["b"]["k"] is None


@pytest.mark.parametrize("level", ["professional", "team"])
def test_per_client_measures_agree(town, level, other_engine):
    duck = relational(town, level=level, engine="duckdb")
    other = relational(town, level=level, engine=other_engine)
    assert_equal_tables(duck, other, ["client_id"])


def test_group_statistics_and_windows_agree(town, other_engine):
    kwargs = dict(by=["organization", "domain"], window="6m", step="6m", start=dt.date(2023, 1, 1))
    duck = relational(town, engine="duckdb", **kwargs)
    other = relational(town, engine=other_engine, **kwargs)
    assert duck.num_rows > 10
    assert_equal_tables(duck, other, ["window_start", "organization", "domain"])


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


def _contacts_directory(path, rows: int, files: int) -> int:
    """Parquet files of contacts in the data model; returns their size in memory (bytes)."""
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    def text(prefix, values):
        return pc.binary_join_element_wise(prefix, pc.cast(pa.array(values), pa.string()), "")

    path.mkdir()
    rng, size, per = np.random.default_rng(7), 0, rows // files
    for f in range(files):
        clients = rng.integers(10**7, 10**7 + rows // 20, per)
        workers = 10**5 + (clients * 7 + rng.integers(0, 3, per)) % 5000
        table = pa.table({
            "client_id": text("c", clients), "professional_id": text("w", workers),
            "date": pa.array(np.datetime64("2022-01-01") + rng.integers(0, 1000, per).astype("timedelta64[D]")),
            "contact_id": text(f"k{f:02d}-", np.arange(10**9, 10**9 + per)),
            "organization": text("Organisatie ", workers % 7)})
        size += table.nbytes
        pq.write_table(table, path / f"part-{f:02d}.parquet")
    return size


def _peak_memory(child) -> int:
    """The child's own peak resident memory in bytes (VmHWM after it became vertrouwd; the
    rusage of a child also counts what it shared with this process before its exec)."""
    import time

    peak = 0
    status, command = Path(f"/proc/{child.pid}/status"), Path(f"/proc/{child.pid}/cmdline")
    while child.poll() is None:
        try:
            if b"vertrouwd" in command.read_bytes():
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]) * 1024)
        except (FileNotFoundError, ProcessLookupError):
            pass
        time.sleep(0.05)
    return peak


def test_spark_measures_a_parquet_directory_larger_than_its_memory(tmp_path):
    """`vertrouwd measure relational DIR --engine spark` with the Spark driver (in local mode
    also the executor) limited to 512 MB, on 10 million contacts that take 600 MB in memory:
    Spark reads the files itself, the Python process never holds them, and every client is
    counted once (checked against DuckDB's count of the same files)."""
    import csv
    import os
    import subprocess
    import sys

    import duckdb

    from tests.conftest import TEST_KEY

    directory = tmp_path / "contacts"
    in_memory = _contacts_directory(directory, 10_000_000, 8)
    assert in_memory > 512 * 2**20
    env = dict(os.environ, VERTROUWD_KEY=TEST_KEY, VERTROUWD_SPARK_MEMORY="512m")
    child = subprocess.Popen([sys.executable, "-m", "vertrouwd", "measure", "relational", str(directory), "--engine",
                              "spark", "--spark-master", "local[2]", "--by", "organization", "--min-contacts", "1",
                              "-o", str(tmp_path / "groups.csv")], env=env, stdout=subprocess.DEVNULL,
                             stderr=open(tmp_path / "stderr.txt", "wb"))
    peak = _peak_memory(child)
    assert child.returncode == 0, (tmp_path / "stderr.txt").read_text(errors="replace")[-2000:]
    print("peak of the measuring process:", peak >> 20, "MiB; contacts in memory:", in_memory >> 20, "MiB")
    assert 0 < peak < in_memory * 3 / 4  # this process held the result, not the contacts
    with open(tmp_path / "groups.csv", newline="") as handle:
        counted = sum(int(row["clients"]) for row in csv.DictReader(handle))
    distinct = duckdb.sql(f"SELECT count(DISTINCT client_id) FROM read_parquet('{directory}/*.parquet')").fetchall()
    assert counted == distinct[0][0]
