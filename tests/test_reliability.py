"""The store under stress: a killed import leaves only whole batches; a second writer is told at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import TEST_KEY
from vertrouwd.errors import StoreLockedError
from vertrouwd.store import Store

ROWS = 20_000


def _contacts_file(path: Path, offset: int) -> None:
    with open(path, "w") as handle:
        handle.write("client_id,professional_id,date,contact_id,team\n")
        for i in range(ROWS):
            handle.write(f"c{(i * 7919) % 5000},p{i % 300},2024-{1 + i % 12:02d}-{1 + i % 28:02d},k{offset}-{i},team {i % 9}\n")


def _import(db: Path, file: Path) -> subprocess.Popen:
    env = dict(os.environ, VERTROUWD_KEY=TEST_KEY)
    return subprocess.Popen([sys.executable, "-m", "vertrouwd", "import", "contacts", str(file), "--db", str(db)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _consistent(db: Path) -> list[int]:
    """Open the database; every recorded batch is whole and nothing else is there."""
    con = duckdb.connect(str(db))
    try:
        batches = dict(con.execute("SELECT batch_id, rows_added FROM import_batches").fetchall())
        stored = dict(con.execute("SELECT import_batch, count(*) FROM contacts GROUP BY 1").fetchall())
        assert stored == batches
        return sorted(batches)
    finally:
        con.close()


def _import_paused(db: Path, file: Path, stage: str, marker: Path) -> subprocess.Popen:
    env = dict(os.environ, VERTROUWD_KEY=TEST_KEY, VERTROUWD_TEST_PAUSE=stage, VERTROUWD_TEST_PAUSE_FILE=str(marker))
    return subprocess.Popen([sys.executable, "-m", "vertrouwd", "import", "contacts", str(file), "--db", str(db)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.mark.parametrize("stage, kept", [("loading", False), ("recorded", False), ("committed", True)])
def test_kill_9_during_import_leaves_only_committed_batches(tmp_path, stage, kept):
    """The import waits at a named stage (a test-only switch) and is killed there: while
    loading and with its batch record written but not committed nothing is left; after the
    commit the whole batch is. The moment is the same on a fast and on a busy machine."""
    db = tmp_path / "store.duckdb"
    first = tmp_path / "first.csv"
    _contacts_file(first, 0)
    assert _import(db, first).wait() == 0
    committed = _consistent(db)
    assert committed == [1]
    for attempt in range(2):
        file, marker = tmp_path / f"f{attempt}.csv", tmp_path / f"paused{attempt}"
        _contacts_file(file, attempt + 1)
        process = _import_paused(db, file, stage, marker)
        deadline = time.monotonic() + 300
        while not marker.exists():  # wait for the stage, however long the machine takes
            assert process.poll() is None, f"the import ended before reaching {stage}"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL
        batches = _consistent(db)
        assert batches == (committed + [max(committed) + 1] if kept else committed)
        committed = batches


KILLS = 100
STAGES = ("loading", "recorded", "committed")


def _paused_import(db: str, file: str, stage: str, marker: str) -> None:
    """In a child of the fork server: import `file`, waiting at `stage` to be killed."""
    from vertrouwd.ingest.importer import import_file
    from vertrouwd.privacy.keys import Key
    from vertrouwd.store import Store

    os.environ.update(VERTROUWD_TEST_PAUSE=stage, VERTROUWD_TEST_PAUSE_FILE=marker)
    with Store(db) as store:
        import_file(store, "contacts", file, Key(TEST_KEY.encode(), "test"))


def test_a_hundred_kills_at_named_stages_leave_only_whole_batches(tmp_path):
    """100 imports, each killed with SIGKILL at one of the named stages in turn: after each,
    the store opens and holds exactly the batches that committed, each one whole. The
    children come from a fork server that loaded the importer once, so each kill costs the
    import and not a Python start; the moment of each kill is the stage, not a clock."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["vertrouwd.ingest.importer", "vertrouwd.store"])
    db = tmp_path / "store.duckdb"
    committed: list[int] = []
    for attempt in range(KILLS):
        stage = STAGES[attempt % len(STAGES)]
        file, marker = tmp_path / f"f{attempt}.csv", tmp_path / f"paused{attempt}"
        with open(file, "w") as handle:
            handle.write("client_id,professional_id,date,contact_id\n")
            handle.writelines(f"c{i % 50},p{i % 7},2024-01-{1 + i % 28:02d},k{attempt}-{i}\n" for i in range(200))
        child = context.Process(target=_paused_import, args=(str(db), str(file), stage, str(marker)))
        child.start()
        deadline = time.monotonic() + 300
        while not marker.exists():  # the stage, however long the machine takes to reach it
            assert child.is_alive(), f"import {attempt} ended before reaching {stage}"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert child.exitcode == -signal.SIGKILL
        batches = _consistent(db)
        expected = committed + [max(committed, default=0) + 1] if stage == "committed" else committed
        assert batches == expected, (attempt, stage)
        committed = batches
    assert len(committed) == KILLS // len(STAGES)


def test_a_second_writer_is_told_at_once(tmp_path):
    db = tmp_path / "store.duckdb"
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from vertrouwd.store import Store; s = Store(sys.argv[1]); print('ready', flush=True); "
         "time.sleep(30)", str(db)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        start = time.monotonic()
        with pytest.raises(StoreLockedError) as caught:
            Store(db)
        assert time.monotonic() - start < 1.0
        assert "in gebruik door een ander proces" in str(caught.value)

        csv = tmp_path / "f.csv"
        csv.write_text("client_id,professional_id,date\nA,P,2024-01-01\n")
        env = dict(os.environ, VERTROUWD_KEY=TEST_KEY)
        result = subprocess.run([sys.executable, "-m", "vertrouwd", "import", "contacts", str(csv), "--db", str(db)],
                                env=env, capture_output=True, text=True, timeout=30)
        assert result.returncode == 1
        assert "in gebruik door een ander proces" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.kill()
        holder.wait()
