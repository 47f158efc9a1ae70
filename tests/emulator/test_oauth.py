"""The hosted UI and OAuth 2.0 endpoints: authorize, sign-in form, token, userInfo, logout."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.signing import decode_unverified
from cognito_bench.tokens import JwksCache, verify
from tests.emulator.conftest import PASSWORD, Clocked, User, error_of, make_user, unique

HOSTILE = '"><script>alert(1)</script>'
ALL_SCOPES = "openid email profile aws.cognito.signin.user.admin"


@dataclass
class Reply:
    """One HTTP answer, redirects not followed."""

    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def location(self) -> str:
        return str(self.headers.get("Location", ""))

    def location_query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(self.location).query).items()}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, form: dict[str, str] | None = None, **headers: str) -> Reply:
    """GET ``url`` (POST ``form`` url-encoded when given), without following redirects."""
    data = urlencode(form).encode() if form is not None else None
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with _OPENER.open(request, timeout=10) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as err:
        with err:
            return Reply(err.code, err.headers, err.read())


def pkce() -> tuple[str, str]:
    """(verifier, S256 challenge)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def authorize_params(target: LocalTarget, client_id: str = "", **extra: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": client_id or target.client_id,
        "redirect_uri": target.oauth_redirect_uri,
        "scope": ALL_SCOPES,
        "state": "st-123",
    }
    params.update(extra)
    return params


def authorize(
    target: LocalTarget, params: dict[str, str], path: str = "/oauth2/authorize"
) -> Reply:
    return fetch(f"{target.hosted_ui_domain}{path}?{urlencode(params)}")


def sign_in(target: LocalTarget, params: dict[str, str], username: str, password: str) -> Reply:
    """POST the hosted UI's form, as the browser would after /oauth2/authorize."""
    return fetch(
        f"{target.hosted_ui_domain}/login",
        {**params, "username": username, "password": password},
    )


def code_for(target: LocalTarget, user: User, params: dict[str, str]) -> str:
    reply = sign_in(target, params, user.username, user.password)
    assert reply.status == 302, reply.text
    return reply.location_query()["code"]


def token(target: LocalTarget, form: dict[str, str], basic: tuple[str, str] | None = None) -> Reply:
    headers = {}
    if basic is not None:
        pair = f"{basic[0]}:{basic[1]}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    return fetch(f"{target.hosted_ui_domain}/oauth2/token", form, **headers)


def exchange(target: LocalTarget, code: str, verifier: str = "", **extra: str) -> Reply:
    form = {
        "grant_type": "authorization_code",
        "client_id": target.client_id,
        "code": code,
        "redirect_uri": target.oauth_redirect_uri,
    }
    if verifier:
        form["code_verifier"] = verifier
    form.update(extra)
    return token(target, form)


def user_info(target: LocalTarget, access_token: str) -> Reply:
    return fetch(
        f"{target.hosted_ui_domain}/oauth2/userInfo", Authorization=f"Bearer {access_token}"
    )


def pinned(target: LocalTarget, use: str, client_id: str = "") -> dict[str, Any]:
    return {
        "jwks": target.jwks_url,
        "issuer": target.issuer,
        "client_id": client_id or target.client_id,
        "token_use": use,
        "cache": JwksCache(),
    }


@pytest.fixture
def pkce_tokens(local: LocalTarget, user: User) -> dict[str, Any]:
    """Tokens from the whole code + PKCE flow of a fresh user."""
    verifier, challenge = pkce()
    params = authorize_params(local, code_challenge=challenge, code_challenge_method="S256")
    reply = exchange(local, code_for(local, user, params), verifier)
    assert reply.status == 200, reply.text
    tokens: dict[str, Any] = reply.json()
    return tokens


# the code + PKCE flow ------------------------------------------------------------------------


def test_authorize_shows_a_sign_in_form_carrying_the_oauth_parameters(local: LocalTarget) -> None:
    _, challenge = pkce()
    params = authorize_params(local, code_challenge=challenge, code_challenge_method="S256")
    for path in ("/oauth2/authorize", "/login"):
        reply = authorize(local, params, path)
        assert reply.status == 200
        assert reply.headers["Content-Type"].startswith("text/html")
        assert f'action="{local.hosted_ui_domain}/login"' in reply.text
        assert 'name="password" type="password"' in reply.text
        for name, value in params.items():
            assert f'name="{name}" value="{html.escape(value)}"' in reply.text


def test_sign_in_redirects_to_the_callback_with_a_code_and_the_state(
    local: LocalTarget, user: User
) -> None:
    reply = sign_in(local, authorize_params(local), user.username, user.password)
    assert reply.status == 302
    assert reply.location.startswith(local.oauth_redirect_uri + "?")
    query = reply.location_query()
    assert query["state"] == "st-123"
    assert len(query["code"]) >= 32


def test_no_state_in_the_redirect_when_none_was_given(local: LocalTarget, user: User) -> None:
    params = authorize_params(local)
    del params["state"]
    reply = sign_in(local, params, user.username, user.password)
    assert reply.status == 302
    assert set(reply.location_query()) == {"code"}


def test_code_exchange_returns_tokens_that_verify_against_the_jwks(
    local: LocalTarget, pkce_tokens: dict[str, Any]
) -> None:
    assert pkce_tokens["token_type"] == "Bearer"
    assert pkce_tokens["expires_in"] == 3600
    assert pkce_tokens["refresh_token"].count(".") == 4
    for name, use in (("id_token", "id"), ("access_token", "access")):
        report = verify(pkce_tokens[name], **pinned(local, use))
        assert report.valid, [c.to_json() for c in report.failed]
    _, access = decode_unverified(pkce_tokens["access_token"])
    assert access["scope"] == ALL_SCOPES


def test_code_flow_tokens_work_with_get_user_refresh_and_user_info(
    local: LocalTarget, idp: Any, user: User, pkce_tokens: dict[str, Any]
) -> None:
    got = idp.get_user(AccessToken=pkce_tokens["access_token"])
    assert got["Username"] == user.username

    refreshed = token(
        local,
        {
            "grant_type": "refresh_token",
            "client_id": local.client_id,
            "refresh_token": pkce_tokens["refresh_token"],
        },
    )
    assert refreshed.status == 200, refreshed.text
    body = refreshed.json()
    assert set(body) == {"access_token", "id_token", "token_type", "expires_in"}
    assert verify(body["access_token"], **pinned(local, "access")).valid
    # the refreshed access token keeps the grant's scopes
    assert decode_unverified(body["access_token"])[1]["scope"] == ALL_SCOPES

    info = user_info(local, body["access_token"])
    assert info.status == 200, info.text
    data = info.json()
    assert data["username"] == user.username
    assert data["email"] == user.email
    assert data["email_verified"] == "true"
    assert data["sub"] == decode_unverified(body["id_token"])[1]["sub"]


def test_user_info_answers_post_too(local: LocalTarget, pkce_tokens: dict[str, Any]) -> None:
    reply = fetch(
        f"{local.hosted_ui_domain}/oauth2/userInfo",
        {},
        Authorization=f"Bearer {pkce_tokens['access_token']}",
    )
    assert reply.status == 200
    assert "sub" in reply.json()


def test_the_secret_client_signs_in_with_basic_auth(local: LocalTarget, user: User) -> None:
    params = authorize_params(local, local.client_id_with_secret)
    code = code_for(local, user, params)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": local.oauth_redirect_uri,
    }
    reply = token(local, form, basic=(local.client_id_with_secret, local.client_secret))
    assert reply.status == 200, reply.text
    report = verify(
        reply.json()["access_token"], **pinned(local, "access", local.client_id_with_secret)
    )
    assert report.valid, [c.to_json() for c in report.failed]


def test_client_secret_in_the_body_works_too(local: LocalTarget, user: User) -> None:
    code = code_for(local, user, authorize_params(local, local.client_id_with_secret))
    reply = exchange(
        local,
        code,
        client_id=local.client_id_with_secret,
        client_secret=local.client_secret,
    )
    assert reply.status == 200, reply.text


def test_the_nonce_of_the_request_is_in_the_id_token(local: LocalTarget, user: User) -> None:
    params = authorize_params(local, nonce="n-0S6_WzA2Mj")
    reply = exchange(local, code_for(local, user, params))
    id_token = reply.json()["id_token"]
    assert decode_unverified(id_token)[1]["nonce"] == "n-0S6_WzA2Mj"
    assert verify(id_token, **pinned(local, "id")).valid


def test_no_id_token_without_the_openid_scope(local: LocalTarget, user: User) -> None:
    params = authorize_params(local, scope="aws.cognito.signin.user.admin")
    reply = exchange(local, code_for(local, user, params))
    assert reply.status == 200
    assert "id_token" not in reply.json()
    # and userInfo wants openid
    assert user_info(local, reply.json()["access_token"]).status == 401


def test_without_a_scope_the_client_gets_all_its_scopes(local: LocalTarget, user: User) -> None:
    params = authorize_params(local)
    del params["scope"]
    reply = exchange(local, code_for(local, user, params))
    _, access = decode_unverified(reply.json()["access_token"])
    assert access["scope"] == ALL_SCOPES


def test_an_access_token_without_the_admin_scope_cannot_call_get_user(
    local: LocalTarget, idp: Any, user: User
) -> None:
    params = authorize_params(local, scope="openid email")
    reply = exchange(local, code_for(local, user, params))
    assert user_info(local, reply.json()["access_token"]).status == 200
    code, message = error_of(lambda: idp.get_user(AccessToken=reply.json()["access_token"]))
    assert (code, message) == (
        "NotAuthorizedException",
        "Access Token does not have required scopes",
    )


def test_openid_email_returns_only_email_claims(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp, name="Ada")
    params = authorize_params(local, scope="openid email")
    reply = exchange(local, code_for(local, user, params))
    data = user_info(local, reply.json()["access_token"]).json()
    assert set(data) == {"sub", "email", "email_verified", "username"}
    params = authorize_params(local, scope="openid profile")
    reply = exchange(local, code_for(local, user, params))
    data = user_info(local, reply.json()["access_token"]).json()
    assert data["name"] == "Ada"
    assert "email" not in data


# refusals at /oauth2/authorize ---------------------------------------------------------------


def test_redirect_uri_not_registered_is_redirect_mismatch(local: LocalTarget) -> None:
    reply = authorize(local, authorize_params(local, redirect_uri="https://evil.example/cb"))
    assert reply.status == 302
    assert reply.location.startswith(f"{local.hosted_ui_domain}/error?")
    assert reply.location_query() == {"error": "redirect_mismatch", "client_id": local.client_id}
    page = fetch(reply.location)
    assert page.status == 400
    assert "redirect_mismatch" in page.text
    assert "evil.example" not in reply.location


def test_unknown_client_is_a_400_page(local: LocalTarget) -> None:
    reply = authorize(local, authorize_params(local, "no-such-client"))
    assert reply.status == 400
    assert "does not exist" in reply.text


def test_client_without_the_code_grant_is_refused(local: LocalTarget, idp: Any) -> None:
    client = idp.create_user_pool_client(
        UserPoolId=local.user_pool_id,
        ClientName=unique("no-oauth"),
        CallbackURLs=[local.oauth_redirect_uri],
    )["UserPoolClient"]
    reply = authorize(local, authorize_params(local, client["ClientId"]))
    assert reply.status == 400
    assert "unauthorized_client" in reply.text


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"scope": "openid admin:everything"}, "invalid_scope"),
        ({"code_challenge": "abc", "code_challenge_method": "plain"}, "invalid_request"),
    ],
)
def test_bad_requests_go_back_to_the_callback_with_the_error(
    local: LocalTarget, extra: dict[str, str], error: str
) -> None:
    reply = authorize(local, authorize_params(local, **extra))
    assert reply.status == 302
    assert reply.location.startswith(local.oauth_redirect_uri + "?")
    assert reply.location_query() == {"error": error, "state": "st-123"}


# refusals at POST /login ---------------------------------------------------------------------------


def test_wrong_password_shows_the_form_again(local: LocalTarget, user: User) -> None:
    reply = sign_in(local, authorize_params(local), user.username, "Wrong-Passw0rd!")
    assert reply.status == 400
    assert not reply.location
    assert "Incorrect username or password." in reply.text
    assert 'name="state" value="st-123"' in reply.text


def test_unknown_user_gets_the_same_message(local: LocalTarget) -> None:
    reply = sign_in(local, authorize_params(local), unique("ghost"), PASSWORD)
    assert reply.status == 400
    assert "Incorrect username or password." in reply.text


def test_wrong_passwords_on_the_form_count_towards_the_lockout(
    local: LocalTarget, user: User
) -> None:
    for _ in range(5):
        sign_in(local, authorize_params(local), user.username, "Wrong-Passw0rd!")
    reply = sign_in(local, authorize_params(local), user.username, user.password)
    assert reply.status == 400
    assert "Password attempts exceeded" in reply.text


def test_unconfirmed_user_is_told_so(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp, confirm=False)
    reply = sign_in(local, authorize_params(local), user.username, user.password)
    assert reply.status == 400
    assert "User is not confirmed." in reply.text


def test_a_user_with_a_challenge_is_sent_to_the_bench(local: LocalTarget, idp: Any) -> None:
    username = unique("invited")
    idp.admin_create_user(
        UserPoolId=local.user_pool_id,
        Username=username,
        TemporaryPassword=PASSWORD,
        MessageAction="SUPPRESS",
    )
    reply = sign_in(local, authorize_params(local), username, PASSWORD)
    assert reply.status == 400
    assert "NEW_PASSWORD_REQUIRED" in reply.text
    assert "does not answer challenges" in reply.text


def test_hostile_state_and_username_are_escaped(local: LocalTarget) -> None:
    page = authorize(local, authorize_params(local, state=HOSTILE))
    assert page.status == 200
    assert HOSTILE not in page.text
    assert html.escape(HOSTILE) in page.text
    reply = sign_in(local, authorize_params(local, state=HOSTILE), HOSTILE, "x")
    assert reply.status == 400
    assert "<script>" not in reply.text
    assert f'name="username" value="{html.escape(HOSTILE)}"' in reply.text


# refusals at /oauth2/token ------------------------------------------------------------------------


def test_a_code_works_once(local: LocalTarget, user: User) -> None:
    code = code_for(local, user, authorize_params(local))
    assert exchange(local, code).status == 200
    again = exchange(local, code)
    assert (again.status, again.json()) == (400, {"error": "invalid_grant"})


def test_wrong_or_missing_verifier_is_invalid_grant(local: LocalTarget, user: User) -> None:
    verifier, challenge = pkce()
    params = authorize_params(local, code_challenge=challenge, code_challenge_method="S256")
    for wrong in (verifier + "x", ""):
        reply = exchange(local, code_for(local, user, params), wrong)
        assert (reply.status, reply.json()) == (400, {"error": "invalid_grant"})


def test_another_redirect_uri_at_the_token_endpoint_is_invalid_grant(
    local: LocalTarget, user: User
) -> None:
    code = code_for(local, user, authorize_params(local))
    reply = exchange(local, code, redirect_uri="http://localhost:8765/other")
    assert (reply.status, reply.json()) == (400, {"error": "invalid_grant"})


def test_a_code_expires_after_five_minutes(clocked: Clocked) -> None:
    target = clocked.target
    user = User(target.demo_user["username"], target.demo_user["password"], "")
    code = code_for(target, user, authorize_params(target))
    clocked.clock.advance(301)
    reply = exchange(target, code)
    assert (reply.status, reply.json()) == (400, {"error": "invalid_grant"})


def test_the_secret_client_must_authenticate(local: LocalTarget, user: User) -> None:
    params = authorize_params(local, local.client_id_with_secret)
    form = {
        "grant_type": "authorization_code",
        "code": code_for(local, user, params),
        "redirect_uri": local.oauth_redirect_uri,
    }
    missing = token(local, {**form, "client_id": local.client_id_with_secret})
    assert (missing.status, missing.json()) == (400, {"error": "invalid_client"})
    wrong = token(local, form, basic=(local.client_id_with_secret, "not-the-secret"))
    assert (wrong.status, wrong.json()) == (400, {"error": "invalid_client"})
    unknown = token(local, form, basic=("no-such-client", "x"))
    assert (unknown.status, unknown.json()) == (400, {"error": "invalid_client"})


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": "password"}, "unsupported_grant_type"),
        ({}, "invalid_request"),
        ({"grant_type": "authorization_code"}, "invalid_request"),
        ({"grant_type": "refresh_token"}, "invalid_request"),
        ({"grant_type": "refresh_token", "refresh_token": "garbage"}, "invalid_grant"),
        ({"grant_type": "client_credentials"}, "unauthorized_client"),
    ],
)
def test_token_endpoint_errors(local: LocalTarget, form: dict[str, str], error: str) -> None:
    reply = token(local, {"client_id": local.client_id, **form})
    assert reply.status == 400
    assert reply.headers["Content-Type"] == "application/json"
    assert reply.json() == {"error": error}


def test_a_revoked_refresh_token_is_invalid_grant(
    local: LocalTarget, idp: Any, pkce_tokens: dict[str, Any]
) -> None:
    idp.revoke_token(Token=pkce_tokens["refresh_token"], ClientId=local.client_id)
    reply = token(
        local,
        {
            "grant_type": "refresh_token",
            "client_id": local.client_id,
            "refresh_token": pkce_tokens["refresh_token"],
        },
    )
    assert (reply.status, reply.json()) == (400, {"error": "invalid_grant"})


def test_token_endpoint_answers_cors(local: LocalTarget) -> None:
    reply = fetch(f"{local.hosted_ui_domain}/oauth2/token", {}, Origin="http://localhost:8765")
    assert reply.headers["Access-Control-Allow-Origin"] == "http://localhost:8765"


# client credentials -------------------------------------------------------------------------------


def test_client_credentials_issue_an_access_token_for_the_client(
    local: LocalTarget, idp: Any
) -> None:
    server = f"https://api-{unique()}.example"
    idp.create_resource_server(
        UserPoolId=local.user_pool_id,
        Identifier=server,
        Name="api",
        Scopes=[{"ScopeName": "read", "ScopeDescription": "read"}],
    )
    client = idp.create_user_pool_client(
        UserPoolId=local.user_pool_id,
        ClientName=unique("machine"),
        GenerateSecret=True,
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["client_credentials"],
        AllowedOAuthScopes=[f"{server}/read"],
    )["UserPoolClient"]
    basic = (client["ClientId"], client["ClientSecret"])
    reply = token(local, {"grant_type": "client_credentials"}, basic=basic)
    assert reply.status == 200, reply.text
    body = reply.json()
    assert set(body) == {"access_token", "expires_in", "token_type"}
    report = verify(body["access_token"], **pinned(local, "access", client["ClientId"]))
    assert report.valid, [c.to_json() for c in report.failed]
    _, claims = decode_unverified(body["access_token"])
    assert claims["scope"] == f"{server}/read"
    assert claims["sub"] == client["ClientId"]
    assert "username" not in claims
    bad_scope = token(local, {"grant_type": "client_credentials", "scope": "openid"}, basic=basic)
    assert (bad_scope.status, bad_scope.json()) == (400, {"error": "invalid_scope"})
    code, _ = error_of(lambda: idp.get_user(AccessToken=body["access_token"]))
    assert code == "NotAuthorizedException"


# userInfo and logout ---------------------------------------------------------------------------------


def test_user_info_refuses_bad_tokens(local: LocalTarget, idp: Any, user: User) -> None:
    api = idp.initiate_auth(
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
    )["AuthenticationResult"]["AccessToken"]
    # API sign-ins carry no openid scope: Cognito's userInfo does not take them
    for bad in ("garbage", api):
        reply = user_info(local, bad)
        assert reply.status == 401
        assert reply.json() == {
            "error": "invalid_token",
            "error_description": "Access token is expired, disabled, or deleted, "
            "or the user has globally signed out.",
        }
        assert 'error="invalid_token"' in reply.headers["WWW-Authenticate"]
    assert fetch(f"{local.hosted_ui_domain}/oauth2/userInfo").status == 401


def test_user_info_refuses_a_signed_out_users_token(
    local: LocalTarget, idp: Any, pkce_tokens: dict[str, Any]
) -> None:
    idp.global_sign_out(AccessToken=pkce_tokens["access_token"])
    assert user_info(local, pkce_tokens["access_token"]).status == 401


def test_logout_redirects_to_a_registered_sign_out_url(local: LocalTarget) -> None:
    query = {"client_id": local.client_id, "logout_uri": "http://localhost:8765/signed-out"}
    reply = fetch(f"{local.hosted_ui_domain}/logout?{urlencode(query)}")
    assert (reply.status, reply.location) == (302, "http://localhost:8765/signed-out")
    query["logout_uri"] = "https://evil.example/"
    reply = fetch(f"{local.hosted_ui_domain}/logout?{urlencode(query)}")
    assert reply.status == 400
    assert not reply.location


def test_unknown_pool_and_path_are_404(local: LocalTarget) -> None:
    domain = local.hosted_ui_domain
    assert fetch(domain.replace(local.user_pool_id, "us-east-1_nope") + "/login").status == 404
    assert fetch(f"{domain}/oauth2/nothing").status == 404
    assert fetch(f"{domain}/oauth2/token").status == 405


def test_discovery_document_names_the_endpoints(local: LocalTarget) -> None:
    reply = fetch(f"{local.issuer}/.well-known/openid-configuration")
    data = reply.json()
    assert data["authorization_endpoint"] == f"{local.hosted_ui_domain}/oauth2/authorize"
    assert data["token_endpoint"] == f"{local.hosted_ui_domain}/oauth2/token"
    assert data["userinfo_endpoint"] == f"{local.hosted_ui_domain}/oauth2/userInfo"
