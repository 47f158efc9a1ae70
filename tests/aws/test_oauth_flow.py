"""The hosted UI client against the embedded local Cognito's hosted UI: authorization code
with PKCE through a scripted browser, the tokens verified, refresh, userInfo, reuse refused."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from cognito_bench.aws import Target, UserPoolCalls, tokens_of
from cognito_bench.aws.oauth import HostedUi, RedirectCatcher, new_pkce
from cognito_bench.emulator import LocalTarget
from cognito_bench.tokens.verify import verify
from tests import oauth_browser


@pytest.fixture
def hosted(local: LocalTarget, target: Target) -> HostedUi:
    scopes = ["openid", "email", "profile", "aws.cognito.signin.user.admin"]
    client_id, _secret, redirect = oauth_browser.oauth_client(local, scopes)
    return HostedUi(
        local.hosted_ui_domain, target.replace(client_id=client_id), redirect, " ".join(scopes)
    )


def _code(hosted: HostedUi, local: LocalTarget) -> tuple[str, Any]:
    """Sign the demo user in through the hosted UI; (code, pkce)."""
    pkce = new_pkce()
    catcher = RedirectCatcher(hosted.redirect_uri)
    user = local.demo_user
    browser = threading.Thread(
        target=oauth_browser.sign_in,
        args=(hosted.authorize_url(pkce), user["username"], user["password"]),
    )
    browser.start()
    query = catcher.wait(20)
    browser.join(20)
    assert hosted.redirect_failure(query, pkce) is None, query
    assert query is not None
    return query["code"], pkce


def test_code_flow_tokens_refresh_and_userinfo(hosted: HostedUi, local: LocalTarget) -> None:
    code, pkce = _code(hosted, local)
    record = hosted.exchange_code(code, pkce)
    assert record.ok, record.one_line()
    assert record.http_status == 200 and record.response["token_type"] == "Bearer"
    assert record.request["code"] != code and record.request["code_verifier"] != pkce.verifier
    tokens = tokens_of(record)
    assert tokens is not None and tokens.id_token and tokens.refresh_token
    report = verify(
        tokens.id_token,
        jwks=local.jwks_url,
        issuer=local.issuer,
        client_id=hosted.target.client_id,
        token_use="id",
    )
    assert report.valid, report.failed
    # The user-pool API takes the hosted UI's access token.
    assert UserPoolCalls(hosted.target).get_user(tokens.access_token).ok
    info = hosted.user_info(tokens.access_token)
    assert info.ok and info.response["email"] == "demo@example.com"
    refreshed = hosted.refresh(tokens.refresh_token)
    assert refreshed.ok, refreshed.one_line()
    assert tokens_of(refreshed) is not None
    # A code works once.
    again = hosted.exchange_code(code, pkce)
    assert again.error_code == "invalid_grant" and again.http_status == 400
    assert "Fix:" in again.explanation


def test_a_wrong_verifier_is_invalid_grant(hosted: HostedUi, local: LocalTarget) -> None:
    code, _pkce = _code(hosted, local)
    record = hosted.exchange_code(code, new_pkce())
    assert record.error_code == "invalid_grant"


def test_bad_userinfo_token(hosted: HostedUi) -> None:
    record = hosted.user_info("not-a-token")
    assert record.error_code == "invalid_token" and record.http_status == 401
