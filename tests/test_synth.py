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


def test_caseloads_stay_under_caps(town):
    """Active clients per professional in a month (a contact in the month or the 60 days
    before it, as the caseload measure counts them) compared with the professional's cap."""
    staff = {p["professional_id"]: p for p in _records(town.professionals)}
    contacts = _records(town.contacts)
    over = total = 0
    for month, month_end in ((dt.date(2023, 7, 1), dt.date(2023, 7, 31)), (dt.date(2024, 7, 1), dt.date(2024, 7, 31)),
                             (dt.date(2025, 7, 1), dt.date(2025, 7, 31))):
        clients = defaultdict(set)
        for c in contacts:
            if month - dt.timedelta(days=60) <= c["date"] <= month_end:
                clients[c["professional_id"]].add(c["client_id"])
        for pid, seen in clients.items():
            total += 1
            over += len(seen) > staff[pid]["caseload_cap"]
    assert over / total < 0.1


def test_households_and_trajectories(town):
    clients = _records(town.clients)
    sizes = Counter(Counter(c["household_id"] for c in clients).values())
    assert sizes[1] > sizes[2] > sizes[3] > 0
    by_client = defaultdict(list)
    for c in _records(town.contacts):
        by_client[c["client_id"]].append(c["date"])
    spans = [(max(d) - min(d)).days for d in by_client.values()]
    assert min(spans) < 60 and max(spans) > 700  # short and long trajectories
