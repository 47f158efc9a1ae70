"""Secret scan of the window: a whole session clicked through, then grep every file written.

Sign up, confirm with the outbox code, sign in (SRP; password with the client that has a
secret; a wrong password), refresh, identity-pool credentials, a passkey registered and used,
a device remembered at a sign-in, a second client secret added and deleted, a second user in
a second session tab, admin list and create, save the profile with the secret client, export
the history as JSON and HAR and the profiles, screen-share mode on throughout: with
HOME and COGNITO_BENCH_HOME in a temporary folder. Then no file under it (profiles, history
database and its WAL, log, exports, anything Qt wrote) may hold a password, the client secret,
a SECRET_HASH, a token (or its signature part), a temporary AWS credential, a passkey's
private key, a device's SRP password or the added client secret; nor may the screen show the
last three.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from cognito_bench.aws import secret_hash
from cognito_bench.aws.passkeys import PasskeyKey
from cognito_bench.emulator import LocalTarget
from cognito_bench.store import BenchStore
from cognito_bench.store.logfile import LOGGER_NAME
from cognito_bench.ui.app import open_store
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.mainwindow import MainWindow
from tests.ui.helpers import (
    TIMEOUT_MS,
    run,
    run_until,
    secrets_on_screen,
    type_into,
    use_outbox_code,
)


@pytest.fixture
def scan_store(bench_home: Path) -> Iterator[BenchStore]:
    """The store as the app opens it (log file included); the logger restored after."""
    logger = logging.getLogger(LOGGER_NAME)
    handlers, level = list(logger.handlers), logger.level
    store = open_store()
    yield store
    store.close()
    for handler in logger.handlers:
        if handler not in handlers:
            handler.close()
    logger.handlers[:] = handlers
    logger.setLevel(level)


def _token_secrets(token: str) -> list[str]:
    parts = token.split(".")
    return [token, *(p for p in parts[2:3] if len(p) >= 16)] if token else []


def _hosted_ui_sign_in(
    qtbot: QtBot,
    window: MainWindow,
    local: LocalTarget,
    username: str,
    password: str,
    monkeypatch: pytest.MonkeyPatch,
) -> set[str]:
    """A hosted UI sign-in with a client that has a secret; the secrets it handled."""
    import threading
    import urllib.parse

    import cognito_bench.aws.oauth as oauth
    from tests import oauth_browser

    client_id, client_secret, redirect = oauth_browser.oauth_client(
        local, ["openid", "email"], GenerateSecret=True
    )
    made: list[oauth.Pkce] = []
    new_pkce = oauth.new_pkce
    monkeypatch.setattr(oauth, "new_pkce", lambda: made.append(new_pkce()) or made[-1])
    locations: list[str] = []

    def browse(url: str) -> bool:
        threading.Thread(
            target=lambda: locations.append(oauth_browser.sign_in(url, username, password)),
            daemon=True,
        ).start()
        return True

    window.client_id.setText(client_id)
    window.client_secret.setText(client_secret)
    type_into(window, "hostedRedirectUri", redirect)
    type_into(window, "hostedScopes", "openid email")
    window.hosted.open_url = browse
    record = run(qtbot, window, "hostedSignInButton")
    assert record.operation == "OAuth2Token(authorization_code)" and record.ok, record.one_line()
    qtbot.waitUntil(lambda: bool(locations), timeout=TIMEOUT_MS)  # the browser's thread
    code = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(locations[0]).query))["code"]
    assert run(qtbot, window, "hostedUserInfoButton").ok
    return {client_secret, made[0].verifier, code}


def _passkey_and_device(qtbot: QtBot, window: MainWindow, store: BenchStore) -> set[str]:
    """Register a passkey and sign in with it, then remember the device at a sign-in; the
    passkey's private key (and its base64 lines) and the device's SRP password."""
    assert run(qtbot, window, "registerPasskeyButton").ok
    assert run(qtbot, window, "signInPasskeyButton").ok
    found: set[str] = set()
    keys = window.passkeys.authenticator(window.profile_name, store.secrets).keys
    for credential_id in keys.ids():
        key = PasskeyKey.from_json(keys.get(credential_id) or "")
        assert key is not None
        found.add(key.private_key)
        found.update(line for line in key.private_key.splitlines() if len(line) >= 32)
    assert found, "no passkey key was kept"
    remember = window.findChild(QCheckBox, "signInRememberDevice")
    assert isinstance(remember, QCheckBox)
    remember.setChecked(True)
    records = run_until(qtbot, window, "signInSrpButton", 2)
    assert all(r.ok for r in records), [r.one_line() for r in records]
    remember.setChecked(False)
    device = window.session.device
    assert device is not None
    found.add(device.password)
    return found


def _client_secret_rotated(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> str:
    """Admin: add a second secret to the target's client, then delete it; its value."""
    monkeypatch.setattr("cognito_bench.ui.admin.ask_destructive", lambda *_a: True)
    window.show_pane(window.admin)
    added = run(qtbot, window, "adminAddClientSecretButton")
    assert added.ok, added.one_line()
    descriptor = added.response["ClientSecretDescriptor"]
    assert run(qtbot, window, "adminListClientSecretsButton").ok
    window.admin.factors.inputs["client_secret_id"].setEditText(descriptor["ClientSecretId"])
    assert run(qtbot, window, "adminDeleteClientSecretButton").ok
    return str(descriptor["ClientSecretValue"])


def test_no_secret_of_a_window_session_reaches_any_file(
    qtbot: QtBot,
    runner: Runner,
    local: LocalTarget,
    bench_home: Path,
    scan_store: BenchStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = scan_store
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    window.attach_store(store)
    window.use_local_target(local)
    # As a team would demo it: screen-share mode on (remembered in the profiles file, which
    # must still hold no secret), and a second user signed in in a second session tab.
    window.set_screen_share(True)
    secrets: set[str] = {local.client_secret, local.demo_user["password"]}
    username = f"scan-{uuid.uuid4().hex[:8]}"
    password = f"Scan-{uuid.uuid4().hex[:12]}!A1"
    wrong = password + "-wrong"
    temporary = f"Temp-{uuid.uuid4().hex[:10]}!B2"
    secrets |= {password, wrong, temporary}

    type_into(window, "userUsername", username)
    type_into(window, "userPassword", password)
    type_into(window, "userEmail", f"{username}@example.com")
    assert run(qtbot, window, "signUpButton").ok
    use_outbox_code(qtbot, window, username, "sign")
    assert run(qtbot, window, "confirmSignUpButton").ok
    assert run(qtbot, window, "signInSrpButton").ok
    assert run(qtbot, window, "refreshButton").ok
    records = run_until(qtbot, window, "getCredentialsButton", 2)
    assert all(r.ok for r in records), [r.one_line() for r in records]
    creds = window.session.credentials
    secrets |= {creds.secret_key, creds.session_token}
    shown_never = _passkey_and_device(qtbot, window, store)
    secrets |= shown_never

    # The client with a secret: SECRET_HASH on every call, the secret in the field.
    kind = window.client_kind
    kind.setCurrentIndex(kind.findData("secret"))
    assert window.client_secret.text() == local.client_secret
    secrets.add(secret_hash(username, local.client_id_with_secret, local.client_secret))
    assert run(qtbot, window, "signInPasswordButton").ok
    type_into(window, "userPassword", wrong)
    assert run(qtbot, window, "signInPasswordButton").error_code == "NotAuthorizedException"
    new_secret = _client_secret_rotated(qtbot, window, monkeypatch)
    secrets.add(new_secret)
    shown_never.add(new_secret)

    window.new_session()
    type_into(window, "userUsername_2", local.demo_user["username"])
    type_into(window, "userPassword_2", local.demo_user["password"])
    assert run(qtbot, window, "signInSrpButton").ok
    assert run(qtbot, window, "refreshButton").ok
    secrets.update(_token_secrets(window.session.tokens.refresh_token))
    window.sessions.setCurrentIndex(0)

    window.show_pane(window.admin)
    assert run(qtbot, window, "adminListUsersButton").ok
    type_into(window, "adminUsername", f"{username}-admin")
    type_into(window, "adminPassword", temporary)
    assert run(qtbot, window, "adminCreateUserButton").ok

    # The list that follows the create lands late: wait, or it takes the next click's row.
    qtbot.waitUntil(lambda: not window.admin.buttons["adminListUsers"].running)
    secrets |= _hosted_ui_sign_in(qtbot, window, local, username, password, monkeypatch)

    for record in window.records:
        result = record.response.get("AuthenticationResult") or record.response
        for key in ("AccessToken", "IdToken", "RefreshToken"):
            secrets.update(_token_secrets(str(result.get(key) or "")))
        for key in ("access_token", "id_token", "refresh_token"):
            secrets.update(_token_secrets(str(record.response.get(key) or "")))
    assert sum(1 for s in secrets if s.count(".") >= 2) >= 5  # tokens were collected

    with qtbot.waitSignal(window.profiles_changed, timeout=TIMEOUT_MS):
        window.save_profile_as("scan-profile")
    assert store.profiles.get("scan-profile") is not None
    qtbot.waitUntil(lambda: not window.history.busy, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: store.history.count() == len(window.records), timeout=TIMEOUT_MS)
    exports = bench_home / "exports"
    exports.mkdir()
    window.history.table.selectAll()
    for kind_name in ("json", "har"):
        with qtbot.waitSignal(window.history.exported, timeout=TIMEOUT_MS):
            window.history.export_selected(kind_name, str(exports / f"calls.{kind_name}"))
    with qtbot.waitSignal(window.profiles_changed, timeout=TIMEOUT_MS):
        window.export_profiles(str(exports / "profiles.json"))
    # In screen-share mode none of them is on screen either (Response, fields, labels).
    assert not secrets_on_screen(window, shown_never)
    logging.getLogger(f"{LOGGER_NAME}.scan").error(
        "scan check: client_secret=%s password: %s", local.client_secret, password
    )
    window.close()
    qtbot.waitUntil(lambda: runner.in_flight == 0, timeout=TIMEOUT_MS)
    store.close()
    for handler in logging.getLogger(LOGGER_NAME).handlers:
        handler.flush()

    written = [p for p in bench_home.rglob("*") if p.is_file()]
    names = {p.name for p in written}
    assert {"profiles.json", "history.sqlite3", "cognito-bench.log"} <= names, names
    assert {"calls.json", "calls.har"} <= names
    assert (exports / "calls.har").stat().st_size > 1000
    leaks = [
        (str(p.relative_to(bench_home)), s[:12] + "…")
        for p in written
        for s in secrets
        if s and s.encode() in p.read_bytes()
    ]
    assert not leaks, leaks
