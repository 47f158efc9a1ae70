"""Forgot and change password: the reset code by e-mail, then a new password."""

from __future__ import annotations

from cognito_bench.ui.groups import ActionGroup, Button, Field

__all__ = ["GROUP"]


class PasswordGroup(ActionGroup):
    """ForgotPassword, ConfirmForgotPassword (code and new password), ChangePassword."""

    TITLE = "Forgot or change password"
    NAME = "passwordGroup"
    MAIN = "changePassword"
    FIELDS = (
        Field(
            "passwordNew",
            "New password",
            "New password",
            "new_password",
            "for Reset and Change",
            kind="secret",
        ),
    )
    BUTTONS = (
        Button("forgotPassword", "Send reset code", "Forgot"),
        Button("confirmForgotPassword", "Reset with code", "Confirm forgot"),
        Button("changePassword", "Change", "Change"),
    )


GROUP = PasswordGroup
