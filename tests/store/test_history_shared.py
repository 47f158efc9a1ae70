"""Two processes opening one history at once: both keep every call (issue 17)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cognito_bench.store import AppPaths, HistoryStore
from cognito_bench.store.history import SCHEMA
from tests.store.calls import sign_up_call

_PROCESS = """
import json, sys, time
from cognito_bench.store import AppPaths, HistoryStore
from cognito_bench.store.history import SCHEMA
from tests.store.calls import sign_up_call
from tests.store.calls import sign_up_call
root, start, calls = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
while time.time() < start:   # both processes open the fresh history at the same moment
    pass
history = HistoryStore(AppPaths.under(root))
for i in range(calls):
    history.record("dev", sign_up_call(f"user{i}"))
history.close()
print(json.dumps({"warning": history.warning}))
"""


@pytest.mark.slow
def test_two_processes_opening_a_fresh_history_at_once_keep_every_call(tmp_path: Path) -> None:
    calls = 30
    for round_ in range(6):  # the race hit about one round in three before the fix
        root = tmp_path / f"bench{round_}"
        AppPaths.under(root).ensure()
        start = time.time() + 0.8  # both interpreters are up by then
        children = [
            subprocess.Popen(
                [sys.executable, "-c", _PROCESS, str(root), repr(start), str(calls)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=Path(__file__).parents[2],
            )
            for _ in range(2)
        ]
        for child in children:
            out, err = child.communicate(timeout=60)
            assert child.returncode == 0, err
            assert json.loads(out)["warning"] == "", f"round {round_}: {out}"
        data = AppPaths.under(root).data_dir
        assert sorted(p.name for p in data.glob("*unreadable*")) == []
        history = HistoryStore(AppPaths.under(root))
        try:
            assert history.warning == ""
            assert history.count() == 2 * calls, f"round {round_}"
        finally:
            history.close()


def test_a_healthy_database_open_in_another_bench_is_never_set_aside(paths: AppPaths) -> None:
    # A newer bench has its (healthy) history open: this one cannot use it, and must not
    # pull it out from under that bench; its calls stay in memory.
    newer = sqlite3.connect(paths.history_db, isolation_level=None)
    newer.execute("PRAGMA journal_mode=WAL")
    newer.execute("CREATE TABLE future (x)")
    newer.execute("INSERT INTO future VALUES (1)")
    newer.execute(f"PRAGMA user_version = {SCHEMA + 1}")
    try:
        history = HistoryStore(paths, timeout=0.2)
        try:
            assert "in use by another Cognito Bench" in history.warning
            assert "memory only" in history.warning
            assert list(paths.data_dir.glob("*unreadable*")) == []
            history.record("dev", sign_up_call())
            assert history.count() == 1
        finally:
            history.close()
        assert newer.execute("SELECT x FROM future").fetchall() == [(1,)]
    finally:
        newer.close()
    # Once nobody holds it, an unusable database is set aside as before.
    history = HistoryStore(paths)
    history.close()
    assert len(list(paths.data_dir.glob("history.sqlite3.unreadable-*"))) == 1
