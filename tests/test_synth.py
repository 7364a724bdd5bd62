"""The synthetic municipality is realistic enough to exercise later measures, and repeatable.

Each property is computed here in plain Python from the written tables, independently
of how the generator works."""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from collections import Counter, defaultdict

import pytest

from tests.conftest import run
from vertrouwd.privacy.pseudonyms import canonical_bsn
from vertrouwd.simulate import Levers, synthesize


@pytest.fixture(scope="module")
def town():
    return synthesize(Levers(clients=6000, years=3, seed=11))


def _records(table):
    return table.to_pylist()


def test_same_seed_same_files_other_seed_other_files(tmp_path):
    digests = []
    for seed, folder in ((4, "a"), (4, "b"), (5, "c")):
        result = run("synth", "--out", tmp_path / folder, "--clients", 500, "--years", 1, "--seed", seed)
        assert result.exit_code == 0, result.output
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / folder).iterdir()})
    assert digests[0] == digests[1]
    assert digests[0]["contacts.csv"] != digests[2]["contacts.csv"]
    assert set(digests[0]) == {"contacts.csv", "professionals.csv", "clients.csv", "contracts.csv"}


def test_parquet_output(tmp_path):
    assert run("synth", "--out", tmp_path, "--clients", 200, "--years", 1, "--format", "parquet").exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients.parquet", "contacts.parquet",
                                                         "contracts.parquet", "professionals.parquet"]


def test_client_ids_are_valid_bsns_and_unique(town):
    ids = town.clients["client_id"].to_pylist()
    assert len(set(ids)) == len(ids) == 6000
    assert all(canonical_bsn(i) == i for i in ids)


def test_staff_outflow_is_about_17_percent_a_year(town):
    start, end = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
    staff = _records(town.professionals)
    leavers = sum(1 for p in staff if p["end_date"] is not None and start <= p["end_date"] <= end)
    months = [dt.date(y, m, 1) for y in (2023, 2024, 2025) for m in range(1, 13)]
    headcount = statistics.mean(
        sum(1 for p in staff if p["start_date"] <= d and (p["end_date"] is None or p["end_date"] >= d)) for d in months)
    rate = leavers / 3 / headcount
    assert 0.13 <= rate <= 0.21, rate


def test_several_areas_organisations_and_a_provider_change(town):
    contacts = _records(town.contacts)
    assert len({c["area"] for c in contacts}) >= 4
    assert len({c["organization"] for c in contacts}) >= 6
    # For (area, domain), the organisations by month; a change is an area served by one
    # organisation that is later served by another, with clients who saw both.
    orgs_of_client = defaultdict(set)
    for c in contacts:
        orgs_of_client[(c["client_id"], c["domain"])].add(c["organization"])
    movers = [k for k, v in orgs_of_client.items() if len(v) > 1]
    assert len(movers) >= 20
    contracts = _records(town.contracts)
    by_pair = defaultdict(list)
    for k in contracts:
        by_pair[(k["area"], k["domain"])].append(k)
    changes = 0
    for pair in by_pair.values():
        pair.sort(key=lambda k: k["start_date"])
        for a, b in zip(pair, pair[1:]):
            assert b["start_date"] == a["end_date"] + dt.timedelta(days=1)  # no gaps, no overlaps
            if a["organization"] != b["organization"] and dt.date(2023, 1, 1) < b["start_date"] <= dt.date(2025, 12, 31):
                changes += 1
    assert changes >= 1


def test_contact_rhythm_and_own_worker(town):
    contacts = sorted(_records(town.contacts), key=lambda c: (c["client_id"], c["date"], c["contact_id"]))
    by_client = defaultdict(list)
    for c in contacts:
        by_client[c["client_id"]].append(c)
    gaps, own = [], []
    for seen in by_client.values():
        gaps += [(b["date"] - a["date"]).days for a, b in zip(seen, seen[1:])]
        counts = Counter(c["professional_id"] for c in seen)
        own.append(counts.most_common(1)[0][1] / len(seen))
    assert 7 <= statistics.median(gaps) <= 28
    assert statistics.mean(own) >= 0.75  # mostly their own worker
    assert statistics.mean(own) < 0.99  # but not always: colleagues and new workers appear
    assert sum(len(v) >= 2 for v in by_client.values()) / len(by_client) > 0.9


def test_contacts_are_with_people_employed_that_day(town):
    staff = {p["professional_id"]: p for p in _records(town.professionals)}
    for c in _records(town.contacts):
        p = staff[c["professional_id"]]
        assert p["start_date"] <= c["date"]
        assert p["end_date"] is None or c["date"] <= p["end_date"]
        assert p["organization"] == c["organization"] and p["team"] == c["team"]


def test_main_caseloads_stay_under_caps_and_the_clients_seen_come_near_them(town):
    """On three days: each professional's main caseload (active clients, a contact in the 90
    days before, whose main professional they are: the most contacts in the 180 days before,
    a tie to the one seen last) stays under their cap for nearly everyone; the clients they
    see (a contact in the month or the 60 days before it, covered and intake clients too)
    come near the cap for a typical professional, as in the field."""
    staff = {p["professional_id"]: p for p in _records(town.professionals)}
    contacts = sorted(_records(town.contacts), key=lambda c: (c["date"], c["contact_id"]))
    over_main, seen_ratio = [], []
    for day in (dt.date(2023, 7, 1), dt.date(2024, 7, 1), dt.date(2025, 7, 1)):
        recent = defaultdict(list)
        for c in contacts:
            if day - dt.timedelta(days=180) <= c["date"] < day:
                recent[c["client_id"]].append(c)
        main = Counter()
        for seen in recent.values():
            if seen[-1]["date"] >= day - dt.timedelta(days=90):
                counts = Counter(c["professional_id"] for c in seen)
                last = {c["professional_id"]: i for i, c in enumerate(seen)}
                main[max(counts, key=lambda p: (counts[p], last[p]))] += 1
        over_main += [load > staff[p]["caseload_cap"] for p, load in main.items()]
        month = defaultdict(set)
        for c in contacts:
            if day - dt.timedelta(days=60) <= c["date"] < day + dt.timedelta(days=31):
                month[c["professional_id"]].add(c["client_id"])
        seen_ratio += [len(clients) / staff[p]["caseload_cap"] for p, clients in month.items()]
    assert sum(over_main) / len(over_main) < 0.05
    assert 0.7 <= statistics.median(seen_ratio) <= 1.3


def test_households_and_trajectories(town):
    clients = _records(town.clients)
    sizes = Counter(Counter(c["household_id"] for c in clients).values())
    assert sizes[1] > sizes[2] > sizes[3] > 0
    by_client = defaultdict(list)
    for c in _records(town.contacts):
        by_client[c["client_id"]].append(c["date"])
    spans = [(max(d) - min(d)).days for d in by_client.values()]
    assert min(spans) < 60 and max(spans) > 700  # short and long trajectories


def _last_year_by_domain(town) -> dict[str, list[tuple[int, float]]]:
    """Per domain, for each client with 2+ contacts in the last 365 days: (distinct workers,
    UPC = the share of contacts with the most-seen worker), counted here from the rows."""
    contacts = _records(town.contacts)
    last = max(c["date"] for c in contacts)
    seen = defaultdict(Counter)
    domain = {}
    for c in contacts:
        if c["date"] > last - dt.timedelta(days=365):
            seen[c["client_id"]][c["professional_id"]] += 1
            domain[c["client_id"]] = c["domain"]
    out = defaultdict(list)
    for client, counts in seen.items():
        n = sum(counts.values())
        if n >= 2:
            out[domain[client]].append((len(counts), max(counts.values()) / n))
    return out


def test_continuity_has_the_spread_of_the_field(town):
    """Not a spike at UPC 1: in a year a typical client meets two or three workers (intake,
    cover for sick leave, a duo, a colleague now and then, a worker who leaves), youth care
    most, a klantmanager's clients least (targets and their grounds: docs/simulate.md)."""
    per_domain = _last_year_by_domain(town)
    four_plus = {d: sum(n >= 4 for n, _ in rows) / len(rows) for d, rows in per_domain.items()}
    median_upc = {d: statistics.median(u for _, u in rows) for d, rows in per_domain.items()}
    everyone = [row for rows in per_domain.values() for row in rows]
    assert 2 <= statistics.median(n for n, _ in everyone) <= 3
    assert 0.10 <= sum(n >= 4 for n, _ in everyone) / len(everyone) <= 0.35
    assert four_plus["jeugd"] > four_plus["wmo"] > four_plus["participatie"]
    assert median_upc["jeugd"] < median_upc["wmo"] < 1 and median_upc["participatie"] < 1


def test_sick_leave_is_covered_by_colleagues_for_about_its_share_of_contacts():
    """With every other source of a second face switched off, sick leave of 7% of working
    days moves about 7% of contacts to a colleague (a little less where nobody could cover)."""
    quiet = dict(clients=3000, years=2, seed=5, intake_share=0.0, colleague_share=dict.fromkeys(("jeugd", "wmo", "participatie"), 0.0),
                 duo_share=dict.fromkeys(("jeugd", "wmo", "participatie"), 0.0))
    without = synthesize(Levers(sick_leave=0.0, **quiet)).contacts
    with_sick = synthesize(Levers(sick_leave=0.07, **quiet)).contacts
    assert without["contact_id"].to_pylist() == with_sick["contact_id"].to_pylist()
    moved = sum(a != b for a, b in zip(without["professional_id"].to_pylist(), with_sick["professional_id"].to_pylist()))
    assert 0.04 <= moved / without.num_rows <= 0.08


def test_a_placement_preset_where_children_meet_tens_of_workers(tmp_path):
    """`synth --preset jeugdzorg-verblijf`: children in residential groups with shifts and
    re-placements; over ten years the median child in the data meets tens of workers."""
    import duckdb

    result = run("synth", "--out", tmp_path / "jz", "--preset", "jeugdzorg-verblijf", "--clients", 200,
                 "--years", 10, "--format", "parquet")
    assert result.exit_code == 0, result.output
    workers = duckdb.sql(f"SELECT median(n) FROM (SELECT client_id, count(DISTINCT professional_id) AS n "
                         f"FROM '{tmp_path / 'jz' / 'contacts.parquet'}' GROUP BY 1)").fetchall()[0][0]
    assert workers >= 20
