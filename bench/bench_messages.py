"""Import iJw messages (301, 305 and 307, as a municipality's archive holds them) from a zip
file the benchmark writes, into a fresh store, in this process.

Promise: at least 5,000 messages per second per core.
Usage: python bench/bench_messages.py [MESSAGES]   (default 30,000)
"""

import io
import os
import statistics
import sys
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.test_messages import message  # noqa: E402  (the tests' hand-made message, at scale)

from vertrouwd.ingest.messages import import_messages  # noqa: E402
from vertrouwd.privacy.keys import Key  # noqa: E402
from vertrouwd.simulate.synth import _bsn_ids  # noqa: E402
from vertrouwd.store import Store, remove_store  # noqa: E402

OUT = Path(__file__).parent / "out"
RUNS = int(os.environ.get("RUNS", "3"))


def archive(count: int) -> Path:
    path = OUT / f"messages_{count}.zip"
    if path.exists():
        return path
    OUT.mkdir(exist_ok=True)
    bsns = _bsn_ids(5, count // 3 + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for i in range(count // 3):
            provider, nr = f"{10_000_000 + i % 400}", f"T{i}"
            zipped.writestr(f"{i:07d}-301.xml", message("301", f"M{i}", provider, bsns[i], [(nr, "45", "2024-01-01", "2024-12-31", None)]))
            zipped.writestr(f"{i:07d}-305.xml", message("305", f"S{i}", provider, bsns[i], [(nr, "45", "2024-01-08", None, None)]))
            zipped.writestr(f"{i:07d}-307.xml", message("307", f"E{i}", provider, bsns[i], [(nr, "45", "2024-01-08", "2024-06-30", "38")]))
    path.write_bytes(buffer.getvalue())
    return path


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000
    path = archive(count)
    n = count // 3 * 3
    rates, cpus = [], []
    for _ in range(RUNS):
        db = OUT / "messages.duckdb"
        remove_store(db)
        with Store(db) as store:
            start, cpu = time.perf_counter(), time.process_time()
            result = import_messages(store, path, Key(b"bench-key-0123456789abcdef", "bench"))
            seconds, used = time.perf_counter() - start, time.process_time() - cpu
        assert result.rows_added == n, result
        rates.append(n / seconds)
        cpus.append(n / used)
        print(f"run: {seconds:.2f} s, {n / seconds:,.0f} messages/s, {n / used:,.0f} per CPU-second", flush=True)
    print(f"import of {n:,} iJw messages (zip): median {statistics.median(rates):,.0f} messages/s, "
          f"{statistics.median(cpus):,.0f} per CPU-second (per core); promise >= 5,000 per core", flush=True)


if __name__ == "__main__":
    main()
