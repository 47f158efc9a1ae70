"""Verify a Cognito JWT the way a careful backend must, one named check at a time.

The checks, in order (``name``: what passes):

- ``size``: the token is at most 16 KiB (a backend should refuse bigger input unparsed).
- ``alg``: the header says RS256. The algorithm is our expectation, never the token's
  choice, so ``none`` and HS256 (algorithm confusion) are refused with the reason.
- ``jwks``: the key set loads from ``--jwks``, else ``{issuer}/.well-known/jwks.json``,
  else from the token's own ``iss`` (then the ``iss`` check fails: see below).
- ``kid``: the header names a key that the set holds (one refetch a minute for rotation).
- ``signature``: the RS256 signature verifies with that RSA key (python-jose, algorithms
  pinned to RS256; the JWK's ``kty`` must be RSA).
- ``exp``: now is before ``exp`` + leeway. ``nbf``: now + leeway is not before ``nbf``
  (Cognito sets none). ``iat``: not after now + leeway.
- ``iss``: equals the expected issuer. Not pinned is a failure: the keys would then
  come from wherever the token says, so anyone could mint a token that passes.
- ``token_use``: equals the expected one (``id`` or ``access``); when none is expected,
  either passes and the detail says which it is.
- ``aud`` (ID token) or ``client_id`` (access token): equals the expected app client.
  Not pinned is a failure: a token for any app client of the pool would pass.
- ``scope`` (access tokens) and ``cognito:groups`` (when present, or on access tokens):
  informational, always ok: what the token grants.

A token that is not a JWS at all gets one failed ``format`` check with the decoder's
explanation. ``valid`` means every check passed.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jose import jwk, jws
from jose.exceptions import JOSEError

from cognito_bench.tokens.decode import LARGE_TOKEN_BYTES, DecodedToken, as_epoch, decode
from cognito_bench.tokens.humantime import local_iso, relative
from cognito_bench.tokens.jwks import JwksCache, KeyLookup, is_url, jwks_url_for

__all__ = ["ALGORITHM", "Check", "VerificationReport", "default_cache", "verify"]

#: The only algorithm accepted: Cognito signs its ID and access tokens with RS256.
ALGORITHM = "RS256"
_TOKEN_USES = ("id", "access")
_HMAC = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}


@dataclass(frozen=True)
class Check:
    """One verification step: its name, whether it passed, and why, in plain English."""

    name: str
    ok: bool
    detail: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"name": self.name, "ok": self.ok, "detail": self.detail}


@dataclass(frozen=True)
class VerificationReport:
    """Every check run on one token; ``valid`` when all passed."""

    checks: list[Check] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when every check passed."""
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def malformed(self) -> bool:
        """True when the input is not a signed JWT at all (bad input rather than a bad token)."""
        return any(c.name == "format" for c in self.checks)

    @property
    def failed(self) -> list[Check]:
        """The checks that did not pass."""
        return [c for c in self.checks if not c.ok]

    def check(self, name: str) -> Check | None:
        """The check called ``name``, if it was run."""
        return next((c for c in self.checks if c.name == name), None)

    def to_json(self) -> dict[str, Any]:
        """``{"valid": bool, "checks": [{"name", "ok", "detail"}]}``."""
        return {"valid": self.valid, "checks": [c.to_json() for c in self.checks]}


_default_cache = JwksCache()


def default_cache() -> JwksCache:
    """The process-wide JWKS cache used when ``verify`` is not given one."""
    return _default_cache


def verify(
    token: str,
    *,
    jwks: str = "",
    issuer: str = "",
    client_id: str = "",
    token_use: str | None = None,
    leeway: float = 0,
    now: float | None = None,
    cache: JwksCache | None = None,
) -> VerificationReport:
    """Verify ``token`` check by check; never raises for a bad token or an unreachable JWKS.

    Args:
        token: the token text (cleaned like :func:`~cognito_bench.tokens.decode.decode`).
        jwks: a JWKS URL or file; default ``{issuer}/.well-known/jwks.json``.
        issuer: the expected ``iss``, e.g. ``https://cognito-idp.REGION.amazonaws.com/POOL``.
        client_id: the expected app client (``aud`` of an ID token, ``client_id`` of an
            access token).
        token_use: ``id`` or ``access``; None accepts either.
        leeway: seconds of clock skew allowed on ``exp``, ``nbf`` and ``iat``.
        now: the time to check against (epoch seconds); default the current time.
        cache: where key sets are cached; default :func:`default_cache`.

    Returns:
        A :class:`VerificationReport`.
    """
    decoded = decode(token, with_times=False)
    if decoded.kind != "jws" or decoded.header is None or decoded.payload is None:
        return VerificationReport([Check("format", False, decoded.error)])
    clock = time.time() if now is None else now
    header, claims = decoded.header, decoded.payload
    checks = [_check_size(decoded), _check_alg(header)]

    iss = claims.get("iss")
    source, derived = _jwks_source(jwks, issuer, iss)
    kid = header.get("kid")
    if not source:
        found = KeyLookup(None, False, derived)
    elif isinstance(kid, str) and kid:
        found = (cache or _default_cache).lookup(source, kid, time.time())
    else:
        # Still load the set, so that the jwks check says whether it is reachable.
        found = (cache or _default_cache).lookup(source, "", time.time())
        found = KeyLookup(
            None, found.jwks_ok, found.reason if not found.jwks_ok else "", found.kids
        )
    checks.append(_check_jwks(source, derived, found))
    checks.append(_check_kid(kid, found))
    checks.append(_check_signature(decoded, found.key))
    checks += _check_times(claims, clock, leeway)
    checks.append(_check_iss(iss, issuer, keys_from_token=bool(source) and not (jwks or issuer)))
    use = _resolve_use(claims, token_use)
    checks.append(_check_token_use(claims.get("token_use"), token_use))
    checks.append(_check_client(claims, use, client_id))
    checks += _info(claims, use)
    return VerificationReport(checks)


def _jwks_source(jwks: str, issuer: str, iss: Any) -> tuple[str, str]:
    """The key-set source, and how it was chosen (or why there is none)."""
    if jwks:
        return jwks, ""
    if issuer:
        return jwks_url_for(issuer), "from the pinned issuer"
    if isinstance(iss, str) and is_url(iss):
        return jwks_url_for(iss), "from the token's own iss, which is not pinned"
    if iss is None:
        return "", "No JWKS: none was given, no issuer was pinned, and the token has no iss."
    return (
        "",
        f"No JWKS: none was given, no issuer was pinned, and the token's iss {iss!r} is not a URL.",
    )


def _check_size(decoded: DecodedToken) -> Check:
    n = len(decoded.raw)
    if n > LARGE_TOKEN_BYTES:
        return Check(
            "size",
            False,
            f"{n} characters, over the {LARGE_TOKEN_BYTES // 1024} KiB limit: Cognito's tokens "
            f"are a few KB, and a backend should refuse input this large before parsing it.",
        )
    return Check("size", True, f"{n} characters.")


def _check_alg(header: dict[str, Any]) -> Check:
    alg = header.get("alg")
    if alg == ALGORITHM:
        return Check("alg", True, "RS256, the algorithm Cognito signs with.")
    if not isinstance(alg, str) or not alg:
        return Check("alg", False, "The header names no algorithm; Cognito's always says RS256.")
    if alg.lower() == "none":
        return Check(
            "alg",
            False,
            f"alg is {alg!r}: the token says it is unsigned. Accepting that would let anyone "
            f"write any claims. Cognito always signs with RS256, and the algorithm is pinned to "
            f"RS256 here, never taken from the token.",
        )
    if alg.upper().startswith("HS"):
        return Check(
            "alg",
            False,
            f"alg is {alg!r}, a shared-secret HMAC, but Cognito signs with RS256. A verifier "
            f"that takes the algorithm from the token can be tricked into using the pool's "
            f"public key as the HMAC secret (algorithm confusion), letting anyone forge tokens; "
            f"the algorithm is pinned to RS256 here.",
        )
    return Check(
        "alg", False, f"alg is {alg!r}, but Cognito signs with RS256 and only RS256 is accepted."
    )


def _check_jwks(source: str, derived: str, found: KeyLookup) -> Check:
    if not source:
        return Check("jwks", False, derived)
    if not found.jwks_ok:
        return Check("jwks", False, found.reason)
    how = f" ({derived})" if derived else ""
    count = len(found.kids)
    return Check("jwks", True, f"Loaded {count} key{'s' if count != 1 else ''} from {source}{how}.")


def _check_kid(kid: Any, found: KeyLookup) -> Check:
    if not isinstance(kid, str) or not kid:
        return Check(
            "kid",
            False,
            "The header names no key (kid): Cognito always says which of its keys signed a token.",
        )
    if not found.jwks_ok:
        return Check("kid", False, "Not checked: the key set could not be loaded (see jwks).")
    if found.key is None:
        return Check("kid", False, found.reason)
    return Check("kid", True, f"{found.reason}.")


@functools.lru_cache(maxsize=64)
def _rsa_key(n: str, e: str) -> Any:
    """A python-jose RSA public key for RS256, built once per modulus (building is slow)."""
    return jwk.construct({"kty": "RSA", "n": n, "e": e}, ALGORITHM)


def _check_signature(decoded: DecodedToken, key: dict[str, Any] | None) -> Check:
    alg = decoded.header.get("alg") if decoded.header else None
    if key is None:
        if alg != ALGORITHM:
            return Check("signature", False, _refused(alg, decoded, None))
        return Check("signature", False, "Not checked: there is no key to check it with (see kid).")
    if key.get("kty") != "RSA":
        return Check(
            "signature",
            False,
            f"The key {key.get('kid')!r} has kty {key.get('kty')!r}; Cognito signs with RSA keys, "
            f"and only an RSA key is accepted.",
        )
    if key.get("use", "sig") != "sig" or key.get("alg", ALGORITHM) != ALGORITHM:
        return Check(
            "signature",
            False,
            f"The key {key.get('kid')!r} is published for use={key.get('use')!r}, "
            f"alg={key.get('alg')!r}, not for RS256 signatures.",
        )
    n, e = key.get("n"), key.get("e")
    if not isinstance(n, str) or not isinstance(e, str):
        return Check(
            "signature", False, f"The key {key.get('kid')!r} lacks its RSA numbers n and e."
        )
    try:
        public = _rsa_key(n, e)
    except (JOSEError, ValueError, TypeError) as exc:
        return Check(
            "signature", False, f"The key {key.get('kid')!r} is not a usable RSA key: {exc}."
        )
    if alg != ALGORITHM:
        return Check("signature", False, _refused(alg, decoded, public))
    if not decoded.signature:
        return Check("signature", False, "The token has no signature (its third part is empty).")
    try:
        jws.verify(decoded.raw, public, algorithms=[ALGORITHM])
    except JOSEError:
        size = (public.prepared_key.key_size + 7) // 8
        if len(decoded.signature) != size:
            return Check(
                "signature",
                False,
                f"The signature is {len(decoded.signature)} bytes but this key's are {size}: "
                f"the token was cut short or altered. Trust none of its claims.",
            )
        return Check(
            "signature",
            False,
            "The signature does not match: the header or payload was changed after it was "
            "signed, or another key signed it. Trust none of its claims (not even sub).",
        )
    return Check("signature", True, f"RS256 signature verified with key {key.get('kid')!r}.")


def _refused(alg: Any, decoded: DecodedToken, public: Any) -> str:
    """Why a token signed with another algorithm is refused, naming a confusion forgery."""
    if isinstance(alg, str) and alg.lower() == "none":
        return "Refused: alg 'none' means no signature, and only RS256 is accepted (see alg)."
    digest = _HMAC.get(alg) if isinstance(alg, str) else None
    if digest is not None and public is not None and _hmac_with_public_key(decoded, public, digest):
        return (
            f"Forged by algorithm confusion: the signature is an {alg} HMAC keyed with the pool's "
            f"public key (PEM), which anyone can download. Only RS256 is accepted, so it is refused."
        )
    return f"Refused without checking: the token asks for {alg!r}, and only RS256 is accepted (see alg)."


def _hmac_with_public_key(decoded: DecodedToken, public: Any, digest: Callable[..., Any]) -> bool:
    pems: list[bytes] = []
    for fmt in ("PKCS8", "PKCS1"):
        pem: bytes = public.to_pem(pem_format=fmt)
        pems += [pem, pem.rstrip(b"\n")]
    return any(
        hmac.compare_digest(
            hmac.new(pem, decoded.signing_input, digest).digest(), decoded.signature
        )
        for pem in pems
    )


def _rel(epoch: float, now: float) -> str:
    text = relative(epoch, now)
    return "just now" if text == "now" else text


def _check_times(claims: dict[str, Any], now: float, leeway: float) -> list[Check]:
    skew = f", beyond the {leeway:g} s leeway" if leeway else ""
    checks: list[Check] = []

    exp = as_epoch(claims.get("exp"))
    if "exp" not in claims:
        checks.append(Check("exp", False, "No exp claim: Cognito's tokens always expire."))
    elif exp is None:
        checks.append(Check("exp", False, "exp is not a number of seconds."))
    elif now >= exp + leeway:
        checks.append(Check("exp", False, f"Expired {_rel(exp, now)} ({local_iso(exp)}){skew}."))
    else:
        checks.append(Check("exp", True, f"Expires {_rel(exp, now)} ({local_iso(exp)})."))

    nbf = as_epoch(claims.get("nbf"))
    if "nbf" not in claims:
        checks.append(Check("nbf", True, "No nbf claim (Cognito sets none): valid from issue."))
    elif nbf is None:
        checks.append(Check("nbf", False, "nbf is not a number of seconds."))
    elif now + leeway < nbf:
        checks.append(
            Check(
                "nbf",
                False,
                f"Not valid yet: only from {local_iso(nbf)} ({_rel(nbf, now)}){skew}.",
            )
        )
    else:
        checks.append(Check("nbf", True, f"Valid since {local_iso(nbf)} ({_rel(nbf, now)})."))

    iat = as_epoch(claims.get("iat"))
    if "iat" not in claims:
        checks.append(
            Check("iat", False, "No iat claim: Cognito always says when it issued a token.")
        )
    elif iat is None:
        checks.append(Check("iat", False, "iat is not a number of seconds."))
    elif iat > now + leeway:
        checks.append(
            Check(
                "iat",
                False,
                f"Issued in the future, {_rel(iat, now)} ({local_iso(iat)}){skew}: the issuer's "
                f"clock or this one is wrong, or the token was forged. A leeway allows for clock skew.",
            )
        )
    else:
        checks.append(Check("iat", True, f"Issued {_rel(iat, now)} ({local_iso(iat)})."))
    return checks


def _check_iss(iss: Any, issuer: str, keys_from_token: bool) -> Check:
    if not issuer:
        why = (
            "its keys were fetched from there, and anyone can mint a token naming their own "
            "issuer and publish keys for it"
            if keys_from_token
            else "a backend must say which user pool it trusts"
        )
        return Check(
            "iss",
            False,
            f"Not pinned: the token says iss={iss!r}, but no expected issuer was given; {why}. "
            f"Give the expected issuer (https://cognito-idp.REGION.amazonaws.com/POOL_ID).",
        )
    if iss == issuer:
        return Check("iss", True, f"{iss}, the expected user pool.")
    if iss is None:
        return Check("iss", False, f"No iss claim; expected {issuer}.")
    return Check(
        "iss",
        False,
        f"iss is {iss!r}, expected {issuer!r}: the token comes from another user pool "
        f"(or region, or emulator).",
    )


def _resolve_use(claims: dict[str, Any], expected: str | None) -> str:
    if expected:
        return expected
    actual = claims.get("token_use")
    return actual if isinstance(actual, str) else ""


def _check_token_use(actual: Any, expected: str | None) -> Check:
    kinds = {"id": "an ID token", "access": "an access token"}
    if actual is None:
        return Check("token_use", False, "No token_use claim: Cognito's tokens say id or access.")
    if not isinstance(actual, str):
        return Check("token_use", False, f"token_use is {actual!r}; Cognito's is id or access.")
    if not expected:
        if actual in kinds:
            return Check(
                "token_use",
                True,
                f"{actual!r}: {kinds[actual]} (no kind was required; a backend should pin one).",
            )
        return Check("token_use", False, f"token_use is {actual!r}; Cognito's is id or access.")
    if actual == expected:
        return Check("token_use", True, f"{actual!r}: {kinds.get(actual, actual)}, as expected.")
    hint = (
        " An ID token describes the user for the app; an API must take access tokens."
        if expected == "access" and actual == "id"
        else ""
    )
    return Check(
        "token_use",
        False,
        f"token_use is {actual!r} ({kinds.get(actual, 'unknown')}), expected {expected!r}.{hint}",
    )


def _check_client(claims: dict[str, Any], use: str, client_id: str) -> Check:
    if use == "access" or (use not in _TOKEN_USES and "aud" not in claims):
        name, actual = "client_id", claims.get("client_id")
    else:
        name, actual = "aud", claims.get("aud")
    if not client_id:
        return Check(
            name,
            False,
            f"Not pinned: the token is for app client {actual!r}, but no expected client was "
            f"given, so a token for any app client of the pool would pass.",
        )
    if actual is None:
        other = "client_id" if name == "aud" else "aud"
        hint = (
            f" (it has {other} instead: is it the other kind of token?)" if other in claims else ""
        )
        return Check(name, False, f"No {name} claim{hint}; expected {client_id!r}.")
    if actual == client_id or (isinstance(actual, list) and client_id in actual):
        return Check(name, True, f"{client_id}, the expected app client.")
    return Check(
        name,
        False,
        f"{name} is {actual!r}, expected {client_id!r}: the token was issued to another app client.",
    )


def _info(claims: dict[str, Any], use: str) -> list[Check]:
    checks: list[Check] = []
    if use == "access":
        scope = claims.get("scope")
        detail = f"Grants: {scope}." if isinstance(scope, str) and scope else "No scope claim."
        checks.append(Check("scope", True, detail))
    if use == "access" or "cognito:groups" in claims:
        groups = claims.get("cognito:groups")
        if isinstance(groups, list) and groups:
            detail = "Member of: " + ", ".join(str(g) for g in groups) + "."
        else:
            detail = "In no group."
        checks.append(Check("cognito:groups", True, detail))
    return checks
