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
from cognito_bench.ui.highlight import JsonHighlighter
from cognito_bench.ui.jsonmodel import JsonTreeModel
from cognito_bench.ui.screenshare import is_revealed, reveal, sharing
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


def render_record(record: CallRecord, masked: bool = False) -> tuple[dict[str, Any], str, str, str]:
    """The record as (JSON data, indented text, raw response text, text to show); slow for
    big responses. ``masked``: the text to show has its secrets masked (screen-share mode)."""
    data = record.to_json()
    # jsontext: a multi-megabyte response is encoded without holding the GIL for long.
    text = dumps(data, indent=2)
    response_text = dumps(data.get("response", {}), indent=2)
    shown = text
    if masked:
        from cognito_bench.masking import screen_data

        shown = dumps(screen_data(data), indent=2)
    return data, text, response_text, shown


def _render(item: tuple[CallRecord, bool]) -> tuple[dict[str, Any], str, str, str]:
    return render_record(*item)


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
        self._shown_text = ""
        self._response_text = ""
        self._latest = Latest(runner, _render, self._rendered, "render")
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
        # buttons: it takes the room its row leaves, and its tooltip has all of it. The
        # outcome (status, HTTP, ms) has a label of its own that is never cut.
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.outcome = named(QLabel(""), "responseOutcome", "Call outcome")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
        self._highlighter = JsonHighlighter(self.text.document())
        self._colour_timer = QTimer(self)
        self._colour_timer.setSingleShot(True)
        self._colour_timer.setInterval(0)
        self._colour_timer.timeout.connect(self._colour)
        self.tree.clicked.connect(self._tree_clicked)

        heading = QHBoxLayout()
        heading.addWidget(self.title, 1)
        heading.addWidget(self.outcome)
        buttons = QHBoxLayout()
        for b in (self.expand, self.copy_json, self.copy_response, self.copy_cli, self.show_all):
            buttons.addWidget(b)
        buttons.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.text)
        splitter.setSizes([300, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
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
            and not self._colour_timer.isActive()
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
        return self.text.document().characterCount() - 1 < len(self._shown_text)

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
        self._show_heading(record)
        self._show_error(record)
        self._latest.submit((record, sharing(self)))

    def _show_heading(self, record: CallRecord) -> None:
        label = record.label or record.operation
        http = f" · HTTP {record.http_status}" if record.http_status else ""
        status = "OK" if record.ok else record.error_code
        self.title.setText(f"{label} ({record.operation})")
        ran = _triggers_line(record)
        self.outcome.setText(f"{status}{http} · {record.elapsed_ms:.0f} ms{ran}")
        style = "color: #1a7f37;" if record.ok else "color: #cf222e;"
        if self.outcome.styleSheet() != style:  # a style sheet is parsed on every set
            self.outcome.setStyleSheet(style)
        self.outcome.setToolTip("")
        self.title.setToolTip(self._title_of(record))

    def _show_error(self, record: CallRecord) -> None:
        if record.ok:
            self.error.hide()
            return
        code, message, explanation = record.error_code, record.error_message, record.explanation
        if sharing(self):
            from cognito_bench.masking import screen_text

            message, explanation = screen_text(message), screen_text(explanation)
        text = f"<b>{_esc(code)}</b>: {_esc(message)}"
        if explanation:
            text += f"<br>{_esc(explanation)}"
        self.error.setText(text)
        self.error.show()

    def apply_screen_share(self) -> None:
        """Show the record again, masked or not as the mode says."""
        self.model.set_mask(sharing(self), lambda node: is_revealed(self, node))
        if self._record is not None:
            self._show_error(self._record)
            self._latest.submit((self._record, sharing(self)))

    def _tree_clicked(self, index: Any) -> None:
        """A click on a masked value shows it (one at a time)."""
        node = self.model.masked_node(index)
        if node is not None:
            reveal(self, node)
            self.model.refresh()

    def mark_unverified(self, line: str) -> None:
        """Say in the heading that the tokens this call brought fail verification."""
        if line and line not in self.outcome.text():
            self.outcome.setText(f"{self.outcome.text()} · {line}")
            self.outcome.setStyleSheet("color: #cf222e; font-weight: 600;")
            self.outcome.setToolTip("Tokens → the failed checks say why")

    def _colour(self) -> None:
        """Colour the JSON text now (setDocument alone would queue it for later)."""
        self._highlighter.setDocument(self.text.document())
        self._highlighter.rehighlight()

    def clear_error(self) -> None:
        """Hide the error line (the call it explains was made before the target changed)."""
        self.error.hide()
        if self._record is not None:
            self.title.setText(self._title_of(self._record) + " · made before the target changed")

    def _rendered(
        self, item: tuple[CallRecord, bool], rendered: tuple[dict[str, Any], str, str, str]
    ) -> None:
        record, _masked = item
        data, text, response_text, shown = rendered
        self._text = text
        self._shown_text = shown
        self._response_text = response_text
        self._filling = record
        self.model.set_mask(sharing(self), lambda node: is_revealed(self, node), refresh=False)
        self.model.set_data(data)
        # The answer, and what the Lambda triggers did for it (event, answer, logs).
        for key in ("response", "triggers"):
            index = self._child_index(key)
            if index is not None:
                self.tree.expand(index)
        self.show_all.hide()
        self._text_timer.start()

    def _fill_text(self) -> None:
        record, text = self._filling, self._shown_text
        self._shown = record
        # The text now, its colours on the next loop turn: each stays under a frame.
        self._highlighter.setDocument(None)
        self.text.setPlainText(text[:TEXT_LIMIT])
        self._colour_timer.start()
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
        chunk = self._shown_text[self._append_from : self._append_from + _CHUNK]
        if not chunk:
            self._append_timer.stop()
            return
        cursor = self.text.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(chunk)
        self._append_from += len(chunk)


def _triggers_line(record: CallRecord) -> str:
    """The outcome line's part for a call that ran Lambda triggers (the local Cognito's):
    which ran, and how many failed; "" for none."""
    kinds = [str(t.get("kind", "?")) for t in record.triggers]
    if not kinds:
        return ""
    failed = sum(1 for t in record.triggers if t.get("error"))
    shown = ", ".join(dict.fromkeys(kinds))
    return f" · triggers ran: {shown}" + (f" ({failed} failed)" if failed else "")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
