"""The window stays responsive: GUI-thread gaps under load, start-up time, a 5 MB response.

Rows:
- max GUI-thread gap while 10 SRP sign-ins run from the window at once (budget 16 ms, one frame);
- process start to window shown, against a bare PySide6 QMainWindow in the same run (≤ 1.5×;
  medians of 7 starts each, after one warm-up start that also compiles the bytecode);
- max GUI-thread gap while a 5 MB JSON response is shown (budget 100 ms).

The gap probe is a 1 ms QTimer on the GUI thread recording how long it waited between ticks:
any stall of the GUI thread (Python holding the GIL in a worker, a slow layout) shows up as a
long gap.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import textwrap
import time
from typing import Any

from benchmarks.runner import Row

__all__ = ["run"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_BARE = """
import time, sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.resize(1480, 940)
w.show()
app.processEvents()
print(time.time(), flush=True)
"""

_BENCH = """
import os, sys, time
from PySide6.QtWidgets import QApplication
from cognito_bench.ui.app import run_app

def shown(window):
    QApplication.processEvents()
    print(time.time(), flush=True)
    os._exit(0)

run_app(local=True, on_shown=shown)
"""


def _child_env() -> dict[str, str]:
    # As installed: bytecode compiled once and reused (a wheel install or the PyInstaller
    # bundle ships .pyc). Without this, PYTHONDONTWRITEBYTECODE in a dev shell recompiles
    # every bench module on every start while PySide6's own modules come precompiled.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _start_to_shown(code: str) -> float:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        env=_child_env(),
        check=True,
    )
    return (float(out.stdout.strip().splitlines()[-1]) - start) * 1000


class _GapProbe:
    """A 1 ms timer on the GUI thread; ``max_gap_ms`` is the longest wait between ticks."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.max_gap_ms = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last:
            self.max_gap_ms = max(self.max_gap_ms, (now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self.max_gap_ms = 0.0
        self._last = 0.0
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.max_gap_ms


async def _wait(predicate: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("benchmark step timed out")
        await asyncio.sleep(0.005)


async def _in_window(window: Any) -> tuple[float, float, float, float]:
    from cognito_bench.aws.record import CallRecord

    probe = _GapProbe()
    await _wait(lambda: window.local_target is not None)
    # Warm up: first sign-in loads boto3 clients and the SRP code paths.
    window.run_action("signInSrp")
    await _wait(lambda: window.history.model.rowCount() >= 1)
    await asyncio.sleep(0.3)

    probe.start()
    await asyncio.sleep(0.5)
    idle = probe.stop()

    bursts = []
    for _ in range(3):
        rows = window.history.model.rowCount()
        probe.start()
        for _ in range(10):
            window.run_action("signInSrp")  # ten clicks: one per loop turn, as a user's would be
            await asyncio.sleep(0)
        await _wait(lambda rows=rows: window.history.model.rowCount() >= rows + 10)
        await _wait(lambda: window.buttons["signInSrp"].running == 0)
        await asyncio.sleep(0.1)
        bursts.append(probe.stop())
        failed = [r for r in window.history.model.records[rows:] if not r.ok]
        if failed:
            raise RuntimeError(f"sign-in failed: {failed[0].one_line()}")
        await asyncio.sleep(0.3)
    srp_gap = statistics.median(bursts)

    items = [
        {"Key": f"reports/2026/object-{i:07d}.json", "Size": i, "ETag": '"' + "e" * 32 + '"'}
        for i in range(60_000)
    ]
    big = CallRecord("ListObjectsV2", response={"Contents": items}, label="List objects")
    size_mb = len(big.dumps()) / 1e6
    probe.start()
    window.add_record(big)
    await _wait(lambda: window.response.shown_record is big)
    window.response.tree.expandToDepth(1)
    await asyncio.sleep(0.2)
    big_gap = probe.stop()
    return idle, srp_gap, big_gap, size_mb


def _window_rows() -> list[Row]:
    from cognito_bench.ui.app import run_app

    results: dict[str, Any] = {}

    async def measure(window: Any) -> int:
        results["figures"] = await _in_window(window)
        return 0

    run_app(local=True, script=measure)
    idle, srp_gap, big_gap, size_mb = results["figures"]
    return [
        Row(
            "gui: max GUI-thread gap, 10 SRP sign-ins at once (median of 3 bursts)",
            srp_gap,
            f"idle gap {idle:.1f} ms",
            "ms",
            16.0,
        ),
        Row(
            f"gui: max GUI-thread gap, {size_mb:.1f} MB JSON response shown",
            big_gap,
            f"idle gap {idle:.1f} ms",
            "ms",
            100.0,
        ),
    ]


def run() -> list[Row]:
    """Measure the rows (start-up in subprocesses, the rest in this process)."""
    for code in (_BARE, _BENCH):  # warm-up: file cache and bytecode, not measured
        _start_to_shown(code)
    bare = [_start_to_shown(_BARE) for _ in range(7)]
    bench = [_start_to_shown(_BENCH) for _ in range(7)]
    ratio = statistics.median(bench) / statistics.median(bare)
    rows = [
        Row(
            "gui: process start to window shown",
            ratio,
            f"bare QMainWindow {statistics.median(bare):.0f} ms, "
            f"bench {statistics.median(bench):.0f} ms",
            "x",
            1.5,
        )
    ]
    return rows + _window_rows()
