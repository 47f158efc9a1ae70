"""`make dist`: build the onefile binary and the onedir folder, then prove the binary works.

Steps: PyInstaller with packaging/cognito-bench.spec (the onedir folder; on Linux with a C
compiler the onefile binary is packaging/launcher with that folder appended, see
packaging/onefile.py, elsewhere PyInstaller's own onefile); `selftest` on the onefile binary
run with an empty PATH (apart from the binary's folder) and HOME set to a fresh temporary
folder; then the budgets: onefile size <= 70 MB, and the binary's start to a shown window
<= 2x the same from source (both measured in this run). Exit 0 only when every step passed.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import onefile

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build"
SPEC = ROOT / "packaging" / "cognito-bench.spec"
ONEFILE = DIST / ("cognito-bench.exe" if os.name == "nt" else "cognito-bench")
SIZE_BUDGET_MB = 70.0
START_BUDGET_RATIO = 2.0
START_RUNS = 5


def _clean_env(home: Path, bin_dir: Path) -> dict[str, str]:
    """No Python environment around the binary: empty PATH but its folder, a fresh HOME."""
    env = {
        "PATH": str(bin_dir),
        "HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    if "SYSTEMROOT" in os.environ:  # Windows needs it to start any process
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    return env


def build(launcher: bool) -> None:
    print(f"building with {SPEC.relative_to(ROOT)} ...", flush=True)
    env = {**os.environ, "COGNITO_BENCH_ONEFILE": "launcher" if launcher else "pyinstaller"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(SPEC),
        ],
        check=True,
        cwd=ROOT,
        env=env,
    )
    if launcher:
        cc = onefile.compiler()
        assert cc is not None
        exe = onefile.compile_launcher(WORK / "launcher" / "launcher", cc)
        key = onefile.assemble(exe, DIST / "cognito-bench-dir", ONEFILE)
        print(f"onefile: launcher + onedir payload (cache folder app-{key})", flush=True)


def selftest(home: Path) -> bool:
    print(f"selftest of {ONEFILE.relative_to(ROOT)} (empty PATH, HOME={home}) ...", flush=True)
    done = subprocess.run(
        [str(ONEFILE), "selftest"],
        env=_clean_env(home, ONEFILE.parent),
        cwd=home,
        timeout=600,
        check=False,
    )
    return done.returncode == 0


def _time_to_shown(
    cmd: list[str], env: dict[str, str], cwd: Path, first_start: bool = False
) -> float:
    """Median seconds from process start to the window shown (it prints the time, then exits).

    Normal starts come after one unmeasured start (source: bytecode compiled once, as
    installed; launcher binary: unpacked once). first_start measures a first start of the
    launcher binary instead: each run gets an empty cache folder.
    """
    env = {**env, "COGNITO_BENCH_EXIT_WHEN_SHOWN": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not first_start:
        subprocess.run(cmd, env=env, cwd=cwd, check=True, timeout=120, capture_output=True)
    samples = []
    for run in range(START_RUNS):
        if first_start:
            env["COGNITO_BENCH_CACHE_DIR"] = str(cwd / f"first-start-cache-{run}")
        started = time.time()
        done = subprocess.run(
            cmd, env=env, cwd=cwd, check=True, timeout=120, capture_output=True, text=True
        )
        samples.append(float(done.stdout.strip().splitlines()[-1]) - started)
    return statistics.median(samples)


def _start_row(name: str, binary_s: float, source_s: float) -> tuple[str, str, bool]:
    ratio = binary_s / source_s
    return (
        f"{name} start to shown window: {binary_s * 1000:.0f} ms, "
        f"source {source_s * 1000:.0f} ms, ratio {ratio:.2f}",
        f"budget <= {START_BUDGET_RATIO:g}x",
        ratio <= START_BUDGET_RATIO,
    )


def main() -> int:
    """Build, self-test, print the budgets.

    Every row gates except the launcher binary's first start, which unpacks ~150 MB once per
    version and user (PyInstaller's onefile pays that on every start).
    """
    launcher = sys.platform.startswith("linux") and onefile.compiler() is not None
    if not launcher:
        print(
            "note: no C compiler (or not Linux): shipping PyInstaller's onefile, which unpacks on every start"
        )
    build(launcher)
    size_mb = ONEFILE.stat().st_size / 1e6
    onedir = DIST / "cognito-bench-dir"
    onedir_exe = onedir / ONEFILE.name
    with tempfile.TemporaryDirectory(prefix="cognito-bench-home-") as tmp:
        home = Path(tmp)
        ok = selftest(home)
        onefile_s = _time_to_shown(
            [str(ONEFILE), "gui", "--local"], _clean_env(home, ONEFILE.parent), home
        )
        onedir_s = _time_to_shown(
            [str(onedir_exe), "gui", "--local"], _clean_env(home, onedir), home
        )
        first_s = (
            _time_to_shown(
                [str(ONEFILE), "gui", "--local"], _clean_env(home, ONEFILE.parent), home, True
            )
            if launcher
            else None
        )
    source_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    source_s = _time_to_shown(
        [sys.executable, "-m", "cognito_bench", "gui", "--local"], source_env, ROOT
    )
    gating = [
        ("selftest of the onefile binary", "every step", ok),
        (
            f"onefile size {size_mb:.1f} MB",
            f"budget <= {SIZE_BUDGET_MB:g} MB",
            size_mb <= SIZE_BUDGET_MB,
        ),
        _start_row("onefile", onefile_s, source_s),
        _start_row("onedir", onedir_s, source_s),
    ]
    informational = []
    if first_s is not None:
        informational.append(
            (
                f"onefile first start of a version (unpacks to the cache): {first_s * 1000:.0f} ms, "
                f"ratio {first_s / source_s:.2f}",
                "once per version and user; not budgeted",
                True,
            )
        )
    # Symlinks point inside the folder: count each file once.
    onedir_mb = (
        sum(f.lstat().st_size for f in onedir.rglob("*") if not f.is_symlink() and f.is_file())
        / 1e6
    )
    print(
        f"\nonefile: {ONEFILE.relative_to(ROOT)}; onedir: {onedir.relative_to(ROOT)} ({onedir_mb:.1f} MB)"
    )
    for what, budget, passed in gating:
        print(f"{'pass' if passed else 'FAIL'}  {what}  ({budget})")
    for what, budget, _ in informational:
        print(f"info  {what}  ({budget})")
    if shutil.which("strip") is None:
        print("note: `strip` not found; binaries are larger than they could be")
    return 0 if all(passed for *_, passed in gating) else 1


if __name__ == "__main__":
    sys.exit(main())
