"""The fidelity layer's own state: code lifetimes, purging, destination masks."""

from __future__ import annotations

import pytest

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.outbox import mask_destination
from cognito_bench.emulator.state import AuthSession, Delivery, EmulatorState
from tests.emulator.conftest import Clock

EMAIL = Delivery("EMAIL", "email", "dana@example.com")


def test_a_code_is_checked_then_used_once() -> None:
    state = EmulatorState(Clock())
    code = state.issue_code("pool", "dana", "SIGN_UP", "SIGN_UP", EMAIL)
    assert state.check_code("pool", "dana", "SIGN_UP", code).delivery == EMAIL
    state.use_code("pool", "dana", "SIGN_UP")
    with pytest.raises(CognitoError) as info:
        state.check_code("pool", "dana", "SIGN_UP", code)
    assert info.value.code == "CodeMismatchException"


def test_codes_expire_by_kind() -> None:
    clock = Clock()
    state = EmulatorState(clock)
    reset = state.issue_code("pool", "dana", "FORGOT", "FORGOT_PASSWORD", EMAIL)
    signup = state.issue_code("pool", "dana", "SIGN_UP", "SIGN_UP", EMAIL)
    clock.advance(3601)
    with pytest.raises(CognitoError) as info:
        state.check_code("pool", "dana", "FORGOT", reset)
    assert info.value.code == "ExpiredCodeException"
    state.check_code("pool", "dana", "SIGN_UP", signup)
    assert state.expire_codes("dana") == 2


def test_expired_sessions_are_purged_when_many() -> None:
    clock = Clock()
    state = EmulatorState(clock)
    for _ in range(5):
        state.new_session(AuthSession("pool", "client", "dana", "SMS_MFA", clock() + 180))
    clock.advance(181)
    live = state.new_session(AuthSession("pool", "client", "dana", "SMS_MFA", clock() + 180))
    state.purge(limit=3)
    assert list(state.sessions) == [live]


@pytest.mark.parametrize(
    ("destination", "medium", "masked"),
    [
        ("dana@example.com", "EMAIL", "d***@e***"),
        ("+15555550123", "SMS", "+*******0123"),
    ],
)
def test_destinations_are_masked_like_cognito(destination: str, medium: str, masked: str) -> None:
    assert mask_destination(destination, medium) == masked
