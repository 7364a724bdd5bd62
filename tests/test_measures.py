"""Relational measures against hand-worked examples, a slow reference and properties.

Formulas and sources (see also src/vertrouwd/measures/continuity.py):
- UPC, Breslau & Reeb (1975): max_j n_j / n.
- COC, Bice & Boxerman (1977): (sum n_j^2 - n) / (n (n - 1)).
- SECON, Steinwachs (1979): share of the n - 1 consecutive pairs with the same provider.
- MMCI, Magill & Senf (1987): (1 - NOP/(n + 0.1)) / (1 - 1/(n + 0.1)); minimum 0.1/(n - 0.9).
- K, Ejlertsson & Berg (1984): (n - NOP) / (n - 1).
- HHI: sum (n_j / n)^2.
Expected values are exact fractions worked out by hand; the engine's doubles must match
them to 1e-12. (Magill & Senf's own Table 1 prints MMCI rounded from rounded
intermediates, so we compare against the exact formula, not the printed digits.)
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from fractions import Fraction as F

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vertrouwd.errors import VertrouwdError
from vertrouwd.measures import Risk, relational, relational_groups, rolling_windows
from vertrouwd.privacy.suppress import relational_layout, suppress_table

D0 = dt.date(2024, 1, 1)


def contacts(rows, team=None):
    """rows: (client, professional, day offset, contact_id[, team])."""
    return pa.table({
        "client_id": [r[0] for r in rows],
        "professional_id": [r[1] for r in rows],
        "date": pa.array([D0 + dt.timedelta(days=r[2]) for r in rows], pa.date32()),
        "contact_id": [r[3] for r in rows],
        "team": [r[4] if len(r) > 4 else team for r in rows],
    })


def sequence(client, professionals, gap=7, start=0):
    return [(client, p, start + i * gap, f"{client}-{i:03d}") for i, p in enumerate(professionals)]


def by_client(table):
    return {r["client_id"]: r for r in table.to_pylist()}


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-12


def test_single_contact():
    r = by_client(relational(contacts(sequence("a", ["X"]))))["a"]
    assert (r["n_contacts"], r["n_professionals"], r["upc"], r["hhi"]) == (1, 1, 1.0, 1.0)
    # MMCI with n = NOP = 1: (1 - 1/1.1) / (1 - 1/1.1) = 1
    assert close(r["mmci"], 1)
    assert r["coc"] is None and r["secon"] is None and r["k"] is None  # undefined, not 0
    assert r["handovers"] == 0 and r["main_relationship_days"] == 0


def test_one_professional_only():
    r = by_client(relational(contacts(sequence("a", ["X"] * 5, gap=10))))["a"]
    for m in ("upc", "coc", "secon", "mmci", "hhi", "k"):
        assert close(r[m], 1), m
    assert r["handovers"] == 0 and r["main_relationship_days"] == 40
    assert r["first_date"] == D0 and r["last_date"] == D0 + dt.timedelta(days=40)


def test_all_different_professionals():
    r = by_client(relational(contacts(sequence("a", ["W", "X", "Y", "Z"]))))["a"]
    assert close(r["upc"], F(1, 4)) and close(r["coc"], 0) and close(r["secon"], 0) and close(r["k"], 0)
    assert close(r["hhi"], F(1, 4))
    # MMCI minimum 0.1/(n - 0.9) = 0.1/3.1 (Magill & Senf 1987)
    assert close(r["mmci"], F(1, 31))
    assert r["handovers"] == 3


def test_ties_in_date_are_broken_by_contact_id():
    # Two contacts on one day: c1 (Y) comes before c2 (X), whatever the input order.
    rows = [("a", "X", 0, "c2"), ("a", "Y", 0, "c1"), ("a", "Y", 5, "c3")]
    for order in (rows, rows[::-1], [rows[1], rows[2], rows[0]]):
        r = by_client(relational(contacts(order)))["a"]
        assert close(r["secon"], 0)  # Y, X, Y: both pairs change
        assert r["handovers"] == 2


def test_alternating_professionals_separate_secon_from_coc():
    alternating = by_client(relational(contacts(sequence("a", list("ABABAB")))))["a"]
    blocks = by_client(relational(contacts(sequence("a", list("AAABBB")))))["a"]
    # n = 6, n_A = n_B = 3: COC = (9 + 9 - 6) / (6 * 5) = 2/5 for both
    assert close(alternating["coc"], F(2, 5)) and close(blocks["coc"], F(2, 5))
    assert close(alternating["secon"], 0) and close(blocks["secon"], F(4, 5))
    assert alternating["handovers"] == 5 and blocks["handovers"] == 1


def test_three_providers_worked_by_hand():
    # 10 contacts: A x5, B x3, C x2 in the order A A B A C A B B A C
    r = by_client(relational(contacts(sequence("a", list("AABACABBAC")))))["a"]
    assert close(r["upc"], F(5, 10))
    assert close(r["coc"], F(25 + 9 + 4 - 10, 10 * 9))  # 28/90
    assert close(r["hhi"], F(25 + 9 + 4, 100))
    assert close(r["mmci"], (1 - F(3) / F(101, 10)) / (1 - F(1) / F(101, 10)))  # 7.1/9.1
    assert close(r["k"], F(10 - 3, 9))
    assert close(r["secon"], F(2, 9))  # same pairs: AA (1-2), BB (7-8)
    assert r["handovers"] == 7
    assert r["main_relationship_days"] == 8 * 7  # A: contacts 1 and 9


def test_main_professional_tie_goes_to_the_most_recent():
    # X: days 0, 30; Y: days 10, 20 -> tie 2-2, X seen last -> 30 days
    rows = [("a", "X", 0, "1"), ("a", "Y", 10, "2"), ("a", "Y", 20, "3"), ("a", "X", 30, "4")]
    assert by_client(relational(contacts(rows)))["a"]["main_relationship_days"] == 30
    # Both seen last on the same day: the later contact_id wins (Y: c9 after X: c8)
    rows = [("a", "X", 0, "c1"), ("a", "Y", 10, "c2"), ("a", "X", 40, "c8"), ("a", "Y", 40, "c9")]
    assert by_client(relational(contacts(rows)))["a"]["main_relationship_days"] == 30


def test_team_level_counts_a_small_team_as_one():
    rows = [("a", "X", 0, "1", "T1"), ("a", "Y", 7, "2", "T1"), ("a", "Z", 14, "3", "T1"), ("a", "Q", 21, "4", "T2")]
    person = by_client(relational(contacts(rows)))["a"]
    team = by_client(relational(contacts(rows), level="team"))["a"]
    assert person["n_professionals"] == 4 and team["n_professionals"] == 2
    assert close(team["upc"], F(3, 4)) and close(team["secon"], F(2, 3))


def test_period_restricts_contacts():
    table = contacts(sequence("a", list("ABCD"), gap=10))
    r = by_client(relational(table, start=D0 + dt.timedelta(days=10), end=D0 + dt.timedelta(days=20)))["a"]
    assert r["n_contacts"] == 2 and r["n_professionals"] == 2


def test_rolling_windows_by_hand():
    windows = rolling_windows(dt.date(2023, 1, 1), dt.date(2024, 12, 31), "12m", "6m")
    assert windows == [(dt.date(2023, 1, 1), dt.date(2023, 12, 31)), (dt.date(2023, 7, 1), dt.date(2024, 6, 30)),
                       (dt.date(2024, 1, 1), dt.date(2024, 12, 31))]
    with pytest.raises(VertrouwdError):
        rolling_windows(dt.date(2024, 1, 1), dt.date(2024, 3, 1), "12m")
    with pytest.raises(VertrouwdError):
        rolling_windows(dt.date(2024, 1, 1), dt.date(2025, 3, 1), "12 maanden")


def test_group_statistics_by_hand():
    rows = (sequence("a", list("AAAA"), start=0) + sequence("b", list("ABCD"), start=1)
            + sequence("c", list("AB"), start=2) + sequence("d", ["A"], start=3))
    table = contacts([r + ("T",) for r in rows])
    g = relational(table, by=["team"]).to_pylist()[0]
    # d has one contact and is left out (min_contacts 2): a, b, c remain.
    assert g["clients"] == 3
    # NOP 1, 4, 2 -> median 2, quartiles 1.5 and 3 (linear interpolation), mean 7/3
    assert (g["n_professionals_q1"], g["n_professionals_median"], g["n_professionals_q3"]) == (1.5, 2.0, 3.0)
    assert close(g["n_professionals_mean"], F(7, 3))
    # at risk: b (4 professionals); c has UPC 0.5 but only 2 contacts
    assert g["clients_at_risk"] == 1 and close(g["share_at_risk"], F(1, 3))
    stricter = relational(table, by=["team"], risk=Risk(professionals=2, upc=0.6, min_contacts=2)).to_pylist()[0]
    assert stricter["clients_at_risk"] == 2


def test_client_belongs_to_the_group_of_most_contacts():
    rows = [("a", "X", 0, "1", "T1"), ("a", "Y", 7, "2", "T2"), ("a", "Y", 14, "3", "T2"),
            ("b", "X", 0, "4", "T1"), ("b", "Y", 7, "5", "T2")]  # b: tie, latest contact in T2
    groups = {r["team"]: r["clients"] for r in relational(contacts(rows), by=["team"]).to_pylist()}
    assert groups == {"T2": 2}


def test_small_groups_are_suppressed():
    rows = [r + ("T",) for r in sequence("a", list("AB"))]
    measured = relational(contacts(rows), by=["team"])
    table, hidden = suppress_table(measured, relational_layout(measured.column_names), 10)
    row = table.to_pylist()[0]
    assert hidden[0] >= {"clients", "upc_median", "share_at_risk", "coc_mean"}
    assert row["suppressed"] and row["clients"] is None and row["upc_median"] is None and row["team"] == "T"


# -- a slow reference in plain Python, and properties ------------------------------------------
def reference(rows):
    out = {}
    for client in {r[0] for r in rows}:
        seq = sorted((r for r in rows if r[0] == client), key=lambda r: (r[2], r[3]))
        n = len(seq)
        counts = Counter(r[1] for r in seq)
        nop = len(counts)
        same = sum(1 for a, b in zip(seq, seq[1:]) if a[1] == b[1])
        last_pos = {r[1]: i for i, r in enumerate(seq)}
        main = max(counts, key=lambda p: (counts[p], last_pos[p]))
        days = [r[2] for r in seq if r[1] == main]
        out[client] = {
            "n_contacts": n, "n_professionals": nop, "upc": F(max(counts.values()), n),
            "coc": F(sum(c * c for c in counts.values()) - n, n * (n - 1)) if n >= 2 else None,
            "secon": F(same, n - 1) if n >= 2 else None,
            "mmci": (1 - F(nop) / (n + F(1, 10))) / (1 - 1 / (n + F(1, 10))),
            "hhi": F(sum(c * c for c in counts.values()), n * n),
            "k": F(n - nop, n - 1) if n >= 2 else None,
            "main_relationship_days": max(days) - min(days), "handovers": n - 1 - same,
        }
    return out


contact_rows = st.lists(
    st.tuples(st.sampled_from("abcde"), st.sampled_from("PQRS"), st.integers(0, 40), st.integers(0, 10**6)),
    min_size=1, max_size=60, unique_by=lambda r: r[3],
).map(lambda rows: [(c, p, d, f"k{i:07d}") for c, p, d, i in rows])


@settings(max_examples=60, deadline=None)
@given(rows=contact_rows, seed=st.integers(0, 1000))
def test_agrees_with_reference_and_properties(rows, seed):
    got = by_client(relational(contacts(rows)))
    expected = reference(rows)
    assert set(got) == set(expected)
    for client, exp in expected.items():
        r = got[client]
        for key, value in exp.items():
            assert close(r[key], value), (client, key, r[key], value)
        assert 1 / r["n_professionals"] - 1e-12 <= r["upc"] <= 1
        assert r["coc"] is None or -1e-12 <= r["coc"] <= 1 + 1e-12
        assert r["hhi"] >= 1 / r["n_professionals"] - 1e-12
        if r["secon"] is not None:
            assert r["handovers"] == round((r["n_contacts"] - 1) * (1 - r["secon"]))
    # Renaming professionals and shuffling rows change nothing.
    rename = dict(zip("PQRS", "ZYXW"))
    shuffled = [(c, rename[p], d, k) for c, p, d, k in rows]
    random.Random(seed).shuffle(shuffled)
    assert relational(contacts(shuffled)).to_pylist() == relational(contacts(rows)).to_pylist()


def test_a_duckdb_connection_with_only_the_required_columns():
    import duckdb

    con = duckdb.connect()
    few = contacts(sequence("a", list("ABAB")))  # noqa: F841 (read by DuckDB below)
    con.execute("CREATE TABLE contacts AS SELECT client_id, professional_id, date, contact_id FROM few")
    r = by_client(relational(con))["a"]
    assert r["n_contacts"] == 4 and r["handovers"] == 3


def test_a_duckdb_view_is_copied_and_the_copy_dropped():
    import duckdb

    con = duckdb.connect()
    few = contacts(sequence("a", list("AABA")) + sequence("b", ["C"]))  # noqa: F841 (read by DuckDB below)
    con.execute("CREATE TABLE raw AS SELECT * FROM few")
    con.execute("CREATE VIEW contacts AS SELECT * FROM raw WHERE client_id <> 'b'")
    got = by_client(relational(con))
    # a: A A B A -> n 4, handovers 2, main A from day 0 to day 21; b is outside the view.
    assert set(got) == {"a"} and (got["a"]["n_contacts"], got["a"]["handovers"]) == (4, 2)
    assert got["a"]["main_relationship_days"] == 21
    left = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'vt_%'").fetchall()[0][0]
    assert left == 0


def test_a_parquet_file_of_contacts(tmp_path):
    import pyarrow.parquet as pq

    rows = sequence("a", list("ABAB")) + sequence("b", list("CCD"), start=3)
    pq.write_table(contacts(rows), tmp_path / "contacts.parquet")
    got = by_client(relational(tmp_path / "contacts.parquet"))
    # a alternates: 3 handovers; b: C C D, one handover, main C over 7 days (by hand).
    assert (got["a"]["handovers"], got["b"]["handovers"], got["b"]["main_relationship_days"]) == (3, 1, 7)
    assert close(got["b"]["coc"], F(4 + 1 - 3, 3 * 2))


def test_the_fast_path_knows_its_limits():
    from vertrouwd.measures._duckdb import fits_keyed_path

    day = dt.date(2000, 1, 1)
    assert fits_keyed_path(10, day, day + dt.timedelta(days=(1 << 17) - 1))
    assert not fits_keyed_path(10, day, day + dt.timedelta(days=1 << 17))  # the day needs 18 bits
    assert not fits_keyed_path(1 << 30, day, day)  # a count n_j << 34 might not fit in 64 bits
    assert not fits_keyed_path(10, None, day)


def test_contacts_over_more_than_358_years_are_measured_exactly():
    # Beyond the fast path's 17 bits of days: P in 1800, Q, P in 2200 (by hand: n 3,
    # handovers 2, main P over the whole span).
    first, last = dt.date(1800, 1, 1), dt.date(2200, 1, 1)
    table = pa.table({"client_id": ["a"] * 3, "professional_id": ["P", "Q", "P"],
                      "date": pa.array([first, dt.date(2000, 1, 1), last], pa.date32()),
                      "contact_id": ["1", "2", "3"]})
    r = by_client(relational(table))["a"]
    assert (r["n_contacts"], r["handovers"], r["main_relationship_days"]) == (3, 2, (last - first).days)


# -- the fast keyed path on DuckDB and its hand-back to the exact path -------------------------
def keyed(rows, con=None):
    import duckdb

    from vertrouwd.measures._duckdb import keyed_per_client_sql

    con = con or duckdb.connect()
    few = contacts(rows)
    con.register("few", few.append_column("vt_row", pa.array(range(few.num_rows), pa.int64())))
    return by_client(con.sql(keyed_per_client_sql("few")).to_arrow_table())


def same_day_switch(rows, client):
    days = {}
    for c, p, d, _ in rows:
        if c == client:
            days.setdefault(d, set()).add(p)
    return any(len(ps) > 1 for ps in days.values())


@settings(max_examples=60, deadline=None)
@given(rows=contact_rows)
def test_keyed_path_flags_exactly_the_clients_whose_day_order_matters(rows):
    got, expected = keyed(rows), reference(rows)
    assert set(got) == set(expected)
    for client, exp in expected.items():
        assert got[client]["day_order_matters"] == same_day_switch(rows, client)
        if not got[client]["day_order_matters"]:
            for key, value in exp.items():
                assert close(got[client][key], value), (client, key)


@settings(max_examples=60, deadline=None)
@given(rows=contact_rows)
def test_keyed_path_in_exact_order_agrees_with_reference(rows):
    import duckdb

    from vertrouwd.measures._duckdb import keyed_in_order_sql

    con = duckdb.connect()
    con.register("few", contacts(rows))
    con.execute("CREATE TABLE keys AS SELECT DISTINCT hash(client_id) AS client_key, client_id FROM few")
    got = by_client(con.sql(keyed_in_order_sql("few", "keys")).to_arrow_table())
    expected = reference(rows)
    assert set(got) == set(expected)
    for client, exp in expected.items():
        for key, value in exp.items():
            assert close(got[client][key], value), (client, key)


def test_keyed_path_alone_on_contacts_on_distinct_days():
    # a: P P Q P over four days, no same-day contacts: nothing to hand back.
    rows = sequence("a", list("PPQP")) + sequence("b", list("RS"), gap=1)
    got = keyed(rows)
    assert not got["a"]["day_order_matters"] and not got["b"]["day_order_matters"]
    assert got["a"]["handovers"] == 2 and close(got["a"]["secon"], F(1, 3))
    assert got["a"]["main_relationship_days"] == 21  # P from day 0 to day 21
    assert got["b"]["main_relationship_days"] == 0   # tie 1-1: S, seen last


def test_one_row_per_client_when_several_contacts_share_the_first_day():
    # a: P, P on day 0, then Q; b: R, S on day 0 (a same-day switch, handed back); c: one
    # contact. By hand: a has n=3, handovers 1; b n=2, 1.
    rows = sequence("a", list("PP"), gap=0) + [("a", "Q", 7, "a-100")] + sequence("b", list("RS"), gap=0) + [
        ("c", "T", 3, "c-000")]
    table = relational(contacts(rows))
    assert sorted(table["client_id"].to_pylist()) == ["a", "b", "c"]
    got = by_client(table)
    assert (got["a"]["n_contacts"], got["a"]["handovers"]) == (3, 1)
    assert (got["b"]["n_contacts"], got["b"]["handovers"]) == (2, 1)
    assert got["c"]["n_contacts"] == 1


def test_contacts_before_1970():
    # Dates from 1900 on are valid; a client seen in 1963 by P, P, Q: n=3, handovers 1,
    # main professional P over 7 days (by hand).
    rows = sequence("a", list("PPQ"), start=-22000)
    got = by_client(relational(contacts(rows)))["a"]
    assert got["first_date"] == D0 - dt.timedelta(days=22000)
    assert (got["n_contacts"], got["handovers"], got["main_relationship_days"]) == (3, 1, 7)


def test_groups_from_one_per_client_table_equal_the_separate_calls():
    rows = [("a", "X", 0, "1", "T1"), ("a", "Y", 7, "2", "T2"), ("a", "Y", 14, "3", "T2"),
            ("b", "X", 0, "4", "T1"), ("b", "X", 7, "5", "T1"), ("c", "Z", 3, "6", "T1"), ("c", "X", 9, "7", "T1")]
    table = contacts(rows)
    per_client, grouped = relational_groups(table, [["team"]])
    assert per_client.equals(relational(table))
    assert grouped[0].equals(relational(table, by=["team"]))
