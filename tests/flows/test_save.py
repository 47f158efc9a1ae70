"""Save as flow: records of real calls on the local Cognito become a flow that replays them,
holding no secret: codes Cognito sent from the outbox, other secrets from the environment,
a deliberately wrong code kept wrong, another app client kept."""

from __future__ import annotations

import yaml

from cognito_bench.aws.record import CallRecord
from cognito_bench.emulator import LocalTarget
from cognito_bench.flows.flowfile import parse_flow
from cognito_bench.flows.runner import FlowRun, run_flow
from cognito_bench.flows.save import flow_from_records, local_clients

CLICKS = """\
name: clicks
vars:
  username: "qa-save-{{ run.id }}"
target: {client_id: "{{ target.client_id_with_secret }}", client_secret: "{{ target.client_secret }}"}
steps:
  - sign_up: {username: "{{ username }}", password: Qa-Passw0rd!1, email: "{{ username }}@example.com"}
  - confirm_sign_up: {username: "{{ username }}", code: "999999"}
    expect: {error: CodeMismatchException}
  - confirm_sign_up: {username: "{{ username }}", code: "{{ outbox.last_code(username) }}"}
  - sign_in_password: {username: "{{ username }}", password: Qa-Passw0rd!1}
  - get_user:
"""


def _clicks(local: LocalTarget) -> FlowRun:
    run = run_flow(parse_flow(CLICKS, "clicks.yaml"), local.target(), extra_target=local.to_json())
    assert run.passed, [(o.step.title, o.failures) for o in run.failed]
    return run


def _records(run: FlowRun) -> list[CallRecord]:
    return [r for o in run.outcomes for r in o.records]


def test_a_wrong_code_stays_wrong_and_another_client_is_kept(local: LocalTarget) -> None:
    clicked = _clicks(local)
    text = flow_from_records(_records(clicked), "saved", clients=local_clients(local.to_json()))
    assert "999999" not in text and local.client_secret not in text
    assert local.client_id_with_secret not in text  # regenerated per start: by its name
    data = yaml.safe_load(text)
    assert data["target"] == {
        "client_id": "{{ target.client_id_with_secret }}",
        "client_secret": "{{ target.client_secret }}",
    }
    wrong, right = data["steps"][1], data["steps"][2]
    assert wrong["confirm_sign_up"]["code"] == "000000"
    assert wrong["expect"] == {"error": "CodeMismatchException"}
    assert right["confirm_sign_up"]["code"] == "{{ outbox.last_code(username) }}"
    # The replay makes the same calls with the same client, and passes.
    # (a user of its own: the saved flow signs up the same name again)
    user = clicked.variables["username"]
    assert f"  username: {user}\n" in text
    flow = parse_flow(text.replace(f"  username: {user}\n", '  username: "qa2-{{ run.id }}"\n'))
    replay = run_flow(flow, local.target(), extra_target=local.to_json())
    assert replay.passed, [(o.step.title, o.failures) for o in replay.failed]
    assert {r.target.client_id for r in _records(replay) if r.target} == {
        local.client_id_with_secret
    }


def test_a_client_that_is_not_the_locals_is_noted() -> None:
    from cognito_bench.aws.target import Target

    records = []
    for client in ("client-a", "client-b"):
        record = CallRecord(
            operation="GetUser", target=Target(client_id=client, user_pool_id="us-east-1_x")
        )
        record.step = {"name": "get_user", "inputs": {}, "call": client}
        records.append(record)
    text = flow_from_records(records, "two clients")
    assert "# Note: these calls used 2 app clients" in text
    parse_flow(text)


def test_a_secret_that_is_not_a_code_comes_from_the_environment() -> None:
    record = CallRecord(operation="AddUserPoolClientSecret")
    record.step = {
        "name": "admin_add_client_secret",
        "inputs": {"secret": "secret:0123abcd"},
        "call": "c1",
    }
    text = flow_from_records([record], "client secret")
    assert "outbox" not in text
    step = yaml.safe_load(text)["steps"][0]
    assert step["admin_add_client_secret"] == {"secret": "{{ env.QA_CLIENT_SECRET_2 }}"}
    assert "QA_CLIENT_SECRET_2" in text.splitlines()[1]  # named in the header
    parse_flow(text)
