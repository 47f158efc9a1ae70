"""Decoding: header, payload, human times; plain-English reasons for what is not a JWS."""

from __future__ import annotations

import json
import time
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cognito_bench.tokens import decode
from tests.tokens import factory as f
from tests.tokens.factory import TestKey

NOW = float(int(time.time()))


def test_signed_token_decodes_with_times(key: TestKey) -> None:
    payload = f.claims("id", now=NOW - 180, lifetime=2700 + 180)  # exp in 45 min
    token = f.sign(payload, key)
    d = decode(token, now=NOW)
    assert d.kind == "jws"
    assert d.error == ""
    assert d.notes == []
    assert d.header == {"alg": "RS256", "kid": key.kid, "typ": "JWT"}
    assert d.payload == payload
    assert d.signature_present
    assert len(d.signature) == 256
    assert d.raw == token
    times = {t.name: t for t in d.times}
    assert [t.name for t in d.times] == ["exp", "iat", "auth_time"]
    assert times["exp"].relative == "in 45 min"
    assert times["iat"].relative == "3 min ago"
    assert times["exp"].epoch == payload["exp"]
    assert datetime.fromisoformat(times["exp"].iso).timestamp() == payload["exp"]
    assert datetime.fromisoformat(times["iat"].iso).utcoffset() is not None


def test_expired_and_not_before_times(key: TestKey) -> None:
    token = f.sign(f.claims(now=NOW - 3780, nbf=NOW + 7200), key)
    times = {t.name: t.relative for t in decode(token, now=NOW).times}
    assert times == {
        "exp": "expired 3 min ago",
        "iat": "1 h 3 min ago",
        "nbf": "in 2 h",
        "auth_time": "1 h 3 min ago",
    }


@pytest.mark.parametrize(
    ("wrap", "note"),
    [
        ("Bearer {}", "Stripped a 'Bearer ' prefix"),
        ("bearer   {}", "Stripped a 'Bearer ' prefix"),
        ("  {}\n", "Removed surrounding whitespace."),
        ('"{}"', "Removed surrounding quotes."),
        ("Authorization: Bearer {}", "Stripped an 'Authorization:' header name."),
    ],
)
def test_pasted_wrapping_is_stripped_and_said(key: TestKey, wrap: str, note: str) -> None:
    token = f.sign(f.claims(), key)
    d = decode(wrap.format(token))
    assert d.kind == "jws"
    assert d.raw == token
    assert any(n.startswith(note) for n in d.notes), d.notes


def test_line_breaks_inside_are_removed(key: TestKey) -> None:
    token = f.sign(f.claims(), key)
    wrapped = "\n".join(token[i : i + 76] for i in range(0, len(token), 76))
    d = decode(wrapped)
    assert d.kind == "jws"
    assert d.raw == token
    assert "Removed spaces and line breaks inside the token (a JWT has none)." in d.notes


def test_refresh_token_jwe_is_explained(key: TestKey) -> None:
    d = decode(f.refresh_jwe(key))
    assert d.kind == "jwe"
    assert d.header is not None and d.header["enc"] == "A256GCM"
    assert d.payload is None
    assert not d.signature_present
    assert "encrypted by Cognito; only Cognito can read it" in d.error
    assert "RSA-OAEP with A256GCM" in d.error


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("", "Empty input"),
        ("   \n ", "Empty input"),
        ("Bearer ", "Empty input"),
        ("0f5b2a8e-6c1d-4b8a-9d7e-3c2b1a0f9e8d", "there are no dots"),
        ("a.b.c.d", "4 parts separated by dots"),
        ("..", "segment 1 (header) is empty"),
    ],
)
def test_not_a_jwt_is_explained(text: str, phrase: str) -> None:
    d = decode(text)
    assert d.kind == "invalid"
    assert phrase in d.error
    assert d.payload is None


def test_two_parts_is_called_truncated_and_still_shown(key: TestKey) -> None:
    payload = f.claims()
    d = decode(f.sign(payload, key).rsplit(".", 1)[0])
    assert d.kind == "invalid"
    assert "signature is missing" in d.error
    assert "cut short" in d.error
    assert d.payload == payload


def test_payload_cut_mid_segment_is_explained(key: TestKey) -> None:
    head, payload, _ = f.sign(f.claims(), key).split(".")
    impossible = payload[: (len(payload) // 4) * 4 - 3]  # length 4k+1
    d = decode(f"{head}.{impossible}.sig")
    assert "impossible length" in d.error
    assert "segment 2 (payload)" in d.error
    ends_early = payload[: (len(payload) // 4) * 4 - 8]
    d = decode(f"{head}.{ends_early}.sig")
    assert "segment 2 (payload) is not valid JSON" in d.error
    assert "the text ends early, so the token may be cut short" in d.error


@pytest.mark.parametrize(
    ("segment", "phrase"),
    [
        ("eyJh+GciOiJSUzI1NiJ9", "'+' at position 5 is standard base64, not base64url"),
        ("eyJh/GciOiJSUzI1NiJ9", "'/' at position 5 is standard base64"),
        ("eyJhbGciOiJSUzI1NiJ9==", "'=' padding at position 21"),
        ("eyJh*GciOiJSUzI1NiJ9", "character '*' at position 5 is not base64url"),
        ("eyJhé", "character 'é' at position 5 is not base64url"),
    ],
)
def test_bad_base64url_names_segment_and_character(key: TestKey, segment: str, phrase: str) -> None:
    token = f.with_segment(f.sign(f.claims(), key), 0, segment)
    d = decode(token)
    assert d.kind == "invalid"
    assert d.error.startswith("Bad base64url in segment 1 (header): ")
    assert phrase in d.error


def test_bad_signature_base64(key: TestKey) -> None:
    d = decode(f.with_segment(f.sign(f.claims(), key), 2, "abc$def"))
    assert d.kind == "invalid"
    assert "Bad base64url in segment 3 (signature)" in d.error
    assert d.header is not None and d.payload is not None


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [
        (b"not json", "segment 2 (payload) is not valid JSON"),
        (b"[1, 2]", "segment 2 (payload) is JSON but not an object (it is a list)"),
        (b"\xff\xfe\x00", "not UTF-8 text"),
        (b'{"exp": NaN}', "NaN is not a JSON value"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_segment_not_json(key: TestKey, raw: bytes, phrase: str) -> None:
    d = decode(f.with_segment(f.sign(f.claims(), key), 1, f.b64url(raw)))
    assert d.kind == "invalid"
    assert phrase in d.error
    assert d.header is not None


def test_alg_none_is_noted() -> None:
    d = decode(f.unsigned(f.claims()))
    assert d.kind == "jws"
    assert not d.signature_present
    assert "No signature: the third part is empty." in d.notes
    assert "The header says alg 'none': the token claims to be unsigned." in d.notes


def test_odd_time_claims_never_raise(key: TestKey) -> None:
    token = f.sign(f.claims(exp="soon", iat=10**400, nbf=1e300, auth_time=True), key)
    d = decode(token, now=NOW)
    assert d.kind == "jws"
    assert [t.name for t in d.times] == ["nbf"]
    assert d.times[0].iso == "out of range"
    assert "The exp claim is not a number of seconds, so it is not a time." in d.notes
    assert "The iat claim is not a number of seconds, so it is not a time." in d.notes


def test_one_megabyte_token_decodes_with_a_note(key: TestKey) -> None:
    token = f.sign(f.claims(padding="x" * 1_000_000), key)
    d = decode(token)
    assert d.kind == "jws"
    assert d.payload is not None and len(d.payload["padding"]) == 1_000_000
    assert any(n.startswith(f"Unusually large: {len(token)} characters") for n in d.notes)


def test_json_and_repr_never_hold_the_token(key: TestKey) -> None:
    token = f.sign(f.claims(), key)
    d = decode(token)
    signature = token.rsplit(".", 1)[1]
    assert signature not in json.dumps(d.to_json())
    assert signature not in repr(d)
    assert d.to_json()["length"] == len(token)
    assert set(d.to_json()) == {
        "kind",
        "length",
        "header",
        "payload",
        "signature_present",
        "times",
        "notes",
        "error",
    }


def _segments() -> st.SearchStrategy[str]:
    """Segments that get past the cheap checks: base64url of JSON-ish or random bytes."""
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=8,
    )
    return st.one_of(
        st.binary(max_size=64).map(f.b64url),
        json_values.map(lambda v: f.b64url(json.dumps(v).encode())),
        st.text(alphabet="ABCxyz019-_+/=.* é", max_size=12),
    )


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_decode_never_raises_on_arbitrary_text(text: str) -> None:
    d = decode(text)
    assert d.kind in ("jws", "jwe", "invalid")
    assert (d.kind == "jws") == (d.error == "")
    json.dumps(d.to_json(), allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(_segments(), min_size=1, max_size=6), st.sampled_from(["", "Bearer ", " "]))
def test_decode_never_raises_on_token_shaped_text(parts: list[str], prefix: str) -> None:
    d = decode(prefix + ".".join(parts), now=NOW)
    assert d.kind in ("jws", "jwe", "invalid")
    if d.kind == "jws":
        assert isinstance(d.header, dict) and isinstance(d.payload, dict)
    else:
        assert d.error
    json.dumps(d.to_json(), allow_nan=False)
