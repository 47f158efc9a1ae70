"""GcPacer: full collections only when the bench is quiet; the young generations as before."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cognito_bench.ui import gcpacer
from cognito_bench.ui.gcpacer import GcPacer


class _Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def busy() -> list[bool]:
    return [False]


@pytest.fixture
def pacer(
    qapp: QApplication, busy: list[bool], monkeypatch: pytest.MonkeyPatch
) -> Iterator[GcPacer]:
    monkeypatch.setattr(gcpacer, "QUIET_S", 0.2)
    before = gc.get_threshold()
    p = GcPacer(lambda: busy[0])
    p._timer.setInterval(20)
    p.start()
    yield p
    p.stop()
    gc.unfreeze()
    assert gc.get_threshold() == before


def test_start_freezes_start_up_objects_and_takes_over_full_collections(pacer: GcPacer) -> None:
    assert pacer.active
    assert gc.get_freeze_count() > 0
    young, middle, full = gc.get_threshold()
    assert full >= 1_000_000_000 and young > 0 and middle > 0


def test_a_quiet_bench_gets_one_full_collection_per_quiet_spell(
    qtbot: QtBot, pacer: GcPacer
) -> None:
    _Cycle()  # garbage only a full collection finds once it is old
    qtbot.waitUntil(lambda: pacer.collections == 1, timeout=3000)
    qtbot.wait(300)
    assert pacer.collections == 1  # not again while the spell lasts
    pacer.touch()  # a call finished
    qtbot.waitUntil(lambda: pacer.collections == 2, timeout=3000)


def test_no_collection_while_work_runs_or_the_user_types(
    qtbot: QtBot, pacer: GcPacer, busy: list[bool]
) -> None:
    busy[0] = True
    qtbot.wait(500)
    assert pacer.collections == 0
    busy[0] = False
    form = QWidget()
    field = QLineEdit(form)
    qtbot.addWidget(form)
    pacer.watch(form)
    for _ in range(10):  # a key every 100 ms keeps the quiet spell from starting
        qtbot.keyClicks(field, "a")
        qtbot.wait(100)
    assert field.text() == "a" * 10
    assert pacer.collections == 0
    qtbot.waitUntil(lambda: pacer.collections == 1, timeout=3000)


def test_watch_sees_buttons_and_lists(qtbot: QtBot, pacer: GcPacer) -> None:
    form = QWidget()
    button, combo = QPushButton("Go", form), QComboBox(form)
    combo.addItems(["a", "b"])
    qtbot.addWidget(form)
    pacer.watch(form)
    qtbot.waitUntil(lambda: pacer.collections == 1, timeout=3000)
    button.pressed.emit()
    qtbot.waitUntil(lambda: pacer.collections == 2, timeout=3000)
    combo.activated.emit(1)
    qtbot.waitUntil(lambda: pacer.collections == 3, timeout=3000)


def test_constant_use_still_gets_a_collection_after_the_cap(
    qtbot: QtBot, pacer: GcPacer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gcpacer, "CAP_S", 0.3)
    for _ in range(8):
        pacer.touch()
        qtbot.wait(80)
    assert pacer.collections >= 1


def test_a_collection_finds_cycles(pacer: GcPacer) -> None:
    for _ in range(100):
        _Cycle()
    assert pacer.collect() >= 100
    assert pacer.last_ms > 0
