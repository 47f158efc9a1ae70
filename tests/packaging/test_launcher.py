"""The Linux onefile launcher (packaging/launcher/launcher.c + packaging/onefile.py).

Each test assembles a small bundle whose `cognito-bench` is a shell script, then runs the
real compiled launcher: unpack once, start from the cache after that, survive damage,
concurrent first starts and hostile binaries, and remove old versions nobody runs.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_onefile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("onefile", ROOT / "packaging" / "onefile.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["onefile"] = module  # dataclasses look the module up while the class is built
    spec.loader.exec_module(module)
    return module


onefile = _load_onefile()

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the launcher is Linux-only"),
    pytest.mark.skipif(onefile.compiler() is None, reason="no C compiler to build the launcher"),
]

SCRIPT = """#!/bin/sh
# Stand-in for the onedir binary: shows where it runs from, its arguments, a bundled file.
here=$(dirname "$0")
echo "exe=$0"
for arg in "$@"; do echo "arg=$arg"; done
echo "data=$(cat "$here/_internal/data.txt")"
exit "${EXIT_WITH:-0}"
"""


@pytest.fixture(scope="module")
def launcher(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cc = onefile.compiler()
    assert cc is not None
    return onefile.compile_launcher(
        tmp_path_factory.mktemp("launcher") / "launcher", cc, strict=True
    )


def _onedir(folder: Path, version: str = "one") -> Path:
    """A small onedir bundle: the script, nested folders, a symlink, stored and zlib files."""
    (folder / "_internal" / "deep" / "er").mkdir(parents=True)
    exe = folder / "cognito-bench"
    exe.write_text(SCRIPT)
    exe.chmod(0o755)
    (folder / "_internal" / "data.txt").write_text(f"version {version}")
    (folder / "_internal" / "deep" / "er" / "big.txt").write_bytes(b"cognito " * 200_000)
    (folder / "_internal" / "deep" / "random.bin").write_bytes(os.urandom(300_000))
    (folder / "_internal" / "empty").write_bytes(b"")
    (folder / "_internal" / "link.txt").symlink_to("data.txt")
    return folder


Build = Callable[..., Path]


@pytest.fixture
def build(launcher: Path, tmp_path: Path) -> Build:
    def _build(version: str = "one") -> Path:
        onedir = _onedir(tmp_path / f"onedir-{version}", version)
        out = tmp_path / f"bin-{version}" / "cognito-bench"
        out.parent.mkdir()
        onefile.assemble(launcher, onedir, out)
        return out

    return _build


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _run(binary: Path, cache: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(binary), *args],
        env={"PATH": "/usr/bin:/bin", "COGNITO_BENCH_CACHE_DIR": str(cache), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _versions(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir())


def test_first_start_unpacks_then_later_starts_run_from_the_cache(
    build: Build, cache: Path
) -> None:
    binary = build()
    key, entries = onefile.read_toc(binary)
    first = _run(binary, cache, "gui", "--local", "two words", "ünï")
    assert first.returncode == 0, first.stderr
    assert first.stderr.startswith("cognito-bench: first start of this version: unpacking to ")
    assert first.stdout.splitlines() == [
        f"exe={cache}/app-{key}/cognito-bench",
        "arg=gui",
        "arg=--local",
        "arg=two words",
        "arg=ünï",
        "data=version one",
    ]
    unpacked = cache / f"app-{key}"
    for entry in entries:
        path = unpacked / entry.path
        if entry.kind in (onefile.KIND_FILE, onefile.KIND_ZLIB):
            assert path.stat().st_size == entry.raw
    assert (
        unpacked / "_internal" / "deep" / "er" / "big.txt"
    ).read_bytes() == b"cognito " * 200_000
    assert os.readlink(unpacked / "_internal" / "link.txt") == "data.txt"
    assert {e.kind for e in entries} == {0, 1, 2, 3}  # every kind was exercised
    assert os.access(unpacked / "cognito-bench", os.X_OK)

    lock_inode = (unpacked / ".lock").stat().st_ino
    again = _run(binary, cache, "--version")
    assert again.returncode == 0
    assert again.stderr == ""  # no unpacking
    assert (unpacked / ".lock").stat().st_ino == lock_inode
    assert _versions(cache) == [f"app-{key}"]


def test_exit_status_passes_through(build: Build, cache: Path) -> None:
    assert _run(build(), cache, EXIT_WITH="3").returncode == 3


def test_a_damaged_cache_copy_is_unpacked_again(build: Build, cache: Path) -> None:
    binary = build()
    key, _ = onefile.read_toc(binary)
    assert _run(binary, cache).returncode == 0
    data = cache / f"app-{key}" / "_internal" / "data.txt"
    data.write_text("cut")  # truncated by a disk-full, a cleaner, a user
    repaired = _run(binary, cache)
    assert repaired.returncode == 0, repaired.stderr
    assert "unpacking" in repaired.stderr
    assert repaired.stdout.splitlines()[-1] == "data=version one"
    (cache / f"app-{key}" / "_internal" / "deep" / "er" / "big.txt").unlink()
    assert "data=version one" in _run(binary, cache).stdout
    assert _versions(cache) == [f"app-{key}"]  # no trash or temporary folders left


def test_concurrent_first_starts_all_run_and_leave_one_copy(build: Build, cache: Path) -> None:
    binary = build()
    key, _ = onefile.read_toc(binary)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: _run(binary, cache), range(4)))
    for done in results:
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "data=version one"
    assert _versions(cache) == [f"app-{key}"]


def test_a_new_version_removes_old_ones_unless_a_running_copy_holds_them(
    build: Build, cache: Path
) -> None:
    one, two, three = build("one"), build("two"), build("three")
    key_one, key_two, key_three = (onefile.read_toc(b)[0] for b in (one, two, three))
    assert len({key_one, key_two, key_three}) == 3
    assert _run(one, cache).returncode == 0
    # A running copy of version one holds its folder's lock, as the launcher's exec does.
    with (cache / f"app-{key_one}" / ".lock").open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_SH)
        assert _run(two, cache).stdout.splitlines()[-1] == "data=version two"
        assert _versions(cache) == sorted([f"app-{key_one}", f"app-{key_two}"])
    assert _run(three, cache).stdout.splitlines()[-1] == "data=version three"
    assert _versions(cache) == [f"app-{key_three}"]


def test_a_start_racing_the_removal_of_its_copy_unpacks_again(build: Build, cache: Path) -> None:
    binary = build()
    key, _ = onefile.read_toc(binary)
    assert _run(binary, cache).returncode == 0
    unpacked = cache / f"app-{key}"
    # Another version's first start is removing this copy: it holds the lock exclusively.
    with (unpacked / ".lock").open("rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        starting = subprocess.Popen(
            [str(binary)],
            env={"PATH": "/usr/bin:/bin", "COGNITO_BENCH_CACHE_DIR": str(cache)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        with pytest.raises(subprocess.TimeoutExpired):
            starting.wait(timeout=0.5)  # it waits for the lock
        trash = cache / ".trash-removal"
        unpacked.rename(trash)
        shutil.rmtree(trash)
    out, err = starting.communicate(timeout=60)
    assert starting.returncode == 0, err
    assert "unpacking" in err
    assert out.splitlines()[-1] == "data=version one"
    assert _versions(cache) == [f"app-{key}"]


def test_a_cache_folder_others_can_write_is_refused(build: Build, cache: Path) -> None:
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    done = _run(build(), cache)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "refusing a cache folder that is not yours alone" in done.stderr


def test_the_cache_defaults_to_home(build: Build, tmp_path: Path) -> None:
    binary = build()
    key, _ = onefile.read_toc(binary)
    home = tmp_path / "home"
    home.mkdir()
    done = subprocess.run(
        [str(binary)], env={"HOME": str(home)}, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert (home / ".cache" / "cognito-bench" / f"app-{key}" / "cognito-bench").exists()


def _rewrite_toc(binary: Path, prefix: str) -> None:
    """Replaces the first entry's path in the table of contents by prefix + "x"s, same length."""
    raw = bytearray(binary.read_bytes())
    magic, toc_offset, *_ = onefile.TRAILER.unpack_from(raw, len(raw) - onefile.TRAILER.size)
    assert magic == onefile.MAGIC
    length = struct.unpack_from("<I", raw, toc_offset + 32)[0]
    path = (prefix + "x" * length)[:length]
    raw[toc_offset + 36 : toc_offset + 36 + length] = path.encode()
    binary.write_bytes(bytes(raw))


def _corrupt_data(binary: Path) -> None:
    """Flips bytes inside the largest compressed file's data."""
    _, entries = onefile.read_toc(binary)
    big = max((e for e in entries if e.kind == onefile.KIND_ZLIB), key=lambda e: e.stored)
    raw = bytearray(binary.read_bytes())
    middle = big.offset + big.stored // 2
    raw[middle : middle + 64] = bytes(64)
    binary.write_bytes(bytes(raw))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b.write_bytes(b.read_bytes()[:-10]), "no bundle in"),
        (lambda b: b.write_bytes(b.read_bytes()[: b.stat().st_size // 2]), "no bundle in"),
        (lambda b: _rewrite_toc(b, "../"), "unsafe path in"),
        (lambda b: _rewrite_toc(b, "/"), "unsafe path in"),
        (
            lambda b: b.write_bytes(b.read_bytes()[:-40] + b"\xff" * 8 + b.read_bytes()[-32:]),
            "bad table of contents in",
        ),
        (_corrupt_data, "corrupt data for"),
    ],
    ids=["truncated-trailer", "truncated-payload", "dot-dot", "absolute", "bad-offset", "bad-data"],
)
def test_a_damaged_binary_fails_in_one_line_and_writes_nothing(
    build: Build, cache: Path, damage: Callable[[Path], object], message: str
) -> None:
    binary = build()
    damage(binary)
    done = _run(binary, cache)
    assert done.returncode == 2
    *before, error = done.stderr.splitlines()
    assert all(line.startswith("cognito-bench: first start") for line in before), done.stderr
    assert message in error
    assert not cache.exists() or _versions(cache) == []  # nothing half-unpacked stays
    assert not list(cache.parent.glob("x*"))
