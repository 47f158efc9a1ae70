"""S3 calls made with identity-pool credentials: list, put and get objects of the bucket."""

from __future__ import annotations

import base64
from typing import Any

from botocore.exceptions import IncompleteReadError

from cognito_bench.aws._call import Caller
from cognito_bench.aws.identity import AwsCredentials
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.target import Target
from cognito_bench.aws.validate import (
    MAX_BODY_BYTES,
    MAX_S3_KEY_BYTES,
    check_required,
    check_size,
    check_target,
    first_problem,
)

__all__ = ["DISPLAY_BYTES", "S3Calls"]

#: How much of an object's body a record keeps for display.
DISPLAY_BYTES = 64 * 1024


def _body_text(data: bytes, truncated: bool) -> dict[str, Any]:
    """The body as text when it is UTF-8 (a cut-off last character dropped), else base64."""
    for cut in range(4 if truncated else 1):
        try:
            return {"Body": data[: len(data) - cut].decode("utf-8")}
        except UnicodeDecodeError:
            continue
    return {"BodyBase64": base64.b64encode(data).decode("ascii")}


def _read_body(raw: dict[str, Any]) -> dict[str, Any]:
    """GetObject's response with the stream read (at most DISPLAY_BYTES kept) and closed."""
    stream = raw.pop("Body", None)
    data = b""
    if stream is not None:
        try:
            data = stream.read(DISPLAY_BYTES + 1)
        finally:
            stream.close()
    # botocore's stream checks its length only when read to the end; a short object cut off
    # in transit would otherwise show as a shorter object.
    declared = raw.get("ContentLength")
    if isinstance(declared, int) and len(data) < min(declared, DISPLAY_BYTES + 1):
        raise IncompleteReadError(actual_bytes=len(data), expected_bytes=declared)
    truncated = len(data) > DISPLAY_BYTES
    shaped = dict(raw)
    shaped.update(_body_text(data[:DISPLAY_BYTES], truncated))
    shaped["BodyTruncated"] = truncated
    return shaped


class S3Calls:
    """S3 calls on ``target.bucket`` with the temporary credentials of an identity."""

    def __init__(self, target: Target, credentials: AwsCredentials) -> None:
        self.target = target
        self.credentials = credentials
        self._s3 = Caller("s3", target, credentials=credentials.as_boto())

    def _problem(self) -> str:
        return first_problem(
            check_target(self.target, bucket=True),
            ""
            if self.credentials.access_key_id and self.credentials.secret_key
            else "no AWS credentials: get them from the identity pool first",
        )

    @staticmethod
    def _key_problem(key: str) -> str:
        return first_problem(
            check_required("object key", key),
            check_size("object key", key.encode("utf-8"), MAX_S3_KEY_BYTES),
        )

    def list_objects(self, prefix: str = "") -> CallRecord:
        """ListObjectsV2 (the first 1000 keys under ``prefix``)."""
        params: dict[str, Any] = {"Bucket": self.target.bucket}
        if prefix:
            params["Prefix"] = prefix
        problem = first_problem(
            self._problem(), check_size("prefix", prefix.encode("utf-8"), MAX_S3_KEY_BYTES)
        )
        return self._s3.call("ListObjectsV2", params, label="List objects", problem=problem)

    def put_object(self, key: str, body: bytes, content_type: str = "text/plain") -> CallRecord:
        """PutObject of a small body (at most 10 MB from the bench)."""
        params: dict[str, Any] = {
            "Bucket": self.target.bucket,
            "Key": key,
            "Body": body,
            "ContentType": content_type,
        }
        problem = first_problem(
            self._problem(),
            self._key_problem(key),
            check_size("body", body, MAX_BODY_BYTES),
            check_required("content type", content_type),
            check_size("content type", content_type, 256),
        )
        record = self._s3.call("PutObject", params, label="Put object", problem=problem)
        # The record keeps the size, not the bytes: a body can be large and is not a request field.
        record.request["Body"] = f"<{len(body)} bytes>"
        return record

    def get_object(self, key: str) -> CallRecord:
        """GetObject; the record's ``Body`` is text (or ``BodyBase64``), at most 64 KiB of it."""
        params = {"Bucket": self.target.bucket, "Key": key}
        problem = first_problem(self._problem(), self._key_problem(key))
        return self._s3.call(
            "GetObject", params, label="Get object", problem=problem, shape=_read_body
        )
