"""SECRET_HASH: what an app client with a client secret requires on every user call."""

from __future__ import annotations

import base64
import hashlib
import hmac

__all__ = ["secret_hash"]


def secret_hash(username: str, client_id: str, client_secret: str) -> str:
    """Base64 of HMAC-SHA256 keyed with the client secret over ``username + client_id``.

    Args:
        username: the name the call carries; after SRP's PASSWORD_VERIFIER challenge it is the
            challenge's ``USER_ID_FOR_SRP``, not the name the user typed.
        client_id: the app client id.
        client_secret: the app client secret.
    """
    digest = hmac.new(
        client_secret.encode("utf-8"), (username + client_id).encode("utf-8"), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode("ascii")
