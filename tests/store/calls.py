"""Call JSON factories for the store tests (the shape of ``CallRecord.to_json()``)."""

from __future__ import annotations

import base64
import json
from typing import Any

from cognito_bench.aws.record import CallRecord


def b64url(data: dict[str, Any]) -> str:
    """JSON, base64url without padding (a JWT part)."""
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def fake_jwt(sub: str, use: str = "id") -> str:
    """A JWT-shaped string (unsigned: the store only has to recognise and mask it)."""
    header = b64url({"kid": "test", "alg": "RS256"})
    payload = b64url({"sub": sub, "token_use": use, "exp": 1_900_000_000})
    return f"{header}.{payload}.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"


def sign_in_call(
    username: str = "alice",
    password: str = "Alice-Passw0rd!",
    *,
    ok: bool = True,
    started_at: float = 1_700_000_000.0,
    tokens: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A USER_PASSWORD_AUTH InitiateAuth call, successful (with tokens) or refused."""
    tokens = tokens or {
        "AccessToken": fake_jwt(username, "access"),
        "IdToken": fake_jwt(username, "id"),
        "RefreshToken": "refresh-" + "r" * 60,
    }
    record = CallRecord(
        operation="InitiateAuth",
        label="Sign in (password)",
        request={
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": "client123",
            "AuthParameters": {
                "USERNAME": username,
                "PASSWORD": password,
                "SECRET_HASH": "c2VjcmV0LWhhc2gtdmFsdWU=",
            },
        },
        response=(
            {"AuthenticationResult": {**tokens, "ExpiresIn": 3600, "TokenType": "Bearer"}}
            if ok
            else {}
        ),
        error_code="" if ok else "NotAuthorizedException",
        error_message="" if ok else "Incorrect username or password.",
        elapsed_ms=42.0,
        started_at=started_at,
        http_status=200 if ok else 400,
    )
    return record.to_json()


def sign_up_call(username: str = "bob", started_at: float = 1_700_000_100.0) -> dict[str, Any]:
    """A successful SignUp call."""
    return CallRecord(
        operation="SignUp",
        label="Sign up",
        request={"ClientId": "client123", "Username": username, "Password": "Bob-Passw0rd!"},
        response={"UserConfirmed": False, "UserSub": f"sub-of-{username}"},
        elapsed_ms=12.5,
        started_at=started_at,
        http_status=200,
    ).to_json()
