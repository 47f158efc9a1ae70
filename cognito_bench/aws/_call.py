"""The one place a call is made: time it, mask its request, turn every failure into a record.

Against the embedded local Cognito, a response with an ``x-bench-triggers`` header ran Lambda
triggers; the record then fetches them from ``{endpoint}/_bench/triggers?request_id=...``
(event, answer, time, what the handler printed) into :attr:`CallRecord.triggers`.
"""

from __future__ import annotations

import html
import json
import re
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

from botocore import xform_name
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    IncompleteReadError,
    NoCredentialsError,
    NoRegionError,
    ParamValidationError,
    ProfileNotFound,
    ReadTimeoutError,
)

from cognito_bench.aws.clients import TruncatedResponseError, make_client
from cognito_bench.aws.explain import explain
from cognito_bench.aws.record import SECRET_KEYS, CallRecord, json_safe, mask
from cognito_bench.aws.target import Target
from cognito_bench.aws.validate import INVALID_INPUT

__all__ = [
    "TRIGGERS_HEADER",
    "Caller",
    "error_record",
    "failure_of",
    "triggers_from_headers",
    "triggers_of",
]

#: The embedded local Cognito's header: how many Lambda triggers a request ran.
TRIGGERS_HEADER = "x-bench-triggers"


#: Control characters and bidirectional overrides: a message that echoes hostile input (a NUL,
#: an escape sequence, a right-to-left override) would garble or flip the status line.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def _one_line(text: str, limit: int = 300) -> str:
    """``text`` as one short line: whitespace runs collapsed, unsafe characters escaped."""
    line = _UNSAFE.sub(_escaped, " ".join(text.split()))
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _html_text(body: str) -> str:
    """The readable part of an HTML error page (a server's 500 page, not a Cognito error)."""
    title = re.search(r"<title>(.*?)</title>", body, re.IGNORECASE | re.DOTALL)
    paragraph = re.search(r"<p>(.*?)</p>", body, re.IGNORECASE | re.DOTALL)
    parts = [html.unescape(m.group(1)) for m in (title, paragraph) if m]
    return ": ".join(parts) if parts else re.sub(r"<[^>]+>", " ", body)


def failure_of(exc: BaseException) -> tuple[str, str, int | None]:
    """``(error code, one-line message, HTTP status)`` of an exception raised by a call."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        meta = exc.response.get("ResponseMetadata", {})
        status = meta.get("HTTPStatusCode")
        code = str(error.get("Code") or "")
        message = str(error.get("Message") or "")
        if code.isdigit() or not code:
            # No Cognito error in the body: an HTTP error page from a server or proxy.
            status = status or (int(code) if code.isdigit() else None)
            body = message or str(exc)
            code = f"HTTP{status}" if status else "HTTPError"
            message = f"HTTP {status}: {_html_text(body)}"
        return code, _one_line(message or str(exc)), status
    if isinstance(exc, ParamValidationError | NoRegionError):
        return INVALID_INPUT, _one_line(str(exc)), None
    if isinstance(exc, ConnectTimeoutError):
        return "ConnectTimeoutError", _one_line(str(exc)), None
    if isinstance(exc, ReadTimeoutError):
        return "ReadTimeoutError", _one_line(str(exc)), None
    if isinstance(exc, EndpointConnectionError):
        cause = exc.kwargs.get("error")
        detail = " (connection refused)" if "refused" in str(cause).lower() else ""
        return "EndpointConnectionError", _one_line(f"{exc}{detail}"), None
    if isinstance(exc, TruncatedResponseError | ConnectionClosedError):
        return "ConnectionClosedError", _one_line(str(exc)), None
    if isinstance(exc, IncompleteReadError):  # a stream (S3 GetObject) cut short
        return (
            "ConnectionClosedError",
            _one_line(f"Connection was closed before the whole response arrived: {exc}"),
            None,
        )
    if isinstance(exc, NoCredentialsError):
        return "NoCredentialsError", _one_line(str(exc)), None
    if isinstance(exc, ProfileNotFound):
        return "ProfileNotFound", _one_line(str(exc)), None
    if isinstance(exc, BotoCoreError):
        return type(exc).__name__, _one_line(str(exc)), None
    return type(exc).__name__, _one_line(f"{type(exc).__name__}: {exc}"), None


def error_record(
    operation: str,
    code: str,
    message: str,
    target: Target,
    *,
    request: Mapping[str, Any] | None = None,
    label: str = "",
    http_status: int | None = None,
    elapsed_ms: float = 0.0,
    started_at: float | None = None,
) -> CallRecord:
    """A failed record with its explanation (``InvalidInput`` for input refused before a call)."""
    record = CallRecord(
        operation=operation,
        request=mask(dict(request or {})),
        error_code=code,
        error_message=_one_line(message),
        explanation=explain(code, message, target),
        label=label,
        http_status=http_status,
        elapsed_ms=elapsed_ms,
        target=target,
    )
    if started_at is not None:
        record.started_at = started_at
    return record


def triggers_of(response: Mapping[str, Any], endpoint_url: str) -> list[dict[str, Any]]:
    """The trigger invocations of a local Cognito response (masked), or [].

    Args:
        response: a botocore response (or a ClientError's ``response``).
        endpoint_url: the target's endpoint; AWS itself (no endpoint) never has any.
    """
    meta = response.get("ResponseMetadata") or {}
    headers = dict(meta.get("HTTPHeaders") or {})
    if meta.get("RequestId"):
        headers.setdefault("x-amzn-requestid", meta["RequestId"])
    return triggers_from_headers(headers, endpoint_url)


def triggers_from_headers(headers: Mapping[str, str], endpoint_url: str) -> list[dict[str, Any]]:
    """The trigger invocations a response with these HTTP headers announced (masked), or []."""
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    request_id = lowered.get("x-amzn-requestid")
    if not endpoint_url or not lowered.get(TRIGGERS_HEADER) or not request_id:
        return []
    query = urllib.parse.urlencode({"request_id": request_id})
    url = f"{endpoint_url.rstrip('/')}/_bench/triggers?{query}"
    try:
        # S310: the target's own endpoint, http(s) only (Target validates it)
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310
            data = json.loads(answer.read())
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [_masked_invocation(item) for item in data if isinstance(item, dict)]


def _secret_values(data: Any) -> set[str]:
    """Every string under a secret key anywhere in ``data`` (a password in an event)."""
    found: set[str] = set()
    if isinstance(data, Mapping):
        for key, value in data.items():
            if key in SECRET_KEYS and isinstance(value, str) and len(value) >= 4:
                found.add(value)
            else:
                found |= _secret_values(value)
    elif isinstance(data, list):
        for item in data:
            found |= _secret_values(item)
    return found


def _masked_invocation(invocation: dict[str, Any]) -> dict[str, Any]:
    """An invocation with its secrets masked, also where the handler printed them."""
    secrets = _secret_values(invocation)
    masked: dict[str, Any] = mask(invocation)
    logs = masked.get("logs")
    if isinstance(logs, str):
        for secret in secrets:
            logs = logs.replace(secret, "***")
        masked["logs"] = logs
    return masked


class Caller:
    """Makes calls of one service for one target through one lazily built, shared client.

    boto3 clients are thread-safe once built; building is guarded so concurrent first calls
    from worker threads build one client.
    """

    def __init__(
        self,
        service: str,
        target: Target,
        *,
        credentials: dict[str, str] | None = None,
        unsigned: bool = False,
    ) -> None:
        self.service = service
        self.target = target
        self._credentials = credentials
        self._unsigned = unsigned
        self._client: Any = None
        self._lock = threading.Lock()

    def client(self) -> Any:
        """The boto3 client (built on first use; may raise botocore errors)."""
        with self._lock:
            if self._client is None:
                self._client = make_client(
                    self.service, self.target, self._credentials, unsigned=self._unsigned
                )
            return self._client

    def invalid(
        self,
        operation: str,
        problem: str,
        request: Mapping[str, Any] | None = None,
        label: str = "",
    ) -> CallRecord:
        """A record for input refused before any call."""
        return error_record(
            operation, INVALID_INPUT, problem, self.target, request=request, label=label
        )

    def call(
        self,
        operation: str,
        params: dict[str, Any],
        *,
        label: str = "",
        problem: str = "",
        shape: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> CallRecord:
        """Call ``operation`` (e.g. ``SignUp``) with ``params``; never raises.

        Args:
            operation: the API operation name.
            params: the request; kept masked in the record.
            label: a human name for the step.
            problem: a validation problem found by the caller: when set, nothing is sent.
            shape: turns the raw response into what the record keeps (e.g. reads a body).
        """
        if problem:
            return self.invalid(operation, problem, params, label)
        started = time.time()
        t0 = time.perf_counter()
        try:
            method = getattr(self.client(), xform_name(operation))
            raw: dict[str, Any] = method(**params)
            if shape is not None:
                raw = shape(raw)
        except Exception as exc:  # every failure becomes a record, by contract
            code, message, status = failure_of(exc)
            record = error_record(
                operation,
                code,
                message,
                self.target,
                request=params,
                label=label,
                http_status=status,
                elapsed_ms=(time.perf_counter() - t0) * 1000,
                started_at=started,
            )
            if isinstance(exc, ClientError):
                record.triggers = triggers_of(exc.response, self.target.endpoint_url)
            return record
        elapsed = (time.perf_counter() - t0) * 1000
        response = json_safe(raw)
        return CallRecord(
            operation=operation,
            request=mask(params),
            response=response,
            elapsed_ms=elapsed,
            started_at=started,
            http_status=response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            label=label,
            target=self.target,
            triggers=triggers_of(raw, self.target.endpoint_url),
        )
