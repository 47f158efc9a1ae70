"""The signed-in user's account: read it, change attributes, verify one, delete the user."""

from __future__ import annotations

from cognito_bench.ui.groups import ActionGroup, Button, Field

__all__ = ["GROUP"]


class AccountGroup(ActionGroup):
    """GetUser, UpdateUserAttributes, attribute verification, DeleteUser (asks first)."""

    TITLE = "Account"
    NAME = "userActionsGroup"
    MAIN = "getUser"
    FIELDS = (
        Field(
            "userAttribute",
            "Attribute to verify",
            "Attribute",
            "attribute",
            kind="choice",
            choices=(("email", None), ("phone_number", None)),
        ),
    )
    BUTTONS = (
        Button("getUser"),
        Button("updateAttributes"),
        Button("sendAttributeCode"),
        Button("verifyAttribute"),
        Button("deleteUser"),
    )


GROUP = AccountGroup
