"""A battery of malformed inputs, generated over the four tables and three formats: each is
refused with exit code 2, names the file, the line and the column by the file's own
header, writes nothing, and shows no identifier of a person in its output."""

from __future__ import annotations

import io

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import run

BSN, WORKER, HOUSEHOLD = "999190532", "mw00222", "hh48213"  # must never appear in a message
IDENTIFIERS = (BSN, WORKER, HOUSEHOLD)

# per table: the file's own (Dutch) headers, two good rows, the options an import needs
TABLES = {
    "contacts": (["Cliëntnummer", "Medewerker", "Datum", "Contactnummer", "Organisatie", "Team", "Huishouden",
                  "Minuten"],
                 [[BSN, WORKER, "2024-03-01", "k1", "Zorgzaam Thuis", "Noord", HOUSEHOLD, "45"],
                  [BSN, WORKER, "02-03-2024", "k2", "Zorgzaam Thuis", "Noord", HOUSEHOLD, "30"]]),
    "professionals": (["Medewerker", "Organisatie", "Startdatum", "Einddatum", "Team", "Aanstelling",
                       "Maximale caseload"],
                      [[WORKER, "Zorgzaam Thuis", "2021-03-01", "2024-12-31", "Noord", "0,8", "20"],
                       ["mw00223", "Zorgzaam Thuis", "2022-03-01", "", "Noord", "1", "24"]]),
    "clients": (["Cliëntnummer", "Huishouden", "Wijk", "Geboortejaar", "Domein"],
                [[BSN, HOUSEHOLD, "WK036301", "1984", "jeugd"], ["111222333", HOUSEHOLD, "WK036301", "2010", "jeugd"]]),
    "contracts": (["Contractnummer", "Gemeente", "Organisatie", "Startdatum", "Einddatum", "Maximale einddatum"],
                  [["K1", "Voorbeeld", "Zorgzaam Thuis", "2021-01-01", "2023-12-31", "2025-12-31"],
                   ["K2", "Voorbeeld", "Samen Jong", "2021-01-01", "2023-12-31", "2025-12-31"]]),
}
BAD_DATES = ["31-02-2024", "2024-13-01", "gisteren", "01-01-1850", "1 maart 2024", "2024/03/01"]
BAD_INTEGERS = ["twaalf", "1,5", "-3", "99999"]
BAD_NUMBERS = ["veel", "1,2,3", "7"]
PERSON_NUMBER = "Team 99919053"


def _mutations() -> list[tuple[str, str, int, str, str]]:
    """(case id, table, column index, bad value, what the message says) for a value in line 3."""
    cases = []
    for table, (headers, _) in TABLES.items():
        for i, header in enumerate(headers):
            low = header.lower()
            if "datum" in low:
                cases += [(f"{table}-{header}-{v}", table, i, v, "") for v in BAD_DATES]
            if header in ("Minuten", "Maximale caseload", "Geboortejaar"):
                cases += [(f"{table}-{header}-{v}", table, i, v, "") for v in BAD_INTEGERS]
            if header == "Aanstelling":
                cases += [(f"{table}-{header}-{v}", table, i, v, "") for v in BAD_NUMBERS]
            if header in ("Team", "Organisatie", "Gemeente"):
                cases.append((f"{table}-{header}-number", table, i, PERSON_NUMBER, "het nummer van een persoon"))
        required = {"contacts": 3, "professionals": 3, "clients": 1, "contracts": 4}[table]
        cases += [(f"{table}-{headers[i]}-empty", table, i, "", "leeg, maar verplicht") for i in range(required)]
    return cases


MUTATIONS = _mutations()
FORMATS = ["csv", "xlsx", "parquet"]


def _write(path, headers: list[str], rows: list[list[str]], fmt: str) -> None:
    if fmt == "csv":
        path.write_text("\n".join(";".join(row) for row in [headers, *rows]) + "\n", encoding="utf-8")
    elif fmt == "xlsx":
        book = openpyxl.Workbook()
        for row in [headers, *rows]:
            book.active.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        path.write_bytes(buffer.getvalue())
    else:
        pq.write_table(pa.table({h: [r[i] or None for r in rows] for i, h in enumerate(headers)}), path)


def _refused(tmp_path, table: str, path, column: str | None, says: str, line: int | None = 3) -> None:
    db = tmp_path / "s.duckdb"
    result = run("import", table, path, "--db", db)
    assert result.exit_code == 2, result.output
    output = result.output
    assert path.name in output
    if line is not None:
        assert f"regel {line}" in output, output
    if column is not None:
        assert f"kolom '{column}'" in output, output
    assert says in output, output
    for identifier in IDENTIFIERS:
        assert identifier not in output, (identifier, output)
    if db.exists():  # nothing written
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute(f"SELECT count(*) FROM {table}").fetchall() == [(0,)]
        assert con.execute("SELECT count(*) FROM import_batches").fetchall() == [(0,)]
        con.close()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case, table, index, value, says", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_a_bad_value_is_refused_with_its_place(tmp_path, fmt, case, table, index, value, says):
    headers, rows = TABLES[table]
    bad = [list(rows[0]), list(rows[1])]
    bad[1][index] = value
    path = tmp_path / f"invoer.{fmt}"
    _write(path, headers, bad, fmt)
    _refused(tmp_path, table, path, headers[index], says)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", TABLES)
def test_an_unknown_column_and_a_missing_one(tmp_path, fmt, table):
    headers, rows = TABLES[table]
    path = tmp_path / f"kolommen.{fmt}"
    _write(path, [*headers[1:], "Opmerking"], [[*row[1:], "x"] for row in rows], fmt)
    _refused(tmp_path, table, path, "Opmerking", "onbekende kolom", line=1)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("table", TABLES)
def test_a_file_without_its_header_row(tmp_path, fmt, table):
    _, rows = TABLES[table]
    path = tmp_path / f"zonder_kop.{fmt}"
    _write(path, rows[0], [rows[1]], fmt)
    _refused(tmp_path, table, path, None, "lijkt geen kopregel", line=1)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("table", ["contacts", "clients", "contracts"])
def test_a_key_twice_in_one_file(tmp_path, fmt, table):
    headers, rows = TABLES[table]
    twice = [list(rows[0]), list(rows[0])]
    path = tmp_path / f"dubbel.{fmt}"
    _write(path, headers, twice, fmt)
    _refused(tmp_path, table, path, None, "", line=3)


def test_the_battery_is_large():
    count = len(MUTATIONS) * len(FORMATS) + len(TABLES) * (len(FORMATS) + 2) + 3 * len(FORMATS)
    assert count >= 200, count
