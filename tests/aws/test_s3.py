"""S3 with identity-pool credentials: put, list and get on the demo bucket."""

from __future__ import annotations

import uuid

import pytest

from cognito_bench.aws import (
    INVALID_INPUT,
    AwsCredentials,
    IdentityCalls,
    S3Calls,
    Target,
    Tokens,
    credentials_of,
)
from cognito_bench.aws.s3 import DISPLAY_BYTES


@pytest.fixture
def s3(target: Target, signed_in: tuple[str, Tokens]) -> S3Calls:
    _, tokens = signed_in
    identity = IdentityCalls(target)
    identity_id = identity.get_id(tokens.id_token).response["IdentityId"]
    creds = credentials_of(identity.get_credentials_for_identity(identity_id, tokens.id_token))
    assert creds is not None
    return S3Calls(target, creds)


def test_put_list_get(s3: S3Calls) -> None:
    prefix = f"t-{uuid.uuid4().hex[:8]}/"
    put = s3.put_object(f"{prefix}hello.txt", "héllo wörld".encode(), "text/plain")
    assert put.ok, put.one_line()
    assert put.request["Body"] == "<13 bytes>"
    listed = s3.list_objects(prefix)
    assert listed.ok, listed.one_line()
    assert [o["Key"] for o in listed.response["Contents"]] == [f"{prefix}hello.txt"]
    got = s3.get_object(f"{prefix}hello.txt")
    assert got.ok, got.one_line()
    assert got.response["Body"] == "héllo wörld"
    assert got.response["BodyTruncated"] is False
    assert got.response["ContentType"] == "text/plain"


def test_large_and_binary_bodies_are_capped_for_display(s3: S3Calls) -> None:
    key = f"t-{uuid.uuid4().hex[:8]}/big.txt"
    body = ("é" * DISPLAY_BYTES).encode()
    assert s3.put_object(key, body).ok
    got = s3.get_object(key)
    assert got.response["BodyTruncated"] is True
    assert got.response["ContentLength"] == len(body)
    assert set(got.response["Body"]) == {"é"}
    assert len(got.response["Body"].encode()) <= DISPLAY_BYTES
    binary = f"t-{uuid.uuid4().hex[:8]}/blob.bin"
    assert s3.put_object(binary, b"\xff\x00\xfe", "application/octet-stream").ok
    assert s3.get_object(binary).response["BodyBase64"] == "/wD+"


def test_missing_key(s3: S3Calls) -> None:
    record = s3.get_object(f"nope-{uuid.uuid4().hex}")
    assert record.error_code == "NoSuchKey"
    assert "key" in record.explanation


def test_s3_input_is_checked(target: Target) -> None:
    creds = AwsCredentials("AKIDEXAMPLE", "secret", "token")
    s3 = S3Calls(target.replace(endpoint_url="http://127.0.0.1:9"), creds)
    assert s3.get_object("").error_code == INVALID_INPUT
    assert s3.get_object("k" * 2000).error_code == INVALID_INPUT
    assert s3.put_object("k", b"x" * (10 * 1024 * 1024 + 1)).error_code == INVALID_INPUT
    no_creds = S3Calls(target, AwsCredentials("", "", ""))
    assert "credentials" in no_creds.list_objects().error_message
    no_bucket = S3Calls(target.replace(bucket=""), creds)
    assert no_bucket.list_objects().error_code == INVALID_INPUT
