"""Screen-share mode: every token, secret, password, AWS key and code on screen masked; a
click shows one value; Copy still copies the real value; the mode is remembered."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from cognito_bench.aws.admin import AdminCalls
from cognito_bench.emulator import LocalTarget
from cognito_bench.store import BenchStore
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import (
    PASSWORD,
    TIMEOUT_MS,
    find,
    run,
    run_until,
    secrets_on_screen,
    type_into,
    use_outbox_code,
)


def _token_secrets(tokens: object) -> set[str]:
    return {str(getattr(tokens, f"{k}_token", "") or "") for k in ("id", "access", "refresh")}


def _inspected(qtbot: QtBot, window: MainWindow, number: int) -> None:
    """Wait until every token view of tab ``number`` shows its token, verified."""
    views = window.tokens.sets[number].views
    for kind in ("id", "access", "refresh"):
        qtbot.waitUntil(lambda k=kind: views[k].inspection is not None, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: views["access"].valid is not None, timeout=TIMEOUT_MS)


def test_nothing_secret_shows_in_any_widget_with_two_sessions(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str
) -> None:
    QTest.keyClick(
        window,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.screen_share and window.status_share.isVisible()
    secrets: set[str] = {local.client_secret, local.demo_user["password"], PASSWORD}

    # Tab 1: a user of its own, signed in, with identity-pool credentials.
    first = f"{username}-a"
    admin = AdminCalls(local.target())
    assert admin.admin_create_user(first, PASSWORD, {"email": f"{first}@example.com"}).ok
    assert admin.admin_set_user_password(first, PASSWORD, True).ok
    type_into(window, "userUsername", first)
    type_into(window, "userPassword", PASSWORD)
    assert run(qtbot, window, "signInSrpButton").ok
    creds = run_until(qtbot, window, "getCredentialsButton", 2)
    assert all(r.ok for r in creds)
    credentials = window.session.credentials
    secrets |= {credentials.secret_key, credentials.session_token, credentials.access_key_id}
    secrets |= _token_secrets(window.session.tokens)
    _inspected(qtbot, window, 1)

    # Tab 2: sign up with the outbox code, sign in, set up TOTP (its secret on screen).
    window.new_session()
    second = f"{username}-b"
    type_into(window, "userUsername_2", second)
    type_into(window, "userPassword_2", PASSWORD)
    type_into(window, "userEmail_2", f"{second}@example.com")
    assert run(qtbot, window, "signUpButton").ok
    code = use_outbox_code(qtbot, window, second, "sign")
    secrets.add(code)
    assert window.code.text() == code and window.code.displayText() != code
    assert run(qtbot, window, "confirmSignUpButton").ok
    assert run(qtbot, window, "signInPasswordButton").ok
    assert run(qtbot, window, "totpSetupButton").ok
    secrets.add(window.session.totp_secret)
    secrets |= _token_secrets(window.session.tokens)
    _inspected(qtbot, window, 2)
    secrets |= {str(m.get("code", "")) for m in window.outbox.messages}

    # A pasted token, the tamper lab, the diff, the Response tree opened, every pane once.
    window.tokens.paste.input.setPlainText(window.sessions.slots[0].session.id_token)
    window.tokens.paste.verify.click()
    qtbot.waitUntil(lambda: window.tokens.paste.view.inspection is not None, timeout=TIMEOUT_MS)
    window.tokens.lab.claim.setCurrentText("email")
    window.tokens.lab.value.setText('"x@example.com"')
    window.tokens.lab.run.click()
    qtbot.waitUntil(lambda: bool(window.tokens.lab.tampered.value()), timeout=TIMEOUT_MS)
    secrets.add(window.tokens.lab.tampered.value())
    window.show_token_diff()
    window.tokens.diff.compare()
    qtbot.waitUntil(lambda: window.tokens.diff.diff is not None, timeout=TIMEOUT_MS)
    sign_in = next(r for r in window.records if r.operation == "InitiateAuth")
    window.response.show_record(sign_in)
    qtbot.waitUntil(lambda: window.response.shown_record is sign_in, timeout=TIMEOUT_MS)
    window.response.tree.expandAll()
    for pane in (window.history, window.outbox, window.admin, window.response, window.tokens):
        window.show_pane(pane)
    qtbot.waitUntil(
        lambda: window.history.model.rowCount() == len(window.records), timeout=TIMEOUT_MS
    )

    leaks = secrets_on_screen(window, secrets)
    assert not leaks, leaks
    window.sessions.setCurrentIndex(0)  # tab 1: its identity line holds an AWS key id
    assert "AWS key" in window.identity_id.text()
    leaks = secrets_on_screen(window, secrets)
    assert not leaks, leaks
    # What shows instead: first characters and length; the real values stay usable.
    raw = find(window, QLineEdit, "tokensIdRaw_2")
    tab2 = window.sessions.slots[1].session
    assert raw.displayText().endswith("chars)") and raw.value() == tab2.id_token
    assert "chars)" in window.response.text.toPlainText()
    assert '"AccessToken"' in window.response.full_text  # Copy JSON has the real text
    window.show_pane(window.response)
    window.response.copy_response.click()
    copied = json.loads(QGuiApplication.clipboard().text())
    assert copied["AuthenticationResult"]["AccessToken"] in secrets


def test_a_click_shows_one_value_and_copy_copies_the_real_one(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.set_screen_share(True)
    assert run(qtbot, window, "signInSrpButton").ok
    _inspected(qtbot, window, 1)
    views = window.tokens.views
    id_raw, access_raw = views["id"].raw, views["access"].raw
    tokens = window.session.tokens
    assert id_raw.masked and access_raw.masked
    window.show_pane(window.tokens)
    QTest.mouseClick(id_raw, Qt.MouseButton.LeftButton)
    assert id_raw.text() == tokens.id_token and not id_raw.masked
    window.tokens.tabs.setCurrentIndex(1)
    QTest.mouseClick(access_raw, Qt.MouseButton.LeftButton)
    assert access_raw.text() == tokens.access_token
    assert id_raw.masked and id_raw.text() != tokens.id_token  # one value at a time
    views["refresh"].copy.click()
    assert QGuiApplication.clipboard().text() == tokens.refresh_token
    id_raw.setFocus()
    QTest.keySequence(id_raw, "Ctrl+C")
    assert QGuiApplication.clipboard().text() == tokens.id_token
    # Off again: every value whole.
    window.set_screen_share(False)
    assert id_raw.text() == tokens.id_token and not window.status_share.isVisible()


def test_the_mode_is_remembered_for_the_next_start(
    qtbot: QtBot, runner: Runner, window: MainWindow, store: BenchStore, local: LocalTarget
) -> None:
    window.set_screen_share(True)
    qtbot.waitUntil(lambda: BenchStore().profiles.screen_share, timeout=TIMEOUT_MS)
    later = MainWindow(runner)
    qtbot.addWidget(later)
    later.attach_store(BenchStore())
    later.use_local_target(local)
    assert later.screen_share and later.menu_actions["screen_share"].isChecked()
    assert later.status_share.isVisibleTo(later)
    later.set_screen_share(False)
    qtbot.waitUntil(lambda: not BenchStore().profiles.screen_share, timeout=TIMEOUT_MS)
    later.close()
