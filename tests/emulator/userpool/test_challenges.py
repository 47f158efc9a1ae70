"""Challenges: the handler table, NEW_PASSWORD_REQUIRED with the policy, sessions that expire."""

from __future__ import annotations

from typing import Any

import pytest

from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.state import AuthSession, EmulatorState
from cognito_bench.emulator.userpool import wire
from cognito_bench.emulator.userpool.challenges import Challenges
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.sessions import Challenge
from tests.emulator.conftest import (
    PASSWORD,
    Clocked,
    error_of,
    make_user,
    outbox_code,
    password_sign_in,
    unique,
)

CODE_MISMATCH = ("CodeMismatchException", "Invalid code received for user")


def challenges(state: EmulatorState) -> Challenges:
    """The challenge handlers wired as ``userpool.operations`` wires them."""
    return wire(state, TokenIssuer(state)).challenges


def answer_in_a_forged_session(local: LocalTarget, idp: Any, name: str) -> tuple[str, str]:
    """(code, message) of answering ``name`` in a session made for it, with no answer given.

    Straight to the handler table, in process: the session is put in a state of the test's
    own; moto's pool and user are the shared emulator's.
    """
    state = EmulatorState()
    user = make_user(local, idp)
    session = AuthSession(
        local.user_pool_id, local.client_id, user.username, name, state.clock() + 60
    )
    params = {
        "ClientId": local.client_id,
        "ChallengeName": name,
        "Session": state.new_session(session),
        "ChallengeResponses": {"USERNAME": user.username},
    }
    with pytest.raises(CognitoError) as info:
        challenges(state).respond_to_auth_challenge(params)
    return info.value.code, info.value.message


def test_every_challenge_the_emulator_issues_has_a_handler() -> None:
    assert set(challenges(EmulatorState()).answers) == set(Challenge)


@pytest.mark.parametrize(
    ("name", "refusal"),
    [
        (
            Challenge.PASSWORD_VERIFIER,
            ("InvalidParameterException", "Missing required parameter PASSWORD_CLAIM_SECRET_BLOCK"),
        ),
        (Challenge.SELECT_CHALLENGE, ("InvalidParameterException", "Invalid challenge answer .")),
        (Challenge.SELECT_MFA_TYPE, ("InvalidParameterException", "Invalid MFA type .")),
        (
            Challenge.NEW_PASSWORD_REQUIRED,
            ("InvalidParameterException", "Missing required parameter NEW_PASSWORD"),
        ),
        (
            Challenge.MFA_SETUP,
            ("InvalidParameterException", "Software token MFA has not been set up for the user."),
        ),
        (Challenge.SOFTWARE_TOKEN_MFA, CODE_MISMATCH),
        (Challenge.SMS_MFA, CODE_MISMATCH),
        (Challenge.EMAIL_OTP, CODE_MISMATCH),
        (Challenge.SMS_OTP, CODE_MISMATCH),
        (
            Challenge.WEB_AUTHN,
            ("InvalidParameterException", "Missing required parameter CREDENTIAL"),
        ),
        (
            Challenge.DEVICE_SRP_AUTH,
            ("InvalidParameterException", "Missing required parameter SRP_A"),
        ),
        (
            Challenge.DEVICE_PASSWORD_VERIFIER,
            ("InvalidParameterException", "Missing required parameter PASSWORD_CLAIM_SECRET_BLOCK"),
        ),
        (
            Challenge.CUSTOM_CHALLENGE,
            ("InvalidParameterException", "Missing required parameter ANSWER"),
        ),
    ],
)
def test_each_challenge_reaches_its_own_handler(
    local: LocalTarget, idp: Any, name: Challenge, refusal: tuple[str, str]
) -> None:
    assert answer_in_a_forged_session(local, idp, name) == refusal


def test_an_unknown_challenge_name_gets_cognitos_error(local: LocalTarget, idp: Any) -> None:
    # straight to the table: a session for a name no handler answers
    assert answer_in_a_forged_session(local, idp, "ADMIN_NO_SRP_AUTH") == (
        "InvalidParameterException",
        "Invalid challenge name ADMIN_NO_SRP_AUTH.",
    )
    # over HTTP: a name the session was not asked for
    user = make_user(local, idp)
    offered = idp.initiate_auth(
        ClientId=local.client_id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": user.username}
    )
    assert error_of(
        lambda: idp.respond_to_auth_challenge(
            ClientId=local.client_id,
            ChallengeName="CUSTOM_CHALLENGE",
            Session=offered["Session"],
            ChallengeResponses={"USERNAME": user.username},
        )
    ) == ("InvalidParameterException", "Invalid challenge name CUSTOM_CHALLENGE.")


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


def _auth_time(token: str) -> int:
    from cognito_bench.tokens.decode import decode

    return int(decode(token).payload["auth_time"])


def test_refreshed_tokens_keep_the_sign_in_s_auth_time(clocked: Clocked) -> None:
    # Cognito's auth_time is when the user authenticated; a refresh does not change it (moto
    # wrote the refresh's time: a refresh a second after sign-in changed it).
    target, idp = clocked.target, clocked.idp
    user = make_user(target, idp)
    signed_in = password_sign_in(target, idp, user)["AuthenticationResult"]
    clocked.clock.advance(90)
    refreshed = idp.initiate_auth(
        ClientId=target.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": signed_in["RefreshToken"]},
    )["AuthenticationResult"]
    for name in ("IdToken", "AccessToken"):
        assert _auth_time(refreshed[name]) == _auth_time(signed_in[name]), name


def test_a_rotated_refresh_token_lives_for_what_remained_of_the_first(clocked: Clocked) -> None:
    # Cognito: "The new refresh token is valid for the remaining time of the original".
    target, idp = clocked.target, clocked.idp
    user = make_user(target, idp)
    first = idp.initiate_auth(
        ClientId=target.client_id_rotating,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
    )["AuthenticationResult"]
    clocked.clock.advance(20 * 86400)
    rotated = idp.get_tokens_from_refresh_token(
        ClientId=target.client_id_rotating, RefreshToken=first["RefreshToken"]
    )["AuthenticationResult"]
    assert rotated["RefreshToken"] != first["RefreshToken"]
    assert _auth_time(rotated["IdToken"]) == _auth_time(first["IdToken"])
    clocked.clock.advance(10 * 86400 + 1)  # 30 days and a second after the sign-in
    assert error_of(
        lambda: idp.get_tokens_from_refresh_token(
            ClientId=target.client_id_rotating, RefreshToken=rotated["RefreshToken"]
        )
    ) == ("NotAuthorizedException", "Refresh Token has expired")


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
