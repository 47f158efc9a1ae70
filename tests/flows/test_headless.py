"""The engine runs with Qt absent (napari's headless habit), and its public names resolve."""

from __future__ import annotations

import subprocess
import sys

import cognito_bench.flows as flows

_SCRIPT = """
import sys
for name in ("PySide6", "qasync"):
    sys.modules[name] = None  # any import of these now fails
from cognito_bench.emulator import LocalCognito
from cognito_bench.flows.flowfile import load_flow
from cognito_bench.flows.runner import run_flow
with LocalCognito() as local:
    run = run_flow(load_flow(sys.argv[1]), local.target(), extra_target=local.to_json())
assert run.passed, [o.failures for o in run.outcomes]
assert not [m for m in sys.modules if m.startswith("cognito_bench.ui")]
print("ok")
"""


def test_a_flow_runs_without_qt() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, "resources/flows/forgot-password.yaml"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_public_names_are_exported() -> None:
    for name in flows.__all__:
        assert getattr(flows, name) is not None
    assert sorted(flows.__all__) == sorted(set(flows.__all__))
