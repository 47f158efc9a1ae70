"""The keyboard: one table of shortcuts, the menus built from it, and Help → Keyboard shortcuts.

:data:`SHORTCUTS` is the one list: the window makes a menu action of each (its key works
anywhere in the window), and the sheet shows the same list, with the keys that are not
actions (Enter in a group, Tab, a click on a masked value).

QActions cost tens of milliseconds to make the first time (Qt's key sequence tables load):
the window builds them after its first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMenu, QVBoxLayout, QWidget

from cognito_bench.ui.widgets import named, readonly_table

__all__ = ["MENUS", "OTHER_KEYS", "SHORTCUTS", "Shortcut", "ShortcutSheet", "install"]

#: The menu bar's menus, in order (made before the first paint: the layout does not move).
MENUS = ("&Session", "&View", "&Local Cognito", "&Help")


class Shortcut(NamedTuple):
    """One window action, with a key or without one.

    Attributes:
        name: what the window calls it (its handler's key, the action's object name stem).
        keys: the key sequences, the first shown in the menu (none: a menu entry only).
        text: the menu entry.
        help: what it does, for the sheet.
        menu: the menu it is in (one of :data:`MENUS`).
        checkable: a mode that is on or off.
    """

    name: str
    keys: tuple[str, ...]
    text: str
    help: str
    menu: str
    checkable: bool = False


SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut(
        "run",
        ("Ctrl+Return",),
        "&Run the group's action",
        "Run the main action of the group that has focus (Enter does it too in a field)",
        "&Session",
    ),
    Shortcut(
        "rerun",
        ("Ctrl+R", "F5"),
        "Re-run the &last call",
        "Run the last button again, for the same session tab, with the fields as they are",
        "&Session",
    ),
    Shortcut(
        "new_session",
        ("Ctrl+T",),
        "&New session",
        "Open another session tab on the same target (another user, signed in at once)",
        "&Session",
    ),
    Shortcut(
        "close_session", ("Ctrl+W",), "&Close session", "Close the session tab in front", "&Session"
    ),
    Shortcut(
        "next_session",
        ("Ctrl+Shift+PgDown",),
        "Ne&xt session",
        "Bring the next session tab to the front",
        "&Session",
    ),
    Shortcut(
        "previous_session",
        ("Ctrl+Shift+PgUp",),
        "&Previous session",
        "Bring the previous session tab to the front",
        "&Session",
    ),
    Shortcut(
        "next_pane",
        ("Ctrl+PgDown",),
        "&Next pane",
        "Bring the next pane forward (Response, Tokens, History, …)",
        "&View",
    ),
    Shortcut(
        "previous_pane",
        ("Ctrl+PgUp",),
        "&Previous pane",
        "Bring the previous pane forward",
        "&View",
    ),
    Shortcut(
        "history_filter",
        ("Ctrl+F",),
        "&Filter the history",
        "Bring the History pane forward with its filter focused",
        "&View",
    ),
    Shortcut(
        "copy",
        ("Ctrl+Shift+C",),
        "&Copy the selected value",
        "Copy the value selected in the Response tree, a table, or a token (the real value, "
        "in screen-share mode too)",
        "&View",
    ),
    Shortcut(
        "diff",
        ("Ctrl+D",),
        "Token &diff",
        "Compare two tokens claim by claim (Tokens → Diff)",
        "&View",
    ),
    Shortcut(
        "screen_share",
        ("Ctrl+Shift+M",),
        "&Screen-share mode",
        "Mask every token, secret, password, AWS key and code on screen (remembered); a "
        "click shows one value",
        "&View",
        checkable=True,
    ),
    Shortcut(
        "triggers",
        (),
        "&Triggers…",
        "Wire your Lambda handler files (Python, Node.js) to the local Cognito's triggers",
        "&Local Cognito",
    ),
    Shortcut(
        "shortcuts",
        ("F1", "Ctrl+/"),
        "&Keyboard shortcuts",
        "This list",
        "&Help",
    ),
)

#: Keys that are not menu actions, for the sheet.
OTHER_KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "In a field: run its group's main action; on a button: click it"),
    ("Tab / Shift+Tab", "Next / previous field, top to bottom, the left column first"),
    ("Click", "On a masked value in screen-share mode: show it (one at a time)"),
)


def install(
    window: QMainWindow, menus: dict[str, QMenu], handlers: dict[str, Callable[[], object]]
) -> dict[str, QAction]:
    """Make a window action of each shortcut, in its menu; the actions by name.

    Args:
        window: owns the actions (their keys work anywhere in it).
        menus: the menu bar's menus by title (:data:`MENUS`).
        handlers: what each action does, by name (a checkable one's handler reads
            ``action.isChecked()`` itself).
    """
    actions: dict[str, QAction] = {}
    for shortcut in SHORTCUTS:
        action = QAction(shortcut.text, window)
        action.setObjectName(f"{shortcut.name}Action")
        action.setShortcuts([QKeySequence(k) for k in shortcut.keys])
        action.setToolTip(shortcut.help)
        action.setStatusTip(shortcut.help)
        action.setCheckable(shortcut.checkable)
        action.triggered.connect(lambda _checked=False, f=handlers[shortcut.name]: f())
        window.addAction(action)
        menus[shortcut.menu].addAction(action)
        actions[shortcut.name] = action
    return actions


class ShortcutSheet(QDialog):
    """Help → Keyboard shortcuts: every key of :data:`SHORTCUTS` and :data:`OTHER_KEYS`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "shortcutsSheet", "Keyboard shortcuts")
        self.setWindowTitle("Keyboard shortcuts")
        rows = [
            *((" or ".join(s.keys), s.help) for s in SHORTCUTS if s.keys),
            *OTHER_KEYS,
        ]
        self.table = readonly_table(
            ["Keys", "What it does"], "shortcutsTable", "Keyboard shortcuts", stretch=1
        )
        self.table.setRowCount(len(rows))
        from PySide6.QtWidgets import QTableWidgetItem

        for r, (keys, what) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(keys))
            self.table.setItem(r, 1, QTableWidgetItem(what))
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The menus show these keys too (Session, View, Help)."))
        layout.addWidget(self.table)
        self.resize(720, 520)
