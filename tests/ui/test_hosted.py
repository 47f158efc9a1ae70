"""The Hosted UI group against the embedded local Cognito's hosted UI, with a scripted
browser in place of the system's: sign in (code + PKCE), userInfo, log out, and failures."""

from __future__ import annotations

import threading
import urllib.request
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from cognito_bench.emulator import LocalTarget
from cognito_bench.ui.mainwindow import MainWindow
from tests import oauth_browser
from tests.ui.helpers import TIMEOUT_MS, run, type_into


@pytest.fixture
def oauth_client(local: LocalTarget) -> tuple[str, str]:
    """A public app client of the demo pool whose callback URL is on a free port."""
    scopes = ["openid", "email", "profile", "aws.cognito.signin.user.admin"]
    client_id, _secret, redirect = oauth_browser.oauth_client(local, scopes)
    return client_id, redirect


def _use(window: MainWindow, oauth_client: tuple[str, str]) -> None:
    """Put the OAuth test client and its redirect URI in the window's fields."""
    client_id, redirect = oauth_client
    window.client_id.setText(client_id)
    type_into(window, "hostedRedirectUri", redirect)


def _browser(window: MainWindow, local: LocalTarget, password: str = "") -> list[str]:
    """Replace the system browser with a scripted one; returns the URLs it was given."""
    opened: list[str] = []
    user = local.demo_user

    def open_url(url: str) -> bool:
        opened.append(url)
        if "/logout" in url:
            target = lambda: urllib.request.urlopen(url, timeout=10).read()  # noqa: E731
        else:
            target = lambda: oauth_browser.sign_in(  # noqa: E731
                url, user["username"], password or user["password"]
            )
        threading.Thread(target=target, daemon=True).start()
        return True

    window.hosted.open_url = open_url
    return opened


def test_local_target_fills_the_hosted_ui_fields(window: MainWindow, local: LocalTarget) -> None:
    assert window.hosted.domain.text() == local.hosted_ui_domain
    assert window.hosted.redirect_uri.text() == local.oauth_redirect_uri


def test_sign_in_through_the_hosted_ui_then_userinfo_and_log_out(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, oauth_client: tuple[str, str]
) -> None:
    _use(window, oauth_client)
    # GetUser wants the admin scope in the token (Cognito's rule); userInfo wants openid.
    type_into(window, "hostedScopes", "openid email aws.cognito.signin.user.admin")
    opened = _browser(window, local)
    record = run(qtbot, window, "hostedSignInButton")
    assert record.ok, record.one_line()
    assert record.operation == "OAuth2Token(authorization_code)"
    assert opened and opened[0].startswith(local.hosted_ui_domain + "/oauth2/authorize?")
    assert window.hosted.url.text() == opened[0]
    tokens = window.session.tokens
    assert tokens is not None and tokens.id_token and tokens.refresh_token
    assert window.session.username == local.demo_user["username"]
    # The tokens pane checks them like any sign-in's.
    qtbot.waitUntil(lambda: window.tokens.views["id"].valid is not None, timeout=TIMEOUT_MS)
    assert window.tokens.views["id"].valid, window.tokens.views["id"].summary.text()
    # The session's tokens work with the user-pool API and the userInfo endpoint.
    assert run(qtbot, window, "getUserButton").ok
    info = run(qtbot, window, "hostedUserInfoButton")
    assert info.ok, info.one_line()
    assert info.response.get("email") == "demo@example.com"
    logout = run(qtbot, window, "hostedLogoutButton")
    assert logout.ok, logout.one_line()
    assert opened[-1].startswith(local.hosted_ui_domain + "/logout?")


def test_a_redirect_uri_the_client_does_not_list_waits_then_explains(
    qtbot: QtBot,
    window: MainWindow,
    local: LocalTarget,
    oauth_client: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cognito_bench.ui.hosted as hosted_module

    monkeypatch.setattr(hosted_module, "WAIT_S", 1.5)
    window.client_id.setText(oauth_client[0])
    type_into(
        window, "hostedRedirectUri", f"http://localhost:{oauth_browser.free_port()}/elsewhere"
    )
    pages: list[tuple[int, str]] = []

    def open_url(url: str) -> bool:
        status, headers, body = oauth_browser.visit(url)
        # Cognito sends the browser to its error page, never to an unlisted redirect URI.
        pages.append((status, headers.get("Location", "") + body))
        return True

    window.hosted.open_url = open_url
    record = run(qtbot, window, "hostedSignInButton")
    assert record.error_code == "NoRedirect" and "callback URL" in record.explanation
    assert pages and pages[0][0] in (302, 400) and "redirect_mismatch" in pages[0][1]


def test_a_wrong_password_on_the_form_gets_no_tokens(
    qtbot: QtBot, window: MainWindow, local: LocalTarget, oauth_client: tuple[str, str]
) -> None:
    _use(window, oauth_client)
    seen: list[str] = []

    def open_url(url: str) -> bool:
        def browse() -> None:
            _status, _body, form = oauth_browser.sign_in_page(url)
            assert form is not None
            _code, _headers, page = oauth_browser.submit(
                url, form, username=local.demo_user["username"], password="Wrong-Passw0rd!"
            )
            seen.append(page)
            window.hosted.stop()  # the user gives up: the bench stops waiting

        threading.Thread(target=browse, daemon=True).start()
        return True

    window.hosted.open_url = open_url
    before = window.session.tokens
    record = run(qtbot, window, "hostedSignInButton")
    assert record.error_code == "NoRedirect"
    assert seen and "Incorrect username or password" in seen[0]
    assert window.session.tokens is before


def test_refusals_without_a_domain(qtbot: QtBot, window: MainWindow) -> None:
    window.hosted.domain.clear()
    for button in ("hostedSignInButton", "hostedUserInfoButton", "hostedClientCredentialsButton"):
        record = run(qtbot, window, button)
        assert record.error_code == "InvalidInput", button
        assert "domain is required" in record.error_message


def test_client_credentials_needs_a_secret(qtbot: QtBot, window: MainWindow) -> None:
    record: Any = run(qtbot, window, "hostedClientCredentialsButton")
    assert record.error_code == "InvalidInput" and "secret" in record.error_message


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "x" * 100_000,
        "a\x00b\nc\x1b[31m",
        "\u202eadmin😀",
        "javascript:alert(1)",
        "http://[::1",
    ],
    ids=["empty", "blank", "huge", "control", "bidi-emoji", "scheme", "broken-ipv6"],
)
def test_hostile_hosted_ui_fields_get_one_line_each(
    qtbot: QtBot, window: MainWindow, value: str
) -> None:
    """Each hostile value in the domain, then the redirect URI, then the scopes: every button
    answers with a record (one line, a cause), never a traceback, and the field keeps it."""
    window.hosted.open_url = lambda _url: True  # no browser: nothing comes back
    import cognito_bench.ui.hosted as hosted_module

    hosted_module.WAIT_S, wait = 0.5, hosted_module.WAIT_S
    try:
        for field in ("hostedDomain", "hostedRedirectUri", "hostedScopes"):
            type_into(window, field, value)
            for button in ("hostedSignInButton", "hostedUserInfoButton", "hostedLogoutButton"):
                record = run(qtbot, window, button)
                line = record.one_line()
                assert "\n" not in line and len(line) < 1000, (field, button, line)
                assert record.ok or record.explanation, (field, button, line)
            edit = getattr(window.hosted, _ATTR[field])
            assert edit.text() == value[: edit.maxLength()]  # Qt keeps 32,767 characters
            edit.setText(_GOOD[field](window))
    finally:
        hosted_module.WAIT_S = wait


_ATTR = {"hostedDomain": "domain", "hostedRedirectUri": "redirect_uri", "hostedScopes": "scopes"}
_GOOD: dict[str, Any] = {
    "hostedDomain": lambda w: w.local_target.hosted_ui_domain,
    "hostedRedirectUri": lambda w: w.local_target.oauth_redirect_uri,
    "hostedScopes": lambda w: "openid email profile",
}


@pytest.mark.parametrize(
    ("kind", "button", "operation", "sent"),
    [
        # the OAuth 2.0 grant at the token endpoint, for the grant's machine client
        ("machine", "hostedClientCredentialsButton", "OAuth2Token(client_credentials)", "scope"),
        # the API's GetClientToken, for the ALLOW_CLIENT_TOKEN_AUTH client; openid (the hosted
        # UI's scope) is left out: it takes custom scopes only
        ("client_token", "getClientTokenButton", "GetClientToken", "Scopes"),
    ],
)
def test_a_machine_token_with_the_demo_machine_clients(
    qtbot: QtBot,
    window: MainWindow,
    local: LocalTarget,
    kind: str,
    button: str,
    operation: str,
    sent: str,
) -> None:
    client_id, secret = {
        "machine": (local.machine_client_id, local.machine_client_secret),
        "client_token": (local.client_token_client_id, local.client_token_client_secret),
    }[kind]
    window.client_kind.setCurrentIndex(window.client_kind.findData(kind))
    assert window.client_id.text() == client_id
    assert window.client_secret.text() == secret
    type_into(window, "hostedScopes", "openid bench-api/read")
    record = run(qtbot, window, button)
    assert record.ok, record.one_line()
    assert record.operation == operation
    assert record.request[sent] in ("bench-api/read", ["bench-api/read"])
    assert secret not in str(record.request)
    tokens = window.session.tokens
    assert tokens is not None and tokens.access_token and not tokens.id_token
    # An access-only token: the Tokens pane checks it like any other, and has no ID token.
    view = window.tokens.views["access"]
    qtbot.waitUntil(lambda: view.valid is not None, timeout=TIMEOUT_MS)
    payload = view.inspection.decoded.payload
    assert payload["scope"] == "bench-api/read" and payload["client_id"] == client_id
    assert view.valid, view.summary.text()
    assert window.tokens.tabs.currentWidget().isAncestorOf(view)  # no ID token to show first
    assert "access token only" in window.tokens.views["id"].summary.text()
    assert window.status_session.text() == "Machine token (client credentials)"


def test_client_token_refused_for_a_user_client_in_one_line(
    qtbot: QtBot, window: MainWindow
) -> None:
    kind = window.client_kind
    kind.setCurrentIndex(kind.findData("secret"))
    record = run(qtbot, window, "getClientTokenButton")
    assert record.error_code == "NotAuthorizedException"
    assert "ALLOW_CLIENT_TOKEN_AUTH" in record.error_message
    assert window.session.tokens is None


def test_the_default_redirect_uri_is_one_everywhere() -> None:
    """One home (cognito_bench.defaults, light enough for the window's first paint): the
    window, the hosted UI client and the emulator's demo clients name the same URI."""
    from cognito_bench import defaults
    from cognito_bench.aws import oauth
    from cognito_bench.emulator.seed import DEMO_CALLBACK_URL
    from cognito_bench.ui.hosted import DEFAULT_REDIRECT
    from cognito_bench.ui.hosted import DEFAULT_SCOPES as UI_SCOPES

    uri = defaults.DEFAULT_REDIRECT_URI
    assert DEFAULT_REDIRECT is oauth.DEFAULT_REDIRECT_URI is DEMO_CALLBACK_URL is uri
    assert UI_SCOPES is oauth.DEFAULT_SCOPES is defaults.DEFAULT_SCOPES
