"""Where measures run: DuckDB (embedded, the default) or Apache Spark (scale-out).

A measure is one SQL text in DuckDB's dialect. DuckDB runs it as it is; for Spark, SQLGlot
transpiles it. Both engines read the same inputs (Arrow tables; Spark gets them as
Parquet) and return Arrow tables, so callers never see which engine ran.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from vertrouwd.errors import VertrouwdError
from vertrouwd.store import current_settings, restore_settings


DEFAULT_MEMORY = "2GB"
ENGINES = ("duckdb", "spark")


SETTINGS = ("memory_limit", "temp_directory", "preserve_insertion_order")


class DuckDBEngine:
    """DuckDB with bounded memory: beyond `memory_limit` (default 2 GB, or the environment
    variable VERTROUWD_MEMORY) it spills to a private temporary directory."""

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None, memory_limit: str | None = None) -> None:
        limit = memory_limit or os.environ.get("VERTROUWD_MEMORY") or DEFAULT_MEMORY
        if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", limit.strip(), re.IGNORECASE):
            raise VertrouwdError("engine.memory", value=limit)
        self.con = con or duckdb.connect()
        self._views: list[str] = []
        self._copies: list[str] = []
        self._spill = tempfile.mkdtemp(prefix="vertrouwd-duckdb-")  # after the checks, so a refusal leaves nothing
        # the caller's settings, put back on close: the engine borrows the connection
        self._settings = current_settings(self.con, SETTINGS)
        self.con.execute(f"SET memory_limit = '{limit}'")
        self.con.execute(f"SET temp_directory = '{self._spill}'")
        self.con.execute("SET preserve_insertion_order = false")

    def register(self, name: str, table: pa.Table | str) -> None:
        """A view over an Arrow table, or over a SELECT in this connection."""
        if isinstance(table, str):
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {table}")
        else:
            self.con.register(name, table)
        self._views.append(name)

    def read_parquet(self, name: str, path: Path | str, row_numbers: str | None = None) -> list[str]:
        """A view over a Parquet file or a directory of them (read where they lie), with the
        file's row numbers in `row_numbers` when it is one file; returns its columns."""
        path = Path(path)
        pattern = str(path / "**" / "*.parquet") if path.is_dir() else str(path)
        numbered = row_numbers is not None and not path.is_dir()
        self.register(name, f"SELECT *{f', file_row_number AS {row_numbers}' if numbered else ''} FROM read_parquet("
                            f"'{_literal(pattern)}'{', file_row_number = true' if numbered else ''})")
        return self.columns(name)

    def columns(self, name: str) -> list[str]:
        return [row[0] for row in self.con.execute(f"DESCRIBE {name}").fetchall()]

    def copy(self, name: str, select: str) -> None:
        """A temporary table of a SELECT, dropped on close: for a view that must number its rows."""
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {select}")
        self._copies.append(name)

    def query(self, sql: str) -> pa.Table:
        return self.con.sql(sql).to_arrow_table()

    def close(self) -> None:
        for name in self._copies:
            self.con.execute(f"DROP TABLE IF EXISTS {name}")
        self._copies.clear()
        for name in self._views:
            try:
                self.con.unregister(name)
            except duckdb.Error:
                self.con.execute(f"DROP VIEW IF EXISTS {name}")
        self._views.clear()
        restore_settings(self.con, self._settings)
        shutil.rmtree(self._spill, ignore_errors=True)


class SparkEngine:
    name = "spark"

    def __init__(self, master: str = "local[*]") -> None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise VertrouwdError("engine.no_spark") from None
        if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
            raise VertrouwdError("engine.no_java")
        self.spark = (SparkSession.builder.master(master).appName("vertrouwd")
                      .config("spark.sql.session.timeZone", "UTC")
                      .config("spark.sql.ansi.enabled", "false")
                      .config("spark.ui.enabled", "false")
                      .config("spark.ui.showConsoleProgress", "false")
                      .config("spark.driver.memory", os.environ.get("VERTROUWD_SPARK_MEMORY", "2g"))
                      .getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")
        self._tmp = Path(tempfile.mkdtemp(prefix="vertrouwd-spark-"))

    def register(self, name: str, table: pa.Table | str) -> None:
        if isinstance(table, str):
            self.spark.sql(to_spark(table)).createOrReplaceTempView(name)
            return
        path = self._tmp / f"{name}.parquet"
        pq.write_table(table, path)
        self.spark.read.parquet(str(path)).createOrReplaceTempView(name)

    def read_parquet(self, name: str, path: Path | str, row_numbers: str | None = None) -> list[str]:
        """A view over a Parquet file or a directory of them, read by Spark's own reader
        (nothing passes through this process); returns its columns."""
        frame = self.spark.read.parquet(str(path))
        frame.createOrReplaceTempView(name)
        return frame.columns

    def columns(self, name: str) -> list[str]:
        return self.spark.table(name).columns

    def query(self, sql: str) -> pa.Table:
        return self.spark.sql(to_spark(sql)).toArrow()

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)


def _literal(text: str) -> str:
    return text.replace("'", "''")


def to_spark(sql: str) -> str:
    """DuckDB SQL as Spark SQL. SQLGlot writes DuckDB's exact `quantile_cont(x, q)` as
    PERCENTILE_CONT(x, q), which Spark does not take in that form; Spark's exact
    `percentile(x, q)` interpolates the same way (position q * (n - 1)), so use it."""
    import sqlglot

    spark = sqlglot.transpile(sql, read="duckdb", write="spark", pretty=False)[0]
    return re.sub(r"\bPERCENTILE_CONT\(", "PERCENTILE(", spark)


def open_engine(name: str, con: duckdb.DuckDBPyConnection | None = None, spark_master: str = "local[*]"):
    if name == "duckdb":
        return DuckDBEngine(con)
    if name == "spark":
        return SparkEngine(spark_master)
    raise VertrouwdError("engine.unknown", name=name)
