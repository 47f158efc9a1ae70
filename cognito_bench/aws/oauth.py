"""The hosted UI's OAuth 2.0 endpoints: authorization code with PKCE, refresh, client
credentials, userInfo, logout; and both ends without a browser (:meth:`HostedUi.sign_in_headless`,
:meth:`HostedUi.logout`) for flows.

Real Cognito serves them on the pool's domain (``https://<prefix>.auth.<region>.amazoncognito.com``
or a custom domain); the embedded local Cognito under ``{endpoint}/_bench/hosted/{pool id}``.
botocore has no client for them: they are plain HTTPS form posts, made here with urllib and
the same timeouts as every other call. Each returns a :class:`CallRecord` and never raises.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from cognito_bench.aws import hostedform
from cognito_bench.aws._call import error_record, triggers_from_headers
from cognito_bench.aws.clients import READ_TIMEOUT_S, TruncatedResponseError, check_whole
from cognito_bench.aws.record import CallRecord, mask
from cognito_bench.aws.target import Target
from cognito_bench.aws.validate import INVALID_INPUT, first_problem, quoted
from cognito_bench.defaults import DEFAULT_REDIRECT_URI, DEFAULT_SCOPES

__all__ = [
    "DEFAULT_REDIRECT_URI",
    "DEFAULT_SCOPES",
    "HostedUi",
    "Pkce",
    "RedirectCatcher",
    "check_domain",
    "check_redirect_uri",
    "new_pkce",
]

#: Cognito's descriptions of its OAuth error codes, for answers that carry none.
_DESCRIPTIONS = {
    "invalid_grant": "The code, refresh token or PKCE verifier was refused.",
    "invalid_client": "The client id or client secret was refused.",
    "unauthorized_client": "The app client is not allowed this OAuth flow.",
    "invalid_request": "A required parameter is missing or malformed.",
    "unsupported_grant_type": "The token endpoint does not know this grant type.",
    "invalid_scope": "A requested scope is not allowed for this app client.",
    "invalid_token": "The access token was refused.",
}
_MAX_BODY = 1_000_000
_SIGN_IN, _LOG_OUT = "Hosted UI sign-in", "Hosted UI log out"


@dataclass(frozen=True)
class Pkce:
    """One authorization attempt's PKCE verifier (kept in memory only) and state."""

    verifier: str = field(repr=False)
    challenge: str
    state: str


def new_pkce() -> Pkce:
    """A fresh S256 PKCE pair and an unguessable state."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
    return Pkce(verifier, challenge, secrets.token_urlsafe(16))


def check_domain(domain: str) -> str:
    """A problem with a hosted UI domain (``https://prefix.auth.region.amazoncognito.com``)."""
    if not domain:
        return "hosted UI domain is required (App integration → Domain in the console)"
    try:
        parts = urllib.parse.urlsplit(domain)
    except ValueError:  # "http://[::1": urlsplit refuses a broken IPv6 host
        return f"hosted UI domain {quoted(domain, 80)} is not an http(s) URL"
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        return f"hosted UI domain {quoted(domain, 80)} is not an http(s) URL"
    if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
        return "hosted UI domain must be https (only a local emulator is plain http)"
    return ""


def check_redirect_uri(uri: str) -> str:
    """A problem with the redirect URI the bench listens on (a loopback http URL)."""
    try:
        parts = urllib.parse.urlsplit(uri)
    except ValueError:
        parts = urllib.parse.urlsplit("")
    if parts.scheme != "http" or parts.hostname not in ("localhost", "127.0.0.1"):
        return (
            f"redirect URI {quoted(uri, 80)} must be http://localhost:PORT/PATH "
            "(the bench listens there)"
        )
    try:
        port = parts.port
    except ValueError:
        return f"redirect URI {quoted(uri, 80)} has a port out of range"
    if not port:
        return f"redirect URI {quoted(uri, 80)} needs a port (e.g. {DEFAULT_REDIRECT_URI})"
    return ""


class HostedUi:
    """OAuth calls for one app client on one hosted UI domain.

    Args:
        domain: the hosted UI base URL (no trailing path needed).
        target: region and app client (id and, for a client with one, its secret).
        redirect_uri: where the hosted UI sends the browser back with the code.
        scopes: space-separated scopes to ask for.
    """

    def __init__(
        self,
        domain: str,
        target: Target,
        redirect_uri: str = DEFAULT_REDIRECT_URI,
        scopes: str = DEFAULT_SCOPES,
    ) -> None:
        self.domain = domain.strip().rstrip("/")
        self.target = target
        self.redirect_uri = redirect_uri.strip()
        self.scopes = " ".join(scopes.split())

    # ---- URLs the browser opens ------------------------------------------------------------

    def authorize_url(self, pkce: Pkce) -> str:
        """The URL that opens the hosted UI's sign-in page."""
        query = {
            "response_type": "code",
            "client_id": self.target.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": self.scopes,
            "state": pkce.state,
            "code_challenge": pkce.challenge,
            "code_challenge_method": "S256",
        }
        return f"{self.domain}/oauth2/authorize?{urllib.parse.urlencode(query)}"

    def logout_url(self, logout_uri: str) -> str:
        """The URL that ends the hosted UI's session and returns to ``logout_uri``."""
        query = {"client_id": self.target.client_id, "logout_uri": logout_uri}
        return f"{self.domain}/logout?{urllib.parse.urlencode(query)}"

    def signed_out_uri(self) -> str:
        """The logout URI the bench uses unless told otherwise: ``signed-out`` beside the
        redirect URI (``http://localhost:8765/signed-out``, the demo clients' sign-out URL)."""
        return self.redirect_uri.rsplit("/", 1)[0] + "/signed-out"

    def problem(self) -> str:
        """What keeps the authorization flow from starting ("" when nothing)."""
        return first_problem(
            check_domain(self.domain),
            "" if self.target.client_id else "app client id is required",
            check_redirect_uri(self.redirect_uri),
        )

    def redirect_failure(self, query: dict[str, str] | None, pkce: Pkce) -> CallRecord | None:
        """The failed record for what the redirect brought back, or None when it has a code.

        No redirect (closed, or 5 minutes passed), an ``error`` from the hosted UI, a state
        that is not this sign-in's (another tab's redirect, or a forged one) each fail.
        """
        shown = {"endpoint": f"{self.domain}/oauth2/authorize", "redirect_uri": self.redirect_uri}
        failed = _Attempt(self.target, "OAuth2Authorize", _SIGN_IN, shown).failed
        if query is None:
            return failed(
                "NoRedirect",
                f"no redirect came back to {self.redirect_uri} (cancelled or timed out)",
            )
        if query.get("error"):
            code = query["error"]
            return failed(code, query.get("error_description") or _DESCRIPTIONS.get(code, code))
        if query.get("state") != pkce.state:
            return failed(
                "StateMismatch",
                "the redirect's state is not this sign-in's (an old tab, or a forged redirect)",
            )
        if not query.get("code"):
            return failed("invalid_request", "the redirect brought no code")
        return None

    def logout_record(self, query: dict[str, str] | None, logout_uri: str) -> CallRecord:
        """What the logout came to: the browser back at ``logout_uri``, or no redirect."""
        shown = {"endpoint": f"{self.domain}/logout", "logout_uri": logout_uri}
        if query is None:
            message = f"the browser did not come back to {logout_uri} (cancelled or timed out)"
            return error_record(
                "OAuth2Logout",
                "NoRedirect",
                message,
                self.target,
                request=shown,
                label=_LOG_OUT,
            )
        return CallRecord(
            operation="OAuth2Logout",
            request=shown,
            response={"signed_out": True, "returned_to": logout_uri},
            label=_LOG_OUT,
            target=self.target,
        )

    # ---- without a browser (flows) ----------------------------------------------------------

    def sign_in_headless(self, username: str, password: str) -> CallRecord:
        """The authorization code sign-in with no browser and no listener: the authorize
        page's form posted with ``username`` and ``password``, the code read from the
        redirect's Location (never followed), the state checked, the code exchanged.

        Tested against the embedded local Cognito's hosted UI; see
        :mod:`cognito_bench.aws.hostedform` for what is known of AWS's pages.

        Returns:
            The token endpoint's record (as the browser sign-in's), or the failed
            ``OAuth2Authorize`` record: the form's error line for a wrong password.
        """
        shown = {
            "endpoint": f"{self.domain}/oauth2/authorize",
            "redirect_uri": self.redirect_uri,
            "username": username,
        }
        failed = _Attempt(self.target, "OAuth2Authorize", _SIGN_IN, shown).failed
        problem = first_problem(
            self.problem(),
            "" if username else "username is required",
            "" if password else "password is required",
        )
        if problem:
            return failed(INVALID_INPUT, problem)
        pkce = new_pkce()
        try:
            where = hostedform.post_credentials(
                self.authorize_url(pkce), username, password, READ_TIMEOUT_S
            )
        except hostedform.SignInFailed as exc:
            return failed(exc.code, str(exc))
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return failed("EndpointConnectionError", _unreachable(self.domain, exc))
        parts = urllib.parse.urlsplit(where)
        if not _same_place(where, self.redirect_uri):
            place = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
            return failed(
                "UnexpectedRedirect",
                f"the hosted UI sent the browser to {quoted(place, 80)}, "
                f"not to the redirect URI {self.redirect_uri}",
            )
        query = dict(urllib.parse.parse_qsl(parts.query))
        failure = self.redirect_failure(query, pkce)
        if failure is not None:
            return failure
        return self.exchange_code(query["code"], pkce)

    def logout(self, logout_uri: str = "") -> CallRecord:
        """GET ``/logout`` with no browser; passes when Cognito redirects to ``logout_uri``
        (default :meth:`signed_out_uri`; it must be one of the client's sign-out URLs). The
        redirect is not followed."""
        logout_uri = logout_uri.strip() or self.signed_out_uri()
        shown = {"endpoint": f"{self.domain}/logout", "logout_uri": logout_uri}
        attempt = _Attempt(self.target, "OAuth2Logout", _LOG_OUT, shown)
        failed = attempt.failed
        problem = first_problem(
            check_domain(self.domain),
            "" if self.target.client_id else "app client id is required",
        )
        if problem:
            return failed(INVALID_INPUT, problem)
        try:
            url = self.logout_url(logout_uri)
            status, headers, body = hostedform.visit(url, READ_TIMEOUT_S)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return failed("EndpointConnectionError", _unreachable(self.domain, exc))
        where = hostedform.location(headers, url)
        if status in hostedform.REDIRECTS and _same_place(where, logout_uri):
            record = self.logout_record({}, logout_uri)
            record.http_status = status
            record.elapsed_ms, record.started_at = attempt.elapsed_ms(), attempt.started
            return record
        if status in hostedform.REDIRECTS and where:
            error = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(where).query)).get("error")
            return failed(
                error or "UnexpectedRedirect",
                f"Cognito redirected to {quoted(where.split('?', 1)[0], 80)}, not to {logout_uri}",
                status,
            )
        error = hostedform.page_error(body)
        return failed(
            error if error.isidentifier() else f"HTTP{status}",
            f"Cognito did not redirect to {logout_uri} (HTTP {status}"
            + (f": {error})" if error else ")"),
            status,
        )

    # ---- token endpoint ---------------------------------------------------------------------

    def exchange_code(self, code: str, pkce: Pkce) -> CallRecord:
        """authorization_code grant: the code the redirect brought, with the PKCE verifier."""
        form = {
            "grant_type": "authorization_code",
            "client_id": self.target.client_id,
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": pkce.verifier,
        }
        problem = first_problem(self.problem(), "" if code else "the redirect brought no code")
        return self._token(form, "Hosted UI: code → tokens", problem)

    def refresh(self, refresh_token: str) -> CallRecord:
        """refresh_token grant on the token endpoint."""
        form = {
            "grant_type": "refresh_token",
            "client_id": self.target.client_id,
            "refresh_token": refresh_token,
        }
        problem = first_problem(
            check_domain(self.domain),
            "" if refresh_token else "no refresh token in this session: sign in first",
        )
        return self._token(form, "OAuth refresh", problem)

    def client_credentials(self, scopes: str = "") -> CallRecord:
        """client_credentials grant (machine to machine): needs a client with a secret."""
        form = {"grant_type": "client_credentials", "client_id": self.target.client_id}
        if scopes.strip():
            form["scope"] = " ".join(scopes.split())
        problem = first_problem(
            check_domain(self.domain),
            ""
            if self.target.client_secret
            else "client credentials need an app client with a secret: fill in the secret",
        )
        return self._token(form, "Client credentials", problem)

    def _token(self, form: dict[str, str], label: str, problem: str) -> CallRecord:
        operation = f"OAuth2Token({form['grant_type']})"
        url = f"{self.domain}/oauth2/token"
        shown = {"endpoint": url, **form}
        if problem:
            return error_record(
                operation, INVALID_INPUT, problem, self.target, request=shown, label=label
            )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if self.target.client_secret:
            pair = f"{self.target.client_id}:{self.target.client_secret}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        body = urllib.parse.urlencode(form).encode("ascii")
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 (check_domain: http or https only)
        return self._send(operation, request, shown, label)

    # ---- userInfo ---------------------------------------------------------------------------

    def user_info(self, access_token: str) -> CallRecord:
        """The user's attributes from the userInfo endpoint (needs the ``openid`` scope)."""
        operation = "OAuth2UserInfo"
        url = f"{self.domain}/oauth2/userInfo"
        shown = {"endpoint": url, "Authorization": "Bearer <AccessToken>"}
        problem = first_problem(
            check_domain(self.domain),
            "" if access_token else "no access token in this session: sign in first",
        )
        if problem:
            return error_record(operation, INVALID_INPUT, problem, self.target, request=shown)
        request = urllib.request.Request(  # noqa: S310 (check_domain: http or https only)
            url, headers={"Authorization": f"Bearer {access_token}"}
        )
        return self._send(operation, request, shown, "UserInfo")

    # ---- the one place a request is sent ----------------------------------------------------

    def _send(
        self,
        operation: str,
        request: urllib.request.Request,
        shown: dict[str, str],
        label: str,
    ) -> CallRecord:
        attempt = _Attempt(self.target, operation, label, shown)

        def failed(
            code: str, message: str, status: int | None = None, headers: Any = None
        ) -> CallRecord:
            record = attempt.failed(code, message, status)
            if headers is not None:
                record.triggers = triggers_from_headers(headers, self.target.endpoint_url)
            return record

        try:
            with _OPENER.open(request, timeout=READ_TIMEOUT_S) as answer:
                status, raw = answer.status, answer.read(_MAX_BODY)
                headers = answer.headers
                check_whole(raw, headers, self.domain, _MAX_BODY)
        except TruncatedResponseError as exc:
            return failed("ConnectionClosedError", str(exc))
        except urllib.error.HTTPError as exc:
            body = exc.read(_MAX_BODY)
            try:
                check_whole(body, exc.headers, self.domain, _MAX_BODY)
            except TruncatedResponseError as cut:
                return failed("ConnectionClosedError", str(cut), exc.code)
            payload = _json(body)
            code = str(payload.get("error") or f"HTTP{exc.code}")
            message = str(payload.get("error_description") or _DESCRIPTIONS.get(code, exc.reason))
            return failed(code, message, exc.code, exc.headers)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            return failed("EndpointConnectionError", _unreachable(self.domain, exc))
        payload = _json(raw)
        if not payload:
            return failed("HTTP200", "the endpoint answered, but not with JSON", status)
        return CallRecord(
            operation=operation,
            request=mask(dict(shown)),
            response=payload,
            elapsed_ms=attempt.elapsed_ms(),
            started_at=attempt.started,
            http_status=status,
            label=label,
            target=self.target,
            triggers=triggers_from_headers(headers, self.target.endpoint_url),
        )


class _Attempt:
    """One call's start, and its failed records (timed from then)."""

    def __init__(self, target: Target, operation: str, label: str, shown: dict[str, str]):
        self.started, self._t0 = time.time(), time.perf_counter()
        self._target, self._operation, self._label, self._shown = target, operation, label, shown

    def elapsed_ms(self) -> float:
        """Milliseconds since the start."""
        return (time.perf_counter() - self._t0) * 1000

    def failed(self, code: str, message: str, status: int | None = None) -> CallRecord:
        """The failed record (its explanation from ``code``)."""
        return error_record(
            self._operation,
            code,
            message,
            self._target,
            request=self._shown,
            label=self._label,
            http_status=status,
            elapsed_ms=self.elapsed_ms(),
            started_at=self.started,
        )


def _unreachable(domain: str, exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    return f"Could not reach {quoted(domain, 80)}: {reason}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """The token and userInfo endpoints never redirect; a redirect is an error to show."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def _same_place(url: str, expected: str) -> bool:
    """``url`` is ``expected`` (scheme, host, port and path; the query aside)."""
    try:
        got, want = urllib.parse.urlsplit(url), urllib.parse.urlsplit(expected)
    except ValueError:
        return False
    return (got.scheme, got.netloc.lower(), got.path or "/") == (
        want.scheme,
        want.netloc.lower(),
        want.path or "/",
    )


def _json(raw: bytes) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


class RedirectCatcher:
    """Listens on the redirect URI's loopback port for the browser coming back from the
    hosted UI, once; :meth:`wait` returns the query (``code`` and ``state``, or ``error``).

    The page the browser gets says to return to the bench. Requests for other paths (a
    favicon) get a 404 and are not the redirect.

    Raises:
        OSError: the port cannot be bound (in use by another program).
    """

    _PAGE = (
        "<!doctype html><meta charset='utf-8'><title>Cognito Bench</title>"
        "<body style='font-family:sans-serif;margin:3em'><h2>{title}</h2>"
        "<p>{text}</p><p>You can close this tab and return to Cognito Bench.</p></body>"
    )

    def __init__(self, redirect_uri: str) -> None:
        import http.server
        import threading

        parts = urllib.parse.urlsplit(redirect_uri)
        self.path = parts.path or "/"
        self._result: dict[str, str] | None = None
        self._done = threading.Event()
        catcher = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                if url.path != catcher.path:
                    self.send_error(404)
                    return
                query = dict(urllib.parse.parse_qsl(url.query))
                error = query.get("error", "")
                title = "Sign-in failed" if error or "code" not in query else "Signed in"
                text = (
                    f"The hosted UI answered {html.escape(error[:200])}."
                    if error
                    else "The bench has the code and exchanges it for tokens now."
                )
                body = catcher._PAGE.format(title=title, text=text).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                catcher._finish(query)

            def log_message(self, format: str, *args: Any) -> None:
                return  # the bench's log is not a web server's

        host = parts.hostname or "localhost"
        address = ("127.0.0.1" if host == "localhost" else host, parts.port or 80)
        for attempt in range(6):  # an earlier catcher may still hold the port for 0.2 s
            try:
                self._server = http.server.HTTPServer(address, Handler)
                break
            except OSError:
                if attempt == 5:
                    raise
                time.sleep(0.1)
        self._server.timeout = 0.2
        self._thread = threading.Thread(target=self._serve, name="oauth-redirect", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            while not self._done.is_set():
                self._server.handle_request()
        finally:
            self._server.server_close()

    def _finish(self, query: dict[str, str] | None) -> None:
        if not self._done.is_set():
            self._result = query
            self._done.set()

    def wait(self, timeout: float) -> dict[str, str] | None:
        """The redirect's query, or None when closed or nothing came within ``timeout`` s.

        Blocks: call it off the GUI thread. The port is free again within 0.2 s.
        """
        self._done.wait(timeout)
        self.close()
        return self._result

    def close(self) -> None:
        """Stop listening; a waiting :meth:`wait` returns None. Never blocks."""
        self._finish(None)
