"""Challenges answered in the window: a new password, TOTP setup with QR, a TOTP sign-in."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import click, find, run, signed_up_user, type_into, use_outbox_code

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
    assert window.records[-1].operation == "ListUsers"


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


def test_email_otp_and_mfa_type_choice_answered_in_place(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    signed_up_user(qtbot, window, username)
    assert run(qtbot, window, "signInSrpButton").ok
    kind = find(window, QComboBox, "mfaKind")
    assert isinstance(kind, QComboBox)
    kind.setCurrentText("E-mail")
    assert run(qtbot, window, "mfaPreferenceButton").ok

    # E-mail OTP: the code lands in the Outbox; "Use this code" fills the challenge answer.
    challenged = run(qtbot, window, "signInPasswordButton")
    assert challenged.response.get("ChallengeName") == "EMAIL_OTP", challenged.one_line()
    assert window.challenge.isVisible() and "EMAIL_OTP" in window.challenge.heading.text()
    code = use_outbox_code(qtbot, window, username, "mfa")
    assert window.challenge.answer.text() == code
    answered = run(qtbot, window, "answerChallengeButton")
    assert answered.ok and answered.response["AuthenticationResult"], answered.one_line()

    # TOTP enabled too, no preference: Cognito asks which factor to use.
    assert run(qtbot, window, "totpSetupButton").ok
    click(qtbot, window, "mfaTotpCurrentCode")
    assert run(qtbot, window, "totpVerifyButton").ok
    # Both factors on, neither preferred (the window's MFA box always names one preferred).
    from cognito_bench.aws import UserPoolCalls

    both = UserPoolCalls(window.target()).set_user_mfa_preference(
        window.session.tokens.access_token, totp=True, email=True
    )
    assert both.ok, both.one_line()
    select = run(qtbot, window, "signInPasswordButton")
    assert select.response.get("ChallengeName") == "SELECT_MFA_TYPE", select.one_line()
    box = window.challenge
    assert box.mfa_type.isVisible() and not box.answer.isVisible()
    choices = [box.mfa_type.itemData(i) for i in range(box.mfa_type.count())]
    assert "SOFTWARE_TOKEN_MFA" in choices
    box.mfa_type.setCurrentIndex(choices.index("SOFTWARE_TOKEN_MFA"))
    chosen = run(qtbot, window, "answerChallengeButton")
    assert chosen.response.get("ChallengeName") == "SOFTWARE_TOKEN_MFA", chosen.one_line()
    click(qtbot, window, "challengeCurrentCode")
    final = run(qtbot, window, "answerChallengeButton")
    assert final.ok and final.response["AuthenticationResult"], final.one_line()
