"""The verifier against a battery of crafted tokens: each rejected by the right check, saying why."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cognito_bench.tokens import JwksCache, VerificationReport, tamper, verify
from tests.tokens import factory as f
from tests.tokens.factory import TestKey

NOW = float(int(time.time()))
PINNED: dict[str, Any] = {"issuer": f.ISSUER, "client_id": f.CLIENT_ID, "now": NOW}


def check_names(report: VerificationReport) -> list[str]:
    return [c.name for c in report.checks]


def failed(report: VerificationReport) -> set[str]:
    return {c.name for c in report.failed}


def detail(report: VerificationReport, name: str) -> str:
    check = report.check(name)
    assert check is not None, f"no {name} check in {check_names(report)}"
    return check.detail


class Fetcher:
    """A JWKS fetcher seam that records the URLs asked for."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body
        self.urls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.urls.append(url)
        return json.dumps(self.body).encode()


def test_valid_id_token_passes_every_check(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims("id", now=NOW - 60), key)
    report = verify(token, jwks=jwks_file, token_use="id", **PINNED)
    assert report.valid, report.to_json()
    assert check_names(report) == [
        "size",
        "alg",
        "jwks",
        "kid",
        "signature",
        "exp",
        "nbf",
        "iat",
        "iss",
        "token_use",
        "aud",
    ]
    assert "Expires in 59 min" in detail(report, "exp")
    assert "Issued 1 min ago" in detail(report, "iat")
    assert detail(report, "signature") == "RS256 signature verified with key 'pool-key-1'."
    assert report.to_json()["valid"] is True


def test_valid_access_token_lists_scope_and_groups(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims("access", now=NOW), key)
    report = verify(token, jwks=jwks_file, token_use="access", **PINNED)
    assert report.valid, report.to_json()
    assert check_names(report)[-3:] == ["client_id", "scope", "cognito:groups"]
    assert detail(report, "scope") == "Grants: aws.cognito.signin.user.admin."
    assert detail(report, "cognito:groups") == "Member of: admins, editors."


def test_access_token_without_groups_says_so(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims("access", now=NOW, **{"cognito:groups": None, "scope": None}), key)
    report = verify(token, jwks=jwks_file, token_use="access", **PINNED)
    assert report.valid
    assert detail(report, "cognito:groups") == "In no group."
    assert detail(report, "scope") == "No scope claim."


Build = Callable[[TestKey, TestKey], str]

# (case id, token builder, extra verify arguments, the checks that must fail, phrase in the first)
BATTERY: list[tuple[str, Build, dict[str, Any], list[str], str]] = [
    (
        "expired",
        lambda k, o: f.sign(f.claims(now=NOW - 3780), k),
        {},
        ["exp"],
        "Expired 3 min ago",
    ),
    (
        "nbf-in-future",
        lambda k, o: f.sign(f.claims(now=NOW, nbf=NOW + 300), k),
        {},
        ["nbf"],
        "Not valid yet",
    ),
    (
        "iat-in-future",
        lambda k, o: f.sign(f.claims(now=NOW + 600), k),
        {},
        ["iat"],
        "Issued in the future, in 10 min",
    ),
    (
        "wrong-iss",
        lambda k, o: f.sign(
            f.claims(now=NOW, iss="https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other"),
            k,
        ),
        {},
        ["iss"],
        "comes from another user pool",
    ),
    (
        "wrong-aud",
        lambda k, o: f.sign(f.claims("id", now=NOW, aud=f.OTHER_CLIENT_ID), k),
        {"token_use": "id"},
        ["aud"],
        "issued to another app client",
    ),
    (
        "wrong-client-id",
        lambda k, o: f.sign(f.claims("access", now=NOW, client_id=f.OTHER_CLIENT_ID), k),
        {"token_use": "access"},
        ["client_id"],
        "issued to another app client",
    ),
    (
        "id-token-used-as-access",
        lambda k, o: f.sign(f.claims("id", now=NOW), k),
        {"token_use": "access"},
        ["token_use", "client_id"],
        "an API must take access tokens",
    ),
    (
        "access-token-used-as-id",
        lambda k, o: f.sign(f.claims("access", now=NOW), k),
        {"token_use": "id"},
        ["token_use", "aud"],
        "token_use is 'access' (an access token), expected 'id'",
    ),
    (
        "alg-none",
        lambda k, o: f.unsigned(f.claims(now=NOW), kid=k.kid),
        {},
        ["alg", "signature"],
        "the token says it is unsigned",
    ),
    (
        "hs256-with-public-key-pem",
        lambda k, o: f.hmac_signed(f.claims(now=NOW), k.public_pem, k.kid),
        {},
        ["alg", "signature"],
        "algorithm confusion",
    ),
    (
        "unknown-kid",
        lambda k, o: f.sign(f.claims(now=NOW), o),
        {},
        ["kid", "signature"],
        "kid 'other-key' is not in the JWKS file",
    ),
    (
        "other-key-claiming-our-kid",
        lambda k, o: f.sign(f.claims(now=NOW), o, kid=k.kid),
        {},
        ["signature"],
        "The signature does not match",
    ),
    (
        "payload-tampered",
        lambda k, o: tamper(f.sign(f.claims(now=NOW), k), "sub", "admin"),
        {},
        ["signature"],
        "changed after it was signed",
    ),
    (
        "signature-tampered",
        lambda k, o: f.flip_signature(f.sign(f.claims(now=NOW), k)),
        {},
        ["signature"],
        "The signature does not match",
    ),
    (
        "signature-truncated",
        lambda k, o: f.sign(f.claims(now=NOW), k)[:-40],
        {},
        ["signature"],
        "cut short",
    ),
    (
        "one-megabyte",
        lambda k, o: f.sign(f.claims(now=NOW, padding="x" * 1_000_000), k),
        {},
        ["size"],
        "over the 16 KiB limit",
    ),
    (
        "no-kid",
        lambda k, o: f.sign(f.claims(now=NOW), k, kid=None),
        {},
        ["kid", "signature"],
        "The header names no key (kid)",
    ),
    (
        "no-exp",
        lambda k, o: f.sign(f.claims(now=NOW, exp=None), k),
        {},
        ["exp"],
        "No exp claim",
    ),
    (
        "exp-not-a-number",
        lambda k, o: f.sign(f.claims(now=NOW, exp="tomorrow"), k),
        {},
        ["exp"],
        "exp is not a number",
    ),
    (
        "issuer-not-pinned",
        lambda k, o: f.sign(f.claims(now=NOW), k),
        {"issuer": ""},
        ["iss"],
        "Not pinned",
    ),
    (
        "client-not-pinned",
        lambda k, o: f.sign(f.claims("id", now=NOW), k),
        {"client_id": ""},
        ["aud"],
        "Not pinned",
    ),
]


@pytest.mark.parametrize(
    ("build", "extra", "checks", "phrase"),
    [pytest.param(*case[1:], id=case[0]) for case in BATTERY],
)
def test_battery_each_rejected_by_the_right_check(
    key: TestKey,
    other_key: TestKey,
    jwks_file: str,
    build: Build,
    extra: dict[str, Any],
    checks: list[str],
    phrase: str,
) -> None:
    token = build(key, other_key)
    report = verify(token, jwks=jwks_file, **(PINNED | extra))
    assert not report.valid
    assert not report.malformed
    assert failed(report) == set(checks), report.to_json()
    assert phrase in detail(report, checks[0])


@pytest.mark.parametrize(
    ("build", "phrase"),
    [
        pytest.param(lambda k: f.refresh_jwe(k), "only Cognito can read it", id="jwe"),
        pytest.param(
            lambda k: f.sign(f.claims(), k).rsplit(".", 1)[0], "cut short", id="two-parts"
        ),
        pytest.param(
            lambda k: f.with_segment(f.sign(f.claims(), k), 0, "eyJhbGciOiJSUzI1NiJ9+"),
            "Bad base64url in segment 1 (header)",
            id="bad-base64",
        ),
        pytest.param(
            lambda k: f.with_segment(f.sign(f.claims(), k), 1, f.b64url(b"not json")),
            "segment 2 (payload) is not valid JSON",
            id="payload-not-json",
        ),
        pytest.param(lambda k: "", "Empty input", id="empty"),
    ],
)
def test_not_a_jws_fails_one_format_check(
    key: TestKey, jwks_file: str, build: Callable[[TestKey], str], phrase: str
) -> None:
    report = verify(build(key), jwks=jwks_file, **PINNED)
    assert report.malformed
    assert not report.valid
    assert check_names(report) == ["format"]
    assert phrase in detail(report, "format")


def test_leeway_accepts_small_clock_skew(key: TestKey, jwks_file: str) -> None:
    expired = f.sign(f.claims(now=NOW - 3630), key)  # expired 30 s ago
    future = f.sign(f.claims(now=NOW + 20), key)  # issued 20 s from now
    for token in (expired, future):
        assert not verify(token, jwks=jwks_file, **PINNED).valid
        assert verify(token, jwks=jwks_file, leeway=60, **PINNED).valid
    assert "beyond the 10 s leeway" in detail(
        verify(expired, jwks=jwks_file, leeway=10, **PINNED), "exp"
    )


def test_exp_boundary_is_exclusive(key: TestKey, jwks_file: str) -> None:
    token = f.sign(f.claims(now=NOW - 3600), key)  # exp == NOW
    assert failed(verify(token, jwks=jwks_file, **PINNED)) == {"exp"}
    assert verify(token, jwks=jwks_file, **(PINNED | {"now": NOW - 1})).valid


def test_unpinned_token_use_passes_and_says_what_it_is(key: TestKey, jwks_file: str) -> None:
    report = verify(f.sign(f.claims("access", now=NOW), key), jwks=jwks_file, **PINNED)
    assert report.valid
    assert "an access token (no kind was required" in detail(report, "token_use")
    assert report.check("client_id") is not None


def test_unknown_token_use_fails(key: TestKey, jwks_file: str) -> None:
    report = verify(f.sign(f.claims(now=NOW, token_use="refresh"), key), jwks=jwks_file, **PINNED)
    assert "token_use" in failed(report)
    assert "Cognito's is id or access" in detail(report, "token_use")


def test_ec_key_is_refused(key: TestKey, jwks_path: Path) -> None:
    ec = {"kty": "EC", "kid": key.kid, "crv": "P-256", "x": "AA", "y": "AA", "use": "sig"}
    jwks_path.write_text(json.dumps({"keys": [ec]}))
    report = verify(f.sign(f.claims(now=NOW), key), jwks=str(jwks_path), **PINNED)
    assert failed(report) == {"signature"}
    assert "kty 'EC'" in detail(report, "signature")


def test_encryption_key_is_refused(key: TestKey, jwks_path: Path) -> None:
    jwks_path.write_text(json.dumps({"keys": [key.jwk | {"use": "enc"}]}))
    report = verify(f.sign(f.claims(now=NOW), key), jwks=str(jwks_path), **PINNED)
    assert failed(report) == {"signature"}
    assert "use='enc'" in detail(report, "signature")


def test_hmac_with_unrelated_secret_is_refused_without_calling_it_confusion(
    key: TestKey, jwks_file: str
) -> None:
    token = f.hmac_signed(f.claims(now=NOW), b"some shared secret", key.kid)
    report = verify(token, jwks=jwks_file, **PINNED)
    assert failed(report) == {"alg", "signature"}
    assert "Refused without checking" in detail(report, "signature")


def test_default_jwks_url_comes_from_the_pinned_issuer(key: TestKey) -> None:
    fetch = Fetcher(f.jwks_of(key))
    cache = JwksCache(fetcher=fetch)
    report = verify(f.sign(f.claims(now=NOW), key), cache=cache, **PINNED)
    assert report.valid, report.to_json()
    assert fetch.urls == [f"{f.ISSUER}/.well-known/jwks.json"]
    assert "from the pinned issuer" in detail(report, "jwks")


def test_unpinned_issuer_uses_the_tokens_iss_and_fails_iss(key: TestKey) -> None:
    fetch = Fetcher(f.jwks_of(key))
    cache = JwksCache(fetcher=fetch)
    report = verify(f.sign(f.claims(now=NOW), key), cache=cache, client_id=f.CLIENT_ID, now=NOW)
    assert fetch.urls == [f"{f.ISSUER}/.well-known/jwks.json"]
    assert "from the token's own iss, which is not pinned" in detail(report, "jwks")
    assert failed(report) == {"iss"}
    assert "its keys were fetched from there" in detail(report, "iss")


def test_no_jwks_and_no_iss_fails_jwks(key: TestKey) -> None:
    report = verify(f.sign(f.claims(now=NOW, iss=None), key), client_id=f.CLIENT_ID, now=NOW)
    assert failed(report) == {"jwks", "kid", "signature", "iss"}
    assert "the token has no iss" in detail(report, "jwks")


def test_unreachable_jwks_url_is_a_failed_check_not_an_exception(
    key: TestKey, closed_port_url: str
) -> None:
    report = verify(
        f.sign(f.claims(now=NOW), key), jwks=closed_port_url, cache=JwksCache(), **PINNED
    )
    assert failed(report) == {"jwks", "kid", "signature"}
    assert detail(report, "jwks").startswith(f"Could not fetch the JWKS from {closed_port_url}")
    assert "refused" in detail(report, "jwks").lower()


def test_report_json_shape(key: TestKey, jwks_file: str) -> None:
    report = verify(f.sign(f.claims(now=NOW - 4000), key), jwks=jwks_file, **PINNED)
    data = json.loads(json.dumps(report.to_json()))
    assert set(data) == {"valid", "checks"}
    assert data["valid"] is False
    assert all(set(c) == {"name", "ok", "detail"} for c in data["checks"])
    assert [c["name"] for c in data["checks"] if not c["ok"]] == ["exp"]


def test_unpinned_issuer_with_a_given_jwks_still_fails_iss(key: TestKey, jwks_file: str) -> None:
    report = verify(f.sign(f.claims(now=NOW), key), jwks=jwks_file, client_id=f.CLIENT_ID, now=NOW)
    assert failed(report) == {"iss"}
    assert "a backend must say which user pool it trusts" in detail(report, "iss")
    assert "fetched from there" not in detail(report, "iss")


def test_shared_cache_across_threads_fetches_once(key: TestKey) -> None:
    fetch = Fetcher(f.jwks_of(key))
    cache = JwksCache(fetcher=fetch)
    token = f.sign(f.claims(now=NOW), key)
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda _: verify(token, cache=cache, **PINNED), range(40)))
    assert all(r.valid for r in reports)
    assert fetch.urls == [f"{f.ISSUER}/.well-known/jwks.json"]


@settings(max_examples=300, deadline=None)
@given(
    header=st.dictionaries(
        st.sampled_from(["alg", "kid", "typ", "enc"]),
        st.none() | st.booleans() | st.integers() | st.sampled_from(["RS256", "none", "HS256", ""]),
    ),
    payload=st.dictionaries(
        st.sampled_from(["exp", "iat", "nbf", "iss", "aud", "client_id", "token_use", "scope"]),
        st.none()
        | st.booleans()
        | st.floats()
        | st.integers()
        | st.text(max_size=5)
        | st.lists(st.text(max_size=3)),
    ),
    signature=st.binary(max_size=300),
)
def test_verify_never_raises_on_odd_claims(
    jwks_file: str, header: dict[str, Any], payload: dict[str, Any], signature: bytes
) -> None:
    token = ".".join(
        [
            f.b64url(json.dumps(header).encode()),
            f.b64url(json.dumps(payload).encode()),
            f.b64url(signature),
        ]
    )
    report = verify(token, jwks=jwks_file, **PINNED)
    assert not report.valid
    json.dumps(report.to_json(), allow_nan=False)
