"""Invoking a trigger the way Cognito does: its event in, its answer out, its failures as errors.

:class:`TriggerRunner` holds the wiring (:class:`~config.TriggerConfig`) and the worker
pools, and :meth:`TriggerRunner.invoke` turns a handler's outcome into what Cognito answers:

- the handler raised: ``UserLambdaValidationException`` "PreSignUp failed with error <its
  message>." (an import error or a missing function is the handler's error too, as on Lambda);
- no answer in 5 seconds: ``UnexpectedLambdaException`` "PreSignUp invocation failed due to
  error Socket timeout while invoking Lambda function.";
- no such handler file, or no interpreter for it: ``UnexpectedLambdaException`` "...
  invocation failed due to error ResourceNotFoundException.";
- an answer that is not JSON or is null: ``InvalidLambdaResponseException`` "Invalid lambda
  function output : Invalid JSON"; JSON of the wrong shape: "Unrecognizable lambda output".

Every invocation becomes an :class:`Invocation` (event, answer, time, what the handler
printed, error) kept with the API request that caused it: the fidelity layer opens a
:func:`request_scope` per request, and the emulator serves the list at
``/_bench/triggers?request_id=...`` (:class:`TriggerLog`).
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.triggers.config import TriggerConfig
from cognito_bench.emulator.triggers.workers import TIMEOUT_SECONDS, Reply, WorkerPool

if TYPE_CHECKING:
    from cognito_bench.emulator.gate import RequestGate

__all__ = [
    "INVALID_JSON",
    "UNRECOGNIZABLE",
    "Invocation",
    "RequestScope",
    "TriggerLog",
    "TriggerRunner",
    "current_scope",
    "request_scope",
    "unrecognizable",
]

UNRECOGNIZABLE = "Unrecognizable lambda output"
INVALID_JSON = "Invalid lambda function output : Invalid JSON"
#: How many requests' invocations the log keeps (older ones are dropped).
LOG_REQUESTS = 500


def unrecognizable() -> CognitoError:
    """Cognito's error for an answer of the wrong shape."""
    return CognitoError("InvalidLambdaResponseException", UNRECOGNIZABLE)


@dataclass
class Invocation:
    """One trigger invocation, as the bench shows it beside the call that caused it.

    Attributes:
        kind: the LambdaConfig key (``PreSignUp``).
        trigger_source: the event's ``triggerSource`` (``PreSignUp_SignUp``).
        handler: ``file:function``.
        event: the event sent.
        answer: what the handler returned (None when it failed).
        ms: wall time of the call.
        logs: what the handler printed.
        error: ``{"type", "message"}`` of the error Cognito answered with, or None.
        detail: Lambda's own error type and message, when the handler failed.
    """

    kind: str
    trigger_source: str
    handler: str
    event: Any
    answer: Any = None
    ms: float = 0.0
    logs: str = ""
    error: dict[str, str] | None = None
    detail: str = ""
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The invocation as a JSON-ready dict."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "triggerSource": self.trigger_source,
            "handler": self.handler,
            "event": self.event,
            "answer": self.answer,
            "ms": round(self.ms, 1),
            "logs": self.logs,
            "error": self.error,
        }
        if self.detail:
            data["detail"] = self.detail
        if self.notes:
            data["notes"] = list(self.notes)
        return data


@dataclass
class RequestScope:
    """The API request being served: what trigger events take from it, and its invocations.

    Attributes:
        request_id: the response's ``x-amzn-RequestId``.
        client_id: the request's ClientId (the events' ``callerContext.clientId``).
        client_metadata: the request's ClientMetadata.
        invocations: the triggers invoked so far.
    """

    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    client_id: str = ""
    client_metadata: dict[str, str] = field(default_factory=dict)
    invocations: list[Invocation] = field(default_factory=list)


_scope: contextvars.ContextVar[RequestScope | None] = contextvars.ContextVar(
    "trigger_request_scope", default=None
)


def current_scope() -> RequestScope:
    """The scope of the request being served (a throwaway one outside any request)."""
    scope = _scope.get()
    return scope if scope is not None else RequestScope()


@contextlib.contextmanager
def request_scope(scope: RequestScope) -> Iterator[RequestScope]:
    """Make ``scope`` the current request's for the ``with`` block."""
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


class TriggerLog:
    """The invocations of the last :data:`LOG_REQUESTS` requests, by request id."""

    def __init__(self, limit: int = LOG_REQUESTS) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._entries: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()

    def keep(self, scope: RequestScope) -> int:
        """Keep a finished request's invocations; returns how many it had."""
        if not scope.invocations:
            return 0
        with self._lock:
            self._entries[scope.request_id] = [i.to_json() for i in scope.invocations]
            while len(self._entries) > self._limit:
                self._entries.popitem(last=False)
        return len(scope.invocations)

    def get(self, request_id: str) -> list[dict[str, Any]]:
        """The invocations of one request ([] when unknown or long gone)."""
        with self._lock:
            return list(self._entries.get(request_id, []))

    def recent(self, limit: int = 50) -> list[dict[str, Any]]:
        """``{"request_id", "invocations"}`` of the newest requests, newest last."""
        with self._lock:
            items = list(self._entries.items())[-limit:]
        return [{"request_id": rid, "invocations": inv} for rid, inv in items]


class TriggerRunner:
    """The emulator's triggers: which handler answers which kind, and running them.

    Args:
        config: the wiring (no triggers by default).
        lock: the emulator's state lock, released while a handler runs.
        env: the handlers' environment.
        region: the events' ``region``.
        timeout: Cognito's limit per invocation.
        gate: the server's request gate, let go while a handler runs.
    """

    def __init__(
        self,
        config: TriggerConfig | None = None,
        lock: Any = None,
        env: dict[str, str] | None = None,
        region: str = "us-east-1",
        timeout: float = TIMEOUT_SECONDS,
        gate: RequestGate | None = None,
    ) -> None:
        self._config = config or TriggerConfig()
        self._pool = WorkerPool(lock, timeout, env, gate)
        self.region = region
        self.log = TriggerLog()

    @property
    def config(self) -> TriggerConfig:
        """The current wiring."""
        return self._config

    @property
    def pool(self) -> WorkerPool:
        """The worker processes (the emulator sets their environment once it is bound)."""
        return self._pool

    def configure(self, config: TriggerConfig, warm: bool = True) -> None:
        """Use ``config`` from the next invocation on, and (``warm``) import its handlers now."""
        self._config = config
        if warm:
            self.warm()

    def warm(self) -> None:
        """Start a worker per language and import every handler file (calls do not wait)."""
        for spec in self._config.specs.values():
            self._pool.warm(spec.language, spec.path)

    def wired(self, kind: str) -> bool:
        """True when a handler answers ``kind``."""
        return kind in self._config.specs

    @property
    def pre_token_version(self) -> str:
        """``V1_0``, ``V2_0`` or ``V3_0``."""
        return self._config.pre_token_version

    def event(
        self,
        source: str,
        pool_id: str,
        username: str | None,
        request: dict[str, Any],
        response: dict[str, Any],
        client_id: str | None = None,
        version: str = "1",
    ) -> dict[str, Any]:
        """A Cognito trigger event: the common fields, then ``request`` and ``response``."""
        scope = current_scope()
        return {
            "version": version,
            "triggerSource": source,
            "region": self.region,
            "userPoolId": pool_id,
            "userName": username,
            "callerContext": {
                "awsSdkVersion": "aws-sdk-unknown-unknown",
                "clientId": scope.client_id if client_id is None else client_id,
            },
            "request": request,
            "response": response,
        }

    def invoke(self, kind: str, event: dict[str, Any]) -> dict[str, Any]:
        """Run the ``kind`` handler with ``event``; its answer's ``response`` object.

        Raises:
            CognitoError: the handler failed, timed out, is missing or answered nonsense,
                with Cognito's code and message.
        """
        spec = self._config.specs[kind]
        handler = f"{spec.path}:{spec.function}"
        invocation = Invocation(kind, str(event.get("triggerSource", "")), handler, event)
        current_scope().invocations.append(invocation)
        reply = self._pool.call(
            spec.language,
            spec.path,
            spec.function,
            event,
            {
                "function_name": f"bench-{kind}",
                "invoked_function_arn": (
                    f"arn:aws:lambda:{self.region}:000000000000:function:bench-{kind}"
                ),
                "aws_request_id": str(uuid.uuid4()),
            },
        )
        invocation.ms = reply.ms
        invocation.logs = reply.logs
        try:
            response = self._response(kind, reply)
        except CognitoError as exc:
            invocation.error = {"type": exc.code, "message": exc.message}
            if reply.error_type or reply.error_message:
                invocation.detail = f"{reply.error_type}: {reply.error_message}".strip(": ")
            if reply.ok:
                invocation.answer = reply.result
            raise
        invocation.answer = reply.result
        return response

    @staticmethod
    def _response(kind: str, reply: Reply) -> dict[str, Any]:
        if not reply.ok:
            if reply.stage == "timeout":
                raise CognitoError(
                    "UnexpectedLambdaException",
                    f"{kind} invocation failed due to error Socket timeout while invoking "
                    "Lambda function.",
                )
            if reply.stage in ("missing", "runtime", "crash"):
                cause = "ResourceNotFoundException" if reply.stage != "crash" else "Unhandled"
                raise CognitoError(
                    "UnexpectedLambdaException", f"{kind} invocation failed due to error {cause}."
                )
            if reply.stage == "output":
                raise CognitoError("InvalidLambdaResponseException", INVALID_JSON)
            raise CognitoError(
                "UserLambdaValidationException", f"{kind} failed with error {reply.error_message}."
            )
        if reply.result is None:
            raise CognitoError("InvalidLambdaResponseException", INVALID_JSON)
        if not isinstance(reply.result, dict):
            raise unrecognizable()
        response = reply.result.get("response")
        if response is None:
            return {}
        if not isinstance(response, dict):
            raise unrecognizable()
        return response

    def close(self) -> None:
        """Stop the workers."""
        self._pool.close()
