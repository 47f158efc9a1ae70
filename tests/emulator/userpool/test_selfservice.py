"""Behaviour 6: a signed-in user's operations: RevokeToken, DeleteUser, attribute codes, sign-out."""

from __future__ import annotations

from typing import Any

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import User, error_of, outbox_code, password_sign_in, wrong_code

REVOKED = ("NotAuthorizedException", "Access Token has been revoked")
MISMATCH = ("CodeMismatchException", "Invalid verification code provided, please try again.")


def test_revoke_token_ends_the_refresh_token_and_its_access_tokens(
    local: LocalTarget, idp: Any, user: User
) -> None:
    first = password_sign_in(local, idp, user)["AuthenticationResult"]
    other = password_sign_in(local, idp, user)["AuthenticationResult"]
    refreshed = idp.initiate_auth(
        ClientId=local.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]},
    )["AuthenticationResult"]
    idp.revoke_token(Token=first["RefreshToken"], ClientId=local.client_id)
    for access in (first["AccessToken"], refreshed["AccessToken"]):
        assert error_of(lambda access=access: idp.get_user(AccessToken=access)) == REVOKED
    assert error_of(
        lambda: idp.initiate_auth(
            ClientId=local.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]},
        )
    ) == ("NotAuthorizedException", "Refresh Token has been revoked")
    # another sign-in of the same user is untouched
    assert idp.get_user(AccessToken=other["AccessToken"])["Username"] == user.username


def test_revoke_token_of_a_secret_client_needs_the_secret(local: LocalTarget, idp: Any) -> None:
    cid = local.client_id_with_secret
    assert error_of(lambda: idp.revoke_token(Token="not-a-token", ClientId=cid)) == (
        "UnauthorizedException",
        f"Client {cid} is configured for secret but secret was not received",
    )
    assert error_of(
        lambda: idp.revoke_token(Token="not-a-token", ClientId=cid, ClientSecret="x" * 30)
    ) == ("UnauthorizedException", f"Unable to verify secret for client {cid}")
    idp.revoke_token(Token="not-a-token", ClientId=cid, ClientSecret=local.client_secret)


def test_delete_user(local: LocalTarget, idp: Any, user: User) -> None:
    access = password_sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    idp.delete_user(AccessToken=access)
    assert error_of(
        lambda: idp.admin_get_user(UserPoolId=local.user_pool_id, Username=user.username)
    ) == ("UserNotFoundException", "User does not exist.")
    assert error_of(lambda: idp.get_user(AccessToken=access)) == REVOKED
    assert error_of(lambda: password_sign_in(local, idp, user)) == (
        "UserNotFoundException",
        "User does not exist.",
    )


def test_global_sign_out_ends_access_tokens(local: LocalTarget, idp: Any, user: User) -> None:
    access = password_sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    idp.global_sign_out(AccessToken=access)
    assert error_of(lambda: idp.get_user(AccessToken=access)) == REVOKED


def test_a_forged_access_token_is_refused(local: LocalTarget, idp: Any, user: User) -> None:
    access = password_sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    header, payload, signature = access.split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    assert error_of(lambda: idp.get_user(AccessToken=forged)) == (
        "NotAuthorizedException",
        "Invalid Access Token",
    )


def test_an_expired_access_token_is_refused(clocked: Any) -> None:
    from tests.emulator.conftest import Clocked, make_user

    assert isinstance(clocked, Clocked)
    user = make_user(clocked.target, clocked.idp)
    access = password_sign_in(clocked.target, clocked.idp, user)["AuthenticationResult"][
        "AccessToken"
    ]
    clocked.clock.advance(3601)
    assert error_of(lambda: clocked.idp.get_user(AccessToken=access)) == (
        "NotAuthorizedException",
        "Access Token has expired",
    )


def test_attribute_verification_code(local: LocalTarget, idp: Any, user: User) -> None:
    access = password_sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    idp.update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "email", "Value": "new@example.org"}]
    )
    attrs = {a["Name"]: a["Value"] for a in idp.get_user(AccessToken=access)["UserAttributes"]}
    assert attrs["email"] == "new@example.org"
    assert attrs["email_verified"] == "false"
    sent = idp.get_user_attribute_verification_code(AccessToken=access, AttributeName="email")
    assert sent["CodeDeliveryDetails"] == {
        "Destination": "n***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    code = outbox_code(local, user.username, "VERIFY_ATTRIBUTE")

    def verify(value: str) -> Any:
        return idp.verify_user_attribute(AccessToken=access, AttributeName="email", Code=value)

    assert error_of(lambda: verify(wrong_code(code))) == MISMATCH
    verify(code)
    attrs = {a["Name"]: a["Value"] for a in idp.get_user(AccessToken=access)["UserAttributes"]}
    assert attrs["email_verified"] == "true"
