"""The masking rule: what screen-share mode hides, and that the disk rule still holds."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from cognito_bench.masking import (
    is_screen_secret_key,
    is_secret_key,
    screen_data,
    screen_text,
    screen_value,
)
from cognito_bench.store.redact import redact

JWT = "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiJ1MSJ9." + "s" * 300


def test_a_value_shows_its_first_characters_and_length_only() -> None:
    assert screen_value("123456") == "…(6 chars)"  # a code: no digit at all
    assert screen_value("Passw0rd!x") == "P…(10 chars)"
    assert screen_value(JWT) == f"{JWT[:6]}…({len(JWT):,} chars)"
    assert screen_value("") == "…(0 chars)"


@given(st.text(min_size=9, max_size=400))
def test_a_masked_value_never_holds_more_than_an_eighth_of_it(value: str) -> None:
    shown = screen_value(value)
    head = shown.split("…(")[0]
    assert value.startswith(head) and len(head) <= max(1, len(value) // 8)


def test_every_kind_of_secret_in_a_call_is_masked_and_the_rest_is_not() -> None:
    call = {
        "request": {
            "AuthParameters": {
                "USERNAME": "alice",
                "PASSWORD": "Passw0rd!",
                "SECRET_HASH": "h" * 44,
            }
        },
        "response": {
            "AuthenticationResult": {
                "AccessToken": JWT,
                "IdToken": JWT,
                "RefreshToken": JWT,
                "ExpiresIn": 3600,
            },
            "Credentials": {
                "AccessKeyId": "ASIA" + "X" * 16,
                "SecretKey": "k" * 40,
                "SessionToken": "t" * 300,
            },
            "SecretCode": "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
            "Session": "session-" + "z" * 100,
            "code": "123456",
            "Logins": {"cognito-idp.us-east-1.amazonaws.com/pool": JWT},
            "note": f"Bearer {JWT} was sent",
            "url": "otpauth://totp/Bench:alice?secret=ABCDEFGHIJKLMNOP&issuer=Bench",
            "redirect": "http://localhost:8765/callback?code=deadbeef-1234&state=s1",
        },
    }
    shown = json.dumps(screen_data(call))
    for secret in (
        "Passw0rd!",
        "h" * 44,
        JWT,
        "X" * 16,
        "k" * 40,
        "t" * 300,
        "ABCDEFGHIJKLMNOP",
        "z" * 100,
        "123456",
        "deadbeef-1234",
    ):
        assert secret not in shown, secret
    for kept in ('"alice"', '"ExpiresIn": 3600', "state=s1", "Bench:alice"):
        assert kept in shown, kept
    assert call["request"]["AuthParameters"]["PASSWORD"] == "Passw0rd!"  # a copy


def test_a_custom_challenges_answer_in_trigger_events_is_masked() -> None:
    """A custom sign-in's record carries its triggers' events: the expected answer
    (privateChallengeParameters) and the one given (challengeAnswer) are secrets, the
    question (publicChallengeParameters) is not."""
    invocation = {
        "kind": "VerifyAuthChallengeResponse",
        "event": {
            "request": {
                "privateChallengeParameters": {"answer": "forty-two"},
                "challengeAnswer": "fortytwo",
            }
        },
        "answer": {"response": {"publicChallengeParameters": {"question": "six times seven?"}}},
    }
    shown = json.dumps(screen_data({"triggers": [invocation]}))
    assert "forty-two" not in shown and "fortytwo" not in shown
    assert "six times seven?" in shown
    assert is_secret_key("challengeAnswer") and is_secret_key("privateChallengeParameters")
    stored = json.dumps(redact({"triggers": [invocation]}))  # the disk rule: the same
    assert "forty-two" not in stored and "fortytwo" not in stored
    assert "six times seven?" in stored
    assert "Passw0rd" not in json.dumps(redact({"ChallengeResponses": {"ANSWER": "Passw0rd"}}))


def test_free_text_masks_tokens_and_url_secrets() -> None:
    assert JWT not in screen_text(f"token {JWT}.")
    assert screen_text("plain words, no secret") == "plain words, no secret"
    assert "ABCDEFGHIJKLMNOP" not in screen_text("otpauth://totp/x?secret=ABCDEFGHIJKLMNOP")


def test_keys_are_compared_loosely() -> None:
    for key in ("AccessKeyId", "access_key_id", "SecretKey", "client-secret", "code", "IdToken"):
        assert is_screen_secret_key(key), key
    for key in ("Username", "ExpiresIn", "TokenType", "Email"):
        assert not is_screen_secret_key(key), key
