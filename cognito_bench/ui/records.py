"""`RecordRouter`: where a finished call goes in the window, and what it shows there.

Every call lands here: a session tab's (a flow button, the Hosted UI group) is absorbed into
that tab's session, and what :meth:`~cognito_bench.flows.Session.absorb` says changed decides
what shows (Tokens, the challenge box, the groups' displays, the status line); an admin call
or a flow's step goes to History and Response only. The window keeps the panes; this part
keeps the routing, so that the window is layout, panes and the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from cognito_bench.ui.actions import ADMIN, SESSION, Origin
from cognito_bench.ui.widgets import bring_forward, mark_invalid

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from cognito_bench.aws.record import CallRecord
    from cognito_bench.flows.session import Change, Session
    from cognito_bench.ui.mainwindow import MainWindow
    from cognito_bench.ui.sessions import SessionSlot

__all__ = ["ADMIN_USER", "FLOW_USER", "RecordRouter"]

#: The History pane's User column for calls that no session tab made.
ADMIN_USER, FLOW_USER = "(admin)", "(flow)"
#: JSON text length of a call whose History write waits until the window is quiet.
_BIG_TEXT = 1_000_000


def _clock(record: CallRecord) -> str:
    """When a call was made, as the clock said (HH:MM:SS)."""
    import time

    return time.strftime("%H:%M:%S", time.localtime(record.started_at))


def _refresh_note(record: CallRecord) -> str:
    """Which refresh token is current after a call that brought tokens, and since when."""
    from cognito_bench.aws.sessioncalls import refresh_token_state

    state = refresh_token_state(record)
    when = f"{record.label or record.operation} at {_clock(record)}"
    return f"current since {when}: {state}" if state else f"current since {when}"


class RecordRouter(QObject):
    """Routes each finished call of a window to its session, its panes and its status line.

    Args:
        window: the window whose panes and session tabs show the calls.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        #: Calls that finished before the panes existed (lazy start-up), shown once they do.
        self._early: list[tuple[CallRecord, str, Origin | None]] = []

    def connect_signals(self) -> None:
        """Listen to the parts that make calls (once every part exists)."""
        w = self._window
        w.action_runner.recorded.connect(
            lambda record, origin: self.add(record, origin.username, origin)
        )
        w.history.write_gate = self._history_gate
        w.flows.record.connect(self._flow_record)
        w.flows.step_selected.connect(self._show_flow_step)
        w.tokens.verdict.connect(self._token_verdict)

    def show_early(self) -> None:
        """Show the calls that finished before the panes existed."""
        early, self._early = self._early, []
        for record, username, origin in early:
            self.add(record, username, origin)

    def add(self, record: CallRecord, username: str = "", origin: Origin | None = None) -> Change:
        """Show a finished call: History, Response, and what it changed in its session.

        Args:
            record: the call.
            username: the name typed for it.
            origin: where it came from (default: the session tab in front).

        Returns:
            What the call changed in the session.
        """
        from cognito_bench.flows.session import Change

        w = self._window
        if not w.panes_ready:  # a call that beat the panes (lazy start-up): show it after
            self._early.append((record, username, origin))
            return Change.NONE
        if origin is None:
            origin = Origin(SESSION, w.slot, username)
        if origin.kind == ADMIN:
            self._admin_record(record)
            return Change.NONE
        slot = origin.slot if origin.slot in w.sessions.slots else w.slot
        w.records.append(record)
        changed = slot.absorb(record, username)
        user = slot.session.username or username or slot.form.username.text().strip()
        w.history.add(record, w.profile_name, self._url_of(record), user)
        w.response.show_record(record)
        if Change.TOKENS in changed:
            slot.token_record = record
            w.tokens.show_tokens(slot.session.tokens, record.target or w.target(), slot.number)
            w.tokens.set_refresh_note(slot.number, _refresh_note(record))
        if Change.SIGNED_OUT in changed:
            w.tokens.set_revoked(slot.number, f"{record.operation} at {_clock(record)}")
        self._bring_forward(record, changed)
        if record.error_code == "InvalidInput":
            self._mark_invalid(record)
        if slot is w.slot:
            self.show_session(slot, changed, slot.session.username or username)
            for group in w.groups.values():
                group.show_record(record)
        w.statusBar().showMessage(record.one_line(), 15_000)
        w.call_finished.emit(record)
        return changed

    def show_session(
        self, slot: SessionSlot, changed: Change, account: str, switched: bool = False
    ) -> None:
        """Show the tab in front's session: challenge box, group displays, status line.

        ``switched``: the tab just came to the front (show all of it, not only the change).
        """
        from cognito_bench.flows.session import Change

        w = self._window
        session = slot.session
        if switched or changed & (Change.CHALLENGE | Change.TOKENS):
            self._show_challenge(session)
        if Change.TOTP in changed and session.challenge is not None and w.challenge.isVisible():
            w.challenge.totp.set_secret(session.totp_secret, account)
        for group in w.groups.values():
            if switched or any(Change[flag] in changed for flag in group.SHOWS):
                group.show_session(session, Change.NONE if switched else changed, account)
        w.status_session.setText(slot.state())

    def _show_challenge(self, session: Session) -> None:
        challenge = self._window.challenge
        ch = session.challenge
        if ch is None:
            challenge.clear()
            return
        challenge.show_challenge(ch.name, dict(ch.parameters), tuple(ch.available))

    async def _history_gate(self, records: list[CallRecord]) -> None:
        """Hold History writes while the Response pane shows a call, a while for a big one.

        Masking and encoding a multi-megabyte call is a second of Python on a worker thread;
        run while the Response pane builds its tree, every Python callback of the GUI thread
        would wait for the GIL (bench_gui: the 5 MB response row).
        """
        import asyncio

        response, runner = self._window.response, self._window.runner
        while not response.idle and not runner.closed:
            await asyncio.sleep(0.02)
        shown = response.shown_record
        if any(r is shown for r in records) and len(response.full_text) > _BIG_TEXT:
            await asyncio.sleep(1.0)

    def _url_of(self, record: CallRecord) -> str:
        """The endpoint a call went to (the fields' only for a record without its target)."""
        if record.target is not None:
            return record.target.endpoint_url
        return self._window.endpoint.text().strip()

    def _flow_record(self, record: CallRecord) -> None:
        """A flow step's call: History only (a flow has its own session, not the window's)."""
        w = self._window
        w.records.append(record)
        w.history.add(record, w.profile_name, self._url_of(record), FLOW_USER)
        w.call_finished.emit(record)

    def _show_flow_step(self, record: CallRecord) -> None:
        """A step clicked in the Flows pane: its record in Response, its tokens in Tokens."""
        from cognito_bench.aws.auth import tokens_of

        w = self._window
        w.response.show_record(record)
        tokens = tokens_of(record)
        if tokens is not None:
            w.tokens.show_tokens(tokens, record.target or w.target())

    def _admin_record(self, record: CallRecord) -> None:
        """An admin call: History, the Response pane (its raw answer; the Admin pane stays in
        front and shows the one line), the status bar."""
        w = self._window
        w.records.append(record)
        w.history.add(record, w.profile_name, self._url_of(record), ADMIN_USER)
        w.response.show_record(record)
        w.statusBar().showMessage(record.one_line(), 15_000)
        w.call_finished.emit(record)

    def _bring_forward(self, record: CallRecord, changed: Change) -> None:
        """The pane that says what a call did: an error → Response; new tokens → Tokens;
        another call → Response (the Admin and Flows panes keep their own calls in front)."""
        from cognito_bench.flows.session import Change

        w = self._window
        if not record.ok:
            w.show_pane(w.response)
        elif Change.TOKENS in changed:
            w.show_pane(w.tokens)
        elif w.current_pane() not in (w.admin, w.flows):
            w.show_pane(w.response)

    def _token_verdict(self, number: int, kind: str, report: Any) -> None:
        """A session's token was verified: a sign-in whose tokens fail says so in its status."""
        w = self._window
        slot = next((s for s in w.sessions.slots if s.number == number), None)
        if slot is None or report is None:
            return
        if report.valid:
            slot.invalid.pop(kind, None)
        else:
            failed = [c.name for c in report.checks if not c.ok]
            slot.invalid[kind] = ", ".join(failed) or "invalid"
            record = slot.token_record
            what = record.label if record is not None else "The sign-in"
            name = "ID" if kind == "id" else kind
            w.statusBar().showMessage(
                f"{what}: OK, but its {name} token fails verification "
                f"({slot.invalid[kind]}): see Tokens.",
                30_000,
            )
            if record is not None and w.response.record is record:
                w.response.mark_unverified(slot.invalid_line())
        if slot is w.slot:
            w.status_session.setText(slot.state())

    def _mark_invalid(self, record: CallRecord) -> None:
        """Focus and mark the field a refused input names (until it is edited)."""
        from cognito_bench.flows.steps import invalid_field

        widget = self._field_widget(invalid_field(record))
        if widget is not None and self._window.columns.isAncestorOf(widget):
            bring_forward(widget)  # a field on a tab page behind another (Passkeys)
        if widget is not None and widget.isVisible():
            mark_invalid(widget, record.error_message)
            widget.setFocus()

    def _field_widget(self, field: str) -> QWidget | None:
        """The input of a Form attribute or ``target.<field>`` (None: not in the window)."""
        w = self._window
        if field.startswith("target."):
            return w.target_form.widget_for(field.removeprefix("target."))
        if field == "challenge_answer":
            return w.challenge.answer
        if field in {"username", "password", "email", "phone", "code"}:
            found: QWidget = getattr(w.user, field)
            return found
        for group in w.groups.values():
            if field in group.inputs:
                return group.inputs[field]
        if field == "temporary_password":
            return w.admin.password
        return None
