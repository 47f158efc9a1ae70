"""Sign in (SRP, plain password, choice-based, custom), and what a session can do with its
tokens; "Remember this device" confirms the device a sign-in returns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from cognito_bench.ui.groups import ActionGroup, Button, Field
from cognito_bench.ui.widgets import named

if TYPE_CHECKING:
    from cognito_bench.flows.session import Change, Session

__all__ = ["FIRST_FACTOR_CHOICES", "GROUP", "REMEMBER_DEVICE"]

#: The Choice button's PREFERRED_CHALLENGE options ("" lets Cognito offer SELECT_CHALLENGE).
FIRST_FACTOR_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Cognito asks", ""),
    ("E-mail code", "EMAIL_OTP"),
    ("SMS code", "SMS_OTP"),
    ("Password", "PASSWORD"),
    ("Password (SRP)", "PASSWORD_SRP"),
)
#: The action a checked "Remember this device" runs after a sign-in that returned a new device.
REMEMBER_DEVICE = "rememberDevice"


class SignInGroup(ActionGroup):
    """SRP, USER_PASSWORD_AUTH, USER_AUTH and CUSTOM_AUTH sign-ins; refresh, global sign-out,
    revoke; remember the device a sign-in returned (when asked to).

    Signals:
        action(str): as every group's; also ``rememberDevice`` after a sign-in returned a new
            device while "Remember this device" is checked.
    """

    TITLE = "Sign in"
    NAME = "signInGroup"
    MAIN = "signInSrp"
    SHOWS = ("DEVICE",)
    FIELDS = (
        Field(
            "signInFirstFactor",
            "First factor (choice-based sign-in)",
            "First factor",
            "first_factor",
            kind="choice",
            choices=FIRST_FACTOR_CHOICES,
            tooltip="PREFERRED_CHALLENGE of the Choice button (USER_AUTH): EMAIL_OTP, SMS_OTP "
            "or PASSWORD; 'Cognito asks' sends none and Cognito answers SELECT_CHALLENGE",
        ),
    )
    BUTTONS = (
        Button("signInSrp"),
        # "Password" was a field, a group and this button: the button says how it signs in.
        Button("signInPassword", "Plain password", "Password"),
        Button("signInChoice"),
        Button("signInCustom", "Custom", "Sign in: Custom"),
        Button(""),  # "Remember this device" (build_extra)
        Button(""),
        Button("refresh", "Refresh tokens", "Sign in: Refresh"),
        Button("globalSignOut"),
        Button("revoke", "Revoke", "Sign in: Revoke"),
    )

    def build_extra(self, layout: QVBoxLayout) -> None:
        from cognito_bench.ui.challenge import ChallengeBox

        #: Confirm the device the next sign-in returns (NewDeviceMetadata), so the sign-in
        #: after it uses it (and skips MFA).
        self.remember_device = named(
            QCheckBox("Remember this device"),
            "signInRememberDevice",
            "Remember this device after the sign-in",
            "After a sign-in that returns a new device (a pool that tracks devices): "
            "ConfirmDevice, then UpdateDeviceStatus remembered. The next SRP sign-in of the "
            "same user in this session tab uses the device (DEVICE_SRP_AUTH) and Cognito "
            "skips MFA.",
        )
        self.grid.addWidget(self.remember_device, 1, 1, 1, 2)
        #: The pending challenge of the tab in front, answered in place (hidden when none).
        self.challenge = ChallengeBox()
        layout.addWidget(self.challenge)

    def tab_chain(self) -> list[QWidget]:
        """The fields, the sign-in buttons, the checkbox, then the session's buttons."""
        chain = super().tab_chain()
        at = chain.index(self.buttons["refresh"])
        return [*chain[:at], self.remember_device, *chain[at:]]

    def show_session(self, session: Session, change: Change, account: str) -> None:
        """A sign-in returned a new device and the box is checked: remember it now."""
        from cognito_bench.flows.session import Change

        # A sign-in's own record (tokens and the device together), not a later device change.
        arrived = Change.DEVICE in change and Change.TOKENS in change
        if arrived and session.new_device is not None and self.remember_device.isChecked():
            self.action.emit(REMEMBER_DEVICE)


GROUP = SignInGroup
