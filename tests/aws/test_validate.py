"""Validation before any call."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cognito_bench.aws import Target, pool_region
from cognito_bench.aws.validate import (
    check_attributes,
    check_client_id,
    check_code,
    check_region,
    check_target,
    check_user_pool_id,
    check_username,
)

AWS = Target(region="us-east-1")
LOCAL = Target(region="us-east-1", endpoint_url="http://127.0.0.1:4566")


@pytest.mark.parametrize("region", ["us-east-1", "eu-central-1", "ap-southeast-2", "us-gov-west-1"])
def test_regions(region: str) -> None:
    assert check_region(region) == ""


@pytest.mark.parametrize("region", ["", "US-EAST-1", "us east 1", "useast1", " us-east-1"])
def test_bad_regions(region: str) -> None:
    assert check_region(region)


def test_local_region_names_need_an_endpoint() -> None:
    assert check_region("local")
    assert check_region("local", endpoint_url="http://127.0.0.1:1") == ""


def test_pool_ids() -> None:
    assert check_user_pool_id("us-east-1_AbCdEf123", AWS) == ""
    assert "required" in check_user_pool_id("", AWS)
    assert "form" in check_user_pool_id("AbCdEf123", AWS)
    assert "form" in check_user_pool_id("local_abc123", AWS)
    assert check_user_pool_id("local_abc123", LOCAL) == ""
    mismatch = check_user_pool_id("eu-west-1_AbCdEf123", AWS)
    assert "region eu-west-1" in mismatch and "us-east-1" in mismatch
    assert "region eu-west-1" in check_user_pool_id("eu-west-1_AbCdEf123", LOCAL)
    assert "spaces" in check_user_pool_id("us-east-1_AbC ", AWS)


def test_pool_region() -> None:
    assert pool_region("ap-south-1_Xyz") == "ap-south-1"
    assert pool_region("local_abc") == ""
    assert pool_region("nonsense") == ""


def test_client_ids() -> None:
    assert check_client_id("62js8mr29t9kuf432lih20ffld") == ""
    assert check_client_id("")
    assert check_client_id("has space")
    assert check_client_id("x" * 129)


def test_absurd_sizes_are_one_line() -> None:
    problem = check_username("u" * 1_000_000)
    assert problem == "username is 1000000 characters; at most 128 are allowed"
    assert check_code("1" * 5000)
    assert check_attributes({"email": "x" * 3000})
    assert check_attributes({f"a{i}": "v" for i in range(101)})


def test_escaped_usernames_stay_one_short_line() -> None:
    # Each of these escapes to ten characters: 40 of them would make a 400-character line.
    for value in ("\U0010ffff" * 50, "\x00" * 50, "a\u202e" + "\U000e0001" * 60):
        problem = check_username(value)
        assert problem.startswith("username '")
        assert len(problem) < 250, problem


def test_check_target_names_the_first_problem() -> None:
    assert "region is required" in check_target(Target(), pool=True)
    assert "user pool id" in check_target(AWS, pool=True)
    assert "app client id" in check_target(
        AWS.replace(user_pool_id="us-east-1_A1"), pool=True, client=True
    )
    assert "endpoint" in check_target(AWS.replace(endpoint_url="ftp://x"))
    assert check_target(AWS) == ""


@given(st.text(max_size=300))
def test_problems_are_single_short_lines(value: str) -> None:
    for problem in (
        check_username(value),
        check_user_pool_id(value, AWS),
        check_client_id(value),
        check_region(value),
        check_code(value),
    ):
        assert "\n" not in problem.replace("\\n", "")
        assert len(problem) < 250
