"""User-pool operations the fidelity layer answers itself, the way Cognito answers them.

Each handler takes the request's JSON object and returns the response object, raises
:class:`CognitoError`, or returns :class:`Forward` to let moto answer (after its checks).
Messages are Cognito's own (AWS API Reference and what the service sends).
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import json
import re
import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cognito_bench.emulator import signing
from cognito_bench.emulator.errors import CognitoError, secret_hash_missing, secret_hash_wrong
from cognito_bench.emulator.ids import rename_pool, renew_secret
from cognito_bench.emulator.motostate import find_client, find_pool, find_user
from cognito_bench.emulator.srp import pad_hex, password_claim_ok, start_challenge
from cognito_bench.emulator.state import AuthSession, Delivery, EmulatorState, SrpSession
from cognito_bench.emulator.totp import new_totp_secret, verify_totp

__all__ = ["ADMIN_SCOPE", "Forward", "UserPoolHandlers", "param_error"]

_INCORRECT = "Incorrect username or password."
#: The scope of every API sign-in's access token; the user operations want it.
ADMIN_SCOPE = "aws.cognito.signin.user.admin"
_NOT_FOUND_COMBO = "Username/client id combination not found."
_SESSION_EXPIRED = "Invalid session for the user, session is expired."
_SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
# symbols for generated temporary passwords: no quotes, backslash or space (easy to paste)
_INVITE_SYMBOLS = "^$*.[]{}()?!@#%&/,><:;|_~=+-"
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
_DEFAULT_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"]
#: USER_AUTH's one-time-password first factors: where each code goes.
_OTP_FACTORS = {"EMAIL_OTP": ("EMAIL", "email"), "SMS_OTP": ("SMS", "phone_number")}


@dataclass
class Forward:
    """Let moto answer; ``after`` may look at (and change) moto's JSON response."""

    after: Callable[[dict[str, Any]], dict[str, Any]] | None = None


def param_error(name: str) -> CognitoError:
    """The validation error AWS sends for a required parameter that is missing."""
    field = name[:1].lower() + name[1:]
    return CognitoError(
        "InvalidParameterException",
        f"1 validation error detected: Value null at '{field}' failed to satisfy constraint: "
        "Member must not be null",
    )


def _str(params: dict[str, Any], name: str, required: bool = True) -> str:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise param_error(name)
        return ""
    if not isinstance(value, str):
        raise CognitoError("SerializationException", f"Expected a string for {name}.")
    return value


def _map(params: dict[str, Any], name: str) -> dict[str, str]:
    value = params.get(name) or {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise CognitoError("SerializationException", f"Expected a map of strings for {name}.")
    return value


def _attrs(params: dict[str, Any], name: str) -> list[dict[str, str]]:
    value = params.get(name) or []
    if not isinstance(value, list) or not all(
        isinstance(a, dict) and isinstance(a.get("Name"), str) for a in value
    ):
        raise CognitoError("SerializationException", f"Expected a list of attributes for {name}.")
    return [{"Name": a["Name"], "Value": str(a.get("Value", ""))} for a in value]


#: What Cognito takes as an e-mail address and a phone number (E.164: "+", then digits).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_PHONE = re.compile(r"\+[0-9]{4,15}")
_BAD_FORMAT = {
    "email": "Invalid email address format.",
    "phone_number": "Invalid phone number format.",
}


def check_addresses(attributes: list[dict[str, str]]) -> None:
    """Refuse an ``email`` or ``phone_number`` attribute Cognito would not take.

    moto stores any text; Cognito answers InvalidParameterException with these messages
    (a phone number without its country code, "555 555 5555", is the classic).
    """
    for attribute in attributes:
        pattern = {"email": _EMAIL, "phone_number": _PHONE}.get(attribute["Name"])
        if pattern is not None and not pattern.fullmatch(attribute["Value"]):
            raise CognitoError("InvalidParameterException", _BAD_FORMAT[attribute["Name"]])


def check_alias_username(pool: Any, username: str) -> None:
    """In a pool that signs in by e-mail or phone only, the username must be one.

    moto says "Username should be either an email or a phone number." in every case; Cognito
    says so only when both are allowed, else it names the one format it wanted.
    """
    kinds = list(pool.extended_config.get("UsernameAttributes") or [])
    if len(kinds) == 1 and kinds[0] in _BAD_FORMAT:
        pattern = _EMAIL if kinds[0] == "email" else _PHONE
        if not pattern.fullmatch(username):
            raise CognitoError("InvalidParameterException", _BAD_FORMAT[kinds[0]])


def _moto_error(exc: Exception) -> CognitoError:
    """A moto JsonRESTError as our error (moto's messages are kept)."""
    code = getattr(exc, "error_type", "InvalidParameterException")
    message = getattr(exc, "message", str(exc))
    return CognitoError(str(code), str(message))


def _call_moto(fn: Callable[..., Any], *args: Any) -> Any:
    from moto.core.exceptions import JsonRESTError

    try:
        return fn(*args)
    except JsonRESTError as exc:
        raise _moto_error(exc) from exc


def sign_in_factors(pool: Any) -> list[str]:
    """The pool's SignInPolicy.AllowedFirstAuthFactors (Cognito's default: PASSWORD only)."""
    policy = (pool.extended_config.get("Policies") or {}).get("SignInPolicy") or {}
    return list(policy.get("AllowedFirstAuthFactors") or ["PASSWORD"])


def check_sign_in_policy(params: dict[str, Any]) -> None:
    """Refuse a SignInPolicy without PASSWORD (CreateUserPool, UpdateUserPool).

    Cognito keeps password sign-in always allowed (the console cannot clear it, CDK says
    "This must be true"); the message is the emulator's own: Cognito's wording is unknown.
    """
    policies = params.get("Policies") or {}
    policy = policies.get("SignInPolicy") if isinstance(policies, dict) else None
    if not isinstance(policy, dict) or "AllowedFirstAuthFactors" not in policy:
        return
    factors = policy["AllowedFirstAuthFactors"]
    if not isinstance(factors, list) or "PASSWORD" not in factors:
        raise CognitoError(
            "InvalidParameterException", "AllowedFirstAuthFactors must include PASSWORD."
        )


def _flows(client: Any) -> list[str]:
    flows = client.extended_config.get("ExplicitAuthFlows") or []
    return list(flows) or list(_DEFAULT_FLOWS)


def _status(name: str) -> Any:
    """moto's UserStatus member (moto compares statuses with ``is``)."""
    from moto.cognitoidp.models import UserStatus

    return UserStatus[name]


def _attr(user: Any, name: str) -> str:
    value = user.attribute_lookup.get(name, "")
    return str(value)


def _invitation_deliveries(mediums: list[str], addresses: dict[str, str]) -> list[Delivery]:
    """Where AdminCreateUser's invitation goes, one delivery per medium the user can receive.

    Raises:
        CognitoError: InvalidParameterException for EMAIL without an e-mail address (Cognito's
            message). SMS without a phone number sends nothing and is no error (Cognito's
            default medium is SMS, and users made with only an e-mail address are created).
    """
    deliveries = []
    for medium in dict.fromkeys(mediums):
        if medium == "EMAIL":
            if not addresses.get("email"):
                raise CognitoError(
                    "InvalidParameterException",
                    "No email provided but desired delivery medium was Email",
                )
            deliveries.append(Delivery("EMAIL", "email", addresses["email"]))
        elif medium == "SMS" and addresses.get("phone_number"):
            deliveries.append(Delivery("SMS", "phone_number", addresses["phone_number"]))
    return deliveries


def _user_json(user: Any) -> dict[str, Any]:
    """moto's user description with its times as the epoch seconds the JSON protocol sends."""
    described: dict[str, Any] = user.to_json(extended=True)
    for key, value in list(described.items()):
        if isinstance(value, _dt.datetime):
            when = value if value.tzinfo else value.replace(tzinfo=_dt.UTC)
            described[key] = when.timestamp()
    return described


class UserPoolHandlers:
    """Handlers for ``AWSCognitoIdentityProviderService.<Op>``, keyed by operation name."""

    def __init__(self, state: EmulatorState) -> None:
        self._s = state
        self.handlers: dict[str, Callable[[dict[str, Any]], dict[str, Any] | Forward]] = {
            "SignUp": self.sign_up,
            "ConfirmSignUp": self.confirm_sign_up,
            "ResendConfirmationCode": self.resend_confirmation_code,
            "ForgotPassword": self.forgot_password,
            "ConfirmForgotPassword": self.confirm_forgot_password,
            "InitiateAuth": self.initiate_auth,
            "AdminInitiateAuth": self.admin_initiate_auth,
            "RespondToAuthChallenge": self.respond_to_auth_challenge,
            "AdminRespondToAuthChallenge": self.respond_to_auth_challenge,
            "AssociateSoftwareToken": self.associate_software_token,
            "VerifySoftwareToken": self.verify_software_token,
            "SetUserMFAPreference": self.set_user_mfa_preference,
            "AdminSetUserMFAPreference": self.admin_set_user_mfa_preference,
            "RevokeToken": self.revoke_token,
            "GetTokensFromRefreshToken": self.get_tokens_from_refresh_token,
            "DeleteUser": self.delete_user,
            "GetUserAttributeVerificationCode": self.get_user_attribute_verification_code,
            "VerifyUserAttribute": self.verify_user_attribute,
            "UpdateUserAttributes": self.update_user_attributes,
            "ChangePassword": self.change_password,
            "GlobalSignOut": self.global_sign_out,
            "AdminSetUserPassword": self.admin_set_user_password,
            "AdminCreateUser": self.admin_create_user,
            "AdminResetUserPassword": self.admin_reset_user_password,
            "AdminDeleteUser": self.admin_delete_user,
            "AdminConfirmSignUp": self.admin_confirm_sign_up,
            "AdminUpdateUserAttributes": self.admin_update_user_attributes,
            "CreateUserPool": self.create_user_pool,
            "UpdateUserPool": self.update_user_pool,
            "CreateUserPoolClient": self.create_user_pool_client,
            "GetUser": self.get_user,
            "AdminGetUser": self.admin_get_user,
        }

    # shared checks ---------------------------------------------------------------------------

    def _client(self, params: dict[str, Any], pool_id: str | None = None) -> tuple[Any, Any, Any]:
        return find_client(_str(params, "ClientId"), pool_id)

    @staticmethod
    def _check_secret(client: Any, username: str, given: str | None) -> None:
        if not client.generate_secret:
            return
        if not given:
            raise secret_hash_missing(client.id)
        digest = hmac.new(
            client.secret.encode(), (username + client.id).encode(), hashlib.sha256
        ).digest()
        # Bytes, not str: compare_digest raises TypeError for non-ASCII text, and a request
        # may carry anything.
        if not hmac.compare_digest(base64.b64encode(digest), given.encode()):
            raise secret_hash_wrong(client.id)

    @staticmethod
    def _check_secret_any(client: Any, names: list[str], given: str | None) -> None:
        """SECRET_HASH that may be computed over any of ``names`` (username, sub, alias)."""
        if not client.generate_secret:
            return
        if not given:
            raise secret_hash_missing(client.id)
        for name in names:
            try:
                UserPoolHandlers._check_secret(client, name, given)
            except CognitoError:
                continue
            return
        raise secret_hash_wrong(client.id)

    @staticmethod
    def check_password_policy(pool: Any, password: str) -> None:
        """Raise InvalidPasswordException naming the first rule ``password`` breaks."""
        policy = (pool.extended_config.get("Policies") or {}).get("PasswordPolicy") or {}
        rules = [
            (len(password) >= int(policy.get("MinimumLength", 8)), "Password not long enough"),
            (
                not policy.get("RequireLowercase", True) or any(c.islower() for c in password),
                "Password must have lowercase characters",
            ),
            (
                not policy.get("RequireUppercase", True) or any(c.isupper() for c in password),
                "Password must have uppercase characters",
            ),
            (
                not policy.get("RequireNumbers", True) or any(c.isdigit() for c in password),
                "Password must have numeric characters",
            ),
            (
                not policy.get("RequireSymbols", True) or any(c in _SYMBOLS for c in password),
                "Password must have symbol characters",
            ),
        ]
        for ok, rule in rules:
            if not ok:
                raise CognitoError(
                    "InvalidPasswordException", f"Password did not conform with policy: {rule}"
                )

    def _public_user(self, pool: Any, username: str) -> Any:
        user = find_user(pool, username)
        if user is None:
            raise CognitoError("UserNotFoundException", _NOT_FOUND_COMBO)
        return user

    def _auth_user(self, pool: Any, client: Any, username: str) -> Any:
        user = find_user(pool, username)
        if user is None:
            if client.extended_config.get("PreventUserExistenceErrors") == "ENABLED":
                raise CognitoError("NotAuthorizedException", _INCORRECT)
            raise CognitoError("UserNotFoundException", "User does not exist.")
        if not user.enabled:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        return user

    def _delivery(self, pool: Any, user: Any) -> Delivery | None:
        """Where Cognito sends a verification code: the auto-verified phone, else e-mail."""
        auto = pool.extended_config.get("AutoVerifiedAttributes") or []
        phone = _attr(user, "phone_number")
        email = _attr(user, "email")
        if "phone_number" in auto and phone:
            return Delivery("SMS", "phone_number", phone)
        if "email" in auto and email:
            return Delivery("EMAIL", "email", email)
        return None

    def _recovery(self, pool: Any, user: Any) -> Delivery:
        """Where a password-reset code goes (AccountRecoverySetting, verified attributes)."""
        setting = pool.extended_config.get("AccountRecoverySetting") or {}
        mechanisms = sorted(
            setting.get("RecoveryMechanisms")
            or [
                {"Name": "verified_phone_number", "Priority": 1},
                {"Name": "verified_email", "Priority": 2},
            ],
            key=lambda m: m.get("Priority", 0),
        )
        for mechanism in mechanisms:
            name = mechanism.get("Name")
            if name == "admin_only":
                raise CognitoError(
                    "NotAuthorizedException", "Contact administrator to reset password."
                )
            if name == "verified_phone_number" and _attr(user, "phone_number_verified") == "true":
                return Delivery("SMS", "phone_number", _attr(user, "phone_number"))
            if name == "verified_email" and _attr(user, "email_verified") == "true":
                return Delivery("EMAIL", "email", _attr(user, "email"))
        raise CognitoError(
            "InvalidParameterException",
            "Cannot reset password for the user as there is no registered/verified email or "
            "phone_number",
        )

    def access(self, token: str, scope: str = ADMIN_SCOPE) -> tuple[Any, Any, Any, dict[str, Any]]:
        """(backend, pool, user, claims) of a valid access token, as Cognito checks it.

        Args:
            token: the access token.
            scope: the scope the token must carry: the API's user operations want
                ``aws.cognito.signin.user.admin``, the hosted UI's userInfo ``openid``.

        Raises:
            CognitoError: NotAuthorizedException with Cognito's message.
        """
        if not token:
            raise param_error("AccessToken")
        try:
            claims = signing.verify(token)
        except signing.TokenError as exc:
            raise CognitoError("NotAuthorizedException", "Invalid Access Token") from exc
        if claims.get("token_use") != "access":
            raise CognitoError("NotAuthorizedException", "Invalid Access Token")
        if self._s.clock() >= float(claims.get("exp", 0)):
            raise CognitoError("NotAuthorizedException", "Access Token has expired")
        if scope not in str(claims.get("scope", "")).split():
            raise CognitoError(
                "NotAuthorizedException", "Access Token does not have required scopes"
            )
        pool_id = str(claims.get("iss", "")).rsplit("/", 1)[-1]
        try:
            backend, pool = find_pool(pool_id)
        except CognitoError as exc:
            raise CognitoError("NotAuthorizedException", "Invalid Access Token") from exc
        if claims.get("origin_jti") in self._s.revoked_origins or token not in pool.access_tokens:
            raise CognitoError("NotAuthorizedException", "Access Token has been revoked")
        user = find_user(pool, str(claims.get("username", "")))
        if user is None:
            raise CognitoError("NotAuthorizedException", "Access Token has been revoked")
        if not user.enabled:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        return backend, pool, user, claims

    # sign-up and codes -----------------------------------------------------------------------

    def sign_up(self, params: dict[str, Any]) -> dict[str, Any]:
        backend, pool, client = self._client(params)
        username = _str(params, "Username")
        self._check_secret(client, username, params.get("SecretHash"))
        password = _str(params, "Password")
        attributes = _attrs(params, "UserAttributes")
        check_alias_username(pool, username)
        check_addresses(attributes)
        if find_user(pool, username) is not None:
            raise CognitoError("UsernameExistsException", "User already exists")
        self.check_password_policy(pool, password)
        user, _ = _call_moto(backend.sign_up, client.id, username, password, attributes)
        # moto's sign_up marks nothing verified; Cognito leaves *_verified unset until a code
        response: dict[str, Any] = {"UserConfirmed": False, "UserSub": user.id}
        delivery = self._delivery(pool, user)
        if delivery is not None:
            self._s.issue_code(pool.id, user.username, "SIGN_UP", "SIGN_UP", delivery)
            response["CodeDeliveryDetails"] = delivery.details()
        return response

    def confirm_sign_up(self, params: dict[str, Any]) -> dict[str, Any]:
        _, pool, client = self._client(params)
        username = _str(params, "Username")
        self._check_secret(client, username, params.get("SecretHash"))
        code = _str(params, "ConfirmationCode")
        user = self._public_user(pool, username)
        if user.status == "CONFIRMED":
            raise CognitoError(
                "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"
            )
        pending = self._s.check_code(pool.id, user.username, "SIGN_UP", code)
        self._s.use_code(pool.id, user.username, "SIGN_UP")
        user.status = _status("CONFIRMED")
        user.update_attributes(
            [{"Name": f"{pending.delivery.attribute}_verified", "Value": "true"}]
        )
        return {}

    def resend_confirmation_code(self, params: dict[str, Any]) -> dict[str, Any]:
        _, pool, client = self._client(params)
        username = _str(params, "Username")
        self._check_secret(client, username, params.get("SecretHash"))
        user = self._public_user(pool, username)
        if user.status == "CONFIRMED":
            raise CognitoError("InvalidParameterException", "User is already confirmed.")
        delivery = self._delivery(pool, user)
        if delivery is None:
            raise CognitoError(
                "InvalidParameterException", "Cannot resend codes. Auto verification not turned on."
            )
        self._s.issue_code(pool.id, user.username, "SIGN_UP", "RESEND", delivery)
        return {"CodeDeliveryDetails": delivery.details()}

    def forgot_password(self, params: dict[str, Any]) -> dict[str, Any]:
        _, pool, client = self._client(params)
        username = _str(params, "Username")
        self._check_secret(client, username, params.get("SecretHash"))
        user = self._public_user(pool, username)
        if not user.enabled:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        delivery = self._recovery(pool, user)
        self._s.issue_code(pool.id, user.username, "FORGOT", "FORGOT_PASSWORD", delivery)
        return {"CodeDeliveryDetails": delivery.details()}

    def confirm_forgot_password(self, params: dict[str, Any]) -> dict[str, Any]:
        _, pool, client = self._client(params)
        username = _str(params, "Username")
        self._check_secret(client, username, params.get("SecretHash"))
        code = _str(params, "ConfirmationCode")
        password = _str(params, "Password")
        user = self._public_user(pool, username)
        self._s.check_code(pool.id, user.username, "FORGOT", code)
        self.check_password_policy(pool, password)
        self._s.use_code(pool.id, user.username, "FORGOT")
        user.password = password
        if user.status in ("RESET_REQUIRED", "FORCE_CHANGE_PASSWORD"):
            user.status = _status("CONFIRMED")
        return {}

    # sign-in ------------------------------------------------------------------------------------

    def initiate_auth(self, params: dict[str, Any]) -> dict[str, Any]:
        flow = _str(params, "AuthFlow")
        if flow not in _ALL_FLOWS:
            raise CognitoError(
                "InvalidParameterException",
                f"1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy "
                f"constraint: Member must satisfy enum value set: {_ALL_FLOWS}",
            )
        backend, pool, client = self._client(params)
        if flow not in _USER_FLOWS:
            raise CognitoError("InvalidParameterException", "Initiate Auth method not supported.")
        return self._auth(backend, pool, client, flow, _map(params, "AuthParameters"))

    def admin_initiate_auth(self, params: dict[str, Any]) -> dict[str, Any]:
        flow = _str(params, "AuthFlow")
        pool_id = _str(params, "UserPoolId")
        backend, pool, client = self._client(params, pool_id)
        if flow in ("USER_SRP_AUTH", "USER_PASSWORD_AUTH"):
            raise CognitoError("InvalidParameterException", "Initiate Auth method not supported.")
        if flow not in _ALL_FLOWS:
            raise CognitoError(
                "InvalidParameterException",
                f"1 validation error detected: Value '{flow}' at 'authFlow' failed to satisfy "
                f"constraint: Member must satisfy enum value set: {_ALL_FLOWS}",
            )
        return self._auth(backend, pool, client, flow, _map(params, "AuthParameters"))

    def _auth(
        self, backend: Any, pool: Any, client: Any, flow: str, auth: dict[str, str]
    ) -> dict[str, Any]:
        flows = _flows(client)
        if flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
            return self._refresh(backend, pool, client, auth)
        if flow == "CUSTOM_AUTH":
            raise CognitoError(
                "InvalidParameterException",
                "Custom auth lambda trigger is not configured for the user pool.",
            )
        if flow == "USER_AUTH":
            return self._user_auth(backend, pool, client, auth)
        if flow == "USER_SRP_AUTH":
            legacy = not any(f.startswith("ALLOW_") for f in flows)
            if "ALLOW_USER_SRP_AUTH" not in flows and not legacy:
                raise CognitoError(
                    "InvalidParameterException", "USER_SRP_AUTH is not enabled for the client."
                )
            return self._srp_start(pool, client, auth)
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
            raise CognitoError("InvalidParameterException", "Missing required parameter USERNAME")
        self._check_secret(client, username, auth.get("SECRET_HASH"))
        password = auth.get("PASSWORD", "")
        if not password:
            raise CognitoError("InvalidParameterException", "Missing required parameter PASSWORD")
        user = self.check_password(pool, client, username, password)
        return self._after_password(backend, pool, client, user)

    def check_password(self, pool: Any, client: Any, username: str, password: str) -> Any:
        """The user if ``password`` is theirs; counts failures towards the lockout.

        Shared by USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and the hosted UI's form.

        Raises:
            CognitoError: UserNotFoundException (or NotAuthorizedException when the client
                prevents user-existence errors), NotAuthorizedException for a disabled user,
                a lockout or a wrong password, with Cognito's messages.
        """
        user = self._auth_user(pool, client, username)
        self._s.check_lockout(pool.id, user.username)
        if user.password != password:
            self._s.password_failed(pool.id, user.username)
            raise CognitoError("NotAuthorizedException", _INCORRECT)
        self._s.password_ok(pool.id, user.username)
        return user

    def _srp_start(self, pool: Any, client: Any, auth: dict[str, str]) -> dict[str, Any]:
        username = auth.get("USERNAME", "")
        if not username:
            raise CognitoError("InvalidParameterException", "Missing required parameter USERNAME")
        srp_a = auth.get("SRP_A", "")
        if not srp_a:
            raise CognitoError("InvalidParameterException", "Missing required parameter SRP_A")
        self._check_secret(client, username, auth.get("SECRET_HASH"))
        user = self._auth_user(pool, client, username)
        key = (pool.id, user.username)
        salt = self._s.salts.get(key)
        if salt is None:
            salt = self._s.salts[key] = pad_hex(secrets.randbits(128) | 1 << 120)
        pool_name = pool.id.split("_", 1)[1]
        try:
            challenge = start_challenge(pool_name, user.username, user.password or "", salt, srp_a)
        except ValueError as exc:
            raise CognitoError("InvalidParameterException", "Invalid SRP_A value.") from exc
        ttl = 60 * int(client.extended_config.get("AuthSessionValidity") or 3)
        self._s.new_srp(
            SrpSession(pool.id, client.id, user.username, challenge, self._s.clock() + ttl)
        )
        return {
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {
                "SALT": salt,
                "SECRET_BLOCK": challenge.secret_block,
                "SRP_B": challenge.srp_b_hex,
                "USERNAME": user.username,
                "USER_ID_FOR_SRP": user.username,
            },
        }

    def first_factors(self, pool: Any, user: Any) -> list[str]:
        """USER_AUTH's AvailableChallenges: the pool's allowed first factors ``user`` can use.

        PASSWORD and PASSWORD_SRP for a user with a password; EMAIL_OTP for a user with an
        e-mail address, SMS_OTP with a phone number (unverified ones too: Cognito sends MFA
        codes to unverified addresses and marks them verified once a code comes back). A user
        with an MFA factor, or any user of a pool where MFA is ON, gets no one-time-password
        factor (Cognito: "MFA and passwordless cannot be used together"). WEB_AUTHN never: the
        emulator keeps no passkeys.
        """
        allowed = sign_in_factors(pool)
        factors = ["PASSWORD", "PASSWORD_SRP"] if user.password else []
        if pool.mfa_config == "ON" or self.mfa_factors(pool, user):
            return factors
        for factor, (_, attribute) in _OTP_FACTORS.items():
            if factor in allowed and _attr(user, attribute):
                factors.append(factor)
        return factors

    def _user_auth(
        self, backend: Any, pool: Any, client: Any, auth: dict[str, str]
    ) -> dict[str, Any]:
        """InitiateAuth's USER_AUTH (choice-based sign-in).

        With a PREFERRED_CHALLENGE the user can use, that challenge starts at once (PASSWORD
        and PASSWORD_SRP take their PASSWORD / SRP_A here too); without one, or with one the
        user cannot use, the answer is SELECT_CHALLENGE with AvailableChallenges.
        """
        if "ALLOW_USER_AUTH" not in _flows(client):
            raise CognitoError(
                "InvalidParameterException", "USER_AUTH flow not enabled for this client"
            )
        username = auth.get("USERNAME", "")
        if not username:
            raise CognitoError("InvalidParameterException", "Missing required parameter USERNAME")
        self._check_secret(client, username, auth.get("SECRET_HASH"))
        user = self._auth_user(pool, client, username)
        available = self.first_factors(pool, user)
        preferred = auth.get("PREFERRED_CHALLENGE", "")
        if preferred in available:
            return self._first_factor(backend, pool, client, user, preferred, auth)
        return {
            "ChallengeName": "SELECT_CHALLENGE",
            "Session": self._session(pool, client, user, "SELECT_CHALLENGE"),
            "ChallengeParameters": {},
            "AvailableChallenges": available,
        }

    def _first_factor(
        self, backend: Any, pool: Any, client: Any, user: Any, factor: str, given: dict[str, str]
    ) -> dict[str, Any]:
        """Start (or, for PASSWORD, pass) the first factor ``factor`` of a USER_AUTH sign-in.

        ``given``: the AuthParameters or ChallengeResponses that chose it (PASSWORD, SRP_A).
        A password goes through :meth:`check_password` and then on as in USER_PASSWORD_AUTH;
        PASSWORD_SRP answers PASSWORD_VERIFIER as USER_SRP_AUTH does; a one-time password is
        sent and asked for (a user who has not confirmed sign-up is told so first).
        """
        if factor == "PASSWORD":
            password = given.get("PASSWORD", "")
            if not password:
                raise CognitoError(
                    "InvalidParameterException", "Missing required parameter PASSWORD"
                )
            checked = self.check_password(pool, client, user.username, password)
            return self._after_password(backend, pool, client, checked)
        if factor == "PASSWORD_SRP":
            return self._srp_start(pool, client, given)
        if user.status == "UNCONFIRMED":
            raise CognitoError("UserNotConfirmedException", "User is not confirmed.")
        medium, attribute = _OTP_FACTORS[factor]
        delivery = Delivery(medium, attribute, _attr(user, attribute))
        return self._code_challenge(pool, client, user, factor, delivery, "SIGN_IN")

    def signer(self, pool: Any) -> signing.Signer:
        """The key that signs ``pool``'s tokens."""
        signer = signing.signer_for_pool(pool.id) or self._s.signer
        if signer is None:
            raise CognitoError("InternalErrorException", "The emulator has no signing key yet.")
        return signer

    def _wrap_refresh(self, pool: Any, client_id: str, moto_token: str) -> str:
        """moto's refresh token (a UUID) inside a JWE shaped like Cognito's refresh tokens.

        The plaintext is a JWT signed by the emulator (the header says ``cty: JWT``) that names
        moto's token; only this emulator can decrypt it.
        """
        signer = self.signer(pool)
        inner = signer.sign(
            {
                "token_use": "refresh",
                "rt": moto_token,
                "client_id": client_id,
                "iss": signer.issuer(pool.id),
                "iat": int(self._s.clock()),
            }
        )
        return signer.encrypt(inner.encode("ascii"))

    def _unwrap_refresh(self, pool: Any, token: str) -> str | None:
        """moto's refresh token inside a refresh token this emulator issued for ``pool``."""
        if token.count(".") != 4:
            return None
        signer = self.signer(pool)
        try:
            claims = signing.verify(signer.decrypt(token).decode("ascii"))
        except (signing.TokenError, UnicodeDecodeError):
            return None
        moto_token = claims.get("rt")
        if claims.get("token_use") != "refresh" or claims.get("iss") != signer.issuer(pool.id):
            return None
        return moto_token if isinstance(moto_token, str) else None

    def _refresh_grant(self, pool: Any, client: Any, token: str) -> tuple[str, Any]:
        """(moto's token, user) of a refresh token ``client`` may use (before its secret check).

        Raises:
            CognitoError: NotAuthorizedException "Invalid Refresh Token" for anything this pool
                did not issue to this client (garbage, another emulator's, rotated out), and
                "Refresh Token has been revoked" after RevokeToken or a sign-out.
        """
        moto_token = self._unwrap_refresh(pool, token)
        if moto_token is None or moto_token not in pool.refresh_tokens:
            raise CognitoError("NotAuthorizedException", "Invalid Refresh Token")
        retired = self._s.refresh_retired.get(moto_token)
        if retired is not None and self._s.clock() >= retired:
            raise CognitoError("NotAuthorizedException", "Invalid Refresh Token")
        record = pool.refresh_tokens[moto_token]
        if record is None:
            raise CognitoError("NotAuthorizedException", "Refresh Token has been revoked")
        client_id, username, _ = record
        if client_id != client.id:
            raise CognitoError("NotAuthorizedException", "Invalid Refresh Token")
        user = find_user(pool, username)
        if user is None:
            raise CognitoError("NotAuthorizedException", "Refresh Token has been revoked")
        return moto_token, user

    def _refresh_usable(self, client: Any, moto_token: str, user: Any) -> None:
        """The user is enabled and the token within the client's RefreshTokenValidity."""
        if not user.enabled:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        validity = client.extended_config.get("RefreshTokenValidity") or 30
        unit = (client.extended_config.get("TokenValidityUnits") or {}).get("RefreshToken", "days")
        seconds = int(validity) * signing._UNIT_SECONDS.get(str(unit), 86400)
        issued = self._s.refresh_issued.get(moto_token)
        if issued is not None and self._s.clock() >= issued + seconds:
            raise CognitoError("NotAuthorizedException", "Refresh Token has expired")

    def refresh_user(self, pool: Any, client: Any, token: str) -> tuple[str, Any]:
        """(moto's token, user) of a refresh token ``client`` may use now (the token endpoint).

        Raises:
            CognitoError: NotAuthorizedException, as for REFRESH_TOKEN_AUTH.
        """
        moto_token, user = self._refresh_grant(pool, client, token)
        self._refresh_usable(client, moto_token, user)
        return moto_token, user

    def _refresh(
        self, backend: Any, pool: Any, client: Any, auth: dict[str, str]
    ) -> dict[str, Any]:
        token = auth.get("REFRESH_TOKEN", "")
        if not token:
            raise CognitoError(
                "InvalidParameterException", "Missing required parameter REFRESH_TOKEN"
            )
        moto_token, user = self._refresh_grant(pool, client, token)
        names = [auth.get("USERNAME", ""), user.username, user.id]
        self._check_secret_any(client, [n for n in names if n], auth.get("SECRET_HASH"))
        self._refresh_usable(client, moto_token, user)
        access, id_token, expires_in = self.tokens_from_refresh(pool, moto_token)
        return {
            "ChallengeParameters": {},
            "AuthenticationResult": {
                "AccessToken": access,
                "ExpiresIn": expires_in,
                "TokenType": "Bearer",
                "IdToken": id_token,
            },
        }

    def get_tokens_from_refresh_token(self, params: dict[str, Any]) -> dict[str, Any]:
        """New ID and access tokens; with RefreshTokenRotation ENABLED also a new refresh token.

        The old refresh token then stops working after the client's RetryGracePeriodSeconds.
        A client with a secret takes the secret itself (ClientSecret), as RevokeToken does.
        """
        token = _str(params, "RefreshToken")
        _, pool, client = self._client(params)
        if client.generate_secret:
            given = _str(params, "ClientSecret", required=False)
            if not given:
                raise secret_hash_missing(client.id)
            if not hmac.compare_digest(given.encode(), client.secret.encode()):
                raise secret_hash_wrong(client.id)
        moto_token, user = self.refresh_user(pool, client, token)
        access, id_token, expires_in = self.tokens_from_refresh(pool, moto_token)
        result: dict[str, Any] = {
            "AccessToken": access,
            "ExpiresIn": expires_in,
            "TokenType": "Bearer",
            "IdToken": id_token,
        }
        rotation = client.extended_config.get("RefreshTokenRotation") or {}
        if rotation.get("Feature") == "ENABLED":
            grace = int(rotation.get("RetryGracePeriodSeconds") or 0)
            self._s.refresh_retired.setdefault(moto_token, self._s.clock() + grace)
            new_token, _ = pool.create_refresh_token(client.id, user.username)
            self._s.refresh_issued[new_token] = self._s.clock()
            result["RefreshToken"] = self._wrap_refresh(pool, client.id, new_token)
        return {"AuthenticationResult": result}

    def tokens_from_refresh(self, pool: Any, moto_token: str) -> tuple[str, str, int]:
        """(access token, ID token, expires in) for a refresh token, keeping its OAuth scopes."""
        access, id_token, expires_in = pool.create_tokens_from_refresh_token(moto_token)
        scope = self._s.refresh_scopes.get(moto_token)
        if scope is not None:
            access = self.rescope(pool, access, scope)
        return access, id_token, expires_in

    def rescope(self, pool: Any, access_token: str, scope: str) -> str:
        """The access token again with ``scope`` as its scope claim (an OAuth grant's scopes).

        moto writes the API's ``aws.cognito.signin.user.admin`` into every access token.
        """
        return self.with_claims(pool, access_token, {"scope": scope})

    def with_claims(self, pool: Any, token: str, claims: dict[str, Any]) -> str:
        """``token`` (an access or ID token of ``pool``) signed again with ``claims`` set.

        The new token replaces the old one in moto's state, so revocation and sign-out see it.
        """
        payload = signing.verify(token)
        payload.update(claims)
        signed = self.signer(pool).sign(payload)
        for store in (pool.access_tokens, pool.id_tokens):
            if token in store:
                store[signed] = store.pop(token)
        return signed

    def issue(
        self, backend: Any, pool: Any, client: Any, user: Any, scope: str | None = None
    ) -> dict[str, Any]:
        """Sign ``user`` in: moto's tokens, the refresh token wrapped like Cognito's.

        ``scope``: an OAuth grant's scopes for the access token (kept for its refreshes).
        """
        result: dict[str, Any] = backend._log_user_in(pool, client, user.username)
        tokens = result.get("AuthenticationResult", {})
        moto_token = tokens.get("RefreshToken")
        if moto_token:
            self._s.refresh_issued[moto_token] = self._s.clock()
            if scope is not None:
                self._s.refresh_scopes[moto_token] = scope
                tokens["AccessToken"] = self.rescope(pool, tokens["AccessToken"], scope)
            tokens["RefreshToken"] = self._wrap_refresh(pool, client.id, moto_token)
        return result

    def _session(self, pool: Any, client: Any, user: Any, challenge: str, **kw: Any) -> str:
        ttl = 60 * int(client.extended_config.get("AuthSessionValidity") or 3)
        return self._s.new_session(
            AuthSession(pool.id, client.id, user.username, challenge, self._s.clock() + ttl, **kw)
        )

    def _after_password(self, backend: Any, pool: Any, client: Any, user: Any) -> dict[str, Any]:
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
            return {
                "ChallengeName": "NEW_PASSWORD_REQUIRED",
                "Session": self._session(pool, client, user, "NEW_PASSWORD_REQUIRED"),
                "ChallengeParameters": {
                    "USER_ID_FOR_SRP": user.username,
                    "requiredAttributes": "[]",
                    "userAttributes": json.dumps(shown),
                },
            }
        return self._mfa_step(backend, pool, client, user)

    def mfa_factors(self, pool: Any, user: Any) -> list[str]:
        """The MFA factors ``user`` has set up, the preferred one first."""
        key = (pool.id, user.username)
        factors = []
        if user.software_token_mfa_enabled and key in self._s.totp:
            factors.append("SOFTWARE_TOKEN_MFA")
        if user.sms_mfa_enabled and _attr(user, "phone_number"):
            factors.append("SMS_MFA")
        if key in self._s.email_mfa and _attr(user, "email"):
            factors.append("EMAIL_OTP")
        preferred = user.preferred_mfa_setting
        if preferred in factors:
            factors.remove(preferred)
            factors.insert(0, preferred)
        return factors

    def _mfa_step(self, backend: Any, pool: Any, client: Any, user: Any) -> dict[str, Any]:
        if pool.mfa_config == "OFF":
            return self.issue(backend, pool, client, user)
        factors = self.mfa_factors(pool, user)
        if not factors:
            if pool.mfa_config != "ON":
                return self.issue(backend, pool, client, user)
            can_setup = []
            if (pool.token_mfa_config or {}).get("Enabled") or not pool.sms_mfa_config:
                can_setup.append("SOFTWARE_TOKEN_MFA")
            if pool.sms_mfa_config:
                can_setup.append("SMS_MFA")
            return {
                "ChallengeName": "MFA_SETUP",
                "Session": self._session(pool, client, user, "MFA_SETUP"),
                "ChallengeParameters": {"MFAS_CAN_SETUP": json.dumps(can_setup)},
            }
        if len(factors) > 1 and user.preferred_mfa_setting not in factors:
            return {
                "ChallengeName": "SELECT_MFA_TYPE",
                "Session": self._session(pool, client, user, "SELECT_MFA_TYPE"),
                "ChallengeParameters": {"MFAS_CAN_CHOOSE": json.dumps(factors)},
            }
        return self._factor_challenge(pool, client, user, factors[0])

    def _factor_challenge(self, pool: Any, client: Any, user: Any, factor: str) -> dict[str, Any]:
        if factor == "SOFTWARE_TOKEN_MFA":
            return {
                "ChallengeName": factor,
                "Session": self._session(pool, client, user, factor),
                "ChallengeParameters": {},
            }
        if factor == "SMS_MFA":
            delivery = Delivery("SMS", "phone_number", _attr(user, "phone_number"))
        else:
            delivery = Delivery("EMAIL", "email", _attr(user, "email"))
        return self._code_challenge(pool, client, user, factor, delivery, "MFA")

    def _code_challenge(
        self, pool: Any, client: Any, user: Any, challenge: str, delivery: Delivery, purpose: str
    ) -> dict[str, Any]:
        """Send a code to ``delivery`` and ask for it back (SMS_MFA, EMAIL_OTP, SMS_OTP).

        ``purpose``: the outbox's (``MFA`` after a password, ``SIGN_IN`` as a first factor).
        The code lives in the session; it is single use because the session is.
        """
        code = self._s.issue_code(pool.id, user.username, "MFA", purpose, delivery)
        details = delivery.details()
        return {
            "ChallengeName": challenge,
            "Session": self._session(pool, client, user, challenge, code=code),
            "ChallengeParameters": {
                "CODE_DELIVERY_DELIVERY_MEDIUM": details["DeliveryMedium"],
                "CODE_DELIVERY_DESTINATION": details["Destination"],
            },
        }

    def respond_to_auth_challenge(self, params: dict[str, Any]) -> dict[str, Any]:
        pool_id = params.get("UserPoolId") if isinstance(params.get("UserPoolId"), str) else None
        backend, pool, client = self._client(params, pool_id or None)
        name = _str(params, "ChallengeName")
        responses = _map(params, "ChallengeResponses")
        username = responses.get("USERNAME", "")
        if not username:
            raise CognitoError("InvalidParameterException", "Missing required parameter USERNAME")
        if name == "PASSWORD_VERIFIER":
            self._check_secret(client, username, responses.get("SECRET_HASH"))
            return self._password_verifier(backend, pool, client, responses)
        session_token = _str(params, "Session")
        session = self._s.sessions.get(session_token)
        if session is None or session.client_id != client.id or session.pool_id != pool.id:
            raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
        if self._s.clock() >= session.expires:
            del self._s.sessions[session_token]
            raise CognitoError("NotAuthorizedException", _SESSION_EXPIRED)
        if session.challenge != name:
            raise CognitoError("InvalidParameterException", f"Invalid challenge name {name}.")
        user = find_user(pool, session.username)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        if username not in (
            user.username,
            user.id,
            _attr(user, "email"),
            _attr(user, "phone_number"),
        ):
            raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
        self._check_secret_any(client, [username, user.username], responses.get("SECRET_HASH"))
        if name == "SELECT_CHALLENGE":
            answer = responses.get("ANSWER", "")
            if answer not in self.first_factors(pool, user):
                raise CognitoError(
                    "InvalidParameterException", f"Invalid challenge answer {answer}."
                )
            del self._s.sessions[session_token]
            return self._first_factor(backend, pool, client, user, answer, responses)
        if name == "SELECT_MFA_TYPE":
            answer = responses.get("ANSWER", "")
            if answer not in self.mfa_factors(pool, user):
                raise CognitoError("InvalidParameterException", f"Invalid MFA type {answer}.")
            del self._s.sessions[session_token]
            return self._factor_challenge(pool, client, user, answer)
        if name == "NEW_PASSWORD_REQUIRED":
            password = responses.get("NEW_PASSWORD", "")
            if not password:
                raise CognitoError(
                    "InvalidParameterException", "Missing required parameter NEW_PASSWORD"
                )
            self.check_password_policy(pool, password)
            updates = [
                {"Name": k.removeprefix("userAttributes."), "Value": v}
                for k, v in responses.items()
                if k.startswith("userAttributes.")
            ]
            if updates:
                user.update_attributes(updates)
            user.password = password
            user.status = _status("CONFIRMED")
            del self._s.sessions[session_token]
            return self._mfa_step(backend, pool, client, user)
        if name == "SOFTWARE_TOKEN_MFA":
            code = responses.get("SOFTWARE_TOKEN_MFA_CODE", "")
            secret = self._s.totp.get((pool.id, user.username), "")
            if not secret or not verify_totp(secret, code, self._s.clock()):
                raise CognitoError("CodeMismatchException", "Invalid code received for user")
        elif name in ("SMS_MFA", "EMAIL_OTP", "SMS_OTP"):
            code = responses.get(f"{name}_CODE", "")
            if not code or not secrets.compare_digest(code.encode(), session.code.encode()):
                raise CognitoError("CodeMismatchException", "Invalid code received for user")
            self._s.use_code(pool.id, user.username, "MFA")
            attribute = "email" if name == "EMAIL_OTP" else "phone_number"
            user.update_attributes([{"Name": f"{attribute}_verified", "Value": "true"}])
        elif name == "MFA_SETUP":
            if not session.mfa_setup_done:
                raise CognitoError(
                    "InvalidParameterException",
                    "Software token MFA has not been set up for the user.",
                )
        else:
            raise CognitoError("InvalidParameterException", f"Invalid challenge name {name}.")
        del self._s.sessions[session_token]
        return self.issue(backend, pool, client, user)

    def _password_verifier(
        self, backend: Any, pool: Any, client: Any, responses: dict[str, str]
    ) -> dict[str, Any]:
        block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK", "")
        signature = responses.get("PASSWORD_CLAIM_SIGNATURE", "")
        timestamp = responses.get("TIMESTAMP", "")
        for key, value in (
            ("PASSWORD_CLAIM_SECRET_BLOCK", block),
            ("PASSWORD_CLAIM_SIGNATURE", signature),
            ("TIMESTAMP", timestamp),
        ):
            if not value:
                raise CognitoError("InvalidParameterException", f"Missing required parameter {key}")
        srp = self._s.srp.pop(block, None)
        if srp is None or srp.pool_id != pool.id or srp.client_id != client.id:
            raise CognitoError("NotAuthorizedException", _INCORRECT)
        if self._s.clock() >= srp.expires:
            raise CognitoError("NotAuthorizedException", _SESSION_EXPIRED)
        user = find_user(pool, srp.username)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        pool_name = pool.id.split("_", 1)[1]
        self._s.check_lockout(pool.id, user.username)
        if not password_claim_ok(srp.challenge, pool_name, srp.username, timestamp, signature):
            self._s.password_failed(pool.id, user.username)
            raise CognitoError("NotAuthorizedException", _INCORRECT)
        self._s.password_ok(pool.id, user.username)
        if not user.enabled:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        return self._after_password(backend, pool, client, user)

    # MFA -------------------------------------------------------------------------------------------

    def _session_user(self, token: str, challenge: str) -> tuple[AuthSession, Any]:
        session = self._s.sessions.get(token)
        if session is None or session.challenge != challenge:
            raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
        if self._s.clock() >= session.expires:
            raise CognitoError("NotAuthorizedException", _SESSION_EXPIRED)
        _, pool = find_pool(session.pool_id)
        user = find_user(pool, session.username)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        return session, user

    def associate_software_token(self, params: dict[str, Any]) -> dict[str, Any]:
        secret = new_totp_secret()
        session_token = _str(params, "Session", required=False)
        if session_token:
            session, user = self._session_user(session_token, "MFA_SETUP")
            self._s.totp_pending[(session.pool_id, user.username)] = secret
            # Cognito hands back a fresh session for the next step
            del self._s.sessions[session_token]
            return {"SecretCode": secret, "Session": self._s.new_session(session)}
        _, pool, user, _ = self.access(_str(params, "AccessToken"))
        self._s.totp_pending[(pool.id, user.username)] = secret
        return {"SecretCode": secret}

    def verify_software_token(self, params: dict[str, Any]) -> dict[str, Any]:
        code = _str(params, "UserCode")
        session_token = _str(params, "Session", required=False)
        session: AuthSession | None = None
        if session_token:
            session, user = self._session_user(session_token, "MFA_SETUP")
            pool_id = session.pool_id
        else:
            _, pool, user, _ = self.access(_str(params, "AccessToken"))
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
        if sms.get("Enabled") and not _attr(user, "phone_number"):
            raise CognitoError(
                "InvalidParameterException",
                "User does not have delivery config set to turn on SMS_MFA",
            )
        if email.get("Enabled") and not _attr(user, "email"):
            raise CognitoError(
                "InvalidParameterException",
                "User does not have delivery config set to turn on EMAIL_OTP",
            )
        _call_moto(backend.admin_set_user_mfa_preference, pool.id, user.username, totp, sms)
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

    def set_user_mfa_preference(self, params: dict[str, Any]) -> dict[str, Any]:
        backend, pool, user, _ = self.access(_str(params, "AccessToken"))
        return self._set_mfa(backend, pool, user, params)

    def admin_set_user_mfa_preference(self, params: dict[str, Any]) -> dict[str, Any]:
        backend, pool = find_pool(_str(params, "UserPoolId"))
        user = find_user(pool, _str(params, "Username"))
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        return self._set_mfa(backend, pool, user, params)

    # tokens and the signed-in user ----------------------------------------------------------------------

    def revoke_token(self, params: dict[str, Any]) -> dict[str, Any]:
        token = _str(params, "Token")
        _, pool, client = self._client(params)
        if client.generate_secret:
            # RevokeToken declares UnauthorizedException (not NotAuthorizedException) for a bad
            # client; the API reference gives no message, so it is worded like SECRET_HASH's.
            given = _str(params, "ClientSecret", required=False)
            if not given:
                raise CognitoError(
                    "UnauthorizedException",
                    f"Client {client.id} is configured for secret but secret was not received",
                )
            if not hmac.compare_digest(given.encode(), client.secret.encode()):
                raise CognitoError(
                    "UnauthorizedException", f"Unable to verify secret for client {client.id}"
                )
        if client.extended_config.get("EnableTokenRevocation") is False:
            raise CognitoError(
                "UnsupportedOperationException", "Token revocation is not enabled for this client."
            )
        if token.count(".") == 2:
            raise CognitoError("UnsupportedTokenTypeException", "Unsupported token type.")
        # an unknown token is not an error (RFC 7009 2.2: the server answers 200 either way)
        moto_token = self._unwrap_refresh(pool, token)
        record = pool.refresh_tokens.get(moto_token) if moto_token else None
        if moto_token is None or record is None:
            return {}
        client_id, _, origin_jti = record
        if client_id != client.id:
            raise CognitoError("UnauthorizedException", "Token was not issued to this client.")
        pool.refresh_tokens[moto_token] = None
        self._s.revoked_origins.add(origin_jti)
        for store in (pool.access_tokens, pool.id_tokens):
            for issued in list(store):
                try:
                    _, claims = signing.decode_unverified(issued)
                except signing.TokenError:
                    continue
                if claims.get("origin_jti") == origin_jti:
                    store.pop(issued, None)
        return {}

    def delete_user(self, params: dict[str, Any]) -> dict[str, Any]:
        backend, pool, user, _ = self.access(_str(params, "AccessToken"))
        pool.sign_out(user.username)
        _call_moto(backend.admin_delete_user, pool.id, user.username)
        self._s.forget_user(pool.id, user.username)
        return {}

    def get_user_attribute_verification_code(self, params: dict[str, Any]) -> dict[str, Any]:
        _, pool, user, _ = self.access(_str(params, "AccessToken"))
        name = _str(params, "AttributeName")
        if name not in ("email", "phone_number"):
            raise CognitoError("InvalidParameterException", f"Invalid attribute name: {name}")
        value = _attr(user, name)
        if not value:
            raise CognitoError(
                "InvalidParameterException", f"User does not have a value for the attribute: {name}"
            )
        delivery = Delivery("SMS" if name == "phone_number" else "EMAIL", name, value)
        self._s.issue_code(
            pool.id, user.username, f"ATTRIBUTE:{name}", "VERIFY_ATTRIBUTE", delivery
        )
        return {"CodeDeliveryDetails": delivery.details()}

    def verify_user_attribute(self, params: dict[str, Any]) -> dict[str, Any]:
        _, pool, user, _ = self.access(_str(params, "AccessToken"))
        name = _str(params, "AttributeName")
        code = _str(params, "Code")
        kind = f"ATTRIBUTE:{name}"
        self._s.check_code(pool.id, user.username, kind, code)
        self._s.use_code(pool.id, user.username, kind)
        user.update_attributes([{"Name": f"{name}_verified", "Value": "true"}])
        return {}

    def update_user_attributes(self, params: dict[str, Any]) -> dict[str, Any]:
        backend, pool, user, _ = self.access(_str(params, "AccessToken"))
        attributes = _attrs(params, "UserAttributes")
        check_addresses(attributes)
        before = {n: _attr(user, n) for n in ("email", "phone_number")}
        _call_moto(backend.update_user_attributes, params["AccessToken"], attributes)
        auto = pool.extended_config.get("AutoVerifiedAttributes") or []
        details = []
        for name, old in before.items():
            new = _attr(user, name)
            if new and new != old and name in auto:
                user.update_attributes([{"Name": f"{name}_verified", "Value": "false"}])
                delivery = Delivery("SMS" if name == "phone_number" else "EMAIL", name, new)
                self._s.issue_code(
                    pool.id, user.username, f"ATTRIBUTE:{name}", "VERIFY_ATTRIBUTE", delivery
                )
                details.append(delivery.details())
        return {"CodeDeliveryDetailsList": details} if details else {}

    def change_password(self, params: dict[str, Any]) -> dict[str, Any]:
        _, pool, user, _ = self.access(_str(params, "AccessToken"))
        previous = _str(params, "PreviousPassword", required=False)
        proposed = _str(params, "ProposedPassword")
        if previous != user.password:
            raise CognitoError("NotAuthorizedException", _INCORRECT)
        self.check_password_policy(pool, proposed)
        user.password = proposed
        return {}

    def global_sign_out(self, params: dict[str, Any]) -> dict[str, Any]:
        _, pool, user, _ = self.access(_str(params, "AccessToken"))
        pool.sign_out(user.username)
        return {}

    # admin operations moto answers, after Cognito's checks ---------------------------------------------------

    def _admin_user(self, params: dict[str, Any]) -> tuple[Any, Any, Any]:
        backend, pool = find_pool(_str(params, "UserPoolId"))
        user = find_user(pool, _str(params, "Username"))
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        return backend, pool, user

    def admin_set_user_password(self, params: dict[str, Any]) -> Forward:
        _, pool, _ = self._admin_user(params)
        self.check_password_policy(pool, _str(params, "Password"))
        return Forward()

    def admin_create_user(self, params: dict[str, Any]) -> dict[str, Any] | Forward:
        """moto makes the user; the emulator sends the invitation Cognito would send.

        MessageAction unset: an ``INVITATION`` with the temporary password (the given one, or
        one generated to the pool's policy) to each of DesiredDeliveryMediums (default SMS)
        the user has an address for; EMAIL without an e-mail address is refused as Cognito
        refuses it. SUPPRESS: no message. RESEND: a new temporary password, sent again, for a
        user still in FORCE_CHANGE_PASSWORD (moto would replace the user, so it never sees it).
        """
        _, pool = find_pool(_str(params, "UserPoolId"))
        username = _str(params, "Username")
        temporary = _str(params, "TemporaryPassword", required=False)
        if temporary:
            self.check_password_policy(pool, temporary)
        action = _str(params, "MessageAction", required=False)
        mediums = params.get("DesiredDeliveryMediums") or ["SMS"]
        if not isinstance(mediums, list) or not all(isinstance(m, str) for m in mediums):
            raise CognitoError(
                "SerializationException", "Expected a list for DesiredDeliveryMediums."
            )
        password = temporary or self._temporary_password(pool)
        if action == "RESEND":
            return self._resend_invitation(pool, username, password, mediums)
        attributes = _attrs(params, "UserAttributes")
        check_alias_username(pool, username)
        check_addresses(attributes)
        addresses = {a["Name"]: a["Value"] for a in attributes}
        alias_of = pool.extended_config.get("UsernameAttributes") or []
        if "email" in alias_of and "@" in username:
            addresses.setdefault("email", username)
        if "phone_number" in alias_of and username.startswith("+"):
            addresses.setdefault("phone_number", username)
        deliveries = [] if action == "SUPPRESS" else _invitation_deliveries(mediums, addresses)

        def after(response: dict[str, Any]) -> dict[str, Any]:
            user = find_user(pool, str((response.get("User") or {}).get("Username", "")))
            if user is not None:
                # Cognito always gives the user a temporary password; moto leaves None
                user.password = password
                self._invite(pool, user, password, deliveries)
            return response

        return Forward(after)

    @staticmethod
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

    def _invite(self, pool: Any, user: Any, password: str, deliveries: list[Delivery]) -> None:
        for delivery in deliveries:
            self._s.outbox.send(
                pool_id=pool.id,
                username=user.username,
                destination=delivery.destination,
                medium=delivery.medium,
                attribute=delivery.attribute,
                purpose="INVITATION",
                code=password,
            )

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
        deliveries = _invitation_deliveries(mediums, dict(user.attribute_lookup))
        user.password = password
        self._invite(pool, user, password, deliveries)
        return {"User": _user_json(user)}

    def admin_reset_user_password(self, params: dict[str, Any]) -> Forward:
        _, pool, user = self._admin_user(params)

        def after(response: dict[str, Any]) -> dict[str, Any]:
            delivery = self._recovery(pool, user)
            self._s.issue_code(pool.id, user.username, "FORGOT", "FORGOT_PASSWORD", delivery)
            pool.sign_out(user.username)
            return response

        return Forward(after)

    def admin_delete_user(self, params: dict[str, Any]) -> Forward:
        _, pool, user = self._admin_user(params)
        pool.sign_out(user.username)
        self._s.forget_user(pool.id, user.username)
        return Forward()

    def admin_update_user_attributes(self, params: dict[str, Any]) -> Forward:
        check_addresses(_attrs(params, "UserAttributes"))
        return Forward()

    def admin_confirm_sign_up(self, params: dict[str, Any]) -> Forward:
        _, pool, user = self._admin_user(params)
        if user.status == "CONFIRMED":
            raise CognitoError(
                "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED"
            )
        self._s.use_code(pool.id, user.username, "SIGN_UP")
        return Forward()

    def _with_email_mfa(self, pool: Any, user: Any) -> Forward:
        """moto's user description, plus e-mail MFA (which moto does not know)."""

        def after(response: dict[str, Any]) -> dict[str, Any]:
            if (pool.id, user.username) in self._s.email_mfa:
                settings = response.setdefault("UserMFASettingList", [])
                if "EMAIL_OTP" not in settings:
                    settings.append("EMAIL_OTP")
                if user.preferred_mfa_setting == "EMAIL_OTP":
                    response["PreferredMfaSetting"] = "EMAIL_OTP"
            return response

        return Forward(after)

    def get_user(self, params: dict[str, Any]) -> Forward:
        _, pool, user, _ = self.access(_str(params, "AccessToken"))
        return self._with_email_mfa(pool, user)

    def admin_get_user(self, params: dict[str, Any]) -> Forward:
        _, pool, user = self._admin_user(params)
        return self._with_email_mfa(pool, user)

    def create_user_pool(self, params: dict[str, Any]) -> Forward:
        _str(params, "PoolName")
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
        find_pool(_str(params, "UserPoolId"))
        check_sign_in_policy(params)
        return Forward()

    def create_user_pool_client(self, params: dict[str, Any]) -> Forward:
        find_pool(_str(params, "UserPoolId"))
        _str(params, "ClientName")

        def after(response: dict[str, Any]) -> dict[str, Any]:
            described = response.get("UserPoolClient") or {}
            if described.get("ClientSecret"):
                _, _, client = find_client(described["ClientId"], described["UserPoolId"])
                described["ClientSecret"] = renew_secret(client)
            return response

        return Forward(after)
