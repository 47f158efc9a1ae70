"""TOTP one-time codes for Cognito's software-token MFA, computed by pyotp (RFC 6238).

pyotp is what authenticator-app back ends use; the emulator only adds Cognito's rules on
top: six digits, 30-second steps, one step of clock drift either side, ASCII digits only.
"""

from __future__ import annotations

import time

import pyotp

__all__ = ["TOTP_STEP", "new_totp_secret", "totp_at", "totp_now", "verify_totp"]

#: Seconds per TOTP step (Cognito uses the RFC 6238 default).
TOTP_STEP = 30


def _totp(secret: str) -> pyotp.TOTP:
    cleaned = secret.strip().replace(" ", "").upper()
    return pyotp.TOTP(cleaned, digits=6, interval=TOTP_STEP)


def totp_at(secret: str, when: float) -> str:
    """The 6-digit TOTP code of a base32 ``secret`` at epoch second ``when``."""
    return _totp(secret).at(int(when))


def totp_now(secret: str) -> str:
    """The current 6-digit code of a base32 TOTP secret (what an authenticator app shows)."""
    return totp_at(secret, time.time())


def verify_totp(secret: str, code: str, when: float, window: int = 1) -> bool:
    """True when ``code`` matches the step at ``when`` or one of ``window`` steps either side."""
    if len(code) != 6 or not (code.isascii() and code.isdigit()):
        return False  # isdigit alone passes "١٢٣٤٥٦", which a byte comparison then refuses
    try:
        return bool(_totp(secret).verify(code, for_time=int(when), valid_window=window))
    except ValueError:  # not base32
        return False


def new_totp_secret() -> str:
    """A fresh random 160-bit secret, base32 without padding (32 characters)."""
    return pyotp.random_base32(32)
