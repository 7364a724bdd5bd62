"""Imports that succeed: formats, encodings, Dutch headers and dates, repeats and updates."""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

from tests.conftest import TEST_KEY, expected_stored, run


def rows(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_dutch_headers_semicolons_windows_1252_and_dutch_dates(db, tmp_path):
    text = ("Cliëntnummer;Medewerker;Datum;Contactnummer;Wijk;Minuten\r\n"
            " 12 ; mw-1 ;01-03-2024;c1; Noord ;45\r\n"
            "12;mw-2;2024-03-08T09:30;c2;Noord;30\r\n")
    path = tmp_path / "export.csv"
    path.write_bytes(text.encode("cp1252"))
    result = run("import", "contacts", path, "--db", db)
    assert result.exit_code == 0, result.output
    assert "2 rijen toegevoegd" in result.output
    got = rows(db, "SELECT client_id, professional_id, date, contact_id, area, minutes FROM contacts ORDER BY contact_id")
    assert got == [
        (expected_stored("client", "12"), expected_stored("professional", "mw-1"), dt.date(2024, 3, 1), "c1", "Noord", 45),
        (expected_stored("client", "12"), expected_stored("professional", "mw-2"), dt.date(2024, 3, 8), "c2", "Noord", 30),
    ]


def test_white_space_around_dates_numbers_and_record_ids_is_dropped(db, tmp_path):
    # Spaces, a tab and a no-break space (as spreadsheets pad cells) around the value; the
    # space inside a contact number stays. A cell of white space only is missing.
    path = tmp_path / "f.csv"
    path.write_text("client_id;professional_id;date;contact_id;minutes\n"
                    "A;P;\t2024-03-01 ; c 1\u00a0;\u00a045\t\n"
                    "A;P; 02-03-2024\u00a0;\tc2; \t\n", encoding="utf-8")
    result = run("import", "contacts", path, "--db", db)
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT date, contact_id, minutes FROM contacts ORDER BY date") == [
        (dt.date(2024, 3, 1), "c 1", 45), (dt.date(2024, 3, 2), "c2", None)]


def test_utf8_with_bom_and_accents(db, tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("\ufeffclient_id,area,birth_year\nA,Zoë-wijk,1980\n".encode("utf-8"))
    assert run("import", "clients", path, "--db", db).exit_code == 0
    assert rows(db, "SELECT area, birth_year FROM clients") == [("Zoë-wijk", 1980)]


def test_xlsx_with_typed_cells(db, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["medewerker", "organisatie", "startdatum", "einddatum", "fte", "caseload_cap"])
    sheet.append([1001, "Buurtteam", dt.datetime(2020, 5, 1), None, 0.8, 24.0])
    path = tmp_path / "p.xlsx"
    book.save(path)
    result = run("import", "professionals", path, "--db", db)
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT professional_id, organization, start_date, end_date, fte, caseload_cap FROM professionals") == [
        (expected_stored("professional", "1001"), "Buurtteam", dt.date(2020, 5, 1), None, 0.8, 24)]


def test_parquet_with_typed_columns(db, tmp_path):
    table = pa.table({"contract_id": ["K1"], "municipality": ["Voorbeeld"], "organization": ["Org"],
                      "start_date": pa.array([dt.date(2021, 1, 1)]), "max_end_date": pa.array([dt.date(2030, 12, 31)])})
    path = tmp_path / "k.parquet"
    pq.write_table(table, path)
    assert run("import", "contracts", path, "--db", db).exit_code == 0
    assert rows(db, "SELECT contract_id, start_date, max_end_date FROM contracts") == [
        ("K1", dt.date(2021, 1, 1), dt.date(2030, 12, 31))]


def test_map_and_ignore(db, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("Klant,Hulp,Wanneer,Naam\nA,P,2024-01-01,Jansen\n")
    result = run("import", "contacts", path, "--db", db, "--map", "client_id=Klant", "--map", "professional_id=Hulp",
                 "--map", "date=Wanneer", "--ignore", "Naam")
    assert result.exit_code == 0, result.output
    assert rows(db, "SELECT date FROM contacts") == [(dt.date(2024, 1, 1),)]


def test_same_file_twice_is_a_noop(db, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("client_id,professional_id,date\nA,P,2024-01-01\nA,P,2024-01-02\n")
    assert run("import", "contacts", path, "--db", db).exit_code == 0
    again = run("import", "contacts", path, "--db", db)
    assert again.exit_code == 0
    assert "al eerder geïmporteerd" in again.output
    assert rows(db, "SELECT count(*) FROM contacts") == [(2,)]
    assert rows(db, "SELECT count(*) FROM import_batches") == [(1,)]


def test_a_file_seen_before_stops_its_reading_and_writes_nothing(db, tmp_path, monkeypatch):
    """The hash runs beside the reading of the first batches: when it says the content was
    imported before, reading stops mid-file, nothing is written, and no thread stays behind;
    with another key or a wrong mapping the answer is the same as before (a no-op)."""
    import threading

    from vertrouwd.ingest import importer

    path = tmp_path / "f.csv"
    path.write_text("client_id,professional_id,date\n" + "".join(f"C{i},P{i % 7},2024-01-{1 + i % 28:02d}\n"
                                                             for i in range(3000)))
    assert run("import", "contacts", path, "--db", db).exit_code == 0
    monkeypatch.setattr(importer, "INSERT_ROWS", 10)  # 300 batches: the reading is far from done
    read = []
    original = importer._Loader._arrow
    monkeypatch.setattr(importer._Loader, "_arrow", lambda self, batch, problems: read.append(1) or original(self, batch, problems))
    threads = threading.active_count()
    again = run("import", "contacts", path, "--db", db)
    assert again.exit_code == 0 and "al eerder geïmporteerd" in again.output, again.output
    assert len(read) <= 1  # each stage works one batch ahead at most: of 300, one was pseudonymised
    assert threading.active_count() == threads
    monkeypatch.setenv("VERTROUWD_KEY", "another-key-0123456789abcdef")
    assert "al eerder geïmporteerd" in run("import", "contacts", path, "--db", db).output
    assert "al eerder geïmporteerd" in run("import", "contacts", path, "--db", db, "--map", "date=Nergens").output
    assert rows(db, "SELECT count(*) FROM contacts") == [(3000,)]
    assert rows(db, "SELECT count(*) FROM import_batches") == [(1,)]


def test_known_contact_ids_are_skipped_and_counted(db, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("client_id,professional_id,date,contact_id\nA,P,2024-01-01,c1\nA,P,2024-01-02,c2\n")
    second.write_text("client_id,professional_id,date,contact_id\nA,P,2024-01-02,c2\nA,Q,2024-01-09,c3\n")
    run("import", "contacts", first, "--db", db)
    result = run("import", "contacts", second, "--db", db)
    assert "1 rijen toegevoegd, 1 overgeslagen" in result.output
    assert rows(db, "SELECT contact_id FROM contacts ORDER BY 1") == [("c1",), ("c2",), ("c3",)]
    assert rows(db, "SELECT rows_read, rows_added, rows_skipped FROM import_batches WHERE batch_id = 2") == [(2, 1, 1)]


def test_a_newer_professionals_export_updates_rows(db, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("professional_id,organization,start_date\nP,Org,2020-01-01\nQ,Org,2021-01-01\n")
    second.write_text("professional_id,organization,start_date,end_date\nP,Org,2020-01-01,2024-06-30\n")
    run("import", "professionals", first, "--db", db)
    result = run("import", "professionals", second, "--db", db)
    assert "0 rijen toegevoegd, 0 overgeslagen (al aanwezig), 1 bijgewerkt" in result.output
    assert rows(db, "SELECT end_date FROM professionals ORDER BY start_date") == [(dt.date(2024, 6, 30),), (None,)]


def test_blank_lines_are_skipped_and_line_numbers_stay_true(db, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("client_id,professional_id,date\n\nA,P,2024-01-01\n,,\nA,P,2024-02-31\n")
    result = run("import", "contacts", path, "--db", db)
    assert result.exit_code == 2
    assert "regel 5, kolom 'date': waarde '2024-02-31'" in result.output


def test_contacts_without_ids_get_stable_ones(db, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("client_id,professional_id,date\nA,P,2024-01-01\nA,P,2024-01-01\n")
    assert run("import", "contacts", path, "--db", db).exit_code == 0
    ids = [r[0] for r in rows(db, "SELECT contact_id FROM contacts ORDER BY 1")]
    assert len(set(ids)) == 2 and ids[0].endswith(":0000000002") and ids[1].endswith(":0000000003")


def test_import_refuses_without_a_key(db, tmp_path, monkeypatch):
    monkeypatch.delenv("VERTROUWD_KEY")
    path = tmp_path / "f.csv"
    path.write_text("client_id,professional_id,date\nA,P,2024-01-01\n")
    result = run("import", "contacts", path, "--db", db)
    assert result.exit_code == 1
    assert "vertrouwd init" in result.output
    assert not db.exists()


def test_init_writes_a_private_key_and_import_uses_it(db, tmp_path, monkeypatch):
    monkeypatch.delenv("VERTROUWD_KEY")
    key_file = tmp_path / "keys" / "key"
    result = run("init", "--key-file", key_file)
    assert result.exit_code == 0, result.output
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert run("init", "--key-file", key_file).exit_code == 1  # never overwritten
    path = tmp_path / "f.csv"
    path.write_text("client_id,professional_id,date\nA,P,2024-01-01\n")
    assert run("import", "contacts", path, "--db", db, "--key-file", key_file).exit_code == 0
    secret = bytes.fromhex(key_file.read_text().strip())
    import hashlib, hmac

    mac = hmac.new(secret, b"client\x1fA", hashlib.sha256).digest()[:16]
    assert rows(db, "SELECT client_id FROM contacts")[0][0].bytes == mac


def test_a_key_file_readable_by_others_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("VERTROUWD_KEY")
    key_file = tmp_path / "key"
    key_file.write_text("ab" * 32)
    key_file.chmod(0o644)
    path = tmp_path / "f.csv"
    path.write_text("client_id,professional_id,date\nA,P,2024-01-01\n")
    result = run("import", "contacts", path, "--db", tmp_path / "x.duckdb", "--key-file", key_file)
    assert result.exit_code == 1 and "chmod 600" in result.output


def test_a_stored_contact_id_with_other_content_is_refused_not_dropped(tmp_path):
    db = tmp_path / "s.duckdb"
    (tmp_path / "a.csv").write_text("client_id,professional_id,date,contact_id\nA,P,2024-01-01,c1\nB,P,2024-01-02,c2\n")
    assert run("import", "contacts", tmp_path / "a.csv", "--db", db).exit_code == 0
    # a newer export of the same town: c1 and c2 again (the same), c3 new: repeats are skipped
    (tmp_path / "a2.csv").write_text("client_id,professional_id,date,contact_id\nA,P,2024-01-01,c1\n"
                                     "B,P,2024-01-02,c2\nC,Q,2024-02-01,c3\n")
    again = run("import", "contacts", tmp_path / "a2.csv", "--db", db)
    assert again.exit_code == 0 and "1 rijen toegevoegd, 2 overgeslagen" in again.output, again.output
    # a second town numbers its contacts from c1 too: another client under the same code
    (tmp_path / "b.csv").write_text("client_id,professional_id,date,contact_id\nX,R,2024-03-01,c9\nY,R,2024-03-05,c2\n")
    other = run("import", "contacts", tmp_path / "b.csv", "--db", db)
    assert other.exit_code == 2, other.output
    assert "regel 3, kolom 'contact_id'" in other.output and "importbatch 1" in other.output
    assert "Y" not in other.output.split("regel 3")[1].split("\n")[0].split("—")[0]
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM contacts").fetchall() == [(3,)]  # nothing of b.csv


def test_a_second_key_is_refused_and_a_wrong_batch_can_be_taken_out(tmp_path, monkeypatch):
    db = tmp_path / "s.duckdb"
    (tmp_path / "clients.csv").write_text("client_id,area\nA,W1\nB,W1\n")
    (tmp_path / "contacts.csv").write_text("client_id,professional_id,date\nA,P,2024-01-01\nB,P,2024-01-02\n")
    assert run("import", "clients", tmp_path / "clients.csv", "--db", db).exit_code == 0
    monkeypatch.setenv("VERTROUWD_KEY", "a different key, 0123456789abc")
    refused = run("import", "contacts", tmp_path / "contacts.csv", "--db", db)
    assert refused.exit_code == 1 and "sluiten de pseudoniemen niet aan" in refused.output, refused.output
    monkeypatch.setenv("VERTROUWD_KEY", TEST_KEY)
    # the right key: a contacts file imported by mistake into clients can be taken out again
    assert run("import", "contacts", tmp_path / "contacts.csv", "--db", db).exit_code == 0
    assert run("batch", "remove", "2", "--db", db).exit_code == 1  # a reason is required
    removed = run("batch", "remove", "2", "--db", db, "--reason", "verkeerd bestand")
    assert removed.exit_code == 0 and "2 rijen" in removed.output, removed.output
    again = run("import", "contacts", tmp_path / "contacts.csv", "--db", db)
    assert again.exit_code == 0 and "al eerder" not in again.output  # the same file imports again
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM contacts").fetchall() == [(2,)]
    assert con.execute("SELECT batch_id, rows_removed, reason FROM removed_batches").fetchall() == [
        (2, 2, "verkeerd bestand")]
    con.close()
    assert run("batch", "remove", "9", "--db", db, "--reason", "x").exit_code == 1
