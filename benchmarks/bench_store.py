"""Store benchmarks: the History filter at 100,000 calls, and opening a full store.

Rows:

* History filter (text + status) over 100,000 calls, FTS5 trigram index: the pane's work for
  one filter change (``page``: first page of 500 and the match count), worst of a set of realistic
  filters, in ms against an absolute budget; the baseline is an unindexed full scan of the
  call JSON (what a naive table would do) measured on the same data in the same run.
* The same filter on the ``LIKE`` fallback (SQLite builds without FTS5).
* Store open + first page, 100k vs one page of calls: what the window's store does at start
  (open, first page of 100 rows, total, filter lists) with 100,000 calls stored, against a
  store that fills exactly one page, so the ratio isolates what the 100,000 stored calls cost.
  The issue's start-up row (window start with 100,000 calls stored against an empty store,
  process start to History shown) is in ``bench_gui``.
* Recording one call at a time at the history's limit, where old calls are removed in
  batches, against a store with no limit: what the limit costs each call the window writes.
"""

from __future__ import annotations

import base64
import functools
import json
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.runner import Row
from cognito_bench.store.history import STATUS_ERROR, STATUS_OK, HistoryStore

CALLS = 100_000
BATCH = 5_000
#: Realistic filters: a user, an error word, two words, a region, an operation, no match.
FILTERS: list[tuple[str, str]] = [
    ("user42", STATUS_ERROR),
    ("incorrect", STATUS_ERROR),
    ("sign up", STATUS_OK),
    ("us-east-1", STATUS_OK),
    ("listusers", STATUS_ERROR),
    ("no-such-call", ""),
]
#: Rows the window asks for at start (a screenful and some).
FIRST_PAGE = 100
#: The history limit for the pruning row, and how many calls are recorded past it.
KEEP_LIMIT = 2_000
KEEP_WRITES = 3_000


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _jwt(rng: random.Random, sub: str) -> str:
    header = _b64({"kid": "k1", "alg": "RS256"})
    payload = _b64(
        {
            "sub": sub,
            "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench",
            "token_use": "id",
            "exp": 1_900_000_000,
        }
    )
    signature = base64.urlsafe_b64encode(rng.randbytes(256)).decode().rstrip("=")
    return f"{header}.{payload}.{signature}"


def sample_call(rng: random.Random, i: int) -> dict[str, Any]:
    """One realistic call JSON (the shape of ``CallRecord.to_json()``), secrets included."""
    user = f"user{rng.randrange(5000)}"
    started = 1_700_000_000 + i * 3.0
    elapsed = round(rng.uniform(20, 400), 1)
    kind = rng.random()
    common = {"elapsed_ms": elapsed, "started_at": started, "steps": []}
    if kind < 0.4:
        ok = rng.random() < 0.7
        response = {
            "AuthenticationResult": {
                "AccessToken": _jwt(rng, user),
                "IdToken": _jwt(rng, user),
                "RefreshToken": base64.b64encode(rng.randbytes(300)).decode(),
                "ExpiresIn": 3600,
                "TokenType": "Bearer",
            },
            "ChallengeParameters": {},
            "ResponseMetadata": {"RequestId": f"{i:08d}-aaaa-bbbb", "HTTPStatusCode": 200},
        }
        return {
            **common,
            "operation": "InitiateAuth",
            "label": "Sign in (password)",
            "request": {
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": "3n4b5urk1ft4fl3mg5e62d9ado",
                "AuthParameters": {
                    "USERNAME": user,
                    "PASSWORD": f"Pw-{i}!",
                    "SECRET_HASH": "h" * 44,
                },
            },
            "response": response if ok else {},
            "error": None
            if ok
            else {
                "code": "NotAuthorizedException",
                "message": "Incorrect username or password.",
                "explanation": "The password is wrong, or the user does not exist.",
            },
            "http_status": 200 if ok else 400,
        }
    if kind < 0.6:
        return {
            **common,
            "operation": "SignUp",
            "label": "Sign up",
            "request": {
                "ClientId": "3n4b5urk1ft4fl3mg5e62d9ado",
                "Username": user,
                "Password": f"Pw-{i}!",
                "UserAttributes": [{"Name": "email", "Value": f"{user}@example.com"}],
            },
            "response": {
                "UserConfirmed": False,
                "UserSub": f"{i:08x}-1111-2222-3333-444444444444",
                "CodeDeliveryDetails": {"Destination": "u***@e***", "DeliveryMedium": "EMAIL"},
            },
            "error": None,
            "http_status": 200,
        }
    if kind < 0.8:
        users = [
            {
                "Username": f"user{j}",
                "Attributes": [{"Name": "email", "Value": f"user{j}@example.com"}],
                "UserStatus": "CONFIRMED",
                "Enabled": True,
            }
            for j in range(rng.randrange(1, 8))
        ]
        return {
            **common,
            "operation": "ListUsers",
            "label": "Admin: list users",
            "request": {"UserPoolId": "us-east-1_Bench", "Limit": 60},
            "response": {"Users": users},
            "error": None,
            "http_status": 200,
        }
    return {
        **common,
        "operation": "GetCredentialsForIdentity",
        "label": "Get AWS credentials",
        "request": {
            "IdentityId": f"us-east-1:{i:08x}",
            "Logins": {"cognito-idp.us-east-1.amazonaws.com/us-east-1_Bench": _jwt(rng, user)},
        },
        "response": {
            "IdentityId": f"us-east-1:{i:08x}",
            "Credentials": {
                "AccessKeyId": "ASIA" + "X" * 16,
                "SecretKey": "s" * 40,
                "SessionToken": "t" * 300,
                "Expiration": "2026-01-01T00:00:00",
            },
        },
        "error": None,
        "http_status": 200,
    }


def _batches(seed: int) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    rng = random.Random(seed)
    for start in range(0, CALLS, BATCH):
        yield [
            ("staging" if i % 3 else "dev", sample_call(rng, i))
            for i in range(start, min(CALLS, start + BATCH))
        ]


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def _worst_filter_ms(history: HistoryStore, repeat: int = 5) -> float:
    def one(text: str, status: str) -> None:
        history.page(text=text, status=status, limit=500)

    return max(_median_ms(functools.partial(one, t, s), repeat) for t, s in FILTERS)


def _naive_scan_ms(db: Path, repeat: int = 3) -> float:
    """The same filters over one unindexed table of call JSON (the baseline)."""
    conn = sqlite3.connect(db)
    try:

        def one(text: str, status: str) -> None:
            clauses = ["lower(record) LIKE ?" for _ in text.split()]
            params: list[Any] = [f"%{t.lower()}%" for t in text.split()]
            if status == STATUS_OK:
                clauses.append("status = 'OK'")
            elif status == STATUS_ERROR:
                clauses.append("status <> 'OK'")
            where = " AND ".join(clauses) or "1"
            rows = conn.execute(
                f"SELECT id, started_at, profile, operation, status FROM naive WHERE {where}"  # noqa: S608
                " ORDER BY started_at DESC LIMIT 500",
                params,
            ).fetchall()
            if len(rows) == 500:  # the same shortcut as HistoryStore.page
                conn.execute(f"SELECT count(*) FROM naive WHERE {where}", params).fetchone()  # noqa: S608

        return max(_median_ms(functools.partial(one, t, s), repeat) for t, s in FILTERS)
    finally:
        conn.close()


def _copy(source: Path, target: Path, full_text: bool) -> None:
    """Copy the stored calls into a new store (same rows, other index), with plain SQL."""
    HistoryStore(db_path=target, full_text=full_text, keep=0).close()
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS src", (str(source),))
        conn.execute("BEGIN")
        for table in ("calls", "call_body", "call_text"):
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")  # noqa: S608
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE src")
    finally:
        conn.close()


def _naive_table(source: Path, target: Path) -> None:
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS src", (str(source),))
        conn.execute(
            "CREATE TABLE naive AS SELECT c.id, c.started_at, c.profile, c.operation, c.status,"
            " b.record FROM src.calls c JOIN src.call_body b ON b.id = c.id"
        )
        conn.execute("DETACH DATABASE src")
    finally:
        conn.close()


def _start_ms(db: Path) -> float:
    """Open the store and do what the window needs for its first screen."""
    start = time.perf_counter()
    history = HistoryStore(db_path=db)
    history.page(limit=FIRST_PAGE)
    history.operations()
    history.statuses()
    elapsed = (time.perf_counter() - start) * 1000
    history.close()
    return elapsed


def _record_at_limit_ratio(folder: Path) -> tuple[float, float, float]:
    """Recording one call at a time at the history's limit (pruning) against no limit.

    Both stores start with KEEP_LIMIT calls; then the same calls go to each, one ``record``
    per call as the window writes them, alternating in chunks so machine drift hits both.
    Returns (ratio, ms per call at the limit, ms per call without one).
    """
    rng = random.Random(11)
    calls = [sample_call(rng, i) for i in range(KEEP_LIMIT + KEEP_WRITES)]
    limited = HistoryStore(db_path=folder / "limited.sqlite3", full_text=True, keep=KEEP_LIMIT)
    unlimited = HistoryStore(db_path=folder / "unlimited.sqlite3", full_text=True, keep=0)
    spent = {"limited": 0.0, "unlimited": 0.0}
    try:
        for store in (limited, unlimited):
            store.record_many([("dev", c) for c in calls[:KEEP_LIMIT]])
        for first in range(KEEP_LIMIT, len(calls), 250):
            for name, store in (("limited", limited), ("unlimited", unlimited)):
                start = time.perf_counter()
                for call in calls[first : first + 250]:
                    store.record("dev", call)
                spent[name] += time.perf_counter() - start
        assert limited.count() <= KEEP_LIMIT * 1.02 + 1
        assert unlimited.count() == len(calls)
    finally:
        limited.close()
        unlimited.close()
    per_call = {k: v * 1000 / KEEP_WRITES for k, v in spent.items()}
    return per_call["limited"] / per_call["unlimited"], per_call["limited"], per_call["unlimited"]


def run() -> list[Row]:
    folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        full = folder / "fts.sqlite3"
        with HistoryStore(db_path=full, full_text=True, keep=0) as history:
            assert history.full_text, "this SQLite has no FTS5 trigram tokenizer"
            for batch in _batches(seed=7):
                history.record_many(batch)
            assert history.count() == CALLS
        like = folder / "like.sqlite3"
        _copy(full, like, full_text=False)
        naive = folder / "naive.sqlite3"
        _naive_table(full, naive)
        page = folder / "page.sqlite3"
        with HistoryStore(db_path=page, full_text=True) as history:
            history.record_many(next(_batches(seed=7))[:FIRST_PAGE])

        baseline = _naive_scan_ms(naive)
        with HistoryStore(db_path=full) as history:
            fts_ms = _worst_filter_ms(history)
        with HistoryStore(db_path=like) as history:
            assert not history.full_text
            like_ms = _worst_filter_ms(history)

        # Interleave the two so drift (other work on the machine) hits both alike.
        loaded, one_page = [], []
        for _ in range(21):
            loaded.append(_start_ms(full))
            one_page.append(_start_ms(page))
        start_full = statistics.median(loaded)
        start_page = statistics.median(one_page)
        keep_ratio, keep_ms, free_ms = _record_at_limit_ratio(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        Row(
            "History filter (text + status), 100,000 calls, FTS5",
            fts_ms,
            f"unindexed full scan {baseline:.0f} ms",
            "ms",
            100.0,
        ),
        Row(
            "History filter (text + status), 100,000 calls, LIKE fallback",
            like_ms,
            f"unindexed full scan {baseline:.0f} ms",
            "ms",
            100.0,
        ),
        Row(
            f"store open + first page, 100k vs {FIRST_PAGE} calls",
            start_full / start_page,
            f"{FIRST_PAGE} calls {start_page:.2f} ms; 100k {start_full:.2f} ms",
            "x",
            1.2,
        ),
        Row(
            f"record one call at the history limit ({KEEP_LIMIT:,}, pruning) vs no limit",
            keep_ratio,
            f"no limit {free_ms:.2f} ms/call; at the limit {keep_ms:.2f} ms/call",
            "x",
            1.5,
        ),
    ]
