"""Hostile input in the core: refused in one escaped line, never raised (tests/ui/test_hostile.py
sweeps the window; these pin each fix where it was made)."""

from __future__ import annotations

import pytest

from cognito_bench.aws import Target
from cognito_bench.aws._call import error_record
from cognito_bench.aws.explain import explain
from cognito_bench.aws.identity import IdentityCalls
from cognito_bench.aws.userpool import UserPoolCalls
from cognito_bench.aws.validate import INVALID_INPUT, check_target, check_username
from cognito_bench.emulator import LocalTarget

AWS = Target(region="us-east-1")


@pytest.mark.parametrize(
    ("username", "char"),
    [("a\x00b", "U+0000"), ("line\nbreak", "U+000A"), ("\u202eadmin", "U+202E"), ("a b", "U+0020")],
)
def test_usernames_outside_cognitos_pattern_are_refused(username: str, char: str) -> None:
    # Cognito's pattern is [\p{L}\p{M}\p{S}\p{N}\p{P}]+; the emulator stored such users.
    problem = check_username(username)
    assert char in problem and "\n" not in problem


@pytest.mark.parametrize(
    "username", ["élève+1@example.com", "用户", "😀", "user_1-2.3", "+15550100"]
)
def test_usernames_of_letters_symbols_and_punctuation_pass(username: str) -> None:
    assert check_username(username) == ""


@pytest.mark.parametrize(
    ("endpoint", "says"),
    [
        ("http://[::1", "Invalid IPv6 URL"),
        ("http://127.0.0.1:99999", "Port out of range"),
        ("http://127.0.0.1:port", "Port could not be cast"),
        ("https://-bad-/", "does not name a valid host"),
        ("http://" + "a" * 100_000, "at most 2048"),
    ],
)
def test_endpoints_botocore_cannot_use_are_refused(endpoint: str, says: str) -> None:
    problem = check_target(AWS.replace(endpoint_url=endpoint))
    assert says in problem and len(problem) < 200


@pytest.mark.parametrize(
    "endpoint", ["http://127.0.0.1:4566", "http://[::1]:4566", "http://localhost"]
)
def test_good_endpoints_pass(endpoint: str) -> None:
    assert check_target(AWS.replace(endpoint_url=endpoint)) == ""


def test_a_malformed_endpoint_is_a_record_not_an_exception(local: LocalTarget) -> None:
    target = local.target().replace(endpoint_url="http://[::1")
    assert target.provider_name == "[::1/" + local.user_pool_id  # it used to raise ValueError
    record = UserPoolCalls(target).sign_in_password("demo", "x")
    assert record.error_code == INVALID_INPUT and "Invalid IPv6 URL" in record.error_message
    got = IdentityCalls(target).get_id("eyJ.eyJ.sig")
    assert got.error_code == INVALID_INPUT, got.one_line()


def test_error_lines_escape_control_and_direction_characters() -> None:
    # botocore and servers echo the input in their messages (Invalid bucket name "…").
    record = error_record("PutObject", "InvalidInput", 'bad "a\x00b\x1b[2J\u202ec"', AWS)
    line = record.one_line()
    assert "\\x00" in line and "\\x1b" in line and "\\u202e" in line
    assert not any(c in line for c in "\x00\x1b\u202e")


def test_a_bare_http_4xx_gets_a_cause() -> None:
    assert "bare HTTP error" in explain("HTTP404", "HTTP 404: Not Found", AWS)
