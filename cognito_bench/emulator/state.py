"""The fidelity layer's own state: codes, SRP and challenge sessions, TOTP secrets, revocations,
passkeys, remembered devices and tracked sessions.

moto keeps pools, clients, users, passwords and tokens; everything Cognito checks that moto
does not keep lives here, per emulator.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.gate import RequestGate
from cognito_bench.emulator.outbox import Outbox, mask_destination
from cognito_bench.emulator.signing import Signer
from cognito_bench.emulator.srp import SrpChallenge
from cognito_bench.emulator.triggers.invoke import TriggerRunner

__all__ = [
    "LOCKOUT_AFTER",
    "LOCKOUT_MAX_SECONDS",
    "LOCKOUT_QUIET_RESET_SECONDS",
    "AuthSession",
    "AuthorizationCode",
    "CustomAuthState",
    "Delivery",
    "Device",
    "EmulatorState",
    "Lockout",
    "Message",
    "Passkey",
    "PasskeyRegistration",
    "PendingCode",
    "SrpSession",
    "UserSession",
]

#: How long codes live, by kind (Cognito: sign-up and attribute codes 24 h, reset 1 h).
CODE_TTL = {"SIGN_UP": 24 * 3600, "FORGOT": 3600, "ATTRIBUTE": 24 * 3600, "MFA": 180}

#: Lockout (Cognito developer guide, "Lockout behavior for failed sign-in attempts"): after
#: five failed password sign-ins the user is locked out for 1 s, and each further failure
#: doubles it: 2^(n-5) s for n failures, up to about 15 minutes. Attempts while locked out
#: get "Password attempts exceeded" and do not lengthen it. The count goes back to 0 after a
#: successful sign-in, or after 15 minutes without any sign-in attempt once a lockout happened.
LOCKOUT_AFTER = 5
LOCKOUT_MAX_SECONDS = 15 * 60
LOCKOUT_QUIET_RESET_SECONDS = 15 * 60
_ATTEMPTS_EXCEEDED = "Password attempts exceeded"
_MISMATCH = "Invalid verification code provided, please try again."
_EXPIRED = "Invalid code provided, please request a code again."
#: Cognito's default messages (subject, text) by purpose; ``{####}`` is the code.
_VERIFY = ("Your verification code", "Your verification code is {####}.")
DEFAULT_MESSAGES = {
    "SIGN_UP": _VERIFY,
    "RESEND": _VERIFY,
    "FORGOT_PASSWORD": _VERIFY,
    "VERIFY_ATTRIBUTE": _VERIFY,
    "MFA": ("Your authentication code", "Your authentication code is {####}."),
    "SIGN_IN": ("Your authentication code", "Your authentication code is {####}."),
    "INVITATION": (
        "Your temporary password",
        "Your username is {username} and temporary password is {####}.",
    ),
}


@dataclass(frozen=True)
class Delivery:
    """Where a code goes: ``EMAIL`` to ``email`` or ``SMS`` to ``phone_number``."""

    medium: str
    attribute: str
    destination: str

    def details(self) -> dict[str, str]:
        """CodeDeliveryDetails as Cognito fills them (masked destination)."""
        return {
            "Destination": mask_destination(self.destination, self.medium),
            "DeliveryMedium": self.medium,
            "AttributeName": self.attribute,
        }


@dataclass(frozen=True)
class Message:
    """A message about to be sent: what a CustomMessage trigger is asked to word.

    Attributes:
        pool_id: the user pool.
        username: the user's username.
        delivery: where it goes.
        purpose: the outbox's purpose (``SIGN_UP``, ``FORGOT_PASSWORD``, ``INVITATION``...).
        code: the code (the temporary password of an invitation).
        source: the CustomMessage triggerSource when the purpose alone does not tell it
            (``CustomMessage_UpdateUserAttribute``); "" otherwise.
    """

    pool_id: str
    username: str
    delivery: Delivery
    purpose: str
    code: str
    source: str = ""

    def default_text(self) -> tuple[str, str]:
        """Cognito's default (subject, text), code and username filled in."""
        subject, text = DEFAULT_MESSAGES.get(self.purpose, _VERIFY)
        text = text.replace("{####}", self.code).replace("{username}", self.username)
        return (subject if self.delivery.medium == "EMAIL" else ""), text


@dataclass
class CustomAuthState:
    """A CUSTOM_AUTH sign-in in progress: the challenges so far and the current one's secrets.

    Attributes:
        history: DefineAuthChallenge's ``session``: ``{"challengeName", "challengeResult",
            "challengeMetadata"}`` per challenge answered.
        private: the current challenge's privateChallengeParameters (for the verify trigger).
        metadata: the current challenge's challengeMetadata.
    """

    history: list[dict[str, Any]] = field(default_factory=list)
    private: dict[str, str] = field(default_factory=dict)
    metadata: str = ""


@dataclass
class PendingCode:
    """A code waiting to be typed back."""

    code: str
    expires: float
    delivery: Delivery


@dataclass
class SrpSession:
    """Between USER_SRP_AUTH and PASSWORD_VERIFIER (``device_key``: the DEVICE_KEY sent)."""

    pool_id: str
    client_id: str
    username: str
    challenge: SrpChallenge
    expires: float
    device_key: str = ""
    custom: CustomAuthState | None = None


@dataclass
class AuthSession:
    """A challenge session (NEW_PASSWORD_REQUIRED, MFA, MFA_SETUP) keyed by its Session string."""

    pool_id: str
    client_id: str
    username: str
    challenge: str
    expires: float
    code: str = ""
    mfa_setup_done: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    #: the device this sign-in presented and proved (DEVICE_SRP_AUTH), carried through MFA
    device_key: str = ""
    #: a device's SRP exchange between DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER
    srp: SrpChallenge | None = None
    custom: CustomAuthState | None = None


@dataclass
class Passkey:
    """A WebAuthn credential registered to a user (CompleteWebAuthnRegistration).

    ``public_key`` is the COSE key as CBOR; ``sign_count`` the highest counter seen.
    """

    credential_id: str
    public_key: bytes
    sign_count: int
    relying_party_id: str
    created: float
    name: str
    transports: list[str]
    attachment: str


@dataclass(frozen=True)
class PasskeyRegistration:
    """A StartWebAuthnRegistration challenge waiting for its credential (single use)."""

    pool_id: str
    client_id: str
    username: str
    relying_party_id: str
    expires: float


@dataclass
class Device:
    """A device Cognito handed out in NewDeviceMetadata; confirmed once ConfirmDevice came."""

    key: str
    group_key: str
    created: float
    confirmed: bool = False
    remembered: bool = False
    name: str = ""
    verifier: int = 0
    salt_hex: str = ""
    modified: float = 0.0
    last_authenticated: float = 0.0


@dataclass
class UserSession:
    """A token session (session tracking): one sign-in and the refresh tokens rotated from it."""

    session_id: str
    pool_id: str
    client_id: str
    username: str
    created: float
    last_active: float
    refresh_tokens: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AuthorizationCode:
    """A hosted-UI sign-in waiting to be exchanged at the token endpoint (single use)."""

    pool_id: str
    client_id: str
    redirect_uri: str
    scope: str
    username: str
    code_challenge: str
    nonce: str
    expires: float


@dataclass
class Lockout:
    """Failed password sign-ins of one user, and the lockout they earned."""

    failures: int = 0
    locked_until: float = 0.0
    last_attempt: float = 0.0
    locked_once: bool = False


class EmulatorState:
    """Everything the fidelity layer remembers, guarded by one lock.

    Args:
        clock: epoch seconds; tests pass a controllable clock to expire codes and tokens.
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.lock = threading.RLock()
        self.outbox = Outbox(clock)
        self.signer: Signer | None = None
        self.codes: dict[tuple[str, str, str], PendingCode] = {}
        self.srp: dict[str, SrpSession] = {}
        self.sessions: dict[str, AuthSession] = {}
        self.salts: dict[tuple[str, str], str] = {}
        self.totp: dict[tuple[str, str], str] = {}
        self.totp_pending: dict[tuple[str, str], str] = {}
        self.email_mfa: set[tuple[str, str]] = set()
        self.lockouts: dict[tuple[str, str], Lockout] = {}
        self.revoked_origins: set[str] = set()
        # keyed by moto's refresh token (clients hold a JWE that wraps it): when the sign-in
        # that issued it (or the token it was rotated from) happened
        self.refresh_issued: dict[str, float] = {}
        # moto refresh token -> when it stops working (rotated out by GetTokensFromRefreshToken)
        self.refresh_retired: dict[str, float] = {}
        # moto refresh token -> the scopes of the OAuth grant that issued it (hosted UI)
        self.refresh_scopes: dict[str, str] = {}
        # hosted UI: authorization code -> what it was issued for (single use)
        self.authorization_codes: dict[str, AuthorizationCode] = {}
        # identity pools: (identity pool, provider, sub) -> identity id, and its logins
        self.identity_by_login: dict[tuple[str, str, str], str] = {}
        self.identities: dict[str, tuple[str, dict[str, str]]] = {}
        # passkeys: pool -> WebAuthnConfiguration; (pool, user) -> credentials; open challenges
        self.webauthn_config: dict[str, dict[str, str]] = {}
        self.passkeys: dict[tuple[str, str], list[Passkey]] = {}
        self.passkey_registrations: dict[str, PasskeyRegistration] = {}
        # remembered devices: (pool, user) -> device key -> device
        self.devices: dict[tuple[str, str], dict[str, Device]] = {}
        # session tracking: pool -> (UserSessionTracking, MaxPerUser); sessions by id
        self.session_config: dict[str, tuple[str, int]] = {}
        self.user_sessions: dict[str, UserSession] = {}
        #: Requests run their Python one at a time through it when the server has it
        #: (``LocalCognito(gate=True)``, ``emulator/gate.py``).
        self.gate = RequestGate()
        #: Lambda triggers: the wiring, the warm workers, the log of invocations.
        self.triggers = TriggerRunner(lock=self.lock, gate=self.gate)
        #: Words a message before it is sent (the CustomMessage trigger): (subject, text).
        self.compose: Callable[[Message], tuple[str, str]] | None = None
        #: user import jobs: job id -> the CSV PUT to its PreSignedUrl
        self.uploads: dict[str, bytes] = {}
        #: AdminListUserAuthEvents: (pool, username) -> sign-in events, newest last.
        self.auth_events: dict[tuple[str, str], list[dict[str, Any]]] = {}

    def bind(self, endpoint_url: str) -> Signer:
        """Make the signer once the endpoint (and so the issuer) is known."""
        self.signer = Signer(endpoint_url, self.clock)
        return self.signer

    # codes -------------------------------------------------------------------------------

    def issue_code(
        self,
        pool_id: str,
        username: str,
        kind: str,
        purpose: str,
        delivery: Delivery,
        source: str = "",
    ) -> str:
        """Make a 6-digit code, replace any earlier one of its kind, and put it in the outbox.

        ``source``: the CustomMessage triggerSource when the purpose does not tell it.

        Raises:
            CognitoError: the CustomMessage trigger refused (nothing is kept or sent then).
        """
        code = f"{secrets.randbelow(10**6):06d}"
        ttl = CODE_TTL["ATTRIBUTE" if kind.startswith("ATTRIBUTE") else kind]
        self.deliver(Message(pool_id, username, delivery, purpose, code, source))
        self.codes[(pool_id, username, kind)] = PendingCode(code, self.clock() + ttl, delivery)
        return code

    def deliver(self, message: Message) -> None:
        """Word ``message`` (the CustomMessage trigger, else Cognito's default) and send it.

        Raises:
            CognitoError: the CustomMessage trigger refused; nothing was sent.
        """
        subject, text = (self.compose or Message.default_text)(message)
        self.outbox.send(
            pool_id=message.pool_id,
            username=message.username,
            destination=message.delivery.destination,
            medium=message.delivery.medium,
            attribute=message.delivery.attribute,
            purpose=message.purpose,
            code=message.code,
            subject=subject,
            message=text,
        )

    def auth_event(self, pool_id: str, username: str, passed: bool, kind: str = "SignIn") -> None:
        """Remember a sign-in attempt for AdminListUserAuthEvents (the newest 50 per user)."""
        events = self.auth_events.setdefault((pool_id, username), [])
        events.append(
            {
                "EventId": secrets.token_hex(16),
                "EventType": kind,
                "CreationDate": self.clock(),
                "EventResponse": "Pass" if passed else "Fail",
                "EventRisk": {"RiskDecision": "NoRisk", "CompromisedCredentialsDetected": False},
                "ChallengeResponses": [
                    {
                        "ChallengeName": "Password",
                        "ChallengeResponse": "Success" if passed else "Failure",
                    }
                ],
                "EventContextData": {"IpAddress": "127.0.0.1", "DeviceName": "cognito-bench"},
            }
        )
        del events[:-50]

    def check_code(self, pool_id: str, username: str, kind: str, code: str) -> PendingCode:
        """The pending code if ``code`` matches it (it stays pending until :meth:`use_code`).

        Raises:
            CognitoError: ExpiredCodeException or CodeMismatchException with Cognito's messages.
        """
        pending = self.codes.get((pool_id, username, kind))
        if pending is None:
            raise CognitoError("CodeMismatchException", _MISMATCH)
        if self.clock() >= pending.expires:
            raise CognitoError("ExpiredCodeException", _EXPIRED)
        # As bytes: compare_digest refuses str with non-ASCII characters (TypeError), and a
        # typed code may hold anything (an emoji, a right-to-left mark).
        if not secrets.compare_digest(pending.code.encode(), code.strip().encode()):
            raise CognitoError("CodeMismatchException", _MISMATCH)
        return pending

    def use_code(self, pool_id: str, username: str, kind: str) -> None:
        """Forget a code once it has done its job."""
        self.codes.pop((pool_id, username, kind), None)

    def expire_codes(self, username: str | None = None) -> int:
        """Make pending codes (of one user, or all) expire now; returns how many (for tests)."""
        with self.lock:
            hits = [k for k in self.codes if username is None or k[1] == username]
            for key in hits:
                self.codes[key].expires = self.clock()
            return len(hits)

    # lockout -------------------------------------------------------------------------------

    def check_lockout(self, pool_id: str, username: str) -> None:
        """Count a password sign-in attempt; refuse it while the user is locked out.

        Raises:
            CognitoError: NotAuthorizedException "Password attempts exceeded" (even for the
                right password) until the lockout ends.
        """
        key = (pool_id, username)
        lock = self.lockouts.get(key)
        if lock is None:
            return
        now = self.clock()
        if lock.locked_once and now - lock.last_attempt >= LOCKOUT_QUIET_RESET_SECONDS:
            del self.lockouts[key]
            return
        lock.last_attempt = now
        if now < lock.locked_until:
            raise CognitoError("NotAuthorizedException", _ATTEMPTS_EXCEEDED)

    def password_failed(self, pool_id: str, username: str) -> Lockout:
        """Count a wrong password; from the fifth on, lock the user out for 2^(n-5) s."""
        self.auth_event(pool_id, username, passed=False)
        now = self.clock()
        lock = self.lockouts.setdefault((pool_id, username), Lockout())
        lock.failures += 1
        lock.last_attempt = now
        if lock.failures >= LOCKOUT_AFTER:
            exponent = min(lock.failures - LOCKOUT_AFTER, 10)  # 2^10 s is past the cap
            lock.locked_until = now + min(2.0**exponent, LOCKOUT_MAX_SECONDS)
            lock.locked_once = True
        return lock

    def password_ok(self, pool_id: str, username: str) -> None:
        """A successful password sign-in: the count starts again from 0."""
        self.lockouts.pop((pool_id, username), None)

    # sessions ------------------------------------------------------------------------------

    def new_session(self, session: AuthSession) -> str:
        """Keep a challenge session; returns its opaque Session string."""
        self.purge()
        token = secrets.token_urlsafe(96)
        self.sessions[token] = session
        return token

    def new_srp(self, srp: SrpSession) -> None:
        """Keep an SRP exchange until PASSWORD_VERIFIER, keyed by its SECRET_BLOCK."""
        self.purge()
        self.srp[srp.challenge.secret_block] = srp

    def purge(self, limit: int = 1000) -> None:
        """Drop expired sessions once there are many (clients that never answered)."""
        now = self.clock()
        if len(self.sessions) > limit:
            for key in [k for k, v in self.sessions.items() if v.expires <= now]:
                del self.sessions[key]
        if len(self.srp) > limit:
            for key in [k for k, v in self.srp.items() if v.expires <= now]:
                del self.srp[key]

    def forget_user(self, pool_id: str, username: str) -> None:
        """Drop everything kept about a deleted user."""
        key = (pool_id, username)
        for store in (self.salts, self.totp, self.totp_pending):
            store.pop(key, None)
        self.passkeys.pop(key, None)
        self.devices.pop(key, None)
        self.email_mfa.discard(key)
        self.lockouts.pop(key, None)
        self.auth_events.pop(key, None)
        for code_key in [k for k in self.codes if k[:2] == key]:
            del self.codes[code_key]
