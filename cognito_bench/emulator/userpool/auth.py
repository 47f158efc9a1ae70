"""Sign-in flows: InitiateAuth and AdminInitiateAuth, up to tokens or the first challenge.

USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH check the password here; USER_SRP_AUTH
starts the SRP exchange (its PASSWORD_VERIFIER is answered in ``challenges``); USER_AUTH
offers the first factors the user can use (SELECT_CHALLENGE) or starts the preferred one;
REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken refresh (a client with refresh token rotation
refreshes only with GetTokensFromRefreshToken, which hands out a new refresh token each time).
After a password, the user's status may ask for a new password, a sign-in that presents a
remembered device's DEVICE_KEY proves it (DEVICE_SRP_AUTH), and then :meth:`Mfa.step` decides
on MFA. USER_AUTH's WEB_AUTHN asks for a passkey (CREDENTIAL_REQUEST_OPTIONS). Each flow is
allowed only where the client's ExplicitAuthFlows allow it, with Cognito's messages.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from cognito_bench.emulator.errors import CognitoError, secret_hash_missing, secret_hash_wrong
from cognito_bench.emulator.motostate import find_client, find_user
from cognito_bench.emulator.srp import pad_hex, start_challenge
from cognito_bench.emulator.state import CustomAuthState, Delivery, EmulatorState, SrpSession
from cognito_bench.emulator.userpool.customauth import CustomAuth
from cognito_bench.emulator.userpool.devices import Devices
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.mfa import Mfa
from cognito_bench.emulator.userpool.params import missing, string_map, text, user_attr
from cognito_bench.emulator.userpool.passkeys import Passkeys
from cognito_bench.emulator.userpool.policy import (
    auth_user,
    check_password,
    check_secret,
    check_secret_any,
    client_flows,
    mfa_factors,
    secret_matches,
    sign_in_factors,
)
from cognito_bench.emulator.userpool.sessions import Challenge, ask, ask_for_code, session_ttl

__all__ = ["AuthFlows", "rotation_grace"]

_USER_FLOWS = (
    "USER_SRP_AUTH",
    "REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN",
    "CUSTOM_AUTH",
    "USER_PASSWORD_AUTH",
    "USER_AUTH",
)
_ALL_FLOWS = [
    "USER_SRP_AUTH",
    "REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN",
    "CUSTOM_AUTH",
    "ADMIN_NO_SRP_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH",
    "USER_AUTH",
]
#: USER_AUTH's one-time-password first factors: where each code goes.
_OTP_FACTORS = {
    Challenge.EMAIL_OTP: ("EMAIL", "email"),
    Challenge.SMS_OTP: ("SMS", "phone_number"),
}


def rotation_grace(client: Any) -> int | None:
    """The client's RetryGracePeriodSeconds when refresh token rotation is on, else None.

    Create/UpdateUserPoolClient refuse a period outside 0-60
    (``policy.check_refresh_token_rotation``), so the stored one is used as it is.
    """
    rotation = client.extended_config.get("RefreshTokenRotation") or {}
    if not isinstance(rotation, dict) or rotation.get("Feature") != "ENABLED":
        return None
    return int(rotation.get("RetryGracePeriodSeconds") or 0)


def _not_a_flow(flow: str) -> CognitoError:
    """The validation error for an AuthFlow outside the enum."""
    return CognitoError(
        "InvalidParameterException",
        f"1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy "
        f"constraint: Member must satisfy enum value set: {_ALL_FLOWS}",
    )


class AuthFlows:
    """InitiateAuth, AdminInitiateAuth and GetTokensFromRefreshToken.

    Args:
        state: the emulator's state (SRP sessions and salts, lockouts, challenge sessions).
        issuer: issues and refreshes tokens.
        mfa: the MFA step after a password.
        passkeys: the WEB_AUTHN first factor.
        devices: the remembered device a sign-in presents (DEVICE_SRP_AUTH).
    """

    def __init__(
        self,
        state: EmulatorState,
        issuer: TokenIssuer,
        mfa: Mfa,
        passkeys: Passkeys,
        devices: Devices,
    ) -> None:
        self._s = state
        self._issuer = issuer
        self._mfa = mfa
        self._passkeys = passkeys
        self._devices = devices
        self._lambdas = issuer.lambdas
        #: the CUSTOM_AUTH loop (``challenges`` answers its CUSTOM_CHALLENGE)
        self.custom = CustomAuth(state, issuer, devices)

    # operations ---------------------------------------------------------------------------

    def initiate_auth(self, params: dict[str, Any]) -> dict[str, Any]:
        """InitiateAuth: the public client's flows."""
        flow = text(params, "AuthFlow")
        if flow not in _ALL_FLOWS:
            raise _not_a_flow(flow)
        backend, pool, client = find_client(text(params, "ClientId"))
        if flow not in _USER_FLOWS:
            raise CognitoError("InvalidParameterException", "Initiate Auth method not supported.")
        return self._auth(backend, pool, client, flow, string_map(params, "AuthParameters"))

    def admin_initiate_auth(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminInitiateAuth: the back end's flows (no SRP, no USER_PASSWORD_AUTH)."""
        flow = text(params, "AuthFlow")
        pool_id = text(params, "UserPoolId")
        backend, pool, client = find_client(text(params, "ClientId"), pool_id)
        if flow in ("USER_SRP_AUTH", "USER_PASSWORD_AUTH"):
            raise CognitoError("InvalidParameterException", "Initiate Auth method not supported.")
        if flow not in _ALL_FLOWS:
            raise _not_a_flow(flow)
        return self._auth(backend, pool, client, flow, string_map(params, "AuthParameters"))

    def get_tokens_from_refresh_token(self, params: dict[str, Any]) -> dict[str, Any]:
        """New ID and access tokens; with RefreshTokenRotation ENABLED also a new refresh token.

        The old refresh token then stops working after the client's RetryGracePeriodSeconds.
        A client with a secret takes the secret itself (ClientSecret), as RevokeToken does.
        """
        token = text(params, "RefreshToken")
        _, pool, client = find_client(text(params, "ClientId"))
        if client.generate_secret:
            given = text(params, "ClientSecret", required=False)
            if not given:
                raise secret_hash_missing(client.id)
            if not secret_matches(client, given):
                raise secret_hash_wrong(client.id)
        moto_token, user = self._issuer.refresh_user(pool, client, token)
        access, id_token, expires_in = self._issuer.tokens_from_refresh(pool, moto_token)
        result: dict[str, Any] = {
            "AccessToken": access,
            "ExpiresIn": expires_in,
            "TokenType": "Bearer",
            "IdToken": id_token,
        }
        grace = rotation_grace(client)
        if grace is not None:
            result["RefreshToken"] = self._issuer.rotate(pool, client, user, moto_token, grace)
        return {"AuthenticationResult": result}

    # flows --------------------------------------------------------------------------------------

    def _auth(
        self, backend: Any, pool: Any, client: Any, flow: str, auth: dict[str, str]
    ) -> dict[str, Any]:
        flows = client_flows(client)
        if flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
            return self._refresh(pool, client, auth)
        if flow == "CUSTOM_AUTH":
            return self._custom_auth(backend, pool, client, auth)
        if flow == "USER_AUTH":
            return self._user_auth(backend, pool, client, auth)
        if flow == "USER_SRP_AUTH":
            legacy = not any(f.startswith("ALLOW_") for f in flows)
            if "ALLOW_USER_SRP_AUTH" not in flows and not legacy:
                raise CognitoError(
                    "InvalidParameterException", "USER_SRP_AUTH is not enabled for the client."
                )
            return self._srp_start(pool, client, auth, pre_auth=True)
        if flow == "USER_PASSWORD_AUTH":
            if not {"ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"} & set(flows):
                raise CognitoError(
                    "InvalidParameterException",
                    "USER_PASSWORD_AUTH flow not enabled for this client",
                )
        elif not {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"} & set(flows):
            raise CognitoError("InvalidParameterException", "Auth flow not enabled for this client")
        username = auth.get("USERNAME", "")
        if not username:
            raise missing("USERNAME")
        check_secret(client, username, auth.get("SECRET_HASH"))
        password = auth.get("PASSWORD", "")
        if not password:
            raise missing("PASSWORD")
        if find_user(pool, username) is None:
            self._lambdas.migrate_user(
                backend, pool, username, password, "UserMigration_Authentication"
            )
        self._lambdas.pre_authentication(pool, auth_user(pool, client, username))
        user = check_password(self._s, pool, client, username, password)
        return self.after_password(backend, pool, client, user, auth.get("DEVICE_KEY", ""))

    def _signing_in(self, pool: Any, client: Any, auth: dict[str, str]) -> Any:
        """The user AuthParameters name (secret hash checked), after PreAuthentication."""
        username = auth.get("USERNAME", "")
        if not username:
            raise missing("USERNAME")
        check_secret(client, username, auth.get("SECRET_HASH"))
        user = auth_user(pool, client, username)
        self._lambdas.pre_authentication(pool, user)
        return user

    def _custom_auth(
        self, backend: Any, pool: Any, client: Any, auth: dict[str, str]
    ) -> dict[str, Any]:
        """CUSTOM_AUTH (and CUSTOM_WITH_SRP: ``CHALLENGE_NAME=SRP_A`` with ``SRP_A``)."""
        if not self.custom.configured():
            raise CognitoError(
                "InvalidParameterException",
                "Custom auth lambda trigger is not configured for the user pool.",
            )
        if not {"ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"} & set(client_flows(client)):
            raise CognitoError(
                "InvalidParameterException", "CUSTOM_AUTH flow not enabled for this client"
            )
        user = self._signing_in(pool, client, auth)
        srp = None
        if auth.get("CHALLENGE_NAME") == "SRP_A":
            if not auth.get("SRP_A"):
                raise missing("SRP_A")

            def srp(custom: CustomAuthState) -> dict[str, Any]:
                return self._srp_start(pool, client, auth, custom=custom)

        return self.custom.start(backend, pool, client, user, srp)

    def _srp_start(
        self,
        pool: Any,
        client: Any,
        auth: dict[str, str],
        pre_auth: bool = False,
        custom: CustomAuthState | None = None,
    ) -> dict[str, Any]:
        username = auth.get("USERNAME", "")
        if not username:
            raise missing("USERNAME")
        srp_a = auth.get("SRP_A", "")
        if not srp_a:
            raise missing("SRP_A")
        check_secret(client, username, auth.get("SECRET_HASH"))
        user = auth_user(pool, client, username)
        if pre_auth:
            self._lambdas.pre_authentication(pool, user)
        key = (pool.id, user.username)
        salt = self._s.salts.get(key)
        if salt is None:
            salt = self._s.salts[key] = pad_hex(secrets.randbits(128) | 1 << 120)
        pool_name = pool.id.split("_", 1)[1]
        try:
            challenge = start_challenge(pool_name, user.username, user.password or "", salt, srp_a)
        except ValueError as exc:
            raise CognitoError("InvalidParameterException", "Invalid SRP_A value.") from exc
        expires = self._s.clock() + session_ttl(client)
        device_key = auth.get("DEVICE_KEY", "")
        self._s.new_srp(
            SrpSession(
                pool.id, client.id, user.username, challenge, expires, device_key, custom=custom
            )
        )
        return {
            "ChallengeName": Challenge.PASSWORD_VERIFIER,
            "ChallengeParameters": {
                "SALT": salt,
                "SECRET_BLOCK": challenge.secret_block,
                "SRP_B": challenge.srp_b_hex,
                "USERNAME": user.username,
                "USER_ID_FOR_SRP": user.username,
            },
        }

    def _refresh(self, pool: Any, client: Any, auth: dict[str, str]) -> dict[str, Any]:
        if rotation_grace(client) is not None:
            raise CognitoError(
                "InvalidParameterException",
                "Refresh token rotation is enabled for this app client: refresh with "
                "GetTokensFromRefreshToken, not REFRESH_TOKEN_AUTH.",
            )
        token = auth.get("REFRESH_TOKEN", "")
        if not token:
            raise missing("REFRESH_TOKEN")
        moto_token, user = self._issuer.refresh_grant(pool, client, token)
        names = [auth.get("USERNAME", ""), user.username, user.id]
        check_secret_any(client, [n for n in names if n], auth.get("SECRET_HASH"))
        self._issuer.refresh_usable(client, moto_token, user)
        access, id_token, expires_in = self._issuer.tokens_from_refresh(pool, moto_token)
        return {
            "ChallengeParameters": {},
            "AuthenticationResult": {
                "AccessToken": access,
                "ExpiresIn": expires_in,
                "TokenType": "Bearer",
                "IdToken": id_token,
            },
        }

    # choice-based sign-in (USER_AUTH) ---------------------------------------------------------

    def first_factors(self, pool: Any, user: Any) -> list[str]:
        """USER_AUTH's AvailableChallenges: the pool's allowed first factors ``user`` can use.

        PASSWORD and PASSWORD_SRP for a user with a password; EMAIL_OTP for a user with an
        e-mail address, SMS_OTP with a phone number (unverified ones too: Cognito sends MFA
        codes to unverified addresses and marks them verified once a code comes back),
        WEB_AUTHN for a user with a passkey. A user with an MFA factor, or any user of a pool
        where MFA is ON, gets no passwordless factor (Cognito: "MFA and passwordless cannot be
        used together"), except a passkey that verifies the user where the pool's
        FactorConfiguration is MULTI_FACTOR_WITH_USER_VERIFICATION.
        """
        allowed = sign_in_factors(pool)
        factors = ["PASSWORD", "PASSWORD_SRP"] if user.password else []
        passkey = "WEB_AUTHN" in allowed and self._passkeys.has_passkeys(pool, user)
        if pool.mfa_config == "ON" or mfa_factors(self._s, pool, user):
            if passkey and self._passkeys.satisfies_mfa(pool):
                factors.append("WEB_AUTHN")
            return factors
        for factor, (_, attribute) in _OTP_FACTORS.items():
            if factor in allowed and user_attr(user, attribute):
                factors.append(factor)
        if passkey:
            factors.append("WEB_AUTHN")
        return factors

    def _user_auth(
        self, backend: Any, pool: Any, client: Any, auth: dict[str, str]
    ) -> dict[str, Any]:
        """InitiateAuth's USER_AUTH (choice-based sign-in).

        With a PREFERRED_CHALLENGE the user can use, that challenge starts at once (PASSWORD
        and PASSWORD_SRP take their PASSWORD / SRP_A here too); without one, or with one the
        user cannot use, the answer is SELECT_CHALLENGE with AvailableChallenges.
        """
        if "ALLOW_USER_AUTH" not in client_flows(client):
            raise CognitoError(
                "InvalidParameterException", "USER_AUTH flow not enabled for this client"
            )
        user = self._signing_in(pool, client, auth)
        available = self.first_factors(pool, user)
        preferred = auth.get("PREFERRED_CHALLENGE", "")
        if preferred in available:
            return self.first_factor(backend, pool, client, user, preferred, auth)
        asked = ask(self._s, pool, client, user, Challenge.SELECT_CHALLENGE, {})
        return {**asked, "AvailableChallenges": available}

    def first_factor(
        self, backend: Any, pool: Any, client: Any, user: Any, factor: str, given: dict[str, str]
    ) -> dict[str, Any]:
        """Start (or, for PASSWORD, pass) the first factor ``factor`` of a USER_AUTH sign-in.

        ``given``: the AuthParameters or ChallengeResponses that chose it (PASSWORD, SRP_A).
        A password goes through :func:`~policy.check_password` and then on as in
        USER_PASSWORD_AUTH; PASSWORD_SRP answers PASSWORD_VERIFIER as USER_SRP_AUTH does; a
        one-time password is sent and asked for (a user who has not confirmed sign-up is told
        so first).
        """
        if factor == "PASSWORD":
            password = given.get("PASSWORD", "")
            if not password:
                raise missing("PASSWORD")
            checked = check_password(self._s, pool, client, user.username, password)
            return self.after_password(backend, pool, client, checked)
        if factor == "PASSWORD_SRP":
            return self._srp_start(pool, client, given)
        if user.status == "UNCONFIRMED":
            raise CognitoError("UserNotConfirmedException", "User is not confirmed.")
        if factor == "WEB_AUTHN":
            options, challenge_text = self._passkeys.request_options(pool, user)
            parameters = {"CREDENTIAL_REQUEST_OPTIONS": json.dumps(options)}
            return ask(
                self._s,
                pool,
                client,
                user,
                Challenge.WEB_AUTHN,
                parameters,
                extra={"challenge": challenge_text},
            )
        challenge = Challenge(factor)
        medium, attribute = _OTP_FACTORS[challenge]
        delivery = Delivery(medium, attribute, user_attr(user, attribute))
        return ask_for_code(self._s, pool, client, user, challenge, delivery, "SIGN_IN")

    # after the first factor ---------------------------------------------------------------------

    def after_password(
        self, backend: Any, pool: Any, client: Any, user: Any, device_key: str = ""
    ) -> dict[str, Any]:
        """What a right password leads to: the user's status first, then the device the sign-in
        presented (``device_key``: DEVICE_SRP_AUTH), then the MFA step.

        A CUSTOM_WITH_SRP sign-in goes back to its DefineAuthChallenge instead (``challenges``).
        """
        if user.status == "UNCONFIRMED":
            raise CognitoError("UserNotConfirmedException", "User is not confirmed.")
        if user.status == "RESET_REQUIRED":
            raise CognitoError(
                "PasswordResetRequiredException", "Password reset required for the user"
            )
        if user.status == "FORCE_CHANGE_PASSWORD":
            shown = {
                a["Name"]: a["Value"]
                for a in user.attributes
                if a["Name"] not in ("sub",) and not a["Name"].endswith("_verified")
            }
            parameters = {
                "USER_ID_FOR_SRP": user.username,
                "requiredAttributes": "[]",
                "userAttributes": json.dumps(shown),
            }
            return ask(self._s, pool, client, user, Challenge.NEW_PASSWORD_REQUIRED, parameters)
        if device_key:
            device = self._devices.presented(pool, user, device_key)
            parameters = {"USERNAME": user.username, "DEVICE_KEY": device.key}
            return ask(
                self._s,
                pool,
                client,
                user,
                Challenge.DEVICE_SRP_AUTH,
                parameters,
                device_key=device.key,
            )
        return self._mfa.step(backend, pool, client, user)
