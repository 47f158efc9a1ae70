"""AdminCreateUser sends Cognito's invitation (the temporary password) to the outbox."""

from __future__ import annotations

import re
from typing import Any

from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.outbox import PURPOSES
from tests.emulator.conftest import PASSWORD, error_of, get_json, unique

TEMPORARY = "Temp-Passw0rd!"


def _create(local: LocalTarget, idp: Any, username: str, **kwargs: Any) -> dict[str, Any]:
    user: dict[str, Any] = idp.admin_create_user(
        UserPoolId=local.user_pool_id, Username=username, **kwargs
    )["User"]
    return user


def _invitations(local: LocalTarget, username: str) -> list[dict[str, Any]]:
    messages = get_json(f"{local.outbox_url}?username={username}")
    return [m for m in messages if m["purpose"] == "INVITATION"]


def _sign_in(local: LocalTarget, idp: Any, username: str, password: str) -> Any:
    return idp.initiate_auth(
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )


def _attributes(username: str, phone: bool = False) -> list[dict[str, str]]:
    attributes = [{"Name": "email", "Value": f"{username}@example.com"}]
    if phone:
        attributes.append({"Name": "phone_number", "Value": "+15555550123"})
    return attributes


def test_invitation_is_a_purpose() -> None:
    assert "INVITATION" in PURPOSES


def test_the_invitation_carries_the_temporary_password_by_email(
    local: LocalTarget, idp: Any
) -> None:
    username = unique("inv")
    _create(
        local,
        idp,
        username,
        UserAttributes=_attributes(username, phone=True),
        TemporaryPassword=TEMPORARY,
        DesiredDeliveryMediums=["EMAIL"],
    )
    [message] = _invitations(local, username)
    assert message["code"] == TEMPORARY
    assert (message["medium"], message["attribute"], message["destination"]) == (
        "EMAIL",
        "email",
        f"{username}@example.com",
    )
    assert message["pool_id"] == local.user_pool_id
    challenge = _sign_in(local, idp, username, message["code"])
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_both_mediums_get_the_invitation(local: LocalTarget, idp: Any) -> None:
    username = unique("inv")
    _create(
        local,
        idp,
        username,
        UserAttributes=_attributes(username, phone=True),
        TemporaryPassword=TEMPORARY,
        DesiredDeliveryMediums=["SMS", "EMAIL"],
    )
    messages = _invitations(local, username)
    assert sorted((m["medium"], m["destination"]) for m in messages) == [
        ("EMAIL", f"{username}@example.com"),
        ("SMS", "+15555550123"),
    ]
    assert {m["code"] for m in messages} == {TEMPORARY}


def test_the_default_medium_is_sms(local: LocalTarget, idp: Any) -> None:
    texted, mailed = unique("inv"), unique("inv")
    _create(local, idp, texted, UserAttributes=_attributes(texted, phone=True))
    assert [(m["medium"], m["attribute"]) for m in _invitations(local, texted)] == [
        ("SMS", "phone_number")
    ]
    # SMS without a phone number: the user is made, nothing is sent
    created = _create(local, idp, mailed, UserAttributes=_attributes(mailed))
    assert created["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert _invitations(local, mailed) == []


def test_a_generated_temporary_password_meets_the_policy_and_works(
    local: LocalTarget, idp: Any
) -> None:
    username = unique("inv")
    _create(
        local, idp, username, UserAttributes=_attributes(username), DesiredDeliveryMediums=["EMAIL"]
    )
    [message] = _invitations(local, username)
    password = message["code"]
    assert len(password) >= 8
    for rule in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"):
        assert re.search(rule, password), (rule, password)
    challenge = _sign_in(local, idp, username, password)
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    done = idp.respond_to_auth_challenge(
        ClientId=local.client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=challenge["Session"],
        ChallengeResponses={"USERNAME": username, "NEW_PASSWORD": PASSWORD},
    )
    assert done["AuthenticationResult"]["AccessToken"]


def test_suppress_sends_nothing(local: LocalTarget, idp: Any) -> None:
    username = unique("inv")
    _create(
        local,
        idp,
        username,
        UserAttributes=_attributes(username),
        MessageAction="SUPPRESS",
        TemporaryPassword=TEMPORARY,
        DesiredDeliveryMediums=["EMAIL"],
    )
    assert _invitations(local, username) == []
    assert _sign_in(local, idp, username, TEMPORARY)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_email_without_an_address_is_refused_and_no_user_is_made(
    local: LocalTarget, idp: Any
) -> None:
    username = unique("inv")
    assert error_of(lambda: _create(local, idp, username, DesiredDeliveryMediums=["EMAIL"])) == (
        "InvalidParameterException",
        "No email provided but desired delivery medium was Email",
    )
    assert error_of(
        lambda: idp.admin_get_user(UserPoolId=local.user_pool_id, Username=username)
    ) == ("UserNotFoundException", "User does not exist.")


def test_resend_sends_a_new_temporary_password(local: LocalTarget, idp: Any) -> None:
    username = unique("inv")
    created = _create(
        local,
        idp,
        username,
        UserAttributes=_attributes(username),
        TemporaryPassword=TEMPORARY,
        DesiredDeliveryMediums=["EMAIL"],
    )
    resent = _create(local, idp, username, MessageAction="RESEND", DesiredDeliveryMediums=["EMAIL"])
    # the same user (moto alone would make a new one, without its attributes)
    attributes = {a["Name"]: a["Value"] for a in resent["Attributes"]}
    assert attributes["email"] == f"{username}@example.com"
    assert attributes["sub"] == {a["Name"]: a["Value"] for a in created["Attributes"]}["sub"]
    assert resent["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    first, second = _invitations(local, username)
    assert first["code"] == TEMPORARY
    assert second["code"] != TEMPORARY
    assert error_of(lambda: _sign_in(local, idp, username, TEMPORARY)) == (
        "NotAuthorizedException",
        "Incorrect username or password.",
    )
    assert _sign_in(local, idp, username, second["code"])["ChallengeName"] == (
        "NEW_PASSWORD_REQUIRED"
    )


def test_resend_needs_a_user_waiting_for_a_new_password(local: LocalTarget, idp: Any) -> None:
    assert error_of(lambda: _create(local, idp, unique("nobody"), MessageAction="RESEND")) == (
        "UserNotFoundException",
        "User does not exist.",
    )
    username = unique("inv")
    _create(local, idp, username, MessageAction="SUPPRESS", TemporaryPassword=TEMPORARY)
    idp.admin_set_user_password(
        UserPoolId=local.user_pool_id, Username=username, Password=PASSWORD, Permanent=True
    )
    assert error_of(lambda: _create(local, idp, username, MessageAction="RESEND")) == (
        "UnsupportedUserStateException",
        f"Resend not possible. {username} status is not FORCE_CHANGE_PASSWORD",
    )
