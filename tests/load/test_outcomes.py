"""A step's outcome as a Locust request: names that sort, failures without values."""

from __future__ import annotations

from cognito_bench.aws.record import CallRecord
from cognito_bench.flows.flowfile import parse_flow
from cognito_bench.flows.runner import StepOutcome
from cognito_bench.load.outcomes import (
    StepFailed,
    Throttled,
    failure_of,
    is_throttle,
    request_name,
)

FLOW = parse_flow(
    "name: t\nsteps:\n"
    + "".join("  - get_user:\n" for _ in range(10))
    + "  - get_user:\n    title: who am I\n"
)


def outcome(
    records: list[CallRecord], failures: list[str], error: str | None = None
) -> StepOutcome:
    view = {"ok": error is None, "error": error, "message": ""}
    return StepOutcome(FLOW.steps[0], {}, records, view, failures=failures)


def test_a_passed_step_is_no_failure() -> None:
    assert failure_of(outcome([CallRecord("GetUser")], [])) is None


def test_a_failed_call_is_its_error_code_only() -> None:
    record = CallRecord("GetUser", error_code="NotAuthorizedException", error_message="secret-ish")
    failure = failure_of(outcome([record], ["expected OK, got ..."], "NotAuthorizedException"))
    assert type(failure) is StepFailed
    assert repr(failure) == "StepFailed('NotAuthorizedException')"


def test_throttling_is_its_own_failure() -> None:
    throttled = CallRecord("InitiateAuth", error_code="TooManyRequestsException", http_status=400)
    failure = failure_of(outcome([throttled], ["x"], "TooManyRequestsException"))
    assert isinstance(failure, Throttled)
    assert is_throttle(repr(failure)) and not is_throttle("StepFailed('Throttled')")
    # the token endpoint's 429 too
    token = CallRecord("OAuth2Token", error_code="", http_status=429)
    assert isinstance(failure_of(outcome([token], ["x"], "HTTP429")), Throttled)


def test_a_missed_expectation_names_what_without_the_values() -> None:
    ok = [CallRecord("GetUser")]
    email = 'tokens.id.claims.email: expected "qa-123@example.com", got "other@example.com"'
    other = email.replace("123", "9")
    assert repr(failure_of(outcome(ok, [email]))) == repr(failure_of(outcome(ok, [other])))
    assert str(failure_of(outcome(ok, [email]))) == "tokens.id.claims.email: not as expected"
    assert str(failure_of(outcome(ok, ["took 3,210 ms, more than max_ms 3,000"]))) == (
        "slower than max_ms"
    )
    assert str(failure_of(outcome(ok, ["expected error X, got OK"]))) == "expected error X, got OK"


def test_default_titles_are_numbered_to_sort_in_flow_order() -> None:
    names = [request_name(step, len(FLOW.steps)) for step in FLOW.steps]
    assert names[0] == "01 get_user" and names[9] == "10 get_user"
    assert names[10] == "who am I"
    assert sorted(names[:10]) == names[:10]
    short = parse_flow("name: t\nsteps:\n  - get_user:\n")
    assert request_name(short.steps[0], 1) == "1 get_user"
