"""Starting and stopping the embedded local Cognito leaves no thread of its own running."""

from __future__ import annotations

import threading

from cognito_bench.emulator import LocalCognito


def test_stop_right_after_start_waits_for_the_warm_up() -> None:
    # The warm-up makes RSA keys in cryptography's Rust code; a daemon thread the interpreter
    # ends there at exit aborts the process, so stop() lets it finish. (Other tests' emulators
    # run threads of the same names: compare with the threads there were before.)
    before = set(threading.enumerate())
    emulator = LocalCognito()
    target = emulator.start()
    assert target.user_pool_id
    assert "local-cognito" in {t.name for t in set(threading.enumerate()) - before}
    emulator.stop()
    left = [t.name for t in set(threading.enumerate()) - before if t.is_alive()]
    assert [name for name in left if name.startswith("local-cognito")] == []
