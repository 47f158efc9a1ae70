"""Stable names for QA tools, the keyboard (Enter, Tab), and docs/ui-names.md in step."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cognito_bench.ui.mainwindow import MainWindow
from cognito_bench.ui.names import interactive_widgets, markdown
from tests.ui.helpers import TIMEOUT_MS, find, rows

DOC = Path(__file__).resolve().parents[2] / "docs" / "ui-names.md"


def test_every_input_and_button_has_stable_unique_names(window: MainWindow) -> None:
    widgets = interactive_widgets(window)
    assert len(widgets) > 80
    unnamed = [repr(w) for w in widgets if not w.objectName() or not w.accessibleName()]
    assert not unnamed
    names = [w.objectName() for w in widgets]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    for button in ("signUpButton", "signInSrpButton", "s3PutButton", "getCredentialsButton"):
        assert isinstance(window.findChild(QPushButton, button), QPushButton)


def test_docs_list_every_name(window: MainWindow) -> None:
    assert DOC.read_text(encoding="utf-8") == markdown(window), (
        "docs/ui-names.md is stale: run python -m cognito_bench.ui.names > docs/ui-names.md"
    )


def test_enter_in_a_field_runs_its_groups_main_action(qtbot: QtBot, window: MainWindow) -> None:
    key = find(window, QWidget, "s3Key")
    key.setFocus()
    QTest.keyClick(key, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rows(window) == 1, timeout=TIMEOUT_MS)
    assert window.records[0].operation == "PutObject"  # S3's main action

    password = find(window, QWidget, "userPassword")
    password.setFocus()
    QTest.keyClick(password, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: rows(window) == 2, timeout=TIMEOUT_MS)
    signed_in = window.records[1]
    assert signed_in.label == "Sign in (SRP)" or signed_in.steps, signed_in.label
    assert signed_in.ok, signed_in.one_line()


def test_enter_on_a_focused_button_clicks_that_button(qtbot: QtBot, window: MainWindow) -> None:
    button = find(window, QPushButton, "resendCodeButton")
    button.setFocus()
    QTest.keyClick(button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rows(window) == 1, timeout=TIMEOUT_MS)
    assert window.records[0].operation == "ResendConfirmationCode"


def test_tab_order_follows_the_layout(window: MainWindow) -> None:
    chain = window.tab_chain
    assert chain[0] is window.profiles.combo
    assert chain[chain.index(window.region) + 7] is window.bucket  # the Target group's last
    actions = window.findChild(QWidget, "actionsColumn")
    first_action = next(w for w in chain if actions.isAncestorOf(w))
    assert first_action is window.username  # the user fields open the actions column
    assert chain[chain.index(window.password) + 1] is window.remember
    assert chain[chain.index(window.code) + 1] is window.buttons["signUp"]  # Code by Confirm
    # Qt's focus chain visits the widgets in this order.
    members = set(map(id, chain))
    for a, b in itertools.pairwise(chain):
        nxt = a.nextInFocusChain()
        while id(nxt) not in members:
            nxt = nxt.nextInFocusChain()
        assert nxt is b, (a.objectName(), b.objectName(), nxt.objectName())
    # ... which is top to bottom, the fields column before the actions column.
    visible = [w for w in chain if w.isVisible()]
    spots = [(w.mapTo(window, w.rect().topLeft())) for w in visible]
    columns = [1 if actions.isAncestorOf(w) else 0 for w in visible]
    assert columns == sorted(columns)
    for col in (0, 1):
        ys = [p.y() for p, c in zip(spots, columns, strict=True) if c == col]
        assert ys == sorted(ys)
