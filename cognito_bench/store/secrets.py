"""`SecretStore`: client secrets and remembered passwords in the OS keyring, or nowhere.

Keys (service ``cognito-bench``)::

    client-secret:<profile>:<client_id>
    password:<profile>:<username>
    passkey:<profile>:<credential_id>   a passkey's private key (the bench's authenticator)
    index:<profile>               the keys above that exist for the profile (keyring cannot list)

Where no usable keyring exists (a headless Linux box has none; ``keyring`` then falls back
to its ``fail`` or ``null`` backend, or a chainer with nothing to chain), nothing is kept:
every ``set_*`` returns False, every lookup returns None, and :attr:`SecretStore.status_message`
says so in plain English. A keyring that stores in plain text (``keyrings.alt`` plaintext
backends) counts as unusable. Keyring errors (a locked keyring, a D-Bus failure) never
escape: the call returns False/None and the status message says what happened.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

__all__ = ["SERVICE", "SecretStore", "backend_is_usable"]

#: The keyring service name every bench secret is filed under.
SERVICE = "cognito-bench"
_CLIENT = "client-secret"
_PASSWORD = "password"  # noqa: S105 - a key prefix, not a password
_PASSKEY = "passkey"
_INDEX = "index"


def _is_plaintext(backend: KeyringBackend) -> bool:
    kind = type(backend)
    return kind.__module__.startswith("keyrings.alt") and "Plaintext" in kind.__name__


def backend_is_usable(backend: KeyringBackend) -> bool:
    """True when ``backend`` really keeps secrets, and not in plain text."""
    if isinstance(backend, fail.Keyring | null.Keyring) or _is_plaintext(backend):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(backend_is_usable(b) for b in backend.backends)
    return True


def _backend_name(backend: KeyringBackend) -> str:
    try:
        return str(type(backend).name)
    except Exception:
        return type(backend).__name__


class SecretStore:
    """Client secrets and opted-in passwords, in the OS keyring.

    Args:
        backend: the keyring backend to use; None uses ``keyring.get_keyring()`` (the one
            ``keyring`` detected, or one set with ``keyring.set_keyring``), read at each call.
    """

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend
        self._error = ""
        self._lock = threading.Lock()

    @property
    def backend(self) -> KeyringBackend:
        """The keyring backend in use."""
        return self._backend if self._backend is not None else keyring.get_keyring()

    @property
    def available(self) -> bool:
        """True when secrets can be kept (a usable keyring backend exists)."""
        try:
            return backend_is_usable(self.backend)
        except Exception:
            return False

    @property
    def status_message(self) -> str:
        """One plain-English line for the window: where secrets go, or why they are not kept."""
        if not self.available:
            backend = self.backend
            if _is_plaintext(backend):
                return (
                    "The configured keyring stores secrets in plain text, so Cognito Bench does "
                    "not keep client secrets or passwords: enter them each time."
                )
            return (
                "No system keyring is available on this computer, so client secrets and "
                "passwords are not kept: enter them each time you start Cognito Bench."
            )
        if self._error:
            return f"The system keyring refused a request ({self._error}); secrets may not be kept."
        return (
            "Client secrets, and passwords you ask to remember, are kept in the system keyring "
            f"({_backend_name(self.backend)})."
        )

    # ---- low level -----------------------------------------------------------------------

    def _get(self, key: str) -> str | None:
        if not self.available:
            return None
        try:
            value = self.backend.get_password(SERVICE, key)
        except Exception as exc:
            self._error = type(exc).__name__
            return None
        return value if isinstance(value, str) else None

    def _set(self, key: str, value: str) -> bool:
        if not self.available:
            return False
        try:
            self.backend.set_password(SERVICE, key, value)
        except Exception as exc:
            self._error = type(exc).__name__
            return False
        self._error = ""
        return True

    def _delete(self, key: str) -> None:
        if not self.available:
            return
        try:
            if self.backend.get_password(SERVICE, key) is not None:
                self.backend.delete_password(SERVICE, key)
        except Exception as exc:
            self._error = type(exc).__name__

    def _index(self, profile: str) -> list[str]:
        raw = self._get(f"{_INDEX}:{profile}")
        try:
            keys = json.loads(raw) if raw else []
        except json.JSONDecodeError:
            return []
        return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []

    def _set_index(self, profile: str, keys: Iterable[str]) -> None:
        unique = sorted(set(keys))
        if unique:
            self._set(f"{_INDEX}:{profile}", json.dumps(unique))
        else:
            self._delete(f"{_INDEX}:{profile}")

    def _put(self, profile: str, key: str, value: str) -> bool:
        with self._lock:
            if not self._set(key, value):
                return False
            self._set_index(profile, [*self._index(profile), key])
            return True

    def _remove(self, profile: str, key: str) -> None:
        with self._lock:
            self._delete(key)
            self._set_index(profile, [k for k in self._index(profile) if k != key])

    # ---- client secrets ------------------------------------------------------------------

    def set_client_secret(self, profile: str, client_id: str, secret: str) -> bool:
        """Keep a client secret; True when it was kept (False: no keyring, or it refused).

        An empty ``secret`` forgets the stored one.
        """
        if not secret:
            self.delete_client_secret(profile, client_id)
            return False
        return self._put(profile, f"{_CLIENT}:{profile}:{client_id}", secret)

    def client_secret(self, profile: str, client_id: str) -> str | None:
        """The kept client secret, or None."""
        return self._get(f"{_CLIENT}:{profile}:{client_id}")

    def delete_client_secret(self, profile: str, client_id: str) -> None:
        """Forget a client secret (no error when there is none)."""
        self._remove(profile, f"{_CLIENT}:{profile}:{client_id}")

    # ---- passwords -----------------------------------------------------------------------

    def set_password(self, profile: str, username: str, password: str, remember: bool) -> bool:
        """Keep a user's password only when ``remember`` is True; True when it was kept.

        With ``remember=False`` any password kept earlier for that user is forgotten, so
        unticking "remember" really forgets.
        """
        if not remember or not password:
            self.forget_password(profile, username)
            return False
        return self._put(profile, f"{_PASSWORD}:{profile}:{username}", password)

    def password(self, profile: str, username: str) -> str | None:
        """The remembered password, or None."""
        return self._get(f"{_PASSWORD}:{profile}:{username}")

    def forget_password(self, profile: str, username: str) -> None:
        """Forget a remembered password (no error when there is none)."""
        self._remove(profile, f"{_PASSWORD}:{profile}:{username}")

    def remembered_users(self, profile: str) -> list[str]:
        """Usernames with a remembered password in this profile, sorted."""
        prefix = f"{_PASSWORD}:{profile}:"
        return sorted(k[len(prefix) :] for k in self._index(profile) if k.startswith(prefix))

    # ---- passkeys ------------------------------------------------------------------------

    def set_passkey(self, profile: str, credential_id: str, blob: str) -> bool:
        """Keep a passkey's private key (``blob``); True when it was kept."""
        return self._put(profile, f"{_PASSKEY}:{profile}:{credential_id}", blob)

    def passkey(self, profile: str, credential_id: str) -> str | None:
        """A kept passkey's private key, or None."""
        return self._get(f"{_PASSKEY}:{profile}:{credential_id}")

    def passkeys(self, profile: str) -> list[str]:
        """The credential ids of the passkeys kept for this profile, oldest key name first."""
        prefix = f"{_PASSKEY}:{profile}:"
        return [k[len(prefix) :] for k in self._index(profile) if k.startswith(prefix)]

    def forget_passkey(self, profile: str, credential_id: str) -> None:
        """Forget a passkey's private key (no error when there is none)."""
        self._remove(profile, f"{_PASSKEY}:{profile}:{credential_id}")

    # ---- whole profiles ------------------------------------------------------------------

    def forget_profile(self, profile: str) -> None:
        """Forget every secret and password kept for a profile (when it is deleted)."""
        with self._lock:
            for key in self._index(profile):
                self._delete(key)
            self._delete(f"{_INDEX}:{profile}")

    def rename_profile(self, old: str, new: str) -> None:
        """Move every secret and password of profile ``old`` to ``new``."""
        with self._lock:
            moved: list[str] = []
            for key in self._index(old):
                kind, _, rest = key.partition(":")
                _, _, item = rest.partition(":")
                value = self._get(key)
                new_key = f"{kind}:{new}:{item}"
                if value is not None and self._set(new_key, value):
                    moved.append(new_key)
                self._delete(key)
            self._delete(f"{_INDEX}:{old}")
            self._set_index(new, [*self._index(new), *moved])
