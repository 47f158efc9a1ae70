"""Choice-based sign-in (AuthFlow USER_AUTH): SELECT_CHALLENGE, passwords, SRP, e-mail and SMS codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import pytest
from pycognito.aws_srp import AWSSRP

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import (
    Clocked,
    User,
    error_of,
    get_json,
    make_user,
    outbox_code,
    unique,
)

WRONG_CODE = ("CodeMismatchException", "Invalid code received for user")
INCORRECT = ("NotAuthorizedException", "Incorrect username or password.")


def user_auth(
    local: LocalTarget, idp: Any, user: User, client_id: str | None = None, **extra: str
) -> dict[str, Any]:
    """InitiateAuth USER_AUTH for ``user``; ``extra`` goes into AuthParameters."""
    response: dict[str, Any] = idp.initiate_auth(
        ClientId=client_id or local.client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": user.username, **extra},
    )
    return response


def respond(
    local: LocalTarget, idp: Any, name: str, session: str, responses: dict[str, str]
) -> dict[str, Any]:
    result: dict[str, Any] = idp.respond_to_auth_challenge(
        ClientId=local.client_id, ChallengeName=name, Session=session, ChallengeResponses=responses
    )
    return result


def select(local: LocalTarget, idp: Any, user: User, answer: str, **extra: str) -> dict[str, Any]:
    """USER_AUTH without a preference, then SELECT_CHALLENGE answered with ``answer``."""
    offered = user_auth(local, idp, user)
    return respond(
        local,
        idp,
        "SELECT_CHALLENGE",
        offered["Session"],
        {"USERNAME": user.username, "ANSWER": answer, **extra},
    )


def answer_code(
    local: LocalTarget, idp: Any, user: User, asked: dict[str, Any], code: str
) -> dict[str, Any]:
    """Answer the code challenge ``asked`` (EMAIL_OTP, SMS_OTP) with ``code``."""
    name = asked["ChallengeName"]
    return respond(
        local, idp, name, asked["Session"], {"USERNAME": user.username, f"{name}_CODE": code}
    )


def signed_in_as(idp: Any, response: dict[str, Any], user: User) -> None:
    access = response["AuthenticationResult"]["AccessToken"]
    assert idp.get_user(AccessToken=access)["Username"] == user.username


def test_select_challenge_offers_what_the_user_can_use(local: LocalTarget, idp: Any) -> None:
    email_only = make_user(local, idp)
    offered = user_auth(local, idp, email_only)
    assert offered["ChallengeName"] == "SELECT_CHALLENGE"
    assert offered["Session"]
    assert offered["ChallengeParameters"] == {}
    assert offered["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]
    with_phone = make_user(local, idp, phone_number="+15550100131")
    assert user_auth(local, idp, with_phone)["AvailableChallenges"] == [
        "PASSWORD",
        "PASSWORD_SRP",
        "EMAIL_OTP",
        "SMS_OTP",
    ]


@pytest.mark.parametrize(
    ("factor", "medium", "destination"),
    [("EMAIL_OTP", "EMAIL", "o***@e***"), ("SMS_OTP", "SMS", "+*******0132")],
)
def test_one_time_password_signs_in_without_a_password(
    local: LocalTarget, idp: Any, factor: str, medium: str, destination: str
) -> None:
    user = make_user(local, idp, email="otp@example.com", phone_number="+15550100132")
    asked = select(local, idp, user, factor)
    assert asked["ChallengeName"] == factor
    assert asked["ChallengeParameters"] == {
        "CODE_DELIVERY_DELIVERY_MEDIUM": medium,
        "CODE_DELIVERY_DESTINATION": destination,
    }
    (message,) = [
        m
        for m in get_json(f"{local.outbox_url}?username={user.username}")
        if m["purpose"] == "SIGN_IN"
    ]
    assert message["medium"] == medium
    signed_in_as(idp, answer_code(local, idp, user, asked, message["code"]), user)


def test_preferred_email_otp_sends_the_code_at_once(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)
    asked = user_auth(local, idp, user, PREFERRED_CHALLENGE="EMAIL_OTP")
    assert asked["ChallengeName"] == "EMAIL_OTP"
    assert "AvailableChallenges" not in asked
    code = outbox_code(local, user.username, "SIGN_IN")
    signed_in_as(idp, answer_code(local, idp, user, asked, code), user)


def test_a_preference_the_user_cannot_use_falls_back_to_the_choice(
    local: LocalTarget, idp: Any
) -> None:
    user = make_user(local, idp)  # no phone number
    offered = user_auth(local, idp, user, PREFERRED_CHALLENGE="SMS_OTP")
    assert offered["ChallengeName"] == "SELECT_CHALLENGE"
    assert "SMS_OTP" not in offered["AvailableChallenges"]


def test_wrong_code_then_right_code_then_no_reuse(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)
    asked = select(local, idp, user, "EMAIL_OTP")
    code = outbox_code(local, user.username, "SIGN_IN")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    assert error_of(lambda: answer_code(local, idp, user, asked, wrong)) == WRONG_CODE
    signed_in_as(idp, answer_code(local, idp, user, asked, code), user)
    assert error_of(lambda: answer_code(local, idp, user, asked, code)) == (
        "NotAuthorizedException",
        "Invalid session for the user.",
    )


def test_answer_password_right_and_wrong(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)
    signed_in_as(idp, select(local, idp, user, "PASSWORD", PASSWORD=user.password), user)
    assert error_of(lambda: select(local, idp, user, "PASSWORD", PASSWORD="Wrong-Passw0rd!")) == (
        INCORRECT
    )


def test_preferred_password_signs_in(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)
    done = user_auth(local, idp, user, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=user.password)
    signed_in_as(idp, done, user)
    assert (
        error_of(
            lambda: user_auth(
                local, idp, user, PREFERRED_CHALLENGE="PASSWORD", PASSWORD="Nope-Passw0rd!"
            )
        )
        == INCORRECT
    )


def test_password_srp_by_preference_and_by_answer(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)
    for how in ("preferred", "answer"):
        srp = AWSSRP(user.username, user.password, local.user_pool_id, local.client_id, client=idp)
        auth = srp.get_auth_params()
        if how == "preferred":
            challenge = user_auth(
                local, idp, user, PREFERRED_CHALLENGE="PASSWORD_SRP", SRP_A=auth["SRP_A"]
            )
        else:
            challenge = select(local, idp, user, "PASSWORD_SRP", SRP_A=auth["SRP_A"])
        assert challenge["ChallengeName"] == "PASSWORD_VERIFIER"
        assert {"SALT", "SRP_B", "SECRET_BLOCK", "USER_ID_FOR_SRP"} <= set(
            challenge["ChallengeParameters"]
        )
        answer = srp.process_challenge(challenge["ChallengeParameters"], auth)
        done = idp.respond_to_auth_challenge(
            ClientId=local.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
        )
        signed_in_as(idp, done, user)


def test_an_answer_not_offered_is_refused(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)
    code, message = error_of(lambda: select(local, idp, user, "SMS_OTP"))
    assert code == "InvalidParameterException"
    assert "SMS_OTP" in message


def test_client_without_user_auth_is_refused(local: LocalTarget, idp: Any) -> None:
    client_id = idp.create_user_pool_client(
        UserPoolId=local.user_pool_id,
        ClientName=unique("no-user-auth"),
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    user = make_user(local, idp)
    assert error_of(lambda: user_auth(local, idp, user, client_id)) == (
        "InvalidParameterException",
        "USER_AUTH flow not enabled for this client",
    )


def test_client_with_a_secret_wants_the_secret_hash(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)
    client_id = local.client_id_with_secret
    assert error_of(lambda: user_auth(local, idp, user, client_id)) == (
        "NotAuthorizedException",
        f"Client {client_id} is configured for secret but secret was not received",
    )
    digest = hmac.new(
        local.client_secret.encode(), (user.username + client_id).encode(), hashlib.sha256
    ).digest()
    offered = idp.admin_initiate_auth(
        UserPoolId=local.user_pool_id,
        ClientId=client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={
            "USERNAME": user.username,
            "SECRET_HASH": base64.b64encode(digest).decode(),
        },
    )
    assert offered["ChallengeName"] == "SELECT_CHALLENGE"


def test_mfa_user_signing_in_with_a_password_still_gets_mfa(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp, email="mfa-choice@example.com")
    access = select(local, idp, user, "PASSWORD", PASSWORD=user.password)["AuthenticationResult"][
        "AccessToken"
    ]
    idp.set_user_mfa_preference(
        AccessToken=access, EmailMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    # MFA and passwordless do not mix: no one-time-password first factor any more
    assert user_auth(local, idp, user)["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    asked = user_auth(local, idp, user, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=user.password)
    assert asked["ChallengeName"] == "EMAIL_OTP"
    assert "AuthenticationResult" not in asked
    code = outbox_code(local, user.username, "MFA")
    signed_in_as(idp, answer_code(local, idp, user, asked, code), user)


def test_unconfirmed_user_is_told(local: LocalTarget, idp: Any) -> None:
    pending = make_user(local, idp, confirm=False)
    not_confirmed = ("UserNotConfirmedException", "User is not confirmed.")
    assert error_of(lambda: select(local, idp, pending, "EMAIL_OTP")) == not_confirmed
    assert (
        error_of(lambda: select(local, idp, pending, "PASSWORD", PASSWORD=pending.password))
        == not_confirmed
    )


def test_unknown_user_is_refused_as_in_other_flows(local: LocalTarget, idp: Any) -> None:
    ghost = User(unique("ghost"), "x", "")
    assert error_of(lambda: user_auth(local, idp, ghost)) == (
        "UserNotFoundException",
        "User does not exist.",
    )


def test_sign_in_policy_is_kept_and_checked(local: LocalTarget, idp: Any) -> None:
    described = idp.describe_user_pool(UserPoolId=local.user_pool_id)["UserPool"]
    assert described["Policies"]["SignInPolicy"] == {
        "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]
    }
    code, _ = error_of(
        lambda: idp.create_user_pool(
            PoolName=unique("no-password"),
            Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["EMAIL_OTP"]}},
        )
    )
    assert code == "InvalidParameterException"
    pool_id = idp.create_user_pool(PoolName=unique("password-only"))["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_AUTH"]
    )["UserPoolClient"]["ClientId"]
    username = unique()
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=username,
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": "p@example.com"}],
    )
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=username, Password="Emu-Passw0rd!", Permanent=True
    )

    def offered() -> list[str]:
        result: list[str] = idp.initiate_auth(
            ClientId=client_id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": username}
        )["AvailableChallenges"]
        return result

    assert offered() == ["PASSWORD", "PASSWORD_SRP"]
    idp.update_user_pool(
        UserPoolId=pool_id,
        Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
    )
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Policies"]["SignInPolicy"] == {
        "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]
    }
    assert offered() == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]


def test_an_expired_session_is_refused(clocked: Clocked) -> None:
    target, idp = clocked.target, clocked.idp
    user = make_user(target, idp)
    asked = user_auth(target, idp, user, PREFERRED_CHALLENGE="EMAIL_OTP")
    code = outbox_code(target, user.username, "SIGN_IN")
    clocked.clock.advance(3 * 60 + 1)
    assert error_of(lambda: answer_code(target, idp, user, asked, code)) == (
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    )
