"""Behaviour 9: never HTTP 500; unknown ids and bad bodies get Cognito's error codes."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import error_of

NO_POOL = "us-east-1_DoesNotExist"


@pytest.mark.parametrize(
    "call",
    [
        lambda idp: idp.describe_user_pool(UserPoolId=NO_POOL),
        lambda idp: idp.list_users(UserPoolId=NO_POOL),
        lambda idp: idp.list_resource_servers(UserPoolId=NO_POOL, MaxResults=5),
        lambda idp: idp.admin_get_user(UserPoolId=NO_POOL, Username="x"),
        lambda idp: idp.describe_user_pool_client(UserPoolId=NO_POOL, ClientId="x"),
    ],
)
def test_unknown_pool(idp: Any, call: Any) -> None:
    assert error_of(lambda: call(idp)) == (
        "ResourceNotFoundException",
        f"User pool {NO_POOL} does not exist.",
    )


def test_unknown_client(local: LocalTarget, idp: Any) -> None:
    for call in (
        lambda: idp.initiate_auth(
            ClientId="nosuchclient",
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "a", "PASSWORD": "b"},
        ),
        lambda: idp.sign_up(ClientId="nosuchclient", Username="a", Password="Abcdefg1!"),
        lambda: idp.describe_user_pool_client(
            UserPoolId=local.user_pool_id, ClientId="nosuchclient"
        ),
    ):
        assert error_of(call) == (
            "ResourceNotFoundException",
            "User pool client nosuchclient does not exist.",
        )


def test_unknown_user(local: LocalTarget, idp: Any) -> None:
    assert error_of(
        lambda: idp.admin_delete_user(UserPoolId=local.user_pool_id, Username="nobody-here")
    ) == ("UserNotFoundException", "User does not exist.")
    assert error_of(
        lambda: idp.initiate_auth(
            ClientId=local.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "nobody-here", "PASSWORD": "Abcdefg1!"},
        )
    ) == ("UserNotFoundException", "User does not exist.")
    assert error_of(
        lambda: idp.confirm_sign_up(
            ClientId=local.client_id, Username="nobody-here", ConfirmationCode="123456"
        )
    ) == ("UserNotFoundException", "Username/client id combination not found.")


def raw(
    target: LocalTarget, op: str, body: bytes, prefix: str = "AWSCognitoIdentityProviderService"
) -> tuple[int, dict[str, Any], dict[str, str]]:
    request = urllib.request.Request(
        target.endpoint_url + "/",
        data=body,
        headers={
            "X-Amz-Target": f"{prefix}.{op}",
            "Content-Type": "application/x-amz-json-1.1",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read()), dict(error.headers)


def test_malformed_json_is_a_serialization_error(local: LocalTarget) -> None:
    status, body, headers = raw(local, "SignUp", b"{not json")
    assert status == 400
    assert body["__type"] == "SerializationException"
    assert headers["x-amzn-ErrorType"].startswith("SerializationException")


def test_missing_parameter_is_invalid_parameter(local: LocalTarget) -> None:
    status, body, _ = raw(local, "SignUp", json.dumps({"ClientId": local.client_id}).encode())
    assert status == 400
    assert body == {
        "__type": "InvalidParameterException",
        "message": "1 validation error detected: Value null at 'username' failed to satisfy "
        "constraint: Member must not be null",
    }


def test_wrong_types_are_a_serialization_error(local: LocalTarget) -> None:
    status, body, _ = raw(
        local, "InitiateAuth", json.dumps({"ClientId": local.client_id, "AuthFlow": 7}).encode()
    )
    assert (status, body["__type"]) == (400, "SerializationException")


def test_every_operation_with_an_empty_body_is_a_clean_400(local: LocalTarget) -> None:
    import boto3

    for service, prefix in (
        ("cognito-idp", "AWSCognitoIdentityProviderService"),
        ("cognito-identity", "AWSCognitoIdentityService"),
    ):
        model = boto3.client(service, region_name="us-east-1").meta.service_model
        for op in model.operation_names:
            status, body, _ = raw(local, op, b"{}", prefix)
            assert status in (200, 400), (op, status)
            assert body.get("__type") != "InternalErrorException", (op, body)


def test_unknown_operation(local: LocalTarget) -> None:
    status, body, _ = raw(local, "MakeCoffee", b"{}")
    assert (status, body["__type"]) == (400, "UnknownOperationException")


def test_an_operation_moto_lacks_is_a_clear_400(local: LocalTarget) -> None:
    body_in = json.dumps({"UserPoolId": local.user_pool_id}).encode()
    status, body, _ = raw(local, "ListUserPoolReplicas", body_in)
    assert status == 400
    assert body["__type"] == "UnsupportedOperationException"
    assert "ListUserPoolReplicas" in body["message"]


def test_a_bad_token_is_refused_before_anything_else(local: LocalTarget) -> None:
    status, body, _ = raw(local, "ListDevices", b'{"AccessToken": "abc"}')
    assert (status, body) == (
        400,
        {"__type": "NotAuthorizedException", "message": "Invalid Access Token"},
    )
