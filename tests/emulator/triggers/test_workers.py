"""The worker processes on their own: answers, captured output, Lambda's handler styles, the
time limit, and the emulator's lock released while a handler runs."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cognito_bench.emulator.triggers.workers import WorkerPool


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    workers = WorkerPool(timeout=2.0)
    yield workers
    workers.close()


def _needs_node() -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")


def test_python_answer_and_output(pool: WorkerPool, tmp_path: Path) -> None:
    handler = tmp_path / "h.py"
    handler.write_text(
        "import logging\n"
        "def handler(event, context):\n"
        "    print('printed', context.function_name, context.get_remaining_time_in_millis() > 0)\n"
        "    logging.getLogger().warning('logged')\n"
        "    return {**event, 'response': {'n': event['n'] + 1}}\n",
        encoding="utf-8",
    )
    reply = pool.call("python", handler, "handler", {"n": 1}, {"function_name": "bench-X"})
    assert reply.ok and reply.result == {"n": 1, "response": {"n": 2}}
    assert "printed bench-X True" in reply.logs and "logged" in reply.logs


def test_python_errors_show_the_handlers_traceback(pool: WorkerPool, tmp_path: Path) -> None:
    handler = tmp_path / "h.py"
    handler.write_text("def handler(event, context):\n    raise KeyError('k')\n", encoding="utf-8")
    reply = pool.call("python", handler, "handler", {}, {})
    assert (reply.ok, reply.error_type, reply.stage) == (False, "KeyError", "handler")
    assert 'h.py", line 2, in handler' in reply.logs
    assert "pyworker" not in reply.logs


def test_an_answer_that_is_not_json(pool: WorkerPool, tmp_path: Path) -> None:
    handler = tmp_path / "h.py"
    handler.write_text("def handler(event, context):\n    return object()\n", encoding="utf-8")
    reply = pool.call("python", handler, "handler", {}, {})
    assert (reply.ok, reply.error_type, reply.stage) == (False, "Runtime.MarshalError", "output")


@pytest.mark.parametrize(
    "source",
    [
        "exports.handler = (event, context, callback) => callback(null, {via: 'callback'});",
        "exports.handler = (event, context) => context.succeed({via: 'succeed'});",
        "exports.handler = async (event) => ({via: 'async'});",
        "exports.handler = (event) => Promise.resolve({via: 'promise'});",
    ],
)
def test_node_handler_styles(pool: WorkerPool, tmp_path: Path, source: str) -> None:
    _needs_node()
    handler = tmp_path / "h.cjs"
    handler.write_text(source, encoding="utf-8")
    reply = pool.call("node", handler, "handler", {}, {})
    assert reply.ok, reply
    assert reply.result["via"] in source


def test_node_errors_and_output(pool: WorkerPool, tmp_path: Path) -> None:
    _needs_node()
    handler = tmp_path / "h.js"
    handler.write_text(
        "exports.handler = async () => { console.log('before', {a: 1}); "
        "throw new TypeError('bad'); };",
        encoding="utf-8",
    )
    reply = pool.call("node", handler, "handler", {}, {})
    assert (reply.ok, reply.error_type, reply.error_message) == (False, "TypeError", "bad")
    assert "before { a: 1 }" in reply.logs


def test_the_limit_kills_and_the_pool_recovers(pool: WorkerPool, tmp_path: Path) -> None:
    handler = tmp_path / "h.py"
    handler.write_text(
        "import time\n"
        "def slow(event, context):\n    time.sleep(60)\n"
        "def fast(event, context):\n    return event\n",
        encoding="utf-8",
    )
    pool.timeout = 0.5
    reply = pool.call("python", handler, "slow", {}, {})
    assert (reply.ok, reply.stage) == (False, "timeout")
    assert 400 < reply.ms < 2000
    assert pool.call("python", handler, "fast", {"ok": 1}, {}).result == {"ok": 1}


def test_warm_workers_answer_fast(pool: WorkerPool, tmp_path: Path) -> None:
    handler = tmp_path / "h.py"
    handler.write_text("def handler(event, context):\n    return event\n", encoding="utf-8")
    pool.warm("python", handler)
    pool.call("python", handler, "handler", {}, {})
    started = time.perf_counter()
    for _ in range(20):
        assert pool.call("python", handler, "handler", {}, {}).ok
    assert (time.perf_counter() - started) / 20 < 0.05


def test_the_lock_is_free_while_a_handler_runs(tmp_path: Path) -> None:
    lock = threading.RLock()
    pool = WorkerPool(lock, timeout=5.0)
    handler = tmp_path / "h.py"
    handler.write_text(
        "import time\ndef handler(event, context):\n    time.sleep(0.5)\n    return event\n",
        encoding="utf-8",
    )
    taken: list[float] = []

    def other_request() -> None:
        time.sleep(0.1)
        with lock:
            taken.append(time.perf_counter())

    thread = threading.Thread(target=other_request)
    try:
        with lock, lock:  # held twice, as an operation calling a helper holds it
            thread.start()
            reply = pool.call("python", handler, "handler", {}, {})
            finished = time.perf_counter()
        thread.join(5)
        assert reply.ok
        assert taken and taken[0] < finished  # the other request ran during the handler
    finally:
        pool.close()
