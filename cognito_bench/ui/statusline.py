"""The status bar's message as a label: whole when it fits, else cut in the middle.

QStatusBar paints a temporary message itself and cuts it at the right edge, which for a
failed call is where its fix is ("… Fix: check the password" became "… Fix"). This label
shows the same message (the bar's :meth:`~PySide6.QtWidgets.QStatusBar.currentMessage`
is unchanged, for QA tools), cut in the middle when it is too long, so the error code at its
start and the fix at its end stay in view; the tooltip has all of it, a click shows the
Response pane (where the error is written out whole).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar

from cognito_bench.ui.widgets import named

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent, QResizeEvent

__all__ = ["StatusLine"]


class StatusLine(QLabel):
    """The status bar's current message, fitted to its width.

    Signals:
        clicked(): the user clicked the message (the window shows the Response pane).
    """

    clicked = Signal()

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__()
        named(self, "statusMessage", "Status message")
        self._message = ""
        # Ignored: the label takes the room the permanent labels leave, never more.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.messageChanged.connect(self.show_message)

    @property
    def message(self) -> str:
        """The whole message."""
        return self._message

    def show_message(self, message: str) -> None:
        """Show ``message`` (the status bar's), fitted to the width."""
        self._message = message
        self.setToolTip(message if self.fitted() != message else "")
        self.setText(self.fitted())

    def fitted(self) -> str:
        """The message as shown: whole, or cut in the middle to the label's width."""
        width = self.contentsRect().width()
        if not self._message or width <= 0:
            return self._message
        if self.fontMetrics().horizontalAdvance(self._message) <= width:
            return self._message
        # Not before: the Qt namespace's first use builds its enums (DEVELOPERS.md), and the
        # label is laid out before the first paint, with no message yet.
        from PySide6.QtCore import Qt

        return self.fontMetrics().elidedText(self._message, Qt.TextElideMode.ElideMiddle, width)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.setText(self.fitted())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._message:
            self.clicked.emit()
        super().mousePressEvent(event)
