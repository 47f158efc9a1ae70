"""A call's trigger invocations in the history: the password a UserMigration event carries
(and a handler that prints it) never reaches a file; the rest of the invocation does."""

from __future__ import annotations

import json
from pathlib import Path

from cognito_bench.aws import UserPoolCalls
from cognito_bench.emulator import LocalCognito
from cognito_bench.emulator.triggers import TriggerConfig
from cognito_bench.store import AppPaths, BenchStore
from tests.store.conftest import MemoryKeyring

PASSWORD = "Legacy-Passw0rd!"


def test_trigger_invocations_are_kept_masked(
    bench_home: Path, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    handler = tmp_path / "migrate.py"
    handler.write_text(
        "def handler(event, context):\n"
        "    print('migrating with', event['request']['password'])\n"
        "    event['response']['userAttributes'] = {'email': 'm@example.com'}\n"
        "    return event\n",
        encoding="utf-8",
    )
    with LocalCognito(triggers=TriggerConfig.parse([f"UserMigration={handler}"])) as local:
        record = UserPoolCalls(local.target()).sign_in_password("legacy-m", PASSWORD)
    assert record.ok, record.one_line()
    (invocation,) = record.triggers
    assert invocation["triggerSource"] == "UserMigration_Authentication"
    assert invocation["event"]["request"]["password"] != PASSWORD
    assert invocation["logs"] == "migrating with ***\n"
    assert record.to_json()["triggers"] == record.triggers
    bench = BenchStore(AppPaths.default().ensure())
    row = bench.record_call("local", record.to_json(), url=local.endpoint_url)
    entry = bench.history.get(row.id)
    assert entry is not None
    stored = entry.record["triggers"]
    assert stored[0]["kind"] == "UserMigration"
    assert stored[0]["logs"] == "migrating with ***\n"
    bench.close()
    leaks = [
        p for p in bench_home.rglob("*") if p.is_file() and PASSWORD.encode() in p.read_bytes()
    ]
    assert leaks == []
    assert json.dumps(stored)  # JSON all the way
