"""Big calls: stored and read back whole, encoded in Python (the GUI thread keeps the GIL)."""

from __future__ import annotations

import json
from pathlib import Path

from cognito_bench.aws.record import CallRecord
from cognito_bench.store.history import _BIG_BODY, HistoryStore, _dumps, _loads
from cognito_bench.store.redact import redact


def _big_call() -> dict[str, object]:
    items = [{"Key": f"object-{i:06d}", "Size": i, "Note": "é✓"} for i in range(12_000)]
    return CallRecord("ListObjectsV2", response={"Contents": items}, label="List").to_json()


def test_dumps_and_loads_match_the_json_module() -> None:
    call = _big_call()
    text = _dumps(call, separators=(",", ":"), default=str)
    assert text == json.dumps(call, ensure_ascii=False, separators=(",", ":"), default=str)
    assert len(text) > _BIG_BODY  # the Python scanner's path
    assert _loads(text) == call
    assert _loads('{"a": [1, 2.5, null, true, "x"]}') == {"a": [1, 2.5, None, True, "x"]}


def test_a_big_call_round_trips(tmp_path: Path) -> None:
    call = _big_call()
    with HistoryStore(db_path=tmp_path / "h.sqlite3") as history:
        row_id = history.record("dev", call)
        entry = history.get(row_id)
    assert entry is not None
    assert entry.record == redact(call)
