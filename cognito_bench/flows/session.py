"""The signed-in session as an immutable value, and what a finished call changes in it.

A :class:`Session` never changes: :meth:`Session.absorb` returns a new session and a
:class:`Change` flag saying what differs, so the window, the flow runner and a load test
each keep their own sessions without locks, and a worker thread can be handed the current
one as it is. The window dispatches on the flag (``Change.TOKENS in change``), not on
strings.

Light on purpose (NamedTuple, ``enum``; the core's types only under ``TYPE_CHECKING``): the
window imports this before its first paint, and ``cognito_bench.aws`` pulls in boto3.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from cognito_bench.aws.auth import Challenge, NewDevice, RememberedDevice, Tokens
    from cognito_bench.aws.identity import AwsCredentials
    from cognito_bench.aws.record import CallRecord

__all__ = ["MACHINE_OPERATION", "MACHINE_OPERATIONS", "REVOKING_OPERATIONS", "Change", "Session"]

#: The record of a client-credentials grant: a machine's token, no user's.
MACHINE_OPERATION = "OAuth2Token(client_credentials)"
#: Calls whose tokens are a machine's (a client's), no user's: the grant and GetClientToken.
MACHINE_OPERATIONS = frozenset({MACHINE_OPERATION, "GetClientToken"})
#: Calls after which the session's tokens no longer work (Cognito revoked them).
REVOKING_OPERATIONS = frozenset({"GlobalSignOut", "DeleteUser", "RevokeToken"})


class Change(enum.Flag):
    """What a call changed in a session (several at once: ``TOKENS | CHALLENGE``)."""

    NONE = 0
    #: New tokens (a sign-in, a challenge answered, a refresh, a token grant).
    TOKENS = enum.auto()
    #: A challenge appeared, was answered, or its session moved on.
    CHALLENGE = enum.auto()
    #: A TOTP secret arrived (AssociateSoftwareToken).
    TOTP = enum.auto()
    #: The identity pool's id for this user (GetId).
    IDENTITY = enum.auto()
    #: Temporary AWS credentials arrived (GetCredentialsForIdentity).
    CREDENTIALS = enum.auto()
    #: The tokens were revoked (global sign-out, revoke, delete user).
    SIGNED_OUT = enum.auto()
    #: A sign-in returned a new device, a device was remembered, or forgotten.
    DEVICE = enum.auto()


class Session(NamedTuple):
    """What one signed-in user holds: tokens, a pending challenge, identity credentials.

    Attributes:
        tokens: the latest ``Tokens`` (a refresh keeps the refresh token it did not return).
        username: who signed in (or is answering a challenge); "" for a machine token.
        challenge: the pending ``Challenge`` of a sign-in, if any.
        identity_id: the identity pool's id for this user, after GetId.
        credentials: temporary AWS credentials from the identity pool.
        totp_secret: the secret of the last TOTP setup (shown as QR, used for codes).
        signed_out: True once the tokens were revoked (global sign-out, revoke, delete).
        machine: True when the tokens are a client's (client credentials), not a user's.
        new_device: the device the last sign-in returned (NewDeviceMetadata), to remember.
        device: the remembered device (key, group, its SRP password: a secret kept in memory
            only) that the next SRP sign-in of ``device_user`` uses.
        device_user: who remembered ``device``.
    """

    tokens: Tokens | None = None
    username: str = ""
    challenge: Challenge | None = None
    identity_id: str = ""
    credentials: AwsCredentials | None = None
    totp_secret: str = ""
    signed_out: bool = False
    machine: bool = False
    new_device: NewDevice | None = None
    device: RememberedDevice | None = None
    device_user: str = ""

    @property
    def access_token(self) -> str:
        """The access token, or ""."""
        return str(getattr(self.tokens, "access_token", "") or "")

    @property
    def id_token(self) -> str:
        """The ID token, or ""."""
        return str(getattr(self.tokens, "id_token", "") or "")

    @property
    def refresh_token(self) -> str:
        """The refresh token, or ""."""
        return str(getattr(self.tokens, "refresh_token", "") or "")

    @property
    def state(self) -> str:
        """One plain line: signed out, signed in as whom, a challenge pending, revoked."""
        if self.challenge is not None:
            return f"Challenge {self.challenge.name} for {self.username}"
        if self.tokens is not None and self.signed_out:
            return f"Signed out: {self.username} (tokens revoked)"
        if self.tokens is not None and self.machine:
            return "Machine token (client credentials)"
        if self.tokens is not None:
            return f"Signed in: {self.username}" + (
                " · AWS credentials" if self.credentials else ""
            )
        return "Signed out"

    def absorb(self, record: CallRecord, username: str = "") -> tuple[Session, Change]:
        """The session after ``record``, and what changed. A failed call changes nothing.

        Args:
            record: a finished call (any operation; the ones that do not touch the session
                leave it as it is).
            username: the name typed for the call (a sign-in's record may not carry it).
        """
        import dataclasses

        from cognito_bench.aws import auth

        if not record.ok:
            return self, Change.NONE
        session, change = self, Change.NONE
        op = record.operation
        response: dict[str, Any] = record.response if isinstance(record.response, dict) else {}
        tokens = auth.tokens_of(record)
        if tokens is not None:
            machine = op in MACHINE_OPERATIONS
            if not machine and not tokens.refresh_token and session.refresh_token:
                tokens = dataclasses.replace(tokens, refresh_token=session.refresh_token)
            if session.challenge is not None:
                change |= Change.CHALLENGE
            session = session._replace(
                tokens=tokens,
                username=username if (username or machine) else session.username,
                challenge=None,
                credentials=None,
                identity_id="",
                signed_out=False,
                machine=machine,
            )
            change |= Change.TOKENS
        challenge = auth.challenge_of(record)
        if challenge is not None:
            session = session._replace(
                challenge=challenge,
                username=challenge.username or username or session.username,
            )
            change |= Change.CHALLENGE
        pending = session.challenge
        moved = response.get("Session") if pending is not None else None
        if op == "AssociateSoftwareToken" and response.get("SecretCode"):
            session = session._replace(totp_secret=str(response["SecretCode"]))
            change |= Change.TOTP
        if op in {"AssociateSoftwareToken", "VerifySoftwareToken"} and moved and pending:
            # MFA_SETUP: each step hands back the session the next one must send.
            session = session._replace(challenge=dataclasses.replace(pending, session=str(moved)))
            if op == "VerifySoftwareToken":
                change |= Change.CHALLENGE
        if op == "GetId" and response.get("IdentityId"):
            session = session._replace(identity_id=str(response["IdentityId"]))
            change |= Change.IDENTITY
        if op == "GetCredentialsForIdentity":
            from cognito_bench.aws import identity

            session = session._replace(
                credentials=identity.credentials_of(record),
                identity_id=str(response.get("IdentityId") or session.identity_id),
            )
            change |= Change.CREDENTIALS
        new_device = auth.new_device_of(record)
        if new_device is not None:
            session = session._replace(new_device=new_device)
            change |= Change.DEVICE
        remembered = auth.remembered_device_of(record)
        if remembered is not None:
            session = session._replace(
                device=remembered, new_device=None, device_user=session.username
            )
            change |= Change.DEVICE
        forgotten = record.request.get("DeviceKey") if op == "ForgetDevice" else None
        if session.device is not None and forgotten == session.device.key:
            session = session._replace(device=None, device_user="")
            change |= Change.DEVICE
        if op in REVOKING_OPERATIONS:
            session = session._replace(credentials=None, identity_id="", signed_out=True)
            change |= Change.SIGNED_OUT
        return session, change
