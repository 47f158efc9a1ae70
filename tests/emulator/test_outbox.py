"""Behaviour 10: the outbox over HTTP and in-process, newest last."""

from __future__ import annotations

import threading
from typing import Any

from cognito_bench.emulator import OutboxMessage
from tests.emulator.conftest import Clocked, get_json, make_user

FIELDS = {"id", "time", "pool_id", "username", "destination", "medium", "purpose", "code"}


def test_outbox_over_http(clocked: Clocked) -> None:
    target, idp = clocked.target, clocked.idp
    user = make_user(target, idp, confirm=False)
    idp.resend_confirmation_code(ClientId=target.client_id, Username=user.username)
    mine = get_json(f"{target.outbox_url}?username={user.username}")
    assert [m["purpose"] for m in mine] == ["SIGN_UP", "RESEND"]
    assert set(mine[0]) >= FIELDS
    assert mine[0]["id"] < mine[1]["id"]
    assert mine[0]["pool_id"] == target.user_pool_id
    assert mine[0]["medium"] == "EMAIL" and mine[0]["destination"] == user.email
    everyone = get_json(target.outbox_url)
    assert everyone[-2:] == mine


def test_outbox_in_process_with_a_subscriber(clocked: Clocked) -> None:
    seen: list[OutboxMessage] = []
    confirmed: list[str] = []
    arrived = threading.Event()

    def on_message(message: OutboxMessage) -> None:
        # a subscriber may call the emulator: it is not told under the emulator's lock
        clocked.idp.confirm_sign_up(
            ClientId=clocked.target.client_id,
            Username=message.username,
            ConfirmationCode=message.code,
        )
        confirmed.append(message.username)
        seen.append(message)
        arrived.set()

    last = clocked.emulator.outbox[-1].id if clocked.emulator.outbox else 0
    unsubscribe = clocked.emulator.subscribe(on_message)
    try:
        user = make_user(clocked.target, clocked.idp, confirm=False)
        assert arrived.wait(timeout=10)
    finally:
        unsubscribe()
    assert [m.username for m in seen] == confirmed == [user.username]
    newer = clocked.emulator.outbox_since(last)
    assert [m.code for m in newer] == [seen[0].code]
    assert clocked.emulator.outbox[-1] == seen[0]
    assert seen[0].to_json()["purpose"] == "SIGN_UP"


def test_outbox_finds_codes_by_destination(clocked: Clocked) -> None:
    user = make_user(clocked.target, clocked.idp, confirm=False)
    (message,) = get_json(f"{clocked.target.outbox_url}?username={user.email}")
    assert message["username"] == user.username


def test_outbox_is_per_emulator(local: Any, clocked: Clocked) -> None:
    user = make_user(clocked.target, clocked.idp, confirm=False)
    assert get_json(f"{local.outbox_url}?username={user.username}") == []
