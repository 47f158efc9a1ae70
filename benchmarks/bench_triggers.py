"""Lambda triggers: what a warm Python handler adds to a sign-in.

Row:
- sign-in with a Python PreTokenGeneration trigger / without: USER_PASSWORD_AUTH through
  boto3 against one emulator, the trigger (a V2_0 handler adding a claim to each token) wired
  and unwired in turns, so both sides share the run's conditions; budget 2x. The handler runs
  in a warm worker process (a pipe round trip, about half a millisecond) and its claims go into
  the tokens as they are signed (signing them twice cost 0.3x more). Measured here: 1.1-1.3x.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.runner import Row

ROUNDS = 40
# Not a secret: the password of throwaway benchmark users.
PASSWORD = "Bench-Passw0rd!"  # noqa: S105
HANDLER = """
def handler(event, context):
    event["response"]["claimsAndScopeOverrideDetails"] = {
        "idTokenGeneration": {"claimsToAddOrOverride": {"tenant": "bench"}},
        "accessTokenGeneration": {"claimsToAddOrOverride": {"plan": "pro"}},
    }
    return event
"""


def _sign_in(idp: Any, client_id: str, username: str) -> float:
    started = time.perf_counter()
    result = idp.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
    )
    elapsed = time.perf_counter() - started
    assert "AuthenticationResult" in result
    return elapsed


def _trigger_row() -> Row:
    from cognito_bench.emulator import LocalCognito, local_client
    from cognito_bench.emulator.triggers import TriggerConfig

    with tempfile.TemporaryDirectory(prefix="bench-triggers-") as tmp:
        handler = Path(tmp) / "claims.py"
        handler.write_text(HANDLER, encoding="utf-8")
        wired = TriggerConfig.parse([f"PreTokenGeneration={handler}"])
        emulator = LocalCognito()
        target = emulator.start()
        try:
            idp = local_client("cognito-idp", target.endpoint_url)
            username = f"bench-{uuid.uuid4().hex[:10]}"
            idp.admin_create_user(
                UserPoolId=target.user_pool_id, Username=username, MessageAction="SUPPRESS"
            )
            idp.admin_set_user_password(
                UserPoolId=target.user_pool_id, Username=username, Password=PASSWORD, Permanent=True
            )
            with_trigger, without = [], []
            for turn in range(ROUNDS + 2):  # the first round of each warms up
                emulator.set_triggers(wired)
                took = _sign_in(idp, target.client_id, username)
                if turn >= 2:
                    with_trigger.append(took)
                emulator.set_triggers(TriggerConfig())
                took = _sign_in(idp, target.client_id, username)
                if turn >= 2:
                    without.append(took)
        finally:
            emulator.stop()
    ours = statistics.median(with_trigger) * 1000
    bare = statistics.median(without) * 1000
    return Row(
        "sign-in with a Python PreTokenGeneration trigger / without",
        ours / bare,
        f"without {bare:.1f} ms, with {ours:.1f} ms (median of {ROUNDS})",
        "x",
        2.0,
    )


def run() -> list[Row]:
    """The trigger rows for ``make bench``."""
    return [_trigger_row()]
