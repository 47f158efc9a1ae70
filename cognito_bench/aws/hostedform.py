"""A scripted browser for a hosted UI sign-in form: opens the authorize URL, fills the form,
and posts it as a person's browser would.

:func:`post_credentials` stops at the form's redirect and hands back where it points (the
``hosted_sign_in`` step reads the code from it; nothing listens on the redirect URI);
:func:`sign_in` also follows it, to the bench's loopback listener (the self-test and the
tests use it in place of the system's browser).

Standard library only; no JavaScript, no cookies. Every input of the first form is posted
back as it came (hidden ones too), with the username and password filled in. Tested against
the embedded local Cognito's hosted UI only. AWS's classic hosted UI sends the browser from
``/oauth2/authorize`` on to ``/login`` with a CSRF cookie (its form's ``_csrf`` field must
match it), and its managed login pages are built by JavaScript: the authorize URL's redirect
is handed back as it is, so a headless sign-in there is expected to fail with that redirect
(not tried against AWS).
"""

from __future__ import annotations

import html.parser
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

__all__ = [
    "Form",
    "SignInFailed",
    "page_error",
    "post_credentials",
    "sign_in",
    "sign_in_page",
    "submit",
    "visit",
]

#: Elements without an end tag (they do not nest the error line's text deeper).
_VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "wbr"})
#: Answers that send the browser on (the hosted UI's redirects are 302).
REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass
class Form:
    """The first form of a page: where it posts and its inputs' names and values."""

    action: str = ""
    fields: dict[str, str] = field(default_factory=dict)


class _FormParser(html.parser.HTMLParser):
    """The first form, and the text of the page's error line (``id="error"`` or
    ``role="alert"``: where the local hosted UI says why it showed the form again)."""

    def __init__(self) -> None:
        super().__init__()
        self.form: Form | None = None
        self.error = ""
        self._in_form = False
        self._in_error = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self._in_error:
            self._in_error += int(tag not in _VOID)
        elif values.get("id") == "error" or values.get("role") == "alert":
            self._in_error = 1
        if tag == "form" and self.form is None:
            self.form = Form(action=values.get("action", ""))
            self._in_form = True
        elif tag == "input" and self._in_form and self.form is not None and values.get("name"):
            self.form.fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if self._in_error and tag not in _VOID:
            self._in_error -= 1
        if tag == "form":
            self._in_form = False

    def handle_data(self, data: str) -> None:
        if self._in_error:
            self.error += data


def _parse(body: str) -> _FormParser:
    parser = _FormParser()
    parser.feed(body)
    parser.close()
    return parser


def page_error(body: str) -> str:
    """The page's error line (the local hosted UI's ``id="error"``), one line; "" if none."""
    return " ".join(_parse(body).error.split())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def visit(
    request: urllib.request.Request | str, timeout: float = 10
) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) without following redirects."""
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), exc.read().decode("utf-8", "replace")


def location(headers: dict[str, str], base: str = "") -> str:
    """The Location header ("" when none), whatever its case; a relative one resolved
    against ``base`` (the URL that answered)."""
    where = headers.get("Location") or headers.get("location") or ""
    return urllib.parse.urljoin(base, where) if where and base else where


def sign_in_page(url: str) -> tuple[int, str, Form | None]:
    """GET the authorize URL: (status, body, its form)."""
    status, _headers, body = visit(url)
    return status, body, _parse(body).form


def _http(url: str) -> str:
    """``url`` when it is http(s); a browser never follows anything else here."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SignInFailed(f"not an http(s) URL: {url[:80]!r}")
    return url


def submit(
    url: str, form: Form, timeout: float = 10, **values: str
) -> tuple[int, dict[str, str], str]:
    """POST ``form`` (with ``values`` filled in) as the page at ``url`` would."""
    action = _http(urllib.parse.urljoin(url, form.action or url))
    data = urllib.parse.urlencode({**form.fields, **values}).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 (_http: http or https only)
        action,
        data=data,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    return visit(request, timeout)


def post_credentials(url: str, username: str, password: str, timeout: float = 10) -> str:
    """The browser part up to the redirect: the form, the credentials posted.

    An authorize URL the hosted UI refuses before showing a form (a scope the client may
    not ask for) redirects at once: that redirect is returned too.

    Returns:
        The Location the hosted UI redirected to (not visited).

    Raises:
        SignInFailed: no form, or the form did not redirect (a wrong password shows the
            form again: the message is the page's error line), or the redirect is not to
            an http(s) URL.
    """
    status, headers, body = visit(_http(url), timeout)
    if status in REDIRECTS and location(headers):
        return _http(location(headers, url))
    form = _parse(body).form
    if status != 200 or form is None:
        raise SignInFailed(
            f"no sign-in form at the authorize URL (HTTP {status})",
            page_error(body) or f"HTTP{status}",
        )
    status, headers, body = submit(url, form, timeout, username=username, password=password)
    where = location(headers, urllib.parse.urljoin(url, form.action or url))
    if status not in REDIRECTS or not where:
        error = page_error(body)
        raise SignInFailed(
            error or f"the sign-in form did not redirect (HTTP {status})",
            "SignInRefused" if error else f"HTTP{status}",
        )
    return _http(where)


def sign_in(url: str, username: str, password: str) -> str:
    """The whole browser part: the form, the credentials, the redirect followed.

    Returns:
        The Location the hosted UI redirected to (already visited).

    Raises:
        SignInFailed: as :func:`post_credentials`.
    """
    where = post_credentials(url, username, password)
    with _OPENER.open(where, timeout=10) as page:  # the bench's listener
        page.read()
    return where


class SignInFailed(Exception):
    """The scripted sign-in did not get through the form; the message says where.

    Attributes:
        code: an error code for a record (``SignInRefused`` when the form came back with
            an error line, else ``HTTP<status>``): a hosted UI page carries no error code.
    """

    def __init__(self, message: str, code: str = "SignInFailed") -> None:
        super().__init__(message)
        self.code = code
