"""The Response pane: the selected call's raw JSON as a lazy tree and as text, copy buttons.

The JSON text of a record is built off the GUI thread; the text view shows the first
:data:`TEXT_LIMIT` characters and offers "Show all", which appends the rest in small chunks
so even a 5 MB response never freezes the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.jsontext import dumps
from cognito_bench.ui.asyncglue import Latest, Runner
from cognito_bench.ui.jsonmodel import JsonTreeModel
from cognito_bench.ui.widgets import ERROR_STYLE, monospace, named

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target

__all__ = ["TEXT_LIMIT", "ResponsePane", "render_record"]

#: Characters of JSON text shown before "Show all" (~600 lines; a Cognito answer with three
#: tokens is ~5,000). Measured here: 20,000 set and painted in 2 ms; 50,000 paint in 12 ms
#: (an unwrapped view measures every line's width), 200,000 in 30 ms.
TEXT_LIMIT = 20_000
#: Characters appended per turn of the event loop by "Show all" (~3 ms here).
_CHUNK = 16_000


def render_record(record: CallRecord) -> tuple[dict[str, Any], str, str]:
    """The record as (JSON data, indented text, raw response text); slow for big responses."""
    data = record.to_json()
    # jsontext: a multi-megabyte response is encoded without holding the GIL for long.
    text = dumps(data, indent=2)
    response_text = dumps(data.get("response", {}), indent=2)
    return data, text, response_text


class ResponsePane(QWidget):
    """Shows one :class:`CallRecord`: error and explanation on top, tree, text.

    Signals:
        shown(object): a record is now fully shown (its tree and text are in place).
    """

    shown = Signal(object)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._record: CallRecord | None = None
        self._shown: CallRecord | None = None
        self._filling: CallRecord | None = None
        self._text = ""
        self._response_text = ""
        self._latest = Latest(runner, render_record, self._rendered, "render")
        self._append_from = 0
        self._append_timer = QTimer(self)
        self._append_timer.setInterval(0)
        self._append_timer.timeout.connect(self._append_chunk)
        # The text goes in on the loop turn after the tree: each stays under a frame alone.
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(0)
        self._text_timer.timeout.connect(self._fill_text)

        self.title = named(
            QLabel("No call yet: click a button on the left."), "responseTitle", "Call"
        )
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A long title (an OAuth grant's) must not widen the pane and squeeze the flow
        # buttons: it takes the room the buttons leave, and its tooltip has all of it.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error = named(QLabel(), "responseError", "Error and explanation")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()

        self.copy_json = named(
            QPushButton("Copy JSON"), "responseCopyJson", "Copy the call as JSON"
        )
        self.copy_response = named(
            QPushButton("Copy response"), "responseCopyResponse", "Copy the raw response JSON"
        )
        self.copy_cli = named(
            QPushButton("Copy as AWS CLI"),
            "responseCopyCli",
            "Copy the call as an AWS CLI command (secrets become placeholders)",
        )
        self.copy_cli.setEnabled(False)
        #: The target of the record shown: the one its call was made against (carried by
        #: the record), never the fields as they are now.
        self._target: Target | None = None
        self.expand = named(QPushButton("Expand"), "responseExpand", "Expand the tree two levels")
        self.show_all = named(
            QPushButton("Show all"), "responseShowAll", "Show the whole JSON text"
        )
        self.show_all.hide()
        self.copy_json.clicked.connect(self._copy_json)
        self.copy_response.clicked.connect(self._copy_response)
        self.copy_cli.clicked.connect(self._copy_cli)
        self.expand.clicked.connect(self._expand)
        self.show_all.clicked.connect(self._show_all)

        self.model = JsonTreeModel(self)
        self.tree = named(QTreeView(), "responseTree", "Response tree")
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 220)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Fixed, not ResizeToContents: that measures every laid-out row, ~50 ms when a
        # 60,000-item array is expanded. The widest type name sets the width.
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, self.tree.fontMetrics().horizontalAdvance("boolean") + 24)

        self.text = named(QPlainTextEdit(), "responseText", "Response JSON text")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        monospace(self.text)

        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        for b in (self.expand, self.copy_json, self.copy_response, self.copy_cli, self.show_all):
            buttons.addWidget(b)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.text)
        splitter.setSizes([300, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)

    @property
    def record(self) -> CallRecord | None:
        """The record shown."""
        return self._record

    @property
    def idle(self) -> bool:
        """True when no record is being rendered or appended."""
        return (
            self._latest.idle
            and not self._append_timer.isActive()
            and not self._text_timer.isActive()
        )

    @property
    def shown_record(self) -> CallRecord | None:
        """The record whose tree and text are in place (the selected one, once rendered)."""
        return self._shown

    @property
    def full_text(self) -> str:
        """The whole JSON text of the record shown (the view may show less)."""
        return self._text

    @property
    def truncated(self) -> bool:
        """True when the text view shows only the start of the JSON text."""
        return self.text.document().characterCount() - 1 < len(self._text)

    def show_record(self, record: CallRecord) -> None:
        """Show ``record``: the heavy JSON work runs off the GUI thread (newest record wins)."""
        self._record = record
        self._target = record.target
        self.copy_cli.setEnabled(self._target is not None)
        self.copy_cli.setToolTip(
            "Copy the call as an AWS CLI command (secrets become placeholders)"
            if self._target is not None
            else "This stored call predates the bench keeping each call's target: its region "
            "and endpoint are not known."
        )
        self._append_timer.stop()
        self._text_timer.stop()
        self.title.setText(self._title_of(record))
        self.title.setToolTip(self.title.text())
        if record.ok:
            self.error.hide()
        else:
            message = f"<b>{_esc(record.error_code)}</b>: {_esc(record.error_message)}"
            if record.explanation:
                message += f"<br>{_esc(record.explanation)}"
            self.error.setText(message)
            self.error.show()
        self._latest.submit(record)

    def _rendered(self, record: CallRecord, rendered: tuple[dict[str, Any], str, str]) -> None:
        data, text, response_text = rendered
        self._text = text
        self._response_text = response_text
        self._filling = record
        self.model.set_data(data)
        response_index = self._child_index("response")
        if response_index is not None:
            self.tree.expand(response_index)
        self.show_all.hide()
        self._text_timer.start()

    def _fill_text(self) -> None:
        record, text = self._filling, self._text
        self._shown = record
        self.text.setPlainText(text[:TEXT_LIMIT])
        self.show_all.setVisible(len(text) > TEXT_LIMIT)
        if len(text) > TEXT_LIMIT:
            self.show_all.setText(f"Show all ({len(text) // 1024} KB)")
        self.shown.emit(record)

    def _child_index(self, key: str) -> Any:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if self.model.data(index) == key:
                return index
        return None

    @staticmethod
    def _title_of(record: CallRecord) -> str:
        label = record.label or record.operation
        status = "OK" if record.ok else record.error_code
        http = f" · HTTP {record.http_status}" if record.http_status else ""
        return f"{label} ({record.operation}) · {status}{http} · {record.elapsed_ms:.0f} ms"

    def _copy_json(self) -> None:
        QGuiApplication.clipboard().setText(self._text)

    def _copy_response(self) -> None:
        QGuiApplication.clipboard().setText(self._response_text)

    def _copy_cli(self) -> None:
        if self._record is None or self._target is None:
            return
        from cognito_bench.aws.cli import cli_command  # loaded with the call that made the record

        QGuiApplication.clipboard().setText(cli_command(self._record, self._target))

    def _expand(self) -> None:
        self.tree.expandToDepth(1)

    def _show_all(self) -> None:
        self.show_all.hide()
        self._append_from = self.text.document().characterCount() - 1
        self._append_timer.start()

    def _append_chunk(self) -> None:
        chunk = self._text[self._append_from : self._append_from + _CHUNK]
        if not chunk:
            self._append_timer.stop()
            return
        cursor = self.text.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(chunk)
        self._append_from += len(chunk)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
