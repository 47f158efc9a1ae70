"""PasskeyVault: passkey keys in the keyring when there is one, in memory (and said so) if not."""

from __future__ import annotations

from keyring.backends import fail

from cognito_bench.aws.passkeys import SoftwareAuthenticator
from cognito_bench.store.passkeys import PasskeyVault
from cognito_bench.store.secrets import SERVICE, SecretStore
from tests.store.conftest import MemoryKeyring


def test_keys_go_to_the_keyring(memory_keyring: MemoryKeyring) -> None:
    vault = PasskeyVault("dev")
    assert vault.persistent and "system keyring" in vault.note
    assert vault.put("cred-1", '{"private_key": "k"}')
    assert memory_keyring.items[(SERVICE, "passkey:dev:cred-1")] == '{"private_key": "k"}'
    assert PasskeyVault("dev").ids() == ["cred-1"]  # another window finds it
    assert PasskeyVault("dev").get("cred-1") == '{"private_key": "k"}'
    vault.remove("cred-1")
    assert vault.ids() == [] and not memory_keyring.items


def test_without_a_keyring_keys_live_in_memory_and_the_note_says_so() -> None:
    vault = PasskeyVault("dev", SecretStore(fail.Keyring()))
    assert not vault.persistent
    assert "kept in memory for this session only" in vault.note
    assert vault.put("cred-1", "blob")
    assert vault.get("cred-1") == "blob" and vault.ids() == ["cred-1"]
    vault.remove("cred-1")
    assert vault.get("cred-1") is None


def test_the_authenticator_signs_with_a_vault_key(memory_keyring: MemoryKeyring) -> None:
    options = {"challenge": "AAAA", "rp": {"id": "localhost"}, "user": {"id": "dXNlcg"}}
    authenticator = SoftwareAuthenticator(PasskeyVault("dev"))
    _, key = authenticator.make_credential(options)
    assert authenticator.keep(key)
    later = SoftwareAuthenticator(PasskeyVault("dev"))  # the next session of the bench
    assertion = later.get_assertion({"challenge": "BBBB", "rpId": "localhost"})
    assert assertion["id"] == key.credential_id
    stored = memory_keyring.items[(SERVICE, f"passkey:dev:{key.credential_id}")]
    assert "PRIVATE KEY" in stored  # the keyring is the one place the key is written
