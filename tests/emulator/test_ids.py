"""Pool ids and client secrets have Cognito's shapes; bare moto in the same process keeps its own."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from typing import Any

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import PASSWORD, get_json, unique

# Cognito: "<region>_" and 9 of [0-9a-zA-Z] (the API model allows [\w-]+_[0-9a-zA-Z]+, max 55)
POOL_ID = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]{9}$")
# Cognito-generated client secrets: 52 lowercase letters and digits (API: [\w+]+, 24..64)
CLIENT_SECRET = re.compile(r"^[0-9a-z]{52}$")
CLIENT_ID = re.compile(r"^[0-9a-z]{26}$")


def _secret_hash(secret: str, username: str, client_id: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def test_the_demo_pool_and_clients_are_cognito_shaped(local: LocalTarget, idp: Any) -> None:
    assert POOL_ID.match(local.user_pool_id), local.user_pool_id
    assert local.issuer.endswith("/" + local.user_pool_id)
    assert CLIENT_ID.match(local.client_id)
    assert CLIENT_SECRET.match(local.client_secret)
    described = idp.describe_user_pool_client(
        UserPoolId=local.user_pool_id, ClientId=local.client_id_with_secret
    )["UserPoolClient"]
    assert described["ClientSecret"] == local.client_secret
    pool = idp.describe_user_pool(UserPoolId=local.user_pool_id)["UserPool"]
    assert pool["Id"] == local.user_pool_id
    assert pool["Arn"].endswith(f":userpool/{local.user_pool_id}")


def test_a_created_pool_gets_a_cognito_id_that_works_everywhere(
    local: LocalTarget, idp: Any
) -> None:
    name = unique("ids")
    created = idp.create_user_pool(PoolName=name)["UserPool"]
    pool_id = created["Id"]
    try:
        assert POOL_ID.match(pool_id), pool_id
        assert created["Arn"].endswith(f":userpool/{pool_id}")
        assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Name"] == name
        listed = idp.list_user_pools(MaxResults=60)["UserPools"]
        assert pool_id in [p["Id"] for p in listed]
        client = idp.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="ids",
            GenerateSecret=True,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]
        secret = client["ClientSecret"]
        assert CLIENT_SECRET.match(secret), secret
        assert client["UserPoolId"] == pool_id
        again = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])
        assert again["UserPoolClient"]["ClientSecret"] == secret
        idp.admin_create_user(UserPoolId=pool_id, Username="ida", MessageAction="SUPPRESS")
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username="ida", Password=PASSWORD, Permanent=True
        )
        result = idp.initiate_auth(
            ClientId=client["ClientId"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={
                "USERNAME": "ida",
                "PASSWORD": PASSWORD,
                "SECRET_HASH": _secret_hash(secret, "ida", client["ClientId"]),
            },
        )["AuthenticationResult"]
        assert result["AccessToken"]
        # the renamed pool has its issuer documents, signed by the emulator's key
        config = get_json(f"{local.endpoint_url}/{pool_id}/.well-known/openid-configuration")
        assert config["issuer"] == f"{local.endpoint_url}/{pool_id}"
    finally:
        idp.delete_user_pool(UserPoolId=pool_id)
    assert pool_id not in [p["Id"] for p in idp.list_user_pools(MaxResults=60)["UserPools"]]


def test_a_client_without_a_secret_gets_none(local: LocalTarget, idp: Any) -> None:
    client = idp.create_user_pool_client(UserPoolId=local.user_pool_id, ClientName=unique("ids"))
    described = client["UserPoolClient"]
    try:
        assert "ClientSecret" not in described
        assert CLIENT_ID.match(described["ClientId"])
    finally:
        idp.delete_user_pool_client(UserPoolId=local.user_pool_id, ClientId=described["ClientId"])


def test_pools_made_by_bare_moto_keep_moto_ids(local: LocalTarget) -> None:
    from moto.cognitoidp.models import cognitoidp_backends
    from moto.core.models import DEFAULT_ACCOUNT_ID

    backend: Any = cognitoidp_backends[DEFAULT_ACCOUNT_ID]["eu-west-3"]
    pool = backend.create_user_pool(unique("bare"), {})
    try:
        # no global patch of moto: its own id (32 hex) and a UUID secret
        assert re.match(r"^eu-west-3_[0-9a-f]{32}$", pool.id), pool.id
        client = backend.create_user_pool_client(pool.id, True, {"ClientName": "bare"})
        assert re.match(r"^[0-9a-f-]{36}$", client.secret)
    finally:
        backend.delete_user_pool(pool.id)
