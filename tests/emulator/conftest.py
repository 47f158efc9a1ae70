"""Fixtures for the emulator tests: boto3 clients on the shared emulator, fresh users, a clock."""

from __future__ import annotations

import json
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cognito_bench.emulator import LocalCognito, LocalTarget, local_client

#: Meets the demo pool's policy.
PASSWORD = "Emu-Passw0rd!"


def unique(prefix: str = "emu") -> str:
    """A username no other test uses (the emulator is shared by the whole session)."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def error_of(call: Callable[[], Any]) -> tuple[str, str]:
    """(code, message) of the ClientError ``call`` raises; fails the test if it succeeds."""
    with pytest.raises(ClientError) as info:
        call()
    error = info.value.response["Error"]
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return error["Code"], error["Message"]


def wrong_code(code: str) -> str:
    """A six-digit code that is not ``code``."""
    return f"{(int(code) + 1) % 10**6:06d}"


def get_json(url: str) -> Any:
    """GET ``url`` and parse the JSON body."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def outbox_code(target: LocalTarget, username: str, purpose: str | None = None) -> str:
    """The newest code the emulator sent to ``username``, read over HTTP."""
    messages = get_json(f"{target.outbox_url}?username={username}")
    matching = [m for m in messages if purpose is None or m["purpose"] == purpose]
    assert matching, f"no {purpose or ''} code for {username} in the outbox"
    code: str = matching[-1]["code"]
    return code


@pytest.fixture(scope="session")
def idp(local: LocalTarget) -> Any:
    """One boto3 client for the session (making one costs a few hundred ms)."""
    return local_client("cognito-idp", local.endpoint_url)


@pytest.fixture(scope="session")
def identity(local: LocalTarget) -> Any:
    return local_client("cognito-identity", local.endpoint_url)


@dataclass
class User:
    """A confirmed user of the demo pool made for one test."""

    username: str
    password: str
    email: str


def make_user(target: LocalTarget, idp: Any, *, confirm: bool = True, **attrs: str) -> User:
    """Sign up through the public API and confirm with the outbox code."""
    username = unique()
    email = attrs.pop("email", f"{username}@example.com")
    attributes = [{"Name": "email", "Value": email}] + [
        {"Name": k, "Value": v} for k, v in attrs.items()
    ]
    idp.sign_up(
        ClientId=target.client_id, Username=username, Password=PASSWORD, UserAttributes=attributes
    )
    if confirm:
        idp.confirm_sign_up(
            ClientId=target.client_id,
            Username=username,
            ConfirmationCode=outbox_code(target, username, "SIGN_UP"),
        )
    return User(username, PASSWORD, email)


@pytest.fixture
def user(local: LocalTarget, idp: Any) -> User:
    return make_user(local, idp)


def password_sign_in(target: LocalTarget, idp: Any, user: User) -> dict[str, Any]:
    """USER_PASSWORD_AUTH; the whole response."""
    response: dict[str, Any] = idp.initiate_auth(
        ClientId=target.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
    )
    return response


class Clock:
    """Epoch seconds that a test can move forward."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass
class Clocked:
    """A second emulator whose clock the test controls."""

    emulator: LocalCognito
    target: LocalTarget
    clock: Clock
    idp: Any


@pytest.fixture(scope="session")
def clocked() -> Iterator[Clocked]:
    clock = Clock()
    emulator = LocalCognito(clock=clock)
    target = emulator.start()
    try:
        yield Clocked(emulator, target, clock, local_client("cognito-idp", target.endpoint_url))
    finally:
        emulator.stop()
