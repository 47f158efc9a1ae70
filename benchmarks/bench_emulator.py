"""The embedded local Cognito: time to first answer, and the cost of its fidelity layer.

Rows:
- ready after start: a fresh Python process imports the emulator, starts and seeds it, and
  gets its first HTTP answer; absolute budget 1 s. Baseline: the same for bare moto's
  ``ThreadedMotoServer`` (no seeding), measured in the same run.
- sign-up → confirm → SRP sign-in: the whole flow through boto3 and pycognito against the
  emulator (code read from its outbox over HTTP, SRP proof checked) against the same flow on
  bare moto in this process (any code, no proof); budget 3x.
"""

from __future__ import annotations

import logging
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any

from benchmarks.runner import Row

RUNS = 3
FLOWS = 15
# Not a secret: the password of throwaway benchmark users.
PASSWORD = "Bench-Passw0rd!"  # noqa: S105

_EMULATOR_START = """
import time, urllib.request
t0 = time.perf_counter()
from cognito_bench.emulator import LocalCognito
emulator = LocalCognito()
target = emulator.start()
with urllib.request.urlopen(target.outbox_url, timeout=10) as r:
    r.read()
print((time.perf_counter() - t0) * 1000)
emulator.stop()
"""

_MOTO_START = """
import time, urllib.request
t0 = time.perf_counter()
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
with urllib.request.urlopen(f"http://{host}:{port}/moto-api/data.json", timeout=10) as r:
    r.read()
print((time.perf_counter() - t0) * 1000)
server.stop()
"""


def _child_ms(code: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return float(out.stdout.strip().splitlines()[-1])


def _ready_row() -> Row:
    ours = statistics.median(_child_ms(_EMULATOR_START) for _ in range(RUNS))
    moto = statistics.median(_child_ms(_MOTO_START) for _ in range(RUNS))
    return Row(
        "emulator ready after start (import, serve, seed, first answer)",
        ours,
        f"bare moto ThreadedMotoServer {moto:.0f} ms",
        "ms",
        1000.0,
    )


def _flow(idp: Any, pool_id: str, client_id: str, code_of: Callable[[str], str]) -> float:
    from pycognito.aws_srp import AWSSRP

    username = f"bench-{uuid.uuid4().hex[:10]}"
    start = time.perf_counter()
    idp.sign_up(
        ClientId=client_id,
        Username=username,
        Password=PASSWORD,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
    )
    idp.confirm_sign_up(ClientId=client_id, Username=username, ConfirmationCode=code_of(username))
    result = AWSSRP(username, PASSWORD, pool_id, client_id, client=idp).authenticate_user()
    elapsed = time.perf_counter() - start
    assert "AuthenticationResult" in result
    return elapsed


def _flow_row() -> Row:
    import json

    from moto.server import ThreadedMotoServer

    from cognito_bench.emulator import LocalCognito, local_client

    # bare moto's request handler logs every request through werkzeug's logger
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    emulator = LocalCognito()
    target = emulator.start()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        moto_idp = local_client("cognito-idp", f"http://{host}:{port}")
        pool_id = moto_idp.create_user_pool(
            PoolName="bench-bare", AutoVerifiedAttributes=["email"]
        )["UserPool"]["Id"]
        moto_client = moto_idp.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="bare",
            ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]["ClientId"]
        our_idp = local_client("cognito-idp", target.endpoint_url)

        def outbox_code(username: str) -> str:
            url = f"{target.outbox_url}?username={username}"
            with urllib.request.urlopen(url, timeout=10) as response:
                code: str = json.loads(response.read())[-1]["code"]
            return code

        # one warm-up each: first requests load moto modules and make the signing key
        _flow(our_idp, target.user_pool_id, target.client_id, outbox_code)
        _flow(moto_idp, pool_id, moto_client, lambda _: "123456")
        ours, bare = [], []
        for _ in range(FLOWS):
            ours.append(_flow(our_idp, target.user_pool_id, target.client_id, outbox_code))
            bare.append(_flow(moto_idp, pool_id, moto_client, lambda _: "123456"))
    finally:
        server.stop()
        emulator.stop()
    ours_ms = statistics.median(ours) * 1000
    bare_ms = statistics.median(bare) * 1000
    return Row(
        "sign-up -> confirm -> SRP sign-in (emulator / bare moto)",
        ours_ms / bare_ms,
        f"bare moto {bare_ms:.0f} ms, emulator {ours_ms:.0f} ms (median of {FLOWS})",
        "x",
        3.0,
    )


def run() -> list[Row]:
    """The emulator's rows for ``make bench``."""
    return [_ready_row(), _flow_row()]
