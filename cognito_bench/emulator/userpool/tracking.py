"""Session tracking: the pool's configuration and the user's token sessions.

SetUserPoolSessionConfiguration turns tracking on (UserSessionTracking) and caps the sessions
of one user (MaxPerUser, 1 to 100; Cognito's default 20). Each sign-in is then a token session
(see ``issuer``): ListUserSessions and AdminListUserSessions list the live ones,
RevokeUserSession and AdminRevokeUserSession end one (its refresh and access tokens), and a
sign-in past the cap ends the least recently used. A user cannot revoke the session their own
access token belongs to. Cognito's messages for these refusals are not published; the wording
here is the emulator's.
"""

from __future__ import annotations

from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_pool
from cognito_bench.emulator.state import EmulatorState, UserSession
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.params import text
from cognito_bench.emulator.userpool.policy import admin_user

__all__ = ["SessionTracking"]

_NOT_FOUND = "The session was not found."


def _describe(session: UserSession, current: bool) -> dict[str, Any]:
    """A SessionType entry as ListUserSessions gives it."""
    return {
        "SessionId": session.session_id,
        "SessionType": "TOKEN",
        "ClientId": session.client_id,
        "CreateDate": session.created,
        "LastActiveDate": session.last_active,
        "DeviceType": "API",
        "IsCurrentSession": current,
    }


class SessionTracking:
    """The session-tracking operations.

    Args:
        state: the emulator's state (each pool's configuration, the sessions).
        issuer: keeps the sessions with the tokens, and ends them.
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer) -> None:
        self._s = state
        self._issuer = issuer

    def set_user_pool_session_configuration(self, params: dict[str, Any]) -> dict[str, Any]:
        """SetUserPoolSessionConfiguration: a full replacement of the pool's configuration."""
        _, pool = find_pool(text(params, "UserPoolId"))
        tracking = text(params, "UserSessionTracking")
        token_session = params.get("TokenSession") or {}
        maximum = token_session.get("MaxPerUser") if isinstance(token_session, dict) else None
        if tracking not in ("ENABLED", "DISABLED"):
            raise CognitoError(
                "InvalidParameterException", "UserSessionTracking must be ENABLED or DISABLED."
            )
        if not isinstance(maximum, int) or isinstance(maximum, bool) or not 1 <= maximum <= 100:
            raise CognitoError(
                "InvalidParameterException", "TokenSession.MaxPerUser must be 1 to 100."
            )
        self._s.session_config[pool.id] = (tracking, maximum)
        return self._configuration(pool)

    def get_user_pool_session_configuration(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetUserPoolSessionConfiguration (DISABLED and 20 until set)."""
        _, pool = find_pool(text(params, "UserPoolId"))
        return self._configuration(pool)

    def _configuration(self, pool: Any) -> dict[str, Any]:
        tracking, maximum = self._issuer.session_config(pool)
        return {
            "UserPoolId": pool.id,
            "UserSessionTracking": tracking,
            "TokenSession": {"MaxPerUser": maximum},
        }

    def list_user_sessions(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListUserSessions: the signed-in user's sessions; IsCurrentSession marks this one."""
        _, pool, user, claims = self._issuer.access(text(params, "AccessToken"))
        current = self._current(pool, claims)
        sessions = self._issuer.sessions_of(pool, user.username)
        return {"Sessions": [_describe(s, s is current) for s in sessions]}

    def admin_list_user_sessions(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminListUserSessions."""
        _, pool, user = admin_user(params)
        sessions = self._issuer.sessions_of(pool, user.username)
        return {"Sessions": [_describe(s, False) for s in sessions]}

    def revoke_user_session(self, params: dict[str, Any]) -> dict[str, Any]:
        """RevokeUserSession: end another session of the signed-in user."""
        _, pool, user, claims = self._issuer.access(text(params, "AccessToken"))
        session = self._find(pool, user.username, text(params, "SessionId"))
        if session is self._current(pool, claims):
            raise CognitoError(
                "InvalidParameterException",
                "The session of the access token cannot be revoked with it: use GlobalSignOut "
                "or RevokeToken.",
            )
        self._issuer.end_session(pool, session)
        return {}

    def admin_revoke_user_session(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminRevokeUserSession: end any session of a user."""
        _, pool, user = admin_user(params)
        self._issuer.end_session(pool, self._find(pool, user.username, text(params, "SessionId")))
        return {}

    def _find(self, pool: Any, username: str, session_id: str) -> UserSession:
        for session in self._issuer.sessions_of(pool, username):
            if session.session_id == session_id:
                return session
        raise CognitoError("ResourceNotFoundException", _NOT_FOUND)

    def _current(self, pool: Any, claims: dict[str, Any]) -> UserSession | None:
        """The session the access token with ``claims`` came from."""
        origin = claims.get("origin_jti")
        for session in self._s.user_sessions.values():
            for moto_token in session.refresh_tokens:
                record = pool.refresh_tokens.get(moto_token)
                if record is not None and record[2] == origin:
                    return session
        return None
