"""HistoryStore: record masked, filter, page, get, export JSON/HAR, clear, bad databases."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cognito_bench.store import STATUS_ERROR, STATUS_OK, AppPaths, HistoryStore
from cognito_bench.store.history import SCHEMA, fts_available
from cognito_bench.store.redact import redact
from tests.store.calls import fake_jwt, sign_in_call, sign_up_call

BOTH = pytest.mark.parametrize(
    "full_text",
    [pytest.param(True, id="fts5"), pytest.param(False, id="like")],
)


@pytest.fixture
def history(paths: AppPaths) -> Iterator[HistoryStore]:
    store = HistoryStore(paths)
    assert store.warning == ""
    yield store
    store.close()


def _db_bytes(paths: AppPaths) -> bytes:
    return b"".join(
        p.read_bytes() for p in paths.data_dir.iterdir() if p.name.startswith("history.sqlite3")
    )


def test_record_masks_secrets_and_tokens(history: HistoryStore, paths: AppPaths) -> None:
    call = sign_in_call("alice", "Alice-Passw0rd!")
    tokens = call["response"]["AuthenticationResult"]
    row_id = history.record("dev", call, url="http://127.0.0.1:1/")
    entry = history.get(row_id)
    assert entry is not None
    assert entry.row.operation == "InitiateAuth"
    assert entry.row.label == "Sign in (password)"
    assert entry.row.status == STATUS_OK and entry.row.ok
    assert entry.row.http_status == 200
    assert entry.row.profile == "dev"
    assert not entry.row.tokens_kept
    assert entry.url == "http://127.0.0.1:1/"
    assert entry.record["request"]["AuthParameters"]["USERNAME"] == "alice"
    text = json.dumps(entry.record)
    raw = _db_bytes(paths)
    for secret in (
        "Alice-Passw0rd!",
        tokens["AccessToken"],
        tokens["IdToken"],
        tokens["RefreshToken"],
    ):
        assert secret not in text
        assert secret.encode() not in raw


def test_keep_tokens_keeps_tokens_not_passwords(history: HistoryStore, tmp_path: Path) -> None:
    call = sign_in_call("carol", "Carol-Passw0rd!")
    tokens = call["response"]["AuthenticationResult"]
    row_id = history.record("dev", call, keep_tokens=True)
    entry = history.get(row_id)
    assert entry is not None
    assert entry.row.tokens_kept
    assert entry.record["response"]["AuthenticationResult"]["IdToken"] == tokens["IdToken"]
    assert "Carol-Passw0rd!" not in json.dumps(entry.record)
    # Search text never indexes kept tokens; exports mask them again.
    assert history.count(text=tokens["RefreshToken"][:20]) == 0
    for text in (history.export_json([row_id]), history.export_har([row_id])):
        assert tokens["IdToken"] not in text
        assert tokens["RefreshToken"] not in text


def _fill(history: HistoryStore) -> list[int]:
    calls = [
        ("dev", sign_in_call("alice", started_at=1.0)),
        ("dev", sign_in_call("alice", ok=False, started_at=2.0)),
        ("prod", sign_up_call("bob", started_at=3.0)),
        ("prod", sign_in_call("bob", ok=False, started_at=4.0)),
        ("dev", sign_up_call("Zoë_50%", started_at=5.0)),
    ]
    return history.record_many(calls)


@BOTH
def test_filters_and_pages(paths: AppPaths, full_text: bool) -> None:
    history = HistoryStore(paths, full_text=full_text)
    assert history.full_text == (full_text and fts_available())
    ids = _fill(history)
    assert [r.id for r in history.query()] == ids[::-1], "newest first"
    assert history.count() == 5
    assert [r.id for r in history.query(status=STATUS_ERROR)] == [ids[3], ids[1]]
    assert [r.id for r in history.query(status="NotAuthorizedException")] == [ids[3], ids[1]]
    assert [r.id for r in history.query(status=STATUS_OK)] == [ids[4], ids[2], ids[0]]
    assert [r.id for r in history.query(operation="SignUp")] == [ids[4], ids[2]]
    assert [r.id for r in history.query(profile="prod")] == [ids[3], ids[2]]
    # Text: case-insensitive substrings of values, every word must match.
    assert [r.id for r in history.query(text="ALICE")] == [ids[1], ids[0]]
    assert [r.id for r in history.query(text="alice incorrect")] == [ids[1]]
    assert [r.id for r in history.query(text="incorrect", status=STATUS_ERROR)] == [ids[3], ids[1]]
    assert [r.id for r in history.query(text="zoë")] == [ids[4]]
    assert [r.id for r in history.query(text="50%")] == [ids[4]], "LIKE wildcards are literal"
    assert [r.id for r in history.query(text="_5")] == [ids[4]]
    assert [r.id for r in history.query(text="bo")] == [ids[3], ids[2]]
    assert history.query(text="nobody-matches") == []
    assert history.count(text="alice", status=STATUS_ERROR) == 1
    # Masked values are not searchable.
    assert history.query(text="Alice-Passw0rd") == []
    assert history.query(text="token") == []
    # Pages, and the total with them.
    assert history.page(limit=2) == (history.query(limit=2), 5)
    assert history.page(status=STATUS_ERROR, limit=2).total == 2
    assert history.page(text="alice", limit=10) == (history.query(text="alice"), 2)
    assert history.page(limit=2, offset=4).total == 5
    assert history.page(limit=2, offset=9) == ([], 5)
    assert history.page(text="nobody") == ([], 0)
    assert [r.id for r in history.query(limit=2)] == [ids[4], ids[3]]
    assert [r.id for r in history.query(limit=2, offset=2)] == [ids[2], ids[1]]
    assert history.operations() == ["InitiateAuth", "SignUp"]
    assert history.statuses() == [STATUS_OK, "NotAuthorizedException"]
    history.close()


def test_get_unknown_is_none(history: HistoryStore) -> None:
    assert history.get(12345) is None
    assert history.row(12345) is None


def test_odd_values_are_stored_not_raised(history: HistoryStore) -> None:
    """A caller that passes raw (not JSON-safe) values still gets a masked row."""
    call = {
        "operation": "SignUp",
        "request": {"Password": b"raw-bytes-password", "When": dt.datetime(2026, 1, 1)},
        "started_at": "not a number",
        "http_status": "200",
    }
    entry = history.get(history.record("dev", call))
    assert entry is not None
    assert entry.record["request"]["Password"] == "***"
    assert entry.record["request"]["When"].startswith("2026-01-01")
    assert entry.row.http_status is None
    assert entry.row.started_at > 1_700_000_000


def test_export_json(history: HistoryStore, tmp_path: Path) -> None:
    ids = _fill(history)
    out = tmp_path / "calls.json"
    text = history.export_json([ids[1], ids[0], 999], out)
    assert out.read_text(encoding="utf-8") == text
    document = json.loads(text)
    assert document["format"] == "cognito-bench-history"
    assert [c["id"] for c in document["calls"]] == [ids[0], ids[1]]
    assert document["calls"][1]["status"] == "NotAuthorizedException"
    assert document["calls"][0]["call"]["request"]["AuthParameters"]["PASSWORD"] == "***"


def test_export_har_is_har_1_2(history: HistoryStore, tmp_path: Path) -> None:
    ids = _fill(history)
    identity = {
        "operation": "GetId",
        "label": "Identity id",
        "request": {"IdentityPoolId": "us-east-1:pool", "Logins": {"issuer": fake_jwt("x")}},
        "response": {"IdentityId": "us-east-1:id"},
        "error": None,
        "elapsed_ms": 5.0,
        "started_at": 10.0,
        "http_status": 200,
        "steps": [],
    }
    srp = {
        **sign_in_call("dave"),
        "label": "Sign in (SRP)",
        "steps": [sign_in_call("dave", started_at=11.0), sign_in_call("dave", started_at=12.0)],
    }
    more = history.record_many([("dev", identity), ("dev", srp)])
    out = tmp_path / "calls.har"
    log = json.loads(history.export_har([ids[0], ids[1], *more], out))["log"]
    assert log["version"] == "1.2"
    assert log["creator"]["name"] == "Cognito Bench"
    entries = log["entries"]
    assert len(entries) == 5, "the SRP record gives one entry per step"
    first = entries[0]
    assert first["request"]["method"] == "POST"
    assert {"name": "X-Amz-Target", "value": "AWSCognitoIdentityProviderService.InitiateAuth"} in (
        first["request"]["headers"]
    )
    body = json.loads(first["request"]["postData"]["text"])
    assert body["AuthParameters"]["PASSWORD"] == "***"
    assert first["response"]["status"] == 200
    assert entries[1]["response"]["status"] == 400
    error_body = json.loads(entries[1]["response"]["content"]["text"])
    assert error_body["__type"] == "NotAuthorizedException"
    assert entries[2]["request"]["headers"][1]["value"] == "AWSCognitoIdentityService.GetId"
    for entry in entries:
        for key in ("startedDateTime", "time", "request", "response", "cache", "timings"):
            assert key in entry
        assert entry["startedDateTime"].endswith("+00:00")
    assert "eyJ" not in out.read_text()


def test_clear_removes_everything(history: HistoryStore, paths: AppPaths) -> None:
    ids = _fill(history)
    kept = sign_in_call("erin")
    token = kept["response"]["AuthenticationResult"]["IdToken"]
    history.record("dev", kept, keep_tokens=True)
    assert token.encode() in _db_bytes(paths)
    history.clear()
    assert history.count() == 0
    assert history.query(text="alice") == []
    assert history.get(ids[0]) is None
    assert token.encode() not in _db_bytes(paths), "cleared tokens are overwritten"
    new_id = history.record("dev", sign_up_call("frank"))
    assert [r.id for r in history.query(text="frank")] == [new_id]


def test_history_survives_reopen_and_threads(paths: AppPaths) -> None:
    history = HistoryStore(paths)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(20):
                history.record(f"p{n}", sign_up_call(f"user{n}-{i}"))
                history.query(text=f"user{n}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    history.close()
    with HistoryStore(paths) as again:
        assert again.warning == ""
        assert again.count() == 80
        assert again.count(profile="p2") == 20


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_database_files_are_owner_only(history: HistoryStore, paths: AppPaths) -> None:
    history.record("dev", sign_up_call())
    files = [p for p in paths.data_dir.iterdir() if p.name.startswith("history.sqlite3")]
    assert paths.history_db in files
    assert any(p.name.endswith("-wal") for p in files)
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    mode = sqlite3.connect(paths.history_db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"this is not a database at all, just text" * 100, "could not be read"),
        (b"\x00" * 4096, "could not be read"),
    ],
)
def test_unreadable_database_is_set_aside(paths: AppPaths, content: bytes, phrase: str) -> None:
    paths.history_db.write_bytes(content)
    history = HistoryStore(paths)
    assert phrase in history.warning
    (backup,) = paths.data_dir.glob("history.sqlite3.unreadable-*")
    assert backup.read_bytes() == content
    assert history.count() == 0
    history.record("dev", sign_up_call())
    assert history.count() == 1


def test_newer_database_is_set_aside(paths: AppPaths) -> None:
    conn = sqlite3.connect(paths.history_db)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA + 1}")
    conn.commit()
    conn.close()
    history = HistoryStore(paths)
    assert "newer Cognito Bench" in history.warning
    assert len(list(paths.data_dir.glob("history.sqlite3.unreadable-*"))) == 1
    assert history.count() == 0


def test_busy_database_falls_back_to_memory(paths: AppPaths) -> None:
    HistoryStore(paths).close()
    blocker = sqlite3.connect(paths.history_db, timeout=0, isolation_level=None)
    blocker.execute("PRAGMA journal_mode=DELETE")
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        history = HistoryStore(paths, timeout=0.05)
        assert "in memory only" in history.warning
        history.record("dev", sign_up_call())
        assert history.count() == 1
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert list(paths.data_dir.glob("history.sqlite3.unreadable-*")) == []


_WORDS = ["alice", "bob", "Zoë", "sign", "up", "50%", "a_b", "us-east-1", "x", "é", "NotAuth"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    users=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12),
    query=st.lists(st.sampled_from([*_WORDS, "ali", "ign", "1"]), max_size=3),
    status=st.sampled_from(["", STATUS_OK, STATUS_ERROR, "NotAuthorizedException"]),
)
def test_fts_and_like_find_the_same_calls(
    tmp_path: Path, users: list[str], query: list[str], status: str
) -> None:
    """Whatever the calls and the words, the FTS5 index and the LIKE fallback agree."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    calls = [
        ("dev", sign_in_call(u, ok=i % 2 == 0) if i % 3 else sign_up_call(u))
        for i, u in enumerate(users)
    ]
    found = []
    for full_text in (True, False):
        with HistoryStore(db_path=folder / f"{full_text}.db", full_text=full_text) as history:
            history.record_many(calls)
            text = " ".join(query)
            found.append(
                (
                    [r.id for r in history.query(text=text, status=status)],
                    history.count(text, status=status),
                )
            )
    assert found[0] == found[1]
    # And both agree with a plain substring check of what the store was given.
    expected = [
        i + 1
        for i, (_, call) in enumerate(calls)
        if all(w.lower() in _visible_text(call) for w in query)
        and (
            status in ("", STATUS_OK)
            if not call["error"]
            else status in ("", STATUS_ERROR, "NotAuthorizedException")
        )
    ]
    assert found[0][0] == expected[::-1]


def _visible_text(call: dict[str, Any]) -> str:
    """The values the text filter may match: the call's unmasked-by-design strings."""
    masked = redact(call)
    parts = ["dev", masked["operation"], masked["label"], "ok" if not masked["error"] else ""]
    if masked.get("http_status") is not None:
        parts.append(str(masked["http_status"]))

    def walk(value: Any) -> None:
        if isinstance(value, str):
            if value and not value.startswith("***"):
                parts.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for key in ("error", "request", "response", "steps"):
        walk(masked.get(key))
    return "\n".join(parts).lower()


def test_each_call_keeps_its_user_and_the_filter_finds_it(history: HistoryStore) -> None:
    """Two session tabs, two users: the History pane's User column comes from here."""
    alice = history.record("dev", sign_in_call("alice", "Alice-Passw0rd!"), user="alice")
    bob = history.record("dev", sign_up_call("bob"), user="bob")
    admin = history.record("dev", sign_up_call("carol"))
    assert [r.user for r in history.query()] == ["", "bob", "alice"]
    assert [r.id for r in history.query("bob")] == [bob]
    entry = history.get(alice)
    assert entry is not None and entry.row.user == "alice"
    exported = json.loads(history.export_json([alice, admin]))
    assert [c["user"] for c in exported["calls"]] == ["alice", ""]


def test_a_history_from_before_the_user_column_gets_it(paths: AppPaths) -> None:
    """An older bench's database (no username column) opens, keeps its calls and gains the
    column; an older bench can still write to it (it names its columns)."""
    with HistoryStore(paths) as first:
        first.record("dev", sign_up_call("old-user"))
    conn = sqlite3.connect(paths.history_db)
    conn.execute("ALTER TABLE calls DROP COLUMN username")
    conn.commit()
    conn.close()
    with HistoryStore(paths) as reopened:
        assert reopened.warning == ""
        (old,) = reopened.query()
        assert old.user == "" and old.operation == "SignUp"
        reopened.record("dev", sign_up_call("new-user"), user="new-user")
        assert [r.user for r in reopened.query()] == ["new-user", ""]
    conn = sqlite3.connect(paths.history_db)
    conn.execute(
        "INSERT INTO calls (started_at, profile, operation, label, status, ok, http_status,"
        " elapsed_ms, tokens_kept) VALUES (1, 'dev', 'GetUser', 'Get user', 'OK', 1, 200, 1, 0)"
    )
    conn.commit()
    conn.close()
    with HistoryStore(paths) as again:
        assert again.query()[0].user == ""
