"""Token signing: each emulator process signs with its own RSA key and its own issuer.

moto signs every token with a private key that ships inside moto (so anyone can forge a
token that verifies against it) and names ``cognito-idp.<region>.amazonaws.com`` as issuer.
:func:`install` replaces ``CognitoIdpUserPool.create_jwt`` so that tokens of pools served
by an emulator are signed with that emulator's key and carry ``{endpoint}/{pool_id}``.
Pools that no emulator registered (a bare moto server in the same process) keep moto's
behaviour.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import json
import secrets
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "Signer",
    "TokenError",
    "b64url",
    "decode_unverified",
    "editing_payloads",
    "install",
    "register_pool",
    "signer_for_pool",
    "verify",
]

_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
# Cognito's refresh-token header, byte for byte (key order included)
_JWE_HEADER = b'{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}'
# RSA-OAEP in JWA (RFC 7518 4.3) is OAEP with SHA-1 and MGF1-SHA-1
_OAEP = padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None)  # noqa: S303


def b64url(data: bytes) -> str:
    """Base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenError(Exception):
    """A token that is malformed, not ours, or badly signed."""


class Signer:
    """An RSA key made on first use, its key id, and the issuer base URL of one emulator.

    Args:
        endpoint_url: ``http://host:port`` of the emulator; issuers are ``{endpoint}/{pool}``.
        clock: the emulator's clock (epoch seconds).
    """

    def __init__(self, endpoint_url: str, clock: Callable[[], float] = time.time) -> None:
        self.endpoint_url = endpoint_url.rstrip("/")
        self.clock = clock
        self.kid = f"bench-{uuid.uuid4().hex[:16]}"
        self._key: rsa.RSAPrivateKey | None = None
        self._enc_key: rsa.RSAPrivateKey | None = None
        self._lock = threading.Lock()

    @property
    def key(self) -> rsa.RSAPrivateKey:
        """The private key (generated on first use: keeps the emulator's start cheap)."""
        with self._lock:
            if self._key is None:
                self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            return self._key

    def issuer(self, pool_id: str) -> str:
        """The ``iss`` of a pool's tokens."""
        return f"{self.endpoint_url}/{pool_id}"

    def jwk(self) -> dict[str, str]:
        """The public key as a JWK (what ``jwks.json`` lists)."""
        numbers = self.key.public_key().public_numbers()

        def _int(value: int) -> str:
            return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))

        return {
            "alg": "RS256",
            "e": _int(numbers.e),
            "kid": self.kid,
            "kty": "RSA",
            "n": _int(numbers.n),
            "use": "sig",
        }

    def sign(self, payload: dict[str, Any]) -> str:
        """An RS256 JWT of ``payload`` with this signer's ``kid``."""
        header = {"kid": self.kid, "alg": "RS256"}
        signing_input = (
            b64url(json.dumps(header, separators=(",", ":")).encode())
            + "."
            + b64url(json.dumps(payload, separators=(",", ":")).encode())
        )
        signature = self.key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + b64url(signature)

    @property
    def encryption_key(self) -> rsa.RSAPrivateKey:
        """The key refresh tokens are encrypted to (its own: the signing key is published)."""
        with self._lock:
            if self._enc_key is None:
                self._enc_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            return self._enc_key

    def encrypt(self, plaintext: bytes) -> str:
        """A JWE compact token of ``plaintext``, shaped like Cognito's refresh tokens.

        Five base64url parts: header ``{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}``, the
        content key wrapped with RSA-OAEP, a 96-bit IV, the AES-256-GCM ciphertext and its tag
        (the header is the additional authenticated data, RFC 7516).
        """
        header = b64url(_JWE_HEADER)
        cek = secrets.token_bytes(32)
        iv = secrets.token_bytes(12)
        wrapped = self.encryption_key.public_key().encrypt(cek, _OAEP)
        sealed = AESGCM(cek).encrypt(iv, plaintext, header.encode("ascii"))
        ciphertext, tag = sealed[:-16], sealed[-16:]
        return ".".join([header, b64url(wrapped), b64url(iv), b64url(ciphertext), b64url(tag)])

    def decrypt(self, token: str) -> bytes:
        """The plaintext of a JWE made by :meth:`encrypt`.

        Raises:
            TokenError: not five parts, another header, another key, or tampered with.
        """
        parts = token.split(".")
        if len(parts) != 5:
            raise TokenError("not a JWE")
        try:
            if _unb64url(parts[0]) != _JWE_HEADER:
                raise TokenError("not one of our JWEs")
            cek = self.encryption_key.decrypt(_unb64url(parts[1]), _OAEP)
            iv, ciphertext, tag = (_unb64url(p) for p in parts[2:])
            return AESGCM(cek).decrypt(iv, ciphertext + tag, parts[0].encode("ascii"))
        except (ValueError, InvalidTag) as exc:
            raise TokenError("cannot decrypt") from exc

    def owns(self, token: str) -> bool:
        """True when ``token``'s header names this signer's key."""
        try:
            header = json.loads(_unb64url(token.split(".")[0]))
        except (ValueError, IndexError):
            return False
        return isinstance(header, dict) and header.get("kid") == self.kid


_registry_lock = threading.Lock()
_pool_signers: dict[str, Signer] = {}
_all_signers: list[Signer] = []


def register_pool(pool_id: str, signer: Signer) -> None:
    """Tokens of ``pool_id`` are from now on signed by ``signer`` (first emulator wins)."""
    with _registry_lock:
        _pool_signers.setdefault(pool_id, signer)
        if signer not in _all_signers:
            _all_signers.append(signer)


def signer_for_pool(pool_id: str) -> Signer | None:
    """The signer of a pool, if an emulator registered it."""
    with _registry_lock:
        return _pool_signers.get(pool_id)


def decode_unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and payload of a JWT without checking anything.

    Raises:
        TokenError: not a JWT.
    """
    parts = token.split(".")
    if len(parts) != 3:
        raise TokenError("not a JWT")
    try:
        header = json.loads(_unb64url(parts[0]))
        payload = json.loads(_unb64url(parts[1]))
    except ValueError as exc:
        raise TokenError("not a JWT") from exc
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise TokenError("not a JWT")
    return header, payload


def verify(token: str) -> dict[str, Any]:
    """The payload of a token signed by any emulator of this process.

    Raises:
        TokenError: malformed, unknown key, or bad signature.
    """
    header, payload = decode_unverified(token)
    with _registry_lock:
        signer = next((s for s in _all_signers if s.kid == header.get("kid")), None)
    if signer is None or header.get("alg") != "RS256":
        raise TokenError("unknown signing key")
    signing_input, _, signature = token.rpartition(".")
    try:
        signer.key.public_key().verify(
            _unb64url(signature), signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()
        )
    except (InvalidSignature, ValueError) as exc:
        raise TokenError("bad signature") from exc
    return payload


def token_validity(client_config: dict[str, Any], use: str) -> int:
    """Seconds an access or ID token lives, from the app client's settings (default 1 hour)."""
    name = "AccessToken" if use == "access" else "IdToken"
    value = client_config.get(f"{name}Validity")
    if not value:
        return 3600
    unit = (client_config.get("TokenValidityUnits") or {}).get(name, "hours")
    return int(value) * _UNIT_SECONDS.get(str(unit), 3600)


def _claim_value(name: str, value: str) -> Any:
    if name.endswith("_verified"):
        return value == "true"
    return value


_installed = False
_install_lock = threading.Lock()
#: Edits each token's payload before it is signed (``use``, payload): a PreTokenGeneration
#: trigger's claims go in at signing time instead of signing every token twice.
PayloadHook = Callable[[str, dict[str, Any]], Any]
_payload_hook: contextvars.ContextVar[PayloadHook | None] = contextvars.ContextVar(
    "token_payload_hook", default=None
)


@contextlib.contextmanager
def editing_payloads(hook: PayloadHook | None) -> Iterator[None]:
    """Tokens signed in this thread within the block have ``hook(use, payload)`` applied."""
    token = _payload_hook.set(hook)
    try:
        yield
    finally:
        _payload_hook.reset(token)


def install() -> None:
    """Patch moto's ``CognitoIdpUserPool.create_jwt`` once per process (idempotent)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        from moto.cognitoidp.models import CognitoIdpUserPool

        original = CognitoIdpUserPool.create_jwt

        def create_jwt(
            self: Any,
            client_id: str,
            username: str,
            token_use: str,
            expires_in: int = 60 * 60,
            extra_data: dict[str, Any] | None = None,
        ) -> tuple[str, int]:
            signer = signer_for_pool(self.id)
            if signer is None:
                return original(self, client_id, username, token_use, expires_in, extra_data)
            return _create_jwt(self, signer, client_id, username, token_use, extra_data)

        CognitoIdpUserPool.create_jwt = create_jwt  # type: ignore[method-assign]
        _installed = True


def _create_jwt(
    pool: Any,
    signer: Signer,
    client_id: str,
    username: str,
    use: str,
    extra_data: dict[str, Any] | None,
) -> tuple[str, int]:
    client = pool.clients.get(client_id)
    expires_in = token_validity(client.extended_config if client else {}, use)
    user = pool._get_user(username)
    now = int(signer.clock())
    payload: dict[str, Any] = {"sub": user.id}
    if use == "id":
        readable = client.extended_config.get("ReadAttributes") if client else None
        for attr in user.attributes:
            name = attr["Name"]
            if name == "sub" or name.startswith("dev:"):
                continue
            if readable and name not in readable:
                continue
            payload[name] = _claim_value(name, attr["Value"])
        payload["cognito:username"] = user.username
        payload["aud"] = client_id
    else:
        payload["client_id"] = client_id
        payload["username"] = user.username
    payload.update(
        {
            "iss": signer.issuer(pool.id),
            "token_use": use,
            "auth_time": now,
            "iat": now,
            "exp": now + expires_in,
            "jti": str(uuid.uuid4()),
            "event_id": str(uuid.uuid4()),
        }
    )
    payload.update(extra_data or {})
    if use == "access":
        payload.setdefault("scope", "aws.cognito.signin.user.admin")
    payload.setdefault("origin_jti", secrets.token_hex(16))
    hook = _payload_hook.get()
    if hook is not None:
        hook(use, payload)
    return signer.sign(payload), expires_in
