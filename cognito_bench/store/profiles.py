"""Profiles: named targets (region, pool, app clients, identity pool, ...) kept as JSON.

The file (``profiles.json`` in the config folder) looks like::

    {"schema": 1, "last_used": "staging", "history_keep": 20000, "screen_share": true,
     "profiles": [{"name": "staging", ...}, ...]}

It never holds a secret: client secrets and remembered passwords live in the OS keyring
(:mod:`cognito_bench.store.secrets`).

Several windows (processes) share the file. Every change is a locked read-merge-write of
that one change: under ``profiles.json.lock`` (a :mod:`filelock` lock, which works on Linux,
macOS and Windows and is released by the OS when a process dies) the file is read again, the
one profile or setting is changed in what was read, and the result is written atomically. So
a save in one window never erases what another window saved, whatever the order.
:meth:`ProfileStore.refresh` picks up what another window changed. Without the re-read, two
windows each rewrote the whole file from their own start-up copy (issue 17: a profile saved
in one window vanished when the other switched profile).

A file that cannot be read (empty,
binary, not JSON, wrong shape) or that a newer bench wrote is moved aside as a timestamped
backup, and the store starts empty with a warning: loading never raises.

The embedded local Cognito is always one entry, :data:`LOCAL_PROFILE_NAME`, built from the
running emulator with :func:`local_profile`; it is never saved.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock

from cognito_bench.store.atomic import atomic_write, remove_stale_temps
from cognito_bench.store.errors import ProfileError
from cognito_bench.store.paths import AppPaths
from cognito_bench.store.redact import contains_token, is_secret_key, is_token_key

__all__ = [
    "EXPORT_FORMAT",
    "LOCAL_PROFILE_NAME",
    "SCHEMA",
    "AppClient",
    "ImportResult",
    "Profile",
    "ProfileStore",
    "local_profile",
    "validate_name",
]

#: Version of the profiles file; a newer file is set aside, never misread or overwritten.
SCHEMA = 1
#: The built-in profile for the embedded local Cognito (never saved, cannot be taken).
LOCAL_PROFILE_NAME = "Local Cognito"
#: ``format`` of an exported profiles file.
EXPORT_FORMAT = "cognito-bench-profiles"
_MAX_NAME = 64
#: Seconds to wait for another window's change of the file before giving up (a change takes
#: a few milliseconds; the OS frees the lock of a process that died).
LOCK_TIMEOUT_S = 10.0

_T = TypeVar("_T")
_TEXT_FIELDS = (
    "region",
    "user_pool_id",
    "identity_pool_id",
    "endpoint_url",
    "bucket",
    "aws_profile",
    "hosted_ui_domain",
    "oauth_redirect_uri",
    "oauth_scopes",
)


def validate_name(name: str) -> str:
    """``name`` stripped, or :class:`ProfileError` saying why it cannot name a profile."""
    clean = name.strip()
    if not clean:
        raise ProfileError("A profile needs a name.")
    if len(clean) > _MAX_NAME:
        raise ProfileError(f"A profile name has at most {_MAX_NAME} characters.")
    if any(ord(ch) < 32 or ch == ":" for ch in clean):
        raise ProfileError("A profile name cannot contain ':' or control characters.")
    return clean


@dataclass(frozen=True)
class AppClient:
    """One app client of a user pool.

    Attributes:
        client_id: the app client id.
        label: a human name (``web``, ``backend``); the id is shown when empty.
        has_secret: True when the client has a secret (kept in the keyring, never here).
    """

    client_id: str
    label: str = ""
    has_secret: bool = False

    def to_json(self) -> dict[str, Any]:
        """The client as a JSON-ready dict."""
        return {"client_id": self.client_id, "label": self.label, "has_secret": self.has_secret}

    @classmethod
    def from_json(cls, data: Any) -> AppClient:
        """Read one client; :class:`ProfileError` when the shape is wrong."""
        if not isinstance(data, Mapping) or not isinstance(data.get("client_id"), str):
            raise ProfileError("an app client needs a client_id")
        label = data.get("label", "")
        return cls(
            client_id=data["client_id"].strip(),
            label=label if isinstance(label, str) else "",
            has_secret=data.get("has_secret") is True,
        )


@dataclass(frozen=True)
class Profile:
    """A named target: what one set of Cognito resources is and how to reach it.

    Attributes:
        name: unique, shown in the profile switcher.
        region: AWS region (``eu-west-1``).
        user_pool_id: the user pool.
        clients: the pool's app clients this profile uses; the first is the default.
        identity_pool_id: the identity pool, if any.
        endpoint_url: an endpoint override (a local emulator); "" for real AWS.
        bucket: an S3 bucket for the S3 buttons.
        aws_profile: the AWS CLI profile used for admin calls ("" for the default chain).
        keep_tokens: keep tokens in the call history (a developer's opt-in; passwords and
            secrets are masked regardless).
        hosted_ui_domain: the pool's hosted UI domain (``https://PREFIX.auth.REGION...``).
        oauth_redirect_uri: the callback URL the bench listens on for the hosted UI.
        oauth_scopes: the scopes the hosted UI sign-in asks for.
        builtin: True for the local emulator's entry, which is never saved.
    """

    name: str
    region: str = ""
    user_pool_id: str = ""
    clients: tuple[AppClient, ...] = ()
    identity_pool_id: str = ""
    endpoint_url: str = ""
    bucket: str = ""
    aws_profile: str = ""
    keep_tokens: bool = False
    hosted_ui_domain: str = ""
    oauth_redirect_uri: str = ""
    oauth_scopes: str = ""
    builtin: bool = field(default=False, compare=False)

    @property
    def default_client(self) -> AppClient | None:
        """The first app client, or None when the profile has none."""
        return self.clients[0] if self.clients else None

    def client(self, client_id: str) -> AppClient | None:
        """The app client with this id, or None."""
        return next((c for c in self.clients if c.client_id == client_id), None)

    def to_json(self) -> dict[str, Any]:
        """The profile as a JSON-ready dict (no secrets: there are none to write)."""
        return {
            "name": self.name,
            "region": self.region,
            "user_pool_id": self.user_pool_id,
            "clients": [c.to_json() for c in self.clients],
            "identity_pool_id": self.identity_pool_id,
            "endpoint_url": self.endpoint_url,
            "bucket": self.bucket,
            "aws_profile": self.aws_profile,
            "keep_tokens": self.keep_tokens,
            "hosted_ui_domain": self.hosted_ui_domain,
            "oauth_redirect_uri": self.oauth_redirect_uri,
            "oauth_scopes": self.oauth_scopes,
        }

    @classmethod
    def from_json(cls, data: Any) -> Profile:
        """Read one profile; unknown keys are ignored, :class:`ProfileError` on a bad shape."""
        if not isinstance(data, Mapping):
            raise ProfileError("a profile must be a JSON object")
        name = data.get("name")
        if not isinstance(name, str):
            raise ProfileError("a profile needs a name")
        texts: dict[str, str] = {}
        for key in _TEXT_FIELDS:
            value = data.get(key, "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                raise ProfileError(f"profile {name!r}: {key} must be text")
            texts[key] = value.strip()
        raw_clients = data.get("clients", [])
        if not isinstance(raw_clients, list):
            raise ProfileError(f"profile {name!r}: clients must be a list")
        clients = tuple(AppClient.from_json(c) for c in raw_clients)
        return cls(
            name=validate_name(name),
            region=texts["region"],
            user_pool_id=texts["user_pool_id"],
            clients=clients,
            identity_pool_id=texts["identity_pool_id"],
            endpoint_url=texts["endpoint_url"],
            bucket=texts["bucket"],
            aws_profile=texts["aws_profile"],
            keep_tokens=data.get("keep_tokens") is True,
            hosted_ui_domain=texts["hosted_ui_domain"],
            oauth_redirect_uri=texts["oauth_redirect_uri"],
            oauth_scopes=texts["oauth_scopes"],
        )


def local_profile(target: Mapping[str, Any]) -> Profile:
    """The built-in profile for a running embedded local Cognito.

    Args:
        target: the emulator's target as JSON (``LocalTarget.to_json()`` or the line
            ``cognito-bench local`` prints): ``endpoint_url``, ``region``, ``user_pool_id``,
            ``client_id``, ``client_id_with_secret``, ``identity_pool_id``, ``bucket``.
    """

    def text(key: str) -> str:
        value = target.get(key, "")
        return value if isinstance(value, str) else ""

    clients = [AppClient(text("client_id"), "web (no secret)", False)]
    if text("client_id_with_secret"):
        clients.append(AppClient(text("client_id_with_secret"), "backend (with secret)", True))
    if text("machine_client_id"):
        clients.append(AppClient(text("machine_client_id"), "machine (client credentials)", True))
    if text("client_id_rotating"):
        clients.append(
            AppClient(text("client_id_rotating"), "web (rotating refresh tokens)", False)
        )
    if text("client_token_client_id"):
        clients.append(AppClient(text("client_token_client_id"), "machine (GetClientToken)", True))
    return Profile(
        name=LOCAL_PROFILE_NAME,
        region=text("region"),
        user_pool_id=text("user_pool_id"),
        clients=tuple(c for c in clients if c.client_id),
        identity_pool_id=text("identity_pool_id"),
        endpoint_url=text("endpoint_url"),
        bucket=text("bucket"),
        hosted_ui_domain=text("hosted_ui_domain"),
        oauth_redirect_uri=text("oauth_redirect_uri"),
        builtin=True,
    )


@dataclass
class ImportResult:
    """What :meth:`ProfileStore.import_file` did.

    Attributes:
        added: names of the profiles added (after any renaming).
        renamed: original name -> new name, for names that were already taken.
        stripped: ``profile.field`` of every secret-looking value that was dropped.
        skipped: one line per entry that could not be read.
    """

    added: list[str] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    stripped: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One plain-English line for a status bar."""
        parts = [f"Imported {len(self.added)} profile(s)"]
        if self.renamed:
            parts.append(f"{len(self.renamed)} renamed to avoid a clash")
        if self.stripped:
            parts.append(f"{len(self.stripped)} secret value(s) dropped")
        if self.skipped:
            parts.append(f"{len(self.skipped)} unreadable entr(y/ies) skipped")
        return "; ".join(parts) + "."


def _strip_secrets(data: Any, where: str, stripped: list[str]) -> Any:
    """``data`` without secret-looking keys or token-shaped values; notes each in ``stripped``."""
    if isinstance(data, Mapping):
        out: dict[str, Any] = {}
        for key, value in data.items():
            name = str(key)
            path = f"{where}.{name}"
            is_flag = isinstance(value, bool) or value is None
            if (is_secret_key(name) or is_token_key(name)) and not is_flag:
                stripped.append(path)
                continue
            out[name] = _strip_secrets(value, path, stripped)
        return out
    if isinstance(data, list):
        return [_strip_secrets(v, f"{where}[{i}]", stripped) for i, v in enumerate(data)]
    if isinstance(data, str) and contains_token(data):
        stripped.append(where)
        return ""
    return data


class ProfileStore:
    """The saved profiles, plus the built-in local one.

    Every change is written at once, as a locked read-merge-write (see the module docstring):
    the profiles and settings held here are what the file held at the last read or write.

    Args:
        paths: the app folders; the file is ``paths.profiles_file``.

    Attributes:
        path: the profiles file.
        warning: a plain-English line when the last :meth:`load` had to set the file aside.
        local: the built-in local profile once the window has set it (see :meth:`set_local`).
    """

    def __init__(self, paths: AppPaths) -> None:
        self.path = paths.profiles_file
        self.warning = ""
        self.local: Profile | None = None
        self._profiles: dict[str, Profile] = {}
        self._last_used = ""
        self._history_keep: int | None = None
        self._screen_share = False
        # The file's digest when last read or written here: refresh() re-reads on a change.
        self._seen: bytes | None = None
        self._lock = FileLock(
            self.path.with_name(f"{self.path.name}.lock"), timeout=LOCK_TIMEOUT_S, mode=0o600
        )

    # ---- reading -------------------------------------------------------------------------

    def load(self) -> str:
        """Read the file; return a warning line ("" when all went well). Never raises.

        A missing file is an empty store. A file that cannot be used is moved aside as
        ``profiles.json.<reason>-<UTC time>`` and the store starts empty; a file with some
        unreadable entries keeps the good ones and is backed up the same way. Temporary
        files left by a writer that was killed midway are removed (under the lock no write
        is in progress, so every one is a leftover, whatever its age).
        """
        try:
            with self._locked():
                remove_stale_temps(self.path, older_than_s=0)
                return self._read()
        except OSError:
            # No lock (a read-only folder, a lock held for too long): the file is still
            # whole (writes are atomic), so read it; only a set-aside would then fail.
            return self._read()

    def refresh(self) -> bool:
        """Re-read the file if another window changed it since; True when it was re-read.

        Compares the file's bytes (a few KB) with what was last read or written here: a
        ``stat`` alone can miss a change, since two writes within one clock tick can leave
        the same time, size and (reused) inode.
        """
        if self._digest() == self._seen:
            return False
        self.load()
        return True

    def _digest(self) -> bytes | None:
        try:
            return hashlib.sha256(self.path.read_bytes()).digest()
        except OSError:
            return None

    def _reset(self) -> None:
        self._profiles = {}
        self._last_used = ""
        self._history_keep = None
        self._screen_share = False
        self.warning = ""

    def _read(self) -> str:
        """Read the file into this store (the caller holds the lock)."""
        self._reset()
        self._seen = None
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return ""
        except OSError as exc:
            self.warning = f"The profiles file could not be read ({exc.strerror}); starting with no saved profiles."
            return self.warning
        self._seen = hashlib.sha256(raw).digest()
        problem, reason, document = self._parse(raw)
        if document is None:
            return self._set_aside(reason, f"{problem}; starting with no saved profiles")
        bad: list[str] = []
        profiles: dict[str, Profile] = {}
        for entry in document.get("profiles", []):
            try:
                profile = Profile.from_json(entry)
            except ProfileError as exc:
                bad.append(str(exc))
                continue
            if profile.name == LOCAL_PROFILE_NAME or profile.name in profiles:
                bad.append(f"profile {profile.name!r} is a duplicate")
                continue
            profiles[profile.name] = profile
        self._profiles = profiles
        last = document.get("last_used", "")
        self._last_used = last if isinstance(last, str) else ""
        keep = document.get("history_keep")
        self._history_keep = keep if isinstance(keep, int) and not isinstance(keep, bool) else None
        self._screen_share = document.get("screen_share") is True
        if bad:
            return self._set_aside(
                "partial",
                f"{len(bad)} saved profile(s) could not be read ({bad[0]}); the others were kept",
                keep_loaded=True,
            )
        return ""

    @staticmethod
    def _parse(raw: bytes) -> tuple[str, str, dict[str, Any] | None]:
        """(problem, backup reason, document) — document is None when the file is unusable."""
        if not raw.strip():
            return "The profiles file was empty", "empty", None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return "The profiles file is not text", "corrupt", None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            return f"The profiles file is not valid JSON (line {exc.lineno})", "corrupt", None
        except (ValueError, RecursionError):
            # Nesting too deep or a number too long for Python: not a file this bench wrote.
            return "The profiles file is not valid JSON", "corrupt", None
        if not isinstance(document, dict):
            return "The profiles file does not hold profiles", "corrupt", None
        schema = document.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
            return "The profiles file has no valid schema version", "corrupt", None
        if schema > SCHEMA:
            return (
                f"The profiles file was written by a newer Cognito Bench (schema {schema}; "
                f"this one reads {SCHEMA})",
                "newer",
                None,
            )
        if not isinstance(document.get("profiles", []), list):
            return "The profiles file does not hold a list of profiles", "corrupt", None
        return "", "", document

    def _set_aside(self, reason: str, message: str, keep_loaded: bool = False) -> str:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        backup = self.path.with_name(f"{self.path.name}.{reason}-{stamp}")
        counter = 1
        while backup.exists():
            counter += 1
            backup = self.path.with_name(f"{self.path.name}.{reason}-{stamp}-{counter}")
        try:
            if keep_loaded:
                # Keep the original as the backup, then write the readable part back.
                os.replace(self.path, backup)
                self._write()
            else:
                os.replace(self.path, backup)
        except OSError as exc:
            self.warning = f"{message}. The file could not be set aside ({exc.strerror})."
            return self.warning
        if not keep_loaded:
            self._profiles = {}
            self._last_used = ""
        self.warning = f"{message}. The original was kept as {backup}."
        return self.warning

    @property
    def profiles(self) -> list[Profile]:
        """The saved profiles, sorted by name (the local one is not among them)."""
        return [self._profiles[k] for k in sorted(self._profiles, key=str.casefold)]

    def names(self) -> list[str]:
        """The switcher's entries: the local profile first (always), then the saved ones.

        The local entry is listed even before the emulator runs; :meth:`get` returns None
        for it until :meth:`set_local` is called.
        """
        return [LOCAL_PROFILE_NAME, *(p.name for p in self.profiles)]

    def get(self, name: str) -> Profile | None:
        """The profile with this name (the local one included), or None."""
        if name == LOCAL_PROFILE_NAME:
            return self.local
        return self._profiles.get(name)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def __len__(self) -> int:
        return len(self._profiles)

    @property
    def last_used(self) -> str:
        """The profile chosen last time (the local one included), when it still exists."""
        name = self._last_used
        return name if name == LOCAL_PROFILE_NAME or name in self._profiles else ""

    @property
    def history_keep(self) -> int | None:
        """How many calls the history keeps, as the user set it (None: never set).

        Not checked here: the history checks it when it applies it.
        """
        return self._history_keep

    @property
    def screen_share(self) -> bool:
        """True when the window masks secrets on screen (the user turned the mode on)."""
        return self._screen_share

    # ---- changing ------------------------------------------------------------------------

    def set_local(self, target: Mapping[str, Any]) -> Profile:
        """Fill the built-in local profile from the running emulator's target JSON."""
        self.local = local_profile(target)
        return self.local

    def save(self, profile: Profile) -> Profile:
        """Add or replace a profile (by name) and write the file.

        Raises:
            ProfileError: the name is invalid or reserved for the local profile.
            OSError: the file could not be written (the store is unchanged).
        """
        name = validate_name(profile.name)
        if name == LOCAL_PROFILE_NAME or profile.builtin:
            raise ProfileError(f"{LOCAL_PROFILE_NAME!r} is built in and is not saved.")
        clean = replace(profile, name=name, builtin=False)

        def apply() -> Profile:
            self._profiles[name] = clean
            return clean

        return self._change(apply)

    def delete(self, name: str) -> bool:
        """Remove a saved profile; False when there was none by that name."""

        def apply() -> bool:
            return self._profiles.pop(name, None) is not None

        return self._change(apply)

    def rename(self, old: str, new: str) -> Profile:
        """Give a saved profile a new name and return it.

        Raises:
            ProfileError: no such profile, or the new name is invalid or taken.
        """
        name = validate_name(new)

        def apply() -> Profile:
            if old not in self._profiles:
                raise ProfileError(f"There is no saved profile named {old!r}.")
            if name == LOCAL_PROFILE_NAME or (name in self._profiles and name != old):
                raise ProfileError(f"A profile named {name!r} already exists.")
            renamed = replace(self._profiles.pop(old), name=name)
            self._profiles[name] = renamed
            if self._last_used == old:
                self._last_used = name
            return renamed

        return self._change(apply)

    def set_last_used(self, name: str) -> None:
        """Remember the chosen profile for the next start (written at once)."""

        def apply() -> bool:
            changed = name != self._last_used
            self._last_used = name
            return changed

        self._change(apply)

    def set_history_keep(self, keep: int) -> None:
        """Remember how many calls the history keeps (written at once)."""

        def apply() -> bool:
            self._history_keep = keep
            return True

        self._change(apply)

    def set_screen_share(self, on: bool) -> None:
        """Remember the screen-share mode for every window and the next start."""

        def apply() -> bool:
            changed = on != self._screen_share
            self._screen_share = on
            return changed

        self._change(apply)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the profiles file's lock (other processes and threads wait for it)."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with self._lock:
            yield

    def _change(self, apply: Callable[[], _T]) -> _T:
        """Apply one change to what the file holds now and write it, under the lock.

        ``apply`` changes this store's profiles or settings (just read from the file) and
        returns its result; a falsy result that is a ``bool`` means "nothing changed" and
        nothing is written. When ``apply`` raises or the write fails, the store is re-read
        so that it matches the file, and the error propagates.

        Raises:
            ProfileError: ``apply`` refused the change.
            OSError: the lock could not be taken or the file could not be written.
        """
        with self._locked():
            self._read()
            try:
                result = apply()
                if result is not False:
                    self._write()
            except BaseException:
                self._read()
                raise
            return result

    def _document(self, profiles: Iterable[Profile]) -> dict[str, Any]:
        document: dict[str, Any] = {"schema": SCHEMA, "last_used": self._last_used}
        if self._history_keep is not None:
            document["history_keep"] = self._history_keep
        if self._screen_share:
            document["screen_share"] = True
        document["profiles"] = [p.to_json() for p in profiles]
        return document

    def _write(self) -> None:
        """Write this store's profiles and settings (the caller holds the lock)."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data = (
            json.dumps(self._document(self.profiles), indent=2, ensure_ascii=False) + "\n"
        ).encode()
        atomic_write(self.path, data)
        self._seen = hashlib.sha256(data).digest()

    # ---- import and export ---------------------------------------------------------------

    def export_file(self, path: Path | str, names: Iterable[str] | None = None) -> int:
        """Write saved profiles (all, or those named) to ``path``; return how many.

        The file has no secrets: profiles hold none. The local profile is never exported.
        """
        chosen = (
            self.profiles if names is None else [p for p in self.profiles if p.name in set(names)]
        )
        document = {
            "format": EXPORT_FORMAT,
            "schema": SCHEMA,
            "exported_at": _dt.datetime.now(tz=_dt.UTC).isoformat(timespec="seconds"),
            "profiles": [p.to_json() for p in chosen],
        }
        atomic_write(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return len(chosen)

    def import_file(self, path: Path | str) -> ImportResult:
        """Add the profiles of an exported (or another bench's) profiles file.

        Secret-looking fields (passwords, secrets, tokens) and token-shaped values are
        dropped and listed in the result; a name already taken gets `` (2)``, `` (3)``, ...

        Raises:
            ProfileError: the file cannot be read or holds no profiles (one plain line).
        """
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise ProfileError(f"Cannot read {path}: {exc.strerror}.") from None
        problem, _, document = self._parse(raw)
        if document is None:
            raise ProfileError(f"{problem.replace('The profiles file', 'The file')}.")
        entries = document.get("profiles", [])
        result = ImportResult()
        incoming: list[Profile] = []
        for index, entry in enumerate(entries):
            label = entry.get("name") if isinstance(entry, Mapping) else None
            where = label if isinstance(label, str) else f"#{index + 1}"
            clean = _strip_secrets(entry, where, result.stripped)
            try:
                incoming.append(Profile.from_json(clean))
            except ProfileError as exc:
                result.skipped.append(str(exc))

        def apply() -> bool:
            # Names are freed against the file as it is now (another window may have added).
            result.added.clear()
            result.renamed.clear()
            for profile in incoming:
                name = self._free_name(profile.name)
                if name != profile.name:
                    result.renamed[profile.name] = name
                self._profiles[name] = replace(profile, name=name)
                result.added.append(name)
            return bool(result.added)

        self._change(apply)
        return result

    def _free_name(self, name: str) -> str:
        if name not in self._profiles and name != LOCAL_PROFILE_NAME:
            return name
        counter = 2
        while True:
            suffix = f" ({counter})"
            candidate = f"{name[: _MAX_NAME - len(suffix)]}{suffix}"
            if candidate not in self._profiles:
                return candidate
            counter += 1
