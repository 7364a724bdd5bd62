"""Free text that goes into the store carries no number of a person: file names, the
reasons of handovers, and names of teams and organisations."""

from __future__ import annotations

import openpyxl
import pytest

from tests.conftest import run
from vertrouwd.privacy.pseudonyms import canonical_bsn, neutral
from vertrouwd.store import Store

BSN = "999190532"  # passes the elfproef: 9*9 + 8*9 + 7*9 + 6*1 + 5*9 + 4*0 + 3*5 + 2*3 - 2 = 286 = 26*11
CLIENT, WORKER = "48213", "07412"


@pytest.mark.parametrize("typed, stored", [
    (f"dossier_{BSN}.csv", "dossier_#.csv"),
    (f"client-{CLIENT}.csv", "client-#.csv"),
    (f"mw{WORKER}_caseload.xlsx", "mw#_caseload.xlsx"),
    ("contacten_2024-03.csv", "contacten_2024-03.csv"),  # a year and a month are no person
    ("export 12.csv", "export 12.csv"),
])
def test_numbers_that_could_be_a_person_are_masked(typed, stored):
    assert neutral(typed) == stored


def test_files_named_after_people_leave_no_trace(tmp_path, monkeypatch):
    assert canonical_bsn(BSN) == BSN
    monkeypatch.chdir(tmp_path)
    rows = "".join(f"c{i},P{i % 3},2024-0{1 + i % 9}-1{i % 9},T1,Org\n" for i in range(60))
    rows += "".join(f"c{i},P{(i + 1) % 3},2024-1{i % 3}-0{1 + i % 9},T1,Org\n" for i in range(60))
    names = [f"dossier_{BSN}.csv", f"client_{CLIENT}.csv", f"mw{WORKER}.csv"]
    for i, name in enumerate(names):  # three exports, each with other contacts
        (tmp_path / name).write_text("client_id,professional_id,date,team,organization\n" +
                                     rows.replace("c", f"x{i}c"))
    (tmp_path / "p.csv").write_text("professional_id,organization,team,start_date,caseload_cap\n"
                                    "P0,Org,T1,2020-01-01,200\nP1,Org,T1,2020-01-01,200\nP2,Org,T1,2020-01-01,200\n")
    db = tmp_path / "s.duckdb"
    assert run("import", "professionals", "p.csv", "--db", db).exit_code == 0
    for name in names:
        result = run("import", "contacts", name, "--db", db)
        assert result.exit_code == 0, result.output
        assert name in result.output  # the user sees the name they typed, in their own terminal
    applied = run("handover", "--db", db, "--leaving", "P0", "--on", "2025-01-05", "--apply",
                  "--reason", f"vertrek, zie dossier {BSN} en cliënt {CLIENT}")
    assert applied.exit_code == 0, applied.output
    status = run("status", "--db", db)
    assert "dossier_#.csv" in status.output and "client_#.csv" in status.output and "mw#.csv" in status.output
    assert run("report", "--db", db, "-o", "r.html", "--xlsx", "r.xlsx").exit_code == 0
    with Store(db) as store:
        store.con.execute("CHECKPOINT")
        reasons = store.con.execute("SELECT DISTINCT reason FROM handovers").fetchall()
    assert reasons == [("vertrek, zie dossier # en cliënt #",)]
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    cells = " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
    places = {"database": db.read_bytes().decode("latin-1"), "status": status.output,
              "report": (tmp_path / "r.html").read_text(encoding="utf-8"), "workbook": cells}
    for where, text in places.items():
        for number in (BSN, CLIENT, WORKER):
            assert number not in text, (where, number)


def test_a_persons_number_in_a_team_name_is_refused_and_not_shown(tmp_path):
    (tmp_path / "c.csv").write_text(f"client_id,professional_id,date,team\nA,P,2024-01-01,Noord\nB,P,2024-01-02,{BSN}\n")
    db = tmp_path / "s.duckdb"
    result = run("import", "contacts", tmp_path / "c.csv", "--db", db)
    assert result.exit_code == 2
    assert "regel 3" in result.output and "kolom 'team'" in result.output and "het nummer van een persoon" in result.output
    assert BSN not in result.output
    with Store(db) as store:
        assert store.row_counts()["contacts"] == 0


def test_names_are_data_never_markup(tmp_path):
    """A team 'Noord [/wmo]' (Rich markup), an organisation with two '$' (matplotlib math
    text) and escapes that would drive a terminal: imported without the control
    characters, shown as written in the terminal, the report and the workbook."""
    team, org = "Noord [/wmo]", "Zorgzaam $\\undefinedcmd$ Thuis"
    osc = "\x1b]8;;http://x\x07West\ufeff"
    lines = ["client_id,professional_id,date,team,organization"]
    for c in range(40):
        for k in range(3):
            lines.append(f"c{c},P{(c + k) % 4},2024-0{1 + k * 3}-1{c % 9},{team if c % 2 else osc},{org}")
    (tmp_path / "c.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    with Store(db, read_only=True) as store:
        teams = {r[0] for r in store.con.execute("SELECT DISTINCT team FROM contacts").fetchall()}
    assert teams == {team, "]8;;http://xWest"}  # no ESC, BEL or BOM left
    shown = run("measure", "relational", "--db", db, "--by", "team", "--min-cell", "1")
    assert shown.exit_code == 0, shown.output
    assert team in shown.output and "\x1b" not in shown.output
    by_org = run("measure", "relational", "--db", db, "--by", "organization", "--min-cell", "1")
    assert by_org.exit_code == 0 and org in by_org.output
    made = run("report", "--db", db, "-o", tmp_path / "r.html", "--xlsx", tmp_path / "r.xlsx", "--min-cell", "1")
    assert made.exit_code == 0, made.output
    import html

    assert org in html.unescape((tmp_path / "r.html").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert org in [c.value for c in book["Per organisatie"]["A"]]
