"""Decode any text as a JWT, the way jwt.io shows it, without ever raising.

Nothing here checks a signature or trusts a claim: :mod:`cognito_bench.tokens.verify`
does that. Decoding explains what the input is when it is not a signed token (an
encrypted refresh token, a truncated paste, bad base64url, a segment that is not JSON)
and cleans what people commonly paste around a token (whitespace, quotes, ``Bearer ``).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import math
import re
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from cognito_bench.tokens.humantime import local_iso, relative

__all__ = ["LARGE_TOKEN_BYTES", "TIME_CLAIMS", "DecodedToken", "TimeClaim", "as_epoch", "decode"]

TokenKind = Literal["jws", "jwe", "invalid"]

#: The claims shown as times, in this order.
TIME_CLAIMS = ("exp", "iat", "nbf", "auth_time")
#: Above this size a token is unusual: Cognito's are a few KB, and common servers reject
#: request headers past 8-16 KiB.
LARGE_TOKEN_BYTES = 16 * 1024

_JWS_SEGMENTS = ("header", "payload", "signature")
_JWE_SEGMENTS = ("header", "encrypted key", "initialization vector", "ciphertext", "tag")
_NOT_B64URL = re.compile(r"[^A-Za-z0-9_-]")
_AUTH_HEADER = re.compile(r"authorization\s*:\s*", re.IGNORECASE)
_BEARER = re.compile(r"bearer(\s+|$)", re.IGNORECASE)
#: Whitespace as ``str.isspace`` sees it (``\s`` in a str pattern is the same set).
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class TimeClaim:
    """One time claim (``exp``, ``iat``, ``nbf``, ``auth_time``) as people read it.

    Attributes:
        name: the claim name.
        epoch: its value, seconds since 1970 UTC.
        iso: the local time, ISO 8601.
        relative: "in 42 min", "3 min ago", or for ``exp`` in the past "expired 3 min ago".
    """

    name: str
    epoch: float
    iso: str
    relative: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"name": self.name, "epoch": self.epoch, "iso": self.iso, "relative": self.relative}


@dataclass(frozen=True)
class DecodedToken:
    """What a piece of text is as a token, decoded but not verified.

    Attributes:
        raw: the cleaned token text (kept out of ``repr``: it is a credential).
        kind: ``jws`` (a signed token: header, payload, signature), ``jwe`` (an encrypted
            token, such as a Cognito refresh token) or ``invalid``.
        header: the decoded header, when it could be decoded.
        payload: the decoded claims, when they could be decoded (never for a JWE).
        signature_present: True when a JWS has a non-empty third part.
        notes: what cleaning did and other remarks, one sentence each.
        error: what is wrong, in plain English; empty for a well-formed JWS.
        times: the time claims present in the payload.
        signing_input: ``header.payload`` as bytes, what the signature covers.
        signature: the decoded signature bytes.
    """

    raw: str = field(repr=False)
    kind: TokenKind
    header: dict[str, Any] | None = None
    payload: dict[str, Any] | None = None
    signature_present: bool = False
    notes: list[str] = field(default_factory=list)
    error: str = ""
    times: list[TimeClaim] = field(default_factory=list)
    signing_input: bytes = field(default=b"", repr=False)
    signature: bytes = field(default=b"", repr=False)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (without the token text itself)."""
        return {
            "kind": self.kind,
            "length": len(self.raw),
            "header": self.header,
            "payload": self.payload,
            "signature_present": self.signature_present,
            "times": [t.to_json() for t in self.times],
            "notes": list(self.notes),
            "error": self.error,
        }


def decode(text: str, now: float | None = None, *, with_times: bool = True) -> DecodedToken:
    """Decode ``text`` as a JWT; never raises.

    Args:
        text: whatever was pasted: a token, possibly with whitespace, quotes, ``Bearer ``.
        now: the time for the relative times; default the current time.
        with_times: False skips computing ``times`` (the verifier does not need them).

    Returns:
        A :class:`DecodedToken`; ``kind`` and ``error`` say what went wrong, if anything.
    """
    raw, notes = _clean(text)
    token = _decode_clean(raw, notes)
    if with_times and token.payload is not None:
        times = _times(token.payload, time.time() if now is None else now, notes)
        token = dataclasses.replace(token, times=times)
    return token


def _clean(text: str) -> tuple[str, list[str]]:
    """Strip what people paste around a token, saying what was removed."""
    notes: list[str] = []
    s = text.strip()
    if s != text and s:
        notes.append("Removed surrounding whitespace.")
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "\"'":
        s = s[1:-1].strip()
        notes.append("Removed surrounding quotes.")
    match = _AUTH_HEADER.match(s)
    if match:
        s = s[match.end() :]
        notes.append("Stripped an 'Authorization:' header name.")
    match = _BEARER.match(s)
    if match:
        s = s[match.end() :]
        notes.append("Stripped a 'Bearer ' prefix (the Authorization header scheme).")
    if _SPACE.search(s):  # one C scan: a character loop here took ~1 ms a token
        s = "".join(s.split())
        notes.append("Removed spaces and line breaks inside the token (a JWT has none).")
    return s, notes


def _decode_clean(raw: str, notes: list[str]) -> DecodedToken:
    if not raw:
        return DecodedToken(
            raw,
            "invalid",
            notes=notes,
            error="Empty input: paste a JWT (three base64url parts separated by dots).",
        )
    if len(raw) > LARGE_TOKEN_BYTES:
        notes.append(
            f"Unusually large: {len(raw)} characters. Cognito's tokens are a few KB, and many "
            f"servers reject request headers above 8-16 KiB."
        )
    parts = raw.split(".")
    if len(parts) == 3:
        return _decode_jws(raw, parts, notes)
    if len(parts) == 5:
        return _decode_jwe(raw, parts, notes)
    if len(parts) == 1:
        error = (
            "Not a JWT: there are no dots. A JWT is three base64url parts separated by dots "
            "(header.payload.signature). This may be an opaque token, such as a refresh "
            "token from an emulator."
        )
    elif len(parts) == 2:
        error = (
            "Only two parts: a JWT has three (header.payload.signature). The signature is "
            "missing, so the token was probably cut short when it was copied."
        )
    else:
        error = (
            f"{len(parts)} parts separated by dots: a signed JWT has three and an encrypted "
            f"one (JWE) has five."
        )
    header, payload = _best_effort(parts)
    return DecodedToken(raw, "invalid", header=header, payload=payload, notes=notes, error=error)


def _best_effort(parts: list[str]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Header and payload of a malformed token, when they happen to decode, for display."""
    header = _json_segment(parts[0], 1, "header")[0] if parts[0] else None
    payload = None
    if len(parts) > 1 and parts[1]:
        payload = _json_segment(parts[1], 2, "payload")[0]
    return header, payload


def _decode_jws(raw: str, parts: list[str], notes: list[str]) -> DecodedToken:
    header, error = _json_segment(parts[0], 1, "header")
    if header is None:
        return DecodedToken(raw, "invalid", notes=notes, error=error)
    payload, error = _json_segment(parts[1], 2, "payload")
    if payload is None:
        return DecodedToken(raw, "invalid", header=header, notes=notes, error=error)
    signature = b""
    if parts[2]:
        decoded, error = _b64_segment(parts[2], 3, "signature")
        if decoded is None:
            return DecodedToken(
                raw, "invalid", header=header, payload=payload, notes=notes, error=error
            )
        signature = decoded
    else:
        notes.append("No signature: the third part is empty.")
    alg = header.get("alg")
    if alg == "none" or alg == "None" or alg == "NONE":
        notes.append("The header says alg 'none': the token claims to be unsigned.")
    return DecodedToken(
        raw,
        "jws",
        header=header,
        payload=payload,
        signature_present=bool(signature),
        notes=notes,
        signing_input=f"{parts[0]}.{parts[1]}".encode("ascii"),
        signature=signature,
    )


def _decode_jwe(raw: str, parts: list[str], notes: list[str]) -> DecodedToken:
    header, error = _json_segment(parts[0], 1, "header")
    if header is None:
        return DecodedToken(
            raw,
            "invalid",
            notes=notes,
            error=f"Five parts, the shape of an encrypted token (JWE), but {error}",
        )
    for index, (part, label) in enumerate(zip(parts[1:], _JWE_SEGMENTS[1:], strict=True), 2):
        if part and _NOT_B64URL.search(part):
            bad = _b64_segment(part, index, label)[1]
            return DecodedToken(raw, "invalid", header=header, notes=notes, error=bad)
    enc = header.get("enc")
    how = f", {header.get('alg')} with {enc}" if enc else ""
    return DecodedToken(
        raw,
        "jwe",
        header=header,
        notes=notes,
        error=(
            f"This is an encrypted token (a JWE: five parts{how}), the form of a Cognito refresh "
            f"token: encrypted by Cognito; only Cognito can read it. Only its header can be "
            f"shown. Send it to Cognito (InitiateAuth with REFRESH_TOKEN_AUTH) to use it."
        ),
    )


def _b64_segment(segment: str, index: int, label: str) -> tuple[bytes | None, str]:
    """Decode one base64url segment, or explain what is wrong with it."""
    where = f"segment {index} ({label})"
    if not segment:
        return None, f"{where} is empty."
    bad = _NOT_B64URL.search(segment)
    if bad is not None:
        ch, pos = bad.group(), bad.start() + 1
        if ch in "+/":
            why = (
                f"{ch!r} at position {pos} is standard base64, not base64url (JWTs use '-' and '_')"
            )
        elif ch == "=":
            why = f"'=' padding at position {pos}: JWTs leave padding out"
        else:
            why = (
                f"character {ch!r} at position {pos} is not base64url "
                f"(only A-Z, a-z, 0-9, '-' and '_' are)"
            )
        return None, f"Bad base64url in {where}: {why}."
    if len(segment) % 4 == 1:
        return None, (
            f"Bad base64url in {where}: {len(segment)} characters is an impossible length "
            f"for base64url; the token was cut short or has a stray character."
        )
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)), ""
    except (binascii.Error, ValueError) as exc:
        return None, f"Bad base64url in {where}: {exc}."


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _json_segment(segment: str, index: int, label: str) -> tuple[dict[str, Any] | None, str]:
    """Decode one base64url segment holding a JSON object, or explain what is wrong."""
    data, error = _b64_segment(segment, index, label)
    if data is None:
        return None, error
    where = f"segment {index} ({label})"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, (
            f"{where} decodes to bytes that are not UTF-8 text, so it is not JSON; "
            f"it may be cut short or not a JWT segment at all."
        )
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        ends_early = text.lstrip().startswith("{") and not text.rstrip().endswith("}")
        hint = "; the text ends early, so the token may be cut short" if ends_early else ""
        return None, f"{where} is not valid JSON: {exc.msg} (character {exc.pos + 1}){hint}."
    except (ValueError, RecursionError) as exc:
        return None, f"{where} is not valid JSON ({exc})."
    if not isinstance(value, dict):
        return None, f"{where} is JSON but not an object (it is a {type(value).__name__})."
    return value, ""


def as_epoch(value: Any) -> float | None:
    """A claim value as epoch seconds, or None when it is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        epoch = float(value)
    except OverflowError:
        return None
    return epoch if math.isfinite(epoch) else None


def _times(payload: dict[str, Any], now: float, notes: list[str]) -> list[TimeClaim]:
    times: list[TimeClaim] = []
    for name in TIME_CLAIMS:
        if name not in payload:
            continue
        epoch = as_epoch(payload[name])
        if epoch is None:
            notes.append(f"The {name} claim is not a number of seconds, so it is not a time.")
            continue
        rel = relative(epoch, now)
        if name == "exp" and epoch <= now:
            rel = f"expired {rel}" if rel != "now" else "expired just now"
        times.append(TimeClaim(name, epoch, local_iso(epoch), rel))
    return times
