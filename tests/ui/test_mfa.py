"""Challenges answered in the window: a new password, TOTP setup with QR, a TOTP sign-in."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import click, find, run, type_into

TEMP = "Temp-Passw0rd!"
NEW = "New-Passw0rd!"


def _admin_created_user(qtbot: QtBot, window: MainWindow, username: str) -> None:
    window.show_pane(window.admin)
    type_into(window, "adminUsername", username)
    type_into(window, "adminPassword", TEMP)
    created = run(qtbot, window, "adminCreateUserButton")
    assert created.operation == "AdminCreateUser" and created.ok, created.one_line()
    # A successful admin change re-lists the users; the new one shows in the table.
    qtbot.waitUntil(lambda: any(row[0] == username for row in window.admin.rows))
    assert window.history.model.records[-1].operation == "ListUsers"


def test_new_password_challenge_answered_in_place(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    _admin_created_user(qtbot, window, username)
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", TEMP)
    first = run(qtbot, window, "signInPasswordButton")
    assert first.ok and first.response["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert window.challenge.isVisible()
    assert "NEW_PASSWORD_REQUIRED" in window.challenge.heading.text()
    assert window.challenge.answer.echoMode() == window.challenge.answer.EchoMode.Password
    type_into(window, "challengeAnswer", NEW)
    answered = run(qtbot, window, "answerChallengeButton")
    assert answered.operation == "RespondToAuthChallenge" and answered.ok, answered.one_line()
    assert window.session.tokens is not None
    assert not window.challenge.isVisible()


def test_totp_setup_and_totp_sign_in_challenge(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    _admin_created_user(qtbot, window, username)
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", TEMP)
    run(qtbot, window, "signInPasswordButton")
    type_into(window, "challengeAnswer", NEW)
    assert run(qtbot, window, "answerChallengeButton").ok

    setup = run(qtbot, window, "totpSetupButton")
    assert setup.operation == "AssociateSoftwareToken" and setup.ok, setup.one_line()
    panel = window.mfa_totp
    assert panel.isVisible()
    secret = panel.secret.text()
    assert secret and secret == window.session.totp_secret
    assert panel.uri.text().startswith("otpauth://totp/CognitoBench%3A")
    assert f"secret={secret}" in panel.uri.text()
    assert len(panel.qr.matrix()) >= 21  # a real QR symbol, version 1 or more

    click(qtbot, window, "mfaTotpCurrentCode")
    assert re.fullmatch(r"\d{6}", window.code.text())
    verified = run(qtbot, window, "totpVerifyButton")
    assert verified.ok and verified.response.get("Status") == "SUCCESS", verified.one_line()
    kind = find(window, QComboBox, "mfaKind")
    assert isinstance(kind, QComboBox)
    kind.setCurrentText("TOTP")
    preferred = run(qtbot, window, "mfaPreferenceButton")
    assert preferred.ok, preferred.one_line()

    type_into(window, "userPassword", NEW)
    challenged = run(qtbot, window, "signInSrpButton")
    assert challenged.ok, challenged.one_line()
    assert challenged.response.get("ChallengeName") == "SOFTWARE_TOKEN_MFA"
    assert window.session.tokens is not None  # the earlier session's tokens stay on show
    assert window.challenge.isVisible()
    assert window.challenge.challenge_name == "SOFTWARE_TOKEN_MFA"
    click(qtbot, window, "challengeCurrentCode")
    assert re.fullmatch(r"\d{6}", window.challenge.answer.text())
    answered = run(qtbot, window, "answerChallengeButton")
    assert answered.ok, answered.one_line()
    assert answered.response["AuthenticationResult"]["AccessToken"]
    assert not window.challenge.isVisible()
    assert window.status_session.text() == f"Signed in: {username}"


def test_mfa_setup_challenge_answered_in_place(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    """A pool that requires MFA: the sign-in opens TOTP setup (secret, URI, QR) in place."""
    from cognito_bench.aws import AdminCalls, make_client

    target = window.target()
    idp = make_client("cognito-idp", target)
    pool_id = idp.create_user_pool(PoolName=f"mfa-on-{username}")["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True}, MfaConfiguration="ON"
    )
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="mfa", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"]
    )["UserPoolClient"]["ClientId"]
    admin = AdminCalls(target.replace(user_pool_id=pool_id, client_id=client_id))
    assert admin.admin_create_user(username).ok
    assert admin.admin_set_user_password(username, NEW, permanent=True).ok

    type_into(window, "targetUserPoolId", pool_id)
    type_into(window, "targetClientId", client_id)
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", NEW)
    challenged = run(qtbot, window, "signInSrpButton")
    assert challenged.ok and challenged.response.get("ChallengeName") == "MFA_SETUP"
    box = window.challenge
    assert box.isVisible() and box.challenge_name == "MFA_SETUP"
    assert not box.answer.isHidden() and not box.current_code.isHidden()

    assert run(qtbot, window, "challengeTotpSetupButton").ok
    assert box.totp.isVisible()
    assert box.totp.secret.text() == window.session.totp_secret
    assert len(box.totp.qr.matrix()) >= 21
    assert not window.mfa_totp.isVisible()  # the setup shows where the challenge is
    click(qtbot, window, "challengeCurrentCode")
    assert re.fullmatch(r"\d{6}", box.answer.text())
    verified = run(qtbot, window, "challengeTotpVerifyButton")
    assert verified.ok and verified.response.get("Status") == "SUCCESS", verified.one_line()
    answered = run(qtbot, window, "answerChallengeButton")
    assert answered.ok, answered.one_line()
    assert answered.response["AuthenticationResult"]["IdToken"]
    assert not box.isVisible()
    assert window.status_session.text() == f"Signed in: {username}"
