"""A scripted browser for a hosted UI sign-in form: opens the authorize URL, fills the form,
and follows the redirect to wherever it points (the bench's loopback listener).

The self-test signs in through the embedded local Cognito's hosted UI with it, and the tests
use it in place of the system's browser. Standard library only; no JavaScript, no cookies.
"""

from __future__ import annotations

import html.parser
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

__all__ = ["Form", "SignInFailed", "sign_in", "sign_in_page", "submit", "visit"]


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


def _http(url: str) -> str:
    """``url`` when it is http(s); a browser never follows anything else here."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SignInFailed(f"not an http(s) URL: {url[:80]!r}")
    return url


def submit(url: str, form: Form, **values: str) -> tuple[int, dict[str, str], str]:
    """POST ``form`` (with ``values`` filled in) as the page at ``url`` would."""
    action = _http(urllib.parse.urljoin(url, form.action or url))
    data = urllib.parse.urlencode({**form.fields, **values}).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 (_http: http or https only)
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

    Raises:
        SignInFailed: no form, the form did not redirect (a wrong password shows the form
            again), or a redirect to something that is not http(s).
    """
    status, _body, form = sign_in_page(_http(url))
    if status != 200 or form is None:
        raise SignInFailed(f"no sign-in form at the authorize URL (HTTP {status})")
    status, headers, _body = submit(url, form, username=username, password=password)
    if status != 302:
        raise SignInFailed(f"the sign-in form did not redirect (HTTP {status})")
    location = _http(headers.get("Location") or headers.get("location") or "")
    with _OPENER.open(location, timeout=10) as page:  # the bench's listener
        page.read()
    return location


class SignInFailed(Exception):
    """The scripted sign-in did not get through the form; the message says where."""
