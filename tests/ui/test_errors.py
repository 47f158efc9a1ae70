"""Failed calls show Cognito's error code, its message and the plain-English explanation."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cognito_bench.emulator import LocalTarget
from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import find, run, signed_up_user, type_into


def _error_text(qtbot: QtBot, window: MainWindow) -> str:
    qtbot.waitUntil(window.response.error.isVisible)
    return window.response.error.text()


def test_wrong_password_shows_not_authorized_and_why(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    # A user of its own: the emulator locks a user out after five wrong passwords.
    signed_up_user(qtbot, window, username)
    type_into(window, "userPassword", "Not-The-Passw0rd!")
    record = run(qtbot, window, "signInPasswordButton")
    assert record.error_code == "NotAuthorizedException"
    assert record.explanation
    text = _error_text(qtbot, window)
    assert "NotAuthorizedException" in text
    assert "Incorrect username or password" in text
    assert record.explanation.split()[0] in text
    assert window.current_pane() is window.response
    assert window.session.tokens is None
    # History stores it (newest first) with the error code as its status.
    history = window.history
    qtbot.waitUntil(lambda: history.model.rowCount() == len(window.records), timeout=10_000)
    assert history.model.data(history.model.index(0, 4)) == "NotAuthorizedException"


def test_weak_password_sign_up_names_the_failed_rule(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", "weakpassword")
    type_into(window, "userEmail", f"{username}@example.com")
    record = run(qtbot, window, "signUpButton")
    assert record.error_code == "InvalidPasswordException"
    text = _error_text(qtbot, window)
    assert "InvalidPasswordException" in text
    # The rule that failed, in Cognito's words (no upper case, no number or no symbol).
    assert any(rule in text for rule in ("uppercase", "numeric", "symbol")), text


def test_secret_client_without_secret_shows_the_seed_message_and_fix(
    qtbot: QtBot, window: MainWindow, local: LocalTarget
) -> None:
    kind = find(window, QComboBox, "targetClientKind")
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("secret"))
    assert window.client_id.text() == local.client_id_with_secret
    assert window.client_secret.text() == local.client_secret
    window.client_secret.clear()
    record = run(qtbot, window, "signInPasswordButton")
    assert record.error_code == "NotAuthorizedException"
    text = _error_text(qtbot, window)
    assert (
        f"Client {local.client_id_with_secret} is configured for secret but secret was not received"
        in text
    )
    assert "Fix:" in text and "secret" in record.explanation


def test_secret_client_with_secret_signs_in(
    qtbot: QtBot, window: MainWindow, local: LocalTarget
) -> None:
    kind = find(window, QComboBox, "targetClientKind")
    assert isinstance(kind, QComboBox)
    kind.setCurrentIndex(kind.findData("secret"))
    record = run(qtbot, window, "signInSrpButton")
    assert record.ok, record.one_line()
    assert window.session.tokens is not None


def test_action_needing_a_session_is_refused_before_any_call(
    qtbot: QtBot, window: MainWindow
) -> None:
    record = run(qtbot, window, "getUserButton")
    assert record.error_code == "InvalidInput"
    assert "Sign in first" in _error_text(qtbot, window)
    assert record.http_status is None


def test_a_cut_off_answer_is_shown_as_a_closed_connection(qtbot: QtBot, window: MainWindow) -> None:
    from tests.aws.test_truncated import CutOffServer

    server = CutOffServer()
    try:
        type_into(window, "targetEndpoint", server.url)
        type_into(window, "userUsername", "alice")
        type_into(window, "userPassword", "Passw0rd!-x")
        record = run(qtbot, window, "signInPasswordButton")
    finally:
        server.close()
    assert record.error_code == "ConnectionClosedError"
    text = _error_text(qtbot, window)
    assert "ConnectionClosedError" in text and "52 of 400 bytes" in text
    assert "neither tokens nor a challenge" not in text
