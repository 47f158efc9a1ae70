"""Flows: what the engine costs over making the same calls directly.

Row:
- a flow run (sign up, confirm with the outbox code, SRP sign-in with expectations on the
  ID token, GetUser) against the same four calls made directly through ``UserPoolCalls``
  and the outbox over HTTP, on one local Cognito in this process, interleaved (the median
  of each pair's ratio); budget 1.10x (templates, expectations, the step view, the session).
"""

from __future__ import annotations

import json
import statistics
import time
import urllib.parse
import urllib.request
import uuid

from benchmarks.runner import Row

ROUNDS = 60
# Not a secret: the password of throwaway benchmark users.
PASSWORD = "Bench-Passw0rd!1"  # noqa: S105

FLOW = """\
name: bench
vars:
  username: "bench-{{ run.id }}"
steps:
  - sign_up: {username: "{{ username }}", password: "Bench-Passw0rd!1", email: "{{ username }}@example.com"}
  - confirm_sign_up: {username: "{{ username }}", code: "{{ outbox.last_code(username) }}"}
  - sign_in_srp: {username: "{{ username }}", password: "Bench-Passw0rd!1"}
    expect: {"tokens.id.claims.email": "{{ username }}@example.com"}
  - get_user:
    expect: {"response.Username": "{{ username }}"}
"""


def run() -> list[Row]:
    from cognito_bench.aws import UserPoolCalls, tokens_of
    from cognito_bench.emulator import LocalCognito
    from cognito_bench.flows.flowfile import parse_flow
    from cognito_bench.flows.runner import run_flow
    from cognito_bench.flows.template import new_run_id

    flow = parse_flow(FLOW)
    with LocalCognito() as local:
        target = local.target()
        calls = UserPoolCalls(target)

        def code_of(username: str) -> str:
            query = urllib.parse.urlencode({"username": username})
            with urllib.request.urlopen(f"{local.outbox_url}?{query}", timeout=10) as r:
                return str(json.loads(r.read())[-1]["code"])

        def direct() -> float:
            username = f"bench-{uuid.uuid4().hex[:12]}"
            t0 = time.perf_counter()
            assert calls.sign_up(username, PASSWORD, {"email": f"{username}@example.com"}).ok
            assert calls.confirm_sign_up(username, code_of(username)).ok
            tokens = tokens_of(calls.sign_in_srp(username, PASSWORD))
            assert tokens is not None
            assert calls.get_user(tokens.access_token).ok
            return time.perf_counter() - t0

        def flowed() -> float:
            t0 = time.perf_counter()
            done = run_flow(flow, target, run_id=new_run_id())
            assert done.passed, done.report()
            return time.perf_counter() - t0

        direct()
        flowed()  # warm: clients, compiled templates, the JWKS
        plain, engine = [], []
        for i in range(ROUNDS):
            # Each goes first in half the pairs: the second of a pair pays the first's garbage.
            if i % 2:
                engine.append(flowed())
                plain.append(direct())
            else:
                plain.append(direct())
                engine.append(flowed())
    base, ours = statistics.median(plain), statistics.median(engine)
    # The median of each round's pair: a busy moment of the machine slows both of a pair.
    ratio = statistics.median(e / p for e, p in zip(engine, plain, strict=True))
    return [
        Row(
            "flow run vs the same calls made directly (sign-up → SRP → GetUser)",
            ratio,
            f"direct calls {base * 1000:.1f} ms, flow {ours * 1000:.1f} ms",
            "x",
            1.10,
        )
    ]
