"""Request validation from the services' own API models (what AWS checks before anything else).

The botocore models that ship with boto3 name each operation's required members and their
types; a missing member is an InvalidParameterException worded as AWS words it, a member of
the wrong JSON type a SerializationException.
"""

from __future__ import annotations

import functools
from typing import Any

from cognito_bench.emulator.errors import CognitoError

__all__ = ["validate", "warm_up"]

_SERVICES = {"idp": "cognito-idp", "identity": "cognito-identity"}
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "map": (dict,),
    "structure": (dict,),
    "list": (list,),
}


@functools.cache
def _model(service: str) -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model(_SERVICES[service])


def _field(name: str) -> str:
    return name[:1].lower() + name[1:]


def validate(service: str, op: str, params: dict[str, Any]) -> bool:
    """Check ``params`` against the operation's input shape; False for an unknown operation.

    Raises:
        CognitoError: InvalidParameterException (required member missing) or
            SerializationException (member of the wrong type).
    """
    model = _model(service)
    if op not in model.operation_names:
        return False
    shape = model.operation_model(op).input_shape
    if shape is None:
        return True
    for name, value in params.items():
        member = shape.members.get(name)
        if member is None or value is None:
            continue
        expected = _TYPES.get(member.type_name)
        if expected and (
            not isinstance(value, expected) or (expected == (int,) and isinstance(value, bool))
        ):
            raise CognitoError(
                "SerializationException",
                f"Unexpected value type for '{_field(name)}': expected a {member.type_name}.",
            )
    missing = [n for n in shape.required_members if params.get(n) in (None, "")]
    if missing:
        detail = "; ".join(
            f"Value null at '{_field(n)}' failed to satisfy constraint: Member must not be null"
            for n in missing
        )
        count = len(missing)
        raise CognitoError(
            "InvalidParameterException",
            f"{count} validation error{'s' if count > 1 else ''} detected: {detail}",
        )
    return True


def warm_up() -> None:
    """Load the API models now (the first request would otherwise wait ~0.1 s for them)."""
    for service in _SERVICES:
        _model(service)
