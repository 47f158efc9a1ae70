"""The History pane: every call of this session (time, operation, status, ms); select to show.

The model adapts a plain list of :class:`CallRecord`; it keeps no logic of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.widgets import named

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord

__all__ = ["HistoryModel", "HistoryPane"]

_Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    """Rows of call records, oldest first."""

    HEADERS = ("Time", "Call", "Operation", "Status", "ms")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._records: list[CallRecord] = []

    @property
    def records(self) -> list[CallRecord]:
        """The records (a copy)."""
        return list(self._records)

    def append(self, record: CallRecord) -> int:
        """Add a record; returns its row."""
        row = len(self._records)
        self.beginInsertRows(QModelIndex(), row, row)
        self._records.append(record)
        self.endInsertRows()
        return row

    def clear(self) -> None:
        self.beginResetModel()
        self._records.clear()
        self.endResetModel()

    def record(self, row: int) -> CallRecord:
        return self._records[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._records[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return dt.datetime.fromtimestamp(r.started_at).strftime("%H:%M:%S")
            if col == 1:
                return r.label or r.operation
            if col == 2:
                return r.operation
            if col == 3:
                return r.status
            return f"{r.elapsed_ms:.0f}"
        if role == Qt.ItemDataRole.ForegroundRole and col == 3:
            return QColor("#1a7f37") if r.ok else QColor("#cf222e")
        if role == Qt.ItemDataRole.ToolTipRole:
            return r.one_line()
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None


class HistoryPane(QWidget):
    """A table of every call; selecting a row asks to show that record.

    Signals:
        selected(object): the user selected a record.
    """

    selected = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HistoryModel(self)
        self.table = named(QTableView(), "historyTable", "Call history")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.count = named(QLabel("0 calls"), "historyCount", "Number of calls")
        self.clear = named(QPushButton("Clear"), "historyClear", "Clear the history")
        self.clear.clicked.connect(self.model.clear)
        self.model.rowsInserted.connect(self._update_count)
        self.model.modelReset.connect(self._update_count)
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def add(self, record: CallRecord) -> None:
        """Append a record (the table follows the newest row)."""
        self.model.append(record)
        self.table.scrollToBottom()

    def _update_count(self, *_args: Any) -> None:
        n = self.model.rowCount()
        self.count.setText(f"{n} call{'s' if n != 1 else ''}")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.selected.emit(self.model.record(current.row()))
