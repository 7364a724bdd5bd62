"""Time `vertrouwd report` (HTML and Excel) on a synthetic municipality already imported,
and `vertrouwd demo` end to end (what `make demo` runs after its set-up: synthesis,
import, three simulated scenarios and the report).

Promises: the demo municipality (about 20,000 clients, 3 years) under 15 seconds, for the
report alone and for the whole demo; 200,000 clients over 5 years under 2 minutes with
peak memory under 4 GB.
Usage: python bench/bench_report.py [--runs 3]
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"
ENV = dict(os.environ, VERTROUWD_KEY="bench-key-0123456789abcdef")


def store(clients: int, years: int) -> Path:
    db = OUT / f"report_{clients}_{years}.duckdb"
    if db.exists():
        return db
    data = OUT / f"report_{clients}_{years}"
    subprocess.run([sys.executable, "-m", "vertrouwd", "synth", "--out", str(data), "--clients", str(clients),
                    "--years", str(years)], check=True, env=ENV, stdout=subprocess.DEVNULL)
    for table in ("professionals", "clients", "contracts", "contacts"):
        subprocess.run([sys.executable, "-m", "vertrouwd", "import", table, str(data / f"{table}.csv"), "--db",
                        str(db)], check=True, env=ENV, stdout=subprocess.DEVNULL)
    return db


def timed(command: list[str], runs: int) -> tuple[list[float], float]:
    """Seconds of each run of a whole process, and its peak memory in MiB."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "vertrouwd", *command], env=ENV, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        assert status == 0
        times.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
    return times, max(peaks)


def report(times: list[float], peak: float, what: str, promise: str) -> None:
    print(f"{what}: median {statistics.median(times):.1f} s ({', '.join(f'{t:.1f}' for t in times)}), "
          f"peak {peak:.0f} MiB; promise {promise}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    demo = OUT / "demo"
    times = []
    for _ in range(args.runs):  # a fresh folder each time, as on a first `make demo`
        shutil.rmtree(demo, ignore_errors=True)
        once, peak = timed(["demo", "--dir", str(demo)], 1)
        times += once
    report(times, peak, "demo 20,000 clients x 3 years, to the report", "< 15 s")
    for clients, years, promise in ((20_000, 3, "< 15 s"), (200_000, 5, "< 120 s, < 4096 MiB")):
        db = store(clients, years)
        times, peak = timed(["report", "--db", str(db), "-o", str(OUT / "report.html"), "--xlsx",
                             str(OUT / "report.xlsx")], args.runs)
        report(times, peak, f"report {clients:,} clients x {years} years", promise)


if __name__ == "__main__":
    main()
