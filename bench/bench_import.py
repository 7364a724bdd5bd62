"""Import a 10-million-row contacts CSV made by `synth`, end to end, in a fresh process.

Promise: at least 1 million rows per second, peak memory under 2 GB. Prints rows/s per
run, the median, and the peak resident memory of the importing process.
Usage: python bench/bench_import.py [ROWS]   (default 10,000,000)
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.csv as pacsv

from vertrouwd.simulate import Levers, synthesize

OUT = Path(__file__).parent / "out"
RUNS = int(os.environ.get("RUNS", "3"))
CONTACTS_PER_CLIENT = 15.5  # what the default levers give over 3 years


def make_file(rows: int) -> Path:
    path = OUT / f"contacts_{rows}.csv"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    clients = int(rows / CONTACTS_PER_CLIENT * 1.03)
    start = time.perf_counter()
    town = synthesize(Levers(clients=clients, years=3, seed=1))
    contacts = town.contacts.slice(0, rows)
    print(f"made {contacts.num_rows:,} contacts of {clients:,} clients in {time.perf_counter() - start:.1f} s",
          flush=True)
    pacsv.write_csv(contacts, path, pacsv.WriteOptions(quoting_style="needed"))
    return path


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    path = make_file(rows)
    n = sum(1 for _ in open(path, "rb")) - 1
    size = path.stat().st_size
    env = dict(os.environ, VERTROUWD_KEY="bench-key-0123456789abcdef")
    rates, peaks = [], []
    for run in range(RUNS):
        db = OUT / "bench.duckdb"
        for stale in (db, Path(str(db) + ".wal")):
            stale.unlink(missing_ok=True)
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "vertrouwd", "import", "contacts", str(path), "--db", str(db),
                                  "--bsn"], env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        assert status == 0, f"import failed ({status})"
        rates.append(n / elapsed)
        peaks.append(usage.ru_maxrss / 1024)  # KiB -> MiB on Linux
        print(f"run {run + 1}: {elapsed:.2f} s, {n / elapsed / 1e6:.2f} M rows/s, peak {usage.ru_maxrss / 1024:.0f} MiB",
              flush=True)
    print(f"import {n:,} rows ({size / 2**20:.0f} MiB CSV): median {statistics.median(rates) / 1e6:.2f} M rows/s, "
          f"peak memory max {max(peaks):.0f} MiB; promise >= 1.00 M rows/s and < 2048 MiB")


if __name__ == "__main__":
    main()
