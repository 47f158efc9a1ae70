"""`HistoryStore`: every call the bench made, in SQLite, with secrets and tokens masked.

Layout (``PRAGMA user_version`` = :data:`SCHEMA`):

* ``calls``: one narrow row per call (time, profile, operation, status, ms), indexed for the
  History pane's filters, so filtering never reads the call bodies;
* ``call_body``: the masked call JSON, read only by :meth:`HistoryStore.get` and exports;
* ``call_text``: a lower-cased search text per call (its masked values), full-text indexed
  by an FTS5 trigram table ``calls_fts`` when the SQLite build has one (substring search that
  stays fast at 100,000 calls), else searched with ``LIKE``.

The database runs in WAL mode with ``secure_delete`` on (cleared rows are overwritten).
It keeps the newest :attr:`HistoryStore.keep` calls: older ones are removed in batches as new
ones land, and their pages are reused, so the file stops growing at about that many calls.
A database that cannot be read, or that a newer bench wrote, is moved aside as a timestamped
backup and a fresh one is started; :attr:`HistoryStore.warning` says so.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from cognito_bench.jsontext import dumps, loads
from cognito_bench.store.atomic import atomic_write
from cognito_bench.store.paths import AppPaths
from cognito_bench.store.redact import MASK, redact

__all__ = [
    "DEFAULT_KEEP",
    "MAX_KEEP",
    "MIN_KEEP",
    "SCHEMA",
    "STATUS_ERROR",
    "STATUS_OK",
    "HistoryEntry",
    "HistoryPage",
    "HistoryRow",
    "HistoryStore",
    "fts_available",
]

#: Version of the database layout; a newer database is set aside, never misread.
SCHEMA = 1
#: ``status`` filter value for calls that succeeded (also the status of such a call).
STATUS_OK = "OK"
#: ``status`` filter value for every call that failed, whatever its error code.
STATUS_ERROR = "error"
#: Calls kept by default (about 30 MB of history); older ones are removed as new ones land.
DEFAULT_KEEP = 20_000
#: Calls kept at most / at least when the user sets the limit (0 keeps every call).
MAX_KEEP = 1_000_000
MIN_KEEP = 100
#: Longest search text kept per call; the head of a response is what people search for.
_SEARCH_CHARS = 4000
_TRIGRAM = 3

_IDENTITY_OPERATIONS = frozenset(
    {
        "GetId",
        "GetCredentialsForIdentity",
        "GetOpenIdToken",
        "GetOpenIdTokenForDeveloperIdentity",
        "DescribeIdentity",
        "DescribeIdentityPool",
        "ListIdentities",
        "ListIdentityPools",
        "GetIdentityPoolRoles",
    }
)
_S3_OPERATIONS = frozenset(
    {
        "ListBuckets",
        "HeadBucket",
        "ListObjects",
        "ListObjectsV2",
        "GetObject",
        "HeadObject",
        "PutObject",
        "DeleteObject",
        "CreateBucket",
    }
)


def fts_available() -> bool:
    """True when this SQLite build has FTS5 with the trigram tokenizer (SQLite ≥ 3.34)."""
    try:
        with contextlib.closing(sqlite3.connect(":memory:")) as conn:
            conn.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')")
    except sqlite3.Error:
        return False
    return True


class HistoryRow(NamedTuple):
    """One line of the History pane (a named tuple: the pane builds thousands of them).

    Attributes:
        id: the row id (newest calls have the highest ids).
        started_at: epoch seconds when the call began.
        profile: the profile the call was made with.
        operation: the API operation (``InitiateAuth``).
        label: the human name of the step (``Sign in (SRP)``).
        status: ``OK`` or the error code.
        http_status: the HTTP status, when a response arrived.
        elapsed_ms: wall time of the call.
        tokens_kept: True when the stored call keeps its tokens (the profile opted in).
        user: who the call was made for (a session tab's user), "" when not known.
    """

    id: int
    started_at: float
    profile: str
    operation: str
    label: str
    status: str
    http_status: int | None
    elapsed_ms: float
    tokens_kept: bool
    user: str = ""

    @property
    def ok(self) -> bool:
        """True when the call succeeded."""
        return self.status == STATUS_OK


class HistoryPage(NamedTuple):
    """One page of the History pane and the number of calls that match its filters."""

    rows: list[HistoryRow]
    total: int


@dataclass(frozen=True)
class HistoryEntry:
    """A stored call in full: its row, the masked call JSON, and where it went."""

    row: HistoryRow
    record: dict[str, Any]
    url: str


_TOTAL = "SELECT n FROM call_count"
_ALL = "FROM calls c"
_ROW_COLUMNS = (
    "c.id, c.started_at, c.profile, c.operation, c.label, c.status, c.http_status,"
    " c.elapsed_ms, c.tokens_kept, c.username"
)
#: How many columns :data:`_ROW_COLUMNS` selects.
_ROW_WIDTH = 10


def _row(v: Sequence[Any]) -> HistoryRow:
    # The columns already have these types (NOT NULL, written by this module); only the
    # 0/1 flag needs converting.
    return HistoryRow(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8] == 1, v[9])


def _leaf_strings(data: Any, out: list[str]) -> None:
    if isinstance(data, str):
        if data and not data.startswith(MASK):
            out.append(data)
    elif isinstance(data, Mapping):
        for value in data.values():
            _leaf_strings(value, out)
    elif isinstance(data, list):
        for value in data:
            _leaf_strings(value, out)


def _search_text(profile: str, masked: Mapping[str, Any], user: str = "") -> str:
    """What the text filter looks at: names, status and every (masked) value of the call."""
    parts = [profile, user, str(masked.get("operation", "")), str(masked.get("label", ""))]
    error = masked.get("error")
    parts.append(STATUS_OK if not error else "")
    if masked.get("http_status") is not None:
        parts.append(str(masked["http_status"]))
    _leaf_strings(error, parts)
    _leaf_strings(masked.get("request"), parts)
    _leaf_strings(masked.get("response"), parts)
    _leaf_strings(masked.get("steps"), parts)
    return "\n".join(parts)[:_SEARCH_CHARS].lower()


def _status(call: Mapping[str, Any]) -> str:
    error = call.get("error")
    if isinstance(error, Mapping) and error.get("code"):
        return str(error["code"])
    return STATUS_OK


def _float(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _valid_keep(keep: int) -> int:
    if isinstance(keep, bool) or not isinstance(keep, int):
        raise ValueError(f"keep must be a number of calls, not {keep!r}")
    if keep != 0 and not MIN_KEEP <= keep <= MAX_KEEP:
        raise ValueError(
            f"keep must be 0 (every call) or between {MIN_KEEP:,} and {MAX_KEEP:,} calls, not {keep:,}"
        )
    return keep


def _slack(keep: int) -> int:
    """How far over ``keep`` the store may grow before a batch of old calls is removed."""
    return max(10, keep // 50)


def _is_busy(exc: BaseException) -> bool:
    """True when SQLite failed because another connection holds a lock (not a bad file)."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


_SCHEMA_SQL = (
    """CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        started_at REAL NOT NULL,
        profile TEXT NOT NULL,
        operation TEXT NOT NULL,
        label TEXT NOT NULL,
        status TEXT NOT NULL,
        ok INTEGER NOT NULL,
        http_status INTEGER,
        elapsed_ms REAL NOT NULL,
        tokens_kept INTEGER NOT NULL,
        username TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX calls_operation ON calls (operation, id)",
    "CREATE INDEX calls_status ON calls (status, id)",
    "CREATE INDEX calls_ok ON calls (ok, id)",
    "CREATE INDEX calls_profile ON calls (profile, id)",
    "CREATE TABLE call_body (id INTEGER PRIMARY KEY, url TEXT NOT NULL, record TEXT NOT NULL)",
    "CREATE TABLE call_text (id INTEGER PRIMARY KEY, search TEXT NOT NULL)",
    # The total, kept by triggers: the window shows it at start, and count(*) is O(rows).
    "CREATE TABLE call_count (n INTEGER NOT NULL)",
    "INSERT INTO call_count (n) VALUES (0)",
    "CREATE TRIGGER calls_ai AFTER INSERT ON calls BEGIN UPDATE call_count SET n = n + 1; END",
    "CREATE TRIGGER calls_ad AFTER DELETE ON calls BEGIN UPDATE call_count SET n = n - 1; END",
)
_FTS_DELETE_TRIGGER = (
    "CREATE TRIGGER call_text_ad AFTER DELETE ON call_text BEGIN"
    " INSERT INTO calls_fts (calls_fts, rowid, search) VALUES ('delete', old.id, old.search);"
    " END"
)
_FTS_SQL = (
    "CREATE VIRTUAL TABLE calls_fts USING fts5("
    "search, content='call_text', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER call_text_ai AFTER INSERT ON call_text BEGIN"
    " INSERT INTO calls_fts (rowid, search) VALUES (new.id, new.search); END",
    _FTS_DELETE_TRIGGER,
)


class _Unusable(Exception):
    """The database file cannot be used as it is (unreadable, or written by a newer bench)."""


class HistoryStore:
    """The call history: record, filter, read, export and clear calls.

    Safe to share between the GUI thread and worker threads (one connection behind a lock);
    every method returns plain Python values.

    Args:
        paths: the app folders; the database is ``paths.history_db``.
        db_path: use this database file instead (tests, benchmarks).
        full_text: force the FTS5 index on or off for a new database; ``None`` uses it when
            the SQLite build has it. An existing database keeps what it was created with.
        timeout: seconds to wait for another process's lock before giving up.
        keep: how many calls to keep (the newest); 0 keeps every call. Set it through
            :meth:`set_keep`, which also removes what is over the new limit.

    Attributes:
        warning: a plain-English line when the database had to be set aside at open, else "".
        path: the database file.
    """

    def __init__(
        self,
        paths: AppPaths | None = None,
        *,
        db_path: Path | str | None = None,
        full_text: bool | None = None,
        timeout: float = 5.0,
        keep: int = DEFAULT_KEEP,
    ) -> None:
        if db_path is None:
            db_path = (paths or AppPaths.default()).history_db
        self.path = Path(db_path)
        self.warning = ""
        self._timeout = timeout
        self._lock = threading.Lock()
        self._want_fts = full_text
        self._conn = self._open()
        self._fts = self._has_table("calls_fts")
        self._keep = _valid_keep(keep)

    def _open(self) -> sqlite3.Connection:
        try:
            return self._connect(self.path)
        except (sqlite3.Error, _Unusable, OSError) as exc:
            if _is_busy(exc):
                self.warning = (
                    "The call history is in use by another Cognito Bench; this session's calls "
                    "are kept in memory only."
                )
                return self._connect(None)
            reason = str(exc)
        if self._shared_and_whole():
            # Another bench has this healthy database open: setting it aside would pull it
            # out from under that bench while it writes (issue 17). Try once more (a race at
            # creation heals itself), else keep this session's calls in memory.
            try:
                return self._connect(self.path)
            except (sqlite3.Error, _Unusable, OSError) as exc:
                self.warning = (
                    f"The call history is in use by another Cognito Bench and could not be "
                    f"opened here ({exc}); this session's calls are kept in memory only."
                )
                return self._connect(None)
        try:
            backup = self._move_aside()
            conn = self._connect(self.path)
        except (sqlite3.Error, _Unusable, OSError) as exc:
            self.warning = (
                f"The call history could not be opened ({exc}); this session's calls are kept "
                "in memory only."
            )
            return self._connect(None)
        self.warning = (
            f"The call history could not be read ({reason}); it was set aside as "
            f"{backup.name} and a new, empty history was started."
        )
        return conn

    def _shared_and_whole(self) -> bool:
        """True when another process has the database open and it passes ``quick_check``.

        "Open elsewhere" is tested by asking for an exclusive lock, which the shared lock
        every other connection holds on an open WAL database refuses. Nothing is written.
        """
        try:
            probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        except sqlite3.Error:
            return False
        try:
            try:
                probe.execute("PRAGMA locking_mode=EXCLUSIVE")
                probe.execute("BEGIN EXCLUSIVE")
                probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
                probe.execute("ROLLBACK")
                return False  # nobody else holds it
            except sqlite3.Error as exc:
                if not _is_busy(exc):
                    return False
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            checker = sqlite3.connect(uri, uri=True, timeout=self._timeout)
            try:
                return bool(checker.execute("PRAGMA quick_check").fetchone() == ("ok",))
            except sqlite3.Error:
                return False
            finally:
                checker.close()
        finally:
            probe.close()

    # ---- opening -------------------------------------------------------------------------

    def _connect(self, path: Path | None) -> sqlite3.Connection:
        """A connection to ``path`` with the schema in place (``None``: in memory)."""
        if path is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            self._create_schema(conn)
            return conn
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not path.exists():
            # Create the file owner-only first: SQLite gives the -wal and -shm files the
            # database file's permissions.
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        conn = sqlite3.connect(
            path, timeout=self._timeout, check_same_thread=False, isolation_level=None
        )
        try:
            self._set_wal(conn)
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA secure_delete=ON")
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) == 0:
                self._create_schema(conn)  # unless another process just did
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA:
                raise _Unusable(
                    f"it was written by a newer Cognito Bench (schema {version}, this one reads {SCHEMA})"
                )
            self._add_username(conn)
            conn.execute("SELECT id FROM calls LIMIT 1").fetchall()
            conn.execute("SELECT id FROM call_body LIMIT 1").fetchall()
            conn.execute(_TOTAL).fetchone()
            if self._has_table("calls_fts", conn):
                conn.execute("SELECT rowid FROM calls_fts LIMIT 1").fetchall()
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _add_username(conn: sqlite3.Connection) -> None:
        """Give a history made before the User column its column (empty for old calls).

        A compatible change, so the schema number stays: an older bench lists its columns
        when it writes and reads, and the column's default fills it in. Two benches adding
        it at once: the second finds it there under the write lock.
        """

        def has_it() -> bool:
            return any(r[1] == "username" for r in conn.execute("PRAGMA table_info(calls)"))

        if has_it():
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            if not has_it():
                conn.execute("ALTER TABLE calls ADD COLUMN username TEXT NOT NULL DEFAULT ''")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _set_wal(self, conn: sqlite3.Connection) -> None:
        """Switch to WAL, waiting for another process that opens the same file right now.

        Changing the journal mode needs the file to itself, and SQLite answers "database is
        locked" at once there instead of calling its busy handler: a second bench opening a
        new history at the same moment got it every few tries. So retry, up to the timeout.
        """
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)

    def _create_schema(self, conn: sqlite3.Connection) -> None:
        """Create the tables, unless another process did it first (checked under the lock).

        Two benches opening a new history at once both see ``user_version`` 0; the write
        lock of ``BEGIN IMMEDIATE`` lets one create the schema and the other find it done.
        """
        conn.execute("BEGIN IMMEDIATE")
        try:
            if int(conn.execute("PRAGMA user_version").fetchone()[0]) != 0:
                conn.execute("COMMIT")
                return
            # Probed only when creating: an existing database keeps what it was made with.
            want_fts = fts_available() if self._want_fts is None else self._want_fts
            for statement in _SCHEMA_SQL + (_FTS_SQL if want_fts else ()):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _has_table(self, name: str, conn: sqlite3.Connection | None = None) -> bool:
        conn = conn or self._conn
        found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        return found is not None

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        backup = self.path.with_name(f"{self.path.name}.unreadable-{stamp}")
        counter = 1
        while backup.exists():
            counter += 1
            backup = self.path.with_name(f"{self.path.name}.unreadable-{stamp}-{counter}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                os.replace(source, Path(f"{backup}{suffix}"))
        return backup

    @property
    def full_text(self) -> bool:
        """True when text filters use the FTS5 trigram index (else ``LIKE``)."""
        return self._fts

    def close(self) -> None:
        """Checkpoint the WAL into the database and close it."""
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._conn.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    # ---- writing -------------------------------------------------------------------------

    def record(
        self,
        profile: str,
        call_json: Mapping[str, Any],
        keep_tokens: bool = False,
        *,
        url: str = "",
        user: str = "",
    ) -> int:
        """Store one call, masked, and return its row id.

        Args:
            profile: the profile name the call was made with.
            call_json: the call as ``CallRecord.to_json()`` gives it (``operation``, ``label``,
                ``request``, ``response``, ``error``, ``elapsed_ms``, ``started_at``,
                ``http_status``, ``steps``).
            keep_tokens: keep access, ID and refresh tokens (the profile's opt-in); passwords,
                secrets and AWS credentials are masked regardless.
            url: where the call went (the endpoint), used by HAR exports.
            user: who the call was made for (a session tab's user).
        """
        return self.record_many([(profile, call_json)], keep_tokens, url=url, user=user)[0]

    def record_many(
        self,
        calls: Iterable[tuple[str, Mapping[str, Any]]],
        keep_tokens: bool = False,
        *,
        url: str = "",
        user: str = "",
    ) -> list[int]:
        """Store several ``(profile, call_json)`` calls in one transaction; their row ids."""
        prepared = [self._prepare(profile, call, keep_tokens, user) for profile, call in calls]
        ids: list[int] = []
        with self._transaction() as conn:
            for meta, body, search in prepared:
                cursor = conn.execute(
                    "INSERT INTO calls (started_at, profile, operation, label, status, ok,"
                    " http_status, elapsed_ms, tokens_kept, username)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    meta,
                )
                row_id = cursor.lastrowid
                assert row_id is not None
                conn.execute(
                    "INSERT INTO call_body (id, url, record) VALUES (?, ?, ?)", (row_id, url, body)
                )
                conn.execute("INSERT INTO call_text (id, search) VALUES (?, ?)", (row_id, search))
                ids.append(row_id)
            # Pruned in batches (2% over the limit), so a call's write rarely pays for it.
            if self._keep and int(conn.execute(_TOTAL).fetchone()[0]) > self._keep + _slack(
                self._keep
            ):
                self._delete_oldest(conn, self._keep)
        return ids

    @property
    def keep(self) -> int:
        """How many calls are kept (the newest); 0 means every call."""
        return self._keep

    def set_keep(self, keep: int, prune: bool = True) -> int:
        """Keep the newest ``keep`` calls from now on (0: all); returns how many were removed.

        With ``prune`` False, calls over the limit go with the next write instead of now.

        Raises:
            ValueError: ``keep`` is not 0 and not between :data:`MIN_KEEP` and :data:`MAX_KEEP`.
        """
        self._keep = _valid_keep(keep)
        if not self._keep or not prune:
            return 0
        with self._transaction() as conn:
            return self._delete_oldest(conn, self._keep)

    def _delete_oldest(self, conn: sqlite3.Connection, keep: int) -> int:
        """Delete all but the newest ``keep`` calls (inside a transaction); how many went."""
        cutoff = conn.execute(
            "SELECT id FROM calls ORDER BY id DESC LIMIT 1 OFFSET ?", (keep,)
        ).fetchone()
        if cutoff is None:
            return 0
        last = int(cutoff[0])
        # call_text's delete trigger keeps the FTS index in step, row by row.
        conn.execute("DELETE FROM call_text WHERE id <= ?", (last,))
        conn.execute("DELETE FROM call_body WHERE id <= ?", (last,))
        return conn.execute("DELETE FROM calls WHERE id <= ?", (last,)).rowcount

    def _prepare(
        self, profile: str, call: Mapping[str, Any], keep_tokens: bool, user: str = ""
    ) -> tuple[tuple[Any, ...], str, str]:
        masked = redact(dict(call), keep_tokens=False)
        stored = redact(dict(call), keep_tokens=True) if keep_tokens else masked
        status = _status(call)
        http_status = call.get("http_status")
        operation = str(call.get("operation") or "")
        meta = (
            _float(call.get("started_at"), time.time()),
            profile,
            operation,
            str(call.get("label") or operation),
            status,
            1 if status == STATUS_OK else 0,
            http_status if isinstance(http_status, int) else None,
            _float(call.get("elapsed_ms"), 0.0),
            1 if keep_tokens else 0,
            user,
        )
        body = dumps(stored, separators=(",", ":"), default=str)
        # The search text comes from the fully masked call, so kept tokens are never indexed.
        return meta, body, _search_text(profile, masked, user)

    def clear(self) -> None:
        """Delete every stored call; the freed pages are overwritten and the file shrunk."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                if self._fts:
                    conn.execute("INSERT INTO calls_fts (calls_fts) VALUES ('delete-all')")
                    conn.execute("DROP TRIGGER IF EXISTS call_text_ad")
                conn.execute("DELETE FROM call_text")
                conn.execute("DELETE FROM call_body")
                conn.execute("DELETE FROM calls")
                conn.execute("UPDATE call_count SET n = 0")
                if self._fts:
                    conn.execute(_FTS_DELETE_TRIGGER)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # ---- reading -------------------------------------------------------------------------

    def _filtered(
        self, text: str, operation: str, status: str, profile: str
    ) -> tuple[str, list[Any], str]:
        """``FROM ... WHERE ...``, its parameters, and the newest-first ``ORDER BY``.

        With text terms and the FTS index, the FTS table drives the query in descending rowid
        order, so a page of a common word stops after its first rows and a rare word reads a
        short doclist; otherwise ``calls`` drives in id order (through an index when a filter
        has one). Terms shorter than a trigram are matched with ``LIKE``.
        """
        clauses: list[str] = []
        params: list[Any] = []
        terms = text.lower().split()
        indexed = [t for t in terms if self._fts and len(t) >= _TRIGRAM]
        scanned = [t for t in terms if t not in indexed]
        if indexed:
            source = "calls_fts f CROSS JOIN calls c ON c.id = f.rowid"
            clauses.append("f.search MATCH ?")
            params.append(" AND ".join(_fts_phrase(t) for t in indexed))
            order = "ORDER BY f.rowid DESC"
        else:
            source = _ALL[len("FROM ") :]
            order = "ORDER BY c.id DESC"
        if scanned:
            source += " CROSS JOIN call_text t ON t.id = c.id"
            for term in scanned:
                clauses.append("t.search LIKE ? ESCAPE '\\'")
                params.append(_like_pattern(term))
        if operation:
            clauses.append("c.operation = ?")
            params.append(operation)
        if profile:
            clauses.append("c.profile = ?")
            params.append(profile)
        if status == STATUS_OK:
            clauses.append("c.ok = 1")
        elif status.lower() == STATUS_ERROR:
            clauses.append("c.ok = 0")
        elif status:
            clauses.append("c.status = ?")
            params.append(status)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return f"FROM {source}{where}", params, order

    def query(
        self,
        text: str = "",
        operation: str = "",
        status: str = "",
        limit: int = 500,
        offset: int = 0,
        *,
        profile: str = "",
    ) -> list[HistoryRow]:
        """The calls that match every filter, newest first.

        Args:
            text: words that must all appear (case-insensitive substrings) in the call's
                operation, label, profile, status, error or masked request/response values.
            operation: exact operation name, or "" for all.
            status: ``OK`` (:data:`STATUS_OK`), ``error`` (:data:`STATUS_ERROR`: any failure),
                an error code such as ``NotAuthorizedException``, or "" for all.
            limit: at most this many rows (a page).
            offset: rows to skip (the next page starts at ``offset + limit``).
            profile: only calls made with this profile, or "" for all.
        """
        source, params, order = self._filtered(text, operation, status, profile)
        sql = f"SELECT {_ROW_COLUMNS} {source} {order} LIMIT ? OFFSET ?"
        with self._lock:
            rows = self._conn.execute(sql, [*params, max(0, limit), max(0, offset)]).fetchall()
        return [_row(r) for r in rows]

    def page(
        self,
        text: str = "",
        operation: str = "",
        status: str = "",
        limit: int = 500,
        offset: int = 0,
        *,
        profile: str = "",
    ) -> HistoryPage:
        """:meth:`query` and :meth:`count` in one: what the History pane needs per filter.

        A page that is not full already tells the total, so the second pass over the
        matches (the slow part of a rare filter) is skipped.
        """
        rows = self.query(text, operation, status, limit, offset, profile=profile)
        if len(rows) < limit and (rows or offset == 0):
            return HistoryPage(rows, max(0, offset) + len(rows))
        return HistoryPage(rows, self.count(text, operation, status, profile=profile))

    def count(
        self, text: str = "", operation: str = "", status: str = "", *, profile: str = ""
    ) -> int:
        """How many calls match the filters (all calls when none is given)."""
        source, params, _ = self._filtered(text, operation, status, profile)
        sql = _TOTAL if source == _ALL else f"SELECT count(*) {source}"
        with self._lock:
            found = self._conn.execute(sql, params).fetchone()
        return int(found[0])

    def _distinct(self, column: str) -> list[str]:
        # A skip-scan down the column's index: one seek per distinct value, not per row.
        sql = (
            f"WITH RECURSIVE v(x) AS (SELECT min({column}) FROM calls"  # noqa: S608 - fixed names
            f" UNION ALL SELECT (SELECT min({column}) FROM calls WHERE {column} > v.x)"
            " FROM v WHERE v.x IS NOT NULL) SELECT x FROM v WHERE x IS NOT NULL"
        )
        with self._lock:
            rows = self._conn.execute(sql).fetchall()
        return [str(r[0]) for r in rows]

    def operations(self) -> list[str]:
        """Every operation that has a stored call, sorted (for the operation filter)."""
        return self._distinct("operation")

    def statuses(self) -> list[str]:
        """Every status that has a stored call, sorted, ``OK`` first (for the status filter)."""
        found = self._distinct("status")
        return sorted(found, key=lambda s: (s != STATUS_OK, s))

    def row(self, row_id: int) -> HistoryRow | None:
        """One History row (no body), or None when there is no such row."""
        with self._lock:
            found = self._conn.execute(
                f"SELECT {_ROW_COLUMNS} FROM calls c WHERE c.id = ?",  # noqa: S608 - constant columns
                (row_id,),
            ).fetchone()
        return None if found is None else _row(found)

    def get(self, row_id: int) -> HistoryEntry | None:
        """One stored call in full, or None when there is no such row."""
        with self._lock:
            found = self._conn.execute(
                f"SELECT {_ROW_COLUMNS}, b.url, b.record FROM calls c"  # noqa: S608 - constant columns
                " JOIN call_body b ON b.id = c.id WHERE c.id = ?",
                (row_id,),
            ).fetchone()
        if found is None:
            return None
        record = loads(found[_ROW_WIDTH + 1])
        return HistoryEntry(row=_row(found[:_ROW_WIDTH]), record=record, url=str(found[_ROW_WIDTH]))

    def _entries(self, ids: Iterable[int]) -> list[HistoryEntry]:
        return [entry for i in sorted(set(ids)) if (entry := self.get(i)) is not None]

    # ---- exports -------------------------------------------------------------------------

    def export_json(self, ids: Iterable[int], path: Path | str | None = None) -> str:
        """The chosen calls as JSON text for a bug report (tokens masked even if kept).

        Args:
            ids: row ids; unknown ids are skipped; calls come out oldest first.
            path: also write the text there (atomically, owner-only).
        """
        calls = [
            {
                "id": e.row.id,
                "profile": e.row.profile,
                "user": e.row.user,
                "started_at": _iso(e.row.started_at),
                "status": e.row.status,
                "url": e.url,
                "call": redact(e.record, keep_tokens=False),
            }
            for e in self._entries(ids)
        ]
        document = {
            "format": "cognito-bench-history",
            "version": 1,
            "exported_at": _iso(time.time()),
            "calls": calls,
        }
        text = dumps(document, indent=2)
        if path is not None:
            atomic_write(path, text)
        return text

    def export_har(self, ids: Iterable[int], path: Path | str | None = None) -> str:
        """The chosen calls as a HAR 1.2 file (one entry per HTTP call, masked).

        Multi-call steps (SRP sign-in) give one entry per call they made.

        Args:
            ids: row ids; unknown ids are skipped; entries come out oldest first.
            path: also write the text there (atomically, owner-only).
        """
        entries: list[dict[str, Any]] = []
        for entry in self._entries(ids):
            call = redact(entry.record, keep_tokens=False)
            steps = call.get("steps") or []
            for part in steps if steps else [call]:
                entries.append(_har_entry(part, entry.url, entry.row.profile))
        document = {
            "log": {
                "version": "1.2",
                "creator": {"name": "Cognito Bench", "version": _bench_version()},
                "pages": [],
                "entries": entries,
                "comment": "Secrets and tokens are masked.",
            }
        }
        text = dumps(document, indent=2)
        if path is not None:
            atomic_write(path, text)
        return text


def _iso(epoch: float) -> str:
    return _dt.datetime.fromtimestamp(epoch, tz=_dt.UTC).isoformat(timespec="milliseconds")


def _bench_version() -> str:
    try:
        from importlib.metadata import version

        return version("cognito-bench")
    except Exception:
        return "0"


def _har_entry(call: Mapping[str, Any], url: str, profile: str) -> dict[str, Any]:
    operation = str(call.get("operation") or "")
    request_body = dumps(call.get("request") or {})
    error = call.get("error")
    if isinstance(error, Mapping) and error.get("code"):
        response_data: Any = {"__type": error.get("code"), "message": error.get("message", "")}
    else:
        response_data = call.get("response") or {}
    response_body = dumps(response_data)
    http_status = call.get("http_status")
    status = http_status if isinstance(http_status, int) else 0
    elapsed = _float(call.get("elapsed_ms"), 0.0)
    if operation in _S3_OPERATIONS:
        service, target, mime = "s3", "", "application/xml"
        method = next(
            (
                m
                for prefix, m in (("Put", "PUT"), ("Create", "PUT"), ("Delete", "DELETE"))
                if operation.startswith(prefix)
            ),
            "HEAD" if operation.startswith("Head") else "GET",
        )
    else:
        identity = operation in _IDENTITY_OPERATIONS
        service = "cognito-identity" if identity else "cognito-idp"
        prefix = "AWSCognitoIdentityService" if identity else "AWSCognitoIdentityProviderService"
        target, mime, method = f"{prefix}.{operation}", "application/x-amz-json-1.1", "POST"
    headers = [{"name": "Content-Type", "value": mime}]
    if target:
        headers.append({"name": "X-Amz-Target", "value": target})
    request: dict[str, Any] = {
        "method": method,
        "url": url or f"https://{service}.amazonaws.com/",
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": headers,
        "queryString": [],
        "headersSize": -1,
        "bodySize": len(request_body.encode("utf-8")) if method in ("POST", "PUT") else 0,
    }
    if method in ("POST", "PUT"):
        request["postData"] = {"mimeType": mime, "text": request_body}
    size = len(response_body.encode("utf-8"))
    return {
        "startedDateTime": _iso(_float(call.get("started_at"), 0.0)),
        "time": elapsed,
        "request": request,
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "cookies": [],
            "headers": [{"name": "Content-Type", "value": "application/x-amz-json-1.1"}],
            "content": {
                "size": size,
                "mimeType": "application/x-amz-json-1.1",
                "text": response_body,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": size,
        },
        "cache": {},
        "timings": {"send": 0, "wait": elapsed, "receive": 0},
        "comment": f"{call.get('label') or operation} (profile {profile})",
    }
