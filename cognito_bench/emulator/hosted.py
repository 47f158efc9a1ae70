"""The hosted UI (managed login) and OAuth 2.0 endpoints of a pool, the way Cognito serves them.

Cognito serves these on a pool's domain (``https://<prefix>.auth.<region>.amazoncognito.com``);
the emulator has no domains and serves them under ``{endpoint}/_bench/hosted/{pool_id}``:

- ``GET /oauth2/authorize`` and ``GET /login``: checks the app client's OAuth settings, then a
  sign-in form that posts to ``POST /login``, which redirects to the callback URL with a code;
- ``POST /oauth2/token``: ``authorization_code`` (with PKCE), ``refresh_token`` and
  ``client_credentials`` grants;
- ``GET|POST /oauth2/userInfo``: the signed-in user's attributes, within the token's scopes;
- ``GET /logout``: back to one of the client's sign-out URLs; ``GET /error``: the error page.

Sign-ins go through the same code as the API's (password check and lockout, token issue), so
the tokens verify against the pool's JWKS and work with GetUser, refresh and revocation.
:class:`HostedUI` takes a parsed :class:`HostedRequest` and returns a :class:`HostedResponse`;
the fidelity layer does the WSGI part.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import html
import json
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from cognito_bench.emulator import signing
from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_pool, find_user
from cognito_bench.emulator.state import AuthorizationCode, EmulatorState
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.policy import (
    INCORRECT,
    STANDARD_ATTRIBUTES,
    check_password,
    mfa_factors,
    secret_matches,
)

__all__ = ["CODE_TTL_SECONDS", "HostedRequest", "HostedResponse", "HostedUI"]

#: Authorization codes live 5 minutes and work once (Cognito's token endpoint documentation).
CODE_TTL_SECONDS = 300
_HTML = "text/html; charset=utf-8"
_JSON = "application/json"
#: The OAuth parameters the sign-in form carries from /oauth2/authorize to POST /login.
_CARRIED = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "nonce",
)
#: Attributes the userInfo endpoint returns per scope (Cognito's userInfo documentation).
_EMAIL = {"email", "email_verified"}
_PHONE = {"phone_number", "phone_number_verified"}
_SCOPE_ATTRIBUTES = {
    "profile": set(STANDARD_ATTRIBUTES) - _EMAIL - _PHONE - {"address"},
    "email": _EMAIL,
    "phone": _PHONE,
}
_USERINFO_REFUSED = (
    "Access token is expired, disabled, or deleted, or the user has globally signed out."
)
_CHALLENGE = (
    "This user must answer a challenge ({challenge}) to sign in, and the emulator's hosted UI "
    "does not answer challenges: sign in with the bench's sign-in buttons instead."
)


@dataclass(frozen=True)
class HostedRequest:
    """One request to a pool's hosted UI, parsed.

    Args:
        method: ``GET`` or ``POST``.
        pool_id: the pool whose domain this is.
        path: the path below the domain (``/oauth2/token``).
        base: the domain's absolute URL, as the client reached it (for redirects).
        query: query parameters (first value of each).
        form: form-encoded body parameters (first value of each).
        authorization: the ``Authorization`` header, or "".
    """

    method: str
    pool_id: str
    path: str
    base: str
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    authorization: str = ""


@dataclass(frozen=True)
class HostedResponse:
    """What the fidelity layer sends back: status, body, content type, extra headers."""

    status: int
    body: bytes
    content_type: str = _HTML
    headers: tuple[tuple[str, str], ...] = ()


class _Stop(Exception):
    """Ends a request early with ``response`` (a refusal)."""

    def __init__(self, response: HostedResponse) -> None:
        super().__init__(response.status)
        self.response = response


def _page(title: str, body: str, status: int = 200) -> HostedResponse:
    """A small self-contained HTML page; ``body`` is HTML whose values are already escaped."""
    text = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width">'
        f"<title>{html.escape(title)}</title></head><body>"
        f"<h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return HostedResponse(status, text.encode("utf-8"))


def _error_page(error: str, explanation: str, status: int = 400) -> HostedResponse:
    return _page(
        "An error was encountered with the requested page",
        f'<p id="error"><code>{html.escape(error)}</code></p><p>{html.escape(explanation)}</p>',
        status,
    )


def _redirect(location: str) -> HostedResponse:
    return HostedResponse(302, b"", _HTML, (("Location", location),))


def _with_query(uri: str, params: dict[str, str]) -> str:
    """``uri`` with ``params`` appended to its query (empty values left out)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{uri}{'&' if '?' in uri else '?'}{query}"


def _json(data: dict[str, Any], status: int = 200, *extra: tuple[str, str]) -> HostedResponse:
    # RFC 6749 5.1: token responses are not cached
    headers = (("Cache-Control", "no-store"), ("Pragma", "no-cache"), *extra)
    return HostedResponse(status, json.dumps(data).encode(), _JSON, headers)


def _oauth_error(error: str, status: int = 400) -> _Stop:
    return _Stop(_json({"error": error}, status))


def _oauth_enabled(client: Any, flow: str) -> bool:
    config = client.extended_config
    return bool(config.get("AllowedOAuthFlowsUserPoolClient")) and flow in (
        config.get("AllowedOAuthFlows") or []
    )


def _s256(verifier: str) -> str:
    """The PKCE S256 challenge of ``verifier`` (RFC 7636 4.2)."""
    return signing.b64url(hashlib.sha256(verifier.encode("ascii", "replace")).digest())


class HostedUI:
    """The OAuth 2.0 endpoints of every pool of one emulator.

    Args:
        state: the emulator's state (clock, codes, refresh-token scopes).
        issuer: the user pools' token issuer, shared with the API's sign-in flows.
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer) -> None:
        self._s = state
        self._issuer = issuer

    def handle(self, request: HostedRequest) -> HostedResponse:
        """Answer one request (call with the state's lock held)."""
        try:
            _, pool = find_pool(request.pool_id)
        except CognitoError as exc:
            return _error_page("ResourceNotFoundException", exc.message, 404)
        routes = {
            ("GET", "/oauth2/authorize"): self._authorize,
            ("GET", "/login"): self._authorize,
            ("POST", "/login"): self._login,
            ("POST", "/oauth2/token"): self._token,
            ("GET", "/oauth2/userInfo"): self._user_info,
            ("POST", "/oauth2/userInfo"): self._user_info,
            ("GET", "/logout"): self._logout,
            ("GET", "/error"): self._error,
        }
        route = routes.get((request.method, request.path.rstrip("/") or "/"))
        if route is None:
            if any(path == request.path for _, path in routes):
                return _error_page(
                    "method_not_allowed", f"{request.method} is not served here.", 405
                )
            return _error_page("not_found", f"{request.path} is not a hosted UI page.", 404)
        try:
            return route(pool, request)
        except _Stop as stop:
            return stop.response

    # sign-in ------------------------------------------------------------------------------------

    def _oauth_request(self, pool: Any, request: HostedRequest, params: dict[str, str]) -> Any:
        """The app client of an authorization request, after Cognito's checks in its order.

        Raises:
            _Stop: a 400 page (unknown client, OAuth not enabled), the redirect to the error
                page (``redirect_mismatch``), or a redirect to the callback URL with the error
                (``unsupported_response_type``, ``invalid_request``, ``invalid_scope``).
        """
        client_id = params.get("client_id", "")
        client = pool.clients.get(client_id)
        if client is None:
            raise _Stop(_error_page("invalid_request", f"Client {client_id} does not exist."))
        redirect_uri = params.get("redirect_uri", "")
        if redirect_uri not in (client.extended_config.get("CallbackURLs") or []):
            raise _Stop(
                _redirect(
                    _with_query(
                        f"{request.base}/error",
                        {"error": "redirect_mismatch", "client_id": client.id},
                    )
                )
            )
        if not _oauth_enabled(client, "code"):
            raise _Stop(
                _error_page(
                    "unauthorized_client",
                    "This app client does not allow the authorization code grant "
                    "(AllowedOAuthFlowsUserPoolClient and AllowedOAuthFlows 'code').",
                )
            )

        def back(error: str) -> _Stop:
            return _Stop(
                _redirect(
                    _with_query(redirect_uri, {"error": error, "state": params.get("state", "")})
                )
            )

        if params.get("response_type") != "code":
            raise back("unsupported_response_type")
        if params.get("code_challenge") and params.get("code_challenge_method") != "S256":
            raise back("invalid_request")
        allowed = client.extended_config.get("AllowedOAuthScopes") or []
        if any(scope not in allowed for scope in params.get("scope", "").split()):
            raise back("invalid_scope")
        return client

    def _form(
        self, request: HostedRequest, params: dict[str, str], message: str = "", status: int = 200
    ) -> HostedResponse:
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(params[name])}">'
            for name in _CARRIED
            if params.get(name)
        )
        error = f'<p id="error" role="alert">{html.escape(message)}</p>' if message else ""
        username = html.escape(params.get("username", ""))
        action = html.escape(f"{request.base}/login")
        return _page(
            "Sign in",
            f'{error}<form method="post" action="{action}">{hidden}'
            f'<p><label>Username <input name="username" value="{username}" '
            'autocomplete="username" required></label></p>'
            '<p><label>Password <input name="password" type="password" '
            'autocomplete="current-password" required></label></p>'
            '<p><button type="submit">Sign in</button></p></form>',
            status,
        )

    def _authorize(self, pool: Any, request: HostedRequest) -> HostedResponse:
        self._oauth_request(pool, request, request.query)
        return self._form(request, {k: v for k, v in request.query.items() if k in _CARRIED})

    def _login(self, pool: Any, request: HostedRequest) -> HostedResponse:
        params = request.form
        client = self._oauth_request(pool, request, params)
        username = params.get("username", "")
        password = params.get("password", "")
        if not username or not password:
            return self._form(request, params, INCORRECT, 400)
        lambdas = self._issuer.lambdas
        try:
            if find_user(pool, username) is None:
                backend, _ = find_pool(pool.id)
                lambdas.migrate_user(
                    backend, pool, username, password, "UserMigration_Authentication"
                )
            existing = find_user(pool, username)
            if existing is not None and existing.enabled:
                lambdas.pre_authentication(pool, existing)
            user = check_password(self._s, pool, client, username, password)
            refusal = self._cannot_finish(pool, user)
            if not refusal:
                lambdas.post_authentication(pool, user)
        except CognitoError as exc:
            message = INCORRECT if exc.code == "UserNotFoundException" else exc.message
            return self._form(request, params, message, 400)
        if refusal:
            return self._form(request, params, refusal, 400)
        scope = params.get("scope", "").split() or list(
            client.extended_config.get("AllowedOAuthScopes") or []
        )
        code = str(uuid.uuid4())
        now = self._s.clock()
        codes = self._s.authorization_codes
        for old in [k for k, v in codes.items() if v.expires <= now]:
            del codes[old]
        codes[code] = AuthorizationCode(
            pool_id=pool.id,
            client_id=client.id,
            redirect_uri=params["redirect_uri"],
            scope=" ".join(scope),
            username=user.username,
            code_challenge=params.get("code_challenge", ""),
            nonce=params.get("nonce", ""),
            expires=now + CODE_TTL_SECONDS,
        )
        return _redirect(
            _with_query(params["redirect_uri"], {"code": code, "state": params.get("state", "")})
        )

    def _cannot_finish(self, pool: Any, user: Any) -> str:
        """Why a user with the right password gets no code here ("" when they do)."""
        if user.status == "UNCONFIRMED":
            return "User is not confirmed."
        if user.status == "RESET_REQUIRED":
            return "Password reset required for the user"
        if user.status == "FORCE_CHANGE_PASSWORD":
            return _CHALLENGE.format(challenge="NEW_PASSWORD_REQUIRED")
        if pool.mfa_config != "OFF":
            factors = mfa_factors(self._s, pool, user)
            if factors:
                return _CHALLENGE.format(challenge=factors[0])
            if pool.mfa_config == "ON":
                return _CHALLENGE.format(challenge="MFA_SETUP")
        return ""

    def _logout(self, pool: Any, request: HostedRequest) -> HostedResponse:
        client_id = request.query.get("client_id", "")
        client = pool.clients.get(client_id)
        if client is None:
            return _error_page("invalid_request", f"Client {client_id} does not exist.")
        logout_uri = request.query.get("logout_uri", "")
        if logout_uri and logout_uri in (client.extended_config.get("LogoutURLs") or []):
            return _redirect(logout_uri)
        if not logout_uri and request.query.get("redirect_uri"):
            # Cognito's other form: sign out, then show the sign-in page again
            return _redirect(_with_query(f"{request.base}/login", request.query))
        return _error_page(
            "redirect_mismatch", "logout_uri is not one of the app client's sign-out URLs."
        )

    def _error(self, pool: Any, request: HostedRequest) -> HostedResponse:
        error = request.query.get("error", "")
        explanation = {
            "redirect_mismatch": "redirect_uri is not one of the app client's callback URLs.",
        }.get(error, "The request was refused.")
        return _error_page(error or "error", explanation)

    # token endpoint ---------------------------------------------------------------------------------

    def _authenticated_client(self, pool: Any, request: HostedRequest) -> Any:
        """The app client, authenticated by HTTP Basic or ``client_id``/``client_secret``.

        Raises:
            _Stop: 400 ``invalid_client`` for an unknown client or a missing or wrong secret.
        """
        client_id = request.form.get("client_id", "")
        secret = request.form.get("client_secret", "")
        scheme, _, credentials = request.authorization.partition(" ")
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError) as exc:
                raise _oauth_error("invalid_client") from exc
            basic_id, _, secret = decoded.partition(":")
            if client_id and client_id != basic_id:
                raise _oauth_error("invalid_client")
            client_id = basic_id
        client = pool.clients.get(client_id) if client_id else None
        if client is None:
            raise _oauth_error("invalid_client")
        if client.generate_secret and not secret_matches(client, secret):
            raise _oauth_error("invalid_client")
        return client

    def _token(self, pool: Any, request: HostedRequest) -> HostedResponse:
        grant = request.form.get("grant_type", "")
        client = self._authenticated_client(pool, request)
        if not grant:
            raise _oauth_error("invalid_request")
        if grant == "authorization_code":
            return self._code_grant(pool, client, request.form)
        if grant == "refresh_token":
            return self._refresh_grant(pool, client, request.form)
        if grant == "client_credentials":
            return self._client_credentials(pool, client, request.form)
        raise _oauth_error("unsupported_grant_type")

    def _code_grant(self, pool: Any, client: Any, form: dict[str, str]) -> HostedResponse:
        code = form.get("code", "")
        redirect_uri = form.get("redirect_uri", "")
        if not code or not redirect_uri:
            raise _oauth_error("invalid_request")
        if not _oauth_enabled(client, "code"):
            raise _oauth_error("unauthorized_client")
        # popped first: a code works once, even when this attempt fails
        pending = self._s.authorization_codes.pop(code, None)
        if (
            pending is None
            or pending.pool_id != pool.id
            or pending.client_id != client.id
            or pending.redirect_uri != redirect_uri
            or self._s.clock() >= pending.expires
        ):
            raise _oauth_error("invalid_grant")
        if pending.code_challenge and not hmac.compare_digest(
            _s256(form.get("code_verifier", "")).encode(), pending.code_challenge.encode()
        ):
            raise _oauth_error("invalid_grant")
        user = find_user(pool, pending.username)
        if user is None or not user.enabled:
            raise _oauth_error("invalid_grant")
        backend, _ = find_pool(pool.id)
        issued = self._issuer.issue(
            backend, pool, client, user, scope=pending.scope, source="TokenGeneration_HostedAuth"
        )
        tokens = issued["AuthenticationResult"]
        body = {
            "access_token": tokens["AccessToken"],
            "refresh_token": tokens["RefreshToken"],
            "token_type": "Bearer",
            "expires_in": tokens["ExpiresIn"],
        }
        if "openid" in pending.scope.split():
            id_token = tokens["IdToken"]
            if pending.nonce:
                # OIDC Core 3.1.2.1: the nonce of the authorization request, in the ID token
                id_token = self._issuer.with_claims(pool, id_token, {"nonce": pending.nonce})
            body["id_token"] = id_token
        return _json(body)

    def _refresh_grant(self, pool: Any, client: Any, form: dict[str, str]) -> HostedResponse:
        token = form.get("refresh_token", "")
        if not token:
            raise _oauth_error("invalid_request")
        try:
            moto_token, _ = self._issuer.refresh_user(pool, client, token)
        except CognitoError as exc:
            raise _oauth_error("invalid_grant") from exc
        access, id_token, expires_in = self._issuer.tokens_from_refresh(pool, moto_token)
        body: dict[str, Any] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": expires_in,
        }
        scope = self._s.refresh_scopes.get(moto_token)
        if scope is None or "openid" in scope.split():
            body["id_token"] = id_token
        return _json(body)

    def _client_credentials(self, pool: Any, client: Any, form: dict[str, str]) -> HostedResponse:
        if not client.generate_secret or not _oauth_enabled(client, "client_credentials"):
            raise _oauth_error("unauthorized_client")
        try:
            token, expires_in = self._issuer.client_token(
                pool, client, form.get("scope", "").split()
            )
        except CognitoError as exc:
            if exc.code != "InvalidParameterException":
                raise  # a PreTokenGeneration trigger's refusal, answered as for other grants
            raise _oauth_error("invalid_scope") from exc
        return _json({"access_token": token, "expires_in": expires_in, "token_type": "Bearer"})

    # userInfo -------------------------------------------------------------------------------------------

    def _user_info(self, pool: Any, request: HostedRequest) -> HostedResponse:
        scheme, _, token = request.authorization.partition(" ")
        refused = _Stop(
            _json(
                {"error": "invalid_token", "error_description": _USERINFO_REFUSED},
                401,
                (
                    "WWW-Authenticate",
                    f'Bearer error="invalid_token", error_description="{_USERINFO_REFUSED}"',
                ),
            )
        )
        if scheme.lower() != "bearer" or not token.strip():
            raise refused
        try:
            _, token_pool, user, claims = self._issuer.access(token.strip(), scope="openid")
        except CognitoError as exc:
            raise refused from exc
        if token_pool.id != pool.id:
            raise refused
        client = pool.clients.get(str(claims.get("client_id", "")))
        readable = (client.extended_config.get("ReadAttributes") if client else None) or []
        scopes = set(str(claims.get("scope", "")).split())
        wanted: set[str] = set().union(*(_SCOPE_ATTRIBUTES.get(s, set()) for s in scopes))
        info: dict[str, Any] = {}
        for attribute in user.attributes:
            name = attribute["Name"]
            if name.startswith("dev:") or (readable and name not in readable and name != "sub"):
                continue
            # openid alone: every readable attribute; with profile/email/phone: those groups
            if (
                not wanted
                or name == "sub"
                or name in wanted
                or ("profile" in scopes and name.startswith("custom:"))
            ):
                info[name] = attribute["Value"]
        info["username"] = user.username
        return _json(info)
