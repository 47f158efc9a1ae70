"""Behaviour 3: SECRET_HASH is required and checked everywhere a secret client sends one."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from typing import Any

import pytest
from pycognito.aws_srp import AWSSRP

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import PASSWORD, User, error_of, outbox_code, unique


def secret_hash(target: LocalTarget, username: str) -> str:
    digest = hmac.new(
        target.client_secret.encode(),
        (username + target.client_id_with_secret).encode(),
        hashlib.sha256,
    ).digest()
    return base64.b64encode(digest).decode()


def missing(target: LocalTarget) -> tuple[str, str]:
    return (
        "NotAuthorizedException",
        f"Client {target.client_id_with_secret} is configured for secret but secret was not received",
    )


def wrong(target: LocalTarget) -> tuple[str, str]:
    return (
        "NotAuthorizedException",
        f"Unable to verify secret hash for client {target.client_id_with_secret}",
    )


def calls(target: LocalTarget, idp: Any, user: User) -> dict[str, Callable[[str | None], Any]]:
    """Every operation that takes SECRET_HASH, given the hash to send (None: leave it out)."""
    cid = target.client_id_with_secret

    def extra(value: str | None, key: str = "SecretHash") -> dict[str, str]:
        return {} if value is None else {key: value}

    return {
        "SignUp": lambda h: idp.sign_up(
            ClientId=cid, Username=unique(), Password=PASSWORD, **extra(h)
        ),
        "ConfirmSignUp": lambda h: idp.confirm_sign_up(
            ClientId=cid, Username=user.username, ConfirmationCode="123456", **extra(h)
        ),
        "ResendConfirmationCode": lambda h: idp.resend_confirmation_code(
            ClientId=cid, Username=user.username, **extra(h)
        ),
        "ForgotPassword": lambda h: idp.forgot_password(
            ClientId=cid, Username=user.username, **extra(h)
        ),
        "ConfirmForgotPassword": lambda h: idp.confirm_forgot_password(
            ClientId=cid,
            Username=user.username,
            ConfirmationCode="123456",
            Password=PASSWORD,
            **extra(h),
        ),
        "InitiateAuth USER_PASSWORD_AUTH": lambda h: idp.initiate_auth(
            ClientId=cid,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.username, "PASSWORD": user.password}
            | extra(h, "SECRET_HASH"),
        ),
        "InitiateAuth USER_SRP_AUTH": lambda h: idp.initiate_auth(
            ClientId=cid,
            AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": user.username, "SRP_A": "ab" * 64}
            | extra(h, "SECRET_HASH"),
        ),
        "AdminInitiateAuth": lambda h: idp.admin_initiate_auth(
            UserPoolId=target.user_pool_id,
            ClientId=cid,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.username, "PASSWORD": user.password}
            | extra(h, "SECRET_HASH"),
        ),
    }


OPERATIONS = [
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "InitiateAuth USER_PASSWORD_AUTH",
    "InitiateAuth USER_SRP_AUTH",
    "AdminInitiateAuth",
]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_missing_secret_hash_is_refused(
    local: LocalTarget, idp: Any, user: User, operation: str
) -> None:
    call = calls(local, idp, user)[operation]
    assert error_of(lambda: call(None)) == missing(local)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_wrong_secret_hash_is_refused(
    local: LocalTarget, idp: Any, user: User, operation: str
) -> None:
    call = calls(local, idp, user)[operation]
    assert error_of(lambda: call(secret_hash(local, "someone-else"))) == wrong(local)


def test_right_secret_hash_passes_every_step(local: LocalTarget, idp: Any) -> None:
    cid = local.client_id_with_secret
    username = unique()
    idp.sign_up(
        ClientId=cid,
        Username=username,
        Password=PASSWORD,
        SecretHash=secret_hash(local, username),
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
    )
    idp.confirm_sign_up(
        ClientId=cid,
        Username=username,
        ConfirmationCode=outbox_code(local, username),
        SecretHash=secret_hash(local, username),
    )
    srp = AWSSRP(
        username, PASSWORD, local.user_pool_id, cid, client=idp, client_secret=local.client_secret
    )
    tokens = srp.authenticate_user()["AuthenticationResult"]
    refreshed = idp.initiate_auth(
        ClientId=cid,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={
            "REFRESH_TOKEN": tokens["RefreshToken"],
            "SECRET_HASH": secret_hash(local, username),
        },
    )
    assert "AccessToken" in refreshed["AuthenticationResult"]


def test_respond_to_auth_challenge_checks_the_secret_hash(
    local: LocalTarget, idp: Any, user: User
) -> None:
    cid = local.client_id_with_secret
    srp = AWSSRP(
        user.username,
        user.password,
        local.user_pool_id,
        cid,
        client=idp,
        client_secret=local.client_secret,
    )
    auth = srp.get_auth_params()
    challenge = idp.initiate_auth(ClientId=cid, AuthFlow="USER_SRP_AUTH", AuthParameters=auth)
    answer = srp.process_challenge(challenge["ChallengeParameters"], auth)
    answer.pop("SECRET_HASH")
    assert error_of(
        lambda: idp.respond_to_auth_challenge(
            ClientId=cid, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
        )
    ) == missing(local)
