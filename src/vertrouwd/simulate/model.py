"""Scenario simulator, summary mode: what policy and staffing levers do to continuity.

Time runs in weeks. Each client is looked after by one position in a team; the position
is held by one professional at a time. A professional leaves with a constant hazard
(`annual_outflow` per year) and the position is filled again after `vacancy_weeks`
(0: at once); while it is empty, a colleague of the team covers each contact (a new face
each time). At every tender (every `tender_years`), with probability
`provider_change_probability` another provider wins the team's area and every position
gets a new professional. A client has a contact in a week with probability
1 / `contact_weeks`.

Professionals never return to a client in this model, so a client's contacts form stints
with one professional each, and the stints are the segments between two changes of their
position's holder. The contacts in a segment of L weeks are Binomial(L, 1 / contact_weeks):
one draw per segment instead of one per week, so the work grows with the number of changes,
not with the number of weeks. Distinct professionals, UPC and COC follow exactly from the
stints.

Common random numbers: each random process (departures, tenders, contacts, placement) draws
from its own stream, so two scenarios differ only where their levers make them differ, and
a lever that changes nothing gives identical results.
"""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
import pyarrow as pa

from vertrouwd.errors import VertrouwdError
from vertrouwd.simulate.synth import Municipality, _bsn_ids


@dataclass(frozen=True)
class Scenario:
    name: str = "basis"
    clients: int = 10_000
    years: float = 10.0
    annual_outflow: float = 0.17  # hazard of leaving per year (CBS: about 17% of social-work staff a year)
    vacancy_weeks: int = 0
    tender_years: float = 3.0  # 0: no tenders (long-term subsidy)
    provider_change_probability: float = 0.35
    team_size: int = 10
    caseload_cap: int = 20
    contact_weeks: float = 2.0  # a contact every ... weeks on average


PRESETS: dict[str, Scenario] = {
    # Neighbourhood team: 17% outflow (CBS), re-tendered every 3 years with a one in three
    # chance of a new provider, a contact every two weeks.
    "buurtteam": Scenario(name="buurtteam"),
    # The same team on a long-term subsidy: no tenders.
    "buurtteam-subsidie": Scenario(name="buurtteam-subsidie", tender_years=0.0),
    # Long-term support in bijstand trajectories: a consultant every four weeks, contracts of 4 years.
    "bijstand": Scenario(name="bijstand", contact_weeks=4.0, tender_years=4.0, caseload_cap=60),
}


def load_scenario(name_or_path: str) -> Scenario:
    """A preset by name, or a TOML file with any of the Scenario fields."""
    if name_or_path in PRESETS:
        return PRESETS[name_or_path]
    path = Path(name_or_path)
    if not path.is_file():
        raise VertrouwdError("simulate.unknown", value=name_or_path, presets=", ".join(PRESETS))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise VertrouwdError("simulate.toml", path=path, reason=str(err)) from None
    preset = data.pop("preset", None)
    if preset is not None and preset not in PRESETS:
        raise VertrouwdError("simulate.unknown", value=preset, presets=", ".join(PRESETS))
    known = [f.name for f in fields(Scenario)]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise VertrouwdError("simulate.lever", path=path, value=", ".join(unknown), levers=", ".join(["preset", *known]))
    base = PRESETS[preset] if preset else Scenario()
    return replace(base, name=data.pop("name", path.stem), **data)


@dataclass(frozen=True)
class Outcome:
    professionals_mean: float  # distinct professionals per client
    upc_mean: float
    coc_mean: float
    broken_per_100_per_year: float  # relationships broken by departures or provider changes
    share_at_risk: float  # 4+ professionals, or UPC under 0.5 with 4+ contacts


def _run(scenario: Scenario, seed: int) -> "_Run":
    weeks = int(round(scenario.years * 52))
    n = scenario.clients
    per_team = max(1, scenario.team_size)
    positions = max(per_team, math.ceil(n / max(1, scenario.caseload_cap) / per_team) * per_team)
    teams = positions // per_team
    streams = np.random.SeedSequence(seed).spawn(4)
    leave_rng, contact_rng, tender_rng, place_rng = (np.random.default_rng(s) for s in streams)
    position = place_rng.integers(0, positions, n)

    # 1. When each position changes hands: departures (geometric gaps, constant hazard) and
    #    provider changes at tenders (all positions of a team at once).
    p_leave = 1 - math.exp(-scenario.annual_outflow / 52)
    events_w, events_p, departure = [], [], []
    if p_leave > 0:
        expected = weeks * p_leave
        width = int(expected + 6 * math.sqrt(expected) + 8)
        gaps = leave_rng.geometric(p_leave, size=(positions, width))  # weeks until the next departure
        when = np.cumsum(gaps, axis=1) - 1
        row, col = np.nonzero(when < weeks)
        events_w.append(when[row, col])
        events_p.append(row)
        departure.append(np.ones(len(row), bool))
    tender_every = int(round(scenario.tender_years * 52)) if scenario.tender_years > 0 else 0
    n_tenders = (weeks - 1) // tender_every if tender_every else 0
    change = tender_rng.random((max(n_tenders, 1), teams)) < scenario.provider_change_probability
    for k in range(n_tenders):
        changed = np.flatnonzero(np.repeat(change[k], per_team))
        events_w.append(np.full(len(changed), (k + 1) * tender_every))
        events_p.append(changed)
        departure.append(np.zeros(len(changed), bool))
    if events_w:
        week_of, pos_of, is_departure = (np.concatenate(events_w), np.concatenate(events_p),
                                         np.concatenate(departure))
    else:
        week_of = pos_of = np.zeros(0, np.int64)
        is_departure = np.zeros(0, bool)
    # One change per position and week; when a departure and a provider change coincide,
    # the new provider's professional starts at once (no vacancy).
    order = np.lexsort((is_departure, week_of, pos_of))
    week_of, pos_of, is_departure = week_of[order], pos_of[order], is_departure[order]
    keep = np.r_[True, (np.diff(pos_of) != 0) | (np.diff(week_of) != 0)] if len(order) else np.zeros(0, bool)
    week_of, pos_of, is_departure = week_of[keep], pos_of[keep], is_departure[keep]

    # 2. Each client's segments: the weeks between two changes of their position's holder.
    #    A vacancy after a departure is a segment of its own, covered by colleagues.
    clients_at = np.bincount(position, minlength=positions)
    broken = int(clients_at[pos_of].sum())
    events_at = np.bincount(pos_of, minlength=positions)  # changes per position (events sorted by position)
    seg_counts = events_at + 1
    seg_first = np.r_[0, np.cumsum(seg_counts)[:-1]]
    rank = np.arange(len(pos_of)) - np.r_[0, np.cumsum(events_at)[:-1]][pos_of]
    slot = seg_first[pos_of] + rank + 1  # the segment each change opens
    seg_start = np.zeros(int(seg_counts.sum()), np.int64)
    seg_start[slot] = week_of
    seg_end = np.r_[seg_start[1:], weeks]
    seg_end[seg_first + seg_counts - 1] = weeks
    seg_len = seg_end - seg_start
    after_departure = np.zeros(len(seg_start), bool)
    after_departure[slot] = is_departure
    # one row per (client, segment of their position)
    rows_per_client = seg_counts[position]
    client_of = np.repeat(np.arange(n), rows_per_client)
    offset = np.arange(len(client_of)) - np.repeat(np.cumsum(rows_per_client) - rows_per_client, rows_per_client)
    segment = seg_first[position][client_of] + offset
    q = 1 / scenario.contact_weeks
    # The first `vacancy_weeks` after a departure the position is empty: a colleague of the team
    # covers each contact (a new face each time; with a team of one there is nobody to cover).
    if scenario.vacancy_weeks:
        cover = np.minimum(seg_len[segment], scenario.vacancy_weeks) * after_departure[segment]
        covered = contact_rng.binomial(cover, q * (per_team - 1) / per_team)
    else:
        cover = covered = np.zeros(len(segment), np.int64)
    seen = contact_rng.binomial(seg_len[segment] - cover, q)  # contacts with the segment's professional

    return _Run(weeks, per_team, position, seg_start, seg_end, np.repeat(np.arange(positions), seg_counts),
                client_of, segment, seen, covered, rows_per_client, broken, change[:n_tenders], tender_every)


@dataclass
class _Run:
    """One run of the model: the segments of every position and the contacts per (client, segment)."""

    weeks: int
    per_team: int
    position: np.ndarray  # client -> position
    seg_start: np.ndarray
    seg_end: np.ndarray
    seg_position: np.ndarray
    client_of: np.ndarray  # row -> client (rows grouped by client)
    segment: np.ndarray  # row -> segment
    seen: np.ndarray  # row -> contacts with the segment's professional
    covered: np.ndarray  # row -> contacts covered by colleagues during a vacancy
    rows_per_client: np.ndarray
    broken: int
    changes: np.ndarray  # tender x team: did the provider change
    tender_every: int


def simulate(scenario: Scenario, seed: int = 1) -> Outcome:
    run = _run(scenario, seed)
    n, client_of, seen, covered = scenario.clients, run.client_of, run.seen, run.covered

    contacts = np.bincount(client_of, weights=seen + covered, minlength=n)
    distinct = np.bincount(client_of, weights=(seen > 0) + covered, minlength=n)
    squares = np.bincount(client_of, weights=seen.astype(float) ** 2 + covered, minlength=n)
    # rows are grouped by client (every client has at least one): reduce each client's run
    first_row = np.r_[0, np.cumsum(run.rows_per_client)[:-1]]
    longest = np.maximum.reduceat(np.maximum(seen, (covered > 0).astype(seen.dtype)), first_row)

    had = contacts > 0
    c, nop = contacts[had], distinct[had]
    upc = longest[had] / c
    coc = np.where(c >= 2, (squares[had] - c) / np.maximum(c * (c - 1), 1), np.nan)
    at_risk = (nop >= 4) | ((c >= 4) & (upc < 0.5))
    return Outcome(float(nop.mean()), float(upc.mean()), float(np.nanmean(coc)),
                   100 * run.broken / n / scenario.years, float(at_risk.mean()))


START = dt.date(2020, 1, 6)  # a Monday: week w of a simulation starts START + 7 w days


def materialize(scenario: Scenario, seed: int = 1) -> Municipality:
    """The same run as `simulate(scenario, seed)`, written out as data in the data model:
    every contact, every professional's spell, the clients and the contracts, so the
    importer, all measures and the report run on it. Each segment's professional is one
    person; contacts fall on weekdays of their weeks (drawn from a stream of their own, so
    the summary figures are exactly those of `simulate`)."""
    if scenario.vacancy_weeks:
        raise VertrouwdError("simulate.materialize_vacancy")
    run = _run(scenario, seed)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 99]))
    teams_of_segment = run.seg_position // run.per_team
    n_tenders = len(run.changes)
    tender_weeks = np.arange(1, n_tenders + 1) * run.tender_every
    provider_index = np.vstack([np.zeros((1, run.changes.shape[1] if n_tenders else 1), np.int64),
                                np.cumsum(run.changes, axis=0)]) if n_tenders else None
    k = np.searchsorted(tender_weeks, run.seg_start, side="right") if n_tenders else np.zeros(len(run.seg_start), int)
    provider = provider_index[k, teams_of_segment] if n_tenders else np.zeros(len(run.seg_start), np.int64)
    org_names = np.array([f"Aanbieder {chr(65 + i % 26)}{i // 26 or ''}" for i in range(int(provider.max()) + 1)])
    day = lambda weeks: pa.array(np.datetime64(START, "D") + np.asarray(weeks) * 7, pa.date32())  # noqa: E731

    rows = np.repeat(np.arange(len(run.seen)), run.seen)
    seg = run.segment[rows]
    week = run.seg_start[seg] + (rng.random(len(rows)) * (run.seg_end[seg] - run.seg_start[seg])).astype(np.int64)
    dates = np.datetime64(START, "D") + week * 7 + rng.integers(0, 5, len(rows))
    order = np.lexsort((run.client_of[rows], dates))
    rows, seg, dates = rows[order], seg[order], dates[order]
    client_ids = _bsn_ids(seed, scenario.clients)
    team_names = np.array([f"Team {t + 1}" for t in range(int(teams_of_segment.max()) + 1)])
    areas = np.array([f"WK99{t + 1:04d}" for t in range(len(team_names))])
    professional_ids = np.char.add("sim", np.char.zfill(np.arange(len(run.seg_start)).astype(str), 7))
    contacts = pa.table({
        "contact_id": np.char.add("s", np.char.zfill(np.arange(1, len(rows) + 1).astype(str), 9)),
        "client_id": client_ids[run.client_of[rows]],
        "professional_id": professional_ids[seg],
        "date": pa.array(dates, pa.date32()),
        "organization": org_names[provider[seg]],
        "team": team_names[teams_of_segment[seg]],
        "area": areas[teams_of_segment[seg]],
    })
    ended = run.seg_end < run.weeks
    end_dates = np.datetime64(START, "D") + run.seg_end * 7 - 1
    professionals = pa.table({
        "professional_id": professional_ids,
        "organization": org_names[provider],
        "start_date": day(run.seg_start),
        "end_date": pa.array(np.where(ended, end_dates, np.datetime64("NaT")), pa.date32()),
        "team": team_names[teams_of_segment],
        "fte": np.ones(len(professional_ids)),
        "caseload_cap": np.full(len(professional_ids), scenario.caseload_cap, np.int64),
    })
    client_team = run.position // run.per_team
    clients = pa.table({"client_id": client_ids, "area": areas[client_team]})
    bounds = np.r_[0, tender_weeks, run.weeks] if n_tenders else np.array([0, run.weeks])
    contract_rows = []
    for t, area in enumerate(areas):
        for j in range(len(bounds) - 1):
            index = int(provider_index[j, t]) if n_tenders else 0
            contract_rows.append({"contract_id": f"SIM-{t + 1}-{j + 1}", "municipality": "Simulatiegemeente",
                                  "organization": org_names[index], "start": bounds[j], "end": bounds[j + 1],
                                  "area": area, "procurement": "tender" if n_tenders else "subsidy"})
    contracts = pa.table({
        "contract_id": [r["contract_id"] for r in contract_rows],
        "municipality": [r["municipality"] for r in contract_rows],
        "organization": [r["organization"] for r in contract_rows],
        "start_date": day([r["start"] for r in contract_rows]),
        "end_date": pa.array(np.datetime64(START, "D") + np.array([r["end"] for r in contract_rows]) * 7 - 1,
                             pa.date32()),
        "area": [r["area"] for r in contract_rows],
        "procurement": [r["procurement"] for r in contract_rows],
    })
    return Municipality(contacts, professionals, clients, contracts)
