"""Schema versions: a newer vertrouwd opens an older database; an older one refuses a newer."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from vertrouwd import store as store_module
from vertrouwd.errors import VertrouwdError
from vertrouwd.store import Store

from tests.conftest import expected_pseudonym, expected_stored


def test_tables_have_the_names_of_the_data_model(db):
    with Store(db) as store:
        names = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"contacts", "professionals", "clients", "contracts", "import_batches"} <= names
        assert store.version == len(store_module.MIGRATIONS)


def test_an_older_database_is_upgraded_and_keeps_its_data(db, monkeypatch):
    with Store(db) as store:
        store.con.execute("INSERT INTO clients (client_id, import_batch) VALUES ('d2414c94-90ef-cd4c-8a71-c0d7ae4d2269', 1)")

    def add_note_column(con):
        con.execute("ALTER TABLE clients ADD COLUMN note VARCHAR")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, add_note_column])
    with Store(db, read_only=True) as store:  # reading an older file upgrades it first
        assert store.version == len(store_module.MIGRATIONS)
    with Store(db) as store:
        assert store.version == len(store_module.MIGRATIONS)
        assert store.con.execute("SELECT CAST(client_id AS VARCHAR), note FROM clients").fetchall() == [
            ("d2414c94-90ef-cd4c-8a71-c0d7ae4d2269", None)]


def test_a_store_with_printed_pseudonyms_keeps_them_as_sixteen_bytes(db):
    """A store of version 6 held the 37 printed letters; version 7 holds the 16 bytes they
    spell, so every pseudonym stays the same person's."""
    client, worker = expected_stored("client", "999190532"), expected_stored("professional", "mw1")
    shown_client, shown_worker = expected_pseudonym("client", "999190532"), expected_pseudonym("professional", "mw1")
    with Store(db) as store:  # made as version 6 made it: printed pseudonyms in text columns
        for table, columns in store_module.PSEUDONYM_COLUMNS.items():
            for column in columns:
                store.con.execute(f'ALTER TABLE {table} ALTER "{column}" SET DATA TYPE VARCHAR')
        store.con.execute("INSERT INTO contacts (client_id, professional_id, date, contact_id, import_batch) "
                          "VALUES (?, ?, DATE '2024-03-01', 'c1', 1)", [shown_client, shown_worker])
        store.con.execute("INSERT INTO handovers VALUES (?, ?, ?, DATE '2024-04-01', 'room', 'verlof', 'bbkl_x', "
                          "TIMESTAMP '2024-04-01 09:00', 1)", [shown_client, shown_worker, shown_worker])
        store.con.execute("UPDATE vertrouwd_meta SET value = '6' WHERE key = 'schema_version'")
    # Upgraded by a process that dies right after (no checkpoint): the log alone must bring it back.
    subprocess.run([sys.executable, "-c", "import os, sys; from vertrouwd.store import Store; "
                    "Store(sys.argv[1]); os._exit(0)", str(db)], check=True)
    with Store(db) as store:
        assert store.version == 7
        assert store.con.execute("SELECT client_id, professional_id FROM contacts").fetchall() == [(client, worker)]
        assert store.con.execute("SELECT client_id, from_professional FROM handovers").fetchall() == [(client, worker)]
        types = {r[0] for r in store.con.execute(
            "SELECT data_type FROM duckdb_columns() WHERE column_name IN ('client_id', 'professional_id', "
            "'household_id', 'from_professional', 'to_professional')").fetchall()}
        assert types == {"UUID"}


def test_a_newer_database_is_refused_with_advice(db):
    with Store(db) as store:
        store.con.execute("UPDATE vertrouwd_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(VertrouwdError, match="nieuwere vertrouwd"):
        Store(db)


def test_a_foreign_duckdb_file_is_left_alone(db):
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE orders (id INTEGER)")
    con.close()
    with pytest.raises(VertrouwdError, match="niet door vertrouwd"):
        Store(db)


def test_status_of_a_missing_database_says_so(tmp_path):
    from tests.conftest import run

    result = run("status", "--db", tmp_path / "nope.duckdb")
    assert result.exit_code == 1 and "Database niet gevonden" in result.output


def test_work_in_temporary_tables_and_settings_leave_the_store_as_they_found_it(tmp_path):
    """A planner that fails half-way (an unknown worker) leaves no temporary table behind,
    and an import's memory bound is lifted after it."""
    import datetime as dt

    from vertrouwd.errors import VertrouwdError
    from vertrouwd.plan.handover import plan_handover

    def temporary(store):
        return store.con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall()[0][0]

    with Store(tmp_path / "s.duckdb") as store:
        memory = store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
        try:
            plan_handover(store, [expected_stored("professional", "nobody")], dt.date(2024, 6, 1))
        except VertrouwdError:
            pass
        assert temporary(store) == 0
        with store.settings(memory_limit="123MB"):
            assert store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] != memory
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == memory
