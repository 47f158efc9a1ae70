"""The panes: lazy JSON tree, big responses, history selection, tamper lab, outbox, admin."""

from __future__ import annotations

import json

from PySide6.QtCore import QModelIndex
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cognito_bench.aws.record import CallRecord
from cognito_bench.emulator import LocalTarget
from cognito_bench.ui.admin import PAGE_SIZE
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.jsonmodel import BATCH, JsonTreeModel
from cognito_bench.ui.mainwindow import MainWindow
from cognito_bench.ui.outbox import OutboxPane, http_outbox
from cognito_bench.ui.response import TEXT_LIMIT, ResponsePane
from cognito_bench.ui.widgets import ERROR_STYLE
from tests.ui.helpers import TIMEOUT_MS, click, find, run, type_into


def test_json_model_passes_qt_model_checks(qtbot: QtBot) -> None:
    model = JsonTreeModel()
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_data({"a": 1, "b": [1, 2, {"c": None}], "d": {"e": "x" * 500}, "f": {}})
    assert model.rowCount() == 4
    b = model.index(1, 0)
    assert model.data(b) == "b" and model.data(model.index(1, 1)) == "[…] 3 items"
    assert model.hasChildren(b) and model.rowCount(b) == 0  # made on demand
    model.fetchMore(b)
    assert model.rowCount(b) == 3
    assert model.data(model.index(2, 2, b)) == "object"
    assert model.parent(model.index(2, 0, b)) == b
    assert not model.hasChildren(model.index(3, 0))  # {} has nothing to expand
    d = model.index(2, 0)
    model.fetchMore(d)
    assert model.data(model.index(0, 1, d)).endswith('… (500 chars)"')


def test_json_model_makes_children_in_batches(qtbot: QtBot) -> None:
    model = JsonTreeModel()
    big = list(range(BATCH * 3 + 7))
    model.set_data(big)
    assert model.rowCount() == BATCH
    assert model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == len(big)
    assert model.data(model.index(len(big) - 1, 1)) == str(big[-1])


def test_big_response_is_truncated_then_shown_in_full(qtbot: QtBot, runner: Runner) -> None:
    pane = ResponsePane(runner)
    qtbot.addWidget(pane)
    items = [{"Key": f"object-{i:06d}", "Size": i, "ETag": "x" * 32} for i in range(20_000)]
    record = CallRecord("ListObjectsV2", response={"Contents": items}, label="List objects")
    pane.show_record(record)
    qtbot.waitUntil(lambda: pane.shown_record is record, timeout=TIMEOUT_MS)
    assert len(pane.full_text) > TEXT_LIMIT
    assert pane.truncated and not pane.show_all.isHidden()
    assert json.loads(pane.full_text)["response"]["Contents"][-1]["Key"] == "object-019999"
    pane.show_all.click()
    qtbot.waitUntil(lambda: not pane.truncated, timeout=TIMEOUT_MS)
    assert pane.text.toPlainText() == pane.full_text
    # The tree has the response expanded, its Contents list not yet made.
    keys = [pane.model.data(pane.model.index(r, 0)) for r in range(pane.model.rowCount())]
    response = pane.model.index(keys.index("response"), 0)
    assert pane.tree.isExpanded(response)
    if pane.model.canFetchMore(response):  # a hidden view has not asked for rows yet
        pane.model.fetchMore(response)
    contents = pane.model.index(0, 0, response)
    assert pane.model.data(contents) == "Contents"
    assert pane.model.rowCount(contents) == 0 and pane.model.canFetchMore(contents)


def test_selecting_a_history_row_shows_that_call(qtbot: QtBot, window: MainWindow) -> None:
    first = run(qtbot, window, "signInPasswordButton")
    second = run(qtbot, window, "getUserButton")
    assert first.ok and second.ok
    qtbot.waitUntil(lambda: window.response.shown_record is second)
    window.show_pane(window.history)
    qtbot.waitUntil(lambda: window.history.model.rowCount() == 2)
    window.history.table.selectRow(1)  # newest first: the sign-in is the second row
    qtbot.waitUntil(lambda: window.response.shown_record is first)
    assert "AuthenticationResult" in window.response.full_text
    assert window.history.count.text() == "2 calls"


def test_tamper_lab_shows_the_signature_check_fail(qtbot: QtBot, window: MainWindow) -> None:
    inspected: set[str] = set()
    window.tokens.inspected.connect(inspected.add)
    assert run(qtbot, window, "signInSrpButton").ok
    qtbot.waitUntil(lambda: {"id", "access"} <= inspected, timeout=TIMEOUT_MS)
    window.show_pane(window.tokens)
    window.tokens.tabs.setCurrentWidget(window.tokens.lab)
    claim = find(window, QComboBox, "tamperClaim")
    assert isinstance(claim, QComboBox)
    assert claim.findText("cognito:username") >= 0
    claim.setCurrentText("cognito:username")
    type_into(window, "tamperValue", '"admin"')
    click(qtbot, window, "tamperButton")
    qtbot.waitUntil(lambda: "tamper" in inspected, timeout=TIMEOUT_MS)
    lab = window.tokens.lab
    assert "signature check now fails" in lab.result.text()
    table = lab.checks
    checks = {table.item(r, 1).text(): table.item(r, 0).text() for r in range(table.rowCount())}
    assert checks["signature"] == "✗"
    assert lab.tampered.text() != window.tokens.views["id"].raw.text()


def test_outbox_without_an_outbox_says_so(qtbot: QtBot, runner: Runner, local: LocalTarget) -> None:
    pane = OutboxPane(runner)
    qtbot.addWidget(pane)
    pane.set_source(http_outbox(f"{local.endpoint_url}/_bench/no-such-thing"))
    qtbot.waitUntil(lambda: pane.status.text().startswith("No outbox"), timeout=TIMEOUT_MS)
    assert "404" in pane.status.text()
    assert pane.messages == []


def test_admin_lists_users_in_pages_and_manages_one(
    qtbot: QtBot, window: MainWindow, username: str
) -> None:
    window.show_pane(window.admin)
    listed = run(qtbot, window, "adminListUsersButton")
    assert listed.ok, listed.one_line()
    total = len(window.admin.rows)
    assert total >= 1 and window.admin.table.rowCount() == min(total, PAGE_SIZE)
    type_into(window, "adminUsername", username)
    type_into(window, "adminPassword", "Admin-Passw0rd!")
    created = run(qtbot, window, "adminCreateUserButton")
    assert created.ok
    qtbot.waitUntil(lambda: any(r[0] == username for r in window.admin.rows))
    assert dict((r[0], r[1]) for r in window.admin.rows)[username] == "FORCE_CHANGE_PASSWORD"
    # The list that follows keeps the action's line.
    qtbot.waitUntil(lambda: not window.admin.buttons["adminListUsers"].running)
    assert window.admin.outcome.text() == created.one_line()
    again = run(qtbot, window, "adminCreateUserButton")  # the same user twice
    assert again.error_code == "UsernameExistsException"
    # The Admin pane stays in front and keeps the error's line; Response holds the raw call.
    front = window.tabs.currentWidget()
    assert front is not None and (front is window.admin or front.isAncestorOf(window.admin))
    assert window.admin.outcome.text() == again.one_line()
    assert "UsernameExistsException" in window.admin.outcome.text()
    assert window.admin.outcome.styleSheet() == ERROR_STYLE
    qtbot.waitUntil(lambda: window.response.shown_record is again, timeout=TIMEOUT_MS)
    window.admin.permanent.setChecked(True)
    assert run(qtbot, window, "adminSetPasswordButton").ok
    qtbot.waitUntil(
        lambda: dict((r[0], r[1]) for r in window.admin.rows).get(username) == "CONFIRMED"
    )
    pages = -(-len(window.admin.rows) // PAGE_SIZE)
    assert window.admin.page_label.text().endswith(f"of {pages}")
    before = len(window.records)
    window.admin.delete_user(confirm=False)  # the button asks first
    qtbot.waitUntil(lambda: len(window.records) > before, timeout=TIMEOUT_MS)
    assert window.records[before].operation == "AdminDeleteUser" and window.records[before].ok
    qtbot.waitUntil(lambda: all(r[0] != username for r in window.admin.rows))


def test_pasted_token_is_decoded_and_verified(qtbot: QtBot, window: MainWindow) -> None:
    inspected: set[str] = set()
    window.tokens.inspected.connect(inspected.add)
    assert run(qtbot, window, "signInSrpButton").ok
    access = window.session.tokens.access_token
    window.show_pane(window.tokens)
    window.tokens.tabs.setCurrentWidget(window.tokens.paste)
    paste = window.tokens.paste
    paste.input.setPlainText(f"  Bearer {access}\n")
    paste.token_use.setCurrentIndex(paste.token_use.findData("access"))
    click(qtbot, window, "tokensPasteVerify")
    qtbot.waitUntil(lambda: "pasted" in inspected, timeout=TIMEOUT_MS)
    view = paste.view
    assert view.valid is True, [c for c in view.inspection.report.checks if not c.ok]
    assert view.inspection.decoded.payload["token_use"] == "access"

    inspected.clear()
    qtbot.waitUntil(paste.verify.isEnabled)  # enabled again once the first check is done
    paste.input.setPlainText("not-a-token")
    click(qtbot, window, "tokensPasteVerify")
    qtbot.waitUntil(lambda: "pasted" in inspected, timeout=TIMEOUT_MS)
    assert view.inspection.decoded.error
    assert view.valid is None  # nothing to verify
    assert view.inspection.decoded.error in view.summary.text()


def test_typing_a_client_id_marks_it_as_another_client(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtTest import QTest

    kind = find(window, QComboBox, "targetClientKind")
    assert isinstance(kind, QComboBox) and kind.currentData() == "public"
    window.client_id.clear()
    QTest.keyClicks(window.client_id, "my-own-client")
    assert kind.currentData() == "other"
    assert window.client_id.text() == "my-own-client"  # not overwritten by the combo


def test_copy_buttons_put_json_on_the_clipboard(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtGui import QGuiApplication

    record = run(qtbot, window, "signInPasswordButton")
    qtbot.waitUntil(lambda: window.response.shown_record is record)
    window.show_pane(window.response)
    click(qtbot, window, "responseCopyResponse")
    copied = json.loads(QGuiApplication.clipboard().text())
    assert copied["AuthenticationResult"]["AccessToken"] == window.session.tokens.access_token
    click(qtbot, window, "responseCopyJson")
    assert json.loads(QGuiApplication.clipboard().text())["operation"] == "InitiateAuth"
    click(qtbot, window, "responseCopyCli")
    command = QGuiApplication.clipboard().text()
    assert "aws cognito-idp initiate-auth" in command
    assert f"--endpoint-url {window.endpoint.text()}" in command
    assert window.password.text() not in command and '"PASSWORD": "<PASSWORD>"' in command


def test_token_countdown_follows_the_clock(qtbot: QtBot, window: MainWindow) -> None:
    inspected: set[str] = set()
    window.tokens.inspected.connect(inspected.add)
    assert run(qtbot, window, "signInPasswordButton").ok
    qtbot.waitUntil(lambda: "access" in inspected, timeout=TIMEOUT_MS)
    view = window.tokens.views["access"]
    exp = next(c.epoch for c in view.inspection.decoded.times if c.name == "exp")
    view.tick(now=exp - 90)
    assert "(in 1 min" in view.summary.text() or "(in 90 s" in view.summary.text()
    view.tick(now=exp + 120)
    assert "expired" in view.summary.text() and "ago" in view.summary.text()


def test_refresh_token_shows_what_can_be_read_of_it(qtbot: QtBot, window: MainWindow) -> None:
    inspected: set[str] = set()
    window.tokens.inspected.connect(inspected.add)
    assert run(qtbot, window, "signInSrpButton").ok
    qtbot.waitUntil(lambda: "refresh" in inspected, timeout=TIMEOUT_MS)
    view = window.tokens.views["refresh"]
    shown = json.loads(view.json.toPlainText())
    assert shown["kind"] == view.inspection.decoded.kind
    if view.inspection.decoded.kind == "jwe":
        assert shown["header"]["enc"]
    assert view.valid is None  # only Cognito can check a refresh token
    assert view.raw.text() == window.session.tokens.refresh_token


def test_a_long_call_title_does_not_widen_the_response_pane(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The title takes the room the buttons leave (its tooltip has all of it): a long one
    must not push the splitter and put a scroll bar under the flow buttons."""
    before = window.response.minimumSizeHint().width()
    record = CallRecord(operation="OAuth2Token(client_credentials)", label="x" * 300)
    window.response.show_record(record)
    assert window.response.minimumSizeHint().width() <= before
    assert window.response.title.toolTip().startswith("x" * 300)
