"""The Tokens pane: ID, access and refresh tokens decoded, timed, verified; and the tamper lab.

Decoding and verification (a JWKS fetch) run off the GUI thread; a one-second timer keeps the
"in 42 min" countdowns current.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QGuiApplication, QResizeEvent, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.flows import steps
from cognito_bench.ui.asyncglue import Latest, Runner
from cognito_bench.ui.highlight import JsonHighlighter
from cognito_bench.ui.screenshare import MaskedTextBox, SecretLineEdit
from cognito_bench.ui.tokendiff import TokenDiffPanel
from cognito_bench.ui.userform import suffixed
from cognito_bench.ui.widgets import FlowGroup, monospace, named, readonly_table

if TYPE_CHECKING:
    from cognito_bench.aws.target import Target

__all__ = ["Inspection", "TokensPane", "inspect_token", "local_time"]

KINDS = (("id", "ID token"), ("access", "Access token"), ("refresh", "Refresh token"))
#: A token view at least this wide shows the JSON beside the tables, else above them.
WIDE_VIEW = 860


@dataclass(frozen=True)
class Inspection:
    """A token decoded and (for JWTs) verified, ready to show."""

    raw: str
    decoded: Any
    report: Any
    json_text: str


def local_time(epoch: float) -> str:
    """``epoch`` in the local time zone, to the second; "out of range" past what the
    platform's clock can show (a pasted token may say ``"exp": 1e300``)."""
    try:
        return dt.datetime.fromtimestamp(epoch).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
    except (OverflowError, OSError, ValueError):
        return "out of range"


def relative(epoch: float, now: float | None = None) -> str:
    """ "in 42 min" / "3 min ago" (the tokens package's wording)."""
    from cognito_bench.tokens import humantime

    return str(humantime.relative(epoch, time.time() if now is None else now))


def inspect_token(
    raw: str, target: Target | None, token_use: str | None, cache: Any, client_id: str = ""
) -> Inspection:
    """Decode ``raw`` and verify it against ``target``'s JWKS (slow: call off the GUI thread)."""
    steps.ensure_imported("cognito_bench.tokens")
    from cognito_bench import tokens

    decoded = tokens.decode(raw)
    report = None
    if not decoded.error and target is not None and target.user_pool_id:
        report = tokens.verify(
            raw,
            jwks=target.jwks_url,
            issuer=target.issuer,
            client_id=client_id or target.client_id,
            token_use=token_use,
            cache=cache,
        )
    shown: dict[str, Any] = {
        "header": decoded.header,
        "payload": decoded.payload,
        "signature_present": decoded.signature_present,
    }
    if decoded.notes:
        shown["notes"] = list(decoded.notes)
    if decoded.error:
        shown = {"kind": decoded.kind, "error": decoded.error, "notes": list(decoded.notes)}
        if decoded.header:
            shown["header"] = decoded.header  # a JWE's header is readable, its payload is not
    text = json.dumps(_capped(shown), indent=2, ensure_ascii=False)
    return Inspection(raw, decoded, report, text)


#: Characters of a claim value the JSON view shows (the rest is said, not shown).
CLAIM_CHARS = 400


def _capped(value: Any) -> Any:
    """``value`` with every string cut to :data:`CLAIM_CHARS` characters, saying so.

    The JSON view does not wrap (a wrap in the middle of a value reads as two values), and
    an unwrapped line is measured whole on its first paint: a crafted 750,000-character
    claim must not freeze the window.
    """
    if isinstance(value, str) and len(value) > CLAIM_CHARS:
        return f"{value[:CLAIM_CHARS]}… ({len(value):,} characters)"
    if isinstance(value, dict):
        return {str(k)[:CLAIM_CHARS]: _capped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_capped(v) for v in value]
    return value


def _wrap_anywhere(box: QPlainTextEdit) -> None:
    """Wrap ``box`` at any character: a token or a long claim has no spaces to wrap at.

    With word wrapping Qt looks for a break in one unbroken line, and a pasted 1 MB token took
    about 50 s to lay out (a frozen window); wrapping anywhere takes 0.4 s.
    """
    box.setWordWrapMode(QTextOption.WrapMode.WrapAnywhere)


def _fill_checks(table: QTableWidget, report: Any) -> None:
    checks = list(getattr(report, "checks", []) or [])
    table.setRowCount(len(checks))
    for row, check in enumerate(checks):
        mark, name, detail = (_cell(table, row, c) for c in range(3))
        mark.setText("✓" if check.ok else "✗")
        mark.setForeground(QColor("#1a7f37" if check.ok else "#cf222e"))
        mark.setData(Qt.ItemDataRole.AccessibleTextRole, "pass" if check.ok else "fail")
        name.setText(str(check.name))
        detail.setText(str(check.detail))
        detail.setToolTip(str(check.detail))
    _fit_rows(table)


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The table's item there, made if missing (a refresh re-fills the same dozen rows)."""
    item = table.item(row, column)
    if item is None:
        item = QTableWidgetItem()
        table.setItem(row, column, item)
    return item


def _fit_rows(table: QTableWidget) -> None:
    """Make each row as tall as its wrapped detail, none cut off with "…" (a dozen rows:
    under a millisecond)."""
    table.resizeRowsToContents()


def _checks_table(object_name: str, accessible: str) -> QTableWidget:
    table = readonly_table(
        ["", "Check", "Detail"], object_name, accessible, stretch=2, select_rows=False
    )
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideNone)
    table.horizontalHeader().sectionResized.connect(lambda *_a: _fit_rows(table))
    return table


class TokenView(QWidget):
    """One token: summary line, raw text, header and payload JSON, times, checklist."""

    def __init__(
        self, kind: str, title: str, number: int = 1, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.title = title
        self.inspection: Inspection | None = None
        #: Why the session's tokens no longer work ("" while they do): a global sign-out.
        self.revoked = ""
        #: Where the token came from (the refresh token: whether a refresh rotated it).
        self.note = ""
        p = f"tokens{kind.capitalize()}"

        def name(part: str, accessible: str) -> tuple[str, str]:
            return suffixed(number, f"{p}{part}", accessible)

        self.summary = named(
            QLabel(f"No {title.lower()} yet: sign in."), *name("Summary", f"{title} summary")
        )
        self.summary.setWordWrap(True)
        self.raw = named(SecretLineEdit(jwt_colours=True), *name("Raw", f"{title} raw text"))
        self.copy = named(QPushButton("Copy"), *name("Copy", f"Copy the {title}"))
        self.copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.whole_token))
        self.json = named(QPlainTextEdit(), *name("Json", f"{title} header and payload"))
        self.json.setReadOnly(True)
        # No wrapping: a value cut in two reads as two (its strings are capped instead).
        self.json.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        monospace(self.json)
        self._highlighter = JsonHighlighter(self.json.document())
        self.times = readonly_table(
            ["Claim", "Local time", "When"],
            *name("Times", f"{title} times"),
            stretch=2,
            select_rows=False,
        )
        self.checks = _checks_table(*name("Checks", f"{title} verification checklist"))

        raw_row = QHBoxLayout()
        raw_row.addWidget(self.raw, 1)
        raw_row.addWidget(self.copy)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.times)
        right.addWidget(self.checks)
        right.setSizes([140, 260])
        #: JSON beside the tables in a wide pane, above them in a narrow one (the JSON does
        #: not wrap: it needs the width).
        self.body = body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.json)
        body.addWidget(right)
        body.setSizes([380, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(raw_row)
        layout.addWidget(body, 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= WIDE_VIEW
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.body.orientation() != orientation:
            self.body.setOrientation(orientation)
            self.body.setSizes([420, 400] if wide else [300, 340])
        super().resizeEvent(event)

    def clear(self) -> None:
        self.inspection = None
        self.revoked = ""
        self.summary.setText(f"No {self.title.lower()} yet: sign in.")
        self.raw.clear()
        self.json.clear()
        self.times.setRowCount(0)
        self.checks.setRowCount(0)

    def show_inspection(self, inspection: Inspection) -> None:
        self.inspection = inspection
        self.raw.set_value(inspection.raw)
        self.json.setPlainText(inspection.json_text)
        _fill_checks(self.checks, inspection.report)
        times = list(getattr(inspection.decoded, "times", []) or [])
        self.times.setRowCount(len(times))
        for row, claim in enumerate(times):
            self.times.setItem(row, 0, QTableWidgetItem(str(claim.name)))
            self.times.setItem(row, 1, QTableWidgetItem(local_time(claim.epoch)))
            self.times.setItem(row, 2, QTableWidgetItem(""))
        self.tick()

    @property
    def whole_token(self) -> str:
        """The token shown, whole: what Copy puts on the clipboard.

        Not the raw field's text: a QLineEdit keeps at most 32,767 characters, and a copy of a
        pasted 1 MB token would silently lose the rest.
        """
        return self.inspection.raw if self.inspection is not None else self.raw.value()

    @property
    def valid(self) -> bool | None:
        """The verification verdict, or None when not verified."""
        report = self.inspection.report if self.inspection else None
        return None if report is None else bool(report.valid)

    def tick(self, now: float | None = None) -> None:
        """Refresh the countdowns."""
        if self.inspection is None:
            return
        now = time.time() if now is None else now
        decoded = self.inspection.decoded
        times = list(getattr(decoded, "times", []) or [])
        for row, claim in enumerate(times):
            item = self.times.item(row, 2)
            if item is not None:
                item.setText(relative(claim.epoch, now))
        parts = [self.title]
        if decoded.error:
            # Text that is no token at all is bad input, with the bench's code for it.
            code = "InvalidInput" if decoded.kind == "invalid" else decoded.kind
            parts.append(f"{code}: {decoded.error}")
        exp = next((c for c in times if c.name == "exp"), None)
        if exp is not None:
            word = "expired" if exp.epoch <= now else "expires"
            parts.append(f"{word} {local_time(exp.epoch)} ({relative(exp.epoch, now)})")
        if self.note:
            parts.append(self.note)
        verdict = self.valid
        if self.revoked:
            # Cognito refuses a revoked token although its signature and times still check out
            # (AWS: "revoked tokens will still be valid if verified with any JWT library").
            parts.append(f"✗ REVOKED: signed out by {self.revoked}; Cognito refuses it")
        elif verdict is not None:
            parts.append("signature and claims ✓ valid" if verdict else "✗ INVALID")
        self.summary.setText(" · ".join(parts))

    def set_revoked(self, reason: str) -> None:
        """Mark the token as revoked by ``reason`` (the call, e.g. "GlobalSignOut at 12:03")."""
        if reason != self.revoked:
            self.revoked = reason
            self.tick()

    def set_note(self, note: str) -> None:
        """Say where the token came from: the summary line shows it with the token's next
        inspection (it comes with the tokens; a label laid out twice per sign-in showed in
        the GUI thread's gaps during a burst of sign-ins)."""
        self.note = note


class PastePanel(FlowGroup):
    """Paste any token (a developer's, a colleague's, one from a log) and inspect it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Paste a token", "pasteGroup", parent)
        self.input = named(MaskedTextBox(), "tokensPasteInput", "Token to inspect")
        self.input.setPlaceholderText("eyJ… (a JWT; quotes, 'Bearer ' and whitespace are fine)")
        self.input.setMaximumHeight(70)
        _wrap_anywhere(self.input)
        monospace(self.input)
        self.token_use = named(QComboBox(), "tokensPasteUse", "Expected token use")
        self.token_use.addItem("any token use", None)
        self.token_use.addItem("ID token", "id")
        self.token_use.addItem("Access token", "access")
        self.verify = named(
            QPushButton("Decode && verify"), "tokensPasteVerify", "Decode and verify the token"
        )
        self.main_button = self.verify
        self.view = TokenView("pasted", "Pasted token")
        self.view.summary.setText("Verified against the target on the left (issuer, JWKS, client).")
        row = QHBoxLayout()
        row.addWidget(self.token_use)
        row.addStretch(1)
        row.addWidget(self.verify)
        layout = QVBoxLayout(self)
        layout.addWidget(self.input)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)


class TamperLab(FlowGroup):
    """Change one claim of a token and watch the signature check fail."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Tamper lab", "tamperGroup", parent)
        self.which = named(QComboBox(), "tamperToken", "Token to tamper with")
        self.which.addItem("ID token", "id")
        self.which.addItem("Access token", "access")
        self.claim = named(QComboBox(), "tamperClaim", "Claim to change")
        self.claim.setEditable(True)
        self.claim.setMinimumContentsLength(14)
        self.value = named(QLineEdit(), "tamperValue", "New claim value (JSON or text)")
        self.value.setPlaceholderText('new value, e.g. "admin" or 9999999999')
        self.run = named(QPushButton("Tamper && verify"), "tamperButton", "Tamper and verify")
        self.main_button = self.run
        self.result = named(QLabel(""), "tamperResult", "Tamper result")
        self.result.setWordWrap(True)
        self.tampered = named(SecretLineEdit(jwt_colours=True), "tamperedToken", "Tampered token")
        self.checks = _checks_table("tamperChecks", "Tampered token checklist")
        row = QHBoxLayout()
        for w in (self.which, self.claim, self.value, self.run):
            row.addWidget(w)
        row.setStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addWidget(self.tampered)
        layout.addWidget(self.checks, 1)

    def set_claims(self, claims: list[str]) -> None:
        current = self.claim.currentText()
        self.claim.clear()
        self.claim.addItems(claims)
        if current in claims:
            self.claim.setCurrentText(current)


def _parse_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def tamper_and_verify(
    raw: str, claim: str, value: Any, target: Target, token_use: str, cache: Any
) -> Any:
    """Tamper with one claim and verify both tokens (off the GUI thread); a ``TamperResult``."""
    steps.ensure_imported("cognito_bench.tokens")
    from cognito_bench import tokens

    return tokens.tamper_lab(
        raw,
        claim,
        value,
        jwks=target.jwks_url,
        issuer=target.issuer,
        client_id=target.client_id,
        token_use=token_use,
        cache=cache,
    )


class TokenSet:
    """One session tab's token views (ID, access, refresh) and their newest-wins verifier."""

    def __init__(self, pane: TokensPane, number: int) -> None:
        self.number = number
        self.views = {kind: TokenView(kind, title, number) for kind, title in KINDS}
        self.target: Target | None = None
        self.latest = Latest(
            pane.runner, pane.inspect_all, self.inspected, f"inspect-tokens-{number}"
        )
        self._pane = pane
        #: Counts the results shown: a view shown a loop turn later checks it is still news.
        self.generation = 0

    def inspected(self, _item: Any, inspections: dict[str, Inspection | None]) -> None:
        self._pane.show_inspections(self, inspections)


class TokensPane(QWidget):
    """The session tabs' tokens (one set of views per tab, the one in front shown), the token
    diff, the tamper lab and a pasted token.

    Signals:
        inspected(str): a token kind (``id``, ``access``, ``refresh``, ``pasted``, ``tamper``)
            is decoded and verified.
        verdict(int, str, object): session tab ``number``'s token ``kind`` was verified;
            its report (None when not verifiable).
    """

    inspected = Signal(str)
    verdict = Signal(int, str, object)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._runner = runner
        self._cache: Any = None
        self.tabs = named(QTabWidget(), "tokensTabs", "Tokens")
        self.stacks = {kind: QStackedWidget() for kind, _t in KINDS}
        for kind, title in KINDS:
            self.tabs.addTab(self.stacks[kind], title)
        self.sets: dict[int, TokenSet] = {}
        self._current = 1
        self.add_session(1)
        #: The tokens the Diff tab offers, as (label, raw token); the window lists every
        #: session tab's, now and before.
        self.diff_sources: Callable[[], list[tuple[str, str]]] = self._own_tokens
        #: The Lambda triggers the call that brought a raw token ran (the window knows).
        self.diff_triggers: Callable[[str], list[dict[str, Any]]] = lambda _raw: []
        self.diff = TokenDiffPanel(
            runner, lambda: self.diff_sources(), lambda raw: self.diff_triggers(raw)
        )
        self.tabs.addTab(self.diff, "Diff")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.lab = TamperLab()
        self.tabs.addTab(self.lab, "Tamper lab")
        self.lab.run.clicked.connect(self._tamper)
        self.paste = PastePanel()
        self.tabs.addTab(self.paste, "Paste a token")
        self.paste.verify.clicked.connect(self._verify_pasted)
        #: The target pasted tokens are verified against (the window's fields).
        self.target_provider: Any = lambda: self._target
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()

    def _own_tokens(self) -> list[tuple[str, str]]:
        """The tokens this pane shows, when the window does not say more."""
        out = [
            (f"{number} · {view.title}", view.whole_token)
            for number, token_set in self.sets.items()
            for view in token_set.views.values()
            if view.inspection is not None and view.kind != "refresh"
        ]
        if self.paste.view.inspection is not None:
            out.append(("Pasted token", self.paste.view.whole_token))
        return out

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.diff:
            self.diff.refresh_sources()

    def show_diff_tab(self) -> None:
        """Bring the Diff tab forward with the newest choices."""
        self.tabs.setCurrentWidget(self.diff)
        self.diff.refresh_sources()

    # ---- session tabs ----------------------------------------------------------------------

    def add_session(self, number: int) -> TokenSet:
        """Views for session tab ``number`` (named with its suffix)."""
        token_set = self.sets[number] = TokenSet(self, number)
        for kind, view in token_set.views.items():
            self.stacks[kind].addWidget(view)
        return token_set

    def remove_session(self, number: int) -> None:
        """Drop a closed tab's views."""
        token_set = self.sets.pop(number, None)
        if token_set is None:
            return
        for kind, view in token_set.views.items():
            self.stacks[kind].removeWidget(view)
            view.deleteLater()

    def set_current(self, number: int) -> None:
        """Show session tab ``number``'s tokens."""
        token_set = self.sets.get(number)
        if token_set is None:
            return
        self._current = number
        for kind, view in token_set.views.items():
            self.stacks[kind].setCurrentWidget(view)
        self._update_claims()
        self.tick()

    @property
    def current_set(self) -> TokenSet:
        """The views of the session tab in front."""
        return (
            self.sets[self._current]
            if self._current in self.sets
            else next(iter(self.sets.values()))
        )

    @property
    def views(self) -> dict[str, TokenView]:
        """The token views of the session tab in front, by kind."""
        return self.current_set.views

    @property
    def _target(self) -> Target | None:
        return self.current_set.target

    def _jwks_cache(self) -> Any:
        if self._cache is None:
            steps.ensure_imported("cognito_bench.tokens")
            from cognito_bench.tokens import JwksCache

            self._cache = JwksCache()
        return self._cache

    def tick(self) -> None:
        now = time.time()
        for view in (*self.views.values(), self.paste.view):
            view.tick(now)

    def _verify_pasted(self) -> None:
        raw = self.paste.input.real_text().strip()
        if not raw:
            self.paste.view.clear()
            self.paste.view.summary.setText("Paste a token above first.")
            return
        use = self.paste.token_use.currentData()
        target = self.target_provider()
        self.paste.verify.setEnabled(False)
        task = self._runner.spawn(self._inspect_pasted(raw, target, use), "inspect-pasted")
        task.add_done_callback(lambda _task: self.paste.verify.setEnabled(True))

    async def _inspect_pasted(self, raw: str, target: Any, use: str | None) -> None:
        def work() -> Inspection:
            return inspect_token(raw, target, use, self._jwks_cache())

        inspection = await self._runner.call_cpu(work)
        self.paste.view.show_inspection(inspection)
        self.inspected.emit("pasted")

    def show_tokens(self, tokens: Any, target: Target, number: int | None = None) -> None:
        """Decode and verify session tab ``number``'s tokens off the GUI thread, then show them
        (the tab in front when None).

        When tokens arrive faster than they verify, only the newest are worked on.
        """
        token_set = self.sets.get(self._current if number is None else number)
        if token_set is None:
            return
        token_set.target = target
        for view in token_set.views.values():
            view.set_revoked("")
        if tokens is None:
            token_set.latest.submit(None)
            return
        raws = {kind: str(getattr(tokens, f"{kind}_token", "") or "") for kind, _t in KINDS}
        token_set.latest.submit((raws, target))

    def set_refresh_note(self, number: int, note: str) -> None:
        """Say which refresh token session tab ``number`` holds (a refresh rotated it or not)."""
        token_set = self.sets.get(number)
        if token_set is not None:
            token_set.views["refresh"].set_note(note)

    def set_revoked(self, number: int, reason: str) -> None:
        """Say that session tab ``number``'s tokens no longer work (``reason``: the call)."""
        token_set = self.sets.get(number)
        if token_set is not None:
            for view in token_set.views.values():
                view.set_revoked(reason)

    def inspect_all(self, item: Any) -> dict[str, Inspection | None]:
        """Worker thread: every token of ``item`` decoded and verified."""
        if item is None:
            return {}
        raws, target = item
        cache = self._jwks_cache()
        out: dict[str, Inspection | None] = {}
        for kind, raw in raws.items():
            use = kind if kind in ("id", "access") else None
            out[kind] = inspect_token(raw, target if use else None, use, cache) if raw else None
        return out

    def show_inspections(
        self, token_set: TokenSet, inspections: dict[str, Inspection | None]
    ) -> None:
        """Show a session tab's verified tokens: the view in front at once, the others one
        per loop turn (each is a JSON text, a table of times and one of checks to lay out;
        all three at once were a 20 ms stall during a burst of sign-ins)."""
        token_set.generation += 1
        generation = token_set.generation
        access_only = inspections.get("access") is not None and inspections.get("id") is None
        current = token_set.number == self._current
        if current and access_only and self.tabs.currentWidget() is self.stacks["id"]:
            self.tabs.setCurrentWidget(self.stacks["access"])  # no ID token to show first
        front = next(
            (k for k, stack in self.stacks.items() if self.tabs.currentWidget() is stack), "id"
        )
        # The view in front, and the empty ones (a clear is cheap), now; the rest later.
        now = [k for k in token_set.views if k == front or inspections.get(k) is None]
        kinds = [*now, *(k for k in token_set.views if k not in now)]

        def show(remaining: list[str], count: int) -> None:
            if token_set.generation != generation or token_set.number not in self.sets:
                return  # newer tokens, or a closed tab
            for kind in remaining[:count]:
                self._show_view(token_set.views[kind], inspections.get(kind), access_only)
            rest = remaining[count:]
            if rest:
                QTimer.singleShot(0, lambda: show(rest, 1))
            else:
                self._inspections_shown(token_set, inspections)

        show(kinds, len(now))

    @staticmethod
    def _show_view(view: TokenView, inspection: Inspection | None, access_only: bool) -> None:
        if inspection is not None:
            view.show_inspection(inspection)
            return
        view.clear()
        if access_only:  # client credentials: a machine has no ID or refresh token
            view.summary.setText(
                f"No {view.title.lower()}: this sign-in gave an access token only "
                "(client credentials)."
            )

    def _inspections_shown(
        self, token_set: TokenSet, inspections: dict[str, Inspection | None]
    ) -> None:
        if token_set.number == self._current:
            self._update_claims()
        for kind in token_set.views:
            inspection = inspections.get(kind)
            if inspection is not None:
                self.verdict.emit(token_set.number, kind, inspection.report)
                self.inspected.emit(kind)

    def _update_claims(self) -> None:
        inspection = self.views["id"].inspection
        if inspection is not None:
            payload = getattr(inspection.decoded, "payload", None) or {}
            self.lab.set_claims(sorted(payload))

    def _tamper(self) -> None:
        kind = str(self.lab.which.currentData())
        view = self.views[kind]
        if view.inspection is None or self._target is None:
            self.lab.result.setText("Sign in first: there is no token to tamper with.")
            return
        claim = self.lab.claim.currentText().strip()
        if not claim:
            self.lab.result.setText("Pick a claim to change.")
            return
        value = _parse_value(self.lab.value.text())
        self.lab.run.setEnabled(False)
        task = self._runner.spawn(
            self._tamper_async(view.inspection.raw, claim, value, kind, self._target), "tamper"
        )
        task.add_done_callback(lambda _task: self.lab.run.setEnabled(True))

    async def _tamper_async(
        self, raw: str, claim: str, value: Any, kind: str, target: Target
    ) -> None:
        try:
            cache = await self._runner.call(self._jwks_cache)
            result = await self._runner.call(
                tamper_and_verify, raw, claim, value, target, kind, cache
            )
        except ValueError as exc:
            self.lab.result.setText(f"Cannot tamper: {exc}")
            return
        self.lab.tampered.set_value(result.tampered)
        _fill_checks(self.lab.checks, result.after)
        self.lab.result.setText(result.summary)
        self.inspected.emit("tamper")
