"""Which input a refusal names: the window focuses and marks that field."""

from __future__ import annotations

import pytest

from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.target import Target
from cognito_bench.flows.session import Session
from cognito_bench.flows.steps import STEPS, Form, invalid_field, perform

TARGET = Target(region="us-east-1", user_pool_id="us-east-1_AbCdEf123", client_id="abc123")


@pytest.mark.parametrize(
    ("step", "form", "field"),
    [
        ("sign_in_password", Form(TARGET, "", "Passw0rd!"), "username"),
        ("sign_in_password", Form(TARGET, "alice", ""), "password"),
        ("confirm_sign_up", Form(TARGET, "alice", code="12 34"), "code"),
        ("sign_in_password", Form(TARGET.replace(region="x y"), "a", "p"), "target.region"),
        (
            "sign_up",
            Form(TARGET.replace(user_pool_id="eu-west-1_AbC"), "a", "Passw0rd!"),
            "target.user_pool_id",
        ),
        (
            "sign_in_password",
            Form(TARGET.replace(client_id=""), "a", "Passw0rd!"),
            "target.client_id",
        ),
        ("confirm_forgot_password", Form(TARGET, "alice", code="123456"), "new_password"),
        ("get_credentials", Form(TARGET), ""),  # "sign in first": no field to fix
    ],
)
def test_a_refusal_names_its_field(step: str, form: Form, field: str) -> None:
    (record,) = perform(STEPS[step], form, Session())
    assert record.error_code == "InvalidInput", record.one_line()
    assert invalid_field(record) == field, record.error_message


def test_the_challenge_answer_is_named_as_such() -> None:
    record = CallRecord(
        "RespondToAuthChallenge",
        error_code="InvalidInput",
        error_message="new password is required",
        step={"name": "answer_challenge", "inputs": {}},
    )
    assert invalid_field(record) == "challenge_answer"
    assert invalid_field(CallRecord("GetUser", error_code="NotAuthorizedException")) == ""
