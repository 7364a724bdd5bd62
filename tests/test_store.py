"""Schema versions: a newer vertrouwd opens an older database; an older one refuses a newer."""

from __future__ import annotations

import duckdb
import pytest

from vertrouwd import store as store_module
from vertrouwd.errors import VertrouwdError
from vertrouwd.store import Store


def test_tables_have_the_names_of_the_data_model(db):
    with Store(db) as store:
        names = {r[0] for r in store.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert {"contacts", "professionals", "clients", "contracts", "import_batches"} <= names
        assert store.version == len(store_module.MIGRATIONS)


def test_an_older_database_is_upgraded_and_keeps_its_data(db, monkeypatch):
    with Store(db) as store:
        store.con.execute("INSERT INTO clients (client_id, import_batch) VALUES ('x', 1)")

    def add_note_column(con):
        con.execute("ALTER TABLE clients ADD COLUMN note VARCHAR")

    monkeypatch.setattr(store_module, "MIGRATIONS", [*store_module.MIGRATIONS, add_note_column])
    with Store(db, read_only=True) as store:  # reading an older file upgrades it first
        assert store.version == len(store_module.MIGRATIONS)
    with Store(db) as store:
        assert store.version == len(store_module.MIGRATIONS)
        assert store.con.execute("SELECT client_id, note FROM clients").fetchall() == [("x", None)]


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
            plan_handover(store, ["nobody"], dt.date(2024, 6, 1))
        except VertrouwdError:
            pass
        assert temporary(store) == 0
        with store.settings(memory_limit="123MB"):
            assert store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] != memory
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == memory
