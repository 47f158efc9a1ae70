"""Load: the local Cognito's sign-ins per second under Locust, and Locust's cost as a driver.

The layout is ``cognito-bench load --local``'s: the local Cognito serves from this process
(its threads), the load comes from another (the Locust child; the baseline's threads), so
the server and the load generator each have a core of this two-core machine. Both drive
the same password sign-in (``InitiateAuth`` with ``USER_PASSWORD_AUTH``) of 40 users, in
the same run, against the same server.

Rows:
- password sign-ins per second under Locust (16 users, a flow of one ``sign_in_password``
  step, data rows handing out the users) against Cognito's default UserAuthentication
  quota of 120 per second; aim at least 2x: the local Cognito can show a load test the
  quota's knee, and well past it.
- the same sign-ins per second driven by Locust against a plain loop of 16 threads calling
  boto3's ``initiate_auth`` in a process of their own; budget at least 0.8x (the flows
  engine renders, records and checks each step; Locust counts it).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.runner import Row

USERS = 40
THREADS = 16
SECONDS = 8.0
QUOTA = 120.0
# Not a secret: the password of throwaway benchmark users.
PASSWORD = "Bench-Passw0rd!1"  # noqa: S105

FLOW = """\
name: password sign-in
steps:
  - sign_in_password: {username: "{{ username }}", password: "Bench-Passw0rd!1"}
"""

_THREADED_LOOP = """
import json, sys, threading, time
from cognito_bench.aws.clients import make_client
from cognito_bench.aws.target import Target
target = Target.from_json(json.loads(sys.argv[1]))
names, seconds, threads = json.loads(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
counts = [0] * threads
def work(k):
    client = make_client("cognito-idp", target)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        client.initiate_auth(
            ClientId=target.client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": names[k % len(names)], "PASSWORD": sys.argv[5]},
        )
        counts[k] += 1
pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
t0 = time.perf_counter()
for t in pool: t.start()
for t in pool: t.join()
print(sum(counts) / (time.perf_counter() - t0))
"""


def _users(target: object) -> list[str]:
    from cognito_bench.aws.clients import make_client
    from cognito_bench.aws.target import Target

    assert isinstance(target, Target)
    admin = make_client("cognito-idp", target)
    names = [f"load-{i}" for i in range(USERS)]
    for name in names:
        admin.admin_create_user(
            UserPoolId=target.user_pool_id, Username=name, MessageAction="SUPPRESS"
        )
        admin.admin_set_user_password(
            UserPoolId=target.user_pool_id, Username=name, Password=PASSWORD, Permanent=True
        )
    return names


def _threaded(target_json: dict[str, str], names: list[str]) -> float:
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _THREADED_LOOP,
            json.dumps(target_json),
            json.dumps(names),
            str(SECONDS),
            str(THREADS),
            PASSWORD,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _locust(target: object, extras: dict[str, str], names: list[str], folder: Path) -> float:
    from cognito_bench.aws.target import Target
    from cognito_bench.load.spec import LoadSpec, start_child

    assert isinstance(target, Target)
    flow = folder / "sign-in.yaml"
    flow.write_text(FLOW, encoding="utf-8")
    prefix = folder / "run"
    spec = LoadSpec(
        flow_path=str(flow),
        users=THREADS,
        spawn_rate=THREADS,
        run_time=SECONDS,
        rows=[{"username": n} for n in names],
        target=LoadSpec.target_fields(target),
        extras=extras,
        csv_prefix=str(prefix),
    )
    child = start_child(spec, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    code = child.wait(timeout=120)
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        total = next(r for r in csv.DictReader(handle) if r["Name"] == "Aggregated")
    if code != 0 or int(total["Failure Count"]):
        raise RuntimeError(f"the load run failed (exit {code}, {total['Failure Count']} failures)")
    return float(total["Requests/s"])


def run() -> list[Row]:
    from cognito_bench.emulator import LocalCognito

    with LocalCognito() as local, tempfile.TemporaryDirectory() as tmp:
        target = local.target()
        extras = {k: v for k, v in local.to_json().items() if isinstance(v, str)}
        names = _users(target)
        threaded = _threaded(local.to_json(), names)
        locust = _locust(target, extras, names, Path(tmp))
    return [
        Row(
            "local Cognito password sign-ins/s under Locust vs Cognito's default quota",
            locust / QUOTA,
            f"quota {QUOTA:g}/s; Locust drove {locust:.0f}/s",
            "x",
            2.0,
            higher_is_better=True,
        ),
        Row(
            "Locust-driven sign-ins/s vs a threaded boto3 loop (same server, same run)",
            locust / threaded,
            f"{THREADS} threads of boto3: {threaded:.0f}/s; Locust: {locust:.0f}/s",
            "x",
            0.8,
            higher_is_better=True,
        ),
    ]
