"""Calls run off the GUI thread: busy buttons, calls in flight together, clean shutdown."""

from __future__ import annotations

import asyncio
import gc
import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from pytestqt.qtbot import QtBot

from cognito_bench.ui.asyncglue import Runner, spawn
from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import TIMEOUT_MS, click, rows


def _run_script(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh interpreter with Qt offscreen."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_spawn_names_and_keeps_the_task(qtbot: QtBot, aloop: asyncio.AbstractEventLoop) -> None:
    event = asyncio.Event()

    async def wait() -> str:
        await event.wait()
        return "done"

    task = spawn(wait(), "test:wait")
    assert task.get_name() == "test:wait"
    task_id = id(task)
    del task
    gc.collect()
    live = [t for t in asyncio.all_tasks(aloop) if id(t) == task_id]
    assert live, "the loop holds tasks weakly; spawn must keep a reference"
    event.set()
    qtbot.waitUntil(live[0].done)
    assert live[0].result() == "done"


def test_runner_runs_off_the_gui_thread_and_closes(
    qtbot: QtBot, aloop: asyncio.AbstractEventLoop
) -> None:
    runner = Runner(aloop)
    gui = threading.get_ident()
    release = threading.Event()
    seen: list[int] = []

    async def call() -> None:
        seen.append(await runner.call(threading.get_ident))
        await runner.call(release.wait, 10)

    task = runner.spawn(call(), "test:call")
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0] != gui
    assert runner.in_flight == 1
    runner.close()
    release.set()
    qtbot.waitUntil(task.done)
    assert task.cancelled()
    assert runner.in_flight == 0
    with pytest.raises(RuntimeError):
        runner.spawn(call(), "after-close")


def test_sign_in_clicked_twice_quickly_makes_two_rows(qtbot: QtBot, window: MainWindow) -> None:
    button = window.buttons["signInSrp"]
    click(qtbot, window, "signInSrpButton")
    assert button.running == 1 and button.property("busy") is True
    assert button.text().startswith("SRP …")
    click(qtbot, window, "signInSrpButton")  # still clickable while busy
    assert button.running == 2 and "×2" in button.text()
    qtbot.waitUntil(lambda: rows(window) == 2, timeout=TIMEOUT_MS)
    records = window.records
    assert [r.ok for r in records] == [True, True], [r.one_line() for r in records]
    assert (
        records[0].response["AuthenticationResult"]["AccessToken"]
        != (records[1].response["AuthenticationResult"]["AccessToken"])
    )
    qtbot.waitUntil(lambda: button.running == 0)
    assert button.property("busy") is False
    assert button.text() == "SRP"


def test_closing_mid_call_cancels_and_drops_the_result(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window, "signInSrpButton")
    click(qtbot, window, "getUserButton")
    assert window.runner.in_flight >= 2
    window.close()
    assert window.runner.closed
    qtbot.waitUntil(lambda: window.runner.in_flight == 0, timeout=TIMEOUT_MS)
    assert rows(window) == 0
    assert window.buttons["signInSrp"].running == 0
    window.run_action("signInSrp")  # ignored once closed
    assert window.runner.in_flight == 0


def test_app_closed_mid_call_exits_cleanly(tmp_path: object) -> None:
    """The real start-up path: own local Cognito, a sign-in in flight, then close."""
    script = textwrap.dedent(
        """
        import sys
        from cognito_bench.ui.app import run_app

        def shown(window):
            def ready(_target):
                window.run_action("signInSrp")
                window.run_action("signInPassword")
                window.close()
            window.local_ready.connect(ready)

        sys.exit(run_app(local=True, on_shown=shown))
        """
    )
    done = _run_script(script)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "Task was destroyed" not in done.stderr


def test_daemon_pool_runs_queues_and_cancels() -> None:
    from cognito_bench.ui.asyncglue import DaemonPool

    pool = DaemonPool(2, "test")
    release = threading.Event()
    running = [pool.submit(release.wait, 10) for _ in range(2)]
    queued = pool.submit(lambda: "late")
    assert not queued.done()
    release.set()
    assert [f.result(timeout=5) for f in running] == [True, True]
    assert queued.result(timeout=5) == "late"
    assert pool.submit(lambda: 1 + 1).result(timeout=5) == 2  # threads are reused
    failing = pool.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing.result(timeout=5)
    blocker = threading.Event()
    started = threading.Semaphore(0)

    def hang() -> bool:
        started.release()
        return blocker.wait(30)

    stuck, stuck2 = pool.submit(hang), pool.submit(hang)
    assert started.acquire(timeout=5) and started.acquire(timeout=5)
    never = pool.submit(lambda: "never")
    pool.shutdown()
    assert never.cancelled()
    with pytest.raises(RuntimeError):
        pool.submit(lambda: None)
    assert not pool.wait_idle(0.05)  # both calls still run
    blocker.set()
    assert pool.wait_idle(5)
    # Results of calls that end after shutdown are dropped: no callback runs, so no thread
    # posts into Qt while the interpreter exits.
    assert not stuck.done() and not stuck2.done()


def test_app_waits_at_exit_for_a_call_still_running() -> None:
    """run_app returns only after a running call ended (Runner.wait_idle, up to EXIT_WAIT).

    A daemon thread still importing cryptography's Rust module when the interpreter ended it
    aborted the process ("FATAL: exception not rethrown", exit 134) in 5 of 110 quick starts
    under load; after the wait, 0 of 80.
    """
    script = textwrap.dedent(
        """
        import asyncio, sys, threading, time
        from cognito_bench.ui.app import run_app

        started, ended = threading.Event(), []

        def slow():
            started.set()
            time.sleep(0.5)
            ended.append(time.monotonic())

        async def quick(window):
            window.runner.spawn(window.runner.call(slow), "slow")
            while not started.is_set():
                await asyncio.sleep(0.01)
            return 0

        code = run_app(local=False, script=quick)
        print("ended" if ended else "left running", flush=True)
        sys.exit(code)
        """
    )
    done = _run_script(script)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ended"]


def test_app_exits_at_once_with_a_call_stuck_on_the_network() -> None:
    """A hung call (here: a wait of 60 s in a worker) must not hold the process open."""
    script = textwrap.dedent(
        """
        import sys, threading, time
        from cognito_bench.ui.app import run_app

        async def stuck(window):
            window.runner.spawn(window.runner.call(threading.Event().wait, 60), "stuck")
            return 0

        started = time.monotonic()
        code = run_app(local=False, script=stuck)
        print(round(time.monotonic() - started, 1))
        sys.exit(code)
        """
    )
    started = time.monotonic()
    done = _run_script(script)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 20, "exit waited for the stuck call"


@pytest.mark.parametrize("when", ["shown", "panes"])
def test_app_closed_before_it_is_ready_exits_cleanly(when: str) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from cognito_bench.ui.app import run_app

        def shown(window):
            if "{when}" == "shown":
                window.close()
            else:
                window.panes_built.connect(window.close)

        sys.exit(run_app(local=True, on_shown=shown))
        """
    )
    done = _run_script(script)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
