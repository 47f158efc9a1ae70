"""The hosted UI client without a hosted UI: PKCE, URLs, input checks, the redirect catcher
(a real loopback listener), what a redirect means, and failures as records."""

from __future__ import annotations

import base64
import hashlib
import threading
import urllib.parse
import urllib.request

import pytest

from cognito_bench.aws import Target
from cognito_bench.aws.cli import cli_command
from cognito_bench.aws.oauth import (
    HostedUi,
    RedirectCatcher,
    check_domain,
    check_redirect_uri,
    new_pkce,
)
from tests.oauth_browser import free_port

T = Target(region="eu-west-1", user_pool_id="eu-west-1_Abc", client_id="client123")
DOMAIN = "https://bench.auth.eu-west-1.amazoncognito.com"


def test_pkce_is_s256_and_fresh() -> None:
    first, second = new_pkce(), new_pkce()
    digest = hashlib.sha256(first.verifier.encode()).digest()
    assert first.challenge == base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert 43 <= len(first.verifier) <= 128  # RFC 7636
    assert first.verifier != second.verifier and first.state != second.state
    assert first.verifier not in repr(first)


def test_authorize_and_logout_urls() -> None:
    hosted = HostedUi(DOMAIN + "/", T, scopes="openid  email")
    pkce = new_pkce()
    url = urllib.parse.urlsplit(hosted.authorize_url(pkce))
    assert f"{url.scheme}://{url.netloc}{url.path}" == DOMAIN + "/oauth2/authorize"
    query = dict(urllib.parse.parse_qsl(url.query))
    assert query == {
        "response_type": "code",
        "client_id": "client123",
        "redirect_uri": "http://localhost:8765/callback",
        "scope": "openid email",
        "state": pkce.state,
        "code_challenge": pkce.challenge,
        "code_challenge_method": "S256",
    }
    assert pkce.verifier not in hosted.authorize_url(pkce)
    logout = hosted.logout_url("http://localhost:8765/signed-out")
    assert logout.startswith(DOMAIN + "/logout?client_id=client123&logout_uri=http")


@pytest.mark.parametrize(
    ("domain", "problem"),
    [
        ("", "required"),
        ("bench.auth.eu-west-1.amazoncognito.com", "not an http(s) URL"),
        ("ftp://x", "not an http(s) URL"),
        ("http://bench.auth.eu-west-1.amazoncognito.com", "must be https"),
        (DOMAIN + "?x=1", "not an http(s) URL"),
        ("http://[::1", "not an http(s) URL"),
    ],
)
def test_domain_problems(domain: str, problem: str) -> None:
    assert problem in check_domain(domain)


def test_domain_and_redirect_that_pass() -> None:
    assert check_domain(DOMAIN) == ""
    assert check_domain("http://127.0.0.1:4566/_bench/hosted/us-east-1_X") == ""
    assert check_redirect_uri("http://localhost:8765/callback") == ""
    assert "needs a port" in check_redirect_uri("http://localhost/callback")
    assert "must be http://localhost" in check_redirect_uri("https://example.com/cb")
    assert "out of range" in check_redirect_uri("http://localhost:99999999/cb")
    assert "must be http://localhost" in check_redirect_uri("http://[::1")


def test_refusals_are_records_and_send_nothing() -> None:
    hosted = HostedUi("", T)
    record = hosted.exchange_code("abc", new_pkce())
    assert record.error_code == "InvalidInput" and "domain is required" in record.error_message
    assert "Fix:" in record.explanation
    assert record.request["code"] == "***"  # masked like every secret
    assert HostedUi(DOMAIN, T).client_credentials().error_code == "InvalidInput"
    assert "sign in first" in HostedUi(DOMAIN, T).user_info("").error_message


def test_a_dead_domain_is_one_record() -> None:
    hosted = HostedUi(f"http://127.0.0.1:{free_port()}", T)
    record = hosted.refresh("some-refresh-token")
    assert record.error_code == "EndpointConnectionError"
    assert "Could not reach" in record.error_message
    assert "some-refresh-token" not in str(record.to_json())


def test_redirect_catcher_takes_the_redirect_once() -> None:
    uri = f"http://localhost:{free_port()}/callback"
    catcher = RedirectCatcher(uri)
    got: list[dict[str, str] | None] = []
    waiter = threading.Thread(target=lambda: got.append(catcher.wait(10)))
    waiter.start()
    port = urllib.parse.urlsplit(uri).port
    with pytest.raises(urllib.error.HTTPError) as missing:  # a favicon is not the redirect
        urllib.request.urlopen(f"http://127.0.0.1:{port}/favicon.ico", timeout=5)
    assert missing.value.code == 404
    missing.value.close()
    with urllib.request.urlopen(
        f"http://127.0.0.1:{port}/callback?code=c0de&state=s1", timeout=5
    ) as page:
        assert b"Signed in" in page.read()
    waiter.join(10)
    assert got == [{"code": "c0de", "state": "s1"}]
    # The port is free again for the next sign-in.
    RedirectCatcher(uri).close()


def test_redirect_catcher_close_and_a_busy_port() -> None:
    uri = f"http://localhost:{free_port()}/callback"
    catcher = RedirectCatcher(uri)
    with pytest.raises(OSError):
        RedirectCatcher(uri)  # a second listener on the same port
    closer = threading.Timer(0.2, catcher.close)
    closer.start()
    assert catcher.wait(10) is None


def test_what_a_redirect_means() -> None:
    hosted, pkce = HostedUi(DOMAIN, T), new_pkce()
    assert hosted.redirect_failure({"code": "x", "state": pkce.state}, pkce) is None
    none = hosted.redirect_failure(None, pkce)
    assert none is not None and none.error_code == "NoRedirect" and "Fix:" in none.explanation
    forged = hosted.redirect_failure({"code": "x", "state": "other"}, pkce)
    assert forged is not None and forged.error_code == "StateMismatch"
    denied = hosted.redirect_failure({"error": "invalid_scope", "state": pkce.state}, pkce)
    assert denied is not None and denied.error_code == "invalid_scope"
    assert "scope" in denied.explanation


def test_oauth_calls_copy_as_curl() -> None:
    secret = Target(region="eu-west-1", client_id="client123", client_secret="s3cr3t-value")
    record = HostedUi(DOMAIN, secret).exchange_code("", new_pkce())  # refused: no code
    text = cli_command(record, secret)
    assert f"curl -X POST {DOMAIN}/oauth2/token" in text
    assert "-u 'client123:<client_secret>'" in text
    assert "code_verifier=<code_verifier>" in text
    assert "s3cr3t-value" not in text
