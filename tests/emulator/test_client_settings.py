"""Behaviour 4: the app client's auth flows and token validity, and the pool's password policy."""

from __future__ import annotations

from typing import Any

import pytest
from pycognito.aws_srp import AWSSRP

from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.signing import decode_unverified
from tests.emulator.conftest import User, error_of, unique


def client(idp: Any, target: LocalTarget, **settings: Any) -> str:
    created = idp.create_user_pool_client(
        UserPoolId=target.user_pool_id, ClientName=unique("client"), **settings
    )
    client_id: str = created["UserPoolClient"]["ClientId"]
    return client_id


def test_user_password_auth_needs_the_flow(local: LocalTarget, idp: Any, user: User) -> None:
    srp_only = client(
        idp, local, ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )
    assert error_of(
        lambda: idp.initiate_auth(
            ClientId=srp_only,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
        )
    ) == ("InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
    srp = AWSSRP(user.username, user.password, local.user_pool_id, srp_only, client=idp)
    assert "AuthenticationResult" in srp.authenticate_user()


def test_srp_needs_the_flow(local: LocalTarget, idp: Any, user: User) -> None:
    password_only = client(
        idp, local, ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    )
    srp = AWSSRP(user.username, user.password, local.user_pool_id, password_only, client=idp)
    assert error_of(srp.authenticate_user) == (
        "InvalidParameterException",
        "USER_SRP_AUTH is not enabled for the client.",
    )


def test_admin_auth_needs_the_flow(local: LocalTarget, idp: Any, user: User) -> None:
    assert error_of(
        lambda: idp.admin_initiate_auth(
            UserPoolId=local.user_pool_id,
            ClientId=local.client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
        )
    ) == ("InvalidParameterException", "Auth flow not enabled for this client")


def test_token_validity_comes_from_the_client(local: LocalTarget, idp: Any, user: User) -> None:
    short = client(
        idp,
        local,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AccessTokenValidity=5,
        IdTokenValidity=10,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes"},
    )
    result = idp.initiate_auth(
        ClientId=short,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
    )["AuthenticationResult"]
    assert result["ExpiresIn"] == 300
    _, access = decode_unverified(result["AccessToken"])
    _, id_claims = decode_unverified(result["IdToken"])
    assert access["exp"] - access["iat"] == 300
    assert id_claims["exp"] - id_claims["iat"] == 600


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Ab1!", "Password not long enough"),
        ("ABCDEFG1!", "Password must have lowercase characters"),
        ("abcdefg1!", "Password must have uppercase characters"),
        ("Abcdefgh!", "Password must have numeric characters"),
        ("Abcdefgh1", "Password must have symbol characters"),
    ],
)
def test_password_policy_names_the_rule(
    local: LocalTarget, idp: Any, password: str, rule: str
) -> None:
    assert error_of(
        lambda: idp.sign_up(ClientId=local.client_id, Username=unique(), Password=password)
    ) == ("InvalidPasswordException", f"Password did not conform with policy: {rule}")


def test_password_policy_applies_to_admin_set_password(
    local: LocalTarget, idp: Any, user: User
) -> None:
    assert error_of(
        lambda: idp.admin_set_user_password(
            UserPoolId=local.user_pool_id, Username=user.username, Password="short", Permanent=True
        )
    ) == (
        "InvalidPasswordException",
        "Password did not conform with policy: Password not long enough",
    )
