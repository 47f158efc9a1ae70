"""redact: secrets always masked, tokens masked unless kept, JWTs found anywhere."""

from __future__ import annotations

import json

from cognito_bench.store.redact import MASK, contains_token, is_secret_key, redact
from tests.store.calls import fake_jwt, sign_in_call

JWT = fake_jwt("alice")


def test_secrets_are_masked_at_any_depth_and_any_spelling() -> None:
    data = {
        "AuthParameters": {"USERNAME": "alice", "PASSWORD": "pw-V1", "SECRET_HASH": "hash-V2"},
        "client_secret": "cs-V3",
        "ClientSecret": "cs-V4",
        "Credentials": {"AccessKeyId": "ASIAXXXX", "SecretKey": "sk-V5", "SessionToken": "st-V6"},
        "ChallengeResponses": {"PASSWORD_CLAIM_SIGNATURE": "sig-V7", "NEW_PASSWORD": "np-V8"},
        "Session": "sess-V9",
        "nested": [{"ProposedPassword": "pp-V10", "PreviousPassword": "op-V11"}],
        "ConfirmationCode": "123456",
    }
    out = redact(data, keep_tokens=True)
    flat = json.dumps(out)
    assert "-V" not in flat
    assert "123456" not in flat
    assert out["AuthParameters"]["USERNAME"] == "alice"
    assert out["Credentials"]["AccessKeyId"] == "ASIAXXXX"
    assert data["AuthParameters"]["PASSWORD"] == "pw-V1", "the input is not changed"


def test_tokens_masked_unless_kept() -> None:
    data = {
        "AuthenticationResult": {"AccessToken": JWT, "IdToken": JWT, "RefreshToken": "opaque-rt"},
        "Logins": {"cognito-idp.us-east-1.amazonaws.com/us-east-1_x": JWT},
        "note": f"Bearer {JWT} was sent",
        "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "minutes"},
    }
    masked = json.dumps(redact(data))
    assert JWT not in masked
    assert "opaque-rt" not in masked
    assert "Bearer *** token" in masked
    assert '"hours"' in masked, "token-validity units are not tokens"
    assert redact(data, keep_tokens=True) == data


def test_flags_and_numbers_under_secret_keys_stay() -> None:
    data = {"GenerateSecret": True, "PasswordPolicy": {"MinimumLength": 8, "RequireSymbols": True}}
    assert redact(data) == data


def test_error_dict_and_plain_values_untouched() -> None:
    call = sign_in_call(ok=False)
    out = redact(call)
    assert out["error"] == call["error"]
    assert out["operation"] == "InitiateAuth"
    assert out["request"]["AuthParameters"]["PASSWORD"] == MASK


def test_helpers() -> None:
    assert is_secret_key("aws_secret_access_key")
    assert is_secret_key("custom-password")
    assert not is_secret_key("Username")
    assert contains_token(f"x {JWT} y")
    assert not contains_token("eyJ-not-a-token")


def test_totp_setup_uri_secret_is_masked_even_when_tokens_are_kept() -> None:
    uri = "otpauth://totp/Bench:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bench"
    for keep in (False, True):
        out = redact({"qr": uri, "note": f"scan {uri} now"}, keep_tokens=keep)
        assert "JBSWY3DPEHPK3PXP" not in json.dumps(out)
        assert out["qr"] == "otpauth://totp/Bench:alice?secret=***&issuer=Bench"


def test_secrets_in_urls() -> None:
    presigned = (
        "https://bucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=ASIAX%2F20260101&X-Amz-Security-Token=IQoJb3JpZ2luSessionTok"
        "&X-Amz-Signature=abcdef0123456789"
    )
    redirect = "https://app.example.com/cb#id_token=opaque-id-tok&state=s1&refresh_token=rt-42"
    out = redact({"url": presigned, "redirect": redirect}, keep_tokens=True)
    assert "IQoJb3JpZ2luSessionTok" not in out["url"]
    assert "abcdef0123456789" not in out["url"]
    assert "X-Amz-Credential=ASIAX" in out["url"]
    assert out["redirect"] == redirect, "kept tokens stay"
    masked = redact({"redirect": redirect})["redirect"]
    assert "opaque-id-tok" not in masked and "rt-42" not in masked
    assert "state=s1" in masked
