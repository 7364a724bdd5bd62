"""Import a 10-million-row contacts CSV made by `synth`, end to end, in a fresh process.

Promise: at least 0.6 times the rate of DuckDB loading the same raw CSV with its own
parallel reader (no checks, no pseudonyms), measured in the same run; peak memory under
2 GB. Each round imports and then runs the references, each one with its input just read
once (in the page cache); prints rows/s per round, the
medians, the ratio of each round and their median, and the peak resident memory of the
importing process.
In the same run, two references of what DuckDB itself does on this machine: writing the
imported rows (already parsed, checked and pseudonymised, handed over as Arrow as the
import does) into a fresh store, and loading the raw CSV with its own parallel reader (no
checks, no pseudonyms).
Usage: python bench/bench_import.py [ROWS]   (default 10,000,000)
"""

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.csv as pacsv

from vertrouwd.simulate import Levers, synthesize
from vertrouwd.store import remove_store

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


def reference(kind: str, source: Path, db: Path) -> None:
    """In a fresh process: DuckDB's own write of `source` into a new store file."""
    import duckdb

    remove_store(db)
    if kind == "store":  # the rows our import wrote, handed over as Arrow (as the import does)
        stored = duckdb.connect(str(source), read_only=True)
        stored.execute("SET arrow_lossless_conversion = true")  # pseudonyms as the 16 bytes they are
        imported = stored.sql("SELECT * FROM contacts").to_arrow_table()  # noqa: F841 (read by DuckDB below)
    con = duckdb.connect(str(db))
    start, cpu = time.perf_counter(), _cpu_seconds()
    if kind == "store":
        con.execute("CREATE TABLE contacts AS SELECT * FROM imported")
    else:
        con.execute(f"CREATE TABLE contacts AS SELECT * FROM read_csv('{source}')")
    con.execute("CHECKPOINT")
    print(time.perf_counter() - start, _cpu_seconds() - cpu)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def warm(path: Path) -> None:
    """Read the file once, untimed, so that the timed process finds it in the page cache:
    this machine's cache does not always keep it between runs, and a first run that reads
    from disk spends its first seconds waiting (0.3 cores busy instead of 2)."""
    with open(path, "rb", buffering=0) as handle:
        buffer = bytearray(8 << 20)
        while handle.readinto(buffer):
            pass


def timed_reference(kind: str, source: Path, rows: int) -> tuple[float, float]:
    """(rows per second, CPU-seconds per million rows) of one reference run."""
    warm(source)
    done = subprocess.run([sys.executable, __file__, "--reference", kind, str(source)], capture_output=True,
                          text=True, check=True)
    seconds, cpu = map(float, done.stdout.strip().splitlines()[-1].split())
    return rows / seconds, cpu / (rows / 1e6)


def main() -> None:
    if sys.argv[1:2] == ["--reference"]:
        reference(sys.argv[2], Path(sys.argv[3]), OUT / "reference.duckdb")
        return
    if sys.argv[1:2] == ["--make"]:
        make_file(int(sys.argv[2]))
        return
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
    # Made in a process of its own: an import forked from a process that had just built 10M
    # rows would count that process's memory in its own peak.
    subprocess.run([sys.executable, __file__, "--make", str(rows)], check=True)
    path = make_file(rows)
    n = sum(1 for _ in open(path, "rb")) - 1
    size = path.stat().st_size
    env = dict(os.environ, VERTROUWD_KEY="bench-key-0123456789abcdef")
    rates, peaks, cpus, ratios = [], [], [], []
    references: dict[str, list[tuple[float, float]]] = {"store": [], "csv": []}
    db = OUT / "bench.duckdb"
    # Each round runs the import and then both references, so that the machine's drift in
    # speed (up to 40% within an hour here) falls on the import and its reference alike.
    for run in range(RUNS):
        remove_store(db)
        warm(path)
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "vertrouwd", "import", "contacts", str(path), "--db", str(db),
                                  "--bsn"], env=env, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        assert status == 0, f"import failed ({status})"
        rates.append(n / elapsed)
        peaks.append(usage.ru_maxrss / 1024)  # KiB -> MiB on Linux
        cpus.append((usage.ru_utime + usage.ru_stime) / (n / 1e6))
        for kind, source in (("store", db), ("csv", path)):
            references[kind].append(timed_reference(kind, source, n))
        ratios.append(rates[-1] / references["csv"][-1][0])
        print(f"run {run + 1}: {elapsed:.2f} s, {n / elapsed / 1e6:.2f} M rows/s, {cpus[-1]:.2f} CPU-s per M rows, "
              f"peak {usage.ru_maxrss / 1024:.0f} MiB; DuckDB's raw CSV load right after: "
              f"{references['csv'][-1][0] / 1e6:.2f} M rows/s, ratio {ratios[-1]:.2f}", flush=True)
    print(f"import {n:,} rows ({size / 2**20:.0f} MiB CSV): median {statistics.median(rates) / 1e6:.2f} M rows/s, "
          f"{statistics.median(cpus):.2f} CPU-s per M rows on {os.cpu_count()} cores, peak memory max "
          f"{max(peaks):.0f} MiB; promise < 2048 MiB", flush=True)
    for kind, what in (("store", "writing the imported rows into a fresh store"),
                       ("csv", "loading the raw CSV (no checks, no pseudonyms)")):
        runs = references[kind]
        rate, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
        print(f"DuckDB alone, {what}: median {rate / 1e6:.2f} M rows/s, {cpu:.2f} CPU-s per M rows", flush=True)
    print(f"ratio import / DuckDB raw CSV load, median of the rounds: {statistics.median(ratios):.2f} "
          f"(promise >= 0.60)", flush=True)


if __name__ == "__main__":
    main()
