"""E-mail addresses and phone numbers in Cognito's formats; moto stores any text."""

from __future__ import annotations

from typing import Any

import pytest

from cognito_bench.aws.explain import explain
from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import PASSWORD, error_of, make_user, password_sign_in, unique

BAD_EMAIL = ("InvalidParameterException", "Invalid email address format.")
BAD_PHONE = ("InvalidParameterException", "Invalid phone number format.")


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("email", "not-an-email", BAD_EMAIL),
        ("email", "two@at@signs", BAD_EMAIL),
        ("email", "space in@example.com", BAD_EMAIL),
        ("email", "", BAD_EMAIL),
        ("phone_number", "555 555 5555", BAD_PHONE),
        ("phone_number", "15555550100", BAD_PHONE),
        ("phone_number", "+1 555 555 0100", BAD_PHONE),
        ("phone_number", "+1555555010012345", BAD_PHONE),
    ],
)
def test_sign_up_refuses_a_malformed_address(
    local: LocalTarget, idp: Any, name: str, value: str, expected: tuple[str, str]
) -> None:
    username = unique()
    attributes = [{"Name": name, "Value": value}]
    if name != "email":
        attributes.append({"Name": "email", "Value": f"{username}@example.com"})
    assert (
        error_of(
            lambda: idp.sign_up(
                ClientId=local.client_id,
                Username=username,
                Password=PASSWORD,
                UserAttributes=attributes,
            )
        )
        == expected
    )
    # Nothing was stored: the same username signs up once the address is right.
    fixed = "+15555550100" if name == "phone_number" else f"{username}@example.com"
    attributes[0]["Value"] = fixed
    assert idp.sign_up(
        ClientId=local.client_id, Username=username, Password=PASSWORD, UserAttributes=attributes
    )["UserSub"]


def test_updates_and_admin_calls_check_the_formats(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp, phone_number="+15550100127")
    access = password_sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    bad_phone = [{"Name": "phone_number", "Value": "(555) 010-0127"}]
    assert (
        error_of(lambda: idp.update_user_attributes(AccessToken=access, UserAttributes=bad_phone))
        == BAD_PHONE
    )
    bad_email = [{"Name": "email", "Value": "user.example.com"}]
    assert (
        error_of(
            lambda: idp.admin_update_user_attributes(
                UserPoolId=local.user_pool_id, Username=user.username, UserAttributes=bad_email
            )
        )
        == BAD_EMAIL
    )
    assert (
        error_of(
            lambda: idp.admin_create_user(
                UserPoolId=local.user_pool_id,
                Username=unique(),
                UserAttributes=bad_email,
                MessageAction="SUPPRESS",
            )
        )
        == BAD_EMAIL
    )
    # The user's attributes are unchanged; a good update still works.
    got = {a["Name"]: a["Value"] for a in idp.get_user(AccessToken=access)["UserAttributes"]}
    assert got["phone_number"] == "+15550100127" and got["email"] == user.email
    idp.admin_update_user_attributes(
        UserPoolId=local.user_pool_id,
        Username=user.username,
        UserAttributes=[{"Name": "phone_number", "Value": "+15550100128"}],
    )


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["email"], BAD_EMAIL),
        (["phone_number"], BAD_PHONE),
        (
            ["email", "phone_number"],
            ("InvalidParameterException", "Username should be either an email or a phone number."),
        ),
    ],
)
def test_a_pool_that_signs_in_by_address_names_the_format_it_wanted(
    idp: Any, kinds: list[str], expected: tuple[str, str]
) -> None:
    pool_id = idp.create_user_pool(PoolName=unique("by-address"), UsernameAttributes=kinds)[
        "UserPool"
    ]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"][
        "ClientId"
    ]
    code, message = error_of(
        lambda: idp.sign_up(ClientId=client_id, Username="asdfasdf", Password=PASSWORD)
    )
    assert (code, message) == expected
    assert "Fix:" in explain(code, message)
