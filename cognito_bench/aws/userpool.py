"""User-pool operations as a QA engineer or an app would make them, each returning a record.

Every method validates its input first (bad input: an ``InvalidInput`` record, nothing sent),
adds SECRET_HASH whenever the target has a client secret, and never raises for a service or
network failure. The public operations are sent unsigned against AWS: they need no AWS
credentials, only the app client id.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from cognito_bench.aws._call import error_record, failure_of
from cognito_bench.aws._poolclient import combined
from cognito_bench.aws.auth import RememberedDevice
from cognito_bench.aws.devicecalls import DeviceCalls, check_device_key
from cognito_bench.aws.passkeycalls import PasskeyCalls
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.sessioncalls import SessionCalls
from cognito_bench.aws.srp import FastSRP
from cognito_bench.aws.validate import (
    check_attribute_name,
    check_attributes,
    check_code,
    check_password,
    check_required,
    check_token,
    check_username,
    first_problem,
    quoted,
)

__all__ = ["CHALLENGE_ANSWER_KEYS", "FIRST_FACTORS", "UserPoolCalls"]

#: The ChallengeResponses key that carries the answer of each challenge the bench answers.
CHALLENGE_ANSWER_KEYS: dict[str, str] = {
    "NEW_PASSWORD_REQUIRED": "NEW_PASSWORD",
    "SMS_MFA": "SMS_MFA_CODE",
    "EMAIL_OTP": "EMAIL_OTP_CODE",
    "SOFTWARE_TOKEN_MFA": "SOFTWARE_TOKEN_MFA_CODE",
    "SELECT_MFA_TYPE": "ANSWER",
    "CUSTOM_CHALLENGE": "ANSWER",
    "SMS_OTP": "SMS_OTP_CODE",
    "PASSWORD": "PASSWORD",
    "SELECT_CHALLENGE": "ANSWER",
}
#: First factors of choice-based sign-in (USER_AUTH) ``sign_in_choice`` carries out (WEB_AUTHN
#: needs the passkey authenticator: ``sign_in_passkey``).
FIRST_FACTORS = ("PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP")

# Friendly answer names a caller may use instead of Cognito's keys.
_FRIENDLY = {"code", "new_password", "answer", "mfa_type", "password"}
_MFA_NAMES = {
    "totp": "SOFTWARE_TOKEN_MFA",
    "software_token": "SOFTWARE_TOKEN_MFA",
    "software_token_mfa": "SOFTWARE_TOKEN_MFA",
    "sms": "SMS_MFA",
    "sms_mfa": "SMS_MFA",
    "email": "EMAIL_OTP",
    "email_otp": "EMAIL_OTP",
}


def _attribute_list(attributes: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Name": name, "Value": value} for name, value in attributes.items()]


class UserPoolCalls(PasskeyCalls, DeviceCalls, SessionCalls):
    """The user-pool operations for one target (pool, app client, optional client secret).

    Passkeys, remembered devices, sessions and auth factors come from the mixins
    (``passkeycalls``, ``devicecalls``, ``sessioncalls``); all share ``_poolclient.PoolClient``.
    Thread-safe: the UI runs calls of one instance from several worker threads.
    """

    # -- sign-up ----------------------------------------------------------------------------

    def sign_up(
        self, username: str, password: str, attributes: Mapping[str, str] | None = None
    ) -> CallRecord:
        """SignUp with user attributes such as ``{"email": "a@example.com"}``."""
        attributes = dict(attributes or {})
        params = self._with_secret(
            {
                "ClientId": self.target.client_id,
                "Username": username,
                "Password": password,
                "UserAttributes": _attribute_list(attributes),
            },
            username,
        )
        problem = first_problem(
            self._client_problem(),
            check_username(username),
            check_password(password),
            check_attributes(attributes),
        )
        return self._idp.call("SignUp", params, label="Sign up", problem=problem)

    def confirm_sign_up(self, username: str, code: str) -> CallRecord:
        """ConfirmSignUp with the code Cognito sent."""
        params = self._with_secret(
            {"ClientId": self.target.client_id, "Username": username, "ConfirmationCode": code},
            username,
        )
        problem = first_problem(self._client_problem(), check_username(username), check_code(code))
        return self._idp.call("ConfirmSignUp", params, label="Confirm sign-up", problem=problem)

    def resend_confirmation_code(self, username: str) -> CallRecord:
        """ResendConfirmationCode."""
        params = self._with_secret(
            {"ClientId": self.target.client_id, "Username": username}, username
        )
        problem = first_problem(self._client_problem(), check_username(username))
        return self._idp.call(
            "ResendConfirmationCode", params, label="Resend code", problem=problem
        )

    # -- sign-in ----------------------------------------------------------------------------

    def sign_in_password(self, username: str, password: str) -> CallRecord:
        """InitiateAuth USER_PASSWORD_AUTH: the password goes to Cognito over TLS."""
        problem = first_problem(
            self._client_problem(), check_username(username), check_password(password)
        )
        return self._initiate(
            "USER_PASSWORD_AUTH",
            {"USERNAME": username, "PASSWORD": password},
            username,
            "Sign in (password)",
            problem,
        )

    def sign_in_choice(self, username: str, preferred: str = "", password: str = "") -> CallRecord:
        """InitiateAuth USER_AUTH: choice-based sign-in (passwordless codes or the password).

        Args:
            username: the user.
            preferred: PREFERRED_CHALLENGE (``EMAIL_OTP``, ``SMS_OTP``, ``PASSWORD``,
                ``PASSWORD_SRP``: the SRP exchange, one record with both steps); empty lets
                Cognito answer SELECT_CHALLENGE with the factors the user can use.
            password: sent with ``PASSWORD``; the SRP proof's secret with ``PASSWORD_SRP``.
        """
        factor = preferred.strip().upper()
        if factor == "PASSWORD_SRP":
            extra = {"PREFERRED_CHALLENGE": "PASSWORD_SRP"}
            return self._srp_sign_in(
                username, password, "USER_AUTH", extra, "Sign in (choice, SRP)"
            )
        auth = {"USERNAME": username}
        if factor:
            auth["PREFERRED_CHALLENGE"] = factor
        if factor == "PASSWORD":
            auth["PASSWORD"] = password
        problem = first_problem(
            self._client_problem(),
            check_username(username),
            ""
            if factor in ("", *FIRST_FACTORS)
            else f"first factor {quoted(factor)} is not one of {', '.join(FIRST_FACTORS)}",
            check_password(password) if factor == "PASSWORD" else "",
        )
        return self._initiate("USER_AUTH", auth, username, "Sign in (choice)", problem)

    def sign_in_custom(
        self,
        username: str,
        password: str = "",
        client_metadata: Mapping[str, str] | None = None,
    ) -> CallRecord:
        """InitiateAuth CUSTOM_AUTH: the pool's DefineAuthChallenge trigger decides the steps.

        Args:
            username: the user.
            password: with one, CUSTOM_WITH_SRP: ``CHALLENGE_NAME=SRP_A`` and SRP_A go first
                and a PASSWORD_VERIFIER the trigger asks for is answered here (one record with
                both steps); without, plain CUSTOM_AUTH.
            client_metadata: ClientMetadata for the triggers (plain CUSTOM_AUTH only: the SRP
                exchange sends none).

        Returns:
            A record whose response is usually a CUSTOM_CHALLENGE (answer it with
            :meth:`respond_to_challenge`, ``{"answer": ...}``), or tokens.
        """
        if password:
            extra = {"CHALLENGE_NAME": "SRP_A"}
            return self._srp_sign_in(
                username, password, "CUSTOM_AUTH", extra, "Sign in (custom, SRP)"
            )
        problem = first_problem(self._client_problem(), check_username(username))
        return self._initiate(
            "CUSTOM_AUTH",
            {"USERNAME": username},
            username,
            "Sign in (custom)",
            problem,
            client_metadata,
        )

    def refresh(self, username: str, refresh_token: str, device_key: str = "") -> CallRecord:
        """Refresh with the call the client takes: InitiateAuth REFRESH_TOKEN_AUTH, or
        GetTokensFromRefreshToken for a client that rotates refresh tokens.

        A client not known to rotate gets REFRESH_TOKEN_AUTH first; when Cognito refuses it
        with InvalidParameterException (rotation on, or the flow not enabled for the client),
        GetTokensFromRefreshToken follows in the same record (``steps`` holds both), and once
        that works the client is remembered (:attr:`rotating_clients`): its next refresh is
        one GetTokensFromRefreshToken. The record's ``CurrentRefreshToken`` (after
        GetTokensFromRefreshToken) says which refresh token to keep:
        ``current_refresh_token(record, refresh_token)`` picks it.

        Args:
            username: used only for SECRET_HASH when the client has a secret; it must be the
                user's internal name (the ``cognito:username`` claim, or ``sub``), not an alias.
            refresh_token: the refresh token of an earlier sign-in.
            device_key: the session's remembered device (DEVICE_KEY, DeviceKey): Cognito
                requires it when the pool remembers devices.
        """
        problem = first_problem(
            self._client_problem(),
            check_username(username) if self.target.client_secret else "",
            check_token(refresh_token, "refresh token"),
            check_device_key(device_key) if device_key else "",
        )
        if not problem and self.rotating_clients.rotates(self.target):
            return self.refresh_rotating(
                refresh_token, device_key, "Refresh tokens (rotating client)"
            )
        auth = {"REFRESH_TOKEN": refresh_token}
        if device_key:
            auth["DEVICE_KEY"] = device_key
        first = self._initiate("REFRESH_TOKEN_AUTH", auth, username, "Refresh tokens", problem)
        if first.ok or first.error_code != "InvalidParameterException":
            return first
        second = self.refresh_rotating(refresh_token, device_key)
        if second.ok:  # REFRESH_TOKEN_AUTH is refused and the other call works: one call next
            self.rotating_clients.learn(self.target)
        return combined([first, second], "Refresh tokens (rotation)")

    def sign_in_srp(
        self, username: str, password: str, device: RememberedDevice | None = None
    ) -> CallRecord:
        """USER_SRP_AUTH: InitiateAuth, then RespondToAuthChallenge PASSWORD_VERIFIER.

        With a remembered ``device`` (``remembered_device_of`` a ``remember_device`` record)
        its DEVICE_KEY goes along and the device's SRP answers DEVICE_SRP_AUTH and
        DEVICE_PASSWORD_VERIFIER; on a remembered device Cognito skips MFA.

        Returns one record: its ``steps`` hold every call; its response is the final one
        (tokens, or the next challenge such as NEW_PASSWORD_REQUIRED or SOFTWARE_TOKEN_MFA).
        """
        label = "Sign in (SRP, remembered device)" if device else "Sign in (SRP)"
        return self._srp_sign_in(username, password, "USER_SRP_AUTH", {}, label, device)

    def _srp_sign_in(
        self,
        username: str,
        password: str,
        flow: str,
        extra: dict[str, str],
        label: str,
        device: RememberedDevice | None = None,
    ) -> CallRecord:
        """The SRP exchange behind ``flow`` (USER_SRP_AUTH; USER_AUTH with PASSWORD_SRP as the
        preferred first factor, or CUSTOM_AUTH with CHALLENGE_NAME=SRP_A: ``extra`` carries
        PREFERRED_CHALLENGE or CHALLENGE_NAME)."""
        auth_preview = {"USERNAME": username, "SRP_A": "", **extra}
        request = {"AuthFlow": flow, "ClientId": self.target.client_id}
        problem = first_problem(
            self._client_problem(),
            check_username(username),
            check_password(password),
            check_device_key(device.key) if device else "",
            check_required("device password", device.password) if device else "",
        )
        if problem:
            return self._idp.invalid(
                "InitiateAuth", problem, {**request, "AuthParameters": auth_preview}, label
            )
        started = time.time()
        try:
            srp = FastSRP(
                username,
                password,
                self.target.user_pool_id,
                self.target.client_id,
                self.target.client_secret,
                (device.key, device.group_key, device.password) if device else None,
            )
            auth = {**srp.auth_parameters(), **extra}
        except Exception as exc:  # the SRP math refused the input; report, never raise
            code, message, _ = failure_of(exc)
            return error_record(
                "InitiateAuth", code, message, self.target, request=request, label=label
            )
        first = self._idp.call(
            "InitiateAuth", {**request, "AuthParameters": auth}, label=f"InitiateAuth {flow}"
        )
        steps = [first]
        final = first
        if first.ok and first.response.get("ChallengeName") == "PASSWORD_VERIFIER":
            second_params: dict[str, Any] = {
                "ClientId": self.target.client_id,
                "ChallengeName": "PASSWORD_VERIFIER",
            }
            try:
                second_params["ChallengeResponses"] = srp.process_challenge(
                    first.response.get("ChallengeParameters", {}), auth
                )
            except Exception as exc:  # a malformed challenge from the server
                code, message, _ = failure_of(exc)
                final = error_record(
                    "RespondToAuthChallenge",
                    code,
                    f"cannot answer PASSWORD_VERIFIER: {message}",
                    self.target,
                    request=second_params,
                    label="RespondToAuthChallenge PASSWORD_VERIFIER",
                )
            else:
                if first.response.get("Session"):
                    second_params["Session"] = first.response["Session"]
                final = self._idp.call(
                    "RespondToAuthChallenge",
                    second_params,
                    label="RespondToAuthChallenge PASSWORD_VERIFIER",
                )
            steps.append(final)
            if device is not None and final.ok:
                steps.extend(self._device_steps(final, srp, label))
        return combined(steps, label, started)

    def respond_to_challenge(
        self, challenge_name: str, session: str, username: str, answers: Mapping[str, str]
    ) -> CallRecord:
        """RespondToAuthChallenge with the right ChallengeResponses keys for the challenge.

        Args:
            challenge_name: NEW_PASSWORD_REQUIRED, SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA,
                SELECT_MFA_TYPE, MFA_SETUP (or another Cognito challenge name).
            session: the Session of the challenge (for MFA_SETUP: the Session that
                VerifySoftwareToken returned).
            username: :attr:`Challenge.username` (USER_ID_FOR_SRP after SRP).
            answers: ``code`` (any MFA/OTP challenge), ``new_password``, ``answer`` or
                ``mfa_type`` (``totp``, ``sms``, ``email`` or Cognito's names), Cognito's own
                keys (``SMS_MFA_CODE``...), and for NEW_PASSWORD_REQUIRED any other name as a
                required attribute (``{"new_password": "...", "email": "a@b.c"}`` sends
                ``userAttributes.email``).
        """
        name = challenge_name.strip().upper()
        label = f"Answer {name or 'challenge'}"
        responses: dict[str, str] = {"USERNAME": username}
        key = CHALLENGE_ANSWER_KEYS.get(name, "")
        answer = _answer(answers, key) if key else ""
        if name == "SELECT_MFA_TYPE":
            answer = _MFA_NAMES.get(answer.lower(), answer)
        if name == "SELECT_CHALLENGE":
            answer = answer.upper()
            if answer == "PASSWORD":  # the chosen factor and its answer in one call
                responses["PASSWORD"] = answers.get("PASSWORD") or answers.get("password", "")
        if key:
            responses[key] = answer
        for k, v in answers.items():
            if k in _FRIENDLY or k == key or k in responses:
                continue
            if name == "NEW_PASSWORD_REQUIRED" and not k.isupper():
                k = k if k.startswith("userAttributes.") else f"userAttributes.{k}"
            responses[k] = v
        params = self._challenge_params(name, session, responses, username)
        problem = first_problem(
            self._client_problem(),
            "" if name else "challenge name is required",
            check_username(username),
            check_token(session, "session") if name != "PASSWORD_VERIFIER" else "",
            _answer_problem(name, key, answer),
            _choice_problem(name, answer, responses.get("PASSWORD", "")),
            check_attributes(
                {k: v for k, v in responses.items() if k.startswith("userAttributes.")}
            ),
        )
        return self._idp.call("RespondToAuthChallenge", params, label=label, problem=problem)

    # -- TOTP -------------------------------------------------------------------------------

    def _software_token(self, session: str, access_token: str) -> tuple[dict[str, Any], str]:
        """TOTP setup is by the MFA_SETUP session or a signed-in user's access token: the
        params naming whichever was given, and the problem with them ("" when none)."""
        params: dict[str, Any] = {}
        if session:
            params["Session"] = session
        if access_token:
            params["AccessToken"] = access_token
        problem = first_problem(
            self._token_problem(),
            _one_of(session, access_token),
            check_token(session or access_token, "session" if session else "access token"),
        )
        return params, problem

    def associate_software_token(self, *, session: str = "", access_token: str = "") -> CallRecord:
        """AssociateSoftwareToken by the MFA_SETUP session or by a signed-in user's token."""
        params, problem = self._software_token(session, access_token)
        return self._idp.call(
            "AssociateSoftwareToken", params, label="Set up TOTP", problem=problem
        )

    def verify_software_token(
        self, code: str, *, session: str = "", access_token: str = "", friendly_name: str = ""
    ) -> CallRecord:
        """VerifySoftwareToken with a code from the authenticator app."""
        params, problem = self._software_token(session, access_token)
        params["UserCode"] = code
        if friendly_name:
            params["FriendlyDeviceName"] = friendly_name
        problem = first_problem(
            problem,
            check_code(code),
            "" if len(friendly_name) <= 256 else "device name is longer than 256 characters",
        )
        return self._idp.call("VerifySoftwareToken", params, label="Verify TOTP", problem=problem)

    # -- passwords --------------------------------------------------------------------------

    def forgot_password(self, username: str) -> CallRecord:
        """ForgotPassword: Cognito sends a reset code."""
        params = self._with_secret(
            {"ClientId": self.target.client_id, "Username": username}, username
        )
        problem = first_problem(self._client_problem(), check_username(username))
        return self._idp.call("ForgotPassword", params, label="Forgot password", problem=problem)

    def confirm_forgot_password(self, username: str, code: str, new_password: str) -> CallRecord:
        """ConfirmForgotPassword with the reset code and the new password."""
        params = self._with_secret(
            {
                "ClientId": self.target.client_id,
                "Username": username,
                "ConfirmationCode": code,
                "Password": new_password,
            },
            username,
        )
        problem = first_problem(
            self._client_problem(),
            check_username(username),
            check_code(code),
            check_password(new_password, "new password"),
        )
        return self._idp.call(
            "ConfirmForgotPassword", params, label="Confirm new password", problem=problem
        )

    def change_password(
        self, access_token: str, old_password: str, new_password: str
    ) -> CallRecord:
        """ChangePassword for a signed-in user."""
        params = {
            "AccessToken": access_token,
            "PreviousPassword": old_password,
            "ProposedPassword": new_password,
        }
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            check_password(old_password, "current password"),
            check_password(new_password, "new password"),
        )
        return self._idp.call("ChangePassword", params, label="Change password", problem=problem)

    # -- the signed-in user -----------------------------------------------------------------

    def get_user(self, access_token: str) -> CallRecord:
        """GetUser: the user's attributes and MFA settings."""
        problem = first_problem(self._token_problem(), check_token(access_token, "access token"))
        return self._idp.call(
            "GetUser", {"AccessToken": access_token}, label="Get user", problem=problem
        )

    def update_user_attributes(
        self, access_token: str, attributes: Mapping[str, str]
    ) -> CallRecord:
        """UpdateUserAttributes (a changed e-mail or phone gets a verification code)."""
        attributes = dict(attributes or {})
        params = {"AccessToken": access_token, "UserAttributes": _attribute_list(attributes)}
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            check_attributes(attributes, required=True),
        )
        return self._idp.call(
            "UpdateUserAttributes", params, label="Update attributes", problem=problem
        )

    def get_user_attribute_verification_code(self, access_token: str, attribute: str) -> CallRecord:
        """GetUserAttributeVerificationCode for ``email`` or ``phone_number``."""
        params = {"AccessToken": access_token, "AttributeName": attribute}
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            check_attribute_name(attribute),
        )
        return self._idp.call(
            "GetUserAttributeVerificationCode",
            params,
            label=f"Send {attribute} code",
            problem=problem,
        )

    def verify_user_attribute(self, access_token: str, attribute: str, code: str) -> CallRecord:
        """VerifyUserAttribute with the code sent for that attribute."""
        params = {"AccessToken": access_token, "AttributeName": attribute, "Code": code}
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            check_attribute_name(attribute),
            check_code(code),
        )
        return self._idp.call(
            "VerifyUserAttribute", params, label=f"Verify {attribute}", problem=problem
        )

    def set_user_mfa_preference(
        self,
        access_token: str,
        *,
        totp: bool | None = None,
        sms: bool | None = None,
        email: bool | None = None,
        preferred: str = "",
    ) -> CallRecord:
        """SetUserMFAPreference: enable or disable each factor, and pick the preferred one.

        Args:
            totp, sms, email: True enables, False disables, None leaves that factor as it is.
            preferred: ``totp``, ``sms`` or ``email`` (or Cognito's names); it is enabled too.
        """
        wanted = _MFA_NAMES.get(preferred.strip().lower(), preferred.strip().upper())
        settings = {
            "SOFTWARE_TOKEN_MFA": ("SoftwareTokenMfaSettings", totp),
            "SMS_MFA": ("SMSMfaSettings", sms),
            "EMAIL_OTP": ("EmailMfaSettings", email),
        }
        params: dict[str, Any] = {"AccessToken": access_token}
        for mfa, (key, enabled) in settings.items():
            if enabled is None and wanted != mfa:
                continue
            params[key] = {
                "Enabled": True if enabled is None else enabled,
                "PreferredMfa": wanted == mfa,
            }
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            ""
            if not wanted or wanted in settings
            else f"preferred MFA {preferred!r} is not one of totp, sms, email",
            "" if len(params) > 1 else "choose at least one MFA setting (totp, sms or email)",
            ""
            if not wanted or params.get(settings.get(wanted, ("", None))[0], {}).get("Enabled")
            else f"preferred MFA {preferred} cannot be disabled at the same time",
        )
        return self._idp.call(
            "SetUserMFAPreference", params, label="Set MFA preference", problem=problem
        )

    def global_sign_out(self, access_token: str) -> CallRecord:
        """GlobalSignOut: revokes every refresh token of the user."""
        problem = first_problem(self._token_problem(), check_token(access_token, "access token"))
        return self._idp.call(
            "GlobalSignOut",
            {"AccessToken": access_token},
            label="Sign out everywhere",
            problem=problem,
        )

    def revoke_token(self, refresh_token: str) -> CallRecord:
        """RevokeToken: revokes one refresh token and the tokens issued from it.

        RevokeToken takes the client secret itself (``ClientSecret``), not a SECRET_HASH.
        """
        params: dict[str, Any] = {"Token": refresh_token, "ClientId": self.target.client_id}
        if self.target.client_secret:
            params["ClientSecret"] = self.target.client_secret
        problem = first_problem(self._client_problem(), check_token(refresh_token, "refresh token"))
        return self._idp.call("RevokeToken", params, label="Revoke refresh token", problem=problem)

    def delete_user(self, access_token: str) -> CallRecord:
        """DeleteUser: the signed-in user deletes their own account."""
        problem = first_problem(self._token_problem(), check_token(access_token, "access token"))
        return self._idp.call(
            "DeleteUser", {"AccessToken": access_token}, label="Delete user", problem=problem
        )


def _answer(answers: Mapping[str, str], key: str) -> str:
    """The answer under Cognito's key, else under the first friendly name that has one."""
    for name in (key, "code", "new_password", "answer", "mfa_type", "password"):
        if answers.get(name):
            return answers[name]
    return ""


def _one_of(session: str, access_token: str) -> str:
    if bool(session) == bool(access_token):
        return "give either the MFA_SETUP session or an access token, not both or neither"
    return ""


def _choice_problem(name: str, answer: str, password: str) -> str:
    """A problem with a SELECT_CHALLENGE answer (the factor, and the password it needs)."""
    if name != "SELECT_CHALLENGE":
        return ""
    if answer == "PASSWORD_SRP":
        return (
            "PASSWORD_SRP needs the SRP exchange: pick 'Password (SRP)' as the first factor "
            "and click Choice again"
        )
    if answer == "PASSWORD":
        return check_password(password)
    return ""


def _answer_problem(name: str, key: str, answer: str) -> str:
    if not key:
        return ""
    if name == "NEW_PASSWORD_REQUIRED":
        return check_password(answer, "new password")
    if name in {"SELECT_MFA_TYPE", "CUSTOM_CHALLENGE", "SELECT_CHALLENGE"}:
        return "" if answer else "answer is required"
    if name == "PASSWORD":
        return check_password(answer)
    return check_code(answer)
