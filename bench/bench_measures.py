"""Relational measures: speed against the floor, the pandas baseline, and Spark.

Promises (issue "relational measures"):
- 50 million contacts: all per-client measures in at most 5 times the floor (one DuckDB
  scan of the needed columns) measured in the same run, by turns with it; peak memory
  under 3 GB;
- 1 million contacts: at least 100 times faster than a plain pandas groupby-apply;
- Spark in local mode on 10 million contacts: time reported.
At 10 million, also on contacts where some clients saw two professionals on one day (the
case the fast path hands back for an exact order; see `continuity.py`); at 50 million,
also from a DuckDB table, the store's own format, against a scan of that table.

Data: one synthetic municipality (`synth`), replicated with fresh client identifiers of
pseudonym length until the wanted size, written once to Parquet under bench/out/.
Each figure is timed in a fresh process (so peak memory is that process's own).
Usage: python bench/bench_measures.py [--sizes 1000000,10000000,50000000] [--runs 3] [--no-spark]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"
COLUMNS = ["client_id", "professional_id", "team", "date", "contact_id", "organization", "area", "domain",
           "intervention"]


def with_same_day_switches(path: Path) -> Path:
    """The same contacts plus a copy of 1% of them, same client and day, with another
    professional: about 15% of clients then saw two professionals on one day, the case in
    which the order within a day matters (synthetic contacts never fall on one day)."""
    import duckdb

    out = path.with_name(path.stem + "_same_day.parquet")
    if not out.exists():
        duckdb.connect().execute(f"""
            COPY (SELECT * FROM read_parquet('{path}')
                  UNION ALL
                  SELECT client_id, 'abcd_' || md5(professional_id) AS professional_id, team, date,
                         contact_id || '-b' AS contact_id, organization, area, domain, intervention
                  FROM read_parquet('{path}') WHERE hash(contact_id) % 100 = 0
            ) TO '{out}' (FORMAT parquet)""")
    return out


def make_parquet(rows: int) -> Path:
    import duckdb

    from vertrouwd.simulate import Levers, synthesize

    path = OUT / f"measures_{rows}.parquet"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    base = synthesize(Levers(clients=65_000, years=3, seed=3)).contacts.select(COLUMNS)
    copies = -(-rows // base.num_rows)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    con.register("base", base)
    con.execute(f"""
        COPY (
            SELECT 'abcd_' || md5(client_id || '-' || r) AS client_id,
                   'abcd_' || md5(professional_id || '-' || (r % 7)) AS professional_id,
                   team || ' ' || (r % 7) AS team, date, contact_id || '-' || r AS contact_id,
                   organization, area, domain, intervention
            FROM base, range({copies}) t(r)
            LIMIT {rows}
        ) TO '{path}' (FORMAT parquet)""")
    return path


def make_store(path: Path) -> Path:
    """The same contacts as a DuckDB table `contacts`, the store's own format, in file order."""
    import duckdb

    out = path.with_suffix(".duckdb")
    if not out.exists():
        con = duckdb.connect(str(out))
        con.execute(f"CREATE TABLE contacts AS SELECT * FROM read_parquet('{path}')")
        con.close()
    return out


# -- workers: each runs in its own process and prints one JSON line --------------------------
def worker(kind: str, path: str) -> None:
    import resource

    import duckdb

    from vertrouwd.measures import relational  # imported before the clock, as duckdb is

    start = time.perf_counter()
    stored = path.endswith(".duckdb")
    if kind == "floor":
        con = duckdb.connect(path, read_only=True) if stored else duckdb.connect()
        source = "contacts" if stored else f"read_parquet('{path}')"
        con.execute(f"SELECT max(length(client_id)), max(length(professional_id)), max(date), "
                    f"max(length(contact_id)) FROM {source}").fetchall()
        rows = None
    elif kind in ("duckdb", "spark"):
        table = relational(duckdb.connect(path, read_only=True) if stored else Path(path), engine=kind)
        rows = table.num_rows
    elif kind == "pandas":
        rows = len(pandas_groupby_apply(path))
    else:
        raise SystemExit(f"unknown worker {kind}")
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak, "rows": rows}))


def pandas_groupby_apply(path: str):
    """What a researcher would write first: one Python function per client."""
    import pandas as pd

    frame = pd.read_parquet(path, columns=["client_id", "professional_id", "date", "contact_id"])

    def per_client(g):
        g = g.sort_values(["date", "contact_id"])
        n = len(g)
        counts = g["professional_id"].value_counts()
        nop = len(counts)
        same = int((g["professional_id"].values[1:] == g["professional_id"].values[:-1]).sum())
        last = {p: i for i, p in enumerate(g["professional_id"].values)}
        main = max(counts.index, key=lambda p: (counts[p], last[p]))
        days = g.loc[g["professional_id"] == main, "date"]
        return pd.Series({
            "n_contacts": n, "n_professionals": nop, "upc": counts.max() / n,
            "coc": (float((counts ** 2).sum()) - n) / (n * (n - 1)) if n >= 2 else None,
            "secon": same / (n - 1) if n >= 2 else None,
            "mmci": (1 - nop / (n + 0.1)) / (1 - 1 / (n + 0.1)),
            "hhi": float(((counts / n) ** 2).sum()),
            "k": (n - nop) / (n - 1) if n >= 2 else None,
            "main_relationship_days": (days.max() - days.min()).days, "handovers": n - 1 - same,
            "first_date": g["date"].min(), "last_date": g["date"].max(),
        })

    return frame.groupby("client_id").apply(per_client)


def run_once(kind: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--worker", kind, str(path)], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONWARNINGS="ignore"))
    if done.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(results: list[dict]) -> dict:
    return {"median": statistics.median(r["seconds"] for r in results),
            "runs": [round(r["seconds"], 2) for r in results],
            "peak_mib": max(r["peak_mib"] for r in results)}


def measure(kind: str, path: Path, runs: int) -> dict:
    return summary([run_once(kind, path) for _ in range(runs)])


def against_floor(path: Path, runs: int) -> tuple[dict, dict, float]:
    """Floor and measures run by turns, so both meet the machine in the same state; the
    ratio is the median of the ratios of each pair."""
    pairs = [(run_once("floor", path), run_once("duckdb", path)) for _ in range(runs)]
    ratio = statistics.median(d["seconds"] / f["seconds"] for f, d in pairs)
    return summary([f for f, _ in pairs]), summary([d for _, d in pairs]), ratio


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", nargs=2)
    parser.add_argument("--sizes", default="1000000,10000000,50000000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    for rows in sizes:
        path = make_parquet(rows)
        floor, duck, ratio = against_floor(path, args.runs)
        print(f"{rows:>11,} contacts: floor {floor['median']:.2f} s {floor['runs']}; measures {duck['median']:.2f} s "
              f"{duck['runs']}; ratio {ratio:.2f} x floor (median of pairs; promise at 50M: <= 5 x); "
              f"peak {duck['peak_mib']:.0f} MiB (promise at 50M: < 3072)", flush=True)
        if rows == 50_000_000:
            store_floor, store_duck, store_ratio = against_floor(make_store(path), args.runs)
            print(f"{rows:>11,} contacts in a DuckDB table (the store's format): floor {store_floor['median']:.2f} s "
                  f"{store_floor['runs']}; measures {store_duck['median']:.2f} s {store_duck['runs']}; "
                  f"ratio {store_ratio:.2f} x floor; peak {store_duck['peak_mib']:.0f} MiB", flush=True)
        if rows == 10_000_000:
            tied_floor, tied_duck, tied_ratio = against_floor(with_same_day_switches(path), args.runs)
            print(f"{rows:>11,} contacts + 1% on a day with another professional: floor {tied_floor['median']:.2f} s; "
                  f"measures {tied_duck['median']:.2f} s {tied_duck['runs']}; ratio {tied_ratio:.2f} x floor",
                  flush=True)
        if rows == 1_000_000:
            baseline = measure("pandas", path, 1)
            print(f"{rows:>11,} contacts: pandas groupby-apply {baseline['median']:.1f} s = "
                  f"{baseline['median'] / duck['median']:.0f} x slower than vertrouwd (promise >= 100 x)", flush=True)
        if rows == 10_000_000 and not args.no_spark:
            spark = measure("spark", path, 1)
            print(f"{rows:>11,} contacts: Spark local {spark['median']:.1f} s (reported, no target)", flush=True)


if __name__ == "__main__":
    main()
