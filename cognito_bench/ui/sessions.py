"""Session tabs: several users signed in side by side, each with its own fields and tokens.

A :class:`SessionSlot` is one tab: its number, its user fields (:class:`UserForm`), its
immutable :class:`~cognito_bench.flows.session.Session`, and the tokens it held before (for
the token diff). :class:`SessionTabs` shows one tab per slot; the flow buttons act on the tab
in front, and a call's result goes back to the tab it was made from, whichever is in front
by then. Ctrl+T opens a new tab on the same target.

Tab 1's widgets keep the window's plain object names (``userUsername``, ``tokensIdRaw``);
tab *n*'s carry ``_n`` (``userUsername_2``): see :func:`~cognito_bench.ui.userform.suffixed`.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton, QTabWidget, QWidget

from cognito_bench.flows.session import Session
from cognito_bench.ui.userform import UserForm
from cognito_bench.ui.widgets import named

if TYPE_CHECKING:
    from cognito_bench.flows.session import Change

__all__ = ["MAX_TOKEN_SETS", "SessionSlot", "SessionTabs"]

#: Token sets a tab keeps for the diff (the current one and the ones before it).
MAX_TOKEN_SETS = 5


class SessionSlot(QObject):
    """One session tab: a user's fields, session, and the tokens it had.

    Signals:
        changed(object): the session changed; what changed (a ``Change`` flag).
    """

    changed = Signal(object)

    def __init__(self, number: int, form: UserForm, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.form = form
        self.session = Session()
        #: (label, Tokens) of this tab, newest first: "now", then "before 12:03:04".
        self.token_sets: list[tuple[str, Any]] = []
        #: The Lambda triggers the call that brought each kept ID or access token ran (the
        #: local Cognito's), by raw token: the token diff says what PreTokenGeneration did.
        self.token_triggers: dict[str, list[dict[str, Any]]] = {}
        #: The call that brought the tab's tokens (a sign-in, a refresh).
        self.token_record: Any = None
        #: Token kinds that failed verification, and the checks that failed.
        self.invalid: dict[str, str] = {}

    @property
    def suffix(self) -> str:
        """What this tab's object names end with ("" for tab 1)."""
        return "" if self.number <= 1 else f"_{self.number}"

    def absorb(self, record: Any, username: str) -> Change:
        """Let the session take in a finished call; what changed."""
        from cognito_bench.flows.session import Change

        before = self.session.tokens
        self.session, change = self.session.absorb(record, username)
        if Change.TOKENS in change:
            self.invalid = {}  # new tokens: verified afresh
        if Change.TOKENS in change and self.session.tokens is not before:
            stamp = time.strftime("%H:%M:%S")
            self.token_sets.insert(
                0, (f"from {record.label or record.operation} {stamp}", self.session.tokens)
            )
            del self.token_sets[MAX_TOKEN_SETS:]
            self._keep_triggers(record)
        if change:
            self.changed.emit(change)
        return change

    def _keep_triggers(self, record: Any) -> None:
        """Remember the triggers that made the new tokens (only the kept tokens' stay)."""
        tokens = self.session.tokens
        for kind in ("id", "access"):
            raw = str(getattr(tokens, f"{kind}_token", "") or "")
            if raw:
                self.token_triggers[raw] = list(record.triggers)
        kept = {
            str(getattr(t, f"{kind}_token", "") or "")
            for _label, t in self.token_sets
            for kind in ("id", "access")
        }
        for raw in [r for r in self.token_triggers if r not in kept]:
            del self.token_triggers[raw]

    def invalid_line(self) -> str:
        """Which tokens failed verification ("" when none did)."""
        if not self.invalid:
            return ""
        kinds = ", ".join("ID" if k == "id" else k for k in self.invalid)
        return f"✗ {kinds} token fails verification"

    def state(self) -> str:
        """The status bar's line: the session's state, and failed verification if any."""
        line = self.session.state
        if self.invalid and self.session.tokens is not None and not self.session.signed_out:
            line += f" · {self.invalid_line()}"
        return line

    def title(self) -> str:
        """The tab's text: its number, and who is signed in (or typed)."""
        who = self.session.username or self.form.username.text().strip()
        mark = ""
        if self.session.tokens is not None:
            mark = " (signed out)" if self.session.signed_out else " ✓"
        return f"{self.number} · {who}{mark}" if who else f"Session {self.number}"


class SessionTabs(QTabWidget):
    """The session tabs (user fields per tab) and the "New session" button.

    Signals:
        current_changed(object): another tab is in front (its :class:`SessionSlot`).
        slot_added(object): a new tab was opened.
        slot_closed(object): a tab was closed.
    """

    current_changed = Signal(object)
    slot_added = Signal(object)
    slot_closed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "sessionTabs", "Sessions")
        self.setDocumentMode(True)
        self.slots: list[SessionSlot] = []
        self._numbers = 0
        self.new_button = named(
            QPushButton("+ Session"),
            "sessionNew",
            "New session",
            "Open another session tab on the same target (Ctrl+T): another user, signed in "
            "at the same time",
        )
        self.new_button.setAutoDefault(False)
        self.setCornerWidget(self.new_button)
        self.tabCloseRequested.connect(self.close_tab)
        self.currentChanged.connect(self._current_changed)

    def add(self) -> SessionSlot:
        """Open a new tab (its user fields empty) and bring it to the front."""
        self._numbers += 1
        form = UserForm(self._numbers)
        # Tab 1's page keeps the plain names (a stable area for QA tools); its text changes.
        form.setProperty("area", "Session")
        slot = SessionSlot(self._numbers, form, self)
        self.slots.append(slot)
        index = self.addTab(form, slot.title())
        if len(self.slots) == 2:
            # Tabs close from the second one on; the first stays (the window's plain object
            # names are its widgets). Not before: QTabBar's enums cost the first paint time.
            self.setTabsClosable(True)
            bar = self.tabBar()
            for side in (bar.ButtonPosition.RightSide, bar.ButtonPosition.LeftSide):
                if bar.tabButton(0, side) is not None:
                    bar.setTabButton(0, side, None)
        form.username.textChanged.connect(lambda _t, s=slot: self.update_title(s))
        slot.changed.connect(lambda _c, s=slot: self.update_title(s))
        self.slot_added.emit(slot)
        self.setCurrentIndex(index)
        return slot

    def current(self) -> SessionSlot:
        """The tab in front."""
        return self.slots[max(0, self.currentIndex())]

    def slot_of(self, form: QWidget) -> SessionSlot | None:
        """The slot whose page is ``form``."""
        return next((s for s in self.slots if s.form is form), None)

    def update_title(self, slot: SessionSlot) -> None:
        """Show the tab's number and user."""
        index = self.indexOf(slot.form)
        if index >= 0 and self.tabText(index) != slot.title():
            self.setTabText(index, slot.title())  # a tab bar lays itself out again
        if index >= 0:
            self.setTabToolTip(index, slot.state())

    def token_choices(self) -> list[tuple[str, str]]:
        """Every tab's ID and access tokens, now and before, as (label, raw token); per
        tab the ID tokens first, newest first (the token diff's defaults: after a refresh,
        "now" and the one it replaced)."""
        from cognito_bench.visible import escape_invisible

        out: list[tuple[str, str]] = []
        for slot in self.slots:
            who = escape_invisible(slot.session.username or f"session {slot.number}")
            for kind, name in (("id", "ID"), ("access", "access")):
                for i, (label, tokens) in enumerate(slot.token_sets):
                    raw = str(getattr(tokens, f"{kind}_token", "") or "")
                    if raw:
                        when = "now" if i == 0 else label
                        out.append((f"{slot.number} · {who} · {name} token ({when})", raw))
        return out

    def triggers_of(self, raw: str) -> list[dict[str, Any]]:
        """The Lambda triggers the call that brought token ``raw`` ran ([] when not known)."""
        for slot in self.slots:
            if raw in slot.token_triggers:
                return slot.token_triggers[raw]
        return []

    def close_tab(self, index: int) -> None:
        """Close tab ``index`` (never the first)."""
        if index <= 0 or index >= len(self.slots):
            return
        slot = self.slots.pop(index)
        self.removeTab(index)
        self.slot_closed.emit(slot)
        slot.form.deleteLater()
        slot.deleteLater()

    def _current_changed(self, index: int) -> None:
        if 0 <= index < len(self.slots):
            self.current_changed.emit(self.slots[index])
