"""The store: one DuckDB file holding the four input tables and the import batches.

`Store` is the only object that opens the database. It owns the schema and its
migrations: each migration brings the file from version n to n + 1, so a newer
vertrouwd opens (and upgrades) a database made by an older one.
DuckDB lets one process write a file at a time; a second one gets `StoreLockedError`.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import duckdb

from vertrouwd.errors import StoreLockedError, VertrouwdError
from vertrouwd.schema import TABLES, Kind

DEFAULT_DB = "vertrouwd.duckdb"


def default_db_path() -> Path:
    return Path(os.environ.get("VERTROUWD_DB") or DEFAULT_DB)


def remove_store(path: Path) -> None:
    """A store file gone with its log and its spill folder (a demo or a benchmark that
    starts afresh)."""
    for stale in (path, Path(str(path) + ".wal")):
        stale.unlink(missing_ok=True)
    shutil.rmtree(str(path) + ".tmp", ignore_errors=True)


def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
    for table in TABLES.values():
        columns = ", ".join(
            f'"{c.name}" {c.sql_type}{" NOT NULL" if c.required else ""}' for c in table.columns
        )
        con.execute(f"CREATE TABLE {table.name} ({columns}, import_batch INTEGER NOT NULL)")
    con.execute(
        """CREATE TABLE import_batches (
            batch_id INTEGER PRIMARY KEY,
            table_name VARCHAR NOT NULL,
            file_name VARCHAR NOT NULL,
            file_format VARCHAR NOT NULL,
            content_hash VARCHAR NOT NULL UNIQUE,
            rows_read BIGINT NOT NULL,
            rows_added BIGINT NOT NULL,
            rows_skipped BIGINT NOT NULL,
            rows_updated BIGINT NOT NULL,
            key_version VARCHAR NOT NULL,
            imported_at TIMESTAMP NOT NULL
        )"""
    )


def _create_handovers(con: duckdb.DuckDBPyConnection) -> None:
    """Version 2: applied handover plans, so later plans know who took over."""
    con.execute(
        """CREATE TABLE handovers (
            client_id VARCHAR NOT NULL,
            from_professional VARCHAR NOT NULL,
            to_professional VARCHAR NOT NULL,
            handover_date DATE NOT NULL,
            reason_code VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            applied_by VARCHAR NOT NULL,
            applied_at TIMESTAMP NOT NULL
        )"""
    )


def _number_handover_batches(con: duckdb.DuckDBPyConnection) -> None:
    """Version 3: each applied plan is a batch, listed and undoable as a whole; an undo is
    kept with its reason, who and when (the handovers themselves are removed)."""
    con.execute(
        """CREATE TABLE handover_batches (
            batch_id INTEGER PRIMARY KEY,
            handover_date DATE NOT NULL,
            clients INTEGER NOT NULL,
            reason VARCHAR NOT NULL,
            applied_by VARCHAR NOT NULL,
            applied_at TIMESTAMP NOT NULL,
            undone_reason VARCHAR,
            undone_by VARCHAR,
            undone_at TIMESTAMP
        )"""
    )
    con.execute("ALTER TABLE handovers ADD COLUMN batch_id INTEGER")
    # handovers applied before batches existed: one batch per apply (same moment, person, reason, day)
    con.execute(
        """INSERT INTO handover_batches (batch_id, handover_date, clients, reason, applied_by, applied_at)
           SELECT ROW_NUMBER() OVER (ORDER BY applied_at, applied_by, reason, handover_date),
                  handover_date, COUNT(*), reason, applied_by, applied_at
           FROM handovers GROUP BY handover_date, reason, applied_by, applied_at"""
    )
    con.execute(
        """UPDATE handovers SET batch_id = b.batch_id FROM handover_batches b
           WHERE handovers.applied_at = b.applied_at AND handovers.applied_by = b.applied_by
             AND handovers.reason = b.reason AND handovers.handover_date = b.handover_date"""
    )


def _neutral_free_text(con: duckdb.DuckDBPyConnection) -> None:
    """Version 4: file names and reasons stored before without numbers of people."""
    from vertrouwd.privacy.pseudonyms import neutral

    for table, column in (("import_batches", "file_name"), ("handovers", "reason"),
                          ("handover_batches", "reason"), ("handover_batches", "undone_reason")):
        for (text,) in con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL").fetchall():
            if neutral(text) != text:
                con.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [neutral(text), text])


def _create_removed_batches(con: duckdb.DuckDBPyConnection) -> None:
    """Version 5: import batches taken out again (a wrong file, a wrong key), kept on record."""
    con.execute(
        """CREATE TABLE removed_batches (
            batch_id INTEGER NOT NULL,
            table_name VARCHAR NOT NULL,
            file_name VARCHAR NOT NULL,
            rows_removed BIGINT NOT NULL,
            key_version VARCHAR NOT NULL,
            reason VARCHAR NOT NULL,
            removed_by VARCHAR NOT NULL,
            removed_at TIMESTAMP NOT NULL
        )"""
    )


def _create_care_messages(con: duckdb.DuckDBPyConnection) -> None:
    """Version 6: iJw/iWmo messages, one row per product line (`ingest/messages.py`)."""
    con.execute(
        """CREATE TABLE care_messages (
            client_id VARCHAR NOT NULL,
            standard VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            message_id VARCHAR NOT NULL,
            provider VARCHAR NOT NULL,
            municipality VARCHAR NOT NULL,
            assignment VARCHAR NOT NULL,
            category VARCHAR,
            product VARCHAR,
            first_day DATE,
            last_day DATE,
            reason VARCHAR,
            sent DATE,
            import_batch INTEGER NOT NULL
        )"""
    )


# Columns holding a person's pseudonym: the stored form is 16 bytes (`privacy/pseudonyms.py`).
PSEUDONYM_COLUMNS = {**{t.name: tuple(c.name for c in t.columns if c.kind is Kind.PERSON_ID) for t in TABLES.values()},
                     "handovers": ("client_id", "from_professional", "to_professional"),
                     "care_messages": ("client_id",)}


def _pseudonyms_as_bytes(con: duckdb.DuckDBPyConnection) -> None:
    """Version 7: pseudonyms stored as 16 bytes (a UUID) instead of their 37 printed letters;
    the printed form comes back from the bytes and the store's key version."""
    for table, columns in PSEUDONYM_COLUMNS.items():
        for column in columns:
            (kind,) = con.execute("SELECT data_type FROM duckdb_columns() WHERE table_name = ? AND column_name = ?",
                                  [table, column]).fetchall()[0]
            if kind == "VARCHAR":  # a store made before; a new one has UUID columns from the start
                # The letters back to hexadecimal first, then a plain change of type: DuckDB
                # cannot replay a change of type that calls functions from its log after a crash.
                con.execute(f'UPDATE {table} SET "{column}" = translate(split_part("{column}", \'_\', 2), '
                            f'\'abcdefghijklmnop\', \'0123456789abcdef\')')
                con.execute(f'ALTER TABLE {table} ALTER "{column}" SET DATA TYPE UUID')


# Append only: migration i brings a database from version i to version i + 1.
MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [_create_tables, _create_handovers,
                                                                  _number_handover_batches, _neutral_free_text,
                                                                  _create_removed_batches, _create_care_messages,
                                                                  _pseudonyms_as_bytes]


class Store:
    """An open vertrouwd database. Use as a context manager."""

    def __init__(self, path: Path | str | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path else default_db_path()
        if read_only and not self.path.exists():
            raise VertrouwdError("store.not_found", path=self.path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as err:
            if "lock" in str(err).lower():
                raise StoreLockedError("store.locked", path=self.path) from None
            raise VertrouwdError("store.unreadable", path=self.path, reason=_first_line(err)) from None
        except duckdb.Error as err:
            raise VertrouwdError("store.unreadable", path=self.path, reason=_first_line(err)) from None
        if not read_only:
            self.migrate()
        elif self.version != len(MIGRATIONS):
            self._check_version()
            # An older file: upgrade it once with write access, then go on reading.
            self.con.close()
            Store(self.path).close()
            self.con = duckdb.connect(str(self.path), read_only=True)

    # -- schema -------------------------------------------------------------------------
    @property
    def version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'vertrouwd_meta'"
        ).fetchall()[0][0]
        if not exists:
            return 0
        rows = self.con.execute("SELECT value FROM vertrouwd_meta WHERE key = 'schema_version'").fetchall()
        return int(rows[0][0]) if rows else 0

    def _check_version(self) -> None:
        if self.version > len(MIGRATIONS):
            raise VertrouwdError("store.too_new", path=self.path, version=self.version, known=len(MIGRATIONS))

    def migrate(self) -> None:
        self._check_version()
        current = self.version
        if current == 0 and self._has_foreign_tables():
            raise VertrouwdError("store.foreign", path=self.path)
        for number in range(current, len(MIGRATIONS)):
            with self.transaction():
                if number == 0:
                    self.con.execute("CREATE TABLE vertrouwd_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
                MIGRATIONS[number](self.con)
                self.con.execute(
                    "INSERT OR REPLACE INTO vertrouwd_meta VALUES ('schema_version', ?)", [str(number + 1)]
                )

    def _has_foreign_tables(self) -> bool:
        return bool(self.con.execute("SELECT count(*) FROM information_schema.tables").fetchall()[0][0])

    # -- use ----------------------------------------------------------------------------
    @contextmanager
    def scratch(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection for work in temporary tables (a plan, a signal list): whatever
        temporary table the work creates is dropped afterwards, also when it fails."""
        before = self._temporary_tables()
        try:
            yield self.con
        finally:
            for name in self._temporary_tables() - before:
                self.con.execute(f"DROP TABLE IF EXISTS temp.main.{name}")

    def _temporary_tables(self) -> set[str]:
        return {row[0] for row in self.con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}

    @contextmanager
    def settings(self, **values) -> Iterator[None]:
        """DuckDB settings for the time of one job (an import's memory bound), put back after."""
        saved = current_settings(self.con, values)
        for name, value in values.items():
            self.con.execute(f"SET {name} = {_setting_literal(value)}")
        try:
            yield
        finally:
            restore_settings(self.con, saved)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def batch_with_hash(self, content_hash: str) -> dict | None:
        rows = self.con.execute(
            "SELECT batch_id, table_name, file_name, imported_at FROM import_batches WHERE content_hash = ?",
            [content_hash],
        ).fetchall()
        return dict(zip(("batch_id", "table_name", "file_name", "imported_at"), rows[0])) if rows else None

    def next_batch_id(self) -> int:
        return self.con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM import_batches").fetchall()[0][0]

    def record_handovers(self, moves: list[tuple], handover_date, reason: str, by: str, at) -> int | None:
        """Store the moves of a plan (client, from, to, reason code) as one batch of applied
        handovers on `handover_date`, with the reason, who applied it and when; returns the
        batch number. Nothing to store is no error (a plan applied twice has nobody left to
        move) and makes no batch."""
        if not moves:
            return None
        with self.transaction() as con:
            batch = con.execute("SELECT coalesce(max(batch_id), 0) + 1 FROM handover_batches").fetchall()[0][0]
            con.execute("INSERT INTO handover_batches (batch_id, handover_date, clients, reason, applied_by, applied_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)", [batch, handover_date, len(moves), reason, by, at])
            con.executemany("INSERT INTO handovers (client_id, from_professional, to_professional, handover_date, "
                            "reason_code, reason, applied_by, applied_at, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(client, source, target, handover_date, code, reason, by, at, batch)
                             for client, source, target, code in moves])
        return batch

    def key_version(self) -> str | None:
        """The key version of the latest import batch: pseudonyms of another key do not line up."""
        rows = self.con.execute("SELECT key_version FROM import_batches ORDER BY batch_id DESC LIMIT 1").fetchall()
        return rows[0][0] if rows else None

    def remove_batch(self, batch: int, reason: str, by: str, at) -> dict:
        """Take an import batch out: its rows and its record go (so the file can be imported
        again), and the removal is kept with why, by whom and when. A batch that replaced
        stored rows is refused: the rows it replaced cannot be brought back."""
        rows = self.con.execute("SELECT table_name, file_name, rows_updated, key_version FROM import_batches "
                                "WHERE batch_id = ?", [batch]).fetchall()
        if not rows:
            raise VertrouwdError("batch.unknown", batch=batch)
        table, file_name, updated, key_version = rows[0]
        if updated:
            raise VertrouwdError("batch.replaced_rows", batch=batch, count=updated)
        with self.transaction() as con:
            count = _delete_batch(con, table, batch)
            con.execute("INSERT INTO removed_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [batch, table, file_name, count, key_version, reason, by, at])
        return {"table": table, "file": file_name, "rows": count}

    def known_assignments(self, arriving) -> set[tuple[str, str, str]]:
        """(client, provider, assignment) of every assignment assigned or started, in the store
        or in the `arriving` Arrow table of care messages."""
        with self.scratch() as con:
            con.register("_arriving", arriving)
            rows = con.execute("""SELECT client_id, provider, assignment FROM care_messages
                                  WHERE kind IN ('assigned', 'started')
                                  UNION SELECT client_id, provider, assignment FROM _arriving
                                  WHERE kind IN ('assigned', 'started')""").fetchall()
            con.unregister("_arriving")
        return set(rows)

    def record_messages(self, lines, file_name: str, content_hash: str, key_version: str) -> tuple[int, int, int]:
        """Store care messages (an Arrow table) as one import batch; lines of a message
        already stored (the same sender, identification, kind and assignment) are skipped.
        Returns (batch, added, skipped)."""
        import datetime as dt

        with self.transaction() as con:
            batch = self.next_batch_id()
            con.register("_lines", lines)
            con.execute("""INSERT INTO care_messages SELECT l.*, ? FROM _lines l WHERE NOT EXISTS (
                               SELECT 1 FROM care_messages c WHERE c.message_id = l.message_id AND c.kind = l.kind
                               AND c.provider = l.provider AND c.municipality = l.municipality
                               AND c.assignment = l.assignment)""", [batch])
            con.unregister("_lines")
            added = con.execute("SELECT count(*) FROM care_messages WHERE import_batch = ?", [batch]).fetchall()[0][0]
            con.execute("INSERT INTO import_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [batch, "care_messages", file_name, "xml", content_hash, lines.num_rows, added,
                         lines.num_rows - added, 0, key_version, dt.datetime.now().replace(microsecond=0)])
        return batch, added, lines.num_rows - added

    def drop_batch(self, batch: int) -> None:
        """Take out a batch that only added rows, as if it never was: the second half of an
        import of two tables that failed (not a user's removal, which `remove_batch` records)."""
        table = self.con.execute("SELECT table_name FROM import_batches WHERE batch_id = ?", [batch]).fetchall()[0][0]
        with self.transaction() as con:
            _delete_batch(con, table, batch)

    def handover_batches(self) -> list[dict]:
        """Every applied plan, newest first, with whether and why it was undone."""
        cursor = self.con.execute("SELECT * FROM handover_batches ORDER BY batch_id DESC")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def undo_handovers(self, batch: int, reason: str, by: str, at) -> int:
        """Remove the handovers of `batch`, keeping the batch with why, who and when it was
        undone; returns how many handovers went. An unknown or undone batch is refused."""
        rows = self.con.execute("SELECT undone_at FROM handover_batches WHERE batch_id = ?", [batch]).fetchall()
        if not rows:
            raise VertrouwdError("handover.no_batch", batch=batch)
        if rows[0][0] is not None:
            raise VertrouwdError("handover.undone_before", batch=batch, when=f"{rows[0][0]:%d-%m-%Y %H:%M}")
        with self.transaction() as con:
            count = con.execute("SELECT count(*) FROM handovers WHERE batch_id = ?", [batch]).fetchall()[0][0]
            con.execute("DELETE FROM handovers WHERE batch_id = ?", [batch])
            con.execute("UPDATE handover_batches SET undone_reason = ?, undone_by = ?, undone_at = ? WHERE batch_id = ?",
                        [reason, by, at, batch])
        return count

    def contact_span(self) -> tuple:
        """The first and last day with a contact (None, None without contacts)."""
        return tuple(self.con.execute("SELECT min(date), max(date) FROM contacts").fetchall()[0])

    def contact_facts(self) -> dict:
        """The first and last day of the contacts and how many organisations, teams and areas they name."""
        row = self.con.execute("SELECT min(date), max(date), count(DISTINCT organization), count(DISTINCT team), "
                               "count(DISTINCT area) FROM contacts").fetchall()[0]
        return dict(zip(("first", "last", "organizations", "teams", "areas"), row))

    def has_households(self) -> bool:
        """Whether any contact names its household (needed for hands per household)."""
        return bool(self.con.execute("SELECT count(*) FROM (SELECT 1 FROM contacts WHERE household_id IS NOT NULL "
                                     "LIMIT 1)").fetchall()[0][0])

    def row_counts(self) -> dict[str, int]:
        return {name: self.con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
                for name in (*TABLES, "care_messages")}

    def batches(self) -> list[dict]:
        cursor = self.con.execute(
            """SELECT batch_id, table_name, file_name, file_format, rows_read, rows_added, rows_skipped,
                      rows_updated, key_version, imported_at
               FROM import_batches ORDER BY batch_id"""
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(err: Exception) -> str:
    return str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__


def _delete_batch(con: duckdb.DuckDBPyConnection, table: str, batch: int) -> int:
    """Delete an import batch's rows and its record; returns how many rows went."""
    count = con.execute(f"DELETE FROM {table} WHERE import_batch = ?", [batch]).fetchall()[0][0]
    con.execute("DELETE FROM import_batches WHERE batch_id = ?", [batch])
    return count


def current_settings(con: duckdb.DuckDBPyConnection, names) -> dict:
    return {name: con.execute(f"SELECT current_setting('{name}')").fetchall()[0][0] for name in names}


def restore_settings(con: duckdb.DuckDBPyConnection, saved: dict) -> None:
    """Put settings back as `current_settings` found them."""
    for name, value in saved.items():
        con.execute(f"RESET {name}")  # exact for a default, which SET would round
        if con.execute(f"SELECT current_setting('{name}')").fetchall()[0][0] != value:
            con.execute(f"SET {name} = {_setting_literal(value)}")


def _setting_literal(value) -> str:
    return str(value).lower() if isinstance(value, bool) else repr(str(value))
