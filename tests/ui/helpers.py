"""Driving the window the way a QA tool does: widgets found by objectName, real clicks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cognito_bench.aws.record import CallRecord
from cognito_bench.ui.mainwindow import MainWindow
from cognito_bench.ui.widgets import bring_forward

TIMEOUT_MS = 20_000
PASSWORD = "Str0ng-Passw0rd!"

#: A PreTokenGeneration handler (V2_0) that adds ``team: qa`` to the ID token.
CLAIMS_HANDLER = """
def handler(event, context):
    event["response"]["claimsAndScopeOverrideDetails"] = {
        "idTokenGeneration": {"claimsToAddOrOverride": {"team": "qa"}}
    }
    return event
"""


def find(window: QWidget, cls: type, name: str) -> QWidget:
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name}"
    return widget


def click(qtbot: QtBot, window: QWidget, object_name: str) -> None:
    """Click a button as a user does: its tab first (a group's page, a pane), then the button."""
    button = find(window, QPushButton, object_name)
    bring_forward(button)
    assert button.isVisible(), f"{object_name} is not visible"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(window: QWidget, object_name: str, text: str) -> None:
    edit = find(window, QLineEdit, object_name)
    assert isinstance(edit, QLineEdit)
    edit.setText(text)


def rows(window: MainWindow) -> int:
    """Calls finished in this session (History stores them a moment later)."""
    return len(window.records)


def run(qtbot: QtBot, window: MainWindow, button: str) -> CallRecord:
    """Click ``button`` and wait for the call it starts to land in History; returns it."""
    before = rows(window)
    click(qtbot, window, button)
    qtbot.waitUntil(lambda: rows(window) > before, timeout=TIMEOUT_MS)
    # The first new row: a follow-up call (an admin change re-lists users) may land too.
    return window.records[before]


def run_until(qtbot: QtBot, window: MainWindow, button: str, count: int) -> list[CallRecord]:
    """Click and wait for ``count`` new History rows (Get credentials makes two)."""
    before = rows(window)
    click(qtbot, window, button)
    qtbot.waitUntil(lambda: rows(window) >= before + count, timeout=TIMEOUT_MS)
    return window.records[before:]


def use_outbox_code(qtbot: QtBot, window: MainWindow, username: str, purpose_word: str) -> str:
    """Wait for a code for ``username`` whose purpose mentions ``purpose_word``; use it."""

    def found() -> bool:
        window.outbox.poll()
        return any(
            m.get("username") == username and purpose_word in str(m.get("purpose", "")).lower()
            for m in window.outbox.messages
        )

    qtbot.waitUntil(found, timeout=TIMEOUT_MS)
    row = next(
        i
        for i, m in enumerate(window.outbox.messages)
        if m.get("username") == username and purpose_word in str(m.get("purpose", "")).lower()
    )
    window.show_pane(window.outbox)
    window.outbox.table.selectRow(row)
    click(qtbot, window, "outboxUseCode")
    return window.outbox.messages[row]["code"]


def signed_up_user(qtbot: QtBot, window: MainWindow, username: str) -> None:
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", PASSWORD)
    type_into(window, "userEmail", f"{username}@example.com")
    assert run(qtbot, window, "signUpButton").ok
    code = use_outbox_code(qtbot, window, username, "sign")
    assert window.code.text() == code
    assert run(qtbot, window, "confirmSignUpButton").ok


def visible_texts(window: QWidget) -> list[tuple[str, str]]:
    """Every text the window shows, with where: labels, fields (as displayed), buttons, tab
    titles, tooltips, combo items, and the cells of every table and tree row made so far."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QLabel,
        QPlainTextEdit,
        QTabBar,
    )

    out: list[tuple[str, str]] = [("title", window.windowTitle())]
    for w in [window, *window.findChildren(QWidget)]:
        where = w.objectName() or type(w).__name__
        if w.toolTip():
            out.append((f"{where} tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            out.append((where, w.text()))
        elif isinstance(w, QLineEdit):
            out.append((where, w.displayText()))
        elif isinstance(w, QPlainTextEdit):
            out.append((where, w.toPlainText()))
        elif isinstance(w, QAbstractButton):
            out.append((where, w.text()))
        elif isinstance(w, QComboBox):
            out.extend((where, w.itemText(i)) for i in range(w.count()))
        elif isinstance(w, QTabBar):
            out.extend((where, w.tabText(i)) for i in range(w.count()))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            todo = [QModelIndex()]
            while todo:
                parent = todo.pop()
                for r in range(min(model.rowCount(parent), 500)):
                    for c in range(model.columnCount(parent)):
                        index = model.index(r, c, parent)
                        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                            value = model.data(index, role)
                            if value:
                                out.append((f"{where}[{r},{c}]", str(value)))
                    child = model.index(r, 0, parent)
                    if model.rowCount(child):
                        todo.append(child)
    status = window.statusBar().currentMessage() if hasattr(window, "statusBar") else ""
    out.append(("status", status))
    return out


def secrets_on_screen(window: QWidget, secrets: set[str]) -> list[tuple[str, str]]:
    """Which of ``secrets`` (or a token's signature part) a widget of the window shows."""
    wanted = set()
    for secret in secrets:
        if not secret:
            continue
        wanted.add(secret)
        parts = secret.split(".")
        if len(parts) >= 3:
            wanted.update(p for p in parts[1:] if len(p) >= 16)  # payload, signature
    import re

    # A six-digit code is found only on its own: an epoch time in the JSON may hold its digits.
    patterns = {
        s: re.compile(rf"(?<!\d){re.escape(s)}(?!\d)") if s.isdigit() else None for s in wanted
    }
    return [
        (where, secret[:12] + "…")
        for where, text in visible_texts(window)
        for secret, pattern in patterns.items()
        if (pattern.search(text) if pattern is not None else secret in text)
    ]
