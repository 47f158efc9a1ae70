"""Fixtures for the window tests: a qasync loop on pytest-qt's QApplication, a window on the
session's local Cognito."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from pytestqt.qtbot import QtBot

from cognito_bench.emulator import LocalTarget
from cognito_bench.store import BenchStore
from cognito_bench.ui.app import make_app
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.mainwindow import MainWindow


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Qt warnings fail the window tests too (qutebrowser's qt_log_level_fail = WARNING); the
    # offscreen platform's note about size hints is not about this code.
    for item in items:
        if "tests/ui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore("propagateSizeHints"))


@pytest.fixture(autouse=True)
def bench_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary HOME and COGNITO_BENCH_HOME: no window test writes to the real home."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COGNITO_BENCH_HOME", str(home / "bench"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("AWS_CONFIG_FILE", raising=False)
    monkeypatch.delenv("AWS_SHARED_CREDENTIALS_FILE", raising=False)
    return home


@pytest.fixture
def store(bench_home: Path) -> Iterator[BenchStore]:
    """The bench's store under the temporary home."""
    s = BenchStore()
    yield s
    s.close()


@pytest.fixture
def aloop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    """A qasync loop that runs whenever Qt processes events (qtbot.waitUntil and friends).

    Not ``already_running=True``: its ``stop()`` calls ``QApplication.exit()``, which sets
    Qt's quitNow flag and makes every later QEventLoop.exec() (pytest-qt's waits) return at
    once. Marking the loop as the running one is all asyncio needs.
    """
    make_app()
    loop = qasync.QEventLoop(qapp)
    asyncio.events._set_running_loop(loop)
    yield loop
    asyncio.events._set_running_loop(None)
    loop.close()


@pytest.fixture
def runner(aloop: asyncio.AbstractEventLoop, qtbot: QtBot) -> Iterator[Runner]:
    r = Runner(aloop)
    yield r
    r.close()
    qtbot.waitUntil(lambda: r.in_flight == 0, timeout=5000)


@pytest.fixture
def window(
    runner: Runner, qtbot: QtBot, local: LocalTarget, store: BenchStore
) -> Iterator[MainWindow]:
    """The window on the session's local Cognito (no second emulator), with a fresh store."""
    w = MainWindow(runner)
    qtbot.addWidget(w)
    w.attach_store(store)
    w.use_local_target(local)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()


@pytest.fixture
def starting_window(runner: Runner, qtbot: QtBot) -> Iterator[MainWindow]:
    """A window that starts a local Cognito of its own (``start_local``), stopped after."""
    w = MainWindow(runner)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    if w.emulator is not None:
        w.emulator.stop()


@pytest.fixture
def username() -> str:
    return f"qa-{uuid.uuid4().hex[:10]}"
