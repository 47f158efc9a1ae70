"""`cognito-bench jwt decode|verify` in a subprocess: JSON out, exit 0/1/2, one-line errors."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from cognito_bench.emulator import LocalTarget
from tests.tokens import factory as f
from tests.tokens.factory import TestKey
from tests.tokens.test_local import sign_in

NOW = int(time.time())


@pytest.fixture(scope="module")
def key() -> TestKey:
    return f.make_key("cli-key")


@pytest.fixture(scope="module")
def jwks_file(key: TestKey, tmp_path_factory: pytest.TempPathFactory) -> str:
    return f.write_jwks(tmp_path_factory.mktemp("jwks") / "jwks.json", key)


@pytest.fixture
def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/.well-known/jwks.json"


def cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cognito_bench", "jwt", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line_error(out: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


def pinned(jwks: str) -> list[str]:
    return ["--jwks", jwks, "--issuer", f.ISSUER, "--client-id", f.CLIENT_ID, "--now", str(NOW)]


def checks(out: subprocess.CompletedProcess[str]) -> dict[str, dict[str, Any]]:
    data = json.loads(out.stdout)
    assert set(data) == {"valid", "checks"}
    return {c["name"]: c for c in data["checks"]}


def test_decode_prints_header_payload_and_times(key: TestKey) -> None:
    # Not NOW: the module is imported at collection, minutes before this runs in a full suite.
    token = f.sign(f.claims("access", now=int(time.time())), key)
    out = cli("decode", token)
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    data = json.loads(out.stdout)
    assert data["kind"] == "jws"
    assert data["header"]["kid"] == key.kid
    assert data["payload"]["client_id"] == f.CLIENT_ID
    assert [t["name"] for t in data["times"]] == ["exp", "iat", "auth_time"]
    assert data["times"][0]["relative"] in ("in 59 min", "in 1 h")
    assert token not in out.stdout


def test_decode_from_stdin_with_bearer_prefix(key: TestKey) -> None:
    out = cli("decode", "-", stdin=f"Bearer {f.sign(f.claims(), key)}\n")
    assert out.returncode == 0, out.stderr
    notes = json.loads(out.stdout)["notes"]
    assert any("Bearer" in n for n in notes)


def test_decode_jwe_explains_and_exits_0(key: TestKey) -> None:
    out = cli("decode", f.refresh_jwe(key))
    assert out.returncode == 0
    assert "only Cognito can read it" in json.loads(out.stdout)["error"]


def test_decode_garbage_exits_2_with_one_line(key: TestKey) -> None:
    out = cli("decode", "hello.world")
    assert out.returncode == 2
    assert "Only two parts" in one_line_error(out)
    assert json.loads(out.stdout)["kind"] == "invalid"


def test_verify_valid_exits_0(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims("id", now=NOW), key)
    out = cli("verify", token, *pinned(jwks_file), "--token-use", "id")
    assert out.returncode == 0, out.stdout
    assert out.stderr == ""
    assert json.loads(out.stdout)["valid"] is True
    assert checks(out)["aud"]["ok"] is True


def test_verify_from_stdin(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims("access", now=NOW), key)
    out = cli("verify", "-", *pinned(jwks_file), "--token-use", "access", stdin=token + "\n")
    assert out.returncode == 0, out.stdout
    assert checks(out)["scope"]["detail"] == "Grants: aws.cognito.signin.user.admin."


def test_verify_expired_exits_1_and_names_the_check(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims(now=NOW - 3900), key)
    out = cli("verify", token, *pinned(jwks_file))
    assert out.returncode == 1
    assert json.loads(out.stdout)["valid"] is False
    assert not checks(out)["exp"]["ok"]
    assert "Expired 5 min ago" in checks(out)["exp"]["detail"]
    assert one_line_error(out) == "cognito-bench jwt verify: invalid token: failed exp"
    out = cli("verify", token, *pinned(jwks_file), "--leeway", "600")
    assert out.returncode == 0, out.stdout


def test_verify_tampered_exits_1(key: TestKey, jwks_file: str) -> None:
    token = f.flip_signature(f.sign(f.claims(now=NOW), key))
    out = cli("verify", token, *pinned(jwks_file))
    assert out.returncode == 1
    assert [n for n, c in checks(out).items() if not c["ok"]] == ["signature"]


def test_verify_unreachable_jwks_url_exits_1(key: TestKey, closed_port_url: str) -> None:
    out = cli("verify", f.sign(f.claims(now=NOW), key), *pinned(closed_port_url))
    assert out.returncode == 1
    assert "Connection refused" in checks(out)["jwks"]["detail"]
    one_line_error(out)


@pytest.mark.parametrize(
    ("args", "stdin", "phrase"),
    [
        (["verify", ""], None, "the token is empty"),
        (["verify", "-"], "  \n", "no token on stdin"),
        (["verify", "not-a-token"], None, "Not a JWT: there are no dots"),
        (["verify", "{jwe}"], None, "only Cognito can read it"),
        (["verify", "{token}", "--jwks", "/no/such/jwks.json"], None, "does not exist"),
        (["verify", "{token}", "--jwks", "ftp://x/jwks.json"], None, "http(s) URL or a file path"),
        (["verify", "{token}", "--leeway", "-5"], None, "--leeway must be"),
        (["verify", "{token}", "--now", "nan"], None, "--now must be"),
        (["verify", "{token}", "--issuer", "us-east-1_Pool"], None, "--issuer must be a URL"),
        (["verify", "{token}", "--token-use", "refresh"], None, "invalid choice"),
        (["decode", ""], None, "the token is empty"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    key: TestKey, args: list[str], stdin: str | None, phrase: str
) -> None:
    token = f.sign(f.claims(now=NOW), key)
    filled = [a.format(token=token, jwe=f.refresh_jwe(key)) for a in args]
    out = cli(*filled, stdin=stdin)
    assert out.returncode == 2, out.stdout
    assert phrase in one_line_error(out)


def test_unreadable_jwks_file_exits_2(key: TestKey, tmp_path: Path) -> None:
    out = cli("verify", f.sign(f.claims(now=NOW), key), "--jwks", str(tmp_path))
    assert out.returncode == 2
    assert "is not a file" in one_line_error(out)


def test_verify_emulator_token_exits_0(local: LocalTarget) -> None:
    token = sign_in(local)["AccessToken"]
    out = cli(
        "verify",
        "-",
        "--jwks",
        local.jwks_url,
        "--issuer",
        local.issuer,
        "--client-id",
        local.client_id,
        "--token-use",
        "access",
        stdin=token,
    )
    assert out.returncode == 0, [c for c in checks(out).values() if not c["ok"]]


def test_decode_prints_claims_that_are_not_printable_text(key: TestKey) -> None:
    head, _, sig = f.sign(f.claims(), key).split(".")
    payload = f.b64url(b'{"sub": "\\ud800", "name": "J\\u00f6rg"}')
    out = cli("decode", f"{head}.{payload}.{sig}")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["payload"] == {"sub": "\ud800", "name": "Jörg"}


def test_one_megabyte_token_on_stdin_fails_size(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims(now=NOW, padding="x" * 1_000_000), key)
    out = cli("verify", "-", *pinned(jwks_file), stdin=token)
    assert out.returncode == 1
    assert [n for n, c in checks(out).items() if not c["ok"]] == ["size"]
    assert one_line_error(out) == "cognito-bench jwt verify: invalid token: failed size"
