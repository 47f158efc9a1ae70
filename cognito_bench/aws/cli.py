"""A call as the AWS CLI command that makes it again: for a terminal, a bug report, a script.

The hosted UI's OAuth endpoints have no AWS CLI command: their calls become curl commands.

Secrets never reach the command: the record's request is masked already, and every masked
value becomes a placeholder the user fills in (``<PASSWORD>``, ``<AccessToken>``). SRP is the
exception that cannot be replayed: its proof depends on a random secret of the client, so its
second step is shown with a note.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import Any

from botocore import xform_name

from cognito_bench.aws.record import SECRET_KEYS, CallRecord, mask
from cognito_bench.aws.target import Target

__all__ = ["cli_command"]

#: Identity-pool operations (public: they carry the login token, not AWS credentials).
_IDENTITY = frozenset({"GetId", "GetCredentialsForIdentity", "GetOpenIdToken"})
#: User-pool operations signed with AWS credentials (the rest are public: --no-sign-request).
_SIGNED_PREFIXES = ("Admin", "List", "Describe", "Create", "Update", "Delete", "Set")
_PUBLIC_EXCEPTIONS = frozenset(
    {"DeleteUser", "UpdateUserAttributes", "SetUserMFAPreference", "DeleteUserAttributes"}
)
#: The S3 operations the bench makes (``aws s3api``, signed with the identity's keys).
_S3 = frozenset({"ListObjectsV2", "PutObject", "GetObject"})
#: The identity's temporary credentials S3 calls are signed with, as shell variables.
_IDENTITY_KEYS = (
    "AWS_ACCESS_KEY_ID=<AccessKeyId> AWS_SECRET_ACCESS_KEY=<SecretKey> "
    "AWS_SESSION_TOKEN=<SessionToken> "
)
#: The embedded local Cognito takes any keys; the CLI needs some to sign.
_LOCAL_KEYS = "AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local "


def _kebab(operation: str) -> str:
    """``InitiateAuth`` -> ``initiate-auth``; ``ListObjectsV2`` -> ``list-objects-v2``."""
    return str(xform_name(operation, "-"))


def _placeholder(key: str, _value: Any) -> str:
    return "<ID_TOKEN>" if key == "Logins" else f"<{key}>"


def _signed(operation: str) -> bool:
    return operation.startswith(_SIGNED_PREFIXES) and operation not in _PUBLIC_EXCEPTIONS


def _s3_args(operation: str, request: dict[str, Any]) -> list[str]:
    args = ["--bucket", str(request.get("Bucket", "<bucket>"))]
    if operation == "ListObjectsV2":
        if request.get("Prefix"):
            args += ["--prefix", str(request["Prefix"])]
        return args
    args += ["--key", str(request.get("Key", "<key>"))]
    if operation == "PutObject":
        args += ["--body", "<file>"]
        if request.get("ContentType"):
            args += ["--content-type", str(request["ContentType"])]
    elif operation == "GetObject":
        args.append("<outfile>")
    return args


def _curl(operation: str, request: dict[str, Any], target: Target) -> str:
    """The hosted UI's OAuth endpoints are plain HTTPS: curl, not the AWS CLI."""
    form = {k: str(v) for k, v in request.items() if k not in ("endpoint", "Authorization")}
    url = str(request.get("endpoint", "<hosted UI domain>/oauth2/token"))
    if operation == "OAuth2UserInfo":
        return shlex.join(["curl", url, "-H", "Authorization: Bearer <AccessToken>"])
    words = ["curl", "-X", "POST", url, "-H", "Content-Type: application/x-www-form-urlencoded"]
    if target.client_secret:
        words += ["-u", f"{target.client_id}:<client_secret>"]
    for key, value in form.items():
        words += ["--data-urlencode", f"{key}={value}"]
    return shlex.join(words)


def _one(operation: str, request: dict[str, Any], target: Target) -> str:
    """One command for ``operation`` with its request (secrets already placeholders)."""
    if operation.startswith("OAuth2"):
        return _curl(operation, request, target)
    where = ["--region", target.region or "<region>"]
    if target.endpoint_url:
        where += ["--endpoint-url", target.endpoint_url]
    env = ""
    if operation in _S3:
        words = ["aws", "s3api", _kebab(operation), *where, *_s3_args(operation, request)]
        env = _IDENTITY_KEYS
    else:
        service = "cognito-identity" if operation in _IDENTITY else "cognito-idp"
        words = ["aws", service, _kebab(operation), *where]
        if operation in _IDENTITY or not _signed(operation):
            words.append("--no-sign-request")
        elif target.endpoint_url:
            env = _LOCAL_KEYS if _is_local(target.endpoint_url) else ""
        elif target.aws_profile:
            words += ["--profile", target.aws_profile]
        words += ["--cli-input-json", json.dumps(request, ensure_ascii=False)]
    return env + shlex.join(words)


def _is_local(endpoint_url: str) -> bool:
    return bool(re.match(r"https?://(127\.0\.0\.1|localhost|\[::1\])(:|/|$)", endpoint_url))


def cli_command(record: CallRecord, target: Target) -> str:
    """The AWS CLI command (or commands, for a multi-step call) that makes ``record`` again.

    Args:
        record: a finished call (its request is masked; masked values become placeholders).
        target: the region, endpoint and AWS profile the call went to.

    Returns:
        Shell text: ``#`` comment lines, then one command per line.
    """
    steps = [
        (s.operation, mask(dict(s.request), SECRET_KEYS, hint=_placeholder))
        for s in record.steps or [record]
    ]
    lines = [f"# {record.label or record.operation}: {record.status}"]
    if record.error_code == "InvalidInput":
        lines.append("# Not sent: the bench refused the input before any call.")
    shown = json.dumps([request for _op, request in steps])
    if any(operation in _S3 for operation, _request in steps):
        shown += _IDENTITY_KEYS
    placeholders = sorted(set(re.findall(r"<[A-Za-z_]+>", shown)))
    if placeholders:
        lines.append(f"# Fill in: {', '.join(placeholders)} (secrets are never copied).")
    for operation, request in steps:
        if "PASSWORD_CLAIM_SIGNATURE" in (request.get("ChallengeResponses") or {}):
            lines.append(
                "# SRP's proof (PASSWORD_CLAIM_SIGNATURE) comes from a random secret of the "
                "client: it cannot be replayed. Use USER_PASSWORD_AUTH to sign in from a shell."
            )
        lines.append(_one(operation, request, target))
    return "\n".join(lines)
