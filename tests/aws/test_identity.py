"""Identity pool: GetId and GetCredentialsForIdentity with the user pool's ID token."""

from __future__ import annotations

from cognito_bench.aws import INVALID_INPUT, IdentityCalls, Target, Tokens, credentials_of


def test_get_id_then_credentials(target: Target, signed_in: tuple[str, Tokens]) -> None:
    _, tokens = signed_in
    identity = IdentityCalls(target)
    got = identity.get_id(tokens.id_token)
    assert got.ok, got.one_line()
    identity_id = got.response["IdentityId"]
    assert identity_id.startswith(f"{target.region}:")
    logins = got.request["Logins"]
    assert list(logins) == [target.provider_name]
    assert logins[target.provider_name] != tokens.id_token
    record = identity.get_credentials_for_identity(identity_id, tokens.id_token)
    assert record.ok, record.one_line()
    creds = credentials_of(record)
    assert creds is not None
    assert creds.access_key_id and creds.secret_key and creds.session_token
    assert creds.expiration
    assert creds.secret_key not in repr(creds)
    assert creds.session_token not in repr(creds)
    assert record.request["Logins"][target.provider_name] != tokens.id_token


def test_logins_key_is_the_issuer_without_scheme(target: Target) -> None:
    assert target.provider_name == target.issuer.split("://", 1)[1]


def test_wrong_identity_pool(target: Target, signed_in: tuple[str, Tokens]) -> None:
    wrong = target.replace(identity_pool_id=f"{target.region}:00000000-0000-0000-0000-000000000000")
    record = IdentityCalls(wrong).get_id(signed_in[1].id_token)
    assert record.error_code == "ResourceNotFoundException"
    assert record.explanation


def test_token_of_another_pool_is_not_a_supported_provider(
    target: Target, signed_in: tuple[str, Tokens]
) -> None:
    other = target.replace(user_pool_id=f"{target.region}_NotTheProvider1")
    record = IdentityCalls(other).get_id(signed_in[1].id_token)
    assert record.error_code == "NotAuthorizedException"
    assert "identity pool" in record.explanation


def test_identity_input_is_checked(target: Target) -> None:
    identity = IdentityCalls(target.replace(endpoint_url="http://127.0.0.1:9"))
    assert identity.get_id("").error_code == INVALID_INPUT
    assert identity.get_credentials_for_identity("", "t" * 40).error_code == INVALID_INPUT
    bad_pool = IdentityCalls(target.replace(identity_pool_id="not-an-identity-pool"))
    assert bad_pool.get_id("t" * 40).error_code == INVALID_INPUT
    assert credentials_of(identity.get_id("")) is None
