"""Crafted tokens for the token tests: every factory in one place.

Keys are made in the test run (never a fixture file); tokens are signed with python-jose
(RS256) or by hand (``none``, HMAC) to build the attacks a verifier must refuse.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwe, jws

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1"
CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado"
OTHER_CLIENT_ID = "7abcdefghijklmnopqrstuvwxy"
SUB = "8f3b2c1e-0d4a-4b5c-9e6f-7a8b9c0d1e2f"


def b64url(data: bytes) -> str:
    """base64url without padding, as JWTs use."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64json(value: Any) -> str:
    """A JSON value as a base64url segment."""
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def _int_b64(n: int) -> str:
    return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))


@dataclass(frozen=True)
class TestKey:
    """An RSA signing key and its public JWK."""

    __test__ = False  # not a pytest test class

    kid: str
    private: rsa.RSAPrivateKey

    @property
    def private_pem(self) -> bytes:
        return self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    @property
    def jwk(self) -> dict[str, str]:
        numbers = self.private.public_key().public_numbers()
        return {
            "kty": "RSA",
            "alg": "RS256",
            "use": "sig",
            "kid": self.kid,
            "n": _int_b64(numbers.n),
            "e": _int_b64(numbers.e),
        }


def make_key(kid: str | None = None, bits: int = 2048) -> TestKey:
    """A fresh RSA key."""
    return TestKey(
        kid or f"test-{uuid.uuid4().hex[:8]}",
        rsa.generate_private_key(public_exponent=65537, key_size=bits),
    )


def jwks_of(*keys: TestKey) -> dict[str, Any]:
    """A JSON Web Key Set holding the public halves of ``keys``."""
    return {"keys": [k.jwk for k in keys]}


def write_jwks(path: Path, *keys: TestKey) -> str:
    """Write a JWKS file and return its path as text."""
    path.write_text(json.dumps(jwks_of(*keys)))
    return str(path)


def claims(
    token_use: str = "id",
    *,
    now: float | None = None,
    lifetime: int = 3600,
    **overrides: Any,
) -> dict[str, Any]:
    """Claims shaped like Cognito's for an ID or access token; ``overrides`` win (None drops)."""
    t = int(time.time() if now is None else now)
    base: dict[str, Any] = {
        "sub": SUB,
        "iss": ISSUER,
        "token_use": token_use,
        "auth_time": t,
        "iat": t,
        "exp": t + lifetime,
        "jti": str(uuid.uuid4()),
        "origin_jti": str(uuid.uuid4()),
        "event_id": str(uuid.uuid4()),
    }
    if token_use == "id":
        base |= {
            "aud": CLIENT_ID,
            "cognito:username": "demo",
            "email": "demo@example.com",
            "email_verified": True,
        }
    else:
        base |= {
            "client_id": CLIENT_ID,
            "username": "demo",
            "scope": "aws.cognito.signin.user.admin",
            "cognito:groups": ["admins", "editors"],
        }
    base |= overrides
    return {k: v for k, v in base.items() if v is not None}


def sign(payload: dict[str, Any], key: TestKey, **header: Any) -> str:
    """An RS256 token signed with ``key`` (header ``kid`` = the key's unless overridden)."""
    headers = {"kid": key.kid, **header}
    return jws.sign(payload, key.private_pem.decode(), headers=headers, algorithm="RS256")


def unsigned(payload: dict[str, Any], alg: str = "none", kid: str | None = None) -> str:
    """An ``alg: none`` token: header and payload, empty signature."""
    header: dict[str, Any] = {"alg": alg, "typ": "JWT"}
    if kid:
        header["kid"] = kid
    return f"{b64json(header)}.{b64json(payload)}."


def hmac_signed(payload: dict[str, Any], secret: bytes, kid: str, alg: str = "HS256") -> str:
    """An HMAC token; with the public key's PEM as ``secret``, an algorithm-confusion forgery."""
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
    signing_input = f"{b64json({'alg': alg, 'typ': 'JWT', 'kid': kid})}.{b64json(payload)}"
    mac = hmac.new(secret, signing_input.encode(), digest).digest()
    return f"{signing_input}.{b64url(mac)}"


def with_segment(token: str, index: int, segment: str) -> str:
    """``token`` with part ``index`` (0 header, 1 payload, 2 signature) replaced."""
    parts = token.split(".")
    parts[index] = segment
    return ".".join(parts)


def flip_signature(token: str) -> str:
    """``token`` with one signature byte changed (still valid base64url, same length)."""
    head, payload, sig = token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4)))
    raw[len(raw) // 2] ^= 0x01
    return f"{head}.{payload}.{b64url(bytes(raw))}"


def refresh_jwe(key: TestKey) -> str:
    """A five-part encrypted token shaped like a Cognito refresh token (RSA-OAEP, A256GCM)."""
    secret = json.dumps({"opaque": uuid.uuid4().hex}).encode()
    token = jwe.encrypt(
        secret,
        key.public_pem.decode(),
        encryption="A256GCM",
        algorithm="RSA-OAEP",
        cty="JWT",
    )
    return token.decode() if isinstance(token, bytes) else str(token)
