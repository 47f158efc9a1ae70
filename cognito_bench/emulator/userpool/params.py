"""Request parameters and moto's objects, read the way Cognito reads them.

Every concern of the package takes a request's JSON object and reads it through these
functions, so a missing or mistyped parameter gets the same error everywhere. The few
helpers that reach into moto (its errors, its user status enum, its user description) live
here too: they are the package's one seam with moto's models. :class:`Forward` is how a
handler lets moto answer; the identity-pool handlers use it as well.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from cognito_bench.emulator.errors import CognitoError

__all__ = [
    "Forward",
    "Handler",
    "attributes",
    "call_moto",
    "missing",
    "page_offset",
    "param_error",
    "string_map",
    "text",
    "user_attr",
    "user_json",
    "user_status",
]


@dataclass
class Forward:
    """Let moto answer; ``after`` may look at (and change) moto's JSON response."""

    after: Callable[[dict[str, Any]], dict[str, Any]] | None = None


#: An operation's handler: the request's JSON object in, the response (or Forward) out.
Handler: TypeAlias = Callable[[dict[str, Any]], dict[str, Any] | Forward]


def param_error(name: str) -> CognitoError:
    """The validation error AWS sends for a required parameter that is missing."""
    field = name[:1].lower() + name[1:]
    return CognitoError(
        "InvalidParameterException",
        f"1 validation error detected: Value null at '{field}' failed to satisfy constraint: "
        "Member must not be null",
    )


def missing(name: str) -> CognitoError:
    """Cognito's error for a required entry missing from AuthParameters or ChallengeResponses."""
    return CognitoError("InvalidParameterException", f"Missing required parameter {name}")


def text(params: dict[str, Any], name: str, required: bool = True) -> str:
    """The string parameter ``name`` ("" when absent and not ``required``).

    Raises:
        CognitoError: InvalidParameterException when a required one is missing or empty,
            SerializationException when it is not a string.
    """
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise param_error(name)
        return ""
    if not isinstance(value, str):
        raise CognitoError("SerializationException", f"Expected a string for {name}.")
    return value


def string_map(params: dict[str, Any], name: str) -> dict[str, str]:
    """The map-of-strings parameter ``name`` (AuthParameters, ChallengeResponses); {} when absent."""
    value = params.get(name) or {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise CognitoError("SerializationException", f"Expected a map of strings for {name}.")
    return value


def attributes(params: dict[str, Any], name: str) -> list[dict[str, str]]:
    """The attribute-list parameter ``name`` as ``{"Name", "Value"}`` dicts; [] when absent."""
    value = params.get(name) or []
    if not isinstance(value, list) or not all(
        isinstance(a, dict) and isinstance(a.get("Name"), str) for a in value
    ):
        raise CognitoError("SerializationException", f"Expected a list of attributes for {name}.")
    return [{"Name": a["Name"], "Value": str(a.get("Value", ""))} for a in value]


def page_offset(params: dict[str, Any], name: str) -> int:
    """Where a page starts: the pagination token ``name`` the emulator handed out (0 if none).

    Raises:
        CognitoError: InvalidParameterException for a token the emulator did not make.
    """
    token = text(params, name, required=False)
    if not token:
        return 0
    if not (token.isascii() and token.isdigit()) or len(token) > 9:
        raise CognitoError("InvalidParameterException", f"Invalid {name}.")
    return int(token)


def _moto_error(exc: Exception) -> CognitoError:
    """A moto JsonRESTError as our error (moto's messages are kept)."""
    code = getattr(exc, "error_type", "InvalidParameterException")
    message = getattr(exc, "message", str(exc))
    return CognitoError(str(code), str(message))


def call_moto(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` on a moto backend, its JsonRESTError raised as a :class:`CognitoError`."""
    from moto.core.exceptions import JsonRESTError

    try:
        return fn(*args)
    except JsonRESTError as exc:
        raise _moto_error(exc) from exc


def user_status(name: str) -> Any:
    """moto's UserStatus member (moto compares statuses with ``is``)."""
    from moto.cognitoidp.models import UserStatus

    return UserStatus[name]


def user_attr(user: Any, name: str) -> str:
    """The value of a moto user's attribute ``name`` ("" when it has none)."""
    value = user.attribute_lookup.get(name, "")
    return str(value)


def user_json(user: Any) -> dict[str, Any]:
    """moto's user description with its times as the epoch seconds the JSON protocol sends."""
    described: dict[str, Any] = user.to_json(extended=True)
    for key, value in list(described.items()):
        if isinstance(value, _dt.datetime):
            when = value if value.tzinfo else value.replace(tzinfo=_dt.UTC)
            described[key] = when.timestamp()
    return described
