"""Profiles shared by several windows (processes): nothing one window saved is lost (issue 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cognito_bench.store import (
    LOCAL_PROFILE_NAME,
    AppPaths,
    BenchStore,
    Profile,
    ProfileError,
    ProfileStore,
    SecretStore,
)
from tests.store.conftest import MemoryKeyring


def _bench(paths: AppPaths) -> BenchStore:
    return BenchStore(paths, secrets=SecretStore(MemoryKeyring()))


def _names(paths: AppPaths) -> list[str]:
    store = ProfileStore(paths)
    store.load()
    return [p.name for p in store.profiles]


def test_a_switch_in_one_window_keeps_a_save_from_another(paths: AppPaths) -> None:
    # The reproduction in issue 17: it printed [] before each change re-read the file.
    w1, w2 = _bench(paths), _bench(paths)
    try:
        w1.save_profile(Profile(name="staging", region="eu-west-1"))
        w2.choose(LOCAL_PROFILE_NAME)
    finally:
        w1.close()
        w2.close()
    assert _names(paths) == ["staging"]
    assert ProfileStore(paths).load() == ""


def test_saves_rename_and_delete_merge_across_windows(paths: AppPaths) -> None:
    w1, w2 = ProfileStore(paths), ProfileStore(paths)
    w1.load()
    w2.load()
    w1.save(Profile("a", region="eu-west-1"))
    w2.save(Profile("b", region="us-east-1"))
    w1.rename("a", "a2")
    w2.set_history_keep(5000)
    w1.set_last_used("b")
    w2.delete("b")
    again = ProfileStore(paths)
    again.load()
    assert [p.name for p in again.profiles] == ["a2"]
    assert again.history_keep == 5000
    # Each store now mirrors the file it last wrote or read.
    assert [p.name for p in w1.profiles] == ["a2", "b"]
    assert [p.name for p in w2.profiles] == ["a2"]


def test_refresh_shows_what_another_window_changed(paths: AppPaths) -> None:
    w1, w2 = ProfileStore(paths), ProfileStore(paths)
    w1.load()
    w2.load()
    assert w2.refresh() is False
    w1.save(Profile("added-elsewhere", region="eu-west-1"))
    assert w2.refresh() is True
    assert w2.get("added-elsewhere") == Profile("added-elsewhere", region="eu-west-1")
    assert w2.refresh() is False  # one stat, nothing re-read
    w1.save(Profile("added-elsewhere", region="ap-south-1"))
    assert w2.refresh() is True
    assert w2.get("added-elsewhere").region == "ap-south-1"  # type: ignore[union-attr]


def test_renaming_a_profile_deleted_elsewhere_is_refused(paths: AppPaths) -> None:
    w1, w2 = ProfileStore(paths), ProfileStore(paths)
    w1.load()
    w1.save(Profile("gone", region="eu-west-1"))
    w2.load()
    w1.delete("gone")
    with pytest.raises(ProfileError, match="no saved profile named 'gone'"):
        w2.rename("gone", "kept")
    assert w2.get("gone") is None
    assert w2.delete("gone") is False


def test_a_name_taken_elsewhere_meanwhile_is_refused_on_rename(paths: AppPaths) -> None:
    w1, w2 = ProfileStore(paths), ProfileStore(paths)
    w1.load()
    w1.save(Profile("mine", region="eu-west-1"))
    w2.load()
    w2.save(Profile("theirs", region="eu-west-1"))
    with pytest.raises(ProfileError, match="already exists"):
        w1.rename("mine", "theirs")
    assert _names(paths) == ["mine", "theirs"]


def test_import_frees_names_against_the_file_as_it_is_now(paths: AppPaths, tmp_path: Path) -> None:
    w1, w2 = ProfileStore(paths), ProfileStore(paths)
    w1.load()
    w2.load()
    w1.save(Profile("qa", region="eu-west-1"))
    exported = tmp_path / "export.json"
    exported.write_text(
        json.dumps({"schema": 1, "profiles": [{"name": "qa", "region": "us-west-2"}]})
    )
    result = w2.import_file(exported)
    assert result.renamed == {"qa": "qa (2)"}
    assert _names(paths) == ["qa", "qa (2)"]


# ---- two processes at once -----------------------------------------------------------------

_WINDOW = """
import json, random, sys, time
from cognito_bench.store import AppPaths, BenchStore, Profile, ProfileError
root, tag, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
bench = BenchStore(AppPaths.under(root))
rng = random.Random(tag)
mine = {}          # name -> region of every acknowledged save of this window
version = 0
deadline = time.monotonic() + seconds
while time.monotonic() < deadline:
    op = rng.random()
    if op < 0.5 or not mine:
        version += 1
        name = f"{tag}-{rng.randrange(6)}"
        bench.save_profile(Profile(name=name, region=f"v{version}"))
        mine[name] = f"v{version}"
    elif op < 0.7:
        bench.choose(rng.choice(["Local Cognito", *mine]))
    elif op < 0.85:
        old = rng.choice(sorted(mine))
        new = f"{tag}-{rng.randrange(6)}"
        if new in mine:
            continue
        bench.rename_profile(old, new)
        mine[new] = mine.pop(old)
    else:
        name = rng.choice(sorted(mine))
        assert bench.delete_profile(name)
        del mine[name]
print(json.dumps({"acknowledged": mine, "changes": version}))
"""


@pytest.mark.slow
def test_two_processes_saving_switching_and_renaming_lose_nothing(tmp_path: Path) -> None:
    root = tmp_path / "bench"
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _WINDOW, str(root), tag, "3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for tag in ("left", "right")
    ]
    expected: dict[str, str] = {}
    changes = 0
    for child in children:
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        report = json.loads(out)
        expected.update(report["acknowledged"])
        changes += report["changes"]
    assert changes > 100, "too few saves to have raced"
    store = ProfileStore(AppPaths.under(root))
    assert store.load() == ""
    on_disk = {p.name: p.region for p in store.profiles}
    # Every acknowledged save is there with its last version; nothing deleted came back.
    assert on_disk == expected


def test_profile_changes_wait_for_the_lock_then_merge(paths: AppPaths) -> None:
    # While one store holds the lock (another window mid-change), a save waits for it, then
    # merges with what was written meanwhile instead of overwriting it.
    import threading

    holder = ProfileStore(paths)
    holder.load()
    waiter = ProfileStore(paths)
    waiter.load()
    started = threading.Event()
    done: list[float] = []

    def save_later() -> None:
        started.set()
        t0 = time.monotonic()
        waiter.save(Profile("waiter", region="eu-west-1"))
        done.append(time.monotonic() - t0)

    with holder._locked():
        thread = threading.Thread(target=save_later)
        thread.start()
        started.wait()
        time.sleep(0.2)
        assert not done, "the save did not wait for the lock"
        holder._read()
        holder._profiles["holder"] = Profile("holder", region="us-east-1")
        holder._write()
    thread.join(5)
    assert done and done[0] >= 0.15
    assert _names(paths) == ["holder", "waiter"]
