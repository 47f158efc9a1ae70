"""`cognito-bench selftest` runs the whole flow and exits 0 only when every step passed."""

from __future__ import annotations

import os
import subprocess
import sys

from cognito_bench.commands.selftest import run_steps


def test_selftest_command_passes_every_step() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "cognito_bench", "selftest"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("PASS: 13/13 steps")
    assert sum(line.startswith("pass ") for line in lines) == 13
    assert "Traceback" not in done.stderr


def test_a_failed_step_stops_the_run_and_later_steps_are_not_run(monkeypatch) -> None:
    from cognito_bench.commands import selftest

    def broken_sign_up(self: object) -> str:
        raise selftest._Failed("UsernameExistsException: User already exists")

    monkeypatch.setattr(selftest._SelfTest, "sign_up", broken_sign_up)
    logged: list[str] = []
    steps = run_steps(window=False, log=logged.append)
    assert [s.ok for s in steps[:2]] == [True, False]
    assert steps[1].detail.startswith("UsernameExistsException")
    assert all(s.detail == "not run" for s in steps[2:])
    assert len(steps) == 12
    assert logged[1].startswith("FAIL  sign up")
