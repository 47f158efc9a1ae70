"""Clients: explicit timeouts, one attempt, endpoint override, dummy keys for a local endpoint."""

from __future__ import annotations

from pathlib import Path

import pytest
from botocore.exceptions import EndpointConnectionError

from cognito_bench.aws import Target, make_client
from cognito_bench.aws.clients import CONNECT_TIMEOUT_S, READ_TIMEOUT_S
from cognito_bench.emulator import LocalTarget


def test_local_client_settings(local: LocalTarget, target: Target) -> None:
    client = make_client("cognito-idp", target)
    config = client.meta.config
    assert config.connect_timeout == CONNECT_TIMEOUT_S
    assert config.read_timeout == READ_TIMEOUT_S
    assert config.retries["total_max_attempts"] == 1
    assert client.meta.endpoint_url == local.endpoint_url
    assert client.meta.region_name == local.region
    creds = client._request_signer._credentials
    assert creds.access_key == "local"


def test_explicit_credentials_win(target: Target) -> None:
    client = make_client(
        "s3",
        target,
        {"aws_access_key_id": "AKIDX", "aws_secret_access_key": "s", "aws_session_token": "t"},
    )
    creds = client._request_signer._credentials
    assert (creds.access_key, creds.token) == ("AKIDX", "t")
    assert client.meta.config.s3["addressing_style"] == "path"


def test_aws_clients_have_no_endpoint_override() -> None:
    client = make_client("cognito-idp", Target(region="eu-west-1"), unsigned=True)
    assert client.meta.endpoint_url == "https://cognito-idp.eu-west-1.amazonaws.com"


def test_one_attempt_against_a_dead_endpoint(target: Target) -> None:
    """botocore retries a refused connection (and an HTTP 5xx); the bench shows the first answer."""
    client = make_client("cognito-idp", target.replace(endpoint_url="http://127.0.0.1:9"))
    attempts: list[str] = []
    client.meta.events.register("before-send", lambda **kw: attempts.append("x"))
    with pytest.raises(EndpointConnectionError):
        client.describe_user_pool(UserPoolId="us-east-1_NoSuchPool")
    assert attempts == ["x"]


def test_profile_keys_are_read_as_the_files_are_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clients share parsed service models, not sessions: an edited credentials file counts."""
    credentials = tmp_path / "credentials"
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    target = Target(region="eu-west-1", aws_profile="bench-qa")

    def key_of_a_new_client(key: str) -> str:
        credentials.write_text(
            f"[bench-qa]\naws_access_key_id = {key}\naws_secret_access_key = s\n",
            encoding="utf-8",
        )
        client = make_client("cognito-idp", target)
        return str(client._request_signer._credentials.access_key)

    assert key_of_a_new_client("AKIDFIRST") == "AKIDFIRST"
    assert key_of_a_new_client("AKIDROTATED") == "AKIDROTATED"
    assert make_client("s3", target).meta.region_name == "eu-west-1"
