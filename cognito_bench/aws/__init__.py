"""Every Cognito, identity-pool, S3 and admin call the bench makes, each returning a `CallRecord`."""

from __future__ import annotations

from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.target import Target

__all__ = ["CallRecord", "Target"]
