"""`vertrouwd measure relational` as a user runs it."""

from __future__ import annotations

import tempfile

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from tests.conftest import expected_pseudonym, run

CONTACTS = ("client_id,professional_id,date,contact_id,team\n"
            "A,P1,2024-01-01,c1,T\nA,P2,2024-01-08,c2,T\nA,P1,2024-01-15,c3,T\n"
            "B,P1,2024-01-02,c4,T\nB,P1,2024-01-09,c5,T\n")


def test_straight_from_a_file_touches_no_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.csv").write_text(CONTACTS)
    result = run("measure", "relational", "c.csv", "-o", "out.csv")
    assert result.exit_code == 0, result.output
    assert "2 cliënten met minstens 2 contacten" in result.output
    assert not any(p.suffix.startswith(".duckdb") or ".duckdb" in p.name for p in tmp_path.iterdir())
    rows = {r["client_id"]: r for r in pacsv.read_csv(tmp_path / "out.csv").to_pylist()}
    a = rows[expected_pseudonym("client", "A")]
    assert list(rows[expected_pseudonym("client", "B")].keys()) == [
        "client_id", "n_contacts", "n_professionals", "upc", "coc", "secon", "mmci", "hhi", "k",
        "main_relationship_days", "handovers", "first_date", "last_date"]
    assert a["n_contacts"] == 3 and a["n_professionals"] == 2 and a["handovers"] == 2
    assert abs(a["coc"] - 1 / 3) < 1e-12 and a["secon"] == 0 and a["main_relationship_days"] == 14


def test_on_the_store_by_group_in_english(tmp_path):
    db = tmp_path / "s.duckdb"
    (tmp_path / "c.csv").write_text(CONTACTS)
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    out = tmp_path / "g.parquet"
    result = run("measure", "relational", "--db", db, "--by", "team", "--min-cell", "1", "-o", out, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Per group" in result.output
    row = pq.read_table(out).to_pylist()[0]
    assert row["team"] == "T" and row["clients"] == 2 and row["upc_median"] == (2 / 3 + 1) / 2


def test_small_groups_are_suppressed_by_default(tmp_path):
    (tmp_path / "c.csv").write_text(CONTACTS)
    out = tmp_path / "g.csv"
    result = run("measure", "relational", tmp_path / "c.csv", "--by", "team", "-o", out)
    assert result.exit_code == 0 and "x = niet getoond" in result.output
    row = pacsv.read_csv(out).to_pylist()[0]
    assert row["suppressed"] is True and row["clients"] is None


def test_bad_options_get_clear_messages(tmp_path):
    (tmp_path / "c.csv").write_text(CONTACTS)
    bad_date = run("measure", "relational", tmp_path / "c.csv", "--from", "1 maart")
    assert bad_date.exit_code == 1 and "'1 maart' is geen datum" in bad_date.output
    bad_by = run("measure", "relational", tmp_path / "c.csv", "--by", "buurt")
    assert bad_by.exit_code == 1 and "--by 'buurt' bestaat niet" in bad_by.output
    bad_out = run("measure", "relational", tmp_path / "c.csv", "-o", tmp_path / "x.xlsx")
    assert bad_out.exit_code == 1 and ".csv of .parquet" in bad_out.output
    bad_file = tmp_path / "bad.csv"
    bad_file.write_text("client_id,professional_id,date\nA,P,2024-02-30\n")
    invalid = run("measure", "relational", bad_file)
    assert invalid.exit_code == 2 and "regel 2" in invalid.output


def test_csv_export_neutralises_formulas(tmp_path):
    text = "client_id,professional_id,date,team\n" + "".join(
        f"{c},P,2024-01-0{d},=HYPERLINK(1)\n" for c in "AB" for d in (1, 2))
    (tmp_path / "c.csv").write_text(text)
    out = tmp_path / "g.csv"
    assert run("measure", "relational", tmp_path / "c.csv", "--by", "team", "--min-cell", "1", "-o", out).exit_code == 0
    assert "'=HYPERLINK(1)" in out.read_text()


def test_staff_caseload_and_broken_commands(tmp_path):
    db = tmp_path / "s.duckdb"
    (tmp_path / "p.csv").write_text("professional_id,organization,team,start_date,end_date,caseload_cap\n"
                                    "P1,Org,T,2020-01-01,2024-06-30,1\nP2,Org,T,2020-01-01,,5\n")
    (tmp_path / "c.csv").write_text("client_id,professional_id,date,organization,team\n"
                                    "A,P1,2024-05-01,Org,T\nA,P1,2024-06-01,Org,T\nA,P2,2024-07-01,Org,T\n"
                                    "B,P2,2024-05-01,Org,T\n")
    assert run("import", "professionals", tmp_path / "p.csv", "--db", db).exit_code == 0
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    staff = run("measure", "staff", "--db", db, "-o", tmp_path / "staff.csv")
    assert staff.exit_code == 0, staff.output
    row = pacsv.read_csv(tmp_path / "staff.csv").to_pylist()[0]
    assert (row["period"], row["leavers"], row["staff_at_start"]) == (2024, 1, 2)
    assert (row["left_organisation"], row["left_team"], row["left_data"]) == (1, 0, 1)  # P1 not seen again
    assert "uit organisatie" in staff.output and "ander team" in staff.output  # the kinds, in the terminal too
    caseload = run("measure", "caseload", "--db", db, "--by", "team", "--lang", "en")
    assert caseload.exit_code == 0 and "Caseload per month" in caseload.output
    broken = run("measure", "broken", "--db", db, "--detail", "-o", tmp_path / "b.parquet")
    assert broken.exit_code == 0, broken.output
    assert [r["outcome"] for r in pq.read_table(tmp_path / "b.parquet").to_pylist()] == ["stranger"]  # A never met P2 before
    summary = run("measure", "broken", "--db", db, "-o", tmp_path / "s.csv")  # 1 client: suppressed
    assert summary.exit_code == 0
    assert pacsv.read_csv(tmp_path / "s.csv").to_pylist()[0]["suppressed"] is True
    bad = run("measure", "staff", "--db", db, "--period", "week")
    assert bad.exit_code == 1 and "--period 'week' bestaat niet" in bad.output


def test_a_bad_memory_setting_is_refused_clearly(tmp_path, monkeypatch):
    (tmp_path / "c.csv").write_text(CONTACTS)
    monkeypatch.setenv("VERTROUWD_MEMORY", "2GB'; DROP TABLE contacts; --")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where a spill directory would be made
    result = run("measure", "relational", tmp_path / "c.csv")
    assert result.exit_code == 1 and "geen hoeveelheid geheugen" in result.output
    assert not list(tmp_path.glob("vertrouwd-duckdb-*"))  # the refusal leaves nothing behind


def _store_with_teams(tmp_path, teams: int = 18):
    """Teams T00..T17 of 12 clients each; in team T00 every client sees 4 professionals."""
    lines = ["client_id,professional_id,date,contact_id,team"]
    for team in range(teams):
        for c in range(12):
            for k in range(4):
                worker = f"P{team}-{k}" if team == 0 else f"P{team}"
                lines.append(f"c{team}-{c},{worker},2024-0{k + 1}-1{c % 9},k{team}-{c}-{k},T{team:02d}")
    (tmp_path / "c.csv").write_text("\n".join(lines) + "\n")
    db = tmp_path / "s.duckdb"
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    return db


def test_the_terminal_speaks_the_report_language_and_says_when_it_cuts(tmp_path):
    db = _store_with_teams(tmp_path)
    result = run("measure", "relational", "--db", db, "--by", "team")
    assert result.exit_code == 0, result.output
    for heading in ("cliënten", "% met risico", "medewerkers per cliënt (gem.)", "gem. UPC"):
        assert heading in result.output
    assert "share_at_risk" not in result.output and "upc_mean" not in result.output
    assert "15 van 18 teams getoond; alles met -o BESTAND." in result.output
    first = next(line for line in result.output.splitlines() if "T00" in line)
    assert "100%" in first and "4,0" in first and "0,25" in first  # 4 professionals, one contact each
    written = run("measure", "relational", "--db", db, "--by", "team", "-o", tmp_path / "t.csv")
    assert "15 van 18 teams getoond." in written.output  # the file has them all: no hint


def test_a_window_run_says_which_window_it_prints(tmp_path):
    db = _store_with_teams(tmp_path, teams=2)
    result = run("measure", "relational", "--db", db, "--window", "2m", "--step", "1m")
    assert result.exit_code == 0, result.output
    # contacts 10-01-2024 .. 18-04-2024: windows of two months end on 18-04, 18-03 (18-02 starts too early)
    assert "Hieronder het laatste venster, 19-02-2024 – 18-04-2024 (van 2)" in result.output


def test_csv_for_dutch_excel(tmp_path):
    db = _store_with_teams(tmp_path, teams=2)
    plain, dutch = tmp_path / "plain.csv", tmp_path / "dutch.csv"
    assert run("measure", "relational", "--db", db, "--by", "team", "-o", plain).exit_code == 0
    assert run("measure", "relational", "--db", db, "--by", "team", "-o", dutch, "--excel-csv").exit_code == 0
    raw = dutch.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    lines = raw.decode("utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert header[:3] == ["team", "cliënten", "met risico"] and "% met risico" in header
    t00 = dict(zip(header, lines[1].split(";")))
    assert t00["team"] == "T00" and t00["cliënten"] == "12" and t00["% met risico"] == "100"
    assert t00["gem. UPC"] == "0,25" and t00["onderdrukt"] == "nee"
    assert plain.read_text().startswith('"team","clients","clients_at_risk","share_at_risk"')


def test_broken_relationships_hide_small_parts_in_the_terminal(tmp_path):
    (tmp_path / "p.csv").write_text("professional_id,organization,start_date,end_date\n"
                                    "P1,O,2023-01-01,2024-03-31\nP2,O,2023-01-01,\n")
    lines = ["client_id,professional_id,date,contact_id"]
    for c in range(14):  # 14 clients lose P1; 3 of them go on with P2, whom they knew
        lines.append(f"c{c},P1,2024-02-0{1 + c % 9},a{c}")
        if c < 3:
            lines += [f"c{c},P2,2024-01-0{1 + c},b{c}", f"c{c},P2,2024-04-1{c},d{c}"]
        else:
            lines.append(f"c{c},P2,2024-04-1{c % 10},d{c}")
    (tmp_path / "c.csv").write_text("\n".join(lines) + "\n")
    db = tmp_path / "s.duckdb"
    assert run("import", "professionals", tmp_path / "p.csv", "--db", db).exit_code == 0
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    result = run("measure", "broken", "--db", db, "-o", tmp_path / "b.csv")
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "2024" in line)
    cells = [c.strip() for c in row.split("│") if c.strip()]
    # 14 broken: 3 known faces (hidden), 11 strangers (hidden too: otherwise 14 - 11 gives 3 away)
    assert cells[:5] == ["2024", "O", "14", "x", "x"]
    assert "x = niet getoond" in result.output
    written = pacsv.read_csv(tmp_path / "b.csv").to_pylist()[0]
    assert written["broken"] == 14 and written["known_face"] is None and written["stranger"] is None


def test_exports_of_groups_hide_the_second_cell_too(tmp_path):
    """Team A: 30 clients, 3 at risk; team B: 30 clients, 12 at risk. A's 3 is hidden, and
    so is B's 12, or the total of the column would give A's away."""
    lines = ["client_id,professional_id,date,team"]
    for team, risky in (("A", 3), ("B", 12)):
        for c in range(30):
            workers = 4 if c < risky else 1
            lines += [f"{team}{c},{team}P{k if k < workers else 0},2024-0{k + 1}-10,{team}" for k in range(4)]
    (tmp_path / "c.csv").write_text("\n".join(lines) + "\n")
    out = tmp_path / "g.csv"
    result = run("measure", "relational", tmp_path / "c.csv", "--by", "team", "-o", out)
    assert result.exit_code == 0, result.output
    rows = {r["team"]: r for r in pacsv.read_csv(out).to_pylist()}
    assert rows["A"]["clients"] == 30 and rows["B"]["clients"] == 30
    assert rows["A"]["clients_at_risk"] is None and rows["A"]["share_at_risk"] is None
    assert rows["B"]["clients_at_risk"] is None and rows["B"]["share_at_risk"] is None
    assert rows["A"]["suppressed"] is True and rows["B"]["upc_mean"] is not None
