"""The identity pool: trade the ID token for temporary AWS credentials (GetId, then
GetCredentialsForIdentity); the identity id and key id show on one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout

from cognito_bench.ui.groups import ActionGroup, Button
from cognito_bench.ui.screenshare import SecretLabel
from cognito_bench.ui.widgets import named

if TYPE_CHECKING:
    from cognito_bench.flows.session import Change, Session

__all__ = ["GROUP", "NO_IDENTITY"]

NO_IDENTITY = "No identity yet."


class IdentityGroup(ActionGroup):
    """Get credentials; the identity id and the AWS key id it gave."""

    TITLE = "Identity pool"
    NAME = "identityGroup"
    COLUMN = 0
    SHOWS = ("TOKENS", "IDENTITY", "CREDENTIALS", "SIGNED_OUT")
    MAIN = "getCredentials"
    BUTTONS = (Button("getCredentials"),)

    def build_extra(self, layout: QVBoxLayout) -> None:
        #: One line, cut to its width (the whole of it in the tooltip): two wrapped lines
        #: pushed the groups below it down when credentials arrived.
        self.identity = named(SecretLabel(NO_IDENTITY), "identityId", "Identity id")
        self.identity.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.identity.setWordWrap(False)
        self.grid.addWidget(self.identity, 0, 1, 1, 2)
        self.full_text = NO_IDENTITY

    def show_session(self, session: Session, change: Change, account: str) -> None:
        """The identity id and the AWS key id of the session's credentials."""
        creds = session.credentials
        key_id = str(getattr(creds, "access_key_id", "") or "")
        if creds is not None:
            text = f"{session.identity_id} · AWS key {key_id}"
        elif session.identity_id:
            text = session.identity_id
        else:
            text = NO_IDENTITY
        self.show_text(text, key_id)

    def show_text(self, text: str, key_id: str = "") -> None:
        """Show ``text`` on one line (its whole in the tooltip; the key id masked in
        screen-share mode)."""
        self.full_text = text
        self.identity.set_secret_text(text, (key_id,))


GROUP = IdentityGroup
