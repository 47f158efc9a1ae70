"""Hostile input, every button: a one-line error with a code and a cause, never a traceback.

The sweep runs in screen-share mode with a second session tab signed in beside the first
(the window fixture below): the clicks stay in their tab, and no widget shows a secret.

The product standard: bad input (empty, malformed, huge, hostile) gets a one-line error with
the Cognito error code and a plain-English cause, never a traceback, a frozen window or lost
data. Each test below puts hostile values in the fields a button reads, clicks it the way a
QA tool does (by objectName), and checks what the user sees:

- nothing escaped: no ERROR log record with a traceback (a task's unhandled exception lands
  there), no ``sys.excepthook`` call, no Python traceback text on screen;
- the button's call was refused or failed, and the status bar shows it in ONE line that starts
  with the error code (Cognito's, a network one, or the bench's own ``InvalidInput``) and
  carries a plain-English cause; the Response pane's error label names the same code;
- the click came back before its call finished (the call ran off the GUI thread) and the call
  finished in bounded time (a dead endpoint is a closed local port: refused at once, not a
  connect timeout);
- every field still holds what was typed.

Not a cross product: each user-field test puts one hostile value in every user field at once
and clicks every button that reads one; each target field gets its own hostile values, the
first (and the dead endpoint) on every button that reads it, the rest on one button per group.
"""

from __future__ import annotations

import builtins
import json
import logging
import re
import socket
import sys
import time
import unicodedata
from collections.abc import Iterator
from types import TracebackType
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot

from cognito_bench.aws.admin import AdminCalls
from cognito_bench.aws.record import CallRecord
from cognito_bench.emulator import LocalTarget
from cognito_bench.ui.mainwindow import MainWindow, flow_groups
from cognito_bench.ui.widgets import bring_forward
from tests.ui.helpers import (
    PASSWORD,
    TIMEOUT_MS,
    find,
    run,
    run_until,
    secrets_on_screen,
    type_into,
)

HUGE = "x" * 100_000

#: One value per class of hostile input; user fields get each of them.
HOSTILE: dict[str, str] = {
    "empty": "",
    "blank": "   \t  ",
    "huge": HUGE,
    "control": "a\x00b\nc\r\x1b[31md\x7fe\x08",
    "bidi-emoji": "\u202eadmin\u202c😀👩\u200d💻",
    "markup": '{"user": "<img src=x onerror=alert(1)>", "q": "\' OR 1=1; DROP TABLE users; --"}',
}

#: The user-side fields (objectName -> the field class the flows read it as).
USER_FIELDS = {
    "userUsername": "username",
    "userPassword": "password",
    "userEmail": "attribute",
    "userPhone": "attribute",
    "userCode": "code",
    "passwordNew": "password",
    "s3Key": "s3_key",
    "s3Body": "data",
    "s3Prefix": "data",
    "challengeAnswer": "code",
}

#: Field classes a hostile value makes invalid before any call. Anything at all is a legal S3
#: body or prefix, S3 keys may hold any UTF-8 text, and an e-mail or phone attribute's format
#: is Cognito's to judge (it, and the embedded Cognito, answer InvalidParameterException):
#: only empty and oversized attributes are refused by the bench itself.
REFUSED: dict[str, set[str]] = {
    "username": set(HOSTILE),
    "password": set(HOSTILE),
    "code": set(HOSTILE),
    "attribute": {"empty", "blank", "huge"},
    "s3_key": {"empty", "blank", "huge"},
    "data": set(),
}

_BASE = {"region", "endpoint", "secret"}
_CLIENT = _BASE | {"pool", "client"}

#: What each flow button reads: target parts and user field classes.
READS: dict[str, set[str]] = {
    "signUp": _CLIENT | {"username", "password", "attribute"},
    "confirmSignUp": _CLIENT | {"username", "code"},
    "resendCode": _CLIENT | {"username"},
    "signInSrp": _CLIENT | {"username", "password"},
    "signInPassword": _CLIENT | {"username", "password"},
    "signInChoice": _CLIENT | {"username", "password"},
    "signInCustom": _CLIENT | {"username", "password"},
    "refresh": _CLIENT,
    "globalSignOut": _BASE,
    "revoke": _CLIENT,
    "forgotPassword": _CLIENT | {"username"},
    "confirmForgotPassword": _CLIENT | {"username", "code", "password"},
    "changePassword": _BASE | {"password"},
    "getUser": _BASE,
    "updateAttributes": _BASE | {"attribute"},
    "sendAttributeCode": _BASE,
    "verifyAttribute": _BASE | {"code"},
    "deleteUser": _BASE,
    "totpSetup": _BASE,
    "totpVerify": _BASE | {"code"},
    "mfaPreference": _BASE,
    "getCredentials": _BASE | {"identity_pool"},
    "s3List": _BASE | {"bucket", "data"},
    "s3Put": _BASE | {"bucket", "s3_key", "data"},
    "s3Get": _BASE | {"bucket", "s3_key"},
    "registerPasskey": _BASE,
    "signInPasskey": _CLIENT | {"username"},
    "listPasskeys": _BASE,
    "deletePasskey": _BASE,
    "rememberDevice": _BASE,
    "listDevices": _BASE,
    "forgetDevice": _BASE,
    "listSessions": _BASE,
    "revokeSession": _BASE,
    "authFactors": _BASE,
    "adminListUsers": _BASE | {"pool"},
    "adminCreateUser": _BASE | {"pool", "admin_username"},
    "adminConfirm": _BASE | {"pool", "admin_username"},
    "adminSetPassword": _BASE | {"pool", "admin_username"},
    "adminDeleteUser": _BASE | {"pool", "admin_username"},
    "adminAuthFactors": _BASE | {"pool", "admin_username"},
    "adminDeleteSoftwareToken": _BASE | {"pool", "admin_username"},
    "adminListDevices": _BASE | {"pool", "admin_username"},
    "adminForgetDevice": _BASE | {"pool", "admin_username"},
    "adminListSessions": _BASE | {"pool", "admin_username"},
    "adminRevokeSession": _BASE | {"pool", "admin_username"},
    "adminGetSessionConfig": _BASE | {"pool"},
    "adminSetSessionConfig": _BASE | {"pool"},
    "adminListClientSecrets": _BASE | {"pool", "client"},
    "adminAddClientSecret": _BASE | {"pool", "client"},
    "adminDeleteClientSecret": _BASE | {"pool", "client"},
}

GROUPS = flow_groups()
FLOW_BUTTONS = [name for _t, _o, _m, names in GROUPS for name in names]
ADMIN_BUTTONS = [n for n in READS if n.startswith("admin")]
# Buttons that end the session go last, so the ones before them still have one.
_LAST = ("globalSignOut", "revoke", "deleteUser")
ALL_BUTTONS = [n for n in FLOW_BUTTONS if n not in _LAST] + ADMIN_BUTTONS + list(_LAST)

#: One button per group: each group's main action, and the Admin pane's list.
REPRESENTATIVES = {main for _t, _o, main, _n in GROUPS} | {"adminListUsers", "adminCreateUser"}

_BUILTIN_ERRORS = {n for n in dir(builtins) if n.endswith(("Error", "Exception", "Warning"))}
_CODE = re.compile(
    r"InvalidInput|HTTP\d{3}|[A-Z][A-Za-z0-9]+(?:Exception|Error)|AccessDenied|NoSuch\w+"
)
# Characters that break a status line or flip the direction of what follows them.
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _dead_port() -> int:
    """A local port nothing listens on (bound, then closed: connecting is refused at once)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


DEAD = f"http://127.0.0.1:{_dead_port()}"

#: (field class, target field objectName, hostile values for it).
TARGET_CASES: list[tuple[str, str, list[str]]] = [
    # An empty region is no longer bad input: it resolves as the AWS CLI's does (the pool
    # id's region here), tests/aws/test_region.py.
    ("region", "targetRegion", ["us-east-1\x00\u202e", HUGE, "us-east-1'; DROP TABLE x;--"]),
    ("pool", "targetUserPoolId", ["", "us-east-1_<script>", HUGE, "eu-west-1_AbC123"]),
    ("client", "targetClientId", ["", "'; DROP TABLE clients;--", HUGE, "abc\x00\n"]),
    ("secret", "targetClientSecret", [HUGE]),
    ("identity_pool", "targetIdentityPoolId", ["", "us-east-1:\x00not-a-uuid", HUGE]),
    (
        "endpoint",
        "targetEndpoint",
        [
            "http://[::1",
            "ftp://x",
            "127.0.0.1:1",
            DEAD,
            "http://" + HUGE,
            "http://127.0.0.1:99999",
        ],
    ),
    ("bucket", "targetBucket", ["", "../\x00<b>", HUGE]),
]


class Captured:
    """What escaped during a test: ERROR log records with a traceback, excepthook calls."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def check(self) -> None:
        assert not self.problems, "\n".join(self.problems)


class _Handler(logging.Handler):
    def __init__(self, captured: Captured) -> None:
        super().__init__(logging.ERROR)
        self._captured = captured

    def emit(self, record: logging.LogRecord) -> None:
        self._captured.problems.append(f"logged: {record.getMessage()} exc_info={record.exc_info}")


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> Iterator[Captured]:
    """Collect every ERROR log record and uncaught exception while the test runs."""
    captured = Captured()
    handler = _Handler(captured)
    root = logging.getLogger()
    root.addHandler(handler)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        captured.problems.append(f"uncaught: {kind.__name__}: {exc}")

    monkeypatch.setattr(sys, "excepthook", hook)
    yield captured
    root.removeHandler(handler)


@pytest.fixture
def window(window: MainWindow, qtbot: QtBot, local: LocalTarget) -> Iterator[MainWindow]:
    """The window as a demo to a team would have it: screen-share mode on, and a second
    session tab (the demo user, signed in) beside the first, where the sweep clicks.

    At the end, the second session is as it was (the sweep's clicks stayed in the first),
    and no widget shows a token, a secret or a code.
    """
    window.set_screen_share(True)
    window.new_session()
    type_into(window, "userUsername_2", local.demo_user["username"])
    type_into(window, "userPassword_2", local.demo_user["password"])
    signed = run(qtbot, window, "signInPasswordButton")
    assert signed.ok, signed.one_line()
    second = window.sessions.slots[1]
    held = second.session
    window.sessions.setCurrentIndex(0)
    yield window
    assert second.session is held, "a click in tab 1 changed tab 2's session"
    leaks = secrets_on_screen(window, _secrets_of(window))
    assert not leaks, leaks


def _secrets_of(window: MainWindow) -> set[str]:
    """Every token, AWS secret and code the window's sessions and calls hold."""
    found: set[str] = set()
    for slot in window.sessions.slots:
        session = slot.session
        found |= {session.id_token, session.access_token, session.refresh_token}
        if session.credentials is not None:
            creds = session.credentials
            found |= {creds.secret_key, creds.session_token, creds.access_key_id}
        if session.totp_secret:
            found.add(session.totp_secret)
    for record in window.records:
        result = record.response.get("AuthenticationResult") or {}
        found |= {str(result.get(k) or "") for k in ("AccessToken", "IdToken", "RefreshToken")}
    found |= {
        str(m.get("code", "")) for m in window.outbox.messages if len(str(m.get("code", ""))) >= 6
    }
    return {s for s in found if s}


@pytest.fixture
def no_confirm(monkeypatch: pytest.MonkeyPatch) -> None:
    """Destructive buttons go ahead without their Yes/Cancel box."""
    monkeypatch.setattr("cognito_bench.ui.mainwindow.ask_destructive", lambda *_a: True)
    monkeypatch.setattr("cognito_bench.ui.admin.ask_destructive", lambda *_a: True)


def _fields(window: MainWindow) -> dict[str, str]:
    """Every line edit and text box a user types into, by objectName (not the read-only
    ones the window fills: a token's raw text, a TOTP secret)."""
    out: dict[str, str] = {}
    for edit in window.findChildren(QLineEdit):
        if edit.objectName() and not edit.isReadOnly():
            out[edit.objectName()] = edit.text()
    for box in window.findChildren(QPlainTextEdit):
        if box.objectName() == "tokensPasteInput":
            out[box.objectName()] = box.real_text()  # shown masked in screen-share mode
    return out


def _button(window: MainWindow, name: str) -> QPushButton:
    object_name = "answerChallengeButton" if name == "answerChallenge" else f"{name}Button"
    button = find(window, QPushButton, object_name)
    assert isinstance(button, QPushButton)
    return button


def _busy(window: MainWindow) -> bool:
    buttons = [*window.buttons.values(), *window.admin.buttons.values()]
    return any(b.running for b in buttons)


def _press(qtbot: QtBot, window: MainWindow, name: str) -> tuple[list[CallRecord], bool]:
    """Click ``name`` and wait until every call it started finished.

    Returns the new records, and whether the click came back before its call finished (the
    call ran off the GUI thread while the window kept handling events).
    """
    before = len(window.records)
    button = _button(window, name)
    bring_forward(button)  # its pane, or its group's tab (Passkeys, Devices...)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    detached = _busy(window) and len(window.records) == before
    _wait_idle(window)
    return window.records[before:], detached


def _wait_idle(window: MainWindow) -> None:
    """Process events until no button has a call running, for at most TIMEOUT_MS.

    Bounded: a dead endpoint is refused at once, well inside the bench's 5 s connect timeout.
    A tighter loop than ``qtbot.waitUntil`` (10 ms between looks): about 300 clicks here.
    """
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while _busy(window):
        assert time.monotonic() < deadline, "a call did not finish: the window hangs"
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        time.sleep(0.0005)  # let the worker threads have the GIL


def _visible_chars_ok(line: str) -> None:
    assert "\n" not in line and "\r" not in line, f"not one line: {line!r}"
    bad = [c for c in line if c in _BIDI or (unicodedata.category(c) == "Cc" and c not in "\t")]
    assert not bad, f"control or direction characters on screen: {bad!r} in {line[:200]!r}"
    assert "Traceback" not in line and 'File "' not in line, line


def _check_failed(record: CallRecord) -> None:
    """A failed record: a real code, a plain cause, one short line."""
    line = record.one_line()
    code = record.error_code
    assert _CODE.fullmatch(code), f"not an error code: {code!r} ({line[:200]})"
    assert code not in _BUILTIN_ERRORS, f"a Python exception reached the user: {line[:300]}"
    assert record.error_message.strip(), line
    assert record.explanation.strip(), f"no plain-English cause: {line[:300]}"
    assert len(line) < 2_000, f"{len(line)} characters: the hostile value was echoed whole"
    _visible_chars_ok(line)


def _check_click(
    window: MainWindow,
    name: str,
    records: list[CallRecord],
    detached: bool,
    typed: dict[str, str],
    captured: Captured,
    must_fail: bool,
) -> None:
    captured.check()
    assert records, f"{name}: the click produced no record (an exception ate the call?)"
    if any(r.error_code != "InvalidInput" for r in records):  # a call was made
        assert detached, f"{name}: the call ran on the GUI thread (the window froze)"
    for record in records:
        if must_fail:
            assert not record.ok, f"{name}: {record.operation} accepted hostile input"
        if not record.ok:
            _check_failed(record)
    last = records[-1]
    status = window.statusBar().currentMessage()
    assert status == last.one_line(), (name, status[:200])
    _visible_chars_ok(status)
    if not last.ok:
        assert status.startswith(f"{last.error_code}: "), status[:200]
    if not last.ok and not name.startswith("admin"):  # the Admin pane keeps its tab in front
        label = window.response.error
        assert label.isVisible() and last.error_code in label.text(), label.text()[:200]
        assert "Traceback" not in label.text()
    now = _fields(window)
    lost = {k: (v[:40], now.get(k, "")[:40]) for k, v in typed.items() if now.get(k) != v}
    assert not lost, f"{name}: typed values changed: {lost}"


def _user_of_its_own(qtbot: QtBot, window: MainWindow, local: LocalTarget, username: str) -> None:
    """A confirmed user, signed in, with identity-pool credentials (the demo user is shared)."""
    admin = AdminCalls(local.target())
    created = admin.admin_create_user(username, PASSWORD, {"email": f"{username}@example.com"})
    assert created.ok, created.one_line()
    assert admin.admin_set_user_password(username, PASSWORD, True).ok
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", PASSWORD)
    signed = run(qtbot, window, "signInPasswordButton")
    assert signed.ok, signed.one_line()
    creds = run_until(qtbot, window, "getCredentialsButton", 2)
    assert all(r.ok for r in creds), [r.one_line() for r in creds]
    assert window.session.credentials is not None


def _type_all(window: MainWindow, names: list[str], value: str) -> dict[str, str]:
    """Type ``value`` into each field; what each field holds afterwards (Qt caps lengths)."""
    for name in names:
        edit = find(window, QLineEdit, name)
        assert isinstance(edit, QLineEdit)
        edit.setText(value)
    return _fields(window)


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_user_fields(
    kind: str,
    qtbot: QtBot,
    window: MainWindow,
    local: LocalTarget,
    username: str,
    captured: Captured,
    no_confirm: None,
) -> None:
    """Every user field hostile at once; every button that reads one of them."""
    _user_of_its_own(qtbot, window, local, username)
    value = HOSTILE[kind]
    typed = _type_all(window, [*USER_FIELDS, "adminUsername", "adminPassword"], value)
    classes = set(USER_FIELDS.values()) | {"admin_username"}
    refused = {c for c in classes if kind in REFUSED.get(c, set(HOSTILE))}
    for name in ALL_BUTTONS:
        reads = READS[name] & classes
        if not reads:
            continue
        records, detached = _press(qtbot, window, name)
        _check_click(window, name, records, detached, typed, captured, bool(reads & refused))


@pytest.mark.parametrize(
    ("field", "object_name", "values"), TARGET_CASES, ids=[c[0] for c in TARGET_CASES]
)
def test_target_fields(
    field: str,
    object_name: str,
    values: list[str],
    qtbot: QtBot,
    window: MainWindow,
    local: LocalTarget,
    username: str,
    captured: Captured,
    no_confirm: None,
) -> None:
    """Each target field hostile in turn; every button that reads it must refuse or fail."""
    _user_of_its_own(qtbot, window, local, username)
    # Valid user fields: what refuses or fails each call is the target field alone.
    for name, value in {
        "userCode": "123456",
        "passwordNew": "New-" + PASSWORD,
        "userEmail": f"{username}@example.org",
        "s3Key": f"{username}/note.txt",
        "adminUsername": f"{username}-admin",
        "adminPassword": PASSWORD,
    }.items():
        type_into(window, name, value)
    # What the passkey, device and session buttons act on (well-formed, none of them real):
    # refused by Cognito, or by the hostile target field, not for want of an id.
    for name, value in {
        "passkeyCredential": "bm90LWEtcmVhbC1wYXNza2V5",
        "deviceKey": "us-east-1_00000000-0000-4000-8000-000000000000",
        "sessionId": "tkn" + "0" * 25,
        "adminDeviceKey": "us-east-1_00000000-0000-4000-8000-000000000000",
        "adminSessionId": "tkn" + "0" * 25,
        "adminClientSecretId": "0" * 26,
    }.items():
        combo = find(window, QComboBox, name)
        assert isinstance(combo, QComboBox)
        combo.setEditText(value)
    for index, value in enumerate(values):
        typed = _type_all(window, [object_name], value)
        # Every button that reads the field gets its first value and the dead endpoint; the
        # other values (and the secret, checked in the same line as the region) go to one
        # button per group: a click costs ~25 ms, and the whole suite has about a minute.
        everyone = (index == 0 and field != "secret") or value == DEAD
        for name in ALL_BUTTONS:
            if field not in READS[name] or not (everyone or name in REPRESENTATIVES):
                continue
            records, detached = _press(qtbot, window, name)
            _check_click(window, name, records, detached, typed, captured, must_fail=True)
            if value == DEAD:  # refused at once, not a wait for the connect timeout
                codes = {r.error_code for r in records}
                assert codes == {"EndpointConnectionError"}, (name, records[-1].one_line())
                assert "connection refused" in records[-1].error_message


#: NEW_PASSWORD_REQUIRED answers Cognito refuses (empty and blank are empty once trimmed;
#: the markup string meets the pool's policy and is a legal password).
_BAD_NEW_PASSWORD = {"empty", "blank", "huge", "control", "bidi-emoji"}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_challenge_answer(
    kind: str,
    qtbot: QtBot,
    window: MainWindow,
    local: LocalTarget,
    username: str,
    captured: Captured,
) -> None:
    """The challenge box's answer (NEW_PASSWORD_REQUIRED) with a hostile value."""
    admin = AdminCalls(local.target())
    created = admin.admin_create_user(username, PASSWORD, {"email": f"{username}@example.com"})
    assert created.ok, created.one_line()
    type_into(window, "userUsername", username)
    type_into(window, "userPassword", PASSWORD)
    assert run(qtbot, window, "signInPasswordButton").ok
    assert window.session.challenge is not None
    assert window.challenge.isVisible()
    typed = _type_all(window, ["challengeAnswer"], HOSTILE[kind])
    records, detached = _press(qtbot, window, "answerChallenge")
    _check_click(
        window, "answerChallenge", records, detached, typed, captured, kind in _BAD_NEW_PASSWORD
    )


def _jwt(header: dict[str, Any], payload: dict[str, Any], signature: str = "c2ln") -> str:
    import base64

    def part(obj: dict[str, Any]) -> str:
        raw = json.dumps(obj).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return f"{part(header)}.{part(payload)}.{signature}"


PASTED: dict[str, str] = {
    "blank": "  \n\t ",
    "not-a-jwt": "hello, I am not a token",
    "control": "eyJ\x00.\x1b[2J.\u202e",
    "markup": '<script>alert(1)</script>.{"a":1}.\' OR 1=1 --',
    "1MB-garbage": "eyJ" + "A" * 1_000_000,
    "1MB-jwt": _jwt({"alg": "RS256", "kid": "nope"}, {"sub": "a" * 750_000, "exp": 1e300}),
    "three-dots": "...",
}


@pytest.mark.parametrize("kind", list(PASTED))
def test_paste_a_token(
    kind: str,
    qtbot: QtBot,
    window: MainWindow,
    captured: Captured,
) -> None:
    """Paste a token: any text gives a one-line verdict that says what is wrong."""
    pane = window.tokens
    window.show_pane(pane)
    pane.tabs.setCurrentWidget(pane.paste)
    box = find(window, QPlainTextEdit, "tokensPasteInput")
    assert isinstance(box, QPlainTextEdit)
    box.setPlainText(PASTED[kind])
    typed = box.real_text()
    done: list[str] = []
    pane.inspected.connect(done.append)
    verify = find(window, QPushButton, "tokensPasteVerify")
    qtbot.mouseClick(verify, Qt.MouseButton.LeftButton)
    if kind != "blank":  # blank text is answered at once, on the GUI thread
        assert not verify.isEnabled() and not done, "the token was checked on the GUI thread"
        qtbot.waitUntil(lambda: "pasted" in done, timeout=TIMEOUT_MS)
    qtbot.waitUntil(verify.isEnabled, timeout=TIMEOUT_MS)
    captured.check()
    summary = pane.paste.view.summary.text()
    _visible_chars_ok(summary)
    assert len(summary) < 2_000, summary[:300]
    if kind == "blank":
        assert "Paste a token" in summary
    else:
        assert "InvalidInput: " in summary or "✗ INVALID" in summary, summary[:300]
    assert box.real_text() == typed, "the pasted text changed"
    inspection = pane.paste.view.inspection
    if inspection is not None:
        # Copy hands back the token that was checked, whole.
        pane.paste.view.copy.click()
        assert QGuiApplication.clipboard().text() == inspection.raw


@pytest.mark.parametrize("kind", ["empty", "huge", "control", "bidi-emoji", "markup"])
def test_tamper_lab(kind: str, qtbot: QtBot, window: MainWindow, captured: Captured) -> None:
    """Tamper lab: a hostile claim name and value give a verdict, never a traceback."""
    verified: list[tuple[int, str]] = []
    window.tokens.verdict.connect(lambda number, kind, _report: verified.append((number, kind)))
    # The demo user (the fields' default): tampering changes nothing on the server.
    assert run(qtbot, window, "signInPasswordButton").ok
    # This tab's ID token shown and its claims listed (not the other tab's, which the
    # fixture signed in a moment before: its verdict may come late).
    qtbot.waitUntil(lambda: (window.slot.number, "id") in verified, timeout=TIMEOUT_MS)
    lab = window.tokens.lab
    window.show_pane(window.tokens)
    window.tokens.tabs.setCurrentWidget(lab)
    claim = find(window, QComboBox, "tamperClaim")
    assert isinstance(claim, QComboBox)
    value = HOSTILE[kind]
    claim.setCurrentText(value)
    type_into(window, "tamperValue", value)
    typed = (claim.currentText(), lab.value.text())
    button = find(window, QPushButton, "tamperButton")
    before = lab.result.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: button.isEnabled() and lab.result.text() != before, timeout=TIMEOUT_MS)
    captured.check()
    result = lab.result.text()
    _visible_chars_ok(result)
    assert len(result) < 2_000, result[:300]
    assert (claim.currentText(), lab.value.text()) == typed
