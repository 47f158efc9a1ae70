"""A server that promises 400 bytes, sends 52 and closes: a connection error, never "Cognito
answered with nothing" (issue 17). Plain boto3 returns ``{}`` here without a word."""

from __future__ import annotations

import http.server
import subprocess
import sys
from collections.abc import Iterator

import pytest

from cognito_bench.aws import IdentityCalls, Target, UserPoolCalls
from cognito_bench.aws.identity import AwsCredentials
from cognito_bench.aws.oauth import HostedUi
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.s3 import S3Calls
from tests.httpserver import ThreadedServer

_PROMISED = 400
_SENT = b'{"AuthenticationResult": {"AccessToken": "eyJraWQiOi'  # 52 bytes of a real answer


class CutOffServer:
    """Answers every request with ``Content-Length: 400``, 52 bytes, then hangs up."""

    def __init__(self, status: int = 200) -> None:
        status_code = status

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.send_response(status_code)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("Content-Length", str(_PROMISED))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(_SENT)
                self.wfile.flush()
                self.close_connection = True

            do_POST = do_GET = do_PUT = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadedServer(Handler)
        self.url = self._server.url

    def close(self) -> None:
        self._server.close()


@pytest.fixture
def cut_off() -> Iterator[CutOffServer]:
    server = CutOffServer()
    yield server
    server.close()


def _target(server: CutOffServer) -> Target:
    return Target(
        region="us-east-1",
        user_pool_id="us-east-1_AbCdEfGhI",
        client_id="a" * 26,
        identity_pool_id="us-east-1:11111111-2222-3333-4444-555555555555",
        endpoint_url=server.url,
        bucket="bench-bucket",
    )


def _assert_cut_off(record: CallRecord) -> None:
    assert not record.ok
    assert record.error_code == "ConnectionClosedError", record.one_line()
    assert "52 of 400 bytes" in record.error_message or "52 read" in record.error_message
    assert "closed before the whole response arrived" in record.error_message
    assert "broken transfer" in record.explanation and "Fix:" in record.explanation


def test_a_cut_off_sign_in_is_a_connection_error(cut_off: CutOffServer) -> None:
    _assert_cut_off(UserPoolCalls(_target(cut_off)).sign_in_password("alice", "Passw0rd!"))


def test_a_cut_off_identity_call_is_a_connection_error(cut_off: CutOffServer) -> None:
    _assert_cut_off(IdentityCalls(_target(cut_off)).get_id("header.payload.signature"))


def test_a_cut_off_error_answer_is_a_connection_error() -> None:
    server = CutOffServer(status=400)
    try:
        _assert_cut_off(UserPoolCalls(_target(server)).sign_in_password("alice", "Passw0rd!"))
    finally:
        server.close()


@pytest.mark.parametrize("operation", ["list", "get"])
def test_a_cut_off_s3_answer_is_a_connection_error(cut_off: CutOffServer, operation: str) -> None:
    credentials = AwsCredentials("ASIAEXAMPLE", "secret-key", "session-token")
    calls = S3Calls(_target(cut_off), credentials)
    record = calls.list_objects() if operation == "list" else calls.get_object("a.txt")
    _assert_cut_off(record)


def test_a_cut_off_oauth_answer_is_a_connection_error(cut_off: CutOffServer) -> None:
    target = _target(cut_off).replace(client_secret="s" * 52)
    record = HostedUi(cut_off.url, target).client_credentials("bench-api/read")
    _assert_cut_off(record)


def test_the_cli_says_the_connection_closed_in_one_line(cut_off: CutOffServer) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cognito_bench",
            "token",
            "--endpoint",
            cut_off.url,
            "--region",
            "us-east-1",
            "--pool",
            "us-east-1_AbCdEfGhI",
            "--client",
            "a" * 26,
            "--username",
            "alice",
            "--flow",
            "password",
            "--password-stdin",
        ],
        input="Passw0rd!\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "ConnectionClosedError" in done.stderr
    assert "neither tokens nor a challenge" not in done.stderr
