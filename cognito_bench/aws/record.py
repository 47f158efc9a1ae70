"""`CallRecord`: what one call sent, what came back, and what it means."""

from __future__ import annotations

import base64
import datetime as _dt
import decimal
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cognito_bench.aws.target import Target

__all__ = ["SECRET_KEYS", "CallRecord", "json_safe", "mask"]

#: Request or response keys whose values are secrets and are never shown or stored in full.
SECRET_KEYS = frozenset(
    {
        "Password",
        "TemporaryPassword",
        "PreviousPassword",
        "ProposedPassword",
        "NEW_PASSWORD",
        "PASSWORD",
        "SECRET_HASH",
        "SecretHash",
        "ClientSecret",
        "REFRESH_TOKEN",
        "RefreshToken",
        "AccessToken",
        "IdToken",
        "Token",
        "Session",
        "SecretKey",
        "SessionToken",
        "SecretCode",
        "PASSWORD_CLAIM_SIGNATURE",
        "SRP_A",
        # a remembered device's SRP password, and a new client secret's value
        "DevicePassword",
        "ClientSecretValue",
        "Secret",
        # OAuth 2.0 (the hosted UI's token endpoint)
        "code",
        "code_verifier",
        "client_secret",
        "refresh_token",
        "access_token",
        "id_token",
        # a UserMigration trigger's event carries the password typed at sign-in
        "password",
    }
)


def _mask_value(value: Any) -> Any:
    if isinstance(value, str):
        if len(value) <= 8:
            return "***"
        return f"{value[:4]}…({len(value)} chars)"
    return "***"


def mask(
    data: Any,
    keys: frozenset[str] = SECRET_KEYS,
    hint: Callable[[str, Any], Any] | None = None,
) -> Any:
    """A copy of ``data`` with the values of secret keys replaced by a short hint.

    Logins maps (identity pools) hold tokens as values under provider names, so every value
    of a ``Logins`` mapping is masked too. ``hint(key, value)`` makes the replacement
    (default: the first characters and the length of a long text, else ``***``); a Logins
    value's key is ``Logins``.
    """
    if isinstance(data, Mapping):
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key in keys:
                out[key] = hint(key, value) if hint else _mask_value(value)
            elif key == "Logins" and isinstance(value, Mapping):
                out[key] = {
                    k: hint("Logins", v) if hint else _mask_value(v) for k, v in value.items()
                }
            else:
                out[key] = mask(value, keys, hint)
        return out
    if isinstance(data, list | tuple):
        return [mask(item, keys, hint) for item in data]
    return data


def _number(value: Any, default: float) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return default


def json_safe(data: Any) -> Any:
    """``data`` with datetimes, bytes, decimals and streams turned into JSON types."""
    if isinstance(data, Mapping):
        return {str(k): json_safe(v) for k, v in data.items()}
    if isinstance(data, list | tuple | set | frozenset):
        return [json_safe(v) for v in data]
    if isinstance(data, _dt.datetime | _dt.date):
        return data.isoformat()
    if isinstance(data, bytes | bytearray):
        try:
            return bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            return {"base64": base64.b64encode(bytes(data)).decode("ascii")}
    if isinstance(data, decimal.Decimal):
        return float(data)
    if data is None or isinstance(data, str | int | float | bool):
        return data
    return repr(data)


@dataclass
class CallRecord:
    """One call to Cognito, the identity service or S3, ready to show and store.

    Attributes:
        operation: the API operation, e.g. ``InitiateAuth`` (SRP steps are one record).
        request: the parameters sent, with secrets masked.
        response: the raw response made JSON-safe (``ResponseMetadata`` kept); ``{}`` on error.
        error_code: Cognito's error code (``NotAuthorizedException``), ``InvalidInput`` for
            input refused before any call, or a network code; empty on success.
        error_message: the service's message, verbatim.
        explanation: plain-English cause and fix, when one is known.
        elapsed_ms: wall time of the call, network included.
        started_at: epoch seconds when the call began.
        http_status: the HTTP status, when a response arrived.
        label: a human name for the step (``Sign in (SRP)``), defaults to the operation.
        steps: the calls a multi-call step made (SRP: InitiateAuth, then
            RespondToAuthChallenge PASSWORD_VERIFIER), each a record of its own.
        target: the target the call was made against (what a pane or a copied command
            shows for it, whatever the window's fields hold by then); None when unknown.
        step: which of the bench's steps made it and with what, for "Save as flow":
            ``{"name": "sign_up", "inputs": {...}, "call": "<id of that step's run>"}``;
            secret inputs appear only as ``true`` (given) or ``false`` (left empty).
        triggers: the Lambda triggers the embedded local Cognito ran for this call, each
            ``{"kind", "triggerSource", "handler", "event", "answer", "ms", "logs", "error"}``
            (passwords in events masked); empty against AWS, which does not say.

    The response is kept raw in memory (a developer wants to see the tokens it carries);
    anything that writes a record to disk masks it first with :func:`mask`.
    """

    operation: str
    request: dict[str, Any] = field(default_factory=dict)
    response: dict[str, Any] = field(default_factory=dict)
    error_code: str = ""
    error_message: str = ""
    explanation: str = ""
    elapsed_ms: float = 0.0
    started_at: float = field(default_factory=time.time)
    http_status: int | None = None
    label: str = ""
    steps: list[CallRecord] = field(default_factory=list)
    target: Target | None = field(default=None, repr=False, compare=False)
    step: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    triggers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the call succeeded."""
        return not self.error_code

    @property
    def status(self) -> str:
        """``OK`` or the error code: the one word a history row shows."""
        return "OK" if self.ok else self.error_code

    def one_line(self) -> str:
        """The record as one line for a status bar or stderr."""
        if self.ok:
            return f"{self.label or self.operation}: OK ({self.elapsed_ms:.0f} ms)"
        line = f"{self.error_code}: {self.error_message}"
        if self.explanation:
            line += f" — {self.explanation}"
        return " ".join(line.split())

    def to_json(self) -> dict[str, Any]:
        """A JSON-safe dict of the record (already masked)."""
        return {
            "operation": self.operation,
            "label": self.label or self.operation,
            "request": json_safe(self.request),
            "response": json_safe(self.response),
            "error": (
                {
                    "code": self.error_code,
                    "message": self.error_message,
                    "explanation": self.explanation,
                }
                if self.error_code
                else None
            ),
            "elapsed_ms": round(self.elapsed_ms, 1),
            "started_at": self.started_at,
            "http_status": self.http_status,
            "steps": [step.to_json() for step in self.steps],
            "target": self.target.to_json() if self.target is not None else None,
            "step": json_safe(self.step) if self.step is not None else None,
            **({"triggers": json_safe(self.triggers)} if self.triggers else {}),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], label_suffix: str = "") -> CallRecord:
        """A record from :meth:`to_json` (a stored, masked call; never raises on odd data).

        Args:
            data: the JSON of a record.
            label_suffix: appended to the label (`` (stored, masked)`` in the History).
        """
        error = data.get("error") or {}
        if not isinstance(error, Mapping):
            error = {}
        label = str(data.get("label") or data.get("operation") or "")
        http = data.get("http_status")
        steps = data.get("steps") or []
        target = data.get("target")
        step = data.get("step")
        triggers = data.get("triggers") or []
        return cls(
            operation=str(data.get("operation") or ""),
            request=dict(data.get("request") or {}),
            response=dict(data.get("response") or {}),
            error_code=str(error.get("code") or ""),
            error_message=str(error.get("message") or ""),
            explanation=str(error.get("explanation") or ""),
            elapsed_ms=_number(data.get("elapsed_ms"), 0.0),
            started_at=_number(data.get("started_at"), 0.0),
            http_status=http if isinstance(http, int) and not isinstance(http, bool) else None,
            label=label + label_suffix,
            steps=[cls.from_json(s) for s in steps if isinstance(s, Mapping)]
            if isinstance(steps, list)
            else [],
            target=Target.from_json(target) if isinstance(target, Mapping) else None,
            step=dict(step) if isinstance(step, Mapping) else None,
            triggers=[t for t in triggers if isinstance(t, dict)]
            if isinstance(triggers, list)
            else [],
        )

    def dumps(self) -> str:
        """The record as indented JSON text."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=False)
