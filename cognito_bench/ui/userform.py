"""The user fields of one session tab: username, password (and Remember), e-mail, phone, code.

Each session tab has its own :class:`UserForm`. The first tab's widgets carry the plain
object names (``userUsername``); tab *n* carries the same names with ``_n`` appended
(``userUsername_2``) and accessible names ending in "(session n)" (:func:`suffixed`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QWidget

from cognito_bench.ui.widgets import GAP, GROUP_MARGINS, FlowGroup, line_edit, named

__all__ = ["UserForm", "suffixed"]


def suffixed(number: int, object_name: str, accessible: str) -> tuple[str, str]:
    """The names of a widget of session tab ``number`` (1: the plain names)."""
    if number <= 1:
        return object_name, accessible
    return f"{object_name}_{number}", f"{accessible} (session {number})"


class UserForm(FlowGroup):
    """Who the session tab signs in as, and the code a flow asks for.

    The Code row comes last, right above the Sign up group's Confirm. E-mail and Phone share
    a row: the left side fits a 1366×700 window.
    """

    def __init__(self, number: int = 1, parent: QWidget | None = None) -> None:
        super().__init__("User", suffixed(number, "userGroup", "User")[0], parent)
        self.number = number

        def edit(name: str, accessible: str, hint: str, secret: bool = False) -> Any:
            object_name, accessible_name = suffixed(number, name, accessible)
            return line_edit(object_name, accessible_name, hint, secret=secret)

        self.username = edit("userUsername", "Username", "user name (or e-mail, phone)")
        self.password = edit("userPassword", "Password", "the user's password", secret=True)
        self.remember = named(
            QCheckBox("Remember"),
            *suffixed(number, "userRememberPassword", "Remember the password"),
            "Keep this user's password in the system keyring after a successful sign-in",
        )
        self.remember.setEnabled(False)
        self.email = edit("userEmail", "E-mail", "e.g. name@example.com")
        self.phone = edit("userPhone", "Phone", "e.g. +15551234567")
        self.code = edit("userCode", "Code", "from the e-mail or SMS (the Outbox, locally)")
        password_row = QHBoxLayout()
        password_row.setContentsMargins(0, 0, 0, 0)
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.remember)
        form = QFormLayout(self)
        form.setContentsMargins(*GROUP_MARGINS)
        form.setVerticalSpacing(GAP)
        form.addRow("Username", self.username)
        form.addRow("Password", password_row)
        contact_row = QHBoxLayout()
        contact_row.setContentsMargins(0, 0, 0, 0)
        contact_row.setSpacing(6)
        contact_row.addWidget(self.email, 3)
        phone_label = QLabel("Phone")
        phone_label.setBuddy(self.phone)
        contact_row.addWidget(phone_label)
        contact_row.addWidget(self.phone, 2)
        form.addRow("E-mail", contact_row)
        form.addRow("Code", self.code)

    def apply_screen_share(self) -> None:
        """The code hides in screen-share mode (shown while it is edited)."""
        from cognito_bench.ui.screenshare import echo_for_sharing

        echo_for_sharing(self.code)

    def values(self) -> dict[str, str]:
        """The fields as :class:`~cognito_bench.flows.steps.Form` attributes."""
        return {
            "username": self.username.text().strip(),
            "password": self.password.text(),
            "email": self.email.text().strip(),
            "phone": self.phone.text().strip(),
            "code": self.code.text().strip(),
        }

    def tab_chain(self) -> list[QWidget]:
        """The inputs in the order Tab visits them."""
        return [self.username, self.password, self.remember, self.email, self.phone, self.code]
