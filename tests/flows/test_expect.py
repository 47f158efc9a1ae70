"""Expectations: one plain line per miss, whatever the step returned."""

from __future__ import annotations

from cognito_bench.flows.expect import check_expectations


def test_a_function_of_a_value_the_step_did_not_return_is_a_miss_not_a_crash() -> None:
    # after a failed GetCredentialsForIdentity there is no response to call starts_with on
    view = {"ok": False, "error": "NotAuthorizedException", "message": "", "response": {}}
    failures = check_expectations(
        {"ok": False, "starts_with(response.Credentials.AccessKeyId, 'ASIA')": True}, view
    )
    assert failures == [
        "starts_with(response.Credentials.AccessKeyId, 'ASIA'): expected true, got null"
    ]


def test_met_expectations_give_no_lines() -> None:
    view = {"ok": True, "error": None, "ms": 3.0, "response": {"KeyCount": 1}}
    assert check_expectations({"response.KeyCount": 1, "max_ms": 100}, view) == []
