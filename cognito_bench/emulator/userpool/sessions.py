"""Challenges and their sessions: what a sign-in step hands out to be answered.

Every challenge the emulator issues is a :class:`Challenge`, asked through :func:`ask` (or,
for SRP's PASSWORD_VERIFIER, by ``auth``), and answered by the handler of the same name in
``challenges``; a test holds the two lists equal. A session string names an
:class:`~cognito_bench.emulator.state.AuthSession` in the emulator's state: bound to its
pool, client, user and challenge, single use, and expiring after the client's
AuthSessionValidity (3 minutes by default).
"""

from __future__ import annotations

import enum
from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_pool, find_user
from cognito_bench.emulator.srp import SrpChallenge
from cognito_bench.emulator.state import AuthSession, CustomAuthState, Delivery, EmulatorState

__all__ = [
    "SESSION_EXPIRED",
    "Challenge",
    "ask",
    "ask_for_code",
    "session_ttl",
    "session_user",
]

SESSION_EXPIRED = "Invalid session for the user, session is expired."


class Challenge(enum.StrEnum):
    """A ChallengeName the emulator issues (and so must answer)."""

    # S105: ruff takes a value with PASSWORD or TOKEN in its name for a hardcoded secret
    PASSWORD_VERIFIER = "PASSWORD_VERIFIER"  # noqa: S105
    SELECT_CHALLENGE = "SELECT_CHALLENGE"
    NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED"  # noqa: S105
    MFA_SETUP = "MFA_SETUP"
    SELECT_MFA_TYPE = "SELECT_MFA_TYPE"
    SOFTWARE_TOKEN_MFA = "SOFTWARE_TOKEN_MFA"  # noqa: S105
    SMS_MFA = "SMS_MFA"
    EMAIL_OTP = "EMAIL_OTP"
    SMS_OTP = "SMS_OTP"
    WEB_AUTHN = "WEB_AUTHN"
    DEVICE_SRP_AUTH = "DEVICE_SRP_AUTH"
    DEVICE_PASSWORD_VERIFIER = "DEVICE_PASSWORD_VERIFIER"  # noqa: S105
    CUSTOM_CHALLENGE = "CUSTOM_CHALLENGE"


def session_ttl(client: Any) -> int:
    """How long a challenge session of ``client`` lives, in seconds (AuthSessionValidity)."""
    return 60 * int(client.extended_config.get("AuthSessionValidity") or 3)


def ask(
    state: EmulatorState,
    pool: Any,
    client: Any,
    user: Any,
    challenge: Challenge,
    parameters: dict[str, str],
    code: str = "",
    *,
    device_key: str = "",
    srp: SrpChallenge | None = None,
    extra: dict[str, str] | None = None,
    custom: CustomAuthState | None = None,
) -> dict[str, Any]:
    """The response that asks ``user`` for ``challenge``, with a new session to answer it in.

    Args:
        code: the one-time code the answer must carry (kept in the session, never sent).
        device_key: the device this sign-in presented (DEVICE_SRP_AUTH) or proved (after it).
        srp: a device's SRP exchange, kept for DEVICE_PASSWORD_VERIFIER.
        extra: what else the answer is checked against (a passkey challenge).
        custom: a CUSTOM_AUTH sign-in's progress, carried to the next answer.
    """
    expires = state.clock() + session_ttl(client)
    session = AuthSession(
        pool.id,
        client.id,
        user.username,
        challenge,
        expires,
        code=code,
        extra=dict(extra or {}),
        device_key=device_key,
        srp=srp,
        custom=custom,
    )
    return {
        "ChallengeName": challenge,
        "Session": state.new_session(session),
        "ChallengeParameters": parameters,
    }


def ask_for_code(
    state: EmulatorState,
    pool: Any,
    client: Any,
    user: Any,
    challenge: Challenge,
    delivery: Delivery,
    purpose: str,
    device_key: str = "",
) -> dict[str, Any]:
    """Send a code to ``delivery`` and ask for it back (SMS_MFA, EMAIL_OTP, SMS_OTP).

    ``purpose``: the outbox's (``MFA`` after a password, ``SIGN_IN`` as a first factor).
    The code lives in the session; it is single use because the session is.
    """
    code = state.issue_code(pool.id, user.username, "MFA", purpose, delivery)
    details = delivery.details()
    parameters = {
        "CODE_DELIVERY_DELIVERY_MEDIUM": details["DeliveryMedium"],
        "CODE_DELIVERY_DESTINATION": details["Destination"],
    }
    return ask(state, pool, client, user, challenge, parameters, code=code, device_key=device_key)


def session_user(state: EmulatorState, token: str, challenge: Challenge) -> tuple[AuthSession, Any]:
    """(session, user) of a live ``challenge`` session, for the calls made inside MFA_SETUP.

    Raises:
        CognitoError: NotAuthorizedException for an unknown or expired session,
            UserNotFoundException when its user is gone.
    """
    session = state.sessions.get(token)
    if session is None or session.challenge != challenge:
        raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
    if state.clock() >= session.expires:
        raise CognitoError("NotAuthorizedException", SESSION_EXPIRED)
    _, pool = find_pool(session.pool_id)
    user = find_user(pool, session.username)
    if user is None:
        raise CognitoError("UserNotFoundException", "User does not exist.")
    return session, user
