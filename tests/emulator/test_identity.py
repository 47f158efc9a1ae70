"""Behaviour 7: identity pools check the login token (signature, issuer, audience, expiry)."""

from __future__ import annotations

from typing import Any

import pytest

from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.signing import b64url, decode_unverified
from tests.emulator.conftest import Clocked, User, error_of, make_user, password_sign_in


def provider(target: LocalTarget) -> str:
    return target.issuer.split("://", 1)[1]


@pytest.fixture
def id_token(local: LocalTarget, idp: Any, user: User) -> str:
    token: str = password_sign_in(local, idp, user)["AuthenticationResult"]["IdToken"]
    return token


def test_get_id_and_credentials_with_a_valid_token(
    local: LocalTarget, identity: Any, id_token: str
) -> None:
    logins = {provider(local): id_token}
    identity_id = identity.get_id(IdentityPoolId=local.identity_pool_id, Logins=logins)[
        "IdentityId"
    ]
    again = identity.get_id(IdentityPoolId=local.identity_pool_id, Logins=logins)["IdentityId"]
    assert again == identity_id
    creds = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)
    assert creds["Credentials"]["AccessKeyId"].startswith("ASIA")
    assert error_of(lambda: identity.get_credentials_for_identity(IdentityId=identity_id))[0] == (
        "NotAuthorizedException"
    )


def test_a_tampered_token_is_refused(local: LocalTarget, identity: Any, id_token: str) -> None:
    # the issuer changed after signing: the signature no longer holds
    header, _, signature = id_token.split(".")
    claims = decode_unverified(id_token)[1]
    claims["iss"] = claims["iss"] + "x"
    import json

    tampered = f"{header}.{b64url(json.dumps(claims).encode())}.{signature}"
    assert error_of(
        lambda: identity.get_id(
            IdentityPoolId=local.identity_pool_id, Logins={provider(local): tampered}
        )
    ) == ("NotAuthorizedException", "Invalid login token. Couldn't verify signed token.")


def test_token_of_another_pool_is_refused(
    local: LocalTarget, identity: Any, clocked: Clocked
) -> None:
    other = make_user(clocked.target, clocked.idp)
    other_token = password_sign_in(clocked.target, clocked.idp, other)["AuthenticationResult"][
        "IdToken"
    ]
    assert error_of(
        lambda: identity.get_id(
            IdentityPoolId=local.identity_pool_id, Logins={provider(local): other_token}
        )
    ) == ("NotAuthorizedException", "Invalid login token. Issuer doesn't match providerName")


def test_token_of_another_client_is_not_a_supported_provider(
    local: LocalTarget, idp: Any, identity: Any, user: User
) -> None:
    secret_client_token = idp.admin_initiate_auth(
        UserPoolId=local.user_pool_id,
        ClientId=local.client_id_with_secret,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": user.username,
            "PASSWORD": user.password,
            "SECRET_HASH": _secret_hash(local, user.username),
        },
    )["AuthenticationResult"]["IdToken"]
    assert error_of(
        lambda: identity.get_id(
            IdentityPoolId=local.identity_pool_id, Logins={provider(local): secret_client_token}
        )
    ) == ("NotAuthorizedException", "Token is not from a supported provider of this identity pool.")


def test_an_access_token_is_not_a_login(
    local: LocalTarget, idp: Any, identity: Any, user: User
) -> None:
    access = password_sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    assert error_of(
        lambda: identity.get_id(
            IdentityPoolId=local.identity_pool_id, Logins={provider(local): access}
        )
    ) == ("NotAuthorizedException", "Token is not from a supported provider of this identity pool.")


def test_an_expired_token_is_refused(clocked: Clocked) -> None:
    from cognito_bench.emulator import local_client

    user = make_user(clocked.target, clocked.idp)
    token = password_sign_in(clocked.target, clocked.idp, user)["AuthenticationResult"]["IdToken"]
    exp = decode_unverified(token)[1]["exp"]
    clocked.clock.advance(3600)
    identity = local_client("cognito-identity", clocked.target.endpoint_url)
    code, message = error_of(
        lambda: identity.get_id(
            IdentityPoolId=clocked.target.identity_pool_id, Logins={provider(clocked.target): token}
        )
    )
    assert code == "NotAuthorizedException"
    assert message.startswith("Invalid login token. Token expired: ")
    assert message.endswith(f" >= {exp}")


def test_unknown_identity_pool(identity: Any) -> None:
    pool = "us-east-1:00000000-0000-0000-0000-000000000000"
    assert error_of(lambda: identity.get_id(IdentityPoolId=pool)) == (
        "ResourceNotFoundException",
        f"IdentityPool '{pool}' not found.",
    )
    assert error_of(lambda: identity.describe_identity_pool(IdentityPoolId=pool))[0] == (
        "ResourceNotFoundException"
    )


def test_no_login_where_unauthenticated_access_is_off(local: LocalTarget, identity: Any) -> None:
    assert error_of(lambda: identity.get_id(IdentityPoolId=local.identity_pool_id)) == (
        "NotAuthorizedException",
        "Unauthenticated access is not supported for this identity pool.",
    )


def _secret_hash(target: LocalTarget, username: str) -> str:
    import base64
    import hashlib
    import hmac

    digest = hmac.new(
        target.client_secret.encode(),
        (username + target.client_id_with_secret).encode(),
        hashlib.sha256,
    ).digest()
    return base64.b64encode(digest).decode()
