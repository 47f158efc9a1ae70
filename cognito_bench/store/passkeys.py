"""`PasskeyVault`: the passkey authenticator's private keys in the OS keyring, or in memory.

The bench's software authenticator (``cognito_bench.aws.passkeys``) keeps one ES256 private
key per passkey in a key store. This is the store the window and the command line give it:
the OS keyring (through :class:`~cognito_bench.store.secrets.SecretStore`, one entry per
passkey under the profile) when a usable one exists, else memory for this session only. Its
:attr:`PasskeyVault.note` says which, in one line the record and the window show, so a user
on a box without a keyring knows the passkeys end with the session. A keyring that refuses a
write falls back to memory for that key, and says so too.
"""

from __future__ import annotations

import threading

from cognito_bench.store.secrets import SecretStore

__all__ = ["PasskeyVault"]


class PasskeyVault:
    """Passkey private keys of one profile (a ``KeyStore`` for the software authenticator).

    Args:
        profile: the profile the passkeys belong to.
        secrets: the keyring access (default: the system keyring).
    """

    def __init__(self, profile: str, secrets: SecretStore | None = None) -> None:
        self._profile = profile
        self._secrets = secrets or SecretStore()
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()

    @property
    def persistent(self) -> bool:
        """True when the keys outlive this session (a usable keyring, none kept in memory)."""
        return self._secrets.available and not self._memory

    @property
    def note(self) -> str:
        """Where the keys are: the keyring, or memory for this session (and why)."""
        if not self._secrets.available:
            return (
                "No system keyring is available, so passkeys are kept in memory for this "
                "session only: they are gone when Cognito Bench closes (the pool still lists "
                "them: delete them there)."
            )
        if self._memory:
            return (
                "The system keyring refused a passkey, so it is kept in memory for this session "
                "only."
            )
        return "Passkeys' private keys are kept in the system keyring."

    def put(self, credential_id: str, blob: str) -> bool:
        """Keep a key: in the keyring when it takes it, else in memory (True either way)."""
        if self._secrets.available and self._secrets.set_passkey(
            self._profile, credential_id, blob
        ):
            with self._lock:
                self._memory.pop(credential_id, None)
            return True
        with self._lock:
            self._memory[credential_id] = blob
        return True

    def get(self, credential_id: str) -> str | None:
        """A key from memory or the keyring, or None."""
        with self._lock:
            if credential_id in self._memory:
                return self._memory[credential_id]
        return self._secrets.passkey(self._profile, credential_id)

    def ids(self) -> list[str]:
        """Every credential id kept (keyring first, then memory)."""
        kept = self._secrets.passkeys(self._profile) if self._secrets.available else []
        with self._lock:
            return [*kept, *(c for c in self._memory if c not in kept)]

    def remove(self, credential_id: str) -> None:
        """Forget a key wherever it is."""
        with self._lock:
            self._memory.pop(credential_id, None)
        self._secrets.forget_passkey(self._profile, credential_id)
