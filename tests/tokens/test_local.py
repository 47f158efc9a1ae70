"""End to end: tokens from the embedded local Cognito verify with its JWKS, and only its."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.seed import local_client
from cognito_bench.tokens import JwksCache, decode, tamper_lab, verify
from tests.processes import local_process


def sign_in(target: dict[str, Any] | LocalTarget) -> dict[str, str]:
    """USER_PASSWORD_AUTH as the demo user; the AuthenticationResult."""
    t = target if isinstance(target, dict) else target.to_json()
    idp = local_client("cognito-idp", t["endpoint_url"])
    result = idp.initiate_auth(
        ClientId=t["client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": t["demo_user"]["username"],
            "PASSWORD": t["demo_user"]["password"],
        },
    )
    auth: dict[str, str] = result["AuthenticationResult"]
    return auth


@pytest.fixture(scope="module")
def tokens(local: LocalTarget) -> dict[str, str]:
    return sign_in(local)


@pytest.fixture(scope="module")
def other_emulator() -> Iterator[dict[str, Any]]:
    """A second embedded local Cognito, in its own process (its own signing key)."""
    with local_process() as target:
        yield target


def pinned(local: LocalTarget, token_use: str) -> dict[str, Any]:
    return {
        "jwks": local.jwks_url,
        "issuer": local.issuer,
        "client_id": local.client_id,
        "token_use": token_use,
        "cache": JwksCache(),
    }


def test_emulator_jwks_holds_the_signing_key(local: LocalTarget, tokens: dict[str, str]) -> None:
    header = decode(tokens["IdToken"]).header
    assert header is not None
    found = JwksCache().lookup(local.jwks_url, header["kid"], 0)
    assert found.jwks_ok, found.reason
    assert found.key is not None and found.key["kty"] == "RSA"


def test_emulator_signature_verifies(local: LocalTarget, tokens: dict[str, str]) -> None:
    for name, use in (("IdToken", "id"), ("AccessToken", "access")):
        report = verify(tokens[name], **pinned(local, use))
        signature = report.check("signature")
        assert signature is not None and signature.ok, report.to_json()


@pytest.mark.parametrize(("name", "use"), [("IdToken", "id"), ("AccessToken", "access")])
def test_emulator_tokens_verify_with_its_jwks(
    local: LocalTarget, tokens: dict[str, str], name: str, use: str
) -> None:
    report = verify(tokens[name], **pinned(local, use))
    assert report.valid, [c.to_json() for c in report.failed]


def test_emulator_issuer_serves_the_jwks_by_default(
    local: LocalTarget, tokens: dict[str, str]
) -> None:
    report = verify(
        tokens["AccessToken"],
        issuer=local.issuer,
        client_id=local.client_id,
        token_use="access",
        cache=JwksCache(),
    )
    assert report.valid, [c.to_json() for c in report.failed]
    assert f"from {local.jwks_url} (from the pinned issuer)" in str(report.check("jwks"))


def test_emulator_refresh_token_is_an_encrypted_jwe(tokens: dict[str, str]) -> None:
    d = decode(tokens["RefreshToken"])
    assert d.kind == "jwe"
    assert "only Cognito can read it" in d.error
    assert d.payload is None


def test_tamper_lab_on_a_real_token(local: LocalTarget, tokens: dict[str, str]) -> None:
    args = pinned(local, "id")
    result = tamper_lab(tokens["IdToken"], "sub", "someone-else", **args)
    assert result.caught, result.to_json()
    assert not result.after.check("signature").ok  # type: ignore[union-attr]


def test_token_from_another_emulator_does_not_verify(
    local: LocalTarget, other_emulator: dict[str, Any]
) -> None:
    foreign = sign_in(other_emulator)["IdToken"]
    # Even when pinned to the other instance's issuer and client, this instance's keys
    # must not verify the other's signature.
    report = verify(
        foreign,
        jwks=local.jwks_url,
        issuer=other_emulator["issuer"],
        client_id=other_emulator["client_id"],
        token_use="id",
        cache=JwksCache(),
    )
    assert not report.valid
    assert {c.name for c in report.failed} & {"kid", "signature"}, report.to_json()["checks"]
    own = verify(
        foreign,
        jwks=other_emulator["jwks_url"],
        issuer=other_emulator["issuer"],
        client_id=other_emulator["client_id"],
        token_use="id",
        cache=JwksCache(),
    )
    assert own.valid, [c.to_json() for c in own.failed]
