"""RFC 4226 / RFC 6238 one-time codes, as authenticator apps compute them for Cognito TOTP MFA."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
import time

__all__ = ["TOTP_STEP", "hotp", "new_totp_secret", "totp_at", "totp_now", "verify_totp"]

#: Seconds per TOTP step (Cognito uses the RFC 6238 default).
TOTP_STEP = 30


def _key(secret: str) -> bytes:
    cleaned = secret.strip().replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, digits: int = 6) -> str:
    """The RFC 4226 HMAC-SHA1 one-time code for ``counter``."""
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp_at(secret: str, when: float) -> str:
    """The 6-digit TOTP code of a base32 ``secret`` at epoch second ``when``."""
    return hotp(_key(secret), int(when // TOTP_STEP))


def totp_now(secret: str) -> str:
    """The current 6-digit code of a base32 TOTP secret (what an authenticator app shows)."""
    return totp_at(secret, time.time())


def verify_totp(secret: str, code: str, when: float, window: int = 1) -> bool:
    """True when ``code`` matches the step at ``when`` or one of ``window`` steps either side."""
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return False  # isdigit alone passes "١٢٣٤٥٦", which compare_digest then refuses
    key = _key(secret)
    step = int(when // TOTP_STEP)
    return any(
        hmac.compare_digest(hotp(key, step + delta), code) for delta in range(-window, window + 1)
    )


def new_totp_secret() -> str:
    """A fresh random 160-bit secret, base32 without padding (32 characters)."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")
