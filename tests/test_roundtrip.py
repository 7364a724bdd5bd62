"""What goes in comes out: synthetic files and generated tables survive import unchanged
(identifiers replaced by the pseudonyms an independent implementation computes)."""

from __future__ import annotations

import datetime as dt
import re
import string

import duckdb
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import TEST_KEY, expected_stored
from vertrouwd.ingest import rules as R
from vertrouwd.ingest.importer import import_file
from vertrouwd.privacy.keys import Key
from vertrouwd.schema import TABLES, Kind
from vertrouwd.simulate import Levers, synthesize, write_municipality
from vertrouwd.store import Store

KEY = Key(TEST_KEY.encode(), "test")


def expected_rows(table_name: str, table: pa.Table) -> list[tuple]:
    schema = TABLES[table_name]
    columns = []
    for name in table.column_names:
        col = schema.column(name)
        values = table[name].to_pylist()
        if col.kind is Kind.PERSON_ID:
            values = [expected_stored(col.namespace, v) if v not in (None, "") else None for v in values]
        columns.append(values)
    return sorted(zip(*columns), key=repr)


def stored_rows(store: Store, table_name: str, names: list[str]) -> list[tuple]:
    quoted = ", ".join(f'"{n}"' for n in names)
    return sorted(store.con.execute(f"SELECT {quoted} FROM {table_name}").fetchall(), key=repr)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_synthetic_municipality_round_trip(tmp_path, fmt):
    municipality = synthesize(Levers(clients=400, years=1, seed=3))
    files = write_municipality(municipality, tmp_path / "data", fmt)
    with Store(tmp_path / "db.duckdb") as store:
        for name, table in municipality.tables().items():
            result = import_file(store, name, files[name], KEY, bsn=name in ("contacts", "clients"))
            assert result.rows_added == table.num_rows
            assert stored_rows(store, name, table.column_names) == expected_rows(name, table)


# A name with a run of 7 or more digits is refused by design (it may be a person's number).
cell = st.text(alphabet=string.ascii_letters + string.digits + " ,;\"'éëç-_", max_size=12).filter(
    lambda text: re.search(R.PERSON_NUMBER, text) is None)
ident = st.text(alphabet=string.ascii_letters + string.digits + "-", min_size=1, max_size=10)
dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))


@st.composite
def contact_tables(draw):
    n = draw(st.integers(1, 30))
    ids = draw(st.lists(st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8),
                        min_size=n, max_size=n, unique=True))
    return {
        "contact_id": ids,
        "client_id": draw(st.lists(ident, min_size=n, max_size=n)),
        "professional_id": draw(st.lists(ident, min_size=n, max_size=n)),
        "date": draw(st.lists(dates, min_size=n, max_size=n)),
        "team": draw(st.lists(cell, min_size=n, max_size=n)),
        "minutes": draw(st.lists(st.none() | st.integers(0, 1440), min_size=n, max_size=n)),
    }


def _csv(data: dict, delimiter: str, dutch_dates: bool) -> str:
    def quote(v):
        if v is None:
            return ""
        if isinstance(v, dt.date):
            return v.strftime("%d-%m-%Y") if dutch_dates else v.isoformat()
        text = str(v)
        return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',;"') else text

    lines = [delimiter.join(data)]
    for row in zip(*data.values()):
        lines.append(delimiter.join(quote(v) for v in row))
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=contact_tables(), delimiter=st.sampled_from([",", ";"]), dutch_dates=st.booleans(),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_csv_reader_round_trip(tmp_path_factory, data, delimiter, dutch_dates, encoding):
    folder = tmp_path_factory.mktemp("rt")
    path = folder / "contacts.csv"
    path.write_bytes(_csv(data, delimiter, dutch_dates).encode(encoding))
    with Store(folder / "db.duckdb") as store:
        import_file(store, "contacts", path, KEY)
        got = stored_rows(store, "contacts", list(data))
    # Cells are stored trimmed, and an empty text cell is missing.
    expected = dict(data)
    expected["team"] = [t.strip() or None for t in data["team"]]
    expected["client_id"] = [expected_stored("client", v) for v in data["client_id"]]
    expected["professional_id"] = [expected_stored("professional", v) for v in data["professional_id"]]
    assert got == sorted(zip(*expected.values()), key=repr)


def test_pseudonyms_line_up_across_imports_and_differ_by_key(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("client_id,professional_id,date\nX1,P1,2024-01-01\n")
    b.write_text("client_id,professional_id,date\nX1,P1,2024-02-01\n")
    with Store(tmp_path / "one.duckdb") as store:
        import_file(store, "contacts", a, KEY)
        import_file(store, "contacts", b, KEY)
        assert store.con.execute("SELECT count(DISTINCT client_id), count(DISTINCT professional_id) FROM contacts"
                                 ).fetchall() == [(1, 1)]
        first = store.con.execute("SELECT DISTINCT client_id FROM contacts").fetchall()[0][0]
        first_version = store.key_version()
    with Store(tmp_path / "two.duckdb") as store:
        import_file(store, "contacts", a, Key(b"another key, another world", "test"))
        other = store.con.execute("SELECT client_id FROM contacts").fetchall()[0][0]
        other_version = store.key_version()
    assert first == expected_stored("client", "X1")
    assert other != first and other_version != first_version  # the key version differs too


def test_client_and_professional_with_the_same_number_stay_apart(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("client_id,professional_id,date\n42,42,2024-01-01\n")
    with Store(tmp_path / "db.duckdb") as store:
        import_file(store, "contacts", path, KEY)
        client, professional = store.con.execute("SELECT client_id, professional_id FROM contacts").fetchall()[0]
    assert client != professional


def test_database_file_holds_no_raw_identifier(tmp_path):
    municipality = synthesize(Levers(clients=300, years=1, seed=5))
    files = write_municipality(municipality, tmp_path / "data", "csv")
    db = tmp_path / "db.duckdb"
    with Store(db) as store:
        for name in ("professionals", "clients", "contacts"):
            import_file(store, name, files[name], KEY, bsn=name != "professionals")
        store.con.execute("CHECKPOINT")
    raw = set(municipality.clients["client_id"].to_pylist()) | set(municipality.clients["household_id"].to_pylist())
    raw |= set(municipality.professionals["professional_id"].to_pylist())
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("db.duckdb*") if p.is_file())
    found = [r for r in raw if r.encode() in blob]
    assert found == []
    con = duckdb.connect(str(db), read_only=True)
    for name in ("contacts", "clients", "professionals"):
        for column in ("client_id", "professional_id", "household_id"):
            if column in TABLES[name].names:
                values = {r[0] for r in con.execute(f"SELECT DISTINCT {column} FROM {name}").fetchall()}
                assert not values & raw
    con.close()
    # The same search does find identifiers that are stored as they are: it can fail.
    control = tmp_path / "control.duckdb"
    con = duckdb.connect(str(control))
    clients = municipality.clients  # read by DuckDB's scan of local Arrow tables
    con.execute("CREATE TABLE t AS SELECT client_id FROM clients")
    con.execute("CHECKPOINT")
    con.close()
    assert any(r.encode() in control.read_bytes() for r in clients["client_id"].to_pylist())
