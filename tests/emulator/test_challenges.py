"""Challenge sessions: NEW_PASSWORD_REQUIRED with the policy, sessions and refresh tokens expire."""

from __future__ import annotations

from typing import Any

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import (
    PASSWORD,
    Clocked,
    error_of,
    make_user,
    outbox_code,
    password_sign_in,
    unique,
)


def test_new_password_required_checks_the_policy(local: LocalTarget, idp: Any) -> None:
    username = unique()
    idp.admin_create_user(
        UserPoolId=local.user_pool_id,
        Username=username,
        TemporaryPassword="Temp-Passw0rd!",
        MessageAction="SUPPRESS",
    )
    challenge = idp.initiate_auth(
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": "Temp-Passw0rd!"},
    )
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert challenge["ChallengeParameters"]["USER_ID_FOR_SRP"] == username

    def answer(password: str) -> Any:
        return idp.respond_to_auth_challenge(
            ClientId=local.client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": password},
        )

    assert error_of(lambda: answer("nouppercase1!")) == (
        "InvalidPasswordException",
        "Password did not conform with policy: Password must have uppercase characters",
    )
    assert "AccessToken" in answer(PASSWORD)["AuthenticationResult"]
    user = idp.admin_get_user(UserPoolId=local.user_pool_id, Username=username)
    assert user["UserStatus"] == "CONFIRMED"


def test_a_session_is_single_use_and_bound_to_its_client(local: LocalTarget, idp: Any) -> None:
    username = unique()
    idp.admin_create_user(
        UserPoolId=local.user_pool_id,
        Username=username,
        TemporaryPassword="Temp-Passw0rd!",
        MessageAction="SUPPRESS",
    )
    challenge = idp.initiate_auth(
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": "Temp-Passw0rd!"},
    )
    invalid = ("NotAuthorizedException", "Invalid session for the user.")
    responses = {"USERNAME": username, "NEW_PASSWORD": PASSWORD}
    assert (
        error_of(
            lambda: idp.respond_to_auth_challenge(
                ClientId=local.client_id,
                ChallengeName="NEW_PASSWORD_REQUIRED",
                Session="x" * 40,
                ChallengeResponses=responses,
            )
        )
        == invalid
    )
    idp.respond_to_auth_challenge(
        ClientId=local.client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses=responses,
    )
    assert (
        error_of(
            lambda: idp.respond_to_auth_challenge(
                ClientId=local.client_id,
                ChallengeName="NEW_PASSWORD_REQUIRED",
                Session=challenge["Session"],
                ChallengeResponses=responses,
            )
        )
        == invalid
    )


def test_an_mfa_session_expires(clocked: Clocked) -> None:
    target, idp = clocked.target, clocked.idp
    user = make_user(target, idp, phone_number="+15550100125")
    access = password_sign_in(target, idp, user)["AuthenticationResult"]["AccessToken"]
    idp.set_user_mfa_preference(
        AccessToken=access, SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    challenge = password_sign_in(target, idp, user)
    assert challenge["ChallengeName"] == "SMS_MFA"
    code = outbox_code(target, user.username, "MFA")
    clocked.clock.advance(3 * 60 + 1)
    assert error_of(
        lambda: idp.respond_to_auth_challenge(
            ClientId=target.client_id,
            ChallengeName="SMS_MFA",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": user.username, "SMS_MFA_CODE": code},
        )
    ) == ("NotAuthorizedException", "Invalid session for the user, session is expired.")


def test_a_refresh_token_expires_with_the_client_setting(clocked: Clocked) -> None:
    target, idp = clocked.target, clocked.idp
    user = make_user(target, idp)
    refresh = password_sign_in(target, idp, user)["AuthenticationResult"]["RefreshToken"]

    def refresh_auth() -> Any:
        return idp.initiate_auth(
            ClientId=target.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh},
        )

    assert "AccessToken" in refresh_auth()["AuthenticationResult"]
    clocked.clock.advance(30 * 86400 + 1)
    assert error_of(refresh_auth) == ("NotAuthorizedException", "Refresh Token has expired")


def test_prevent_user_existence_errors(local: LocalTarget, idp: Any) -> None:
    client_id = idp.create_user_pool_client(
        UserPoolId=local.user_pool_id,
        ClientName=unique("quiet"),
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED",
    )["UserPoolClient"]["ClientId"]
    assert error_of(
        lambda: idp.initiate_auth(
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "nobody-here", "PASSWORD": PASSWORD},
        )
    ) == ("NotAuthorizedException", "Incorrect username or password.")
