"""The request gate: the local Cognito runs one request's Python at a time, and never deadlocks
(a trigger's handler that calls the local Cognito back is served while its caller waits)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from cognito_bench.emulator import LocalCognito, local_client
from cognito_bench.emulator.gate import RequestGate
from cognito_bench.emulator.triggers import TriggerConfig
from tests.emulator.conftest import PASSWORD, unique


def test_one_request_at_a_time_and_the_waiting_one_goes_next() -> None:
    gate = RequestGate(patience=10)
    order: list[str] = []
    inside = threading.Event()

    def second() -> None:
        with gate.held():
            order.append("second")

    with gate.held():
        order.append("first")
        thread = threading.Thread(target=second)
        thread.start()
        inside.wait(0.2)
        assert order == ["first"]  # the second waits for the gate
    thread.join(5)
    assert order == ["first", "second"]


def test_let_go_lets_the_next_request_in_and_patience_ends_a_wait() -> None:
    gate = RequestGate(patience=10)
    got_in = threading.Event()

    def other() -> None:
        with gate.held():
            got_in.set()

    with gate.held():
        thread = threading.Thread(target=other)
        thread.start()
        gate.let_go()  # waiting for something the other request must do
        assert got_in.wait(5)
        thread.join(5)
    impatient = RequestGate(patience=0.05)
    with impatient.held():
        started = time.monotonic()
        done = threading.Event()
        threading.Thread(target=lambda: (impatient.enter(), done.set())).start()
        assert done.wait(5)  # it went on without the gate
        assert time.monotonic() - started < 2


def test_a_trigger_that_calls_the_local_cognito_back_is_served(tmp_path: Path) -> None:
    # PostConfirmation adds the user to a group through the local Cognito's own API, while
    # ConfirmSignUp, which runs the trigger, waits for it.
    handler = tmp_path / "post_confirmation.py"
    handler.write_text(
        "import boto3\n"
        "def handler(event, context):\n"
        "    idp = boto3.client('cognito-idp')\n"
        "    idp.admin_add_user_to_group(UserPoolId=event['userPoolId'],\n"
        "        Username=event['userName'], GroupName='confirmed')\n"
        "    return event\n"
    )
    emulator = LocalCognito(gate=True)
    target = emulator.start()
    try:
        # Without letting go of the gate, the handler's call would wait longer than the
        # trigger's 5 seconds.
        emulator.state.gate._patience = 60
        emulator.set_triggers(TriggerConfig.parse([f"PostConfirmation={handler}"]))
        idp = local_client("cognito-idp", target.endpoint_url)
        idp.create_group(UserPoolId=target.user_pool_id, GroupName="confirmed")
        username = unique("gate")
        idp.sign_up(
            ClientId=target.client_id,
            Username=username,
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
        )
        code = next(m.code for m in reversed(emulator.outbox) if m.username == username)
        idp.confirm_sign_up(ClientId=target.client_id, Username=username, ConfirmationCode=code)
        groups = idp.admin_list_groups_for_user(UserPoolId=target.user_pool_id, Username=username)
        assert [g["GroupName"] for g in groups["Groups"]] == ["confirmed"]
    finally:
        emulator.stop()
