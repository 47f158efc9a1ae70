"""`cognito-bench token` in a subprocess against the embedded emulator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cognito_bench.emulator import LocalTarget


def _token(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cognito_bench", "token", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def _no_region_env(tmp_path: Path) -> dict[str, str]:
    """The environment without any region: no AWS_REGION, AWS_DEFAULT_REGION or AWS files."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"}
    }
    env["AWS_CONFIG_FILE"] = str(tmp_path / "no-config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "no-credentials")
    return env


def _demo(local: LocalTarget, *extra: str, client: str = "") -> list[str]:
    return [
        "--endpoint",
        local.endpoint_url,
        "--pool",
        local.user_pool_id,
        "--client",
        client or local.client_id,
        "--username",
        local.demo_user["username"],
        "--password-stdin",
        *extra,
    ]


def _assert_one_line(stderr: str) -> None:
    assert stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize("flow", ["srp", "password"])
def test_sign_in_prints_the_tokens(local: LocalTarget, flow: str) -> None:
    done = _token(*_demo(local, "--flow", flow), stdin=local.demo_user["password"] + "\n")
    assert done.returncode == 0, done.stderr
    tokens = json.loads(done.stdout)
    assert tokens["IdToken"].count(".") == 2
    assert tokens["AccessToken"].count(".") == 2
    assert tokens["RefreshToken"]
    assert tokens["TokenType"] == "Bearer"
    assert done.stderr == ""


def test_secret_client_reads_password_then_secret(local: LocalTarget) -> None:
    done = _token(
        *_demo(local, "--secret-stdin", client=local.client_id_with_secret),
        stdin=f"{local.demo_user['password']}\n{local.client_secret}\n",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["AccessToken"]


def test_wrong_password_with_the_password_flow_exits_1(local: LocalTarget) -> None:
    done = _token(*_demo(local, "--flow", "password"), stdin="Wrong-Passw0rd!\n")
    assert done.returncode == 1
    assert done.stdout == ""
    _assert_one_line(done.stderr)
    assert "NotAuthorizedException" in done.stderr


def test_wrong_password_with_srp_exits_1(local: LocalTarget) -> None:
    done = _token(*_demo(local), stdin="Wrong-Passw0rd!\n")
    assert done.returncode == 1
    _assert_one_line(done.stderr)
    assert "NotAuthorizedException" in done.stderr


def test_a_challenge_is_printed(local: LocalTarget) -> None:
    from cognito_bench.aws import AdminCalls, Target
    from tests.aws.factories import PASSWORD, unique

    username = unique()
    target = Target(
        region=local.region, user_pool_id=local.user_pool_id, endpoint_url=local.endpoint_url
    )
    assert AdminCalls(target).admin_create_user(username, temporary_password=PASSWORD).ok
    args = _demo(local)
    args[args.index("--username") + 1] = username
    done = _token(*args, stdin=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    challenge = json.loads(done.stdout)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert challenge["Session"]


@pytest.mark.parametrize(
    ("args", "stdin", "words"),
    [
        ([], "", "missing --pool, --client, --username"),
        (["--pool", "us-east-1_Abc", "--client", "c1", "--username", ""], "", "--username"),
        (
            ["--pool", "nope", "--client", "c1", "--username", "u", "--password-stdin"],
            "pw\n",
            "InvalidInput",
        ),
        (
            [
                "--pool",
                "eu-west-1_Abc",
                "--region",
                "us-east-1",
                "--client",
                "c1",
                "--username",
                "u",
                "--password-stdin",
            ],
            "pw\n",
            "InvalidInput",
        ),
        (
            ["--pool", "us-east-1_Abc", "--client", "c1", "--username", "u", "--password-stdin"],
            "",
            "end of input",
        ),
        (
            ["--pool", "us-east-1_Abc", "--client", "c 1", "--username", "u", "--password-stdin"],
            "pw\n",
            "InvalidInput",
        ),
        (
            ["--pool", "us-east-1_Abc", "--client", "c1", "--username", "u", "--flow", "magic"],
            "",
            "invalid choice",
        ),
        (["--pool", "us-east-1_Abc", "--client", "c1", "--username", "u"], "", "--password-stdin"),
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str], stdin: str, words: str) -> None:
    done = _token(*args, stdin=stdin)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    _assert_one_line(done.stderr)
    assert words in done.stderr


def test_nothing_listening_exits_1_with_one_line() -> None:
    done = _token(
        "--endpoint",
        "http://127.0.0.1:9",
        "--pool",
        "us-east-1_Abc",
        "--client",
        "c1",
        "--username",
        "u",
        "--password-stdin",
        "--flow",
        "password",
        stdin="pw\n",
    )
    assert done.returncode == 1
    _assert_one_line(done.stderr)
    assert "EndpointConnectionError" in done.stderr


def test_without_any_region_for_aws_it_asks_for_one(tmp_path: Path) -> None:
    done = _token(
        *["--pool", "local_AbCdEf12", "--client", "c1", "--username", "u", "--password-stdin"],
        stdin="pw\n",
        env=_no_region_env(tmp_path),
    )
    assert done.returncode == 2, done.stderr
    _assert_one_line(done.stderr)
    assert "--region" in done.stderr and "AWS_REGION" in done.stderr


def test_a_region_less_pool_id_with_an_endpoint_is_not_refused(tmp_path: Path) -> None:
    """cognito-local's and LocalStack's pool ids name no region: with an endpoint the call is
    made (us-east-1, as those emulators expect), not refused with "pass --region"."""
    args = ["--endpoint", "http://127.0.0.1:9", "--pool", "local_AbCdEf12", "--client", "c1"]
    args += ["--username", "u", "--password-stdin", "--flow", "password"]
    done = _token(*args, stdin="pw\n", env=_no_region_env(tmp_path))
    assert done.returncode == 1, done.stderr
    _assert_one_line(done.stderr)
    assert "EndpointConnectionError" in done.stderr and "--region" not in done.stderr
