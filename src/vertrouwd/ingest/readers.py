"""Readers per file format. Each yields batches of text columns with their line numbers.

Every reader turns cells into strings so that one validation serves all formats.
Lines are what a person finds in the file: the physical line of a CSV (header = 1),
the row number of an Excel sheet, the row number (header = 1) of a Parquet file.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from vertrouwd.errors import ProblemCollector
from vertrouwd.ingest.sniff import read_header

BATCH_ROWS = 250_000
# Small blocks: the CSV reader reads up to 32 blocks ahead of its consumer.
CSV_BLOCK = 4 << 20


@dataclass
class Batch:
    columns: list[pa.Array]  # one per header, strings, untrimmed
    lines: pa.Array  # int64, line number of each row

    @property
    def num_rows(self) -> int:
        return len(self.lines)

    @staticmethod
    def concat(batches: list["Batch"]) -> "Batch":
        if len(batches) == 1:
            return batches[0]
        columns = [pa.concat_arrays([b.columns[i] for b in batches]) for i in range(len(batches[0].columns))]
        return Batch(columns, pa.concat_arrays([b.lines for b in batches]))


class Source:
    """A parsed file: `headers` and a stream of `batches()`.

    `exact_lines` is False when a fast reading may have shifted line numbers (a CSV with
    malformed rows read in parallel); the importer then reads it again, exactly.
    """

    headers: list[str]
    exact_lines = True

    def batches(self, progress: Callable[[int], None] | None = None) -> Iterator[Batch]:
        raise NotImplementedError


def _drop_blank_rows(columns: list[pa.Array], lines: pa.Array) -> tuple[list[pa.Array], pa.Array]:
    """Rows whose every cell is empty (blank lines, `;;;` rows) carry nothing; skip them."""
    blank = None
    for col in columns:
        empty = pc.fill_null(pc.equal(pc.utf8_length(col), 0), True)
        blank = empty if blank is None else pc.and_(blank, empty)
    if blank is None or not pc.any(blank).as_py():
        return columns, lines
    keep = pc.invert(blank)
    return [pc.filter(c, keep) for c in columns], pc.filter(lines, keep)


class CsvSource(Source):
    def __init__(self, path: Path, encoding: str, problems: ProblemCollector, threads: bool = True) -> None:
        self.path = path
        self.encoding = encoding
        self.problems = problems
        self.threads = threads
        self.headers, self.delimiter = read_header(path, encoding)
        self.exact_lines = True

    def batches(self, progress=None) -> Iterator[Batch]:
        names = [f"c{i}" for i in range(len(self.headers))]
        expected = len(names)

        def on_invalid(row: pacsv.InvalidRow) -> str:
            if row.text.strip(self.delimiter + " \t\r") == "":
                return "skip"  # a blank line with fewer separators
            if row.number is None:
                self.exact_lines = False
            self.problems.add(row.number, None, "csv.field_count", expected=expected,
                              actual=row.actual_columns, delimiter=_delimiter_name(self.delimiter))
            return "skip"

        read = pacsv.ReadOptions(column_names=names, skip_rows=1, encoding=self.encoding,
                                 block_size=CSV_BLOCK, use_threads=self.threads)
        parse = pacsv.ParseOptions(delimiter=self.delimiter, ignore_empty_lines=False,
                                   invalid_row_handler=on_invalid)
        convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                       strings_can_be_null=False, quoted_strings_can_be_null=False)
        next_line = 2
        with pa.OSFile(str(self.path), "rb") as handle:
            reader = pacsv.open_csv(handle, read_options=read, parse_options=parse, convert_options=convert)
            done = 0
            for record in reader:
                n = record.num_rows
                lines = pa.array(np.arange(next_line, next_line + n, dtype=np.int64))
                next_line += n
                columns, lines = _drop_blank_rows(list(record.columns), lines)
                if progress:
                    position = handle.tell()
                    progress(position - done)
                    done = position
                yield Batch(columns, lines)


def _delimiter_name(delimiter: str) -> str:
    return {";": "';'", ",": "','", "\t": "tab"}.get(delimiter, repr(delimiter))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class XlsxSource(Source):
    """The first worksheet; the first non-empty row is the header."""

    def __init__(self, path: Path, problems: ProblemCollector) -> None:
        import openpyxl

        self.path = path
        self.problems = problems
        self.headers = []
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            sheet = self._book.worksheets[0]
            self._rows = sheet.iter_rows(values_only=True)
            self._header_line = 0
            for values in self._rows:
                self._header_line += 1
                if any(v not in (None, "") for v in values):
                    self.headers = [_cell_text(v).strip() for v in values]
                    break
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError, EOFError) as err:
            problems.add(None, None, "xlsx.broken", reason=type(err).__name__)
            self._rows = iter(())

    def batches(self, progress=None) -> Iterator[Batch]:
        width = len(self.headers)
        line = self._header_line
        rows: list[list[str]] = []
        lines: list[int] = []
        try:
            for values in self._rows:
                line += 1
                cells = [_cell_text(v) for v in values]
                if len(cells) > width and any(c.strip() for c in cells[width:]):
                    self.problems.add(line, None, "csv.field_count", expected=width, actual=len(cells), delimiter="-")
                    continue
                cells = (cells + [""] * width)[:width]
                rows.append(cells)
                lines.append(line)
                if len(rows) >= BATCH_ROWS:
                    yield self._batch(rows, lines, width)
                    rows, lines = [], []
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as err:
            self.problems.add(line, None, "xlsx.broken", reason=type(err).__name__)
        if rows:
            yield self._batch(rows, lines, width)

    @staticmethod
    def _batch(rows: list[list[str]], lines: list[int], width: int) -> Batch:
        columns = [pa.array([r[i] for r in rows], pa.string()) for i in range(width)]
        return Batch(*_drop_blank_rows(columns, pa.array(lines, pa.int64())))


class ParquetSource(Source):
    def __init__(self, path: Path, problems: ProblemCollector) -> None:
        self.path = path
        self.problems = problems
        self.headers = []
        self._file = None
        try:
            self._file = pq.ParquetFile(path)
            self.headers = list(self._file.schema_arrow.names)
        except (pa.ArrowException, OSError) as err:
            problems.add(None, None, "parquet.broken", reason=type(err).__name__)

    def batches(self, progress=None) -> Iterator[Batch]:
        if self._file is None:
            return
        next_line = 2
        try:
            for record in self._file.iter_batches(batch_size=BATCH_ROWS):
                columns = [_as_text(c) for c in record.columns]
                n = record.num_rows
                lines = pa.array(np.arange(next_line, next_line + n, dtype=np.int64))
                next_line += n
                yield Batch(*_drop_blank_rows(columns, lines))
        except (pa.ArrowException, OSError) as err:
            self.problems.add(next_line, None, "parquet.broken", reason=type(err).__name__)


def _as_text(column: pa.Array) -> pa.Array:
    if pa.types.is_string(column.type):
        return pc.fill_null(column, "")
    if pa.types.is_large_string(column.type) or pa.types.is_dictionary(column.type):
        return pc.fill_null(column.cast(pa.string()), "")
    if pa.types.is_floating(column.type):
        # 12.0 -> "12": integers that went through a float column
        as_int = pc.cast(column, pa.int64(), safe=False)
        whole = pc.equal(pc.cast(as_int, column.type), column)
        text = pc.if_else(whole, pc.cast(as_int, pa.string()), pc.cast(column, pa.string()))
        return pc.fill_null(text, "")
    return pc.fill_null(pc.cast(column, pa.string()), "")


def open_source(path: Path, problems: ProblemCollector, encoding: str | None = None) -> Source:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return XlsxSource(path, problems)
    if suffix in (".parquet", ".pq"):
        return ParquetSource(path, problems)
    return CsvSource(path, encoding or "utf-8", problems)


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "csv"
