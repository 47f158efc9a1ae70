"""Behaviour 8: a discoverable issuer and a signing key of the emulator's own."""

from __future__ import annotations

import json
from typing import Any

import jwt
import pytest

from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import Clocked, User, get_json, password_sign_in


@pytest.fixture
def tokens(local: LocalTarget, idp: Any, user: User) -> dict[str, str]:
    result: dict[str, str] = password_sign_in(local, idp, user)["AuthenticationResult"]
    return result


def test_openid_configuration_names_the_issuer_and_jwks(local: LocalTarget) -> None:
    config = get_json(f"{local.issuer}/.well-known/openid-configuration")
    assert config["issuer"] == local.issuer == f"{local.endpoint_url}/{local.user_pool_id}"
    assert config["jwks_uri"] == local.jwks_url
    assert config["id_token_signing_alg_values_supported"] == ["RS256"]


def test_a_standard_verifier_accepts_the_tokens(
    local: LocalTarget, user: User, tokens: dict[str, str]
) -> None:
    keys = jwt.PyJWKClient(local.jwks_url)
    id_token = tokens["IdToken"]
    claims = jwt.decode(
        id_token,
        keys.get_signing_key_from_jwt(id_token).key,
        algorithms=["RS256"],
        audience=local.client_id,
        issuer=local.issuer,
    )
    assert claims["cognito:username"] == user.username
    assert claims["token_use"] == "id"
    assert claims["email_verified"] is True
    access = jwt.decode(
        tokens["AccessToken"],
        keys.get_signing_key_from_jwt(tokens["AccessToken"]).key,
        algorithms=["RS256"],
        issuer=local.issuer,
        options={"verify_aud": False},
    )
    assert access["client_id"] == local.client_id
    assert access["token_use"] == "access"


def test_moto_builtin_key_does_not_verify_our_tokens(tokens: dict[str, str]) -> None:
    from moto.utilities.utils import load_resource

    public = load_resource("cognitoidp/resources/jwks-public.json")
    key = jwt.PyJWK(public["keys"][0] if "keys" in public else public).key
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(tokens["IdToken"], key, algorithms=["RS256"], options={"verify_aud": False})


def test_each_emulator_has_its_own_key(local: LocalTarget, clocked: Clocked) -> None:
    ours = get_json(local.jwks_url)["keys"]
    theirs = get_json(clocked.target.jwks_url)["keys"]
    assert len(ours) == len(theirs) == 1
    assert ours[0]["kid"] != theirs[0]["kid"]
    assert ours[0]["n"] != theirs[0]["n"]
    assert json.dumps(ours) != json.dumps(theirs)


def test_unknown_pool_has_no_jwks(local: LocalTarget) -> None:
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(f"{local.endpoint_url}/us-east-1_Nope/.well-known/jwks.json")
    with info.value as error:
        assert error.code == 404
