"""Rotating refresh tokens, session tracking, client secret rotation, auth factors and client
tokens through UserPoolCalls and AdminCalls against the local Cognito."""

from __future__ import annotations

from typing import Any

import pytest

from cognito_bench.aws import AdminCalls, Target, UserPoolCalls, tokens_of
from cognito_bench.aws.passkeys import SoftwareAuthenticator
from cognito_bench.aws.record import mask
from cognito_bench.aws.sessioncalls import (
    RotatingClients,
    current_refresh_token,
    refresh_token_state,
)
from cognito_bench.emulator import LocalTarget, local_client
from tests.aws.factories import PASSWORD, UserFactory, machine_client, target_of, totp, unique


@pytest.fixture
def own_pool(local: LocalTarget) -> tuple[Target, Any]:
    """A pool of the test's own (its settings touch no other test) and a public client."""
    idp = local_client("cognito-idp", local.endpoint_url)
    pool = idp.create_user_pool(
        PoolName=unique("pool"), Policies={"PasswordPolicy": {"MinimumLength": 8}}
    )["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool,
        ClientName="web",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    return target_of(local).replace(user_pool_id=pool, client_id=client), idp


def _user(idp: Any, pool: str) -> str:
    name = unique()
    idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=PASSWORD, Permanent=True)
    return name


def _calls(target: Target) -> UserPoolCalls:
    """Calls that learn which clients rotate in a record of their own (not the process's)."""
    calls = UserPoolCalls(target)
    calls.rotating_clients = RotatingClients()
    return calls


def test_rotating_refresh_says_which_token_is_current(
    local: LocalTarget, make_user: UserFactory
) -> None:
    calls = _calls(target_of(local).replace(client_id=local.client_id_rotating))
    username = make_user()
    first = tokens_of(calls.sign_in_password(username, PASSWORD))
    assert first is not None
    record = calls.refresh_rotating(first.refresh_token)
    assert record.ok and record.response["CurrentRefreshToken"] == "new"
    current = current_refresh_token(record, first.refresh_token)
    assert current != first.refresh_token
    assert refresh_token_state(record).startswith("rotated: ")
    # the new refresh token taught the calls that this client rotates: one call
    assert calls.rotating_clients.rotates(calls.target)
    straight = calls.refresh(username, current)
    assert straight.ok and straight.operation == "GetTokensFromRefreshToken"
    assert straight.steps == [] and refresh_token_state(straight).startswith("rotated: ")
    # a client without rotation: the same refresh token stays current
    plain = _calls(target_of(local))
    tokens = tokens_of(plain.sign_in_password(username, PASSWORD))
    assert tokens is not None
    kept = plain.refresh_rotating(tokens.refresh_token)
    assert kept.response["CurrentRefreshToken"] == "sent"
    assert refresh_token_state(kept).startswith("kept: ")
    assert refresh_token_state(plain.refresh(username, tokens.refresh_token)).startswith("kept: ")
    assert refresh_token_state(plain.sign_in_password(username, PASSWORD)) == ""
    assert current_refresh_token(kept, tokens.refresh_token) == tokens.refresh_token


def test_refresh_learns_a_rotating_client_from_cognitos_refusal(
    local: LocalTarget, make_user: UserFactory
) -> None:
    target = target_of(local).replace(client_id=local.client_id_rotating)
    calls = _calls(target)
    username = make_user()
    tokens = tokens_of(calls.sign_in_password(username, PASSWORD))
    assert tokens is not None
    # Not known yet: REFRESH_TOKEN_AUTH, refused (InvalidParameterException), then
    # GetTokensFromRefreshToken in the same record.
    learned = calls.refresh(username, tokens.refresh_token)
    assert learned.ok and learned.operation == "InitiateAuth", learned.one_line()
    assert [s.operation for s in learned.steps] == ["InitiateAuth", "GetTokensFromRefreshToken"]
    assert learned.steps[0].error_code == "InvalidParameterException"
    assert refresh_token_state(learned).startswith("rotated: ")
    # Known now, for any calls object of this endpoint and client sharing the record.
    again = UserPoolCalls(target.replace(bucket="another"))
    again.rotating_clients = calls.rotating_clients
    current = current_refresh_token(learned, tokens.refresh_token)
    one = again.refresh(username, current)
    assert one.ok and one.operation == "GetTokensFromRefreshToken" and one.steps == []
    assert one.label == "Refresh tokens (rotating client)"
    # Another endpoint's client of the same id is not known.
    assert not calls.rotating_clients.rotates(target.replace(endpoint_url="http://127.0.0.1:1"))
    # A refusal of another kind is no reason to fall back: one call, its error.
    bogus = _calls(target_of(local)).refresh(username, "not-a-refresh-token")
    assert bogus.error_code == "NotAuthorizedException" and bogus.steps == []


def test_sessions_are_listed_revoked_and_evicted(own_pool: tuple[Target, Any]) -> None:
    target, idp = own_pool
    admin, calls = AdminCalls(target), UserPoolCalls(target)
    assert admin.get_session_configuration().response["UserSessionTracking"] == "DISABLED"
    assert admin.set_session_configuration(True, max_per_user=2).ok
    username = _user(idp, target.user_pool_id)
    signed = [tokens_of(calls.sign_in_password(username, PASSWORD)) for _ in range(3)]
    assert all(signed)
    listed = calls.list_user_sessions(signed[2].access_token)  # type: ignore[union-attr]
    sessions = listed.response["Sessions"]
    assert len(sessions) == 2  # the least recently used of three was evicted
    assert [s["IsCurrentSession"] for s in sessions] == [False, True]
    evicted = calls.get_user(signed[0].access_token)  # type: ignore[union-attr]
    assert evicted.error_code == "NotAuthorizedException"
    other = sessions[0]["SessionId"]
    current = sessions[1]["SessionId"]
    own = calls.revoke_user_session(signed[2].access_token, current)  # type: ignore[union-attr]
    assert own.error_code == "InvalidParameterException"
    assert calls.revoke_user_session(signed[2].access_token, other).ok  # type: ignore[union-attr]
    assert calls.get_user(signed[1].access_token).error_code == "NotAuthorizedException"  # type: ignore[union-attr]
    [left] = admin.admin_list_user_sessions(username).response["Sessions"]
    assert admin.admin_revoke_user_session(username, left["SessionId"]).ok
    assert admin.admin_list_user_sessions(username).response["Sessions"] == []
    assert calls.revoke_user_session("x.y.z", "bad").error_code == "InvalidInput"


def test_two_client_secrets_during_rotation(local: LocalTarget, make_user: UserFactory) -> None:
    idp = local_client("cognito-idp", local.endpoint_url)
    client = idp.create_user_pool_client(
        UserPoolId=local.user_pool_id,
        ClientName=unique("conf"),
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    admin = AdminCalls(target_of(local))
    username = make_user()
    added = admin.add_client_secret(client["ClientId"])
    assert added.ok, added.one_line()
    new_secret = added.response["ClientSecretDescriptor"]["ClientSecretValue"]
    assert new_secret not in str(added.request)
    assert added.to_json()["response"]["ClientSecretDescriptor"]["ClientSecretValue"] == new_secret
    assert new_secret not in str(mask(added.response))
    for secret in (client["ClientSecret"], new_secret):
        target = target_of(local).replace(client_id=client["ClientId"], client_secret=secret)
        assert UserPoolCalls(target).sign_in_password(username, PASSWORD).ok
    listed = admin.list_client_secrets(client["ClientId"]).response["ClientSecrets"]
    assert len(listed) == 2 and all("ClientSecretValue" not in s for s in listed)
    third = admin.add_client_secret(client["ClientId"])
    assert third.error_code == "LimitExceededException"
    assert admin.delete_client_secret(listed[0]["ClientSecretId"], client["ClientId"]).ok
    old = target_of(local).replace(
        client_id=client["ClientId"], client_secret=client["ClientSecret"]
    )
    assert UserPoolCalls(old).sign_in_password(username, PASSWORD).error_code == (
        "NotAuthorizedException"
    )
    last = admin.delete_client_secret(listed[1]["ClientSecretId"], client["ClientId"])
    assert last.error_code == "InvalidParameterException"


def test_auth_factors_and_deleting_the_software_token(
    calls: UserPoolCalls, admin: AdminCalls, make_user: UserFactory
) -> None:
    username = make_user()
    tokens = tokens_of(calls.sign_in_password(username, PASSWORD))
    assert tokens is not None
    assert calls.register_passkey(tokens.access_token, SoftwareAuthenticator()).ok
    secret = calls.associate_software_token(access_token=tokens.access_token).response["SecretCode"]
    assert calls.verify_software_token(totp(secret), access_token=tokens.access_token).ok
    assert calls.set_user_mfa_preference(tokens.access_token, totp=True, preferred="totp").ok
    factors = calls.get_user_auth_factors(tokens.access_token).response
    assert factors["ConfiguredUserAuthFactors"] == [
        "PASSWORD",
        "EMAIL_OTP",
        "WEB_AUTHN",
        "SOFTWARE_TOKEN",
    ]
    assert factors["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
    by_admin = admin.admin_get_user_auth_factors(username).response
    for key in ("ConfiguredUserAuthFactors", "UserMFASettingList", "PreferredMfaSetting"):
        assert by_admin[key] == factors[key]
    assert admin.admin_delete_software_token(username).ok
    after = admin.admin_get_user_auth_factors(username).response
    assert "SOFTWARE_TOKEN" not in after["ConfiguredUserAuthFactors"]
    assert after["UserMFASettingList"] == []


def test_mfa_setup_again_after_the_software_token_is_deleted(
    own_pool: tuple[Target, Any],
) -> None:
    target, idp = own_pool
    idp.set_user_pool_mfa_config(
        UserPoolId=target.user_pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )
    username = _user(idp, target.user_pool_id)
    calls, admin = UserPoolCalls(target), AdminCalls(target)
    setup = calls.sign_in_password(username, PASSWORD)
    assert setup.response["ChallengeName"] == "MFA_SETUP"
    session = setup.response["Session"]
    associated = calls.associate_software_token(session=session)
    verified = calls.verify_software_token(
        totp(associated.response["SecretCode"]), session=associated.response["Session"]
    )
    done = calls.respond_to_challenge("MFA_SETUP", verified.response["Session"], username, {})
    assert tokens_of(done) is not None
    assert calls.sign_in_password(username, PASSWORD).response["ChallengeName"] == (
        "SOFTWARE_TOKEN_MFA"
    )
    assert admin.admin_delete_software_token(username).ok
    assert calls.sign_in_password(username, PASSWORD).response["ChallengeName"] == "MFA_SETUP"


def test_client_token_for_a_machine_client(local: LocalTarget) -> None:
    idp = local_client("cognito-idp", local.endpoint_url)
    client = machine_client(idp, local.user_pool_id, "bench-api/read")
    target = target_of(local).replace(
        client_id=client["ClientId"], client_secret=client["ClientSecret"]
    )
    record = UserPoolCalls(target).get_client_token(["bench-api/read"])
    assert record.ok, record.one_line()
    assert record.response["ClientAuthenticationResult"]["TokenType"] == "Bearer"
    assert client["ClientSecret"] not in str(record.request)
    wrong = UserPoolCalls(target).get_client_token(["bench-api/write"])
    assert wrong.error_code == "InvalidParameterException"
    user_client = UserPoolCalls(target_of(local, secret=True)).get_client_token()
    assert user_client.error_code == "NotAuthorizedException"
