"""The Load pane: a short run of a shipped flow against the local Cognito, live figures and
charts, exports, Stop and the window's close ending the Locust child, quotas on the window's
own local Cognito, bad input in one line, and the binary without Locust.

Each run is a real Locust child process (``python -m cognito_bench.load``) against the real
local Cognito, a few seconds long.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from cognito_bench.emulator import LocalCognito
from cognito_bench.load.live import END, TICK, TOTAL, Snapshot
from cognito_bench.load.spec import NO_LOCUST
from cognito_bench.ui.loadpane import LoadPane
from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import click

FLOWS = Path(__file__).resolve().parents[2] / "resources" / "flows"
FLOW = FLOWS / "sign-up-to-s3.yaml"
#: A run's longest wait: the child's start (gevent, Locust, boto3), the run, its reports.
RUN_MS = 60_000


def load_children() -> list[psutil.Process]:
    """This process's Locust children still alive."""
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "cognito_bench.load" in " ".join(child.cmdline()) and child.is_running():
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def prepare(window: MainWindow, run_time: str, users: int = 2, flow: Path = FLOW) -> LoadPane:
    pane = window.load
    window.show_pane(pane)
    pane.set_flow(str(flow))
    pane.users.setValue(users)
    pane.spawn_rate.setValue(users)
    pane.run_time.setText(run_time)
    return pane


def first_tick(qtbot: QtBot, pane: LoadPane) -> Snapshot:
    """Wait for a tick with requests in it."""
    seen: list[Snapshot] = []
    pane.child.line.connect(seen.append)
    qtbot.waitUntil(lambda: any(s.kind == TICK and s.total.requests for s in seen), timeout=RUN_MS)
    return next(s for s in seen if s.kind == TICK and s.total.requests)


def test_a_short_run_shows_steps_live_then_a_histogram_and_exports_locusts_reports(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    pane = prepare(window, "3s")
    assert pane.flow.currentText() == "sign-up-to-s3.yaml"
    with qtbot.waitSignal(pane.finished, timeout=RUN_MS) as finished:
        click(qtbot, window, "loadStart")
        tick = first_tick(qtbot, pane)
        assert pane.running and not pane.start.isEnabled() and pane.stop.isEnabled()
        assert window.outbox._held  # the run's codes are read once it ends
        assert "Running sign up to S3" in pane.status.text()
        assert pane.chart.points() > 0 and not pane.chart.is_empty()
        assert "requests" in pane.chart.accessibleDescription()
        assert tick.total.requests > 0
    end = finished.args[0]
    assert isinstance(end, Snapshot) and end.kind == END, end
    assert end.total.requests > 0 and end.total.failures == 0
    # per-step rows (the flow's ten, then all steps together), the chart, the histogram
    names = [pane.steps.item(r, 0).text() for r in range(pane.steps.rowCount())]
    assert names[:3] == ["01 sign_up", "02 confirm_sign_up", "03 sign_in_srp"]
    assert names[-1] == "All steps" and len(names) == 11
    # each name on one line, cut in its middle if at all, the whole name in its tooltip
    assert not pane.steps.wordWrap()
    assert [pane.steps.item(r, 0).toolTip() for r in range(len(names))] == names
    assert int(pane.steps.item(len(names) - 1, 1).text().replace(",", "")) == end.total.requests
    assert not pane.chart.is_empty()
    assert sum(b.count for b in pane.histogram.bins()) == end.total.requests
    assert pane.views.currentWidget() is pane.histogram
    pane.chart_step.setCurrentText("03 sign_in_srp")
    assert sum(b.count for b in pane.histogram.bins()) == end.step("03 sign_in_srp").requests
    assert "0 failed" in pane.status.text() and "\n" not in pane.status.text()
    assert pane.errors.is_empty()
    assert not window.outbox._held
    assert load_children() == []
    # Locust's reports
    assert pane.export_csv_button.isEnabled() and pane.export_html_button.isEnabled()
    with qtbot.waitSignal(pane.exported, timeout=10_000):
        pane.export_csv(str(tmp_path / "out" / "run"))
    with qtbot.waitSignal(pane.exported, timeout=10_000):
        pane.export_html(str(tmp_path / "report.html"))
    with (tmp_path / "out" / "run_stats.csv").open(newline="", encoding="utf-8") as handle:
        rows = {r["Name"]: int(r["Request Count"]) for r in csv.DictReader(handle)}
    assert rows[TOTAL] == end.total.requests and rows["01 sign_up"] >= 1
    for suffix in ("_stats_history.csv", "_failures.csv", "_exceptions.csv"):
        assert (tmp_path / "out" / f"run{suffix}").is_file()
    assert "03 sign_in_srp" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_stop_ends_the_child_and_its_reports_are_still_written(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = prepare(window, "60s")
    with qtbot.waitSignal(pane.finished, timeout=RUN_MS) as finished:
        pane.start_run()
        first_tick(qtbot, pane)
        pid = pane.child.pid
        assert psutil.pid_exists(pid)
        click(qtbot, window, "loadStop")
        assert "Stopping" in pane.status.text() and not pane.stop.isEnabled()
    end = finished.args[0]
    assert isinstance(end, Snapshot) and end.kind == END and end.elapsed < 30
    assert not psutil.pid_exists(pid) and load_children() == []
    assert pane.has_reports() and pane.start.isEnabled()


def test_closing_the_window_ends_the_child(qtbot: QtBot, window: MainWindow) -> None:
    pane = prepare(window, "60s")
    pane.start_run()
    first_tick(qtbot, pane)
    assert load_children()
    window.close()
    assert load_children() == []
    assert not pane.child.running


def test_a_flow_that_does_not_read_is_one_line(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - sign_in_srpp: {}\n")
    pane = prepare(window, "5s", flow=bad)
    with qtbot.waitSignal(pane.finished, timeout=RUN_MS) as finished:
        click(qtbot, window, "loadStart")
    line = finished.args[0]
    assert isinstance(line, str) and f"{bad}:3: unknown step 'sign_in_srpp'" in line
    assert pane.status.text() == line and "\n" not in line
    assert not pane.child.running and pane.start.isEnabled()
    pane.set_flow(str(FLOW))
    pane.run_time.setText("soon")
    with qtbot.waitSignal(pane.finished, timeout=RUN_MS) as finished:
        pane.start_run()
    assert finished.args[0].startswith("Run time takes a duration such as 60s")


def test_quotas_apply_to_the_windows_own_local_cognito_while_the_run_lasts(
    qtbot: QtBot, window: MainWindow
) -> None:
    pane = prepare(window, "3s", users=3)
    pane.quota_overrides.setText("UserAuthentication=2")
    # The session's local Cognito is not this window's: it is used as it is.
    assert not pane.quotas.isEnabled()
    with qtbot.waitSignal(pane.finished, timeout=5_000) as finished:
        pane.start_run()
    assert "Quotas apply to the window's own local Cognito" in finished.args[0]
    # A window with a local Cognito of its own.
    emulator = LocalCognito()
    window.local.emulator = emulator
    try:
        window.use_local_target(emulator.start())
        pane.showEvent(None)  # the pane asks again whether quotas can be set
        assert pane.quotas.isEnabled()
        with qtbot.waitSignal(pane.finished, timeout=RUN_MS) as finished:
            pane.start_run()
            first_tick(qtbot, pane)
            assert emulator.quotas is not None
            assert emulator.quotas.rates == {"UserAuthentication": 2}
        end = finished.args[0]
        assert isinstance(end, Snapshot), end
        assert emulator.quotas is None  # as it was before the run
        codes = [label for label, _count in pane.errors.bars()]
        assert "TooManyRequestsException (throttled)" in codes
        assert "throttled (TooManyRequestsException)" in pane.status.text()
    finally:
        window.local.emulator = None
        emulator.stop()


def test_without_locust_the_pane_says_why_in_one_line(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The binary: Locust is left out, so the pane says so and Start stays off.
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    pane = LoadPane(window.runner, window._flow_target, list, lambda: None)
    qtbot.addWidget(pane)
    assert pane.status.text() == NO_LOCUST and "\n" not in NO_LOCUST
    assert "70 MB" in NO_LOCUST and "pip install 'cognito-bench[load]'" in NO_LOCUST
    assert not pane.start.isEnabled()
    pane.start_run()
    assert not pane.running
    monkeypatch.delattr(sys, "frozen")
    # A Python where the child cannot import Locust (gevent) says the same, from the child.
    shadow = tmp_path / "shadow" / "gevent"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'gevent'\", name='gevent')\n"
    )
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(shadow.parent), *sys.path]))
    pane = prepare(window, "3s")
    with qtbot.waitSignal(pane.finished, timeout=RUN_MS) as finished:
        pane.start_run()
    assert finished.args[0] == NO_LOCUST
    assert pane.status.text() == NO_LOCUST and load_children() == []


@pytest.mark.parametrize("height", [768, 700])  # 700: maximized on a 1366x768 laptop
def test_the_pane_fits_1366_by_768(qtbot: QtBot, window: MainWindow, height: int) -> None:
    window.resize(1366, height)
    pane = window.load
    window.show_pane(pane)
    QApplication.processEvents()
    area = QRect(pane.mapTo(window, pane.rect().topLeft()), pane.size())
    for button in pane.findChildren(QPushButton):
        spot = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
        assert area.contains(spot), button.objectName()
        assert button.width() >= button.minimumSizeHint().width(), button.objectName()
    assert pane.chart.height() >= 150 and pane.views.height() >= 150


@pytest.fixture(autouse=True)
def no_child_left() -> Iterator[None]:
    yield
    assert load_children() == []
