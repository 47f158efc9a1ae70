"""Behaviour 5: MFA: per-user TOTP secrets, checked codes, MFA_SETUP when MFA is ON."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import pytest
from pycognito.aws_srp import AWSSRP

from cognito_bench.emulator import LocalTarget, totp_now
from tests.emulator.conftest import (
    PASSWORD,
    User,
    error_of,
    get_json,
    make_user,
    outbox_code,
    unique,
)

WRONG_MFA = ("CodeMismatchException", "Invalid code received for user")


@dataclass
class MfaPool:
    pool_id: str
    client_id: str


@pytest.fixture(scope="module")
def mfa_pool(idp: Any) -> MfaPool:
    """A pool with MFA ON (TOTP) and a client allowing every sign-in flow."""
    pool_id = idp.create_user_pool(PoolName=unique("mfa-on"))["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="mfa-web",
        ExplicitAuthFlows=[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )["UserPoolClient"]["ClientId"]
    return MfaPool(pool_id, client_id)


def mfa_user(idp: Any, pool: MfaPool) -> str:
    username = unique()
    idp.admin_create_user(UserPoolId=pool.pool_id, Username=username, MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool.pool_id, Username=username, Password=PASSWORD, Permanent=True
    )
    return username


def password_auth(idp: Any, pool: MfaPool, username: str) -> dict[str, Any]:
    result: dict[str, Any] = idp.initiate_auth(
        ClientId=pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )
    return result


def test_mfa_on_asks_for_setup_on_every_flow(idp: Any, mfa_pool: MfaPool) -> None:
    username = mfa_user(idp, mfa_pool)
    by_password = password_auth(idp, mfa_pool, username)
    srp = AWSSRP(username, PASSWORD, mfa_pool.pool_id, mfa_pool.client_id, client=idp)
    by_srp = srp.authenticate_user()
    by_admin = idp.admin_initiate_auth(
        UserPoolId=mfa_pool.pool_id,
        ClientId=mfa_pool.client_id,
        AuthFlow="ADMIN_USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )
    for response in (by_password, by_srp, by_admin):
        assert response["ChallengeName"] == "MFA_SETUP"
        assert response["ChallengeParameters"]["MFAS_CAN_SETUP"] == '["SOFTWARE_TOKEN_MFA"]'
        assert "AuthenticationResult" not in response


def test_totp_setup_then_sign_in_with_codes(idp: Any, mfa_pool: MfaPool) -> None:
    username = mfa_user(idp, mfa_pool)
    setup = password_auth(idp, mfa_pool, username)
    associated = idp.associate_software_token(Session=setup["Session"])
    secret = associated["SecretCode"]
    assert len(secret) == 32 and len(base64.b32decode(secret)) == 20
    assert error_of(
        lambda: idp.verify_software_token(
            Session=associated["Session"], UserCode=f"{(int(totp_now(secret)) + 1) % 10**6:06d}"
        )
    ) == ("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
    verified = idp.verify_software_token(Session=associated["Session"], UserCode=totp_now(secret))
    assert verified["Status"] == "SUCCESS"
    done = idp.respond_to_auth_challenge(
        ClientId=mfa_pool.client_id,
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": username},
    )
    assert "AccessToken" in done["AuthenticationResult"]

    challenge = password_auth(idp, mfa_pool, username)
    assert challenge["ChallengeName"] == "SOFTWARE_TOKEN_MFA"

    def answer(code: str) -> Any:
        return idp.respond_to_auth_challenge(
            ClientId=mfa_pool.client_id,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code},
        )

    assert error_of(lambda: answer("000000" if totp_now(secret) != "000000" else "111111")) == (
        WRONG_MFA
    )
    assert "IdToken" in answer(totp_now(secret))["AuthenticationResult"]


def test_each_user_gets_a_fresh_secret(local: LocalTarget, idp: Any) -> None:
    secrets = set()
    for _ in range(2):
        user = make_user(local, idp)
        tokens = idp.initiate_auth(
            ClientId=local.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
        )["AuthenticationResult"]
        secrets.add(idp.associate_software_token(AccessToken=tokens["AccessToken"])["SecretCode"])
    assert len(secrets) == 2


def sign_in(local: LocalTarget, idp: Any, user: User) -> dict[str, Any]:
    result: dict[str, Any] = idp.initiate_auth(
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
    )
    return result


@pytest.mark.parametrize(
    ("settings", "challenge", "medium", "destination"),
    [
        (
            {"SMSMfaSettings": {"Enabled": True, "PreferredMfa": True}},
            "SMS_MFA",
            "SMS",
            "+*******0123",
        ),
        (
            {"EmailMfaSettings": {"Enabled": True, "PreferredMfa": True}},
            "EMAIL_OTP",
            "EMAIL",
            "m***@e***",
        ),
    ],
)
def test_sms_and_email_codes_go_to_the_outbox(
    local: LocalTarget,
    idp: Any,
    settings: dict[str, Any],
    challenge: str,
    medium: str,
    destination: str,
) -> None:
    user = make_user(local, idp, email="mfa@example.com", phone_number="+15550100123")
    access = sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    idp.set_user_mfa_preference(AccessToken=access, **settings)
    asked = sign_in(local, idp, user)
    assert asked["ChallengeName"] == challenge
    assert asked["ChallengeParameters"] == {
        "CODE_DELIVERY_DELIVERY_MEDIUM": medium,
        "CODE_DELIVERY_DESTINATION": destination,
    }
    (message,) = [
        m for m in get_json(f"{local.outbox_url}?username={user.username}") if m["purpose"] == "MFA"
    ]
    assert message["medium"] == medium

    def answer(code: str) -> Any:
        return idp.respond_to_auth_challenge(
            ClientId=local.client_id,
            ChallengeName=challenge,
            Session=asked["Session"],
            ChallengeResponses={"USERNAME": user.username, f"{challenge}_CODE": code},
        )

    code = outbox_code(local, user.username, "MFA")
    assert error_of(lambda: answer(f"{(int(code) + 1) % 10**6:06d}")) == WRONG_MFA
    access = answer(code)["AuthenticationResult"]["AccessToken"]
    described = idp.get_user(AccessToken=access)
    assert described["PreferredMfaSetting"] == challenge
    assert challenge in described["UserMFASettingList"]


def test_several_factors_without_preference_ask_to_select(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp, phone_number="+15550100124")
    access = sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    idp.verify_software_token(AccessToken=access, UserCode=totp_now(secret))
    idp.set_user_mfa_preference(
        AccessToken=access,
        SoftwareTokenMfaSettings={"Enabled": True},
        SMSMfaSettings={"Enabled": True},
    )
    asked = sign_in(local, idp, user)
    assert asked["ChallengeName"] == "SELECT_MFA_TYPE"
    selected = idp.respond_to_auth_challenge(
        ClientId=local.client_id,
        ChallengeName="SELECT_MFA_TYPE",
        Session=asked["Session"],
        ChallengeResponses={"USERNAME": user.username, "ANSWER": "SOFTWARE_TOKEN_MFA"},
    )
    assert selected["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    done = idp.respond_to_auth_challenge(
        ClientId=local.client_id,
        ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=selected["Session"],
        ChallengeResponses={"USERNAME": user.username, "SOFTWARE_TOKEN_MFA_CODE": totp_now(secret)},
    )
    assert "AccessToken" in done["AuthenticationResult"]
