"""Big calls: stored and read back whole (encoded by jsontext: tests/test_jsontext.py)."""

from __future__ import annotations

from pathlib import Path

from cognito_bench.aws.record import CallRecord
from cognito_bench.store.history import HistoryStore
from cognito_bench.store.redact import redact


def _big_call() -> dict[str, object]:
    items = [{"Key": f"object-{i:06d}", "Size": i, "Note": "é✓"} for i in range(12_000)]
    return CallRecord("ListObjectsV2", response={"Contents": items}, label="List").to_json()


def test_a_big_call_round_trips(tmp_path: Path) -> None:
    call = _big_call()
    with HistoryStore(db_path=tmp_path / "h.sqlite3") as history:
        row_id = history.record("dev", call)
        entry = history.get(row_id)
    assert entry is not None
    assert entry.record == redact(call)
