"""Several users side by side: session tabs, each with its fields, session and token views;
History's User column; the token diff in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from cognito_bench.aws.admin import AdminCalls
from cognito_bench.emulator import LocalTarget
from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import PASSWORD, TIMEOUT_MS, find, run


def _user(local: LocalTarget, username: str) -> None:
    admin = AdminCalls(local.target())
    assert admin.admin_create_user(username, PASSWORD, {"email": f"{username}@example.com"}).ok
    assert admin.admin_set_user_password(username, PASSWORD, True).ok


def _demo_then_user_in_tab_2(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str
) -> None:
    """The demo user signed in in tab 1, ``username`` (made now) in a new tab 2."""
    _user(local, username)
    assert run(qtbot, window, "signInPasswordButton").ok
    window.new_session()
    window.username.setText(username)
    window.password.setText(PASSWORD)
    assert run(qtbot, window, "signInPasswordButton").ok


def _verified(qtbot: QtBot, window: MainWindow, number: int) -> None:
    """Wait until session tab ``number``'s ID and access tokens are verified, and valid."""
    views = window.tokens.sets[number].views
    for kind in ("id", "access"):
        qtbot.waitUntil(lambda k=kind: views[k].valid is not None, timeout=TIMEOUT_MS)
        assert views[kind].valid, views[kind].summary.text()


def test_two_users_signed_in_at_once_in_two_tabs(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str
) -> None:
    second = f"{username}-b"
    _user(local, second)
    assert run(qtbot, window, "signInSrpButton").ok  # tab 1: the demo user
    _verified(qtbot, window, 1)
    demo_tokens = window.session.tokens

    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)  # Ctrl+T
    assert len(window.sessions.slots) == 2 and window.slot.number == 2
    # Tab 2's fields are its own, named with _2; the plain names stay tab 1's.
    assert find(window, QLineEdit, "userUsername").text() == local.demo_user["username"]
    username2 = find(window, QLineEdit, "userUsername_2")
    assert username2 is window.username and username2.text() == ""
    assert username2.accessibleName() == "Username (session 2)"
    assert window.findChild(QWidget, "tokensIdRaw_2") is not None
    assert window.session.tokens is None  # a new tab has no session yet
    username2.setText(second)
    window.password.setText(PASSWORD)
    signed = run(qtbot, window, "signInPasswordButton")
    assert signed.ok, signed.one_line()
    _verified(qtbot, window, 2)

    first, other = window.sessions.slots
    assert first.session.tokens is demo_tokens and first.session.username == "demo"
    assert other.session.username == second
    assert other.session.tokens.access_token != demo_tokens.access_token
    assert window.tokens.views["id"].inspection.decoded.payload["cognito:username"] == second
    assert window.status_session.text() == f"Signed in: {second}"
    assert window.sessions.tabText(1).startswith(f"2 · {second}")

    # Tab 1 in front again: its own tokens, its user's Get user.
    window.sessions.setCurrentIndex(0)
    assert window.tokens.views["id"].inspection.decoded.payload["cognito:username"] == "demo"
    assert window.status_session.text() == "Signed in: demo"
    assert run(qtbot, window, "getUserButton").response["Username"] == "demo"
    window.sessions.setCurrentIndex(1)
    assert run(qtbot, window, "getUserButton").response["Username"] == second


def test_a_call_lands_in_the_tab_it_was_made_from(
    qtbot: QtBot, window: MainWindow, local: LocalTarget
) -> None:
    """Switching tabs while a sign-in runs: its tokens go to the tab that made it."""
    before = len(window.records)
    window.run_action("signInSrp")  # tab 1
    window.new_session()  # tab 2 in front before the answer arrives
    qtbot.waitUntil(lambda: len(window.records) > before, timeout=TIMEOUT_MS)
    first, second = window.sessions.slots
    assert first.session.tokens is not None and second.session.tokens is None
    assert window.slot is second and window.status_session.text() == "Signed out"


def test_history_shows_the_user_and_the_profile_only_where_it_changes(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str
) -> None:
    _demo_then_user_in_tab_2(qtbot, window, local, username)
    assert run(qtbot, window, "getUserButton").ok
    history = window.history
    qtbot.waitUntil(lambda: history.model.rowCount() == 3, timeout=TIMEOUT_MS)
    headers = history.model.HEADERS
    column = {name: headers.index(name) for name in ("Profile", "User", "Call")}

    def cells(name: str) -> list[str]:
        model = history.model
        return [model.data(model.index(r, column[name])) for r in range(model.rowCount())]

    assert cells("User") == [username, username, "demo"]  # newest first
    assert cells("Profile") == ["Local Cognito", "", ""]
    assert [r.user for r in window.store.history.query()] == [username, username, "demo"]


def test_a_diff_of_the_tokens_before_and_after_a_refresh(qtbot: QtBot, window: MainWindow) -> None:
    assert run(qtbot, window, "signInPasswordButton").ok
    _verified(qtbot, window, 1)
    assert run(qtbot, window, "refreshButton").ok
    QTest.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # Ctrl+D
    diff = window.tokens.diff
    assert window.current_pane() is window.tokens and window.tokens.tabs.currentWidget() is diff
    # The newest token "after", the one it replaced "before": a refresh's effect.
    assert diff.after.currentText().startswith("1 · demo · ID token (now)")
    assert diff.before.currentText().startswith("1 · demo · ID token (from Sign in")
    diff.run.click()
    qtbot.waitUntil(lambda: diff.diff is not None, timeout=TIMEOUT_MS)
    rows = {(r.part, r.name): r for r in diff.diff.rows}
    assert rows[("payload", "sub")].kind == "same"
    assert rows[("payload", "auth_time")].kind == "same"  # a refresh keeps the sign-in time
    assert rows[("payload", "exp")].kind in ("changed", "same")  # same second: same exp
    assert rows[("payload", "jti")].kind == "changed"
    table = diff.table
    jti = next(r for r in range(table.rowCount()) if table.item(r, 1).text() == "jti")
    assert table.item(jti, 4).text().startswith("changed")
    assert table.item(jti, 0).background().color().name() == "#fff8c5"  # highlighted
    assert "changed" in diff.summary.text()


def test_two_sessions_tokens_compared(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str
) -> None:
    _demo_then_user_in_tab_2(qtbot, window, local, username)
    window.show_token_diff()
    diff = window.tokens.diff
    diff.choose("1 · demo · ID token (now)", f"2 · {username} · ID token (now)")
    diff.compare()
    qtbot.waitUntil(lambda: diff.diff is not None, timeout=TIMEOUT_MS)
    rows = {r.name: r for r in diff.diff.rows if r.part == "payload"}
    assert rows["cognito:username"].kind == "changed"
    assert rows["cognito:username"].before == '"demo"'
    assert rows["cognito:username"].after == f'"{username}"'


def test_closing_a_tab_drops_its_views_but_not_the_first(qtbot: QtBot, window: MainWindow) -> None:
    window.new_session()
    window.new_session()
    assert [s.number for s in window.sessions.slots] == [1, 2, 3]
    QTest.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)  # Ctrl+W
    assert [s.number for s in window.sessions.slots] == [1, 2]
    assert 3 not in window.tokens.sets
    window.sessions.setCurrentIndex(0)
    window.sessions.close_tab(0)  # the first stays: the plain names are its widgets
    assert len(window.sessions.slots) == 2
