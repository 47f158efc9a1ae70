"""What counts as a secret, a token, an AWS key or a code, and how each is masked.

One home for the rule, two uses:

* on disk, :mod:`cognito_bench.store.redact` replaces secrets with ``***`` (and tokens unless
  a profile keeps them) before a call is stored, logged or exported;
* on screen, the window's screen-share mode shows every token, secret, password, AWS key
  and code as its first characters and its length (:func:`screen_value`), in fields,
  Response, Tokens, History and Outbox, while Copy still copies the real value.

Plain Python on ``re`` only (the lowest layer): the window imports it on the GUI thread.
Key names are compared case-, underscore- and dash-insensitively (:func:`norm_key`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "JWT",
    "NOT_TOKEN_VALUES",
    "URL_SECRETS",
    "URL_TOKENS",
    "contains_token",
    "is_screen_secret_key",
    "is_secret_entry",
    "is_secret_key",
    "is_token_key",
    "norm_key",
    "screen_data",
    "screen_text",
    "screen_value",
]

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
        # a custom auth challenge's answer as the Lambda triggers see it (the record of a
        # custom sign-in carries their events): what the user answered, what is expected
        "challengeanswer",
        "privatechallengeparameters",
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
NOT_TOKEN_VALUES = frozenset({"seconds", "minutes", "hours", "days"})
# A JWT or JWE: a base64url JSON header (``{"`` encodes as ``eyJ``), then 1 to 4 more parts.
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*){1,4}")
# Secrets that ride in URLs: a TOTP setup URI (the QR code's text) carries the shared
# secret; a presigned S3 URL carries the session token and signature; OAuth URLs carry the
# client secret or PKCE verifier. Always masked.
URL_SECRETS = re.compile(
    r"(?i)((?:otpauth://[^\s\"']*?[?&]secret|[?&#](?:x-amz-security-token|x-amz-signature"
    r"|signature|client_secret|code_verifier))=)[^&#\s\"']+"
)
# Tokens in URLs (an OAuth redirect's fragment): masked unless tokens are kept.
URL_TOKENS = re.compile(r"(?i)([?&#](?:access_token|id_token|refresh_token)=)[^&#\s\"']+")


def norm_key(key: str) -> str:
    """``key`` without case, underscores, dashes and spaces (``Client_Secret`` → ``clientsecret``)."""
    return key.replace("_", "").replace("-", "").replace(" ", "").lower()


def is_secret_key(key: str) -> bool:
    """True when ``key`` names a secret that is never kept (password, client secret, ...)."""
    norm = norm_key(key)
    return norm in _SECRET_KEYS or any(part in norm for part in _SECRET_PARTS)


#: Secret keys whose value is a secret only as text: a mapping under one is a structure to walk.
#: A challenge's ``ANSWER`` is text; a Lambda trigger invocation's ``answer`` (in a record of
#: the local Cognito) is the handler's whole answer: the claims it added must stay readable.
_TEXT_ONLY_SECRETS = frozenset({"answer"})


def is_secret_entry(key: str, value: Any) -> bool:
    """True when ``value`` under ``key`` is a secret to mask whole (see :func:`is_secret_key`;
    a mapping under a text-only secret key such as ``answer`` is walked instead)."""
    if not is_secret_key(key):
        return False
    return not (isinstance(value, Mapping) and norm_key(key) in _TEXT_ONLY_SECRETS)


def is_token_key(key: str) -> bool:
    """True when ``key`` names a Cognito token (kept only on a profile that opts in)."""
    return norm_key(key) in _TOKEN_KEYS


def contains_token(text: str) -> bool:
    """True when ``text`` contains something shaped like a JWT."""
    return JWT.search(text) is not None


# ---- the screen-share rule ---------------------------------------------------------------

#: Keys whose values are masked on screen besides secrets and tokens: AWS access key ids,
#: one-time codes (the outbox's, an OAuth authorization code) and identity-pool logins.
_SCREEN_KEYS = frozenset({"accesskeyid", "code", "logins", "verifier"})
#: One-time codes and keys in a URL's query or fragment (an OAuth redirect's ``code``).
_URL_SCREEN = re.compile(r"(?i)([?&#](?:code|access_key_id|x-amz-credential)=)[^&#\s\"']+")


def is_screen_secret_key(key: str) -> bool:
    """True when the value of ``key`` is masked in screen-share mode."""
    return is_secret_key(key) or is_token_key(key) or norm_key(key) in _SCREEN_KEYS


def screen_value(value: str) -> str:
    """``value`` as screen-share mode shows it: its first characters and its length.

    Short values (a code, a short password) show no character at all: a third of a
    six-digit code is too much. Longer ones show one character in eight, six at most.
    """
    n = len(value)
    head = value[: min(6, n // 8)] if n > 8 else ""
    return f"{head}…({n:,} chars)"


def _mask_match(match: re.Match[str]) -> str:
    return screen_value(match.group(0))


def _mask_url_part(match: re.Match[str]) -> str:
    value = match.group(0)[len(match.group(1)) :]
    return match.group(1) + screen_value(value)


def screen_text(text: str) -> str:
    """Free text with every JWT, URL secret, URL token and URL code in it masked."""
    if "eyJ" in text:
        text = JWT.sub(_mask_match, text)
    if "=" in text:
        for pattern in (URL_SECRETS, URL_TOKENS, _URL_SCREEN):
            text = pattern.sub(_mask_url_part, text)
    return text


def _screen_leaf(value: Any) -> Any:
    """A value under a secret key: text masked, flags and numbers shown (``GenerateSecret``)."""
    if isinstance(value, Mapping):
        return {str(k): _screen_leaf(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_screen_leaf(v) for v in value]
    if isinstance(value, str):
        return screen_value(value) if value.lower() not in NOT_TOKEN_VALUES else value
    if value is None or isinstance(value, bool | int | float):
        return value
    return screen_value(str(value))


def _screen_secret(key: str, value: Any) -> bool:
    if is_secret_key(key):
        return is_secret_entry(key, value)
    return is_screen_secret_key(key)


def screen_data(data: Any) -> Any:
    """A copy of JSON-like ``data`` as screen-share mode shows it (``data`` is unchanged)."""
    if isinstance(data, str):
        return screen_text(data)
    if isinstance(data, Mapping):
        return {
            str(key): _screen_leaf(value) if _screen_secret(str(key), value) else screen_data(value)
            for key, value in data.items()
        }
    if isinstance(data, list | tuple):
        return [screen_data(item) for item in data]
    return data
