"""One passkey authenticator per profile, its private keys in the OS keyring or in memory.

The window hands each step a maker of the profile's authenticator
(:attr:`~cognito_bench.flows.steps.Form.authenticator`): it is made on a worker thread the
first time a passkey step runs (it reads the keyring, and the core it imports loads boto3),
then kept, so keys in memory last as long as the window. No Qt here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cognito_bench.aws.passkeys import SoftwareAuthenticator
    from cognito_bench.store.secrets import SecretStore

__all__ = ["PasskeyAuthenticators"]


class PasskeyAuthenticators:
    """The software authenticators of this window's profiles (thread-safe)."""

    def __init__(self) -> None:
        self._made: dict[str, SoftwareAuthenticator] = {}
        self._lock = threading.Lock()

    def maker(
        self, profile: str, secrets: SecretStore | None
    ) -> Callable[[], SoftwareAuthenticator]:
        """What makes (once) and returns ``profile``'s authenticator; call it off the GUI
        thread. ``secrets``: the keyring access (None: the system keyring)."""
        return lambda: self.authenticator(profile, secrets)

    def authenticator(self, profile: str, secrets: SecretStore | None) -> SoftwareAuthenticator:
        """``profile``'s authenticator, made now if it is the first (worker thread)."""
        with self._lock:
            made = self._made.get(profile)
            if made is None:
                from cognito_bench.flows import steps

                steps.ensure_imported(*steps.CORE)
                from cognito_bench.aws.passkeys import SoftwareAuthenticator
                from cognito_bench.store.passkeys import PasskeyVault

                made = SoftwareAuthenticator(PasskeyVault(profile, secrets))
                self._made[profile] = made
            return made

    def note(self, profile: str, secrets: SecretStore | None) -> tuple[str, bool]:
        """Where ``profile``'s passkey keys are kept, and whether they outlive the session
        (worker thread: it asks the keyring)."""
        keys = self.authenticator(profile, secrets).keys
        return keys.note, keys.persistent
