"""A synthetic municipality: contracts, organisations, staff, clients, contacts.

The three levels drive each other as in the design: contracts decide which organisation
serves an area for a domain; when a tender moves an area to another provider, the old
team's staff leave and its clients move to the new provider's staff; staff leave at a
constant hazard (`annual_outflow`) and are replaced after a vacancy; a leaver's clients go
to a colleague with room (the less loaded of two picked at random); clients see their own
worker every one to four weeks and now and then a colleague.

Days are counted from `levers.start`; everything is driven by one seeded generator, so
the same levers give the same files.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from vertrouwd.files import atomic_write
from vertrouwd.simulate.levers import DOMAINS, Levers

AREA_NAMES = ("Centrum", "Noord", "Oost", "Zuid", "West", "Haven", "Dorp", "Park",
              "Molenwijk", "Beekdal", "Heide", "Kern")
PROVIDERS = {
    "jeugd": ("Jeugdhulp De Brug", "Kompas Jeugd", "Samen Jong"),
    "wmo": ("Buurtteam Voorbeeld", "Zorgzaam Thuis", "WijkKracht"),
    "participatie": ("Werkpunt", "Route naar Werk", "Schuldhulp Plus"),
}
PROCUREMENT = {"jeugd": "tender", "wmo": "tender", "participatie": "subsidy"}
INTERVENTIONS = {
    "jeugd": ("Ambulante gezinsbegeleiding", "Multisysteemtherapie", "Jeugdbescherming", "Opvoedondersteuning"),
    "wmo": ("Begeleiding individueel", "Dagbesteding", "Huishoudelijke ondersteuning"),
    "participatie": ("Schuldhulpverlening", "Re-integratietraject", "Bijstandsbegeleiding"),
}
ROLES = {"jeugd": "jeugdhulpverlener", "wmo": "wijkteammedewerker", "participatie": "klantmanager"}
KINDS = (("face-to-face", 0.65, 45, 90), ("phone", 0.25, 10, 30), ("video", 0.10, 30, 60))
NEVER = 10**9
FTES = (0.6, 0.7, 0.8, 0.9, 1.0)
MEAN_FTE = sum(FTES) / len(FTES)


@dataclass
class Municipality:
    contacts: pa.Table
    professionals: pa.Table
    clients: pa.Table
    contracts: pa.Table

    def tables(self) -> dict[str, pa.Table]:
        return {"contacts": self.contacts, "professionals": self.professionals,
                "clients": self.clients, "contracts": self.contracts}


@dataclass
class _Instance:
    """An organisation serving one (area, domain) without interruption, split into teams."""

    org: str
    area: int
    domain: int
    start: int
    end: int  # exclusive, clipped to the window
    subs: list[int]


def synthesize(levers: Levers = Levers(), progress: Callable[[str], None] | None = None) -> Municipality:
    rng = np.random.default_rng(levers.seed)
    step = progress or (lambda _: None)
    n_days = levers.days
    step("clients")
    clients = _clients(levers, rng)
    step("contracts")
    contracts, instances = _contracts(levers, rng)
    step("staff")
    staff = _staff(levers, rng, instances, clients)
    step("caseloads")
    segments = _assign(levers, rng, instances, staff, clients)
    step("contacts")
    contacts = _contacts(levers, rng, clients, staff, segments, n_days)
    return Municipality(contacts, _professionals_table(levers, staff, n_days),
                        _clients_table(levers, clients), contracts)


# -- clients and households --------------------------------------------------------------
def _clients(levers: Levers, rng: np.random.Generator) -> dict[str, np.ndarray]:
    n, n_days = levers.clients, levers.days
    shares = np.array(levers.household_sizes) / sum(levers.household_sizes)
    sizes = rng.choice(np.arange(1, len(shares) + 1), p=shares, size=n)
    household = np.repeat(np.arange(n), sizes)[:n]
    n_households = household[-1] + 1
    first = np.r_[True, household[1:] != household[:-1]]
    member = np.arange(n) - np.maximum.accumulate(np.where(first, np.arange(n), 0))

    area_weights = rng.dirichlet(np.full(levers.n_areas, 5.0))
    hh_area = rng.choice(levers.n_areas, p=area_weights, size=n_households)
    hh_start = rng.uniform(-365, n_days - 30, n_households)
    hh_domain = rng.choice(len(DOMAINS), p=np.array(levers.domain_shares) / sum(levers.domain_shares),
                           size=n_households)
    # Other members of a household are mostly children in youth care.
    domain = np.where(member == 0, hh_domain[household],
                      np.where(rng.random(n) < 0.6, DOMAINS.index("jeugd"), hh_domain[household]))
    start = hh_start[household] + np.where(member > 0, rng.integers(0, 60, n), 0)
    lo, hi = levers.trajectory_days
    length = np.clip(rng.lognormal(math.log(levers.trajectory_median_days), levers.trajectory_sigma, n), lo, hi)
    late = start + length <= 7  # over before the data starts: start again inside the window
    start = np.where(late, rng.uniform(0, n_days - 30, n), start)
    start = np.floor(start).astype(np.int64)
    end = start + np.ceil(length).astype(np.int64)
    age = np.where(domain == DOMAINS.index("jeugd"), rng.integers(0, 18, n), rng.integers(18, 86, n))
    intervention = rng.integers(0, 1 << 30, n)  # taken modulo the length of the domain's list
    return {"client_id": _bsn_ids(levers.seed, n), "household_id": _household_ids(household),
            "household": household, "area": hh_area[household], "domain": domain, "start": start,
            "end": end, "birth_year": levers.start.year + (start // 365) - age, "intervention": intervention,
            "rhythm": rng.integers(levers.contact_interval_days[0], levers.contact_interval_days[1] + 1, n)}


# -- contracts and who serves an area ------------------------------------------------------
def _contracts(levers: Levers, rng: np.random.Generator) -> tuple[pa.Table, list[_Instance]]:
    n_days = levers.days
    rows: list[dict] = []
    instances: list[_Instance] = []
    forced = (0, DOMAINS.index("jeugd"))  # make sure at least one area changes provider mid-way
    counter = 0
    for area in range(levers.n_areas):
        for d, domain in enumerate(DOMAINS):
            subsidy = PROCUREMENT[domain] == "subsidy"
            years = 1.0 if subsidy else levers.tender_years
            change = 0.05 if subsidy else levers.provider_change_probability
            providers = PROVIDERS[domain]
            org = providers[rng.integers(len(providers))]
            start = -int(rng.integers(180, int(years * 365) + 181))
            periods: list[tuple[str, int, int]] = []
            while start < n_days:
                planned = start + int(years * 365) - 1
                maximum = planned if subsidy else planned + int(levers.extension_years * 365)
                end = maximum if (not subsidy and rng.random() < levers.extension_probability) else planned
                if (area, d) == forced and start < n_days // 2 <= end:
                    end = n_days // 2 - 1  # ended early; the next tender goes to another provider
                counter += 1
                rows.append({"contract_id": f"VB-{domain[:2].upper()}-{counter:04d}", "municipality": levers.municipality,
                             "organization": org, "start_date": start, "end_date": end, "max_end_date": max(maximum, end),
                             "domain": domain, "area": _area_code(area), "procurement": PROCUREMENT[domain]})
                periods.append((org, start, end + 1))
                if (area, d) == forced and end == n_days // 2 - 1 or rng.random() < change:
                    org = rng.choice([p for p in providers if p != org])
                start = end + 1
            instances += _merge(periods, area, d, n_days)
    table = pa.table({k: [r[k] for r in rows] for k in rows[0]})
    for name in ("start_date", "end_date", "max_end_date"):
        table = table.set_column(table.schema.get_field_index(name), name, _dates(levers, np.array(table[name])))
    return table, instances


def _merge(periods: list[tuple[str, int, int]], area: int, domain: int, n_days: int) -> list[_Instance]:
    """Contiguous contracts of one organisation form one serving instance, clipped to the window."""
    out: list[_Instance] = []
    for org, start, end in periods:
        start, end = max(start, 0), min(end, n_days)
        if start >= end:
            continue
        if out and out[-1].org == org and out[-1].end == start:
            out[-1].end = end
        else:
            out.append(_Instance(org, area, domain, start, end, []))
    return out


def _area_code(area: int) -> str:
    return f"WK9999{area:02d}"


# -- staff ---------------------------------------------------------------------------------
def _staff(levers: Levers, rng: np.random.Generator, instances: list[_Instance],
           clients: dict[str, np.ndarray]) -> dict[str, np.ndarray | list]:
    """Staff each serving instance for its expected caseload; leavers are replaced after a vacancy.

    Staff of a provider that loses its contract leave with it. The leaving hazard is set so
    that those departures plus ordinary ones add up to `annual_outflow`.
    """
    n_days = levers.days
    sizes = []
    for inst in instances:
        mine = (clients["area"] == inst.area) & (clients["domain"] == inst.domain)
        overlap = np.clip(np.minimum(clients["end"][mine], inst.end) - np.maximum(clients["start"][mine], inst.start), 0, None)
        active = overlap.sum() / (inst.end - inst.start)
        cap = levers.caseload_cap[DOMAINS[inst.domain]]
        sizes.append(max(2, math.ceil(active / (cap * MEAN_FTE * levers.target_load))))
    headcount = sum(size * (inst.end - inst.start) for size, inst in zip(sizes, instances)) / n_days
    dissolved = sum(size for size, inst in zip(sizes, instances) if inst.end < n_days) / levers.years
    hazard = max(0.25 * levers.annual_outflow, levers.annual_outflow - dissolved / headcount) / 365.0

    sub_names: list[str] = []
    sub_orgs: list[str] = []
    sub_domains: list[int] = []
    workers: dict[str, list] = {k: [] for k in ("start", "leave", "sub", "fte", "cap")}
    for size, inst in zip(sizes, instances):
        domain = DOMAINS[inst.domain]
        cap = levers.caseload_cap[domain]
        n_subs = math.ceil(size / levers.team_size)
        per_sub = math.ceil(size / n_subs)
        for s in range(n_subs):
            sub = len(sub_names)
            inst.subs.append(sub)
            sub_orgs.append(inst.org)
            sub_domains.append(inst.domain)
            label = f"{AREA_NAMES[inst.area % len(AREA_NAMES)]} {domain}" + (f" {s + 1}" if n_subs > 1 else "")
            sub_names.append(label)
            for _ in range(per_sub):
                if inst.start == 0:  # already employed when the data starts
                    begin = -int(rng.exponential(levers.mean_tenure_years * 365)) - 1
                else:
                    begin = inst.start - int(rng.integers(0, 60))
                while begin < inst.end:
                    leave = max(begin, 0) + int(rng.exponential(1 / hazard)) + 1
                    if inst.end < n_days:
                        leave = min(leave, inst.end)
                    fte = float(rng.choice(FTES))
                    workers["start"].append(begin)
                    workers["leave"].append(leave if leave < n_days else NEVER)
                    workers["sub"].append(sub)
                    workers["fte"].append(fte)
                    workers["cap"].append(max(1, round(cap * fte)))
                    begin = leave + int(rng.integers(*levers.vacancy_days))
    out: dict = {k: np.array(v) for k, v in workers.items()}
    out["sub_names"] = sub_names
    out["sub_orgs"] = sub_orgs
    out["sub_domains"] = sub_domains
    return out


# -- who sees whom: caseloads over time ---------------------------------------------------
class _Roster:
    """The staff of one team on a day, with O(1) add, remove and random pick."""

    def __init__(self) -> None:
        self.members: list[int] = []
        self.pos: dict[int, int] = {}

    def add(self, w: int) -> None:
        self.pos[w] = len(self.members)
        self.members.append(w)

    def remove(self, w: int) -> None:
        i = self.pos.pop(w)
        last = self.members.pop()
        if last != w:
            self.members[i] = last
            self.pos[last] = i


def _assign(levers: Levers, rng: np.random.Generator, instances: list[_Instance],
            staff: dict, clients: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Replay joins, leaves, provider changes and client arrivals; return assignment segments."""
    n_days = levers.days
    n_clients = len(clients["start"])
    n_workers = len(staff["start"])
    rosters = [_Roster() for _ in staff["sub_names"]]
    pending: list[set[int]] = [set() for _ in staff["sub_names"]]
    caseload: list[set[int]] = [set() for _ in range(n_workers)]
    cap = staff["cap"]
    worker_of = np.full(n_clients, -1)
    sub_of = np.full(n_clients, -1)
    serving: dict[tuple[int, int], tuple[list[int], list[_Instance]]] = {}
    for inst in instances:
        starts, insts = serving.setdefault((inst.area, inst.domain), ([], []))
        starts.append(inst.start)
        insts.append(inst)
    seg_client: list[int] = []
    seg_day: list[int] = []
    seg_worker: list[int] = []
    picks = rng.random(4 * (n_clients + n_workers) + 1024)
    pick_i = 0

    def random_index(n: int) -> int:
        nonlocal pick_i, picks
        if pick_i >= len(picks):
            picks, pick_i = rng.random(len(picks)), 0
        pick_i += 1
        return int(picks[pick_i - 1] * n)

    def place(c: int, sub: int, day: int) -> None:
        roster = rosters[sub].members
        sub_of[c] = sub
        if not roster:
            pending[sub].add(c)
            worker = -1
        else:
            worker = min(roster, key=lambda w: len(caseload[w]) / cap[w])  # the most room
            caseload[worker].add(c)
        worker_of[c] = worker
        seg_client.append(c)
        seg_day.append(day)
        seg_worker.append(worker)

    def instance_at(area: int, domain: int, day: int) -> _Instance:
        starts, insts = serving[(area, domain)]
        return insts[max(0, bisect.bisect_right(starts, day) - 1)]

    # Events: (day, order, kind, who). Order on one day: joins, provider changes, leaves, ends, starts.
    events: list[tuple[int, int, int]] = []
    for w in range(n_workers):
        if staff["start"][w] <= 0:
            rosters[staff["sub"][w]].add(w)
        else:
            events.append((int(staff["start"][w]), 0, w))
        if staff["leave"][w] < n_days:
            events.append((int(staff["leave"][w]), 2, w))
    for i, inst in enumerate(instances):
        if inst.end < n_days:
            events.append((inst.end, 1, i))
    for c in range(n_clients):
        if clients["end"][c] > 0 and clients["start"][c] < n_days:
            events.append((max(0, int(clients["start"][c])), 4, c))
            if clients["end"][c] < n_days:
                events.append((int(clients["end"][c]), 3, c))
    events.sort()
    area, domain = clients["area"], clients["domain"]
    for day, kind, who in events:
        if kind == 4:  # a client starts
            inst = instance_at(area[who], domain[who], day)
            place(who, inst.subs[random_index(len(inst.subs))], day)
        elif kind == 3:  # a client ends
            w = worker_of[who]
            if w >= 0:
                caseload[w].discard(who)
            else:
                pending[sub_of[who]].discard(who)
            worker_of[who] = -2
        elif kind == 0:  # a worker joins and takes over waiting clients
            sub = staff["sub"][who]
            rosters[sub].add(who)
            waiting, pending[sub] = pending[sub], set()
            for c in sorted(waiting):
                place(c, sub, day)
        elif kind == 2:  # a worker leaves; colleagues take over
            sub = staff["sub"][who]
            if who in rosters[sub].pos:
                rosters[sub].remove(who)
            moving, caseload[who] = caseload[who], set()
            for c in sorted(moving):
                place(c, sub, day)
        else:  # a provider change: the new provider's teams take over every client
            old = instances[who]
            new = instance_at(old.area, old.domain, day)
            for sub in old.subs:
                moving = set(pending[sub])
                pending[sub] = set()
                for w in rosters[sub].members:
                    moving |= caseload[w]
                    caseload[w] = set()
                for c in sorted(moving):
                    place(c, new.subs[random_index(len(new.subs))], day)
    return np.array(seg_client, np.int64), np.array(seg_day, np.int64), np.array(seg_worker, np.int64)


# -- contacts --------------------------------------------------------------------------------
def _contacts(levers: Levers, rng: np.random.Generator, clients: dict, staff: dict,
              segments: tuple[np.ndarray, np.ndarray, np.ndarray], n_days: int) -> pa.Table:
    start = np.maximum(clients["start"], 0)
    end = np.minimum(clients["end"], n_days)
    rhythm = clients["rhythm"]
    phase = rng.integers(0, rhythm)  # first contact within one rhythm of the window start
    first = np.where(clients["start"] >= 0, clients["start"], start + phase)
    counts = np.maximum(0, (end - first + rhythm - 1) // rhythm)
    client = np.repeat(np.arange(len(counts)), counts)
    k = np.arange(len(client)) - np.repeat(np.cumsum(counts) - counts, counts)
    jitter = np.rint(rng.uniform(-0.3, 0.3, len(client)) * rhythm[client]).astype(np.int64)
    day = first[client] + k * rhythm[client] + jitter
    keep = (day >= np.maximum(first[client], 0)) & (day < end[client])
    client, day = client[keep], day[keep]

    seg_client, seg_day, seg_worker = segments
    order = np.lexsort((seg_day, seg_client))
    seg_key = seg_client[order] * (n_days + 2) + seg_day[order]
    idx = np.searchsorted(seg_key, client * (n_days + 2) + day, side="right") - 1
    found = (idx >= 0) & (seg_client[order][np.maximum(idx, 0)] == client)
    worker = np.where(found, seg_worker[order][np.maximum(idx, 0)], -1)
    ok = worker >= 0
    client, day, worker = client[ok], day[ok], worker[ok]

    order = np.lexsort((day, client))
    client, day, worker = client[order], day[order], worker[order]
    worker = _faces(levers, rng, staff, clients, client, day, worker, n_days)
    order = np.lexsort((client, day))
    client, day, worker = client[order], day[order], worker[order]
    n = len(day)

    kind_names = np.array([k[0] for k in KINDS])
    kind = rng.choice(len(KINDS), p=[k[1] for k in KINDS], size=n)
    lo = np.array([k[2] for k in KINDS])[kind]
    hi = np.array([k[3] for k in KINDS])[kind]
    minutes = (rng.integers(0, 1 << 30, n) % (hi - lo + 1) + lo) // 5 * 5
    sub = staff["sub"][worker]
    domain_names = np.array(DOMAINS)
    interventions = _intervention_names(clients)
    return pa.table({
        "contact_id": pa.array(np.char.add("k", np.char.zfill(np.arange(1, n + 1).astype(str), 8))),
        "client_id": pa.array(clients["client_id"][client]),
        "professional_id": pa.array(_worker_ids(len(staff["start"]))[worker]),
        "date": _dates(levers, day),
        "organization": pa.array(np.array(staff["sub_orgs"])[sub]),
        "team": pa.array(np.array(staff["sub_names"])[sub]),
        "area": pa.array(np.array([_area_code(a) for a in range(levers.n_areas)])[clients["area"][client]]),
        "household_id": pa.array(clients["household_id"][client]),
        "domain": pa.array(domain_names[clients["domain"][client]]),
        "kind": pa.array(kind_names[kind]),
        "minutes": pa.array(minutes.astype(np.int64)),
        "intervention": pa.array(interventions[client]),
    })


def _faces(levers: Levers, rng: np.random.Generator, staff: dict, clients: dict, client: np.ndarray,
           day: np.ndarray, worker: np.ndarray, n_days: int) -> np.ndarray:
    """Who a client actually meets, given the worker assigned on each contact's day (contacts
    sorted by client, then day): a fixed partner on every other contact for clients served
    by a duo; a colleague who covers a worker's absence (one face for the whole spell); a
    colleague for the intake of a trajectory that starts in the window; and now and then a
    colleague for one contact."""
    team = _Team(staff, rng)
    worker = worker.copy()
    first = np.r_[True, client[1:] != client[:-1]]
    index = np.arange(len(client)) - np.maximum.accumulate(np.where(first, np.arange(len(client)), 0))
    # Duos: a partner chosen on the client's first contact, taking every other contact while
    # both work in the same team.
    duo = rng.random(len(clients["start"])) < _per_domain(levers.duo_share, clients["domain"])
    partner_of = np.full(len(clients["start"]), -1)
    starts = np.flatnonzero(first & duo[client])
    partner_of[client[starts]] = team.colleague(worker[starts], day[starts])
    partner = partner_of[client]
    turn = (index % 2 == 1) & (partner >= 0)
    turn &= team.at_work(partner, day) & (staff["sub"][np.maximum(partner, 0)] == staff["sub"][worker])
    worker[turn] = partner[turn]
    # Absence: spells of sick leave, each covered by one colleague.
    worker = _covered(levers, rng, staff, team, worker, day, n_days)
    # Intake by another worker when the trajectory starts inside the window.
    intake = first & (clients["start"][client] >= 0) & (rng.random(len(client)) < levers.intake_share)
    worker[intake] = _or_own(team.colleague(worker[intake], day[intake]), worker[intake])
    # A colleague now and then.
    once = rng.random(len(client)) < _per_domain(levers.colleague_share, clients["domain"][client])
    worker[once] = _or_own(team.colleague(worker[once], day[once]), worker[once])
    return worker


class _Team:
    """Colleagues: the staff of a worker's team, at work on a day."""

    def __init__(self, staff: dict, rng: np.random.Generator) -> None:
        self.staff, self.rng = staff, rng
        self.by_sub = np.argsort(staff["sub"], kind="stable")
        sub_sorted = staff["sub"][self.by_sub]
        n_subs = len(staff["sub_names"])
        self.first = np.searchsorted(sub_sorted, np.arange(n_subs))
        self.size = np.searchsorted(sub_sorted, np.arange(n_subs), side="right") - self.first

    def at_work(self, who: np.ndarray, day: np.ndarray) -> np.ndarray:
        safe = np.maximum(who, 0)
        return (who >= 0) & (self.staff["start"][safe] <= day) & (day < self.staff["leave"][safe])

    def colleague(self, worker: np.ndarray, day: np.ndarray, tries: int = 4) -> np.ndarray:
        """A random colleague of each worker's team at work that day; -1 where a few tries
        found none."""
        found = np.full(len(worker), -1)
        todo = np.arange(len(worker))
        for _ in range(tries):
            if not len(todo):
                break
            sub = self.staff["sub"][worker[todo]]
            candidate = self.by_sub[self.first[sub] + (self.rng.random(len(todo)) * self.size[sub]).astype(np.int64)]
            ok = self.at_work(candidate, day[todo]) & (candidate != worker[todo])
            found[todo[ok]] = candidate[ok]
            todo = todo[~ok]
        return found


def _per_domain(values: dict[str, float], domain: np.ndarray) -> np.ndarray:
    return np.array([values[d] for d in DOMAINS])[domain]


def _or_own(other: np.ndarray, own: np.ndarray) -> np.ndarray:
    return np.where(other >= 0, other, own)


def _covered(levers: Levers, rng: np.random.Generator, staff: dict, team: _Team, worker: np.ndarray,
             day: np.ndarray, n_days: int) -> np.ndarray:
    """Contacts that fall in a spell of the worker's sick leave go to the colleague who
    covers that spell. Spells: a share `sick_leave` of each worker's days in the window, in
    spells of on average `sick_days`."""
    begin = np.maximum(staff["start"], 0)
    end = np.minimum(staff["leave"], n_days)
    days = np.maximum(end - begin, 0)
    if levers.sick_leave <= 0 or not days.sum():
        return worker
    spells = rng.poisson(levers.sick_leave * days / levers.sick_days)
    who = np.repeat(np.arange(len(days)), spells)
    start = begin[who] + (rng.random(len(who)) * days[who]).astype(np.int64)
    stop = start + np.maximum(1, rng.exponential(levers.sick_days, len(who)).astype(np.int64))
    cover = team.colleague(who, start)
    order = np.lexsort((start, who))
    who, start, stop, cover = who[order], start[order], stop[order], cover[order]
    span = n_days + 1
    at = np.searchsorted(who * span + start, worker * span + day, side="right") - 1
    safe = np.maximum(at, 0)
    sick = (at >= 0) & (who[safe] == worker) & (day < stop[safe]) & (cover[safe] >= 0)
    sick &= team.at_work(cover[safe], day)
    return np.where(sick, cover[safe], worker)


def _intervention_names(clients: dict) -> np.ndarray:
    names = np.empty(len(clients["domain"]), dtype=object)
    for d, domain in enumerate(DOMAINS):
        mine = clients["domain"] == d
        options = np.array(INTERVENTIONS[domain], dtype=object)
        names[mine] = options[clients["intervention"][mine] % len(options)]
    return names


# -- identifiers as a source system would have them -------------------------------------------
def _bsn_ids(seed: int, n: int) -> np.ndarray:
    """n distinct nine-digit numbers that pass the elfproef, like BSNs (not real ones)."""
    rng = np.random.default_rng(seed + 7_000_003)
    want = int(n * 1.2) + 16
    offset = int(rng.integers(10**7, 9 * 10**7))
    prefix = (offset + np.arange(want, dtype=np.int64) * 7_919) % 10**8
    digits = (prefix[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    check = (digits * np.arange(9, 1, -1)).sum(axis=1) % 11
    valid = (check < 10) & (prefix > 0)
    number = prefix[valid] * 10 + check[valid]
    return np.char.zfill(number[:n].astype(str), 9)


def _worker_ids(n: int) -> np.ndarray:
    return np.char.add("mw", np.char.zfill(np.arange(1, n + 1).astype(str), 5))


def _household_ids(household: np.ndarray) -> np.ndarray:
    return np.char.add("hh", np.char.zfill((household + 1).astype(str), 6))


def _dates(levers: Levers, days: np.ndarray) -> pa.Array:
    base = np.datetime64(levers.start, "D")
    return pa.array(base + np.asarray(days, dtype="timedelta64[D]"), pa.date32())


def _professionals_table(levers: Levers, staff: dict, n_days: int) -> pa.Table:
    n = len(staff["start"])
    sub = staff["sub"]
    roles = np.array([ROLES[DOMAINS[d]] for d in staff["sub_domains"]])
    end = np.where(staff["leave"] < n_days, staff["leave"] - 1, 0)
    end_dates = _dates(levers, end)
    mask = pa.array(staff["leave"] >= n_days)
    return pa.table({
        "professional_id": pa.array(_worker_ids(n)),
        "organization": pa.array(np.array(staff["sub_orgs"])[sub]),
        "start_date": _dates(levers, staff["start"]),
        "end_date": pc.if_else(mask, pa.nulls(n, pa.date32()), end_dates),
        "team": pa.array(np.array(staff["sub_names"])[sub]),
        "role": pa.array(roles[sub]),
        "fte": pa.array(staff["fte"], pa.float64()),
        "caseload_cap": pa.array(staff["cap"], pa.int64()),
    })


def _clients_table(levers: Levers, clients: dict) -> pa.Table:
    return pa.table({
        "client_id": pa.array(clients["client_id"]),
        "household_id": pa.array(clients["household_id"]),
        "area": pa.array(np.array([_area_code(a) for a in range(levers.n_areas)])[clients["area"]]),
        "birth_year": pa.array(clients["birth_year"].astype(np.int64)),
        "domain": pa.array(np.array(DOMAINS)[clients["domain"]]),
    })


# -- files ------------------------------------------------------------------------------------
def write_municipality(municipality: Municipality, out: Path, fmt: str = "csv") -> dict[str, Path]:
    """Write the four tables; each file appears whole or not at all."""
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, table in municipality.tables().items():
        target = out / f"{name}.{fmt}"
        if fmt == "parquet":
            atomic_write(target, lambda tmp, table=table: pq.write_table(table, tmp))
        else:
            atomic_write(target, lambda tmp, table=table: pacsv.write_csv(
                table, tmp, pacsv.WriteOptions(quoting_style="needed")))
        written[name] = target
    return written
