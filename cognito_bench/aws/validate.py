"""Input checks made before any call: a bad field gives a one-line ``InvalidInput`` record.

Each ``check_*`` function returns a one-line problem, or ``""`` when the value is fine, so the
callers can chain them with :func:`first_problem`. The limits are Cognito's documented ones
where the API states them; the point is to refuse nonsense (an empty client id, a pool id from
another region, a 1 MB username) before it costs a round trip or a confusing service error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from botocore.utils import is_valid_endpoint_url, is_valid_ipv6_endpoint_url

from cognito_bench.aws.target import Target

__all__ = [
    "INVALID_INPUT",
    "MAX_ATTRIBUTE_VALUE",
    "MAX_BODY_BYTES",
    "MAX_ENDPOINT",
    "MAX_PASSWORD",
    "MAX_TOKEN",
    "MAX_USERNAME",
    "check_attribute_name",
    "check_attributes",
    "check_client_id",
    "check_code",
    "check_identity_pool_id",
    "check_password",
    "check_region",
    "check_required",
    "check_size",
    "check_target",
    "check_token",
    "check_user_pool_id",
    "check_username",
    "first_problem",
    "identity_pool_region",
    "pool_region",
    "quoted",
]

#: The error code of a record refused before any call.
INVALID_INPUT = "InvalidInput"

MAX_USERNAME = 128
MAX_PASSWORD = 256
MAX_CODE = 2048
MAX_ATTRIBUTE_NAME = 32
MAX_ATTRIBUTE_VALUE = 2048
MAX_CLIENT_ID = 128
MAX_TOKEN = 64 * 1024
MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_S3_KEY_BYTES = 1024

_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}")
_LOCAL_REGION = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
_POOL = re.compile(r"([\w-]+)_([0-9A-Za-z]+)")
_CLIENT = re.compile(r"[\w+]+")
_IDENTITY_POOL = re.compile(r"([\w-]+):[0-9a-fA-F-]+")
_ATTRIBUTE_NAME = re.compile(r"\S+")
_CODE = re.compile(r"\S+")


def first_problem(*problems: str) -> str:
    """The first non-empty problem, or ``""``."""
    return next((p for p in problems if p), "")


def quoted(value: str, limit: int = 40) -> str:
    """``value`` quoted and escaped, at most ``limit`` characters of it and ``limit + 20`` shown.

    Escapes grow a character up to ten times (``\\U0010ffff``), so the escaped text is cut too:
    a problem stays one short line whatever was pasted.
    """
    shown = repr(value[:limit])
    if len(shown) > limit + 20:
        return shown[: limit + 20] + "…"
    return shown + "…" if len(value) > limit else shown


def _edges(name: str, value: str) -> str:
    if value != value.strip():
        return f"{name} {quoted(value)} has leading or trailing spaces (a paste error?)"
    return ""


def check_size(name: str, value: str | bytes, limit: int) -> str:
    """A problem when ``value`` is longer than ``limit`` characters (or bytes)."""
    if len(value) > limit:
        unit = "bytes" if isinstance(value, bytes) else "characters"
        return f"{name} is {len(value)} {unit}; at most {limit} are allowed"
    return ""


def check_required(name: str, value: str) -> str:
    """A problem when ``value`` is empty."""
    return "" if value else f"{name} is required"


def pool_region(user_pool_id: str) -> str:
    """The region prefix of a pool id (``us-east-1`` of ``us-east-1_AbC``), or ``""``."""
    match = _POOL.fullmatch(user_pool_id)
    if match and _REGION.fullmatch(match.group(1)):
        return match.group(1)
    return ""


def identity_pool_region(identity_pool_id: str) -> str:
    """The region prefix of an identity pool id (``eu-west-1`` of ``eu-west-1:…``), or ``""``."""
    match = _IDENTITY_POOL.fullmatch(identity_pool_id)
    if match and _REGION.fullmatch(match.group(1)):
        return match.group(1)
    return ""


def check_region(region: str, *, endpoint_url: str = "") -> str:
    """A problem with the region (any short name is allowed with an endpoint override)."""
    if not region:
        return "region is required (e.g. us-east-1)"
    if problem := _edges("region", region):
        return problem
    if _REGION.fullmatch(region):
        return ""
    if endpoint_url and _LOCAL_REGION.fullmatch(region):
        return ""
    return f"region {quoted(region)} is not a region name like us-east-1"


def check_user_pool_id(user_pool_id: str, target: Target) -> str:
    """A problem with the pool id: shape ``<region>_<id>``, and its region is the target's."""
    if not user_pool_id:
        return "user pool id is required (e.g. us-east-1_AbCdEf123)"
    if problem := first_problem(
        check_size("user pool id", user_pool_id, 55), _edges("user pool id", user_pool_id)
    ):
        return problem
    match = _POOL.fullmatch(user_pool_id)
    region = pool_region(user_pool_id)
    if match is None or (not region and not target.endpoint_url):
        return f"user pool id {quoted(user_pool_id)} is not of the form <region>_<id>, e.g. us-east-1_AbCdEf123"
    if region and target.region and region != target.region:
        return (
            f"user pool id {quoted(user_pool_id)} is in region {region} "
            f"but the target region is {target.region}"
        )
    return ""


def check_client_id(client_id: str) -> str:
    """A problem with an app client id."""
    if not client_id:
        return "app client id is required"
    return first_problem(
        check_size("app client id", client_id, MAX_CLIENT_ID),
        _edges("app client id", client_id),
        ""
        if _CLIENT.fullmatch(client_id)
        else f"app client id {quoted(client_id)} has characters an app client id never has",
    )


def check_identity_pool_id(identity_pool_id: str, target: Target) -> str:
    """A problem with an identity pool id (``<region>:<uuid>``)."""
    if not identity_pool_id:
        return "identity pool id is required (e.g. us-east-1:1e84880a-…)"
    if problem := first_problem(
        check_size("identity pool id", identity_pool_id, 55),
        _edges("identity pool id", identity_pool_id),
    ):
        return problem
    match = _IDENTITY_POOL.fullmatch(identity_pool_id)
    if match is None:
        return f"identity pool id {quoted(identity_pool_id)} is not of the form <region>:<uuid>"
    region = match.group(1)
    if _REGION.fullmatch(region) and target.region and region != target.region:
        return (
            f"identity pool id {quoted(identity_pool_id)} is in region {region} "
            f"but the target region is {target.region}"
        )
    return ""


def check_target(
    target: Target,
    *,
    pool: bool = False,
    client: bool = False,
    identity_pool: bool = False,
    bucket: bool = False,
) -> str:
    """A problem with the parts of ``target`` a call needs (the region always)."""
    return first_problem(
        check_region(target.region, endpoint_url=target.endpoint_url),
        check_user_pool_id(target.user_pool_id, target) if pool else "",
        check_client_id(target.client_id) if client else "",
        check_identity_pool_id(target.identity_pool_id, target) if identity_pool else "",
        check_required("bucket", target.bucket) if bucket else "",
        check_size("client secret", target.client_secret, 256),
        _check_endpoint(target.endpoint_url),
    )


#: Longer than any real endpoint URL (a host name is at most 253 characters).
MAX_ENDPOINT = 2048


def _check_endpoint(endpoint_url: str) -> str:
    """A problem with an endpoint override: an http(s) URL that botocore accepts.

    botocore raises a bare ``ValueError`` for a URL it cannot parse (``http://[::1``, a port
    out of range, a host name with spaces or a 64-character label), so the URL is checked
    here with the same rules, before any client is built.
    """
    if not endpoint_url:
        return ""
    if problem := check_size("endpoint", endpoint_url, MAX_ENDPOINT):
        return problem
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", endpoint_url):
        return f"endpoint {quoted(endpoint_url)} is not an http:// or https:// URL"
    try:
        _port = urlsplit(endpoint_url).port  # parses the host too: "[::1" raises
    except ValueError as exc:
        return f"endpoint {quoted(endpoint_url)} is not a valid URL ({exc})"
    if not (is_valid_endpoint_url(endpoint_url) or is_valid_ipv6_endpoint_url(endpoint_url)):
        return f"endpoint {quoted(endpoint_url)} does not name a valid host"
    return ""


#: Unicode categories Cognito allows in a username: its pattern is
#: ``[\p{L}\p{M}\p{S}\p{N}\p{P}]+`` (letters, marks, symbols, numbers, punctuation).
_USERNAME_CATEGORIES = frozenset("LMSNP")


def _username_chars(username: str) -> str:
    """A problem when ``username`` has a character outside Cognito's username pattern.

    Spaces, control characters (NUL, newlines, escapes) and format characters (the
    right-to-left override) never make a valid username: Cognito answers
    InvalidParameterException, and a lenient emulator would store the user.
    """
    for position, char in enumerate(username, 1):
        if unicodedata.category(char)[0] not in _USERNAME_CATEGORIES:
            what = "a space" if char.isspace() else "a control or format character"
            return (
                f"username {quoted(username)} has {what} (U+{ord(char):04X}) at position "
                f"{position}; Cognito usernames are letters, numbers, symbols and punctuation"
            )
    return ""


def check_username(username: str) -> str:
    """A problem with a username (required, at most 128 characters, Cognito's characters)."""
    return first_problem(
        check_required("username", username),
        check_size("username", username, MAX_USERNAME),
        _edges("username", username),
        _username_chars(username),
    )


def check_password(password: str, name: str = "password") -> str:
    """A problem with a password (required, at most 256 characters)."""
    return first_problem(check_required(name, password), check_size(name, password, MAX_PASSWORD))


def check_code(code: str, name: str = "code") -> str:
    """A problem with a confirmation or MFA code."""
    return first_problem(
        check_required(name, code),
        check_size(name, code, MAX_CODE),
        "" if _CODE.fullmatch(code) else f"{name} {quoted(code)} contains spaces",
    )


def check_token(token: str, name: str = "token") -> str:
    """A problem with a JWT or refresh token handed to a call."""
    return first_problem(
        check_required(name, token),
        check_size(name, token, MAX_TOKEN),
        _edges(name, token),
    )


def check_attribute_name(name: str) -> str:
    """A problem with a user attribute name such as ``email`` or ``custom:team``."""
    if not name:
        return "attribute name is required (e.g. email)"
    return first_problem(
        check_size("attribute name", name, MAX_ATTRIBUTE_NAME),
        "" if _ATTRIBUTE_NAME.fullmatch(name) else f"attribute name {quoted(name)} contains spaces",
    )


def check_attributes(attributes: Mapping[str, Any] | None, *, required: bool = False) -> str:
    """A problem with a name → value attribute map."""
    if attributes is None or not attributes:
        return "at least one attribute is required" if required else ""
    if len(attributes) > 100:
        return f"{len(attributes)} attributes; at most 100 are allowed"
    for name, value in attributes.items():
        if not isinstance(name, str) or not isinstance(value, str):
            return "attribute names and values must be text"
        if problem := first_problem(
            check_attribute_name(name),
            check_size(f"attribute {name}", value, MAX_ATTRIBUTE_VALUE),
        ):
            return problem
    return ""
