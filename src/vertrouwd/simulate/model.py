"""Scenario simulator, summary mode: what policy and staffing levers do to continuity.

Weekly steps, vectorised over all clients and all staff positions (NumPy). Each client is
looked after by one position in a team; the position is held by one professional at a
time. A professional leaves with a constant hazard (`annual_outflow` per year); the
position is filled again after `vacancy_weeks` (0: at once), and meanwhile the team's
other positions see the client. At every tender (every `tender_years`), with probability
`provider_change_probability` another provider wins the team's area: every position gets a
new professional. A client has a contact in a week with probability 1 / `contact_weeks`.

Professionals never return to a client in this model, so each client's contacts form
stints with one professional each: distinct professionals = stints, UPC = longest stint
/ contacts, COC from the sum of squared stints; all exact without per-pair counts.

Common random numbers: every random draw comes from its own stream (seeded by `seed` and
the process), drawn in full every week whatever the levers, so two scenarios differ only
where their levers make them differ.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np

from vertrouwd.errors import VertrouwdError


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


def simulate(scenario: Scenario, seed: int = 1) -> Outcome:
    weeks = int(round(scenario.years * 52))
    n = scenario.clients
    per_team = max(1, scenario.team_size)
    positions = max(per_team, math.ceil(n / max(1, scenario.caseload_cap) / per_team) * per_team)
    teams = positions // per_team
    streams = np.random.SeedSequence(seed).spawn(4)
    leave_rng, contact_rng, tender_rng, place_rng = (np.random.default_rng(s) for s in streams)

    position = place_rng.integers(0, positions, n)  # each client's position
    holder = np.arange(positions, dtype=np.int64)  # professional now in each position (-1: vacant)
    vacant_until = np.zeros(positions, dtype=np.int64)
    next_id = positions
    p_leave = 1 - math.exp(-scenario.annual_outflow / 52)
    tender_every = int(round(scenario.tender_years * 52)) if scenario.tender_years > 0 else 0

    last_seen = np.full(n, -1, dtype=np.int64)  # professional of the client's last contact
    stint = np.zeros(n, dtype=np.int64)
    longest = np.zeros(n, dtype=np.int64)
    squares = np.zeros(n, dtype=np.int64)
    contacts = np.zeros(n, dtype=np.int64)
    distinct = np.zeros(n, dtype=np.int64)
    broken = 0

    for week in range(weeks):
        leaving = leave_rng.random(positions) < p_leave
        change = tender_rng.random(teams) < scenario.provider_change_probability
        if tender_every and week > 0 and week % tender_every == 0:
            leaving |= np.repeat(change, per_team)
        leaving &= holder >= 0
        if leaving.any():
            broken += int(np.isin(position, np.flatnonzero(leaving)).sum())
            count = int(leaving.sum())
            if scenario.vacancy_weeks:
                holder[leaving] = -1
                vacant_until[leaving] = week + scenario.vacancy_weeks
            else:
                holder[leaving] = np.arange(next_id, next_id + count)
                next_id += count
        refill = (holder < 0) & (vacant_until <= week)
        if refill.any():
            count = int(refill.sum())
            holder[refill] = np.arange(next_id, next_id + count)
            next_id += count

        seen = contact_rng.random(n) < 1 / scenario.contact_weeks
        cover = contact_rng.integers(0, per_team, n)  # a colleague covers a vacant position
        who = holder[position]
        vacant = who < 0
        if vacant.any():
            covering = holder[(position // per_team) * per_team + cover]
            who = np.where(vacant, covering, who)
        seen &= who >= 0
        new = seen & (who != last_seen)
        squares[new] += stint[new] ** 2
        stint[new] = 0
        distinct[new] += 1
        stint[seen] += 1
        longest = np.maximum(longest, stint)
        contacts[seen] += 1
        last_seen = np.where(seen, who, last_seen)

    squares += stint ** 2
    had = contacts > 0
    c, nop = contacts[had].astype(float), distinct[had].astype(float)
    upc = longest[had] / c
    coc = np.where(c >= 2, (squares[had] - c) / np.maximum(c * (c - 1), 1), np.nan)
    at_risk = (nop >= 4) | ((c >= 4) & (upc < 0.5))
    return Outcome(float(nop.mean()), float(upc.mean()), float(np.nanmean(coc)),
                   100 * broken / n / scenario.years, float(at_risk.mean()))
