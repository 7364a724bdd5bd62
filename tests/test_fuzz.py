"""Fuzzing the import: whatever bytes a file holds, the import ends in a clean refusal (a
`VertrouwdError`, which the CLI turns into a message and exit code 2) or an import, never
in an unexpected exception. Here for a bounded number of generated files in every run;
`bench/fuzz_import.py` runs the same target coverage-guided (atheris) for 10^6 executions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vertrouwd.errors import VertrouwdError
from vertrouwd.ingest.importer import import_file
from vertrouwd.privacy.keys import Key
from vertrouwd.store import Store

KEY = Key(b"fuzzing key 0123456789abcdef", "fuzz")
HEADERS = ["client_id", "professional_id", "date", "contact_id", "team", "Datum", "Cliëntnummer", "minuten", "", "x"]
CELLS = ["A", "P", "2024-01-01", "31-02-2024", "01/02/2024", "", "999190532", '"', '""', "=1+1", "\x00", "é",
         "\r", "\n", "1,5", "-1", "9" * 40, "\ufeff", "\xa0", ";", ",", "\t"]


def import_bytes(store: Store, data: bytes, suffix: str = ".csv") -> None:
    """Import `data` as a contacts file; a refusal is fine, anything else is a finding."""
    with tempfile.NamedTemporaryFile(suffix=suffix, dir=_scratch()) as handle:
        handle.write(data)
        handle.flush()
        try:
            import_file(store, "contacts", Path(handle.name), KEY)
        except VertrouwdError:
            pass


def _scratch() -> str:
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() else tempfile.gettempdir()


rows = st.lists(st.lists(st.sampled_from(CELLS) | st.text(max_size=6), min_size=0, max_size=6), max_size=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.lists(st.sampled_from(HEADERS), max_size=6), body=rows, delimiter=st.sampled_from([",", ";", "\t", "|"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]), tail=st.binary(max_size=8))
def test_any_csv_ends_in_an_import_or_a_clean_refusal(header, body, delimiter, encoding, tail):
    text = "\n".join(delimiter.join(line) for line in [header, *body])
    data = text.encode(encoding, errors="replace") + tail
    with Store(":memory:") as store:
        import_bytes(store, data)


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx", ".parquet"]))
def test_any_bytes_end_in_an_import_or_a_clean_refusal(data, suffix):
    with Store(":memory:") as store:
        import_bytes(store, data, suffix)
