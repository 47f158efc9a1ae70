"""User-pool operations against the embedded emulator over HTTP."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cognito_bench.aws import (
    INVALID_INPUT,
    AdminCalls,
    Target,
    Tokens,
    UserPoolCalls,
    challenge_of,
    make_client,
    secret_hash,
    tokens_of,
)
from cognito_bench.aws._call import failure_of
from cognito_bench.emulator import LocalTarget
from tests.aws.factories import (
    NEW_PASSWORD,
    PASSWORD,
    UserFactory,
    outbox_code,
    totp,
    unique,
)


def _attributes(record_response: dict[str, Any]) -> dict[str, str]:
    listed = record_response.get("UserAttributes") or record_response.get("Attributes") or []
    return {a["Name"]: a["Value"] for a in listed}


def _sent_params(calls: UserPoolCalls, operation: str) -> list[dict[str, Any]]:
    """Capture the parameters botocore actually sends for ``operation`` (not the masked copy)."""
    sent: list[dict[str, Any]] = []

    def grab(params: dict[str, Any], **_: Any) -> None:
        sent.append(dict(params))

    calls._idp.client().meta.events.register(
        f"before-parameter-build.cognito-idp.{operation}", grab
    )
    return sent


# -- sign-up -------------------------------------------------------------------------------


def test_sign_up_creates_an_unconfirmed_user_with_its_attributes(
    calls: UserPoolCalls, admin: AdminCalls
) -> None:
    username = unique()
    record = calls.sign_up(username, PASSWORD, {"email": f"{username}@example.com"})
    assert record.ok, record.one_line()
    assert record.operation == "SignUp"
    assert record.response["UserConfirmed"] is False
    assert record.response["UserSub"]
    assert record.request["Password"] != PASSWORD
    user = admin.admin_get_user(username)
    assert user.response["UserStatus"] == "UNCONFIRMED"
    assert _attributes(user.response)["email"] == f"{username}@example.com"


def test_sign_up_twice_is_username_exists(calls: UserPoolCalls, make_user: UserFactory) -> None:
    username = make_user()
    record = calls.sign_up(username, PASSWORD, {"email": "x@example.com"})
    assert record.error_code == "UsernameExistsException"
    assert "already exists" in record.explanation


def test_sign_up_with_a_weak_password_is_explained(calls: UserPoolCalls) -> None:
    record = calls.sign_up(unique(), "lowercase-only-1!", {"email": "x@example.com"})
    assert record.error_code == "InvalidPasswordException"
    assert "password policy" in record.explanation


def test_sign_up_with_a_weak_password_names_the_rule(calls: UserPoolCalls) -> None:
    record = calls.sign_up(unique(), "lowercase-only-1!", {"email": "x@example.com"})
    assert record.error_code == "InvalidPasswordException"
    assert "uppercase" in record.explanation


def test_sign_up_with_the_secret_client_sends_a_secret_hash(secret_target: Target) -> None:
    calls = UserPoolCalls(secret_target)
    sent = _sent_params(calls, "SignUp")
    username = unique()
    record = calls.sign_up(username, PASSWORD, {"email": "x@example.com"})
    assert record.ok, record.one_line()
    assert sent[0]["SecretHash"] == secret_hash(
        username, secret_target.client_id, secret_target.client_secret
    )


def test_sign_up_without_the_secret_is_explained(local: LocalTarget, target: Target) -> None:
    calls = UserPoolCalls(target.replace(client_id=local.client_id_with_secret))
    record = calls.sign_up(unique(), PASSWORD, {"email": "x@example.com"})
    assert record.error_code == "NotAuthorizedException"
    assert "SECRET_HASH" in record.explanation


@pytest.mark.parametrize(
    ("username", "password", "words"),
    [
        ("", PASSWORD, "username is required"),
        ("x" * (1024 * 1024), PASSWORD, "at most 128"),
        (" padded", PASSWORD, "spaces"),
        ("someone", "", "password is required"),
    ],
)
def test_sign_up_refuses_bad_input_without_a_call(
    dead_target: Target, username: str, password: str, words: str
) -> None:
    record = UserPoolCalls(dead_target).sign_up(username, password, {})
    assert record.error_code == INVALID_INPUT
    assert words in record.error_message
    assert "\n" not in record.error_message
    assert len(record.error_message) < 200


def test_a_dead_endpoint_is_a_record_not_an_exception(dead_target: Target) -> None:
    record = UserPoolCalls(dead_target).sign_up(unique(), PASSWORD, {})
    assert record.error_code == "EndpointConnectionError"
    assert "refused" in record.error_message
    assert "cognito-bench local" in record.explanation


# -- confirmation --------------------------------------------------------------------------


def test_confirm_sign_up_with_the_sent_code(
    local: LocalTarget, calls: UserPoolCalls, admin: AdminCalls
) -> None:
    username = unique()
    assert calls.sign_up(username, PASSWORD, {"email": f"{username}@example.com"}).ok
    code = outbox_code(local, username) or "123456"
    record = calls.confirm_sign_up(username, code)
    assert record.ok, record.one_line()
    assert admin.admin_get_user(username).response["UserStatus"] == "CONFIRMED"


def test_confirm_sign_up_with_a_wrong_code_is_code_mismatch(calls: UserPoolCalls) -> None:
    username = unique()
    assert calls.sign_up(username, PASSWORD, {"email": f"{username}@example.com"}).ok
    record = calls.confirm_sign_up(username, "000000")
    assert record.error_code == "CodeMismatchException"
    assert "code" in record.explanation


def test_confirm_sign_up_refuses_a_code_with_spaces(dead_target: Target) -> None:
    record = UserPoolCalls(dead_target).confirm_sign_up("someone", "12 34")
    assert record.error_code == INVALID_INPUT


def test_resend_confirmation_code(local: LocalTarget, calls: UserPoolCalls) -> None:
    username = unique()
    assert calls.sign_up(username, PASSWORD, {"email": f"{username}@example.com"}).ok
    record = calls.resend_confirmation_code(username)
    assert record.ok, record.one_line()
    assert record.response["CodeDeliveryDetails"]["AttributeName"] == "email"
    assert outbox_code(local, username)


def test_sign_in_before_confirming_is_user_not_confirmed(calls: UserPoolCalls) -> None:
    username = unique()
    assert calls.sign_up(username, PASSWORD, {"email": f"{username}@example.com"}).ok
    record = calls.sign_in_password(username, PASSWORD)
    assert record.error_code == "UserNotConfirmedException"
    assert "Resend" in record.explanation


# -- sign-in -------------------------------------------------------------------------------


def test_sign_in_srp_is_one_record_with_two_steps(local: LocalTarget, calls: UserPoolCalls) -> None:
    demo = local.demo_user
    record = calls.sign_in_srp(demo["username"], demo["password"])
    assert record.ok, record.one_line()
    assert [s.operation for s in record.steps] == ["InitiateAuth", "RespondToAuthChallenge"]
    assert record.steps[0].request["AuthFlow"] == "USER_SRP_AUTH"
    assert record.steps[1].request["ChallengeName"] == "PASSWORD_VERIFIER"
    assert record.response == record.steps[1].response
    assert record.elapsed_ms >= record.steps[0].elapsed_ms
    tokens = tokens_of(record)
    assert tokens is not None
    assert tokens.id_token.count(".") == 2
    assert tokens.refresh_token
    assert tokens.access_token not in repr(tokens)
    assert demo["password"] not in record.dumps()
    # The SRP secrets of each step are masked; the username stays readable.
    auth = record.steps[0].request["AuthParameters"]
    assert auth["USERNAME"] == demo["username"]
    assert "chars)" in auth["SRP_A"]
    answer = record.steps[1].request["ChallengeResponses"]
    assert "chars)" in answer["PASSWORD_CLAIM_SIGNATURE"]


def test_sign_in_srp_with_a_wrong_password_is_refused(
    local: LocalTarget, calls: UserPoolCalls
) -> None:
    record = calls.sign_in_srp(local.demo_user["username"], "Wrong-Passw0rd!")
    assert record.error_code == "NotAuthorizedException"
    assert tokens_of(record) is None
    assert len(record.steps) == 2


def test_sign_in_srp_with_the_secret_client_hashes_user_id_for_srp(
    local: LocalTarget, target: Target
) -> None:
    """In a pool whose users sign in with their e-mail, USER_ID_FOR_SRP is not the typed name."""
    idp = make_client("cognito-idp", target)
    pool_id = idp.create_user_pool(PoolName=unique("by-email"), UsernameAttributes=["email"])[
        "UserPool"
    ]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="with-secret",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    by_email = target.replace(
        user_pool_id=pool_id, client_id=client["ClientId"], client_secret=client["ClientSecret"]
    )
    email = f"{unique()}@example.com"
    admin = AdminCalls(by_email)
    assert admin.admin_create_user(email, attributes={"email": email, "email_verified": "true"}).ok
    assert admin.admin_set_user_password(email, PASSWORD, permanent=True).ok

    calls = UserPoolCalls(by_email)
    sent = _sent_params(calls, "RespondToAuthChallenge")
    record = calls.sign_in_srp(email, PASSWORD)
    assert record.ok, record.one_line()
    user_id = record.steps[0].response["ChallengeParameters"]["USER_ID_FOR_SRP"]
    assert user_id != email
    responses = sent[0]["ChallengeResponses"]
    assert responses["SECRET_HASH"] == secret_hash(
        user_id, client["ClientId"], client["ClientSecret"]
    )
    assert responses["SECRET_HASH"] != secret_hash(
        email, client["ClientId"], client["ClientSecret"]
    )
    assert tokens_of(record) is not None


def test_sign_in_srp_unknown_user(calls: UserPoolCalls) -> None:
    record = calls.sign_in_srp(unique("nobody"), PASSWORD)
    assert record.error_code in {"UserNotFoundException", "NotAuthorizedException"}
    assert record.explanation
    assert len(record.steps) == 1


def test_sign_in_password(local: LocalTarget, calls: UserPoolCalls) -> None:
    record = calls.sign_in_password(local.demo_user["username"], local.demo_user["password"])
    assert record.ok, record.one_line()
    assert record.request["AuthFlow"] == "USER_PASSWORD_AUTH"
    assert record.request["AuthParameters"]["PASSWORD"] != local.demo_user["password"]
    assert tokens_of(record) is not None


def test_sign_in_password_wrong_password(local: LocalTarget, calls: UserPoolCalls) -> None:
    record = calls.sign_in_password(local.demo_user["username"], "Wrong-Passw0rd!")
    assert record.error_code == "NotAuthorizedException"
    assert "password is wrong" in record.explanation
    assert tokens_of(record) is None and challenge_of(record) is None


def test_sign_in_password_with_the_secret_client(local: LocalTarget, secret_target: Target) -> None:
    calls = UserPoolCalls(secret_target)
    sent = _sent_params(calls, "InitiateAuth")
    record = calls.sign_in_password(local.demo_user["username"], local.demo_user["password"])
    assert record.ok, record.one_line()
    assert sent[0]["AuthParameters"]["SECRET_HASH"] == secret_hash(
        "demo", secret_target.client_id, secret_target.client_secret
    )


def test_sign_in_password_without_the_secret_is_explained(
    local: LocalTarget, target: Target
) -> None:
    calls = UserPoolCalls(target.replace(client_id=local.client_id_with_secret))
    record = calls.sign_in_password(local.demo_user["username"], local.demo_user["password"])
    assert record.error_code == "NotAuthorizedException"
    assert "client secret" in record.explanation


def test_refresh(calls: UserPoolCalls, signed_in: tuple[str, Tokens]) -> None:
    username, tokens = signed_in
    record = calls.refresh(username, tokens.refresh_token)
    assert record.ok, record.one_line()
    refreshed = tokens_of(record)
    assert refreshed is not None
    assert refreshed.access_token
    assert record.request["AuthParameters"]["REFRESH_TOKEN"] != tokens.refresh_token


def test_refresh_with_the_secret_client(local: LocalTarget, secret_target: Target) -> None:
    calls = UserPoolCalls(secret_target)
    first = tokens_of(calls.sign_in_password("demo", local.demo_user["password"]))
    assert first is not None
    record = calls.refresh("demo", first.refresh_token)
    assert record.ok, record.one_line()
    assert tokens_of(record) is not None


def test_refresh_with_a_bogus_token_fails(calls: UserPoolCalls) -> None:
    record = calls.refresh("", "not-a-refresh-token")
    assert record.error_code == "NotAuthorizedException"


# -- challenges ----------------------------------------------------------------------------


@pytest.mark.parametrize("flow", ["password", "srp"])
def test_new_password_required(
    calls: UserPoolCalls, make_user: UserFactory, admin: AdminCalls, flow: str
) -> None:
    username = make_user(temporary=True)
    sign_in = calls.sign_in_srp if flow == "srp" else calls.sign_in_password
    record = sign_in(username, PASSWORD)
    challenge = challenge_of(record)
    assert challenge is not None, record.one_line()
    assert challenge.name == "NEW_PASSWORD_REQUIRED"
    assert challenge.session
    assert challenge.session not in repr(challenge)
    answer = calls.respond_to_challenge(
        challenge.name, challenge.session, challenge.username, {"new_password": NEW_PASSWORD}
    )
    assert answer.ok, answer.one_line()
    assert set(answer.request["ChallengeResponses"]) == {"USERNAME", "NEW_PASSWORD"}
    assert answer.request["ChallengeResponses"]["NEW_PASSWORD"] != NEW_PASSWORD
    assert tokens_of(answer) is not None
    assert admin.admin_get_user(username).response["UserStatus"] == "CONFIRMED"
    assert tokens_of(calls.sign_in_password(username, NEW_PASSWORD)) is not None


def test_new_password_required_with_the_secret_client_and_attributes(
    secret_target: Target, make_user: UserFactory
) -> None:
    calls = UserPoolCalls(secret_target)
    sent = _sent_params(calls, "RespondToAuthChallenge")
    username = make_user(temporary=True)
    challenge = challenge_of(calls.sign_in_password(username, PASSWORD))
    assert challenge is not None and challenge.name == "NEW_PASSWORD_REQUIRED"
    answer = calls.respond_to_challenge(
        challenge.name,
        challenge.session,
        challenge.username,
        {"new_password": NEW_PASSWORD, "email": f"{username}@example.org"},
    )
    assert answer.ok, answer.one_line()
    responses = sent[-1]["ChallengeResponses"]
    assert responses["userAttributes.email"] == f"{username}@example.org"
    assert responses["SECRET_HASH"] == secret_hash(
        challenge.username, secret_target.client_id, secret_target.client_secret
    )


@pytest.mark.parametrize(
    ("name", "answers", "key", "value"),
    [
        ("SMS_MFA", {"code": "123456"}, "SMS_MFA_CODE", "123456"),
        ("EMAIL_OTP", {"code": "654321"}, "EMAIL_OTP_CODE", "654321"),
        ("SOFTWARE_TOKEN_MFA", {"code": "111222"}, "SOFTWARE_TOKEN_MFA_CODE", "111222"),
        ("SELECT_MFA_TYPE", {"mfa_type": "totp"}, "ANSWER", "SOFTWARE_TOKEN_MFA"),
        ("SELECT_MFA_TYPE", {"answer": "SMS_MFA"}, "ANSWER", "SMS_MFA"),
        ("NEW_PASSWORD_REQUIRED", {"NEW_PASSWORD": NEW_PASSWORD}, "NEW_PASSWORD", NEW_PASSWORD),
    ],
)
def test_challenge_answers_use_cognitos_keys(
    secret_target: Target, name: str, answers: dict[str, str], key: str, value: str
) -> None:
    # An unknown session: the service refuses it, but the request shows what was sent.
    calls = UserPoolCalls(secret_target)
    sent = _sent_params(calls, "RespondToAuthChallenge")
    calls.respond_to_challenge(name, "bogus-session-0123456789", "someone", answers)
    responses = sent[0]["ChallengeResponses"]
    assert responses[key] == value
    assert responses["USERNAME"] == "someone"
    assert responses["SECRET_HASH"] == secret_hash(
        "someone", secret_target.client_id, secret_target.client_secret
    )


def test_challenge_answer_needs_the_code(dead_target: Target) -> None:
    record = UserPoolCalls(dead_target).respond_to_challenge("SMS_MFA", "s" * 40, "someone", {})
    assert record.error_code == INVALID_INPUT
    assert "code is required" in record.error_message


def _enable_totp(calls: UserPoolCalls, tokens: Tokens) -> str:
    associated = calls.associate_software_token(access_token=tokens.access_token)
    assert associated.ok, associated.one_line()
    secret = associated.response["SecretCode"]
    verified = calls.verify_software_token(
        totp(secret), access_token=tokens.access_token, friendly_name="bench"
    )
    assert verified.ok, verified.one_line()
    assert verified.response["Status"] == "SUCCESS"
    return str(secret)


def test_totp_setup_by_access_token_then_software_token_mfa(
    calls: UserPoolCalls, signed_in: tuple[str, Tokens]
) -> None:
    username, tokens = signed_in
    secret = _enable_totp(calls, tokens)
    preference = calls.set_user_mfa_preference(tokens.access_token, totp=True, preferred="totp")
    assert preference.ok, preference.one_line()
    assert preference.request["SoftwareTokenMfaSettings"] == {
        "Enabled": True,
        "PreferredMfa": True,
    }
    user = calls.get_user(tokens.access_token)
    assert user.response.get("PreferredMfaSetting") == "SOFTWARE_TOKEN_MFA"
    challenge = challenge_of(calls.sign_in_password(username, PASSWORD))
    assert challenge is not None and challenge.name == "SOFTWARE_TOKEN_MFA"
    # The next period's code: Cognito refuses a code used once, and accepts one step of drift.
    answer = calls.respond_to_challenge(
        challenge.name,
        challenge.session,
        challenge.username,
        {"code": totp(secret, time.time() + 30)},
    )
    assert answer.ok, answer.one_line()
    assert tokens_of(answer) is not None


def test_mfa_setup_by_session(local: LocalTarget, target: Target) -> None:
    """A pool that requires MFA answers MFA_SETUP; TOTP is set up with the challenge session."""
    idp = make_client("cognito-idp", target)
    pool_id = idp.create_user_pool(PoolName=unique("mfa-on"), MfaConfiguration="OFF")["UserPool"][
        "Id"
    ]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="ON",
    )
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="mfa",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    mfa_target = target.replace(user_pool_id=pool_id, client_id=client_id)
    username = unique()
    admin = AdminCalls(mfa_target)
    assert admin.admin_create_user(username, attributes={"email": "m@example.com"}).ok
    assert admin.admin_set_user_password(username, PASSWORD, permanent=True).ok
    calls = UserPoolCalls(mfa_target)

    challenge = challenge_of(calls.sign_in_srp(username, PASSWORD))
    assert challenge is not None and challenge.name == "MFA_SETUP"
    associated = calls.associate_software_token(session=challenge.session)
    assert associated.ok, associated.one_line()
    verified = calls.verify_software_token(
        totp(associated.response["SecretCode"]),
        session=associated.response.get("Session", challenge.session),
    )
    assert verified.ok, verified.one_line()
    answer = calls.respond_to_challenge(
        "MFA_SETUP", verified.response["Session"], challenge.username, {}
    )
    assert answer.ok, answer.one_line()
    assert tokens_of(answer) is not None


def test_sms_mfa(local: LocalTarget, calls: UserPoolCalls, make_user: UserFactory) -> None:
    username = make_user(
        attributes={"phone_number": "+15555550100", "phone_number_verified": "true"}
    )
    tokens = tokens_of(calls.sign_in_password(username, PASSWORD))
    assert tokens is not None
    preference = calls.set_user_mfa_preference(tokens.access_token, sms=True, preferred="sms")
    assert preference.ok, preference.one_line()
    challenge = challenge_of(calls.sign_in_password(username, PASSWORD))
    assert challenge is not None and challenge.name == "SMS_MFA"
    code = outbox_code(local, username, "MFA") or "123456"
    answer = calls.respond_to_challenge(
        challenge.name, challenge.session, challenge.username, {"code": code}
    )
    assert answer.ok, answer.one_line()
    assert tokens_of(answer) is not None


def test_email_otp(local: LocalTarget, calls: UserPoolCalls, make_user: UserFactory) -> None:
    username = make_user()
    tokens = tokens_of(calls.sign_in_password(username, PASSWORD))
    assert tokens is not None
    assert calls.set_user_mfa_preference(tokens.access_token, email=True, preferred="email").ok
    challenge = challenge_of(calls.sign_in_password(username, PASSWORD))
    assert challenge is not None and challenge.name == "EMAIL_OTP"
    answer = calls.respond_to_challenge(
        challenge.name,
        challenge.session,
        challenge.username,
        {"code": outbox_code(local, username)},
    )
    assert tokens_of(answer) is not None


def test_select_mfa_type(local: LocalTarget, calls: UserPoolCalls, make_user: UserFactory) -> None:
    username = make_user(
        attributes={"phone_number": "+15555550101", "phone_number_verified": "true"}
    )
    tokens = tokens_of(calls.sign_in_password(username, PASSWORD))
    assert tokens is not None
    secret = _enable_totp(calls, tokens)
    assert calls.set_user_mfa_preference(tokens.access_token, totp=True, sms=True).ok
    challenge = challenge_of(calls.sign_in_password(username, PASSWORD))
    assert challenge is not None and challenge.name == "SELECT_MFA_TYPE"
    selected = calls.respond_to_challenge(
        challenge.name, challenge.session, challenge.username, {"mfa_type": "totp"}
    )
    follow = challenge_of(selected)
    assert follow is not None and follow.name == "SOFTWARE_TOKEN_MFA"
    answer = calls.respond_to_challenge(
        follow.name, follow.session, follow.username, {"code": totp(secret, time.time() + 30)}
    )
    assert tokens_of(answer) is not None


def test_associate_software_token_needs_exactly_one_of_session_and_token(
    dead_target: Target,
) -> None:
    calls = UserPoolCalls(dead_target)
    assert calls.associate_software_token().error_code == INVALID_INPUT
    both = calls.associate_software_token(session="s" * 30, access_token="a" * 30)
    assert both.error_code == INVALID_INPUT


def test_each_user_gets_their_own_totp_secret(calls: UserPoolCalls, make_user: UserFactory) -> None:
    secrets = set()
    for _ in range(2):
        tokens = tokens_of(calls.sign_in_password(make_user(), PASSWORD))
        assert tokens is not None
        secrets.add(
            calls.associate_software_token(access_token=tokens.access_token).response["SecretCode"]
        )
    assert len(secrets) == 2


def test_verify_software_token_with_a_wrong_code(
    calls: UserPoolCalls, signed_in: tuple[str, Tokens]
) -> None:
    _, tokens = signed_in
    assert calls.associate_software_token(access_token=tokens.access_token).ok
    record = calls.verify_software_token("000000", access_token=tokens.access_token)
    assert record.error_code in {"CodeMismatchException", "EnableSoftwareTokenMFAException"}


# -- passwords -----------------------------------------------------------------------------


def test_forgot_and_confirm_forgot_password(
    local: LocalTarget, calls: UserPoolCalls, make_user: UserFactory
) -> None:
    username = make_user()
    forgot = calls.forgot_password(username)
    assert forgot.ok, forgot.one_line()
    assert forgot.response["CodeDeliveryDetails"]["Destination"]
    code = outbox_code(local, username, "FORGOT_PASSWORD") or "123456"
    confirm = calls.confirm_forgot_password(username, code, NEW_PASSWORD)
    assert confirm.ok, confirm.one_line()
    assert tokens_of(calls.sign_in_password(username, NEW_PASSWORD)) is not None


def test_forgot_password_goes_to_the_verified_email(
    calls: UserPoolCalls, make_user: UserFactory
) -> None:
    forgot = calls.forgot_password(make_user())
    assert forgot.response["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"


def test_confirm_forgot_password_with_a_wrong_code(
    calls: UserPoolCalls, make_user: UserFactory
) -> None:
    username = make_user()
    assert calls.forgot_password(username).ok
    record = calls.confirm_forgot_password(username, "000000", NEW_PASSWORD)
    assert record.error_code in {"CodeMismatchException", "ExpiredCodeException"}


def test_change_password(calls: UserPoolCalls, signed_in: tuple[str, Tokens]) -> None:
    username, tokens = signed_in
    record = calls.change_password(tokens.access_token, PASSWORD, NEW_PASSWORD)
    assert record.ok, record.one_line()
    assert record.request["PreviousPassword"] != PASSWORD
    assert calls.sign_in_password(username, PASSWORD).error_code == "NotAuthorizedException"
    assert tokens_of(calls.sign_in_password(username, NEW_PASSWORD)) is not None


def test_change_password_to_a_weak_one(calls: UserPoolCalls, signed_in: tuple[str, Tokens]) -> None:
    _, tokens = signed_in
    record = calls.change_password(tokens.access_token, PASSWORD, "NoSymbols123")
    assert record.error_code == "InvalidPasswordException"
    assert "password policy" in record.explanation


# -- the signed-in user --------------------------------------------------------------------


def test_get_user(calls: UserPoolCalls, signed_in: tuple[str, Tokens]) -> None:
    username, tokens = signed_in
    record = calls.get_user(tokens.access_token)
    assert record.ok, record.one_line()
    assert record.response["Username"] == username
    assert _attributes(record.response)["email"] == f"{username}@example.com"


def test_get_user_with_a_bogus_token(calls: UserPoolCalls) -> None:
    record = calls.get_user("not-an-access-token")
    assert record.error_code == "NotAuthorizedException"
    assert record.explanation


def test_update_user_attributes(calls: UserPoolCalls, signed_in: tuple[str, Tokens]) -> None:
    _, tokens = signed_in
    record = calls.update_user_attributes(tokens.access_token, {"phone_number": "+15555550123"})
    assert record.ok, record.one_line()
    got = _attributes(calls.get_user(tokens.access_token).response)
    assert got["phone_number"] == "+15555550123"


def test_update_user_attributes_needs_one(dead_target: Target) -> None:
    record = UserPoolCalls(dead_target).update_user_attributes("a" * 30, {})
    assert record.error_code == INVALID_INPUT


def test_get_user_attribute_verification_code(
    calls: UserPoolCalls, signed_in: tuple[str, Tokens]
) -> None:
    _, tokens = signed_in
    record = calls.get_user_attribute_verification_code(tokens.access_token, "email")
    assert record.ok, record.one_line()
    assert record.request["AttributeName"] == "email"


def test_verify_user_attribute(
    local: LocalTarget, calls: UserPoolCalls, signed_in: tuple[str, Tokens]
) -> None:
    username, tokens = signed_in
    assert calls.update_user_attributes(
        tokens.access_token, {"email": f"{username}@example.net"}
    ).ok
    assert calls.get_user_attribute_verification_code(tokens.access_token, "email").ok
    code = outbox_code(local, username, "VERIFY_ATTRIBUTE")
    record = calls.verify_user_attribute(tokens.access_token, "email", code)
    assert record.ok, record.one_line()
    assert _attributes(calls.get_user(tokens.access_token).response)["email_verified"] == "true"


def test_set_user_mfa_preference_validation(dead_target: Target) -> None:
    calls = UserPoolCalls(dead_target)
    assert calls.set_user_mfa_preference("a" * 30).error_code == INVALID_INPUT
    assert (
        calls.set_user_mfa_preference("a" * 30, preferred="carrier-pigeon").error_code
        == INVALID_INPUT
    )
    off = calls.set_user_mfa_preference("a" * 30, totp=False, preferred="totp")
    assert off.error_code == INVALID_INPUT


def test_set_user_mfa_preference_disable(
    calls: UserPoolCalls, signed_in: tuple[str, Tokens]
) -> None:
    _, tokens = signed_in
    record = calls.set_user_mfa_preference(tokens.access_token, sms=False)
    assert record.ok, record.one_line()
    assert record.request["SMSMfaSettings"] == {"Enabled": False, "PreferredMfa": False}


def test_global_sign_out_revokes_the_refresh_token(
    calls: UserPoolCalls, signed_in: tuple[str, Tokens]
) -> None:
    username, tokens = signed_in
    record = calls.global_sign_out(tokens.access_token)
    assert record.ok, record.one_line()
    assert calls.refresh(username, tokens.refresh_token).error_code == "NotAuthorizedException"


def test_revoke_token(calls: UserPoolCalls, signed_in: tuple[str, Tokens]) -> None:
    username, tokens = signed_in
    record = calls.revoke_token(tokens.refresh_token)
    assert record.ok, record.one_line()
    assert calls.refresh(username, tokens.refresh_token).error_code == "NotAuthorizedException"


def test_revoke_token_sends_the_client_secret_not_a_hash(secret_target: Target) -> None:
    calls = UserPoolCalls(secret_target)
    sent = _sent_params(calls, "RevokeToken")
    record = calls.revoke_token("some-refresh-token")
    assert sent[0]["ClientSecret"] == secret_target.client_secret
    assert "SecretHash" not in sent[0]
    assert record.request["ClientSecret"] != secret_target.client_secret


def test_delete_user(
    calls: UserPoolCalls, admin: AdminCalls, signed_in: tuple[str, Tokens]
) -> None:
    username, tokens = signed_in
    record = calls.delete_user(tokens.access_token)
    assert record.ok, record.one_line()
    assert admin.admin_get_user(username).error_code == "UserNotFoundException"


def test_an_http_error_page_is_one_readable_line() -> None:
    """A server's HTML error page (no Cognito error in it) becomes a code and one line."""
    page = "<!doctype html>\n<title>500 Internal Server Error</title>\n<p>It broke.</p>\n"
    exc = ClientError(
        {"Error": {"Code": "500", "Message": page}, "ResponseMetadata": {"HTTPStatusCode": 500}},
        "RevokeToken",
    )
    code, message, status = failure_of(exc)
    assert (code, status) == ("HTTP500", 500)
    assert message == "HTTP 500: 500 Internal Server Error: It broke."


def test_concurrent_srp_sign_ins_share_one_calls_object(
    calls: UserPoolCalls, make_user: UserFactory
) -> None:
    """The UI runs one UserPoolCalls from several worker threads at once."""
    from concurrent.futures import ThreadPoolExecutor

    users = [make_user() for _ in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        records = list(pool.map(lambda u: calls.sign_in_srp(u, PASSWORD), users))
    for username, record in zip(users, records, strict=True):
        tokens = tokens_of(record)
        assert tokens is not None, record.one_line()
        assert calls.get_user(tokens.access_token).response["Username"] == username
