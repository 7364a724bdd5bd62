"""Scenario simulator: what policy and staffing levers do to continuity.

Time runs in weeks. Professionals hold positions in teams; a client is served by a care
unit: one position (`handover = "room"` or `"known"`) or a small team of `care_team`
positions that share the client's care (`handover = "team"`, as in a residential group or
a Buurtzorg team). Each contact is with one of the unit's positions, and its face is
whoever works that position at the time.

A position changes hands when its professional leaves (constant hazard `annual_outflow`
per year; the position is empty for `vacancy_weeks`) or when another provider wins the
team's area at a tender (every `tender_years`, with probability
`provider_change_probability`; every position of the team gets a new professional at
once). A professional is off sick for spells of on average `sick_weeks`, a share
`sick_leave` of their time; an empty or absent position is covered by one colleague of the
team (`cover = "collega"`), by a fixed partner in the team (`"duo"`) or by a temporary
worker from outside (`"invaller"`), one face for the whole absence or vacancy. A client's time in care ends with a constant hazard
(mean `trajectory_years`; 0: the whole horizon) and a new client takes the place; youth
care re-places a child to a setting of another team at `replacement_rate` per year. With
`handover = "known"`, a client whose professional leaves goes to a colleague they met
while that colleague covered for them, if that colleague is still in post (the handover
planner's first rule); otherwise, and with `"room"`, to the newcomer.

The work grows with the number of changes, not of weeks: each position's time is cut into
segments with one face each, each client's time into pieces with one care unit, and the
contacts of a client in a segment are one Binomial draw (weeks, 1 / (contact_weeks ·
unit size)). Distinct professionals, UPC and COC follow exactly from the contacts per
(client, face).

Common random numbers: each random process (departures, contacts, tenders, placement,
sick leave, cover, trajectories, re-placements) draws from its own stream, so two
scenarios differ only where their levers make them differ, and a lever that changes
nothing gives identical results.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
import pyarrow as pa

from vertrouwd.errors import VertrouwdError
from vertrouwd.measures.groups import Risk
from vertrouwd.simulate.synth import Municipality, _bsn_ids

RISK = Risk()

HANDOVERS = ("room", "known", "team")
# the levers a reader needs to judge a scenario, written beside its results
ASSUMPTIONS = ("trajectory_years", "annual_outflow", "tender_years", "provider_change_probability", "sick_leave",
               "cover", "handover", "caseload_cap")
COVERS = ("collega", "duo", "invaller")


@dataclass(frozen=True)
class Scenario:
    name: str = "basis"
    clients: int = 10_000  # clients in care at any time
    years: float = 10.0
    annual_outflow: float = 0.17  # hazard of leaving per year (CBS: about 17% of social-work staff a year)
    vacancy_weeks: int = 0
    sick_leave: float = 0.07  # share of a professional's weeks off sick (CBS: 7.0-7.5% in zorg en welzijn, 2022-2023)
    sick_weeks: float = 6.0  # mean length of a spell of absence that needs cover
    cover: str = "collega"  # who covers an absence or a vacancy: "collega", "duo" or "invaller"
    tender_years: float = 3.0  # 0: no tenders (long-term subsidy)
    provider_change_probability: float = 0.35
    team_size: int = 10
    caseload_cap: int = 20  # clients per position
    contact_weeks: float = 2.0  # a contact every ... weeks on average (at least 1)
    trajectory_years: float = 0.0  # mean time in care; 0: the whole horizon
    handover: str = "room"  # "room", "known" or "team"
    care_team: int = 5  # with handover "team": positions that share a client's care
    replacement_rate: float = 0.0  # re-placements to another setting per client per year (youth care)

    def check(self, source: str = "scenario") -> "Scenario":
        """Refuse levers outside their range, naming the lever, its value and what is allowed."""
        def bad(lever: str, expected: str) -> VertrouwdError:
            return VertrouwdError("simulate.value", path=source, lever=lever, value=getattr(self, lever),
                                  expected=expected)

        for lever in ("annual_outflow", "sick_leave", "provider_change_probability"):
            if not 0 <= getattr(self, lever) < 1 or (lever == "annual_outflow" and not getattr(self, lever) < 5):
                raise bad(lever, "0 ≤ x < 1")
        for lever in ("tender_years", "trajectory_years", "replacement_rate", "vacancy_weeks"):
            if getattr(self, lever) < 0:
                raise bad(lever, "≥ 0")
        for lever in ("clients", "team_size", "caseload_cap", "care_team"):
            if getattr(self, lever) < 1:
                raise bad(lever, "≥ 1")
        if not self.years > 0:
            raise bad("years", "> 0")
        if self.contact_weeks < 1:
            raise bad("contact_weeks", "≥ 1")
        if self.sick_weeks < 1:
            raise bad("sick_weeks", "≥ 1")
        if self.handover not in HANDOVERS:
            raise bad("handover", " | ".join(HANDOVERS))
        if self.cover not in COVERS:
            raise bad("cover", " | ".join(COVERS))
        if self.handover == "team" and self.team_size % self.care_team:
            raise bad("care_team", f"team_size ({self.team_size}) % care_team = 0")
        return self


PRESETS: dict[str, Scenario] = {
    # Neighbourhood team: 17% outflow (CBS), 7% sick leave (CBS), re-tendered every 3 years
    # with a one in three chance of a new provider, a contact every two weeks.
    "buurtteam": Scenario(name="buurtteam"),
    # The same team on a long-term subsidy: no tenders.
    "buurtteam-subsidie": Scenario(name="buurtteam-subsidie", tender_years=0.0),
    # Long-term support in bijstand trajectories by the municipality's own klantmanagers (not
    # tendered): a conversation every four weeks, caseloads of 60.
    "bijstand": Scenario(name="bijstand", contact_weeks=4.0, tender_years=0.0, caseload_cap=60),
    # Children placed out of home in residential groups: a group of 10 workers shares each
    # child's care in shifts (weekly contact), absences covered by temporary workers, about
    # 6 re-placements in a stay of 4 years on average; settings are not re-tendered.
    # Calibrated on: 65 care workers per child placed out of home (Het Vergeten Kind, 2020)
    # and on average six re-placements (Verwey-Jonker Instituut for Het Vergeten Kind, 2025).
    "jeugdzorg-verblijf": Scenario(name="jeugdzorg-verblijf", handover="team", team_size=10, care_team=10,
                                   caseload_cap=1, contact_weeks=1.0, cover="invaller", tender_years=0.0,
                                   trajectory_years=4.0, replacement_rate=1.5, years=20.0),
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
    known = {f.name: f.type for f in fields(Scenario)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise VertrouwdError("simulate.lever", path=path, value=", ".join(unknown), levers=", ".join(["preset", *known]))
    for lever, value in data.items():  # TOML types against the lever's: 3 is a fine float, "3" is no number
        wanted = {"str": str, "int": int, "float": (int, float)}[known[lever]]
        if isinstance(value, bool) or not isinstance(value, wanted):
            raise VertrouwdError("simulate.value", path=path, lever=lever, value=value, expected=known[lever])
    base = PRESETS[preset] if preset else Scenario()
    return replace(base, name=data.pop("name", path.stem), **data).check(str(path))


@dataclass(frozen=True)
class Outcome:
    professionals_mean: float  # distinct professionals per client
    upc_mean: float
    coc_mean: float
    broken_per_100_per_year: float  # relationships broken by departures or provider changes, per 100 client-years
    share_at_risk: float  # at risk as the measures define it (`Risk`): 4+ professionals, or UPC under 0.5 with 4+ contacts
    staff_outflow: float  # leavers per position per year
    trajectory_professionals: float | None = None  # per completed trajectory of the clients in care at the start
    trajectory_replacements: float | None = None  # over every completed stay
    replacements_of_replaced: float | None = None  # over the completed stays with at least one re-placement


# kinds of segment: who the face of a position is
HOLDER, VACANCY, ABSENCE = 0, 1, 2
_STREAMS = ("leave", "contact", "tender", "place", "sick", "cover", "trajectory", "replace")


def _geometric_times(rng: np.random.Generator, p: float, rows: int, weeks: int, extra: float | None = None):
    """Event weeks of `rows` independent processes with weekly probability p, from week 0 on:
    (row, week) of every event before `weeks`. With `extra` (a mean length), an event lasts a
    geometric time and the next gap starts after it (spells of absence)."""
    if p <= 0 or rows == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), None
    expected = weeks / (1 / p + (extra or 0))
    width = int(expected + 6 * math.sqrt(expected) + 8)  # events per row drawn at once: enough but for ~1e-9
    while True:
        gaps = rng.geometric(p, size=(rows, width))
        lengths = rng.geometric(1 / extra, size=(rows, width)) if extra else np.zeros((rows, width), np.int64)
        when = np.cumsum(gaps + lengths, axis=1) - lengths - 1
        if (when[:, -1] >= weeks).all():
            break
        width *= 2  # a row ran out of events before the horizon: draw again, wider
    row, col = np.nonzero(when < weeks)
    return row, when[row, col], lengths[row, col] if extra else None


@dataclass
class _Positions:
    """The segments of every position's time, each with one face."""

    span: int  # weeks + 1: position p, week w has key p * span + w
    ten_key: np.ndarray  # tenures (a holder's time in a position) sorted by position, start
    ten_start: np.ndarray
    ten_present: np.ndarray  # when the holder starts (after a vacancy)
    ten_end: np.ndarray
    ten_after_departure: np.ndarray
    abs_start: np.ndarray  # spells of sick leave
    abs_end: np.ndarray
    seg_key: np.ndarray  # segments sorted by position, start
    seg_start: np.ndarray
    seg_end: np.ndarray
    seg_tenure: np.ndarray
    seg_kind: np.ndarray
    seg_face: np.ndarray
    faces: int  # face ids: tenures, then temporary workers for vacancies, then for absences
    departures: int
    changes: np.ndarray  # tender x team: did the provider change
    tender_every: int


def _positions(s: Scenario, positions: int, weeks: int, rng: dict) -> _Positions:
    per_team, span = s.team_size, weeks + 1
    teams = positions // per_team
    # 1. Changes of holder: departures (constant hazard) and provider changes at tenders.
    pos_d, week_d, _ = _geometric_times(rng["leave"], 1 - math.exp(-s.annual_outflow / 52), positions, weeks)
    tender_every = int(round(s.tender_years * 52)) if s.tender_years > 0 else 0
    n_tenders = (weeks - 1) // tender_every if tender_every else 0
    change = rng["tender"].random((max(n_tenders, 1), teams)) < s.provider_change_probability
    tender_k, team = np.nonzero(change[:n_tenders])
    pos_t = (team[:, None] * per_team + np.arange(per_team)).ravel()
    week_t = np.repeat((tender_k + 1) * tender_every, per_team)
    pos_c = np.r_[np.arange(positions), pos_d, pos_t]
    week_c = np.r_[np.zeros(positions, np.int64), week_d, week_t]
    departure = np.r_[np.zeros(positions, bool), np.ones(len(pos_d), bool), np.zeros(len(pos_t), bool)]
    # One change per position and week; when a departure and a provider change coincide,
    # the new provider's professional starts at once (no vacancy).
    order = np.lexsort((departure, week_c, pos_c))
    key = (pos_c * span + week_c)[order]
    first = np.r_[True, np.diff(key) != 0]
    ten_key, ten_after = key[first], departure[order][first]
    ten_pos, ten_start = ten_key // span, ten_key % span
    ten_end = np.r_[ten_start[1:], weeks]
    ten_end[np.r_[ten_pos[1:] != ten_pos[:-1], True]] = weeks
    present = np.minimum(ten_start + s.vacancy_weeks * ten_after, ten_end)  # the holder starts after a vacancy

    # 2. Spells of sick leave, while the holder is present; a departure ends a spell.
    abs_pos = abs_start = abs_end = np.zeros(0, np.int64)
    if s.sick_leave > 0:
        gap = s.sick_weeks * (1 - s.sick_leave) / s.sick_leave  # mean weeks at work between spells
        abs_pos, abs_start, length = _geometric_times(rng["sick"], 1 / max(gap, 1.0), positions, weeks,
                                                      extra=float(s.sick_weeks))
        tenure = np.searchsorted(ten_key, abs_pos * span + abs_start, side="right") - 1
        keep = abs_start >= present[tenure]
        abs_pos, abs_start, tenure = abs_pos[keep], abs_start[keep], tenure[keep]
        abs_end = np.minimum(abs_start + length[keep], ten_end[tenure])

    # 3. Segments: cut each position's time at every change of face.
    vacancy = (present > ten_start) & (present < ten_end)
    cuts = np.r_[ten_key, ten_pos[vacancy] * span + present[vacancy], abs_pos * span + abs_start,
                 abs_pos * span + abs_end]
    cuts.sort()
    seg_key = cuts[np.r_[True, cuts[1:] != cuts[:-1]]]
    seg_key = seg_key[seg_key % span < weeks]
    seg_pos, seg_start = seg_key // span, seg_key % span
    seg_end = np.r_[seg_start[1:], weeks]
    seg_end[np.r_[seg_pos[1:] != seg_pos[:-1], True]] = weeks
    seg_tenure = np.searchsorted(ten_key, seg_key, side="right") - 1
    kind = np.where(seg_start < present[seg_tenure], VACANCY, HOLDER)
    a = np.searchsorted(abs_pos * span + abs_start, seg_key, side="right") - 1
    found = a >= 0
    a = np.maximum(a, 0)
    in_absence = found & (kind == HOLDER) & (abs_pos[a] == seg_pos) & (seg_start < abs_end[a]) if len(abs_pos) \
        else np.zeros(len(seg_key), bool)
    kind[in_absence] = ABSENCE

    # 4. Faces: the holder, or who covers. A temporary worker is a new face for each vacancy
    #    (numbered by tenure) and each absence; a colleague is the holder of another position
    #    of the team, when they are in post for the whole cover (else a temporary worker does it).
    n_ten = len(ten_key)
    face = seg_tenure.copy()
    cover = kind != HOLDER
    temp = np.where(kind == ABSENCE, 2 * n_ten + a, n_ten + seg_tenure)
    if s.cover != "invaller" and per_team > 1:
        # one draw per tenure (its vacancy) and per absence, whatever else happens
        offset_v = rng["cover"].integers(1, per_team, n_ten)
        offset_a = rng["cover"].integers(1, per_team, max(len(abs_pos), 1))
        place = seg_pos % per_team
        if s.cover == "duo":  # fixed pairs 0-1, 2-3, ...; the last of an odd team pairs with the one before
            partner = np.where((place % 2 == 0) & (place + 1 < per_team), place + 1, place - 1)
        else:
            partner = (place + np.where(kind == ABSENCE, offset_a[a], offset_v[seg_tenure])) % per_team
        theirs = np.searchsorted(ten_key, (seg_pos - place + partner) * span + seg_start, side="right") - 1
        usable = (present[theirs] <= seg_start) & (ten_end[theirs] >= seg_end)
        face[cover] = np.where(usable, theirs, temp)[cover]
    else:
        face[cover] = temp[cover]
    return _Positions(span, ten_key, ten_start, present, ten_end, ten_after, abs_start, abs_end, seg_key, seg_start,
                      seg_end, seg_tenure, kind, face, 2 * n_ten + len(abs_pos), len(pos_d), change[:n_tenders],
                      tender_every)


@dataclass
class _Pieces:
    """Each client's time in care, cut where their care unit changes (pieces grouped by client)."""

    client: np.ndarray
    unit: np.ndarray
    start: np.ndarray
    end: np.ndarray
    moved: np.ndarray  # the piece begins with a re-placement
    clients: int
    cohort: np.ndarray  # clients in care at week 0 whose time in care ended within the horizon


def _pieces(s: Scenario, teams: int, per_team_units: int, weeks: int, rng: dict) -> _Pieces:
    n, span = s.clients, weeks + 1
    units = teams * per_team_units
    unit0 = np.sort(rng["place"].integers(0, units, n))  # clients numbered by unit: the work runs along memory
    p_end = 1 - math.exp(-1 / (s.trajectory_years * 52)) if s.trajectory_years > 0 else 0.0
    slot_e, week_e, _ = _geometric_times(rng["trajectory"], p_end, n, weeks)
    slot_m, week_m, _ = _geometric_times(rng["replace"], 1 - math.exp(-s.replacement_rate / 52), n, weeks)
    # a setting of another team (one spare value so that indexing works without re-placements)
    team_step = np.r_[rng["replace"].integers(1, max(teams, 2), len(slot_m)), 0]
    unit_in_team = np.r_[rng["replace"].integers(0, per_team_units, len(slot_m)), 0]
    e, m = week_e > 0, week_m > 0
    key = np.r_[np.arange(n) * span, slot_e[e] * span + week_e[e], slot_m[m] * span + week_m[m]]
    new = np.r_[np.ones(n, bool), np.ones(e.sum(), bool), np.zeros(m.sum(), bool)]
    move = np.r_[-np.ones(n + e.sum(), np.int64), np.flatnonzero(m)]  # which re-placement draw
    order = np.lexsort((~new, key))
    key, new, move = key[order], new[order], move[order]
    first = np.r_[True, np.diff(key) != 0]  # a new client in the same week as a re-placement wins
    key, new, move = key[first], new[first], move[first]
    slot, start = key // span, key % span
    end = np.r_[start[1:], weeks]
    slot_last = np.r_[slot[1:] != slot[:-1], True]
    end[slot_last] = weeks
    moved = move >= 0
    client = np.cumsum(new) - 1
    # the team after each re-placement: the slot's first team plus the steps so far
    slot_first = np.r_[True, slot[1:] != slot[:-1]]
    step = np.where(moved, team_step[np.maximum(move, 0)], 0) if teams > 1 else np.zeros(len(key), np.int64)
    steps = np.cumsum(step)
    steps -= np.maximum.accumulate(np.where(slot_first, steps - step, 0))
    team = (unit0[slot] // per_team_units + steps) % teams
    source = np.maximum.accumulate(np.where(moved | slot_first, np.arange(len(key)), 0))
    within = np.where(moved[source], unit_in_team[np.maximum(move[source], 0)], unit0[slot] % per_team_units)
    clients = int(client[-1]) + 1
    client_start = np.full(clients, weeks, np.int64)
    np.minimum.at(client_start, client, start)
    client_end = np.zeros(clients, np.int64)
    np.maximum.at(client_end, client, end)
    cohort = np.flatnonzero((client_start == 0) & (client_end < weeks)) if s.trajectory_years > 0 else \
        np.zeros(0, np.int64)
    return _Pieces(client, team * per_team_units + within, start, end, moved, clients, cohort)


@dataclass
class _Rows:
    """One row per (piece, position of its unit, segment of that position): a stretch of a
    client's time with one face. Contacts are drawn per group of rows: `group` >= 0 names
    the group (its contacts are counted on its first row, the others hold 0); -1 is a row
    drawn on its own."""

    piece: np.ndarray
    segment: np.ndarray
    start: np.ndarray
    end: np.ndarray
    group: np.ndarray
    contacts: np.ndarray

    def take(self, keep: np.ndarray) -> "_Rows":
        return _Rows(*(getattr(self, f.name)[keep] for f in fields(self)))

    @staticmethod
    def join(parts: list["_Rows"]) -> "_Rows":
        return _Rows(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(_Rows)))


def _layout(pos: _Positions, s: Scenario, unit_size: int, per_team_units: int, pieces: _Pieces,
            which: np.ndarray) -> _Rows:
    """The rows of the pieces `which`, in order of piece, position and time, without contacts."""
    unit = pieces.unit[which]
    base = unit // per_team_units * s.team_size + unit % per_team_units * unit_size
    piece = np.repeat(which, unit_size)
    position = np.repeat(base, unit_size) + np.tile(np.arange(unit_size), len(which))
    a, b = pieces.start[piece], pieces.end[piece]
    first = np.searchsorted(pos.seg_key, position * pos.span + a, side="right") - 1
    last = np.searchsorted(pos.seg_key, position * pos.span + b - 1, side="right") - 1
    count = last - first + 1
    r = np.repeat(np.arange(len(first)), count)
    segment = first[r] + np.arange(len(r)) - np.repeat(np.cumsum(count) - count, count)
    start = np.maximum(pos.seg_start[segment], a[r])
    end = np.minimum(pos.seg_end[segment], b[r])
    none = np.zeros(len(r), np.int64)
    return _Rows(piece[r], segment, start, end, none - 1, none)


def _hand_to_known_faces(run: "_Run", pieces: _Pieces, draws: "_Draws", rng: np.random.Generator):
    """Handover to a known face first: when a client's professional leaves, the client goes to
    the colleague they met most recently while that colleague covered for them, if still in
    post. The client's piece is cut there and continues on the colleague's position; repeated
    until no client has such a handover left. Who was met when comes from splitting each
    (piece, face)'s contacts over its rows; the draws themselves are those of `room`, so
    where nobody is handed over the two modes give the same run."""
    pos, s, n_ten = run.pos, run.scenario, len(run.pos.ten_key)
    rows = _split(pos, _layout(pos, s, 1, s.team_size, pieces, np.arange(len(pieces.client))), draws, rng)
    fresh = np.ones(len(rows.piece), bool)
    while fresh.any():
        client = pieces.client[rows.piece]
        order = np.lexsort((rows.start, client))
        seg, start, contacts, piece = (rows.segment[order], rows.start[order], rows.contacts[order],
                                       rows.piece[order])
        client, fresh_sorted = client[order], fresh[order]
        face = pos.seg_face[seg]
        met = (pos.seg_kind[seg] != HOLDER) & (face < n_ten) & (contacts > 0)
        last_met = np.maximum.accumulate(np.where(met, np.arange(len(seg)), -1))
        previous = np.r_[-1, last_met[:-1]]
        tenure = pos.seg_tenure[seg]
        handover = (fresh_sorted & pos.ten_after_departure[tenure] & (pos.seg_start[seg] == pos.ten_start[tenure])
                    & (start == pos.seg_start[seg]) & (start > pieces.start[piece]) & (previous >= 0))
        known = face[np.maximum(previous, 0)]
        handover &= (client[np.maximum(previous, 0)] == client) & (pos.ten_end[known] > start)
        at = np.flatnonzero(handover)
        at = at[np.unique(piece[at], return_index=True)[1]]  # the first handover of each piece
        fresh[:] = False
        if not len(at):
            break
        cut, week, colleague = piece[at], start[at], known[at]
        new = np.arange(len(pieces.client), len(pieces.client) + len(cut))
        pieces.client = np.r_[pieces.client, pieces.client[cut]]
        pieces.unit = np.r_[pieces.unit, pos.ten_key[colleague] // pos.span]
        pieces.start = np.r_[pieces.start, week]
        pieces.end = np.r_[pieces.end, pieces.end[cut]]
        pieces.moved = np.r_[pieces.moved, np.zeros(len(cut), bool)]
        pieces.end[cut] = week
        keep = rows.start < pieces.end[rows.piece]  # a handover falls between two tenures: no row is split
        added = _split(pos, _layout(pos, s, 1, s.team_size, pieces, new), _draw(run, pieces, new, rng), rng)
        rows = _Rows.join([rows.take(keep), added])
        fresh = np.r_[np.zeros(keep.sum(), bool), np.ones(len(added.piece), bool)]
    return pieces, rows


def _split(pos: _Positions, rows: _Rows, draws: "_Draws", rng: np.random.Generator) -> _Rows:
    """Each (piece, face)'s contacts spread over its rows, row by row in time order, as
    independent weekly chances would: given the total, a row's share is hypergeometric."""
    faces = np.int64(pos.faces)
    key = rows.piece * faces + pos.seg_face[rows.segment]
    order = np.lexsort((rows.start, key))
    key, weeks = key[order], (rows.end - rows.start)[order]
    first = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    group = np.cumsum(first) - 1
    starts = np.flatnonzero(first)
    left = _lookup(draws.piece * faces + draws.face, draws.contacts, key[starts])  # contacts still to place
    room = np.add.reduceat(weeks, starts) if len(starts) else weeks[:0]  # weeks still to come
    rank = np.arange(len(key)) - starts[group]
    contacts = np.zeros(len(key), np.int64)
    by_rank = np.argsort(rank, kind="stable")
    bounds = np.searchsorted(rank[by_rank], np.arange(rank.max() + 2 if len(rank) else 1))
    for r in range(len(bounds) - 1):
        at = by_rank[bounds[r]:bounds[r + 1]]
        g = group[at]
        contacts[at] = rng.hypergeometric(weeks[at], room[g] - weeks[at], left[g])
        left[g] -= contacts[at]
        room[g] -= weeks[at]
    rows.contacts = np.empty(len(key), np.int64)
    rows.contacts[order] = contacts
    return rows


def _sum_by(key: np.ndarray, *values: np.ndarray, inverse: bool = False) -> tuple[np.ndarray, ...]:
    """The distinct keys, in order, and the sum of each of `values` per key (and with
    `inverse`, for each input, the number of its key)."""
    order = np.argsort(key, kind="stable")
    key = key[order]
    new = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
    starts = np.flatnonzero(new)
    sums = [np.add.reduceat(v[order], starts) if len(starts) else v[:0] for v in values]
    if inverse:
        which = np.empty(len(key), np.int64)
        which[order] = np.cumsum(new) - 1
        sums.append(which)
    return (key[starts], *sums)


@dataclass
class _Template:
    """Per care unit, its faces over the whole horizon and the weeks each of them works there
    (a holder's weeks at work, a colleague's or temporary worker's weeks of cover)."""

    first: np.ndarray  # unit -> its first face row; unit u has rows first[u] .. first[u + 1]
    face: np.ndarray
    weeks: np.ndarray


def _unit_of(position: np.ndarray, team_size: int, unit_size: int) -> np.ndarray:
    """The care unit a position belongs to: units of `unit_size` consecutive positions in a team."""
    return position // team_size * (team_size // unit_size) + position % team_size // unit_size


def _template(pos: _Positions, s: Scenario, unit_size: int, units: int) -> _Template:
    unit = _unit_of(pos.seg_key // pos.span, s.team_size, unit_size)
    key, weeks = _sum_by(unit * np.int64(pos.faces) + pos.seg_face, pos.seg_end - pos.seg_start)
    return _Template(np.searchsorted(key // pos.faces, np.arange(units + 1)), key % pos.faces, weeks)


@dataclass
class _Draws:
    """Contacts per (piece, face): the unit of randomness, shared by `simulate` and `materialize`."""

    piece: np.ndarray
    face: np.ndarray
    contacts: np.ndarray


@dataclass
class _Run:
    scenario: Scenario
    weeks: int
    positions: int
    unit_size: int
    per_team_units: int
    pos: _Positions
    pieces: _Pieces
    template: _Template
    contact_seeds: list  # one contact stream per chunk of clients


CHUNK = 65_536  # clients per chunk: chunks run in parallel, each with its own contact stream


def _run(s: Scenario, seed: int) -> _Run:
    s.check()
    weeks = max(1, int(round(s.years * 52)))
    per_team = s.team_size
    unit_size = s.care_team if s.handover == "team" else 1
    positions = max(per_team, math.ceil(s.clients / s.caseload_cap / per_team) * per_team)
    streams = np.random.SeedSequence(seed).spawn(len(_STREAMS))
    rng = {name: np.random.default_rng(ss) for name, ss in zip(_STREAMS, streams)}
    with ThreadPoolExecutor(max_workers=2) as pool:  # independent streams: positions and clients side by side
        placed = pool.submit(_pieces, s, positions // per_team, per_team // unit_size, weeks, rng)
        pos = _positions(s, positions, weeks, rng)
        pieces = placed.result()
    template = _template(pos, s, unit_size, positions // unit_size)
    chunks = -(-pieces.clients // CHUNK)
    return _Run(s, weeks, positions, unit_size, per_team // unit_size, pos, pieces, template,
                streams[_STREAMS.index("contact")].spawn(chunks))


def _chunk(run: _Run, i: int) -> tuple[_Pieces, _Draws, _Rows | None, int]:
    """The i-th chunk of clients: its pieces (client numbers from 0), contacts per (piece, face),
    the rows with their contacts when a handover to a known face needed them, and its first
    client. One Binomial(weeks, 1 / (contact_weeks · unit size)) per (piece, face): the sum of
    the independent weekly chances over all its weeks."""
    s, pos = run.scenario, run.pos
    first, last = i * CHUNK, min((i + 1) * CHUNK, run.pieces.clients)
    p0, p1 = np.searchsorted(run.pieces.client, [first, last])
    whole = run.pieces
    cohort = whole.cohort[(whole.cohort >= first) & (whole.cohort < last)] - first
    pieces = _Pieces(whole.client[p0:p1] - first, whole.unit[p0:p1], whole.start[p0:p1], whole.end[p0:p1],
                     whole.moved[p0:p1], last - first, cohort)
    rng = np.random.default_rng(run.contact_seeds[i])
    draws = _draw(run, pieces, np.arange(len(pieces.client)), rng)
    if s.handover != "known":
        return pieces, draws, None, first
    pieces, rows = _hand_to_known_faces(run, pieces, draws, rng)
    faces = np.int64(pos.faces)
    key, contacts = _sum_by(rows.piece * faces + pos.seg_face[rows.segment], rows.contacts)
    return pieces, _Draws(key // faces, key % faces, contacts), rows, first


def _draw(run: _Run, pieces: _Pieces, which: np.ndarray, rng: np.random.Generator) -> _Draws:
    """Contacts per (piece, face) of the pieces `which`: a piece in one unit for the whole
    horizon takes its faces from the unit's template, another adds up its rows per face."""
    s, pos, faces, t = run.scenario, run.pos, np.int64(run.pos.faces), run.template
    whole_time = which[(pieces.start[which] == 0) & (pieces.end[which] == run.weeks)]
    count = t.first[pieces.unit[whole_time] + 1] - t.first[pieces.unit[whole_time]]
    at = np.repeat(t.first[pieces.unit[whole_time]] - np.r_[0, np.cumsum(count)[:-1]], count) + np.arange(count.sum())
    part = which[(pieces.start[which] > 0) | (pieces.end[which] < run.weeks)]
    rows = _layout(pos, s, run.unit_size, run.per_team_units, pieces, part)
    key, part_weeks = _sum_by(rows.piece * faces + pos.seg_face[rows.segment], rows.end - rows.start)
    piece = np.r_[np.repeat(whole_time, count), key // faces]
    face = np.r_[t.face[at], key % faces]
    weeks = np.r_[t.weeks[at], part_weeks]
    return _Draws(piece, face, rng.binomial(weeks, 1 / (s.contact_weeks * run.unit_size)))


def _chunk_figures(run: _Run, i: int) -> np.ndarray:
    """Sums over the clients of one chunk, from which `simulate` makes its means."""
    pos, weeks = run.pos, run.weeks
    pieces, draws, _, _ = _chunk(run, i)
    n = pieces.clients
    faces = np.int64(pos.faces)
    # a client's faces over all their pieces
    client = pieces.client[draws.piece]
    pair_key, pair_contacts, pair_of = _sum_by(client * faces + draws.face, draws.contacts, inverse=True)
    pair_client = pair_key // faces
    contacts = np.bincount(pair_client, weights=pair_contacts, minlength=n)
    distinct = np.bincount(pair_client, weights=pair_contacts > 0, minlength=n)
    squares = np.bincount(pair_client, weights=pair_contacts.astype(float) ** 2, minlength=n)
    longest = np.maximum.reduceat(pair_contacts, np.searchsorted(pair_client, np.arange(n)))

    # Broken: a holder's tenure ends (departure or provider change) during a piece of a client
    # who had met them and is still in care afterwards.
    client_end = np.zeros(n, np.int64)
    np.maximum.at(client_end, pieces.client, pieces.end)
    # the client's own professionals: tenures of a position of the piece's unit (a colleague who
    # covered is not the client's professional, and their leaving breaks no relationship)
    holder = draws.face < len(pos.ten_key)
    position = pos.ten_key[np.where(holder, draws.face, 0)] // pos.span
    holder &= _unit_of(position, run.scenario.team_size, run.unit_size) == pieces.unit[draws.piece]
    ten_end = pos.ten_end[np.where(holder, draws.face, 0)]
    ends = (holder & (ten_end < weeks) & (ten_end > pieces.start[draws.piece]) & (ten_end <= pieces.end[draws.piece])
            & (ten_end < client_end[client]))
    broken = (ends & (pair_contacts[pair_of] > 0)).sum()

    had = contacts > 0
    c, nop = contacts[had], distinct[had]
    upc = longest[had] / c
    coc = (squares[had] - c)[c >= 2] / (c * (c - 1))[c >= 2]
    at_risk = (nop >= RISK.professionals) | ((c >= RISK.min_contacts) & (upc < RISK.upc))  # the report's definition
    moves = np.bincount(pieces.client, weights=pieces.moved, minlength=n)
    return np.array([had.sum(), nop.sum(), upc.sum(), len(coc), coc.sum(), at_risk.sum(), broken,
                     (pieces.end - pieces.start).sum(), len(pieces.cohort), distinct[pieces.cohort].sum(),
                     moves[pieces.cohort].sum(), (moves[pieces.cohort] > 0).sum()], float)


def simulate(scenario: Scenario, seed: int = 1) -> Outcome:
    run = _run(scenario, seed)
    chunks = range(len(run.contact_seeds))
    with ThreadPoolExecutor(max_workers=min(len(chunks), os.cpu_count() or 1)) as pool:  # NumPy releases the GIL
        parts = list(pool.map(lambda i: _chunk_figures(run, i), chunks))
    (had, nop, upc, n_coc, coc, at_risk, broken, client_weeks, cohort, cohort_professionals,
     cohort_moves, cohort_moved) = np.sum(parts, axis=0).tolist()
    trajectory = {}
    if cohort:
        trajectory = {"trajectory_professionals": cohort_professionals / cohort,
                      "trajectory_replacements": cohort_moves / cohort}
        if cohort_moved:  # the published "six" counts only the children who were re-placed
            trajectory["replacements_of_replaced"] = cohort_moves / cohort_moved
    return Outcome(nop / had, upc / had, coc / n_coc if n_coc else math.nan, 100 * broken / (client_weeks / 52),
                   at_risk / had, run.pos.departures / run.positions / (run.weeks / 52), **trajectory)


def compare(scenarios: list[Scenario], runs: int = 1, seed: int = 1, progress=lambda: None) -> list[dict]:
    """Each scenario's key figures, the mean over `runs` runs with seeds seed .. seed + runs - 1
    (the same for every scenario: common random numbers) and a 95% interval (mean ± 1.96 sd / √runs)."""
    rows = []
    for scenario in scenarios:
        outcomes = []
        for r in range(runs):
            outcomes.append(simulate(scenario, seed + r))
            progress()
        row = {"scenario": scenario.name, "years": scenario.years, "clients": scenario.clients, "runs": runs,
               **{lever: getattr(scenario, lever) for lever in ASSUMPTIONS}}
        for f in fields(Outcome):
            values = [getattr(o, f.name) for o in outcomes]
            if None in values:  # trajectory figures exist only when clients' time in care ends
                continue
            mean = sum(values) / runs
            spread = math.sqrt(sum((v - mean) ** 2 for v in values) / (runs - 1)) if runs > 1 else 0.0
            row[f.name] = mean
            row[f.name + "_low"] = mean - 1.96 * spread / math.sqrt(runs)
            row[f.name + "_high"] = mean + 1.96 * spread / math.sqrt(runs)
        rows.append(row)
    return rows


def _chunk_contacts(run: _Run, i: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every contact of the i-th chunk of clients: its client, segment and week. Each (piece,
    face)'s contacts fall on random weeks of that face's rows (for `materialize`)."""
    pieces, draws, rows, first = _chunk(run, i)
    if rows is None:
        rows = _layout(run.pos, run.scenario, run.unit_size, run.per_team_units, pieces, np.arange(len(pieces.client)))
        faces = np.int64(run.pos.faces)
        rows.group = rows.piece * faces + run.pos.seg_face[rows.segment]
        lead = np.unique(rows.group, return_index=True)[1]
        rows.contacts[lead] = _lookup(draws.piece * faces + draws.face, draws.contacts, rows.group[lead])
    row, week = _contact_weeks(rows, rng)
    return pieces.client[rows.piece[row]] + first, rows.segment[row], week


def _lookup(keys: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """values[keys == w] for each w of `wanted` (every w is one of the distinct `keys`)."""
    order = np.argsort(keys)
    return values[order][np.searchsorted(keys[order], wanted)]


def _contact_weeks(rows: _Rows, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Each contact's row and week: a row of its own gets its contacts on random weeks of its
    stretch; a group's contacts fall on random weeks of its rows, whichever row they fall in."""
    weeks = rows.end - rows.start
    alone = np.flatnonzero(rows.group < 0)
    alone_row = np.repeat(alone, rows.contacts[alone])
    alone_week = rows.start[alone_row] + (rng.random(len(alone_row)) * weeks[alone_row]).astype(np.int64)
    held = np.flatnonzero(rows.group >= 0)
    held = held[np.lexsort((rows.start[held], rows.group[held]))]  # group by group, in time order
    if not len(held):
        return alone_row, alone_week
    group = rows.group[held]
    first = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    ends = np.cumsum(weeks[held])  # the stretches laid end to end
    begins = ends - weeks[held]
    per_group = np.add.reduceat(rows.contacts[held], first)
    group_weeks = np.add.reduceat(weeks[held], first)
    g = np.repeat(np.arange(len(first)), per_group)
    offset = begins[first][g] + (rng.random(len(g)) * group_weeks[g]).astype(np.int64)
    member = np.searchsorted(ends, offset, side="right")
    held_row = held[member]
    held_week = rows.start[held_row] + offset - begins[member]
    return np.r_[alone_row, held_row], np.r_[alone_week, held_week]


START = dt.date(2020, 1, 6)  # a Monday: week w of a simulation starts START + 7 w days


def materialize(scenario: Scenario, seed: int = 1) -> Municipality:
    """The same run as `simulate(scenario, seed)`, written out as data in the data model:
    every contact, every professional's spell (holders, and temporary workers who covered),
    the clients and the contracts, so the importer, all measures and the report run on it.
    Each face is one person; contacts fall on weekdays of their weeks (drawn from a stream
    of their own, so the summary figures are exactly those of `simulate`)."""
    run = _run(scenario, seed)
    pos, pieces, per_team = run.pos, run.pieces, scenario.team_size
    rng = np.random.default_rng(np.random.SeedSequence([seed, 99]))
    epoch = np.datetime64(START, "D")
    n_ten = len(pos.ten_key)
    teams = run.positions // per_team
    n_tenders = len(pos.changes)
    tender_weeks = np.arange(1, n_tenders + 1) * pos.tender_every
    provider_index = np.vstack([np.zeros((1, teams), np.int64), np.cumsum(pos.changes, axis=0)])

    def provider(team: np.ndarray, week: np.ndarray) -> np.ndarray:
        return provider_index[np.searchsorted(tender_weeks, week, side="right"), team]

    # Who each face is: a holder's tenure, or a temporary worker's vacancy or absence.
    seg_pos = pos.seg_key // pos.span
    ten_pos = pos.ten_key // pos.span
    spell_start = np.r_[pos.ten_present, pos.ten_start, pos.abs_start]
    spell_end = np.r_[pos.ten_end, pos.ten_present, pos.abs_end]
    face_team = np.r_[ten_pos, ten_pos, np.zeros(len(pos.abs_start), np.int64)] // per_team
    covered = pos.seg_face >= 2 * n_ten  # an absence's temporary worker works in that team
    face_team[pos.seg_face[covered]] = seg_pos[covered] // per_team
    real = spell_end > spell_start
    real[n_ten:] = np.isin(np.arange(n_ten, pos.faces), pos.seg_face)  # temporary workers who covered
    org = provider(face_team, spell_start)
    org_names = np.array([f"Aanbieder {chr(65 + i % 26)}{i // 26 or ''}" for i in range(int(provider_index.max()) + 1)])
    team_names = np.array([f"Team {t + 1}" for t in range(teams)])
    areas = np.array([f"WK99{t + 1:04d}" for t in range(teams)])
    professional_ids = np.char.add("sim", np.char.zfill(np.arange(pos.faces).astype(str), 7))

    parts = [_chunk_contacts(run, i, rng) for i in range(len(run.contact_seeds))]
    client, segment, week = (np.concatenate(column) for column in zip(*parts))
    dates = epoch + week * 7 + rng.integers(0, 5, len(week))
    order = np.lexsort((client, dates))
    client, segment, week, dates = client[order], segment[order], week[order], dates[order]
    face = pos.seg_face[segment]
    team = seg_pos[segment] // per_team
    client_ids = _bsn_ids(seed, pieces.clients)
    contacts = pa.table({
        "contact_id": np.char.add("s", np.char.zfill(np.arange(1, len(week) + 1).astype(str), 9)),
        "client_id": client_ids[client],
        "professional_id": professional_ids[face],
        "date": pa.array(dates, pa.date32()),
        "organization": org_names[provider(team, week)],
        "team": team_names[team],
        "area": areas[team],
    })
    ended = spell_end < run.weeks
    professionals = pa.table({
        "professional_id": professional_ids[real],
        "organization": org_names[org[real]],
        "start_date": pa.array((epoch + spell_start * 7)[real], pa.date32()),
        "end_date": pa.array(np.where(ended, epoch + spell_end * 7 - 1, np.datetime64("NaT"))[real], pa.date32()),
        "team": team_names[face_team[real]],
        "fte": np.ones(int(real.sum())),
        "caseload_cap": np.full(int(real.sum()), scenario.caseload_cap, np.int64),
    })
    first_piece = np.unique(pieces.client, return_index=True)[1]
    per_team_units = per_team // (scenario.care_team if scenario.handover == "team" else 1)
    clients = pa.table({"client_id": client_ids, "area": areas[pieces.unit[first_piece] // per_team_units]})
    bounds = np.r_[0, tender_weeks, run.weeks]
    contract_rows = [(t, j) for t in range(teams) for j in range(len(bounds) - 1)]
    contracts = pa.table({
        "contract_id": [f"SIM-{t + 1}-{j + 1}" for t, j in contract_rows],
        "municipality": ["Simulatiegemeente"] * len(contract_rows),
        "organization": [org_names[provider_index[j, t]] for t, j in contract_rows],
        "start_date": pa.array(epoch + np.array([bounds[j] for _, j in contract_rows]) * 7, pa.date32()),
        "end_date": pa.array(epoch + np.array([bounds[j + 1] for _, j in contract_rows]) * 7 - 1, pa.date32()),
        "area": [areas[t] for t, _ in contract_rows],
        "procurement": ["tender" if n_tenders else "subsidy"] * len(contract_rows),
    })
    return Municipality(contacts, professionals, clients, contracts)
