"""Policy-level measures and the provider-change link, on small tables worked out by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction as F

import pyarrow as pa
import pytest

from vertrouwd.measures import contract_durations, hands_per_household, provider_change_continuity, provider_churn

d = dt.date


def contracts(rows):
    """rows: (id, organization, start, end, max_end, area, domain)."""
    return pa.table({
        "contract_id": [r[0] for r in rows], "municipality": ["M"] * len(rows), "organization": [r[1] for r in rows],
        "start_date": pa.array([r[2] for r in rows], pa.date32()), "end_date": pa.array([r[3] for r in rows], pa.date32()),
        "max_end_date": pa.array([r[4] for r in rows], pa.date32()), "area": [r[5] for r in rows],
        "domain": [r[6] for r in rows], "procurement": ["tender"] * len(rows),
    })


def close(a, b):
    return abs(float(a) - float(b)) <= 1e-12


def test_contract_durations_and_share_over_six_years(engine):
    table = contracts([
        ("K1", "A", d(2020, 1, 1), d(2022, 12, 31), d(2026, 12, 31), "W1", "jeugd"),  # 1096 days; max 2557 days
        ("K2", "B", d(2021, 1, 1), d(2023, 12, 31), d(2025, 12, 31), "W2", "jeugd"),  # 1095 days; max 1826 days
    ])
    row = contract_durations({"contracts": table}, by=["domain"], engine=engine).to_pylist()[0]
    assert row["contracts"] == 2
    assert close(row["planned_years_mean"], F(1096 + 1095, 2) / F(36525, 100))
    assert close(row["maximum_years_median"], F(2557 + 1826, 2) / F(36525, 100))
    assert close(row["share_max_over_6_years"], F(1, 2))  # 2557 days = 7.0 years > 6; 1826 = 5.0


def test_provider_churn_per_council_period(engine):
    table = contracts([
        ("K1", "A", d(2016, 1, 1), d(2019, 12, 31), None, "W1", "jeugd"),
        ("K2", "A", d(2020, 1, 1), d(2023, 6, 30), None, "W1", "jeugd"),   # A serves W1 2016 - mid 2023
        ("K3", "B", d(2023, 7, 1), d(2027, 6, 30), None, "W1", "jeugd"),   # B from mid 2023
    ])
    rows = {r["period"]: r for r in provider_churn({"contracts": table}, engine=engine).to_pylist()}
    # council periods run from 1 April of the election year: 2014-04-01 .. 2018-03-31, ...
    assert set(rows) == {"2014–2018", "2018–2022", "2022–2026", "2026–2030"}
    assert (rows["2014–2018"]["providers_started"], rows["2014–2018"]["providers_stopped"]) == (1, 0)
    assert (rows["2018–2022"]["providers_started"], rows["2018–2022"]["providers_stopped"]) == (0, 0)
    assert (rows["2022–2026"]["providers_started"], rows["2022–2026"]["providers_stopped"],
            rows["2022–2026"]["providers_serving"]) == (1, 1, 2)
    assert (rows["2026–2030"]["providers_stopped"], rows["2026–2030"]["providers_serving"]) == (1, 1)

    # as it stood at the end of 2025: no period that has not begun, no stop that is only planned
    now = {r["period"]: r for r in provider_churn({"contracts": table}, as_of=d(2025, 12, 31),
                                                  engine=engine).to_pylist()}
    assert set(now) == {"2014–2018", "2018–2022", "2022–2026"}
    assert (now["2022–2026"]["providers_started"], now["2022–2026"]["providers_stopped"],
            now["2022–2026"]["providers_serving"]) == (1, 1, 2)
    early = provider_churn({"contracts": table}, as_of=d(2023, 6, 1), engine=engine).to_pylist()
    assert {r["period"]: r["providers_stopped"] for r in early} == {"2014–2018": 0, "2018–2022": 0, "2022–2026": 0}
    assert {r["period"]: r["providers_serving"] for r in early}["2022–2026"] == 1  # B starts in July 2023


def test_hands_per_household(engine):
    seen = pa.table({
        "client_id": ["c1", "c2", "c3", "c4", "c5"],
        "household_id": ["H1", "H1", "H1", "H2", "H2"],
        "professional_id": ["P1", "P2", "P3", "P4", "P4"],
        "organization": ["O1", "O2", "O3", "O1", "O1"],
        "date": pa.array([d(2024, 1, 5), d(2024, 2, 5), d(2024, 3, 5), d(2024, 1, 10), d(2024, 3, 10)], pa.date32()),
        "contact_id": ["1", "2", "3", "4", "5"],
    })
    row = hands_per_household({"contacts": seen}, engine=engine).to_pylist()[0]
    assert row["period"] == "2024-Q1" and row["households"] == 2
    assert close(row["organisations_mean"], F(3 + 1, 2)) and close(row["professionals_mean"], F(3 + 1, 2))
    assert close(row["share_3_or_more_organisations"], F(1, 2))
    assert close(row["share_3_or_more_professionals"], F(1, 2))  # H1 saw P1, P2, P3; H2 only P4


def test_continuity_before_and_after_a_provider_change(engine):
    table = contracts([
        ("K1", "A", d(2022, 1, 1), d(2024, 6, 30), None, "W1", "jeugd"),
        ("K2", "B", d(2024, 7, 1), d(2027, 6, 30), None, "W1", "jeugd"),
        ("K3", "C", d(2022, 1, 1), d(2027, 6, 30), None, "W2", "jeugd"),  # no change in W2
    ])
    rows = []
    # before (1 Jul 2023 - 30 Jun 2024): x sees P1 twice (UPC 1); y sees P1, P2 (UPC 1/2)
    rows += [("x", "P1", d(2023, 9, 1)), ("x", "P1", d(2023, 10, 1)), ("y", "P1", d(2024, 1, 1)), ("y", "P2", d(2024, 2, 1))]
    # after (1 Jul 2024 - 30 Jun 2025): x sees Q1..Q4 (4 professionals, UPC 1/4); y sees Q1 twice
    rows += [("x", f"Q{i}", d(2024, 7, i)) for i in range(1, 5)] + [("y", "Q1", d(2024, 8, 1)), ("y", "Q1", d(2024, 9, 1))]
    rows += [("z", "R1", d(2024, 1, 1)), ("z", "R2", d(2024, 8, 1))]  # area W2: not counted
    rows += [("z", "R2", d(2025, 1, 10))]  # the contacts run to 10 Jan 2025: over half of the after window
    seen = pa.table({
        "client_id": [r[0] for r in rows], "professional_id": [r[1] for r in rows],
        "date": pa.array([r[2] for r in rows], pa.date32()), "contact_id": [f"k{i}" for i in range(len(rows))],
        "area": ["W2" if r[0] == "z" else "W1" for r in rows], "domain": ["jeugd"] * len(rows),
    })
    result = {r["side"]: r for r in provider_change_continuity({"contracts": table, "contacts": seen}, engine=engine).to_pylist()}
    assert result["before"]["changed_on"] == d(2024, 7, 1) and result["before"]["organization_after"] == "B"
    # the windows are cut at the contacts' first and last day (1 Sep 2023, 10 Jan 2025)
    assert (result["before"]["from"], result["before"]["to"]) == (d(2023, 9, 1), d(2024, 6, 30))
    assert (result["after"]["from"], result["after"]["to"]) == (d(2024, 7, 1), d(2025, 1, 10))
    assert result["before"]["clients"] == 2 and close(result["before"]["upc_median"], F(3, 4))
    assert close(result["before"]["share_4_or_more_professionals"], 0)
    assert result["after"]["clients"] == 2 and close(result["after"]["upc_median"], F(5, 8))  # (1/4 + 1) / 2
    assert close(result["after"]["share_4_or_more_professionals"], F(1, 2))
    assert close(result["after"]["upc_mean"], F(5, 8)) and close(result["after"]["share_at_risk"], F(1, 2))


@pytest.mark.parametrize("changed_on, shown", [
    (d(2022, 12, 28), False),  # before the contacts start
    (d(2023, 1, 5), False),    # four days of "before"
    (d(2023, 7, 1), True),     # six months before it, a year after it
    (d(2024, 7, 1), True),     # a year before, six months after
    (d(2024, 7, 2), False),    # less than six months after
])
def test_a_provider_change_is_shown_when_the_contacts_cover_half_of_each_window(changed_on, shown):
    table = contracts([
        ("K1", "A", d(2020, 1, 1), changed_on - dt.timedelta(days=1), None, "W1", "jeugd"),
        ("K2", "B", changed_on, d(2027, 12, 31), None, "W1", "jeugd"),
    ])
    days = [d(2023, 1, 1), d(2024, 12, 31)]  # the contacts run through 2023 and 2024
    seen = pa.table({"client_id": ["x", "x"], "professional_id": ["P", "P"], "date": pa.array(days, pa.date32()),
                     "contact_id": ["1", "2"], "area": ["W1", "W1"], "domain": ["jeugd", "jeugd"]})
    assert provider_change_continuity({"contracts": table, "contacts": seen}).num_rows == (2 if shown else 0)
