"""MFA: set up an authenticator app (secret, URI, QR code), verify it, choose the factor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout

from cognito_bench.ui.groups import ActionGroup, Button, Field

if TYPE_CHECKING:
    from cognito_bench.flows.session import Change, Session

__all__ = ["GROUP"]


class MfaGroup(ActionGroup):
    """AssociateSoftwareToken, VerifySoftwareToken (the Code field), SetUserMFAPreference."""

    TITLE = "MFA"
    NAME = "mfaGroup"
    TABS = "factorTabs"
    SHOWS = ("TOTP",)
    MAIN = "mfaPreference"
    FIELDS = (
        Field(
            "mfaKind",
            "Preferred MFA",
            "Preferred",
            "mfa",
            kind="choice",
            choices=(("TOTP", None), ("SMS", None), ("E-mail", None), ("Off", None)),
        ),
    )
    BUTTONS = (Button("totpSetup"), Button("totpVerify"), Button("mfaPreference"))

    def build_extra(self, layout: QVBoxLayout) -> None:
        from cognito_bench.ui.challenge import TotpPanel

        #: The secret of a TOTP setup outside a sign-in challenge, its URI and QR code.
        self.totp = TotpPanel("mfaTotp")
        layout.addWidget(self.totp)

    def show_session(self, session: Session, change: Change, account: str) -> None:
        """The session's TOTP secret (a setup made outside a challenge)."""
        from cognito_bench.flows.session import Change

        if change == Change.NONE or Change.TOTP in change:
            in_challenge = session.challenge is not None and change != Change.NONE
            if not in_challenge:
                self.totp.set_secret(session.totp_secret, account)

    def set_local(self, local: bool) -> None:
        self.totp.set_local(local)


GROUP = MfaGroup
