"""The History pane's limit: pick how many calls are kept; a lower limit asks, then deletes."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cognito_bench.store import BenchStore
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.history import HistoryPane
from tests.store.calls import sign_up_call

TIMEOUT_MS = 10_000


@pytest.fixture
def pane(qtbot: QtBot, runner: Runner, store: BenchStore) -> HistoryPane:
    store.history.record_many([("dev", sign_up_call(f"user-{i}")) for i in range(1500)])
    history = HistoryPane(runner)
    qtbot.addWidget(history)
    assert not history.keep.isEnabled()  # nothing to set before the store is there
    with qtbot.waitSignal(history.loaded, timeout=TIMEOUT_MS):
        history.attach(store)
    return history


def _choose(pane: HistoryPane, text: str) -> None:
    index = pane.keep.findText(text)
    assert index >= 0, [pane.keep.itemText(i) for i in range(pane.keep.count())]
    pane.keep.setCurrentIndex(index)
    pane.keep.activated.emit(index)


def test_the_limit_shows_the_stores_and_every_choice(pane: HistoryPane) -> None:
    assert pane.keep.isEnabled()
    assert pane.keep.currentText() == "Keep newest 20,000"
    assert pane.keep.itemText(pane.keep.count() - 1) == "Keep every call"
    assert pane.keep.accessibleName() == "How many calls the history keeps"


def test_a_lower_limit_asks_and_cancel_changes_nothing(
    pane: HistoryPane, store: BenchStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def decline(_parent: object, _title: str, question: str, *_a: object) -> object:
        asked.append(question)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", decline)
    _choose(pane, "Keep newest 1,000")
    assert asked and "newest 1,000 calls" in asked[0]
    assert pane.keep.currentText() == "Keep newest 20,000"  # the choice is put back
    assert store.history.keep == 20_000 and store.history.count() == 1500


def test_a_lower_limit_deletes_the_oldest_says_so_and_is_remembered(
    qtbot: QtBot, pane: HistoryPane, store: BenchStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(pane.notice, timeout=TIMEOUT_MS) as notice:
        _choose(pane, "Keep newest 1,000")
    assert notice.args == [
        "The history keeps the newest 1,000 calls; 500 older calls were deleted."
    ]
    qtbot.waitUntil(lambda: pane.model.total == 1000, timeout=TIMEOUT_MS)
    assert pane.count.text() == "1000 calls"
    assert store.history.count() == 1000
    assert json.loads(store.paths.profiles_file.read_text())["history_keep"] == 1000


def test_a_higher_limit_or_every_call_deletes_nothing_and_does_not_ask(
    qtbot: QtBot, pane: HistoryPane, store: BenchStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_a: object) -> object:
        raise AssertionError("asked for a limit that deletes nothing")

    monkeypatch.setattr(QMessageBox, "question", never)
    with qtbot.waitSignal(pane.notice, timeout=TIMEOUT_MS) as notice:
        _choose(pane, "Keep every call")
    assert notice.args == ["The history keeps every call."]
    assert store.history.keep == 0 and store.history.count() == 1500


def test_a_limit_not_in_the_list_is_shown_in_its_place(
    qtbot: QtBot, runner: Runner, store: BenchStore
) -> None:
    store.history.set_keep(103_000)
    history = HistoryPane(runner)
    qtbot.addWidget(history)
    history.attach(store)
    texts = [history.keep.itemText(i) for i in range(history.keep.count())]
    assert history.keep.currentText() == "Keep newest 103,000"
    assert texts.index("Keep newest 100,000") < texts.index("Keep newest 103,000")
    assert texts.index("Keep newest 103,000") < texts.index("Keep newest 1,000,000")
