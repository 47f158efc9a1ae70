"""`CognitoError`: an error the fidelity layer answers the way Cognito does (HTTP 400, JSON)."""

from __future__ import annotations

__all__ = ["CognitoError", "secret_hash_missing", "secret_hash_wrong"]


class CognitoError(Exception):
    """An AWS JSON-protocol error: ``x-amzn-ErrorType`` header and ``{"__type", "message"}``.

    Args:
        code: the error code boto3 shows as ``Error.Code`` (``NotAuthorizedException``).
        message: the message, word for word as Cognito sends it.
        status: the HTTP status (Cognito answers client errors with 400).
    """

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def secret_hash_missing(client_id: str) -> CognitoError:
    """The error for a client with a secret when no SECRET_HASH came."""
    return CognitoError(
        "NotAuthorizedException",
        f"Client {client_id} is configured for secret but secret was not received",
    )


def secret_hash_wrong(client_id: str) -> CognitoError:
    """The error for a SECRET_HASH that does not match."""
    return CognitoError(
        "NotAuthorizedException", f"Unable to verify secret hash for client {client_id}"
    )
