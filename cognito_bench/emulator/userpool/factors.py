"""A user's authentication factors: GetUserAuthFactors, its Admin form, AdminDeleteSoftwareToken.

ConfiguredUserAuthFactors lists what the user has set up for sign-in: PASSWORD (a password),
EMAIL_OTP and SMS_OTP (an address, where the pool allows that first factor), WEB_AUTHN (a
passkey), SOFTWARE_TOKEN (a verified TOTP secret); the MFA settings come with them.
AdminDeleteSoftwareToken removes a user's TOTP factor: where MFA is required, the next sign-in
asks for MFA_SETUP again.
"""

from __future__ import annotations

from typing import Any

from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.params import text, user_attr
from cognito_bench.emulator.userpool.passkeys import Passkeys
from cognito_bench.emulator.userpool.policy import admin_user, mfa_factors, sign_in_factors

__all__ = ["AuthFactors"]

_FIRST_FACTOR_ADDRESSES = {"EMAIL_OTP": "email", "SMS_OTP": "phone_number"}


class AuthFactors:
    """The auth-factor operations.

    Args:
        state: the emulator's state (TOTP secrets, e-mail MFA).
        issuer: checks access tokens.
        passkeys: whether the user has a passkey.
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer, passkeys: Passkeys) -> None:
        self._s = state
        self._issuer = issuer
        self._passkeys = passkeys

    def get_user_auth_factors(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetUserAuthFactors: the signed-in user's factors."""
        _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        return self._factors(pool, user)

    def admin_get_user_auth_factors(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminGetUserAuthFactors: any user's factors."""
        _, pool, user = admin_user(params)
        return self._factors(pool, user)

    def _factors(self, pool: Any, user: Any) -> dict[str, Any]:
        allowed = sign_in_factors(pool)
        configured = ["PASSWORD"] if user.password else []
        configured += [
            factor
            for factor, attribute in _FIRST_FACTOR_ADDRESSES.items()
            if factor in allowed and user_attr(user, attribute)
        ]
        if self._passkeys.has_passkeys(pool, user):
            configured.append("WEB_AUTHN")
        if (pool.id, user.username) in self._s.totp:
            configured.append("SOFTWARE_TOKEN")
        mfa = mfa_factors(self._s, pool, user)
        result: dict[str, Any] = {
            "Username": user.username,
            "UserMFASettingList": mfa,
            "ConfiguredUserAuthFactors": configured,
        }
        if mfa and user.preferred_mfa_setting in mfa:
            result["PreferredMfaSetting"] = user.preferred_mfa_setting
        return result

    def admin_delete_software_token(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminDeleteSoftwareToken: the user's TOTP secret and factor are gone."""
        _, pool, user = admin_user(params)
        key = (pool.id, user.username)
        self._s.totp.pop(key, None)
        self._s.totp_pending.pop(key, None)
        user.software_token_mfa_enabled = False
        user.token_verified = False
        if user.preferred_mfa_setting == "SOFTWARE_TOKEN_MFA":
            user.preferred_mfa_setting = ""
        return {}
