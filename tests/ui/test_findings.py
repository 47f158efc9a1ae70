"""What a new user ran into (issue 13), one test each: each failed before its fix."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGroupBox, QLineEdit, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cognito_bench.aws.admin import AdminCalls
from cognito_bench.aws.record import CallRecord
from cognito_bench.emulator import LocalTarget
from cognito_bench.ui.highlight import JWT_COLOURS
from cognito_bench.ui.mainwindow import MainWindow
from cognito_bench.ui.outbox import OutboxPane
from cognito_bench.ui.shortcuts import SHORTCUTS
from tests.ui.helpers import PASSWORD, TIMEOUT_MS, click, find, run, run_until, type_into


def _own_user(local: LocalTarget, window: MainWindow, username: str) -> None:
    admin = AdminCalls(local.target())
    assert admin.admin_create_user(username, PASSWORD, {"email": f"{username}@example.com"}).ok
    assert admin.admin_set_user_password(username, PASSWORD, True).ok
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", PASSWORD)


def _verified(qtbot: QtBot, window: MainWindow) -> None:
    for kind in ("id", "access"):
        view = window.tokens.views[kind]
        qtbot.waitUntil(lambda v=view: v.valid is not None, timeout=TIMEOUT_MS)


def _settle() -> None:
    for _ in range(3):
        QCoreApplication.processEvents()


# ---- revoked tokens ----------------------------------------------------------------------


def test_signed_out_tokens_show_as_revoked(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str
) -> None:
    """After a global sign-out the Tokens pane said "signature and claims ✓ valid, in 59 min"."""
    _own_user(local, window, username)
    assert run(qtbot, window, "signInSrpButton").ok
    _verified(qtbot, window)
    assert "✓ valid" in window.tokens.views["access"].summary.text()
    assert run(qtbot, window, "globalSignOutButton").ok
    for kind in ("id", "access", "refresh"):
        summary = window.tokens.views[kind].summary.text()
        assert "REVOKED" in summary and "GlobalSignOut" in summary, summary
        assert "✓ valid" not in summary
    assert window.status_session.text() == f"Signed out: {username} (tokens revoked)"
    assert run(qtbot, window, "signInPasswordButton").ok  # new tokens: no longer revoked
    _verified(qtbot, window)
    assert "REVOKED" not in window.tokens.views["access"].summary.text()


# ---- feedback after a call -------------------------------------------------------------


def test_the_pane_that_says_what_a_call_did_comes_forward(qtbot: QtBot, window: MainWindow) -> None:
    """After a sign-in the right side stayed on the Outbox tab."""
    window.show_pane(window.outbox)
    assert run(qtbot, window, "signInSrpButton").ok
    assert window.current_pane() is window.tokens
    window.show_pane(window.history)
    assert run(qtbot, window, "getUserButton").ok
    assert window.current_pane() is window.response
    window.show_pane(window.admin)
    assert run(qtbot, window, "adminListUsersButton").ok
    assert window.current_pane() is window.admin  # an admin call keeps its pane in front


def test_a_new_code_badges_the_outbox(qtbot: QtBot, window: MainWindow, username: str) -> None:
    """Nothing said that a code had just landed in the Outbox."""
    outbox = window.tabs.indexOf(window.outbox.parentWidget())
    assert window.tabs.tabText(outbox) == "Outbox"
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", PASSWORD)
    type_into(window, "userEmail", f"{username}@example.com")
    assert run(qtbot, window, "signUpButton").ok
    qtbot.waitUntil(lambda: window.tabs.tabText(outbox) == "Outbox (1)", timeout=TIMEOUT_MS)
    assert "new code in the Outbox" in window.statusBar().currentMessage()
    window.show_pane(window.outbox)
    assert window.tabs.tabText(outbox) == "Outbox"


# ---- clipped text ---------------------------------------------------------------------------


def test_the_response_heading_keeps_its_outcome_whole(qtbot: QtBot, window: MainWindow) -> None:
    """The title read "… · OK · HTTP 2": the outcome has a label that is never cut."""
    window.resize(1366, 768)
    window.show_pane(window.response)
    record = CallRecord(
        "OAuth2Token(client_credentials)",
        label="Hosted UI: client credentials grant for bench-api/read bench-api/write " * 3,
        http_status=200,
        elapsed_ms=12,
    )
    window.response.show_record(record)
    _settle()
    outcome = window.response.outcome
    assert outcome.text() == "OK · HTTP 200 · 12 ms"
    assert outcome.width() >= outcome.sizeHint().width()
    assert window.response.title.toolTip().endswith("OK · HTTP 200 · 12 ms")


def test_a_long_error_in_the_status_bar_keeps_its_fix_in_view(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    """The status bar cut a failed call's line at "Fix"."""
    window.resize(1366, 768)
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", "weak")
    type_into(window, "userEmail", f"{username}@example.com")
    record = run(qtbot, window, "signUpButton")
    assert not record.ok and "Fix:" in record.one_line()
    _settle()
    line = window.status_line
    shown = line.text()
    assert window.statusBar().currentMessage() == record.one_line()
    assert shown.startswith(record.error_code)
    assert shown.endswith(record.one_line()[-12:])  # the fix's end
    assert line.fontMetrics().horizontalAdvance(shown) <= line.contentsRect().width()


def test_token_check_details_are_not_cut(qtbot: QtBot, window: MainWindow) -> None:
    assert run(qtbot, window, "signInSrpButton").ok
    _verified(qtbot, window)
    window.resize(1366, 768)
    window.show_pane(window.tokens)
    _settle()
    table = window.tokens.views["id"].checks
    assert table.rowCount() >= 8
    assert table.textElideMode() == Qt.TextElideMode.ElideNone and table.wordWrap()
    for row in range(table.rowCount()):
        assert table.rowHeight(row) >= table.sizeHintForRow(row), table.item(row, 1).text()
        assert table.item(row, 2).toolTip() == table.item(row, 2).text()


def test_token_json_is_not_wrapped_inside_a_value(qtbot: QtBot, window: MainWindow) -> None:
    from tests.tokens.factory import b64json

    view = window.tokens.views["id"]
    assert view.json.lineWrapMode() == QPlainTextEdit.LineWrapMode.NoWrap
    claim = "v" * 5_000
    token = f"{b64json({'alg': 'RS256'})}.{b64json({'sub': 'u1', 'note': claim})}.c2ln"
    window.tokens.paste.input.setPlainText(token)
    click(qtbot, window, "tokensPasteVerify") if window.tokens.paste.isVisible() else (
        window.tokens.paste.verify.click()
    )
    pasted = window.tokens.paste.view
    qtbot.waitUntil(lambda: pasted.inspection is not None, timeout=TIMEOUT_MS)
    text = pasted.json.toPlainText()
    assert "(5,000 characters)" in text and claim not in text
    assert max(len(line) for line in text.splitlines()) < 1_000


def test_the_identity_line_does_not_push_the_groups_below_it(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str
) -> None:
    _own_user(local, window, username)
    assert run(qtbot, window, "signInPasswordButton").ok
    group = window.groups["identityGroup"]
    s3 = window.groups["s3Group"]
    _settle()
    height, s3_top = group.height(), s3.y()
    assert all(r.ok for r in run_until(qtbot, window, "getCredentialsButton", 2))
    _settle()
    assert "AWS key" in window.identity_id.text() and not window.identity_id.wordWrap()
    assert window.identity_id.toolTip() == window.identity_id.text()
    assert (group.height(), s3.y()) == (height, s3_top)


# ---- a sign-in whose tokens fail verification -------------------------------------------


def test_a_sign_in_with_a_foreign_pool_id_says_its_tokens_fail(
    qtbot: QtBot, window: MainWindow, local: LocalTarget
) -> None:
    """The pool id of another pool (same region): everything said OK while the Tokens pane,
    not in front, said ✗ INVALID."""
    type_into(window, "targetUserPoolId", f"{local.region}_NotThePool1")
    record = run(qtbot, window, "signInPasswordButton")
    assert record.ok, record.one_line()
    qtbot.waitUntil(
        lambda: "fails verification" in window.status_session.text(), timeout=TIMEOUT_MS
    )
    assert "fails verification" in window.statusBar().currentMessage()
    assert "✗" in window.response.outcome.text()
    assert window.current_pane() is window.tokens
    assert "✗ INVALID" in window.tokens.views["id"].summary.text()


# ---- invisible characters ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["userEmail", "userUsername", "targetUserPoolId", "historyFilter"])
def test_direction_characters_in_a_field_are_marked(window: MainWindow, name: str) -> None:
    edit = find(window, QLineEdit, name)
    edit.setText("eve\u202eadmin@example.com")
    assert "U+202E RIGHT-TO-LEFT OVERRIDE at 4" in edit.toolTip()
    assert edit.styleSheet() and "U+202E" in edit.accessibleDescription()
    assert edit.text() == "eve\u202eadmin@example.com"  # kept as typed
    edit.setText("eve@example.com")
    assert not edit.styleSheet() and "U+202E" not in edit.toolTip()


def test_the_outbox_shows_addresses_escaped(qtbot: QtBot, runner: object) -> None:
    pane = OutboxPane(runner)  # type: ignore[arg-type]
    qtbot.addWidget(pane)
    pane._show(  # the rows a read of the outbox gives
        [
            {
                "id": 1,
                "username": "eve\u202e",
                "destination": "eve\u202e@example.com",
                "medium": "EMAIL",
                "purpose": "SIGN_UP",
                "code": "123456",
            }
        ]
    )
    to = pane.table.item(0, 2).text()
    assert to == "eve\\u202e@example.com (EMAIL)" and "\u202e" not in to
    assert pane.table.item(0, 1).text() == "eve\\u202e"


# ---- the window's size -----------------------------------------------------------------


def _buttons(window: MainWindow) -> list[QPushButton]:
    return [
        b
        for b in window.findChildren(QPushButton)
        if b.isVisibleTo(window) and window.columns.isAncestorOf(b)
    ]


@pytest.mark.parametrize(
    "height",
    [
        768,  # a 1366×768 screen, no window decorations (the screenshot's size)
        700,  # the client area of a maximized window on it: title bar and taskbar taken
    ],
)
def test_it_fits_a_1366_by_768_laptop_without_scroll_bars(
    qtbot: QtBot, window: MainWindow, height: int
) -> None:
    window.resize(1366, height)
    _settle()
    left = window.left
    factors = window.group_tabs["factorTabs"]
    seen: set[str] = set()
    for page in range(factors.count()):  # MFA, Passkeys, Devices, Sessions: each fits
        factors.setCurrentIndex(page)
        _settle()
        assert not left.verticalScrollBar().isVisible(), factors.tabText(page)
        assert not left.horizontalScrollBar().isVisible(), factors.tabText(page)
        viewport = QRect(
            left.viewport().mapTo(window, left.viewport().rect().topLeft()),
            left.viewport().size(),
        )
        buttons = _buttons(window)
        assert len(buttons) > 30
        for button in buttons:
            spot = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
            assert viewport.contains(spot), button.objectName()
            assert button.width() >= button.minimumSizeHint().width(), button.objectName()
            seen.add(button.objectName())
        assert window.tabs.width() >= 540  # the panes keep room to read a response
    flow_buttons = {f"{name}Button" for name in window.buttons if "challenge" not in name.lower()}
    flow_buttons -= {"answerChallengeButton"}
    assert flow_buttons <= seen, flow_buttons - seen


def test_every_button_is_reachable_at_1024_by_700(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1024, 700)
    _settle()
    left = window.left
    assert not left.horizontalScrollBar().isVisible()  # nothing cut off at the right
    assert window.tabs.width() >= 380
    factors = window.group_tabs["factorTabs"]
    for page in range(factors.count()):
        factors.setCurrentIndex(page)
        _settle()
        assert not left.horizontalScrollBar().isVisible(), factors.tabText(page)
        for button in _buttons(window):
            left.ensureWidgetVisible(button)
            _settle()
            spot = QRect(button.mapTo(left.viewport(), button.rect().topLeft()), button.size())
            assert left.viewport().rect().contains(spot), button.objectName()


# ---- labels ---------------------------------------------------------------------------


def test_no_two_buttons_say_the_same_and_password_is_only_a_field(window: MainWindow) -> None:
    texts = [b.text() for b in window.findChildren(QPushButton) if b.text()]
    assert texts.count("Refresh") == 0  # "Refresh tokens" and the Outbox's "Read now"
    assert window.buttons["refresh"].text() != window.outbox.refresh.text()
    assert "Password" not in texts
    titles = [g.title() for g in window.findChildren(QGroupBox)]
    assert "Password" not in titles
    assert window.buttons["refresh"].accessibleName() == "Sign in: Refresh"  # names kept


def test_the_code_field_sits_right_above_confirm(window: MainWindow) -> None:
    code = window.code
    confirm = window.buttons["confirmSignUp"]
    code_bottom = code.mapTo(window, code.rect().bottomLeft()).y()
    confirm_top = confirm.mapTo(window, confirm.rect().topLeft()).y()
    assert 0 < confirm_top - code_bottom < 60
    assert (
        abs(
            code.mapTo(window, code.rect().topLeft()).x()
            - confirm.mapTo(window, confirm.rect().topLeft()).x()
        )
        < 120
    )


def test_the_s3_refusal_names_the_group_and_button_as_they_read(
    qtbot: QtBot, window: MainWindow
) -> None:
    record = run(qtbot, window, "s3ListButton")
    group = window.groups["identityGroup"]
    assert f"{group.title()} → {window.buttons['getCredentials'].text()}" in record.explanation


_VALUE_SHAPED = re.compile(
    r"\+\d{6,}|[a-z]{2}-[a-z]+-\d_\w+|^[\w.+-]+@[\w-]+\.\w+$|^[a-z]{2}-[a-z]+-\d$"
)


def test_placeholders_are_hints_not_values(window: MainWindow) -> None:
    for edit in window.findChildren(QLineEdit):
        hint = edit.placeholderText()
        if _VALUE_SHAPED.search(hint):
            assert "e.g." in hint, (edit.objectName(), hint)


def test_refused_input_focuses_and_marks_its_field(qtbot: QtBot, window: MainWindow) -> None:
    """InvalidInput said "correct the field the message names" without saying which."""
    type_into(window, "userUsername", "")
    record = run(qtbot, window, "signInPasswordButton")
    assert record.error_code == "InvalidInput" and record.error_message.startswith("username")
    assert QGuiApplication.focusObject() is window.username or window.username.hasFocus()
    assert window.username.styleSheet() and "Refused: username" in window.username.toolTip()
    QTest.keyClicks(window.username, "demo")
    assert not window.username.styleSheet()
    type_into(window, "targetRegion", "not a region!")
    assert run(qtbot, window, "signInPasswordButton").error_code == "InvalidInput"
    assert window.region.hasFocus() and window.region.styleSheet()


# ---- the keyboard -----------------------------------------------------------------------


def _keys(window: QWidget, sequence: str) -> None:
    QTest.keySequence(window, sequence)
    _settle()


def test_the_usual_shortcuts(qtbot: QtBot, window: MainWindow) -> None:
    # Ctrl+Return runs the focused group's main action.
    window.buttons["getUser"].setFocus()
    before = len(window.records)
    _keys(window, "Ctrl+Return")
    qtbot.waitUntil(lambda: len(window.records) > before, timeout=TIMEOUT_MS)
    assert window.records[-1].operation == "GetUser"
    # Ctrl+R runs the last call again.
    before = len(window.records)
    _keys(window, "Ctrl+R")
    qtbot.waitUntil(lambda: len(window.records) > before, timeout=TIMEOUT_MS)
    assert window.records[-1].operation == "GetUser"
    # Ctrl+PgDown / Ctrl+PgUp: the next and previous pane.
    window.show_pane(window.response)
    _keys(window, "Ctrl+PgDown")
    assert window.current_pane() is window.tokens
    _keys(window, "Ctrl+PgUp")
    assert window.current_pane() is window.response
    # Ctrl+F: the History filter.
    _keys(window, "Ctrl+F")
    assert window.current_pane() is window.history and window.history.text.hasFocus()
    # Ctrl+Shift+C: the value selected in the Response tree.
    window.show_pane(window.response)
    tree = window.response.tree
    model = window.response.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=TIMEOUT_MS)
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "operation")
    tree.setCurrentIndex(model.index(row, 0))
    tree.setFocus()
    _keys(window, "Ctrl+Shift+C")
    assert QGuiApplication.clipboard().text() == "GetUser"


def test_help_lists_every_shortcut(qtbot: QtBot, window: MainWindow) -> None:
    _keys(window, "F1")
    sheet = window.findChild(QWidget, "shortcutsSheet")
    assert sheet is not None and sheet.isVisible()
    table = sheet.table
    listed = {table.item(r, 0).text() for r in range(table.rowCount())}
    for shortcut in SHORTCUTS:
        if shortcut.keys:  # a menu entry without a key (Local Cognito → Triggers…) is not
            assert " or ".join(shortcut.keys) in listed
    assert any("Enter" in keys for keys in listed)
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&Session", "&View", "&Local Cognito", "&Help"]
    sheet.close()


# ---- colour -------------------------------------------------------------------------------


def test_json_is_coloured_and_a_token_shows_its_parts_in_jwt_io_colours(
    qtbot: QtBot, window: MainWindow
) -> None:
    record = run(qtbot, window, "signInSrpButton")
    qtbot.waitUntil(lambda: window.response.shown_record is record, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.response.idle, timeout=TIMEOUT_MS)  # colours: a turn later
    document = window.response.text.document()
    block = document.findBlockByNumber(1)  # '  "operation": "InitiateAuth",'
    formats = block.layout().formats()
    assert formats, block.text()
    colours = {f.format.foreground().color().name() for f in formats}
    assert len(colours) >= 2  # the key and the string differ
    _verified(qtbot, window)
    raw = window.tokens.views["id"].raw
    token = window.session.id_token
    header, payload, signature = token.split(".")
    assert raw.colours == [
        (0, len(header), JWT_COLOURS[0]),
        (len(header) + 1, len(payload), JWT_COLOURS[1]),
        (len(header) + len(payload) + 2, len(signature), JWT_COLOURS[2]),
    ]
