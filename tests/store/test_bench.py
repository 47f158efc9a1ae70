"""BenchStore: what the window calls — start, targets, secrets, history per profile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from keyring.backends import fail

from cognito_bench.aws import Target, UserPoolCalls
from cognito_bench.emulator import LocalTarget
from cognito_bench.store import (
    LOCAL_PROFILE_NAME,
    AppClient,
    AppPaths,
    BenchStore,
    Profile,
    ProfileError,
    SecretStore,
)
from tests.store.calls import sign_in_call
from tests.store.conftest import MemoryKeyring

DEV = Profile(
    "dev",
    region="eu-west-1",
    user_pool_id="eu-west-1_Dev",
    clients=(AppClient("web1", "web"), AppClient("back1", "backend")),
    keep_tokens=True,
)


def test_start_with_nothing_saved_picks_local(paths: AppPaths, local: LocalTarget) -> None:
    bench = BenchStore(paths)
    assert bench.warnings == []
    assert bench.start_profile() == LOCAL_PROFILE_NAME
    assert bench.start_profile("missing") == LOCAL_PROFILE_NAME
    assert bench.choose(LOCAL_PROFILE_NAME) is None, "not until the emulator runs"
    bench.set_local(local.to_json())
    assert bench.choose(LOCAL_PROFILE_NAME) is bench.profiles.local
    fields = bench.target_fields(LOCAL_PROFILE_NAME, local.client_id_with_secret)
    assert fields["client_secret"] == local.client_secret
    assert bench.target_fields(LOCAL_PROFILE_NAME)["client_id"] == local.client_id
    assert bench.target_fields(LOCAL_PROFILE_NAME)["client_secret"] == ""
    assert bench.target_fields("nope") == {}
    # The emulator's secret never reaches the keyring or a file.
    assert bench.remember_password(LOCAL_PROFILE_NAME, "demo", "x", remember=True) is False
    bench.close()
    for path in paths.config_dir.parent.rglob("*"):
        if path.is_file():
            assert local.client_secret.encode() not in path.read_bytes()


def test_target_fields_build_a_working_target(paths: AppPaths, local: LocalTarget) -> None:
    """The window's path: profile + keyring secret -> aws.Target -> a real SRP sign-in."""
    bench = BenchStore(paths, secrets=SecretStore(MemoryKeyring()))
    profile = Profile(
        "emulator copy",
        region=local.region,
        user_pool_id=local.user_pool_id,
        clients=(AppClient(local.client_id_with_secret, "backend"),),
        endpoint_url=local.endpoint_url,
    )
    outcome = bench.save_profile(profile, {local.client_id_with_secret: local.client_secret})
    assert outcome.kept == [local.client_id_with_secret]
    assert outcome.profile.clients[0].has_secret
    reopened = BenchStore(paths, secrets=bench.secrets)
    assert reopened.start_profile("emulator copy") == "emulator copy"
    target = Target(**reopened.target_fields("emulator copy"))
    record = UserPoolCalls(target).sign_in_srp(
        local.demo_user["username"], local.demo_user["password"]
    )
    assert record.ok, record.one_line()
    row = reopened.record_call("emulator copy", record.to_json(), url=local.endpoint_url)
    assert row.label == "Sign in (SRP)" and row.ok and not row.tokens_kept
    reopened.close()
    bench.close()


def test_save_without_keyring_says_so(paths: AppPaths) -> None:
    bench = BenchStore(paths, secrets=SecretStore(fail.Keyring()))
    outcome = bench.save_profile(DEV, {"back1": "the-secret"})
    assert outcome.not_kept == ["back1"]
    assert "not kept" in outcome.message
    assert bench.target_fields("dev", "back1")["client_secret"] == ""
    assert "the-secret" not in paths.profiles_file.read_text()


def test_rename_delete_carry_secrets(paths: AppPaths, memory_keyring: MemoryKeyring) -> None:
    bench = BenchStore(paths)
    bench.save_profile(DEV, {"back1": "s-1"})
    assert bench.remember_password("dev", "alice", "Pw-1!", remember=True)
    bench.choose("dev")
    renamed = bench.rename_profile("dev", "dev-eu")
    assert bench.client_secret("dev-eu", "back1") == "s-1"
    assert bench.password("dev-eu", "alice") == "Pw-1!"
    assert bench.start_profile() == "dev-eu"
    assert renamed.keep_tokens
    outcome = bench.add_client("dev-eu", AppClient("extra", "extra"), "s-2")
    assert [c.client_id for c in outcome.profile.clients] == ["web1", "back1", "extra"]
    assert bench.client_secret("dev-eu", "extra") == "s-2"
    with pytest.raises(ProfileError):
        bench.add_client("missing", AppClient("x"))
    assert bench.delete_profile("dev-eu")
    assert not bench.delete_profile("dev-eu")
    assert memory_keyring.items == {}
    bench.close()


def test_history_keeps_tokens_only_for_opted_in_profiles(paths: AppPaths) -> None:
    bench = BenchStore(paths, secrets=SecretStore(MemoryKeyring()))
    bench.save_profile(DEV)
    bench.save_profile(Profile("prod", region="us-east-1"))
    call = sign_in_call("alice")
    token = call["response"]["AuthenticationResult"]["IdToken"]
    kept = bench.record_call("dev", call)
    masked = bench.record_call("prod", call)
    assert kept.tokens_kept and not masked.tokens_kept
    assert bench.history.get(kept.id).record["response"]["AuthenticationResult"]["IdToken"] == token  # type: ignore[union-attr]
    assert token not in json.dumps(bench.history.get(masked.id).record)  # type: ignore[union-attr]
    bench.close()


def test_start_profile_order(paths: AppPaths) -> None:
    bench = BenchStore(paths, secrets=SecretStore(MemoryKeyring()))
    bench.save_profile(Profile("zeta"))
    bench.save_profile(Profile("alpha"))
    assert bench.start_profile() == "alpha", "no choice yet: the first saved profile"
    assert bench.start_profile("zeta") == "zeta"
    assert bench.start_profile(LOCAL_PROFILE_NAME) == LOCAL_PROFILE_NAME
    bench.choose(LOCAL_PROFILE_NAME)
    bench.close()
    again = BenchStore(paths, secrets=SecretStore(MemoryKeyring()))
    assert again.start_profile() == LOCAL_PROFILE_NAME, "the local profile is remembered too"
    again.choose("zeta")
    assert _start_of(paths) == "zeta"
    again.delete_profile("zeta")
    assert _start_of(paths) == "alpha"
    again.close()


def _start_of(paths: AppPaths) -> str:
    """The profile a fresh start would pick."""
    bench = BenchStore(paths)
    try:
        return bench.start_profile()
    finally:
        bench.close()


def test_bad_files_warn_at_start(paths: AppPaths) -> None:
    paths.profiles_file.write_bytes(b"\x00garbage")
    paths.history_db.write_bytes(b"not sqlite" * 500)
    bench = BenchStore(paths)
    assert len(bench.warnings) == 2
    assert bench.start_profile() == LOCAL_PROFILE_NAME
    bench.close()


def test_unwritable_home_still_starts(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    bench = BenchStore(AppPaths.under(blocker / "bench"))
    assert any("could not be created" in w for w in bench.warnings)
    assert any("in memory only" in w for w in bench.warnings)
    bench.record_call("dev", {"operation": "SignUp"})
    assert bench.history.count() == 1
    bench.close()
