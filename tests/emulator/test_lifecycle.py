"""Starting and stopping the embedded local Cognito leaves no thread running Python code."""

from __future__ import annotations

import threading

from cognito_bench.emulator import LocalCognito


def _alive(name: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == name and t.is_alive()]


def test_stop_right_after_start_waits_for_the_warm_up() -> None:
    # The warm-up makes RSA keys in cryptography's Rust code; a daemon thread the interpreter
    # ends there at exit aborts the process, so stop() lets it finish.
    emulator = LocalCognito()
    target = emulator.start()
    assert target.user_pool_id
    emulator.stop()
    assert _alive("local-cognito-warm") == []
    assert _alive("local-cognito") == []
