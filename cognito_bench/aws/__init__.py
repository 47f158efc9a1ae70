"""Every Cognito, identity-pool, S3 and admin call the bench makes, each returning a `CallRecord`.

No function or method here raises for a service error, a network failure or bad input: each
returns a :class:`CallRecord` whose ``error_code`` says what went wrong (``InvalidInput`` when
the input was refused before any call) and whose ``explanation`` says why and what to do.
"""

from __future__ import annotations

from cognito_bench.aws.admin import AdminCalls
from cognito_bench.aws.auth import Challenge, Tokens, challenge_of, tokens_of
from cognito_bench.aws.clients import make_client
from cognito_bench.aws.explain import explain
from cognito_bench.aws.identity import AwsCredentials, IdentityCalls, credentials_of
from cognito_bench.aws.record import CallRecord, json_safe, mask
from cognito_bench.aws.s3 import S3Calls
from cognito_bench.aws.secret_hash import secret_hash
from cognito_bench.aws.target import Target
from cognito_bench.aws.userpool import UserPoolCalls
from cognito_bench.aws.validate import INVALID_INPUT, pool_region

__all__ = [
    "INVALID_INPUT",
    "AdminCalls",
    "AwsCredentials",
    "CallRecord",
    "Challenge",
    "IdentityCalls",
    "S3Calls",
    "Target",
    "Tokens",
    "UserPoolCalls",
    "challenge_of",
    "credentials_of",
    "explain",
    "json_safe",
    "make_client",
    "mask",
    "pool_region",
    "secret_hash",
    "tokens_of",
]
