"""Cognito's rules about requests and users, checked the same way by every operation.

Secret hashes, the password policy, the address formats, the sign-in policy and the flows a
client allows; finding the user a request names (with the error Cognito gives for each kind
of request); where a code is delivered; checking a password (with the lockout) and which MFA
factors a user has. These are plain functions of moto's pool, client and user (and the
emulator's state where it keeps something moto does not), so the API's operations and the
hosted UI apply one rule, not two copies of it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from typing import Any

from cognito_bench.emulator.errors import CognitoError, secret_hash_missing, secret_hash_wrong
from cognito_bench.emulator.motostate import find_pool, find_user
from cognito_bench.emulator.state import Delivery, EmulatorState
from cognito_bench.emulator.userpool.params import text, user_attr

__all__ = [
    "INCORRECT",
    "STANDARD_ATTRIBUTES",
    "admin_user",
    "auth_user",
    "check_addresses",
    "check_alias_username",
    "check_password",
    "check_password_policy",
    "check_secret",
    "check_secret_any",
    "check_sign_in_policy",
    "client_flows",
    "client_secrets",
    "delivery",
    "invitation_deliveries",
    "mfa_factors",
    "public_user",
    "recovery",
    "secret_matches",
    "sign_in_factors",
]

#: The OIDC standard attributes of a user pool, in the order of Cognito's import CSV.
STANDARD_ATTRIBUTES = (
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
)
#: Cognito's answer to a wrong password (and, with PreventUserExistenceErrors, an unknown user).
INCORRECT = "Incorrect username or password."
_NOT_FOUND_COMBO = "Username/client id combination not found."
_SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")
_DEFAULT_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"]
#: What Cognito takes as an e-mail address and a phone number (E.164: "+", then digits).
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_PHONE = re.compile(r"\+[0-9]{4,15}")
_BAD_FORMAT = {
    "email": "Invalid email address format.",
    "phone_number": "Invalid phone number format.",
}


# client secrets and secret hash ----------------------------------------------------------------


def client_secrets(client: Any) -> list[dict[str, Any]]:
    """The client's secrets (up to two while one is rotated), oldest first.

    Each is ``{"ClientSecretId", "ClientSecretValue", "ClientSecretCreateDate"}``; they live
    on moto's client object (``bench_secrets``), made from moto's one secret on first use;
    that original secret's date is the client's creation (``ids.renew_secret`` keeps it; a
    client made some other way gets the time of this first use, never the epoch).
    """
    kept: list[dict[str, Any]] | None = getattr(client, "bench_secrets", None)
    if kept is None:
        kept = []
        if client.generate_secret and client.secret:
            created = getattr(client, "bench_created", None)
            kept.append(
                {
                    "ClientSecretId": f"{client.id}--original",
                    "ClientSecretValue": client.secret,
                    "ClientSecretCreateDate": time.time() if created is None else created,
                }
            )
        client.bench_secrets = kept
    return kept


def secret_matches(client: Any, given: str) -> bool:
    """True when ``given`` is one of the client's secrets (ClientSecret, HTTP Basic)."""
    # Bytes, not str: compare_digest raises TypeError for non-ASCII text, and a request
    # may carry anything.
    return any(
        hmac.compare_digest(given.encode(), str(s["ClientSecretValue"]).encode())
        for s in client_secrets(client)
    )


def check_secret(client: Any, username: str, given: str | None) -> None:
    """Refuse a missing or wrong SECRET_HASH (HMAC of username + client id) for a secret client.

    While a secret is rotated, a hash made with either of the client's secrets is taken.
    """
    if not client.generate_secret:
        return
    if not given:
        raise secret_hash_missing(client.id)
    for secret in client_secrets(client):
        key = str(secret["ClientSecretValue"]).encode()
        digest = hmac.new(key, (username + client.id).encode(), hashlib.sha256).digest()
        if hmac.compare_digest(base64.b64encode(digest), given.encode()):
            return
    raise secret_hash_wrong(client.id)


def check_secret_any(client: Any, names: list[str], given: str | None) -> None:
    """SECRET_HASH that may be computed over any of ``names`` (username, sub, alias)."""
    if not client.generate_secret:
        return
    if not given:
        raise secret_hash_missing(client.id)
    for name in names:
        try:
            check_secret(client, name, given)
        except CognitoError:
            continue
        return
    raise secret_hash_wrong(client.id)


# passwords, addresses, sign-in policy --------------------------------------------------------


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


#: RefreshTokenRotation.RetryGracePeriodSeconds: Cognito's range (the API model's min and max).
GRACE_RANGE = (0, 60)


def check_refresh_token_rotation(params: dict[str, Any]) -> None:
    """Refuse a RefreshTokenRotation Cognito would refuse (CreateUserPoolClient,
    UpdateUserPoolClient): a Feature outside ENABLED/DISABLED, a RetryGracePeriodSeconds that
    is no integer or outside 0-60. Worded as AWS words its validation errors.
    """
    rotation = params.get("RefreshTokenRotation")
    if rotation is None:
        return
    if not isinstance(rotation, dict):
        raise CognitoError(
            "SerializationException", "Expected RefreshTokenRotation to be an object."
        )
    feature = rotation.get("Feature")
    if feature is not None and feature not in ("ENABLED", "DISABLED"):
        raise CognitoError(
            "InvalidParameterException",
            f"1 validation error detected: Value '{feature}' at 'refreshTokenRotation.feature' "
            "failed to satisfy constraint: Member must satisfy enum value set: "
            "[ENABLED, DISABLED]",
        )
    grace = rotation.get("RetryGracePeriodSeconds")
    if grace is None:
        return
    if not isinstance(grace, int) or isinstance(grace, bool):
        raise CognitoError(
            "SerializationException", "Expected RetryGracePeriodSeconds to be an integer."
        )
    low, high = GRACE_RANGE
    if not low <= grace <= high:
        bound = (
            f"less than or equal to {high}" if grace > high else f"greater than or equal to {low}"
        )
        raise CognitoError(
            "InvalidParameterException",
            f"1 validation error detected: Value '{grace}' at "
            "'refreshTokenRotation.retryGracePeriodSeconds' failed to satisfy constraint: "
            f"Member must have value {bound}",
        )


def client_flows(client: Any) -> list[str]:
    """The client's ExplicitAuthFlows (Cognito's default set when none were given)."""
    flows = client.extended_config.get("ExplicitAuthFlows") or []
    return list(flows) or list(_DEFAULT_FLOWS)


# the user a request names ---------------------------------------------------------------------


def public_user(pool: Any, username: str) -> Any:
    """The user of an unauthenticated code operation (SignUp's confirmation, ForgotPassword)."""
    user = find_user(pool, username)
    if user is None:
        raise CognitoError("UserNotFoundException", _NOT_FOUND_COMBO)
    return user


def auth_user(pool: Any, client: Any, username: str) -> Any:
    """The enabled user a sign-in names; a client may hide that the user does not exist."""
    user = find_user(pool, username)
    if user is None:
        if client.extended_config.get("PreventUserExistenceErrors") == "ENABLED":
            raise CognitoError("NotAuthorizedException", INCORRECT)
        raise CognitoError("UserNotFoundException", "User does not exist.")
    if not user.enabled:
        raise CognitoError("NotAuthorizedException", "User is disabled.")
    return user


def admin_user(params: dict[str, Any]) -> tuple[Any, Any, Any]:
    """(backend, pool, user) of an Admin* request's UserPoolId and Username."""
    backend, pool = find_pool(text(params, "UserPoolId"))
    user = find_user(pool, text(params, "Username"))
    if user is None:
        raise CognitoError("UserNotFoundException", "User does not exist.")
    return backend, pool, user


def check_password(
    state: EmulatorState, pool: Any, client: Any, username: str, password: str
) -> Any:
    """The user if ``password`` is theirs; counts failures towards the lockout.

    Shared by USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH, USER_AUTH's PASSWORD and the
    hosted UI's form.

    Raises:
        CognitoError: UserNotFoundException (or NotAuthorizedException when the client
            prevents user-existence errors), NotAuthorizedException for a disabled user,
            a lockout or a wrong password, with Cognito's messages.
    """
    user = auth_user(pool, client, username)
    state.check_lockout(pool.id, user.username)
    if user.password != password:
        state.password_failed(pool.id, user.username)
        raise CognitoError("NotAuthorizedException", INCORRECT)
    state.password_ok(pool.id, user.username)
    return user


def mfa_factors(state: EmulatorState, pool: Any, user: Any) -> list[str]:
    """The MFA factors ``user`` has set up, the preferred one first."""
    key = (pool.id, user.username)
    factors = []
    if user.software_token_mfa_enabled and key in state.totp:
        factors.append("SOFTWARE_TOKEN_MFA")
    if user.sms_mfa_enabled and user_attr(user, "phone_number"):
        factors.append("SMS_MFA")
    if key in state.email_mfa and user_attr(user, "email"):
        factors.append("EMAIL_OTP")
    preferred = user.preferred_mfa_setting
    if preferred in factors:
        factors.remove(preferred)
        factors.insert(0, preferred)
    return factors


# where codes go -----------------------------------------------------------------------------------


def delivery(pool: Any, user: Any) -> Delivery | None:
    """Where Cognito sends a verification code: the auto-verified phone, else e-mail."""
    auto = pool.extended_config.get("AutoVerifiedAttributes") or []
    phone = user_attr(user, "phone_number")
    email = user_attr(user, "email")
    if "phone_number" in auto and phone:
        return Delivery("SMS", "phone_number", phone)
    if "email" in auto and email:
        return Delivery("EMAIL", "email", email)
    return None


def recovery(pool: Any, user: Any) -> Delivery:
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
            raise CognitoError("NotAuthorizedException", "Contact administrator to reset password.")
        if name == "verified_phone_number" and user_attr(user, "phone_number_verified") == "true":
            return Delivery("SMS", "phone_number", user_attr(user, "phone_number"))
        if name == "verified_email" and user_attr(user, "email_verified") == "true":
            return Delivery("EMAIL", "email", user_attr(user, "email"))
    raise CognitoError(
        "InvalidParameterException",
        "Cannot reset password for the user as there is no registered/verified email or "
        "phone_number",
    )


def invitation_deliveries(mediums: list[str], addresses: dict[str, str]) -> list[Delivery]:
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
