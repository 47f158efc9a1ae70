"""What a signed-in user does with their access token, and RevokeToken.

GetUser, UpdateUserAttributes, the attribute verification codes, ChangePassword,
GlobalSignOut and DeleteUser all start from an access token, checked by the issuer the way
Cognito checks it (signature, expiry, scope, revocation, a disabled user). RevokeToken takes
a refresh token and the client's secret instead. moto lacks DeleteUser, RevokeToken and
VerifyUserAttribute and sends no codes; those are answered here.
"""

from __future__ import annotations

from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_client
from cognito_bench.emulator.state import Delivery, EmulatorState
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.mfa import with_email_mfa
from cognito_bench.emulator.userpool.params import (
    Forward,
    attributes,
    call_moto,
    text,
    user_attr,
)
from cognito_bench.emulator.userpool.policy import (
    INCORRECT,
    check_addresses,
    check_password_policy,
    secret_matches,
)

__all__ = ["SelfService"]


def _attribute_delivery(name: str, value: str) -> Delivery:
    """Where a code verifying the attribute ``name`` (email or phone_number) goes."""
    return Delivery("SMS" if name == "phone_number" else "EMAIL", name, value)


class SelfService:
    """The access-token operations of a signed-in user, and RevokeToken.

    Args:
        state: the emulator's state (codes, e-mail MFA, what a deleted user leaves).
        issuer: checks access tokens and revokes refresh tokens.
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer) -> None:
        self._s = state
        self._issuer = issuer

    def _user(self, params: dict[str, Any]) -> tuple[Any, Any, Any]:
        """(backend, pool, user) of the request's AccessToken."""
        backend, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        return backend, pool, user

    def get_user(self, params: dict[str, Any]) -> Forward:
        """GetUser: moto's description, with e-mail MFA."""
        _, pool, user = self._user(params)
        return with_email_mfa(self._s, pool, user)

    def update_user_attributes(self, params: dict[str, Any]) -> dict[str, Any]:
        """UpdateUserAttributes: a changed auto-verified address is unverified and sent a code."""
        backend, pool, user = self._user(params)
        given = attributes(params, "UserAttributes")
        check_addresses(given)
        before = {n: user_attr(user, n) for n in ("email", "phone_number")}
        call_moto(backend.update_user_attributes, params["AccessToken"], given)
        auto = pool.extended_config.get("AutoVerifiedAttributes") or []
        details = []
        for name, old in before.items():
            new = user_attr(user, name)
            if new and new != old and name in auto:
                user.update_attributes([{"Name": f"{name}_verified", "Value": "false"}])
                delivery = _attribute_delivery(name, new)
                self._s.issue_code(
                    pool.id,
                    user.username,
                    f"ATTRIBUTE:{name}",
                    "VERIFY_ATTRIBUTE",
                    delivery,
                    source="CustomMessage_UpdateUserAttribute",
                )
                details.append(delivery.details())
        return {"CodeDeliveryDetailsList": details} if details else {}

    def get_user_attribute_verification_code(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetUserAttributeVerificationCode: a code to the e-mail address or phone number."""
        _, pool, user = self._user(params)
        name = text(params, "AttributeName")
        if name not in ("email", "phone_number"):
            raise CognitoError("InvalidParameterException", f"Invalid attribute name: {name}")
        value = user_attr(user, name)
        if not value:
            raise CognitoError(
                "InvalidParameterException", f"User does not have a value for the attribute: {name}"
            )
        delivery = _attribute_delivery(name, value)
        self._s.issue_code(
            pool.id, user.username, f"ATTRIBUTE:{name}", "VERIFY_ATTRIBUTE", delivery
        )
        return {"CodeDeliveryDetails": delivery.details()}

    def verify_user_attribute(self, params: dict[str, Any]) -> dict[str, Any]:
        """VerifyUserAttribute: the code marks the attribute verified."""
        _, pool, user = self._user(params)
        name = text(params, "AttributeName")
        code = text(params, "Code")
        kind = f"ATTRIBUTE:{name}"
        self._s.check_code(pool.id, user.username, kind, code)
        self._s.use_code(pool.id, user.username, kind)
        user.update_attributes([{"Name": f"{name}_verified", "Value": "true"}])
        return {}

    def change_password(self, params: dict[str, Any]) -> dict[str, Any]:
        """ChangePassword: the previous password, and a new one to the pool's policy."""
        _, pool, user = self._user(params)
        previous = text(params, "PreviousPassword", required=False)
        proposed = text(params, "ProposedPassword")
        if previous != user.password:
            raise CognitoError("NotAuthorizedException", INCORRECT)
        check_password_policy(pool, proposed)
        user.password = proposed
        return {}

    def global_sign_out(self, params: dict[str, Any]) -> dict[str, Any]:
        """GlobalSignOut: every token of the user stops working."""
        _, pool, user = self._user(params)
        pool.sign_out(user.username)
        return {}

    def delete_user(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeleteUser: the user, their tokens and what the emulator kept about them."""
        backend, pool, user = self._user(params)
        pool.sign_out(user.username)
        call_moto(backend.admin_delete_user, pool.id, user.username)
        self._s.forget_user(pool.id, user.username)
        return {}

    def revoke_token(self, params: dict[str, Any]) -> dict[str, Any]:
        """RevokeToken: a refresh token and the tokens issued with it stop working."""
        token = text(params, "Token")
        _, pool, client = find_client(text(params, "ClientId"))
        if client.generate_secret:
            # RevokeToken declares UnauthorizedException (not NotAuthorizedException) for a bad
            # client; the API reference gives no message, so it is worded like SECRET_HASH's.
            given = text(params, "ClientSecret", required=False)
            if not given:
                raise CognitoError(
                    "UnauthorizedException",
                    f"Client {client.id} is configured for secret but secret was not received",
                )
            if not secret_matches(client, given):
                raise CognitoError(
                    "UnauthorizedException", f"Unable to verify secret for client {client.id}"
                )
        if client.extended_config.get("EnableTokenRevocation") is False:
            raise CognitoError(
                "UnsupportedOperationException", "Token revocation is not enabled for this client."
            )
        if token.count(".") == 2:
            raise CognitoError("UnsupportedTokenTypeException", "Unsupported token type.")
        self._issuer.revoke(pool, client, token)
        return {}
