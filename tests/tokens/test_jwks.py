"""The JWKS cache: files, real HTTP, time-to-live, one refetch a minute for an unknown kid."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from cognito_bench.tokens import JwksCache, jwks_url_for
from cognito_bench.tokens.jwks import fetch_url
from tests.tokens import factory as f
from tests.tokens.conftest import JwksServer
from tests.tokens.factory import TestKey

T0 = 1_790_000_000.0


class Fetcher:
    """The fetcher seam: serves ``body`` (or raises ``error``) and counts calls."""

    def __init__(self, body: dict[str, Any] | bytes) -> None:
        self.body = body
        self.error: Exception | None = None
        self.calls = 0

    def __call__(self, url: str) -> bytes:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.body if isinstance(self.body, bytes) else json.dumps(self.body).encode()


URL = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool/.well-known/jwks.json"


def test_jwks_url_for() -> None:
    assert jwks_url_for("https://x.example/pool/") == "https://x.example/pool/.well-known/jwks.json"
    assert jwks_url_for(f.ISSUER) == f.ISSUER + "/.well-known/jwks.json"


def test_file_source(key: TestKey, jwks_file: str) -> None:
    cache = JwksCache()
    found, reason = cache.get_key(jwks_file, key.kid, T0)
    assert found == key.jwk
    assert reason == f"Key {key.kid!r} is in the key set file {jwks_file}"
    missing, reason = cache.get_key(jwks_file, "rotated", T0)
    assert missing is None
    assert f"kid 'rotated' is not in the JWKS file {jwks_file} (it holds {key.kid!r})" in reason


def test_file_is_reread_when_it_changes(key: TestKey, other_key: TestKey, jwks_path: Path) -> None:
    cache = JwksCache()
    source = f.write_jwks(jwks_path, key)
    assert cache.get_key(source, other_key.kid, T0)[0] is None
    f.write_jwks(jwks_path, key, other_key)
    st = jwks_path.stat()
    os.utime(jwks_path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert cache.get_key(source, other_key.kid, T0)[0] == other_key.jwk


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (None, "Cannot read the JWKS file"),
        (b"<html>", "is not JSON"),
        (b'{"kid": "x"}', 'has no "keys" list'),
        (b"[]", 'has no "keys" list'),
    ],
)
def test_bad_file_is_a_reason(jwks_path: Path, content: bytes | None, phrase: str) -> None:
    if content is not None:
        jwks_path.write_bytes(content)
    found = JwksCache().lookup(str(jwks_path), "k", T0)
    assert found.key is None
    assert not found.jwks_ok
    assert phrase in found.reason


def test_single_jwk_is_accepted(key: TestKey, jwks_path: Path) -> None:
    jwks_path.write_text(json.dumps(key.jwk))
    assert JwksCache().get_key(str(jwks_path), key.kid, T0)[0] == key.jwk


def test_empty_source() -> None:
    found, reason = JwksCache().get_key("", "k", T0)
    assert found is None
    assert reason.startswith("No JWKS source")


def test_url_is_cached_for_the_ttl(key: TestKey) -> None:
    fetch = Fetcher(f.jwks_of(key))
    cache = JwksCache(ttl_seconds=3600, fetcher=fetch)
    for t in (T0, T0 + 1, T0 + 3599):
        assert cache.get_key(URL, key.kid, t)[0] == key.jwk
    assert fetch.calls == 1
    assert cache.get_key(URL, key.kid, T0 + 3600)[0] == key.jwk
    assert fetch.calls == 2


def test_unknown_kid_refetches_at_most_once_a_minute(key: TestKey, other_key: TestKey) -> None:
    fetch = Fetcher(f.jwks_of(key))
    cache = JwksCache(refetch_interval=60, fetcher=fetch)
    assert cache.get_key(URL, key.kid, T0)[0] is not None
    assert fetch.calls == 1
    found, reason = cache.get_key(URL, other_key.kid, T0 + 10)
    assert found is None
    assert fetch.calls == 1
    assert "fetched 10 s ago" in reason
    assert "next refetch for a rotated key is allowed in 50 s" in reason
    found, reason = cache.get_key(URL, other_key.kid, T0 + 61)
    assert found is None
    assert fetch.calls == 2
    assert "even after fetching it again" in reason
    assert cache.get_key(URL, other_key.kid, T0 + 62)[0] is None
    assert fetch.calls == 2


def test_rotated_key_is_found_by_the_refetch(key: TestKey, other_key: TestKey) -> None:
    fetch = Fetcher(f.jwks_of(key))
    cache = JwksCache(fetcher=fetch)
    assert cache.get_key(URL, key.kid, T0)[0] is not None
    fetch.body = f.jwks_of(key, other_key)  # Cognito published a new key
    assert cache.get_key(URL, other_key.kid, T0 + 120)[0] == other_key.jwk
    assert fetch.calls == 2


def test_fetch_error_is_a_reason_and_old_keys_are_kept(key: TestKey) -> None:
    fetch = Fetcher(f.jwks_of(key))
    cache = JwksCache(ttl_seconds=100, fetcher=fetch)
    fetch.error = OSError(101, "Network is unreachable")
    found = cache.lookup(URL, key.kid, T0)
    assert (found.key, found.jwks_ok) == (None, False)
    assert found.reason == f"Could not fetch the JWKS from {URL}: Network is unreachable."
    fetch.error = None
    assert cache.get_key(URL, key.kid, T0 + 1)[0] is not None
    fetch.error = RuntimeError("boom")
    # Past the TTL the refetch fails, but the keys already fetched still serve.
    assert cache.get_key(URL, key.kid, T0 + 500)[0] == key.jwk


def test_clear_forgets(key: TestKey) -> None:
    fetch = Fetcher(f.jwks_of(key))
    cache = JwksCache(fetcher=fetch)
    cache.get_key(URL, key.kid, T0)
    cache.clear()
    cache.get_key(URL, key.kid, T0)
    assert fetch.calls == 2


def test_real_http_fetch_and_cache(key: TestKey, jwks_server: JwksServer) -> None:
    url = jwks_server.set("/pool/.well-known/jwks.json", f.jwks_of(key))
    cache = JwksCache()
    assert cache.get_key(url, key.kid, T0) == (
        key.jwk,
        f"Key {key.kid!r} is in the key set at {url}",
    )
    assert cache.get_key(url, key.kid, T0 + 5)[0] == key.jwk
    assert jwks_server.hits == ["/pool/.well-known/jwks.json"]


def test_real_http_errors_are_reasons(jwks_server: JwksServer, closed_port_url: str) -> None:
    cache = JwksCache()
    found, reason = cache.get_key(jwks_server.url("/missing"), "k", T0)
    assert found is None
    assert reason.endswith(": HTTP 404 Not Found.")
    url = jwks_server.set("/html", b"<html>Sign in</html>")
    assert cache.get_key(url, "k", T0)[1] == f"The JWKS at {url} is not JSON."
    found, reason = cache.get_key(closed_port_url, "k", T0)
    assert found is None
    assert reason == f"Could not fetch the JWKS from {closed_port_url}: Connection refused."


def test_size_cap(jwks_server: JwksServer) -> None:
    url = jwks_server.set("/big", b" " * 2048)
    with pytest.raises(ValueError, match="larger than 1024 bytes"):
        fetch_url(url, max_bytes=1024)
    assert fetch_url(url, max_bytes=4096) == b" " * 2048


def test_timeout() -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection in the kernel, never answers
        port = silent.getsockname()[1]
        cache = JwksCache(fetcher=lambda url: fetch_url(url, timeout=0.2))
        found, reason = cache.get_key(f"http://127.0.0.1:{port}/jwks.json", "k", T0)
    assert found is None
    assert "timed out" in reason or "no answer within the time limit" in reason


def test_fetch_url_refuses_other_schemes() -> None:
    with pytest.raises(ValueError, match="not an http"):
        fetch_url("file:///etc/passwd")
