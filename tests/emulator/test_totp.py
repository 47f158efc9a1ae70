"""TOTP codes (pyotp underneath) against the RFC 6238 test vectors and Cognito's rules."""

from __future__ import annotations

import base64

from cognito_bench.emulator.totp import new_totp_secret, totp_at, verify_totp

RFC_KEY = b"12345678901234567890"
RFC_SECRET = base64.b32encode(RFC_KEY).decode()


def test_totp_matches_rfc_6238_vectors() -> None:
    # RFC 6238 Appendix B (SHA-1), last six digits of the eight-digit codes
    assert totp_at(RFC_SECRET, 59) == "287082"
    assert totp_at(RFC_SECRET, 1111111109) == "081804"
    assert totp_at(RFC_SECRET, 20000000000) == "353130"


def test_verify_accepts_one_step_either_side_only() -> None:
    now = 1_700_000_015.0
    assert verify_totp(RFC_SECRET, totp_at(RFC_SECRET, now), now)
    assert verify_totp(RFC_SECRET, totp_at(RFC_SECRET, now - 30), now)
    assert verify_totp(RFC_SECRET, totp_at(RFC_SECRET, now + 30), now)
    assert not verify_totp(RFC_SECRET, totp_at(RFC_SECRET, now + 90), now)
    assert not verify_totp(RFC_SECRET, "12345", now)
    assert not verify_totp(RFC_SECRET, "١٢٣٤٥٦", now)
    assert not verify_totp("not base32!", "123456", now)


def test_secrets_are_lower_case_and_spaced_tolerant() -> None:
    code = totp_at(RFC_SECRET, 59)
    spaced = " ".join(RFC_SECRET[i : i + 4] for i in range(0, len(RFC_SECRET), 4)).lower()
    assert verify_totp(spaced, code, 59)


def test_new_secrets_are_160_bit_base32() -> None:
    secret = new_totp_secret()
    assert len(base64.b32decode(secret)) == 20
    assert secret != new_totp_secret()
