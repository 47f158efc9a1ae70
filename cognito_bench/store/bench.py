"""`BenchStore`: profiles, secrets and history behind the few calls the window makes.

The window holds one ``BenchStore`` for its lifetime. It never raises on start: a profiles
file or history database that cannot be used is set aside and :attr:`BenchStore.warnings`
says so; a missing keyring means secrets are not kept, and
``BenchStore.secrets.status_message`` says so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from cognito_bench.store.errors import ProfileError
from cognito_bench.store.history import DEFAULT_KEEP, MAX_KEEP, HistoryRow, HistoryStore
from cognito_bench.store.paths import AppPaths
from cognito_bench.store.profiles import LOCAL_PROFILE_NAME, AppClient, Profile, ProfileStore
from cognito_bench.store.secrets import SecretStore

__all__ = ["BenchStore", "SaveOutcome"]


@dataclass
class SaveOutcome:
    """What :meth:`BenchStore.save_profile` did.

    Attributes:
        profile: the profile as saved.
        kept: client ids whose secret went to the keyring.
        not_kept: client ids whose secret could not be kept (no keyring, or it refused).
        message: one plain-English line for the status bar.
    """

    profile: Profile
    kept: list[str] = field(default_factory=list)
    not_kept: list[str] = field(default_factory=list)
    message: str = ""


class BenchStore:
    """Everything the bench remembers, for one window.

    Args:
        paths: the app folders (default: the platform's, or ``$COGNITO_BENCH_HOME``).
        secrets: the secret store (default: the OS keyring as ``keyring`` detects it).

    Attributes:
        paths, profiles, history, secrets: the underlying stores, for anything not wrapped.
    """

    def __init__(
        self, paths: AppPaths | None = None, *, secrets: SecretStore | None = None
    ) -> None:
        self.paths = paths or AppPaths.default()
        self._warnings: list[str] = []
        try:
            self.paths.ensure()
        except OSError as exc:
            self._warnings.append(f"The bench's folders could not be created ({exc.strerror}).")
        self.profiles = ProfileStore(self.paths)
        self.profiles.load()
        self.history = HistoryStore(self.paths)
        self._apply_history_keep()
        self.secrets = secrets or SecretStore()
        self._local_secrets: dict[str, str] = {}

    @property
    def warnings(self) -> list[str]:
        """Lines to show once at start (a file set aside, a folder not writable)."""
        found = [*self._warnings, self.profiles.warning, self.history.warning]
        return [w for w in found if w]

    def close(self) -> None:
        """Close the history (checkpoints its WAL)."""
        self.history.close()

    def _apply_history_keep(self) -> None:
        """The user's history limit; without one, never less than what is already stored.

        A history written before the limit existed can hold more than the default: it keeps
        what it has (rounded up to a thousand) until the user lowers the limit. Nothing is
        removed at start.
        """
        keep = self.profiles.history_keep
        if keep is None:
            stored = self.history.count()
            if stored > DEFAULT_KEEP:
                self.history.set_keep(min(MAX_KEEP, -(-stored // 1000) * 1000), prune=False)
            return
        try:
            self.history.set_keep(keep, prune=False)
        except ValueError as exc:  # a hand-edited file: keep the default, say why
            self._warnings.append(f"The history limit in the profiles file was ignored ({exc}).")

    def set_history_keep(self, keep: int) -> int:
        """Keep the newest ``keep`` calls (0: all), remembered for next start; how many went.

        Raises:
            ValueError: ``keep`` is out of range (nothing changed).
            OSError: the profiles file could not be written (the limit still applies now).
        """
        removed = self.history.set_keep(keep)
        self.profiles.set_history_keep(keep)
        return removed

    # ---- choosing a profile ----------------------------------------------------------------

    def set_local(self, target: Mapping[str, Any], keep_tokens: bool = False) -> Profile:
        """Fill the built-in local profile from the running emulator's target JSON.

        The emulator's client secret is kept in memory only (it changes every run).
        """
        profile = replace(self.profiles.set_local(target), keep_tokens=keep_tokens)
        self.profiles.local = profile
        pairs = (
            (target.get("client_id_with_secret"), target.get("client_secret")),
            (target.get("machine_client_id"), target.get("machine_client_secret")),
            (target.get("client_token_client_id"), target.get("client_token_client_secret")),
        )
        self._local_secrets = {
            client: secret
            for client, secret in pairs
            if isinstance(client, str) and isinstance(secret, str) and client and secret
        }
        return profile

    def start_profile(self, requested: str = "") -> str:
        """The profile to select at start (before the emulator runs).

        ``requested`` (``--profile``) when it exists; else the one chosen last time; else
        the first saved profile; else the local profile (no saved profile: start the
        embedded local Cognito). When this is :data:`LOCAL_PROFILE_NAME` and
        ``profiles.get`` of it is None, the window starts the emulator, then calls
        :meth:`set_local`.
        """
        if requested and (requested == LOCAL_PROFILE_NAME or requested in self.profiles):
            return requested
        if self.profiles.last_used:
            return self.profiles.last_used
        saved = self.profiles.profiles
        return saved[0].name if saved else LOCAL_PROFILE_NAME

    def choose(self, name: str) -> Profile | None:
        """Note ``name`` as the profile in use (remembered for next start); the profile.

        None when it does not exist, or is the local one before :meth:`set_local`.
        """
        if name == LOCAL_PROFILE_NAME or name in self.profiles:
            # Not worth a warning: only the next start's default would be affected.
            with contextlib.suppress(OSError):
                self.profiles.set_last_used(name)
        return self.profiles.get(name)

    def client_secret(self, name: str, client_id: str) -> str:
        """The client secret for a profile's app client ("" when none is known)."""
        if name == LOCAL_PROFILE_NAME:
            return self._local_secrets.get(client_id, "")
        return self.secrets.client_secret(name, client_id) or ""

    def target_fields(self, name: str, client_id: str = "") -> dict[str, str]:
        """The fields of ``aws.Target`` for a profile and one of its app clients.

        Returns a dict with ``region``, ``user_pool_id``, ``client_id``, ``client_secret``,
        ``identity_pool_id``, ``endpoint_url``, ``bucket``, ``aws_profile``, so the window
        builds ``Target(**fields)``. Empty dict when there is no such profile.
        """
        profile = self.profiles.get(name)
        if profile is None:
            return {}
        client = profile.client(client_id) if client_id else profile.default_client
        chosen = client.client_id if client else client_id
        return {
            "region": profile.region,
            "user_pool_id": profile.user_pool_id,
            "client_id": chosen,
            "client_secret": self.client_secret(name, chosen) if chosen else "",
            "identity_pool_id": profile.identity_pool_id,
            "endpoint_url": profile.endpoint_url,
            "bucket": profile.bucket,
            "aws_profile": profile.aws_profile,
        }

    # ---- changing profiles -----------------------------------------------------------------

    def save_profile(
        self, profile: Profile, client_secrets: Mapping[str, str] | None = None
    ) -> SaveOutcome:
        """Save a profile; its client secrets (client id -> secret) go to the keyring.

        A client given a non-empty secret is marked ``has_secret``; an empty secret forgets
        the kept one. Secrets for clients the profile does not list are ignored.

        Raises:
            ProfileError: the name is invalid or reserved.
            OSError: the profiles file could not be written.
        """
        secrets = dict(client_secrets or {})
        clients = tuple(
            replace(c, has_secret=True) if secrets.get(c.client_id) else c for c in profile.clients
        )
        saved = self.profiles.save(replace(profile, clients=clients))
        outcome = SaveOutcome(profile=saved)
        for client in saved.clients:
            if client.client_id not in secrets:
                continue
            secret = secrets[client.client_id]
            if not secret:
                self.secrets.delete_client_secret(saved.name, client.client_id)
            elif self.secrets.set_client_secret(saved.name, client.client_id, secret):
                outcome.kept.append(client.client_id)
            else:
                outcome.not_kept.append(client.client_id)
        outcome.message = f"Saved profile {saved.name!r}."
        if outcome.not_kept:
            outcome.message += (
                f" Its client secret was not kept ({self.secrets.status_message})"
                if len(outcome.not_kept) == 1
                else f" {len(outcome.not_kept)} client secrets were not kept "
                f"({self.secrets.status_message})"
            )
        return outcome

    def rename_profile(self, old: str, new: str) -> Profile:
        """Rename a saved profile; its kept secrets and passwords follow it.

        Raises:
            ProfileError: no such profile, or the new name is invalid or taken.
        """
        renamed = self.profiles.rename(old, new)
        self.secrets.rename_profile(old, renamed.name)
        return renamed

    def delete_profile(self, name: str) -> bool:
        """Delete a saved profile and forget its secrets and passwords; False if none."""
        if not self.profiles.delete(name):
            return False
        self.secrets.forget_profile(name)
        return True

    def add_client(self, name: str, client: AppClient, secret: str = "") -> SaveOutcome:
        """Add (or replace, by id) an app client of a saved profile, with its secret."""
        profile = self.profiles.get(name)
        if profile is None or profile.builtin:
            raise ProfileError(f"There is no saved profile named {name!r}.")
        others = tuple(c for c in profile.clients if c.client_id != client.client_id)
        return self.save_profile(
            replace(profile, clients=(*others, client)), {client.client_id: secret}
        )

    # ---- passwords ---------------------------------------------------------------------

    def remember_password(self, name: str, username: str, password: str, remember: bool) -> bool:
        """Keep the password only when ``remember`` (the ticked box); True when kept.

        Never kept for the local profile (its demo users are recreated every run).
        """
        if name == LOCAL_PROFILE_NAME:
            return False
        return self.secrets.set_password(name, username, password, remember)

    def password(self, name: str, username: str) -> str:
        """The remembered password ("" when none)."""
        if name == LOCAL_PROFILE_NAME:
            return ""
        return self.secrets.password(name, username) or ""

    # ---- history -----------------------------------------------------------------------

    def keeps_tokens(self, name: str) -> bool:
        """True when the profile opted in to keeping tokens in the history."""
        profile = self.profiles.get(name)
        return bool(profile and profile.keep_tokens)

    def record_call(
        self, name: str, call_json: Mapping[str, Any], url: str = "", user: str = ""
    ) -> HistoryRow:
        """Store a finished call (masked; tokens kept only if the profile opted in).

        Args:
            name: the profile the call was made with.
            call_json: ``CallRecord.to_json()``.
            url: the endpoint the call went to (for HAR exports).
            user: who the call was made for (the session tab's user).

        Returns:
            The new History row, ready to insert at the top of the pane.
        """
        row_id = self.history.record(name, call_json, self.keeps_tokens(name), url=url, user=user)
        row = self.history.row(row_id)
        assert row is not None
        return row
