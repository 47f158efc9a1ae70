"""Lockout after failed password sign-ins, as the Cognito developer guide describes it.

"After five failed sign-in attempts with a user's password ... Amazon Cognito locks out your
user for one second. The lockout duration then doubles after each additional one failed
attempt, up to a maximum of approximately 15 minutes. Attempts made during a lockout period
generate a Password attempts exceeded exception, and don't affect the duration of subsequent
lockout periods." Every test makes its own user on the emulator whose clock it moves.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Callable
from typing import Any

import pytest
from pycognito.aws_srp import AWSSRP

from cognito_bench.emulator.state import LOCKOUT_MAX_SECONDS, EmulatorState
from tests.emulator.conftest import Clocked, User, error_of, make_user

WRONG = "Wrong-Passw0rd!"
INCORRECT = ("NotAuthorizedException", "Incorrect username or password.")
EXCEEDED = ("NotAuthorizedException", "Password attempts exceeded")
SignIn = Callable[[str], Any]


def _password(clocked: Clocked, user: User) -> SignIn:
    def sign_in(password: str) -> Any:
        return clocked.idp.initiate_auth(
            ClientId=clocked.target.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.username, "PASSWORD": password},
        )

    return sign_in


def _admin(clocked: Clocked, user: User) -> SignIn:
    target = clocked.target
    digest = hmac.new(
        target.client_secret.encode(),
        (user.username + target.client_id_with_secret).encode(),
        hashlib.sha256,
    ).digest()

    def sign_in(password: str) -> Any:
        return clocked.idp.admin_initiate_auth(
            UserPoolId=target.user_pool_id,
            ClientId=target.client_id_with_secret,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={
                "USERNAME": user.username,
                "PASSWORD": password,
                "SECRET_HASH": base64.b64encode(digest).decode(),
            },
        )

    return sign_in


def _srp(clocked: Clocked, user: User) -> SignIn:
    target = clocked.target

    def sign_in(password: str) -> Any:
        srp = AWSSRP(
            user.username, password, target.user_pool_id, target.client_id, client=clocked.idp
        )
        return srp.authenticate_user()

    return sign_in


FLOWS = {"USER_PASSWORD_AUTH": _password, "ADMIN_USER_PASSWORD_AUTH": _admin, "SRP": _srp}


def _fail(sign_in: SignIn, times: int) -> None:
    for _ in range(times):
        assert error_of(lambda: sign_in(WRONG)) == INCORRECT


def _tokens(sign_in: SignIn, password: str) -> dict[str, Any]:
    result: dict[str, Any] = sign_in(password)["AuthenticationResult"]
    assert result["AccessToken"]
    return result


@pytest.mark.parametrize("flow", list(FLOWS))
def test_five_failures_lock_the_user_out_for_a_second(clocked: Clocked, flow: str) -> None:
    user = make_user(clocked.target, clocked.idp)
    sign_in = FLOWS[flow](clocked, user)
    _fail(sign_in, 4)
    _tokens(sign_in, user.password)  # not locked after four; and the count starts again
    _fail(sign_in, 5)
    # locked out: even the right password is refused, with Cognito's message
    assert error_of(lambda: sign_in(user.password)) == EXCEEDED
    assert error_of(lambda: sign_in(WRONG)) == EXCEEDED
    clocked.clock.advance(1.05)
    _tokens(sign_in, user.password)
    # a successful sign-in after the lockout resets the count: one failure locks nothing
    _fail(sign_in, 1)
    _tokens(sign_in, user.password)


def test_each_further_failure_doubles_the_lockout(clocked: Clocked) -> None:
    user = make_user(clocked.target, clocked.idp)
    sign_in = _password(clocked, user)
    _fail(sign_in, 5)  # n=5: 1 s
    clocked.clock.advance(1.05)
    for seconds in (2.0, 4.0, 8.0):  # n=6, 7, 8
        _fail(sign_in, 1)  # "Incorrect", not "exceeded": the previous lockout is over
        clocked.clock.advance(seconds * 0.75)  # longer than the previous lockout ...
        assert error_of(lambda: sign_in(user.password)) == EXCEEDED
        clocked.clock.advance(seconds * 0.25 + 0.05)  # ... and over after 2^(n-5) s
    _tokens(sign_in, user.password)


def test_attempts_during_a_lockout_do_not_lengthen_it(clocked: Clocked) -> None:
    user = make_user(clocked.target, clocked.idp)
    sign_in = _password(clocked, user)
    _fail(sign_in, 5)
    for _ in range(3):
        assert error_of(lambda: sign_in(WRONG)) == EXCEEDED
        clocked.clock.advance(0.15)
    clocked.clock.advance(0.6)
    _tokens(sign_in, user.password)


def test_failures_count_across_flows(clocked: Clocked) -> None:
    user = make_user(clocked.target, clocked.idp)
    _fail(_password(clocked, user), 2)
    _fail(_srp(clocked, user), 2)
    _fail(_admin(clocked, user), 1)
    assert error_of(lambda: _srp(clocked, user)(user.password)) == EXCEEDED
    assert error_of(lambda: _admin(clocked, user)(user.password)) == EXCEEDED


def test_the_lockout_is_per_user(clocked: Clocked) -> None:
    locked, other = make_user(clocked.target, clocked.idp), make_user(clocked.target, clocked.idp)
    _fail(_password(clocked, locked), 5)
    assert error_of(lambda: _password(clocked, locked)(locked.password)) == EXCEEDED
    _tokens(_password(clocked, other), other.password)


def test_fifteen_quiet_minutes_after_a_lockout_reset_the_count(clocked: Clocked) -> None:
    user = make_user(clocked.target, clocked.idp)
    sign_in = _password(clocked, user)
    _fail(sign_in, 5)
    clocked.clock.advance(15 * 60 + 1)
    # back to n=0: this failure is the first, so no lockout follows it
    _fail(sign_in, 1)
    _tokens(sign_in, user.password)


def test_without_quiet_minutes_the_count_goes_on(clocked: Clocked) -> None:
    user = make_user(clocked.target, clocked.idp)
    sign_in = _password(clocked, user)
    _fail(sign_in, 5)
    clocked.clock.advance(14 * 60)
    _fail(sign_in, 1)  # n=6: locked for 2 s
    assert error_of(lambda: sign_in(user.password)) == EXCEEDED


def test_the_lockout_stops_growing_at_about_fifteen_minutes() -> None:
    now = [1_000_000.0]
    state = EmulatorState(lambda: now[0])
    durations = []
    for _ in range(20):
        lock = state.password_failed("pool", "dana")
        durations.append(max(lock.locked_until - now[0], 0))
        now[0] += durations[-1] + 1
    assert durations[:4] == [0, 0, 0, 0]
    assert durations[4:9] == [1, 2, 4, 8, 16]
    assert max(durations) == LOCKOUT_MAX_SECONDS == 900
    assert durations[-1] == LOCKOUT_MAX_SECONDS
    state.password_ok("pool", "dana")
    state.check_lockout("pool", "dana")  # no error: the count is gone
    assert ("pool", "dana") not in state.lockouts
