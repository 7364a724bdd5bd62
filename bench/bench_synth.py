"""Time `vertrouwd synth` of 20,000 clients over 3 years (promise: under 20 seconds).

Runs the real command in fresh processes and prints the median of the runs."""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 3


def main() -> None:
    times = []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "vertrouwd", "synth", "--out", out, "--clients", "20000",
                            "--years", "3"], check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
            rows = sum(1 for _ in open(Path(out) / "contacts.csv")) - 1
    print(f"synth 20,000 clients x 3 years: {rows:,} contacts; median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)}); promise < 20 s")


if __name__ == "__main__":
    main()
