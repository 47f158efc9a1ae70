"""PreSignUp, PostConfirmation, CustomMessage and UserMigration (forgot password), in Python and
Node.js, against the emulator over HTTP."""

from __future__ import annotations

import pytest

from tests.emulator.conftest import PASSWORD, error_of, get_json, outbox_code, unique
from tests.emulator.triggers.conftest import Wired


def _sign_up(wired: Wired, username: str, **extra: object) -> dict[str, object]:
    response: dict[str, object] = wired.idp.sign_up(
        ClientId=wired.target.client_id,
        Username=username,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
        **extra,
    )
    return response


def _exists(wired: Wired, username: str) -> bool:
    """True when the pool has ``username`` (AdminGetUser)."""
    try:
        wired.idp.admin_get_user(UserPoolId=wired.target.user_pool_id, Username=username)
    except wired.idp.exceptions.UserNotFoundException:
        return False
    return True


def test_pre_sign_up_sees_cognitos_event_and_auto_confirms(wired: Wired) -> None:
    wired.use("PreSignUp")
    username = unique("auto")
    response = _sign_up(
        wired,
        username,
        ValidationData=[{"Name": "auto", "Value": "yes"}],
        ClientMetadata={"app": "bench"},
    )
    assert response["UserConfirmed"] is True
    assert "CodeDeliveryDetails" not in response  # confirmed: no code sent
    user = wired.idp.admin_get_user(UserPoolId=wired.target.user_pool_id, Username=username)
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    (invocation,) = wired.invocations(response)
    event = invocation["event"]
    assert event["version"] == "1"
    assert event["triggerSource"] == "PreSignUp_SignUp"
    assert event["region"] == wired.target.region
    assert event["userPoolId"] == wired.target.user_pool_id
    assert event["userName"] == username
    assert event["callerContext"]["clientId"] == wired.target.client_id
    assert event["request"] == {
        "userAttributes": {"email": f"{username}@example.com"},
        "validationData": {"auto": "yes"},
        "clientMetadata": {"app": "bench"},
    }
    assert invocation["answer"]["response"]["autoConfirmUser"] is True
    assert f"pre sign-up for {username}" in invocation["logs"]
    assert invocation["error"] is None
    assert invocation["triggerSource"] == "PreSignUp_SignUp"
    assert invocation["ms"] > 0


def test_a_refused_sign_up_leaves_no_user(wired: Wired) -> None:
    wired.use("PreSignUp")
    username = unique("refused")
    assert error_of(lambda: _sign_up(wired, username, ClientMetadata={"mode": "raise"})) == (
        "UserLambdaValidationException",
        "PreSignUp failed with error PreSignUp_SignUp refused by the test.",
    )
    assert not _exists(wired, username)
    # the same name signs up once the trigger lets it
    assert _sign_up(wired, username)["UserConfirmed"] is False


def test_pre_sign_up_of_admin_create_user(wired: Wired) -> None:
    wired.use("PreSignUp")
    username = unique("admin")
    response = wired.idp.admin_create_user(
        UserPoolId=wired.target.user_pool_id,
        Username=username,
        MessageAction="SUPPRESS",
        ValidationData=[{"Name": "auto", "Value": "yes"}],
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
    )
    assert response["User"]["UserStatus"] == "FORCE_CHANGE_PASSWORD"  # admin users stay so
    (invocation,) = wired.invocations(response)
    assert invocation["triggerSource"] == "PreSignUp_AdminCreateUser"
    attributes = {a["Name"]: a["Value"] for a in response["User"]["Attributes"]}
    assert attributes.get("email_verified") == "true"


def test_post_confirmation_after_confirm_and_after_a_reset(wired: Wired) -> None:
    wired.use("PostConfirmation")
    username = unique("post")
    _sign_up(wired, username)
    confirmed = wired.idp.confirm_sign_up(
        ClientId=wired.target.client_id,
        Username=username,
        ConfirmationCode=outbox_code(wired.target, username, "SIGN_UP"),
    )
    (invocation,) = wired.invocations(confirmed)
    assert invocation["triggerSource"] == "PostConfirmation_ConfirmSignUp"
    assert invocation["event"]["request"]["userAttributes"]["cognito:user_status"] == "CONFIRMED"
    assert invocation["event"]["request"]["userAttributes"]["email_verified"] == "true"
    assert f"confirmed {username} CONFIRMED" in invocation["logs"]
    wired.idp.forgot_password(ClientId=wired.target.client_id, Username=username)
    reset = wired.idp.confirm_forgot_password(
        ClientId=wired.target.client_id,
        Username=username,
        ConfirmationCode=outbox_code(wired.target, username, "FORGOT_PASSWORD"),
        Password=PASSWORD + "2",
    )
    assert [i["triggerSource"] for i in wired.invocations(reset)] == [
        "PostConfirmation_ConfirmForgotPassword"
    ]


def test_custom_message_words_every_code(wired: Wired) -> None:
    wired.use("CustomMessage")
    username = unique("msg")
    _sign_up(wired, username)
    messages = get_json(f"{wired.target.outbox_url}?username={username}")
    (sent,) = messages
    assert sent["subject"] == "Custom subject"
    assert sent["message"] == f"Hello from CustomMessage_SignUp: {sent['code']}"
    wired.idp.resend_confirmation_code(ClientId=wired.target.client_id, Username=username)
    wired.idp.admin_confirm_sign_up(UserPoolId=wired.target.user_pool_id, Username=username)
    wired.idp.admin_update_user_attributes(
        UserPoolId=wired.target.user_pool_id,
        Username=username,
        UserAttributes=[{"Name": "email_verified", "Value": "true"}],
    )
    wired.idp.forgot_password(ClientId=wired.target.client_id, Username=username)
    invited = unique("inv")
    wired.idp.admin_create_user(
        UserPoolId=wired.target.user_pool_id,
        Username=invited,
        TemporaryPassword=PASSWORD,
        DesiredDeliveryMediums=["EMAIL"],
        UserAttributes=[{"Name": "email", "Value": f"{invited}@example.com"}],
    )
    words = [m["message"] for m in get_json(f"{wired.target.outbox_url}?username={username}")]
    assert [w.split(":")[0] for w in words] == [
        "Hello from CustomMessage_SignUp",
        "Hello from CustomMessage_ResendCode",
        "Hello from CustomMessage_ForgotPassword",
    ]
    (invitation,) = get_json(f"{wired.target.outbox_url}?username={invited}")
    assert invitation["message"] == (
        f"Hello from CustomMessage_AdminCreateUser: {PASSWORD} user {invited}"
    )


def test_without_custom_message_the_outbox_has_cognitos_words(wired: Wired) -> None:
    username = unique("plain")
    _sign_up(wired, username)
    (sent,) = get_json(f"{wired.target.outbox_url}?username={username}")
    assert sent["subject"] == "Your verification code"
    assert sent["message"] == f"Your verification code is {sent['code']}."


def test_a_custom_message_without_the_code_is_refused_and_leaves_no_user(wired: Wired) -> None:
    wired.use("CustomMessage")
    username = unique("nocode")
    code, message = error_of(lambda: _sign_up(wired, username, ClientMetadata={"mode": "nocode"}))
    assert code == "InvalidParameterException"
    assert message.startswith("1 validation error detected: Value at 'emailBody' failed")
    assert "\\{####\\}" in message
    assert get_json(f"{wired.target.outbox_url}?username={username}") == []
    assert not _exists(wired, username)


def test_user_migration_on_forgot_password(wired: Wired) -> None:
    wired.use("UserMigration")
    username = unique("legacy")
    response = wired.idp.forgot_password(ClientId=wired.target.client_id, Username=username)
    assert response["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    (invocation,) = wired.invocations(response)
    assert invocation["triggerSource"] == "UserMigration_ForgotPassword"
    assert "password" not in invocation["event"]["request"]
    user = wired.idp.admin_get_user(UserPoolId=wired.target.user_pool_id, Username=username)
    assert user["UserStatus"] == "RESET_REQUIRED"
    wired.idp.confirm_forgot_password(
        ClientId=wired.target.client_id,
        Username=username,
        ConfirmationCode=outbox_code(wired.target, username, "FORGOT_PASSWORD"),
        Password=PASSWORD,
    )
    signed_in = wired.idp.initiate_auth(
        ClientId=wired.target.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )
    assert "AuthenticationResult" in signed_in


def test_an_unknown_user_stays_unknown_when_migration_refuses(wired: Wired) -> None:
    wired.use("UserMigration")
    assert error_of(
        lambda: wired.idp.forgot_password(ClientId=wired.target.client_id, Username=unique("x"))
    ) == (
        "UserLambdaValidationException",
        "UserMigration failed with error User does not exist in the legacy directory.",
    )


@pytest.mark.parametrize(
    ("mode", "refusal"),
    [
        ("garbage", ("InvalidLambdaResponseException", "Unrecognizable lambda output")),
        (
            "null",
            ("InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON"),
        ),
    ],
)
def test_malformed_answers(wired: Wired, mode: str, refusal: tuple[str, str]) -> None:
    wired.use("PreSignUp")
    username = unique(mode)
    assert error_of(lambda: _sign_up(wired, username, ClientMetadata={"mode": mode})) == refusal
    assert not _exists(wired, username)
