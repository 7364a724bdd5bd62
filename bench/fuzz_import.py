"""Coverage-guided fuzzing of the import (atheris, libFuzzer): whatever bytes a CSV, XLSX or
Parquet file holds, the import must end in an import or a clean refusal (VertrouwdError),
never in another exception. libFuzzer prints the executions, their rate and any finding
(an unexpected exception stops it with the input that caused it).

Promise: at least 10^6 executions with no unexpected exception type.
Usage: python bench/fuzz_import.py [--runs 1000000] [--seconds 0]
"""

import argparse
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project root: tests/ holds the target

with atheris.instrument_imports():
    from tests.test_fuzz import import_bytes
    from vertrouwd.store import Store

SUFFIXES = (".csv", ".xlsx", ".parquet")
STORE = None


def target(data: bytes) -> None:
    suffix = SUFFIXES[data[0] % 3] if data else ".csv"
    import_bytes(STORE, data[1:], suffix)


def main() -> None:
    global STORE
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=0, help="stop after this many seconds (0: no limit)")
    args = parser.parse_args()
    STORE = Store(":memory:")
    libfuzzer = [sys.argv[0], f"-runs={args.runs}", "-print_final_stats=1"]
    if args.seconds:
        libfuzzer.append(f"-max_total_time={args.seconds}")
    atheris.Setup(libfuzzer, target)
    atheris.Fuzz()  # ends the process with libFuzzer's final stats


if __name__ == "__main__":
    main()
