"""Time `vertrouwd calibrate` (the levers estimated from the store, the file written, and the
calibrated model run once beside the data's own figures) on a synthetic municipality of
200,000 clients over 5 years, already imported, in fresh processes.

Promise: under 30 seconds.
Usage: python bench/bench_calibrate.py [--runs 3]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_report import OUT, report, store, timed  # noqa: E402  (the same store as the report's bench)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    db = store(200_000, 5)
    times, peak = timed(["calibrate", "--db", str(db), "-o", str(OUT / "calibrated.toml")], args.runs)
    report(times, peak, "calibrate, 200,000 clients x 5 years", "< 30 s")


if __name__ == "__main__":
    main()
