"""Small widgets the panes share: named inputs, busy buttons, flow groups, a QR code view."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QBoxLayout,
    QGroupBox,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

if TYPE_CHECKING:
    # QtGui's painting classes load when first needed (start-up time).
    from PySide6.QtGui import QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
    from PySide6.QtWidgets import QTableWidget

__all__ = [
    "ERROR_STYLE",
    "NOTE_STYLE",
    "BusyButton",
    "Columns",
    "FlowGroup",
    "QrView",
    "ask_destructive",
    "bring_forward",
    "line_edit",
    "mark_invalid",
    "monospace",
    "named",
    "readonly_table",
    "selected_value",
    "set_ready",
    "watch_invisible",
]

#: Per-widget styles (an application-wide style sheet slows every widget's polish).
ERROR_STYLE = (
    "background: #ffebe9; color: #82071e; border: 1px solid #ff8182;"
    " border-radius: 4px; padding: 6px;"
)
NOTE_STYLE = "background: #fff8c5; border: 1px solid #d4a72c; border-radius: 4px; padding: 4px;"
BUSY_STYLE = "font-style: italic; color: #5a3d00; background: #fff4d6;"
#: A field the last refusal named (until it is edited).
INVALID_STYLE = "QLineEdit, QComboBox { border: 2px solid #cf222e; border-radius: 3px; }"
#: A field that holds invisible or direction characters.
INVISIBLE_STYLE = "QLineEdit { border: 2px dashed #bf8700; border-radius: 3px; }"


def monospace(widget: QWidget) -> None:
    """Show ``widget``'s text in the system's fixed-width font."""
    from PySide6.QtGui import QFontDatabase

    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(max(8, widget.font().pointSize() - 1))
    widget.setFont(font)


W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str, accessible_name: str, tooltip: str = "") -> W:
    """Give ``widget`` its stable object name and accessible name (QA tools find it by both)."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    if tooltip:
        widget.setToolTip(tooltip)
    return widget


def bring_forward(widget: QWidget) -> None:
    """Bring every tab holding ``widget`` to the front (a group on a tab page, a pane), as a
    user clicking those tabs would."""
    from PySide6.QtWidgets import QTabWidget

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            for index in range(parent.count()):
                page = parent.widget(index)
                if page is not None and (page is widget or page.isAncestorOf(widget)):
                    parent.setCurrentIndex(index)
                    break
        parent = parent.parentWidget()


def ask_destructive(parent: QWidget, title: str, question: str) -> bool:
    """Ask Yes / Cancel before something that cannot be undone; Cancel is the default."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        title,
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def readonly_table(
    columns: Sequence[str],
    object_name: str,
    accessible_name: str,
    *,
    stretch: int,
    select_rows: bool = True,
) -> QTableWidget:
    """A named, read-only table: headers, no row numbers, columns sized to their contents
    but ``stretch``, which takes the rest of the width; single-row selection by default.

    (The item-view classes are imported here: the window's first paint has no table, and
    making their Python types costs start-up time.)
    """
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

    table = named(QTableWidget(0, len(columns)), object_name, accessible_name)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().hide()
    # Compact rows (a table of checks or codes is read as a list); wrapped ones grow.
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if select_rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def line_edit(
    object_name: str,
    accessible_name: str,
    placeholder: str = "",
    *,
    secret: bool = False,
    parent: QWidget | None = None,
) -> QLineEdit:
    """A named line edit; ``secret`` ones echo as a password and are not undoable/draggable."""
    edit = named(QLineEdit(parent), object_name, accessible_name)
    edit.setPlaceholderText(placeholder)
    if secret:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class BusyButton(QPushButton):
    """A push button that shows how many calls it started are still running.

    It stays clickable while busy: clicking twice starts two calls (QA tests that).

    Signals:
        busy_changed(bool): the button became busy or idle.
    """

    busy_changed = Signal(bool)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._label = text
        self._running = 0
        self.setAutoDefault(False)
        self.setProperty("busy", False)

    @property
    def running(self) -> int:
        """Calls started by this button and not finished."""
        return self._running

    def begin(self) -> None:
        """A call started."""
        self._running += 1
        self._update()

    def end(self) -> None:
        """A call finished (or failed, or was cancelled)."""
        self._running = max(0, self._running - 1)
        self._update()

    def _update(self) -> None:
        busy = self._running > 0
        suffix = "" if not busy else (" …" if self._running == 1 else f" …×{self._running}")
        self.setText(self._label + suffix)
        if self.property("busy") != busy:
            self.setProperty("busy", busy)
            self.setAccessibleDescription("busy" if busy else "")
            self.setStyleSheet(BUSY_STYLE if busy else "")
            self.busy_changed.emit(busy)


#: Pixels between rows, and above and below a group's content: the left side fits the client
#: area of a maximized window on a 1366×768 laptop (about 1366×700) without scrolling.
GAP = 2
#: A group's content margins (left, top, right, bottom).
GROUP_MARGINS = (6, GAP, 6, GAP)


class FlowGroup(QGroupBox):
    """A titled group of inputs and buttons for one flow; Enter runs its main action.

    Enter on a focused button clicks that button; Enter anywhere else in the group (a line
    edit ignores Return, so the key reaches the group) clicks :attr:`main_button`.
    """

    def __init__(self, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        named(self, object_name, title)
        self.main_button: QAbstractButton | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QAbstractButton) and self.isAncestorOf(focused):
                focused.click()
                event.accept()
                return
            if self.main_button is not None and self.main_button.isEnabled():
                self.main_button.click()
                event.accept()
                return
        super().keyPressEvent(event)


class QrView(QWidget):
    """Paints a QR code matrix (rows of 0/1) as crisp square modules with a quiet zone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix: list[list[int]] = []
        self.setMinimumSize(QSize(140, 140))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_matrix(self, matrix: Sequence[Sequence[int]]) -> None:
        """Show ``matrix`` (truthy = dark module); empty clears."""
        self._matrix = [[1 if cell else 0 for cell in row] for row in matrix]
        self.update()

    def set_text(self, text: str) -> None:
        """Encode ``text`` (an otpauth URI) and show it (segno is imported on first use)."""
        if not text:
            self.set_matrix([])
            return
        import segno

        qr = segno.make(text, error="m", micro=False)
        self.set_matrix([list(row) for row in qr.matrix])

    def to_image(self, scale: int = 4) -> QImage:
        """The code as an image (for copying); quiet zone of 4 modules."""
        from PySide6.QtGui import QColor, QImage, QPainter

        n = len(self._matrix)
        size = (n + 8) * scale
        image = QImage(size, size, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._paint(painter, size)
        painter.end()
        return image

    def sizeHint(self) -> QSize:
        return QSize(160, 160)

    def _paint(self, painter: QPainter, side: int) -> None:
        n = len(self._matrix)
        if not n:
            return
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QColor

        module = side / (n + 8)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("black"))
        for y, row in enumerate(self._matrix):
            for x, cell in enumerate(row):
                if cell:
                    painter.drawRect(
                        int((x + 4) * module),
                        int((y + 4) * module),
                        int(module + 1),
                        int(module + 1),
                    )

    @property
    def hidden_for_sharing(self) -> bool:
        """True while screen-share mode hides the code (it is a TOTP secret)."""
        from cognito_bench.ui.screenshare import is_revealed, sharing

        return bool(self._matrix) and sharing(self) and not is_revealed(self)

    def apply_screen_share(self) -> None:
        """Repaint (hidden, or shown, as the mode says)."""
        self.setToolTip(
            "Hidden while screen sharing: click to show the QR code"
            if self.hidden_for_sharing
            else ""
        )
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.hidden_for_sharing:
            from cognito_bench.ui.screenshare import reveal

            reveal(self)
            self.apply_screen_share()
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        from PySide6.QtGui import QColor, QPainter

        painter = QPainter(self)
        side = min(self.width(), self.height())
        if self.hidden_for_sharing:
            painter.fillRect(0, 0, side, side, QColor("#d0d7de"))
            painter.drawText(8, side // 2, "QR hidden: click")
        else:
            painter.fillRect(0, 0, side, side, QColor("white"))
            self._paint(painter, side)
        painter.end()

    def matrix(self) -> list[list[int]]:
        """The modules shown."""
        return [list(row) for row in self._matrix]


def set_ready(buttons: Iterable[QAbstractButton], ready: bool, why: str = "") -> None:
    """Enable ``buttons`` when the target is known; ``why`` (their status tip) says what they
    wait for while they are off."""
    for button in buttons:
        button.setEnabled(ready)
        button.setStatusTip("" if ready else why)


def set_many(widgets: Sequence[Any], **props: Any) -> None:
    """Set the same Qt properties on several widgets."""
    for w in widgets:
        for key, value in props.items():
            w.setProperty(key, value)


class Columns(QWidget):
    """Two columns side by side when both fit, one above the other when they do not.

    In a scroll area (``widgetResizable``): at 1366 pixels the window shows both columns and
    no scroll bar; at 1024 the columns stack and the area scrolls up and down, never
    sideways, so no button is cut off at the right edge.
    """

    def __init__(self, first: QWidget, second: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns = (first, second)
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(4, 4, 4, 4)
        self._box.setSpacing(6)
        # The widget's minimum is this class's (one column wide), not the layout's.
        self._box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._box.addWidget(first, 1)
        self._box.addWidget(second, 1)

    @property
    def stacked(self) -> bool:
        """True while the columns are one above the other."""
        return self._box.direction() == QBoxLayout.Direction.TopToBottom

    def two_columns_width(self) -> int:
        """The width both columns need side by side."""
        margins = self._box.contentsMargins()
        widths = sum(c.minimumSizeHint().width() for c in self._columns)
        return widths + self._box.spacing() + margins.left() + margins.right()

    def one_column_width(self) -> int:
        """The width the widest column needs alone."""
        margins = self._box.contentsMargins()
        widest = max(c.minimumSizeHint().width() for c in self._columns)
        return widest + margins.left() + margins.right()

    def minimumSizeHint(self) -> QSize:
        return QSize(self.one_column_width(), self._box.minimumSize().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        side_by_side = event.size().width() >= self.two_columns_width()
        direction = (
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        if direction != self._box.direction():
            self._box.setDirection(direction)
            self.updateGeometry()  # the height it needs changed
        super().resizeEvent(event)


def _restyle(widget: QWidget) -> None:
    """A field's border: refused (red) wins over invisible characters (amber dashes)."""
    style = ""
    if widget.property("invalidInput"):
        style = INVALID_STYLE
    elif widget.property("invisibleChars"):
        style = INVISIBLE_STYLE
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)
    base = widget.property("baseToolTip")
    if base is None:
        base = widget.toolTip()
        widget.setProperty("baseToolTip", base)
    notes = [
        str(n) for n in (widget.property("invalidInput"), widget.property("invisibleChars")) if n
    ]
    widget.setToolTip("\n".join([*notes, str(base)]).strip())


def mark_invalid(widget: QWidget, message: str) -> None:
    """Mark ``widget`` as the field a refusal named (cleared when the user edits it)."""
    widget.setProperty("invalidInput", f"Refused: {message}")
    _restyle(widget)
    if not widget.property("watchesInvalid"):
        widget.setProperty("watchesInvalid", True)
        signal = getattr(widget, "textEdited", None) or getattr(widget, "currentIndexChanged", None)
        if signal is not None:
            signal.connect(lambda *_a, w=widget: _clear_invalid(w))


def _clear_invalid(widget: QWidget) -> None:
    if widget.property("invalidInput"):
        widget.setProperty("invalidInput", "")
        _restyle(widget)


def watch_invisible(edit: QLineEdit) -> None:
    """Mark ``edit`` while it holds invisible or direction characters (U+202E and the like):
    an amber border and a tooltip naming them. The text itself is kept as typed."""
    if edit.property("watchesInvisible"):
        return
    edit.setProperty("watchesInvisible", True)
    edit.textChanged.connect(lambda text, e=edit: _check_invisible(e, text))
    _check_invisible(edit, edit.text())


def _check_invisible(edit: QLineEdit, text: str) -> None:
    if text.isprintable() and not edit.property("invisibleChars"):
        return  # the common case, in C
    from cognito_bench.visible import describe_invisible

    found = describe_invisible(text)
    note = f"Holds invisible or direction characters: {found}. Sent as typed." if found else ""
    if note != (edit.property("invisibleChars") or ""):
        edit.setProperty("invisibleChars", note)
        edit.setAccessibleDescription(note)
        _restyle(edit)


def selected_value(widget: QWidget | None) -> str:
    """The value selected in ``widget`` (or the field itself): a JSON tree's node, a table's
    cell, a token field's whole token; the real value in screen-share mode."""
    import json

    from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTableWidget

    if widget is None:
        return ""
    value = getattr(widget, "value", None)
    if callable(value):  # a secret field: the real value, whole
        return str(value())
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.textCursor().selectedText() or widget.toPlainText()
    if isinstance(widget, QAbstractItemView):
        index = widget.currentIndex()
        if not index.isValid():
            return ""
        model = widget.model()
        node_value = getattr(model, "node_value", None)
        if callable(node_value):  # the Response tree: the JSON value itself
            data = node_value(index)
            return data if isinstance(data, str) else json.dumps(data, indent=2, ensure_ascii=False)
        real = getattr(widget.parentWidget(), "real_value", None)
        if isinstance(widget, QTableWidget) and callable(real):  # the Outbox: unmasked
            return str(real(index.row(), index.column()))
        return str(model.data(index) or "")
    return ""
