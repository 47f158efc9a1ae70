"""Sign-up and the other code flows a user starts without signing in.

SignUp, ConfirmSignUp and ResendConfirmationCode; ForgotPassword and ConfirmForgotPassword.
Each names its app client and user, so each checks the client's secret hash first; codes are
made by the emulator's state, delivered to the outbox (moto accepts any code), and checked
with Cognito's messages. Where a code goes is the pool's choice (``policy.delivery`` for
sign-up, ``policy.recovery`` for a password reset). The triggers run where Cognito runs
them: PreSignUp before the user exists (it may confirm and verify; when it or the
CustomMessage trigger refuses, no user is left behind), PostConfirmation after a
confirmation or a password reset, UserMigration in ForgotPassword for a user the pool lacks.
"""

from __future__ import annotations

from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_client, find_user
from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.userpool.lambdas import Lambdas
from cognito_bench.emulator.userpool.params import (
    attributes,
    call_moto,
    text,
    user_attr,
    user_status,
)
from cognito_bench.emulator.userpool.policy import (
    check_addresses,
    check_alias_username,
    check_password_policy,
    check_secret,
    delivery,
    public_user,
    recovery,
)

__all__ = ["SignUp"]


def _client_user(params: dict[str, Any]) -> tuple[Any, Any, Any, str]:
    """(backend, pool, client, username) of a request, after the client's secret hash check."""
    backend, pool, client = find_client(text(params, "ClientId"))
    username = text(params, "Username")
    check_secret(client, username, params.get("SecretHash"))
    return backend, pool, client, username


class SignUp:
    """SignUp, its confirmation and resend, and the forgotten-password pair.

    Args:
        state: the emulator's state (codes and the outbox).
        lambdas: the triggers.
    """

    def __init__(self, state: EmulatorState, lambdas: Lambdas) -> None:
        self._s = state
        self._lambdas = lambdas

    def sign_up(self, params: dict[str, Any]) -> dict[str, Any]:
        """SignUp: moto makes the user; a code goes where the pool auto-verifies."""
        backend, pool, client, username = _client_user(params)
        password = text(params, "Password")
        given = attributes(params, "UserAttributes")
        check_alias_username(pool, username)
        check_addresses(given)
        if find_user(pool, username) is not None:
            raise CognitoError("UsernameExistsException", "User already exists")
        check_password_policy(pool, password)
        validation = attributes(params, "ValidationData") if "ValidationData" in params else None
        answer = self._lambdas.pre_sign_up(pool, username, given, validation)
        user, _ = call_moto(backend.sign_up, client.id, username, password, given)
        # moto's sign_up marks nothing verified; Cognito leaves *_verified unset until a code
        verified = [
            {"Name": f"{name}_verified", "Value": "true"}
            for name, wanted in (
                ("email", answer.verify_email),
                ("phone_number", answer.verify_phone),
            )
            if wanted and user_attr(user, name)
        ]
        if verified:
            user.update_attributes(verified)
        response: dict[str, Any] = {"UserConfirmed": answer.confirm, "UserSub": user.id}
        if answer.confirm:
            user.status = user_status("CONFIRMED")
            return response
        sent_to = delivery(pool, user)
        if sent_to is not None:
            try:
                self._s.issue_code(pool.id, user.username, "SIGN_UP", "SIGN_UP", sent_to)
            except CognitoError:
                call_moto(backend.admin_delete_user, pool.id, user.username)  # nothing half-done
                raise
            response["CodeDeliveryDetails"] = sent_to.details()
        return response

    def confirm_sign_up(self, params: dict[str, Any]) -> dict[str, Any]:
        """ConfirmSignUp: the code confirms the user and verifies where it went."""
        _, pool, _, username = _client_user(params)
        code = text(params, "ConfirmationCode")
        user = public_user(pool, username)
        if user.status == "CONFIRMED":
            raise CognitoError(
                "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"
            )
        pending = self._s.check_code(pool.id, user.username, "SIGN_UP", code)
        self._s.use_code(pool.id, user.username, "SIGN_UP")
        user.status = user_status("CONFIRMED")
        user.update_attributes(
            [{"Name": f"{pending.delivery.attribute}_verified", "Value": "true"}]
        )
        self._lambdas.post_confirmation(pool, user, "PostConfirmation_ConfirmSignUp")
        return {}

    def resend_confirmation_code(self, params: dict[str, Any]) -> dict[str, Any]:
        """ResendConfirmationCode: a new sign-up code replaces the old one."""
        _, pool, _, username = _client_user(params)
        user = public_user(pool, username)
        if user.status == "CONFIRMED":
            raise CognitoError("InvalidParameterException", "User is already confirmed.")
        sent_to = delivery(pool, user)
        if sent_to is None:
            raise CognitoError(
                "InvalidParameterException", "Cannot resend codes. Auto verification not turned on."
            )
        self._s.issue_code(pool.id, user.username, "SIGN_UP", "RESEND", sent_to)
        return {"CodeDeliveryDetails": sent_to.details()}

    def forgot_password(self, params: dict[str, Any]) -> dict[str, Any]:
        """ForgotPassword: a reset code to the pool's recovery choice.

        A user the pool lacks is asked of the UserMigration trigger first.
        """
        backend, pool, _, username = _client_user(params)
        if find_user(pool, username) is None:
            self._lambdas.migrate_user(
                backend, pool, username, None, "UserMigration_ForgotPassword"
            )
        user = public_user(pool, username)
        if not user.enabled:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        sent_to = recovery(pool, user)
        self._s.issue_code(pool.id, user.username, "FORGOT", "FORGOT_PASSWORD", sent_to)
        return {"CodeDeliveryDetails": sent_to.details()}

    def confirm_forgot_password(self, params: dict[str, Any]) -> dict[str, Any]:
        """ConfirmForgotPassword: the code and a new password to the pool's policy."""
        _, pool, _, username = _client_user(params)
        code = text(params, "ConfirmationCode")
        password = text(params, "Password")
        user = public_user(pool, username)
        self._s.check_code(pool.id, user.username, "FORGOT", code)
        check_password_policy(pool, password)
        self._s.use_code(pool.id, user.username, "FORGOT")
        user.password = password
        if user.status in ("RESET_REQUIRED", "FORCE_CHANGE_PASSWORD"):
            user.status = user_status("CONFIRMED")
        self._lambdas.post_confirmation(pool, user, "PostConfirmation_ConfirmForgotPassword")
        return {}
