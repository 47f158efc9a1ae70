"""The history's limit: the newest N calls are kept, older ones removed and their space reused."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from cognito_bench.store import DEFAULT_KEEP, MAX_KEEP, AppPaths, BenchStore, HistoryStore
from tests.store.calls import sign_in_call, sign_up_call


def _fill(history: HistoryStore, n: int, start: int = 0) -> list[int]:
    """n sign-up calls, user-<i> each, recorded in batches as the window does."""
    ids: list[int] = []
    for first in range(start, start + n, 50):
        batch = [
            ("dev", sign_up_call(f"user-{i:06d}")) for i in range(first, min(start + n, first + 50))
        ]
        ids += history.record_many(batch)
    return ids


def _rows(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        conn.close()


@pytest.mark.parametrize("full_text", [True, False], ids=["fts5", "like"])
def test_the_newest_calls_are_kept_and_older_ones_removed_in_batches(
    tmp_path: Path, full_text: bool
) -> None:
    db = tmp_path / "h.sqlite3"
    with HistoryStore(db_path=db, full_text=full_text, keep=100) as history:
        ids = _fill(history, 400)
        # Removed in batches: never more than 2% (at least 10) over the limit.
        assert 100 <= history.count() <= 110
        kept = [r.id for r in history.query(limit=1000)]
        assert kept == sorted(ids, reverse=True)[: len(kept)]  # the newest, in order
        assert history.get(ids[0]) is None and history.row(ids[0]) is None
        # A removed call is gone from the text filter and from every table.
        assert history.count(text="user-000000") == 0
        assert history.count(text="user-000399") == 1
        over = history.count() - 100
        assert history.set_keep(100) == over
    with HistoryStore(db_path=db, full_text=full_text, keep=100) as history:
        assert history.count() == 100
    for table in ("calls", "call_body", "call_text"):
        assert _rows(db, table) == 100


def test_set_keep_removes_what_is_over_at_once_and_says_how_many(tmp_path: Path) -> None:
    with HistoryStore(db_path=tmp_path / "h.sqlite3", keep=0) as history:
        _fill(history, 300)
        assert history.count() == 300  # 0 keeps every call
        assert history.set_keep(120) == 180
        assert history.count() == 120
        assert history.keep == 120
        assert history.set_keep(500) == 0
        assert history.set_keep(0) == 0
        _fill(history, 600, start=300)
        assert history.count() == 720


@pytest.mark.parametrize("bad", [-1, 1, 99, MAX_KEEP + 1, True, 1.5, "100"])
def test_a_limit_out_of_range_is_refused_and_nothing_changes(tmp_path: Path, bad: object) -> None:
    with HistoryStore(db_path=tmp_path / "h.sqlite3", keep=200) as history:
        _fill(history, 150)
        with pytest.raises(ValueError, match="keep must be"):
            history.set_keep(bad)  # type: ignore[arg-type]
        assert history.keep == 200 and history.count() == 150
    with pytest.raises(ValueError, match="keep must be"):
        HistoryStore(db_path=tmp_path / "other.sqlite3", keep=-5)


def test_the_file_stops_growing_at_the_limit(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"

    def size_after(history: HistoryStore, n: int, start: int) -> int:
        _fill(history, n, start)
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return db.stat().st_size

    with HistoryStore(db_path=db, keep=200) as history:
        # The full-text index carries some churn (delete markers until FTS5 merges), so the
        # size settles after a few limits' worth of calls, then stays.
        settled = size_after(history, 2400, 0)
        much_later = size_after(history, 4000, 2400)
    assert much_later <= settled * 1.1, (settled, much_later)
    with HistoryStore(db_path=tmp_path / "all.sqlite3", keep=0) as unlimited:
        _fill(unlimited, 6400)
    assert (tmp_path / "all.sqlite3").stat().st_size > 5 * much_later


def test_removed_calls_are_overwritten_on_disk(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite3"
    with HistoryStore(db_path=db, keep=100) as history:
        history.record("dev", sign_in_call("gone-user-aaaa", "Passw0rd!"))
        _fill(history, 200)
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("h.sqlite3"))
    assert b"gone-user-aaaa" not in raw


def test_the_users_limit_is_remembered_and_applied_at_the_next_start(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    bench = BenchStore(paths)
    assert bench.history.keep == DEFAULT_KEEP
    _fill(bench.history, 300)
    assert bench.set_history_keep(200) == 100
    bench.close()
    document = json.loads(paths.profiles_file.read_text())
    assert document["history_keep"] == 200
    reopened = BenchStore(paths)
    assert reopened.history.keep == 200 and reopened.warnings == []
    reopened.close()


def test_a_history_bigger_than_the_default_is_kept_until_the_user_lowers_the_limit(
    tmp_path: Path,
) -> None:
    paths = AppPaths.under(tmp_path)
    with HistoryStore(paths, keep=0) as history:
        # Rows copied in with SQL: recording DEFAULT_KEEP + 500 calls one by one is slow.
        _fill(history, 50)
    conn = sqlite3.connect(paths.history_db, isolation_level=None)
    conn.execute("BEGIN")
    for _ in range((DEFAULT_KEEP + 500) // 50):
        conn.execute(
            "INSERT INTO calls (started_at, profile, operation, label, status, ok, http_status,"
            " elapsed_ms, tokens_kept) SELECT started_at, profile, operation, label, status, ok,"
            " http_status, elapsed_ms, tokens_kept FROM calls ORDER BY id LIMIT 50"
        )
    conn.execute("COMMIT")
    conn.close()
    stored = DEFAULT_KEEP + 550
    bench = BenchStore(paths)
    assert bench.history.count() == stored  # nothing removed at start
    assert bench.history.keep == 21_000  # what it holds, rounded up to a thousand
    bench.history.record("dev", sign_up_call("newest"))
    assert bench.history.count() == stored + 1
    bench.close()


def test_a_hand_edited_limit_is_ignored_with_a_warning(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    paths.ensure()
    paths.profiles_file.write_text(json.dumps({"schema": 1, "history_keep": 5, "profiles": []}))
    bench = BenchStore(paths)
    assert bench.history.keep == DEFAULT_KEEP
    assert any("history limit" in w and "keep must be" in w for w in bench.warnings)
    bench.close()
