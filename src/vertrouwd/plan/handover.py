"""Handover planner: when workers leave, give each of their clients someone they already know.

Who moves: active clients (a contact in the 90 days before the day) whose main professional
over the 180 days before the day is leaving (both defined in `measures/main.py`). Members of
one household move together unless households may be split.

An applied handover (see `Store.record_handovers`) in those 180 days makes its receiver the
client's main professional, so a later plan knows who took over.

Who receives: professionals of the same organisation (or team) employed on the day and not
leaving; room = cap (their `caseload_cap`, or the `cap` given) minus their main caseload
(active clients whose main professional they are). Nobody is pushed over their cap.

What is best, in this order: (1) as many clients as possible with a known face (someone
they had contact with before the day); (2) as many clients placed as possible; then
(3) a colleague from the same team, (4) someone working in the client's area, better known
faces (more and more recent contacts), and even loads (a convex cost on each receiver's
load). (1) and (2) are strict: their weights exceed everything below them. The plan is a
min-cost flow (OR-Tools) in which a household is one node; when the optimum splits a
household that must stay together, CP-SAT solves the same model with whole households.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

from vertrouwd.errors import VertrouwdError
from vertrouwd.i18n import plural
from vertrouwd.measures.main import ACTIVE_DAYS, MAIN_DAYS, main_sql, position_sql
from vertrouwd.store import Store

LOWER_MAX = 100  # the largest score of tiers (3) and below for one client
TEAM, AREA, FAMILIARITY, EVENNESS = 50, 25, 15, 10  # their parts of LOWER_MAX
SCALE = 12  # household sizes 1-4 divide 12: per-unit costs stay whole numbers


@dataclass
class Client:
    client_id: UUID
    leaving: UUID
    organization: str  # of the leaving professional: receivers come from here
    household: str | None
    team: str | None
    area: str | None
    known: dict[str, tuple[int, dt.date]] = field(default_factory=dict)  # receiver -> (contacts, last)


@dataclass
class Receiver:
    professional_id: UUID
    organization: str
    team: str | None
    cap: int
    load: int
    areas: set[str]

    @property
    def room(self) -> int:
        return max(0, self.cap - self.load)


@dataclass
class Placement:
    client_id: UUID
    leaving: UUID
    receiver: UUID | None
    reason: str  # known_face, same_team, same_area, room, unplaced
    contacts: int = 0
    last_contact: dt.date | None = None


@dataclass
class Plan:
    on: dt.date
    placements: list[Placement]
    loads_before: dict[str, int]
    loads_after: dict[str, int]
    missing: dict[str, int]  # team (or organisation) -> clients without room
    caps: dict[str, int] = field(default_factory=dict)  # receiver -> the cap the plan kept
    left: dict[str, dt.date] = field(default_factory=dict)  # a leaver who had left before the plan's date -> end

    @property
    def moved(self) -> int:
        return sum(p.receiver is not None for p in self.placements)

    def count(self, reason: str) -> int:
        return sum(p.reason == reason for p in self.placements)

    def by_receiver(self) -> list[tuple[str | None, list[Placement]]]:
        """The placements per receiver, most clients first; the unplaced (None) last."""
        groups: dict[str | None, list[Placement]] = {}
        for p in self.placements:
            groups.setdefault(p.receiver, []).append(p)
        order = sorted((r for r in groups if r is not None), key=lambda r: (-len(groups[r]), r))
        return [(r, groups[r]) for r in order] + ([(None, groups[None])] if None in groups else [])


def main_professionals(con, on: dt.date) -> None:
    """Temp tables `_recent` (contacts in the 180 days before `on`) and `_main` (each active
    client's main professional, an applied handover taking precedence)."""
    day = f"DATE '{on.isoformat()}'"
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _recent AS
        SELECT client_id, professional_id, date, contact_id, area, household_id, team, {position_sql()}
        FROM contacts WHERE date < {day} AND date_diff('day', date, {day}) <= {MAIN_DAYS}""")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _main AS
        WITH ranked AS ({main_sql("_recent", ["client_id"], "professional_id")}),
        active AS (SELECT DISTINCT client_id FROM _recent WHERE date_diff('day', date, {day}) <= {ACTIVE_DAYS})
        SELECT r.client_id, COALESCE(h.to_professional, r.professional_id) AS professional_id
        FROM ranked r JOIN active a USING (client_id)
        LEFT JOIN (  -- an applied handover since the day's window began makes the receiver the main one
            SELECT client_id, to_professional,
                   ROW_NUMBER() OVER (PARTITION BY client_id ORDER BY handover_date DESC, applied_at DESC) AS latest
            FROM handovers WHERE handover_date <= {day} AND date_diff('day', handover_date, {day}) <= {MAIN_DAYS}
        ) h ON h.client_id = r.client_id AND h.latest = 1""")


def gather(store: Store, leaving: list[UUID], on: dt.date, scope: str, cap: int | None,
           keep_households: bool) -> tuple[list[list[Client]], dict[str, Receiver]]:
    """Units of clients that move together, and the receivers with their room."""
    if scope not in ("organization", "team"):
        raise VertrouwdError("handover.scope", value=scope)
    with store.scratch() as con:
        return _gather(con, leaving, on, scope, cap, keep_households)


def _gather(con, leaving: list[UUID], on: dt.date, scope: str, cap: int | None,
            keep_households: bool) -> tuple[list[list[Client]], dict[str, Receiver]]:
    day = f"DATE '{on.isoformat()}'"
    main_professionals(con, on)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _spell AS
        SELECT professional_id, organization, team, caseload_cap FROM (
            SELECT *, ROW_NUMBER() OVER (PARTITION BY professional_id ORDER BY start_date DESC) r
            FROM professionals WHERE start_date <= {day}) WHERE r = 1""")
    con.execute("CREATE OR REPLACE TEMP TABLE _leaving (professional_id UUID)")
    con.executemany("INSERT INTO _leaving VALUES (?)", [[p] for p in leaving])
    _check_employed(con, on)
    scope_sql = "s.organization = l.organization" if scope == "organization" else \
        "s.organization = l.organization AND s.team IS NOT DISTINCT FROM l.team"
    receivers = {}
    for pid, org, team, own_cap, load, areas in con.execute(f"""
        WITH l AS (SELECT s.* FROM _spell s JOIN _leaving USING (professional_id)),
        employed AS (
            SELECT DISTINCT s.professional_id, s.organization, s.team, s.caseload_cap
            FROM professionals p JOIN _spell s USING (professional_id) JOIN l ON {scope_sql}
            WHERE p.start_date <= {day} AND (p.end_date IS NULL OR p.end_date >= {day})
              AND s.professional_id NOT IN (SELECT professional_id FROM _leaving))
        SELECT e.professional_id, e.organization, e.team, e.caseload_cap,
               (SELECT COUNT(*) FROM _main m WHERE m.professional_id = e.professional_id),
               (SELECT list(DISTINCT area) FROM _recent r WHERE r.professional_id = e.professional_id AND area IS NOT NULL)
        FROM employed e""").fetchall():
        limit = cap if cap is not None else own_cap
        receivers[pid] = Receiver(pid, org, team, int(limit) if limit is not None else 0, int(load), set(areas or []))
    clients = {}
    for cid, leaver, org, household, team, area in con.execute("""
        WITH movers AS (SELECT m.client_id, m.professional_id AS leaver FROM _main m JOIN _leaving USING (professional_id)),
        latest AS (SELECT client_id, area, household_id,
                          ROW_NUMBER() OVER (PARTITION BY client_id ORDER BY date DESC, contact_id DESC) r
                   FROM _recent WHERE client_id IN (SELECT client_id FROM movers))
        SELECT mv.client_id, mv.leaver, s.organization, lt.household_id, s.team, lt.area
        FROM movers mv JOIN _spell s ON s.professional_id = mv.leaver
        LEFT JOIN latest lt ON lt.client_id = mv.client_id AND lt.r = 1
        ORDER BY mv.client_id""").fetchall():
        clients[cid] = Client(cid, leaver, org, household, team, area)
    if clients and receivers:
        con.execute("CREATE OR REPLACE TEMP TABLE _movers (client_id UUID)")
        con.executemany("INSERT INTO _movers VALUES (?)", [[c] for c in clients])
        con.execute("CREATE OR REPLACE TEMP TABLE _receivers (professional_id UUID)")
        con.executemany("INSERT INTO _receivers VALUES (?)", [[r] for r in receivers])
        for cid, pid, n, last in con.execute(f"""
            SELECT c.client_id, c.professional_id, COUNT(*), MAX(c.date) FROM contacts c
            JOIN _movers USING (client_id) JOIN _receivers USING (professional_id)
            WHERE c.date < {day} GROUP BY c.client_id, c.professional_id""").fetchall():
            clients[cid].known[pid] = (int(n), last)
    units: dict[tuple, list[Client]] = defaultdict(list)
    for client in clients.values():
        together = keep_households and client.household is not None
        key = (client.organization, client.household) if together else (None, client.client_id)
        units[key].append(client)
    return list(units.values()), receivers


def _check_employed(con, on: dt.date) -> None:
    """Everyone in `_leaving` has a spell in the store that started by `on`: a number the
    store does not know points at the key, one that starts later at the date."""
    rows = con.execute("""
        SELECT l.professional_id, min(p.start_date) FROM _leaving l
        LEFT JOIN professionals p USING (professional_id) GROUP BY l.professional_id""").fetchall()
    unknown = [pid for pid, start in rows if start is None]
    if unknown:
        raise VertrouwdError("handover.unknown_leaving", count=plural("count.leaving", len(unknown)))
    later = sorted(start for _, start in rows if start > on)
    if later:
        raise VertrouwdError("handover.not_started", count=plural("count.leaving", len(later)),
                             start=f"{later[0]:%d-%m-%Y}", on=f"{on:%d-%m-%Y}")


def left_before(store: Store, leaving: list[str], on: dt.date) -> dict[str, dt.date]:
    """Of `leaving`, those whose last spell ended before `on`, with its end: their clients may
    still count them as main professional, but the date in the plan is not when they leave."""
    if not leaving:
        return {}
    marks = ", ".join("?" for _ in leaving)
    with store.scratch() as con:
        return dict(con.execute(f"""
        SELECT professional_id, max(end_date) FROM professionals WHERE professional_id IN ({marks})
        GROUP BY professional_id HAVING count(*) = count(end_date) AND max(end_date) < ?""",
        [*leaving, on]).fetchall())


# -- the optimisation --------------------------------------------------------------------------
def _lower(client: Client, receiver: Receiver, on: dt.date) -> int:
    """Tiers (3) and below for one client with one receiver, 0 .. LOWER_MAX - EVENNESS."""
    score = TEAM if receiver.team is not None and receiver.team == client.team else 0
    score += AREA if client.area is not None and client.area in receiver.areas else 0
    if receiver.professional_id in client.known:
        contacts, last = client.known[receiver.professional_id]
        recency = max(0.0, 1 - (on - last).days / 365)
        score += round(FAMILIARITY * (0.5 * min(contacts, 10) / 10 + 0.5 * recency))
    return score


def _evenness(receiver: Receiver, k: int) -> int:
    """Cost of the k-th client (1-based) added to `receiver`: convex in the load it reaches."""
    return round(EVENNESS * ((receiver.load + k) / max(receiver.cap, 1)) ** 2)


def solve(units: list[list[Client]], receivers: dict[str, Receiver], on: dt.date, scope: str = "organization",
          keep_households: bool = True, limits: dict[str, int] | None = None) -> dict[str, str | None]:
    """client_id -> receiver (or None): the optimum described in the module docstring.

    The flow network: source -> unit (a client, or a household that stays together) ->
    receiver -> sink. Known faces are direct arcs. Everyone else is reached through hubs of
    receivers that share a team and area, a team, an area, or only the organisation, so the
    network grows with clients + receivers, not with their product. The k-th extra client
    of a receiver costs more than the (k-1)-th (convex), which evens out loads.

    With `limits` (professional -> number), at most that many of each professional's
    clients move: the rebalancing case, where only the excess over a cap has to go.
    """
    n = sum(len(u) for u in units) + 1
    w_place = LOWER_MAX * n + 1
    w_known = (w_place + LOWER_MAX) * n + 1
    hubs: dict[tuple, list[Receiver]] = defaultdict(list)
    for r in receivers.values():
        if r.room <= 0:
            continue
        hubs[(r.organization, "team", r.team)].append(r)
        hubs[(r.organization, "any")].append(r)
        for area in r.areas:
            hubs[(r.organization, "team+area", r.team, area)].append(r)
            hubs[(r.organization, "area", area)].append(r)
    direct, via_hub = [], []  # (unit, receiver, benefit of the unit), (unit, hub key, benefit of the unit)
    for i, unit in enumerate(units):
        first = unit[0]
        for name in sorted({name for c in unit for name in c.known}):
            r = receivers.get(name)
            if r is None or r.room <= 0 or r.organization != first.organization or (
                    scope == "team" and r.team != first.team):
                continue
            direct.append((i, r, sum(w_place + _lower(c, r, on) + (w_known if name in c.known else 0) for c in unit)))
        options = [((first.organization, "team+area", first.team, first.area), TEAM + AREA),
                   ((first.organization, "team", first.team), TEAM)]
        if scope == "organization":
            options += [((first.organization, "area", first.area), AREA), ((first.organization, "any"), 0)]
        for key, bonus in options:
            if key in hubs:
                via_hub.append((i, key, len(unit) * (w_place + bonus)))
    assignment = _flow(units, receivers, hubs, direct, via_hub, limits)
    if keep_households and any(len({assignment[c.client_id] for c in u}) > 1 for u in units if len(u) > 1):
        arcs = direct + [(i, r, benefit) for i, key, benefit in via_hub for r in hubs[key]]
        assignment = _cp_sat(units, receivers, _best_arcs(arcs))
    return assignment


def _best_arcs(arcs: list[tuple]) -> list[tuple]:
    """One arc per (unit, receiver) that fits: the one with the highest benefit."""
    best: dict[tuple, tuple] = {}
    for i, r, benefit in arcs:
        key = (i, r.professional_id)
        if key not in best or benefit > best[key][2]:
            best[key] = (i, r, benefit)
    return list(best.values())


def _flow(units, receivers, hubs, direct, via_hub, limits=None) -> dict[str, str | None]:
    from ortools.graph.python import min_cost_flow

    flow = min_cost_flow.SimpleMinCostFlow()
    node = iter(range(2, 2 + len(units) + len(hubs) + len(receivers)))
    source, sink = 0, 1
    unit_node = {i: next(node) for i in range(len(units))}
    hub_node = {key: next(node) for key in hubs}
    receiver_node = {name: next(node) for name in receivers}
    total = sum(len(u) for u in units)
    group_node = {}
    if limits is not None:  # source -> professional (at most their limit) -> their clients
        first_free = 2 + len(units) + len(hubs) + len(receivers)
        group_node = {name: first_free + g for g, name in enumerate(limits)}
        total = sum(min(limit, sum(len(u) for u in units if u[0].leaving == name)) for name, limit in limits.items())
        for name, limit in limits.items():
            flow.add_arc_with_capacity_and_unit_cost(source, group_node[name], limit, 0)
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    for i, unit in enumerate(units):
        start = group_node.get(unit[0].leaving, source) if limits is not None else source
        flow.add_arc_with_capacity_and_unit_cost(start, unit_node[i], len(unit), 0)
        flow.add_arc_with_capacity_and_unit_cost(unit_node[i], sink, len(unit), 0)  # not placed

    def unit_arc(i: int, target: int, benefit: int) -> int:
        size = len(units[i])
        return flow.add_arc_with_capacity_and_unit_cost(unit_node[i], target, size, -(benefit * SCALE // size))

    direct_arcs = [(unit_arc(i, receiver_node[r.professional_id], b), i, r.professional_id) for i, r, b in direct]
    hub_in = [(unit_arc(i, hub_node[key], b), i, key) for i, key, b in via_hub]
    hub_out = [(flow.add_arc_with_capacity_and_unit_cost(hub_node[key], receiver_node[r.professional_id], r.room, 0),
                key, r.professional_id) for key, members in hubs.items() for r in members]
    for name, r in receivers.items():
        for k in range(1, r.room + 1):  # one arc per extra client: convex costs are taken in order
            flow.add_arc_with_capacity_and_unit_cost(receiver_node[name], sink, 1, SCALE * _evenness(r, k))
    if flow.solve() != flow.OPTIMAL:
        raise VertrouwdError("handover.solver")

    assignment: dict[str, str | None] = {c.client_id: None for unit in units for c in unit}

    def give(i: int, name: str, amount: int) -> None:
        waiting = [c for c in units[i] if assignment[c.client_id] is None]
        for client in waiting[:amount]:
            assignment[client.client_id] = name

    for arc, i, name in direct_arcs:
        if flow.flow(arc):
            give(i, name, flow.flow(arc))
    # A hub's inflow (from units) equals its outflow (to receivers); pair them up, largest
    # units first, each into the receiver with the most flow left, so households stay whole
    # wherever the flow allows.
    inflow, outflow = defaultdict(list), defaultdict(list)
    for arc, i, key in hub_in:
        if flow.flow(arc):
            inflow[key].append((i, flow.flow(arc)))
    for arc, key, name in hub_out:
        if flow.flow(arc):
            outflow[key].append([name, flow.flow(arc)])
    for key, arriving in inflow.items():
        slots = outflow[key]
        for i, amount in sorted(arriving, key=lambda x: -x[1]):
            while amount:
                slot = max(slots, key=lambda x: x[1])
                take = min(amount, slot[1])
                give(i, slot[0], take)
                slot[1] -= take
                amount -= take
    return assignment


def _cp_sat(units, receivers, arcs) -> dict[str, str | None]:
    """Whole households: one Boolean per (unit, receiver) arc."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    by_unit, by_receiver = defaultdict(list), defaultdict(list)
    arcs = [(i, r, b) for i, r, b in arcs if r.room >= len(units[i])]
    chosen = [model.new_bool_var(f"x{k}") for k in range(len(arcs))]
    for k, (i, r, _) in enumerate(arcs):
        by_unit[i].append(k)
        by_receiver[r.professional_id].append(k)
    for ks in by_unit.values():
        model.add_at_most_one(chosen[k] for k in ks)
    for name, ks in by_receiver.items():
        model.add(sum(len(units[arcs[k][0]]) * chosen[k] for k in ks) <= receivers[name].room)
    # evenness as a cost on each receiver's load relative to its cap (linear here)
    model.maximize(sum((arcs[k][2] - EVENNESS * len(units[arcs[k][0]]) * (arcs[k][1].load + 1) // max(arcs[k][1].cap, 1))
                       * chosen[k] for k in range(len(arcs))))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 120
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise VertrouwdError("handover.solver")
    assignment: dict[str, str | None] = {c.client_id: None for unit in units for c in unit}
    for k, (i, r, _) in enumerate(arcs):
        if solver.value(chosen[k]):
            for client in units[i]:
                assignment[client.client_id] = r.professional_id
    return assignment


def plan_handover(store: Store, leaving: list[UUID], on: dt.date, scope: str = "organization", cap: int | None = None,
                  keep_households: bool = True) -> Plan:
    """The handover plan for `leaving` (stored pseudonyms) on `on`; see the module docstring."""
    units, receivers = gather(store, leaving, on, scope, cap, keep_households)
    plan = _plan(on, units, receivers, solve(units, receivers, on, scope, keep_households))
    plan.left = left_before(store, leaving, on)
    return plan


def main_caseloads(con, on: dt.date, team: str | None = None) -> list[tuple]:
    """(professional, team, main caseload, caseload_cap, end_date) of everyone employed on
    `on` (of `team`, if given) with a main caseload; needs `main_professionals(con, on)`."""
    day = f"DATE '{on.isoformat()}'"
    return con.execute(f"""
        WITH loads AS (SELECT professional_id, COUNT(*) AS load FROM _main GROUP BY professional_id),
        spells AS (SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY professional_id ORDER BY start_date DESC) q
                   FROM professionals WHERE start_date <= {day} AND (end_date IS NULL OR end_date >= {day}))
                   WHERE q = 1)
        SELECT s.professional_id, s.team, l.load, s.caseload_cap, s.end_date FROM spells s JOIN loads l USING (professional_id)
        WHERE ? IS NULL OR s.team = ?
        ORDER BY s.professional_id""", [team, team]).fetchall()


def plan_rebalance(store: Store, on: dt.date, team: str | None = None, scope: str = "organization",
                   cap: int | None = None) -> Plan:
    """The fewest moves that bring every professional (of `team`, if given) under their cap:
    exactly each one's excess moves, chosen and placed by the same rules as a handover.
    Clients move one by one here (a household may be split); clients who stay are not listed."""
    overloaded = {}
    with store.scratch() as con:
        main_professionals(con, on)
        for pid, _team, load, own_cap, _end in main_caseloads(con, on, team):
            limit = cap if cap is not None else own_cap
            if limit is not None and load > limit:
                overloaded[pid] = int(load - limit)
    if not overloaded:
        return Plan(on, [], {}, {}, {})
    units, receivers = gather(store, list(overloaded), on, scope, cap, keep_households=False)
    assignment = solve(units, receivers, on, scope, keep_households=False, limits=overloaded)
    plan = _plan(on, units, receivers, assignment)
    moved = defaultdict(int)
    for p in plan.placements:
        moved[p.leaving] += p.receiver is not None
    plan.placements = [p for p in plan.placements if p.receiver is not None]
    teams = {c.leaving: c.team or c.organization for unit in units for c in unit}
    plan.missing = {}
    for pid, excess in overloaded.items():
        if moved[pid] < excess:
            plan.missing[teams.get(pid, "?")] = plan.missing.get(teams.get(pid, "?"), 0) + excess - moved[pid]
    return plan


def _plan(on: dt.date, units: list[list[Client]], receivers: dict[str, Receiver],
          assignment: dict[str, str | None]) -> Plan:
    loads_before = {name: r.load for name, r in receivers.items()}
    loads_after = dict(loads_before)
    placements, missing = [], defaultdict(int)
    for unit in units:
        for client in unit:
            name = assignment[client.client_id]
            if name is None:
                placements.append(Placement(client.client_id, client.leaving, None, "unplaced"))
                missing[client.team or client.organization] += 1
                continue
            loads_after[name] += 1
            r = receivers[name]
            if name in client.known:
                contacts, last = client.known[name]
                placements.append(Placement(client.client_id, client.leaving, name, "known_face", contacts, last))
            elif r.team is not None and r.team == client.team:
                placements.append(Placement(client.client_id, client.leaving, name, "same_team"))
            elif client.area is not None and client.area in r.areas:
                placements.append(Placement(client.client_id, client.leaving, name, "same_area"))
            else:
                placements.append(Placement(client.client_id, client.leaving, name, "room"))
    placements.sort(key=lambda p: (p.leaving, p.client_id))
    return Plan(on, placements, loads_before, loads_after, dict(missing), {n: r.cap for n, r in receivers.items()})
