"""Refresh tokens are encrypted JWEs shaped like Cognito's, accepted where Cognito takes them."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.signing import Signer, TokenError
from cognito_bench.tokens.decode import decode
from tests.emulator.conftest import Clocked, User, error_of, make_user, password_sign_in, unique

INVALID = ("NotAuthorizedException", "Invalid Refresh Token")


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _refresh(target: LocalTarget, idp: Any, token: str, client_id: str | None = None) -> Any:
    return idp.initiate_auth(
        ClientId=client_id or target.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": token},
    )


@pytest.fixture
def signed_in(local: LocalTarget, idp: Any) -> tuple[User, dict[str, Any]]:
    user = make_user(local, idp)
    return user, password_sign_in(local, idp, user)["AuthenticationResult"]


def test_a_refresh_token_is_a_five_part_jwe_with_cognitos_header(
    signed_in: tuple[User, dict[str, Any]],
) -> None:
    token = signed_in[1]["RefreshToken"]
    parts = token.split(".")
    assert len(parts) == 5
    assert json.loads(_b64(parts[0])) == {"cty": "JWT", "enc": "A256GCM", "alg": "RSA-OAEP"}
    assert len(_b64(parts[1])) == 256  # the content key wrapped with a 2048-bit RSA key
    assert len(_b64(parts[2])) == 12  # GCM's 96-bit IV
    assert len(_b64(parts[4])) == 16  # GCM's 128-bit tag


def test_the_token_inspector_explains_an_emulator_refresh_token(
    signed_in: tuple[User, dict[str, Any]],
) -> None:
    decoded = decode(signed_in[1]["RefreshToken"])
    assert decoded.kind == "jwe"
    assert decoded.payload is None
    assert decoded.header == {"cty": "JWT", "enc": "A256GCM", "alg": "RSA-OAEP"}
    assert "only Cognito can read it" in " ".join([decoded.error or "", *decoded.notes])


def test_refresh_token_auth_takes_the_jwe(
    local: LocalTarget, idp: Any, signed_in: tuple[User, dict[str, Any]]
) -> None:
    user, tokens = signed_in
    result = _refresh(local, idp, tokens["RefreshToken"])["AuthenticationResult"]
    assert "RefreshToken" not in result
    assert result["AccessToken"] != tokens["AccessToken"]
    assert idp.get_user(AccessToken=result["AccessToken"])["Username"] == user.username
    # and again: a refresh token is used many times
    assert _refresh(local, idp, tokens["RefreshToken"])["AuthenticationResult"]["IdToken"]


@pytest.mark.parametrize(
    "token",
    [
        "not-a-refresh-token",
        "0b1cdb9e-6c05-4cd4-9d55-6d2e6d1f0a8c",  # the shape moto hands out
        "a.b.c.d.e",
        "eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.AAAA.AAAA.AAAA.AAAA",
    ],
)
def test_garbage_refresh_tokens_are_invalid(local: LocalTarget, idp: Any, token: str) -> None:
    assert error_of(lambda: _refresh(local, idp, token)) == INVALID


def test_a_tampered_refresh_token_is_invalid(
    local: LocalTarget, idp: Any, signed_in: tuple[User, dict[str, Any]]
) -> None:
    parts = signed_in[1]["RefreshToken"].split(".")
    ciphertext = bytearray(_b64(parts[3]))
    ciphertext[0] ^= 1
    parts[3] = base64.urlsafe_b64encode(bytes(ciphertext)).rstrip(b"=").decode()
    assert error_of(lambda: _refresh(local, idp, ".".join(parts))) == INVALID


def test_a_refresh_token_of_another_emulator_is_invalid(
    local: LocalTarget, idp: Any, clocked: Clocked
) -> None:
    other = make_user(clocked.target, clocked.idp)
    foreign = password_sign_in(clocked.target, clocked.idp, other)["AuthenticationResult"]
    assert error_of(lambda: _refresh(local, idp, foreign["RefreshToken"])) == INVALID


def test_a_refresh_token_of_another_client_is_invalid(
    local: LocalTarget, idp: Any, signed_in: tuple[User, dict[str, Any]]
) -> None:
    other = idp.create_user_pool_client(
        UserPoolId=local.user_pool_id,
        ClientName=unique("rt"),
        ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"],
    )["UserPoolClient"]["ClientId"]
    try:
        assert error_of(lambda: _refresh(local, idp, signed_in[1]["RefreshToken"], other)) == (
            INVALID
        )
    finally:
        idp.delete_user_pool_client(UserPoolId=local.user_pool_id, ClientId=other)


def test_admin_initiate_auth_takes_the_jwe(
    local: LocalTarget, idp: Any, signed_in: tuple[User, dict[str, Any]]
) -> None:
    result = idp.admin_initiate_auth(
        UserPoolId=local.user_pool_id,
        ClientId=local.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": signed_in[1]["RefreshToken"]},
    )["AuthenticationResult"]
    assert result["AccessToken"]
    assert (
        error_of(
            lambda: idp.admin_initiate_auth(
                UserPoolId=local.user_pool_id,
                ClientId=local.client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": "garbage"},
            )
        )
        == INVALID
    )


def test_revoke_token_takes_the_jwe(
    local: LocalTarget, idp: Any, signed_in: tuple[User, dict[str, Any]]
) -> None:
    token = signed_in[1]["RefreshToken"]
    idp.revoke_token(Token=token, ClientId=local.client_id)
    assert error_of(lambda: _refresh(local, idp, token)) == (
        "NotAuthorizedException",
        "Refresh Token has been revoked",
    )
    # revoking a token the pool never issued is not an error (RFC 7009)
    idp.revoke_token(Token="a.b.c.d.e", ClientId=local.client_id)


def test_get_tokens_from_refresh_token(
    local: LocalTarget, idp: Any, signed_in: tuple[User, dict[str, Any]]
) -> None:
    user, tokens = signed_in
    result = idp.get_tokens_from_refresh_token(
        RefreshToken=tokens["RefreshToken"], ClientId=local.client_id
    )["AuthenticationResult"]
    assert "RefreshToken" not in result  # rotation is off for the demo client
    assert idp.get_user(AccessToken=result["AccessToken"])["Username"] == user.username
    assert (
        error_of(
            lambda: idp.get_tokens_from_refresh_token(RefreshToken="x.y", ClientId=local.client_id)
        )
        == INVALID
    )


def test_get_tokens_from_refresh_token_needs_the_client_secret(
    local: LocalTarget, idp: Any
) -> None:
    from tests.emulator.userpool.test_policy_secret_hash import secret_hash

    user = make_user(local, idp)
    tokens = idp.initiate_auth(
        ClientId=local.client_id_with_secret,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": user.username,
            "PASSWORD": user.password,
            "SECRET_HASH": secret_hash(local, user.username),
        },
    )["AuthenticationResult"]

    def call(**extra: str) -> Any:
        return idp.get_tokens_from_refresh_token(
            RefreshToken=tokens["RefreshToken"], ClientId=local.client_id_with_secret, **extra
        )

    client = local.client_id_with_secret
    assert error_of(call) == (
        "NotAuthorizedException",
        f"Client {client} is configured for secret but secret was not received",
    )
    assert error_of(lambda: call(ClientSecret="x" * 52))[0] == "NotAuthorizedException"
    assert call(ClientSecret=local.client_secret)["AuthenticationResult"]["AccessToken"]


def test_rotation_issues_a_new_refresh_token_and_retires_the_old_one(
    clocked: Clocked,
) -> None:
    target, idp = clocked.target, clocked.idp
    client = idp.create_user_pool_client(
        UserPoolId=target.user_pool_id,
        ClientName=unique("rot"),
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 10},
    )["UserPoolClient"]["ClientId"]
    user = make_user(target, idp)
    first = idp.initiate_auth(
        ClientId=client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
    )["AuthenticationResult"]["RefreshToken"]

    def rotate(token: str) -> Any:
        return idp.get_tokens_from_refresh_token(RefreshToken=token, ClientId=client)

    second = rotate(first)["AuthenticationResult"]["RefreshToken"]
    assert second != first
    assert decode(second).kind == "jwe"
    assert rotate(first)["AuthenticationResult"]["AccessToken"]  # within the grace period
    clocked.clock.advance(11)
    assert error_of(lambda: rotate(first)) == (
        "RefreshTokenReuseException",
        "The refresh token was rotated out and its grace period has ended.",
    )
    assert rotate(second)["AuthenticationResult"]["RefreshToken"]
    # a rotating client refreshes only with GetTokensFromRefreshToken
    code, message = error_of(
        lambda: idp.initiate_auth(
            ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": second}
        )
    )
    assert code == "InvalidParameterException" and "GetTokensFromRefreshToken" in message


def test_only_the_emulator_that_sealed_a_token_can_open_it() -> None:
    ours, theirs = Signer("http://127.0.0.1:1"), Signer("http://127.0.0.1:2")
    sealed = ours.encrypt(b"payload")
    assert ours.decrypt(sealed) == b"payload"
    with pytest.raises(TokenError):
        theirs.decrypt(sealed)
    with pytest.raises(TokenError):
        ours.decrypt(sealed + "x")
