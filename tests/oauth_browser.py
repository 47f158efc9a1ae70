"""A scripted browser for the hosted UI: opens the authorize URL, fills the sign-in form,
and follows the redirect to wherever it points (the bench's loopback listener)."""

from __future__ import annotations

import html.parser
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from cognito_bench.emulator import LocalTarget, local_client


@dataclass
class Form:
    """The first form of a page: where it posts and its inputs' names and values."""

    action: str = ""
    fields: dict[str, str] = field(default_factory=dict)


class _FormParser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.form: Form | None = None
        self._in_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "form" and self.form is None:
            self.form = Form(action=values.get("action", ""))
            self._in_form = True
        elif tag == "input" and self._in_form and self.form is not None and values.get("name"):
            self.form.fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def visit(request: urllib.request.Request | str) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) without following redirects."""
    try:
        with _OPENER.open(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")


def sign_in_page(url: str) -> tuple[int, str, Form | None]:
    """GET the authorize URL: (status, body, its form)."""
    status, _headers, body = visit(url)
    parser = _FormParser()
    parser.feed(body)
    return status, body, parser.form


def submit(url: str, form: Form, **values: str) -> tuple[int, dict[str, str], str]:
    """POST ``form`` (with ``values`` filled in) as the page at ``url`` would."""
    action = urllib.parse.urljoin(url, form.action or url)
    data = urllib.parse.urlencode({**form.fields, **values}).encode("utf-8")
    request = urllib.request.Request(
        action,
        data=data,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    return visit(request)


def sign_in(url: str, username: str, password: str) -> str:
    """The whole browser part: the form, the credentials, the redirect followed.

    Returns:
        The Location the hosted UI redirected to (already visited).
    """
    status, body, form = sign_in_page(url)
    assert status == 200 and form is not None, body[:500]
    status, headers, body = submit(url, form, username=username, password=password)
    assert status == 302, body[:500]
    location = headers.get("Location") or headers.get("location") or ""
    with urllib.request.urlopen(location, timeout=10) as page:  # the bench's listener
        page.read()
    return location


def free_port() -> int:
    """A loopback port nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oauth_client(local: LocalTarget, scopes: list[str], **extra: object) -> tuple[str, str, str]:
    """An app client of the demo pool whose callback URL is on a free loopback port.

    Returns:
        (client id, client secret or "", redirect URI).
    """
    port = free_port()
    redirect = f"http://localhost:{port}/callback"
    client = local_client("cognito-idp", local.endpoint_url).create_user_pool_client(
        UserPoolId=local.user_pool_id,
        ClientName=f"hosted-{port}",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=scopes,
        CallbackURLs=[redirect],
        LogoutURLs=[f"http://localhost:{port}/signed-out"],
        SupportedIdentityProviders=["COGNITO"],
        **extra,
    )["UserPoolClient"]
    return str(client["ClientId"]), str(client.get("ClientSecret", "")), redirect
