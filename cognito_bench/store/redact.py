"""Mask secrets and tokens in call records before anything is written to disk.

The rules, applied recursively to every mapping and list:

* keys that hold secrets (passwords, ``SECRET_HASH``, client secrets, challenge ``Session``,
  AWS ``SecretKey`` / ``SessionToken``, ``PASSWORD_CLAIM_SIGNATURE``, one-time codes, ...)
  are always masked;
* keys that hold Cognito tokens (``AccessToken``, ``IdToken``, ``RefreshToken``, the values of
  a ``Logins`` map) are masked unless the caller keeps tokens;
* any string that contains a JWT (``eyJ...``), wherever it sits, is masked unless the caller
  keeps tokens; so are ``access_token=`` / ``id_token=`` / ``refresh_token=`` URL parameters;
* secrets inside URLs (a TOTP setup URI's ``secret=``, a presigned URL's
  ``X-Amz-Security-Token`` and signature, OAuth ``client_secret`` / ``code_verifier``) always
  are.

``store/`` keeps its own rules rather than importing ``aws/`` (layers stay independent);
key names are compared case-, underscore- and dash-insensitively, so ``client_secret``,
``ClientSecret`` and ``CLIENT-SECRET`` are one key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "MASK",
    "contains_token",
    "is_secret_key",
    "is_token_key",
    "redact",
    "redact_text",
]

#: What a masked secret looks like on disk.
MASK = "***"

_SECRET_KEYS = frozenset(
    {
        "password",
        "previouspassword",
        "proposedpassword",
        "newpassword",
        "temporarypassword",
        "secrethash",
        "clientsecret",
        "secretkey",
        "secretaccesskey",
        "awssecretaccesskey",
        "sessiontoken",
        "awssessiontoken",
        "securitytoken",
        "secretcode",
        "passwordclaimsignature",
        "passwordclaimsecretblock",
        "secretblock",
        "session",
        "srpa",
        "srpb",
        "salt",
        "authorization",
        "confirmationcode",
        "usercode",
        "answer",
        "smsmfacode",
        "softwaretokenmfacode",
        "emailotpcode",
        "smsotpcode",
        "codeverifier",
    }
)
# Substrings that make any key a secret key (``custom_password``, ``api_secret``).
_SECRET_PARTS = ("password", "secret")
_TOKEN_KEYS = frozenset(
    {
        "accesstoken",
        "idtoken",
        "refreshtoken",
        "token",
        "idtokenhint",
        "logintoken",
        "openidtoken",
    }
)
# Cognito client settings name token types and their units: these are not tokens.
_NOT_TOKEN_VALUES = frozenset({"seconds", "minutes", "hours", "days"})
# A JWT or JWE: a base64url JSON header (``{"`` encodes as ``eyJ``), then 1 to 4 more parts.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,4}")
# Secrets that ride in URLs: a TOTP setup URI (the QR code's text) carries the shared
# secret; a presigned S3 URL carries the session token and signature; OAuth URLs carry the
# client secret or PKCE verifier. Always masked.
_URL_SECRETS = re.compile(
    r"(?i)((?:otpauth://[^\s\"']*?[?&]secret|[?&#](?:x-amz-security-token|x-amz-signature"
    r"|signature|client_secret|code_verifier))=)[^&#\s\"']+"
)
# Tokens in URLs (an OAuth redirect's fragment): masked unless tokens are kept.
_URL_TOKENS = re.compile(r"(?i)([?&#](?:access_token|id_token|refresh_token)=)[^&#\s\"']+")
_LOGINS = "logins"


def _norm(key: str) -> str:
    return key.replace("_", "").replace("-", "").replace(" ", "").lower()


def is_secret_key(key: str) -> bool:
    """True when ``key`` names a secret that is never kept (password, client secret, ...)."""
    norm = _norm(key)
    return norm in _SECRET_KEYS or any(part in norm for part in _SECRET_PARTS)


def is_token_key(key: str) -> bool:
    """True when ``key`` names a Cognito token (kept only on a profile that opts in)."""
    return _norm(key) in _TOKEN_KEYS


def contains_token(text: str) -> bool:
    """True when ``text`` contains something shaped like a JWT."""
    return _JWT.search(text) is not None


def _token_mask(value: str) -> str:
    return f"{MASK} token, {len(value)} chars {MASK}"


def _mask_all(value: Any) -> Any:
    """Every leaf of ``value`` masked but flags and numbers (``GenerateSecret: true`` is no
    secret); strings, bytes and any other object are."""
    if isinstance(value, Mapping):
        return {str(k): _mask_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_all(v) for v in value]
    if value is None or value == "" or isinstance(value, bool | int | float):
        return value
    return MASK


def _mask_tokens(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _mask_tokens(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_tokens(v) for v in value]
    if value is None or value == "" or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if value.lower() in _NOT_TOKEN_VALUES else _token_mask(value)
    return MASK


def _mask_url_secrets(text: str) -> str:
    return _URL_SECRETS.sub(lambda m: m.group(1) + MASK, text)


def redact_text(text: str) -> str:
    """``text`` with JWT-shaped substrings, URL tokens and URL secrets masked."""
    text = _JWT.sub(lambda m: _token_mask(m.group(0)), text)
    text = _URL_TOKENS.sub(lambda m: m.group(1) + MASK, text)
    return _mask_url_secrets(text)


def redact(data: Any, keep_tokens: bool = False) -> Any:
    """A copy of ``data`` with secrets masked, and tokens too unless ``keep_tokens``.

    Args:
        data: a JSON-like value (dicts, lists, strings, numbers, booleans, None).
        keep_tokens: keep access, ID and refresh tokens (never passwords or secrets).

    Returns:
        A new value of the same shape; ``data`` is not changed.
    """
    if isinstance(data, str):
        return _mask_url_secrets(data) if keep_tokens else redact_text(data)
    if isinstance(data, Mapping):
        out: dict[str, Any] = {}
        for raw_key, value in data.items():
            key = str(raw_key)
            if is_secret_key(key):
                out[key] = _mask_all(value)
            elif is_token_key(key) and not keep_tokens:
                out[key] = _mask_tokens(value)
            elif _norm(key) == _LOGINS and isinstance(value, Mapping):
                # Logins: provider name -> the user's ID token.
                out[key] = {
                    str(k): (v if keep_tokens else _mask_tokens(v)) for k, v in value.items()
                }
            else:
                out[key] = redact(value, keep_tokens)
        return out
    if isinstance(data, list | tuple):
        return [redact(item, keep_tokens) for item in data]
    return data
