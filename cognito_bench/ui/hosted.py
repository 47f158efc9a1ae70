"""The Hosted UI group: sign in through the pool's hosted UI in the browser (authorization
code with PKCE), client credentials, GetClientToken (the API's machine token, beside the
grant it stands in for), userInfo, log out.

The browser comes back to a loopback redirect URI the bench listens on
(``aws.oauth.RedirectCatcher``); the code is exchanged at the token endpoint, and the tokens
land in the session tab the click came from, like any sign-in's. Records go out through the
window's :class:`~cognito_bench.ui.actions.ActionRunner`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QGridLayout, QLineEdit, QVBoxLayout, QWidget

from cognito_bench.defaults import DEFAULT_REDIRECT_URI, DEFAULT_SCOPES
from cognito_bench.flows import steps
from cognito_bench.ui.actions import SESSION, ActionRunner, Origin
from cognito_bench.ui.widgets import (
    GAP,
    GROUP_MARGINS,
    BusyButton,
    FlowGroup,
    line_edit,
    named,
    set_ready,
)

if TYPE_CHECKING:
    from cognito_bench.aws.oauth import HostedUi, RedirectCatcher
    from cognito_bench.aws.record import CallRecord
    from cognito_bench.aws.target import Target
    from cognito_bench.ui.sessions import SessionSlot

__all__ = ["WAIT_S", "HostedUiGroup"]

_SIGN_IN, _LOG_OUT = "Hosted UI sign-in", "Hosted UI log out"
#: How long the bench waits for the browser to come back.
WAIT_S = 300.0
#: Buttons per row (two rows: the group's height is counted on a 1366x768 screen).
_COLUMNS = 3
#: The default redirect URI (one home: cognito_bench.defaults, light enough for the window).
DEFAULT_REDIRECT = DEFAULT_REDIRECT_URI


def open_in_browser(url: str) -> bool:
    """Open ``url`` in the system's browser."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return bool(QDesktopServices.openUrl(QUrl(url)))


class HostedUiGroup(FlowGroup):
    """Hosted UI fields and buttons.

    Args:
        actions: runs the blocking parts (listening, the token call) and hands out records.
        target: the window's target (region, app client and its secret).
        slot: the session tab in front (its access token for userInfo; a sign-in's tokens
            go back to it).
    """

    def __init__(
        self,
        actions: ActionRunner,
        target: Callable[[], Target],
        slot: Callable[[], SessionSlot],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Hosted UI (OAuth 2.0)", "hostedGroup", parent)
        self._actions = actions
        self._runner = actions.runner
        self._target = target
        self._slot = slot
        self._catcher: RedirectCatcher | None = None
        #: Opens the authorize URL (tests replace it with a scripted browser).
        self.open_url: Callable[[str], bool] = open_in_browser
        self.domain = line_edit(
            "hostedDomain", "Hosted UI domain", "https://PREFIX.auth.REGION.amazoncognito.com"
        )
        self.redirect_uri = line_edit("hostedRedirectUri", "Redirect URI", DEFAULT_REDIRECT)
        self.redirect_uri.setText(DEFAULT_REDIRECT)
        self.scopes = line_edit("hostedScopes", "Scopes", DEFAULT_SCOPES)
        self.scopes.setText(DEFAULT_SCOPES)
        self.url = named(QLineEdit(), "hostedAuthorizeUrl", "Authorize URL (opened in the browser)")
        self.url.setReadOnly(True)
        self.url.setPlaceholderText("the sign-in URL shows here once opened")
        self.buttons: dict[str, BusyButton] = {}
        specs = [
            ("hostedSignIn", "Sign in (browser)", self.sign_in),
            ("hostedClientCredentials", "Client credentials", self.client_credentials),
            ("getClientToken", "Client token (API)", self.client_token),
            ("hostedUserInfo", "UserInfo", self.user_info),
            ("hostedLogout", "Log out (browser)", self.log_out),
        ]
        grid = QGridLayout()
        for i, (name, label, handler) in enumerate(specs):
            button = named(BusyButton(label), f"{name}Button", f"Hosted UI: {label}")
            button.clicked.connect(lambda _=False, h=handler: h())
            self.buttons[name] = button
            grid.addWidget(button, i // _COLUMNS, i % _COLUMNS)
        self.main_button = self.buttons["hostedSignIn"]
        form = QFormLayout()
        form.addRow("Domain", self.domain)
        form.addRow("Redirect URI", self.redirect_uri)
        form.addRow("Scopes", self.scopes)
        form.addRow("URL", self.url)
        for box in (form, grid):
            box.setContentsMargins(0, 0, 0, 0)
            box.setVerticalSpacing(GAP)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*GROUP_MARGINS)
        layout.setSpacing(GAP)
        layout.addLayout(form)
        layout.addLayout(grid)

    def tab_chain(self) -> list[QWidget]:
        """The group's fields, then its buttons, in the order Tab visits them."""
        return [self.domain, self.redirect_uri, self.scopes, self.url, *self.buttons.values()]

    def show_profile(self, domain: str, redirect_uri: str = "", scopes: str = "") -> None:
        """Fill the fields from a profile (empty redirect URI and scopes: the defaults)."""
        self.domain.setText(domain)
        self.redirect_uri.setText(redirect_uri or DEFAULT_REDIRECT)
        self.scopes.setText(scopes or DEFAULT_SCOPES)
        for edit in (self.domain, self.redirect_uri, self.scopes):
            edit.setCursorPosition(0)

    # ---- helpers ----------------------------------------------------------------------------

    async def _hosted(self) -> HostedUi:
        """The fields as a HostedUi, built off the GUI thread (its module loads botocore)."""
        fields = (
            self.domain.text().strip(),
            self._target(),
            self.redirect_uri.text().strip(),
            self.scopes.text(),
        )

        def build() -> HostedUi:
            steps.ensure_imported("cognito_bench.aws")
            from cognito_bench.aws.oauth import HostedUi
            from cognito_bench.aws.region import with_region

            domain, target, redirect_uri, scopes = fields
            return HostedUi(domain, with_region(target), redirect_uri, scopes)

        return await self._runner.call_cpu(build)

    def _run(self, name: str, job: Callable[[Origin], Coroutine[Any, Any, None]]) -> None:
        origin = Origin(SESSION, self._slot())
        self._actions.run_job(self.buttons[name], job(origin), f"hosted:{name}")

    def _emit(self, origin: Origin, record: CallRecord, username: str = "") -> None:
        self._actions.hand_out(record, origin._replace(username=username))

    def set_ready(self, ready: bool, why: str = "") -> None:
        """Enable the buttons once the target is known."""
        set_ready(self.buttons.values(), ready, why)

    async def _catch(
        self, origin: Origin, redirect_uri: str, operation: str, label: str
    ) -> RedirectCatcher | None:
        """Listen on ``redirect_uri`` (replacing a catcher still waiting); None when the port
        cannot be had (the refusal, as ``operation``, is emitted)."""
        from cognito_bench.aws.oauth import RedirectCatcher

        if self._catcher is not None:  # a sign-in still waiting: this click replaces it
            self._catcher.close()
        try:
            catcher = await self._runner.call(RedirectCatcher, redirect_uri)
        except OSError as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self._emit(
                origin,
                steps.refused(
                    operation,
                    f"cannot listen on {redirect_uri}: {reason}",
                    "Another program holds the redirect URI's port. Fix: close it, or use "
                    "another port in the redirect URI and add that URI to the app client's "
                    "callback URLs.",
                    label=label,
                ),
            )
            return None
        self._catcher = catcher
        return catcher

    async def _start(
        self, origin: Origin, hosted: HostedUi, listen_on: str, operation: str, label: str
    ) -> RedirectCatcher | None:
        """The fields checked, then a listener on ``listen_on``; None after a refusal."""
        problem = hosted.problem()
        if problem:
            self._emit(origin, steps.refused(operation, problem, label=label))
            return None
        return await self._catch(origin, listen_on, operation, label)

    async def _open_and_wait(self, catcher: RedirectCatcher, url: str) -> dict[str, str] | None:
        self.url.setText(url)
        self.url.setCursorPosition(0)
        if not self.open_url(url):
            self.url.setFocus()  # no browser: the user copies the URL
        query = await self._runner.call(catcher.wait, WAIT_S)
        if self._catcher is catcher:
            self._catcher = None
        return query

    # ---- actions ----------------------------------------------------------------------------

    def sign_in(self) -> None:
        """Open the hosted UI in the browser, wait for the redirect, exchange the code."""
        self._run("hostedSignIn", self._sign_in)

    async def _sign_in(self, origin: Origin) -> None:
        from cognito_bench.aws.oauth import new_pkce

        hosted = await self._hosted()
        catcher = await self._start(
            origin, hosted, hosted.redirect_uri, "OAuth2Authorize", _SIGN_IN
        )
        if catcher is None:
            return
        pkce = new_pkce()
        query = await self._open_and_wait(catcher, hosted.authorize_url(pkce))
        failure = hosted.redirect_failure(query, pkce)
        if failure is not None:
            self._emit(origin, failure)
            return
        assert query is not None  # redirect_failure checked it
        record = await self._runner.call(hosted.exchange_code, query["code"], pkce)
        self._emit(origin, record, await self._runner.call_cpu(_username_of, record))

    def client_credentials(self) -> None:
        """The client credentials grant with the scopes field's custom scopes (those with a
        ``/``: ``resource-server/scope``; none asks for every scope the client allows)."""
        self._step("hostedClientCredentials")

    def client_token(self) -> None:
        """GetClientToken (the API, no hosted UI domain needed) with the scopes field's custom
        scopes, for a client whose only flow is ALLOW_CLIENT_TOKEN_AUTH."""
        self._step("getClientToken")

    def user_info(self) -> None:
        """The userInfo endpoint with the session's access token."""
        self._step("hostedUserInfo")

    def _step(self, name: str) -> None:
        """Run the step of button ``name`` with the group's fields and the tab's session."""
        slot = self._slot()
        target = self._target().replace(hosted_ui_domain=self.domain.text().strip())
        form = steps.Form(target=target, scopes=" ".join(self.scopes.text().split()))
        origin = Origin(SESSION, slot)
        self._actions.run(name, form, origin, slot.session, button=self.buttons[name])

    def log_out(self) -> None:
        """Open the hosted UI's logout URL; the browser comes back to ``.../signed-out``."""
        self._run("hostedLogout", self._log_out)

    async def _log_out(self, origin: Origin) -> None:
        hosted = await self._hosted()
        signed_out = hosted.signed_out_uri()
        catcher = await self._start(origin, hosted, signed_out, "OAuth2Logout", _LOG_OUT)
        if catcher is None:
            return
        query = await self._open_and_wait(catcher, hosted.logout_url(signed_out))
        self._emit(origin, hosted.logout_record(query, signed_out))

    def stop(self) -> None:
        """Stop listening for a redirect (the window is closing)."""
        if self._catcher is not None:
            self._catcher.close()
            self._catcher = None


def _username_of(record: CallRecord) -> str:
    """The ``username`` claim of the access token a token call returned ("" if none)."""
    from cognito_bench.tokens.decode import decode

    token = record.response.get("access_token") if record.ok else None
    if not isinstance(token, str):
        return ""
    payload = decode(token, with_times=False).payload or {}
    return str(payload.get("username", ""))
