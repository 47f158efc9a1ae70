"""Administrator operations: moto answers them, after Cognito's checks and with its messages.

AdminCreateUser sends the invitation Cognito would send (the temporary password, to the
outbox) and handles RESEND and SUPPRESS; AdminSetUserPassword and the other Admin* calls
check the password policy, the address formats and the user's state first; AdminResetUser-
Password sends a reset code; AdminDeleteUser forgets what the emulator kept. CreateUserPool
and CreateUserPoolClient give the new pool and secret Cognito's shapes.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from cognito_bench.emulator import signing
from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.ids import rename_pool, renew_secret
from cognito_bench.emulator.motostate import find_client, find_pool, find_user
from cognito_bench.emulator.state import Delivery, EmulatorState, Message
from cognito_bench.emulator.userpool.lambdas import Lambdas
from cognito_bench.emulator.userpool.mfa import with_email_mfa
from cognito_bench.emulator.userpool.params import Forward, attributes, text, user_json
from cognito_bench.emulator.userpool.policy import (
    admin_user,
    check_addresses,
    check_alias_username,
    check_password_policy,
    check_refresh_token_rotation,
    check_sign_in_policy,
    invitation_deliveries,
    recovery,
)

__all__ = ["Admin"]

# symbols for generated temporary passwords: no quotes, backslash or space (easy to paste)
_INVITE_SYMBOLS = "^$*.[]{}()?!@#%&/,><:;|_~=+-"


def _temporary_password(pool: Any) -> str:
    """A temporary password that meets the pool's policy (Cognito makes one when none is given)."""
    policy = (pool.extended_config.get("Policies") or {}).get("PasswordPolicy") or {}
    length = max(int(policy.get("MinimumLength", 8)), 12)
    pools = [string.ascii_lowercase, string.ascii_uppercase, string.digits, _INVITE_SYMBOLS]
    chars = [secrets.choice(p) for p in pools]
    everything = "".join(pools)
    chars += [secrets.choice(everything) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


class Admin:
    """The Admin* operations and the pool and client set-up the emulator completes.

    Args:
        state: the emulator's state (outbox, codes, the signer new pools are registered with).
        lambdas: the triggers (PreSignUp_AdminCreateUser, the invitation's CustomMessage,
            PostConfirmation).
    """

    def __init__(self, state: EmulatorState, lambdas: Lambdas) -> None:
        self._s = state
        self._lambdas = lambdas

    # users ------------------------------------------------------------------------------------

    def admin_create_user(self, params: dict[str, Any]) -> dict[str, Any] | Forward:
        """moto makes the user; the emulator sends the invitation Cognito would send.

        MessageAction unset: an ``INVITATION`` with the temporary password (the given one, or
        one generated to the pool's policy) to each of DesiredDeliveryMediums (default SMS)
        the user has an address for; EMAIL without an e-mail address is refused as Cognito
        refuses it. SUPPRESS: no message. RESEND: a new temporary password, sent again, for a
        user still in FORCE_CHANGE_PASSWORD (moto would replace the user, so it never sees it).
        """
        _, pool = find_pool(text(params, "UserPoolId"))
        username = text(params, "Username")
        temporary = text(params, "TemporaryPassword", required=False)
        if temporary:
            check_password_policy(pool, temporary)
        action = text(params, "MessageAction", required=False)
        mediums = params.get("DesiredDeliveryMediums") or ["SMS"]
        if not isinstance(mediums, list) or not all(isinstance(m, str) for m in mediums):
            raise CognitoError(
                "SerializationException", "Expected a list for DesiredDeliveryMediums."
            )
        password = temporary or _temporary_password(pool)
        if action == "RESEND":
            return self._resend_invitation(pool, username, password, mediums)
        given = attributes(params, "UserAttributes")
        check_alias_username(pool, username)
        check_addresses(given)
        addresses = {a["Name"]: a["Value"] for a in given}
        alias_of = pool.extended_config.get("UsernameAttributes") or []
        if "email" in alias_of and "@" in username:
            addresses.setdefault("email", username)
        if "phone_number" in alias_of and username.startswith("+"):
            addresses.setdefault("phone_number", username)
        deliveries = [] if action == "SUPPRESS" else invitation_deliveries(mediums, addresses)
        validation = attributes(params, "ValidationData") if "ValidationData" in params else None
        answer = self._lambdas.pre_sign_up(
            pool, username, given, validation, source="PreSignUp_AdminCreateUser"
        )

        def after(response: dict[str, Any]) -> dict[str, Any]:
            user = find_user(pool, str((response.get("User") or {}).get("Username", "")))
            if user is None:
                return response
            # Cognito always gives the user a temporary password; moto leaves None
            user.password = password
            verified = [
                {"Name": f"{name}_verified", "Value": "true"}
                for name, wanted in (
                    ("email", answer.verify_email),
                    ("phone_number", answer.verify_phone),
                )
                if wanted and name in addresses
            ]
            if verified:
                user.update_attributes(verified)
                response["User"] = user_json(user)
            try:
                self._invite(pool, user, password, deliveries)
            except CognitoError:
                pool.users.pop(user.username, None)  # a refused invitation leaves no user
                raise
            return response

        return Forward(after)

    def _invite(self, pool: Any, user: Any, password: str, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            self._s.deliver(Message(pool.id, user.username, delivery, "INVITATION", password))

    def _resend_invitation(
        self, pool: Any, username: str, password: str, mediums: list[str]
    ) -> dict[str, Any]:
        user = find_user(pool, username)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        if user.status != "FORCE_CHANGE_PASSWORD":
            raise CognitoError(
                "UnsupportedUserStateException",
                f"Resend not possible. {username} status is not FORCE_CHANGE_PASSWORD",
            )
        deliveries = invitation_deliveries(mediums, dict(user.attribute_lookup))
        user.password = password
        self._invite(pool, user, password, deliveries)
        return {"User": user_json(user)}

    def admin_get_user(self, params: dict[str, Any]) -> Forward:
        """AdminGetUser: moto's description, with e-mail MFA."""
        _, pool, user = admin_user(params)
        return with_email_mfa(self._s, pool, user)

    def admin_set_user_password(self, params: dict[str, Any]) -> Forward:
        """AdminSetUserPassword: the pool's password policy first."""
        _, pool, _ = admin_user(params)
        check_password_policy(pool, text(params, "Password"))
        return Forward()

    def admin_reset_user_password(self, params: dict[str, Any]) -> Forward:
        """AdminResetUserPassword: a reset code to the recovery choice; the user is signed out."""
        _, pool, user = admin_user(params)

        def after(response: dict[str, Any]) -> dict[str, Any]:
            delivery = recovery(pool, user)
            self._s.issue_code(pool.id, user.username, "FORGOT", "FORGOT_PASSWORD", delivery)
            pool.sign_out(user.username)
            return response

        return Forward(after)

    def admin_delete_user(self, params: dict[str, Any]) -> Forward:
        """AdminDeleteUser: the user's tokens and what the emulator kept go too."""
        _, pool, user = admin_user(params)
        pool.sign_out(user.username)
        self._s.forget_user(pool.id, user.username)
        return Forward()

    def admin_update_user_attributes(self, params: dict[str, Any]) -> Forward:
        """AdminUpdateUserAttributes: the address formats first."""
        check_addresses(attributes(params, "UserAttributes"))
        return Forward()

    def admin_confirm_sign_up(self, params: dict[str, Any]) -> Forward:
        """AdminConfirmSignUp: refused for a confirmed user; the pending code is dropped."""
        _, pool, user = admin_user(params)
        if user.status == "CONFIRMED":
            raise CognitoError(
                "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"
            )
        self._s.use_code(pool.id, user.username, "SIGN_UP")

        def after(response: dict[str, Any]) -> dict[str, Any]:
            self._lambdas.post_confirmation(pool, user, "PostConfirmation_ConfirmSignUp")
            return response

        return Forward(after)

    # pools and clients --------------------------------------------------------------------------

    def create_user_pool(self, params: dict[str, Any]) -> Forward:
        """CreateUserPool: a Cognito-shaped id, and the pool signs with the emulator's key."""
        text(params, "PoolName")
        check_sign_in_policy(params)

        def after(response: dict[str, Any]) -> dict[str, Any]:
            described = response.get("UserPool") or {}
            moto_id = described.get("Id")
            if not moto_id:
                return response
            backend, pool = find_pool(moto_id)
            described["Id"] = rename_pool(backend, pool)
            described["Arn"] = pool.arn
            if self._s.signer is not None:
                signing.register_pool(pool.id, self._s.signer)
            return response

        return Forward(after)

    def update_user_pool(self, params: dict[str, Any]) -> Forward:
        """moto keeps Policies (SignInPolicy included) as given; the policy is checked first."""
        find_pool(text(params, "UserPoolId"))
        check_sign_in_policy(params)
        return Forward()

    def create_user_pool_client(self, params: dict[str, Any]) -> Forward:
        """CreateUserPoolClient: a secret of Cognito's shape when one is generated (its date
        the client's creation); a RefreshTokenRotation Cognito refuses is refused."""
        find_pool(text(params, "UserPoolId"))
        text(params, "ClientName")
        check_refresh_token_rotation(params)

        def after(response: dict[str, Any]) -> dict[str, Any]:
            described = response.get("UserPoolClient") or {}
            if described.get("ClientSecret"):
                _, _, client = find_client(described["ClientId"], described["UserPoolId"])
                described["ClientSecret"] = renew_secret(client, self._s.clock())
            return response

        return Forward(after)

    def update_user_pool_client(self, params: dict[str, Any]) -> Forward:
        """UpdateUserPoolClient: moto answers, after the RefreshTokenRotation check."""
        find_client(text(params, "ClientId"), text(params, "UserPoolId"))
        check_refresh_token_rotation(params)
        return Forward()
