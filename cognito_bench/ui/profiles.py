"""The profile switcher row of the Target group, and the dismissible note under the menu bar.

Widgets only: the window (:class:`~cognito_bench.ui.mainwindow.MainWindow`) does what their
buttons ask, through the store, off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.widgets import NOTE_STYLE, named

__all__ = ["LOCAL_PROFILE", "ProfileBar", "StoreNote"]

#: The built-in entry for the embedded local Cognito (``store.LOCAL_PROFILE_NAME``; not
#: imported from the store, whose keyring import would delay the first paint).
LOCAL_PROFILE = "Local Cognito"


class ProfileBar(QWidget):
    """The profile combo, Save as / Rename / Delete / Import / Export, and "keep tokens".

    Signals:
        chosen(str): the user picked a profile in the combo.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profileBar")
        self.combo = named(
            QComboBox(), "profileCombo", "Profile", "Saved targets; Local Cognito is built in"
        )
        self.combo.addItem(LOCAL_PROFILE, LOCAL_PROFILE)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.activated.connect(lambda _i: self.chosen.emit(self.current()))
        self.save_as = named(
            QPushButton("Save as…"),
            "profileSaveAs",
            "Save the target as a profile",
            "Save these target fields as a named profile (client secrets go to the keyring)",
        )
        self.rename = named(QPushButton("Rename…"), "profileRename", "Rename the profile")
        self.delete = named(QPushButton("Delete…"), "profileDelete", "Delete the profile")
        self.import_ = named(
            QPushButton("Import…"), "profileImport", "Import profiles", "Add profiles from a file"
        )
        self.export = named(
            QPushButton("Export…"),
            "profileExport",
            "Export profiles",
            "Write the saved profiles to a file, without secrets",
        )
        self.keep_tokens = named(
            QCheckBox("Keep tokens"),
            "profileKeepTokens",
            "Keep tokens in the history",
            "Store this profile's tokens in the call history (to get yesterday's token back). "
            "Passwords and secrets are masked regardless; exports mask tokens too.",
        )
        buttons = (self.save_as, self.rename, self.delete, self.import_, self.export)
        for button in buttons:
            button.setAutoDefault(False)
        # The combo on one line, the buttons and "keep tokens" on two short ones below: a
        # row of five buttons would widen the Target column and push the flow buttons out of
        # a 1366×768 window.
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        for i, widget in enumerate((*buttons, self.keep_tokens)):
            grid.addWidget(widget, i // 3, i % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo)
        layout.addLayout(grid)
        self.set_names([])

    def tab_chain(self) -> list[QWidget]:
        """The bar's widgets in the order Tab visits them."""
        return [
            self.combo,
            self.save_as,
            self.rename,
            self.delete,
            self.import_,
            self.export,
            self.keep_tokens,
        ]

    def current(self) -> str:
        """The profile shown in the combo."""
        return str(self.combo.currentData() or LOCAL_PROFILE)

    def set_names(self, names: list[str], current: str = "") -> None:
        """List ``names`` (the local entry first, always) and select ``current``."""
        wanted = [LOCAL_PROFILE, *(n for n in names if n != LOCAL_PROFILE)]
        current = current or self.current()
        self.combo.blockSignals(True)
        if [self.combo.itemData(i) for i in range(self.combo.count())] != wanted:
            self.combo.clear()
            for name in wanted:
                self.combo.addItem(name, name)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        saved = self.current() != LOCAL_PROFILE
        self.rename.setEnabled(saved)
        self.delete.setEnabled(saved)
        self.export.setEnabled(self.combo.count() > 1)


class StoreNote(QWidget):
    """A dismissible note at the top of the window (a profiles file set aside, and so on)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storeBanner")
        self.label = named(QLabel(), "storeNote", "Note")
        self.label.setWordWrap(True)
        self.dismiss = named(QPushButton("Dismiss"), "storeNoteDismiss", "Dismiss the note")
        self.dismiss.setAutoDefault(False)
        self.dismiss.clicked.connect(self.hide)
        self.setStyleSheet(f"QWidget#storeBanner {{{NOTE_STYLE}}}")
        self.label.setStyleSheet(NOTE_STYLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss)
        self.hide()

    def show_lines(self, lines: list[str]) -> None:
        """Show ``lines`` (one note); nothing to show hides it."""
        if not lines:
            self.hide()
            return
        self.label.setText("\n".join(lines))
        self.show()
