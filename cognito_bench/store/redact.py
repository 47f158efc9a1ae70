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

Which keys hold secrets and tokens is :mod:`cognito_bench.masking`'s (the screen-share mode
masks the same ones on screen); key names are compared case-, underscore- and
dash-insensitively, so ``client_secret``, ``ClientSecret`` and ``CLIENT-SECRET`` are one key.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cognito_bench.masking import (
    JWT,
    NOT_TOKEN_VALUES,
    URL_SECRETS,
    URL_TOKENS,
    contains_token,
    is_secret_entry,
    is_secret_key,
    is_token_key,
    norm_key,
)

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
_LOGINS = "logins"


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
        return value if value.lower() in NOT_TOKEN_VALUES else _token_mask(value)
    return MASK


def _mask_url_secrets(text: str) -> str:
    return URL_SECRETS.sub(lambda m: m.group(1) + MASK, text)


def redact_text(text: str) -> str:
    """``text`` with JWT-shaped substrings, URL tokens and URL secrets masked."""
    text = JWT.sub(lambda m: _token_mask(m.group(0)), text)
    text = URL_TOKENS.sub(lambda m: m.group(1) + MASK, text)
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
            if is_secret_entry(key, value):
                out[key] = _mask_all(value)
            elif is_token_key(key) and not keep_tokens:
                out[key] = _mask_tokens(value)
            elif norm_key(key) == _LOGINS and isinstance(value, Mapping):
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
