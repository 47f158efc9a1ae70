"""The tamper lab: a changed claim keeps its old signature, and verification catches it."""

from __future__ import annotations

import time

import pytest

from cognito_bench.tokens import decode, tamper, tamper_lab
from tests.tokens import factory as f
from tests.tokens.factory import TestKey

NOW = float(int(time.time()))


def test_tamper_changes_only_the_payload(key: TestKey) -> None:
    token = f.sign(f.claims("id", now=NOW), key)
    forged = tamper(token, "sub", "admin")
    head, payload, sig = token.split(".")
    f_head, f_payload, f_sig = forged.split(".")
    assert (f_head, f_sig) == (head, sig)
    assert f_payload != payload
    before, after = decode(token).payload, decode(forged).payload
    assert before is not None and after is not None
    assert after["sub"] == "admin"
    assert {k: v for k, v in after.items() if k != "sub"} == {
        k: v for k, v in before.items() if k != "sub"
    }


def test_tamper_lab_groups_on_access_token_is_caught(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims("access", now=NOW), key)
    result = tamper_lab(
        token,
        "cognito:groups",
        ["admins", "superusers"],
        jwks=jwks_file,
        issuer=f.ISSUER,
        client_id=f.CLIENT_ID,
        token_use="access",
        now=NOW,
    )
    assert result.before.valid
    assert not result.after.valid
    assert {c.name for c in result.after.failed} == {"signature"}
    assert result.caught
    assert result.old_value == ["admins", "editors"]
    assert "Member of: admins, superusers." in str(result.after.check("cognito:groups"))
    assert result.summary.startswith(
        "Changed cognito:groups from ['admins', 'editors'] to ['admins', 'superusers'] and kept "
        "the original signature. The signature check now fails"
    )
    data = result.to_json()
    assert data["caught"] is True
    assert result.tampered not in repr(result)


def test_tamper_lab_on_an_unverifiable_token_says_it_shows_nothing(
    key: TestKey, other_key: TestKey, jwks_file: str
) -> None:
    token = f.sign(f.claims(now=NOW), other_key, kid=key.kid)
    result = tamper_lab(token, "sub", "admin", jwks=jwks_file, issuer=f.ISSUER, now=NOW)
    assert not result.caught
    assert "this shows nothing" in result.summary


@pytest.mark.parametrize("bad", ["", "not a token", "a.b"])
def test_tamper_refuses_what_is_not_a_jws(bad: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        tamper(bad, "sub", "x")


def test_tamper_refuses_a_jwe(key: TestKey) -> None:
    with pytest.raises(ValueError, match="only Cognito can read it"):
        tamper(f.refresh_jwe(key), "sub", "x")
