"""S3 with the identity pool's temporary credentials: list, put and get objects."""

from __future__ import annotations

from cognito_bench.ui.groups import ActionGroup, Button, Field

__all__ = ["GROUP"]


class S3Group(ActionGroup):
    """ListObjectsV2 (prefix), PutObject (key and body), GetObject (key)."""

    TITLE = "S3"
    NAME = "s3Group"
    COLUMN = 0
    MAIN = "s3Put"
    FIELDS = (
        Field("s3Key", "S3 key", "Key", "s3_key", "object key, e.g. notes/hello.txt"),
        Field("s3Body", "S3 body", "Body", "s3_body", "text to put"),
        Field("s3Prefix", "S3 list prefix", "Prefix", "s3_prefix", "for List; empty lists all"),
    )
    BUTTONS = (
        Button("s3List", "List", "S3: List"),
        Button("s3Put", "Put", "S3: Put"),
        Button("s3Get", "Get", "S3: Get"),
    )


GROUP = S3Group
