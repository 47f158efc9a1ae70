"""Flows in the window: Save as flow from History, the Flows pane, and records that keep
the target they were made against (Copy as AWS CLI after the fields changed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from cognito_bench.flows.flowfile import examples_folder, load_flow
from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import PASSWORD, TIMEOUT_MS, click, run, signed_up_user, type_into


def test_copy_as_cli_names_the_target_the_call_went_to(qtbot: QtBot, window: MainWindow) -> None:
    # Issue 12: an older History row (or a call that ended after a profile switch) printed
    # the fields' region, endpoint and profile as they are now.
    endpoint, region = window.endpoint.text(), window.region.text()
    first = run(qtbot, window, "signInPasswordButton")
    assert first.target is not None and first.target.endpoint_url == endpoint
    window.endpoint.setText("http://127.0.0.1:1")
    window.region.setText("eu-west-3")
    window.show_pane(window.history)
    qtbot.waitUntil(lambda: window.history.model.rowCount() == 1, timeout=TIMEOUT_MS)
    window.history.table.selectRow(0)
    qtbot.waitUntil(lambda: window.response.shown_record is first, timeout=TIMEOUT_MS)
    window.show_pane(window.response)
    click(qtbot, window, "responseCopyCli")
    command = QGuiApplication.clipboard().text()
    assert f"--endpoint-url {endpoint}" in command and f"--region {region}" in command
    assert "127.0.0.1:1 " not in command and "eu-west-3" not in command


def test_clicked_calls_saved_as_a_flow_replay_with_the_cli(
    qtbot: QtBot, window: MainWindow, username: str, tmp_path: Path
) -> None:
    signed_up_user(qtbot, window, username)
    type_into(window, "userPassword", "Wrong-Passw0rd!9")
    assert run(qtbot, window, "signInPasswordButton").error_code == "NotAuthorizedException"
    type_into(window, "userPassword", PASSWORD)
    assert run(qtbot, window, "signInSrpButton").ok
    assert run(qtbot, window, "getUserButton").ok
    window.show_pane(window.history)
    qtbot.waitUntil(lambda: window.history.model.rowCount() == 5, timeout=TIMEOUT_MS)
    path = tmp_path / "clicked.yaml"
    with qtbot.waitSignal(window.history.flow_saved, timeout=TIMEOUT_MS):
        window.history.save_as_flow(str(path))
    text = path.read_text()
    assert PASSWORD not in text and "Wrong-Passw0rd!9" not in text
    flow = load_flow(path)
    assert [s.name for s in flow.steps] == [
        "sign_up",
        "confirm_sign_up",
        "sign_in_password",
        "sign_in_srp",
        "get_user",
    ]
    assert flow.steps[1].inputs["code"] == "{{ outbox.last_code(username) }}"
    assert flow.steps[2].expect == {"error": "NotAuthorizedException"}
    assert flow.steps[2].inputs["password"] == "{{ password_2 }}"  # not the right one
    assert flow.steps[3].inputs["password"] == "{{ password }}"
    done = subprocess.run(
        [sys.executable, "-m", "cognito_bench", "run", str(path), "--local"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_flows_pane_runs_an_example_and_shows_a_step(qtbot: QtBot, window: MainWindow) -> None:
    folder = examples_folder()
    assert folder is not None
    pane = window.flows
    window.show_pane(pane)
    pane.choose_folder(str(folder))
    names = [pane.files.item(i).text() for i in range(pane.files.count())]
    assert "forgot-password.yaml" in names
    pane.files.setCurrentRow(names.index("forgot-password.yaml"))
    before = len(window.records)
    with qtbot.waitSignal(pane.finished, timeout=TIMEOUT_MS) as finished:
        click(qtbot, window, "flowsRun")
    run_ = finished.args[0]
    assert run_.passed, run_.report()
    qtbot.waitUntil(lambda: pane.steps.rowCount() == 6, timeout=TIMEOUT_MS)
    assert [pane.steps.item(r, 2).text() for r in range(6)] == ["PASS"] * 6
    assert "6 step(s) passed, 0 failed" in pane.status.text()
    assert len(window.records) >= before + 6  # the flow's calls are in History
    assert window.session.tokens is None  # a flow has a session of its own
    pane.steps.cellClicked.emit(5, 0)
    qtbot.waitUntil(
        lambda: (
            window.response.shown_record is not None
            and window.response.shown_record.operation == "InitiateAuth"
        ),
        timeout=TIMEOUT_MS,
    )


def test_a_malformed_flow_in_the_pane_is_one_line(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    (tmp_path / "bad.yaml").write_text("name: x\nsteps:\n  - sign_in_srpp: {}\n")
    pane = window.flows
    pane.choose_folder(str(tmp_path))
    with qtbot.waitSignal(pane.finished, timeout=TIMEOUT_MS) as finished:
        pane.run_selected()
    assert "bad.yaml:3: unknown step 'sign_in_srpp'" in finished.args[0]
    assert "bad.yaml:3" in pane.status.text()


def test_every_window_button_has_a_step_or_says_why_not(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton

    from cognito_bench.flows.steps import ACTIONS, CORE, NO_STEP, ensure_imported

    ensure_imported(*CORE)
    names = {
        b.objectName().removesuffix("Button")
        for b in window.findChildren(QAbstractButton)
        if b.objectName().endswith("Button") and not b.objectName().startswith("Scroll")
    }  # (ScrollLeftButton, ScrollRightButton: Qt's own, of a tab bar)
    assert len(names) > 40  # the flow groups are built
    assert names - set(ACTIONS) == set(NO_STEP)
