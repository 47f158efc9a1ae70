"""Fixtures for the store tests: a private app home, and keyring backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

from cognito_bench.store import AppPaths


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps secrets in this process's memory only (the test seam).

    Its negative priority keeps keyring's own detection from ever choosing it.
    """

    priority = -10  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.items[(service, username)]
        except KeyError:
            raise PasswordDeleteError(username) from None


@pytest.fixture
def bench_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary HOME and COGNITO_BENCH_HOME: nothing the bench writes escapes it."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COGNITO_BENCH_HOME", str(home / "bench"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    return home


@pytest.fixture
def paths(bench_home: Path) -> AppPaths:
    """The app folders under the temporary home, created."""
    return AppPaths.default().ensure()


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """keyring's global backend set to an in-memory one; the detected one is restored after."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.core.init_backend()
