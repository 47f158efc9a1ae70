"""Cognito-shaped ids and secrets for what the emulator creates.

moto names a user pool ``<region>_<32 hex>`` (Cognito: ``<region>_`` and 9 characters of
``[0-9a-zA-Z]``, e.g. ``us-east-1_AbCdEf123``) and gives app clients a UUID as secret (Cognito:
about 52 lowercase letters and digits). Tools that validate ids reject moto's, and the
window's pool field cuts them off. moto is not patched for this: the emulator renames a pool
right after moto made it (before it has clients or users, so nothing else holds the old id)
and replaces a new client's secret; pools and clients made by a bare moto in the same
process keep moto's shapes.
"""

from __future__ import annotations

import secrets
import string
import time
from typing import Any

from cognito_bench.emulator.motostate import idp_backends

__all__ = [
    "CLIENT_SECRET_LENGTH",
    "POOL_SUFFIX_LENGTH",
    "cognito_pool_id",
    "new_secret",
    "rename_pool",
    "renew_secret",
]

#: Characters after ``<region>_`` in a Cognito user pool id.
POOL_SUFFIX_LENGTH = 9
#: Length of a client secret Cognito generates.
CLIENT_SECRET_LENGTH = 52
_ALNUM = string.digits + string.ascii_letters
_SECRET_CHARS = string.digits + string.ascii_lowercase


def cognito_pool_id(region: str) -> str:
    """A fresh ``<region>_<9 of [0-9a-zA-Z]>`` that no pool of this process has."""
    taken = {pool_id for backend in idp_backends() for pool_id in list(backend.user_pools)}
    while True:
        suffix = "".join(secrets.choice(_ALNUM) for _ in range(POOL_SUFFIX_LENGTH))
        candidate = f"{region}_{suffix}"
        if candidate not in taken:
            return candidate


def rename_pool(backend: Any, pool: Any) -> str:
    """Give a pool moto has just made a Cognito-shaped id; returns the new id.

    moto keys ``backend.user_pools`` by id and builds the ARN from it; both follow. Call it
    before the pool has clients, users or a domain (they would keep the old id).
    """
    old = pool.id
    new = cognito_pool_id(pool.region)
    pool.id = new
    pool.arn = pool.arn.replace(old, new)
    # moto lists pools in insertion order; the pool was the newest, so it stays last
    backend.user_pools[new] = pool
    backend.user_pools.pop(old, None)
    return new


def new_secret(length: int = CLIENT_SECRET_LENGTH) -> str:
    """A client secret in Cognito's shape (lower-case letters and digits)."""
    return "".join(secrets.choice(_SECRET_CHARS) for _ in range(length))


def renew_secret(client: Any, created: float | None = None) -> str:
    """Replace a new app client's secret with a Cognito-shaped one; returns it.

    ``created`` (epoch seconds, default now) is kept as the client's creation date
    (``bench_created``: moto keeps none), the date of its original secret.
    """
    client.secret = new_secret()
    client.bench_created = time.time() if created is None else created
    return str(client.secret)
