"""Token verification speed: our check-by-check verify with a cached JWKS against PyJWT.

Both verify the same RS256 token with the same key, checking signature, expiry, issuer
and audience; the JWKS is fetched once (through the cache's fetcher seam) before timing,
as a backend's warm cache would be. The figure is our verifications per second divided
by PyJWT's, measured in interleaved rounds in the same run (best round each).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import jwt as pyjwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jws

from benchmarks.runner import Row
from cognito_bench.tokens import JwksCache, verify

__all__ = ["run"]

_ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_BenchPool"
_JWKS_URL = f"{_ISSUER}/.well-known/jwks.json"
_CLIENT = "3n4b5urk1ft4fl3mg5e62d9ado"
_KID = "bench-key"
_ROUNDS = 5
_ROUND_SECONDS = 0.3


def _b64(n: int) -> str:
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _fixture() -> tuple[str, dict[str, Any]]:
    """An ID token shaped like Cognito's and the public JWK that verifies it."""
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    numbers = private.public_key().public_numbers()
    jwk = {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": _KID}
    jwk |= {"n": _b64(numbers.n), "e": _b64(numbers.e)}
    now = int(time.time())
    claims = {
        "sub": "8f3b2c1e-0d4a-4b5c-9e6f-7a8b9c0d1e2f",
        "iss": _ISSUER,
        "aud": _CLIENT,
        "token_use": "id",
        "auth_time": now,
        "iat": now,
        "exp": now + 3600,
        "cognito:username": "demo",
        "email": "demo@example.com",
        "email_verified": True,
    }
    token = jws.sign(claims, pem, headers={"kid": _KID}, algorithm="RS256")
    return token, jwk


def _rate(fn: Callable[[], None]) -> float:
    """Calls per second over one round."""
    count = 0
    start = time.perf_counter()
    deadline = start + _ROUND_SECONDS
    while True:
        for _ in range(20):
            fn()
        count += 20
        elapsed = time.perf_counter() - start
        if elapsed >= _ROUND_SECONDS or time.perf_counter() > deadline:
            return count / elapsed


def run() -> list[Row]:
    token, jwk = _fixture()
    body = json.dumps({"keys": [jwk]}).encode()
    cache = JwksCache(fetcher=lambda url: body)

    def ours() -> None:
        report = verify(
            token,
            issuer=_ISSUER,
            client_id=_CLIENT,
            token_use="id",  # noqa: S106 (a claim value, not a password)
            cache=cache,
        )
        if not report.valid:
            raise AssertionError(report.to_json())

    signing_key = pyjwt.PyJWK(jwk).key

    def theirs() -> None:
        claims = pyjwt.decode(
            token, signing_key, algorithms=["RS256"], audience=_CLIENT, issuer=_ISSUER
        )
        if claims.get("token_use") != "id":
            raise AssertionError(claims)

    ours()  # warm the JWKS cache and the prepared key
    theirs()
    best_ours = best_theirs = 0.0
    for _ in range(_ROUNDS):
        best_ours = max(best_ours, _rate(ours))
        best_theirs = max(best_theirs, _rate(theirs))
    return [
        Row(
            name="jwt verify/s, cached JWKS (ours / PyJWT)",
            figure=best_ours / best_theirs,
            baseline=f"PyJWT {best_theirs:,.0f}/s vs ours {best_ours:,.0f}/s",
            unit="x",
            budget=0.5,
            higher_is_better=True,
        )
    ]
