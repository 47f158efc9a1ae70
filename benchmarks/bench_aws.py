"""aws/ benchmarks: GUI-thread stalls during SRP sign-ins, the cost of a CallRecord, and a
passkey sign-in against an SRP one.

The emulator runs in a child process (``cognito-bench local``) so that what is measured is the
client side alone: the bench's own server work would otherwise compete for the same GIL.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from pycognito.aws_srp import AWSSRP

from benchmarks.runner import Row
from cognito_bench.aws import Target, UserPoolCalls, make_client, tokens_of

__all__ = ["run"]

SIGN_INS = 10
CALLS = 200
RUNS = 5


@contextmanager
def _emulator() -> Iterator[dict[str, Any]]:
    """`cognito-bench local` in a child process; yields its JSON line."""
    child = subprocess.Popen(
        [sys.executable, "-m", "cognito_bench", "local"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        if not line:
            raise RuntimeError("cognito-bench local printed nothing")
        yield json.loads(line)
    finally:
        child.terminate()
        child.wait(timeout=10)


def _max_gap_ms(work: Callable[[], None]) -> float:
    """Largest pause of a ~1 ms main-thread tick loop while ``work`` runs in a thread."""
    done = threading.Event()

    def background() -> None:
        try:
            work()
        finally:
            done.set()

    worker = threading.Thread(target=background, name="bench-work")
    last = time.perf_counter()
    gap = 0.0
    worker.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gap = max(gap, now - last)
        last = now
    worker.join()
    return gap * 1000


def _concurrently(sign_in: Callable[[], bool]) -> Callable[[], None]:
    def work() -> None:
        with ThreadPoolExecutor(max_workers=SIGN_INS) as pool:
            results = list(pool.map(lambda _: sign_in(), range(SIGN_INS)))
        if not all(results):
            raise RuntimeError("a sign-in failed during the benchmark")

    return work


def _srp_gap(local: dict[str, Any], target: Target) -> Row:
    user = local["demo_user"]
    calls = UserPoolCalls(target)

    def bench_sign_in() -> bool:
        return tokens_of(calls.sign_in_srp(user["username"], user["password"])) is not None

    idp = make_client("cognito-idp", target)

    def pycognito_sign_in() -> bool:
        srp = AWSSRP(
            user["username"], user["password"], target.user_pool_id, target.client_id, client=idp
        )
        return "AuthenticationResult" in srp.authenticate_user()

    # Warm both paths (client creation, imports) before measuring.
    bench_sign_in()
    pycognito_sign_in()
    # Best of five for both: other processes on the machine only ever add to a gap, so the
    # smallest maximum is the one that belongs to the code under test.
    ours = min(_max_gap_ms(_concurrently(bench_sign_in)) for _ in range(RUNS))
    baseline = min(_max_gap_ms(_concurrently(pycognito_sign_in)) for _ in range(RUNS))
    return Row(
        name=f"max GUI-thread gap, {SIGN_INS} concurrent SRP sign-ins",
        figure=ours,
        baseline=f"pure pycognito AWSSRP: {baseline:.1f} ms (best of {RUNS} each)",
        unit="ms",
        budget=16.0,
    )


def _alternated_medians_ms(
    first: Callable[[], float], second: Callable[[], float], times: int
) -> tuple[float, float]:
    """Median ms of each timed callable, run ``times`` each, alternating which goes first
    (so neither always meets a warmer server or cache)."""
    a: list[float] = []
    b: list[float] = []
    for i in range(times):
        if i % 2:
            a.append(first())
            b.append(second())
        else:
            b.append(second())
            a.append(first())
    return statistics.median(a) * 1000, statistics.median(b) * 1000


def _call_overhead(local: dict[str, Any], target: Target) -> Row:
    user = local["demo_user"]
    calls = UserPoolCalls(target)
    tokens = tokens_of(calls.sign_in_password(user["username"], user["password"]))
    if tokens is None:
        raise RuntimeError("the demo user could not sign in")
    bare = make_client("cognito-idp", target)
    for _ in range(10):  # warm-up
        calls.get_user(tokens.access_token)
        bare.get_user(AccessToken=tokens.access_token)

    def timed_record() -> float:
        t0 = time.perf_counter()
        record = calls.get_user(tokens.access_token)
        elapsed = time.perf_counter() - t0
        if not record.ok:
            raise RuntimeError(record.one_line())
        return elapsed

    def timed_bare() -> float:
        t0 = time.perf_counter()
        bare.get_user(AccessToken=tokens.access_token)
        return time.perf_counter() - t0

    ours_ms, plain_ms = _alternated_medians_ms(timed_record, timed_bare, CALLS)
    return Row(
        name="GetUser as a CallRecord vs bare boto3 (median)",
        figure=ours_ms / plain_ms,
        baseline=f"bare boto3 {plain_ms:.2f} ms, record {ours_ms:.2f} ms",
        unit="x",
        budget=1.10,
    )


def _client_build(target: Target) -> Row:
    """An S3 client per click (the identity's credentials change): what building one costs."""
    import boto3

    keys = {"aws_access_key_id": "bench", "aws_secret_access_key": "bench"}

    def ours() -> float:
        t0 = time.perf_counter()
        make_client("s3", target, keys)
        return time.perf_counter() - t0

    def fresh() -> float:  # what make_client did before: a boto3 session loads every model
        t0 = time.perf_counter()
        boto3.session.Session().client(
            "s3",
            region_name=target.region,
            endpoint_url=target.endpoint_url,
            aws_access_key_id=keys["aws_access_key_id"],
            aws_secret_access_key=keys["aws_secret_access_key"],
        )
        return time.perf_counter() - t0

    ours(), fresh()  # warm-up: the shared loader's first parse, imports
    ours_ms, fresh_ms = _alternated_medians_ms(ours, fresh, 15)
    return Row(
        name="build an S3 client: shared model loader vs fresh boto3 session (median)",
        figure=ours_ms / fresh_ms,
        baseline=f"fresh session {fresh_ms:.1f} ms, ours {ours_ms:.1f} ms",
        unit="x",
        budget=0.5,
    )


def _passkey_vs_srp(local: dict[str, Any], target: Target) -> Row:
    """A passkey sign-in (USER_AUTH WEB_AUTHN: an ECDSA signature and its check) against an
    SRP sign-in (three 3072-bit exponentiations each side), one user, one emulator, same run."""
    from cognito_bench.aws.passkeys import SoftwareAuthenticator

    user = local["demo_user"]
    calls = UserPoolCalls(target)
    tokens = tokens_of(calls.sign_in_password(user["username"], user["password"]))
    if tokens is None:
        raise RuntimeError("the demo user could not sign in")
    authenticator = SoftwareAuthenticator()
    registered = calls.register_passkey(tokens.access_token, authenticator)
    if not registered.ok:
        raise RuntimeError(registered.one_line())

    def timed(sign_in: Callable[[], Any]) -> Callable[[], float]:
        def once() -> float:
            t0 = time.perf_counter()
            record = sign_in()
            elapsed = time.perf_counter() - t0
            if tokens_of(record) is None:
                raise RuntimeError(record.one_line())
            return elapsed

        return once

    passkey = timed(lambda: calls.sign_in_passkey(user["username"], authenticator))
    srp = timed(lambda: calls.sign_in_srp(user["username"], user["password"]))
    passkey(), srp()  # warm-up: fido2 and cryptography imports, the server's first of each
    passkey_ms, srp_ms = _alternated_medians_ms(passkey, srp, 30)
    return Row(
        name="passkey sign-in vs SRP sign-in, same emulator (median)",
        figure=passkey_ms / srp_ms,
        baseline=f"SRP {srp_ms:.1f} ms, passkey {passkey_ms:.1f} ms",
        unit="x",
        budget=1.0,
    )


def run() -> list[Row]:
    """The aws/ rows, against one child-process emulator."""
    with _emulator() as local:
        target = Target(
            region=local["region"],
            user_pool_id=local["user_pool_id"],
            client_id=local["client_id"],
            endpoint_url=local["endpoint_url"],
        )
        return [
            _srp_gap(local, target),
            _call_overhead(local, target),
            _client_build(target),
            _passkey_vs_srp(local, target),
        ]
