"""Malformed inputs: each gives its own message at the right line, exit code 2, and leaves
the database exactly as it was (it already holds an earlier import)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import run, snapshot

GOOD = "client_id,professional_id,date,contact_id,minutes\nA1,P1,2024-01-05,c1,30\nA1,P2,2024-01-12,c2,45\n"
HEAD = "client_id,professional_id,date,contact_id,minutes\n"
PROF_HEAD = "professional_id,organization,start_date,end_date,fte,caseload_cap\n"


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD_XLSX = xlsx_bytes([["client_id", "professional_id", "date"], ["A", "P", "2024-01-01"]])


def xlsx_edited(rows: list[list[object]], edit=lambda xml: xml, merge: str | None = None) -> bytes:
    """A workbook whose sheet XML is changed by `edit` (as another program might write it)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    if merge:
        book.active.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, edit(data) if info.filename.endswith("sheet1.xml") else data)
    return out.getvalue()


CONTACT_ROWS = [["client_id", "professional_id", "date", "minutes"], ["A", "P", "2024-01-05", 30],
                ["B", "P", "2024-01-06", "=D2*2"], *[[f"C{i}", "P", "2024-01-07", 20] for i in range(200)]]

# (id, table, file name, content, extra arguments, expected text, expected line or None)
CASES = [
    ("bad month", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,30\nA,P,2024-13-01,c2,30\n", [],
     "die datum bestaat niet", 3),
    ("impossible day", "contacts", "f.csv", HEAD + "A,P,30-02-2024,c1,30\n", [], "die datum bestaat niet", 2),
    ("invalid time", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,30\nA,P,2024-03-01T25:00,c2,30\n", [],
     "die datum bestaat niet", 3),
    ("year out of range", "contacts", "f.csv", HEAD + "A,P,01-01-1850,c1,30\n", [], "buiten het bereik 1900–2100", 2),
    ("missing required column", "contacts", "f.csv", "client_id,professional_id\nA,P\n", [],
     "verplichte kolom date ontbreekt", 1),
    ("empty required value", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,30\nA,P,2024-01-06,c2,\nA, ,2024-01-07,c3,5\n",
     [], "leeg, maar verplicht", 4),
    ("row with other delimiter", "contacts", "f.csv",
     "client_id;professional_id;date\nA;P;2024-01-05\nA,P,2024-01-06\n", [], "1 velden gevonden, verwacht 3", 3),
    ("too many fields", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,30\nA,P,2024-01-06,c2,30,extra\n", [],
     "6 velden gevonden, verwacht 5", 3),
    ("unknown column", "contacts", "f.csv", "client_id,professional_id,date,naam\nA,P,2024-01-05,Jan\n", [],
     "onbekende kolom voor tabel contacts", 1),
    ("pipe delimiter", "contacts", "f.csv", "client_id|professional_id|date\nA|P|2024-01-05\n", [],
     "ander scheidingsteken", 1),
    ("duplicate contact_id", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,30\nB,P,2024-01-06,c2,30\nC,P,2024-01-07,c1,30\n",
     [], "komt al voor op regel 2", 4),
    ("invalid BSN", "contacts", "f.csv", HEAD + "111222333,P,2024-01-05,c1,30\n111222334,P,2024-01-06,c2,30\n",
     ["--bsn"], "geen geldig BSN", 3),
    ("minutes not a number", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,3o\n", [], "verwacht een geheel getal", 2),
    ("negative minutes", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,-5\n", [], "verwacht een waarde van 0 tot en met 1440", 2),
    ("fte not a number", "professionals", "p.csv", PROF_HEAD + "P,Org,2020-01-01,,veel,20\n", [], "verwacht een getal", 2),
    ("fte out of range", "professionals", "p.csv", PROF_HEAD + "P,Org,2020-01-01,,\"3,5\",20\n", [],
     "verwacht een waarde van 0 tot en met 2", 2),
    ("zero caseload cap", "professionals", "p.csv", PROF_HEAD + "P,Org,2020-01-01,,1,0\n", [],
     "verwacht een waarde van 1 tot en met 1000", 2),
    ("end before start", "professionals", "p.csv", PROF_HEAD + "P,Org,2020-01-01,2019-12-31,1,20\n", [],
     "ligt vóór start_date", 2),
    ("repeated professional key", "professionals", "p.csv",
     PROF_HEAD + "P,Org,2020-01-01,,1,20\nQ,Org,2020-01-01,,1,20\nP,Org,01-01-2020,,1,20\n", [], "komt al voor op regel 2", 4),
    ("birth year out of range", "clients", "c.csv", "client_id,birth_year\nA,1850\n", [],
     "verwacht een waarde van 1900 tot en met 2100", 2),
    ("empty file", "contacts", "f.csv", "", [], "het bestand is leeg", 1),
    ("blank header", "contacts", "f.csv", "client_id,,professional_id,date\nA,x,P,2024-01-05\n", [],
     "kolom zonder naam", 1),
    ("same column twice", "contacts", "f.csv", "client_id,cliëntnummer,professional_id,date\nA,A,P,2024-01-05\n", [],
     "betekenen allebei client_id", 1),
    ("map to missing header", "contacts", "f.csv", "klant,professional_id,date\nA,P,2024-01-05\n",
     ["--map", "client_id=Klantnummer"], "--map noemt een kop die niet in het bestand staat", 1),
    ("map to unknown column", "contacts", "f.csv", "klant,client_id,professional_id,date\nA,A,P,2024-01-05\n",
     ["--map", "klantnaam=klant"], "--map noemt een kolom die tabel contacts niet heeft", None),
    ("broken UTF-8", "contacts", "f.csv", (HEAD + "Zoë,P,2024-01-05,c1,30\nA,P,2024-01-06,c2,30\n").encode()
     + b"B\xff,P,2024-01-07,c3,30\n", [], "bytes die geen UTF-8 zijn", 4),
    ("UTF-8 cut off at the end", "contacts", "f.csv", (HEAD + "Zoë,P,2024-01-05,c1,30\nB,P,2024-01-06,c2,30\n").encode()
     + b"Zo\xc3", [], "bytes die geen UTF-8 zijn", 4),
    ("undefined Windows-1252 byte", "contacts", "f.csv", HEAD.encode() + b"A,P,2024-01-05,c1,30\nA\x81,P,2024-01-06,c2,30\n",
     [], "geen UTF-8 en geen Windows-1252", 3),
    ("UTF-16 file", "contacts", "f.csv", "\ufeff".encode("utf-16-le") + GOOD.encode("utf-16-le"), [], "UTF-16", None),
    ("Excel file named .csv", "contacts", "f.csv", GOOD_XLSX, [], "geen tekstbestand", None),
    ("truncated XLSX", "contacts", "f.xlsx", GOOD_XLSX[: len(GOOD_XLSX) // 2], [], "beschadigd of onvolledig", None),
    ("bad date in XLSX", "contacts", "f.xlsx",
     xlsx_bytes([["client_id", "professional_id", "date"], ["A", "P", "2024-01-01"], ["A", "P", "1 maart"]]), [],
     "verwacht een datum", 3),
    ("formula without its result", "contacts", "f.xlsx", xlsx_edited(CONTACT_ROWS), [],
     "cel D3 bevat een formule zonder opgeslagen uitkomst", 3),
    ("merged cells", "contacts", "f.xlsx", xlsx_edited(CONTACT_ROWS[:2] + [["B", None, "2024-01-06", 20]], merge="B2:B3"),
     [], "samengevoegde cellen B2:B3", 2),
    ("sheet cut off inside", "contacts", "f.xlsx", xlsx_edited(CONTACT_ROWS[:1] + CONTACT_ROWS[3:], lambda x: x[:len(x) // 2]),
     [], "beschadigd of onvolledig (ParseError)", None),
    ("quoted newline keeps the lines", "contacts", "f.csv",
     HEAD + 'A,P,2024-01-05,"c\n1",30\nA,P,2024-13-05,c2,30\n', [], "die datum bestaat niet", 4),
    ("a skipped row keeps the lines", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,30,x\nA,P,2024-13-05,c2,30\n", [],
     "die datum bestaat niet", 3),
    ("short blank rows keep the lines", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,30\n,,\n  \nA,P,2024-13-05,c2,30\n",
     [], "die datum bestaat niet", 5),
    ("a quote that never closes", "contacts", "f.csv", HEAD + 'A,P,2024-01-05,c1,"30\nA,P,2024-01-06,c2,30\n', [],
     "loopt over meerdere regels", 2),
    ("a header longer than 64 kB", "contacts", "f.csv", "client_id,professional_id,date," + "x" * 70_000 + "\nA,P,2024-01-05,y\n",
     [], "de kopregel is langer dan 64 kB", 1),
    ("a line longer than 4 MB", "contacts", "f.csv", HEAD + "A,P,2024-01-05,c1,30\nA,P,2024-01-05,\"" + "x" * 9_000_000 + '",30\n',
     [], "regel van meer dan 4 MB", 3),
    ("corrupt Parquet", "contacts", "f.parquet", b"PAR1" + b"\x00" * 64, [], "Parquet-bestand is beschadigd", None),
]


@pytest.fixture
def loaded(db, tmp_path) -> Path:
    first = tmp_path / "first.csv"
    first.write_text(GOOD)
    assert run("import", "contacts", first, "--db", db).exit_code == 0
    return db


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_malformed(case, loaded, tmp_path):
    _, table, name, content, extra, expected, line = case
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    before = snapshot(loaded)
    result = run("import", table, path, "--db", loaded, *extra)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    if line is not None:
        assert f"regel {line}," in result.output or f"regel {line}:" in result.output
    assert "niets in de database geschreven" in result.output
    assert snapshot(loaded) == before


def test_there_are_at_least_25_distinct_cases():
    assert len({c[0] for c in CASES}) >= 25


def test_identifiers_are_never_echoed(loaded, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(HEAD + "111222333,P,2024-01-05,geheim-7,30\n999999999,P,2024-01-06,geheim-7,30\n")
    result = run("import", "contacts", path, "--db", loaded, "--bsn")
    assert result.exit_code == 2
    assert "999999999" not in result.output and "geheim-7" not in result.output
    assert "(identificatie verborgen)" in result.output


def test_other_values_are_echoed_and_english_works(loaded, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(HEAD + "A,P,31-04-2024,c1,30\n")
    result = run("import", "contacts", path, "--db", loaded, "--lang", "en")
    assert result.exit_code == 2
    assert "line 2, column 'date': value '31-04-2024' — that date does not exist" in result.output
    assert "Nothing was written" in result.output


def test_problem_list_is_capped_at_100_with_a_count(loaded, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(HEAD + "".join(f"A,P,2024-99-{i:02d},c{i},30\n" for i in range(250)))
    result = run("import", "contacts", path, "--db", loaded)
    assert result.exit_code == 2
    assert "250 problemen gevonden" in result.output and "… en nog 150 andere problemen." in result.output
    assert result.output.count("die datum bestaat niet") == 100
    assert "en nog 150 andere problemen" in result.output


def test_unknown_table_is_refused(loaded, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text(GOOD)
    result = run("import", "klanten", path, "--db", loaded)
    assert result.exit_code != 0
    assert "Onbekende tabel 'klanten'" in result.output


def test_problems_are_listed_in_file_order_when_reading_runs_ahead(loaded, tmp_path, monkeypatch):
    """Small batches, so that the next rows are read (and their broken lines met) while
    the current ones are checked: the first 100 problems of the file are listed all the
    same, whatever the threads' timing."""
    from vertrouwd.ingest import importer, readers

    monkeypatch.setattr(importer, "INSERT_ROWS", 20)
    monkeypatch.setattr(readers, "CSV_BLOCK", 1 << 10)
    bad_dates = "".join(f"A,P,2024-99-01,c{i},30\n" for i in range(150))  # lines 2..151
    short_rows = "".join("A,P,2024-01-01\n" for _ in range(50))  # lines 152..201: a field too few
    path = tmp_path / "f.csv"
    path.write_text(HEAD + bad_dates + short_rows)
    for _ in range(3):
        result = run("import", "contacts", path, "--db", loaded, "--lang", "en")
        assert result.exit_code == 2
        listed = [int(n) for n in re.findall(r"line (\d+),", result.output)]
        assert listed == list(range(2, 102)), result.output
        assert "200 problem" in result.output


def test_collector_keeps_the_first_problems_of_the_file_in_any_order_met():
    from vertrouwd.errors import ProblemCollector

    problems = ProblemCollector("f.csv")
    problems.add(None, None, "csv.field_count")  # no line: listed last, dropped first
    for line in [*range(300, 150, -1), *range(2, 151)]:
        problems.add(line, "date", "value.date")
    problems.count(7)
    assert [p.line for p in problems.problems] == list(range(2, 102))
    assert problems.total == 1 + 150 + 149 + 7


@pytest.mark.parametrize("lang, words", [("nl", ("1 probleem gevonden", "de eerste regel lijkt geen kopregel")),
                                         ("en", ("1 problem found", "the first line looks like data"))])
@pytest.mark.parametrize("table, line", [
    ("contacts", "999190532,H1,k1,mw001,2024-01-01"),
    ("clients", "999190532,H77,WK036301,1984,jeugd"),
    ("professionals", "mw00222,Zorgzaam Thuis,2021-03-01,,Noord 2"),
    ("contracts", "K2024-17,Gemeente Voorbeeld,Zorgzaam Thuis,2021-01-01,2023-12-31"),
])
def test_a_file_without_a_header_shows_none_of_its_values(tmp_path, table, line, lang, words):
    """A first data row taken for a header: one message, in the user's language, and none of
    the values (a BSN, a household, a worker number) in the terminal."""
    (tmp_path / "f.csv").write_text(line + "\n" + line.replace("1", "2") + "\n")
    result = run("import", table, tmp_path / "f.csv", "--db", tmp_path / "s.duckdb", "--lang", lang)
    assert result.exit_code == 2
    assert all(w in result.output for w in words), result.output
    for value in line.split(","):
        if value and any(ch.isdigit() for ch in value):
            assert value not in result.output, value


@pytest.mark.parametrize("typed, stored", [("03-02-2024 14:30", "2024-02-03"), ("03/02/2024", "2024-02-03"),
                                           ("3-2-2024", "2024-02-03"), ("03/02/2024 09:05:00", "2024-02-03"),
                                           ("2024-02-03T14:30", "2024-02-03")])
def test_dates_as_dutch_exports_write_them(tmp_path, typed, stored):
    (tmp_path / "c.csv").write_text(f"client_id,professional_id,date\nA,P,{typed}\n")
    db = tmp_path / "s.duckdb"
    result = run("import", "contacts", tmp_path / "c.csv", "--db", db)
    assert result.exit_code == 0, result.output
    import duckdb

    assert str(duckdb.connect(str(db), read_only=True).execute("SELECT date FROM contacts").fetchall()[0][0]) == stored


@pytest.mark.parametrize("typed, says", [("31-02-2024", "die datum bestaat niet"), ("2024-13-01", "die datum bestaat niet"),
                                         ("30/02/2024", "die datum bestaat niet"), ("maart 2024", "verwacht een datum")])
def test_a_date_that_does_not_exist_is_named_as_such(tmp_path, typed, says):
    (tmp_path / "c.csv").write_text(f"client_id,professional_id,date\nA,P,{typed}\n")
    result = run("import", "contacts", tmp_path / "c.csv", "--db", tmp_path / "s.duckdb")
    assert result.exit_code == 2 and says in result.output and "regel 2" in result.output, result.output


@pytest.mark.parametrize("date, minutes, says", [
    ("1850-01-01", "30", "regel 3, kolom 'date': waarde '1850-01-01' — datum buiten het bereik 1900–2100"),
    ("2024-01-06", "2000", "regel 3, kolom 'minutes': waarde '2000' — verwacht een waarde van 0 tot en met 1440"),
    ("2024-02-30", "30", "regel 3, kolom 'date': waarde '2024-02-30' — die datum bestaat niet"),
    ("2024-01-06", "0x1F", "regel 3, kolom 'minutes': waarde '0x1F' — verwacht een geheel getal")])
def test_values_written_the_plain_way_are_checked_and_echoed_as_written(loaded, tmp_path, date, minutes, says):
    """ISO dates and plain integers are read by Arrow; a year or a number out of range is
    still refused with the value as the file has it, and what Arrow would misread goes the
    long way (a day that does not exist, a hexadecimal number)."""
    path = tmp_path / "f.csv"
    path.write_text(HEAD + f"A,P,2024-01-05,c1,30\nA,P,{date},c2,{minutes}\n")
    result = run("import", "contacts", path, "--db", loaded)
    assert result.exit_code == 2 and says in result.output, result.output


def test_problems_name_the_users_own_headers_in_one_round(tmp_path):
    """The file's own header ('Datum', 'Startdatum'), not the canonical name; and an unknown
    column does not hide the problems of the values: both come in one report."""
    (tmp_path / "c.csv").write_text("Cliëntnummer;Medewerker;Datum;Opmerking\nA;P;31-02-2024;x\n")
    result = run("import", "contacts", tmp_path / "c.csv", "--db", tmp_path / "s.duckdb")
    assert result.exit_code == 2
    assert "2 problemen gevonden" in result.output
    assert "kolom 'Opmerking'" in result.output and "onbekende kolom" in result.output
    assert "regel 2, kolom 'Datum'" in result.output and "die datum bestaat niet" in result.output
    assert "kolom 'date'" not in result.output
    (tmp_path / "p.csv").write_text("Medewerker,Organisatie,Startdatum,Einddatum\nP,O,2024-05-01,2024-01-01\n")
    later = run("import", "professionals", tmp_path / "p.csv", "--db", tmp_path / "s.duckdb")
    assert later.exit_code == 2 and "kolom 'Einddatum'" in later.output and "Startdatum" in later.output, later.output


def test_every_problem_is_named_in_every_batch_also_after_an_invalid_bsn(tmp_path, monkeypatch):
    """An invalid BSN is found while pseudonymising, the other problems by the rules: the
    report names them all, in every batch."""
    from vertrouwd.ingest import importer

    monkeypatch.setattr(importer, "INSERT_ROWS", 2)  # a batch per two rows
    rows = ["999190532,P,2024-01-01", "999190532,P,2024-01-02", "123,P,2024-01-03", "999190532,P,2024-01-04",
            "999190532,P,2024-13-01", "999190532,P,morgen", "999190532,P,2024-01-07"]
    (tmp_path / "c.csv").write_text("client_id,professional_id,date\n" + "\n".join(rows) + "\n")
    result = run("import", "contacts", tmp_path / "c.csv", "--db", tmp_path / "s.duckdb", "--bsn")
    assert result.exit_code == 2
    assert "3 problemen gevonden" in result.output, result.output
    assert "regel 4" in result.output and "regel 6" in result.output and "regel 7" in result.output
    assert "123" not in result.output.replace("2024-01-03", "")
    assert not (tmp_path / "s.duckdb").exists() or snapshot(tmp_path / "s.duckdb").get("contacts", []) == []
    # and without the invalid BSN
    (tmp_path / "d.csv").write_text("client_id,professional_id,date\n" + "\n".join(rows[3:]) + "\n")
    again = run("import", "contacts", tmp_path / "d.csv", "--db", tmp_path / "s.duckdb", "--bsn")
    assert again.exit_code == 2 and "2 problemen gevonden" in again.output, again.output
    assert "regel 3" in again.output and "regel 4" in again.output


@pytest.mark.parametrize("header", ["Cliënt-nummer", "Cliënt nummer", "CLIENTNUMMER", "cliënt_nummer"])
def test_dashes_spaces_and_case_in_headers_do_not_matter(tmp_path, header):
    (tmp_path / "c.csv").write_text(f"{header},Mede-werker,Datum\nA,P,2024-01-01\n", encoding="utf-8")
    result = run("import", "contacts", tmp_path / "c.csv", "--db", tmp_path / "s.duckdb")
    assert result.exit_code == 0, result.output


def test_a_huge_cap_is_refused_before_any_work(tmp_path):
    result = run("handover", "--db", tmp_path / "s.duckdb", "--leaving", "X", "--on", "2024-06-01",
                 "--cap", "1000000000000")
    assert result.exit_code == 2 and "--cap" in result.output


def test_a_formula_with_its_stored_result_is_read_as_that_result(tmp_path):
    with_result = xlsx_edited(CONTACT_ROWS, lambda xml: xml.replace(b"<f>D2*2</f><v />", b"<f>D2*2</f><v>60</v>"))
    (tmp_path / "f.xlsx").write_bytes(with_result)
    db = tmp_path / "s.duckdb"
    assert run("import", "contacts", tmp_path / "f.xlsx", "--db", db).exit_code == 0
    import duckdb

    assert duckdb.connect(str(db), read_only=True).execute(
        "SELECT minutes FROM contacts WHERE date = DATE '2024-01-06'").fetchall() == [(60,)]


@pytest.mark.parametrize("tail", ["", "\n", "\n\n\n"])
def test_a_header_without_rows_imports_nothing(tmp_path, tail):
    (tmp_path / "c.csv").write_text("client_id,professional_id,date" + tail)
    result = run("import", "contacts", tmp_path / "c.csv", "--db", tmp_path / "s.duckdb")
    assert result.exit_code == 0 and "0 rijen toegevoegd" in result.output, result.output


@pytest.mark.parametrize("kind, expected", [
    (pa.timestamp("ns"), ["2024-03-01", "2024-03-02"]),
    (pa.timestamp("us", "UTC"), ["2024-03-02", "2024-03-02"]),  # 23:30 UTC is 00:30 the next day in Amsterdam
    (pa.timestamp("ms", "America/New_York"), ["2024-03-02", "2024-03-02"]),
    (pa.date32(), ["2024-03-01", "2024-03-02"]),
])
def test_parquet_dates_as_timestamps(tmp_path, kind, expected):
    utc = [dt.datetime(2024, 3, 1, 23, 30, tzinfo=dt.timezone.utc), dt.datetime(2024, 3, 2, 10, 0, tzinfo=dt.timezone.utc)]
    values = [v.date() for v in utc] if pa.types.is_date(kind) else utc if kind.tz else [v.replace(tzinfo=None) for v in utc]
    pq.write_table(pa.table({"client_id": ["A", "B"], "professional_id": ["P", "P"], "date": pa.array(values, kind)}),
                   tmp_path / "c.parquet")
    db = tmp_path / "s.duckdb"
    result = run("import", "contacts", tmp_path / "c.parquet", "--db", db)
    assert result.exit_code == 0, result.output
    import duckdb

    stored = duckdb.connect(str(db), read_only=True).execute("SELECT date FROM contacts ORDER BY date").fetchall()
    assert [str(d) for (d,) in stored] == expected
