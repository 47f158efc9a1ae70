"""PreAuthentication, PostAuthentication, PreTokenGeneration (V1, V2, V3), UserMigration at
sign-in and the custom authentication loop, in Python and Node.js, over HTTP."""

from __future__ import annotations

import base64
import contextlib
import json
from typing import Any

import pytest

from cognito_bench.aws import UserPoolCalls, tokens_of
from cognito_bench.aws.auth import new_device_of, remembered_device_of
from cognito_bench.emulator import signing
from tests.aws.factories import machine_client
from tests.emulator.conftest import PASSWORD, User, error_of, make_user, unique
from tests.emulator.test_oauth import authorize_params, code_for, exchange, token
from tests.emulator.triggers.conftest import Wired


def claims(token_text: str) -> dict[str, Any]:
    payload = token_text.split(".")[1]
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return data


def password_sign_in(wired: Wired, username: str, password: str = PASSWORD) -> dict[str, Any]:
    response: dict[str, Any] = wired.idp.initiate_auth(
        ClientId=wired.target.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )
    return response


@pytest.fixture
def member(wired: Wired) -> User:
    """A confirmed user in the group "admins" (precedence 1, with a role)."""
    user = make_user(wired.target, wired.idp)
    pool = wired.target.user_pool_id
    with contextlib.suppress(wired.idp.exceptions.GroupExistsException):
        wired.idp.create_group(
            GroupName="admins",
            UserPoolId=pool,
            Precedence=1,
            RoleArn="arn:aws:iam::000000000000:role/admin",
        )
    wired.idp.admin_add_user_to_group(UserPoolId=pool, Username=user.username, GroupName="admins")
    return user


def test_pre_and_post_authentication_around_a_sign_in(wired: Wired, member: User) -> None:
    wired.use("PreAuthentication", "PostAuthentication")
    response = password_sign_in(wired, member.username)
    assert "AuthenticationResult" in response
    pre, post = wired.invocations(response)
    assert pre["triggerSource"] == "PreAuthentication_Authentication"
    assert pre["event"]["request"]["userAttributes"]["email"] == member.email
    assert post["triggerSource"] == "PostAuthentication_Authentication"
    assert post["event"]["request"]["newDeviceUsed"] is False
    assert f"signed in {member.username}" in post["logs"]


def test_pre_authentication_refuses_before_the_password_counts(wired: Wired) -> None:
    wired.use("PreAuthentication")
    blocked = make_user(wired.target, wired.idp, email=f"blocked-{unique()}@example.com")
    refusal = (
        "UserLambdaValidationException",
        "PreAuthentication failed with error User is blocked.",
    )
    assert error_of(lambda: password_sign_in(wired, blocked.username)) == refusal
    calls = UserPoolCalls(wired.target.target())
    record = calls.sign_in_srp(blocked.username, blocked.password)
    assert (record.error_code, record.error_message) == refusal
    assert record.triggers[0]["error"] == {"type": refusal[0], "message": refusal[1]}


def test_pre_token_generation_v2_changes_both_tokens(wired: Wired, member: User) -> None:
    wired.use("PreTokenGeneration")
    response = password_sign_in(wired, member.username)
    tokens = response["AuthenticationResult"]
    id_claims, access = claims(tokens["IdToken"]), claims(tokens["AccessToken"])
    assert id_claims["tenant"] == "acme"
    assert id_claims["source"] == "TokenGeneration_Authentication"
    assert "email" not in id_claims
    assert id_claims["iss"] == wired.target.issuer  # reserved: kept
    assert id_claims["cognito:groups"] == ["readers"]
    assert id_claims["cognito:roles"] == ["arn:aws:iam::000000000000:role/reader"]
    assert id_claims["cognito:preferred_role"] == "arn:aws:iam::000000000000:role/reader"
    assert access["plan"] == {"tier": 2, "seats": [1, 2]}
    assert access["scope"].split() == ["aws.cognito.signin.user.admin", "bench-api/read"]
    assert access["cognito:groups"] == ["readers"]
    # both still verify, and the access token still works
    signing.verify(tokens["IdToken"])
    assert wired.idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == member.username
    (invocation,) = wired.invocations(response)
    event = invocation["event"]
    assert event["version"] == "2"
    assert event["request"]["scopes"] == ["aws.cognito.signin.user.admin"]
    assert event["request"]["groupConfiguration"] == {
        "groupsToOverride": ["admins"],
        "iamRolesToOverride": ["arn:aws:iam::000000000000:role/admin"],
        "preferredRole": "arn:aws:iam::000000000000:role/admin",
    }
    assert event["response"] == {"claimsAndScopeOverrideDetails": None}
    assert "id token: iss is a reserved claim, kept as Cognito set it" in invocation["notes"]


def test_pre_token_generation_v1_changes_the_id_token_only(wired: Wired, member: User) -> None:
    wired.use("PreTokenGeneration", version="V1_0")
    response = password_sign_in(wired, member.username)
    tokens = response["AuthenticationResult"]
    id_claims, access = claims(tokens["IdToken"]), claims(tokens["AccessToken"])
    assert (id_claims["tenant"], id_claims["cognito:groups"]) == ("acme", ["readers"])
    assert "email" not in id_claims
    assert "plan" not in access
    assert access["scope"] == "aws.cognito.signin.user.admin"
    (invocation,) = wired.invocations(response)
    assert invocation["event"]["version"] == "1"
    assert "scopes" not in invocation["event"]["request"]


def test_refreshed_tokens_run_the_trigger_again(wired: Wired, member: User) -> None:
    wired.use("PreTokenGeneration")
    refresh = password_sign_in(wired, member.username)["AuthenticationResult"]["RefreshToken"]
    response = wired.idp.initiate_auth(
        ClientId=wired.target.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": refresh},
    )
    assert claims(response["AuthenticationResult"]["IdToken"])["source"] == (
        "TokenGeneration_RefreshTokens"
    )


def test_a_new_password_challenge_has_its_own_token_source(wired: Wired) -> None:
    wired.use("PreTokenGeneration")
    username = unique("newpw")
    wired.idp.admin_create_user(
        UserPoolId=wired.target.user_pool_id,
        Username=username,
        TemporaryPassword=PASSWORD,
        MessageAction="SUPPRESS",
    )
    asked = password_sign_in(wired, username)
    answered = wired.idp.respond_to_auth_challenge(
        ClientId=wired.target.client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=asked["Session"],
        ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": PASSWORD + "2"},
    )
    assert claims(answered["AuthenticationResult"]["IdToken"])["source"] == (
        "TokenGeneration_NewPasswordChallenge"
    )


def test_hosted_ui_tokens_are_hosted_auth(wired: Wired, member: User) -> None:
    wired.use("PreTokenGeneration")
    reply = exchange(wired.target, code_for(wired.target, member, authorize_params(wired.target)))
    assert reply.status == 200
    body = reply.json()
    assert claims(body["id_token"])["source"] == "TokenGeneration_HostedAuth"
    # the OAuth scopes reach the event, and scopesToSuppress applies to them
    assert "openid" not in claims(body["access_token"])["scope"].split()


def test_v3_customizes_machine_tokens(wired: Wired) -> None:
    wired.use("PreTokenGeneration", version="V3_0")
    target = wired.target
    reply = token(
        target,
        {"grant_type": "client_credentials", "scope": "bench-api/write"},
        basic=(target.machine_client_id, target.machine_client_secret),
    )
    access = claims(reply.json()["access_token"])
    assert access["plan"] == {"tier": 2, "seats": [1, 2]}
    assert access["scope"].split() == ["bench-api/write", "bench-api/read"]
    # no user, no groups: the answer's groupOverrideDetails does not reach a machine's token
    assert not {"cognito:groups", "cognito:roles", "cognito:preferred_role"} & set(access)
    wired.use("PreTokenGeneration", version="V2_0")  # V2 leaves machine tokens alone
    reply = token(
        target,
        {"grant_type": "client_credentials", "scope": "bench-api/write"},
        basic=(target.machine_client_id, target.machine_client_secret),
    )
    assert "plan" not in claims(reply.json()["access_token"])


def test_v3_customizes_get_client_token_as_the_token_endpoint(wired: Wired) -> None:
    # GetClientToken issues the same machine token as the client credentials grant
    wired.use("PreTokenGeneration", version="V3_0")
    idp, target = wired.idp, wired.target
    client = machine_client(idp, target.user_pool_id, "bench-api/write")
    response = idp.get_client_token(
        ClientId=client["ClientId"], Secret=client["ClientSecret"], Scopes=["bench-api/write"]
    )
    access = claims(response["ClientAuthenticationResult"]["AccessToken"])
    assert access["plan"] == {"tier": 2, "seats": [1, 2]}
    assert access["scope"].split() == ["bench-api/write", "bench-api/read"]
    assert "cognito:groups" not in access
    (ran,) = wired.invocations(response)
    assert ran["triggerSource"] == "TokenGeneration_ClientCredentials"
    assert ran["event"]["userName"] is None
    assert ran["notes"] == [
        "client credentials: idTokenGeneration ignored (no ID token, no user, no groups)",
        "client credentials: groupOverrideDetails ignored (no ID token, no user, no groups)",
    ]


def test_a_failing_pre_token_trigger_issues_nothing(wired: Wired, member: User) -> None:
    wired.use("PreTokenGeneration")
    assert error_of(
        lambda: wired.idp.initiate_auth(
            ClientId=wired.target.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": member.username, "PASSWORD": member.password},
            ClientMetadata={"mode": "raise"},
        )
    ) == (
        "UserLambdaValidationException",
        "PreTokenGeneration failed with error TokenGeneration_Authentication refused by the test.",
    )


def test_user_migration_at_sign_in(wired: Wired) -> None:
    wired.use("UserMigration")
    username = unique("legacy")
    assert error_of(lambda: password_sign_in(wired, username, "Wrong-Passw0rd!")) == (
        "UserLambdaValidationException",
        "UserMigration failed with error Bad password.",
    )
    response = password_sign_in(wired, username, "Legacy-Passw0rd!")
    assert "AuthenticationResult" in response
    (invocation,) = wired.invocations(response)
    assert invocation["triggerSource"] == "UserMigration_Authentication"
    assert invocation["event"]["request"]["password"] == "Legacy-Passw0rd!"
    user = wired.idp.admin_get_user(UserPoolId=wired.target.user_pool_id, Username=username)
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    # the migrated user is now the pool's: the next sign-in runs no migration
    again = password_sign_in(wired, username, "Legacy-Passw0rd!")
    assert wired.invocations(again) == []


# custom authentication ------------------------------------------------------------------------


def _custom_start(wired: Wired, username: str) -> dict[str, Any]:
    response: dict[str, Any] = wired.idp.initiate_auth(
        ClientId=wired.target.client_id,
        AuthFlow="CUSTOM_AUTH",
        AuthParameters={"USERNAME": username},
    )
    return response


def _answer(wired: Wired, username: str, session: str, answer: str) -> dict[str, Any]:
    response: dict[str, Any] = wired.idp.respond_to_auth_challenge(
        ClientId=wired.target.client_id,
        ChallengeName="CUSTOM_CHALLENGE",
        Session=session,
        ChallengeResponses={"USERNAME": username, "ANSWER": answer},
    )
    return response


CUSTOM = ("DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse")


def test_custom_auth_define_create_verify(wired: Wired, member: User) -> None:
    wired.use(*CUSTOM, "PreTokenGeneration")
    asked = _custom_start(wired, member.username)
    assert asked["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert asked["ChallengeParameters"] == {"question": "0 + 4", "USERNAME": member.username}
    assert [i["triggerSource"] for i in wired.invocations(asked)] == [
        "DefineAuthChallenge_Authentication",
        "CreateAuthChallenge_Authentication",
    ]
    wrong = _answer(wired, member.username, asked["Session"], "5")
    assert wrong["ChallengeParameters"]["question"] == "1 + 4"
    verify, define, _create = wired.invocations(wrong)
    assert verify["event"]["request"]["privateChallengeParameters"] == {"answer": "4"}
    assert verify["event"]["request"]["challengeAnswer"] == "5"
    assert define["event"]["request"]["session"] == [
        {
            "challengeName": "CUSTOM_CHALLENGE",
            "challengeResult": False,
            "challengeMetadata": "MATH-0",
        }
    ]
    # a session works once
    assert error_of(lambda: _answer(wired, member.username, asked["Session"], "4")) == (
        "NotAuthorizedException",
        "Invalid session for the user.",
    )
    done = _answer(wired, member.username, wrong["Session"], "5")
    assert claims(done["AuthenticationResult"]["IdToken"])["tenant"] == "acme"
    # the demo pool tracks devices: a custom sign-in hands out a device like any other
    assert done["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"]


def test_custom_auth_fails_after_three_wrong_answers(wired: Wired, member: User) -> None:
    wired.use(*CUSTOM)
    session = _custom_start(wired, member.username)["Session"]
    session = _answer(wired, member.username, session, "x")["Session"]
    session = _answer(wired, member.username, session, "x")["Session"]
    assert error_of(lambda: _answer(wired, member.username, session, "x")) == (
        "NotAuthorizedException",
        "Incorrect username or password.",
    )


def test_custom_auth_needs_its_trigger(wired: Wired, member: User) -> None:
    assert error_of(lambda: _custom_start(wired, member.username)) == (
        "InvalidParameterException",
        "Custom auth lambda trigger is not configured for the user pool.",
    )


def test_custom_with_srp_through_the_bench_client(wired: Wired, member: User) -> None:
    wired.use(*CUSTOM)
    calls = UserPoolCalls(wired.target.target())
    record = calls.sign_in_custom(member.username, member.password)
    assert record.ok, record.one_line()
    assert [s.response.get("ChallengeName") for s in record.steps] == [
        "PASSWORD_VERIFIER",
        "CUSTOM_CHALLENGE",
    ]
    define = [t for t in record.triggers if t["kind"] == "DefineAuthChallenge"]
    assert [d["event"]["request"]["session"] for d in define] == [
        [{"challengeName": "SRP_A", "challengeResult": True}],
        [
            {"challengeName": "SRP_A", "challengeResult": True},
            {"challengeName": "PASSWORD_VERIFIER", "challengeResult": True},
        ],
    ]
    answered = calls.respond_to_challenge(
        "CUSTOM_CHALLENGE", record.response["Session"], member.username, {"answer": "6"}
    )
    assert answered.ok and "AuthenticationResult" in answered.response
    wrong = calls.sign_in_custom(member.username, member.password + "x")
    assert wrong.error_code == "NotAuthorizedException"


def test_custom_sessions_expire(wired: Wired, member: User) -> None:
    wired.use(*CUSTOM)
    session = _custom_start(wired, member.username)["Session"]
    state = wired.emulator.state
    with state.lock:
        state.sessions[session].expires = state.clock() - 1
    assert error_of(lambda: _answer(wired, member.username, session, "4")) == (
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    )


def test_the_bench_hosted_ui_client_records_the_trigger(wired: Wired, member: User) -> None:
    from cognito_bench.aws.oauth import HostedUi, RedirectCatcher, new_pkce
    from tests.oauth_browser import oauth_client, sign_in

    wired.use("PreTokenGeneration")
    client_id, _, redirect = oauth_client(wired.target, ["openid", "email"])
    target = wired.target.target().replace(client_id=client_id)
    hosted = HostedUi(wired.target.hosted_ui_domain, target, redirect, "openid email")
    pkce = new_pkce()
    catcher = RedirectCatcher(redirect)
    try:
        sign_in(hosted.authorize_url(pkce), member.username, member.password)
    finally:
        query = catcher.wait(10)
    assert query is not None
    record = hosted.exchange_code(query["code"], pkce)
    assert record.ok, record.one_line()
    assert [t["triggerSource"] for t in record.triggers] == ["TokenGeneration_HostedAuth"]


def test_a_remembered_device_sign_in_records_the_triggers_of_every_step(
    wired: Wired, member: User
) -> None:
    # one record of four calls (SRP, then the device's SRP): the triggers of each are in it
    calls = UserPoolCalls(wired.target.target())
    first = calls.sign_in_srp(member.username, member.password)
    tokens, device = tokens_of(first), new_device_of(first)
    assert tokens is not None and device is not None, first.one_line()
    remembered = remembered_device_of(calls.remember_device(tokens.access_token, device, "t"))
    assert remembered is not None
    wired.use("PreAuthentication", "PostAuthentication", "PreTokenGeneration")
    record = calls.sign_in_srp(member.username, member.password, device=remembered)
    signed = tokens_of(record)
    assert signed is not None, record.one_line()
    assert claims(signed.id_token)["tenant"] == "acme"
    # the sign-in ended with the device's proof: the developer guide's AuthenticateDevice
    assert claims(signed.id_token)["source"] == "TokenGeneration_AuthenticateDevice"
    assert len(record.steps) == 4
    assert [t["triggerSource"] for t in record.triggers] == [
        "PreAuthentication_Authentication",
        "PostAuthentication_Authentication",
        "TokenGeneration_AuthenticateDevice",
    ]
    assert record.triggers == [t for step in record.steps for t in step.triggers]
