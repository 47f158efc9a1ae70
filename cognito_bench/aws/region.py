"""Which region a call goes to when none was typed: the AWS CLI's order, for every backend.

The window's Region field, ``--region`` and a flow's ``target.region`` win. Without one:

1. the region a resource id names: a user pool id ``eu-west-1_AbC…`` or an identity pool id
   ``eu-west-1:…`` is in that region (asking another one can only fail);
2. ``AWS_REGION``, then ``AWS_DEFAULT_REGION`` (the AWS CLI v2 reads both, in that order;
   botocore alone reads only the second);
3. the region of the AWS profile in use (the target's ``aws_profile``, else ``AWS_PROFILE``,
   else ``default``), from ``~/.aws/config`` and ``~/.aws/credentials`` as botocore reads them;
4. for a custom endpoint (cognito-local, LocalStack, the embedded local Cognito), whose pool
   ids need not name a region (``local_AbCdEf12``), ``us-east-1``: what those emulators
   answer to, and what the AWS SDKs sign with when told nothing.

Real AWS with none of these is left without a region, and the call's own check says so
("region is required").
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple

from cognito_bench.aws.target import Target
from cognito_bench.aws.validate import identity_pool_region, pool_region

__all__ = ["ENDPOINT_DEFAULT_REGION", "Region", "resolve_region", "with_region"]

#: The region of a custom endpoint when nothing else names one.
ENDPOINT_DEFAULT_REGION = "us-east-1"


class Region(NamedTuple):
    """A resolved region and where it came from (``""`` and ``""`` when none was found).

    Attributes:
        name: the region, e.g. ``eu-west-1``.
        source: ``field``, ``user pool id``, ``identity pool id``, ``AWS_REGION``,
            ``AWS_DEFAULT_REGION``, ``AWS profile NAME`` or ``endpoint default``.
    """

    name: str
    source: str


def _profile_region(aws_profile: str, env: Mapping[str, str]) -> tuple[str, str]:
    """(region, profile name) of the AWS profile in use, read as botocore reads the files."""
    name = aws_profile or env.get("AWS_PROFILE") or env.get("AWS_DEFAULT_PROFILE") or "default"
    import botocore.exceptions
    import botocore.session

    session = botocore.session.Session(profile=name)
    for variable, value in (
        ("config_file", env.get("AWS_CONFIG_FILE")),
        ("credentials_file", env.get("AWS_SHARED_CREDENTIALS_FILE")),
    ):
        if value:
            session.set_config_variable(variable, value)
    try:
        region = session.get_scoped_config().get("region")
    except (botocore.exceptions.ProfileNotFound, botocore.exceptions.ConfigParseError):
        return "", name
    return (region.strip() if isinstance(region, str) else ""), name


def resolve_region(
    region: str = "",
    *,
    user_pool_id: str = "",
    identity_pool_id: str = "",
    endpoint_url: str = "",
    aws_profile: str = "",
    environ: Mapping[str, str] | None = None,
) -> Region:
    """The region a call should use, and where it came from (see the module docstring).

    Args:
        region: the flag or field ("" when not given).
        user_pool_id: the user pool id (its ``<region>_`` prefix names a region).
        identity_pool_id: the identity pool id (``<region>:<uuid>``).
        endpoint_url: a custom endpoint ("" for AWS).
        aws_profile: the AWS profile named by the target ("" for ``AWS_PROFILE``/default).
        environ: the environment (default ``os.environ``).
    """
    if region.strip():
        return Region(region.strip(), "field")
    for found, source in (
        (pool_region(user_pool_id.strip()), "user pool id"),
        (identity_pool_region(identity_pool_id.strip()), "identity pool id"),
    ):
        if found:
            return Region(found, source)
    env = os.environ if environ is None else environ
    for variable in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        value = (env.get(variable) or "").strip()
        if value:
            return Region(value, variable)
    from_profile, profile = _profile_region(aws_profile, env)
    if from_profile:
        return Region(from_profile, f"AWS profile {profile}")
    if endpoint_url.strip():
        return Region(ENDPOINT_DEFAULT_REGION, "endpoint default")
    return Region("", "")


def with_region(target: Target, environ: Mapping[str, str] | None = None) -> Target:
    """``target`` with its region resolved when it has none (unchanged when it has one)."""
    if target.region:
        return target
    found = resolve_region(
        user_pool_id=target.user_pool_id,
        identity_pool_id=target.identity_pool_id,
        endpoint_url=target.endpoint_url,
        aws_profile=target.aws_profile,
        environ=environ,
    )
    return target.replace(region=found.name) if found.name else target
