"""Organisational measures and the links between the levels, on small tables worked out by
hand (day counts in the comments), on every engine."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as F

import pyarrow as pa

from vertrouwd.measures import broken_relationships, caseloads, staff_flows

d = dt.date


def professionals(rows):
    """rows: (id, start, end, fte, cap[, organization, team])."""
    return pa.table({
        "professional_id": [r[0] for r in rows],
        "organization": [r[5] if len(r) > 5 else "O" for r in rows],
        "team": [r[6] if len(r) > 6 else "T" for r in rows],
        "start_date": pa.array([r[1] for r in rows], pa.date32()),
        "end_date": pa.array([r[2] for r in rows], pa.date32()),
        "fte": pa.array([r[3] for r in rows], pa.float64()),
        "caseload_cap": pa.array([r[4] for r in rows], pa.int64()),
    })


def contacts(rows):
    """rows: (client, professional, date)."""
    return pa.table({
        "client_id": [r[0] for r in rows],
        "professional_id": [r[1] for r in rows],
        "date": pa.array([r[2] for r in rows], pa.date32()),
        "contact_id": [f"k{i:04d}" for i in range(len(rows))],
        "organization": ["O"] * len(rows),
        "team": ["T"] * len(rows),
    })


def close(a, b):
    return abs(float(a) - float(b)) <= 1e-12


def test_staff_flows_in_a_leap_year(engine):
    staff = professionals([
        ("P1", d(2020, 1, 1), None, 1.0, None),         # all of 2024: 366 days
        ("P2", d(2024, 7, 1), None, 0.5, None),         # joiner: 1 Jul - 31 Dec = 184 days
        ("P3", d(2019, 3, 1), d(2024, 3, 31), None, None),  # leaver: 31 + 29 + 31 = 91 days, fte 1
        ("P4", d(2024, 2, 1), d(2024, 5, 31), 0.8, None),   # both: 29 + 31 + 30 + 31 = 121 days
    ])
    source = {"professionals": staff, "contacts": contacts([("A", "P1", d(2024, 1, 1))])}
    row = staff_flows(source, start=d(2024, 1, 1), end=d(2024, 12, 31), engine=engine).to_pylist()[0]
    assert row["period"] == "2024" and row["organization"] == "O"
    headcount = F(366 + 184 + 91 + 121, 366)
    assert close(row["headcount"], headcount)
    assert close(row["fte"], F(3660 + 920 + 910 + 968, 10 * 366))
    assert (row["joiners"], row["leavers"], row["staff_at_start"]) == (2, 2, 2)
    assert close(row["outflow_rate"], 2 / headcount)
    assert close(row["stability_index"], F(1, 2))  # P1 stayed, P3 left
    # employed on 31 Dec: P1 (1826 days) and P2 (183 days)
    assert close(row["median_tenure_years"], F(1826 + 183, 2) / F(36525, 100))


def test_caseload_counts_the_60_days_before_the_month(engine):
    staff = professionals([("P1", d(2020, 1, 1), None, 1.0, 1), ("P2", d(2020, 1, 1), None, 1.0, 5)])
    seen = contacts([
        ("A", "P1", d(2024, 1, 1)),    # 1 Mar 2024 - 60 days = 1 Jan 2024: counts for March
        ("B", "P1", d(2024, 3, 10)),
        ("C", "P1", d(2023, 12, 31)),  # 61 days before March: not in March
    ])
    rows = {r["period"]: r for r in caseloads({"professionals": staff, "contacts": seen}, engine=engine,
                                               start=d(2024, 3, 1), end=d(2024, 3, 31)).to_pylist()}
    march = rows["2024-03"]
    assert march["professionals"] == 2  # P2 counts, with no clients
    assert close(march["caseload_mean"], 1) and close(march["caseload_median"], 1)
    assert march["with_cap"] == 2 and close(march["share_over_cap"], F(1, 2))  # P1: 2 clients, cap 1


def test_relationships_broken_by_a_departure(engine):
    staff = professionals([("P1", d(2018, 1, 1), d(2024, 6, 30), 1.0, 20)]
                          + [(p, d(2018, 1, 1), None, 1.0, 20) for p in ("P2", "P3", "P4", "P5")])
    seen = contacts([
        ("A", "P2", d(2024, 3, 1)), ("A", "P1", d(2024, 5, 1)), ("A", "P1", d(2024, 6, 1)),
        ("A", "P2", d(2024, 7, 15)),                                     # known face
        ("B", "P1", d(2024, 6, 10)), ("B", "P3", d(2024, 6, 20)), ("B", "P3", d(2024, 6, 25)),  # main P3
        ("C", "P1", d(2024, 6, 15)), ("C", "P4", d(2024, 7, 5)),        # stranger
        ("D", "P1", d(2024, 6, 20)), ("D", "P2", d(2024, 9, 15)),       # 77 days later: lost
        ("E", "P1", d(2023, 11, 1)),                                     # 242 days before: not theirs
        ("F", "P1", d(2024, 5, 1)), ("F", "P5", d(2024, 6, 5)),         # tie, P5 more recent
        ("G", "P5", d(2024, 5, 1)), ("G", "P1", d(2024, 6, 5)),         # tie, P1 more recent; no next: lost
    ])
    source = {"professionals": staff, "contacts": seen}
    detail = {r["client_id"]: r["outcome"] for r in broken_relationships(source, detail=True, engine=engine).to_pylist()}
    assert detail == {"A": "known_face", "C": "stranger", "D": "lost", "G": "lost"}
    row = broken_relationships(source, engine=engine).to_pylist()
    assert [(r["period"], r["organization"]) for r in row] == [("2024", "O")]
    row = row[0]
    assert (row["broken"], row["known_face"], row["stranger"], row["lost"]) == (4, 1, 1, 2)
    assert close(row["share_lost"], F(1, 2))
    assert row["active_clients"] == 6  # A, B, C, D, F, G had contact in 2024; E did not
    assert close(row["broken_per_100_clients"], F(400, 6))


def test_an_applied_handover_counts_in_the_receivers_caseload(engine):
    staff = professionals([("P1", d(2020, 1, 1), None, 1.0, 5), ("P2", d(2020, 1, 1), None, 1.0, 5)])
    seen = contacts([("A", "P1", d(2024, 1, 10)), ("B", "P2", d(2024, 3, 5))])
    handed = pa.table({"client_id": ["A"], "to_professional": ["P2"],
                       "handover_date": pa.array([d(2024, 3, 1)], pa.date32())})
    without = {r["period"]: r for r in caseloads({"professionals": staff, "contacts": seen}, by=[], engine=engine,
                                                 start=d(2024, 3, 1), end=d(2024, 3, 31)).to_pylist()}
    with_handover = {r["period"]: r for r in caseloads({"professionals": staff, "contacts": seen, "handovers": handed}, engine=engine,
                                                       by=[], start=d(2024, 3, 1), end=d(2024, 3, 31)).to_pylist()}
    # March: P1 has A (contact 10 Jan is within 60 days of 1 Mar) and P2 has B: mean 1;
    # with the handover of A to P2 on 1 March, P2 has A and B: mean (1 + 2) / 2
    assert close(without["2024-03"]["caseload_mean"], 1)
    assert close(with_handover["2024-03"]["caseload_mean"], F(3, 2))


def test_kinds_of_outflow_in_a_leap_year(engine):
    """Leaving the organisation, the team, the data, and going with a lost contract, each
    counted apart (day counts in the comments)."""
    staff = professionals([
        ("P1", d(2020, 1, 1), d(2024, 3, 31), 1.0, None, "O", "T"),   # Jan-Mar: 31 + 29 + 31 = 91 days
        ("P1", d(2024, 4, 1), None, 1.0, None, "O", "U"),              # another team of O: 275 days
        ("P2", d(2020, 1, 1), d(2024, 6, 30), 1.0, None, "O", "T"),   # 182 days; on to Q 32 days later
        ("P2", d(2024, 8, 1), None, 1.0, None, "Q", "T2"),
        ("P3", d(2019, 1, 1), d(2024, 9, 30), 1.0, None, "O", "T"),   # 274 days; the day O's contract in A ends
        ("P4", d(2020, 1, 1), d(2024, 12, 31), 1.0, None, "O", "T"),  # 366 days; back at O 152 days later
        ("P4", d(2025, 6, 1), None, 1.0, None, "O", "T"),
        ("P5", d(2020, 1, 1), None, 1.0, None, "Q", "T2"),
    ])
    deals = pa.table({
        "contract_id": ["K1", "K2", "K3", "K4"], "municipality": ["M"] * 4, "organization": ["O", "Q", "O", "O"],
        "start_date": pa.array([d(2021, 10, 1), d(2024, 10, 1), d(2022, 1, 1), d(2025, 1, 1)], pa.date32()),
        "end_date": pa.array([d(2024, 9, 30), d(2027, 9, 30), d(2024, 12, 31), d(2027, 12, 31)], pa.date32()),
        "max_end_date": pa.array([None] * 4, pa.date32()), "area": ["A", "A", "B", "B"], "domain": ["wmo"] * 4,
        "procurement": ["tender"] * 4,
    })  # O loses area A to Q on 1 October; in B, O follows itself on 1 January
    source = {"professionals": staff, "contacts": contacts([("A", "P5", d(2024, 1, 1))]), "contracts": deals}
    rows = {r["organization"]: r for r in staff_flows(source, start=d(2024, 1, 1), end=d(2024, 12, 31),
                                                        engine=engine).to_pylist()}
    o = rows["O"]
    assert o["leavers"] == 4  # spells that ended: P1 (team), P2, P3, P4
    assert (o["left_organisation"], o["left_team"], o["left_data"], o["contract_ended"]) == (3, 1, 2, 1)
    headcount = F(91 + 275 + 182 + 274 + 366, 366)
    assert close(o["outflow_organisation"], 3 / headcount) and close(o["outflow_team"], 1 / headcount)
    assert close(o["outflow_data"], 2 / headcount) and close(o["outflow_contract_ended"], 1 / headcount)
    assert (rows["Q"]["leavers"], rows["Q"]["left_organisation"]) == (0, 0)
    without = staff_flows({"professionals": staff, "contacts": source["contacts"]}, start=d(2024, 1, 1),
                          end=d(2024, 12, 31), engine=engine).to_pylist()
    assert {r["organization"]: r["contract_ended"] for r in without}["O"] is None  # no contracts: not known
