"""`cognito-bench local --trigger ... --pre-token-version ... --config ...`: the wiring from the
command line and the project file; bad wiring is one line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cognito_bench.cli import TRIGGER_WORKER
from cognito_bench.emulator.seed import local_client
from cognito_bench.emulator.triggers import WORKER_ARG

HANDLER = "def handler(event, context):\n    raise Exception('no sign-ups today')\n"


def _local(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cognito_bench", "local", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["--trigger", "Nope=pre.py"], "unknown trigger kind 'Nope'"),
        (["--trigger", "PreSignUp=absent.py"], "handler file"),
        (["--trigger", "PreSignUp"], "is not KIND=FILE[:FUNCTION]"),
        (["--pre-token-version", "V9_0"], "invalid choice: 'V9_0'"),
        (["--config", "absent.toml"], "config file absent.toml does not exist"),
    ],
)
def test_bad_wiring_is_one_line_and_exit_2(tmp_path: Path, args: list[str], problem: str) -> None:
    done = _local(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_the_project_file_and_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "triggers").mkdir()
    (tmp_path / "triggers" / "pre.py").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "cognito-bench.toml").write_text(
        '[triggers]\nPreSignUp = "triggers/pre.py"\n', encoding="utf-8"
    )
    with subprocess.Popen(
        [sys.executable, "-m", "cognito_bench", "local", "--pre-token-version", "V1_0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=tmp_path,
    ) as proc:
        try:
            assert proc.stdout is not None
            target = json.loads(proc.stdout.readline())
            assert target["triggers"] == {
                "pre_token_version": "V1_0",
                "triggers": {
                    "PreSignUp": {
                        "kind": "PreSignUp",
                        "file": str((tmp_path / "triggers" / "pre.py").resolve()),
                        "function": "handler",
                    }
                },
            }
            idp = local_client("cognito-idp", target["endpoint_url"])
            with pytest.raises(idp.exceptions.UserLambdaValidationException) as info:
                idp.sign_up(ClientId=target["client_id"], Username="cli", Password="Cli-Passw0rd!")
            assert info.value.response["Error"]["Message"] == (
                "PreSignUp failed with error no sign-ups today."
            )
        finally:
            proc.terminate()
            proc.wait(10)


def test_the_hidden_worker_mode_serves_one_call(tmp_path: Path) -> None:
    assert TRIGGER_WORKER == WORKER_ARG
    handler = tmp_path / "h.py"
    handler.write_text(
        "def handler(event, context):\n    return {'seen': event}\n", encoding="utf-8"
    )
    request = {"id": 7, "file": str(handler), "function": "handler", "event": {"a": 1}}
    done = subprocess.run(
        [sys.executable, "-m", "cognito_bench", TRIGGER_WORKER],
        input=json.dumps(request) + "\n",
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout) == {
        "id": 7,
        "ok": True,
        "result": {"seen": {"a": 1}},
        "logs": "",
    }
