"""Behaviour 2: sign-up and password-reset codes are made, delivered to the outbox, and checked."""

from __future__ import annotations

from typing import Any

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import (
    PASSWORD,
    Clocked,
    User,
    error_of,
    get_json,
    make_user,
    outbox_code,
    password_sign_in,
    unique,
    wrong_code,
)

MISMATCH = ("CodeMismatchException", "Invalid verification code provided, please try again.")
EXPIRED = ("ExpiredCodeException", "Invalid code provided, please request a code again.")


def test_sign_up_delivers_a_six_digit_code_like_cognito(local: LocalTarget, idp: Any) -> None:
    username = unique()
    response = idp.sign_up(
        ClientId=local.client_id,
        Username=username,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": "dana@example.com"}],
    )
    assert response["UserConfirmed"] is False
    assert response["CodeDeliveryDetails"] == {
        "Destination": "d***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    (message,) = get_json(f"{local.outbox_url}?username={username}")
    assert message["destination"] == "dana@example.com"
    assert message["purpose"] == "SIGN_UP"
    assert len(message["code"]) == 6 and message["code"].isdigit()


def test_confirm_sign_up_checks_the_code(local: LocalTarget, idp: Any) -> None:
    pending = make_user(local, idp, confirm=False)
    code = outbox_code(local, pending.username)

    def confirm(value: str) -> Any:
        return idp.confirm_sign_up(
            ClientId=local.client_id, Username=pending.username, ConfirmationCode=value
        )

    assert error_of(lambda: confirm(wrong_code(code))) == MISMATCH
    confirm(code)
    user = idp.admin_get_user(UserPoolId=local.user_pool_id, Username=pending.username)
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    assert error_of(lambda: confirm(code)) == (
        "NotAuthorizedException",
        "User cannot be confirmed. Current status is CONFIRMED",
    )


def test_resend_replaces_the_code(local: LocalTarget, idp: Any) -> None:
    pending = make_user(local, idp, confirm=False)
    first = outbox_code(local, pending.username)
    details = idp.resend_confirmation_code(ClientId=local.client_id, Username=pending.username)
    assert details["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    second = outbox_code(local, pending.username, "RESEND")
    if first != second:
        assert (
            error_of(
                lambda: idp.confirm_sign_up(
                    ClientId=local.client_id, Username=pending.username, ConfirmationCode=first
                )
            )
            == MISMATCH
        )
    idp.confirm_sign_up(
        ClientId=local.client_id, Username=pending.username, ConfirmationCode=second
    )


def test_an_expired_code_is_refused(clocked: Clocked) -> None:
    target, idp = clocked.target, clocked.idp
    pending = make_user(target, idp, confirm=False)
    code = outbox_code(target, pending.username)
    clocked.clock.advance(24 * 3600 + 1)
    assert (
        error_of(
            lambda: idp.confirm_sign_up(
                ClientId=target.client_id, Username=pending.username, ConfirmationCode=code
            )
        )
        == EXPIRED
    )


def test_forgot_password_round_trip(local: LocalTarget, idp: Any, user: User) -> None:
    sent = idp.forgot_password(ClientId=local.client_id, Username=user.username)
    assert sent["CodeDeliveryDetails"]["Destination"].endswith("@e***")
    code = outbox_code(local, user.username, "FORGOT_PASSWORD")

    def confirm(value: str, password: str = "New-Passw0rd!") -> Any:
        return idp.confirm_forgot_password(
            ClientId=local.client_id,
            Username=user.username,
            ConfirmationCode=value,
            Password=password,
        )

    assert error_of(lambda: confirm(wrong_code(code))) == MISMATCH
    assert error_of(lambda: confirm(code, "weakpassword")) == (
        "InvalidPasswordException",
        "Password did not conform with policy: Password must have uppercase characters",
    )
    confirm(code)
    user.password = "New-Passw0rd!"
    assert "AuthenticationResult" in password_sign_in(local, idp, user)
    assert error_of(lambda: confirm(code)) == MISMATCH


def test_forgot_password_needs_a_verified_destination(local: LocalTarget, idp: Any) -> None:
    pending = make_user(local, idp, confirm=False)
    assert error_of(
        lambda: idp.forgot_password(ClientId=local.client_id, Username=pending.username)
    ) == (
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or "
        "phone_number",
    )
