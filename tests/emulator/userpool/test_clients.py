"""App client settings and secrets as Cognito keeps them: RefreshTokenRotation's range, the
original secret's date, and GetClientToken for the demo's ALLOW_CLIENT_TOKEN_AUTH client."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.config import Config

from cognito_bench.emulator import LocalTarget
from cognito_bench.tokens.decode import decode
from tests.emulator.conftest import Clocked, error_of, unique


def _unvalidated(local: LocalTarget) -> Any:
    """A client that sends what botocore would refuse itself (a negative grace period)."""
    return boto3.session.Session().client(
        "cognito-idp",
        region_name=local.region,
        endpoint_url=local.endpoint_url,
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(parameter_validation=False, retries={"total_max_attempts": 1}),
    )


@pytest.mark.parametrize(
    ("grace", "bound"),
    [
        (61, "less than or equal to 60"),
        (3600, "less than or equal to 60"),
        (-1, "greater than or equal to 0"),
    ],
)
def test_a_grace_period_outside_0_to_60_is_refused(
    local: LocalTarget, grace: int, bound: str
) -> None:
    idp = _unvalidated(local)
    rotation = {"Feature": "ENABLED", "RetryGracePeriodSeconds": grace}
    expected = (
        "InvalidParameterException",
        f"1 validation error detected: Value '{grace}' at "
        "'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: "
        f"Member must have value {bound}",
    )
    name = unique("rot")
    assert (
        error_of(
            lambda: idp.create_user_pool_client(
                UserPoolId=local.user_pool_id, ClientName=name, RefreshTokenRotation=rotation
            )
        )
        == expected
    )
    listed = idp.list_user_pool_clients(UserPoolId=local.user_pool_id, MaxResults=60)
    assert name not in {c["ClientName"] for c in listed["UserPoolClients"]}  # nothing made
    assert (
        error_of(
            lambda: idp.update_user_pool_client(
                UserPoolId=local.user_pool_id,
                ClientId=local.client_id_rotating,
                RefreshTokenRotation=rotation,
            )
        )
        == expected
    )
    described = idp.describe_user_pool_client(
        UserPoolId=local.user_pool_id, ClientId=local.client_id_rotating
    )["UserPoolClient"]
    assert described["RefreshTokenRotation"]["RetryGracePeriodSeconds"] == 10  # unchanged


@pytest.mark.parametrize("grace", [0, 60])
def test_the_ends_of_the_grace_range_are_taken(local: LocalTarget, idp: Any, grace: int) -> None:
    made = idp.create_user_pool_client(
        UserPoolId=local.user_pool_id,
        ClientName=unique("rot"),
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": grace},
    )["UserPoolClient"]
    assert made["RefreshTokenRotation"]["RetryGracePeriodSeconds"] == grace


def test_an_unknown_rotation_feature_is_refused(local: LocalTarget) -> None:
    code, message = error_of(
        lambda: _unvalidated(local).create_user_pool_client(
            UserPoolId=local.user_pool_id,
            ClientName=unique("rot"),
            RefreshTokenRotation={"Feature": "SOMETIMES"},
        )
    )
    assert code == "InvalidParameterException" and "refreshTokenRotation.feature" in message


def test_the_original_secret_is_dated_at_the_clients_creation(clocked: Clocked) -> None:
    target, idp = clocked.target, clocked.idp
    clocked.clock.advance(1000)
    created = clocked.clock()
    client = idp.create_user_pool_client(
        UserPoolId=target.user_pool_id, ClientName=unique("conf"), GenerateSecret=True
    )["UserPoolClient"]
    clocked.clock.advance(500)  # listed later: the date is still the creation's
    [original] = idp.list_user_pool_client_secrets(
        UserPoolId=target.user_pool_id, ClientId=client["ClientId"]
    )["ClientSecrets"]
    assert original["ClientSecretCreateDate"].timestamp() == pytest.approx(created, abs=1)


def test_the_demo_clients_original_secret_is_not_dated_1970(local: LocalTarget, idp: Any) -> None:
    for client_id in (local.client_id_with_secret, local.machine_client_id):
        [original] = idp.list_user_pool_client_secrets(
            UserPoolId=local.user_pool_id, ClientId=client_id
        )["ClientSecrets"]
        assert original["ClientSecretCreateDate"] > datetime(2024, 1, 1, tzinfo=UTC)


def test_get_client_token_with_the_demo_client_token_client(local: LocalTarget, idp: Any) -> None:
    described = idp.describe_user_pool_client(
        UserPoolId=local.user_pool_id, ClientId=local.client_token_client_id
    )["UserPoolClient"]
    assert described["ExplicitAuthFlows"] == ["ALLOW_CLIENT_TOKEN_AUTH"]
    result = idp.get_client_token(
        ClientId=local.client_token_client_id,
        Secret=local.client_token_client_secret,
        Scopes=["bench-api/read"],
    )["ClientAuthenticationResult"]
    payload = decode(result["AccessToken"]).payload or {}
    assert payload["client_id"] == local.client_token_client_id
    assert payload["scope"] == "bench-api/read" and payload["token_use"] == "access"
    every = idp.get_client_token(
        ClientId=local.client_token_client_id, Secret=local.client_token_client_secret
    )["ClientAuthenticationResult"]
    assert (decode(every["AccessToken"]).payload or {})["scope"] == "bench-api/read bench-api/write"
    # the grant's machine client has no ALLOW_CLIENT_TOKEN_AUTH, the user clients neither
    code, _ = error_of(
        lambda: idp.get_client_token(
            ClientId=local.machine_client_id, Secret=local.machine_client_secret
        )
    )
    assert code == "NotAuthorizedException"
    code, message = error_of(
        lambda: idp.get_client_token(ClientId=local.client_token_client_id, Secret="x" * 52)
    )
    assert code == "NotAuthorizedException" and "secret" in message
