"""Sign up: SignUp with the user fields, ConfirmSignUp with the code, a new code."""

from __future__ import annotations

from cognito_bench.ui.groups import ActionGroup, Button

__all__ = ["GROUP"]


class SignUpGroup(ActionGroup):
    """Sign up, confirm with the Code field (just above), resend the code."""

    TITLE = "Sign up"
    NAME = "signUpGroup"
    MAIN = "signUp"
    BUTTONS = (
        Button("signUp"),
        Button("confirmSignUp", "Confirm", "Sign up: Confirm"),
        Button("resendCode"),
    )


GROUP = SignUpGroup
