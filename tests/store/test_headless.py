"""The store runs with Qt, boto3 and the other bench layers absent (napari's headless habit)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cognito_bench.store as store

_SCRIPT = """
import sys
for name in ("PySide6", "qasync", "boto3", "botocore", "pycognito", "jose", "moto"):
    sys.modules[name] = None  # any import of these now fails
from cognito_bench.store import AppPaths, BenchStore, Profile
from cognito_bench.store.awsprofiles import list_aws_profiles
bench = BenchStore(AppPaths.under(sys.argv[1]))
bench.save_profile(Profile("dev", region="eu-west-1"))
row = bench.record_call("dev", {"operation": "SignUp", "request": {"Password": "x"}})
assert bench.history.get(row.id).record["request"]["Password"] == "***"
list_aws_profiles({"HOME": sys.argv[1]})
bench.close()
layers = [m for m in sys.modules if m.startswith(("cognito_bench.aws", "cognito_bench.tokens",
          "cognito_bench.emulator", "cognito_bench.ui"))]
assert not layers, layers
print("ok")
"""


def test_store_runs_without_qt_or_boto3(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_public_names_are_exported() -> None:
    for name in store.__all__:
        assert getattr(store, name) is not None
    assert sorted(store.__all__) == sorted(set(store.__all__))
