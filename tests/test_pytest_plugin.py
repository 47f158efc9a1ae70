"""The pytest plugin in a separate pytest run: ``cognito_local`` and ``run_flow``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cognito_bench.emulator.seed import DEMO_PASSWORD, DEMO_USERNAME

_TESTS = """
from pathlib import Path

from cognito_bench.pytest_plugin import run_flow

FLOW = Path(__file__).with_name("sign-in.yaml")


def test_the_fixture_target(cognito_local):
    assert cognito_local.endpoint_url.startswith("http://127.0.0.1:")
    assert cognito_local.target().user_pool_id == cognito_local.user_pool_id


def test_run_flow_function(cognito_local):
    run = run_flow(FLOW, cognito_local)
    assert run.passed, run.report()
    assert run.session.access_token


def test_run_flow_fixture_with_variables(run_flow):
    run = run_flow(FLOW.read_text(), password="Wrong-Passw0rd!1")
    assert not run.passed
    assert "expected OK, got NotAuthorizedException" in run.report()
"""

_FLOW = """\
name: demo sign-in
vars:
  password: "{{ env.QA_DEMO_PASSWORD | default('') }}"
steps:
  - sign_in_srp: {username: demo, password: "{{ password }}"}
"""


def test_a_teams_pytest_run_uses_the_plugin(tmp_path: Path) -> None:
    (tmp_path / "test_backend.py").write_text(_TESTS)
    (tmp_path / "sign-in.yaml").write_text(
        _FLOW.replace("username: demo", f"username: {DEMO_USERNAME}")
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "QA_DEMO_PASSWORD": DEMO_PASSWORD, "PYTEST_ADDOPTS": ""},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout
