"""Test factories for the aws/ tests: names, passwords, targets, outbox codes, TOTP codes,
machine clients."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any

import pyotp

from cognito_bench.aws import Target
from cognito_bench.emulator import LocalTarget

#: Meets the demo pool's policy: upper, lower, number, symbol, at least 8.
PASSWORD = "Bench-Passw0rd!"
NEW_PASSWORD = "Fresh-Passw0rd?"


def unique(prefix: str = "user") -> str:
    """A username no other test uses (the emulator is shared by the whole session)."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def target_of(local: LocalTarget, *, secret: bool = False) -> Target:
    """A Target for the emulator's demo pool, with the secret-less or the secret client."""
    return local.target(secret=secret)


#: Nothing listens here: a record from a target aimed at it proves whether a call was made.
DEAD_ENDPOINT = "http://127.0.0.1:9"


UserFactory = Callable[..., str]


def outbox_messages(local: LocalTarget) -> list[dict[str, Any]]:
    """The emulator's outbox (``[]`` while the emulator serves none)."""
    try:
        with urllib.request.urlopen(local.outbox_url, timeout=5) as response:
            data = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError):
        return []
    if isinstance(data, dict):
        data = data.get("messages", [])
    return [m for m in data if isinstance(m, dict)] if isinstance(data, list) else []


def outbox_code(local: LocalTarget, username: str, purpose: str = "") -> str:
    """The newest code the emulator "sent" to ``username`` (for ``purpose``), or ``""``."""
    for message in reversed(outbox_messages(local)):
        if message.get("username") == username and (
            not purpose or message.get("purpose") == purpose
        ):
            return str(message.get("code", ""))
    return ""


def totp(secret: str, at: float | None = None, step: int = 30) -> str:
    """RFC 6238 code (pyotp: SHA-1, 6 digits) for a base32 secret such as AssociateSoftwareToken's."""
    return pyotp.TOTP(secret.upper(), interval=step).at(int(time.time() if at is None else at))


def machine_client(idp: Any, pool_id: str, scope: str) -> dict[str, Any]:
    """A new app client of ``pool_id`` for GetClientToken (a secret, ALLOW_CLIENT_TOKEN_AUTH)
    allowed ``scope``, one of the demo resource server's (``bench-api/read``)."""
    client: dict[str, Any] = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=unique("m2m"),
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_CLIENT_TOKEN_AUTH"],
        AllowedOAuthScopes=[scope],
    )["UserPoolClient"]
    return client
