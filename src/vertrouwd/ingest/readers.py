"""Readers per file format. Each yields batches of text columns with their line numbers.

Every reader turns cells into strings so that one validation serves all formats.
Lines are what a person finds in the file: the physical line of a CSV (header = 1),
the row number of an Excel sheet, the row number (header = 1) of a Parquet file.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
import zlib
from xml.etree import ElementTree
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from vertrouwd.errors import MAX_LISTED_PROBLEMS, ProblemCollector
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
    # (line, column index) of values holding a line break: in a CSV that is a quoted newline,
    # or a quote that never closes and swallowed the rows after it.
    broken_cells: list[tuple[int, int]] = []

    def batches(self, progress: Callable[[int], None] | None = None) -> Iterator[Batch]:
        raise NotImplementedError


def _drop_blank_rows(columns: list[pa.Array], lines: pa.Array) -> tuple[list[pa.Array], pa.Array]:
    """Rows whose every cell is empty (blank lines, `;;;` rows) carry nothing; skip them."""
    if not columns or not pc.any(pc.equal(pc.utf8_length(columns[0]), 0)).as_py():
        return columns, lines  # a blank row is empty in the first column too: most batches stop here
    blank = None
    for col in columns:
        empty = pc.fill_null(pc.equal(pc.utf8_length(col), 0), True)
        blank = empty if blank is None else pc.and_(blank, empty)
    if blank is None or not pc.any(blank).as_py():
        return columns, lines
    keep = pc.invert(blank)
    return [pc.filter(c, keep) for c in columns], pc.filter(lines, keep)


class CsvSource(Source):
    """A CSV file read by Arrow's parallel reader, with the physical line of every row.

    Arrow numbers rows, not lines: a value with a quoted newline spans two lines, and a
    skipped row (too few or too many fields) takes a number but yields no record. Each
    batch's lines are therefore counted again from those two facts.
    """

    def __init__(self, path: Path, encoding: str, problems: ProblemCollector, threads: bool = True) -> None:
        self.path = path
        self.encoding = encoding
        self.problems = problems
        self.threads = threads
        self.headers, self.delimiter, self._rows_follow = read_header(path, encoding, problems)
        self.exact_lines = True

    def batches(self, progress=None) -> Iterator[Batch]:
        if not self._rows_follow:
            return
        names = [f"c{i}" for i in range(len(self.headers))]
        expected = len(names)
        skipped: list[tuple[int, int | None]] = []  # (Arrow's row number, fields) of rows left out

        def on_invalid(row: pacsv.InvalidRow) -> str:
            if row.number is None:  # read in parallel: numbers unknown, the importer reads again if it matters
                self.exact_lines = False
            blank = row.text.strip(self.delimiter + " \t\r") == ""  # a blank line with fewer separators
            if row.number is None and not blank:
                self.problems.add(None, None, "csv.field_count", expected=expected, actual=row.actual_columns,
                                  delimiter=_delimiter_name(self.delimiter))
            elif row.number is not None:
                skipped.append((row.number, None if blank else row.actual_columns))
            return "skip"

        read = pacsv.ReadOptions(column_names=names, skip_rows=1, encoding=self.encoding,
                                 block_size=CSV_BLOCK, use_threads=self.threads)
        parse = pacsv.ParseOptions(delimiter=self.delimiter, ignore_empty_lines=False, newlines_in_values=True,
                                   invalid_row_handler=on_invalid)
        convert = pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                       strings_can_be_null=False, quoted_strings_can_be_null=False)
        lines = _LineCounter()
        self.broken_cells = lines.newline_cells
        with pa.OSFile(str(self.path), "rb") as handle:
            done = 0
            try:
                for record in pacsv.open_csv(handle, read_options=read, parse_options=parse, convert_options=convert):
                    columns = list(record.columns)
                    numbers = lines.count(columns, skipped)
                    self._report_skipped(lines, skipped, expected)
                    columns, numbers = _drop_blank_rows(columns, numbers)
                    if progress:
                        position = handle.tell()
                        progress(position - done)
                        done = position
                    yield Batch(columns, numbers)
            except pa.ArrowInvalid:
                # A row larger than a read block, or bytes the reader cannot split into rows.
                self.problems.add(_oversized_row(self.path, self.encoding, self.delimiter) or lines.next_line, None,
                                  "csv.row_too_long", megabytes=CSV_BLOCK >> 20)
                return
        lines.count([], skipped, final=True)
        self._report_skipped(lines, skipped, expected)

    def _report_skipped(self, lines: "_LineCounter", skipped: list, expected: int) -> None:
        for line, actual in lines.placed:
            if actual is not None:
                self.problems.add(line, None, "csv.field_count", expected=expected, actual=actual,
                                  delimiter=_delimiter_name(self.delimiter))
        lines.placed.clear()


class _LineCounter:
    """Turns Arrow's row numbers (header = 1, one per row) into the lines a person sees."""

    def __init__(self) -> None:
        self.next_row = 2  # Arrow's number of the next row
        self.next_line = 2  # its physical line
        self.placed: list[tuple[int, int | None]] = []  # skipped rows with their lines, not yet reported
        self.newline_cells: list[tuple[int, int]] = []  # (line, column index), the first few per column

    def count(self, columns: list[pa.Array], skipped: list[tuple[int, int | None]], final: bool = False) -> pa.Array:
        n = len(columns[0]) if columns else 0
        newlines = np.zeros(n, dtype=np.int64)
        found: list[tuple[int, np.ndarray]] = []
        for index, column in enumerate(columns):
            if n and _may_hold_newline(column) and pc.any(pc.match_substring(column, "\n")).as_py():
                per_row = pc.count_substring(column, "\n").to_numpy(zero_copy_only=False)
                newlines += per_row
                found.append((index, np.flatnonzero(per_row)[:MAX_LISTED_PROBLEMS]))
        rows = self.next_row + np.arange(n, dtype=np.int64)
        # Skipped rows take numbers between the records: each one moves the records after it on.
        skipped.sort()
        while skipped and (final or (n and skipped[0][0] <= rows[-1])):
            number, actual = skipped.pop(0)
            at = int(np.searchsorted(rows, number))
            rows[at:] += 1
            before = int(newlines[:at].sum())
            self.placed.append((number - self.next_row + self.next_line + before, actual))
        lines = rows - self.next_row + self.next_line + np.concatenate(([0], np.cumsum(newlines)[:-1])) if n else rows
        self.newline_cells += [(int(lines[i]), index) for index, rows_at in found for i in rows_at]
        if n:
            self.next_line = int(lines[-1] + 1 + newlines[-1])
            self.next_row = int(rows[-1] + 1)
        return pa.array(lines)


_NEWLINE = re.compile(b"\n")


def _may_hold_newline(column: pa.Array) -> bool:
    """A fast look for a line break in the column's bytes (a search in place, no copy); the
    bytes may run past a slice of them, so a hit is checked value by value after."""
    data = column.buffers()[2] if pa.types.is_string(column.type) else None
    return data is None or _NEWLINE.search(data) is not None


def _oversized_row(path: Path, encoding: str, delimiter: str) -> int | None:
    """The line where the first row larger than a read block starts (found only when the
    reader failed, so the rare bad file pays for it, not every good one)."""
    line = 1
    limit = csv.field_size_limit(2**31 - 1)
    try:
        with open(path, encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            for row in reader:
                if sum(len(field) for field in row) >= CSV_BLOCK:
                    return line
                line = reader.line_num + 1
    except csv.Error:
        return line
    finally:
        csv.field_size_limit(limit)
    return None


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


# What openpyxl and the zip and XML layers below it raise on a damaged workbook.
_XLSX_BROKEN = (zipfile.BadZipFile, zlib.error, ElementTree.ParseError, KeyError, OSError, ValueError, IndexError,
                EOFError)


class XlsxSource(Source):
    """The first worksheet; the first non-empty row is the header.

    Excel stores a formula's last result beside it; a workbook written by another program
    may hold the formula only, and merged cells keep their value in the first cell alone.
    Either would import as empty cells, so both are refused with the cell named.
    """

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
            self._check_cells(sheet)
        except _XLSX_BROKEN as err:
            problems.add(None, None, "xlsx.broken", reason=type(err).__name__)
            self._rows = iter(())

    def _check_cells(self, sheet) -> None:
        """Formulas without their result and merged cells, found in the sheet's XML
        (parsed only when its bytes hold either)."""
        member = getattr(sheet, "_worksheet_path", None)  # openpyxl's name for the sheet inside the zip
        if member is None:
            return
        with self._book._archive.open(member) as raw:
            if not _holds(raw, _FORMULA_OR_MERGE):
                return
        first = getattr(sheet, "min_column", 1) or 1
        with self._book._archive.open(member) as raw:
            for _, element in ElementTree.iterparse(raw):
                tag = element.tag.rsplit("}", 1)[-1]
                if tag == "c":
                    children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
                    value = children.get("v")
                    if "f" in children and (value is None or not (value.text or "")):
                        self._at_cell(element.get("r", ""), first, "xlsx.formula_without_value")
                    element.clear()
                elif tag == "mergeCell":
                    self._at_cell(element.get("ref", ""), first, "xlsx.merged", cells=element.get("ref", ""))

    def _at_cell(self, reference: str, first_column: int, code: str, **params) -> None:
        from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

        try:
            letters, row = coordinate_from_string(reference.split(":")[0])
            index = column_index_from_string(letters) - first_column
        except ValueError:
            self.problems.add(None, None, code, cell=reference, **params)
            return
        column = self.headers[index] if 0 <= index < len(self.headers) and self.headers[index] else f"#{index + 1}"
        self.problems.add(row, column, code, cell=reference.split(":")[0], **params)

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
        except _XLSX_BROKEN as err:
            self.problems.add(line, None, "xlsx.broken", reason=type(err).__name__)
        if rows:
            yield self._batch(rows, lines, width)

    @staticmethod
    def _batch(rows: list[list[str]], lines: list[int], width: int) -> Batch:
        columns = [pa.array([r[i] for r in rows], pa.string()) for i in range(width)]
        return Batch(*_drop_blank_rows(columns, pa.array(lines, pa.int64())))


# A formula element (<f>, with or without a namespace prefix) or a merged range.
_FORMULA_OR_MERGE = re.compile(rb"<(?:\w+:)?(?:f[ >/]|mergeCell )")


def _holds(raw, pattern: re.Pattern, chunk: int = 1 << 20) -> bool:
    tail = b""
    while block := raw.read(chunk):
        if pattern.search(tail + block):
            return True
        tail = block[-32:]
    return False


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


# A moment with a time zone is a day in the Netherlands: 2024-03-01 23:30 UTC is 2 March here.
LOCAL_ZONE = "Europe/Amsterdam"


def _as_text(column: pa.Array) -> pa.Array:
    if pa.types.is_timestamp(column.type):
        if column.type.tz is not None:
            column = pc.local_timestamp(column.cast(pa.timestamp(column.type.unit, LOCAL_ZONE)))
        return pc.fill_null(pc.strftime(column.cast(pa.timestamp("s"), safe=False), "%Y-%m-%dT%H:%M:%S"), "")
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
