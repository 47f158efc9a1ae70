"""JWT decode, JWKS fetch and cache, signature and claim checks, human times.

Plain, synchronous, typed Python: never Qt, never boto3 (an import-linter contract).

Public surface:

- :func:`decode` -> :class:`DecodedToken` (never raises), with :class:`TimeClaim` times.
- :func:`verify` -> :class:`VerificationReport` of :class:`Check` items.
- :class:`JwksCache` (``get_key``/``lookup``), :func:`jwks_url_for`.
- :func:`tamper`, :func:`tamper_lab` -> :class:`TamperResult`.
- :func:`relative`, :func:`local_iso`.
- :func:`diff_tokens` -> :class:`TokenDiff` of :class:`ClaimDiff` rows (claims side by side).

Nothing here raises for a bad token or an unreachable key set; :func:`tamper` raises
``ValueError`` when given something that is not a signed JWT.
"""

from cognito_bench.tokens.decode import DecodedToken, TimeClaim, decode
from cognito_bench.tokens.diff import ClaimDiff, TokenDiff, diff_tokens
from cognito_bench.tokens.humantime import local_iso, relative
from cognito_bench.tokens.jwks import JwksCache, KeyLookup, jwks_url_for
from cognito_bench.tokens.tamper import TamperResult, tamper, tamper_lab
from cognito_bench.tokens.verify import Check, VerificationReport, verify

__all__ = [
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
