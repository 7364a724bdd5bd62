"""Time `vertrouwd report` (HTML and Excel) on a synthetic municipality already imported.

Promises: the demo municipality (about 20,000 clients, 3 years) under 15 seconds; 200,000
clients over 5 years under 2 minutes with peak memory under 4 GB.
Usage: python bench/bench_report.py [--runs 3]
"""

import argparse
import os
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    for clients, years, promise in ((20_000, 3, "< 15 s"), (200_000, 5, "< 120 s, < 4096 MiB")):
        db = store(clients, years)
        times, peaks = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            child = subprocess.Popen([sys.executable, "-m", "vertrouwd", "report", "--db", str(db), "-o",
                                      str(OUT / "report.html"), "--xlsx", str(OUT / "report.xlsx")],
                                     env=ENV, stdout=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            assert status == 0
            times.append(time.perf_counter() - start)
            peaks.append(usage.ru_maxrss / 1024)
        print(f"report {clients:,} clients x {years} years: median {statistics.median(times):.1f} s "
              f"({', '.join(f'{t:.1f}' for t in times)}), peak {max(peaks):.0f} MiB; promise {promise}", flush=True)


if __name__ == "__main__":
    main()
