import hashlib
import hmac
import uuid
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from vertrouwd import i18n
from vertrouwd.cli import app
from vertrouwd.engines import ENGINES

TEST_KEY = "test-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def _environment(monkeypatch, tmp_path):
    """Every test: a fixed key in the environment, Dutch texts, and no stray key file."""
    monkeypatch.setenv("VERTROUWD_KEY", TEST_KEY)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("VERTROUWD_KEY_FILE", raising=False)
    monkeypatch.delenv("VERTROUWD_DB", raising=False)
    monkeypatch.delenv("VERTROUWD_LANG", raising=False)
    with i18n.speaking("nl"):
        yield


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    """Each test that takes it runs once on every engine: written once, the same values."""
    return request.param


@pytest.fixture(params=[e for e in ENGINES if e != "duckdb"])
def other_engine(request) -> str:
    """Every engine but DuckDB, the reference that tests of agreement compare it with."""
    return request.param


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "store.duckdb"


def run(*args: str):
    """Run the CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(app, [str(a) for a in args])


def _letters(data: bytes) -> str:
    return "".join("abcdefghijklmnop"[b >> 4] + "abcdefghijklmnop"[b & 15] for b in data)


def expected_pseudonym(namespace: str, raw: str, key: str = TEST_KEY) -> str:
    """An independent implementation of the documented pseudonym formula."""
    secret = key.encode()
    version = _letters(hashlib.sha256(b"vertrouwd-key-version\x00" + secret).digest()[:2])
    mac = hmac.new(secret, namespace.encode() + b"\x1f" + raw.encode(), hashlib.sha256).digest()
    return version + "_" + _letters(mac[:16])


def expected_stored(namespace: str, raw: str, key: str = TEST_KEY) -> uuid.UUID:
    """The stored form by the same formula: the 16 bytes as a UUID."""
    return uuid.UUID(bytes=hmac.new(key.encode(), namespace.encode() + b"\x1f" + raw.encode(), hashlib.sha256).digest()[:16])


def snapshot(path: Path) -> dict:
    """Everything a database holds, for comparing before and after."""
    if not path.exists():
        return {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {n: sorted(map(repr, con.execute(f"SELECT * FROM {n}").fetchall())) for n in names}
    finally:
        con.close()
