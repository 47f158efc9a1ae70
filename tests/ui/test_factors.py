"""Issue 15 in the window, clicked as a QA tool clicks: passkeys (register, sign in, list,
delete, the tamper lab), remembered devices (MFA skipped), tracked sessions, rotating refresh
tokens, and the Admin pane's factors, devices, sessions and client secrets."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from cognito_bench.aws import AdminCalls
from cognito_bench.aws.record import CallRecord
from cognito_bench.emulator import LocalCognito, LocalTarget
from cognito_bench.ui.groups.passkeys import IN_MEMORY
from cognito_bench.ui.mainwindow import MainWindow
from cognito_bench.ui.widgets import bring_forward
from tests.ui.helpers import (
    PASSWORD,
    TIMEOUT_MS,
    click,
    find,
    run,
    run_until,
    secrets_on_screen,
    type_into,
)


@pytest.fixture
def no_confirm(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Destructive buttons go ahead; what they asked is kept."""
    asked: list[str] = []

    def yes(_parent: object, title: str, question: str) -> bool:
        asked.append(f"{title}: {question}")
        return True

    monkeypatch.setattr("cognito_bench.ui.mainwindow.ask_destructive", yes)
    monkeypatch.setattr("cognito_bench.ui.admin.ask_destructive", yes)
    return asked


def _user(local: LocalTarget, username: str) -> None:
    admin = AdminCalls(local.target())
    created = admin.admin_create_user(username, PASSWORD, {"email": f"{username}@example.com"})
    assert created.ok, created.one_line()
    assert admin.admin_set_user_password(username, PASSWORD, True).ok


def _signed_in(qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str) -> None:
    _user(local, username)
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", PASSWORD)
    signed = run(qtbot, window, "signInPasswordButton")
    assert signed.ok and window.session.tokens is not None, signed.one_line()


def _choose(window: MainWindow, name: str, value: str) -> None:
    combo = find(window, QComboBox, name)
    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    index = index if index >= 0 else combo.findText(value)
    assert index >= 0, (name, value)
    combo.setCurrentIndex(index)


def _shown(qtbot: QtBot, window: MainWindow, record: CallRecord) -> str:
    """The Response pane's JSON text once it shows ``record`` (no render left in flight)."""
    qtbot.waitUntil(
        lambda: window.response.shown_record is record and window.response.idle,
        timeout=TIMEOUT_MS,
    )
    return window.response.text.toPlainText()


# ---- passkeys ---------------------------------------------------------------------------------


def test_a_passkey_registered_and_used_to_sign_in_by_clicking(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str, no_confirm: list[str]
) -> None:
    _signed_in(qtbot, window, local, username)
    registered = run(qtbot, window, "registerPasskeyButton")
    assert registered.ok, registered.one_line()
    # The record shows the options, the credential and the checks (and no private key).
    start, complete = registered.steps
    options = start.response["CredentialCreationOptions"]
    assert options["rp"]["id"] == "localhost" and options["attestation"] == "none"
    credential = complete.request["Credential"]
    assert credential["type"] == "public-key" and credential["response"]["attestationObject"]
    section = registered.response["Passkey"]
    assert section["Checks"] == {
        "Challenge": True,
        "Origin": True,
        "RpIdHash": True,
        "UserPresent": True,
        "UserVerified": True,
        "SignCount": 0,
        "Attestation": "none",
        "Cognito": "accepted",
    }
    assert section["KeyStorage"] == "memory"  # no keyring on this box
    text = _shown(qtbot, window, registered)
    for part in ("CredentialCreationOptions", '"Credential"', '"Checks"', credential["id"]):
        assert part in text, part
    assert "PRIVATE KEY" not in text and "PRIVATE KEY" not in registered.dumps()
    # No keyring: the group says the keys end with the session, and why.
    note = find(window, QLabel, "passkeyStorage")
    assert isinstance(note, QLabel)
    assert note.text() == IN_MEMORY and "memory" in note.toolTip()

    window.sessions.current().form.password.clear()  # a passkey needs no password
    signed = run(qtbot, window, "signInPasskeyButton")
    assert signed.ok, signed.one_line()
    assert [s.operation for s in signed.steps] == ["InitiateAuth", "RespondToAuthChallenge"]
    request_options = json.loads(
        signed.steps[0].response["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]
    )
    assert request_options["rpId"] == "localhost" and request_options["challenge"]
    assert (
        json.loads(signed.steps[1].request["ChallengeResponses"]["CREDENTIAL"])["id"]
        == (credential["id"])
    )
    checks = signed.response["Passkey"]["Checks"]
    assert checks["SignCount"] == 1 and checks["Signature"] and checks["Challenge"]
    assert checks["Cognito"] == "accepted"
    assert window.session.tokens is not None and window.session.username == username
    assert window.current_pane() is window.tokens  # new tokens: Tokens comes forward

    listed = run(qtbot, window, "listPasskeysButton")
    assert listed.ok
    chosen = find(window, QComboBox, "passkeyCredential")
    assert isinstance(chosen, QComboBox)
    assert chosen.count() == 1 and chosen.currentData() == credential["id"]
    deleted = run(qtbot, window, "deletePasskeyButton")
    assert deleted.ok and deleted.request["CredentialId"] == credential["id"]
    assert credential["id"] in no_confirm[-1] and username in no_confirm[-1]
    assert run(qtbot, window, "listPasskeysButton").response["Credentials"] == []
    assert chosen.count() == 0


@pytest.mark.parametrize(
    ("tamper", "button", "code", "message"),
    [
        ("origin", "registerPasskeyButton", "WebAuthnOriginNotAllowedException", ""),
        ("rp_id", "registerPasskeyButton", "WebAuthnRelyingPartyMismatchException", ""),
        ("replay", "registerPasskeyButton", "WebAuthnChallengeNotFoundException", ""),
        ("origin", "signInPasskeyButton", "NotAuthorizedException", "The origin https://evil"),
        ("rp_id", "signInPasskeyButton", "NotAuthorizedException", "another relying party"),
        ("replay", "signInPasskeyButton", "NotAuthorizedException", "another challenge"),
    ],
)
def test_the_tamper_lab_is_refused_with_cognitos_errors(
    qtbot: QtBot,
    window: MainWindow,
    local: LocalTarget,
    username: str,
    tamper: str,
    button: str,
    code: str,
    message: str,
) -> None:
    _signed_in(qtbot, window, local, username)
    assert run(qtbot, window, "registerPasskeyButton").ok  # an honest passkey first
    _choose(window, "passkeyTamper", tamper)
    record = run(qtbot, window, button)
    assert record.error_code == code, record.one_line()
    assert message in record.error_message
    assert record.response["Passkey"]["Tamper"] == tamper
    # Shown as Cognito's refusal: the status line and the Response pane's error.
    assert window.statusBar().currentMessage().startswith(f"{code}: ")
    assert window.current_pane() is window.response
    assert window.response.error.isVisible() and code in window.response.error.text()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ({"passkeyOrigin": "https://app.example.com"}, "WebAuthnOriginNotAllowedException"),
        (
            {"passkeyOrigin": "https://localhost", "passkeyRpId": "example.com"},
            "WebAuthnRelyingPartyMismatchException",
        ),
    ],
)
def test_the_origin_and_rp_id_typed_in_the_group_go_with_the_passkey(
    qtbot: QtBot,
    window: MainWindow,
    local: LocalTarget,
    username: str,
    typed: dict[str, str],
    code: str,
) -> None:
    # Issue 15: origin and RP id are the user's to set (empty: from Cognito's options).
    _signed_in(qtbot, window, local, username)
    for name, value in typed.items():
        type_into(window, name, value)
    record = run(qtbot, window, "registerPasskeyButton")
    assert record.error_code == code, record.one_line()
    client_data = record.steps[-1].request["Credential"]["response"]["clientDataJSON"]
    sent = json.loads(base64.urlsafe_b64decode(client_data + "=" * (-len(client_data) % 4)))
    assert sent["origin"] == typed["passkeyOrigin"]
    assert record.response["Passkey"]["Checks"]["Cognito"] == f"refused: {code}"
    for name in typed:
        type_into(window, name, "")
    assert run(qtbot, window, "registerPasskeyButton").ok  # empty again: the defaults


# ---- remembered devices -----------------------------------------------------------------------


def _totp_on(qtbot: QtBot, window: MainWindow) -> None:
    assert run(qtbot, window, "totpSetupButton").ok
    click(qtbot, window, "mfaTotpCurrentCode")
    assert run(qtbot, window, "totpVerifyButton").ok
    _choose(window, "mfaKind", "TOTP")
    assert run(qtbot, window, "mfaPreferenceButton").ok


def test_remember_this_device_then_a_sign_in_that_uses_it_skips_mfa(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str, no_confirm: list[str]
) -> None:
    _signed_in(qtbot, window, local, username)
    _totp_on(qtbot, window)
    remember = find(window, QCheckBox, "signInRememberDevice")
    assert isinstance(remember, QCheckBox)
    remember.setChecked(True)
    # TOTP is on: the sign-in asks for a code, then its tokens bring a new device, which
    # the checked box remembers (ConfirmDevice, UpdateDeviceStatus) at once.
    asked = run(qtbot, window, "signInSrpButton")
    assert asked.response.get("ChallengeName") == "SOFTWARE_TOKEN_MFA", asked.one_line()
    click(qtbot, window, "challengeCurrentCode")
    before = len(window.records)
    click(qtbot, window, "answerChallengeButton")
    qtbot.waitUntil(lambda: len(window.records) >= before + 2, timeout=TIMEOUT_MS)
    answered, remembered = window.records[before : before + 2]
    assert answered.ok and answered.response["AuthenticationResult"]["NewDeviceMetadata"]
    assert remembered.label == "Remember device" and remembered.ok, remembered.one_line()
    assert [s.operation for s in remembered.steps] == ["ConfirmDevice", "UpdateDeviceStatus"]
    device = window.session.device
    assert device is not None and window.session.new_device is None
    state = find(window, QLabel, "deviceState")
    assert isinstance(state, QLabel)
    bring_forward(state)  # the Devices tab: its line is filled when it shows
    assert state.text().startswith("Remembered ") and state.toolTip() == device.key
    # In screen-share mode the device's SRP password never shows (Response included).
    window.set_screen_share(True)
    window.response.show_record(remembered)
    _shown(qtbot, window, remembered)
    assert device.password not in window.response.text.toPlainText()
    assert not secrets_on_screen(window, {device.password})
    window.set_screen_share(False)

    # The next sign-in uses the device: DEVICE_SRP_AUTH, no MFA challenge.
    again = run(qtbot, window, "signInSrpButton")
    assert again.ok and window.session.challenge is None, again.one_line()
    challenges = [s.response.get("ChallengeName") for s in again.steps]
    assert challenges[:3] == ["PASSWORD_VERIFIER", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER"]
    assert again.response["AuthenticationResult"]["AccessToken"]
    # A refresh names the remembered device (Cognito requires it where devices are remembered).
    refreshed = run(qtbot, window, "refreshButton")
    assert refreshed.ok, refreshed.one_line()
    assert refreshed.request["AuthParameters"]["DEVICE_KEY"] == device.key
    # Another session tab has no device: the same user is asked for the code there.
    window.new_session()
    type_into(window, "userUsername_2", username)
    type_into(window, "userPassword_2", PASSWORD)
    other = run(qtbot, window, "signInSrpButton")
    assert other.response.get("ChallengeName") == "SOFTWARE_TOKEN_MFA"
    window.sessions.setCurrentIndex(0)

    listed = run(qtbot, window, "listDevicesButton")
    assert [d["DeviceKey"] for d in listed.response["Devices"]] == [device.key]
    assert find(window, QComboBox, "deviceKey").currentData() == device.key  # type: ignore[attr-defined]
    forgot = run(qtbot, window, "forgetDeviceButton")
    assert forgot.ok and forgot.request["DeviceKey"] == device.key
    assert device.key in no_confirm[-1]
    assert window.session.device is None
    assert state.text() == "No device remembered in this session."


# ---- sessions, rotation, admin ----------------------------------------------------------------


@pytest.fixture
def own_window(
    runner: object, qtbot: QtBot, store: object
) -> Iterator[tuple[MainWindow, LocalCognito]]:
    """A window on a local Cognito of the test's own (pool settings change here)."""
    emulator = LocalCognito()
    emulator.start()
    window = MainWindow(runner)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.attach_store(store)  # type: ignore[arg-type]
    window.use_local_target(window.local.use(emulator))
    window.show()
    qtbot.waitExposed(window)
    yield window, emulator
    window.close()
    emulator.stop()


def test_sessions_listed_and_revoked_with_tracking_set_in_the_admin_pane(
    qtbot: QtBot, own_window: tuple[MainWindow, LocalCognito], username: str
) -> None:
    window, emulator = own_window
    assert emulator.target is not None
    window.show_pane(window.admin)
    got = run(qtbot, window, "adminGetSessionConfigButton")
    assert got.response["UserSessionTracking"] == "DISABLED"
    _choose(window, "adminSessionTracking", "true")
    type_into(window, "adminMaxSessions", "5")
    assert run(qtbot, window, "adminSetSessionConfigButton").ok
    assert run(qtbot, window, "adminGetSessionConfigButton").response["TokenSession"] == {
        "MaxPerUser": 5
    }
    _signed_in(qtbot, window, emulator.target, username)
    window.new_session()  # the same user, signed in a second time
    type_into(window, "userUsername_2", username)
    type_into(window, "userPassword_2", PASSWORD)
    assert run(qtbot, window, "signInPasswordButton").ok
    window.sessions.setCurrentIndex(0)

    listed = run(qtbot, window, "listSessionsButton")
    sessions = listed.response["Sessions"]
    assert len(sessions) == 2
    other = next(s["SessionId"] for s in sessions if not s["IsCurrentSession"])
    combo = find(window, QComboBox, "sessionId")
    assert isinstance(combo, QComboBox) and combo.count() == 2
    combo.setCurrentIndex(combo.findData(other))
    assert "(this one)" in combo.itemText(1 - combo.currentIndex())
    assert run(qtbot, window, "revokeSessionButton").ok
    window.sessions.setCurrentIndex(1)
    refused = run(qtbot, window, "getUserButton")
    assert refused.error_code == "NotAuthorizedException"  # its session was revoked
    window.sessions.setCurrentIndex(0)
    factors = run(qtbot, window, "authFactorsButton")
    assert factors.ok and "PASSWORD" in factors.response["ConfiguredUserAuthFactors"]


def test_refresh_says_which_refresh_token_is_current(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str
) -> None:
    _user(local, username)
    kind = window.client_kind
    kind.setCurrentIndex(kind.findData("rotating"))
    assert window.client_id.text() == local.client_id_rotating
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", PASSWORD)
    assert run(qtbot, window, "signInPasswordButton").ok
    first = window.session.refresh_token
    view = window.tokens.views["refresh"]
    qtbot.waitUntil(lambda: "current since Sign in" in view.summary.text(), timeout=TIMEOUT_MS)
    rotated = run(qtbot, window, "refreshButton")
    assert rotated.ok and rotated.response["CurrentRefreshToken"] == "new", rotated.one_line()
    assert window.session.refresh_token not in ("", first)
    qtbot.waitUntil(lambda: "rotated: this is the new refresh token" in view.summary.text())
    # The client is known to rotate now: the next refresh is one GetTokensFromRefreshToken.
    again = run(qtbot, window, "refreshButton")
    assert again.ok and again.operation == "GetTokensFromRefreshToken", again.one_line()
    assert again.steps == [] and again.response["CurrentRefreshToken"] == "new"
    # A client that does not rotate keeps the refresh token it was given.
    kind.setCurrentIndex(kind.findData("public"))
    assert run(qtbot, window, "signInPasswordButton").ok
    kept = window.session.refresh_token
    assert run(qtbot, window, "refreshButton").ok
    assert window.session.refresh_token == kept
    qtbot.waitUntil(lambda: "kept: the refresh token sent is still current" in view.summary.text())


def test_admin_factors_devices_and_client_secrets(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str, no_confirm: list[str]
) -> None:
    _signed_in(qtbot, window, local, username)
    remember = find(window, QCheckBox, "signInRememberDevice")
    assert isinstance(remember, QCheckBox)
    remember.setChecked(True)
    run_until(qtbot, window, "signInSrpButton", 2)  # the sign-in and the remembered device
    assert window.session.device is not None
    window.show_pane(window.admin)
    type_into(window, "adminUsername", username)
    factors = run(qtbot, window, "adminAuthFactorsButton")
    assert factors.operation == "AdminGetUserAuthFactors" and factors.ok, factors.one_line()
    listed = run(qtbot, window, "adminListDevicesButton")
    assert [d["DeviceKey"] for d in listed.response["Devices"]] == [window.session.device.key]
    forgot = run(qtbot, window, "adminForgetDeviceButton")
    assert forgot.ok and forgot.request["DeviceKey"] == window.session.device.key
    assert run(qtbot, window, "adminListDevicesButton").response["Devices"] == []
    deleted = run(qtbot, window, "adminDeleteSoftwareTokenButton")
    assert deleted.operation == "AdminDeleteSoftwareToken" and deleted.error_code != "InvalidInput"
    assert any("TOTP authenticator of " + username in q for q in no_confirm)

    # Client secrets of the target's app client (the demo client with a secret).
    kind = window.client_kind
    kind.setCurrentIndex(kind.findData("secret"))
    secrets = run(qtbot, window, "adminListClientSecretsButton").response["ClientSecrets"]
    assert len(secrets) == 1
    added = run(qtbot, window, "adminAddClientSecretButton")
    assert added.ok, added.one_line()
    value = added.response["ClientSecretDescriptor"]["ClientSecretValue"]
    new_id = added.response["ClientSecretDescriptor"]["ClientSecretId"]
    listed_secrets = run(qtbot, window, "adminListClientSecretsButton")
    assert len(listed_secrets.response["ClientSecrets"]) == 2
    choice = find(window, QComboBox, "adminClientSecretId")
    assert isinstance(choice, QComboBox)
    choice.setCurrentIndex(choice.findData(new_id))
    assert run(qtbot, window, "adminDeleteClientSecretButton").ok
    assert new_id in no_confirm[-1]
    assert len(run(qtbot, window, "adminListClientSecretsButton").response["ClientSecrets"]) == 1
    # The new secret's value: in its record, never on screen in screen-share mode.
    window.set_screen_share(True)
    window.response.show_record(added)
    _shown(qtbot, window, added)
    assert not secrets_on_screen(window, {value})
