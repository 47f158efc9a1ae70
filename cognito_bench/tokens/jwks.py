"""Fetch and cache a user pool's signing keys (its JWKS), from a URL or a file.

Network and file errors come back as a reason string, never as an exception: the
verifier shows them as a failed check.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cognito_bench.tokens.humantime import span

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "Fetcher",
    "JwksCache",
    "KeyLookup",
    "fetch_url",
    "is_url",
    "jwks_url_for",
]

#: Seconds to wait for a JWKS over the network.
DEFAULT_TIMEOUT = 5.0
#: A JWKS larger than this is refused (Cognito's is under 2 KB).
DEFAULT_MAX_BYTES = 1024 * 1024

#: Fetches a URL and returns the body; may raise anything (it becomes a reason string).
Fetcher = Callable[[str], bytes]


def is_url(source: str) -> bool:
    """True when a JWKS source is an http(s) URL rather than a file path."""
    return source.startswith(("http://", "https://"))


def jwks_url_for(issuer: str) -> str:
    """Where an issuer (a user pool) publishes its keys: ``{iss}/.well-known/jwks.json``."""
    return f"{issuer.rstrip('/')}/.well-known/jwks.json"


def fetch_url(
    url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """GET an http(s) URL with a timeout and a size cap; raises OSError or ValueError.

    Raises:
        ValueError: the URL is not http(s), or the body is larger than ``max_bytes``.
        OSError: the network failed (``urllib.error.URLError`` and ``HTTPError`` included).
    """
    if not is_url(url):
        raise ValueError(f"not an http(s) URL: {url!r}")
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, headers={"Accept": "application/json", "User-Agent": "cognito-bench"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        body: bytes = response.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise ValueError(f"the response is larger than {max_bytes} bytes, too large for a JWKS")
    return body


@dataclass(frozen=True)
class KeyLookup:
    """The outcome of looking a key up.

    Attributes:
        key: the JWK (a dict) whose ``kid`` matched, or None.
        jwks_ok: True when the key set itself could be loaded (so a missing key is an
            unknown ``kid``, not a network or file problem).
        reason: plain English: where the key came from, or why there is none.
        kids: the key ids the set holds (empty when it could not be loaded).
    """

    key: dict[str, Any] | None
    jwks_ok: bool
    reason: str
    kids: tuple[str, ...] = ()


@dataclass
class _Entry:
    keys: list[dict[str, Any]] = field(default_factory=list)
    loaded_at: float = float("-inf")
    attempted_at: float = float("-inf")
    stamp: tuple[int, int] | None = None


class JwksCache:
    """Key sets per source: URLs are cached with a time-to-live, files until they change.

    An unknown ``kid`` (a rotated key) triggers at most one refetch per
    ``refetch_interval`` seconds before failing. Thread-safe: the window verifies off
    the GUI thread.

    Args:
        ttl_seconds: how long a fetched key set is used before it is fetched again.
        refetch_interval: the least time between two fetches of one URL caused by an
            unknown ``kid``.
        fetcher: GETs a URL (default :func:`fetch_url`); the seam for tests.
    """

    def __init__(
        self,
        ttl_seconds: float = 3600,
        refetch_interval: float = 60,
        fetcher: Fetcher | None = None,
    ) -> None:
        self._ttl = ttl_seconds
        self._refetch_interval = refetch_interval
        self._fetch: Fetcher = fetcher or fetch_url
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    def get_key(self, jwks_source: str, kid: str, now: float) -> tuple[dict[str, Any] | None, str]:
        """The JWK with ``kid`` from a URL or file, and a reason (where from, or why none)."""
        found = self.lookup(jwks_source, kid, now)
        return found.key, found.reason

    def clear(self) -> None:
        """Forget every cached key set."""
        with self._lock:
            self._entries.clear()

    def lookup(self, jwks_source: str, kid: str, now: float) -> KeyLookup:
        """Like :meth:`get_key`, telling a failed load apart from an unknown ``kid``."""
        if not jwks_source:
            return KeyLookup(None, False, "No JWKS source: give a JWKS URL or file, or an issuer.")
        with self._lock:
            if is_url(jwks_source):
                return self._lookup_url(jwks_source, kid, now)
            return self._lookup_file(jwks_source, kid)

    def _lookup_url(self, url: str, kid: str, now: float) -> KeyLookup:
        entry = self._entries.setdefault(url, _Entry())
        fresh = now - entry.loaded_at < self._ttl
        if not fresh:
            error = self._load_url(entry, url, now)
            if error and not entry.keys:
                return KeyLookup(None, False, error)
        key = _find(entry.keys, kid)
        if key is None and fresh:
            since = now - entry.attempted_at
            if since >= self._refetch_interval:
                # Cognito rotates keys: a new kid may be published since the last fetch.
                error = self._load_url(entry, url, now)
                if error and not entry.keys:
                    return KeyLookup(None, False, error)
                key = _find(entry.keys, kid)
            else:
                wait = span(self._refetch_interval - since) or "a second"
                return KeyLookup(
                    None,
                    True,
                    f"kid {kid!r} is not in the JWKS at {url} ({_known(entry.keys)}); it was "
                    f"fetched {span(since) or '0 s'} ago, so the next refetch for a rotated key "
                    f"is allowed in {wait}.",
                    _kids(entry.keys),
                )
        if key is None:
            return KeyLookup(
                None,
                True,
                f"kid {kid!r} is not in the JWKS at {url} ({_known(entry.keys)}), even after "
                f"fetching it again: the token was signed by a key this issuer does not publish.",
                _kids(entry.keys),
            )
        return KeyLookup(key, True, f"Key {kid!r} is in the key set at {url}", _kids(entry.keys))

    def _load_url(self, entry: _Entry, url: str, now: float) -> str:
        """Fetch into ``entry``; returns an error (keeping older keys) or ''."""
        entry.attempted_at = now
        try:
            body = self._fetch(url)
        except urllib.error.HTTPError as exc:
            return f"Could not fetch the JWKS from {url}: HTTP {exc.code} {exc.reason}."
        except urllib.error.URLError as exc:
            return f"Could not fetch the JWKS from {url}: {_reason(exc.reason)}."
        except TimeoutError:
            return f"Could not fetch the JWKS from {url}: no answer within the time limit."
        except Exception as exc:  # the fetcher is pluggable: anything it raises is a reason
            return f"Could not fetch the JWKS from {url}: {_reason(exc)}."
        keys, error = _parse(body, url)
        if error:
            return error
        entry.keys = keys
        entry.loaded_at = now
        return ""

    def _lookup_file(self, source: str, kid: str) -> KeyLookup:
        path = Path(source).expanduser()
        try:
            st = path.stat()
            stamp = (st.st_mtime_ns, st.st_size)
            entry = self._entries.get(source)
            if entry is None or entry.stamp != stamp:
                keys, error = _parse(path.read_bytes(), str(path))
                if error:
                    return KeyLookup(None, False, error)
                entry = _Entry(keys=keys, stamp=stamp)
                self._entries[source] = entry
        except OSError as exc:
            return KeyLookup(None, False, f"Cannot read the JWKS file {source}: {_reason(exc)}.")
        key = _find(entry.keys, kid)
        if key is None:
            return KeyLookup(
                None,
                True,
                f"kid {kid!r} is not in the JWKS file {source} ({_known(entry.keys)}): the token "
                f"was signed by a key this file does not hold.",
                _kids(entry.keys),
            )
        return KeyLookup(
            key, True, f"Key {kid!r} is in the key set file {source}", _kids(entry.keys)
        )


def _parse(body: bytes, where: str) -> tuple[list[dict[str, Any]], str]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return [], f"The JWKS at {where} is not JSON."
    if isinstance(data, dict) and isinstance(data.get("keys"), list):
        keys = [k for k in data["keys"] if isinstance(k, dict)]
        return keys, ""
    if isinstance(data, dict) and "kty" in data:
        return [data], ""  # a single JWK rather than a set: accept it
    return [], f'The JWKS at {where} has no "keys" list: it is not a JSON Web Key Set.'


def _find(keys: list[dict[str, Any]], kid: str) -> dict[str, Any] | None:
    for key in keys:
        if key.get("kid") == kid:
            return key
    return None


def _kids(keys: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(str(k.get("kid")) for k in keys)


def _known(keys: list[dict[str, Any]]) -> str:
    if not keys:
        return "it holds no keys"
    return "it holds " + ", ".join(repr(k) for k in _kids(keys))


def _reason(exc: object) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
