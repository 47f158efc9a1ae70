"""The keyboard: one table of shortcuts, the menus built from it, and Help → Keyboard shortcuts.

:data:`SHORTCUTS` is the one list: the window makes a menu action of each (its key works
anywhere in the window), and the sheet shows the same list, with the keys that are not
actions (Enter in a group, Tab, a click on a masked value).

QActions cost tens of milliseconds to make the first time (Qt's key sequence tables load):
the window builds them after its first paint. :class:`WindowShortcuts` holds what each
shortcut does to a window (the handlers the actions call), and the Local Cognito menu's state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMenu, QVBoxLayout, QWidget

from cognito_bench.ui.widgets import named, readonly_table, selected_value

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTabWidget

    from cognito_bench.ui.mainwindow import MainWindow

__all__ = [
    "MENUS",
    "OTHER_KEYS",
    "SHORTCUTS",
    "Shortcut",
    "ShortcutSheet",
    "WindowShortcuts",
    "install",
]

#: The menu bar's menus, in order (made before the first paint: the layout does not move).
MENUS = ("&Session", "&View", "&Local Cognito", "&Help")
#: Why Local Cognito → Triggers… does nothing (the target is another Cognito).
NO_TRIGGERS = (
    "Triggers apply to the local Cognito this window runs: choose the Local Cognito profile "
    "(a `cognito-bench local` server takes --trigger options instead)."
)


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


def _step_tab(tabs: QTabWidget, step: int) -> None:
    """Bring the next (``step`` 1) or previous (-1) tab of ``tabs`` to the front."""
    if tabs.count():
        tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())


class WindowShortcuts:
    """What each of :data:`SHORTCUTS` does to a window (the menu actions call these).

    Args:
        window: the window the keys act on.
    """

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def handlers(self) -> dict[str, Callable[[], object]]:
        """Each shortcut's handler by name (what :func:`install` takes)."""
        w = self._window
        return {
            "run": self.run_focused_group,
            "rerun": self.rerun_last,
            "new_session": w.new_session,
            "close_session": lambda: w.sessions.close_tab(w.sessions.currentIndex()),
            "next_session": lambda: _step_tab(w.sessions, 1),
            "previous_session": lambda: _step_tab(w.sessions, -1),
            "next_pane": lambda: _step_tab(w.tabs, 1),
            "previous_pane": lambda: _step_tab(w.tabs, -1),
            "history_filter": self.focus_history_filter,
            "copy": self.copy_selected,
            "diff": w.show_token_diff,
            "screen_share": lambda: w.set_screen_share(w.menu_actions["screen_share"].isChecked()),
            "shortcuts": self.show_shortcuts,
            "triggers": self.show_triggers,
        }

    def run_focused_group(self) -> None:
        """Run the main action of the group that has focus (Ctrl+Return)."""
        from cognito_bench.ui.widgets import FlowGroup

        widget: QWidget | None = self._window.focusWidget()
        while widget is not None and not isinstance(widget, FlowGroup):
            widget = widget.parentWidget()
        button = widget.main_button if isinstance(widget, FlowGroup) else None
        if button is not None and button.isEnabled():
            button.click()

    def rerun_last(self) -> None:
        """Run the last flow button again for its session tab, with the fields as they are."""
        w = self._window
        if w.last_action is None:
            w.statusBar().showMessage("No call to run again yet.", 5_000)
            return
        name, slot = w.last_action
        if slot in w.sessions.slots and slot is not w.slot:
            w.sessions.setCurrentWidget(slot.form)
        button = w.buttons.get(name)
        if button is not None and button.isEnabled():
            w.run_action(name)

    def focus_history_filter(self) -> None:
        """Bring History forward and put the cursor in its filter (Ctrl+F)."""
        w = self._window
        w.show_pane(w.history)
        w.history.text.setFocus()
        w.history.text.selectAll()

    def copy_selected(self) -> str:
        """Copy the value selected where the focus is (the real one, screen-share or not);
        what was copied ("" when nothing was selected)."""
        from PySide6.QtGui import QGuiApplication

        text = selected_value(self._window.focusWidget())
        if text:
            QGuiApplication.clipboard().setText(text)
            self._window.statusBar().showMessage(f"Copied {len(text):,} characters.", 5_000)
        return text

    def show_shortcuts(self) -> QWidget:
        """Help → Keyboard shortcuts: the sheet (made on first use)."""
        sheet = self._window.findChild(ShortcutSheet)
        if sheet is None:
            sheet = ShortcutSheet(self._window)
        sheet.show()
        return sheet

    def show_triggers(self) -> QWidget | None:
        """Local Cognito → Triggers…: the dialog on the running local Cognito (made on first
        use); None, and a status line that says why, when the target is not the local one."""
        from cognito_bench.ui.triggers import TriggersDialog

        w = self._window
        if w.own_local() is None:
            w.statusBar().showMessage(NO_TRIGGERS, 20_000)
            return None
        dialog = w.findChild(TriggersDialog)
        if dialog is None:
            dialog = TriggersDialog(w.runner, w.own_local, w)
            dialog.applied.connect(lambda line: w.statusBar().showMessage(line, 20_000))
        elif dialog.isVisible():
            dialog.raise_()  # open already: to the front, as it is
            return dialog
        else:
            dialog.show_config(dialog.current())
        dialog.show()
        return dialog

    def show_local_actions(self) -> None:
        """The Local Cognito menu's entries work only on the local Cognito this window runs."""
        action = self._window.menu_actions.get("triggers")
        if action is None:
            return
        on = self._window.own_local() is not None
        action.setEnabled(on)
        tip = "Wire Lambda handler files to the local Cognito's triggers" if on else NO_TRIGGERS
        action.setToolTip(tip)
        action.setStatusTip(tip)
