"""The handover planner on small instances worked out by hand, and against an independent
max-flow (networkx) on random ones."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pyarrow.csv as pacsv
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import expected_pseudonym, expected_stored, run
from vertrouwd.plan.handover import Client, Receiver, plan_handover, solve
from vertrouwd.store import MIGRATIONS, Store

ON = dt.date(2024, 6, 1)


def build(tmp_path, professionals: list[tuple], contacts: list[tuple]):
    """professionals: (id, team, cap); contacts: (client, professional, date, household)."""
    (tmp_path / "p.csv").write_text("professional_id,organization,team,start_date,caseload_cap\n" + "".join(
        f"{p},Org,{team},2020-01-01,{cap}\n" for p, team, cap in professionals))
    (tmp_path / "c.csv").write_text("client_id,professional_id,date,household_id,team,area\n" + "".join(
        f"{c},{p},{d},{h or ''},T1,W1\n" for c, p, d, h in contacts))
    db = tmp_path / "s.duckdb"
    assert run("import", "professionals", tmp_path / "p.csv", "--db", db).exit_code == 0
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    return db


def plan(db, leaving, **options):
    with Store(db, read_only=True) as store:
        result = plan_handover(store, [expected_stored("professional", p) for p in leaving], ON, **options)
    return {p.client_id: (p.receiver, p.reason) for p in result.placements}, result


def P(raw):
    return expected_stored("professional", raw)


def C(raw):
    return expected_stored("client", raw)


def test_a_client_who_knows_two_receivers_goes_to_the_better_known(tmp_path):
    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 20), ("R2", "T1", 20)], [
        ("a", "X", "2024-04-01", None), ("a", "X", "2024-05-01", None),     # X is a's main professional
        ("a", "R1", "2022-01-10", None),                                      # met R1 once, long ago
        ("a", "R2", "2023-11-01", None), ("a", "R2", "2024-01-15", None),    # met R2 twice, recently
    ])
    placed, _ = plan(db, ["X"])
    assert placed == {C("a"): (P("R2"), "known_face")}


def test_households_move_together_unless_split(tmp_path):
    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 1), ("R2", "T1", 2)], [
        ("h1", "X", "2024-05-01", "H"), ("h2", "X", "2024-05-02", "H"),
        ("h1", "R1", "2023-12-01", "H"),  # h1 knows R1, who has room for one
    ])
    together, _ = plan(db, ["X"])
    assert together[C("h1")][0] == together[C("h2")][0] == P("R2")  # R1 cannot take both
    apart, _ = plan(db, ["X"], keep_households=False)
    assert apart[C("h1")] == (P("R1"), "known_face") and apart[C("h2")][0] == P("R2")


def test_a_cap_that_makes_one_clients_choice_cost_anothers_is_resolved(tmp_path):
    # a knows R1 (well) and R2; b knows only R1. R1 and R2 have room for one each.
    # Greedy (best-known first) puts a with R1 and leaves b with a stranger; the optimum swaps.
    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 1), ("R2", "T1", 1)], [
        ("a", "X", "2024-05-01", None), ("a", "X", "2024-05-10", None),
        # (more than 180 days before 1 June 2024, so X stays a's main professional)
        ("a", "R1", "2023-09-01", None), ("a", "R1", "2023-10-01", None), ("a", "R1", "2023-11-01", None),
        ("a", "R2", "2023-01-01", None),
        ("b", "X", "2024-05-02", None), ("b", "X", "2024-05-11", None), ("b", "R1", "2023-06-01", None),
    ])
    placed, _ = plan(db, ["X"])
    assert placed == {C("a"): (P("R2"), "known_face"), C("b"): (P("R1"), "known_face")}


def test_not_enough_room_places_as_many_as_possible_and_exits_3(tmp_path):
    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 1)], [
        ("a", "X", "2024-05-01", None), ("b", "X", "2024-05-02", None), ("c", "X", "2024-05-03", None),
        ("b", "R1", "2024-01-01", None),
    ])
    placed, result = plan(db, ["X"])
    assert placed[C("b")] == (P("R1"), "known_face")
    assert placed[C("a")] == (None, "unplaced") and placed[C("c")] == (None, "unplaced")
    assert result.missing == {"T1": 2}
    out = tmp_path / "plan.csv"
    cli = run("handover", "--db", db, "--leaving", "X", "--on", "01-06-2024", "-o", out)
    assert cli.exit_code == 3
    assert "Te weinig ruimte in T1: 2 cliënten zonder plek" in cli.output
    rows = pacsv.read_csv(out).to_pylist()
    assert [r["reason"] for r in rows if r["reason_code"] == "known_face"] == [
        "kent deze medewerker: 1 contact, laatste op 01-01-2024"]


def test_inactive_clients_and_other_main_professionals_stay(tmp_path):
    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 20)], [
        ("old", "X", "2024-01-15", None),                                  # no contact in the last 90 days
        ("mine", "R1", "2024-05-01", None), ("mine", "R1", "2024-05-02", None), ("mine", "X", "2024-05-03", None),
    ])
    placed, _ = plan(db, ["X"])
    assert placed == {}
    unknown = run("handover", "--db", db, "--leaving", "nobody", "--on", "2024-06-01")
    assert unknown.exit_code == 1 and "niet gevonden" in unknown.output and "nobody" not in unknown.output


# -- random instances against an independent max-flow --------------------------------------------
@st.composite
def instances(draw):
    n_receivers = draw(st.integers(1, 6))
    receivers = {f"r{j}": Receiver(f"r{j}", "Org", draw(st.sampled_from(["T1", "T2"])), cap := draw(st.integers(1, 6)),
                                   draw(st.integers(0, cap)), set()) for j in range(n_receivers)}
    clients = []
    for i in range(draw(st.integers(1, 25))):
        known = draw(st.lists(st.sampled_from(sorted(receivers)), max_size=3, unique=True))
        clients.append(Client(f"c{i}", "x", "Org", None, draw(st.sampled_from(["T1", "T2"])), None,
                              {r: (draw(st.integers(1, 9)), ON - dt.timedelta(days=draw(st.integers(1, 400))))
                               for r in known}))
    return clients, receivers


def max_known_faces(clients, receivers) -> int:
    graph = nx.DiGraph()
    for c in clients:
        graph.add_edge("s", c.client_id, capacity=1)
        for r in c.known:
            graph.add_edge(c.client_id, r, capacity=1)
    for name, r in receivers.items():
        graph.add_edge(name, "t", capacity=r.room)
    return nx.maximum_flow_value(graph, "s", "t") if graph.has_node("t") and graph.has_node("s") else 0


@settings(max_examples=150, deadline=None)
@given(instance=instances())
def test_known_faces_are_maximal_and_caps_hold(instance):
    clients, receivers = instance
    assignment = solve([[c] for c in clients], receivers, ON, keep_households=False)
    known = sum(1 for c in clients if assignment[c.client_id] in c.known)
    assert known == max_known_faces(clients, receivers)
    for name, r in receivers.items():
        assert sum(1 for v in assignment.values() if v == name) <= r.room
    # as many placed as room allows
    assert sum(v is not None for v in assignment.values()) == min(len(clients), sum(r.room for r in receivers.values()))


@settings(max_examples=60, deadline=None)
@given(instance=instances(), sizes=st.lists(st.integers(1, 3), min_size=1, max_size=25))
def test_households_are_never_split_and_caps_hold(instance, sizes):
    clients, receivers = instance
    units, rest = [], list(clients)
    for size in sizes:
        if not rest:
            break
        units.append(rest[:size])
        rest = rest[size:]
    units += [[c] for c in rest]
    assignment = solve(units, receivers, ON, keep_households=True)
    for unit in units:
        assert len({assignment[c.client_id] for c in unit}) == 1
    for name, r in receivers.items():
        assert sum(1 for v in assignment.values() if v == name) <= r.room
    known = sum(1 for c in clients if assignment[c.client_id] in c.known)
    assert known <= max_known_faces(clients, receivers)


def test_apply_stores_the_plan_and_a_later_plan_knows_about_it(tmp_path):
    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 20), ("Y", "T1", 20)], [
        ("a", "X", "2024-05-01", None), ("a", "R1", "2024-01-01", None),
    ])
    refused = run("handover", "--db", db, "--leaving", "X", "--on", "2024-06-01", "--apply")
    assert refused.exit_code == 1 and "--reason" in refused.output
    preview = run("handover", "--db", db, "--leaving", "X", "--on", "2024-06-01")
    assert preview.exit_code == 0 and "er is niets opgeslagen" in preview.output
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM handovers").fetchall() == [(0,)]
    applied = run("handover", "--db", db, "--leaving", "X", "--on", "2024-06-01", "--apply", "--reason", "vertrek")
    assert applied.exit_code == 0, applied.output
    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT client_id, from_professional, to_professional, handover_date, reason_code, "
                                 "reason FROM handovers").fetchall()
    assert rows == [(C("a"), P("X"), P("R1"), ON, "known_face", "vertrek")]
    # Two weeks later R1 leaves too: a, handed over to R1 without new contacts yet, moves again.
    placed, _ = plan(db, ["R1"])
    assert list(placed) == [C("a")]


def test_reidentify_maps_pseudonyms_back_with_the_owners_own_list(tmp_path):
    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 20)], [("111222333", "X", "2024-05-01", None),
                                                                ("111222333", "R1", "2024-01-01", None)])
    plan_file = tmp_path / "plan.csv"
    assert run("handover", "--db", db, "--leaving", "X", "--on", "2024-06-01", "-o", plan_file).exit_code == 0
    assert "111222333" not in plan_file.read_text()
    (tmp_path / "ids.txt").write_text("nummer\n111222333\nX\nR1\nsomeone-else\n")
    result = run("reidentify", plan_file, "--ids", tmp_path / "ids.txt", "-o", tmp_path / "plan-own.csv")
    assert result.exit_code == 0, result.output
    assert "3 pseudoniemen vervangen" in result.output
    row = pacsv.read_csv(tmp_path / "plan-own.csv", convert_options=pacsv.ConvertOptions(
        column_types={"client_id": "string"})).to_pylist()[0]
    assert (row["client_id"], row["from_professional"], row["to_professional"]) == ("111222333", "X", "R1")


def test_rebalance_moves_exactly_the_excess_known_faces_first(tmp_path):
    # P1 (cap 2) has four active clients; c knows R1. Two must move, and c is one of them.
    contacts = [(c, "P1", f"2024-05-0{i + 1}", None) for i, c in enumerate("abcd")]
    contacts += [("c", "R1", "2023-10-01", None), ("z", "R1", "2024-05-20", None)]
    db = build(tmp_path, [("P1", "T1", 2), ("R1", "T1", 5)], contacts)
    with Store(db, read_only=True) as store:
        from vertrouwd.plan.handover import plan_rebalance

        result = plan_rebalance(store, ON)
    moved = {p.client_id: (p.receiver, p.reason) for p in result.placements}
    assert len(moved) == 2 and moved[C("c")] == (P("R1"), "known_face")
    assert all(receiver == P("R1") for receiver, _ in moved.values())
    (tmp_path / "t").mkdir()
    tight = build(tmp_path / "t", [("P1", "T1", 2), ("R1", "T1", 2)], contacts)  # R1 has room for 1
    cli = run("rebalance", "--db", tight, "--on", "2024-06-01")
    assert cli.exit_code == 3 and "Te weinig ruimte in T1: 1 cliënt zonder plek" in cli.output
    calm = run("rebalance", "--db", tight, "--on", "2024-06-01", "--cap", "10")
    assert calm.exit_code == 0 and "Niemand zit boven" in calm.output


def _store_with_ids(tmp_path, contacts: list[tuple]) -> object:
    """contacts: (client, professional, date, contact_id); professionals A, B, R in one team."""
    (tmp_path / "p.csv").write_text("professional_id,organization,team,start_date,end_date,caseload_cap\n"
                                    "A,Org,T1,2020-01-01,,20\nB,Org,T1,2020-01-01,,20\nR,Org,T1,2020-01-01,,20\n")
    (tmp_path / "c.csv").write_text("client_id,professional_id,date,contact_id,team\n" + "".join(
        f"{c},{p},{d},{k},T1\n" for c, p, d, k in contacts))
    db = tmp_path / "s.duckdb"
    assert run("import", "professionals", tmp_path / "p.csv", "--db", db).exit_code == 0
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    return db


def test_a_tie_goes_to_the_professional_seen_last_in_the_planner_as_in_the_measures(tmp_path):
    # two contacts each; in (date, contact_id) order: B 04-01 "050", A 05-01 "900", A 05-20 "100",
    # B 05-20 "200": B was seen last, so B is the main professional (the largest id, "900", is A's)
    db = _store_with_ids(tmp_path, [("x", "A", "2024-05-01", "900"), ("x", "A", "2024-05-20", "100"),
                                    ("x", "B", "2024-04-01", "050"), ("x", "B", "2024-05-20", "200")])
    placed, _ = plan(db, ["A"])
    assert placed == {}  # A is not x's main professional: nobody moves
    placed, _ = plan(db, ["B"])
    assert placed == {C("x"): (P("A"), "known_face")}
    from vertrouwd.measures import relational

    with Store(db, read_only=True) as store:
        per_client = relational(store).to_pylist()[0]
    assert per_client["main_relationship_days"] == 49  # the measures' main professional is B: 1 April to 20 May


def test_apply_twice_says_nothing_is_left(tmp_path):
    db = _store_with_ids(tmp_path, [("x", "A", "2024-05-01", "1"), ("x", "R", "2024-01-01", "2")])
    first = run("handover", "--db", db, "--leaving", "A", "--on", "2024-06-01", "--apply", "--reason", "vertrek")
    assert first.exit_code == 0, first.output
    again = run("handover", "--db", db, "--leaving", "A", "--on", "2024-06-01", "--apply", "--reason", "vertrek")
    assert again.exit_code == 0, again.output
    assert "Geen actieve cliënten met deze medewerker(s)" in again.output and "Onverwachte fout" not in again.output
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM handovers").fetchall() == [(1,)]


def test_a_day_after_the_data_says_where_the_data_ends(tmp_path):
    db = _store_with_ids(tmp_path, [("x", "A", "2024-05-01", "1"), ("x", "R", "2024-01-01", "2")])
    late = run("handover", "--db", db, "--leaving", "A", "--on", "2025-03-01")
    assert late.exit_code == 0, late.output
    assert "De contacten in de database lopen tot 01-05-2024" in late.output


def test_own_numbers_in_the_plan_never_in_the_store(tmp_path, monkeypatch):
    """With the organisation's own list set, the preview and the Excel plan show its numbers
    and names; the list and the plan are readable by their owner only; the store holds none."""
    import os
    import stat

    import openpyxl

    monkeypatch.chdir(tmp_path)
    db = build(tmp_path, [("mw7001", "T1", 20), ("mw7002", "T1", 20), ("mw7003", "T1", 20)], [
        ("cl9001", "mw7001", "2024-05-01", None), ("cl9001", "mw7002", "2024-01-10", None),
        ("cl9002", "mw7001", "2024-05-02", None),
    ])
    before = run("handover", "--db", db, "--leaving", "mw7001", "--on", "2024-06-01")
    assert "vertrouwd ids add" in before.output and "Fatima" not in before.output
    (tmp_path / "eigen.csv").write_text("nummer;naam\nmw7001;Anna\nmw7002;Fatima\nmw7003;Joost\ncl9001;\ncl9002;\n")
    added = run("ids", "add", tmp_path / "eigen.csv")
    assert added.exit_code == 0 and "5 eigen nummers toegevoegd" in added.output, added.output
    kept = tmp_path / "config" / "vertrouwd" / "ids.csv"
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o600
    assert "5 eigen nummers" in run("ids", "show").output

    result = run("handover", "--db", db, "--leaving", "mw7001", "--on", "2024-06-01", "-o", "plan.xlsx")
    assert result.exit_code == 0, result.output
    # both go to Fatima (the one known face, and a colleague of the same team with room)
    assert "mw7002 Fatima krijgt 2 cliënten, 1 met een bekend gezicht; caseload 0 → 2 (max. 20)." in result.output
    assert "cl9001" in result.output and "mw7001 Anna" in result.output and "vertrouwd ids add" not in result.output
    assert stat.S_IMODE(os.stat(tmp_path / "plan.xlsx").st_mode) == 0o600
    book = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    assert book.sheetnames[0] == "Overzicht" and "mw7002 Fatima" in book.sheetnames
    summary = list(book["Overzicht"].iter_rows(values_only=True))
    assert summary[0][:3] == ("ontvanger", "naam", "cliënten")
    assert ("mw7002", "Fatima", 2, 1, 0, 2, 20) in summary
    sheet = list(book["mw7002 Fatima"].iter_rows(values_only=True))
    assert {row[0] for row in sheet[1:]} == {"cl9001", "cl9002"} and sheet[1][2] == "mw7001 Anna"

    applied = run("handover", "--db", db, "--leaving", "mw7001", "--on", "2024-06-01", "--apply", "--reason", "vertrek")
    assert applied.exit_code == 0, applied.output
    raw = db.read_bytes() + (db.with_suffix(".duckdb.wal").read_bytes() if db.with_suffix(".duckdb.wal").exists()
                             else b"")
    for secret in (b"mw7001", b"mw7002", b"cl9001", b"Fatima", b"Anna"):
        assert secret not in raw


def test_a_plan_file_of_the_wrong_kind_is_refused_before_anything_is_stored(tmp_path):
    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 20)], [("a", "X", "2024-05-01", None)])
    result = run("handover", "--db", db, "--leaving", "X", "--on", "2024-06-01", "--apply", "--reason", "vertrek",
                 "-o", tmp_path / "plan.txt")
    assert result.exit_code == 1 and "gebruik de extensie .xlsx, .csv of .parquet" in result.output
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM handovers").fetchall() == [(0,)]


def test_plan_apply_list_undo_leaves_the_store_as_before(tmp_path):
    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 20), ("R2", "T1", 20)], [
        ("a", "X", "2024-05-01", None), ("a", "R1", "2024-01-01", None), ("b", "X", "2024-05-03", None),
    ])

    def handovers():
        with Store(db, read_only=True) as store:
            return store.con.execute("SELECT * EXCLUDE (batch_id) FROM handovers ORDER BY ALL").fetchall()

    before = handovers()
    preview = run("handover", "--db", db, "--leaving", "X", "--on", "2024-06-01")
    assert preview.exit_code == 0 and handovers() == before
    applied = run("handover", "--db", db, "--leaving", "X", "--on", "2024-06-01", "--apply", "--reason", "vertrek X")
    assert applied.exit_code == 0, applied.output
    assert "Opgeslagen als overdracht 1; terugdraaien kan met: vertrouwd handover undo 1" in applied.output
    assert len(handovers()) == 2
    listed = run("handover", "list", "--db", db)
    assert listed.exit_code == 0 and "vertrek X" in listed.output and "01-06-2024" in listed.output
    assert "Opgeslagen overdrachten" in run("status", "--db", db).output

    assert run("handover", "undo", "1", "--db", db).exit_code == 1  # a reason is required
    undone = run("handover", "undo", "1", "--db", db, "--reason", "verkeerde datum")
    assert undone.exit_code == 0, undone.output
    assert "Overdracht 1 teruggedraaid: 2 cliënten weer bij hun vorige medewerker." in undone.output
    assert handovers() == before
    again = run("handover", "undo", "1", "--db", db, "--reason", "nog eens")
    assert again.exit_code == 1 and "al teruggedraaid" in again.output
    assert run("handover", "undo", "7", "--db", db, "--reason", "x").exit_code == 1
    with Store(db, read_only=True) as store:  # the undo is on record: why, and when
        batch = store.handover_batches()[0]
    assert batch["clients"] == 2 and batch["undone_reason"] == "verkeerde datum" and batch["undone_at"] is not None
    # the plan is the same as before the apply: X's clients move again
    placed, _ = plan(db, ["X"])
    assert set(placed) == {C("a"), C("b")}


def test_handovers_of_an_older_store_become_batches(tmp_path):
    import duckdb

    db = tmp_path / "old.duckdb"
    with Store(db):
        pass
    con = duckdb.connect(str(db))  # make it a version-2 store with two applied plans
    con.execute("DROP TABLE handover_batches")
    con.execute("DROP TABLE removed_batches")
    con.execute("DROP TABLE care_messages")
    con.execute("ALTER TABLE handovers DROP COLUMN batch_id")
    for column in ("client_id", "from_professional", "to_professional"):  # version 2 kept printed pseudonyms
        con.execute(f"ALTER TABLE handovers ALTER {column} SET DATA TYPE VARCHAR")
    con.execute("UPDATE vertrouwd_meta SET value = '2' WHERE key = 'schema_version'")
    c1, c2, c3 = (expected_pseudonym("client", c) for c in ("c1", "c2", "c3"))
    x, y, r = (expected_pseudonym("professional", p) for p in ("X", "Y", "R"))
    con.execute("""INSERT INTO handovers VALUES
        (?, ?, ?, DATE '2024-06-01', 'known_face', 'vertrek', 'u', TIMESTAMP '2024-05-20 10:00:00'),
        (?, ?, ?, DATE '2024-06-01', 'room', 'vertrek', 'u', TIMESTAMP '2024-05-20 10:00:00'),
        (?, ?, ?, DATE '2024-07-01', 'room', 'ziek', 'u', TIMESTAMP '2024-06-20 09:00:00')""",
                [c1, x, r, c2, x, r, c3, y, r])
    con.close()
    with Store(db) as store:
        assert store.version == len(MIGRATIONS)
        batches = sorted((b["batch_id"], b["clients"], b["reason"]) for b in store.handover_batches())
        assert batches == [(1, 2, "vertrek"), (2, 1, "ziek")]
        assert sorted(store.con.execute("SELECT client_id, batch_id FROM handovers").fetchall()) == sorted([
            (C("c1"), 1), (C("c2"), 1), (C("c3"), 2)])


def test_signals_for_a_team_lead(tmp_path):
    """Who leaves within the weeks, who is at risk, who is over the cap: worked out by hand."""
    import openpyxl

    (tmp_path / "p.csv").write_text(
        "professional_id,organization,team,start_date,end_date,caseload_cap\n"
        "A,Org,T1,2020-01-01,2024-06-20,20\n"   # leaves in under three weeks
        "B,Org,T1,2020-01-01,2024-12-31,20\n"   # leaves, but not within 8 weeks
        "C,Org,T1,2020-01-01,,1\n"              # two clients, cap 1
        "D,Org,T1,2020-01-01,,20\nE,Org,T1,2020-01-01,,20\n")
    rows = [("a1", "A", "2024-05-01"), ("a2", "A", "2024-05-02"), ("a2", "A", "2024-05-20"),
            ("b1", "B", "2024-05-03"),
            ("c1", "C", "2024-05-04"), ("c2", "C", "2024-05-05"),
            # x met four professionals in the year: at risk; its main professional is D (2 contacts)
            ("x", "D", "2023-09-01"), ("x", "E", "2023-10-01"), ("x", "B", "2023-11-01"), ("x", "C", "2023-12-01"),
            ("x", "D", "2024-05-10")]
    (tmp_path / "c.csv").write_text("client_id,professional_id,date\n" + "".join(f"{c},{p},{d}\n" for c, p, d in rows))
    db = tmp_path / "s.duckdb"
    assert run("import", "professionals", tmp_path / "p.csv", "--db", db).exit_code == 0
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    from vertrouwd.plan.signals import signals

    with Store(db, read_only=True) as store:
        found = signals(store, ON, weeks=8)
    assert sorted(found.leaving) == sorted([(C("a1"), P("A"), dt.date(2024, 6, 20)),
                                            (C("a2"), P("A"), dt.date(2024, 6, 20))])
    assert [(c, p, n) for c, p, n, _ in found.at_risk] == [(C("x"), P("D"), 4)]
    assert found.over_cap == [(P("C"), 2, 1)]

    result = run("signals", "--db", db, "--on", "01-06-2024", "-o", tmp_path / "s.xlsx")
    assert result.exit_code == 0, result.output
    assert "Vaste medewerker vertrekt binnen 8 weken: 2 cliënten." in result.output
    assert "Boven de caseload-norm: 1 medewerker." in result.output and "vertrouwd ids add" in result.output
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert book.sheetnames == ["Vertrekt binnenkort", "Met risico", "Boven caseload-norm"]
    assert book["Boven caseload-norm"].max_row == 2


def test_reidentify_is_private_keeps_other_columns_and_says_when_nothing_matched(tmp_path, monkeypatch):
    import os
    import stat

    db = build(tmp_path, [("X", "T1", 20), ("R1", "T1", 20)], [("111222333", "X", "2024-05-01", None),
                                                                ("111222333", "R1", "2024-01-01", None)])
    plan_file = tmp_path / "plan.csv"
    assert run("handover", "--db", db, "--leaving", "X", "--on", "2024-06-01", "-o", plan_file).exit_code == 0
    lines = plan_file.read_text().splitlines()  # a column of the user's own, with a leading zero
    plan_file.write_text("\n".join([lines[0] + ',"gemeente"'] + [line + ',"0363"' for line in lines[1:]]) + "\n")
    (tmp_path / "ids.txt").write_text("nummer\n111222333\nX\nR1\n")
    out = tmp_path / "own.csv"
    assert run("reidentify", plan_file, "--ids", tmp_path / "ids.txt", "-o", out).exit_code == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600  # it holds BSNs
    assert pacsv.read_csv(out, convert_options=pacsv.ConvertOptions(
        column_types={"gemeente": "string"})).to_pylist()[0]["gemeente"] == "0363"
    monkeypatch.setenv("VERTROUWD_KEY", "another key entirely, 0123456789")
    wrong = run("reidentify", plan_file, "--ids", tmp_path / "ids.txt", "-o", tmp_path / "wrong.csv")
    assert wrong.exit_code == 1 and "Geen enkel pseudoniem" in wrong.output
    assert not (tmp_path / "wrong.csv").exists()
    (tmp_path / "empty.txt").write_text("")
    assert "bevat geen nummers" in run("reidentify", plan_file, "--ids", tmp_path / "empty.txt").output


def test_weak_keys_are_refused(tmp_path, monkeypatch):
    (tmp_path / "c.csv").write_text("client_id,professional_id,date\nA,P,2024-01-01\n")
    monkeypatch.setenv("VERTROUWD_KEY", " " * 16)
    spaces = run("import", "contacts", tmp_path / "c.csv", "--db", tmp_path / "s.duckdb")
    assert spaces.exit_code != 0 and "te zwak" in spaces.output
    monkeypatch.delenv("VERTROUWD_KEY")
    key = tmp_path / "key"
    key.write_text("00" * 32 + "\n")
    key.chmod(0o600)
    zeros = run("import", "contacts", tmp_path / "c.csv", "--db", tmp_path / "s.duckdb", "--key-file", key)
    assert zeros.exit_code != 0 and "te zwak" in zeros.output


def test_a_scenario_name_never_leads_outside_the_output_folder(tmp_path):
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = ".."\nclients = 50\nyears = 1\n')
    out = tmp_path / "uit"
    result = run("simulate", "--scenario", scenario, "-o", out, "--materialize")
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("contacts.csv")]
    assert written and all(out in p.parents for p in written)


def _staff(tmp_path, rows: str, contacts: str):
    (tmp_path / "p.csv").write_text("professional_id,organization,team,start_date,end_date,caseload_cap\n" + rows)
    (tmp_path / "c.csv").write_text("client_id,professional_id,date\n" + contacts)
    db = tmp_path / "s.duckdb"
    assert run("import", "professionals", tmp_path / "p.csv", "--db", db).exit_code == 0
    assert run("import", "contacts", tmp_path / "c.csv", "--db", db).exit_code == 0
    return db


def test_a_worker_who_already_left_is_planned_with_a_warning(tmp_path):
    db = _staff(tmp_path, "X,Org,T1,2020-01-01,2024-05-15,20\nR,Org,T1,2020-01-01,,20\n",
                "a,X,2024-05-01\na,X,2024-05-10\n")
    result = run("handover", "--db", db, "--leaving", "X", "--on", "01-06-2024")
    assert result.exit_code == 0, result.output
    assert "al vertrokken op 15-05-2024, vóór 01-06-2024" in result.output
    assert "krijgt 1 cliënt" in result.output  # a still counts X as main professional and moves to R


def test_a_leaving_date_before_the_start_names_the_start_not_the_key(tmp_path):
    db = _staff(tmp_path, "X,Org,T1,2024-07-01,,20\nR,Org,T1,2020-01-01,,20\n", "a,R,2024-05-01\n")
    result = run("handover", "--db", db, "--leaving", "X", "--on", "01-06-2024")
    assert result.exit_code == 1
    assert "begint pas later (vanaf 01-07-2024) dan --on 01-06-2024" in result.output
    assert "sleutel" not in result.output
