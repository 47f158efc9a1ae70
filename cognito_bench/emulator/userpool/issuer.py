"""The token issuer: signs users in, seals refresh tokens, and checks the tokens it issued.

moto makes the ID, access and refresh tokens and keeps them in its pool; the issuer signs
them with the emulator's key, wraps moto's refresh token (a UUID) in a JWE shaped like
Cognito's, gives OAuth grants their scopes, rotates and revokes refresh tokens, and checks
access and refresh tokens presented back the way Cognito does. Where the pool tracks sessions
(SetUserPoolSessionConfiguration), each sign-in is a token session: its refresh tokens,
rotations included, belong to it, and past MaxPerUser the least recently used one is revoked.
Machine tokens (the client credentials grant, GetClientToken) are issued here too. The API's
sign-in flows and the hosted UI's token endpoint both issue through :class:`TokenIssuer`, so a
token from either verifies against the pool's JWKS and works with refresh, sign-out and
revocation. Issuing runs the triggers Cognito runs there: PostAuthentication at the end of a
sign-in, then PreTokenGeneration (``TokenGeneration_Authentication``, ``_NewPasswordChallenge``,
``_AuthenticateDevice``, ``_HostedAuth``, ``_RefreshTokens``, and a V3_0 trigger's
``_ClientCredentials`` for machine tokens), whose changes are signed into the tokens; a trigger
that refuses leaves no token behind.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from typing import Any

from cognito_bench.emulator import signing
from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_pool, find_user
from cognito_bench.emulator.state import EmulatorState, UserSession
from cognito_bench.emulator.userpool.lambdas import Lambdas, TokenChanges
from cognito_bench.emulator.userpool.params import param_error

__all__ = ["ADMIN_SCOPE", "TokenIssuer"]


def _hook(changes: TokenChanges | None) -> signing.PayloadHook | None:
    """A trigger's changes as a signing-time edit of each token's payload."""
    if changes is None:
        return None
    return lambda use, payload: (
        changes.change_id(payload) if use == "id" else changes.change_access(payload)
    )


#: The scope of every API sign-in's access token; the user operations want it.
ADMIN_SCOPE = "aws.cognito.signin.user.admin"


class TokenIssuer:
    """Issues and checks a pool's tokens for the API and the hosted UI.

    Args:
        state: the emulator's state (clock, signer, refresh-token times, scopes, revocations).
    """

    def __init__(self, state: EmulatorState) -> None:
        self._s = state
        #: the Lambda triggers, shared by every flow of this emulator
        self.lambdas = Lambdas(state)

    def signer(self, pool: Any) -> signing.Signer:
        """The key that signs ``pool``'s tokens."""
        signer = signing.signer_for_pool(pool.id) or self._s.signer
        if signer is None:
            raise CognitoError("InternalErrorException", "The emulator has no signing key yet.")
        return signer

    # issue ---------------------------------------------------------------------------------

    def issue(
        self,
        backend: Any,
        pool: Any,
        client: Any,
        user: Any,
        scope: str | None = None,
        source: str = "TokenGeneration_Authentication",
    ) -> dict[str, Any]:
        """Sign ``user`` in: moto's tokens, the refresh token wrapped like Cognito's.

        Args:
            scope: an OAuth grant's scopes for the access token (kept for its refreshes).
            source: the PreTokenGeneration triggerSource; ``TokenGeneration_HostedAuth``
                (the hosted UI ran PostAuthentication at its sign-in form) skips
                PostAuthentication.
        """
        if source != "TokenGeneration_HostedAuth":
            self.lambdas.post_authentication(pool, user)
        scopes = scope.split() if scope is not None else [ADMIN_SCOPE]
        changes = self.lambdas.pre_token(pool, user, source, scopes, client.id)
        # the API's tokens get the changes as they are signed; an OAuth grant's are scoped
        # (signed again) first, so theirs are applied after that
        with signing.editing_payloads(_hook(changes) if scope is None else None):
            result: dict[str, Any] = backend._log_user_in(pool, client, user.username)
        tokens = result.get("AuthenticationResult", {})
        moto_token = tokens.get("RefreshToken")
        if moto_token:
            self._s.refresh_issued[moto_token] = self._s.clock()
            self._track(pool, client, user, moto_token)
            if scope is not None:
                self._s.refresh_scopes[moto_token] = scope
                tokens["AccessToken"] = self.rescope(pool, tokens["AccessToken"], scope)
            tokens["RefreshToken"] = self._wrap_refresh(pool, client.id, moto_token)
        if changes is not None and scope is not None:
            tokens["IdToken"], tokens["AccessToken"] = self._apply(
                pool, tokens["IdToken"], tokens["AccessToken"], changes
            )
        self._s.auth_event(pool.id, user.username, passed=True)
        return result

    def _apply(
        self, pool: Any, id_token: str, access_token: str, changes: TokenChanges
    ) -> tuple[str, str]:
        """The ID and access tokens signed again with a PreTokenGeneration trigger's changes."""
        return (
            self.rewrite(pool, id_token, changes.change_id),
            self.rewrite(pool, access_token, changes.change_access),
        )

    def with_claims(self, pool: Any, token: str, claims: dict[str, Any]) -> str:
        """``token`` (an access or ID token of ``pool``) signed again with ``claims`` set."""

        def change(payload: dict[str, Any]) -> bool:
            payload.update(claims)
            return True

        return self.rewrite(pool, token, change)

    def rewrite(self, pool: Any, token: str, change: Callable[[dict[str, Any]], bool]) -> str:
        """``token`` signed again after ``change`` edited its payload (unchanged: as it was).

        The new token replaces the old one in moto's state, so revocation and sign-out see it.
        """
        payload = signing.verify(token)
        if not change(payload):
            return token
        signed = self.signer(pool).sign(payload)
        for store in (pool.access_tokens, pool.id_tokens):
            if token in store:
                store[signed] = store.pop(token)
        return signed

    def rescope(self, pool: Any, access_token: str, scope: str) -> str:
        """The access token again with ``scope`` as its scope claim (an OAuth grant's scopes).

        moto writes the API's ``aws.cognito.signin.user.admin`` into every access token.
        """
        return self.with_claims(pool, access_token, {"scope": scope})

    def tokens_from_refresh(self, pool: Any, moto_token: str) -> tuple[str, str, int]:
        """(access token, ID token, expires in) for a refresh token, keeping its OAuth scopes.

        PreTokenGeneration runs first (``TokenGeneration_RefreshTokens``).
        """
        record = pool.refresh_tokens.get(moto_token)
        scope = self._s.refresh_scopes.get(moto_token)
        changes = None
        if record is not None:
            client_id, username, _ = record
            user = find_user(pool, username)
            if user is not None:
                scopes = scope.split() if scope is not None else [ADMIN_SCOPE]
                changes = self.lambdas.pre_token(
                    pool, user, "TokenGeneration_RefreshTokens", scopes, client_id
                )
        trigger = _hook(changes) if scope is None else None
        signed_in = self._s.refresh_issued.get(moto_token)

        def edit(use: str, payload: dict[str, Any]) -> None:
            # auth_time stays the sign-in's, as Cognito keeps it (moto writes the refresh's).
            if signed_in is not None:
                payload["auth_time"] = int(signed_in)
            if trigger is not None:
                trigger(use, payload)

        with signing.editing_payloads(edit):
            access, id_token, expires_in = pool.create_tokens_from_refresh_token(moto_token)
        if scope is not None:
            access = self.rescope(pool, access, scope)
            if changes is not None:
                id_token, access = self._apply(pool, id_token, access, changes)
        return access, id_token, expires_in

    # refresh tokens ------------------------------------------------------------------------

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

    def refresh_grant(self, pool: Any, client: Any, token: str) -> tuple[str, Any]:
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
            raise CognitoError(
                "RefreshTokenReuseException",
                "The refresh token was rotated out and its grace period has ended.",
            )
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

    def refresh_usable(self, client: Any, moto_token: str, user: Any) -> None:
        """The user is enabled and the token within the client's RefreshTokenValidity."""
        if not user.enabled:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        validity = client.extended_config.get("RefreshTokenValidity") or 30
        unit = (client.extended_config.get("TokenValidityUnits") or {}).get("RefreshToken", "days")
        seconds = int(validity) * signing._UNIT_SECONDS.get(str(unit), 86400)
        issued = self._s.refresh_issued.get(moto_token)
        if issued is not None and self._s.clock() >= issued + seconds:
            raise CognitoError("NotAuthorizedException", "Refresh Token has expired")
        session = self.session_of(moto_token)
        if session is not None:
            session.last_active = self._s.clock()

    def refresh_user(self, pool: Any, client: Any, token: str) -> tuple[str, Any]:
        """(moto's token, user) of a refresh token ``client`` may use now (the token endpoint).

        Raises:
            CognitoError: NotAuthorizedException, as for REFRESH_TOKEN_AUTH.
        """
        moto_token, user = self.refresh_grant(pool, client, token)
        self.refresh_usable(client, moto_token, user)
        return moto_token, user

    def rotate(self, pool: Any, client: Any, user: Any, moto_token: str, grace: int) -> str:
        """A new refresh token for ``user``; the old one stops working ``grace`` seconds from now."""
        self._s.refresh_retired.setdefault(moto_token, self._s.clock() + grace)
        new_token, _ = pool.create_refresh_token(client.id, user.username)
        # The sign-in's time carries over: the new token lives for what remained of the old
        # one (Cognito's rule), and its tokens keep the sign-in's auth_time.
        signed_in = self._s.refresh_issued.get(moto_token, self._s.clock())
        self._s.refresh_issued[new_token] = signed_in
        session = self.session_of(moto_token)
        if session is not None:
            session.refresh_tokens.append(new_token)
            session.last_active = self._s.clock()
        return self._wrap_refresh(pool, client.id, new_token)

    def revoke(self, pool: Any, client: Any, token: str) -> None:
        """End a refresh token and every access and ID token issued with it.

        An unknown token is not an error (RFC 7009 2.2: the server answers 200 either way).

        Raises:
            CognitoError: UnauthorizedException for a token issued to another client.
        """
        moto_token = self._unwrap_refresh(pool, token)
        record = pool.refresh_tokens.get(moto_token) if moto_token else None
        if moto_token is None or record is None:
            return
        if record[0] != client.id:
            raise CognitoError("UnauthorizedException", "Token was not issued to this client.")
        self.revoke_moto(pool, moto_token)
        session = self.session_of(moto_token)
        if session is not None:
            self._s.user_sessions.pop(session.session_id, None)

    def revoke_moto(self, pool: Any, moto_token: str) -> None:
        """End moto's refresh token ``moto_token`` and the access and ID tokens it issued."""
        record = pool.refresh_tokens.get(moto_token)
        if record is None:
            return
        _, _, origin_jti = record
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

    # tracked sessions ------------------------------------------------------------------------

    def session_config(self, pool: Any) -> tuple[str, int]:
        """(UserSessionTracking, MaxPerUser) of ``pool`` (Cognito's defaults: DISABLED, 20)."""
        return self._s.session_config.get(pool.id, ("DISABLED", 20))

    def _track(self, pool: Any, client: Any, user: Any, moto_token: str) -> None:
        """A new token session for a sign-in; past MaxPerUser the least recently used ends."""
        tracking, max_per_user = self.session_config(pool)
        if tracking != "ENABLED":
            return
        now = self._s.clock()
        alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
        session_id = "tkn" + "".join(secrets.choice(alphabet) for _ in range(25))
        self._s.user_sessions[session_id] = UserSession(
            session_id, pool.id, client.id, user.username, now, now, [moto_token]
        )
        mine = sorted(self.sessions_of(pool, user.username), key=lambda s: s.last_active)
        for oldest in mine[: max(0, len(mine) - max_per_user)]:
            self.end_session(pool, oldest)

    def sessions_of(self, pool: Any, username: str) -> list[UserSession]:
        """The user's live token sessions (a session whose refresh tokens all ended is gone)."""
        live = []
        for session in list(self._s.user_sessions.values()):
            if session.pool_id != pool.id or session.username != username:
                continue
            if any(pool.refresh_tokens.get(t) for t in session.refresh_tokens):
                live.append(session)
            else:
                del self._s.user_sessions[session.session_id]
        return live

    def session_of(self, moto_token: str) -> UserSession | None:
        """The tracked session a refresh token belongs to, if any."""
        for session in self._s.user_sessions.values():
            if moto_token in session.refresh_tokens:
                return session
        return None

    def end_session(self, pool: Any, session: UserSession) -> None:
        """Revoke every refresh token of ``session`` (and its access tokens) and forget it."""
        for moto_token in session.refresh_tokens:
            self.revoke_moto(pool, moto_token)
        self._s.user_sessions.pop(session.session_id, None)

    # machine tokens -----------------------------------------------------------------------------

    def client_token(self, pool: Any, client: Any, requested: list[str]) -> tuple[str, int]:
        """(access token, expires in) for a machine client and its custom ``requested`` scopes
        (all it may have when none are asked); a V3_0 PreTokenGeneration trigger runs first
        (``TokenGeneration_ClientCredentials``).

        Raises:
            CognitoError: InvalidParameterException for a scope the client may not have.
        """
        custom = {
            f"{server.identifier}/{scope['ScopeName']}"
            for server in pool.resource_servers.values()
            for scope in server.scopes or []
        }
        allowed = [s for s in client.extended_config.get("AllowedOAuthScopes") or [] if s in custom]
        scopes = requested or allowed
        if not scopes or any(scope not in allowed for scope in scopes):
            raise CognitoError("InvalidParameterException", "Invalid scope requested.")
        changes = self.lambdas.pre_token(
            pool, None, "TokenGeneration_ClientCredentials", scopes, client.id
        )
        signer = self.signer(pool)
        now = int(self._s.clock())
        expires_in = signing.token_validity(client.extended_config, "access")
        payload: dict[str, Any] = {
            "sub": client.id,
            "token_use": "access",
            "scope": " ".join(scopes),
            "auth_time": now,
            "iss": signer.issuer(pool.id),
            "exp": now + expires_in,
            "iat": now,
            "version": 2,
            "jti": str(uuid.uuid4()),
            "client_id": client.id,
        }
        if changes is not None:
            changes.change_access(payload)
        return signer.sign(payload), expires_in

    # access tokens -------------------------------------------------------------------------

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
