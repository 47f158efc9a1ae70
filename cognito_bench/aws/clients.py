"""boto3 clients with explicit timeouts, retries and endpoint, one place for every service."""

from __future__ import annotations

import functools
import threading
from typing import Any

import botocore.session
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import HTTPClientError
from botocore.loaders import Loader, create_loader

from cognito_bench.aws.target import Target

__all__ = [
    "CONNECT_TIMEOUT_S",
    "MAX_ATTEMPTS",
    "READ_TIMEOUT_S",
    "TruncatedResponseError",
    "check_whole",
    "client_config",
    "make_client",
    "shared_loader",
]

#: Seconds to wait for a TCP connection; a dead endpoint fails fast instead of hanging a flow.
CONNECT_TIMEOUT_S = 5.0
#: Seconds to wait for a response once connected.
READ_TIMEOUT_S = 20.0
#: One attempt: botocore's default retries an HTTP 500 three times, which hides the first error
#: and triples the wait; a test bench shows the first answer as it came.
MAX_ATTEMPTS = 1

# Dummy credentials for an endpoint override: the local emulator signs nothing it checks.
_LOCAL_CREDENTIALS = {
    "aws_access_key_id": "local",
    "aws_secret_access_key": "local",
}


class TruncatedResponseError(HTTPClientError):
    """The connection closed before the whole body its ``Content-Length`` promised arrived.

    botocore hands urllib3 ``enforce_content_length=False`` (botocore 1.44,
    ``httpsession.py``), so a cut-off JSON body parses as ``{}`` and a sign-in seems to
    answer "neither tokens nor a challenge". The AWS CLI reports it as a closed connection;
    so does the bench, with the byte counts.
    """

    fmt = (
        "Connection was closed before the whole response arrived from {endpoint}: "
        "{received} of {expected} bytes"
    )


def check_whole(body: bytes, headers: Any, endpoint: str, limit: int | None = None) -> None:
    """Raise :class:`TruncatedResponseError` when ``body`` is shorter than its Content-Length.

    Args:
        body: the bytes received, as sent (botocore does not decode a Content-Encoding).
        headers: the response headers (any mapping with ``get``, case-insensitive ones too).
        endpoint: named in the error.
        limit: the most the caller read on purpose; a body of that size is not cut short.

    A missing or malformed header says nothing and passes.
    """
    declared = headers.get("content-length") if headers is not None else None
    try:
        expected = int(str(declared).strip()) if declared is not None else -1
    except ValueError:
        return
    if limit is not None:
        expected = min(expected, limit)
    if 0 <= len(body) < expected:
        raise TruncatedResponseError(endpoint=endpoint, received=len(body), expected=expected)


def _whole_body(endpoint: str, response_dict: dict[str, Any], **kwargs: Any) -> None:
    """botocore ``before-parse`` hook: refuse a body cut short (S3 streams: ``s3.py``)."""
    body = response_dict.get("body")
    if isinstance(body, bytes | bytearray):
        check_whole(bytes(body), response_dict.get("headers"), endpoint)


_loader: Loader | None = None
_loader_lock = threading.Lock()


def shared_loader() -> Loader:
    """The one botocore data loader every client's session uses (it caches parsed models).

    Its cache is a dict filled under the GIL: two threads loading one model at once both
    parse it and one result is kept; the models are read, never changed, by botocore.
    """
    global _loader
    with _loader_lock:
        if _loader is None:
            # The data path botocore's own session would use (AWS_DATA_PATH, ~/.aws/models).
            _loader = create_loader(botocore.session.Session().get_config_variable("data_path"))
        return _loader


def client_config(service: str, target: Target, *, unsigned: bool = False) -> Config:
    """The botocore ``Config`` every client of the bench uses."""
    options: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "read_timeout": READ_TIMEOUT_S,
        "retries": {"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
        "user_agent_extra": "cognito-bench",
    }
    if unsigned:
        options["signature_version"] = UNSIGNED
    if service == "s3" and target.endpoint_url:
        # A local endpoint has no per-bucket host names.
        options["s3"] = {"addressing_style": "path"}
    return Config(**options)


def make_client(
    service: str,
    target: Target,
    credentials: dict[str, str] | None = None,
    *,
    unsigned: bool = False,
) -> Any:
    """A boto3 client for ``service`` aimed at ``target``.

    Args:
        service: ``cognito-idp``, ``cognito-identity`` or ``s3``.
        target: region and optional endpoint override; ``target.aws_profile`` picks the profile
            of the standard credential chain when no ``credentials`` are given.
        credentials: explicit keys (``aws_access_key_id``, ``aws_secret_access_key``,
            ``aws_session_token``), e.g. identity-pool temporary credentials.
        unsigned: send requests unsigned (the public user-pool and identity-pool operations
            need no AWS credentials). Ignored for a local endpoint, which gets dummy keys so
            the request carries its region.

    Each call builds its own botocore session (sessions are not thread-safe, clients are; a
    fresh one also reads the AWS config and credential files as they are now), but every
    session shares one loader of the service models: parsing the S3 model anew made each S3
    client cost 60–125 ms of Python holding the GIL, against ~8 ms shared (bench_aws).
    Raises botocore errors for a missing profile or region; callers turn them into records.
    """
    keys: dict[str, str] = {}
    profile: str | None = None
    if credentials:
        keys = {k: v for k, v in credentials.items() if v}
    elif target.endpoint_url:
        keys = dict(_LOCAL_CREDENTIALS)
    elif not unsigned:
        profile = target.aws_profile or None
    session = botocore.session.Session(profile=profile)
    session.register_component("data_loader", shared_loader())
    client = session.create_client(
        service,
        region_name=target.region or None,
        endpoint_url=target.endpoint_url or None,
        config=client_config(service, target, unsigned=unsigned and not keys),
        aws_access_key_id=keys.get("aws_access_key_id"),
        aws_secret_access_key=keys.get("aws_secret_access_key"),
        aws_session_token=keys.get("aws_session_token"),
    )
    client.meta.events.register(
        "before-parse", functools.partial(_whole_body, client.meta.endpoint_url)
    )
    return client
