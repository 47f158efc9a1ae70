"""The rest of the session's flows by clicking: refresh, revoke, sign-out, forgot password,
attribute verification, delete user."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import find, run, signed_up_user, type_into, use_outbox_code


def test_refresh_then_revoke(qtbot: QtBot, window: MainWindow) -> None:
    signed_in = run(qtbot, window, "signInPasswordButton")
    assert signed_in.ok, signed_in.one_line()
    first = window.session.tokens
    refreshed = run(qtbot, window, "refreshButton")
    assert refreshed.ok, refreshed.one_line()
    assert window.session.tokens.access_token != first.access_token
    assert window.session.tokens.refresh_token == first.refresh_token  # kept, not returned
    revoked = run(qtbot, window, "revokeButton")
    assert revoked.operation == "RevokeToken" and revoked.ok, revoked.one_line()
    assert window.status_session.text().startswith("Signed out")
    again = run(qtbot, window, "refreshButton")
    assert again.error_code == "NotAuthorizedException", again.one_line()


def test_forgot_password_with_the_outbox_code(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    signed_up_user(qtbot, window, username)
    forgot = run(qtbot, window, "forgotPasswordButton")
    assert forgot.ok and forgot.response.get("CodeDeliveryDetails"), forgot.one_line()
    use_outbox_code(qtbot, window, username, "forgot")
    type_into(window, "passwordNew", "Brand-New-Passw0rd!")
    confirmed = run(qtbot, window, "confirmForgotPasswordButton")
    assert confirmed.ok, confirmed.one_line()
    type_into(window, "userPassword", "Brand-New-Passw0rd!")
    assert run(qtbot, window, "signInSrpButton").ok


def test_update_and_verify_an_attribute_then_delete_the_user(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    signed_up_user(qtbot, window, username)
    assert run(qtbot, window, "signInSrpButton").ok
    type_into(window, "userEmail", f"{username}+new@example.com")
    type_into(window, "userPhone", "")
    updated = run(qtbot, window, "updateAttributesButton")
    assert updated.ok, updated.one_line()
    attribute = find(window, QComboBox, "userAttribute")
    assert isinstance(attribute, QComboBox)
    attribute.setCurrentText("email")
    use_outbox_code(qtbot, window, username, "verif")
    verified = run(qtbot, window, "verifyAttributeButton")
    assert verified.ok, verified.one_line()
    user = run(qtbot, window, "getUserButton")
    attrs = {a["Name"]: a["Value"] for a in user.response["UserAttributes"]}
    assert attrs["email"] == f"{username}+new@example.com"
    assert attrs["email_verified"] == "true"
    before = len(window.records)
    window.run_action("deleteUser", confirm=False)  # the button asks first
    qtbot.waitUntil(lambda: len(window.records) > before, timeout=20_000)
    deleted = window.records[before]
    assert deleted.ok, deleted.one_line()
    assert window.status_session.text() == f"Signed out: {username} (tokens revoked)"
    gone = run(qtbot, window, "signInPasswordButton")
    assert gone.error_code in ("UserNotFoundException", "NotAuthorizedException")
