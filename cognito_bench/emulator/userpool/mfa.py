"""Multi-factor authentication: the MFA step after a password, and the MFA operations.

After the first factor, :meth:`Mfa.step` either issues tokens or asks for MFA_SETUP,
SELECT_MFA_TYPE or the user's factor (a TOTP code, or a code sent by SMS or e-mail).
AssociateSoftwareToken and VerifySoftwareToken give each user a secret of their own (moto
hands everyone the same one) and work both with an access token and inside MFA_SETUP;
Set/AdminSetUserMFAPreference check that the user can receive the factor. E-mail MFA is kept
by the emulator (moto does not know it), so user descriptions are completed here.
"""

from __future__ import annotations

import json
from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.state import AuthSession, Delivery, EmulatorState
from cognito_bench.emulator.totp import new_totp_secret, verify_totp
from cognito_bench.emulator.userpool.devices import Devices
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.params import Forward, call_moto, text, user_attr
from cognito_bench.emulator.userpool.policy import admin_user, mfa_factors
from cognito_bench.emulator.userpool.sessions import Challenge, ask, ask_for_code, session_user

__all__ = ["Mfa", "with_email_mfa"]


def with_email_mfa(state: EmulatorState, pool: Any, user: Any) -> Forward:
    """moto's user description (GetUser, AdminGetUser), plus e-mail MFA moto does not know."""

    def after(response: dict[str, Any]) -> dict[str, Any]:
        if (pool.id, user.username) in state.email_mfa:
            settings = response.setdefault("UserMFASettingList", [])
            if "EMAIL_OTP" not in settings:
                settings.append("EMAIL_OTP")
            if user.preferred_mfa_setting == "EMAIL_OTP":
                response["PreferredMfaSetting"] = "EMAIL_OTP"
        return response

    return Forward(after)


class Mfa:
    """The MFA step of every sign-in and the MFA operations.

    Args:
        state: the emulator's state (TOTP secrets, e-mail MFA, sessions, codes).
        issuer: checks access tokens.
        devices: issues the tokens when no MFA is due (with NewDeviceMetadata).
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer, devices: Devices) -> None:
        self._s = state
        self._issuer = issuer
        self._devices = devices

    # the step after a password --------------------------------------------------------------

    def step(
        self,
        backend: Any,
        pool: Any,
        client: Any,
        user: Any,
        device_key: str = "",
        source: str | None = None,
    ) -> dict[str, Any]:
        """Tokens, or the MFA challenge the pool's MFA configuration and the user's factors ask.

        ``device_key``: the device this sign-in proved (no NewDeviceMetadata then).
        ``source``: the PreTokenGeneration triggerSource when tokens are issued here (by
        default the one :meth:`Devices.issue` picks).
        """
        if pool.mfa_config == "OFF":
            return self._devices.issue(backend, pool, client, user, device_key, source=source)
        factors = mfa_factors(self._s, pool, user)
        if not factors:
            if pool.mfa_config != "ON":
                return self._devices.issue(backend, pool, client, user, device_key, source=source)
            can_setup = []
            if (pool.token_mfa_config or {}).get("Enabled") or not pool.sms_mfa_config:
                can_setup.append("SOFTWARE_TOKEN_MFA")
            if pool.sms_mfa_config:
                can_setup.append("SMS_MFA")
            return ask(
                self._s,
                pool,
                client,
                user,
                Challenge.MFA_SETUP,
                {"MFAS_CAN_SETUP": json.dumps(can_setup)},
                device_key=device_key,
            )
        if len(factors) > 1 and user.preferred_mfa_setting not in factors:
            return ask(
                self._s,
                pool,
                client,
                user,
                Challenge.SELECT_MFA_TYPE,
                {"MFAS_CAN_CHOOSE": json.dumps(factors)},
                device_key=device_key,
            )
        return self.factor_challenge(pool, client, user, factors[0], device_key)

    def factor_challenge(
        self, pool: Any, client: Any, user: Any, factor: str, device_key: str = ""
    ) -> dict[str, Any]:
        """Ask for the MFA factor ``factor`` (a code is sent for SMS_MFA and EMAIL_OTP)."""
        challenge = Challenge(factor)
        if challenge is Challenge.SOFTWARE_TOKEN_MFA:
            return ask(self._s, pool, client, user, challenge, {}, device_key=device_key)
        if challenge is Challenge.SMS_MFA:
            delivery = Delivery("SMS", "phone_number", user_attr(user, "phone_number"))
        else:
            delivery = Delivery("EMAIL", "email", user_attr(user, "email"))
        return ask_for_code(self._s, pool, client, user, challenge, delivery, "MFA", device_key)

    # software tokens ------------------------------------------------------------------------

    def associate_software_token(self, params: dict[str, Any]) -> dict[str, Any]:
        """AssociateSoftwareToken: a fresh TOTP secret, by access token or MFA_SETUP session."""
        secret = new_totp_secret()
        session_token = text(params, "Session", required=False)
        if session_token:
            session, user = session_user(self._s, session_token, Challenge.MFA_SETUP)
            self._s.totp_pending[(session.pool_id, user.username)] = secret
            # Cognito hands back a fresh session for the next step
            del self._s.sessions[session_token]
            return {"SecretCode": secret, "Session": self._s.new_session(session)}
        _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        self._s.totp_pending[(pool.id, user.username)] = secret
        return {"SecretCode": secret}

    def verify_software_token(self, params: dict[str, Any]) -> dict[str, Any]:
        """VerifySoftwareToken: the pending secret becomes the user's once a code matches."""
        code = text(params, "UserCode")
        session_token = text(params, "Session", required=False)
        session: AuthSession | None = None
        if session_token:
            session, user = session_user(self._s, session_token, Challenge.MFA_SETUP)
            pool_id = session.pool_id
        else:
            _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
            pool_id = pool.id
        key = (pool_id, user.username)
        secret = self._s.totp_pending.get(key)
        if secret is None:
            raise CognitoError(
                "SoftwareTokenMFANotFoundException",
                "Software Token MFA does not exist for the user.",
            )
        if not verify_totp(secret, code, self._s.clock()):
            raise CognitoError(
                "EnableSoftwareTokenMFAException",
                "Code mismatch and fail enable Software Token MFA",
            )
        del self._s.totp_pending[key]
        self._s.totp[key] = secret
        user.token_verified = True
        if session is None:
            return {"Status": "SUCCESS"}
        # set up during sign-in (MFA_SETUP): TOTP becomes the user's factor
        user.software_token_mfa_enabled = True
        user.preferred_mfa_setting = user.preferred_mfa_setting or "SOFTWARE_TOKEN_MFA"
        session.mfa_setup_done = True
        del self._s.sessions[session_token]
        return {"Status": "SUCCESS", "Session": self._s.new_session(session)}

    # preferences --------------------------------------------------------------------------------

    def set_user_mfa_preference(self, params: dict[str, Any]) -> dict[str, Any]:
        """SetUserMFAPreference: the signed-in user's factors."""
        backend, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        return self._set_mfa(backend, pool, user, params)

    def admin_set_user_mfa_preference(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminSetUserMFAPreference: any user's factors."""
        backend, pool, user = admin_user(params)
        return self._set_mfa(backend, pool, user, params)

    def _set_mfa(
        self, backend: Any, pool: Any, user: Any, params: dict[str, Any]
    ) -> dict[str, Any]:
        sms = params.get("SMSMfaSettings") or {}
        totp = params.get("SoftwareTokenMfaSettings") or {}
        email = params.get("EmailMfaSettings") or {}
        if not all(isinstance(s, dict) for s in (sms, totp, email)):
            raise CognitoError("SerializationException", "Expected MFA settings objects.")
        key = (pool.id, user.username)
        if totp.get("Enabled") and key not in self._s.totp:
            raise CognitoError(
                "InvalidParameterException",
                "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA",
            )
        if sms.get("Enabled") and not user_attr(user, "phone_number"):
            raise CognitoError(
                "InvalidParameterException",
                "User does not have delivery config set to turn on SMS_MFA",
            )
        if email.get("Enabled") and not user_attr(user, "email"):
            raise CognitoError(
                "InvalidParameterException",
                "User does not have delivery config set to turn on EMAIL_OTP",
            )
        call_moto(backend.admin_set_user_mfa_preference, pool.id, user.username, totp, sms)
        if email:
            if email.get("Enabled"):
                self._s.email_mfa.add(key)
            else:
                self._s.email_mfa.discard(key)
            if email.get("PreferredMfa"):
                user.preferred_mfa_setting = "EMAIL_OTP"
            elif user.preferred_mfa_setting == "EMAIL_OTP":
                user.preferred_mfa_setting = ""
        return {}
