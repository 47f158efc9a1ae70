"""Choice-based sign-in (USER_AUTH) in the window: the Choice button, SELECT_CHALLENGE in the
challenge box, a passwordless e-mail code from the outbox, the password as first factor."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cognito_bench.emulator import LocalTarget
from cognito_bench.ui.mainwindow import MainWindow
from tests.aws.factories import outbox_code
from tests.ui.helpers import run, type_into


def test_choice_sign_in_with_an_email_code(
    qtbot: QtBot, window: MainWindow, local: LocalTarget
) -> None:
    username = local.demo_user["username"]
    factor = window.first_factor
    factor.setCurrentIndex(factor.findData(""))  # let Cognito ask
    asked = run(qtbot, window, "signInChoiceButton")
    assert asked.ok and asked.response.get("ChallengeName") == "SELECT_CHALLENGE"
    box = window.challenge
    assert box.isVisible() and box.mfa_type.isVisible() and not box.answer.isVisible()
    offered = [box.mfa_type.itemData(i) for i in range(box.mfa_type.count())]
    assert "EMAIL_OTP" in offered and "PASSWORD" in offered
    box.mfa_type.setCurrentIndex(box.mfa_type.findData("EMAIL_OTP"))
    sent = run(qtbot, window, "answerChallengeButton")
    assert sent.ok and sent.response.get("ChallengeName") == "EMAIL_OTP", sent.one_line()
    assert box.challenge_name == "EMAIL_OTP" and box.answer.isVisible()
    type_into(window, "challengeAnswer", outbox_code(local, username))
    done = run(qtbot, window, "answerChallengeButton")
    assert done.ok and done.response["AuthenticationResult"]["AccessToken"], done.one_line()
    assert not box.isVisible()
    assert window.status_session.text() == f"Signed in: {username}"


def test_choice_sign_in_with_the_password_field(
    qtbot: QtBot, window: MainWindow, local: LocalTarget
) -> None:
    factor = window.first_factor
    factor.setCurrentIndex(factor.findData("PASSWORD"))
    done = run(qtbot, window, "signInChoiceButton")
    assert done.ok and "AuthenticationResult" in done.response, done.one_line()
    # Cognito asks, the user picks the password: the Password field goes with the answer.
    factor.setCurrentIndex(factor.findData(""))
    assert run(qtbot, window, "signInChoiceButton").ok
    box = window.challenge
    box.mfa_type.setCurrentIndex(box.mfa_type.findData("PASSWORD"))
    type_into(window, "userPassword", "Wrong-Passw0rd!")
    wrong = run(qtbot, window, "answerChallengeButton")
    assert wrong.error_code == "NotAuthorizedException"
    # The password through SRP: the proof, never the password, goes to Cognito.
    type_into(window, "userPassword", local.demo_user["password"])
    factor.setCurrentIndex(factor.findData("PASSWORD_SRP"))
    srp = run(qtbot, window, "signInChoiceButton")
    assert srp.ok and "AuthenticationResult" in srp.response, srp.one_line()
    assert local.demo_user["password"] not in str(srp.to_json())
