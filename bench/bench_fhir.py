"""Import a FHIR R4 bulk export (NDJSON) the benchmark writes: Encounters with their
Patients, Practitioners, PractitionerRoles and Organizations, into a fresh store, in this
process (read, references resolved, checked, pseudonymised, one batch per table).

Promise: at least 50,000 Encounters per second.
Usage: python bench/bench_fhir.py [ENCOUNTERS]   (default 200,000)
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

from vertrouwd.ingest.fhir import import_fhir
from vertrouwd.privacy.keys import Key
from vertrouwd.simulate.synth import _bsn_ids
from vertrouwd.store import Store, remove_store

OUT = Path(__file__).parent / "out"
RUNS = int(os.environ.get("RUNS", "3"))
BSN = "http://fhir.nl/fhir/NamingSystem/bsn"


def export(count: int) -> Path:
    folder = OUT / f"fhir_{count}"
    if folder.exists():
        return folder
    folder.mkdir(parents=True)
    patients, workers = count // 10, max(10, count // 400)
    bsns = _bsn_ids(9, patients)

    def write(name, resources):
        with open(folder / f"{name}.ndjson", "w") as handle:
            handle.writelines(json.dumps(r, separators=(",", ":")) + "\n" for r in resources)

    write("Organization", ({"resourceType": "Organization", "id": f"o{i}", "name": f"Aanbieder {i}"} for i in range(5)))
    write("Patient", ({"resourceType": "Patient", "id": f"pa{i}", "identifier": [{"system": BSN, "value": bsns[i]}]}
                      for i in range(patients)))
    write("Practitioner", ({"resourceType": "Practitioner", "id": f"p{i}"} for i in range(workers)))
    write("PractitionerRole", ({"resourceType": "PractitionerRole", "id": f"r{i}", "practitioner": {"reference": f"Practitioner/p{i}"},
                                "organization": {"reference": f"Organization/o{i % 5}"}, "period": {"start": "2020-01-01"}}
                               for i in range(workers)))
    write("Encounter", ({"resourceType": "Encounter", "id": f"e{i}", "status": "finished", "class": {"code": "AMB"},
                         "subject": {"reference": f"Patient/pa{i % patients}"},
                         "participant": [{"individual": {"reference": f"Practitioner/p{(i * 7) % workers}"}}],
                         "period": {"start": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00",
                                    "end": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T09:45:00"},
                         "serviceProvider": {"reference": f"Organization/o{i % 5}"}} for i in range(count)))
    return folder


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    folder = export(count)
    rates = []
    for _ in range(RUNS):
        db = OUT / "fhir.duckdb"
        remove_store(db)
        with Store(db) as store:
            start = time.perf_counter()
            results = import_fhir(store, folder, Key(b"bench-key-0123456789abcdef", "bench"))
            seconds = time.perf_counter() - start
        assert sum(r.rows_added for r in results if r.table == "contacts") == count
        rates.append(count / seconds)
        print(f"run: {seconds:.2f} s, {count / seconds:,.0f} Encounters/s", flush=True)
    print(f"FHIR bulk export of {count:,} Encounters: median {statistics.median(rates):,.0f} Encounters/s; "
          f"promise >= 50,000", flush=True)


if __name__ == "__main__":
    main()
