"""Start-up: the window starts its own local Cognito; the gui command's flags."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cognito_bench.aws.record import CallRecord
from cognito_bench.store import BenchStore, Profile
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import run, type_into

BENCH = [sys.executable, "-m", "cognito_bench"]


def bench_env() -> dict[str, str]:
    """The environment now (the temporary HOME of the test included), offscreen."""
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def test_window_starts_its_own_local_cognito(qtbot: QtBot, starting_window: MainWindow) -> None:
    window = starting_window
    assert window.user_pool_id.text() == ""
    with qtbot.waitSignal(window.local_ready, timeout=60_000) as ready:
        window.start_local()
        assert window.status_target.text() == "Starting local Cognito…"
        assert window.statusBar().currentMessage() == "Starting local Cognito…"
    (target,) = ready.args
    assert window.status_target.text() == f"Local Cognito at {target.endpoint_url}"
    assert target.endpoint_url.startswith("http://127.0.0.1:")
    assert window.user_pool_id.text() == target.user_pool_id
    assert window.client_id.text() == target.client_id
    assert window.client_secret.text() == ""
    assert window.identity_pool_id.text() == target.identity_pool_id
    assert window.bucket.text() == target.bucket
    assert window.username.text() == target.demo_user["username"]
    assert window.password.text() == target.demo_user["password"]
    record = run(qtbot, window, "signInSrpButton")
    assert record.ok, record.one_line()

    # Its own emulator's outbox is read in-process and pushes new codes: with the safety-net
    # poll stopped, a sign-up's code still shows up.
    qtbot.waitUntil(lambda: window.panes_ready)
    window.outbox._timer.stop()
    type_into(window, "userUsername", "push-user")
    type_into(window, "userPassword", "Str0ng-Passw0rd!")
    type_into(window, "userEmail", "push@example.com")
    assert run(qtbot, window, "signUpButton").ok
    qtbot.waitUntil(lambda: bool(window.outbox.newest_code("push-user")), timeout=10_000)


def test_gui_screenshot_signs_in_and_saves_a_png(tmp_path: Path) -> None:
    shot = tmp_path / "window.png"
    done = subprocess.run(
        [*BENCH, "gui", "--local", "--screenshot", str(shot)],
        capture_output=True,
        text=True,
        timeout=90,
        env=bench_env(),
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 1200 and image.height() >= 800
    assert done.stderr.strip() == ""  # not even the offscreen platform's notes


def test_gui_with_an_unknown_profile_names_the_known_ones(store: BenchStore) -> None:
    store.save_profile(Profile("dev", region="eu-west-1", user_pool_id="eu-west-1_Dev123456"))
    done = subprocess.run(
        [*BENCH, "gui", "--profile", "staging"],
        capture_output=True,
        text=True,
        timeout=30,
        env=bench_env(),
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("cognito-bench gui: error:"), lines
    assert "'staging'" in lines[0] and "'dev'" in lines[0] and "'Local Cognito'" in lines[0]


def test_gui_screenshot_needs_a_png_name(tmp_path: Path) -> None:
    done = subprocess.run(
        [*BENCH, "gui", "--screenshot", str(tmp_path / "x.jpg")],
        capture_output=True,
        text=True,
        timeout=30,
        env=bench_env(),
    )
    assert done.returncode == 2 and ".png" in done.stderr


def test_a_call_finishing_before_the_panes_exist_is_shown_once_they_do(
    qtbot: QtBot, runner: Runner
) -> None:
    from cognito_bench.aws.record import CallRecord

    window = MainWindow(runner, lazy_panes=True)
    qtbot.addWidget(window)
    window.show()
    early = CallRecord("GetUser", error_code="InvalidInput", error_message="no session")
    window.add_record(early)  # a call that beat the panes
    assert not window.panes_ready and window.records == []
    with qtbot.waitSignal(window.panes_built, timeout=10_000):
        window.runner.spawn(window.build_panes_async(), "build")
    assert window.records == [early]
    qtbot.waitUntil(lambda: window.response.shown_record is early)
    window.close()


def test_only_the_target_is_built_before_the_first_paint(qtbot: QtBot, runner: Runner) -> None:
    """The start builds the target fields in the window's frame; the session tabs, groups,
    panes and menus come after the first paint (bench_gui: start to a shown window)."""
    window = MainWindow(runner, lazy_panes=True)
    qtbot.addWidget(window)
    assert window.findChild(QWidget, "targetRegion") is not None
    for later in ("userUsername", "signInSrpButton", "responseText"):
        assert window.findChild(QWidget, later) is None, later
    assert window.menu_actions == {}
    with qtbot.waitSignal(window.panes_built, timeout=10_000):
        window.runner.spawn(window.build_panes_async(), "build")
    for later in ("userUsername", "signInSrpButton", "responseText"):
        assert window.findChild(QWidget, later) is not None, later
    assert [a.text() for a in window.menuBar().actions()] == [
        "&Session",
        "&View",
        "&Local Cognito",
        "&Help",
    ]
    window.close()


def test_buttons_wait_for_the_target_and_stale_errors_go(
    qtbot: QtBot, starting_window: MainWindow
) -> None:
    """Before the local Cognito is ready a click gave "InvalidInput: region is required" and
    that red line stayed after the fields filled: now the buttons wait, and the fields
    filling clears an error line left from before."""
    window = starting_window
    signin = window.buttons["signInSrp"]
    assert not signin.isEnabled() and not window.admin.buttons["adminListUsers"].isEnabled()
    assert not window.hosted.buttons["hostedSignIn"].isEnabled()
    assert "Waiting for a target" in signin.statusTip()
    # Enter in a field does not run a button that is off.
    window.username.setFocus()
    QTest.keyClick(window.username, Qt.Key.Key_Return)
    assert window.records == []
    window.statusBar().showMessage("InvalidInput: region is required (e.g. us-east-1)")
    window.response.show_record(
        CallRecord("InitiateAuth", error_code="InvalidInput", error_message="region is required")
    )
    with qtbot.waitSignal(window.local_ready, timeout=60_000):
        window.start_local()
    assert signin.isEnabled() and window.admin.buttons["adminListUsers"].isEnabled()
    assert not window.response.error.isVisible()
    assert "InvalidInput" not in window.statusBar().currentMessage()
    assert run(qtbot, window, "signInSrpButton").ok
