"""tokens_of and challenge_of on records the emulator produced."""

from __future__ import annotations

from cognito_bench.aws import CallRecord, UserPoolCalls, challenge_of, tokens_of
from cognito_bench.emulator import LocalTarget
from tests.aws.factories import PASSWORD, UserFactory


def test_tokens_of_a_sign_in(local: LocalTarget, calls: UserPoolCalls) -> None:
    record = calls.sign_in_password(local.demo_user["username"], local.demo_user["password"])
    tokens = tokens_of(record)
    assert tokens is not None
    result = record.response["AuthenticationResult"]
    assert tokens.id_token == result["IdToken"]
    assert tokens.refresh_token == result["RefreshToken"]
    assert tokens.expires_in == result["ExpiresIn"] > 0
    assert tokens.token_type == "Bearer"
    assert result["AccessToken"] not in repr(tokens)
    assert result["RefreshToken"] not in repr(tokens)
    assert tokens.to_json()["AccessToken"] == result["AccessToken"]
    assert challenge_of(record) is None


def test_challenge_of_a_new_password_challenge(
    calls: UserPoolCalls, make_user: UserFactory
) -> None:
    username = make_user(temporary=True)
    record = calls.sign_in_srp(username, PASSWORD)
    challenge = challenge_of(record)
    assert challenge is not None
    assert challenge.name == "NEW_PASSWORD_REQUIRED"
    assert challenge.session == record.response["Session"]
    # After SRP the answer's name is USER_ID_FOR_SRP (the SECRET_HASH depends on it).
    srp_user_id = record.steps[0].response["ChallengeParameters"]["USER_ID_FOR_SRP"]
    assert challenge.username in {srp_user_id, username}
    assert challenge.session not in repr(challenge)
    assert tokens_of(record) is None


def test_nothing_of_a_failure() -> None:
    failed = CallRecord("InitiateAuth", error_code="NotAuthorizedException")
    assert tokens_of(failed) is None
    assert challenge_of(failed) is None
