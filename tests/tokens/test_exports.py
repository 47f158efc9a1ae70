"""The public surface of `cognito_bench.tokens`: the window and the CLI code against these names."""

from __future__ import annotations

import dataclasses
import inspect

import cognito_bench.tokens as tokens
from cognito_bench.tokens import DecodedToken, JwksCache, TimeClaim, verify


def test_exported_members() -> None:
    assert sorted(tokens.__all__) == [
        "Check",
        "ClaimDiff",
        "DecodedToken",
        "JwksCache",
        "KeyLookup",
        "TamperResult",
        "TimeClaim",
        "TokenDiff",
        "VerificationReport",
        "decode",
        "diff_tokens",
        "jwks_url_for",
        "local_iso",
        "relative",
        "tamper",
        "tamper_lab",
        "verify",
    ]
    for name in tokens.__all__:
        assert getattr(tokens, name).__module__.startswith("cognito_bench.tokens.")


def test_field_names() -> None:
    decoded = [f.name for f in dataclasses.fields(DecodedToken)]
    assert decoded[:8] == [
        "raw",
        "kind",
        "header",
        "payload",
        "signature_present",
        "notes",
        "error",
        "times",
    ]
    assert [f.name for f in dataclasses.fields(TimeClaim)] == ["name", "epoch", "iso", "relative"]


def test_signatures() -> None:
    params = inspect.signature(verify).parameters
    assert list(params) == [
        "token",
        "jwks",
        "issuer",
        "client_id",
        "token_use",
        "leeway",
        "now",
        "cache",
    ]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in list(params.values())[1:])
    cache = inspect.signature(JwksCache).parameters
    assert list(cache) == ["ttl_seconds", "refetch_interval", "fetcher"]
    assert (cache["ttl_seconds"].default, cache["refetch_interval"].default) == (3600, 60)
    assert list(inspect.signature(JwksCache.get_key).parameters) == [
        "self",
        "jwks_source",
        "kid",
        "now",
    ]
