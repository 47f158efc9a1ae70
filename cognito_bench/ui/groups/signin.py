"""Sign in (SRP, plain password, choice-based), and what a session can do with its tokens."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from cognito_bench.ui.groups import ActionGroup, Button, Field

__all__ = ["FIRST_FACTOR_CHOICES", "GROUP"]

#: The Choice button's PREFERRED_CHALLENGE options ("" lets Cognito offer SELECT_CHALLENGE).
FIRST_FACTOR_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Cognito asks", ""),
    ("E-mail code", "EMAIL_OTP"),
    ("SMS code", "SMS_OTP"),
    ("Password", "PASSWORD"),
    ("Password (SRP)", "PASSWORD_SRP"),
)


class SignInGroup(ActionGroup):
    """SRP, USER_PASSWORD_AUTH and USER_AUTH sign-ins; refresh, global sign-out, revoke."""

    TITLE = "Sign in"
    NAME = "signInGroup"
    MAIN = "signInSrp"
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
        Button("refresh", "Refresh tokens", "Sign in: Refresh"),
        Button("globalSignOut"),
        Button("revoke", "Revoke", "Sign in: Revoke"),
    )

    def build_extra(self, layout: QVBoxLayout) -> None:
        from cognito_bench.ui.challenge import ChallengeBox

        #: The pending challenge of the tab in front, answered in place (hidden when none).
        self.challenge = ChallengeBox()
        layout.addWidget(self.challenge)


GROUP = SignInGroup
