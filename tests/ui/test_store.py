"""The window on the store: profiles, remembered secrets, the stored history, start-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from cognito_bench.emulator import LocalTarget
from cognito_bench.store import LOCAL_PROFILE_NAME, AppClient, BenchStore, Profile
from cognito_bench.store.history import STATUS_OK
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.history import PAGE
from cognito_bench.ui.mainwindow import CLIENT_KINDS, MainWindow
from cognito_bench.ui.profiles import LOCAL_PROFILE
from tests.store.calls import sign_in_call
from tests.store.conftest import MemoryKeyring
from tests.ui.helpers import TIMEOUT_MS, run, type_into


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.core.init_backend()


def _stored(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until every call of the session is in the store and the table."""
    qtbot.waitUntil(lambda: not window.history.busy, timeout=TIMEOUT_MS)
    qtbot.waitUntil(
        lambda: window.store is not None and window.store.history.count() == len(window.records),
        timeout=TIMEOUT_MS,
    )


def _save(qtbot: QtBot, window: MainWindow, name: str) -> None:
    with qtbot.waitSignal(window.profiles_changed, timeout=TIMEOUT_MS):
        window.save_profile_as(name)


def _save_secret_client_and_reopen(qtbot: QtBot, window: MainWindow, name: str) -> None:
    """Save the local target (client with a secret in use) as ``name``, then open it afresh."""
    window.client_kind.setCurrentIndex(window.client_kind.findData("secret"))
    _save(qtbot, window, name)
    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.choose_profile(LOCAL_PROFILE)
    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.choose_profile(name)


def test_local_entry_is_named_as_in_the_store() -> None:
    assert LOCAL_PROFILE == LOCAL_PROFILE_NAME


def test_save_switch_rename_delete_a_profile(
    qtbot: QtBot, window: MainWindow, store: BenchStore, local: LocalTarget
) -> None:
    combo = window.profiles.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [LOCAL_PROFILE]
    assert not window.profiles.rename.isEnabled() and not window.profiles.delete.isEnabled()
    kind = window.client_kind
    kind.setCurrentIndex(kind.findData("secret"))  # the client with a secret is in use
    _save(qtbot, window, "staging")
    saved = store.profiles.get("staging")
    assert saved is not None and saved.user_pool_id == local.user_pool_id
    assert saved.default_client is not None
    assert saved.default_client.client_id == local.client_id_with_secret
    assert saved.default_client.has_secret
    assert {c.client_id for c in saved.clients} == {
        local.client_id,
        local.client_id_with_secret,
        local.machine_client_id,
        local.client_id_rotating,
        local.client_token_client_id,
    }
    assert [combo.itemText(i) for i in range(combo.count())] == [LOCAL_PROFILE, "staging"]
    assert window.profile_name == "staging" and combo.currentText() == "staging"
    # No keyring on this box: the secret is not kept, and the window says why.
    assert "not kept" in window.statusBar().currentMessage()
    text = store.paths.profiles_file.read_text(encoding="utf-8")
    assert local.client_secret not in text

    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.choose_profile(LOCAL_PROFILE)
    assert window.client_id.text() == local.client_id
    window.region.setText("eu-west-9")
    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS) as chosen:
        window.choose_profile("staging")
    assert chosen.args == ["staging"]
    assert window.region.text() == local.region  # the profile's fields are back
    assert window.client_id.text() == local.client_id_with_secret
    assert window.client_secret.text() == ""  # not kept: no keyring
    assert window.status_target.text().startswith("Profile staging")
    assert window.profiles.rename.isEnabled() and window.profiles.delete.isEnabled()
    assert BenchStore().profiles.last_used == "staging"  # opened next time

    with qtbot.waitSignal(window.profiles_changed, timeout=TIMEOUT_MS):
        window.rename_profile("prod")
    assert window.profile_name == "prod" and combo.currentText() == "prod"
    assert store.profiles.get("staging") is None and store.profiles.get("prod") is not None

    with qtbot.waitSignal(window.profiles_changed, timeout=TIMEOUT_MS):
        window.rename_profile(LOCAL_PROFILE)  # taken: one plain line, nothing changes
    assert "already exists" in window.statusBar().currentMessage()
    assert window.profile_name == "prod"

    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.delete_profile(confirm=False)
    assert store.profiles.get("prod") is None
    assert window.profile_name == LOCAL_PROFILE and combo.currentText() == LOCAL_PROFILE
    assert window.client_id.text() == local.client_id


def test_resaving_a_profile_without_a_keyring_keeps_its_client_secret_flag(
    qtbot: QtBot, window: MainWindow, store: BenchStore, local: LocalTarget
) -> None:
    _save_secret_client_and_reopen(qtbot, window, "staging")
    # No keyring: the secret did not come back, and the empty field says so.
    assert window.client_id.text() == local.client_id_with_secret
    assert window.client_secret.text() == ""
    assert "has a secret" in window.client_secret.placeholderText()
    window.bucket.setText("another-bucket")
    _save(qtbot, window, "staging")  # re-saved with the secret field empty
    saved = store.profiles.get("staging")
    assert saved is not None and saved.bucket == "another-bucket"
    flags = {c.client_id: c.has_secret for c in saved.clients}
    assert flags == {
        local.client_id_with_secret: True,
        local.client_id: False,
        local.machine_client_id: True,
        local.client_id_rotating: False,
        local.client_token_client_id: True,
    }
    # The public client's field keeps the plain placeholder.
    window.client_kind.setCurrentIndex(window.client_kind.findText(CLIENT_KINDS[0][0]))
    assert window.client_id.text() == local.client_id
    assert "has a secret" not in window.client_secret.placeholderText()


def test_clearing_a_kept_client_secret_forgets_it(
    qtbot: QtBot,
    window: MainWindow,
    store: BenchStore,
    local: LocalTarget,
    memory_keyring: MemoryKeyring,
) -> None:
    _save_secret_client_and_reopen(qtbot, window, "dev")
    assert window.client_secret.text() == local.client_secret  # from the keyring
    window.client_secret.clear()
    _save(qtbot, window, "dev")
    saved = store.profiles.get("dev")
    assert saved is not None and saved.default_client is not None
    assert not saved.default_client.has_secret
    assert store.client_secret("dev", local.client_id_with_secret) == ""


def test_switching_profiles_quickly_remembers_the_last_one(
    qtbot: QtBot, window: MainWindow, store: BenchStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(qtbot, window, "staging")
    choose = store.choose

    def slow_choose(name: str) -> Profile | None:
        if name == LOCAL_PROFILE:  # this write lands after the next switch's
            time.sleep(0.3)
        return choose(name)

    monkeypatch.setattr(store, "choose", slow_choose)
    window.choose_profile(LOCAL_PROFILE)
    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.choose_profile("staging")
    qtbot.waitUntil(lambda: window.runner.in_flight == 0, timeout=TIMEOUT_MS)
    assert BenchStore().profiles.last_used == "staging"


def test_delete_profile_asks_first(
    qtbot: QtBot, window: MainWindow, store: BenchStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    _save(qtbot, window, "dev")
    asked: list[str] = []

    def decline(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", decline)
    window.profiles.delete.click()
    assert asked and "dev" in asked[0]
    assert store.profiles.get("dev") is not None


def test_export_then_import_profiles_without_secrets(
    qtbot: QtBot,
    window: MainWindow,
    store: BenchStore,
    local: LocalTarget,
    tmp_path: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    kind = window.client_kind
    kind.setCurrentIndex(kind.findData("secret"))
    _save(qtbot, window, "dev")
    assert memory_keyring.items  # the secret went to the keyring, not the file
    exported = tmp_path / "profiles.json"
    with qtbot.waitSignal(window.profiles_changed, timeout=TIMEOUT_MS):
        window.export_profiles(str(exported))
    text = exported.read_text(encoding="utf-8")
    assert local.client_secret not in text
    assert [p["name"] for p in json.loads(text)["profiles"]] == ["dev"]
    assert "Exported 1 profile" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.profiles_changed, timeout=TIMEOUT_MS):
        window.import_profiles(str(exported))
    combo = window.profiles.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [LOCAL_PROFILE, "dev", "dev (2)"]
    assert "Imported 1 profile" in window.statusBar().currentMessage()
    # The secret comes back from the keyring when the profile is chosen.
    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.choose_profile(LOCAL_PROFILE)
    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.choose_profile("dev")
    assert window.client_secret.text() == local.client_secret


def test_remember_password_without_a_keyring_is_disabled_and_says_why(
    qtbot: QtBot, window: MainWindow, store: BenchStore
) -> None:
    qtbot.waitUntil(lambda: window.remember.toolTip() == store.secrets.status_message)
    assert not store.secrets.available
    assert not window.remember.isEnabled()
    assert "no keyring" in window.remember.text()
    assert "keyring" in window.remember.toolTip()


def test_remember_password_keeps_it_in_the_keyring_after_sign_in(
    qtbot: QtBot,
    runner: Runner,
    local: LocalTarget,
    bench_home: Path,
    memory_keyring: MemoryKeyring,
) -> None:
    store = BenchStore()
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.store_ready, timeout=TIMEOUT_MS):
        window.attach_store(store)
    window.use_local_target(local)
    assert not window.remember.isEnabled()  # the local users are made afresh each run
    _save(qtbot, window, "demo")
    assert window.remember.isEnabled()
    window.remember.setChecked(True)
    user, password = local.demo_user["username"], local.demo_user["password"]
    assert run(qtbot, window, "signInPasswordButton").ok
    qtbot.waitUntil(lambda: store.password("demo", user) == password, timeout=TIMEOUT_MS)
    window.password.clear()
    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.choose_profile("demo")
    assert window.password.text() == password and window.remember.isChecked()
    window.remember.setChecked(False)  # unticking forgets
    qtbot.waitUntil(lambda: store.password("demo", user) == "", timeout=TIMEOUT_MS)
    window.close()
    store.close()


# A tooltip is a window of its own: the offscreen platform cannot raise it.
@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_every_call_is_stored_and_filtered(
    qtbot: QtBot, window: MainWindow, store: BenchStore
) -> None:
    assert run(qtbot, window, "signInPasswordButton").ok
    assert run(qtbot, window, "getUserButton").ok
    type_into(window, "userPassword", "Not-The-Passw0rd!")
    # The demo user is shared by the session: lockout needs five wrong ones, this is one.
    wrong = run(qtbot, window, "signInPasswordButton")
    assert wrong.error_code == "NotAuthorizedException"
    _stored(qtbot, window)
    history = window.history
    assert history.model.rowCount() == 3 and history.count.text() == "3 calls"
    assert [r.operation for r in history.model.rows] == ["InitiateAuth", "GetUser", "InitiateAuth"]
    assert history.model.rows[0].profile == LOCAL_PROFILE
    # Resting the pointer on any cell of a row shows its summary.
    window.show_pane(history)
    for column in (0, 5):
        cell = history.table.visualRect(history.model.index(0, column)).center()
        viewport = history.table.viewport()
        QApplication.sendEvent(
            viewport, QHelpEvent(QEvent.Type.ToolTip, cell, viewport.mapToGlobal(cell))
        )
        assert QToolTip.text() == (
            f"Sign in (password) (InitiateAuth) · NotAuthorizedException · HTTP 400 · "
            f"{LOCAL_PROFILE} · demo"
        ), QToolTip.text()

    ops = [history.operation.itemData(i) for i in range(history.operation.count())]
    assert ops == ["", "GetUser", "InitiateAuth"]
    history.operation.setCurrentIndex(history.operation.findData("GetUser"))
    with qtbot.waitSignal(history.loaded, timeout=TIMEOUT_MS):
        history.reload()
    assert [r.operation for r in history.model.rows] == ["GetUser"]
    assert history.count.text() == "1 matching call"
    history.operation.setCurrentIndex(0)
    history.status.setCurrentIndex(history.status.findData("NotAuthorizedException"))
    with qtbot.waitSignal(history.loaded, timeout=TIMEOUT_MS):
        history.reload()
    assert [r.status for r in history.model.rows] == ["NotAuthorizedException"]
    history.status.setCurrentIndex(history.status.findData(STATUS_OK))
    with qtbot.waitSignal(history.loaded, timeout=TIMEOUT_MS):
        history.text.setText("getuser")  # the text filter waits for the typing to stop
    assert [r.operation for r in history.model.rows] == ["GetUser"]


def test_history_pages_older_calls_and_shows_them_masked(
    qtbot: QtBot, window: MainWindow, store: BenchStore
) -> None:
    older = [("old", sign_in_call(f"user{i}", started_at=1_700_000_000 + i)) for i in range(450)]
    store.history.record_many(older)
    with qtbot.waitSignal(window.history.loaded, timeout=TIMEOUT_MS):
        window.history.reload()
    model = window.history.model
    assert model.rowCount() == PAGE and model.total == 450
    assert model.canFetchMore()
    with qtbot.waitSignal(window.history.loaded, timeout=TIMEOUT_MS):
        model.fetchMore()
    assert model.rowCount() == 2 * PAGE
    window.show_pane(window.history)
    with qtbot.waitSignal(window.history.loaded, timeout=TIMEOUT_MS):
        window.history.table.scrollToBottom()  # the view asks for the rest
    qtbot.waitUntil(lambda: model.rowCount() == 450)
    assert not model.canFetchMore()
    assert len({r.id for r in model.rows}) == 450

    window.history.table.selectRow(0)  # newest stored call, not of this session
    qtbot.waitUntil(
        lambda: (
            window.response.shown_record is not None
            and "stored" in window.response.shown_record.label
        )
    )
    shown = window.response.full_text
    assert "user449" in shown
    assert "Alice-Passw0rd!" not in shown and "AccessToken" in shown
    stored = json.loads(shown)
    token = stored["response"]["AuthenticationResult"]["AccessToken"]
    assert not token.startswith("eyJ")  # masked


def test_export_selected_and_clear(
    qtbot: QtBot,
    window: MainWindow,
    store: BenchStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run(qtbot, window, "signInPasswordButton").ok
    assert run(qtbot, window, "getUserButton").ok
    _stored(qtbot, window)
    token = window.session.tokens.access_token
    history = window.history
    history.table.selectRow(1)  # the sign-in only
    target = tmp_path / "calls.json"
    with qtbot.waitSignal(history.exported, timeout=TIMEOUT_MS):
        history.export_selected("json", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [c["call"]["operation"] for c in document["calls"]] == ["InitiateAuth"]
    assert token not in target.read_text(encoding="utf-8")
    history.table.selectAll()
    har = tmp_path / "calls.har"
    with qtbot.waitSignal(history.exported, timeout=TIMEOUT_MS):
        history.export_selected("har", str(har))
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert len(entries) == 2 and entries[0]["request"]["url"] == window.endpoint.text()
    assert window.statusBar().currentMessage() == f"Exported to {har}"

    monkeypatch.setattr(
        QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Cancel
    )
    history.clear.click()  # declined: nothing happens
    assert store.history.count() == 2
    with qtbot.waitSignal(history.cleared, timeout=TIMEOUT_MS):
        history.clear_history(confirm=False)
    qtbot.waitUntil(lambda: history.model.rowCount() == 0)
    assert store.history.count() == 0 and history.count.text() == "0 calls"


def test_a_call_that_just_finished_is_stored_when_the_window_closes(
    window: MainWindow, store: BenchStore
) -> None:
    from cognito_bench.aws.record import CallRecord

    window.add_record(CallRecord("GetUser", error_code="InvalidInput", error_message="x"))
    window.close()  # before the write had a turn of the loop
    assert store.history.count() == 1


def test_keep_tokens_is_said_and_kept(qtbot: QtBot, window: MainWindow, store: BenchStore) -> None:
    _save(qtbot, window, "dev-tokens")
    assert window.history.tokens_note.isHidden()
    with qtbot.waitSignal(window.profiles_changed, timeout=TIMEOUT_MS):
        window.profiles.keep_tokens.setChecked(True)
    assert store.keeps_tokens("dev-tokens")
    assert not window.history.tokens_note.isHidden()
    assert "dev-tokens" in window.history.tokens_note.text()
    assert run(qtbot, window, "signInPasswordButton").ok
    _stored(qtbot, window)
    row = window.history.model.rows[0]
    assert row.tokens_kept and row.profile == "dev-tokens"
    entry = store.history.get(row.id)
    assert entry is not None
    kept = entry.record["response"]["AuthenticationResult"]["AccessToken"]
    assert kept == window.session.tokens.access_token


def test_store_warnings_show_once_in_a_dismissible_note(
    qtbot: QtBot, runner: Runner, bench_home: Path
) -> None:
    profiles = bench_home / "bench" / "config" / "profiles.json"
    profiles.parent.mkdir(parents=True)
    profiles.write_bytes(b"\x00\xff not json")
    store = BenchStore()
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.show()
    window.attach_store(store)
    assert window.note.isVisible()
    assert "not text" in window.note.label.text() and "kept as" in window.note.label.text()
    assert window.statusBar().currentMessage() == store.warnings[0]
    window.note.dismiss.click()
    assert not window.note.isVisible()
    window.close()
    store.close()


def test_aws_profile_combo_lists_the_aws_config_and_defaults_the_region(
    qtbot: QtBot, runner: Runner, bench_home: Path
) -> None:
    aws = bench_home / ".aws"
    aws.mkdir()
    (aws / "config").write_text(
        "[default]\nregion = us-east-1\n[profile staging-admin]\nregion = eu-west-1\n",
        encoding="utf-8",
    )
    (aws / "credentials").write_text(
        "[staging-admin]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = s3cr3t\n",
        encoding="utf-8",
    )
    store = BenchStore()
    window = MainWindow(runner)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.store_ready, timeout=TIMEOUT_MS):
        window.attach_store(store)
    combo = window.aws_profile
    assert window.admin.isAncestorOf(combo)
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == [
        "Default credential chain (default)",
        "default (us-east-1)",
        "staging-admin (eu-west-1)",
    ]
    window.region.clear()
    combo.setCurrentIndex(combo.findData("staging-admin"))
    combo.activated.emit(combo.currentIndex())
    assert window.region.text() == "eu-west-1"
    assert window.target().aws_profile == "staging-admin"
    window.close()
    store.close()


def test_delete_user_asks_first(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def decline(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[1]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", decline)
    window.buttons["deleteUser"].click()
    window.show_pane(window.admin)
    type_into(window, "adminUsername", "someone")
    window.admin.buttons["adminDeleteUser"].click()
    assert asked == ["Delete user", "Delete user"]
    # Declined: no call started (a started call marks its button busy at once).
    assert window.buttons["deleteUser"].running == 0
    assert window.admin.buttons["adminDeleteUser"].running == 0
    assert window.records == []


def _app(script: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=90,
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
    )


_REPORT = """
import json, sys
from cognito_bench.ui.app import run_app

async def report(window):
    import asyncio
    for _ in range(400):
        local_ok = {name!r} != "Local Cognito" or window.local_target is not None
        if window.profile_name == {name!r} and window.user_pool_id.text() and (
            window.history.loads and local_ok):
            break
        await asyncio.sleep(0.05)
    print(json.dumps({{
        "profile": window.profile_name,
        "pool": window.user_pool_id.text(),
        "emulator": window.emulator is not None,
        "rows": window.history.model.total,
        "combo": window.profiles.combo.currentText(),
    }}), flush=True)
    return 0

sys.exit(run_app(local={local}, profile={profile!r}, script=report))
"""


def test_start_opens_the_last_used_profile_without_the_emulator(
    store: BenchStore, local: LocalTarget
) -> None:
    store.save_profile(
        Profile(
            "dev",
            region=local.region,
            user_pool_id=local.user_pool_id,
            clients=(AppClient(local.client_id, "web"),),
            endpoint_url=local.endpoint_url,
        )
    )
    store.choose("dev")
    store.record_call("dev", sign_in_call())
    store.close()
    done = _app(_REPORT.format(name="dev", local=False, profile=""), dict(os.environ))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "profile": "dev",
        "pool": local.user_pool_id,
        "emulator": False,
        "rows": 1,
        "combo": "dev",
    }


def test_start_with_profile_opens_that_one(store: BenchStore, local: LocalTarget) -> None:
    store.save_profile(Profile("staging", region=local.region, user_pool_id="us-east-1_Staging01"))
    store.save_profile(Profile("dev", region=local.region, user_pool_id=local.user_pool_id))
    store.choose(LOCAL_PROFILE_NAME)  # used last: --profile wins
    store.close()
    done = _app(_REPORT.format(name="dev", local=False, profile="dev"), dict(os.environ))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert (seen["profile"], seen["pool"], seen["emulator"]) == ("dev", local.user_pool_id, False)


def test_start_with_no_saved_profile_starts_the_local_cognito(store: BenchStore) -> None:
    store.close()
    done = _app(_REPORT.format(name=LOCAL_PROFILE, local=False, profile=""), dict(os.environ))
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["profile"] == LOCAL_PROFILE and seen["emulator"] is True and seen["pool"]
    assert BenchStore().profiles.last_used == LOCAL_PROFILE


def test_a_profile_saved_in_another_window_shows_up_and_survives_a_switch(
    qtbot: QtBot, window: MainWindow, store: BenchStore
) -> None:
    # Issue 17: the other window's save was erased by this window's next profile switch.
    other = BenchStore()
    try:
        other.save_profile(Profile(name="from-elsewhere", region="eu-west-1"))
    finally:
        other.close()
    combo = window.profiles.combo
    with qtbot.waitSignal(window.profiles_reloaded, timeout=TIMEOUT_MS):
        window.refresh_profiles()
    assert [combo.itemText(i) for i in range(combo.count())] == [LOCAL_PROFILE, "from-elsewhere"]
    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.choose_profile("from-elsewhere")
    assert window.region.text() == "eu-west-1"
    with qtbot.waitSignal(window.profile_chosen, timeout=TIMEOUT_MS):
        window.choose_profile(LOCAL_PROFILE)
    qtbot.waitUntil(lambda: BenchStore().profiles.last_used == LOCAL_PROFILE, timeout=TIMEOUT_MS)
    assert [p.name for p in BenchStore().profiles.profiles] == ["from-elsewhere"]


def test_the_profile_in_use_deleted_elsewhere_is_said_once(
    qtbot: QtBot, window: MainWindow, store: BenchStore
) -> None:
    _save(qtbot, window, "shared")
    other = BenchStore()
    try:
        assert other.delete_profile("shared")
    finally:
        other.close()
    with qtbot.waitSignal(window.profiles_reloaded, timeout=TIMEOUT_MS):
        window.refresh_profiles()
    assert "deleted or renamed in another window" in window.statusBar().currentMessage()
    combo = window.profiles.combo
    assert [combo.itemText(i) for i in range(combo.count())] == [LOCAL_PROFILE]
