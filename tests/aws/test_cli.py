"""Calls as AWS CLI commands: each command names a real operation, its JSON input passes
botocore's own validation for that operation, and no secret is in the text."""

from __future__ import annotations

import json
import shlex
from typing import Any

import botocore.session
from botocore import xform_name
from botocore.validate import validate_parameters

from cognito_bench.aws import (
    AdminCalls,
    CallRecord,
    IdentityCalls,
    S3Calls,
    Target,
    Tokens,
    UserPoolCalls,
    credentials_of,
)
from cognito_bench.aws.cli import cli_command
from tests.aws.factories import PASSWORD, unique

_MODELS = botocore.session.get_session()


def _commands(text: str) -> list[tuple[dict[str, str], list[str]]]:
    """(environment assignments, words) of each command line of ``text``."""
    out = []
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        words = shlex.split(line)
        env = {}
        while "=" in words[0]:
            name, _, value = words.pop(0).partition("=")
            env[name] = value
        out.append((env, words))
    return out


def _check_against_the_model(words: list[str]) -> dict[str, Any]:
    """The command's operation exists and its --cli-input-json is valid input for it."""
    assert words[0] == "aws"
    service = "s3" if words[1] == "s3api" else words[1]
    model = _MODELS.get_service_model(service)
    by_cli_name = {xform_name(name, "-"): name for name in model.operation_names}
    assert words[2] in by_cli_name, words[2]
    if "--cli-input-json" not in words:
        return {}
    params = json.loads(words[words.index("--cli-input-json") + 1])
    validate_parameters(params, model.operation_model(by_cli_name[words[2]]).input_shape)
    return dict(params)


def _value(words: list[str], flag: str) -> str:
    return words[words.index(flag) + 1] if flag in words else ""


def test_user_pool_and_identity_calls_replay_as_valid_commands(
    target: Target, calls: UserPoolCalls, signed_in: tuple[str, Tokens]
) -> None:
    username, tokens = signed_in
    identity = IdentityCalls(target)
    identity_id = identity.get_id(tokens.id_token).response["IdentityId"]
    records: list[CallRecord] = [
        calls.sign_in_password(username, PASSWORD),
        calls.sign_in_srp(username, PASSWORD),
        calls.get_user(tokens.access_token),
        calls.sign_up(unique(), PASSWORD, {"email": "new@example.com"}),
        calls.refresh(username, tokens.refresh_token),
        identity.get_credentials_for_identity(identity_id, tokens.id_token),
    ]
    secrets = [PASSWORD, tokens.access_token, tokens.id_token, tokens.refresh_token]
    for record in records:
        assert record.ok, record.one_line()
        text = cli_command(record, target)
        assert not any(secret in text for secret in secrets), record.operation
        commands = _commands(text)
        assert len(commands) == max(1, len(record.steps))
        for env, words in commands:
            assert env == {}  # public calls: no keys at all
            assert "--no-sign-request" in words
            assert _value(words, "--region") == target.region
            assert _value(words, "--endpoint-url") == target.endpoint_url
            _check_against_the_model(words)
    password_json = _check_against_the_model(_commands(cli_command(records[0], target))[0][1])
    assert password_json["AuthParameters"] == {"USERNAME": username, "PASSWORD": "<PASSWORD>"}
    assert "# Fill in: <PASSWORD>" in cli_command(records[0], target)
    srp = cli_command(records[1], target)
    assert "cannot be replayed" in srp and "respond-to-auth-challenge" in srp


def test_admin_calls_are_signed(target: Target, admin: AdminCalls) -> None:
    created = admin.admin_create_user(unique(), temporary_password=PASSWORD)
    assert created.ok, created.one_line()
    ((env, words),) = _commands(cli_command(created, target))
    assert env == {"AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local"}
    assert "--no-sign-request" not in words
    assert _check_against_the_model(words)["TemporaryPassword"] == "<TemporaryPassword>"
    # Against AWS: the profile the call was signed with, and no endpoint.
    aws = Target(region="eu-west-1", user_pool_id="eu-west-1_Abc", aws_profile="qa-admin")
    ((env, words),) = _commands(cli_command(created, aws))
    assert env == {} and _value(words, "--profile") == "qa-admin"
    assert "--endpoint-url" not in words and _value(words, "--region") == "eu-west-1"


def test_s3_calls_use_the_identity_credentials(
    target: Target, signed_in: tuple[str, Tokens]
) -> None:
    _, tokens = signed_in
    identity = IdentityCalls(target)
    identity_id = identity.get_id(tokens.id_token).response["IdentityId"]
    creds = credentials_of(identity.get_credentials_for_identity(identity_id, tokens.id_token))
    assert creds is not None
    s3 = S3Calls(target, creds)
    key = f"cli/{unique()}.txt"
    put = s3.put_object(key, b"hello")
    for record, tail in (
        (put, ["--body", "<file>", "--content-type", "text/plain"]),
        (s3.get_object(key), ["<outfile>"]),
        (s3.list_objects(prefix="cli/"), ["--prefix", "cli/"]),
    ):
        assert record.ok, record.one_line()
        text = cli_command(record, target)
        assert creds.secret_key not in text and creds.session_token not in text
        ((env, words),) = _commands(text)
        assert env == {
            "AWS_ACCESS_KEY_ID": "<AccessKeyId>",
            "AWS_SECRET_ACCESS_KEY": "<SecretKey>",
            "AWS_SESSION_TOKEN": "<SessionToken>",
        }
        _check_against_the_model(words)
        assert _value(words, "--bucket") == target.bucket
        assert words[-len(tail) :] == tail


def test_a_refused_call_says_it_was_not_sent(target: Target, calls: UserPoolCalls) -> None:
    refused = calls.sign_in_password("", PASSWORD)
    assert refused.error_code == "InvalidInput"
    assert "Not sent" in cli_command(refused, target)
