"""SecretStore: the keyring when one exists, nothing kept (and said so) when none does."""

from __future__ import annotations

import sys
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked

from cognito_bench.store.secrets import SERVICE, SecretStore, backend_is_usable
from tests.store.conftest import MemoryKeyring


def test_client_secrets_and_remembered_passwords(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    assert store.available
    assert "system keyring" in store.status_message
    assert store.set_client_secret("dev", "client-1", "s3cr3t") is True
    assert store.client_secret("dev", "client-1") == "s3cr3t"
    assert memory_keyring.items[(SERVICE, "client-secret:dev:client-1")] == "s3cr3t"
    assert store.client_secret("dev", "other") is None
    # Passwords only when the user ticks "remember".
    assert store.set_password("dev", "alice", "Alice-Pw1!", remember=False) is False
    assert store.password("dev", "alice") is None
    assert store.set_password("dev", "alice", "Alice-Pw1!", remember=True) is True
    assert store.password("dev", "alice") == "Alice-Pw1!"
    assert store.remembered_users("dev") == ["alice"]
    # Unticking forgets.
    assert store.set_password("dev", "alice", "Alice-Pw1!", remember=False) is False
    assert store.password("dev", "alice") is None
    assert store.remembered_users("dev") == []
    # An empty secret forgets too.
    assert store.set_client_secret("dev", "client-1", "") is False
    assert store.client_secret("dev", "client-1") is None
    assert set(memory_keyring.items) == set()


def test_rename_and_forget_profile(memory_keyring: MemoryKeyring) -> None:
    store = SecretStore()
    store.set_client_secret("dev", "c1", "secret-1")
    store.set_password("dev", "bob", "Bob-Pw1!", remember=True)
    store.set_client_secret("prod", "c9", "secret-9")
    store.rename_profile("dev", "dev-eu")
    assert store.client_secret("dev", "c1") is None
    assert store.client_secret("dev-eu", "c1") == "secret-1"
    assert store.password("dev-eu", "bob") == "Bob-Pw1!"
    assert store.remembered_users("dev-eu") == ["bob"]
    store.forget_profile("dev-eu")
    assert store.client_secret("dev-eu", "c1") is None
    assert store.password("dev-eu", "bob") is None
    assert store.client_secret("prod", "c9") == "secret-9"
    assert {key for _, key in memory_keyring.items} == {"client-secret:prod:c9", "index:prod"}


def _assert_nothing_kept(store: SecretStore) -> None:
    assert not store.available
    assert "not kept" in store.status_message
    assert store.set_client_secret("dev", "c1", "s3cr3t") is False
    assert store.client_secret("dev", "c1") is None
    assert store.set_password("dev", "alice", "pw", remember=True) is False
    assert store.password("dev", "alice") is None
    store.forget_profile("dev")
    store.rename_profile("dev", "x")


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_fallback_backends_keep_nothing(backend: keyring.backend.KeyringBackend) -> None:
    assert not backend_is_usable(backend)
    _assert_nothing_kept(SecretStore(backend))


def test_chainer_with_nothing_to_chain_keeps_nothing() -> None:
    store = SecretStore(chainer.ChainerBackend())
    if chainer.ChainerBackend.backends:
        pytest.skip("this machine has a real keyring to chain")
    _assert_nothing_kept(store)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="headless Linux case")
def test_headless_linux_has_no_keyring(bench_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real detection on a box with no D-Bus session: keyring finds no backend."""
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    keyring.core.init_backend()
    try:
        _assert_nothing_kept(SecretStore())
        assert "No system keyring" in SecretStore().status_message
    finally:
        keyring.core.init_backend()


def test_keyring_errors_never_escape(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SecretStore()

    def locked(*_args: object) -> None:
        raise KeyringLocked("the keyring is locked")

    monkeypatch.setattr(memory_keyring, "set_password", locked)
    monkeypatch.setattr(memory_keyring, "get_password", locked)
    assert store.available
    assert store.set_client_secret("dev", "c1", "s3cr3t") is False
    assert store.client_secret("dev", "c1") is None
    assert "KeyringLocked" in store.status_message
