"""The React example's path, by clicking: sign up, confirm with the outbox code, SRP sign-in,
get user, identity credentials, S3 put then list, sign out."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import TIMEOUT_MS, run, run_until, type_into, use_outbox_code

PASSWORD = "Str0ng-Passw0rd!"


def test_react_path_by_clicking(qtbot: QtBot, window: MainWindow, username: str) -> None:
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", PASSWORD)
    type_into(window, "userEmail", f"{username}@example.com")

    signed_up = run(qtbot, window, "signUpButton")
    assert signed_up.operation == "SignUp" and signed_up.ok, signed_up.one_line()

    # The code arrives in the Outbox; "Use this code" puts it in the code field.
    code = use_outbox_code(qtbot, window, username, "sign")
    assert window.outbox.messages[0]["username"] == username  # newest first
    assert window.code.text() == code
    confirmed = run(qtbot, window, "confirmSignUpButton")
    assert confirmed.operation == "ConfirmSignUp" and confirmed.ok, confirmed.one_line()

    inspected: set[str] = set()
    window.tokens.inspected.connect(inspected.add)
    signed_in = run(qtbot, window, "signInSrpButton")
    assert signed_in.ok, signed_in.one_line()
    assert [s.operation for s in signed_in.steps] == ["InitiateAuth", "RespondToAuthChallenge"]
    assert window.session.tokens is not None
    qtbot.waitUntil(lambda: {"id", "access"} <= inspected, timeout=TIMEOUT_MS)
    for kind in ("id", "access"):
        view = window.tokens.views[kind]
        failed = [c for c in view.inspection.report.checks if not c.ok]
        assert view.valid is True, failed
        assert "in 59 min" in view.summary.text() or "in 1 hour" in view.summary.text()
    assert window.tokens.views["id"].inspection.decoded.payload["cognito:username"] == username

    user = run(qtbot, window, "getUserButton")
    assert user.ok and user.response["Username"] == username

    creds = run_until(qtbot, window, "getCredentialsButton", 2)
    assert [r.operation for r in creds] == ["GetId", "GetCredentialsForIdentity"]
    assert all(r.ok for r in creds), [r.one_line() for r in creds]
    assert window.session.credentials is not None

    key = f"{username}/hello.txt"
    type_into(window, "s3Key", key)
    type_into(window, "s3Body", "hello from the bench")
    put = run(qtbot, window, "s3PutButton")
    assert put.operation == "PutObject" and put.ok, put.one_line()
    type_into(window, "s3Prefix", username)
    listed = run(qtbot, window, "s3ListButton")
    assert listed.ok, listed.one_line()
    assert [o["Key"] for o in listed.response.get("Contents", [])] == [key]

    out = run(qtbot, window, "globalSignOutButton")
    assert out.operation == "GlobalSignOut" and out.ok, out.one_line()

    ops = [r.operation for r in window.records]
    assert ops == [
        "SignUp",
        "ConfirmSignUp",
        "InitiateAuth",
        "GetUser",
        "GetId",
        "GetCredentialsForIdentity",
        "PutObject",
        "ListObjectsV2",
        "GlobalSignOut",
    ]
    # The Response pane shows the last call's raw JSON.
    qtbot.waitUntil(lambda: window.response.shown_record is out)
    assert '"GlobalSignOut"' in window.response.full_text
