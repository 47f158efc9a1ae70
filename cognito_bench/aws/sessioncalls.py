"""Refresh (with rotation), tracked sessions, auth factors and machine tokens for one client.

Refresh token rotation: a client with RefreshTokenRotation refreshes only with
GetTokensFromRefreshToken, which returns a new refresh token each time; the old one keeps
working for the client's grace period, then Cognito answers RefreshTokenReuseException.
:meth:`SessionCalls.refresh_rotating` says in its record which refresh token is current
(``CurrentRefreshToken``: ``new`` or ``sent``), so a session keeps the right one.

Which call refreshes: "Refresh token rotation must be completed with GetTokensFromRefreshToken"
(AWS), and an app with rotation turns the REFRESH_TOKEN_AUTH flow off, so Cognito refuses that
flow with InvalidParameterException. :class:`RotatingClients` remembers, per endpoint and app
client, that a client rotates (from that refusal followed by a working
GetTokensFromRefreshToken, or from a GetTokensFromRefreshToken that returned a new refresh
token); ``UserPoolCalls.refresh`` then goes straight to GetTokensFromRefreshToken.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from cognito_bench.aws._poolclient import PoolClient
from cognito_bench.aws.devicecalls import check_device_key
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.target import Target
from cognito_bench.aws.validate import (
    check_required,
    check_size,
    check_token,
    first_problem,
)

__all__ = [
    "ROTATING_CLIENTS",
    "RotatingClients",
    "SessionCalls",
    "current_refresh_token",
    "refresh_token_state",
]

_SESSION_ID_LENGTH = 28


def current_refresh_token(record: CallRecord, sent: str) -> str:
    """The refresh token to keep after a refresh: the rotated one if Cognito sent one."""
    result = record.response.get("AuthenticationResult") if record.ok else None
    if isinstance(result, dict) and result.get("RefreshToken"):
        return str(result["RefreshToken"])
    return sent


#: The refresh flows of InitiateAuth (REFRESH_TOKEN is its older name).
_REFRESH_FLOWS = frozenset({"REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"})


def refresh_token_state(record: CallRecord) -> str:
    """Which refresh token is current after ``record``, in one plain line ("" when the record
    is no successful refresh).

    A rotating client's refresh (GetTokensFromRefreshToken) returns a new refresh token: that
    one is current, and the one sent keeps working only for the client's grace period. Any
    other refresh keeps the refresh token that was sent.
    """
    flow = record.request.get("AuthFlow")
    if not record.ok or not (
        record.operation == "GetTokensFromRefreshToken" or flow in _REFRESH_FLOWS
    ):
        return ""
    if record.response.get("CurrentRefreshToken") == "new":
        return (
            "rotated: this is the new refresh token; the one before works until the "
            "client's grace period ends, then RefreshTokenReuseException"
        )
    return "kept: the refresh token sent is still current (this client does not rotate them)"


class RotatingClients:
    """The app clients known to rotate refresh tokens, by endpoint and client id.

    Thread-safe: the window's calls run on several worker threads. Only ever learns: with
    rotation turned off, GetTokensFromRefreshToken still refreshes (AWS), so a client once
    seen rotating keeps its one-call refresh.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: set[tuple[str, str]] = set()

    @staticmethod
    def _key(target: Target) -> tuple[str, str]:
        # AWS targets have no endpoint: the region's Cognito is the endpoint.
        return (target.endpoint_url or f"cognito-idp.{target.region}", target.client_id)

    def rotates(self, target: Target) -> bool:
        """True once ``target``'s app client was seen rotating refresh tokens."""
        with self._lock:
            return self._key(target) in self._known

    def learn(self, target: Target) -> None:
        """Remember that ``target``'s app client rotates refresh tokens."""
        with self._lock:
            self._known.add(self._key(target))


#: The process's record, shared by every calls object (the flow steps keep one per target).
ROTATING_CLIENTS = RotatingClients()


class SessionCalls(PoolClient):
    """Refresh with rotation, the user's sessions and auth factors, client tokens."""

    #: Where this object learns and looks up which clients rotate refresh tokens.
    rotating_clients: RotatingClients = ROTATING_CLIENTS

    def refresh_rotating(
        self, refresh_token: str, device_key: str = "", label: str = "Refresh tokens (rotation)"
    ) -> CallRecord:
        """GetTokensFromRefreshToken: new tokens, and a new refresh token when the client
        rotates them (the record's ``CurrentRefreshToken`` says ``new`` or ``sent``; ``new``
        teaches :attr:`rotating_clients` that the client rotates).

        A client with a secret sends the secret itself (ClientSecret), not a SECRET_HASH.
        ``device_key``: the remembered device's key (DeviceKey), which Cognito requires when
        the pool remembers devices.
        """
        params: dict[str, Any] = {"RefreshToken": refresh_token, "ClientId": self.target.client_id}
        if self.target.client_secret:
            params["ClientSecret"] = self.target.client_secret
        if device_key:
            params["DeviceKey"] = device_key
        problem = first_problem(
            self._client_problem(),
            check_token(refresh_token, "refresh token"),
            check_device_key(device_key) if device_key else "",
        )
        record = self._idp.call("GetTokensFromRefreshToken", params, label=label, problem=problem)
        if record.ok:
            rotated = current_refresh_token(record, "") != ""
            record.response["CurrentRefreshToken"] = "new" if rotated else "sent"
            if rotated:
                self.rotating_clients.learn(self.target)
        return record

    def list_user_sessions(self, access_token: str) -> CallRecord:
        """ListUserSessions: the user's tracked sessions (IsCurrentSession marks this one)."""
        problem = first_problem(self._token_problem(), check_token(access_token, "access token"))
        return self._idp.call(
            "ListUserSessions",
            {"AccessToken": access_token},
            label="List sessions",
            problem=problem,
        )

    def revoke_user_session(
        self, access_token: str, session_id: str, *, linked: bool = False
    ) -> CallRecord:
        """RevokeUserSession: end another session of the user (not the current one)."""
        params = {
            "AccessToken": access_token,
            "SessionId": session_id,
            "RevokeAssociatedSessions": "LINKED" if linked else "NONE",
        }
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            check_session_id(session_id),
        )
        return self._idp.call("RevokeUserSession", params, label="Revoke session", problem=problem)

    def get_user_auth_factors(self, access_token: str) -> CallRecord:
        """GetUserAuthFactors: the user's MFA settings and USER_AUTH first factors."""
        problem = first_problem(self._token_problem(), check_token(access_token, "access token"))
        return self._idp.call(
            "GetUserAuthFactors",
            {"AccessToken": access_token},
            label="Get auth factors",
            problem=problem,
        )

    def get_client_token(self, scopes: Sequence[str] = ()) -> CallRecord:
        """GetClientToken: a machine-to-machine access token for a client with a secret and
        ALLOW_CLIENT_TOKEN_AUTH (its only flow)."""
        params: dict[str, Any] = {
            "ClientId": self.target.client_id,
            "Secret": self.target.client_secret,
        }
        if scopes:
            params["Scopes"] = list(scopes)
        problem = first_problem(
            self._client_problem(),
            check_required("client secret", self.target.client_secret),
            *(check_size("scope", s, 256) for s in scopes),
        )
        return self._idp.call("GetClientToken", params, label="Client token", problem=problem)


def check_session_id(session_id: str) -> str:
    """A problem with a session id (``tkn`` or ``sso`` and 25 characters), or ""."""
    if not session_id:
        return "session id is required"
    if len(session_id) != _SESSION_ID_LENGTH or not session_id.startswith(("tkn", "sso")):
        return "session id must be 28 characters starting with tkn or sso"
    return ""
