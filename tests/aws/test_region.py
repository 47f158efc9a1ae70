"""The region a call uses when none was typed: the AWS CLI's order, then the endpoint default."""

from __future__ import annotations

from pathlib import Path

import pytest

from cognito_bench.aws.region import ENDPOINT_DEFAULT_REGION, resolve_region, with_region
from cognito_bench.aws.target import Target


@pytest.fixture
def aws_files(tmp_path: Path) -> dict[str, str]:
    """An environment whose AWS files name a region for two profiles."""
    config = tmp_path / "config"
    config.write_text(
        "[default]\nregion = eu-central-1\n\n[profile staging]\nregion = ap-south-1\n",
        encoding="utf-8",
    )
    credentials = tmp_path / "credentials"
    credentials.write_text("[keys-only]\nregion = sa-east-1\n", encoding="utf-8")
    return {"AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": str(credentials)}


@pytest.fixture
def no_files(tmp_path: Path) -> dict[str, str]:
    """An environment with no AWS files at all."""
    return {
        "AWS_CONFIG_FILE": str(tmp_path / "none-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none-credentials"),
    }


def test_the_field_wins_over_everything(aws_files: dict[str, str]) -> None:
    env = {**aws_files, "AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-west-1"}
    found = resolve_region(" eu-west-3 ", user_pool_id="eu-west-1_AbC", environ=env)
    assert found == ("eu-west-3", "field")


def test_a_pool_id_names_its_region(aws_files: dict[str, str]) -> None:
    env = {**aws_files, "AWS_REGION": "us-west-2"}
    assert resolve_region(user_pool_id="eu-west-1_AbC123", environ=env) == (
        "eu-west-1",
        "user pool id",
    )
    assert resolve_region(identity_pool_id="ap-northeast-1:0000-1111", environ=env) == (
        "ap-northeast-1",
        "identity pool id",
    )


def test_aws_region_then_aws_default_region(no_files: dict[str, str]) -> None:
    both = {**no_files, "AWS_REGION": "us-west-2", "AWS_DEFAULT_REGION": "us-west-1"}
    assert resolve_region(user_pool_id="local_AbCdEf12", environ=both) == (
        "us-west-2",
        "AWS_REGION",
    )
    default_only = {**no_files, "AWS_DEFAULT_REGION": "us-west-1"}
    assert resolve_region(environ=default_only) == ("us-west-1", "AWS_DEFAULT_REGION")
    blank = {**no_files, "AWS_REGION": "  ", "AWS_DEFAULT_REGION": "us-west-1"}
    assert resolve_region(environ=blank).name == "us-west-1"


def test_the_aws_profiles_region(aws_files: dict[str, str]) -> None:
    assert resolve_region(environ=aws_files) == ("eu-central-1", "AWS profile default")
    assert resolve_region(aws_profile="staging", environ=aws_files) == (
        "ap-south-1",
        "AWS profile staging",
    )
    named = {**aws_files, "AWS_PROFILE": "staging"}
    assert resolve_region(environ=named).name == "ap-south-1"
    # A region set in the credentials file counts, as botocore reads it.
    assert resolve_region(aws_profile="keys-only", environ=aws_files).name == "sa-east-1"


def test_a_custom_endpoint_falls_back_to_us_east_1(no_files: dict[str, str]) -> None:
    found = resolve_region(
        user_pool_id="local_AbCdEf12", endpoint_url="http://localhost:9229", environ=no_files
    )
    assert found == (ENDPOINT_DEFAULT_REGION, "endpoint default")
    # An unknown AWS profile is no error here: the endpoint default applies.
    assert (
        resolve_region(
            aws_profile="nope", endpoint_url="http://localhost:4566", environ=no_files
        ).name
        == ENDPOINT_DEFAULT_REGION
    )


def test_real_aws_with_nothing_has_no_region(no_files: dict[str, str]) -> None:
    assert resolve_region(user_pool_id="local_AbCdEf12", environ=no_files) == ("", "")


def test_with_region_fills_only_an_empty_region(no_files: dict[str, str]) -> None:
    target = Target(user_pool_id="local_AbCdEf12", endpoint_url="http://localhost:9229")
    assert with_region(target, no_files).region == ENDPOINT_DEFAULT_REGION
    typed = target.replace(region="eu-west-1")
    assert with_region(typed, {**no_files, "AWS_REGION": "us-west-2"}) is typed


def test_a_step_against_cognito_local_resolves_the_region(
    monkeypatch: pytest.MonkeyPatch, no_files: dict[str, str]
) -> None:
    """A LocalStack or cognito-local pool (``local_…``) with an endpoint and no region runs
    (the call is made) instead of being refused for a missing region."""
    from cognito_bench.flows.session import Session
    from cognito_bench.flows.steps import STEPS, Form, perform

    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in no_files.items():
        monkeypatch.setenv(name, value)
    # A closed port: the call is made and fails at once, with the region resolved.
    target = Target(
        user_pool_id="local_AbCdEf12", client_id="abc", endpoint_url="http://127.0.0.1:9"
    )
    (record,) = perform(STEPS["sign_in_password"], Form(target, "u", "Passw0rd!"), Session())
    assert record.error_code != "InvalidInput", record.one_line()
    assert record.target is not None and record.target.region == ENDPOINT_DEFAULT_REGION
