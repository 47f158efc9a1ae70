"""Lookups in moto's in-process state (moto is the engine and state store of the emulator).

moto keeps one backend per account and region; requests a browser sends carry no
credentials, so pools and clients are found by id across every backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cognito_bench.emulator.errors import CognitoError

__all__ = [
    "find_client",
    "find_identity_pool",
    "find_pool",
    "find_user",
    "identity_backends",
    "idp_backends",
]


def idp_backends() -> Iterator[Any]:
    """Every cognito-idp backend moto has created in this process."""
    from moto.cognitoidp.models import cognitoidp_backends

    for account in list(cognitoidp_backends.values()):
        for region, backend in list(account.items()):
            if region != "global":
                yield backend


def identity_backends() -> Iterator[Any]:
    """Every cognito-identity backend moto has created in this process."""
    from moto.cognitoidentity.models import cognitoidentity_backends

    for account in list(cognitoidentity_backends.values()):
        for region, backend in list(account.items()):
            if region != "global":
                yield backend


def find_pool(pool_id: str) -> tuple[Any, Any]:
    """(backend, pool) of a user pool id.

    Raises:
        CognitoError: ResourceNotFoundException, as Cognito answers for an unknown pool.
    """
    for backend in idp_backends():
        pool = backend.user_pools.get(pool_id)
        if pool is not None:
            return backend, pool
    raise CognitoError("ResourceNotFoundException", f"User pool {pool_id} does not exist.")


def find_client(client_id: str, pool_id: str | None = None) -> tuple[Any, Any, Any]:
    """(backend, pool, client) of an app client id, optionally within one pool.

    Raises:
        CognitoError: ResourceNotFoundException for an unknown pool or client.
    """
    if pool_id is not None:
        backend, pool = find_pool(pool_id)
        client = pool.clients.get(client_id)
        if client is not None:
            return backend, pool, client
    else:
        for backend in idp_backends():
            for pool in list(backend.user_pools.values()):
                client = pool.clients.get(client_id)
                if client is not None:
                    return backend, pool, client
    raise CognitoError("ResourceNotFoundException", f"User pool client {client_id} does not exist.")


def find_user(pool: Any, username: str) -> Any:
    """The user of ``pool`` by username or alias, or None."""
    if not username:
        return None
    return pool._get_user(username)


def find_identity_pool(identity_pool_id: str) -> tuple[Any, Any]:
    """(backend, identity pool) of an identity pool id.

    Raises:
        CognitoError: ResourceNotFoundException for an unknown identity pool.
    """
    for backend in identity_backends():
        pool = backend.identity_pools.get(identity_pool_id)
        if pool is not None:
            return backend, pool
    raise CognitoError("ResourceNotFoundException", f"IdentityPool '{identity_pool_id}' not found.")
