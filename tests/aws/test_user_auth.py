"""Choice-based sign-in (USER_AUTH) through UserPoolCalls: SELECT_CHALLENGE, passwordless
e-mail codes, the password as first factor, and what the bench refuses before sending."""

from __future__ import annotations

from cognito_bench.aws import CallRecord, UserPoolCalls, auth, tokens_of
from cognito_bench.emulator import LocalTarget
from tests.aws.factories import PASSWORD, UserFactory, outbox_code


def test_select_challenge_then_an_email_code(
    local: LocalTarget, calls: UserPoolCalls, make_user: UserFactory
) -> None:
    username = make_user()
    first = calls.sign_in_choice(username)
    assert first.ok, first.one_line()
    challenge = auth.challenge_of(first)
    assert challenge is not None and challenge.name == "SELECT_CHALLENGE"
    assert {"PASSWORD", "EMAIL_OTP"} <= set(challenge.available)
    assert "SMS_OTP" not in challenge.available  # no phone number
    assert challenge.to_json()["AvailableChallenges"] == list(challenge.available)
    chosen = calls.respond_to_challenge(
        "SELECT_CHALLENGE", challenge.session, challenge.username, {"answer": "EMAIL_OTP"}
    )
    otp = auth.challenge_of(chosen)
    assert otp is not None and otp.name == "EMAIL_OTP", chosen.one_line()
    code = outbox_code(local, username)
    assert code
    done = calls.respond_to_challenge(otp.name, otp.session, otp.username, {"code": code})
    tokens = tokens_of(done)
    assert tokens is not None, done.one_line()
    assert calls.get_user(tokens.access_token).ok


def test_the_password_as_first_factor(calls: UserPoolCalls, make_user: UserFactory) -> None:
    username = make_user()
    direct = calls.sign_in_choice(username, "password", PASSWORD)
    assert tokens_of(direct) is not None, direct.one_line()
    assert direct.request["AuthParameters"]["PASSWORD"] != PASSWORD  # masked in the record

    def choose_password(password: str) -> CallRecord:
        """Let Cognito ask, then answer SELECT_CHALLENGE with PASSWORD and ``password``."""
        challenge = auth.challenge_of(calls.sign_in_choice(username))
        assert challenge is not None
        return calls.respond_to_challenge(
            "SELECT_CHALLENGE",
            challenge.session,
            challenge.username,
            {"answer": "PASSWORD", "password": password},
        )

    assert choose_password("Wrong-Passw0rd!").error_code == "NotAuthorizedException"
    right = choose_password(PASSWORD)
    assert tokens_of(right) is not None, right.one_line()


def test_refused_before_sending(calls: UserPoolCalls) -> None:
    assert calls.sign_in_choice("demo", "WEB_AUTHN").error_code == "InvalidInput"
    assert calls.sign_in_choice("demo", "PASSWORD", "").error_code == "InvalidInput"
    srp = calls.respond_to_challenge(
        "SELECT_CHALLENGE", "x" * 40, "demo", {"answer": "PASSWORD_SRP"}
    )
    assert srp.error_code == "InvalidInput" and "Password (SRP)" in srp.error_message


def test_password_srp_as_first_factor(calls: UserPoolCalls, make_user: UserFactory) -> None:
    username = make_user()
    record = calls.sign_in_choice(username, "PASSWORD_SRP", PASSWORD)
    assert tokens_of(record) is not None, record.one_line()
    assert [s.operation for s in record.steps] == ["InitiateAuth", "RespondToAuthChallenge"]
    first = record.steps[0].request
    assert first["AuthFlow"] == "USER_AUTH"
    assert first["AuthParameters"]["PREFERRED_CHALLENGE"] == "PASSWORD_SRP"
    wrong = calls.sign_in_choice(username, "PASSWORD_SRP", "Wrong-Passw0rd!")
    assert wrong.error_code == "NotAuthorizedException"
