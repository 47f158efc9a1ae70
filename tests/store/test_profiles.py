"""ProfileStore: save, rename, delete, the local entry, bad files, import and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cognito_bench.store import (
    LOCAL_PROFILE_NAME,
    AppClient,
    AppPaths,
    Profile,
    ProfileError,
    ProfileStore,
)
from cognito_bench.store.profiles import SCHEMA
from tests.store.calls import fake_jwt

STAGING = Profile(
    name="staging",
    region="eu-west-1",
    user_pool_id="eu-west-1_AbCdEf",
    clients=(AppClient("web123", "web"), AppClient("backend456", "backend", has_secret=True)),
    identity_pool_id="eu-west-1:1111-2222",
    bucket="qa-bucket",
    aws_profile="qa-admin",
    keep_tokens=True,
    hosted_ui_domain="https://qa.auth.eu-west-1.amazoncognito.com",
    oauth_redirect_uri="http://localhost:9000/cb",
    oauth_scopes="openid email",
)


def _saved(store: ProfileStore) -> list[str]:
    return [p.name for p in store.profiles]


def _loaded(paths: AppPaths) -> ProfileStore:
    store = ProfileStore(paths)
    assert store.load() == ""
    return store


def test_save_load_round_trip(paths: AppPaths) -> None:
    store = _loaded(paths)
    store.save(STAGING)
    store.save(Profile("dev", region="us-east-1"))
    again = _loaded(paths)
    assert [p.name for p in again.profiles] == ["dev", "staging"]
    assert again.get("staging") == STAGING
    assert again.get("staging").default_client == AppClient("web123", "web")  # type: ignore[union-attr]
    document = json.loads(paths.profiles_file.read_text())
    assert document["schema"] == SCHEMA


def test_rename_delete_and_last_used(paths: AppPaths) -> None:
    store = _loaded(paths)
    store.save(STAGING)
    store.set_last_used("staging")
    renamed = store.rename("staging", "stage-2")
    assert renamed.name == "stage-2"
    assert store.last_used == "stage-2"
    with pytest.raises(ProfileError):
        store.rename("nope", "x")
    store.save(Profile("dev"))
    with pytest.raises(ProfileError, match="already exists"):
        store.rename("dev", "stage-2")
    assert store.delete("dev") is True
    assert store.delete("dev") is False
    again = _loaded(paths)
    assert _saved(again) == ["stage-2"]
    assert again.last_used == "stage-2"


@pytest.mark.parametrize("name", ["", "   ", "a:b", "tab\there", "x" * 65, LOCAL_PROFILE_NAME])
def test_bad_names_are_refused(paths: AppPaths, name: str) -> None:
    store = _loaded(paths)
    with pytest.raises(ProfileError):
        store.save(Profile(name))
    assert not paths.profiles_file.exists()


def test_local_profile_is_listed_first_and_never_saved(paths: AppPaths) -> None:
    store = _loaded(paths)
    store.save(Profile("dev"))
    target = {
        "endpoint_url": "http://127.0.0.1:5555",
        "region": "us-east-1",
        "user_pool_id": "us-east-1_local",
        "client_id": "public1",
        "client_id_with_secret": "private1",
        "client_secret": "must-not-be-saved",
        "identity_pool_id": "us-east-1:abc",
        "bucket": "bench-demo-bucket",
    }
    assert store.names() == [LOCAL_PROFILE_NAME, "dev"], "listed before the emulator runs"
    assert store.get(LOCAL_PROFILE_NAME) is None
    local = store.set_local(target)
    assert store.names() == [LOCAL_PROFILE_NAME, "dev"]
    assert store.get(LOCAL_PROFILE_NAME) is local
    assert local.builtin
    assert [c.has_secret for c in local.clients] == [False, True]
    with pytest.raises(ProfileError, match="built in"):
        store.save(local)
    store.save(Profile("dev", region="eu-west-1"))
    text = paths.profiles_file.read_text()
    assert "must-not-be-saved" not in text
    assert LOCAL_PROFILE_NAME not in text


def _write_raw(paths: AppPaths, data: bytes) -> None:
    paths.profiles_file.write_bytes(data)


@pytest.mark.parametrize(
    ("data", "reason", "phrase"),
    [
        (b"", "empty", "empty"),
        (b"   \n", "empty", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "corrupt", "not text"),
        (b'{"schema": 1, "profiles": [', "corrupt", "not valid JSON"),
        (b"[1, 2]", "corrupt", "does not hold"),
        (b'{"profiles": []}', "corrupt", "schema"),
        (b'{"schema": 1, "profiles": {"a": 1}}', "corrupt", "list of profiles"),
        (b'{"schema": 99, "profiles": [{"name": "future"}]}', "newer", "newer Cognito Bench"),
        (b"[" * 100_000 + b"]" * 100_000, "corrupt", "not valid JSON"),
        (b'{"schema": 1, "n": ' + b"9" * 5000 + b"}", "corrupt", "not valid JSON"),
    ],
)
def test_unusable_file_is_set_aside_with_a_warning(
    paths: AppPaths, data: bytes, reason: str, phrase: str
) -> None:
    _write_raw(paths, data)
    store = ProfileStore(paths)
    warning = store.load()
    assert phrase in warning
    assert warning == store.warning
    assert len(store) == 0
    assert not paths.profiles_file.exists()
    backups = list(paths.config_dir.glob(f"profiles.json.{reason}-*"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == data
    assert str(backups[0]) in warning
    # The bench carries on: the next save writes a fresh file, the backup stays.
    store.save(Profile("fresh"))
    assert _saved(_loaded(paths)) == ["fresh"]
    assert backups[0].exists()


def test_two_bad_starts_keep_two_backups(paths: AppPaths) -> None:
    for data in (b"garbage-1", b"garbage-2"):
        _write_raw(paths, data)
        assert ProfileStore(paths).load()
    backups = sorted(p.read_bytes() for p in paths.config_dir.glob("profiles.json.corrupt-*"))
    assert backups == [b"garbage-1", b"garbage-2"]


def test_bad_entries_are_dropped_good_ones_kept_original_backed_up(paths: AppPaths) -> None:
    original = json.dumps(
        {
            "schema": 1,
            "profiles": [{"name": "good", "region": "us-east-1"}, {"name": 5}, {"region": "x"}],
        }
    ).encode()
    _write_raw(paths, original)
    store = ProfileStore(paths)
    assert "2 saved profile(s) could not be read" in store.load()
    assert _saved(store) == ["good"]
    (backup,) = paths.config_dir.glob("profiles.json.partial-*")
    assert backup.read_bytes() == original
    assert _saved(_loaded(paths)) == ["good"]


def test_unreadable_file_warns(paths: AppPaths) -> None:
    paths.profiles_file.mkdir()
    store = ProfileStore(paths)
    assert "could not be read" in store.load()
    assert len(store) == 0


def test_export_then_import_elsewhere(paths: AppPaths, tmp_path: Path) -> None:
    store = _loaded(paths)
    store.save(STAGING)
    store.save(Profile("dev"))
    export = tmp_path / "team-profiles.json"
    assert store.export_file(export, ["staging"]) == 1
    other = ProfileStore(AppPaths.under(tmp_path / "other"))
    other.load()
    result = other.import_file(export)
    assert result.added == ["staging"]
    assert other.get("staging") == STAGING
    # Importing again renames instead of overwriting.
    again = other.import_file(export)
    assert again.renamed == {"staging": "staging (2)"}
    assert _saved(other) == ["staging", "staging (2)"]
    assert "1 renamed" in again.summary()


def test_import_strips_secret_looking_fields(paths: AppPaths, tmp_path: Path) -> None:
    token = fake_jwt("someone")
    source = tmp_path / "shared.json"
    source.write_text(
        json.dumps(
            {
                "schema": 1,
                "profiles": [
                    {
                        "name": "leaky",
                        "region": "us-east-1",
                        "client_secret": "top-secret-value",
                        "password": "Hunter2!",
                        "clients": [
                            {"client_id": "c1", "has_secret": True, "ClientSecret": "also-secret"}
                        ],
                        "aws_secret_access_key": "AKIDSECRET",
                        "bucket": token,
                        "refresh_token": "rt-value",
                    },
                    {"name": LOCAL_PROFILE_NAME, "region": "us-east-1"},
                    "not a profile",
                ],
            }
        )
    )
    store = _loaded(paths)
    result = store.import_file(source)
    assert result.added == ["leaky", f"{LOCAL_PROFILE_NAME} (2)"]
    assert sorted(result.stripped) == sorted(
        [
            "leaky.client_secret",
            "leaky.password",
            "leaky.clients[0].ClientSecret",
            "leaky.aws_secret_access_key",
            "leaky.bucket",
            "leaky.refresh_token",
        ]
    )
    assert len(result.skipped) == 1
    leaky = store.get("leaky")
    assert leaky is not None
    assert leaky.clients == (AppClient("c1", "", True),)
    assert leaky.bucket == ""
    text = paths.profiles_file.read_text()
    for secret in ("top-secret-value", "Hunter2!", "also-secret", "AKIDSECRET", token, "rt-value"):
        assert secret not in text


@pytest.mark.parametrize("data", [b"", b"\x00\xff", b'{"schema": 7, "profiles": []}'])
def test_import_of_a_bad_file_is_one_line_error(
    paths: AppPaths, tmp_path: Path, data: bytes
) -> None:
    source = tmp_path / "bad.json"
    source.write_bytes(data)
    store = _loaded(paths)
    with pytest.raises(ProfileError) as info:
        store.import_file(source)
    assert "\n" not in str(info.value)
    with pytest.raises(ProfileError, match="Cannot read"):
        store.import_file(tmp_path / "missing.json")


def test_failed_write_leaves_store_unchanged(paths: AppPaths) -> None:
    store = _loaded(paths)
    store.save(Profile("dev"))
    # A file where the config folder should be: every write fails (even for root).
    aside = paths.config_dir.with_name("config-aside")
    paths.config_dir.rename(aside)
    paths.config_dir.write_text("not a folder")
    try:
        with pytest.raises(OSError):
            store.save(Profile("new"))
        with pytest.raises(OSError):
            store.delete("dev")
        with pytest.raises(OSError):
            store.rename("dev", "renamed")
    finally:
        paths.config_dir.unlink()
        aside.rename(paths.config_dir)
    assert _saved(store) == ["dev"]
    assert _saved(_loaded(paths)) == ["dev"]
