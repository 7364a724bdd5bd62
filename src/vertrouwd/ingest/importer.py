"""Import one file into one table of the store: validate all, then load in one transaction.

1. Settle the text encoding; hash the file beside the reading of the first rows: a content
   hash seen before makes the import a no-op, before anything is written.
2. Stream batches: pseudonymise identifiers (once per distinct value), check every cell
   with the rules of `rules.py`, and insert into the table inside an open transaction.
3. After the last batch: any problem rolls everything back (nothing written);
   otherwise repeated keys are resolved, the batch is recorded, and all commits at once.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from vertrouwd.errors import MAX_LISTED_PROBLEMS, ProblemCollector, VertrouwdError
from vertrouwd.ingest import rules as R
from vertrouwd.ingest.columns import looks_like_data, map_headers
from vertrouwd.privacy.pseudonyms import Pseudonymizer, neutral
from vertrouwd.ingest.readers import Batch, CsvSource, Source, file_format, open_source
from vertrouwd.ingest.sniff import content_hash, text_encoding
from vertrouwd.privacy.keys import Key
from vertrouwd.schema import TABLES, Kind, Table
from vertrouwd.store import Store

IMPORT_MEMORY = "1GB"
# Rows per INSERT: DuckDB writes smaller inserts as partly filled row groups, which made
# the load 1.6 times slower at 220,000 rows than at 500,000 and more.
INSERT_ROWS = 500_000
Progress = Callable[[str, int, int | None], None]  # (phase, advance, total)
T = TypeVar("T")


@dataclass(frozen=True)
class ImportResult:
    table: str
    file: str
    batch_id: int
    rows_read: int = 0
    rows_added: int = 0
    rows_skipped: int = 0
    rows_updated: int = 0
    already_imported: bool = False
    imported_at: dt.datetime | None = None


def import_file(store: Store, table_name: str, path: Path | str, key: Key,
                mapping: dict[str, str] | None = None, ignore: tuple[str, ...] | list[str] = (),
                bsn: bool = False, progress: Progress | None = None) -> ImportResult:
    """Import `path` into `table_name`; raises `ValidationError` (nothing written) on bad input."""
    path = Path(path)
    table = TABLES.get(table_name)
    if table is None:
        raise VertrouwdError("import.unknown_table", table=table_name, tables=", ".join([*TABLES, "berichten", "fhir"]))
    if not path.is_file():
        raise VertrouwdError("file.not_found", path=path)
    problems = ProblemCollector(str(path))
    encoding = text_encoding(path, problems) if file_format(path) == "csv" else None
    problems.raise_if_any()
    size = path.stat().st_size
    with ThreadPoolExecutor(1) as pool:
        # The hash runs beside the reading of the first rows; the store is written only
        # once it tells that this content is new.
        content = pool.submit(content_hash, path, (lambda n: progress("hash", n, size)) if progress else None)

        def earlier() -> ImportResult | None:
            """The import of this same content before, if any: this one then does nothing."""
            batch = store.batch_with_hash(content.result()[0])
            return batch and ImportResult(batch["table_name"], batch["file_name"], batch["batch_id"],
                                          already_imported=True, imported_at=batch["imported_at"])

        source = open_source(path, problems, encoding)
        if problems.total:
            return earlier() or problems.raise_if_any()
        plan = map_headers(table, source.headers, mapping or {}, ignore, problems)
        if problems.total and not all(name in dict(plan) for name in table.required):
            return earlier() or problems.raise_if_any()
        # one round: with the required columns found, an unknown column does not hide the values' problems

        loader = _Loader(store, table, plan, Pseudonymizer(key), bsn, _shown_headers(source.headers, plan))
        batches = loader.read(source, problems, (lambda n: progress("read", n, size)) if progress else None)
        try:
            done, sha = earlier(), content.result()[0]
            stored_key = store.key_version()
            if not done and stored_key not in (None, key.version):  # pseudonyms would not line up with the store's
                raise VertrouwdError("key.mismatch", stored=stored_key, given=key.version)
        except BaseException:
            batches.close()
            raise
        if done:
            batches.close()
            return done
    result = loader.run(batches, source, problems, sha)
    if result is None and isinstance(source, CsvSource) and not source.exact_lines:
        # Malformed rows read in parallel shift line numbers: read again, exactly.
        problems = ProblemCollector(str(path))
        exact = CsvSource(path, encoding or "utf-8", problems, threads=False)
        map_headers(table, exact.headers, mapping or {}, ignore, problems)
        result = loader.run(loader.read(exact, problems, None), exact, problems, sha)
    if result is None:
        problems.raise_if_any()
    rows_read, added, skipped, updated = result
    return ImportResult(table.name, path.name, loader.batch_id, rows_read, added, skipped, updated)


def _stage(name: str) -> None:
    """For the crash test only: with VERTROUWD_TEST_PAUSE=<stage>, the import says so in the
    file VERTROUWD_TEST_PAUSE_FILE and waits there, so a test kills it at a known moment
    instead of one timed against the machine's speed."""
    if os.environ.get("VERTROUWD_TEST_PAUSE") == name:
        Path(os.environ["VERTROUWD_TEST_PAUSE_FILE"]).write_text(name)
        while True:
            time.sleep(60)


class _Ahead(Iterator[T]):
    """The items, each next one made in a thread of its own while the caller works on this
    one; the first is started at once, before it is asked for."""

    def __init__(self, items: Iterator[T], feeding: "_Ahead | None" = None) -> None:
        self._items = items
        self._feeding = feeding  # the stage that feeds `items`, stopped together with this one
        self._pool = ThreadPoolExecutor(1)
        self._next = self._pool.submit(next, items, None)

    def __next__(self) -> T:
        item = self._next.result()
        if item is None:
            raise StopIteration
        self._next = self._pool.submit(next, self._items, None)
        return item

    def close(self) -> None:
        """Stop after the item in the making, also when the items are not all taken."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._feeding is not None:
            self._feeding.close()


def _shown_headers(headers: list[str], plan: list[tuple[str, int]]) -> dict[str, str]:
    """Each mapped column by the user's own header (by its position where the header looks
    like a value), so a problem names the column as it is in their file."""
    return {name: f"#{index + 1}" if looks_like_data(headers[index]) else headers[index] for name, index in plan}


class _Loader:
    def __init__(self, store: Store, table: Table, plan: list[tuple[str, int]], pseudonymizer: Pseudonymizer,
                 bsn: bool, shown: dict[str, str] | None = None) -> None:
        self.store = store
        self.shown = shown or {}
        self.table = table
        self.plan = plan
        self.present = [name for name, _ in plan]
        self.pseudonymizer = pseudonymizer
        self.bsn = bsn and "client_id" in self.present
        self.sha = ""  # the file's content hash, given to `run`
        self.key = [k for k in table.key if k in self.present]
        self.batch_id = 0
        self.con = None  # the store's connection while a load runs (`Store.scratch`)

    def run(self, batches: _Ahead[pa.Table], source: Source, problems: ProblemCollector,
            sha: str) -> tuple[int, int, int, int] | None:
        """Load the `read` batches inside one transaction; None (and rolled back) when there
        were problems. Row order means nothing here (faster loads), beyond IMPORT_MEMORY
        DuckDB spills, and DuckDB has one thread more than the machine has cores, for this
        import only: the reading and pseudonymising threads leave a core idle while they
        wait for the GIL (measured: 2M rows on 2 cores in 6.4 s instead of 6.9 s, medians of 5)."""
        self.sha = sha
        try:
            with self.store.settings(preserve_insertion_order=False, memory_limit=IMPORT_MEMORY,
                                     threads=(os.cpu_count() or 1) + 1), \
                    self.store.scratch() as self.con:
                return self._load(batches, source, problems)
        finally:
            batches.close()

    def _load(self, batches: _Ahead[pa.Table], source: Source,
              problems: ProblemCollector) -> tuple[int, int, int, int] | None:
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            self.batch_id = self.store.next_batch_id()
            if self.key:
                keys = ", ".join(f'{R.quote(k)} {self.table.column(k).sql_type}' for k in self.key)
                con.execute(f"CREATE OR REPLACE TEMP TABLE _import_keys ({keys}, _line BIGINT, _key_hash UBIGINT)")
            rows_read = 0
            for _batch in batches:
                if not _batch.num_rows:  # only blank lines (SQL's count_if over no rows is NULL)
                    continue
                rows_read += _batch.num_rows
                # SQL reads the batch by DuckDB's scan of a Python variable named `_batch`
                # (registering a view inside a transaction would keep every batch alive).
                ready = self._ready(_batch)
                self._check(problems, _batch, ready)
                self._insert(not problems.total, _batch, ready)
                del _batch
                _stage("loading")
            self._check_broken_cells(source, problems)
            if self.key:
                self._check_repeated_keys(problems)
                if not problems.total and not self.table.replace_existing:
                    self._check_conflicts(problems)
            if problems.total:
                con.execute("ROLLBACK")
                return None
            skipped, updated = self._resolve_existing()
            inserted = con.execute(
                f"SELECT count(*) FROM {self.table.name} WHERE import_batch = ?", [self.batch_id]
            ).fetchall()[0][0]
            con.execute(
                "INSERT INTO import_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [self.batch_id, self.table.name, self.file_name(source), self.format(source), self.sha,
                 rows_read, inserted - updated, skipped, updated, self.pseudonymizer.version,
                 dt.datetime.now().replace(microsecond=0)],
            )
            _stage("recorded")
            con.execute("COMMIT")
            _stage("committed")
            return rows_read, inserted - updated, skipped, updated
        except BaseException:
            con.execute("ROLLBACK")
            raise

    @staticmethod
    def file_name(source: Source) -> str:
        """The file's name as stored: without numbers that could be a person's (exports are
        often named after a client); the user sees the name they typed in their terminal."""
        return neutral(Path(getattr(source, "path", "")).name)

    @staticmethod
    def format(source: Source) -> str:
        return file_format(Path(getattr(source, "path", "x.csv")))

    def read(self, source: Source, problems: ProblemCollector,
             progress: Callable[[int], None] | None) -> _Ahead[pa.Table]:
        """Batches as Arrow in three stages, each in a thread of its own and one batch ahead of
        the next: reading, pseudonymising, and DuckDB checking and inserting (`run`; all three
        spend most of their time outside the GIL). Reading starts at once."""
        batches = iter(source.batches(progress))

        def groups():
            while True:
                read, rows = [], 0
                while rows < INSERT_ROWS and (batch := next(batches, None)) is not None:
                    read.append(batch)
                    rows += batch.num_rows
                if not read:
                    return
                yield Batch.concat(read)

        grouped = _Ahead(groups())
        return _Ahead((self._arrow(group, problems) for group in grouped), feeding=grouped)

    def _arrow(self, batch, problems: ProblemCollector) -> pa.Table:
        arrays: dict[str, pa.Array] = {}
        bsn_invalid = None
        for name, index in self.plan:
            col = self.table.column(name)
            values = batch.columns[index]
            if col.kind is Kind.PERSON_ID:
                trimmed = R.trimmed(values)
                check = self.bsn and name == "client_id"
                values, invalid = self.pseudonymizer.array(col.namespace, trimmed, bsn=check)
                if check:  # no pseudonym although the cell holds something: not a BSN
                    bsn_invalid = pc.and_(pc.is_null(values), pc.greater(pc.utf8_length(trimmed), 0))
                    for line in pc.filter(batch.lines, bsn_invalid).to_pylist() if invalid else []:
                        problems.add(line, self.shown.get(name, name), "value.bsn", hidden=True)
            elif col.kind is Kind.TEXT:
                values, numbered = R.clean_text(values)
                if name in R.NAME_COLUMNS:
                    arrays[R.number_flag(name)] = numbered
            else:
                values = R.trimmed(values)
                typed = R.read_by_arrow(col, values)
                values = values if typed is None else typed
            arrays[name] = values
        if bsn_invalid is not None:
            arrays["_bsn_invalid"] = bsn_invalid
        arrays["_line"] = batch.lines
        return pa.table(arrays)

    def _ready(self, _batch: pa.Table) -> frozenset[str]:
        """The batch's columns that Arrow read as dates or integers (`R.read_by_arrow`)."""
        return frozenset(name for name in self.present if not pa.types.is_string(_batch.schema.field(name).type)
                         and self.table.column(name).kind in (Kind.DATE, Kind.INTEGER))

    def _check(self, problems: ProblemCollector, _batch: pa.Table, ready: frozenset[str]) -> None:
        rules = R.rules(self.table, self.present, self.bsn, ready)
        if not rules:
            return
        con = self.con
        typed = R.typed_rows(self.table, self.present, "_batch", ready)
        counts = con.execute(
            "SELECT " + ", ".join(f"count_if(coalesce({r.condition}, false))" for r in rules) + f" FROM {typed}"
        ).fetchall()[0]
        total = sum(counts)
        if not total:
            return
        # The first rows of this batch with a problem; the collector keeps those that are
        # among the file's first problems.
        flags = [f"coalesce({r.condition}, false)" for r in rules]
        values = ", ".join(f"CAST({R.quote(r.column)} AS VARCHAR)" for r in rules)
        rows = con.execute(
            f"SELECT _line, {', '.join(flags)}, {values} FROM {typed} WHERE {' OR '.join(flags)} "
            f"ORDER BY _line LIMIT {MAX_LISTED_PROBLEMS}"
        ).fetchall()
        n = len(rules)
        listed = 0
        for row in rows:
            for i, rule in enumerate(rules):
                if row[1 + i]:
                    col = self.table.column(rule.column)
                    raw = row[1 + n + i]
                    hidden = col.hidden or rule.hide
                    params = {k: self.shown.get(v, v) if k == "other" else v for k, v in rule.params}
                    problems.add(row[0], self.shown.get(rule.column, rule.column), rule.code,
                                 value=None if hidden else (raw or "").strip(), hidden=hidden, **params)
                    listed += 1
        problems.count(total - listed)

    def _select_list(self, ready: frozenset[str]) -> tuple[list[str], list[str]]:
        names, exprs = [], []
        for name in self.present:
            names.append(R.quote(name))
            exprs.append(R.parsed(self.table.column(name), ready))
        if self.table.name == "contacts":
            # Contacts without an id get one from the file's content hash and line, so the
            # (date, contact_id) order is total and a re-import is recognised.
            generated = f"'f{self.sha[:12]}:' || lpad(CAST(_line AS VARCHAR), 10, '0')"  # sorts as numbers
            if "contact_id" in self.present:
                exprs[self.present.index("contact_id")] = f"coalesce({R.parsed(self.table.column('contact_id'), ready)}, {generated})"
            else:
                names.append('"contact_id"')
                exprs.append(generated)
        return names, exprs

    def _insert(self, rows: bool, _batch: pa.Table, ready: frozenset[str]) -> None:
        """Insert the batch's rows (only while the file is clean) and always its keys."""
        con = self.con
        if rows:
            names, exprs = self._select_list(ready)
            con.execute(
                f"INSERT INTO {self.table.name} ({', '.join(names)}, import_batch) "
                f"SELECT {', '.join(exprs)}, {self.batch_id} FROM _batch"
            )
        if self.key:
            keys = ", ".join(R.parsed(self.table.column(k), ready) for k in self.key)
            con.execute(f"INSERT INTO _import_keys SELECT {keys}, _line, hash({keys}) FROM _batch")

    def _check_broken_cells(self, source: Source, problems: ProblemCollector) -> None:
        """A line break inside a value of a column we keep: no identifier, date, number or
        name holds one, and a quote that never closes swallows the rows after it."""
        kept = {index: name for name, index in self.plan}
        for line, index in sorted(source.broken_cells):
            if index in kept:
                problems.add(line, self.shown.get(kept[index], kept[index]), "value.line_break", hidden=True)

    def _check_repeated_keys(self, problems: ProblemCollector) -> None:
        con = self.con
        keys = ", ".join(R.quote(k) for k in self.key)
        # Grouped by a hash first (a number groups several times faster than text), then by
        # the keys themselves among the few rows whose hash repeats.
        rows = con.execute(
            f"WITH repeated AS (SELECT _key_hash FROM _import_keys GROUP BY _key_hash HAVING count(*) > 1) "
            f"SELECT list(_line ORDER BY _line)[1:{101}] AS lines, count(*) FROM _import_keys "
            f"WHERE _key_hash IN (SELECT _key_hash FROM repeated) "
            f"AND {' AND '.join(f'{R.quote(k)} IS NOT NULL' for k in self.key)} "
            f"GROUP BY {keys} HAVING count(*) > 1 ORDER BY lines[2]"
        ).fetchall()
        column = "+".join(self.shown.get(k, k) for k in self.key)
        for lines, count in rows:
            first = lines[0]
            listed = 0
            for line in lines[1:]:
                if not problems.would_list(line):
                    break
                problems.add(line, column, "value.repeated_key", hidden=True, first=first)
                listed += 1
            problems.count(count - 1 - listed)

    def _check_conflicts(self, problems: ProblemCollector) -> None:
        """A stored key with other content is another record under the same code (a second
        town's contact 'c1'): refused with its line, never silently dropped as a repeat."""
        con, name, b = self.con, self.table.name, self.batch_id
        match = " AND ".join(f"{side}.{R.quote(k)} = k.{R.quote(k)}" for side in ("t", "o") for k in self.key)
        differs = " OR ".join(f"t.{R.quote(c)} IS DISTINCT FROM o.{R.quote(c)}" for c in self.present
                              if c not in self.key)
        if not differs:
            return
        rows = con.execute(
            f"SELECT DISTINCT k._line, o.import_batch FROM _import_keys k JOIN {name} t ON t.import_batch = {b} "
            f"JOIN {name} o ON o.import_batch <> {b} WHERE {match} AND ({differs}) ORDER BY 1 "
            f"LIMIT {MAX_LISTED_PROBLEMS}").fetchall()
        column = "+".join(self.shown.get(k, k) for k in self.key)
        for line, batch in rows:
            problems.add(line, column, "value.key_conflict", hidden=True, batch=batch)

    def _resolve_existing(self) -> tuple[int, int]:
        """Contacts already stored are skipped; other rows already stored are replaced."""
        if not self.key:
            return 0, 0
        con, name, b = self.con, self.table.name, self.batch_id
        match = " AND ".join(f"t.{R.quote(k)} = n.{R.quote(k)}" for k in self.key)
        keys = ", ".join(R.quote(k) for k in self.key)
        if not self.table.replace_existing:
            skipped = con.execute(
                f"DELETE FROM {name} t USING (SELECT DISTINCT {keys} FROM {name} WHERE import_batch <> {b}) n "
                f"WHERE t.import_batch = {b} AND {match}"
            ).fetchall()[0][0]
            return skipped, 0
        updated = con.execute(
            f"DELETE FROM {name} t USING (SELECT {keys} FROM {name} WHERE import_batch = {b}) n "
            f"WHERE t.import_batch <> {b} AND {match}"
        ).fetchall()[0][0]
        return 0, updated
