"""The handover planner at scale, against a greedy baseline.

Promises: 10,000 clients of 100 leaving professionals over 1,000 receivers: optimal plan in
under 2 seconds; 100,000 clients over 10,000 receivers: under 30 seconds; peak memory under
2 GB. Reports how many more clients get a known face than with the greedy baseline (each
client in turn to their best-known receiver with room, else a team colleague with the most
room, else anyone with room).
Each size is timed in a fresh process (three runs); the plan is `plan.handover.solve`.
"""

import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time

ON = dt.date(2025, 6, 1)


def instance(n_clients: int, n_leaving: int, n_receivers: int, seed: int = 1):
    from vertrouwd.plan.handover import Client, Receiver

    rng = random.Random(seed)
    teams = [f"T{t}" for t in range(max(1, n_receivers // 10))]
    areas = [f"W{a}" for a in range(20)]
    receivers = {}
    for j in range(n_receivers):
        cap = rng.randint(20, 30)
        receivers[f"r{j}"] = Receiver(f"r{j}", "Org", teams[j % len(teams)], cap, rng.randint(cap - 20, cap - 6),
                                      set(rng.sample(areas, 2)))
    by_team = {}
    for r in receivers.values():
        by_team.setdefault(r.team, []).append(r.professional_id)
    clients = []
    for i in range(n_clients):
        leaver = f"x{i % n_leaving}"
        team = teams[(i % n_leaving) % len(teams)]
        known = {}
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            pool = by_team[team] if rng.random() < 0.7 else list(receivers)
            known[rng.choice(pool)] = (rng.randint(1, 12), ON - dt.timedelta(days=rng.randint(1, 700)))
        clients.append(Client(f"c{i}", leaver, "Org", None, team, rng.choice(areas), known))
    return clients, receivers


def greedy(clients, receivers) -> dict:
    room = {name: r.room for name, r in receivers.items()}
    by_team = {}
    for r in receivers.values():
        by_team.setdefault(r.team, []).append(r.professional_id)
    out = {}
    for c in clients:
        options = sorted((n for n in c.known if room.get(n, 0) > 0), key=lambda n: -c.known[n][0])
        if not options:
            options = sorted((n for n in by_team.get(c.team, []) if room[n] > 0), key=lambda n: -room[n])
        if not options:
            options = [max(room, key=room.get)] if max(room.values()) > 0 else []
        out[c.client_id] = options[0] if options else None
        if options:
            room[options[0]] -= 1
    return out


def worker(n_clients: int, n_leaving: int, n_receivers: int) -> None:
    import resource

    from vertrouwd.plan.handover import solve

    clients, receivers = instance(n_clients, n_leaving, n_receivers)
    start = time.perf_counter()
    plan = solve([[c] for c in clients], receivers, ON, keep_households=False)
    seconds = time.perf_counter() - start
    base = greedy(clients, receivers)
    known = sum(plan[c.client_id] in c.known for c in clients)
    known_greedy = sum(base[c.client_id] in c.known for c in clients)
    print(json.dumps({"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "known": known, "known_greedy": known_greedy,
                      "placed": sum(v is not None for v in plan.values()),
                      "placed_greedy": sum(v is not None for v in base.values())}))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(*map(int, sys.argv[2:5]))
        return
    for n_clients, n_leaving, n_receivers, promise in ((10_000, 100, 1_000, "< 2 s"),
                                                       (100_000, 1_000, 10_000, "< 30 s, < 2048 MiB")):
        runs = []
        for _ in range(3):
            done = subprocess.run([sys.executable, __file__, "--worker", str(n_clients), str(n_leaving),
                                   str(n_receivers)], capture_output=True, text=True, check=True, env=dict(os.environ))
            runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        r = runs[0]
        times = ", ".join(f"{x['seconds']:.2f}" for x in runs)
        print(f"handover {n_clients:,} clients over {n_receivers:,} receivers: median "
              f"{statistics.median(x['seconds'] for x in runs):.2f} s ({times}), "
              f"peak {max(x['peak_mib'] for x in runs):.0f} MiB; promise {promise}. Known faces {r['known']:,} "
              f"against greedy {r['known_greedy']:,} (+{r['known'] - r['known_greedy']:,}); placed {r['placed']:,} "
              f"against {r['placed_greedy']:,}", flush=True)


if __name__ == "__main__":
    main()
