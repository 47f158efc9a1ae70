"""The History pane: every stored call (time, profile, user, operation, status, ms); select one
to show it.

Backed by the store's :class:`~cognito_bench.store.HistoryStore` (SQLite): the table shows one
page at a time and asks for the next as it is scrolled (``fetchMore``); the text, operation and
status filters query the store off the GUI thread. Calls of this session keep their live
:class:`CallRecord` (tokens and all, in memory only); older rows show the masked stored call.
Every write and query runs on a worker thread: the store's lock may be held by a 100 ms filter.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.widgets import NOTE_STYLE, ask_destructive, named
from cognito_bench.visible import escape_invisible

if TYPE_CHECKING:
    from PySide6.QtGui import QHelpEvent

    from cognito_bench.aws.record import CallRecord
    from cognito_bench.store import BenchStore, HistoryRow

__all__ = ["PAGE", "HistoryModel", "HistoryPane", "record_from_json"]

_Index = QModelIndex | QPersistentModelIndex
#: Rows asked of the store at a time (the first screenful and some; more as it scrolls).
PAGE = 200
#: Quiet time after the last keystroke before the text filter queries the store.
FILTER_DELAY_MS = 150
#: Columns of the table (HistoryModel.HEADERS).
_PROFILE, _CALL, _STATUS, _MS = 1, 3, 5, 6
#: A call waiting to be stored: (profile, record, url, user).
_Pending = tuple[str, "CallRecord", str, str]


def record_from_json(data: dict[str, Any]) -> CallRecord:
    """A stored, masked call as a :class:`CallRecord` (its label says so)."""
    from cognito_bench.aws.record import CallRecord

    return CallRecord.from_json(data, label_suffix=" (stored, masked)")


#: The history limits offered (0 keeps every call); the store's default is 20,000.
KEEP_CHOICES = (1_000, 5_000, 20_000, 100_000, 1_000_000, 0)


def keep_text(keep: int) -> str:
    """The limit as the list shows it."""
    return "Keep every call" if keep == 0 else f"Keep newest {keep:,}"


class HistoryModel(QStandardItemModel):
    """Rows of stored calls (:class:`HistoryRow`), newest first, loaded a page at a time.

    The cells are Qt items, not a Python ``data()``: painting the table then never waits for
    the GIL, which a worker thread (a sign-in, a filter) may be holding.

    Signals:
        more_wanted(): the view scrolled to the end and more rows match (load the next page).
    """

    more_wanted = Signal()

    HEADERS = ("Time", "Profile", "User", "Call", "Operation", "Status", "ms")
    #: The columns' widths (0: the Call column takes the rest).
    WIDTHS = (72, 96, 96, 0, 110, 110, 44)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self._rows: list[HistoryRow] = []
        self.total = 0
        self._loading = False
        self._today = dt.date.today()
        self._ok = QBrush(QColor("#1a7f37"))
        self._error = QBrush(QColor("#cf222e"))
        self._right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

    @property
    def rows(self) -> list[HistoryRow]:
        """The rows loaded so far (a copy)."""
        return list(self._rows)

    def row_at(self, row: int) -> HistoryRow:
        return self._rows[row]

    def tooltip(self, row: int) -> str:
        """Row ``row``'s summary, shown on hovering any of its cells (HistoryPane asks for it
        then: per item, 1,400 tooltips a page were a filter's wait on the GUI thread)."""
        if not 0 <= row < len(self._rows):
            return ""
        r = self._rows[row]
        kept = " · tokens kept" if r.tokens_kept else ""
        http = f" · HTTP {r.http_status}" if r.http_status else ""
        who = f" · {escape_invisible(r.user)}" if r.user else ""
        return f"{r.label} ({r.operation}) · {r.status}{http} · {r.profile}{who}{kept}"

    def _items(self, r: HistoryRow, show_profile: bool) -> list[QStandardItem]:
        texts = (
            self._time(r.started_at),
            r.profile if show_profile else "",
            escape_invisible(r.user),
            r.label or r.operation,
            r.operation,
            r.status,
            f"{r.elapsed_ms:.0f}",
        )
        # Not editable by the view's edit triggers (none), not per item: 200 rows x 7 items
        # of setEditable were a fifth of a filter's wait on the GUI thread.
        items = [QStandardItem(text) for text in texts]
        items[_STATUS].setForeground(self._ok if r.ok else self._error)
        items[_MS].setTextAlignment(self._right)
        return items

    def _show_profile_at(self, row: int) -> None:
        """Show row ``row``'s profile only where it changes: at the top, or when the row
        above is another profile's (a column of the same name says nothing)."""
        if not 0 <= row < len(self._rows):
            return
        profile = self._rows[row].profile
        shown = row == 0 or self._rows[row - 1].profile != profile
        item = self.item(row, _PROFILE)
        if item is not None:
            item.setText(profile if shown else "")

    def reset(self, rows: list[HistoryRow], total: int) -> None:
        """Show the first page of a new filter."""
        self._today = dt.date.today()
        self.removeRows(0, self.rowCount())
        self._rows = []
        self.total = total
        self._loading = False
        self._add(rows)

    def _add(self, rows: list[HistoryRow]) -> None:
        for r in rows:
            above = self._rows[-1].profile if self._rows else None
            self._rows.append(r)
            self.appendRow(self._items(r, r.profile != above))

    def append_page(self, rows: list[HistoryRow], total: int) -> None:
        """Add the next page at the end."""
        self._loading = False
        self.total = total
        known = {r.id for r in self._rows[-len(rows) - PAGE :]}
        self._add([r for r in rows if r.id not in known])

    def insert_top(self, rows: list[HistoryRow]) -> None:
        """New calls at the top (newest first)."""
        for r in sorted(rows, key=lambda r: r.id):
            self._rows.insert(0, r)
            self.insertRow(0, self._items(r, True))
            self._show_profile_at(1)
        self.total += len(rows)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._loading and len(self._rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._loading = True
            self.more_wanted.emit()

    def _time(self, epoch: float) -> str:
        # Formatted by hand: strftime imports the time module on each call, through
        # PySide6's import hook (10 us a row, a sixth of a filter's wait on the GUI thread).
        m = dt.datetime.fromtimestamp(epoch)
        if m.date() == self._today:
            return f"{m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        return f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}"


class HistoryPane(QWidget):
    """The stored calls with filters, paging, exports and Clear; selecting shows a call.

    Calls that land before a store is attached wait in memory and are written when it is.

    Signals:
        selected(object): the user selected a call (the live record, or the stored one).
        loaded(): a filter's first page (or the next page) is in the table.
        recorded(object): a call was stored (its :class:`HistoryRow`).
        exported(str): an export was written to this path.
        flow_saved(str): the selected calls were saved as a flow file at this path.
        cleared(): the history was cleared.
        failed(str): a store operation failed (one plain line).
        notice(str): a store operation did something worth a status line.
    """

    selected = Signal(object)
    loaded = Signal()
    recorded = Signal(object)
    exported = Signal(str)
    flow_saved = Signal(str)
    cleared = Signal()
    failed = Signal(str)
    notice = Signal(str)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._bench: BenchStore | None = None
        self._pending: list[_Pending] = []
        self._writing = False
        self._version = 0
        self.live: dict[int, CallRecord] = {}
        #: Awaited before each write: the window lets the Response pane finish showing a
        #: call first (a big call's masking competes with the GUI thread for the GIL).
        self.write_gate: Callable[[list[CallRecord]], Awaitable[None]] | None = None
        #: Pages shown so far (the first one means the History pane has its rows).
        self.loads = 0
        #: The window's local Cognito as its JSON line (None: not running): Save as flow
        #: names the app client the calls used by its name there (ids change per start).
        self.local_json: Callable[[], dict[str, Any] | None] = lambda: None
        self.model = HistoryModel(self)
        self.model.more_wanted.connect(self._load_more)

        self.text = named(
            QLineEdit(), "historyFilter", "Filter calls by text", "Words every shown call contains"
        )
        self.text.setPlaceholderText("Filter: user, error, operation, value…")
        self.text.setClearButtonEnabled(True)
        self.operation = named(QComboBox(), "historyOperation", "Filter by operation")
        self.operation.addItem("All operations", "")
        self.status = named(QComboBox(), "historyStatus", "Filter by status")
        self.status.addItem("Any status", "")
        self.status.addItem("OK", "OK")
        self.status.addItem("Any error", "error")
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(FILTER_DELAY_MS)
        self._delay.timeout.connect(self.reload)
        self.text.textChanged.connect(lambda _t: self._delay.start())
        self.operation.activated.connect(lambda _i: self.reload())
        self.status.activated.connect(lambda _i: self.reload())

        self.table = named(QTableView(), "historyTable", "Call history")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Compact rows: a call history is read as a list.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Fixed widths, not ResizeToContents: that reads every loaded row on each insert.
        for col, width in enumerate(HistoryModel.WIDTHS):
            if width:
                header.resizeSection(col, width)
        header.setSectionResizeMode(_CALL, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.viewport().installEventFilter(self)

        self.count = named(QLabel("0 calls"), "historyCount", "Number of calls")
        self.tokens_note = named(QLabel(), "historyTokensNote", "Tokens kept note")
        self.tokens_note.setStyleSheet(NOTE_STYLE)
        self.tokens_note.setWordWrap(True)
        self.tokens_note.hide()
        self.export_json = named(
            QPushButton("Export JSON…"), "historyExportJson", "Export selected calls as JSON"
        )
        self.export_har = named(
            QPushButton("Export HAR…"), "historyExportHar", "Export selected calls as HAR"
        )
        self.clear = named(QPushButton("Clear…"), "historyClear", "Clear the history")
        self.save_flow = named(
            QPushButton("Save as flow…"),
            "historySaveFlow",
            "Save the selected calls as a flow",
            "The selected calls (all shown when none is selected) as a flow file to replay "
            "with the Flows pane or `cognito-bench run`; passwords become environment "
            "variables and codes outbox look-ups, never their values",
        )
        self.save_flow.clicked.connect(lambda: self.save_as_flow())
        self.export_json.setToolTip("The selected calls (all shown when none is selected), masked")
        self.export_har.setToolTip("The selected calls as a HAR 1.2 file, masked, for bug reports")
        self.export_json.clicked.connect(lambda: self.export_selected("json"))
        self.export_har.clicked.connect(lambda: self.export_selected("har"))
        self.clear.clicked.connect(lambda: self.clear_history())
        self.keep = named(QComboBox(), "historyKeep", "How many calls the history keeps")
        self.keep.setToolTip(
            "Older calls are removed as new ones land (their disk space is overwritten and reused)"
        )
        for n in KEEP_CHOICES:
            self.keep.addItem(keep_text(n), n)
        self.keep.setEnabled(False)  # until the store is attached
        self.keep.activated.connect(self._keep_chosen)

        filters = QHBoxLayout()
        filters.addWidget(self.text, 1)
        filters.addWidget(self.operation)
        filters.addWidget(self.status)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count, 1)
        bottom.addWidget(self.keep)
        bottom.addWidget(self.export_json)
        bottom.addWidget(self.export_har)
        bottom.addWidget(self.save_flow)
        bottom.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.tokens_note)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # ---- the store -------------------------------------------------------------------------

    @property
    def store_attached(self) -> bool:
        return self._bench is not None

    @property
    def busy(self) -> bool:
        """True while a write is pending or running."""
        return self._writing or bool(self._pending)

    def attach(self, bench: BenchStore) -> None:
        """Use ``bench``'s history: show its first page, write the calls that waited."""
        self._bench = bench
        self._show_keep(bench.history.keep)
        self.keep.setEnabled(True)
        self.reload()
        self._flush()

    def set_tokens_note(self, text: str) -> None:
        """Say that tokens are kept (a profile's opt-in); empty hides the note."""
        self.tokens_note.setText(text)
        self.tokens_note.setVisible(bool(text))

    def filters(self) -> tuple[str, str, str]:
        """(text, operation, status) as the store's ``page`` takes them."""
        return (
            self.text.text().strip(),
            str(self.operation.currentData() or ""),
            str(self.status.currentData() or ""),
        )

    def reload(self) -> None:
        """Query the first page for the current filters (off the GUI thread)."""
        bench = self._bench
        if bench is None or self._runner.closed:
            return
        self._delay.stop()
        self._version += 1
        version = self._version
        text, operation, status = self.filters()

        def query() -> tuple[Any, list[str], list[str]]:
            page = bench.history.page(text, operation, status, limit=PAGE, offset=0)
            return page, bench.history.operations(), bench.history.statuses()

        async def load() -> None:
            page, operations, statuses = await self._runner.call_cpu(query)
            if version != self._version:
                return  # a newer filter is on its way
            self._set_choices(operations, statuses)
            self.model.reset(page.rows, page.total)
            self._update_count()
            self.loads += 1
            self.loaded.emit()

        self._spawn(load(), "history:reload")

    def _load_more(self) -> None:
        bench = self._bench
        if bench is None or self._runner.closed:
            self.model.append_page([], self.model.total)
            return
        version = self._version
        text, operation, status = self.filters()
        offset = self.model.rowCount()

        async def load() -> None:
            try:
                page = await self._runner.call_cpu(
                    bench.history.page, text, operation, status, PAGE, offset
                )
            except BaseException:
                self.model.append_page([], self.model.total)
                raise
            if version != self._version:
                return
            self.model.append_page(page.rows, page.total)
            self._update_count()
            self.loads += 1
            self.loaded.emit()

        self._spawn(load(), "history:more")

    def _set_choices(self, operations: list[str], statuses: list[str]) -> None:
        for combo, values, fixed in (
            (self.operation, operations, 1),
            (self.status, [s for s in statuses if s != "OK"], 3),
        ):
            have = [str(combo.itemData(i)) for i in range(fixed, combo.count())]
            if have == values:
                continue
            current = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > fixed:
                combo.removeItem(fixed)
            for value in values:
                combo.addItem(value, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)

    def _update_count(self) -> None:
        n = self.model.total
        text, operation, status = self.filters()
        noun = f"call{'s' if n != 1 else ''}"
        self.count.setText(
            f"{n} matching {noun}" if (text or operation or status) else f"{n} {noun}"
        )

    # ---- recording -----------------------------------------------------------------------

    def add(self, record: CallRecord, profile: str, url: str = "", user: str = "") -> None:
        """Store a finished call of this window (written off the GUI thread).

        Args:
            record: the call.
            profile: the profile it was made with.
            url: the endpoint it went to.
            user: who it was made for (the session tab's user), for the User column.
        """
        self._pending.append((profile, record, url, user))
        self._flush()

    def _flush(self) -> None:
        if self._writing or not self._pending or self._bench is None or self._runner.closed:
            return
        self._writing = True
        self._spawn(self._write(self._bench), "history:write")

    async def _write(self, bench: BenchStore) -> None:
        try:
            while self._pending:
                if self.write_gate is not None:
                    await self.write_gate([r for _p, r, _u, _w in self._pending])
                batch, self._pending = self._pending, []

                def write(batch: list[_Pending] = batch) -> list[HistoryRow]:
                    return [
                        bench.record_call(p, r.to_json(), url=u, user=w) for p, r, u, w in batch
                    ]

                try:
                    rows = await self._runner.call_cpu(write)
                except Exception as exc:
                    self.failed.emit(f"The call could not be stored in the history ({exc}).")
                    continue
                for row, (_p, record, _u, _w) in zip(rows, batch, strict=True):
                    self.live[row.id] = record
                text, operation, status = self.filters()
                if text or operation or status:
                    self.reload()  # the store decides what matches
                else:
                    self.model.insert_top(rows)
                    self._set_choices(
                        sorted({*self._choices(self.operation, 1), *(r.operation for r in rows)}),
                        sorted({*self._choices(self.status, 3), *(r.status for r in rows)}),
                    )
                    self._update_count()
                for row in rows:
                    self.recorded.emit(row)
        finally:
            self._writing = False

    def write_pending_now(self) -> int:
        """Store the calls still waiting, on this thread (the window is closing); how many."""
        bench, pending, self._pending = self._bench, self._pending, []
        if bench is None:
            return 0
        for profile, record, url, user in pending:
            bench.record_call(profile, record.to_json(), url=url, user=user)
        return len(pending)

    @staticmethod
    def _choices(combo: QComboBox, fixed: int) -> list[str]:
        return [str(combo.itemData(i)) for i in range(fixed, combo.count())]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A row's tooltip, made when the pointer rests on it (see HistoryModel.tooltip)."""
        if event.type() == QEvent.Type.ToolTip and watched is self.table.viewport():
            from PySide6.QtWidgets import QToolTip

            help_event = cast("QHelpEvent", event)
            index = self.table.indexAt(help_event.pos())
            text = self.model.tooltip(index.row()) if index.isValid() else ""
            if text:
                QToolTip.showText(help_event.globalPos(), text, self.table.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().eventFilter(watched, event)

    # ---- selection -----------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.model.row_at(current.row())
        self.show_row(row.id)

    def show_row(self, row_id: int) -> None:
        """Show the call with this id: the live record, else the stored (masked) one."""
        live = self.live.get(row_id)
        if live is not None:
            self.selected.emit(live)
            return
        bench = self._bench
        if bench is None:
            return

        async def fetch() -> None:
            entry = await self._runner.call_cpu(bench.history.get, row_id)
            if entry is not None:
                self.selected.emit(record_from_json(entry.record))

        self._spawn(fetch(), "history:get")

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows (all loaded rows when none is selected)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows:
            rows = list(range(self.model.rowCount()))
        return [self.model.row_at(r).id for r in rows]

    # ---- exports and clearing ----------------------------------------------------------

    def export_selected(self, kind: str, path: str = "") -> None:
        """Export the selected calls as ``json`` or ``har`` to ``path`` (asks when empty)."""
        bench = self._bench
        ids = self.selected_ids()
        if bench is None or not ids:
            self.failed.emit("There are no calls to export.")
            return
        if not path:
            suffix = "har" if kind == "har" else "json"
            stamp = time.strftime("%Y%m%d-%H%M%S")
            path, _ = QFileDialog.getSaveFileName(
                self,
                f"Export {len(ids)} call(s) as {suffix.upper()}",
                f"cognito-bench-{stamp}.{suffix}",
                "HAR files (*.har)" if kind == "har" else "JSON files (*.json)",
            )
            if not path:
                return
        writer = bench.history.export_har if kind == "har" else bench.history.export_json

        async def export() -> None:
            try:
                await self._runner.call_cpu(writer, ids, path)
            except OSError as exc:
                self.failed.emit(f"Cannot write {path}: {exc.strerror or exc}.")
                return
            self.exported.emit(path)

        self._spawn(export(), f"history:export-{kind}")

    def save_as_flow(self, path: str = "", local: bool = True) -> None:
        """Write the selected calls (oldest first) as a flow file to ``path`` (asks when empty).

        Args:
            path: the flow file; its name (without ``.yaml``) names the flow.
            local: the calls went to the local Cognito (codes become outbox look-ups).
        """
        bench = self._bench
        ids = sorted(self.selected_ids())
        if not ids:
            self.failed.emit("There are no calls to save as a flow.")
            return
        if not path:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            path, _ = QFileDialog.getSaveFileName(
                self, "Save as flow", f"flow-{stamp}.yaml", "Flow files (*.yaml *.yml)"
            )
            if not path:
                return
        live = {i: self.live[i] for i in ids if i in self.live}
        local_json = self.local_json()

        def write() -> str:
            from pathlib import Path

            from cognito_bench.flows.save import flow_from_records, local_clients
            from cognito_bench.store.atomic import atomic_write

            records = []
            for row_id in ids:
                record = live.get(row_id)
                if record is None and bench is not None:
                    entry = bench.history.get(row_id)
                    record = record_from_json(entry.record) if entry is not None else None
                if record is not None:
                    records.append(record)
            target = Path(path)
            clients = local_clients(local_json) if local_json else None
            text = flow_from_records(records, target.stem, local=local, clients=clients)
            atomic_write(target, text, mode=0o644)
            return str(target)

        async def save() -> None:
            try:
                written = await self._runner.call_cpu(write)
            except (OSError, ValueError) as exc:
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                self.failed.emit(f"Cannot save the flow: {reason}.")
                return
            self.flow_saved.emit(written)

        self._spawn(save(), "history:save-flow")

    def clear_history(self, confirm: bool = True) -> None:
        """Delete every stored call (asks first unless ``confirm`` is False)."""
        bench = self._bench
        if bench is None:
            return
        if confirm and not ask_destructive(
            self,
            "Clear history",
            "Delete every stored call of every profile? This cannot be undone.",
        ):
            return

        async def clear() -> None:
            await self._runner.call_cpu(bench.history.clear)
            self.live.clear()
            self.reload()
            self.cleared.emit()

        self._spawn(clear(), "history:clear")

    def _show_keep(self, keep: int) -> None:
        """Select ``keep`` in the limit's list (a limit not in it is added in its place)."""
        index = self.keep.findData(keep)
        if index < 0:
            index = next(
                (i for i in range(self.keep.count()) if not 0 < int(self.keep.itemData(i)) < keep),
                self.keep.count(),
            )
            self.keep.insertItem(index, keep_text(keep), keep)
        self.keep.setCurrentIndex(index)

    def set_keep(self, keep: int, confirm: bool = True) -> None:
        """Keep the newest ``keep`` calls (0: all); a lower limit asks first, then deletes."""
        bench = self._bench
        if bench is None:
            return
        current = bench.history.keep
        if keep == current:
            return
        lower = keep != 0 and (current == 0 or keep < current)
        if (
            lower
            and confirm
            and not ask_destructive(
                self,
                "Keep fewer calls",
                f"Keep only the newest {keep:,} calls? Older calls of every profile are deleted "
                "now. This cannot be undone.",
            )
        ):
            self._show_keep(current)
            return

        async def apply() -> None:
            try:
                removed = await self._runner.call_cpu(bench.set_history_keep, keep)
            except (OSError, ValueError) as exc:
                self._show_keep(bench.history.keep)
                self.failed.emit(f"The history limit could not be saved ({exc}).")
                return
            self._show_keep(keep)
            self.reload()
            what = "every call" if keep == 0 else f"the newest {keep:,} calls"
            gone = f"; {removed:,} older calls were deleted" if removed else ""
            self.notice.emit(f"The history keeps {what}{gone}.")

        self._spawn(apply(), "history:keep")

    def _keep_chosen(self, index: int) -> None:
        self.set_keep(int(self.keep.itemData(index)))

    def _spawn(self, coro: Any, name: str) -> None:
        if self._runner.closed:
            coro.close()
            return
        self._runner.spawn(coro, name)
