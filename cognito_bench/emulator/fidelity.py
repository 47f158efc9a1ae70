"""The fidelity layer: a WSGI app in front of moto that makes it answer like Cognito.

Requests with ``X-Amz-Target: AWSCognitoIdentityProviderService.<Op>`` or
``AWSCognitoIdentityService.<Op>`` are parsed here; the operations Cognito checks more
strictly than moto are answered here (see ``userpool`` and ``identity``), the rest go to
moto after the checks every operation shares (unknown pool, client, user). The layer also
serves the issuer's discovery documents, the outbox, each pool's hosted UI and OAuth 2.0
endpoints (``hosted``) and CORS preflights, and never lets an HTTP 500 through.

Each request runs in a :class:`~triggers.RequestScope`: the Lambda triggers it invokes are
kept under its request id, its response carries ``x-bench-triggers: <count>``, and
``GET /_bench/triggers?request_id=ID`` returns them (event, answer, time, logs, error), so a
client shows them beside the call.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from cognito_bench.emulator import signing
from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.hosted import HostedRequest, HostedUI
from cognito_bench.emulator.identity import IdentityHandlers
from cognito_bench.emulator.motostate import find_client, find_identity_pool, find_pool, find_user
from cognito_bench.emulator.quotas import Quotas, throttled
from cognito_bench.emulator.seed import HOSTED_UI_PATH, hosted_ui_domain
from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.triggers.invoke import RequestScope, current_scope, request_scope
from cognito_bench.emulator.userpool import operations
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.params import Forward, Handler
from cognito_bench.emulator.userpool.settings import IMPORT_PATH
from cognito_bench.emulator.validation import validate

__all__ = ["TRIGGERS_HEADER", "FidelityApp"]

_log = logging.getLogger(__name__)

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_IDP = "AWSCognitoIdentityProviderService."
_IDENTITY = "AWSCognitoIdentityService."
_JSON = "application/x-amz-json-1.1"
_WELL_KNOWN = re.compile(r"^/([\w-]+_[0-9A-Za-z]+)/\.well-known/(jwks\.json|openid-configuration)$")
_HOSTED = re.compile(rf"^{HOSTED_UI_PATH}/([\w-]+_[0-9A-Za-z]+)(/.*)?$")
#: Bodies of hosted-UI requests are small forms; a larger one is refused, not read.
_MAX_FORM_BYTES = 64 * 1024
#: A user import CSV (Cognito takes up to 100 MB; a bench's test files are small).
_MAX_IMPORT_BYTES = 16 * 1024 * 1024
_ALLOW_HEADERS = (
    "authorization, content-type, x-amz-target, x-amz-user-agent, x-amz-date, "
    "x-amz-security-token, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request, cache-control"
)
_EXPOSE_HEADERS = (
    "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date, ETag, x-bench-triggers"
)
#: The response header that says how many triggers a request invoked.
TRIGGERS_HEADER = "x-bench-triggers"
# Operations whose Username is new (all other Admin* operations need an existing user).
_NEW_USER_OPS = {"AdminCreateUser"}


def _cors(environ: dict[str, Any]) -> list[tuple[str, str]]:
    origin = environ.get("HTTP_ORIGIN") or "*"
    headers = [
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Expose-Headers", _EXPOSE_HEADERS),
    ]
    if origin != "*":
        headers.append(("Vary", "Origin"))
    return headers


def _content_length(environ: dict[str, Any]) -> int:
    """The request body's declared length (0 when absent or not a number)."""
    try:
        return int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _first_values(encoded: str) -> dict[str, str]:
    """Form or query parameters, the first value of each (blank values kept)."""
    return {k: v[0] for k, v in parse_qs(encoded, keep_blank_values=True).items()}


class FidelityApp:
    """The WSGI app the emulator serves: Cognito's behaviour in front of moto.

    Args:
        inner: moto's WSGI app (DomainDispatcherApplication).
        state: the emulator's own state (codes, sessions, outbox, signer).
        quotas: request-rate quotas (``emulator.quotas``); None throttles nothing.
    """

    def __init__(self, inner: WSGIApp, state: EmulatorState, quotas: Quotas | None = None) -> None:
        self._inner = inner
        self._s = state
        #: Request-rate quotas; replaced whole while serving (``LocalCognito.set_quotas``): each
        #: request reads the attribute once, so it sees the old quotas or the new, never a mix.
        self.quotas = quotas
        self._issuer = TokenIssuer(state)
        self._idp = operations(state, self._issuer)
        self._identity = IdentityHandlers(state)
        self._hosted = HostedUI(state, self._issuer)

    # WSGI ------------------------------------------------------------------------------------

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        with request_scope(RequestScope()):
            return self._serve(environ, start_response)

    def _serve(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        try:
            return self._route(environ, start_response)
        except CognitoError as exc:
            return self._error(environ, start_response, exc)
        except Exception:
            _log.exception("fidelity layer failed")
            return self._error(
                environ,
                start_response,
                CognitoError(
                    "InternalErrorException",
                    "The embedded local Cognito could not process this request.",
                ),
            )

    def _route(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "") or "/"
        if method == "OPTIONS":
            return self._preflight(environ, start_response)
        if method == "GET" and path.rstrip("/") == "/_bench/outbox":
            return self._outbox(environ, start_response)
        if method == "GET" and path.rstrip("/") == "/_bench/triggers":
            return self._triggers(environ, start_response)
        if method == "PUT" and path.startswith(f"{IMPORT_PATH}/"):
            return self._upload(environ, start_response, path[len(IMPORT_PATH) + 1 :])
        match = _WELL_KNOWN.match(path)
        if method == "GET" and match:
            return self._well_known(environ, start_response, match.group(1), match.group(2))
        match = _HOSTED.match(path)
        if match:
            return self._hosted_ui(environ, start_response, match.group(1), match.group(2) or "/")
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if target.startswith(_IDP):
            return self._operation(environ, start_response, "idp", target[len(_IDP) :])
        if target.startswith(_IDENTITY):
            return self._operation(environ, start_response, "identity", target[len(_IDENTITY) :])
        return self._inner(environ, start_response)

    # responses --------------------------------------------------------------------------------

    def _respond(
        self,
        environ: dict[str, Any],
        start_response: Callable[..., Any],
        status: str,
        body: bytes,
        content_type: str = _JSON,
        extra: list[tuple[str, str]] | None = None,
    ) -> Iterable[bytes]:
        scope = current_scope()
        headers = [
            ("Content-Type", content_type),
            ("Content-Length", str(len(body))),
            ("x-amzn-RequestId", scope.request_id),
            *_cors(environ),
            *(extra or []),
        ]
        invoked = self._s.triggers.log.keep(scope)
        if invoked:
            headers.append((TRIGGERS_HEADER, str(invoked)))
        start_response(status, headers)
        return [body]

    def _json(
        self,
        environ: dict[str, Any],
        start_response: Callable[..., Any],
        data: Any,
        status: str = "200 OK",
    ) -> Iterable[bytes]:
        return self._respond(environ, start_response, status, json.dumps(data).encode())

    def _error(
        self, environ: dict[str, Any], start_response: Callable[..., Any], exc: CognitoError
    ) -> Iterable[bytes]:
        body = json.dumps({"__type": exc.code, "message": exc.message}).encode()
        reason = "Bad Request" if exc.status == 400 else "Error"
        return self._respond(
            environ,
            start_response,
            f"{exc.status} {reason}",
            body,
            extra=[("x-amzn-ErrorType", f"{exc.code}:"), ("x-amzn-ErrorMessage", exc.message)],
        )

    def _preflight(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        requested = environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "")
        allow = f"{_ALLOW_HEADERS}, {requested}" if requested else _ALLOW_HEADERS
        start_response(
            "200 OK",
            [
                *_cors(environ),
                ("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, HEAD, OPTIONS"),
                ("Access-Control-Allow-Headers", allow),
                ("Access-Control-Max-Age", "86400"),
                ("Content-Length", "0"),
            ],
        )
        return [b""]

    def _outbox(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        query = parse_qs(environ.get("QUERY_STRING", ""))
        username = (query.get("username") or [None])[0]
        messages = [m.to_json() for m in self._s.outbox.messages(username=username)]
        return self._respond(
            environ, start_response, "200 OK", json.dumps(messages).encode(), "application/json"
        )

    def _upload(
        self, environ: dict[str, Any], start_response: Callable[..., Any], job_id: str
    ) -> Iterable[bytes]:
        """A user import job's CSV, PUT to its PreSignedUrl (as Cognito's S3 URL takes it)."""
        length = _content_length(environ)
        if length > _MAX_IMPORT_BYTES:
            return self._respond(
                environ, start_response, "413 Content Too Large", b"", "text/plain"
            )
        with self._s.lock:
            self._s.uploads[job_id] = environ["wsgi.input"].read(length) if length > 0 else b""
        return self._respond(environ, start_response, "200 OK", b"", "text/plain")

    def _triggers(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        """The trigger invocations of one request (``request_id``), or of the newest ones."""
        request_id = _first_values(environ.get("QUERY_STRING", "")).get("request_id", "")
        log = self._s.triggers.log
        data: Any = log.get(request_id) if request_id else log.recent()
        return self._respond(
            environ, start_response, "200 OK", json.dumps(data).encode(), "application/json"
        )

    def _well_known(
        self, environ: dict[str, Any], start_response: Callable[..., Any], pool_id: str, doc: str
    ) -> Iterable[bytes]:
        signer = signing.signer_for_pool(pool_id)
        if signer is None:
            try:
                find_pool(pool_id)
            except CognitoError:
                body = json.dumps({"message": f"User pool {pool_id} does not exist."}).encode()
                return self._respond(
                    environ, start_response, "404 Not Found", body, "application/json"
                )
            signer = self._s.signer
        assert signer is not None
        if doc == "jwks.json":
            data: dict[str, Any] = {"keys": [signer.jwk()]}
        else:
            issuer = signer.issuer(pool_id)
            domain = hosted_ui_domain(signer.endpoint_url, pool_id)
            data = {
                "issuer": issuer,
                "jwks_uri": f"{issuer}/.well-known/jwks.json",
                "authorization_endpoint": f"{domain}/oauth2/authorize",
                "token_endpoint": f"{domain}/oauth2/token",
                "userinfo_endpoint": f"{domain}/oauth2/userInfo",
                "response_types_supported": ["code", "token"],
                "scopes_supported": ["openid", "email", "phone", "profile"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
            }
        return self._respond(
            environ, start_response, "200 OK", json.dumps(data).encode(), "application/json"
        )

    def _hosted_ui(
        self, environ: dict[str, Any], start_response: Callable[..., Any], pool_id: str, path: str
    ) -> Iterable[bytes]:
        """A pool's hosted UI and OAuth 2.0 endpoints (``hosted.HostedUI``)."""
        length = _content_length(environ)
        if length > _MAX_FORM_BYTES:
            body = json.dumps({"error": "invalid_request"}).encode()
            return self._respond(
                environ, start_response, "413 Content Too Large", body, "application/json"
            )
        form = environ["wsgi.input"].read(length).decode("utf-8", "replace") if length > 0 else ""
        scheme = environ.get("wsgi.url_scheme", "http")
        host = (
            environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
        )
        request = HostedRequest(
            method=environ.get("REQUEST_METHOD", "GET"),
            pool_id=pool_id,
            path=path,
            base=f"{scheme}://{host}{HOSTED_UI_PATH}/{pool_id}",
            query=_first_values(environ.get("QUERY_STRING", "")),
            form=_first_values(form),
            authorization=environ.get("HTTP_AUTHORIZATION", ""),
        )
        current_scope().client_id = request.query.get("client_id") or request.form.get(
            "client_id", ""
        )
        response = throttled(self.quotas, request)
        if response is None:
            with self._s.lock:
                response = self._hosted.handle(request)
        return self._respond(
            environ,
            start_response,
            f"{response.status} {HTTPStatus(response.status).phrase}",
            response.body,
            response.content_type,
            list(response.headers),
        )

    # operations ---------------------------------------------------------------------------------

    def _operation(
        self, environ: dict[str, Any], start_response: Callable[..., Any], service: str, op: str
    ) -> Iterable[bytes]:
        length = _content_length(environ)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        try:
            params = json.loads(body or b"{}")
        except ValueError as exc:
            raise CognitoError(
                "SerializationException", "The request body is not valid JSON."
            ) from exc
        if not isinstance(params, dict):
            raise CognitoError("SerializationException", "The request body must be a JSON object.")
        scope = current_scope()
        client_id, metadata = params.get("ClientId"), params.get("ClientMetadata")
        scope.client_id = client_id if isinstance(client_id, str) else ""
        if isinstance(metadata, dict):
            scope.client_metadata = {str(k): str(v) for k, v in metadata.items()}
        handlers = self._idp if service == "idp" else self._identity.handlers
        handler: Handler | None = handlers.get(op)
        if not validate(service, op, params):
            raise CognitoError(
                "UnknownOperationException", f"{op} is not an operation of this service."
            )
        quotas = self.quotas
        if quotas is not None:
            quotas.check(service, op)
        with self._s.lock:
            if handler is not None:
                result = handler(params)
            else:
                self._common_checks(service, op, params)
                result = Forward()
            if isinstance(result, dict):
                return self._json(environ, start_response, result)
            return self._forward(environ, start_response, service, op, body, result)

    def _common_checks(self, service: str, op: str, params: dict[str, Any]) -> None:
        """What every operation checks before moto sees it: ids exist, tokens are valid."""
        if service == "identity":
            pool_id = params.get("IdentityPoolId")
            if isinstance(pool_id, str) and pool_id:
                find_identity_pool(pool_id)
            self._implemented("cognitoidentity.responses", "CognitoIdentityResponse", op)
            return
        token = params.get("AccessToken")
        if isinstance(token, str) and token:
            self._issuer.access(token)
        pool_id = params.get("UserPoolId")
        if isinstance(pool_id, str) and pool_id and op != "CreateUserPool":
            _, pool = find_pool(pool_id)
            client_id = params.get("ClientId")
            if isinstance(client_id, str) and client_id:
                find_client(client_id, pool_id)
            username = params.get("Username")
            if (
                isinstance(username, str)
                and op.startswith("Admin")
                and op not in _NEW_USER_OPS
                and find_user(pool, username) is None
            ):
                raise CognitoError("UserNotFoundException", "User does not exist.")
        self._implemented("cognitoidp.responses", "CognitoIdpResponse", op)

    @staticmethod
    def _implemented(module: str, cls: str, op: str) -> None:
        import importlib

        from moto.core.utils import camelcase_to_underscores

        responses = getattr(importlib.import_module(f"moto.{module}"), cls)
        if not hasattr(responses, camelcase_to_underscores(op)):
            raise CognitoError(
                "UnsupportedOperationException",
                f"The embedded local Cognito does not implement {op}.",
            )

    def _forward(
        self,
        environ: dict[str, Any],
        start_response: Callable[..., Any],
        service: str,
        op: str,
        body: bytes,
        forward: Forward,
    ) -> Iterable[bytes]:
        """Let moto answer; turn a 5xx into a Cognito-shaped 400 and run ``forward.after``."""
        inner_env = dict(environ)
        inner_env["wsgi.input"] = io.BytesIO(body)
        inner_env["CONTENT_LENGTH"] = str(len(body))
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: None

        chunks = self._inner(inner_env, capture)
        try:
            payload = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        status = str(captured.get("status", "500 Internal Server Error"))
        code = int(status.split(" ", 1)[0])
        if code >= 500:
            _log.warning("moto answered %s to %s", status, op)
            raise CognitoError(
                "InternalErrorException",
                f"The embedded local Cognito could not process {op} (the moto engine failed).",
            )
        if code >= 400:
            try:
                data = json.loads(payload or b"{}")
            except ValueError:
                data = {}
            error_type = str(data.get("__type") or "InvalidParameterException").split("#")[-1]
            raise CognitoError(error_type, str(data.get("message") or data.get("Message") or ""))
        if forward.after is not None:
            try:
                data = json.loads(payload or b"{}")
            except ValueError:
                data = {}
            data = forward.after(data)
            payload = json.dumps(data).encode()
        return self._respond(environ, start_response, status, payload)
