"""The scripted form filler without a hosted UI: the page's error line, and what it does
with pages that are not the local hosted UI's (a served page on a loopback port)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from cognito_bench.aws import Target
from cognito_bench.aws.hostedform import SignInFailed, page_error, post_credentials
from cognito_bench.aws.oauth import HostedUi


def test_page_error_is_the_error_line_in_one_line() -> None:
    body = (
        '<p id="error" role="alert">Incorrect <b>username</b>\n or password.<br></p>'
        '<form><input name="x" value="1"/></form><p>Not this</p>'
    )
    assert page_error(body) == "Incorrect username or password."
    assert page_error('<p id="error"><code>redirect_mismatch</code></p><p>why</p>') == (
        "redirect_mismatch"
    )
    assert page_error("<p>nothing wrong</p>") == ""


@pytest.fixture
def site() -> Iterator[str]:
    """A page like the classic hosted UI's authorize answer (a redirect to /login with a
    cookie), and a logout that sends the browser to an error page."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            if self.path.startswith("/logout"):
                self.send_header("Location", "/error?error=redirect_mismatch&client_id=c")
            else:
                self.send_header("Location", "/login?client_id=c")
                self.send_header("Set-Cookie", "XSRF-TOKEN=abc; Path=/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_redirect_elsewhere_is_not_a_code(site: str) -> None:
    # The classic hosted UI's authorize answer: the step says where it was sent, not a code.
    assert post_credentials(f"{site}/oauth2/authorize", "u", "p").endswith("/login?client_id=c")
    hosted = HostedUi(site, Target(region="eu-west-1", client_id="c"))
    record = hosted.sign_in_headless("u", "Secret-Passw0rd")
    assert (record.operation, record.error_code) == ("OAuth2Authorize", "UnexpectedRedirect")
    assert "/login" in record.error_message and "Secret-Passw0rd" not in str(record.request)
    logout = hosted.logout()
    assert (logout.operation, logout.error_code, logout.http_status) == (
        "OAuth2Logout",
        "redirect_mismatch",
        302,
    )


def test_no_form_is_said_so() -> None:
    with pytest.raises(SignInFailed, match="not an http"):
        post_credentials("file:///etc/passwd", "u", "p")
