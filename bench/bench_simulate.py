"""The scenario simulator (summary mode) at scale, against a straightforward agent-based version.

Promises: 1 million clients over 10 years in weekly steps in under 60 seconds, peak memory
under 4 GB; at least 100 times faster than an agent-based version of the same model (one
Python object per client and per position), run at a size where it takes about a minute.
Speed is compared per client-week.
"""

import json
import math
import random
import subprocess
import sys
import time

from vertrouwd.simulate.model import Scenario


class Position:
    def __init__(self, holder: int) -> None:
        self.holder = holder
        self.absent_until = -1  # week the holder returns from sick leave
        self.cover = -1  # who covers meanwhile


class Person:
    def __init__(self, position: Position) -> None:
        self.position = position
        self.seen: dict[int, int] = {}  # contacts per professional
        self.contacts = 0


def agent_based(scenario: Scenario, seed: int = 1) -> float:
    """The same model as `vertrouwd.simulate.model.simulate` with its default levers (room
    handover, sick leave covered by a colleague, no vacancies, clients the whole horizon),
    one object at a time and week by week."""
    rng = random.Random(seed)
    per_team = scenario.team_size
    n_positions = max(per_team, math.ceil(scenario.clients / scenario.caseload_cap / per_team) * per_team)
    positions = [Position(i) for i in range(n_positions)]
    people = [Person(positions[rng.randrange(n_positions)]) for _ in range(scenario.clients)]
    next_id = n_positions
    p_leave = 1 - math.exp(-scenario.annual_outflow / 52)
    p_sick = scenario.sick_leave / (scenario.sick_weeks * (1 - scenario.sick_leave))  # starts per week at work
    tender_every = int(round(scenario.tender_years * 52)) if scenario.tender_years > 0 else 0
    for week in range(int(round(scenario.years * 52))):
        tender = tender_every and week > 0 and week % tender_every == 0
        changed = [rng.random() < scenario.provider_change_probability for _ in range(n_positions // per_team)]
        for j, position in enumerate(positions):
            if rng.random() < p_leave or (tender and changed[j // per_team]):
                position.holder = next_id
                position.absent_until = -1
                next_id += 1
            elif week >= position.absent_until and rng.random() < p_sick:
                length = 1
                while rng.random() > 1 / scenario.sick_weeks:
                    length += 1
                position.absent_until = week + length
                team = j - j % per_team
                position.cover = positions[team + (j - team + rng.randrange(1, per_team)) % per_team].holder
        for person in people:
            if rng.random() < 1 / scenario.contact_weeks:
                position = person.position
                who = position.cover if week < position.absent_until else position.holder
                person.seen[who] = person.seen.get(who, 0) + 1
                person.contacts += 1
    return sum(len(p.seen) for p in people) / len(people)


def worker(kind: str, clients: int, years: float) -> None:
    import resource

    from vertrouwd.simulate.model import simulate

    scenario = Scenario(clients=clients, years=years)
    start = time.perf_counter()
    (simulate if kind == "vector" else agent_based)(scenario)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "client_weeks": clients * round(years * 52)}))


def measure(kind: str, clients: int, years: float) -> dict:
    done = subprocess.run([sys.executable, __file__, "--worker", kind, str(clients), str(years)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
        return
    runs = [measure("vector", 1_000_000, 10) for _ in range(3)]
    runs.sort(key=lambda r: r["seconds"])
    fast = runs[1]
    times = ", ".join(f"{r['seconds']:.1f}" for r in runs)
    print(f"summary mode, 1,000,000 clients x 10 years, weekly: median {fast['seconds']:.1f} s "
          f"({times}), peak {max(r['peak_mib'] for r in runs):.0f} MiB; "
          f"promise < 60 s, < 4096 MiB", flush=True)
    slow = measure("agents", 500_000, 10)
    rate_fast = fast["client_weeks"] / fast["seconds"]
    rate_slow = slow["client_weeks"] / slow["seconds"]
    print(f"agent-based baseline, 500,000 clients x 10 years: {slow['seconds']:.1f} s; vectorised is "
          f"{rate_fast / rate_slow:.0f} x faster per client-week (promise >= 100 x)", flush=True)


if __name__ == "__main__":
    main()
