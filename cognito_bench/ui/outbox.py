"""The Outbox pane: codes the local Cognito would have e-mailed or texted, as they arrive.

The pane polls a plain callable off the GUI thread (by default ``GET {endpoint}/_bench/outbox``);
"Use this code" hands the selected code to the window's code field. New codes are announced
(:attr:`OutboxPane.arrived`: the window badges the Outbox tab). The table shows the newest
:data:`SHOWN` messages (a load run leaves thousands; building a row costs the GUI thread
about 70 µs), and while a load run goes the pane is held (:meth:`OutboxPane.hold`): it reads
the outbox once the run ends, without announcing the run's codes. Addresses are shown with
invisible and direction characters escaped (an e-mail with U+202E reversed the columns after
it), and in screen-share mode the codes show masked until clicked.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.screenshare import is_revealed, reveal, sharing
from cognito_bench.ui.widgets import named, readonly_table

__all__ = ["SHOWN", "OutboxPane", "OutboxUnavailable", "http_outbox"]

OutboxFetch = Callable[[], list[dict[str, Any]]]
#: The column of the codes.
_CODE_COLUMN = 4
#: Messages shown at most, the newest.
SHOWN = 100


class OutboxUnavailable(Exception):
    """The target has no outbox (real AWS, or an emulator without one)."""


def http_outbox(url: str, timeout: float = 3.0) -> OutboxFetch:
    """A fetcher for the emulator's ``/_bench/outbox`` JSON list."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) URL: {url}")

    def fetch() -> list[dict[str, Any]]:
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 (checked)
                data = json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                raise OutboxUnavailable("this endpoint has no outbox (HTTP 404)") from exc
            raise
        if isinstance(data, dict):
            data = data.get("messages", data.get("items", []))
        return [m for m in data if isinstance(m, dict)]

    return fetch


def _time_text(value: Any) -> str:
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value).strftime("%H:%M:%S")
    text = str(value or "")
    try:
        return dt.datetime.fromisoformat(text).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return text


class OutboxPane(QWidget):
    """Codes from the local outbox, newest first.

    Signals:
        use_code(str): the user picked a code to use.
        updated(int): the outbox was read; the number of messages.
        arrived(int): this many new messages arrived since the last read.
    """

    use_code = Signal(str)
    updated = Signal(int)
    arrived = Signal(int)

    COLUMNS = ("Time", "User", "To", "Purpose", "Code")

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._fetch: OutboxFetch | None = None
        self._polling = False
        self._again = False
        self._unsubscribe_fn: Callable[[], None] | None = None
        self._messages: list[dict[str, Any]] = []
        #: True once the outbox was read (the first read's messages are not "new").
        self._read_once = False
        self._held = False
        self._total = 0
        self.status = named(
            QLabel("The outbox shows codes in local mode only."), "outboxStatus", "Outbox status"
        )
        self.status.setWordWrap(True)
        self.table = readonly_table(self.COLUMNS, "outboxTable", "Outbox messages", stretch=2)
        self.table.doubleClicked.connect(lambda _i: self._use())
        self.table.cellClicked.connect(self._clicked)
        self.use = named(
            QPushButton("Use this code"), "outboxUseCode", "Use the selected code in the code field"
        )
        self.use.clicked.connect(self._use)
        # "Read now", not "Refresh": the Sign in group has the session's Refresh.
        self.refresh = named(QPushButton("Read now"), "outboxRefresh", "Read the outbox now")
        self.refresh.clicked.connect(self.poll)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.refresh)
        buttons.addWidget(self.use)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.poll)

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The messages shown, newest first."""
        return list(self._messages)

    def set_source(
        self,
        fetch: OutboxFetch | None,
        subscribe: Callable[[Callable[[Any], None]], Callable[[], None]] | None = None,
    ) -> None:
        """Read ``fetch`` every second (None stops).

        Args:
            fetch: returns the outbox messages (called off the GUI thread).
            subscribe: the emulator's in-process subscription, when the window owns the
                emulator: new codes show at once, and polling slows to a safety net.
        """
        self._unsubscribe()
        self._fetch = fetch
        self._messages = []
        self._read_once = False
        self.table.setRowCount(0)
        if fetch is None:
            self._timer.stop()
            self.status.setText("The outbox shows codes in local mode only.")
            return
        self.status.setText("Waiting for codes…")
        if subscribe is not None:
            self._unsubscribe_fn = subscribe(self._notified)
            self._timer.setInterval(5000)
        else:
            self._timer.setInterval(1000)
        self._timer.start()
        self.poll()

    def _notified(self, _message: Any) -> None:
        """A new code (called on the emulator's thread): poll on the GUI thread."""
        self._runner.post_threadsafe(self.poll)  # dropped once the window is going away

    def _unsubscribe(self) -> None:
        unsubscribe, self._unsubscribe_fn = self._unsubscribe_fn, None
        if unsubscribe is not None:
            unsubscribe()

    def hold(self, on: bool) -> None:
        """Stop reading while a load run goes (each of its sign-ups sends a code); when
        released, read once, and what arrived meanwhile is not announced as new."""
        if on == self._held:
            return
        self._held = on
        if not on:
            self._read_once = False
            self.poll()

    def poll(self) -> None:
        """Read the outbox now (off the GUI thread; once more after a read in flight)."""
        if self._fetch is None or self._runner.closed or self._held:
            return
        if self._polling:
            self._again = True
            return
        self._polling = True
        self._again = False
        self._runner.spawn(self._poll(self._fetch), "outbox")

    async def _poll(self, fetch: OutboxFetch) -> None:
        try:
            messages = await self._runner.call(fetch)
        except OutboxUnavailable as exc:
            self._timer.stop()
            self.status.setText(f"No outbox: {exc}.")
            return
        except Exception as exc:
            self.status.setText(f"Cannot read the outbox: {exc}")
            return
        finally:
            self._polling = False
        if fetch is not self._fetch:
            return
        self._total = len(messages)
        self._show(list(reversed(messages[-SHOWN:])))
        if self._again:
            self.poll()

    def _show(self, messages: list[dict[str, Any]]) -> None:
        first_read, self._read_once = not self._read_once, True
        if messages == self._messages:
            return
        # New codes arrived: select the newest (the one a user waits for); otherwise keep the
        # user's selection.
        known = {m.get("id") for m in self._messages}
        new = sum(1 for m in messages if m.get("id") not in known)
        grew = len(messages) > len(self._messages)
        selected_id = None if grew else self._selected_id()
        self._messages = messages
        self._render()
        n = max(self._total, len(messages))
        shown = f" (the newest {len(messages)})" if n > len(messages) else ""
        self.status.setText(f"{n:,} message{'s' if n != 1 else ''}{shown}: newest first.")
        row = next((i for i, m in enumerate(messages) if m.get("id") == selected_id), 0)
        if messages:
            self.table.selectRow(row)
        self.updated.emit(n)
        if new and not first_read:  # what the first read finds was there before
            self.arrived.emit(new)

    def _render(self) -> None:
        """Fill the table from the messages (codes masked in screen-share mode)."""
        from cognito_bench.visible import escape_invisible

        masked = sharing(self)
        self.table.setRowCount(len(self._messages))
        for row, m in enumerate(self._messages):
            code = str(m.get("code", ""))
            if masked and code and not is_revealed(self, m.get("id")):
                from cognito_bench.masking import screen_value

                code = screen_value(code)
            destination = escape_invisible(str(m.get("destination", "")))
            medium = escape_invisible(str(m.get("medium", "")))
            values = (
                _time_text(m.get("time")),
                escape_invisible(str(m.get("username", ""))),
                f"{destination} ({medium})" if medium else destination,
                escape_invisible(str(m.get("purpose", ""))),
                code,
            )
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, m.get("id"))
                self.table.setItem(row, col, item)

    def apply_screen_share(self) -> None:
        """Show the codes masked or not, as the mode says."""
        self._render()

    def real_value(self, row: int, column: int) -> str:
        """A cell's value unmasked (Copy copies it; the table may show a code masked)."""
        if column == _CODE_COLUMN and 0 <= row < len(self._messages):
            return str(self._messages[row].get("code", ""))
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _clicked(self, row: int, column: int) -> None:
        """A click on a masked code shows it (one at a time)."""
        if column == _CODE_COLUMN and 0 <= row < len(self._messages) and sharing(self):
            reveal(self, self._messages[row].get("id"))
            self._render()
            self.table.selectRow(row)

    def _selected_id(self) -> Any:
        row = self.table.currentRow()
        if 0 <= row < len(self._messages):
            return self._messages[row].get("id")
        return None

    def _use(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._messages):
            self.use_code.emit(str(self._messages[row].get("code", "")))

    def newest_code(self, username: str = "") -> str:
        """The newest code (for ``username`` when given)."""
        for m in self._messages:
            if not username or m.get("username") == username:
                return str(m.get("code", ""))
        return ""

    def stop(self) -> None:
        """Stop reading the outbox."""
        self._timer.stop()
        self._unsubscribe()
